/*
 * hyph: libhyphen with case folding and the minima of English typesetting.
 */
#include "hyph.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <hyphen.h>

#include "mem.h"

#define HYPH_DICT	"/usr/share/hyphen/hyph_en_US.dic"
#define MIN_WORD	5	/* shorter words are never split */
#define LEFT_MIN	2	/* letters kept before a hyphen */
#define RIGHT_MIN	3	/* and after it */
#define MAX_WORD	64	/* longer "words" are identifiers or junk */

static HyphenDict *dict;

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
}

int
hyph_points(const char *w, size_t len, char *ok)
{
	char lower[MAX_WORD + 1], hy[MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL, n = 0;

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
	if (hnj_hyphen_hyphenate3(dict, lower, (int)len, hy, NULL, &rep, &pos, &cut,
	    LEFT_MIN, RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0) {
		for (size_t i = LEFT_MIN - 1; i + RIGHT_MIN < len; i++)
			if (hy[i] & 1) {
				ok[i] = 1;
				n++;
			}
	}
	if (rep != NULL) {
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return n;
}
