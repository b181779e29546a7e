/*
 * site: stage 4a.  The static study site: every page of a checked bank
 * rendered through the theme's templates into OUT/site/, plus the theme's
 * static files, the search index, the practice data, robots.txt and (with
 * base_url) sitemap.xml.  All links are relative, so the site works from
 * file:// and from any sub-path of a server.
 */
#ifndef QBOOK_SITE_H
#define QBOOK_SITE_H

#include "base/diag.h"

struct bank;
struct out;
struct site;
struct site_memo;
struct theme;

/*
 * The site's side of theme th (which must outlive it): its templates,
 * compiled (the paths in diagnostics as the theme found them).  NULL after
 * reporting problems to d.
 */
struct site *site_new(const struct theme *th, struct diags *d);
void	 site_free(struct site *s);

/*
 * Write the site of bank b through o (whose prefix places it): every page,
 * then the theme's static files under assets/.  With a memo (or NULL), a
 * question page whose inputs are those of the memo's last build (the same
 * bank outline and templates, model.h, and the same body) is not rendered
 * again: its bytes, and its records in the data scripts, come from the
 * memo, which then holds this build's.  The output is the same either way.
 * Returns 0, or -1 after printing why a file may not be written.
 */
int	 site_build(const struct site *s, const struct bank *b, struct out *o,
	    struct site_memo *memo);

/* Pages kept from one build to the next (qbook serve). */
struct site_memo *site_memo_new(void);
void	 site_memo_free(struct site_memo *m);
/* Question pages the memo's last build rendered, and those it kept. */
void	 site_memo_counts(const struct site_memo *m, size_t *rendered, size_t *kept);

#endif
