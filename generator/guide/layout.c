/*
 * layout: Markdown blocks to items, items to pages.
 */
#include "guide/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/utf8.h"

#define MAX_INDENT_DEPTH	6	/* deeper lists and quotes stop indenting */
#define CODE_SCALE		0.84f	/* monospace beside the serif */
#define TAB_STOP		4

static void blocks(struct layout *L, const struct md_node *n, float x, float w,
    int depth, int tight);

/* --- items ------------------------------------------------------------------ */

static struct vitem *
push_item(struct layout *L, enum vkind kind, float h, int keep)
{
	struct vitem *v;

	GROW(L->v, L->cap, L->n + 1);
	v = &L->v[L->n++];
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->h = h;
	v->keep = keep;
	v->repeat = -1;
	v->mark = -1;
	return v;
}

struct vitem *
lay_box(struct layout *L, float h, int keep)
{
	return push_item(L, V_BOX, h, keep);
}

void
lay_glue(struct layout *L, float h, int keep)
{
	push_item(L, V_GLUE, h, keep);
}

void
lay_pagebreak(struct layout *L)
{
	push_item(L, V_BREAK, 0, 0);
}

struct op *
lay_op(struct layout *L, struct vitem *v, enum op_kind kind)
{
	struct op *ops = arena_array(L->a, v->nops + 1, sizeof(*ops)), *o;

	if (v->nops)
		memcpy(ops, v->ops, v->nops * sizeof(*ops));
	v->ops = ops;
	o = &ops[v->nops++];
	o->kind = kind;
	o->target = -1;
	return o;
}

/* Copy n ops from src to dst, moved by (dx, dy). */
static void
shift_ops(struct op *dst, const struct op *src, size_t n, float dx, float dy)
{
	for (size_t i = 0; i < n; i++) {
		dst[i] = src[i];
		dst[i].x += dx;
		dst[i].y += dy;
	}
}

/* Append n ops, moved by (dx, dy), to the growable array *v. */
static void
move_ops(struct op **v, size_t *nv, size_t *cap, const struct op *ops, size_t n, float dx,
    float dy)
{
	GROW(*v, *cap, *nv + n);
	shift_ops(*v + *nv, ops, n, dx, dy);
	*nv += n;
}

/* Item i's ops gain one more, without the copy per op of lay_op. */
static void
add_ops(struct layout *L, struct vitem *v, const struct op *ops, size_t n, float dx,
    float dy)
{
	struct op *all = arena_array(L->a, v->nops + n + 1, sizeof(*all));

	if (v->nops)
		memcpy(all, v->ops, v->nops * sizeof(*all));
	shift_ops(all + v->nops, ops, n, dx, dy);
	v->ops = all;
	v->nops += n;
}

/* A fresh item takes a typeset line's ops (already in the layout's arena)
 * as they are, moved to (dx, dy): no copy for the commonest item. */
static void
adopt_ops(struct vitem *v, struct tline *line, float dx, float dy)
{
	for (size_t i = 0; i < line->nops; i++) {
		line->ops[i].x += dx;
		line->ops[i].y += dy;
	}
	v->ops = line->ops;
	v->nops = line->nops;
}

float
lay_text_arena(struct layout *L, int role, float size, uint32_t color, float x, float y,
    const char *s, size_t len, struct op **ops, size_t *n, size_t *cap)
{
	size_t first = *n;
	float w = typeset_ops(L->fs, role, size, color, x, y, s, len, ops, n, cap);

	for (size_t k = first; k < *n; k++) {
		char *t = arena_strndup(L->a, (*ops)[k].s, (*ops)[k].len);

		free((void *)(*ops)[k].s);
		(*ops)[k].s = t;
	}
	return w;
}

float
lay_text(struct layout *L, struct vitem *v, int role, float size, uint32_t color,
    float x, float y, const char *s, size_t len)
{
	struct op *ops = NULL;
	size_t n = 0, cap = 0;
	float w = lay_text_arena(L, role, size, color, x, y, s, len, &ops, &n, &cap);

	add_ops(L, v, ops, n, 0, 0);
	free(ops);
	return w;
}

/* --- paragraphs --------------------------------------------------------------- */

