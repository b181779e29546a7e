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
 * OpenType/CFF, scalable, not variable, and not a colour font (whose
 * glyphs are bitmaps or layers a PDF font cannot hold). */
static int
embeddable(FcPattern *m)
{
	FcChar8 *format = NULL;
	FcBool outline = FcFalse, color = FcFalse, variable = FcFalse;
	int index = 0;

	if (FcPatternGetString(m, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
	    (strcmp((const char *)format, "TrueType") != 0 &&
	    strcmp((const char *)format, "CFF") != 0))
		return 0;
	FcPatternGetBool(m, FC_OUTLINE, 0, &outline);
	FcPatternGetBool(m, FC_COLOR, 0, &color);
	FcPatternGetBool(m, FC_VARIABLE, 0, &variable);
	FcPatternGetInteger(m, FC_INDEX, 0, &index);
	/* A variable font (and its named instances, the index's high bits)
	 * has no one set of outlines to embed. */
	return outline && !color && !variable && index < 0x10000;
}

/* Whether one of m's family names is family. */
static int
has_family(FcPattern *m, const char *family)
{
	FcChar8 *fam = NULL;

	for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (strcasecmp((const char *)fam, family) == 0)
			return 1;
	return 0;
}

/*
 * The file of fontconfig's best match for pat (consumed) among the fonts
 * whose outlines can be embedded, if it is of family (when not NULL);
 * *index is the face's in the file (a collection holds several).  The
 * format is not asked for in the pattern: fontconfig ranks a format above
 * the family, so it would offer another family's TrueType font before the
 * family's own OpenType/CFF one.
 */
static char *
match_file(FcPattern *pat, const char *family, int *index)
{
	FcResult res;
	FcFontSet *set;
	FcChar8 *file = NULL;
	char *path = NULL;

	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
	FcPatternDestroy(pat);
	for (int i = 0; set != NULL && i < set->nfont; i++) {
		FcPattern *m = set->fonts[i];

		if (!embeddable(m) || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
			continue;
		if (family == NULL || has_family(m, family)) {
			path = xstrdup((const char *)file);
			if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
				*index = 0;
		}
		break;
	}
	if (set != NULL)
		FcFontSetDestroy(set);
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
	same = has_family(m, family);
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
