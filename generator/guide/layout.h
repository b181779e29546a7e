/*
 * layout: blocks into a vertical list, and the list into pages.
 *
 * A flow is a list of items, each a box of a fixed height with its drawing
 * ops (y from the box top) or a glue of vertical space.  Typesetting rules
 * are expressed as "keep": no page break after an item that keeps with the
 * next.  Paragraphs keep their first two and last two lines together (no
 * orphans, no widows), headings keep with what follows, a boxed list keeps
 * whole.  lay_paginate fills pages (optionally in columns) greedily by chunks of
 * kept items; a chunk taller than a page is broken where it must be.
 *
 * Everything lives in the layout's arena.
 */
#ifndef QBOOK_LAYOUT_H
#define QBOOK_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "bank/md.h"
#include "base/mem.h"
#include "guide/typeset.h"

/* The look of the guide: the theme's pdf section and the paper. */
struct pdfstyle {
	struct families	 fam;
	float		 size;		/* body text size */
	float		 leading;	/* body baseline distance */
	uint32_t	 text, accent, muted, tint, rule, flag;
	float		 page_w, page_h;
	float		 top, bottom, left, right;	/* margins */
};

enum vkind { V_BOX, V_GLUE, V_BREAK };

struct vitem {
	enum vkind	 kind;
	float		 h;		/* height; for glue the space */
	int		 keep;		/* no page break after this item */
	struct op	*ops;
	size_t		 nops;
	float		 base;		/* baseline of a text line, else 0 */
	long		 repeat;	/* table header to repeat above, or -1 */
	int		 mark;		/* running-head section from here, or -1 */
	int		 plain;		/* the page with this item has no header */
	int		 span;		/* spans all columns (a heading above them) */
};

struct layout {
	struct fontset		*fs;
	struct arena		*a;
	const struct pdfstyle	*st;
	struct vitem		*v;
	size_t			 n, cap;
	/* Anchor of a question id (for q: links), or -1; its number
	 * ("4.12") into num.  A q: link's text is followed by where it
	 * leads (" (4.12, p. 87)") unless bare_qlinks is set (a table
	 * whose rows say where each question is). */
	int			(*qanchor)(void *ctx, const char *id, char *num, size_t size);
	void			*ctx;
	/* Digits as wide as any page number a q: link may cite ("000"), and
	 * the words before and after it ("p.\u00a0", ""). */
	const char		*page_room;
	const char		*page_before, *page_after;
	int			 bare_qlinks;
	/* The bank's image id (an MDN_IMAGE's image): its natural size in
	 * points (*w, *h; returns -1 for none), and the document's image of
	 * it drawn w by h points (or -1, reported).  NULL: images show their
	 * description. */
	int			(*image_size)(void *ctx, int id, float *w, float *h);
	int			(*image_draw)(void *ctx, int id, float w, float h);
};

/* An item of the flow on a page: its ops are drawn moved by (dx, dy). */
struct placed {
	size_t		 item;		/* index in the layout's items */
	float		 dx, dy;
};

/*
 * A page refers to the items placed on it rather than copying their ops, so
 * a long guide holds each op once.  ops are the page's own (running heads
 * and folios), drawn after the items.
 */
struct lpage {
	struct placed	*at;
	size_t		 nat, capat;
	struct op	*ops;		/* y from the top of the page */
	size_t		 nops, cap;
	int		 mark, plain;
};

/* Every op of page pg in drawing order, in page coordinates, into a
 * malloc'd array (*ops, *n); free it. */
void	 lpage_ops(const struct layout *L, const struct lpage *pg, struct op **ops,
	    size_t *n);
/* Call fn with every DEST op of page pg, in page coordinates. */
void	 lpage_dests(const struct layout *L, const struct lpage *pg,
	    void (*fn)(void *ctx, const struct op *o), void *ctx);
/* Free what pg holds. */
void	 lpage_free(struct lpage *pg);

/* Flow building. */
struct vitem *lay_box(struct layout *L, float h, int keep);
void	 lay_glue(struct layout *L, float h, int keep);
void	 lay_pagebreak(struct layout *L);
struct op *lay_op(struct layout *L, struct vitem *v, enum op_kind kind);

/* typeset_ops with the strings moved into the layout's arena. */
float	 lay_text_arena(struct layout *L, int role, float size, uint32_t color, float x,
	    float y, const char *s, size_t len, struct op **ops, size_t *n, size_t *cap);

/* Draw s on one line into v (fallback faces included); returns its width. */
float	 lay_text(struct layout *L, struct vitem *v, int role, float size,
	    uint32_t color, float x, float y, const char *s, size_t len);

/* Typeset spans as lines at x (width from ps) with baseline distance
 * leading; keep_all keeps every line with the next.  Returns the index
 * of the first line item (L->n when there was no text). */
size_t	 lay_spans(struct layout *L, const struct span *sp, size_t n,
	    const struct pstyle *ps, float x, float leading, int keep_all);

/* A Markdown tree at x, width w, in body text. */
void	 lay_markdown(struct layout *L, const struct md_node *blocks, float x, float w);

/* Inline Markdown as spans in role at size and colour (appended to *sp). */
void	 lay_md_spans(struct layout *L, const struct md_node *inl, int role, float size,
	    uint32_t color, struct span **sp, size_t *n, size_t *cap);

/*
 * Fill pages from items [from, to) of the flow: frames of height
 * st->page_h - top - bottom in ncols columns of width colw separated by
 * gap.  Pages are appended to *pages.
 */
void	 lay_paginate(struct layout *L, size_t from, size_t to, int ncols, float colw,
	    float gap, struct lpage **pages, size_t *npages, size_t *cap);

#endif
