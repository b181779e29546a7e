/*
 * mem: dying allocators, overflow-checked sizes and a bump arena.
 */
#include "base/mem.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
die_oom(size_t n)
{
	fprintf(stderr, "qbook: fatal: out of memory (allocating %zu bytes)\n", n);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die_oom(n);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		die_oom(size_mul(count, size));
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		die_oom(n);
	return q;
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(size_add(n, 1));

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

size_t
size_mul(size_t a, size_t b)
{
	if (b != 0 && a > SIZE_MAX / b) {
		fprintf(stderr, "qbook: fatal: size overflow (%zu * %zu)\n", a, b);
		exit(2);
	}
	return a * b;
}

size_t
size_add(size_t a, size_t b)
{
	if (a > SIZE_MAX - b) {
		fprintf(stderr, "qbook: fatal: size overflow (%zu + %zu)\n", a, b);
		exit(2);
	}
	return a + b;
}

void
grow_array(void **array, size_t elem, size_t *cap, size_t need)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need)
		ncap = size_mul(ncap, 2);
	*array = xrealloc(*array, size_mul(ncap, elem));
	*cap = ncap;
}

/* Blocks are at least this large; bigger requests get a block of their own. */
#define ARENA_BLOCK	(64 * 1024)
#define ARENA_ALIGN	(_Alignof(max_align_t))

struct arena_block {
	struct arena_block *next;	/* older block */
	size_t		 used;		/* bytes handed out from data */
	size_t		 size;		/* capacity of data */
	max_align_t	 data[];	/* the memory itself */
};

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = size_add(n, ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
	void *p;

	if (b == NULL || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;

		b = xmalloc(size_add(sizeof(*b), size));
		b->used = 0;
		b->size = size;
		if (need > ARENA_BLOCK && a->head != NULL) {
			/* Keep the current block for small requests. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, size_add(n, 1));

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *
arena_array(struct arena *a, size_t count, size_t size)
{
	return arena_alloc(a, size_mul(count, size));
}

void
arena_release(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

void
mem_trim(void)
{
	malloc_trim(0);
}
