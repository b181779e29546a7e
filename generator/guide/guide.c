/*
 * guide: the book around the questions, and the selection of questions.
 */
#include "guide/guide.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bank/image.h"
#include "bank/index.h"
#include "bank/model.h"
#include "bank/theme.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/utf8.h"
#include "guide/bidi.h"
#include "guide/pack.h"
#include "guide/pdf.h"

/* --- the look --------------------------------------------------------------- */

void
guide_style_default(struct pdfstyle *st, const char *paper)
{
	memset(st, 0, sizeof(*st));
	st->fam.serif = "DejaVu Serif";
	st->fam.sans = "DejaVu Sans";
	st->fam.mono = "DejaVu Sans Mono";
	st->fam.fallback = "DejaVu Sans";
	st->size = 9.5f;
	st->leading = 13.2f;
	st->text = 0x1d2125;
	st->accent = 0x1f4e79;
	st->muted = 0x6b7280;
	st->tint = 0xf1f4f8;
	st->rule = 0xc9d1db;
	st->flag = 0xa4262c;
	if (paper != NULL && strcmp(paper, "letter") == 0) {
		st->page_w = 612;
		st->page_h = 792;
	} else {
		st->page_w = 595.276f;
		st->page_h = 841.89f;
	}
	st->top = 78;
	st->bottom = 74;
	st->left = st->right = (st->page_w - 400) / 2;
}

/* --- selection ---------------------------------------------------------------- */

void
guide_style_theme(struct pdfstyle *st, const struct theme *th)
{
	uint32_t *colours[] = { &st->text, &st->accent, &st->muted, &st->tint,
	    &st->rule, &st->flag };
	const char **fams[] = { &st->fam.serif, &st->fam.sans, &st->fam.mono,
	    &st->fam.fallback };
	const char *v;

	for (int k = THEME_BODY_FONT; k <= THEME_FALLBACK_FONT; k++)
		if ((v = theme_pdf(th, (enum theme_pdf)k)) != NULL)
			*fams[k - THEME_BODY_FONT] = v;
	if ((v = theme_pdf(th, THEME_FONT_SIZE)) != NULL) {
		st->size = (float)strtod(v, NULL);
		st->leading = st->size * 1.39f;
	}
	for (int k = THEME_TEXT; k < THEME_NPDF; k++)
		if ((v = theme_pdf(th, (enum theme_pdf)k)) != NULL)
			*colours[k - THEME_TEXT] = (uint32_t)strtoul(v + 1, NULL, 16);
}

void
guide_select_all(const struct bank *b, struct guide_sel *out)
{
	memset(out, 0, sizeof(*out));
	out->name = "guide";
	out->qs = xmalloc(sizeof(*out->qs) * (b->nquestions + 1));
	memcpy(out->qs, b->questions, sizeof(*out->qs) * b->nquestions);
	out->nq = b->nquestions;
}

static int
in_terms(const struct term *t, size_t n, const char *s)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s != NULL && strcmp(t[i].s, s) == 0)
			return 1;
	return 0;
}

static int
has_tag(const struct question *q, const struct term *t, size_t n)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < q->ntags; i++)
		if (in_terms(t, n, q->tags[i].s))
			return 1;
	return 0;
}

void
guide_select_def(const struct bank *b, const struct guide_def *g, struct guide_sel *out)
{
	size_t k = 0;

	guide_select_all(b, out);
	out->name = g->name;
	out->title = g->title ? g->title : g->name;
	out->handout = 1;
	for (size_t i = 0; i < out->nq; i++) {
		struct question *q = out->qs[i];

		if (in_terms(g->rounds, g->nrounds, q->round) &&
		    in_terms(g->levels, g->nlevels, q->level) &&
		    in_terms(g->categories, g->ncategories, q->category->dir) &&
		    in_terms(g->kinds, g->nkinds, model_kind_name(q->kind)) &&
		    has_tag(q, g->tags, g->ntags))
			out->qs[k++] = q;
	}
	out->nq = k;
}

/* Whether q matches one clause KEY=V1,V2 (values in vals, n of them). */
static int
clause_matches(const struct question *q, const char *key, char **vals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = vals[i];

		if ((strcmp(key, "category") == 0 && strcmp(q->category->dir, v) == 0) ||
		    (strcmp(key, "level") == 0 && q->level && strcmp(q->level, v) == 0) ||
		    (strcmp(key, "round") == 0 && q->round && strcmp(q->round, v) == 0) ||
		    (strcmp(key, "kind") == 0 && strcmp(model_kind_name(q->kind), v) == 0))
			return 1;
		if (strcmp(key, "tag") == 0)
			for (size_t t = 0; t < q->ntags; t++)
				if (strcmp(q->tags[t].s, v) == 0)
					return 1;
	}
	return 0;
}

int
guide_filter(const struct bank *b, const char *expr, struct guide_sel *out)
{
	static const char *const keys[] = { "category", "tag", "level", "round", "kind" };
	char *copy = xstrdup(expr), *save = NULL, *clause;
	int rc = 0;

	(void)b;
	for (clause = strtok_r(copy, ";", &save); clause; clause = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(clause, '='), *vals[64], *vsave = NULL, *v;
		size_t nv = 0, k = 0, ki;

		for (ki = 0; eq && ki < sizeof(keys) / sizeof(*keys); ki++)
			if ((size_t)(eq - clause) == strlen(keys[ki]) &&
			    strncmp(clause, keys[ki], strlen(keys[ki])) == 0)
				break;
		if (eq == NULL || ki == sizeof(keys) / sizeof(*keys)) {
			diag_usage("bad --select clause '%s': want KEY=VALUE with KEY "
			    "category, tag, level, round or kind", clause);
			rc = -1;
			break;
		}
		*eq = '\0';
		for (v = strtok_r(eq + 1, ",", &vsave); v && nv < 64; v = strtok_r(NULL, ",", &vsave))
			vals[nv++] = v;
		if (nv == 0) {
			diag_usage("--select clause '%s=' has no value", clause);
			rc = -1;
			break;
		}
		for (size_t i = 0; i < out->nq; i++)
			if (clause_matches(out->qs[i], clause, vals, nv))
				out->qs[k++] = out->qs[i];
		out->nq = k;
	}
	free(copy);
	return rc;
}

/* splitmix64: a tiny, well-known generator, so packets are the same
 * everywhere for the same seed. */
static unsigned long long
next_random(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int
by_pos(const void *a, const void *b)
{
	const struct question *x = *(struct question *const *)a;
	const struct question *y = *(struct question *const *)b;

	return (x->pos > y->pos) - (x->pos < y->pos);
}

void
guide_random(struct guide_sel *out, size_t n, unsigned long long seed)
{
	if (n >= out->nq)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t j = i + (size_t)(next_random(&seed) % (out->nq - i));
		struct question *t = out->qs[i];

		out->qs[i] = out->qs[j];
		out->qs[j] = t;
	}
	out->nq = n;
	qsort(out->qs, n, sizeof(*out->qs), by_pos);
}

void
guide_sel_free(struct guide_sel *s)
{
	free(s->qs);
	s->qs = NULL;
}

/* --- the document ---------------------------------------------------------------- */

struct doc {
	const struct bank	*b;
	const struct guide_sel	*sel;
	const struct pdfstyle	*st;
	struct pdf		*pdf;
	struct fontset		*fs;
	int			 mirror;	/* pages drawn mirrored: the
						 * language runs right to left */
	struct arena		 a;		/* what is being laid out; emptied
						 * whenever its pages are drawn */
	struct layout		 L;
	char			*chosen;	/* per bank question: in the guide */
	const char		**marks;	/* running-head texts */
	size_t			 nmarks, mcap;
	int			 a_cat, a_page, a_back;	/* first anchor of each kind */
	int			 nanchors;
	int			*apage;		/* anchor -> physical page, -1 unset */
	float			*ay;		/* anchor -> y from the page top */
	struct pending {			/* a link drawn, made when saving */
		int		 page;
		float		 x, y, w, h;	/* in PDF coordinates */
		int		 anchor;	/* where it goes, or -1 for uri */
		char		*uri;
	}			*links;
	size_t			 nlinks, lcap;
	size_t			 nfront;	/* pages before the body (roman) */
	size_t			 ntoc;		/* pages of contents (assumed while laid out) */
	float			 x, w;		/* the text column */
	int			 failed;	/* reported: the PDF must not be kept */
	struct pageref {			/* a page number drawn when known */
		int		 page;
		float		 x, y, w;	/* baseline and room, from the top */
		float		 size;
		uint32_t	 color;
		int		 role, anchor;
	}			*refs;
	size_t			 nrefs, rcap;
	char			 page_room[8];	/* digits as wide as any page number */
	int			*img;		/* bank image -> PDF image, -1 unmade */
	struct arena		 words;		/* strings that live as long as d */
	const char		*capital[LB_COUNT];	/* caps(): made once each */
};

enum { BACK_SCORE, BACK_INDEX, BACK_MATRIX, BACK_TOC, BACK_N };

/* qbook's word k in the bank's language (labels.h). */
static const char *
word(const struct doc *d, enum label_key k)
{
	return label_text(&d->b->labels, k);
}

/* The same in capitals (small headings), made once per guide. */
static const char *
caps(struct doc *d, enum label_key k)
{
	struct buf b = BUF_INIT;

	if (d->capital[k] != NULL)
		return d->capital[k];
	utf8_upper(word(d, k), &b);
	d->capital[k] = arena_strdup(&d->words, b.data ? b.data : "");
	buf_release(&b);
	return d->capital[k];
}

static int
qanchor(void *ctx, const char *id, char *num, size_t size)
{
	struct doc *d = ctx;
	const struct question *q = index_find(d->b, id);

	if (q == NULL || !d->chosen[q->pos])
		return -1;
	snprintf(num, size, "%zu.%zu", q->category->number, q->number);
	return (int)q->pos;
}

/* Whether any question of cat is in the guide. */
static int
category_chosen(const struct doc *d, const struct category *cat)
{
	for (size_t k = 0; k < cat->nquestions; k++)
		if (d->chosen[cat->questions[k]->pos])
			return 1;
	return 0;
}

static int
add_mark(struct doc *d, const char *text)
{
	GROW(d->marks, d->mcap, d->nmarks + 1);
	d->marks[d->nmarks] = text;
	return (int)d->nmarks++;
}

