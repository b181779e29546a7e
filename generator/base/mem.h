/*
 * mem: allocation that cannot fail, and the arena that holds the model.
 *
 * qbook is a batch program: running out of memory is not an input error, so
 * every allocation goes through these wrappers, which print one message and
 * exit with status 2.  No other code checks for NULL from them.
 *
 * The arena serves data that lives as long as the bank (strings, arrays of
 * the model).  Individual blocks are never freed; arena_release frees all.
 */
#ifndef QBOOK_MEM_H
#define QBOOK_MEM_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t count, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

/* Multiply with overflow check; dies on overflow. */
size_t	 size_mul(size_t a, size_t b);
size_t	 size_add(size_t a, size_t b);

/* Grow *array (of elements of size elem) so that it holds at least need
 * elements; *cap is updated.  Amortised doubling. */
void	 grow_array(void **array, size_t elem, size_t *cap, size_t need);
#define GROW(arr, cap, need) \
	grow_array((void **)&(arr), sizeof(*(arr)), &(cap), (need))

struct arena_block;

struct arena {
	struct arena_block *head;	/* newest block; allocations come from it */
};

#define ARENA_INIT { NULL }

/* n bytes aligned for any type, zero-filled, valid until arena_release. */
void	*arena_alloc(struct arena *a, size_t n);
/* Copies of strings in the arena; always NUL-terminated. */
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t n);
/* An array of count elements of size size, zero-filled. */
void	*arena_array(struct arena *a, size_t count, size_t size);
/* Frees every block; the arena is then empty and reusable. */
void	 arena_release(struct arena *a);

/* Give memory freed so far back to the system.  The C library keeps freed
 * heap memory for reuse; between phases whose allocations do not overlap
 * (loading, then typesetting, then writing) that would make the peak the
 * sum of the phases instead of the largest. */
void	 mem_trim(void);

#endif
