/*
 * fonts: finding font files; the only user of fontconfig.
 *
 * The guide embeds scalable outlines, TrueType or OpenType/CFF (face.h),
 * so every lookup is restricted to those, colour and variable fonts left
 * out: single fonts and collections (.ttc, .otc), whose face is given by
 * *index.  Returned paths are malloc'd.
 */
#ifndef QBOOK_FONTS_H
#define QBOOK_FONTS_H

/*
 * The file of family at the given weight and slant, or NULL when
 * fontconfig's best match is a different family (fontconfig never fails,
 * it substitutes; qbook reports that instead of embedding a surprise).
 */
char	*fonts_find(const char *family, int bold, int italic, int *index);

/* A font file with a glyph for code point cp, preferring the given
 * style and, when lang (a BCP 47 tag) is not NULL, fonts for that language
 * (Chinese, Japanese and Korean Han characters differ), or NULL when no
 * installed font has one. */
char	*fonts_find_cover(unsigned cp, int bold, int italic, const char *lang,
	    int *index);

/*
 * Why family cannot be used, for a message: the font fontconfig offers for
 * it when no format is required (its file and format: "fontconfig finds
 * /usr/share/.../NotoColorEmoji.ttf, a TrueType font without outlines a
 * PDF can embed ..."), or
 * that it offers another family; appended to out.
 */
struct buf;
void	 fonts_why_not(const char *family, struct buf *out);

/* Release fontconfig's caches at exit. */
void	 fonts_shutdown(void);

#endif
