/*
 * bmap: open addressing with linear probing over a power-of-two table.
 */
#include "base/bmap.h"

#include <stdlib.h>
#include <string.h>

uint64_t
bmap_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

static struct bmap_slot *
find(const struct bmap *m, const void *key, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	while (m->slots[i].key != NULL) {
		const struct bmap_slot *s = &m->slots[i];

		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return &m->slots[i];
}

int *
bmap_get(const struct bmap *m, const void *key, size_t len)
{
	struct bmap_slot *s;

	if (m->n == 0)
		return NULL;
	s = find(m, key, len, bmap_hash(key, len));
	return s->key != NULL ? &s->val : NULL;
}

/* Twice the slots, every key moved to its place in the new table. */
static void
grow(struct bmap *m)
{
	struct bmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->cap = oldcap ? oldcap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

int *
bmap_put(struct bmap *m, const void *key, size_t len, int val, int *added)
{
	uint64_t h = bmap_hash(key, len);
	struct bmap_slot *s;
	char *copy;

	if (2 * (m->n + 1) > m->cap)
		grow(m);
	s = find(m, key, len, h);
	*added = s->key == NULL;
	if (*added) {
		copy = arena_alloc(&m->keys, len + 1);
		memcpy(copy, key, len);
		s->key = copy;
		s->len = len;
		s->hash = h;
		s->val = val;
		m->n++;
	}
	return &s->val;
}

void
bmap_free(struct bmap *m)
{
	free(m->slots);
	arena_release(&m->keys);
	m->slots = NULL;
	m->cap = m->n = 0;
}
