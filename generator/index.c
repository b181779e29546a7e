/*
 * index: id table and cross-file checks.
 */
#include "index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "model.h"
#include "utf8.h"

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot holding id, or the empty slot where it would go. */
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

void
index_check(struct bank *b, struct diags *d)
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
