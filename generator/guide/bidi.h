/*
 * bidi: right-to-left text in the guide; the only user of GNU FriBidi.
 *
 * A paragraph that holds right-to-left characters (Hebrew, Arabic ...) or
 * is in a right-to-left language gets its embedding levels (UAX #9: odd
 * levels run right to left) and its mirrored characters in right-to-left
 * runs ("(" drawn as ")").  The typesetter breaks the paragraph into lines
 * in logical order and puts each line in visual order by these levels
 * (rule L2); HarfBuzz then joins Arabic letters as it shapes (face.h).
 */
#ifndef QBOOK_BIDI_H
#define QBOOK_BIDI_H

#include <stddef.h>
#include <stdint.h>

/* Whether the UTF-8 text s[0..len) has a strong right-to-left character. */
int	 bidi_has_rtl(const char *s, size_t len);

/*
 * For the code points cps[0..n) of a paragraph: its embedding levels into
 * levels[0..n), and cps mirrored in place.  rtl: the paragraph runs
 * right to left (its language does); else its first strong character
 * decides.  Returns the paragraph's level (0 or 1).
 */
int	 bidi_prepare(uint32_t *cps, size_t n, int rtl, unsigned char *levels);

/* bidi_prepare for the UTF-8 text s[0..len): its code points, mirrored,
 * into *cps and their levels into *levels, both malloc'd; returns how
 * many. */
size_t	 bidi_prepare_utf8(const char *s, size_t len, int rtl, uint32_t **cps,
	    int **levels);

#endif