size_t
lay_spans(struct layout *L, const struct span *sp, size_t n, const struct pstyle *ps,
    float x, float leading, int keep_all)
{
	struct tline *lines;
	size_t nl = typeset_para(L->fs, sp, n, ps, L->a, &lines), first = L->n;

	for (size_t i = 0; i < nl; i++) {
		/* Orphans and widows: keep the first two and the last two
		 * lines together. */
		int keep = keep_all || i == 0 || i + 2 == nl;
		struct vitem *v;
		float base = leading * 0.76f;

		if (i + 1 == nl)
			keep = keep_all;
		v = lay_box(L, leading, keep);
		v->base = base;
		adopt_ops(v, &lines[i], x, base);
	}
	return first;
}

/* --- inline Markdown ---------------------------------------------------------- */

struct istate {
	int		 role;
	float		 size;
	uint32_t	 color;
	int		 target;
	const char	*uri;
	int		 strike;
	int		 code;
};

static int
role_with(int role, int bold, int italic)
{
	if (role >= R_SANS && role <= R_SANSITALIC)
		return bold ? R_SANSBOLD : italic ? R_SANSITALIC : R_SANS;
	if (role >= R_MONO)
		return bold ? R_MONOBOLD : R_MONO;
	if (role == R_BOLD || role == R_BOLDITALIC)
		bold = 1;
	if (role == R_ITALIC || role == R_BOLDITALIC)
		italic = 1;
	return bold && italic ? R_BOLDITALIC : bold ? R_BOLD : italic ? R_ITALIC : R_BODY;
}

static void
add_span(const struct istate *s, const char *text, int hard, struct span **sp, size_t *n,
    size_t *cap)
{
	struct span *x;

	GROW(*sp, *cap, *n + 1);
	x = &(*sp)[(*n)++];
	memset(x, 0, sizeof(*x));
	x->role = s->role;
	x->size = s->size;
	x->color = s->color;
	x->target = s->target;
	x->uri = s->uri;
	x->strike = s->strike;
	x->code = s->code;
	x->hard_break = hard;
	x->text = text ? text : "";
	x->len = text ? strlen(text) : 0;
}

/* After a q: link's text, where it leads in the guide: " (4.12, p. 87)",
 * linked too.  The page is known only once the guide is laid out, so its
 * number keeps room here (L->page_room) and is drawn then (OP_PAGEREF). */
static void
page_reference(struct layout *L, const struct istate *s, const char *num, struct span **sp,
    size_t *cnt, size_t *cap)
{
	char text[80];

	snprintf(text, sizeof(text), "\xc2\xa0(%s, %s", num,
	    L->page_before ? L->page_before : "p.\xc2\xa0");
	add_span(s, arena_strdup(L->a, text), 0, sp, cnt, cap);
	add_span(s, L->page_room ? L->page_room : "000", 0, sp, cnt, cap);
	(*sp)[*cnt - 1].pageref = s->target + 1;
	(*sp)[*cnt - 1].code = 1;
	snprintf(text, sizeof(text), "%s)", L->page_after ? L->page_after : "");
	add_span(s, arena_strdup(L->a, text), 0, sp, cnt, cap);
}

