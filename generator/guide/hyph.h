/*
 * hyph: where words may be hyphenated; the only user of libhyphen.
 *
 * Uses the patterns of the bank's language from the Debian hyphen-*
 * packages (/usr/share/hyphen/hyph_ll_CC.dic, UTF-8).  Case does not
 * matter (words are put in lower case first).  Chinese, Japanese, Korean,
 * Arabic, Hebrew, Persian, Urdu, Yiddish, Thai and Hindi are set without
 * hyphenation; a language whose patterns are not installed too, never
 * with another language's.
 */
#ifndef QBOOK_HYPH_H
#define QBOOK_HYPH_H

#include <stddef.h>

enum hyph_find { HYPH_FOUND, HYPH_NOT_USED, HYPH_MISSING };

/*
 * The patterns for language lang (a BCP 47 tag): HYPH_FOUND with their
 * path in *path (malloc'd), HYPH_NOT_USED for a language not hyphenated,
 * or HYPH_MISSING.  package gets the Debian package that has them
 * ("hyphen-pt-br").
 */
enum hyph_find hyph_find(const char *lang, char **path, char *package, size_t size);

/* Load the patterns for lang (NULL: en), unless they are loaded.  Returns
 * 0, or -1 when there are none (words are then never hyphenated). */
int	 hyph_init(const char *lang);
void	 hyph_shutdown(void);

/*
 * Mark in ok[0..len) the bytes of the UTF-8 word w[0..len) after which a
 * hyphen may go (ok[i] = 1).  Leaves ok untouched for words that are not
 * plain letters or are too short.  Returns the number of points found.
 */
int	 hyph_points(const char *w, size_t len, char *ok);

#endif
