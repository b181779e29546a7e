/*
 * index: id table and cross-file checks.
 */
#include "bank/index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bank/model.h"
#include "base/bmap.h"
#include "base/mem.h"
#include "base/utf8.h"

static uint64_t
hash_str(const char *s)
{
	return bmap_hash(s, strlen(s));
}

/* The slot holding id, or the empty slot where it would go.  The table
 * has twice as many slots as the bank has questions (build_ids), so an
 * empty slot always ends the probe. */
static struct question **
probe(struct question **slot, size_t mask, const char *id)
{
	size_t i = (size_t)hash_str(id) & mask;

	while (slot[i] != NULL && strcmp(slot[i]->id, id) != 0)
		i = (i + 1) & mask;
	return &slot[i];
}

struct question *
index_find(const struct bank *b, const char *id)
{
	if (b->ids == NULL)
		return NULL;
	return *probe(b->ids, b->idmask, id);
}

/* Build the id table; the second and later users of an id are reported. */
static void
build_ids(struct bank *b, struct diags *d)
{
	size_t size = 16;

	while (size < 2 * b->nquestions)
		size *= 2;
	b->ids = arena_array(&b->arena, size, sizeof(*b->ids));
	b->idmask = size - 1;
	for (size_t i = 0; i < b->nquestions; i++) {
		struct question *q = b->questions[i];
		struct question **s = probe(b->ids, b->idmask, q->id);
		int e;

		if (*s == NULL) {
			*s = q;
			continue;
		}
		e = diag(d, D_DUP_ID, q->file, q->id_at.line, q->id_at.col, q->id);
		diag_note(d, e, D_DUP_ID_FIRST, (*s)->file, (*s)->id_at.line,
		    (*s)->id_at.col, q->id);
	}
}

struct link_ctx {
	const struct bank *b;
	struct diags	*d;
	const char	*file;
};

static void
check_qlink(void *arg, const char *id, int line, int col)
{
	struct link_ctx *c = arg;

	if (index_find(c->b, id) == NULL)
		diag(c->d, D_UNKNOWN_QLINK, c->file, line, col, id);
}

static void
check_links(struct bank *b, struct diags *d)
{
	struct link_ctx c = { b, d, NULL };

	for (size_t i = 0; i < b->nquestions; i++) {
		const struct question *q = b->questions[i];

		for (size_t j = 0; j < q->nrelated; j++) {
			const struct term *t = &q->related[j];

			if (index_find(b, t->s) == NULL)
				diag(d, D_UNKNOWN_RELATED, q->file, t->line, t->col, t->s);
			else if (strcmp(t->s, q->id) == 0)
				diag(d, D_SELF_RELATED, q->file, t->line, t->col, t->s);
		}
		c.file = q->file;
		md_qlinks(q->body, check_qlink, &c);
	}
	for (size_t i = 0; i < b->ncategories; i++)
		if (b->categories[i].intro != NULL) {
			c.file = b->categories[i].file;
			md_qlinks(b->categories[i].intro, check_qlink, &c);
		}
	for (size_t i = 0; i < b->npages; i++)
		if (b->pages[i].body != NULL) {
			c.file = b->pages[i].file;
			md_qlinks(b->pages[i].body, check_qlink, &c);
		}
}

struct titled {
	char		*key;	/* folded title */
	size_t		 pos;	/* index in bank order */
};