/* The printed number of physical page pg: roman before the body. */
static void
page_label(const struct doc *d, size_t pg, char *out, size_t size)
{
	static const char *const r1[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };
	static const char *const r10[] = { "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc" };

	if (pg < d->nfront && pg + 1 < 100)
		snprintf(out, size, "%s%s", r10[(pg + 1) / 10], r1[(pg + 1) % 10]);
	else if (pg < d->nfront)
		snprintf(out, size, "%zu", pg + 1);
	else
		snprintf(out, size, "%zu", pg - d->nfront + 1);
}

static void
dest(struct doc *d, struct vitem *v, int anchor)
{
	struct op *o = lay_op(&d->L, v, OP_DEST);

	BUG_ON(anchor < 0 || anchor >= d->nanchors);
	o->target = anchor;
	o->x = d->x;
}

/* A line of spans (ragged) at x in width w; returns the first item. */
static size_t
ragged(struct doc *d, const struct span *sp, size_t n, float x, float w, float leading,
    int keep)
{
	struct pstyle ps = { w, 0, 1, 0 };

	return lay_spans(&d->L, sp, n, &ps, x, leading, keep);
}

static void
one_span(struct span *s, int role, float size, uint32_t color, const char *text)
{
	memset(s, 0, sizeof(*s));
	s->role = role;
	s->size = size;
	s->color = color;
	s->target = -1;
	s->text = text;
	s->len = strlen(text);
}

/* A chapter opening: label, title, optional summary; starts a page. */
static void
chapter(struct doc *d, const char *label, const char *title, const char *summary,
    int anchor, int mark)
{
	struct layout *L = &d->L;
	const struct pdfstyle *st = d->st;
	struct span s;
	struct vitem *v;

	lay_pagebreak(L);
	v = lay_box(L, 28, 1);
	v->plain = 1;
	v->mark = mark;
	if (anchor >= 0)
		dest(d, v, anchor);
	if (label != NULL)
		lay_text(L, v, R_SANSBOLD, 9, st->accent, d->x, 18, label, strlen(label));
	one_span(&s, R_SANSBOLD, 20, st->text, title);
	ragged(d, &s, 1, d->x, d->w, 25, 1);
	if (summary != NULL && summary[0] != '\0') {
		lay_glue(L, 4, 1);
		one_span(&s, R_ITALIC, 11, st->muted, summary);
		ragged(d, &s, 1, d->x, d->w, 15, 1);
	}
	v = lay_box(L, 14, 1);
	{
		struct op *o = lay_op(L, v, OP_LINE);

		o->x = d->x;
		o->y = 8;
		o->w = d->w;
		o->lw = 0.6f;
		o->color = st->rule;
	}
	lay_glue(L, 8, 1);
}

/* Put a filled rectangle behind everything item v draws. */
static void
underlay(struct layout *L, struct vitem *v, float x, float w, uint32_t color)
{
	struct op *ops = arena_array(L->a, v->nops + 1, sizeof(*ops));

	ops[0].kind = OP_FILL;
	ops[0].x = x;
	ops[0].w = w;
	ops[0].h = v->h;
	ops[0].color = color;
	ops[0].target = -1;
	if (v->nops)
		memcpy(ops + 1, v->ops, v->nops * sizeof(*ops));
	v->ops = ops;
	v->nops++;
}

/* --- a question -------------------------------------------------------------------- */

/*
 * The room before a question's title: least, or, when its number ("12.104")
 * drawn in role at size is wider, the number and a gap, so that no number
 * runs into its title (titles keep one edge as long as their numbers fit).
 */
static float
number_room(struct doc *d, const char *num, int role, float size, float least)
{
	float w = typeset_width(d->fs, role, size, num, strlen(num)) + size * 0.6f;

	return w > least ? w : least;
}

/* The badges of q, in line with its title (room after the margin). */
static void
badges(struct doc *d, const struct question *q, float room)
{
	struct layout *L = &d->L;
	const struct pdfstyle *st = d->st;
	struct vitem *v = lay_box(L, 16, 1);
	const char *text[4];
	char minutes[32];
	size_t n = 0;
	float x = d->x + room, size = 7.2f;

	if (q->level != NULL)
		text[n++] = q->level;
	if (q->round != NULL) {
		for (size_t i = 0; i < d->b->settings.nrounds; i++)
			if (strcmp(d->b->settings.rounds[i].id, q->round) == 0)
				text[n++] = d->b->settings.rounds[i].title;
	}
	if (q->minutes > 0) {
		snprintf(minutes, sizeof(minutes), "%s",
		    label_count_in(&d->b->labels, LB_minutes, (unsigned long)q->minutes,
		    d->L.a));
		text[n++] = minutes;
	}
	text[n++] = model_kind_title(d->b, q->kind);
	for (size_t i = 0; i < n; i++) {
		float w = typeset_width(d->fs, R_SANS, size, text[i], strlen(text[i]));
		struct op *o = lay_op(L, v, OP_FILL);

		o->x = x;
		o->y = 2;
		o->w = w + 8;
		o->h = 11;
		o->color = st->tint;
		lay_text(L, v, R_SANS, size, st->accent, x + 4, 10.2f, text[i], strlen(text[i]));
		x += w + 13;
	}
}

/* The spans of a list item's paragraphs, joined by spaces. */
static void
item_spans(struct doc *d, const struct md_node *item, float size, struct span **sp,
    size_t *n, size_t *cap)
{
	for (const struct md_node *b = item->child; b; b = b->next) {
		if (b->type != MDN_PARA)
			continue;
		if (*n > 0) {
			GROW(*sp, *cap, *n + 1);
			one_span(&(*sp)[(*n)++], R_BODY, size, d->st->text, " ");
		}
		lay_md_spans(&d->L, b->child, R_BODY, size, d->st->text, sp, n, cap);
	}
}

/* "What to listen for": a tinted box, a checkbox per point, kept whole. */
static void
listen_box(struct doc *d, const struct question *q)
{
	struct layout *L = &d->L;
	const struct pdfstyle *st = d->st;
	struct md_node *list = md_tree(q->body, MD_LISTEN, d->L.a);
	float pad = 9, cb = 16, x = d->x, w = d->w, size = st->size;
	size_t box_from = L->n;
	struct vitem *v = lay_box(L, 19, 1);
	struct op *o;
	const char *head;

	head = caps(d, LB_listen_heading);
	lay_text(L, v, R_SANSBOLD, 7.6f, st->accent, x + pad, 13, head, strlen(head));
	underlay(L, v, x, w, st->tint);
	if (list == NULL || list->type != MDN_LIST) {
		size_t from = L->n;

		lay_markdown(L, list, x + pad, w - 2 * pad);
		for (size_t i = from; i < L->n; i++) {
			L->v[i].keep = 1;
			if (L->v[i].kind == V_GLUE) {
				L->v[i].kind = V_BOX;
			}
			underlay(L, &L->v[i], x, w, st->tint);
		}
	} else
		for (const struct md_node *it = list->child; it; it = it->next) {
			struct span *sp = NULL;
			size_t n = 0, cap = 0, from = L->n;
			struct pstyle ps = { w - 2 * pad - cb, 0, 0, 1 };

			item_spans(d, it, size, &sp, &n, &cap);
			lay_spans(L, sp, n, &ps, x + pad + cb, st->leading, 1);
			free(sp);
			for (size_t i = from; i < L->n; i++)
				underlay(L, &L->v[i], x, w, st->tint);
			if (from < L->n) {
				v = &L->v[from];
				o = lay_op(L, v, OP_STROKE);
				o->x = x + pad + 1;
				o->y = v->base - 7.5f;
				o->w = o->h = 7.5f;
				o->lw = 0.7f;
				o->color = st->accent;
			}
			v = lay_box(L, 3, 1);
			underlay(L, v, x, w, st->tint);
		}
	v = lay_box(L, 5, 0);
	underlay(L, v, x, w, st->tint);
	/* The accent rule down the left side of the whole box. */
	for (size_t i = box_from; i < L->n; i++) {
		o = lay_op(L, &L->v[i], OP_FILL);
		o->x = x;
		o->w = 2.2f;
		o->h = L->v[i].h;
		o->color = st->accent;
	}
}

/* A small heading and a section's Markdown (red flags, follow-ups). */
static void
section(struct doc *d, const struct question *q, enum md_part part, const char *title,
    uint32_t color)
{
	struct md_node *tree = md_tree(q->body, part, d->L.a);
	struct vitem *v;

	if (tree == NULL)
		return;
	lay_glue(&d->L, 7, 0);
	v = lay_box(&d->L, 14, 1);
	lay_text(&d->L, v, R_SANSBOLD, 8, color, d->x, 10, title, strlen(title));
	lay_markdown(&d->L, tree, d->x, d->w);
}

/* The interviewer's scoring row and ruled lines for notes. */
static void
scoring(struct doc *d)
{
	struct layout *L = &d->L;
	const struct pdfstyle *st = d->st;
	struct vitem *v;
	float x = d->x + 42;
	const char *legend = word(d, LB_score_legend), *score = caps(d, LB_score),
	    *notes = caps(d, LB_notes);
	float lw;

	/* The score row and the notes never start a page on their own: they
	 * stay with what comes before them (the end of the listen-for box or
	 * of the last section). */
	if (L->n > 0)
		L->v[L->n - 1].keep = 1;
	lay_glue(L, 8, 1);
	v = lay_box(L, 18, 1);
	lay_text(L, v, R_SANSBOLD, 8, st->muted, d->x, 12, score, strlen(score));
	for (int i = 1; i <= 4; i++) {
		struct op *o = lay_op(L, v, OP_STROKE);
		char num[2] = { (char)('0' + i), 0 };

		o->x = x;
		o->y = 3.5f;
		o->w = o->h = 10;
		o->lw = 0.7f;
		o->color = st->muted;
		lay_text(L, v, R_SANS, 8, st->muted, x + 13, 12, num, 1);
		x += 34;
	}
	lw = typeset_width(d->fs, R_SANS, 7, legend, strlen(legend));
	lay_text(L, v, R_SANS, 7, st->muted, d->x + d->w - lw, 12, legend, strlen(legend));
	for (int i = 0; i < 3; i++) {
		struct op *o;

		v = lay_box(L, 17, i < 2);
		if (i == 0)
			lay_text(L, v, R_SANSBOLD, 8, st->muted, d->x, 13, notes, strlen(notes));
		o = lay_op(L, v, OP_LINE);
		o->x = i == 0 ? d->x + 42 : d->x;
		o->y = 15;
		o->w = d->x + d->w - o->x;
		o->lw = 0.4f;
		o->color = st->rule;
	}
}

