/*
 * bidi: levels, mirroring and Arabic joining with GNU FriBidi.
 */
#include "guide/bidi.h"

#include <stdlib.h>
#include <fribidi.h>

#include "base/mem.h"
#include "base/utf8.h"

int
bidi_has_rtl(const char *s, size_t len)
{
	size_t i = 0;

	/* Right-to-left scripts start at U+0590: UTF-8 lead bytes from 0xD6
	 * (most text is spared the decoding). */
	while (i < len && (unsigned char)s[i] < 0xD6)
		i++;
	if (i == len)
		return 0;
	i = 0;

	while (i < len) {
		long cp = utf8_next(s, len, &i);

		if (cp > 0 && FRIBIDI_IS_LETTER(fribidi_get_bidi_type((FriBidiChar)cp)) &&
		    FRIBIDI_IS_RTL(fribidi_get_bidi_type((FriBidiChar)cp)))
			return 1;
	}
	return 0;
}

size_t
bidi_prepare_utf8(const char *s, size_t len, int rtl, uint32_t **cps, int **levels)
{
	uint32_t *c = xmalloc(sizeof(*c) * (len + 1));
	unsigned char *lv = xmalloc(len + 1);
	int *l = xmalloc(sizeof(*l) * (len + 1));
	size_t n = 0, i = 0;

	while (i < len)
		c[n++] = (uint32_t)utf8_next(s, len, &i);
	bidi_prepare(c, n, rtl, lv);
	for (size_t k = 0; k < n; k++)
		l[k] = lv[k];
	free(lv);
	*cps = c;
	*levels = l;
	return n;
}

int
bidi_prepare(uint32_t *cps, size_t n, int rtl, unsigned char *levels)
{
	FriBidiCharType *types = xmalloc(sizeof(*types) * (n + 1));
	FriBidiBracketType *brackets = xmalloc(sizeof(*brackets) * (n + 1));
	FriBidiLevel *lv = xmalloc(sizeof(*lv) * (n + 1));
	FriBidiParType dir = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
	FriBidiChar *str = (FriBidiChar *)cps;
	int level = 0;

	fribidi_get_bidi_types(str, (FriBidiStrIndex)n, types);
	fribidi_get_bracket_types(str, (FriBidiStrIndex)n, types, brackets);
	if (fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n, &dir,
	    lv) == 0) {
		for (size_t i = 0; i < n; i++)
			lv[i] = rtl ? 1 : 0;	/* cannot happen but for memory */
	}
	fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING, lv, (FriBidiStrIndex)n, NULL, str);
	for (size_t i = 0; i < n; i++)
		levels[i] = (unsigned char)(lv[i] > 125 ? 125 : lv[i]);
	level = FRIBIDI_DIR_TO_LEVEL(dir);
	free(types);
	free(brackets);
	free(lv);
	return level;
}