static int
cmp_titled(const void *pa, const void *pb)
{
	const struct titled *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Two questions whose titles fold to the same text: warn on the later. */
static void
check_titles(struct bank *b, struct diags *d)
{
	struct titled *t = xcalloc(b->nquestions ? b->nquestions : 1, sizeof(*t));
	size_t n = 0;

	for (size_t i = 0; i < b->nquestions; i++)
		if (b->questions[i]->title != NULL) {
			t[n].key = utf8_fold(b->questions[i]->title);
			t[n].pos = i;
			n++;
		}
	qsort(t, n, sizeof(*t), cmp_titled);
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct question *q, *p;
		int e;

		if (strcmp(t[i].key, t[first].key) != 0) {
			first = i;
			continue;
		}
		q = b->questions[t[i].pos];
		p = b->questions[t[first].pos];
		e = diag(d, D_DUP_TITLE, q->file, q->title_line, 1, p->id);
		diag_note(d, e, D_DUP_TITLE_FIRST, p->file, p->title_line, 1, p->id);
	}
	for (size_t i = 0; i < n; i++)
		free(t[i].key);
	free(t);
}

static void
check_guides(struct bank *b, struct diags *d)
{
	const struct settings *s = &b->settings;

	for (size_t i = 0; i < s->nguides; i++)
		for (size_t j = 0; j < s->guides[i].ncategories; j++) {
			const struct term *t = &s->guides[i].categories[j];
			size_t k;

			for (k = 0; k < b->ncategories; k++)
				if (strcmp(b->categories[k].dir, t->s) == 0)
					break;
			if (k == b->ncategories)
				diag(d, D_UNKNOWN_REF, s->file, t->line, t->col, "category", t->s);
		}
}

static void
check_rules(struct bank *b, struct diags *d)
{
	size_t files = 0;

	build_ids(b, d);
	check_links(b, d);
	check_titles(b, d);
	check_guides(b, d);
	for (size_t i = 0; i < b->ncategories; i++) {
		files += b->categories[i].nfiles;
		if (b->categories[i].nfiles == 0)
			diag(d, D_EMPTY_CATEGORY, b->categories[i].file, 0, 0,
			    b->categories[i].dir);
	}
	/* Only when there is nothing at all: broken files are reported already. */
	if (files == 0)
		diag(d, D_NO_QUESTIONS, b->root, 0, 0);
}

/* --- the cross-index ------------------------------------------------------------ */

/* The folded sort key of a term: NFKC, case-folded, accents stripped,
 * punctuation (so "__init__" files under I) and spacing collapsed. */
static char *
term_key(struct arena *a, const char *term)
{
	char *k = utf8_fold(term), *r;

	r = arena_strdup(a, *k ? k : term);
	free(k);
	return r;
}

/* "I\/O" -> "I/O" in the arena; the separator is the first unescaped '/'. */
static void
split_term(struct arena *a, const char *s, const char **term, const char **sub)
{
	size_t n = strlen(s);
	char *t = arena_alloc(a, n + 1), *out = t;

	*sub = NULL;
	for (const char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == '/') {
			*out++ = '/';
			p++;
		} else if (*p == '/' && *sub == NULL) {
			*out++ = '\0';
			*sub = out;
		} else
			*out++ = *p;
	}
	*out = '\0';
	*term = t;
}

/* The slot holding key, or the empty slot where it would go.  Every entry
 * comes from a tag or an index term, and the table has twice as many
 * slots as there are of those (build_concepts), so an empty slot
 * always ends the probe. */
static struct xentry **
concept_slot(const struct bank *b, const char *key)
{
	size_t i = (size_t)hash_str(key) & b->cmask;

	while (b->cslots[i] != NULL && strcmp(b->cslots[i]->key, key) != 0)
		i = (i + 1) & b->cmask;
	return &b->cslots[i];
}

static void
add_question(struct arena *a, struct question ***qs, size_t *n, size_t *cap,
    struct question *q)
{
	if (*n > 0 && (*qs)[*n - 1] == q)
		return;	/* questions arrive in bank order: repeats are adjacent */
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		struct question **v = arena_array(a, ncap, sizeof(*v));

		if (*n > 0)
			memcpy(v, *qs, *n * sizeof(*v));
		*qs = v;
		*cap = ncap;
	}
	(*qs)[(*n)++] = q;
}