static void
question(struct doc *d, const struct question *q, int first)
{
	struct layout *L = &d->L;
	const struct pdfstyle *st = d->st;
	struct md_node *title = md_inline_tree(q->title, d->L.a);
	struct span *sp = NULL;
	size_t n = 0, cap = 0, at;
	char num[32];
	struct vitem *v;
	float room;

	if (!first)
		lay_glue(L, 22, 0);
	fontset_source(d->fs, q->file);
	snprintf(num, sizeof(num), "%zu.%zu", q->category->number, q->number);
	room = number_room(d, num, R_SANSBOLD, 11.5f, 30);
	lay_md_spans(L, title, R_SANSBOLD, 11.5f, st->text, &sp, &n, &cap);
	at = ragged(d, sp, n, d->x + room, d->w - room, 14.5f, 1);
	free(sp);
	if (at < L->n) {
		v = &L->v[at];
		dest(d, v, (int)q->pos);
		lay_text(L, v, R_SANSBOLD, 11.5f, st->accent, d->x, v->base, num, strlen(num));
	}
	lay_glue(L, 2, 1);
	badges(d, q, room);
	lay_glue(L, 6, 1);
	lay_markdown(L, md_tree(q->body, MD_NOTES, d->L.a), d->x, d->w);
	lay_glue(L, 9, 0);
	listen_box(d, q);
	section(d, q, MD_FLAGS, caps(d, LB_flags_heading), st->flag);
	section(d, q, MD_FOLLOWUPS, caps(d, LB_followups_heading), st->accent);
	scoring(d);
	/* Everything laid out lives in the arena now: drop the parsed body. */
	md_unload(q->body);
	fontset_source(d->fs, q->category->file);
}

/* --- tables built from the model -------------------------------------------------- */

static struct md_node *
mdn(struct doc *d, enum md_node_type t, const char *text)
{
	struct md_node *n = arena_alloc(d->L.a, sizeof(*n));

	n->type = t;
	n->text = text;
	n->task = -1;
	return n;
}

static void
append(struct md_node *parent, struct md_node *child)
{
	struct md_node **tail = &parent->child;

	while (*tail)
		tail = &(*tail)->next;
	*tail = child;
}

static struct md_node *
text_cell(struct doc *d, const char *text)
{
	struct md_node *c = mdn(d, MDN_CELL, NULL);

	append(c, mdn(d, MDN_TEXT, arena_strdup(d->L.a, text)));
	return c;
}

/* A cell with a question's title linking to it. */
static struct md_node *
title_cell(struct doc *d, const struct question *q)
{
	struct md_node *c = mdn(d, MDN_CELL, NULL), *l = mdn(d, MDN_LINK, NULL);
	struct buf u = BUF_INIT;

	buf_printf(&u, "q:%s", q->id);
	l->url = arena_strdup(d->L.a, u.data);
	buf_release(&u);
	l->child = md_inline_tree(q->title, d->L.a);
	append(c, l);
	return c;
}

/* Lay out table t, whose rows say where each question is: its title
 * links get no page reference after them. */
static void
table_of_questions(struct doc *d, const struct md_node *t)
{
	d->L.bare_qlinks = 1;
	lay_markdown(&d->L, t, d->x, d->w);
	d->L.bare_qlinks = 0;
}

static struct md_node *
row(struct doc *d, int header, const char *const *cells, size_t n)
{
	struct md_node *r = mdn(d, MDN_ROW, NULL);

	r->header = header;
	for (size_t i = 0; i < n; i++)
		append(r, text_cell(d, cells[i]));
	return r;
}

/* The label of anchor a as the contents and the index print it. */
typedef void (*label_fn)(const struct doc *d, int anchor, char *out, size_t size);

/* --- contents --------------------------------------------------------------------- */

#define TOC_NUMW	26	/* the page-number column */

/* Leader dots from x0 to x1 on a grid, so that columns of dots align. */
static void
leaders(struct doc *d, struct vitem *v, float x0, float x1, float size)
{
	float step = typeset_width(d->fs, R_BODY, size, ". ", 2);
	float start = d->x + step * (float)(int)((x0 - d->x) / step + 1);
	struct buf dots = BUF_INIT;

	if (step <= 0)
		return;
	for (float x = start; x + step <= x1; x += step)
		buf_adds(&dots, ". ");
	if (dots.len > 0)
		lay_text(&d->L, v, R_BODY, size, d->st->muted, start, v->base, dots.data,
		    dots.len);
	buf_release(&dots);
}

static void
toc_entry(struct doc *d, float indent, const char *num, const struct md_node *title,
    const char *plain, int role, float size, int anchor, const char *label)
{
	struct layout *L = &d->L;
	struct span *sp = NULL, one;
	size_t n = 0, cap = 0, first;
	float pw = !num ? 0 : number_room(d, num, role, size, role == R_SANSBOLD ? 18 : 30);
	float xend = 0;
	float tx = d->x + indent + pw, tw = d->w - indent - pw - TOC_NUMW - 24;

	if (title != NULL)
		lay_md_spans(L, title, role, size, d->st->text, &sp, &n, &cap);
	else {
		one_span(&one, role, size, d->st->text, plain != NULL ? plain : "");
		sp = &one;
		n = 1;
	}
	first = ragged(d, sp, n, tx, tw, size * 1.45f, 1);
	if (sp != &one)
		free(sp);
	if (first >= L->n)
		return;
	L->v[L->n - 1].keep = 0;
	if (num != NULL)
		lay_text(L, &L->v[first], role, size, role == R_SANSBOLD ? d->st->accent :
		    d->st->muted, d->x + indent, L->v[first].base, num, strlen(num));
	{
		/* One link area for the whole entry (its lines stay together). */
		struct op *o = lay_op(L, &L->v[first], OP_LINK);

		o->x = d->x + indent;
		o->w = d->w - indent;
		for (size_t i = first; i < L->n; i++)
			o->h += L->v[i].h;
		o->target = anchor;
	}
	{
		struct vitem *v = &L->v[L->n - 1];
		float lw = typeset_width(d->fs, role, size, label, strlen(label));

		for (size_t k = 0; k < v->nops; k++)
			if (v->ops[k].kind == OP_TEXT && v->ops[k].x + v->ops[k].w > xend &&
			    v->ops[k].x >= tx)
				xend = v->ops[k].x + v->ops[k].w;
		leaders(d, v, xend > 0 ? xend + 3 : tx, d->x + d->w - TOC_NUMW, size);
		lay_text(L, v, role, size, d->st->text, d->x + d->w - lw, v->base, label,
		    strlen(label));
	}
}

static void
contents(struct doc *d, label_fn label)
{
	const struct bank *b = d->b;
	char lab[32], num[32];
	int mark = add_mark(d, word(d, LB_contents));

	chapter(d, NULL, word(d, LB_contents), NULL, d->a_back + BACK_TOC, mark);
	if (!d->sel->handout)
		for (size_t i = 0; i < b->npages; i++) {
			label(d, d->a_page + (int)i, lab, sizeof(lab));
			toc_entry(d, 0, NULL, NULL, b->pages[i].title, R_SANS, 9.5f,
			    d->a_page + (int)i, lab);
		}
	for (size_t c = 0; c < b->ncategories; c++) {
		const struct category *cat = &b->categories[c];

		if (!category_chosen(d, cat))
			continue;
		lay_glue(&d->L, 7, 0);
		label(d, d->a_cat + (int)c, lab, sizeof(lab));
		snprintf(num, sizeof(num), "%zu", cat->number);
		toc_entry(d, 0, num, NULL, cat->title, R_SANSBOLD, 9.5f, d->a_cat + (int)c, lab);
		/* A category heading stays with its first question. */
		d->L.v[d->L.n - 1].keep = 1;
		for (size_t k = 0; k < cat->nquestions; k++) {
			const struct question *q = cat->questions[k];

			if (!d->chosen[q->pos])
				continue;
			label(d, (int)q->pos, lab, sizeof(lab));
			snprintf(num, sizeof(num), "%zu.%zu", cat->number, q->number);
			toc_entry(d, 18, num, md_inline_tree(q->title, d->L.a), NULL, R_BODY, 9,
			    (int)q->pos, lab);
		}
	}
	lay_glue(&d->L, 7, 0);
	if (d->sel->handout) {
		label(d, d->a_back + BACK_SCORE, lab, sizeof(lab));
		toc_entry(d, 0, NULL, NULL, word(d, LB_scorecard), R_SANS, 9.5f,
		    d->a_back + BACK_SCORE, lab);
	}
	label(d, d->a_back + BACK_INDEX, lab, sizeof(lab));
	toc_entry(d, 0, NULL, NULL, word(d, LB_index), R_SANS, 9.5f, d->a_back + BACK_INDEX, lab);
	label(d, d->a_back + BACK_MATRIX, lab, sizeof(lab));
	toc_entry(d, 0, NULL, NULL, word(d, LB_matrix), R_SANS, 9.5f, d->a_back + BACK_MATRIX,
	    lab);
}

/* --- back matter ------------------------------------------------------------------ */

/* Append "N.M p. P" references to the questions qs (chosen ones only). */
static size_t
refs(struct doc *d, struct question *const *qs, size_t n, label_fn label, float size,
    struct span **sp, size_t *cnt, size_t *cap)
{
	size_t added = 0;

	for (size_t i = 0; i < n; i++) {
		const struct question *q = qs[i];
		char lab[32], text[96];
		struct span *s;

		if (!d->chosen[q->pos])
			continue;
		label(d, (int)q->pos, lab, sizeof(lab));
		GROW(*sp, *cap, *cnt + 2);
		one_span(&(*sp)[(*cnt)++], R_BODY, size, d->st->text, added ? ", " : "  ");
		/* No-break spaces keep a reference on one line. */
		snprintf(text, sizeof(text), "%zu.%zu\xc2\xa0%s%s%s", q->category->number,
		    q->number, d->L.page_before, lab, d->L.page_after);
		s = &(*sp)[(*cnt)++];
		one_span(s, R_BODY, size, d->st->accent, arena_strdup(d->L.a, text));
		s->target = (int)q->pos;
		added++;
	}
	return added;
}

