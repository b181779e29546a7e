/*
 * site: stage 4a.  The static study site: every page of a checked bank
 * rendered through the theme's templates into OUT/site/, plus the theme's
 * static files, the search index, the practice data, robots.txt and (with
 * base_url) sitemap.xml.  All links are relative, so the site works from
 * file:// and from any sub-path of a server.
 */
#ifndef QBOOK_SITE_H
#define QBOOK_SITE_H

#include "diag.h"

struct bank;
struct theme;

/*
 * Load and compile the theme in directory theme_dir (shown in diagnostics
 * as given).  Returns NULL after reporting problems to d.
 */
struct theme *theme_load(const char *theme_dir, struct diags *d);
void	 theme_free(struct theme *t);

struct pdfstyle;
/* Apply the theme's pdf: settings (fonts, size, colours) to st. */
void	 theme_pdfstyle(const struct theme *t, struct pdfstyle *st);

struct out;
/*
 * Write the site of bank b with theme t through o (whose prefix places it).
 * Returns 0, or -1 after printing why a file may not be written.
 */
int	 site_build(const struct bank *b, const struct theme *t, struct out *o);

#endif