/* The entry for term, created on first use (pointers stay valid). */
static struct xentry *
entry_for(struct bank *b, struct xentry ***list, size_t *cap, const char *term)
{
	const char *key = term_key(&b->arena, term);
	struct xentry **s = concept_slot(b, key), *e;

	if (*s != NULL)
		return *s;
	e = arena_alloc(&b->arena, sizeof(*e));
	e->term = term;
	e->key = key;
	GROW(*list, *cap, b->nconcepts + 1);
	(*list)[b->nconcepts++] = e;
	*s = e;
	return e;
}

static void
add_sub(struct arena *a, struct xentry *e, const char *term, struct question *q)
{
	const char *key = term_key(a, term);
	struct xsub *s = NULL;

	for (size_t i = 0; i < e->nsubs && s == NULL; i++)
		if (strcmp(e->subs[i].key, key) == 0)
			s = &e->subs[i];
	if (s == NULL) {
		if (e->nsubs == e->subcap) {
			size_t ncap = e->subcap ? e->subcap * 2 : 4;
			struct xsub *v = arena_array(a, ncap, sizeof(*v));

			if (e->nsubs > 0)
				memcpy(v, e->subs, e->nsubs * sizeof(*v));
			e->subs = v;
			e->subcap = ncap;
		}
		s = &e->subs[e->nsubs++];
		s->term = term;
		s->key = key;
	}
	add_question(a, &s->qs, &s->nq, &s->cap, q);
}

static int
cmp_entries(const void *pa, const void *pb)
{
	const struct xentry *a = *(struct xentry *const *)pa;
	const struct xentry *b = *(struct xentry *const *)pb;
	int c = strcmp(a->key, b->key);

	return c != 0 ? c : strcmp(a->term, b->term);
}

static int
cmp_subs(const void *pa, const void *pb)
{
	const struct xsub *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	return c != 0 ? c : strcmp(a->term, b->term);
}

/* Anchors: the key's letters and digits joined by '-', unique. */
/* Anchor a (made unique with "-i" while taken), recorded in taken. */
static const char *
give_anchor(struct arena *arena, const char **taken, size_t mask, struct buf *a, size_t i)
{
	size_t h;

	for (;;) {
		for (h = (size_t)hash_str(a->data) & mask; taken[h] != NULL &&
		    strcmp(taken[h], a->data) != 0; h = (h + 1) & mask)
			;
		if (taken[h] == NULL)
			break;
		buf_printf(a, "-%zu", i);
	}
	taken[h] = arena_strdup(arena, a->data);
	return taken[h];
}

static void
assign_anchors(struct bank *b)
{
	struct buf a = BUF_INIT;
	size_t size = 16;
	const char **taken;

	/* Anchors given so far, by open addressing: twice as many slots as
	 * entries, so an empty slot always ends a probe. */
	while (size < 2 * b->nconcepts)
		size *= 2;
	taken = xcalloc(size, sizeof(*taken));

	for (size_t i = 0; i < b->nconcepts; i++) {
		struct xentry *e = b->concepts[i];
		unsigned char c0 = (unsigned char)e->key[0];

		buf_reset(&a);
		buf_adds(&a, "c-");
		for (const char *p = e->key; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				buf_addc(&a, (char)c);
			else if (a.data[a.len - 1] != '-')
				buf_addc(&a, '-');
		}
		while (a.len > 2 && a.data[a.len - 1] == '-')
			buf_truncate(&a, a.len - 1);
		/* Keys are sorted, so an equal anchor is most often the previous
		 * one's; but letters outside a-z all become '-', so "a" and
		 * "\u03bba" meet with "b" between them.  Any anchor already given
		 * gains "-i" until it is free. */
		if (i > 0 && strncmp(b->concepts[i - 1]->anchor, a.data, a.len) == 0)
			buf_printf(&a, "-%zu", i);
		e->anchor = give_anchor(&b->arena, taken, size - 1, &a, i);
		e->letter = c0 >= 'a' && c0 <= 'z' ? (char)(c0 - 'a' + 'A') : '#';
	}
	free(taken);
	buf_release(&a);
}