/* The first file, in diagnostic order, of the questions that name e. */
static const char *
entry_file(const struct xentry *e)
{
	const char *f = NULL;

	for (size_t i = 0; i < e->nq; i++)
		if (f == NULL || strcmp(e->qs[i]->file, f) < 0)
			f = e->qs[i]->file;
	for (size_t s = 0; s < e->nsubs; s++)
		for (size_t i = 0; i < e->subs[s].nq; i++)
			if (f == NULL || strcmp(e->subs[s].qs[i]->file, f) < 0)
				f = e->subs[s].qs[i]->file;
	return f;
}

static void
index_entry(struct doc *d, const struct xentry *e, float colw, label_fn label)
{
	struct span *sp = NULL;
	size_t n = 0, cap = 0;
	float size = 8.6f, lead = 11.2f, hang = 10;
	struct pstyle ps = { colw - hang, -hang, 1, 0 };

	fontset_source(d->fs, entry_file(e));
	GROW(sp, cap, 1);
	one_span(&sp[n++], R_BODY, size, d->st->text, e->term);
	refs(d, e->qs, e->nq, label, size, &sp, &n, &cap);
	lay_spans(&d->L, sp, n, &ps, d->x + hang, lead, e->nsubs > 0);
	for (size_t s = 0; s < e->nsubs; s++) {
		struct pstyle sub = { colw - 2 * hang - 8, -hang, 1, 0 };

		n = 0;
		GROW(sp, cap, 1);
		one_span(&sp[n++], R_BODY, size, d->st->text, e->subs[s].term);
		if (refs(d, e->subs[s].qs, e->subs[s].nq, label, size, &sp, &n, &cap) > 0)
			lay_spans(&d->L, sp, n, &sub, d->x + 2 * hang + 8, lead,
			    s + 1 < e->nsubs || e->nsee > 0);
	}
	if (e->nsee > 0) {
		struct pstyle see = { colw - 2 * hang, 0, 1, 0 };
		struct buf t = BUF_INIT;

		buf_printf(&t, "%s ", word(d, LB_index_see_also));
		for (size_t s = 0; s < e->nsee; s++)
			buf_printf(&t, "%s%s", s ? ", " : "", e->see[s]->term);
		n = 0;
		one_span(&sp[n++], R_ITALIC, size, d->st->muted, arena_strdup(d->L.a, t.data));
		lay_spans(&d->L, sp, n, &see, d->x + 2 * hang, lead, 0);
		buf_release(&t);
	}
	free(sp);
}

static int
entry_chosen(const struct doc *d, const struct xentry *e)
{
	for (size_t i = 0; i < e->nq; i++)
		if (d->chosen[e->qs[i]->pos])
			return 1;
	for (size_t s = 0; s < e->nsubs; s++)
		for (size_t i = 0; i < e->subs[s].nq; i++)
			if (d->chosen[e->subs[s].qs[i]->pos])
				return 1;
	return 0;
}

static void
cross_index(struct doc *d, label_fn label, float colw)
{
	const struct bank *b = d->b;
	char letter = 0;
	int mark = add_mark(d, word(d, LB_index));

	chapter(d, NULL, word(d, LB_index), word(d, LB_index_lede), d->a_back + BACK_INDEX, mark);
	/* The heading spans both columns: its last box says so. */
	for (size_t i = d->L.n; i-- > 0; )
		if (d->L.v[i].kind == V_BOX) {
			d->L.v[i].span = 1;
			break;
		}
	for (size_t i = 0; i < b->nconcepts; i++) {
		const struct xentry *e = b->concepts[i];

		if (!entry_chosen(d, e))
			continue;
		if (e->letter != letter) {
			struct vitem *v;
			char l[2] = { e->letter, 0 };

			letter = e->letter;
			lay_glue(&d->L, 6, 0);
			v = lay_box(&d->L, 16, 1);
			lay_text(&d->L, v, R_SANSBOLD, 11, d->st->accent, d->x, 12,
			    letter == '#' ? word(d, LB_index_symbols) : l,
			    letter == '#' ? strlen(word(d, LB_index_symbols)) : 1);
		}
		index_entry(d, e, colw, label);
	}
	fontset_source(d->fs, NULL);
}

static void
matrix(struct doc *d, label_fn label)
{
	const struct bank *b = d->b;
	const char *head[] = { word(d, LB_matrix_number), word(d, LB_matrix_question),
		word(d, LB_matrix_category), word(d, LB_matrix_level), word(d, LB_matrix_round),
		word(d, LB_matrix_page) };
	struct md_node *t = mdn(d, MDN_TABLE, NULL);
	int mark = add_mark(d, word(d, LB_matrix));

	chapter(d, NULL, word(d, LB_matrix), word(d, LB_matrix_lede), d->a_back + BACK_MATRIX,
	    mark);
	append(t, row(d, 1, head, 6));
	for (size_t i = 0; i < b->nquestions; i++) {
		const struct question *q = b->questions[i];
		struct md_node *r;
		char num[32], lab[32];

		if (!d->chosen[q->pos])
			continue;
		snprintf(num, sizeof(num), "%zu.%zu", q->category->number, q->number);
		label(d, (int)q->pos, lab, sizeof(lab));
		r = mdn(d, MDN_ROW, NULL);
		append(r, text_cell(d, num));
		append(r, title_cell(d, q));
		append(r, text_cell(d, q->category->title));
		append(r, text_cell(d, q->level ? q->level : "\xe2\x80\x93"));
		append(r, text_cell(d, q->round ? q->round : "\xe2\x80\x93"));
		append(r, text_cell(d, lab));
		append(t, r);
	}
	table_of_questions(d, t);
}

static void
ruled(struct doc *d, const char *label, int keep)
{
	struct vitem *v = lay_box(&d->L, 24, keep);
	struct op *o;
	float lw = 0;

	if (label != NULL)
		lw = lay_text(&d->L, v, R_SANSBOLD, 8, d->st->muted, d->x, 20, label,
		    strlen(label)) + 8;
	o = lay_op(&d->L, v, OP_LINE);
	o->x = d->x + lw;
	o->y = 21;
	o->w = d->w - lw;
	o->lw = 0.4f;
	o->color = d->st->rule;
}

static void
scorecard(struct doc *d)
{
	const char *head[] = { word(d, LB_scorecard_number), word(d, LB_scorecard_question),
		word(d, LB_scorecard_score) };
	struct md_node *t = mdn(d, MDN_TABLE, NULL);
	int mark = add_mark(d, word(d, LB_scorecard));
	struct span s;
	struct buf rec = BUF_INIT;

	chapter(d, NULL, word(d, LB_scorecard), word(d, LB_scorecard_lede), d->a_back + BACK_SCORE,
	    mark);
	ruled(d, caps(d, LB_candidate), 1);
	ruled(d, caps(d, LB_interviewer), 1);
	ruled(d, caps(d, LB_date), 0);
	lay_glue(&d->L, 14, 0);
	append(t, row(d, 1, head, 3));
	for (size_t i = 0; i < d->sel->nq; i++) {
		const struct question *q = d->sel->qs[i];
		struct md_node *r = mdn(d, MDN_ROW, NULL);
		char num[32];

		snprintf(num, sizeof(num), "%zu.%zu", q->category->number, q->number);
		append(r, text_cell(d, num));
		append(r, title_cell(d, q));
		append(r, text_cell(d, "\xe2\x98\x90\xc2\xa0" "1  \xe2\x98\x90\xc2\xa0" "2  "
		    "\xe2\x98\x90\xc2\xa0" "3  \xe2\x98\x90\xc2\xa0" "4"));
		append(t, r);
	}
	table_of_questions(d, t);
	lay_glue(&d->L, 16, 0);
	buf_printf(&rec, "%s   \xe2\x98\x90\xc2\xa0%s    \xe2\x98\x90\xc2\xa0%s    "
	    "\xe2\x98\x90\xc2\xa0%s    \xe2\x98\x90\xc2\xa0%s", word(d, LB_overall_recommendation),
	    word(d, LB_rec_strong_no), word(d, LB_rec_no), word(d, LB_rec_yes),
	    word(d, LB_rec_strong_yes));
	one_span(&s, R_SANSBOLD, 9, d->st->text, arena_strdup(d->L.a, rec.data));
	buf_release(&rec);
	ragged(d, &s, 1, d->x, d->w, 16, 1);
	lay_glue(&d->L, 8, 1);
	ruled(d, caps(d, LB_notes), 1);
	for (int i = 0; i < 5; i++)
		ruled(d, NULL, i < 4);
}

/* --- cover, front matter, body ---------------------------------------------------- */

/* SOURCE_DATE_EPOCH, when set to a number. */
static int
build_date(time_t *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0)
		return 0;
	*t = (time_t)v;
	return 1;
}

/* The largest a logo is drawn on the cover, in points, and the pixels per
 * point an SVG logo is drawn at (300 dpi). */
#define LOGO_W		200.0f
#define LOGO_H		56.0f
#define SVG_PX_PER_PT	(300.0f / 72.0f)

/* qbook.yaml's logo at the top of the cover (v), scaled to fit LOGO_W by
 * LOGO_H, its bottom 12 points above the accent bar at bar_y. */
static void
cover_logo(struct doc *d, struct vitem *v, float bar_y)
{
	const struct image *im = d->b->settings.logo;
	struct buf png = BUF_INIT, why = BUF_INIT;
	float w = LOGO_W, h = LOGO_H;
	int idx;
	struct op *o;

	if (im == NULL)
		return;
	if (im->width / im->height > LOGO_W / LOGO_H)
		h = (float)(LOGO_W * im->height / im->width);
	else
		w = (float)(LOGO_H * im->width / im->height);
	if (im->type != IMAGE_SVG)
		idx = pdf_image(d->pdf, im->data, im->len, im->type == IMAGE_JPEG);
	else if (image_svg_png(im, (int)(w * SVG_PX_PER_PT + 0.5f),
	    (int)(h * SVG_PX_PER_PT + 0.5f), &png, &why) == 0)
		idx = pdf_image(d->pdf, png.data, png.len, 0);
	else {
		diag_system("cannot draw logo '%s' on the cover: %s", im->path, why.data);
		d->failed = 1;
		idx = -1;
	}
	buf_release(&png);
	buf_release(&why);
	if (idx < 0)
		return;		/* a libharu error: pdf_save reports it */
	o = lay_op(&d->L, v, OP_IMAGE);
	o->x = d->x;
	o->y = bar_y - 12 - h;
	o->w = w;
	o->h = h;
	o->target = idx;
}

/* Split page_ref ("p. {n}") at {n} into the layout's page_before and
 * page_after, its spaces made no-break so that a reference stays on one
 * line. */
