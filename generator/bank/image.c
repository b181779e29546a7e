/* image: signatures, sizes and SVG drawn as PNG (see image.h). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <librsvg/rsvg.h>

#include "bank/image.h"
#include "base/fsx.h"
#include "base/proc.h"

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
probe_png(const unsigned char *p, size_t len, struct image *im)
{
	/* The signature, then IHDR: its length (13), name, width, height. */
	if (len < 33 || memcmp(p + 12, "IHDR", 4) != 0)
		return -1;
	im->width = be32(p + 16);
	im->height = be32(p + 20);
	return im->width > 0 && im->height > 0 ? 0 : -1;
}

/* The size is in the first start-of-frame segment (SOF0 to SOF15 but
 * DHT, JPG and DAC, which share the range). */
static int
probe_jpeg(const unsigned char *p, size_t len, struct image *im)
{
	size_t i = 2;

	while (i + 4 <= len) {
		unsigned marker, seglen;

		if (p[i] != 0xFF)
			return -1;
		marker = p[i + 1];
		if (marker == 0xFF) {	/* fill byte */
			i++;
			continue;
		}
		seglen = be16(p + i + 2);
		if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
		    marker != 0xCC) {
			if (i + 9 > len)
				return -1;
			im->height = be16(p + i + 5);
			im->width = be16(p + i + 7);
			return im->width > 0 && im->height > 0 ? 0 : -1;
		}
		if (marker == 0xD9 || marker == 0xDA || seglen < 2)
			return -1;	/* no frame before the scan */
		i += 2 + seglen;
	}
	return -1;
}

static int
probe_ico(const unsigned char *p, size_t len, struct image *im)
{
	if (len < 22 || be16(p + 4) == 0)
		return -1;
	/* The first entry's width and height; 0 stands for 256. */
	im->width = p[6] ? p[6] : 256;
	im->height = p[7] ? p[7] : 256;
	return 0;
}

/* Whether the text starts like an SVG document. */
static int
looks_like_svg(const unsigned char *p, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	for (size_t i = 0; i + 4 <= n; i++)
		if (memcmp(p + i, "<svg", 4) == 0)
			return 1;
	return 0;
}

static RsvgHandle *
open_svg(const struct image *im, struct buf *why)
{
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data(im->data, im->len, &err);

	if (h == NULL) {
		const char *m = err ? err->message : "no reason given";

		/* Its message may end in a newline. */
		buf_printf(why, "not an SVG image librsvg can read (%.*s)",
		    (int)strcspn(m, "\n"), m);
		g_clear_error(&err);
	}
	return h;
}

static int
probe_svg(struct image *im, struct buf *why)
{
	RsvgHandle *h = open_svg(im, why);
	gdouble w = 0, hh = 0;

	if (h == NULL)
		return -1;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh)) {
		gboolean has_w, has_h, has_box;
		RsvgLength lw, lh;
		RsvgRectangle box;

		/* Sized in relative units: its viewBox gives the proportions. */
		rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_box, &box);
		w = has_box ? box.width : 0;
		hh = has_box ? box.height : 0;
	}
	g_object_unref(h);
	if (!(w > 0 && hh > 0)) {
		buf_adds(why, "an SVG image with no size: give it width and height, or a viewBox");
		return -1;
	}
	im->width = w;
	im->height = hh;
	return 0;
}

int
image_probe(const void *data, size_t len, struct image *im, struct buf *why)
{
	const unsigned char *p = data;
	int rc = -1;

	im->width = im->height = 0;
	im->data = data;
	im->len = len;
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
		im->type = IMAGE_PNG;
		rc = probe_png(p, len, im);
	} else if (len >= 3 && memcmp(p, "\xFF\xD8\xFF", 3) == 0) {
		im->type = IMAGE_JPEG;
		rc = probe_jpeg(p, len, im);
	} else if (len >= 4 && memcmp(p, "\0\0\1\0", 4) == 0) {
		im->type = IMAGE_ICO;
		rc = probe_ico(p, len, im);
	} else if (looks_like_svg(p, len)) {
		im->type = IMAGE_SVG;
		return probe_svg(im, why);
	} else {
		buf_adds(why, "not a PNG, JPEG, SVG or ICO image");
		return -1;
	}
	if (rc < 0)
		buf_printf(why, "a damaged or incomplete %s image", image_kind(im->type));
	return rc;
}

static cairo_status_t
write_png(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* What the drawing process needs. */
struct drawing {
	const struct image *im;
	int		 width, height;
};

/* In the drawing process: the PNG, or "!" and why, to fd. */
static int
draw_svg(void *ctx, int fd)
{
	const struct drawing *dr = ctx;
	struct buf png = BUF_INIT, why = BUF_INIT;
	RsvgHandle *h;
	cairo_surface_t *s;
	cairo_t *cr;
	GError *err = NULL;
	RsvgRectangle vp = { 0, 0, dr->width, dr->height };
	int ok = 0, rc;

	if ((h = open_svg(dr->im, &why)) != NULL) {
		s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, dr->width, dr->height);
		cr = cairo_create(s);
		ok = rsvg_handle_render_document(h, cr, &vp, &err);
		cairo_destroy(cr);
		cairo_surface_flush(s);
		if (ok && cairo_surface_write_to_png_stream(s, write_png, &png) !=
		    CAIRO_STATUS_SUCCESS)
			ok = 0;
		if (!ok)
			buf_printf(&why, "librsvg could not draw it (%s)",
			    err ? err->message : "no reason given");
		g_clear_error(&err);
		cairo_surface_destroy(s);
		g_object_unref(h);
	}
	rc = ok ? fsx_write_all(fd, png.data, png.len) :
	    fsx_write_all(fd, "!", 1) | fsx_write_all(fd, why.data, why.len);
	buf_release(&png);
	buf_release(&why);
	return rc;
}

int
image_svg_png(const struct image *im, int width, int height, struct buf *png,
    struct buf *why)
{
	struct drawing dr = { im, width, height };
	struct proc p;
	char chunk[65536];
	ssize_t n;
	size_t start = png->len;

	if (width < 1 || height < 1 || width > 4096 || height > 4096) {
		buf_printf(why, "cannot draw an SVG image %d x %d pixels", width, height);
		return -1;
	}
	if (proc_start(&p, "qbook-svg", "SVG drawing process", draw_svg, &dr) < 0) {
		buf_adds(why, "no process could be started to draw it");
		return -1;
	}
	while ((n = read(p.fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(png, chunk, (size_t)n);
	}
	if (proc_finish(&p) < 0 || png->len == start) {
		buf_truncate(png, start);
		buf_adds(why, "the drawing process failed");
		return -1;
	}
	if (png->data[start] == '!') {
		buf_add(why, png->data + start + 1, png->len - start - 1);
		buf_truncate(png, start);
		return -1;
	}
	return 0;
}

const char *
image_ext(enum image_type t)
{
	static const char *const ext[] = { "png", "jpg", "svg", "ico" };

	return ext[t];
}

const char *
image_kind(enum image_type t)
{
	static const char *const kind[] = { "PNG", "JPEG", "SVG", "ICO" };

	return kind[t];
}

const char *
image_mime(enum image_type t)
{
	static const char *const mime[] = { "image/png", "image/jpeg", "image/svg+xml",
		"image/vnd.microsoft.icon" };

	return mime[t];
}
