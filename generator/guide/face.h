/*
 * face: one face of a font file, for measuring, shaping and embedding; the
 * only user of HarfBuzz (shaping, metrics, the subsetter) and of FreeType
 * (the CIDs of a CID-keyed CFF font).
 *
 * TrueType (glyf) and OpenType/CFF outlines, single fonts and collections
 * (.ttc, .otc: index names the face), every plane of Unicode.  Lengths are
 * in thousandths of an em, rounded per glyph: the units of a PDF font's
 * widths and of TJ adjustments, so that what is measured is what is drawn.
 */
#ifndef QBOOK_FACE_H
#define QBOOK_FACE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct face;

/* Face index of the font file at path, or NULL with the reason appended
 * to why: unreadable, not a font, or no outlines a PDF can embed (such as
 * a colour font of bitmaps). */
struct face *face_open(const char *path, int index, struct buf *why);
void	 face_free(struct face *f);

/* The glyph the font's character map gives cp, 0 for none. */
unsigned face_glyph(struct face *f, uint32_t cp);
/* The advance of glyph gid. */
int	 face_advance(struct face *f, unsigned gid);

/* A glyph of shaped text: drawn at the pen moved by dx, dy, then the pen
 * advances by adv.  It belongs to the cluster of bytes at .. at + len of
 * the text (characters that became glyphs together: a ligature, a
 * conjunct, a letter and its marks); every glyph of a cluster has the
 * same at and len. */
struct glyph {
	uint32_t	 gid;
	int32_t		 adv, dx, dy;
	uint32_t	 at, len;
};

/*
 * s[0..len) (UTF-8, in the order it is drawn, left to right) shaped by
 * the font's OpenType tables for the script HarfBuzz sees in it and the
 * language lang (a BCP 47 tag, or NULL): kerning, ligatures, joining and
 * reordering.  Returns *n glyphs in drawing order, valid until the next
 * call.  Results are cached by text.
 */
const struct glyph *face_shape(struct face *f, const char *s, size_t len, const char *lang,
	    size_t *n);

/* Free the shaping cache (when nothing more will be shaped). */
void	 face_forget_shapes(struct face *f);

/* What a PDF font descriptor says of the face. */
struct face_info {
	int		 ascent, descent, cap_height, x_height, stem_v;
	float		 italic_angle;
	int		 fixed_pitch, italic;
	int		 bold;		/* weight 600 or more */
	int		 cff;		/* outlines in a CFF table, not glyf */
	char		 name[64];	/* PostScript name, PDF name characters only */
};
void	 face_info(struct face *f, struct face_info *fi);

/* The box around glyphs gids[0..n), as llx, lly, urx, ury. */
void	 face_bbox(struct face *f, const uint32_t *gids, size_t n, int box[4]);

/*
 * The font cut down to glyphs gids[0..n) (and what composite glyphs
 * need), appended to out: for glyf outlines a TrueType file, for CFF the
 * bare CFF table (a PDF's FontFile2 and FontFile3 /CIDFontType0C).  Sets
 * cids[i] to the number a PDF's CIDFont selects gids[i] by: its new glyph
 * number, or for a CID-keyed CFF font its CID.  The same input always
 * gives the same bytes.  Returns 0, or -1 with out unchanged.
 */
int	 face_subset(struct face *f, const uint32_t *gids, size_t n, struct buf *out,
	    uint32_t *cids);

#endif