static void
page_words(struct doc *d)
{
	struct buf b = BUF_INIT, nb = BUF_INIT;
	const char *names[1] = { "n" }, *values[1] = { "\x01" };
	const char *cut;

	label_count(&d->b->labels, LB_page_ref, 1, names, values, 1, &b);
	for (const char *p = b.data ? b.data : ""; *p; p++)
		if (*p == ' ')
			buf_adds(&nb, "\xc2\xa0");
		else
			buf_addc(&nb, *p);
	cut = nb.data ? strchr(nb.data, '\x01') : NULL;
	d->L.page_before = arena_strndup(&d->words, nb.data ? nb.data : "",
	    cut ? (size_t)(cut - nb.data) : nb.len);
	d->L.page_after = arena_strdup(&d->words, cut ? cut + 1 : "");
	buf_release(&b);
	buf_release(&nb);
}

/* The layout's image_size (layout.h): 96 pixels to the inch. */
static int
image_size(void *ctx, int id, float *w, float *h)
{
	const struct doc *d = ctx;
	const struct image *im;

	if (id < 0 || (size_t)id >= d->b->nimages)
		return -1;
	im = &d->b->images[id].im;
	*w = (float)(im->width * 0.75);
	*h = (float)(im->height * 0.75);
	return *w > 0 && *h > 0 ? 0 : -1;
}

/* The layout's image_draw: each bank image embedded once (an SVG drawn at
 * 300 dpi for the size it is first shown at). */
static int
image_draw(void *ctx, int id, float w, float h)
{
	struct doc *d = ctx;
	const struct image *im = &d->b->images[id].im;
	struct buf png = BUF_INIT, why = BUF_INIT;
	int px = (int)(w * SVG_PX_PER_PT + 0.5f), py = (int)(h * SVG_PX_PER_PT + 0.5f);

	if (d->img == NULL) {
		d->img = xmalloc(sizeof(int) * (d->b->nimages + 1));
		for (size_t i = 0; i < d->b->nimages; i++)
			d->img[i] = -1;
	}
	if (d->img[id] >= 0)
		return d->img[id];
	/* librsvg draws at most 4096 pixels a side. */
	if (px > 4096 || py > 4096) {
		float k = 4096.0f / (float)(px > py ? px : py);

		px = (int)((float)px * k);
		py = (int)((float)py * k);
	}
	if (im->type != IMAGE_SVG)
		d->img[id] = pdf_image(d->pdf, im->data, im->len, im->type == IMAGE_JPEG);
	else if (image_svg_png(im, px > 0 ? px : 1, py > 0 ? py : 1, &png, &why) == 0)
		d->img[id] = pdf_image(d->pdf, png.data, png.len, 0);
	else {
		diag_system("cannot draw image '%s' in the guide: %s", im->path, why.data);
		d->failed = 1;
	}
	buf_release(&png);
	buf_release(&why);
	return d->img[id];
}

static void
cover(struct doc *d)
{
	const struct settings *set = &d->b->settings;
	const struct pdfstyle *st = d->st;
	struct layout *L = &d->L;
	struct span s;
	struct vitem *v;
	char count[128], date[64];
	time_t t;
	const char *kicker = caps(d, d->sel->handout ? LB_handout_kind : LB_guide_kind);
	const char *title = d->sel->handout ? d->sel->title : set->title;
	const char *subtitle = d->sel->handout ? set->title : set->subtitle;

	v = lay_box(L, 150, 1);
	v->plain = 1;
	{
		struct op *o = lay_op(L, v, OP_FILL);

		o->x = d->x;
		o->y = 100;
		o->w = 56;
		o->h = 5;
		o->color = st->accent;
	}
	cover_logo(d, v, 100);
	lay_text(L, v, R_SANSBOLD, 9.5f, st->accent, d->x, 140, kicker, strlen(kicker));
	lay_glue(L, 10, 1);
	one_span(&s, R_SANSBOLD, 30, st->text, title);
	ragged(d, &s, 1, d->x, d->w, 36, 1);
	if (subtitle != NULL && subtitle[0] != '\0') {
		lay_glue(L, 10, 1);
		one_span(&s, R_ITALIC, 15, st->muted, subtitle);
		ragged(d, &s, 1, d->x, d->w, 20, 1);
	}
	lay_glue(L, 40, 1);
	{
		size_t ncat = 0;
		struct buf sum = BUF_INIT;
		const char *names[2] = { "questions", "categories" }, *values[2];

		for (size_t c = 0; c < d->b->ncategories; c++)
			ncat += (size_t)category_chosen(d, &d->b->categories[c]);
		values[0] = label_count_in(&d->b->labels, LB_footer_questions, d->sel->nq, d->L.a);
		values[1] = label_count_in(&d->b->labels, LB_categories_count, ncat, d->L.a);
		label_count(&d->b->labels, LB_cover_summary, d->sel->nq, names, values, 2, &sum);
		snprintf(count, sizeof(count), "%s", sum.data ? sum.data : "");
		buf_release(&sum);
	}
	one_span(&s, R_SANS, 11, st->text, count);
	ragged(d, &s, 1, d->x, d->w, 16, 1);
	if (set->organization != NULL && set->organization[0] != '\0') {
		one_span(&s, R_SANS, 11, st->text, set->organization);
		ragged(d, &s, 1, d->x, d->w, 16, 1);
	}
	if (build_date(&t)) {
		struct tm tm;

		struct buf when = BUF_INIT;

		gmtime_r(&t, &tm);
		label_date(&d->b->labels, tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, &when);
		snprintf(date, sizeof(date), "%s", when.data ? when.data : "");
		buf_release(&when);
		one_span(&s, R_SANS, 11, st->muted, arena_strdup(d->L.a, date));
		ragged(d, &s, 1, d->x, d->w, 16, 1);
	}
	L->v[L->n - 1].keep = 0;
}

static void
front_matter(struct doc *d)
{
	const struct bank *b = d->b;

	for (size_t i = 0; i < b->npages; i++) {
		const struct page *pg = &b->pages[i];
		int mark = add_mark(d, pg->title);

		fontset_source(d->fs, pg->file);
		chapter(d, NULL, pg->title, pg->summary, d->a_page + (int)i, mark);
		lay_markdown(&d->L, md_tree(pg->body, MD_NOTES, d->L.a), d->x, d->w);
	}
}

/* --- characters no font has -------------------------------------------------------- */

/* By code point, then file in diagnostic order (NULL last). */
static int
miss_order(const void *pa, const void *pb)
{
	const struct miss *a = pa, *b = pb;

	if (a->cp != b->cp)
		return a->cp < b->cp ? -1 : 1;
	if (a->file == NULL || b->file == NULL)
		return (a->file == NULL) - (b->file == NULL);
	return strcmp(a->file, b->file);
}

/* By file (NULL last), then code point. */
static int
miss_file_order(const void *pa, const void *pb)
{
	const struct miss *a = pa, *b = pb;
	int c = (a->file == NULL) - (b->file == NULL);

	if (c == 0 && a->file != NULL)
		c = strcmp(a->file, b->file);
	return c != 0 ? c : (a->cp > b->cp) - (a->cp < b->cp);
}

/* What to do about a character no installed font has: the Debian package
 * of a font with it whose outlines a PDF can embed, or why none will do. */
static const char *
font_hint(unsigned cp)
{
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return "it is a noncharacter, which no font draws: remove it";
	if (cp >= 0x1F000 && cp <= 0x1FAFF)
		return "install a font whose emoji are outlines (Debian: fonts-symbola); "
		    "fonts-noto-color-emoji draws them as colour images, which a PDF font "
		    "cannot hold";
	if (cp >= 0x1D400 && cp <= 0x1D7FF)
		return "install a font with mathematical letters (Debian: fonts-dejavu-core "
		    "has some, fonts-stix all)";
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
	    (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF))
		return "install a font that has it (Debian: fonts-noto-cjk, with the "
		    "regional forms of Chinese, Japanese and Korean)";
	return "install a font that has it (Debian: fonts-noto-core has most scripts)";
}

/* The bank's files in diagnostic order, read when first searched. */
struct bank_texts {
	const char	**files;
	struct buf	 *text;
	char		 *read;
	size_t		  n;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
bank_texts_init(struct bank_texts *bt, const struct bank *b)
{
	size_t n = 1 + b->npages + b->ncategories + b->nquestions;

	bt->files = xcalloc(n, sizeof(*bt->files));
	bt->text = xcalloc(n, sizeof(*bt->text));
	bt->read = xcalloc(n, 1);
	bt->n = 0;
	if (b->settings.file != NULL)
		bt->files[bt->n++] = b->settings.file;
	for (size_t i = 0; i < b->npages; i++)
		bt->files[bt->n++] = b->pages[i].file;
	for (size_t i = 0; i < b->ncategories; i++)
		bt->files[bt->n++] = b->categories[i].file;
	for (size_t i = 0; i < b->nquestions; i++)
		bt->files[bt->n++] = b->questions[i]->file;
	qsort(bt->files, bt->n, sizeof(*bt->files), by_name);
}

static void
bank_texts_free(struct bank_texts *bt)
{
	for (size_t i = 0; i < bt->n; i++)
		buf_release(&bt->text[i]);
	free(bt->files);
	free(bt->text);
	free(bt->read);
}

/* Whether file i of bt has u, and where. */
static int
has_char(struct bank_texts *bt, size_t i, const char *u, int *line, int *col)
{
	const char *at;
	size_t size;

	if (!bt->read[i]) {
		bt->read[i] = 1;
		if (fsx_read(bt->files[i], SIZE_MAX / 2, &bt->text[i], &size) != 0)
			buf_reset(&bt->text[i]);
	}
	/* Bank files hold no NUL bytes (load refuses them). */
	if (bt->text[i].len == 0 || (at = strstr(bt->text[i].data, u)) == NULL)
		return 0;
	utf8_pos(bt->text[i].data, (size_t)(at - bt->text[i].data), line, col);
	return 1;
}

/* Where u is in file (one of the bank's), or else the first file of the
 * bank that has it; NULL when none does. */
static const char *
place_of(struct bank_texts *bt, const char *file, const char *u, int *line, int *col)
{
	const char **hit = file != NULL ? bsearch(&file, bt->files, bt->n,
	    sizeof(*bt->files), by_name) : NULL;

	if (hit != NULL && has_char(bt, (size_t)(hit - bt->files), u, line, col))
		return file;
	for (size_t i = 0; i < bt->n; i++)
		if (has_char(bt, i, u, line, col))
			return bt->files[i];
	return NULL;
}

/* qbook's own words (labels.h) as the guide may draw them, as written and
 * in capitals, and the months, into out. */
static void
words_text(const struct bank *b, struct buf *out)
{
	for (int k = 0; k < LB_COUNT; k++)
		for (int p = 0; p < PL_N; p++)
			if (b->labels.form[k][p] != NULL) {
				buf_adds(out, b->labels.form[k][p]);
				utf8_upper(b->labels.form[k][p], out);
			}
	for (int m = 0; m < 12; m++)
		if (b->labels.month[m] != NULL)
			buf_adds(out, b->labels.month[m]);
}

void
guide_report_misses(const struct bank *b, struct miss *m, size_t n, struct diags *d)
{
	struct buf words = BUF_INIT;
	struct bank_texts bt;
	size_t k = 0;

	bank_texts_init(&bt, b);
	/* Each character once, with its first file. */
	qsort(m, n, sizeof(*m), miss_order);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || m[k - 1].cp != m[i].cp)
			m[k++] = m[i];
	qsort(m, k, sizeof(*m), miss_file_order);
	for (size_t i = 0; i < k; i++) {
		const char *file = m[i].file != NULL ? m[i].file : b->settings.file, *at;
		char u[5];
		int line = 0, col = 0;

		u[utf8_put(u, m[i].cp)] = '\0';
		/* Where the guide drew it, else (one of qbook's words drawn
		 * amid that file's text) the first file that has it, else
		 * those words. */
		if ((at = place_of(&bt, file, u, &line, &col)) != NULL) {
			diag(d, D_NO_GLYPH, at, line, col, u, (unsigned)m[i].cp, font_hint(m[i].cp));
			continue;
		}
		if (words.len == 0)
			words_text(b, &words);
		if (words.len > 0 && strstr(words.data, u) != NULL)
			diag(d, D_NO_GLYPH_WORDS, b->settings.file, b->settings.language_line,
			    b->settings.language_col, u, (unsigned)m[i].cp, font_hint(m[i].cp));
		else
			diag(d, D_NO_GLYPH, file, 0, 0, u, (unsigned)m[i].cp, font_hint(m[i].cp));
	}
	bank_texts_free(&bt);
	buf_release(&words);
}

