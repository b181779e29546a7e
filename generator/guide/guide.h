/*
 * guide: stage 4b.  The typeset PDF hiring guide and its handouts.
 *
 * A guide is a selection of questions (the whole bank, a handout defined in
 * qbook.yaml, a --select filter, a --random packet) laid out as a book:
 * cover, contents, front matter from the free pages (full guide only),
 * one chapter per category, a scorecard (handouts), the cross-index and
 * the question matrix.  Each part is drawn as soon as it is laid out (a
 * chapter at a time), so memory grows little with the guide's length; what
 * depends on later pages waits for the end: links become annotations once
 * every anchor's page is known, the contents are laid out last and inserted
 * after the cover, and running heads and folios ("Page n of N") are added
 * to each page once N is known.
 */
#ifndef QBOOK_GUIDE_H
#define QBOOK_GUIDE_H

#include <stddef.h>

#include "base/buf.h"
#include "guide/layout.h"

struct bank;
struct diags;
struct guide_def;
struct question;
struct theme;

struct guide_sel {
	const char	 *name;		/* file stem: "guide" or a handout name */
	const char	 *title;	/* handout title, or NULL for the full guide */
	int		  handout;	/* no free pages; a scorecard */
	struct question	**qs;		/* the selection, in bank order */
	size_t		  nq;
};

/* The default look for paper "a4" or "letter". */
void	 guide_style_default(struct pdfstyle *st, const char *paper);
/* Apply theme th's pdf: settings (fonts, size, colours) to st. */
void	 guide_style_theme(struct pdfstyle *st, const struct theme *th);

/* Every question of the bank: the full guide. */
void	 guide_select_all(const struct bank *b, struct guide_sel *out);

/* The questions a handout definition names. */
void	 guide_select_def(const struct bank *b, const struct guide_def *g,
	    struct guide_sel *out);

/*
 * Narrow out by a filter "KEY=VALUE[,VALUE...][;KEY=...]" with KEY one of
 * category, tag, level, round, kind.  Returns 0, or -1 after a usage error.
 */
int	 guide_filter(const struct bank *b, const char *expr, struct guide_sel *out);

/* Keep n questions drawn reproducibly with seed (bank order kept). */
void	 guide_random(struct guide_sel *out, size_t n, unsigned long long seed);

void	 guide_sel_free(struct guide_sel *s);

/*
 * Report each character of m[0..n) (the misses of one or more guides, in
 * any order; sorted in place) once, as a warning at the first place it is
 * written in the first of its files (line 0 when the file does not hold it
 * as written, e.g. as an entity; qbook.yaml's when no file is named).
 */
void	 guide_report_misses(const struct bank *b, struct miss *m, size_t n,
	    struct diags *d);

/*
 * qbook check's share of the guide: every text of b that a guide draws
 * (titles, summaries, terms, every body as written) measured in
 * body text, and each character no installed font can draw reported as
 * guide_report_misses does, so that a bank check passes with --strict
 * builds with it.  Returns 0, or -1 after reporting a system error.
 */
int	 guide_check_glyphs(const struct bank *b, const struct pdfstyle *st,
	    struct diags *d);

/* Typeset sel into a PDF appended to out (*pages pages); name is the
 * PDF's, for messages.  The characters no installed font could draw are
 * *misses (malloc'd, *nmisses of them, see fontset_misses; NULL when the
 * guide could not be begun).  Returns 0, or -1 after reporting a system
 * error. */
int	 guide_build(const struct bank *b, const struct pdfstyle *st,
	    const struct guide_sel *sel, const char *name, struct buf *out,
	    size_t *pages, struct miss **misses, size_t *nmisses);

#endif