static void
inlines(struct layout *L, const struct md_node *n, struct istate s,
    struct span **sp, size_t *cnt, size_t *cap)
{
	for (; n != NULL; n = n->next) {
		struct istate c = s;

		switch (n->type) {
		case MDN_TEXT:
			add_span(&s, n->text, 0, sp, cnt, cap);
			break;
		case MDN_CODESPAN:
			c.role = role_with(R_MONO, s.role == R_BOLD || s.role == R_SANSBOLD, 0);
			c.size = s.size * CODE_SCALE;
			c.code = 1;
			if (s.target < 0 && s.uri == NULL)
				c.color = L->st->text;
			add_span(&c, n->text, 0, sp, cnt, cap);
			break;
		case MDN_SOFTBREAK:
			add_span(&s, " ", 0, sp, cnt, cap);
			break;
		case MDN_LINEBREAK:
			add_span(&s, NULL, 1, sp, cnt, cap);
			break;
		case MDN_EMPH:
			c.role = role_with(s.role, 0, 1);
			inlines(L, n->child, c, sp, cnt, cap);
			break;
		case MDN_STRONG:
			c.role = role_with(s.role, 1, 0);
			inlines(L, n->child, c, sp, cnt, cap);
			break;
		case MDN_STRIKE:
			c.strike = 1;
			inlines(L, n->child, c, sp, cnt, cap);
			break;
		case MDN_LINK: {
			char num[48];
			int to = -1;	/* the question this link names */

			if (n->url != NULL && strncmp(n->url, "q:", 2) == 0 && L->qanchor != NULL)
				c.target = to = L->qanchor(L->ctx, n->url + 2, num, sizeof(num));
			else if (n->url != NULL && n->url[0] != '#')
				c.uri = n->url;
			if (c.target >= 0 || c.uri != NULL)
				c.color = L->st->accent;
			inlines(L, n->child, c, sp, cnt, cap);
			/* Not for a link inside another (a title in a linked
			 * contents line): only this link's own question. */
			if (to >= 0 && !L->bare_qlinks)
				page_reference(L, &c, num, sp, cnt, cap);
			break;
		}
		case MDN_IMAGE:
			/* One the guide cannot show (a remote one): its
			 * description, linked to it.  Figures are blocks'. */
			c.role = role_with(s.role, 0, 1);
			if (n->url != NULL && s.target < 0 && s.uri == NULL) {
				c.uri = n->url;
				c.color = L->st->accent;
			}
			add_span(&c, "[", 0, sp, cnt, cap);
			inlines(L, n->child, c, sp, cnt, cap);
			add_span(&c, "]", 0, sp, cnt, cap);
			break;
		default:	/* raw HTML and stray blocks: left out */
			break;
		}
	}
}

void
lay_md_spans(struct layout *L, const struct md_node *inl, int role, float size,
    uint32_t color, struct span **sp, size_t *n, size_t *cap)
{
	struct istate s = { role, size, color, -1, NULL, 0, 0 };

	inlines(L, inl, s, sp, n, cap);
}

/* A paragraph of inline nodes, justified and hyphenated. */
static size_t
paragraph(struct layout *L, const struct md_node *inl, float x, float w, int role,
    float size, float leading)
{
	struct span *sp = NULL;
	size_t n = 0, cap = 0, first;
	struct pstyle ps = { w, 0, 0, 1 };

	lay_md_spans(L, inl, role, size, L->st->text, &sp, &n, &cap);
	first = lay_spans(L, sp, n, &ps, x, leading, 0);
	free(sp);
	return first;
}

/* --- figures ------------------------------------------------------------------- */

/* Whether n is an image the guide can draw. */
static int
is_figure(const struct layout *L, const struct md_node *n)
{
	float w, h;

	return n->type == MDN_IMAGE && n->image >= 0 && L->image_size != NULL &&
	    L->image_size(L->ctx, n->image, &w, &h) == 0;
}

/* The text of n's inlines (an image's alt text), appended to out. */
static void
inline_text(const struct md_node *n, struct buf *out)
{
	for (; n != NULL; n = n->next) {
		if (n->text != NULL)
			buf_adds(out, n->text);
		else if (n->type == MDN_SOFTBREAK || n->type == MDN_LINEBREAK)
			buf_addc(out, ' ');
		inline_text(n->child, out);
	}
}

/*
 * Image n as a figure at x in width w: at its natural size (96 pixels to
 * the inch) unless that is wider than the measure or taller than most of
 * a page, at the left like the text, one box that never splits, with its title below as a
 * caption kept with it, and its alt text as the image's alternate
 * description.
 */