/* Which characters check_glyphs has tried, and which of them no font has
 * (bitmaps of every code point). */
struct glyph_scan {
	struct fontset	*fs;
	unsigned char	*seen, *missed;
	int		 rtl;		/* the bank's language runs right to left */
};

#define CP_BITS	((0x10FFFF >> 3) + 1)

/* Try each character of s[0..len) once; a missed one again in each file,
 * so that it is reported in the first (fontset_source). */
static void
scan_one(struct glyph_scan *g, long cp)
{
	size_t k = cp >= 0 && cp <= 0x10FFFF ? (size_t)cp : 0xFFFD;
	unsigned char bit = (unsigned char)(1u << (k & 7));

	if (!(g->seen[k >> 3] & bit)) {
		g->seen[k >> 3] |= bit;
		if (!fontset_check(g->fs, R_BODY, cp))
			g->missed[k >> 3] |= bit;
	} else if (g->missed[k >> 3] & bit)
		fontset_check(g->fs, R_BODY, cp);
}

static void
scan(struct glyph_scan *g, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t *cps;
	int *lev;

	while (s != NULL && i < len)
		scan_one(g, utf8_next(s, len, &i));
	/* Right-to-left text is drawn mirrored (bidi.h): those characters
	 * are drawn, so tried too. */
	if (s == NULL || len == 0 || (!g->rtl && !bidi_has_rtl(s, len)))
		return;
	n = bidi_prepare_utf8(s, len, g->rtl, &cps, &lev);
	for (size_t k = 0; k < n; k++)
		scan_one(g, (long)cps[k]);
	free(cps);
	free(lev);
}

static void
scan_str(struct glyph_scan *g, const char *s)
{
	if (s != NULL)
		scan(g, s, strlen(s));
}

/* Body doc, from file: its Markdown as written, which holds every
 * character its text does (the markup is ASCII) unless an entity (&#...;)
 * stands for one: then its plain text, parsed again. */
static void
scan_body(struct glyph_scan *g, const char *file, const struct md_doc *doc)
{
	struct buf text = BUF_INIT;
	size_t len;
	const char *src;

	if (doc == NULL)
		return;
	fontset_source(g->fs, file);
	src = md_source(doc, &len);
	if (memchr(src, '&', len) == NULL) {
		scan(g, src, len);
		return;
	}
	for (int p = 0; p < MD_NPARTS; p++)
		md_plain_text(doc, (enum md_part)p, &text);
	scan(g, text.data, text.len);
	md_unload((struct md_doc *)doc);
	buf_release(&text);
}

/* qbook's own words, as the guide draws them (and in capitals), from
 * qbook.yaml (which chooses them with language:). */
static void
scan_words(struct glyph_scan *g, const struct bank *b)
{
	struct buf w = BUF_INIT;

	words_text(b, &w);
	fontset_source(g->fs, b->settings.file);
	scan(g, w.data, w.len);
	buf_release(&w);
}

int
guide_check_glyphs(const struct bank *b, const struct pdfstyle *st, struct diags *d)
{
	const struct settings *set = &b->settings;
	struct pdf *pdf = pdf_new(st->page_w, st->page_h);
	struct glyph_scan g = { fontset_new(pdf, &st->fam), NULL, NULL,
		labels_rtl(set->language) };
	struct miss *m;
	size_t n;

	if (g.fs == NULL) {
		pdf_free(pdf);
		return -1;
	}
	fontset_language(g.fs, set->language);
	g.seen = xcalloc(CP_BITS, 1);
	g.missed = xcalloc(CP_BITS, 1);
	fontset_source(g.fs, set->file);
	scan_str(&g, set->title);
	scan_str(&g, set->subtitle);
	scan_str(&g, set->organization);
	for (size_t i = 0; i < set->nlevels; i++)
		scan_str(&g, set->levels[i]);
	for (size_t i = 0; i < set->nrounds; i++) {
		scan_str(&g, set->rounds[i].title);
		scan_str(&g, set->rounds[i].description);
	}
	for (size_t i = 0; i < set->nguides; i++)
		scan_str(&g, set->guides[i].title);
	for (size_t i = 0; i < b->npages; i++) {
		fontset_source(g.fs, b->pages[i].file);
		scan_str(&g, b->pages[i].title);
		scan_str(&g, b->pages[i].summary);
		scan_body(&g, b->pages[i].file, b->pages[i].body);
	}
	for (size_t i = 0; i < b->ncategories; i++) {
		fontset_source(g.fs, b->categories[i].file);
		scan_str(&g, b->categories[i].title);
		scan_str(&g, b->categories[i].summary);
		scan_body(&g, b->categories[i].file, b->categories[i].intro);
	}
	for (size_t i = 0; i < b->nquestions; i++) {
		const struct question *q = b->questions[i];

		fontset_source(g.fs, q->file);
		scan_str(&g, q->title);
		for (size_t k = 0; k < q->ntags; k++)
			scan_str(&g, q->tags[k].s);
		for (size_t k = 0; k < q->nindex; k++)
			scan_str(&g, q->index[k].s);
		scan_body(&g, q->file, q->body);
	}
	scan_words(&g, b);
	m = fontset_misses(g.fs, &n);
	guide_report_misses(b, m, n, d);
	free(m);
	free(g.seen);
	free(g.missed);
	fontset_free(g.fs);
	pdf_free(pdf);
	return 0;
}

/* --- pages ----------------------------------------------------------------------- */

enum { ARR_COVER, ARR_TOC, ARR_FRONT, ARR_MAIN, ARR_N };

struct parts {
	struct lpage	*p[ARR_N];
	size_t		 n[ARR_N], cap[ARR_N];
	size_t		 drawn[ARR_N];	/* pages of each part already drawn */
	int		*arr;		/* anchor -> part, -1 unset */
	int		*idx;		/* anchor -> page within the part */
	float		*y;		/* anchor -> y from the page top */
};

static struct parts *parts_of;	/* for anchor_label; one build at a time */

/* Where each anchor first appears: its part and page there, or its page
 * and y in the whole document. */
struct anchor_scan {
	const struct doc *d;
	int		*part, *page;	/* per anchor; part (or else page) -1
					 * while unset */
	float		*y;		/* or NULL */
	int		 arr, pg;	/* what is being scanned */
};

static void
found_dest(void *ctx, const struct op *o)
{
	struct anchor_scan *s = ctx;
	int *seen = s->part != NULL ? s->part : s->page;

	if (o->target < 0 || o->target >= s->d->nanchors || seen[o->target] >= 0)
		return;
	if (s->part != NULL)
		s->part[o->target] = s->arr;
	s->page[o->target] = s->pg;
	if (s->y != NULL)
		s->y[o->target] = o->y;
}

/* Record the anchors on the pages of part arr from page first on. */
static void
scan_anchors(struct doc *d, struct parts *pt, int arr, size_t first)
{
	struct anchor_scan s = { d, pt->arr, pt->idx, pt->y, arr, 0 };

	for (size_t i = first; i < pt->n[arr]; i++) {
		s.pg = (int)i;
		lpage_dests(&d->L, &pt->p[arr][i], found_dest, &s);
	}
}

static void
anchor_label(const struct doc *d, int anchor, char *out, size_t size)
{
	const struct parts *pt = parts_of;

	size_t pg;

	if (anchor < 0 || pt->arr[anchor] < 0) {
		snprintf(out, size, "?");
		return;
	}
	/* The parts before the anchor's, with the contents at their assumed
	 * length (they may be being laid out). */
	pg = (size_t)pt->idx[anchor];
	switch (pt->arr[anchor]) {
	case ARR_MAIN:
		/* The body is numbered from 1 whatever comes before it. */
		snprintf(out, size, "%zu", pg + 1);
		return;
	case ARR_FRONT:
		pg += d->ntoc;
		/* FALLTHROUGH */
	case ARR_TOC:
		pg += pt->n[ARR_COVER];
		break;
	default:
		break;
	}
	page_label(d, pg, out, size);
}

static void
flow(struct doc *d, struct parts *pt, size_t from, int arr, int ncols)
{
	float gap = 20, colw = ncols > 1 ? (d->w - gap) / (float)ncols : d->w;
	size_t first = pt->n[arr];

	if (d->L.n > from)
		lay_paginate(&d->L, from, d->L.n, ncols, colw, gap, &pt->p[arr], &pt->n[arr],
		    &pt->cap[arr]);
	scan_anchors(d, pt, arr, first);
}

