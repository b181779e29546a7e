/*
 * bmap: a hash table from byte strings (any bytes, with a length) to ints.
 *
 * Keys are copied into the table's own arena; a value stays at the same
 * address only until the next bmap_put (the table may grow).  Lookups and
 * insertions take constant time on average; the table never holds more
 * than half its slots, so a probe always ends.
 */
#ifndef QBOOK_BMAP_H
#define QBOOK_BMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/mem.h"

struct bmap {
	struct bmap_slot {
		const char	*key;	/* NULL: free */
		size_t		 len;
		uint64_t	 hash;
		int		 val;
	}		*slots;
	size_t		 cap, n;	/* cap: 0 or a power of two */
	struct arena	 keys;
};

#define BMAP_INIT { NULL, 0, 0, ARENA_INIT }

/* FNV-1a, 64 bits, of n bytes: qbook's one hash of bytes (its hash
 * tables, the names of images in the site). */
uint64_t bmap_hash(const void *p, size_t n);

/* The value of key, or NULL. */
int	*bmap_get(const struct bmap *m, const void *key, size_t len);
/* The value of key, added with value val when absent (*added says which). */
int	*bmap_put(struct bmap *m, const void *key, size_t len, int val, int *added);
void	 bmap_free(struct bmap *m);

#endif
