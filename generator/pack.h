/*
 * pack: PDF object streams, for libharu's output only.
 *
 * libharu writes PDF 1.3, where every dictionary (link annotations, page
 * objects, the glyph-width arrays of the fonts) is stored uncompressed.
 * Rewriting the file with object streams (PDF 1.5, compressed with zlib)
 * compresses them and drops objects nothing refers to.  The rewrite relies
 * on the regular shape of libharu's files instead of parsing PDF in
 * general, and refuses any other file.  It is deterministic: the same
 * input gives the same bytes.
 */
#ifndef QBOOK_PACK_H
#define QBOOK_PACK_H

#include "buf.h"

/* Rewrite the PDF in pdf (name says which, for messages) in place.
 * Returns 0, or -1 after reporting a system error, pdf unchanged. */
int	 pack_pdf(struct buf *pdf, const char *name);

#endif