static void
figure(struct layout *L, const struct md_node *n, float x, float w)
{
	float iw, ih, maxh = (L->st->page_h - L->st->top - L->st->bottom) * 0.75f, k = 1;
	struct vitem *v;
	struct op *o;
	int idx;

	L->image_size(L->ctx, n->image, &iw, &ih);
	if (iw > w)
		k = w / iw;
	if (ih * k > maxh)
		k = maxh / ih;
	iw *= k;
	ih *= k;
	if ((idx = L->image_draw(L->ctx, n->image, iw, ih)) < 0)
		return;
	v = lay_box(L, ih, n->title != NULL);
	o = lay_op(L, v, OP_IMAGE);
	o->x = x;
	o->y = 0;
	o->w = iw;
	o->h = ih;
	o->target = idx;
	{
		struct buf alt = BUF_INIT;

		inline_text(n->child, &alt);
		o->s = alt.len > 0 ? arena_strdup(L->a, alt.data) : NULL;
		buf_release(&alt);
	}
	if (n->title != NULL) {
		struct span *sp = NULL;
		size_t cnt = 0, cap = 0;
		struct pstyle ps = { w, 0, 1, 0 };
		struct istate st = { R_ITALIC, L->st->size * 0.85f, L->st->muted, -1, NULL, 0, 0 };

		lay_glue(L, L->st->leading * 0.3f, 1);
		add_span(&st, n->title, 0, &sp, &cnt, &cap);
		lay_spans(L, sp, cnt, &ps, x, L->st->leading * 0.85f, 0);
		free(sp);
	}
}

/* Whether the inlines from n to the next figure hold more than blanks. */
static int
has_text(const struct md_node *n, const struct layout *L)
{
	for (; n != NULL && !is_figure(L, n); n = n->next)
		if (!(n->type == MDN_SOFTBREAK || n->type == MDN_LINEBREAK ||
		    (n->type == MDN_TEXT && n->text[strspn(n->text, " \t")] == '\0')))
			return 1;
	return 0;
}

/*
 * A paragraph whose inlines hold figures: the text between them as
 * paragraphs of its own, each figure a block (copies of the sibling runs,
 * in the arena, since the tree is shared).
 */
static void
paragraph_with_figures(struct layout *L, const struct md_node *inl, float x, float w)
{
	const struct md_node *n = inl;
	int any = 0;

	while (n != NULL) {
		struct md_node *run = NULL, **tail = &run;
		int text = has_text(n, L);

		for (; n != NULL && !is_figure(L, n); n = n->next) {
			struct md_node *c = arena_alloc(L->a, sizeof(*c));

			*c = *n;
			c->next = NULL;
			*tail = c;
			tail = &c->next;
		}
		/* A paragraph's space between the parts. */
		if (text) {
			if (any)
				lay_glue(L, L->st->leading * 0.5f, 0);
			paragraph(L, run, x, w, R_BODY, L->st->size, L->st->leading);
			any = 1;
		}
		if (n != NULL) {
			/* The words that lead up to an image stay with it. */
			if (text && L->n > 0)
				L->v[L->n - 1].keep = 1;
			if (any)
				lay_glue(L, L->st->leading * 0.5f, text);
			figure(L, n, x, w);
			any = 1;
			n = n->next;
		}
	}
}

static int
has_figure(const struct layout *L, const struct md_node *inl)
{
	for (; inl != NULL; inl = inl->next)
		if (is_figure(L, inl))
			return 1;
	return 0;
}

/* --- code blocks --------------------------------------------------------------- */

/* An item of height h that is only the code background. */
static struct vitem *
tinted_strip(struct layout *L, float x, float w, float h, int keep)
{
	struct vitem *v = lay_box(L, h, keep);
	struct op *o = lay_op(L, v, OP_FILL);

	o->x = x - 6;
	o->w = w + 12;
	o->h = h;
	o->color = L->st->tint;
	return v;
}

/* Tabs expanded, the line cut into pieces of at most cols characters. */
static void
code_line(struct layout *L, const char *s, size_t len, float x, float w, float size,
    float lead, int keep)
{
	struct buf exp = BUF_INIT;
	size_t col = 0, i = 0, cols, start = 0, piece = 0;
	float adv = typeset_width(L->fs, R_MONO, size, "0", 1);

	while (i < len) {
		size_t at = i;

		if (s[i] == '\t') {
			do
				buf_addc(&exp, ' ');
			while (++col % TAB_STOP != 0);
			i++;
			continue;
		}
		utf8_next(s, len, &i);
		buf_add(&exp, s + at, i - at);
		col++;
	}
	cols = adv > 0 ? (size_t)((w - 2) / adv) : 80;
	if (cols < 8)
		cols = 8;
	do {
		size_t end = start, count = 0;
		struct vitem *v;
		float base = lead * 0.74f, indent = piece > 0 ? 2 * adv : 0;
		size_t limit = piece > 0 ? cols - 2 : cols;

		while (end < exp.len && count < limit) {
			utf8_next(exp.data, exp.len, &end);
			count++;
		}
		v = tinted_strip(L, x, w, lead, keep || end < exp.len);
		v->base = base;
		if (piece > 0)	/* the continuation marker */
			lay_text(L, v, R_MONO, size, L->st->muted, x, base, "\xe2\x86\xaa", 3);
		lay_text(L, v, R_MONO, size, L->st->text, x + indent, base,
		    exp.data + start, end - start);
		start = end;
		piece++;
	} while (start < exp.len);
	buf_release(&exp);
}

