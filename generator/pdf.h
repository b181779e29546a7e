/*
 * pdf: the PDF file; the only user of libharu.
 *
 * Two libharu documents live in a struct pdf.  The metrics document answers
 * "is there a glyph" and "how wide" (libharu embeds every glyph it was asked
 * to measure, so measuring happens away from the output).  The output
 * document receives only what is drawn; a face is embedded when first drawn
 * with, so unused faces cost nothing.
 *
 * Coordinates are PDF points with the origin at the bottom left.  Text is
 * valid UTF-8 of the BMP without control characters (callers sanitise; see
 * typeset.h).  libharu's errors are sticky: after the first one every call
 * is skipped, and pdf_save reports it with what was being done.
 */
#ifndef QBOOK_PDF_H
#define QBOOK_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

struct pdf;

struct pdf *pdf_new(float width, float height);
void	 pdf_free(struct pdf *p);

/* Make face from a TrueType file available; returns its number, or -1
 * (the document is then failed; see pdf_error). */
int	 pdf_face(struct pdf *p, const char *path);
/* Whether face has a glyph for cp (cp < 0x10000). */
int	 pdf_has_glyph(struct pdf *p, int face, unsigned cp);
/* Advance width of cp in face, in 1/1000 em. */
int	 pdf_advance(struct pdf *p, int face, unsigned cp);

/* Append a page; pages are numbered from 0 in order of creation. */
int	 pdf_add_page(struct pdf *p);
/* Insert a page before page before (or append when before is the page
 * count); returns its number.  Later pages move up one.  Links, outlines
 * and page labels go by page number: make them after the last insertion
 * (an insertion after a link fails the document). */
int	 pdf_insert_page(struct pdf *p, int before);

/* Drawing on page pg (any existing page, in any order, until it is done). */
/* Pieces of one line in one face, each at its own x (justified words). */
struct pdf_seg {
	float		 x;
	const char	*s;
	size_t		 len;
};
void	 pdf_text_line(struct pdf *p, int pg, int face, float size, uint32_t rgb,
	    float y, const struct pdf_seg *segs, size_t n);
void	 pdf_fill_rect(struct pdf *p, int pg, float x, float y, float w, float h,
	    uint32_t rgb);
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

/* Document information; date_set says whether date is used. */
void	 pdf_info(struct pdf *p, const char *title, const char *author,
	    const char *subject, const char *keywords, int date_set, time_t date);

/* Serialize into out (through an unlinked file in TMPDIR, or /tmp, so
 * that the document is freed before out is filled).  Returns 0, or -1 with
 * the error in pdf_error.  Afterwards only pdf_error and pdf_free apply. */
int	 pdf_save(struct pdf *p, struct buf *out);
/* What went wrong, or NULL. */
const char *pdf_error(const struct pdf *p);

#endif
