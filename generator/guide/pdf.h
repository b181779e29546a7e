/*
 * pdf: the PDF file; the only user of libharu (pack.c reads the files it
 * writes, and includes only its version).
 *
 * Fonts are not libharu's: face.h reads, shapes and subsets them, and
 * pdf.c writes their objects (see pdf.c), so any face's metrics are known
 * without embedding it, and a face is embedded only when first drawn with.
 *
 * Coordinates are PDF points with the origin at the bottom left.  Text is
 * valid UTF-8 without control characters (callers sanitise; see
 * typeset.h).  libharu's errors are sticky: after the first one every call
 * is skipped, and pdf_save reports it with what was being done.
 *
 * libharu 2.3.0 exactly: pdf.c stops the build on any other version
 * (hpdf_version.h), and the library's name, libhpdf-2.3.0.so, pins it at
 * run time.  pdf.c goes past hpdf.h's functions into the internal
 * structures and functions that hpdf.h's own includes declare (hpdf_doc.h,
 * hpdf_objects.h, hpdf_list.h, hpdf_streams.h, hpdf_pages.h), and relies
 * on how 2.3.0's code uses them.  86 lines of pdf.c touch a libharu field,
 * internal function or internal constant (a grep for the names below);
 * the points below are all they rely on, by purpose, with the functions
 * of pdf.c concerned.  Another libharu means checking every one.
 *
 * Font objects (4; out_font, finish_face, descriptor, face_cmap,
 * width_array, cid_to_gid, system_info, stream_of)
 *  - HPDF_Dict_New(doc->mmgr) and HPDF_Xref_Add(doc->xref, dict): an
 *    object of qbook's making (the Type0 font, its CIDFont and
 *    descriptor), indirect from then on; its entries may be added until
 *    the save (HPDF_Dict_Add replaces a key in place).
 *  - HPDF_Page_GetLocalFontName(page, font) (hpdf_pages.h) takes any
 *    dictionary: it adds it to the page's /Font resources under a new
 *    name (F1, F2 ...) once, and returns that name, which pdf.c's own Tf
 *    uses.  No HPDF_Font is ever made, so HPDF_Page_SetFontAndSize and
 *    libharu's font loading are never called.
 *  - HPDF_DictStream_New(doc->mmgr, doc->xref), ->filter =
 *    HPDF_STREAM_FILTER_FLATE_DECODE, HPDF_Stream_Write(->stream): a new
 *    stream object (font file, CMaps, CIDToGIDMap), compressed by libharu
 *    as written.
 *  - HPDF_Dict_Add/AddName/AddNumber/AddReal, HPDF_String_New,
 *    HPDF_Array_New/Add/AddNumber: the values of the objects above; hpdf.h
 *    makes no object of the caller's choosing.
 *
 * Pages and content streams (5; pdf_text_line, pdf_draw_image,
 * pdf_page_done, exact_copy, write_flate_entry, pdf_page_reopen,
 * pdf_insert_page)
 *  - ((HPDF_PageAttr)page->attr)->stream and HPDF_Stream_Write: text
 *    operators go straight into the content (Tf, TJ, Tw, Ts, Tr, marked
 *    content, qbook's own one- and two-byte codes): hpdf.h has no TJ, and
 *    HPDF_Page_ShowText encodes through libharu's encoder; so does the
 *    marked content (BDC/EMC) around an image HPDF_Page_DrawImage draws.
 *    BT/ET and colours still go through hpdf.h, so libharu's graphics
 *    mode stays true.
 *  - PageAttr->stream and ->contents->stream (the same stream), freed and
 *    pointed at a compressed copy; ->contents->filter =
 *    HPDF_STREAM_FILTER_NONE and ->contents->write_fn = write_flate_entry:
 *    with no filter HPDF_Dict_Write copies the bytes and drops any /Filter
 *    entry, then calls write_fn after its entries, which adds
 *    /Filter /FlateDecode.
 *  - HPDF_MemStream_New(mmgr, n), HPDF_Stream_WriteToStream(src, dst,
 *    filter, NULL), HPDF_Stream_Size, HPDF_Stream_Free: a memory stream
 *    grows in blocks of the size it was made with, so a copy made with the
 *    final size wastes nothing.
 *  - HPDF_Page_New_Content_Stream (in hpdf.h) as 2.3.0 does it: /Contents
 *    becomes an array, PageAttr->contents and ->stream become the new
 *    stream, which takes the old one's filter (none after pdf_page_done:
 *    the page must be finished again).
 *  - HPDF_InsertPage (in hpdf.h) puts the page right before the given one
 *    and leaves every page handle valid: qbook's page list (slot_page)
 *    stays in step with libharu's.
 *
 * Links, annotations and outlines (4; destination, prepare_links,
 * write_annot, write_annots, put_link)
 *  - ((HPDF_Array)dst)->list, HPDF_List_RemoveByIndex(list, 4),
 *    HPDF_Obj_Free, HPDF_Null_New, HPDF_Array_Add: HPDF_Destination_SetXYZ
 *    writes [page /XYZ left top zoom] and refuses zoom 0 (an error, which
 *    poisons the document); element 4 becomes null, "keep the zoom".
 *  - One empty HPDF_Dict_New per link, added to the cross-reference table,
 *    with ->write_fn = write_annot writing its entries from the link's
 *    record: libharu's own link annotations would cost over a kilobyte
 *    each until the save.
 *  - A page's ->write_fn: NULL in 2.3.0 (pages use before_write_fn), set
 *    to write_annots, which writes /Annots after libharu's entries.
 *    libharu writes none: no annotation is made through hpdf.h.
 *  - The hooks (HPDF_Dict_OnWriteFunc) get no user data: the document
 *    being saved is a static (saving).
 *
 * Errors (2; on_error, and every function above)
 *  - Objects and streams made with doc->mmgr report failures to the
 *    document's error (mmgr->error): on_error is called and the error is
 *    sticky, as with hpdf.h's calls, so a function above that gets NULL
 *    needs no message of its own.
 *  - A write failing while compressing comes as HPDF_ZLIB_ERROR with the
 *    write's status (HPDF_FILE_IO_ERROR) as the detail; the file writer's
 *    detail is ferror()'s, not errno, so on_error reads errno itself.
 *
 * Saving and streams (3; pdf_save, temp_file, read_back, write_annots)
 *  - HPDF_SaveToFile opens its file by name ("wb"); the only other output
 *    is memory: the temporary file is named /proc/self/fd/N where that
 *    reaches it.
 *  - The file is closed without a check of fclose, so a full disk can
 *    leave it cut short without an error: read_back looks for %%EOF.
 *  - Objects are written once each, in number order: write_annots looks
 *    for the next page after the last it saw.
 *
 * Cross-reference table (3; stream_of, descriptor, prepare_links,
 * put_link, write_annot)
 *  - doc->xref and HPDF_Xref_Add: an object becomes indirect with the next
 *    number (its index in the one table, from 0: numbers follow the calls,
 *    which prepare_links checks), and libharu writes and frees it (also
 *    when the add fails).
 *  - HPDF_Obj_Header's obj_id: the object's number in its low 24 bits
 *    (HPDF_OTYPE_INDIRECT above): a target page's number for /Dest, an
 *    annotation's for its link.
 *  - HPDF_DictStream_New adds the stream, then its /Length as an integer
 *    object of its own: two consecutive numbers, /Length the first entry
 *    (the shape pack.h relies on).
 *
 * Catalogue (1; pdf_info)
 *  - doc->catalog is the document catalogue, an HPDF_Dict written with
 *    the document; /Lang is added to it with HPDF_Dict_Add and
 *    HPDF_String_New (no encoder: the tag is ASCII, checked).
 */