static void
code_block(struct layout *L, const char *text, float x, float w)
{
	float size = L->st->size * CODE_SCALE, lead = size * 1.38f, pad = 4;
	size_t len = strlen(text), nlines = 0, line = 0;

	while (len > 0 && text[len - 1] == '\n')
		len--;
	for (size_t i = 0; i <= len; i++)
		if (i == len || text[i] == '\n')
			nlines++;
	tinted_strip(L, x, w, pad, 1);
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		/* Keep the first two and the last two lines together. */
		code_line(L, text + start, i - start, x, w, size, lead,
		    line == 0 || line + 2 >= nlines);
		start = i + 1;
		line++;
	}
	tinted_strip(L, x, w, pad, 0);
}

/* --- lists and quotes ------------------------------------------------------------ */

/* The first text line among items [from, L->n), or NULL. */
static struct vitem *
first_line(struct layout *L, size_t from)
{
	for (size_t i = from; i < L->n; i++)
		if (L->v[i].kind == V_BOX && L->v[i].base > 0)
			return &L->v[i];
	return NULL;
}

static void
checkbox(struct layout *L, struct vitem *v, float x, float size, int done)
{
	struct op *o = lay_op(L, v, OP_STROKE);
	float side = size * 0.72f;

	o->x = x;
	o->y = v->base - side;
	o->w = o->h = side;
	o->lw = 0.6f;
	o->color = L->st->muted;
	if (done)
		lay_text(L, v, R_SANS, size * 0.9f, L->st->accent, x + side * 0.1f,
		    v->base - side * 0.12f, "\xe2\x9c\x93", 3);
}

static void
list(struct layout *L, const struct md_node *n, float x, float w, int depth)
{
	static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x80\x93", "\xe2\x97\xa6" };
	float size = L->st->size, indent = depth < MAX_INDENT_DEPTH ? size * 1.6f : 0;
	int num = n->level;

	for (const struct md_node *it = n->child; it != NULL; it = it->next, num++) {
		size_t from = L->n;
		struct vitem *v;

		blocks(L, it->child, x + indent, w - indent, depth + 1, n->tight);
		if ((v = first_line(L, from)) == NULL)
			continue;
		if (it->task >= 0)
			checkbox(L, v, x + indent - size * 1.2f, size, it->task);
		else if (n->ordered) {
			char label[24];
			int len = snprintf(label, sizeof(label), "%d.", num);
			float lw = typeset_width(L->fs, R_BODY, size, label, (size_t)len);

			lay_text(L, v, R_BODY, size, L->st->text, x + indent - lw - size * 0.4f,
			    v->base, label, (size_t)len);
		} else {
			const char *b = bullets[depth % 3];

			lay_text(L, v, R_BODY, size, L->st->accent, x + indent - size * 1.0f,
			    v->base, b, strlen(b));
		}
		if (n->tight && it->next != NULL)
			lay_glue(L, size * 0.15f, 0);
		else if (it->next != NULL)
			lay_glue(L, size * 0.45f, 0);
	}
}

static void
quote(struct layout *L, const struct md_node *n, float x, float w, int depth)
{
	float indent = depth < MAX_INDENT_DEPTH ? 14 : 0;
	size_t from = L->n;

	blocks(L, n->child, x + indent, w - indent, depth + 1, 0);
	for (size_t i = from; i < L->n; i++) {
		struct op *o;

		if (L->v[i].kind != V_BOX || indent == 0)
			continue;
		o = lay_op(L, &L->v[i], OP_FILL);
		o->x = x + 2;
		o->w = 2;
		o->h = L->v[i].h;
		o->color = L->st->rule;
	}
}

