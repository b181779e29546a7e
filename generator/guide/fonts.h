/*
 * fonts: finding font files; the only user of fontconfig.
 *
 * The guide embeds TrueType outlines only (libharu reads nothing else), so
 * every lookup is restricted to TrueType: single fonts and collections
 * (.ttc), whose face is given by *index.  Returned paths are malloc'd.
 */
#ifndef QBOOK_FONTS_H
#define QBOOK_FONTS_H

/*
 * The file of family at the given weight and slant, or NULL when
 * fontconfig's best match is a different family (fontconfig never fails,
 * it substitutes; qbook reports that instead of embedding a surprise).
 */
char	*fonts_find(const char *family, int bold, int italic, int *index);

/* A TrueType file with a glyph for code point cp, preferring the given
 * style and, when lang (a BCP 47 tag) is not NULL, fonts for that language
 * (Chinese, Japanese and Korean Han characters differ), or NULL when no
 * installed font has one. */
char	*fonts_find_cover(unsigned cp, int bold, int italic, const char *lang,
	    int *index);

/*
 * Why family cannot be used, for a message: the font fontconfig offers for
 * it when no format is required (its family, file and format: "Noto Sans
 * CJK SC in /usr/share/.../NotoSansCJK-Regular.ttc, OpenType/CFF, which
 * qbook cannot embed yet"), or that it offers another family; appended to
 * out.
 */
struct buf;
void	 fonts_why_not(const char *family, struct buf *out);

/* Release fontconfig's caches at exit. */
void	 fonts_shutdown(void);

#endif
