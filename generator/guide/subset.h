/*
 * subset: cutting a TrueType font down to the glyphs a document draws;
 * the only user of HarfBuzz (its subsetter).
 *
 * The result keeps the outlines and metrics of the glyphs for the given
 * code points (and the components of composite glyphs), renumbered from 1
 * with glyph 0 (.notdef) kept, and drops hinting, layout tables and glyph
 * names: a PDF viewer needs none of them to draw the glyphs.  The same
 * input always gives the same bytes.
 */
#ifndef QBOOK_SUBSET_H
#define QBOOK_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/*
 * Subset face index of the TrueType file at path (0 but in a collection)
 * to the n code points in cps.  On
 * success appends the font to out, sets gids[i] to the new glyph number
 * of cps[i] (0 where the font has no glyph) and returns 0; on failure
 * returns -1 with out and gids unchanged.
 */
int	 subset_truetype(const char *path, int index, const uint32_t *cps, size_t n,
	    struct buf *out, uint16_t *gids);

#endif
