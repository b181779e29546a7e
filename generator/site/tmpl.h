/*
 * tmpl: theme templates; the only user of libxml2.
 *
 * A template is well-formed HTML with a few data-* directives (documented in
 * themes/README.md): data-text, data-html, data-each, data-if, data-unless
 * and data-attr-NAME.  It is parsed once and compiled into a flat program of
 * literal byte runs and value slots, so rendering a page is a sequence of
 * memcpy and escape calls, with no DOM copy per page.  Text values are
 * escaped for their context (element content or attribute) by construction.
 */
#ifndef QBOOK_TMPL_H
#define QBOOK_TMPL_H

#include "base/buf.h"
#include "base/diag.h"
#include "site/view.h"

struct tmpl;

/* Set up libxml2; call once before any tmpl_parse. */
void	 tmpl_init(void);
void	 tmpl_shutdown(void);

/*
 * Compile the template text[0..len) (named shown in diagnostics; the theme
 * reads the file).  A full document (starting with <!DOCTYPE html>) is
 * rendered whole; any other text is a fragment: the contents of its body.
 * Returns NULL after reporting problems to d.
 */
struct tmpl *tmpl_parse(const char *text, size_t len, const char *shown, struct diags *d);
void	 tmpl_free(struct tmpl *t);

/*
 * Call fn with each value name t uses (data-text, data-html, data-each,
 * data-if, data-unless, data-attr-*), the line of its element, and the
 * lists (data-each names) it lies in, outermost first.  For checking the
 * names against what qbook sets (site.c).
 */
typedef void (*tmpl_name_fn)(void *ctx, const char *name, int line,
	    const char *const *lists, size_t nlists);
void	 tmpl_names(const struct tmpl *t, tmpl_name_fn fn, void *ctx);

/* Append the template rendered with view v to out. */
void	 tmpl_render(const struct tmpl *t, const struct view *v, struct buf *out);

/*
 * Make an HTML fragment from Markdown with raw HTML (unsafe_html) safe to
 * publish: script-like elements, on* handlers and javascript:, vbscript:,
 * data: and file: URLs are removed; the rest is re-serialized, in place.
 */
void	 tmpl_sanitize(struct buf *html);

/* Escape s[0..len) for HTML text (attr = 0) or a double-quoted attribute. */
void	 tmpl_escape(struct buf *out, const char *s, size_t len, int attr);

#endif