/* --- tables ------------------------------------------------------------------ */

#define CELL_PAD	4.0f
#define MAX_COLS	512

/* Column widths from the cells' widest word and natural width. */
static void
column_widths(float *minw, float *maxw, size_t ncols, float avail, float *out)
{
	float smin = 0, smax = 0;

	for (size_t c = 0; c < ncols; c++) {
		minw[c] += 2 * CELL_PAD;
		maxw[c] += 2 * CELL_PAD;
		if (maxw[c] < minw[c])
			maxw[c] = minw[c];
		smin += minw[c];
		smax += maxw[c];
	}
	for (size_t c = 0; c < ncols; c++) {
		if (smax <= avail)
			out[c] = maxw[c];
		else if (smin <= avail)
			out[c] = minw[c] + (avail - smin) *
			    (smax > smin ? (maxw[c] - minw[c]) / (smax - smin) : 0);
		else
			out[c] = avail * minw[c] / smin;
	}
}

static void
table(struct layout *L, const struct md_node *t, float x, float w)
{
	float size = L->st->size * 0.9f, lead = size * 1.35f;
	float minw[MAX_COLS] = { 0 }, maxw[MAX_COLS] = { 0 }, cw[MAX_COLS];
	size_t ncols = 0;
	long header = -1;
	const struct md_node *last = NULL;
	struct op *row = NULL;
	size_t nrow = 0, rowcap = 0;

	for (const struct md_node *r = t->child; r; r = r->next) {
		size_t c = 0;

		for (const struct md_node *cell = r->child; cell && c < MAX_COLS; cell = cell->next, c++) {
			struct span *sp = NULL;
			size_t n = 0, cap = 0;
			float mn, mx;

			lay_md_spans(L, cell->child, r->header ? R_BOLD : R_BODY, size, L->st->text,
			    &sp, &n, &cap);
			typeset_measure(L->fs, sp, n, &mn, &mx);
			free(sp);
			if (mn > minw[c])
				minw[c] = mn;
			if (mx > maxw[c])
				maxw[c] = mx;
		}
		if (c > ncols)
			ncols = c;
		last = r;
	}
	if (ncols == 0)
		return;
	column_widths(minw, maxw, ncols, w, cw);
	for (const struct md_node *r = t->child; r; r = r->next) {
		struct tline *cells[MAX_COLS];
		size_t nl[MAX_COLS] = { 0 }, most = 1, c = 0;
		float cx = x, h, tw = 0;
		struct vitem *v;
		struct op *o;

		for (size_t k = 0; k < ncols; k++)
			tw += cw[k];
		for (const struct md_node *cell = r->child; cell && c < MAX_COLS; cell = cell->next, c++) {
			struct span *sp = NULL;
			size_t n = 0, cap = 0;
			struct pstyle ps = { cw[c] - 2 * CELL_PAD, 0, 1, 0 };

			lay_md_spans(L, cell->child, r->header ? R_BOLD : R_BODY, size, L->st->text,
			    &sp, &n, &cap);
			nl[c] = typeset_para(L->fs, sp, n, &ps, L->a, &cells[c]);
			free(sp);
			if (nl[c] > most)
				most = nl[c];
		}
		h = (float)most * lead + 2 * CELL_PAD;
		v = lay_box(L, h, r->header);
		v->base = CELL_PAD + lead * 0.76f;
		/* The row's ops are gathered first and added at once: adding
		 * line by line would copy the row's ops for every line. */
		for (size_t k = 0; k < c; k++) {
			for (size_t i = 0; i < nl[k]; i++)
				move_ops(&row, &nrow, &rowcap, cells[k][i].ops, cells[k][i].nops,
				    cx + CELL_PAD, CELL_PAD + lead * 0.76f + (float)i * lead);
			cx += cw[k];
		}
		add_ops(L, v, row, nrow, 0, 0);
		nrow = 0;
		if (r->header) {
			header = (long)(L->n - 1);
			o = lay_op(L, v, OP_LINE);
			o->x = x;
			o->w = tw;
			o->lw = 0.9f;
			o->color = L->st->text;
		} else
			v->repeat = header;
		if (r->header || r == last) {
			o = lay_op(L, v, OP_LINE);
			o->x = x;
			o->y = h;
			o->w = tw;
			o->lw = r == last ? 0.9f : 0.5f;
			o->color = L->st->text;
		}
	}
	free(row);
}