#ifndef QBOOK_PDF_H
#define QBOOK_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/buf.h"

struct pdf;

struct pdf *pdf_new(float width, float height);
void	 pdf_free(struct pdf *p);

/* Make face index of a font file available (0, or its place in a
 * collection); returns its number, or -1 (the document is then failed,
 * with the reason; see pdf_error). */
int	 pdf_face(struct pdf *p, const char *path, int index);
/* pdf_face for a font that may be passed over: -1 leaves the document
 * as it was. */
int	 pdf_face_if(struct pdf *p, const char *path, int index);
/* Whether face's character map has a glyph for cp. */
int	 pdf_has_glyph(struct pdf *p, int face, unsigned cp);
/* Advance width of cp's glyph in face, in 1/1000 em. */
int	 pdf_advance(struct pdf *p, int face, unsigned cp);
/* Whether face is bold (weight 600 or more). */
int	 pdf_is_bold(struct pdf *p, int face);
/* The language of the text (a BCP 47 tag, copied; NULL: none), for
 * shaping. */
void	 pdf_language(struct pdf *p, const char *lang);
/* Width of UTF-8 s[0..len) in face, shaped as pdf_text_line draws it
 * (face.h: kerning, ligatures, joining), in 1/1000 em. */
long	 pdf_width(struct pdf *p, int face, const char *s, size_t len);

