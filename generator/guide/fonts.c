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

/* Whether fontconfig's match m has outlines qbook can embed: TrueType or
 * OpenType/CFF, scalable, and not a colour font (whose glyphs are bitmaps
 * or layers a PDF font cannot hold). */
static int
embeddable(FcPattern *m)
{
	FcChar8 *format = NULL;
	FcBool outline = FcFalse, color = FcFalse;

	if (FcPatternGetString(m, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
	    (strcmp((const char *)format, "TrueType") != 0 &&
	    strcmp((const char *)format, "CFF") != 0))
		return 0;
	FcPatternGetBool(m, FC_OUTLINE, 0, &outline);
	FcPatternGetBool(m, FC_COLOR, 0, &color);
	return outline && !color;
}

/* Match pat (consumed) and return the file if its outlines can be
 * embedded and, when family is not NULL, it is of that family; *index is
 * the face's in the file (a collection holds several). */
static char *
match_file(FcPattern *pat, const char *family, int *index)
{
	FcResult res;
	FcPattern *m;
	FcChar8 *file = NULL, *fam = NULL;
	char *path = NULL;

	FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
	FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"CFF");
	FcPatternAddBool(pat, FC_OUTLINE, FcTrue);
	FcPatternAddBool(pat, FC_COLOR, FcFalse);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (m == NULL)
		return NULL;
	if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch && embeddable(m)) {
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
		buf_printf(out, "fontconfig finds %s, a %s font without outlines a PDF can "
		    "embed (qbook embeds scalable TrueType and OpenType/CFF outlines, not "
		    "bitmaps or colour glyphs)", file ? (const char *)file : "?",
		    format ? (const char *)format : "non-TrueType");
	FcPatternDestroy(m);
}

void
fonts_shutdown(void)
{
	if (ready)
		FcFini();
	ready = 0;
}
