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
 *
 * The shape is libharu 2.3.0's (pack.c stops the build on any other
 * version), as pdf.c leaves it.  These 11 points are all pack.c relies
 * on, with the functions of pack.c concerned.  A file that differs is
 * refused with a message, never guessed at, except where a point says
 * otherwise.
 *
 * File shape (6 points)
 *  - "%PDF-1.x" first (libharu: 1.3, or 1.4 with transparency, which
 *    qbook never uses); the output says 1.5, or x if later (read_tail,
 *    write_all).
 *  - "startxref", the table's offset and "%%EOF" end the file, in its last
 *    1,024 bytes (libharu: "\nstartxref\nOFFSET\n%%EOF\n") (read_tail).
 *  - Objects back to back: each starts at its offset with "N 0 obj" and
 *    white space, ends with "endobj" between white space, and spans to the
 *    next object's offset or the table (libharu: "N 0 obj\n", the value,
 *    "\nendobj\n", in number order, from HPDF_Xref_WriteToStream; pack
 *    sorts them by offset otherwise) (find_extents, read_header,
 *    read_footer).
 *  - A stream's dictionary starts with /Length (HPDF_DictStream_New adds
 *    it first: "<<\n/Length M 0 R\n") and ends at the first ">>" followed
 *    by "stream" (white space between allowed) and CRLF or LF (libharu:
 *    ">>\nstream\r\n") (read_stream_dict).
 *  - /Length is an integer, or a reference to an object holding only one
 *    (libharu: the next object); the data ends there, then at most one
 *    line end and "endstream" (libharu: "\nendstream") (resolve_length).
 *  - Assumed, not checked: objects refer to each other only by "N G R" in
 *    values and stream dictionaries, never from stream data (content
 *    streams name their resources; libharu writes no object streams).
 *    What is not reached so from /Root and /Info is dropped: libharu's
 *    /Length objects (made direct) and the ToUnicode CMap that pdf.c
 *    replaces in each font (read_ref, scan_refs, find_reachable).
 *
 * Cross-reference table (5 points)
 *  - One table, where startxref says: "xref", then subsections "FIRST
 *    COUNT" (libharu: one, "0 SIZE") (read_tail, walk_xref).
 *  - Entries of 20 bytes: a 10-digit offset, a 5-digit generation, n or f,
 *    a two-byte line end (libharu: "\r\n"); in use means generation 0
 *    and an offset among the objects, no two alike; entry 0 is free
 *    (read_entry, find_extents).
 *  - Exactly one entry for every number below /Size (read_xref).
 *  - "trailer", then a dictionary with /Size, /Root N 0 R and, if there
 *    is one, /Info N 0 R (read_trailer).
 *  - No /Prev (libharu saves whole files, one table), /Encrypt (qbook does
 *    not encrypt) or /XRefStm (PDF 1.5) in the trailer (read_trailer).
 *    Not checked: an /ID would be lost, the output getting its own
 *    (add_id); libharu writes one only when encrypting or asked by
 *    HPDF_PDFA_GenerateID, and qbook does neither.
 */
#ifndef QBOOK_PACK_H
#define QBOOK_PACK_H

#include "base/buf.h"

/* Rewrite the PDF in pdf (name says which, for messages) in place.
 * Returns 0, or -1 after reporting a system error, pdf unchanged. */
int	 pack_pdf(struct buf *pdf, const char *name);

#endif
