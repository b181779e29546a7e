/*
 * fonts: fontconfig behind two look-ups.
 */
#include "guide/fonts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fontconfig/fontconfig.h>

#include "base/buf.h"
#include "base/mem.h"

static int ready;

static void
fonts_init(void)
{
	if (!ready)
		ready = FcInit();
}

/* Match pat (consumed) and return the file if it is TrueType and, when
 * family is not NULL, of that family; *index is the face's in the file
 * (a collection holds several). */
static char *
match_file(FcPattern *pat, const char *family, int *index)
{
	FcResult res;
	FcPattern *m;
	FcChar8 *file = NULL, *fam = NULL, *format = NULL;
	char *path = NULL;

	FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (m == NULL)
		return NULL;
	if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetString(m, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
	    strcmp((const char *)format, "TrueType") == 0) {
		int same = family == NULL;

		for (int i = 0; !same && FcPatternGetString(m, FC_FAMILY, i, &fam) ==
		    FcResultMatch; i++)
			same = strcasecmp((const char *)fam, family) == 0;
		if (same)
			path = xstrdup((const char *)file);
		if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
	}
	FcPatternDestroy(m);
	return path;
}

static FcPattern *
style_pattern(int bold, int italic)
{
	FcPattern *pat = FcPatternCreate();

	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	return pat;
}

char *
fonts_find(const char *family, int bold, int italic, int *index)
{
	FcPattern *pat;

	fonts_init();
	pat = style_pattern(bold, italic);
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	return match_file(pat, family, index);
}

char *
fonts_find_cover(unsigned cp, int bold, int italic, const char *lang, int *index)
{
	FcPattern *pat;
	FcCharSet *cs;
	char *path;

	fonts_init();
	pat = style_pattern(bold, italic);
	cs = FcCharSetCreate();
	FcCharSetAddChar(cs, cp);
	FcPatternAddCharSet(pat, FC_CHARSET, cs);
	FcCharSetDestroy(cs);
	if (lang != NULL) {
		/* fontconfig's language names are lower case: zh-cn. */
		char l[36];
		size_t i;

		for (i = 0; lang[i] != '\0' && i + 1 < sizeof(l); i++)
			l[i] = (char)tolower((unsigned char)lang[i]);
		l[i] = '\0';
		FcPatternAddString(pat, FC_LANG, (const FcChar8 *)l);
	}
	path = match_file(pat, NULL, index);
	return path;
}

void
fonts_why_not(const char *family, struct buf *out)
{
	FcPattern *pat, *m;
	FcResult res;
	FcChar8 *file = NULL, *fam = NULL, *format = NULL;
	int same = 0;

	fonts_init();
	pat = style_pattern(0, 0);
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (m == NULL) {
		buf_adds(out, "fontconfig offers no font at all");
		return;
	}
	FcPatternGetString(m, FC_FILE, 0, &file);
	FcPatternGetString(m, FC_FONTFORMAT, 0, &format);
	for (int i = 0; !same && FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		same = strcasecmp((const char *)fam, family) == 0;
	FcPatternGetString(m, FC_FAMILY, 0, &fam);
	if (!same)
		buf_printf(out, "it is not installed: fontconfig offers %s (%s) instead",
		    fam ? (const char *)fam : "another family", file ? (const char *)file : "?");
	else
		buf_printf(out, "fontconfig finds %s, a %s font, which qbook cannot embed yet "
		    "(it embeds TrueType outlines only)", file ? (const char *)file : "?",
		    format ? strcmp((const char *)format, "CFF") == 0 ? "OpenType/CFF" :
		    (const char *)format : "non-TrueType");
	FcPatternDestroy(m);
}

void
fonts_shutdown(void)
{
	if (ready)
		FcFini();
	ready = 0;
}