/* Text drawn straight onto a page (running heads and folios). */
static void
page_text(struct doc *d, struct lpage *pg, int role, float size, uint32_t color,
    float x, float y, const char *s)
{
	lay_text_arena(&d->L, role, size, color, x, y, s, strlen(s), &pg->ops, &pg->nops,
	    &pg->cap);
}

/* Running head (guide title, section) and folio on every page but the cover. */
static void
furniture(struct doc *d, struct lpage *all, size_t n, size_t nmain)
{
	const struct pdfstyle *st = d->st;
	const char *title = d->sel->handout ? d->sel->title : d->b->settings.title;
	float head = st->top - 30, foot = st->page_h - st->bottom + 36;

	for (size_t i = 1; i < n; i++) {
		struct lpage *pg = &all[i];
		char lab[32], folio[64];
		float w;

		page_label(d, i, lab, sizeof(lab));
		if (i < d->nfront)
			snprintf(folio, sizeof(folio), "%s", lab);
		else
		{
			char total[24];
			struct buf f = BUF_INIT;
			const char *names[2] = { "n", "total" }, *values[2] = { lab, total };

			snprintf(total, sizeof(total), "%zu", nmain);
			/* {n} is the page's label. */
			label_count(&d->b->labels, LB_page_of, nmain, names, values, 2, &f);
			snprintf(folio, sizeof(folio), "%s", f.data ? f.data : "");
			buf_release(&f);
		}
		w = typeset_width(d->fs, R_SANS, 7.5f, folio, strlen(folio));
		page_text(d, pg, R_SANS, 7.5f, st->muted, st->left + (d->w - w) / 2, foot, folio);
		if (pg->plain)
			continue;
		page_text(d, pg, R_SANS, 7.5f, st->muted, st->left, head, title);
		if (pg->mark >= 0) {
			const char *m = d->marks[pg->mark];

			w = typeset_width(d->fs, R_SANS, 7.5f, m, strlen(m));
			page_text(d, pg, R_SANS, 7.5f, st->muted, st->left + d->w - w, head, m);
		}
		GROW(pg->ops, pg->cap, pg->nops + 1);
		memset(&pg->ops[pg->nops], 0, sizeof(struct op));
		pg->ops[pg->nops].kind = OP_LINE;
		pg->ops[pg->nops].x = st->left;
		pg->ops[pg->nops].y = head + 6;
		pg->ops[pg->nops].w = d->w;
		pg->ops[pg->nops].lw = 0.4f;
		pg->ops[pg->nops].color = st->rule;
		pg->nops++;
	}
}

/* The page numbers q: links cite, now that every anchor's page is known:
 * each at the end of the room kept for it. */
static void
page_references(struct doc *d, struct lpage *all, size_t n)
{
	for (size_t i = 0; i < d->nrefs; i++) {
		const struct pageref *r = &d->refs[i];
		char lab[32];
		float w;

		if (r->page < 0 || (size_t)r->page >= n)
			continue;
		anchor_label(d, r->anchor, lab, sizeof(lab));
		w = typeset_width(d->fs, r->role, r->size, lab, strlen(lab));
		page_text(d, &all[r->page], r->role, r->size, r->color, r->x + r->w - w, r->y, lab);
	}
}

/* A URI as PDF wants it: ASCII, with unsafe bytes percent-encoded. */
static char *
uri_ascii(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c))
			buf_printf(&b, "%%%02X", c);
		else
			buf_addc(&b, (char)c);
	}
	return buf_detach(&b, NULL);
}

/* Draw the text ops from ops[k] on that share a face, size, colour and
 * baseline as one line; returns the index after them. */
static size_t
text_run(struct doc *d, int pg, const struct op *ops, size_t k, size_t n)
{
	const struct op *o = &ops[k];
	struct pdf_seg *segs = NULL;
	size_t nseg = 0, cap = 0, j;

	for (j = k; j < n; j++) {
		const struct op *t = &ops[j];

		if (t->kind != OP_TEXT || t->face != o->face || t->size != o->size ||
		    t->color != o->color || t->lw != o->lw || t->y != o->y ||
		    (j > k && t->x < ops[j - 1].x))
			break;
		GROW(segs, cap, nseg + 1);
		segs[nseg].x = t->x;
		segs[nseg].s = t->s;
		segs[nseg].space = t->space;
		segs[nseg++].len = t->len;
	}
	pdf_text_line(d->pdf, pg, o->face, o->size, o->color, o->lw, d->st->page_h - o->y,
	    segs, nseg);
	free(segs);
	return j;
}

/*
 * Merge fill ops[k] with the later fills that continue it downwards (a
 * box drawn line by line, whatever is drawn between); those are marked
 * done.  Returns the merged height.
 */
static float
merged_fill(const struct op *ops, size_t k, size_t n, char *done)
{
	const struct op *o = &ops[k];
	float h = o->h;

	for (size_t j = k + 1; j < n; j++) {
		const struct op *t = &ops[j];

		if (t->kind == OP_FILL && !done[j] && t->x == o->x && t->w == o->w &&
		    t->color == o->color && fabsf(t->y - (o->y + h)) < 0.01f) {
			h += t->h;
			done[j] = 1;
		}
	}
	return h;
}

/*
 * Draw one page in layers: fills (backgrounds) first, then rules, boxes
 * and images, then all text in one text object, then the links.  Layering keeps
 * text above its backgrounds and the content stream short.
 */
static void
draw_page(struct doc *d, int pg, const struct op *ops, size_t n)
{
	float H = d->st->page_h;
	char *done = xcalloc(n + 1, 1);
	struct op *flipped = NULL;

	/* Page references are placed in the page's own coordinates, and
	 * drawn through here again. */
	for (size_t k = 0; k < n; k++) {
		const struct op *o = &ops[k];

		if (o->kind == OP_PAGEREF) {
			GROW(d->refs, d->rcap, d->nrefs + 1);
			d->refs[d->nrefs++] = (struct pageref){ pg, o->x, o->y, o->w, o->size,
				o->color, (int)o->len, o->target };
		}
	}
	if (d->mirror) {	/* a right-to-left guide (typeset.h) */
		flipped = xmalloc(sizeof(*flipped) * (n + 1));
		memcpy(flipped, ops, sizeof(*flipped) * n);
		typeset_flip(flipped, n, 0, d->st->page_w);
		ops = flipped;
	}

	for (size_t k = 0; k < n; k++) {
		const struct op *o = &ops[k];
		float h;

		if (o->kind != OP_FILL || done[k])
			continue;
		h = merged_fill(ops, k, n, done);
		pdf_fill_rect(d->pdf, pg, o->x, H - o->y - h, o->w, h, o->color);
	}
	free(done);
	for (size_t k = 0; k < n; k++) {
		const struct op *o = &ops[k];

		if (o->kind == OP_STROKE)
			pdf_stroke_rect(d->pdf, pg, o->x, H - o->y - o->h, o->w, o->h,
			    o->color, o->lw);
		else if (o->kind == OP_LINE)
			pdf_line(d->pdf, pg, o->x, H - o->y, o->x + o->w, H - o->y - o->h,
			    o->color, o->lw);
		else if (o->kind == OP_IMAGE)
			pdf_draw_image(d->pdf, pg, o->target, o->x, H - o->y - o->h, o->w, o->h,
			    o->s);
	}
	for (size_t k = 0; k < n; )
		k = ops[k].kind == OP_TEXT ? text_run(d, pg, ops, k, n) : k + 1;
	for (size_t k = 0; k < n; k++) {
		const struct op *o = &ops[k];

		if ((o->kind == OP_LINK && o->target >= 0) || o->kind == OP_URI) {
			GROW(d->links, d->lcap, d->nlinks + 1);
			d->links[d->nlinks++] = (struct pending){ pg, o->x, H - o->y - o->h,
			    o->w, o->h, o->kind == OP_LINK ? o->target : -1,
			    o->kind == OP_URI ? uri_ascii(o->s) : NULL };
		}
	}
	free(flipped);
}

/* Draw page pg from what lpage holds, finish it and free the lpage. */
static void
draw_lpage(struct doc *d, int pg, struct lpage *lp)
{
	struct op *ops;
	size_t nops;

	lpage_ops(&d->L, lp, &ops, &nops);
	draw_page(d, pg, ops, nops);
	pdf_page_done(d->pdf, pg);
	free(ops);
	lpage_free(lp);
}

/*
 * Draw the pages of part arr that are not drawn yet, then empty the
 * layout: the guide is drawn as it is laid out, so memory does not grow
 * with its length.  What a page cannot know yet (its folio, the contents
 * before it, where a link goes) is added when the guide is finished.
 */
static void
emit(struct doc *d, struct parts *pt, int arr)
{
	for (size_t i = pt->drawn[arr]; i < pt->n[arr]; i++)
		draw_lpage(d, pdf_add_page(d->pdf), &pt->p[arr][i]);
	pt->drawn[arr] = pt->n[arr];
	d->L.n = 0;
	arena_release(&d->a);
}

/* The links, now that every page and anchor is known. */
static void
make_links(struct doc *d)
{
	for (size_t i = 0; i < d->nlinks; i++) {
		const struct pending *l = &d->links[i];

		if (l->uri != NULL)
			pdf_uri(d->pdf, l->page, l->x, l->y, l->w, l->h, l->uri);
		else if (d->apage[l->anchor] >= 0)
			pdf_link(d->pdf, l->page, l->x, l->y, l->w, l->h,
			    d->apage[l->anchor], d->st->page_h - d->ay[l->anchor] + 6);
		free(l->uri);
	}
	free(d->links);
}

static void
bookmarks(struct doc *d, const int *apage, const float *ay)
{
	const struct bank *b = d->b;
	float H = d->st->page_h;
	struct buf t = BUF_INIT;

	for (size_t c = 0; c < b->ncategories; c++) {
		const struct category *cat = &b->categories[c];
		int a = d->a_cat + (int)c, parent;

		if (apage[a] < 0)
			continue;
		buf_reset(&t);
		buf_printf(&t, "%zu. %s", cat->number, cat->title);
		parent = pdf_outline(d->pdf, -1, t.data, apage[a], H - ay[a] + 6, 0);
		for (size_t k = 0; k < cat->nquestions; k++) {
			const struct question *q = cat->questions[k];

			if (!d->chosen[q->pos] || apage[q->pos] < 0)
				continue;
			buf_reset(&t);
			buf_printf(&t, "%zu.%zu ", cat->number, q->number);
			md_inline(q->title, NULL, &t);
			pdf_outline(d->pdf, parent, t.data, apage[q->pos], H - ay[q->pos] + 6, 0);
		}
	}
	buf_release(&t);
}