/* "See also": up to three tags sharing the most questions with the entry. */
static void
assign_see_also(struct bank *b)
{
	size_t *count = xcalloc(b->nconcepts ? b->nconcepts : 1, sizeof(*count));
	size_t *touched = xcalloc(b->nconcepts ? b->nconcepts : 1, sizeof(*touched));

	for (size_t i = 0; i < b->nconcepts; i++)
		b->concepts[i]->pos = i;
	for (size_t i = 0; i < b->nconcepts; i++) {
		struct xentry *e = b->concepts[i];
		size_t nt = 0;

		for (size_t k = 0; k < e->nq; k++) {
			const struct question *q = e->qs[k];

			for (size_t t = 0; t < q->ntags; t++) {
				const struct xentry *o = q->tag_entries[t];

				if (o == e)
					continue;
				if (count[o->pos]++ == 0)
					touched[nt++] = o->pos;
			}
		}
		e->see = arena_array(&b->arena, 3, sizeof(*e->see));
		for (int pick = 0; pick < 3; pick++) {
			size_t best = SIZE_MAX;

			for (size_t t = 0; t < nt; t++) {
				size_t j = touched[t];

				/* Ties go to the earlier entry: deterministic. */
				if (count[j] >= 2 && (best == SIZE_MAX || count[j] > count[best] ||
				    (count[j] == count[best] && j < best)))
					best = j;
			}
			if (best == SIZE_MAX)
				break;
			e->see[e->nsee++] = b->concepts[best];
			count[best] = 0;
		}
		for (size_t t = 0; t < nt; t++)
			count[touched[t]] = 0;
	}
	free(count);
	free(touched);
}

static void
build_concepts(struct bank *b)
{
	struct xentry **list = NULL;
	size_t cap = 0, size = 64, total = 0;

	for (size_t i = 0; i < b->nquestions; i++)
		total += b->questions[i]->ntags + b->questions[i]->nindex;
	while (size < 2 * total)
		size *= 2;
	b->cslots = arena_array(&b->arena, size, sizeof(*b->cslots));
	b->cmask = size - 1;
	b->nconcepts = 0;
	for (size_t i = 0; i < b->nquestions; i++) {
		struct question *q = b->questions[i];

		q->tag_entries = arena_array(&b->arena, q->ntags, sizeof(*q->tag_entries));
		for (size_t t = 0; t < q->ntags; t++) {
			struct xentry *e = entry_for(b, &list, &cap, q->tags[t].s);

			q->tag_entries[t] = e;
			add_question(&b->arena, &e->qs, &e->nq, &e->cap, q);
		}
		for (size_t t = 0; t < q->nindex; t++) {
			const char *term, *sub;
			struct xentry *e;

			split_term(&b->arena, q->index[t].s, &term, &sub);
			e = entry_for(b, &list, &cap, term);
			if (sub != NULL)
				add_sub(&b->arena, e, sub, q);
			else
				add_question(&b->arena, &e->qs, &e->nq, &e->cap, q);
		}
	}
	if (b->nconcepts > 1)
		qsort(list, b->nconcepts, sizeof(*list), cmp_entries);
	b->concepts = arena_array(&b->arena, b->nconcepts, sizeof(*list));
	if (b->nconcepts > 0)
		memcpy(b->concepts, list, b->nconcepts * sizeof(*list));
	free(list);
	for (size_t i = 0; i < b->nconcepts; i++)
		if (b->concepts[i]->nsubs > 1)
			qsort(b->concepts[i]->subs, b->concepts[i]->nsubs,
			    sizeof(struct xsub), cmp_subs);
	assign_anchors(b);
	assign_see_also(b);
}

void
index_build(struct bank *b, struct diags *d)
{
	check_rules(b, d);
	if (diag_errors(d) == 0)
		build_concepts(b);
}
