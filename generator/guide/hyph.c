/*
 * hyph: libhyphen with the bank's language's patterns, case folding and the
 * minima of typesetting.
 */
#include "guide/hyph.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <hyphen.h>
#include <iconv.h>

#include "base/bmap.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"

#define HYPH_DIR	"/usr/share/hyphen"
#define MIN_WORD	5	/* shorter words are never split (letters) */
#define LEFT_MIN	2	/* letters kept before a hyphen */
#define RIGHT_MIN	3	/* and after it */
#define MAX_WORD	64	/* bytes; longer "words" are identifiers or junk */

static HyphenDict *dict;
static char *dict_lang;		/* the language dict is for */
/* From UTF-8 to the patterns' character set when it is another (the
 * Russian patterns are KOI8-R): one byte a character. */
static iconv_t to_dict = (iconv_t)-1;

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
	return (size_t)(bmap_hash(w, len) & (CACHE_SIZE - 1));
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

/* Languages set without hyphenation whatever is installed. */
static int
not_hyphenated(const char *lang)
{
	static const char *const none[] = { "zh", "ja", "ko", "ar", "he", "fa", "ur", "yi",
		"th", "hi" };
	size_t n = strcspn(lang, "-_");

	for (size_t i = 0; i < sizeof(none) / sizeof(*none); i++)
		if (strlen(none[i]) == n && strncasecmp(lang, none[i], n) == 0)
			return 1;
	return 0;
}

/* HYPH_DIR/hyph_NAME.dic, if it is there (malloc'd), else NULL. */
static char *
dictionary(const char *name)
{
	struct buf p = BUF_INIT;

	buf_printf(&p, "%s/hyph_%s.dic", HYPH_DIR, name);
	if (access(p.data, R_OK) == 0)
		return buf_detach(&p, NULL);
	buf_release(&p);
	return NULL;
}

/* s in lower case (upper: in capitals) into out. */
static void
set_case(char *out, size_t size, const char *s, size_t n, int upper)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size; i++)
		out[i] = (char)(upper ? toupper((unsigned char)s[i]) : tolower((unsigned char)s[i]));
	out[i] = '\0';
}

enum hyph_find
hyph_find(const char *lang, char **path, char *package, size_t size)
{
	char ll[16], cc[16], name[40];
	size_t n = strcspn(lang, "-_");
	const char *region = lang[n] != '\0' ? lang + n + 1 : "";

	*path = NULL;
	set_case(ll, sizeof(ll), lang, n, 0);
	set_case(cc, sizeof(cc), region, strcspn(region, "-_"), 1);
	/* English and Portuguese without a region: Debian's en-US and pt-BR. */
	if (cc[0] == '\0' && (strcmp(ll, "en") == 0 || strcmp(ll, "pt") == 0))
		snprintf(cc, sizeof(cc), "%s", ll[0] == 'e' ? "US" : "BR");
	if (strcmp(ll, "en") == 0 || strcmp(ll, "pt") == 0)
		snprintf(package, size, "hyphen-%s-%c%c", ll, tolower((unsigned char)cc[0]),
		    tolower((unsigned char)cc[1]));
	else
		snprintf(package, size, "hyphen-%s", ll);
	if (not_hyphenated(lang))
		return HYPH_NOT_USED;
	/* ll_CC, then the language's own country (de_DE), then ll. */
	if (cc[0] != '\0') {
		snprintf(name, sizeof(name), "%s_%s", ll, cc);
		*path = dictionary(name);
	}
	if (*path == NULL) {
		char own[16];

		set_case(own, sizeof(own), ll, strlen(ll), 1);
		snprintf(name, sizeof(name), "%s_%s", ll, own);
		*path = dictionary(name);
	}
	if (*path == NULL)
		*path = dictionary(ll);
	return *path != NULL ? HYPH_FOUND : HYPH_MISSING;
}

static void
forget_words(void)
{
	if (cache != NULL)
		for (size_t i = 0; i < CACHE_SIZE; i++)
			free(cache[i].word);
	free(cache);
	cache = NULL;
	ncached = 0;
}