/* --- blocks -------------------------------------------------------------------- */

static void
heading(struct layout *L, const struct md_node *n, float x, float w)
{
	float size = L->st->size * (n->level <= 2 ? 1.12f : 1.0f);
	struct span *sp = NULL;
	size_t cnt = 0, cap = 0;
	struct pstyle ps = { w, 0, 1, 0 };

	lay_glue(L, L->st->leading * 0.5f, 0);
	lay_md_spans(L, n->child, R_SANSBOLD, size, L->st->text, &sp, &cnt, &cap);
	lay_spans(L, sp, cnt, &ps, x, size * 1.3f, 1);
	free(sp);
	lay_glue(L, L->st->leading * 0.15f, 1);
}

static void
rule(struct layout *L, float x, float w)
{
	struct vitem *v = lay_box(L, L->st->leading, 0);
	struct op *o = lay_op(L, v, OP_LINE);

	o->x = x + w * 0.3f;
	o->y = L->st->leading / 2;
	o->w = w * 0.4f;
	o->lw = 0.5f;
	o->color = L->st->rule;
}

static void
blocks(struct layout *L, const struct md_node *n, float x, float w, int depth, int tight)
{
	float skip = tight ? L->st->leading * 0.15f : L->st->leading * 0.5f;

	for (; n != NULL; n = n->next) {
		size_t before = L->n;

		switch (n->type) {
		case MDN_PARA:
			if (has_figure(L, n->child))
				paragraph_with_figures(L, n->child, x, w);
			else
				paragraph(L, n->child, x, w, R_BODY, L->st->size, L->st->leading);
			break;
		case MDN_HEADING:
			heading(L, n, x, w);
			break;
		case MDN_CODE:
			code_block(L, n->text, x, w);
			break;
		case MDN_LIST:
			list(L, n, x, w, depth);
			break;
		case MDN_QUOTE:
			quote(L, n, x, w, depth);
			break;
		case MDN_TABLE:
			table(L, n, x, w);
			break;
		case MDN_RULE:
			rule(L, x, w);
			break;
		default:
			break;
		}
		if (L->n > before && n->next != NULL && n->type != MDN_HEADING)
			lay_glue(L, skip, 0);
	}
}

void
lay_markdown(struct layout *L, const struct md_node *n, float x, float w)
{
	blocks(L, n, x, w, 0, 0);
}

/* --- pages ------------------------------------------------------------------------ */

struct pager {
	struct layout	*L;
	struct lpage	**pages;
	size_t		*npages, *cap;
	int		 ncols, col, mark;
	float		 colw, gap, frame, y;
	float		 ystart;	/* where columns begin below spanning items */
	int		 started;	/* a page exists for this flow */
};

static void
new_frame(struct pager *g, int force_page)
{
	if (g->started && !force_page && g->col + 1 < g->ncols) {
		g->col++;
		g->y = g->ystart;
		return;
	}
	g->ystart = 0;
	GROW(*g->pages, *g->cap, *g->npages + 1);
	memset(&(*g->pages)[*g->npages], 0, sizeof(struct lpage));
	(*g->pages)[*g->npages].mark = g->mark;
	(*g->npages)++;
	g->col = 0;
	g->y = 0;
	g->started = 1;
}

static void
place(struct pager *g, size_t k)
{
	const struct vitem *v = &g->L->v[k];
	struct lpage *pg = &(*g->pages)[*g->npages - 1];
	float dx = (float)g->col * (g->colw + g->gap), top = g->L->st->top + g->y;

	if (v->mark >= 0) {
		if (g->y == 0 && g->col == 0)
			pg->mark = v->mark;
		g->mark = v->mark;
	}
	if (v->plain)
		pg->plain = 1;
	if (v->nops > 0) {
		GROW(pg->at, pg->capat, pg->nat + 1);
		pg->at[pg->nat++] = (struct placed){ k, dx, top };
	}
	g->y += v->h;
	if (v->span && g->col == 0)
		g->ystart = g->y;
}

