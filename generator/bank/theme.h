/*
 * theme: finding, loading, extending and validating a theme.
 *
 * A theme is a directory: theme.yaml (name, description, extends, and a
 * pdf: section of fonts, size and colours), templates/ (the site's HTML
 * templates, one file per page kind) and static/ (files copied into the
 * site's assets/).  A theme may extend another (extends: NAME, a sibling
 * directory); a template or static file it lacks comes from the theme it
 * extends, and its pdf: values win over that theme's.  See themes/README.md.
 *
 * The site compiles the templates (site.h) and copies the static files;
 * the guide takes the pdf: values (guide.h).  The theme itself reads files
 * only: it knows nothing of either output.
 */
#ifndef QBOOK_THEME_H
#define QBOOK_THEME_H

#include <stddef.h>

#include "base/diag.h"

struct bank;
struct theme;

/* The templates every theme has (itself or through the theme it extends). */
enum theme_template {
	THEME_LAYOUT, THEME_HOME, THEME_CATEGORY, THEME_QUESTION, THEME_PAGE,
	THEME_CONCEPTS, THEME_QUESTIONS, THEME_SEARCH, THEME_PRACTICE, THEME_404,
	THEME_NTEMPLATES
};

/* The pdf: keys; a value is NULL when no theme of the chain sets it. */
enum theme_pdf {
	THEME_BODY_FONT, THEME_SANS_FONT, THEME_MONO_FONT, THEME_FALLBACK_FONT,
	THEME_FONT_SIZE,	/* points, 7 to 14 */
	THEME_TEXT, THEME_ACCENT, THEME_MUTED, THEME_TINT, THEME_RULE,
	THEME_FLAG,		/* colours, "#rrggbb" */
	THEME_NPDF
};

/*
 * The directory of theme name for bank b: a name containing '/' is a path;
 * otherwise NAME in the first of: themes/ inside the content directory,
 * themes/ beside it, themes/ in the working directory, the user's
 * ($XDG_DATA_HOME/qbook/themes, by default ~/.local/share/qbook/themes),
 * the installed ones (../share/qbook/themes from the program's directory)
 * and, for a program run from its build directory in qbook's source tree,
 * that tree's themes/.  "default", found in none of them, is the one built
 * into qbook (bank/builtin.h), shown as "(built in)".  Returns a malloc'd path, or NULL after reporting (against
 * qbook.yaml) that there is none.
 */
char	*theme_find(const struct bank *b, const char *name, struct diags *d);

/*
 * Call fn with each directory theme_find looks in, in order, for the bank
 * in content directory root (those that cannot be known, such as the
 * user's without $HOME, are left out).
 */
void	 theme_places(const char *root, void (*fn)(void *ctx, const char *dir),
	    void *ctx);

/*
 * Load the theme in directory dir (shown in diagnostics as given) and the
 * themes it extends, checking theme.yaml and that every template exists.
 * Problems go to d: a theme that had any must not be used, but is returned
 * (so that its templates can be checked too) unless a template is missing,
 * when it is NULL.
 */
struct theme *theme_load(const char *dir, struct diags *d);
void	 theme_free(struct theme *th);
/* The i-th directory of th's chain (0: th's own, then the theme it
 * extends ...), as found; NULL past the end.  The built-in theme's is
 * "(built in)", which is no directory. */
const char *theme_dir(const struct theme *th, size_t i);

/* The file name of template t ("question.html"); the path of the file that
 * defines it in th (the first theme of the chain that has it), for
 * messages; and its text (*len bytes, NUL-terminated). */
const char *theme_template_name(enum theme_template t);
const char *theme_template_path(const struct theme *th, enum theme_template t);
const char *theme_template_text(const struct theme *th, enum theme_template t,
	    size_t *len);

/* The static files: how many, and the name and bytes of the i-th. */
size_t	 theme_nassets(const struct theme *th);
void	 theme_asset(const struct theme *th, size_t i, const char **name,
	    const char **data, size_t *len);

/* The value of a pdf: key, checked, or NULL. */
const char *theme_pdf(const struct theme *th, enum theme_pdf key);
/* The same, and where it was set (the theme.yaml, line and column). */
const char *theme_pdf_at(const struct theme *th, enum theme_pdf key, const char **file,
	    int *line, int *col);

#endif