int
hyph_init(const char *lang)
{
	char *path, package[64];

	if (lang == NULL)
		lang = "en";
	if (dict_lang != NULL && strcmp(dict_lang, lang) == 0)
		return dict != NULL ? 0 : -1;
	hyph_shutdown();
	dict_lang = xstrdup(lang);
	if (hyph_find(lang, &path, package, sizeof(package)) == HYPH_FOUND)
		dict = hnj_hyphen_load(path);
	free(path);
	if (dict != NULL && !dict->utf8 && (to_dict = iconv_open(dict->cset, "UTF-8")) ==
	    (iconv_t)-1) {
		hnj_hyphen_free(dict);	/* a character set iconv lacks */
		dict = NULL;
	}
	return dict != NULL ? 0 : -1;
}

void
hyph_shutdown(void)
{
	if (dict != NULL)
		hnj_hyphen_free(dict);
	dict = NULL;
	if (to_dict != (iconv_t)-1)
		iconv_close(to_dict);
	to_dict = (iconv_t)-1;
	free(dict_lang);
	dict_lang = NULL;
	forget_words();
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

/* The character u[0..k) (UTF-8) in the patterns' one-byte character set,
 * in place; returns 1, or 0 when the set has no such character. */
static size_t
to_charset(char *u, size_t k)
{
	char out[8], *in = u, *o = out;
	size_t left = k, room = sizeof(out);

	iconv(to_dict, NULL, NULL, NULL, NULL);
	if (iconv(to_dict, &in, &left, &o, &room) == (size_t)-1 || o - out != 1)
		return 0;
	u[0] = out[0];
	return 1;
}

static size_t utf8_count(const char *s, size_t n);

/*
 * w[0..len) in lower case into lower (NUL-terminated), in the patterns'
 * character set, and for each character k of it the byte of w that ends
 * the same character (end[k]).  libhyphen gives its points by character
 * (hnj_hyphen_norm turns UTF-8 byte positions into character ones).
 * Returns the number of bytes of lower, or 0 when w is not a word of
 * letters (and marks) or is out of bounds.
 */
static size_t
fold_word(const char *w, size_t len, char *lower, int *end)
{
	size_t i = 0, n = 0, letters = 0;

	while (i < len) {
		long cp = utf8_next(w, len, &i);
		char u[4];
		size_t k;

		if (!utf8_is_word_char(cp))
			return 0;
		k = utf8_put(u, utf8_lower(cp));
		if (to_dict != (iconv_t)-1 && (k = to_charset(u, k)) == 0)
			return 0;	/* not in the patterns' character set */
		if (n + k > MAX_WORD)
			return 0;
		memcpy(lower + n, u, k);
		n += k;
		end[letters++] = (int)i - 1;
	}
	lower[n] = '\0';
	return letters >= MIN_WORD ? n : 0;
}

int
hyph_points(const char *w, size_t len, char *ok)
{
	char lower[MAX_WORD + 1], hy[MAX_WORD + 5];
	int end[MAX_WORD + 1];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	uint64_t mask = 0;
	struct seen *slot;
	size_t n, chars;

	/* A word with digits, symbols or punctuation is better left whole. */
	if (dict == NULL || len > MAX_WORD || (n = fold_word(w, len, lower, end)) == 0)
		return 0;
	slot = cache_slot(lower, n);
	if (slot->word == NULL) {
		if (hnj_hyphen_hyphenate3(dict, lower, (int)n, hy, NULL, &rep, &pos, &cut,
		    LEFT_MIN, RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0) {
			/* hy[k]: a point after character k; never after the
			 * last one. */
			chars = dict->utf8 ? utf8_count(lower, n) : n;
			for (size_t k = 0; k + 1 < chars; k++)
				if (hy[k] & 1)
					mask |= (uint64_t)1 << end[k];
		}
		if (rep != NULL) {
			for (size_t i = 0; i < n; i++)
				free(rep[i]);
			free(rep);
		}
		free(pos);
		free(cut);
		if (ncached >= CACHE_SIZE / 4 * 3)
			return mark_points(mask, len, ok);
		slot->word = xstrdup(lower);
		slot->points = mask;
		ncached++;
	}
	return mark_points(slot->points, len, ok);
}

/* The characters of UTF-8 s[0..n). */
static size_t
utf8_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}