/* Height of items [i, j) when they start a frame (leading glue dropped). */
static float
chunk_height(const struct layout *L, size_t i, size_t j, int at_top)
{
	float h = 0;

	for (size_t k = i; k < j; k++) {
		if (at_top && L->v[k].kind == V_GLUE && h == 0)
			continue;
		h += L->v[k].h;
	}
	if (i < j && L->v[i].repeat >= 0 && at_top)
		h += L->v[L->v[i].repeat].h;
	return h;
}

static void
place_item(struct pager *g, size_t k)
{
	const struct vitem *v = &g->L->v[k];

	if (v->kind == V_GLUE) {
		if (g->y > g->ystart)
			g->y += v->h;
		return;
	}
	if (g->y <= g->ystart && v->repeat >= 0 && (size_t)v->repeat != k)
		place(g, (size_t)v->repeat);
	place(g, k);
}

void
lpage_ops(const struct layout *L, const struct lpage *pg, struct op **ops, size_t *n)
{
	size_t total = pg->nops, k = 0;

	for (size_t i = 0; i < pg->nat; i++) {
		BUG_ON(pg->at[i].item >= L->n);	/* the page outlived its flow */
		total += L->v[pg->at[i].item].nops;
	}
	*ops = xmalloc(sizeof(**ops) * (total + 1));
	for (size_t i = 0; i < pg->nat; i++) {
		const struct vitem *v = &L->v[pg->at[i].item];

		for (size_t j = 0; j < v->nops; j++, k++) {
			(*ops)[k] = v->ops[j];
			(*ops)[k].x += pg->at[i].dx;
			(*ops)[k].y += pg->at[i].dy;
		}
	}
	if (pg->nops > 0)
		memcpy(*ops + k, pg->ops, sizeof(**ops) * pg->nops);
	*n = total;
}

void
lpage_dests(const struct layout *L, const struct lpage *pg,
    void (*fn)(void *ctx, const struct op *o), void *ctx)
{
	for (size_t i = 0; i < pg->nat; i++) {
		const struct vitem *v = &L->v[pg->at[i].item];

		for (size_t j = 0; j < v->nops; j++)
			if (v->ops[j].kind == OP_DEST) {
				struct op o = v->ops[j];

				o.x += pg->at[i].dx;
				o.y += pg->at[i].dy;
				fn(ctx, &o);
			}
	}
	for (size_t j = 0; j < pg->nops; j++)
		if (pg->ops[j].kind == OP_DEST)
			fn(ctx, &pg->ops[j]);
}

void
lpage_free(struct lpage *pg)
{
	free(pg->at);
	free(pg->ops);
	pg->at = NULL;
	pg->ops = NULL;
	pg->nat = pg->capat = pg->nops = pg->cap = 0;
}

void
lay_paginate(struct layout *L, size_t from, size_t to, int ncols, float colw, float gap,
    struct lpage **pages, size_t *npages, size_t *cap)
{
	struct pager g = { L, pages, npages, cap, ncols, 0, -1, colw, gap,
	    L->st->page_h - L->st->top - L->st->bottom, 0, 0, 0 };
	size_t i = from;

	BUG_ON(from > to || to > L->n);
	new_frame(&g, 1);
	while (i < to) {
		size_t j = i;
		float h;

		if (L->v[i].kind == V_BREAK) {
			if (g.y > 0 || g.col > 0)
				new_frame(&g, 1);
			i++;
			continue;
		}
		while (j + 1 < to && L->v[j].keep && L->v[j + 1].kind != V_BREAK)
			j++;
		j++;
		h = chunk_height(L, i, j, g.y <= g.ystart);
		if (g.y > g.ystart && g.y + h > g.frame + 0.01f) {
			new_frame(&g, 0);
			h = chunk_height(L, i, j, 1);
		}
		for (size_t k = i; k < j; k++) {
			const struct vitem *v = &L->v[k];

			/* A chunk taller than a frame breaks where it must. */
			if (h > g.frame && v->kind == V_BOX && g.y > g.ystart &&
			    g.y + v->h > g.frame + 0.01f)
				new_frame(&g, 0);
			place_item(&g, k);
		}
		i = j;
	}
}