/* Append a page; pages are numbered from 0 in order of creation. */
int	 pdf_add_page(struct pdf *p);
/* Insert a page before page before (or append when before is the page
 * count); returns its number.  Later pages move up one.  Links, outlines
 * and page labels go by page number: make them after the last insertion
 * (an insertion after a link fails the document). */
int	 pdf_insert_page(struct pdf *p, int before);

/* Drawing on page pg (any existing page, in any order, until it is done). */
/* Pieces of one line in one face, each at its own x (justified words);
 * space: a space of the text comes before the piece (drawn as one, so
 * that it is in the text a reader copies or searches). */
struct pdf_seg {
	float		 x;
	const char	*s;
	size_t		 len;
	int		 space;
};
/* bolden: 0, or the width in points of a stroke around the glyphs'
 * outlines in their colour, which draws a face bolder than it is. */
void	 pdf_text_line(struct pdf *p, int pg, int face, float size, uint32_t rgb,
	    float bolden, float y, const struct pdf_seg *segs, size_t n);
void	 pdf_fill_rect(struct pdf *p, int pg, float x, float y, float w, float h,
	    uint32_t rgb);
/* Add a PNG (jpeg = 0) or JPEG image, which libharu decodes; returns its
 * index for pdf_draw_image, or -1 (the error is kept, see pdf_error). */
int	 pdf_image(struct pdf *p, const void *data, size_t len, int jpeg);
/* Draw image at x, y (its lower left corner), w by h points, with alt (or
 * NULL) as the alternate description screen readers give for it. */
void	 pdf_draw_image(struct pdf *p, int pg, int image, float x, float y, float w, float h,
	    const char *alt);
void	 pdf_stroke_rect(struct pdf *p, int pg, float x, float y, float w, float h,
	    uint32_t rgb, float lw);
void	 pdf_line(struct pdf *p, int pg, float x1, float y1, float x2, float y2,
	    uint32_t rgb, float lw);

/* Page pg is finished: its content is compressed now instead of when the
 * document is saved.  Drawing on it afterwards fails the document; links
 * may still be added. */
void	 pdf_page_done(struct pdf *p, int pg);
/* Draw on finished page pg again, in a content stream of its own that
 * follows the first (what cannot be known when the page is drawn, such as
 * the page count); finish it again with pdf_page_done. */
void	 pdf_page_reopen(struct pdf *p, int pg);

/* A clickable area going to (target page, top y), or to a URI. */
void	 pdf_link(struct pdf *p, int pg, float x, float y, float w, float h,
	    int target, float ty);
void	 pdf_uri(struct pdf *p, int pg, float x, float y, float w, float h,
	    const char *uri);

/* A bookmark under parent (-1 for the top level); returns its handle. */
int	 pdf_outline(struct pdf *p, int parent, const char *title, int pg, float y,
	    int open);

/* Page labels from page pg on: roman (lower case) or decimal, from 1.
 * Call in increasing page order. */
void	 pdf_page_label(struct pdf *p, int pg, int roman);

/* Document information; date_set says whether date is used.  lang (a
 * BCP 47 tag, or NULL) becomes the catalogue's /Lang, the language screen
 * readers and text extraction assume. */
void	 pdf_info(struct pdf *p, const char *title, const char *author,
	    const char *subject, const char *keywords, int date_set, time_t date,
	    const char *lang);

/* Serialize into out (through an unlinked file in TMPDIR, or /tmp, so
 * that the document is freed before out is filled).  Returns 0, or -1 with
 * the error in pdf_error.  Afterwards only pdf_error and pdf_free apply. */
int	 pdf_save(struct pdf *p, struct buf *out);
/* What went wrong, or NULL. */
const char *pdf_error(const struct pdf *p);

#endif
