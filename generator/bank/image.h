/*
 * image: what an image file is, from its bytes; and SVG drawn as PNG for
 * the PDF.  The one module that uses librsvg (and through it cairo).
 *
 * PNG, JPEG and ICO are recognised by their signatures and their size is
 * read from their headers; nothing else of them is decoded here (the PDF
 * library embeds PNG and JPEG itself, browsers show them all).  SVG is
 * parsed with librsvg, which also draws it; an SVG's references to other
 * files or URLs are not followed (it is read from memory, with no base).
 */
#ifndef QBOOK_IMAGE_H
#define QBOOK_IMAGE_H

#include <stddef.h>

#include "base/buf.h"

enum image_type { IMAGE_PNG, IMAGE_JPEG, IMAGE_SVG, IMAGE_ICO };

struct image {
	enum image_type	 type;
	const char	*path;		/* as given, for messages */
	const unsigned char *data;	/* the file's bytes */
	size_t		 len;
	double		 width, height;	/* pixels (an SVG's: CSS pixels) */
};

/* The largest image file qbook reads, and its largest side in pixels. */
#define IMAGE_CAP	((size_t)8 << 20)
#define IMAGE_MAX_SIDE	16384

/*
 * Identify data[0..len) and fill *im: its type, width and height, and
 * data and len (path is the caller's to set).  Returns 0, or -1 with why (a phrase
 * such as "not a PNG, JPEG, SVG or ICO image") appended to why.
 */
int	 image_probe(const void *data, size_t len, struct image *im, struct buf *why);

/*
 * Draw the SVG im at width x height pixels (at most 4096 each) as a PNG
 * appended to png.  It is drawn in a process of its own (proc.h): the
 * fonts librsvg loads for an SVG's text stay out of the typesetter's
 * fontconfig, and an SVG that crashed librsvg would only end that
 * process.  Returns 0, or -1 with why appended.  The same input gives the
 * same bytes.
 */
int	 image_svg_png(const struct image *im, int width, int height, struct buf *png,
	    struct buf *why);

/* "png", "jpg", "svg", "ico"; "PNG", "JPEG", "SVG", "ICO"; the MIME type. */
const char *image_ext(enum image_type t);
const char *image_kind(enum image_type t);
const char *image_mime(enum image_type t);

#endif
