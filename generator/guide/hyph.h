/*
 * hyph: where words may be hyphenated; the only user of libhyphen.
 *
 * Uses the en-US patterns of hyphen-en-us.  Case does not matter (the
 * patterns are lower case; words are folded first).
 */
#ifndef QBOOK_HYPH_H
#define QBOOK_HYPH_H

#include <stddef.h>

/* Load the patterns.  Returns 0, or -1 when the dictionary is missing
 * (words are then never hyphenated). */
int	 hyph_init(void);
void	 hyph_shutdown(void);

/*
 * Mark in ok[0..len) the bytes of the UTF-8 word w[0..len) after which a
 * hyphen may go (ok[i] = 1).  Leaves ok untouched for words that are not
 * plain letters or are too short.  Returns the number of points found.
 */
int	 hyph_points(const char *w, size_t len, char *ok);

#endif
