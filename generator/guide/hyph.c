/*
 * hyph: libhyphen with case folding and the minima of English typesetting.
 */
#include "guide/hyph.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <hyphen.h>

#include "base/mem.h"

#define HYPH_DICT	"/usr/share/hyphen/hyph_en_US.dic"
#define MIN_WORD	5	/* shorter words are never split */
#define LEFT_MIN	2	/* letters kept before a hyphen */
#define RIGHT_MIN	3	/* and after it */
#define MAX_WORD	64	/* longer "words" are identifiers or junk */

static HyphenDict *dict;

/*
 * Words already hyphenated, with their points as a bit mask: prose repeats
 * its words, and libhyphen's pattern search was a tenth of a long guide's
 * layout time.  Open addressing; once three quarters full it stops growing
 * (the words are then hyphenated every time, as before).
 */
#define CACHE_SIZE	(1u << 16)
struct seen {
	char		*word;		/* lower case; NULL: free slot */
	uint64_t	 points;	/* bit i: a hyphen may follow byte i */
};
static struct seen *cache;
static size_t ncached;

static size_t
word_hash(const char *w, size_t len)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
	return (size_t)(h & (CACHE_SIZE - 1));
}

/* The slot holding lower[0..len), or the free slot where it would go. */
static struct seen *
cache_slot(const char *lower, size_t len)
{
	size_t i = word_hash(lower, len);

	if (cache == NULL)
		cache = xcalloc(CACHE_SIZE, sizeof(*cache));
	while (cache[i].word != NULL &&
	    (strncmp(cache[i].word, lower, len) != 0 || cache[i].word[len] != '\0'))
		i = (i + 1) & (CACHE_SIZE - 1);
	return &cache[i];
}

int
hyph_init(void)
{
	if (dict == NULL)
		dict = hnj_hyphen_load(HYPH_DICT);
	return dict != NULL ? 0 : -1;
}

void
hyph_shutdown(void)
{
	if (dict != NULL)
		hnj_hyphen_free(dict);
	dict = NULL;
	if (cache != NULL)
		for (size_t i = 0; i < CACHE_SIZE; i++)
			free(cache[i].word);
	free(cache);
	cache = NULL;
	ncached = 0;
}

/* Mark the points of mask in ok; returns how many. */
static int
mark_points(uint64_t mask, size_t len, char *ok)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		if (mask >> i & 1) {
			ok[i] = 1;
			n++;
		}
	return n;
}

int
hyph_points(const char *w, size_t len, char *ok)
{
	char lower[MAX_WORD + 1], hy[MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	uint64_t mask = 0;
	struct seen *slot;

	if (dict == NULL || len < MIN_WORD || len > MAX_WORD)
		return 0;
	/* ASCII letters only: libhyphen's patterns are for English words, and
	 * a word with digits, marks or symbols is better left whole. */
	for (size_t i = 0; i < len; i++) {
		if (!isalpha((unsigned char)w[i]))
			return 0;
		lower[i] = (char)tolower((unsigned char)w[i]);
	}
	lower[len] = '\0';
	slot = cache_slot(lower, len);
	if (slot->word != NULL)
		return mark_points(slot->points, len, ok);
	if (hnj_hyphen_hyphenate3(dict, lower, (int)len, hy, NULL, &rep, &pos, &cut,
	    LEFT_MIN, RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0) {
		for (size_t i = LEFT_MIN - 1; i + RIGHT_MIN < len; i++)
			if (hy[i] & 1)
				mask |= (uint64_t)1 << i;
	}
	if (rep != NULL) {
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	if (ncached < CACHE_SIZE / 4 * 3) {
		slot->word = xstrdup(lower);
		slot->points = mask;
		ncached++;
	}
	return mark_points(mask, len, ok);
}