static void
metadata(struct doc *d)
{
	const struct settings *set = &d->b->settings;
	struct buf title = BUF_INIT, kw = BUF_INIT;
	time_t t = 0;
	int dated = build_date(&t);

	buf_adds(&title, set->title);
	if (d->sel->handout)
		buf_printf(&title, " \xe2\x80\x94 %s", d->sel->title);
	for (size_t c = 0; c < d->b->ncategories; c++)
		buf_printf(&kw, "%s%s", c ? ", " : "", d->b->categories[c].title);
	pdf_info(d->pdf, title.data, set->organization,
	    set->subtitle ? set->subtitle : word(d, LB_guide_default_title), kw.data, dated, t,
	    set->language);
	buf_release(&title);
	buf_release(&kw);
}

/* The body, drawn chapter by chapter: each starts a page. */
static void
body(struct doc *d, struct parts *pt)
{
	const struct bank *b = d->b;

	for (size_t c = 0; c < b->ncategories; c++) {
		const struct category *cat = &b->categories[c];
		char label[48];
		int first = 1;

		if (!category_chosen(d, cat))
			continue;
		{
			struct buf ch = BUF_INIT, up = BUF_INIT;

			label_count(&d->b->labels, LB_chapter, cat->number, NULL, NULL, 0, &ch);
			utf8_upper(ch.data ? ch.data : "", &up);
			snprintf(label, sizeof(label), "%s", up.data ? up.data : "");
			buf_release(&ch);
			buf_release(&up);
		}
		fontset_source(d->fs, cat->file);
		chapter(d, label, cat->title, cat->summary, d->a_cat + (int)c,
		    add_mark(d, cat->title));
		if (cat->intro != NULL && d->sel->handout == 0) {
			lay_markdown(&d->L, md_tree(cat->intro, MD_NOTES, d->L.a), d->x, d->w);
			lay_glue(&d->L, 16, 0);
		}
		for (size_t k = 0; k < cat->nquestions; k++)
			if (d->chosen[cat->questions[k]->pos]) {
				question(d, cat->questions[k], first);
				first = 0;
			}
		flow(d, pt, 0, ARR_MAIN, 1);
		emit(d, pt, ARR_MAIN);
	}
}

/* The contents cite roman numbers that depend on their own length: lay
 * them out until that length is stable (the numbers sit in a column of
 * fixed width, so the second pass settles it).  They are drawn last. */
static void
lay_out_contents(struct doc *d, struct parts *pt)
{
	size_t ntoc = 1;

	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < pt->n[ARR_TOC]; i++)
			lpage_free(&pt->p[ARR_TOC][i]);
		pt->n[ARR_TOC] = 0;
		pt->arr[d->a_back + BACK_TOC] = -1;
		d->ntoc = ntoc;
		d->nfront = pt->n[ARR_COVER] + ntoc + pt->n[ARR_FRONT];
		d->L.n = 0;
		arena_release(&d->a);
		contents(d, anchor_label);
		flow(d, pt, 0, ARR_TOC, 1);
		if (pt->n[ARR_TOC] == ntoc)
			break;
		ntoc = pt->n[ARR_TOC];
	}
	d->nfront = pt->n[ARR_COVER] + pt->n[ARR_TOC] + pt->n[ARR_FRONT];
}

/* Lay out and draw everything but the contents, part by part (the body
 * chapter by chapter: each starts a page). */
static void
lay_out(struct doc *d, struct parts *pt)
{
	fontset_source(d->fs, d->b->settings.file);
	cover(d);
	flow(d, pt, 0, ARR_COVER, 1);
	emit(d, pt, ARR_COVER);
	if (!d->sel->handout)
		front_matter(d);
	flow(d, pt, 0, ARR_FRONT, 1);
	emit(d, pt, ARR_FRONT);
	body(d, pt);
	/* What follows repeats text of the files above, except index terms
	 * (see index_entry). */
	fontset_source(d->fs, NULL);
	if (d->sel->handout) {
		scorecard(d);
		flow(d, pt, 0, ARR_MAIN, 1);
		emit(d, pt, ARR_MAIN);
	}
	cross_index(d, anchor_label, (d->w - 20) / 2);
	flow(d, pt, 0, ARR_MAIN, 2);
	emit(d, pt, ARR_MAIN);
	matrix(d, anchor_label);
	flow(d, pt, 0, ARR_MAIN, 1);
	emit(d, pt, ARR_MAIN);
	lay_out_contents(d, pt);
}

/*
 * The contents go in between the cover and the pages after it; then every
 * anchor's page is known, and with the page count each page's furniture
 * (running head and folio, in a content stream of its own) and the links.
 */
static void
finish(struct doc *d, struct parts *pt)
{
	size_t ncover = pt->n[ARR_COVER], ntoc = pt->n[ARR_TOC], n = 0, cap = 0;
	size_t base[ARR_N];
	struct lpage *all = NULL;

	for (size_t i = 0; i < ntoc; i++)
		pdf_insert_page(d->pdf, (int)(ncover + i));
	for (size_t i = 0; i < d->nlinks; i++)
		if ((size_t)d->links[i].page >= ncover)
			d->links[i].page += (int)ntoc;
	for (size_t i = 0; i < d->nrefs; i++)
		if ((size_t)d->refs[i].page >= ncover)
			d->refs[i].page += (int)ntoc;
	for (int a = 0; a < ARR_N; a++) {
		base[a] = n;
		GROW(all, cap, n + pt->n[a] + 1);
		if (pt->n[a] > 0)
			memcpy(all + n, pt->p[a], pt->n[a] * sizeof(*all));
		n += pt->n[a];
	}
	for (int a = 0; a < d->nanchors; a++)
		if (pt->arr[a] >= 0) {
			d->apage[a] = (int)(base[pt->arr[a]] + (size_t)pt->idx[a]);
			d->ay[a] = pt->y[a];
		}
	furniture(d, all, n, n - d->nfront);
	page_references(d, all, n);
	for (size_t i = 0; i < n; i++) {
		int toc = i >= ncover && i < ncover + ntoc;

		if (!toc && all[i].nops == 0)
			continue;
		if (!toc)
			pdf_page_reopen(d->pdf, (int)i);
		draw_lpage(d, (int)i, &all[i]);
	}
	free(all);
	make_links(d);
}

int
guide_build(const struct bank *b, const struct pdfstyle *st, const struct guide_sel *sel,
    const char *name, struct buf *out, size_t *pages, struct miss **misses, size_t *nmisses)
{
	struct doc d;
	struct parts pt;
	int rc = 0;

	memset(&d, 0, sizeof(d));
	memset(&pt, 0, sizeof(pt));
	*misses = NULL;
	*nmisses = 0;
	d.b = b;
	d.sel = sel;
	d.st = st;
	d.x = st->left;
	d.w = st->page_w - st->left - st->right;
	d.pdf = pdf_new(st->page_w, st->page_h);
	d.fs = fontset_new(d.pdf, &st->fam);
	if (d.fs == NULL) {
		pdf_free(d.pdf);
		return -1;
	}
	fontset_language(d.fs, b->settings.language);
	d.mirror = labels_rtl(b->settings.language);
	d.L.fs = d.fs;
	d.L.a = &d.a;
	d.L.st = st;
	d.L.qanchor = qanchor;
	page_words(&d);
	d.L.image_size = image_size;
	d.L.image_draw = image_draw;
	{
		/* A guide has at most about three pages a question, and
		 * the pages before and after them. */
		size_t bound = 3 * d.b->nquestions + 100, k = 0;

		while (bound > 0 && k + 1 < sizeof(d.page_room)) {
			d.page_room[k++] = '0';
			bound /= 10;
		}
		d.page_room[k] = '\0';
		d.L.page_room = d.page_room;
	}
	d.L.ctx = &d;
	d.chosen = xcalloc(b->nquestions + 1, 1);
	for (size_t i = 0; i < sel->nq; i++)
		d.chosen[sel->qs[i]->pos] = 1;
	d.a_cat = (int)b->nquestions;
	d.a_page = d.a_cat + (int)b->ncategories;
	d.a_back = d.a_page + (int)b->npages;
	d.nanchors = d.a_back + BACK_N;
	pt.arr = xmalloc(sizeof(int) * (size_t)d.nanchors);
	pt.idx = xmalloc(sizeof(int) * (size_t)d.nanchors);
	pt.y = xcalloc((size_t)d.nanchors, sizeof(float));
	d.apage = xmalloc(sizeof(int) * (size_t)d.nanchors);
	d.ay = xcalloc((size_t)d.nanchors, sizeof(float));
	for (int i = 0; i < d.nanchors; i++)
		pt.arr[i] = d.apage[i] = -1;
	parts_of = &pt;
	lay_out(&d, &pt);
	finish(&d, &pt);
	*pages = pt.n[ARR_COVER] + pt.n[ARR_TOC] + pt.n[ARR_FRONT] + pt.n[ARR_MAIN];
	bookmarks(&d, d.apage, d.ay);
	pdf_page_label(d.pdf, 0, 1);
	if (d.nfront < *pages)
		pdf_page_label(d.pdf, (int)d.nfront, 0);
	metadata(&d);
	*misses = fontset_misses(d.fs, nmisses);
	if (d.failed)
		rc = -1;
	else if (pdf_save(d.pdf, out) < 0) {
		diag_system("%s: %s", name, pdf_error(d.pdf) ? pdf_error(d.pdf) : "libharu failed");
		rc = -1;
	}
	parts_of = NULL;
	for (int a = 0; a < ARR_N; a++)
		free(pt.p[a]);
	free(pt.arr);
	free(pt.idx);
	free(pt.y);
	free(d.apage);
	free(d.img);
	arena_release(&d.words);
	free(d.ay);
	free(d.chosen);
	free(d.refs);
	free(d.marks);
	free(d.L.v);
	fontset_free(d.fs);
	pdf_free(d.pdf);
	arena_release(&d.a);
	/* Everything else is gone before the file is packed: the layout,
	 * libharu's document and the packed copy never take memory at once. */
	if (rc == 0 && pack_pdf(out, name) < 0)
		rc = -1;
	return rc;
}
