/*
 * face: HarfBuzz for glyphs, advances and shaping, its subsetter for the
 * embedded fonts (driven through a subset plan, so that the new glyph
 * numbers can be read back), and FreeType to read the CIDs of a CID-keyed
 * CFF subset, which HarfBuzz does not expose.
 */
#include "guide/face.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H

#include "base/bmap.h"
#include "base/buf.h"
#include "base/mem.h"

#define NO_WIDTH	INT32_MIN
#define BMP		0x10000
/* Glyphs the shaping cache may hold before it starts again: a bound on
 * its memory whatever the text (about 6 MB a face). */
#define CACHE_GLYPHS	(1u << 18)

struct face {
	hb_blob_t	*blob;
	hb_face_t	*face;
	hb_font_t	*font;
	unsigned	 upem, nglyphs;
	int		 cff;
	uint32_t	*bmp;		/* per BMP code point: glyph + 1, 0 unknown */
	int32_t		*width;		/* per glyph, NO_WIDTH unknown */
	hb_buffer_t	*buf;
	hb_language_t	 lang;
	struct bmap	 shaped;	/* text -> index into runs */
	struct run {
		size_t		 first, n;
	}		*runs;
	size_t		 nruns, runcap;
	struct glyph	*pool;
	size_t		 npool, poolcap;
};

static int
has_table(hb_face_t *face, const char *tag)
{
	hb_blob_t *b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
	int yes = hb_blob_get_length(b) > 0;

	hb_blob_destroy(b);
	return yes;
}

struct face *
face_open(const char *path, int index, struct buf *why)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	struct face *f;

	if (blob == NULL) {
		buf_adds(why, "it cannot be read");
		return NULL;
	}
	if (index < 0 || (unsigned)index >= hb_face_count(blob)) {
		buf_adds(why, hb_face_count(blob) ? "it has no such face" : "it is not a font file");
		hb_blob_destroy(blob);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->blob = blob;
	f->face = hb_face_create(blob, (unsigned)index);
	f->nglyphs = hb_face_get_glyph_count(f->face);
	f->cff = has_table(f->face, "CFF ");
	if (f->nglyphs == 0 || (!f->cff && !has_table(f->face, "glyf"))) {
		buf_adds(why, has_table(f->face, "CFF2") ? "its outlines are CFF2 "
		    "(variable), which a PDF cannot embed" :
		    has_table(f->face, "CBDT") || has_table(f->face, "EBDT") ||
		    has_table(f->face, "sbix") ? "it has no outlines, only bitmaps, "
		    "which a PDF font cannot hold" : "it has no glyphs that can be read "
		    "(the file may be damaged or cut short)");
		face_free(f);
		return NULL;
	}
	f->font = hb_font_create(f->face);
	f->upem = hb_face_get_upem(f->face);
	f->bmp = xcalloc(BMP, sizeof(*f->bmp));
	f->width = xmalloc(sizeof(*f->width) * f->nglyphs);
	for (unsigned g = 0; g < f->nglyphs; g++)
		f->width[g] = NO_WIDTH;
	f->buf = hb_buffer_create();
	return f;
}

void
face_free(struct face *f)
{
	if (f == NULL)
		return;
	hb_buffer_destroy(f->buf);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	bmap_free(&f->shaped);
	free(f->runs);
	free(f->pool);
	free(f->bmp);
	free(f->width);
	free(f);
}

/* Font units to thousandths of an em, rounded. */
static int32_t
thousandths(const struct face *f, hb_position_t v)
{
	return (int32_t)lround((double)v * 1000.0 / (double)f->upem);
}

unsigned
face_glyph(struct face *f, uint32_t cp)
{
	hb_codepoint_t g = 0;

	if (cp < BMP && f->bmp[cp] != 0)
		return f->bmp[cp] - 1;
	if (!hb_font_get_nominal_glyph(f->font, cp, &g))
		g = 0;
	if (cp < BMP)
		f->bmp[cp] = (uint32_t)g + 1;
	return g;
}

int
face_advance(struct face *f, unsigned gid)
{
	if (gid >= f->nglyphs)
		return 0;
	if (f->width[gid] == NO_WIDTH)
		f->width[gid] = thousandths(f, hb_font_get_glyph_h_advance(f->font, gid));
	return f->width[gid];
}

static int
by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The clusters' first bytes, ascending, each once (malloc'd). */
static uint32_t *
cluster_starts(const hb_glyph_info_t *info, unsigned n, size_t *count)
{
	uint32_t *s = xmalloc(sizeof(*s) * (n + 1));
	size_t k = 0;

	for (unsigned i = 0; i < n; i++)
		s[i] = info[i].cluster;
	qsort(s, n, sizeof(*s), by_u32);
	for (unsigned i = 0; i < n; i++)
		if (k == 0 || s[i] != s[k - 1])
			s[k++] = s[i];
	*count = k;
	return s;
}

/* Where the cluster starting at byte at ends: the next cluster's start,
 * whatever the order of the glyphs, or the end of the text. */
static uint32_t
next_start(const uint32_t *starts, size_t n, uint32_t at, uint32_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (starts[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? starts[lo] : len;
}

/* Shape s[0..len) into the pool; returns the run. */
static struct run
shape(struct face *f, const char *s, size_t len)
{
	unsigned n = 0;
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;
	struct run r;
	uint32_t *starts;
	size_t nstarts;

	hb_buffer_clear_contents(f->buf);
	hb_buffer_add_utf8(f->buf, s, (int)len, 0, (int)len);
	/* The text comes in drawing order: HarfBuzz turns a right-to-left
	 * script's runs back to their logical order to shape them. */
	hb_buffer_set_direction(f->buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(f->buf, f->lang);
	hb_buffer_guess_segment_properties(f->buf);
	hb_shape(f->font, f->buf, NULL, 0);
	info = hb_buffer_get_glyph_infos(f->buf, &n);
	pos = hb_buffer_get_glyph_positions(f->buf, &n);
	GROW(f->pool, f->poolcap, f->npool + n + 1);
	r.first = f->npool;
	r.n = n;
	starts = cluster_starts(info, n, &nstarts);
	for (unsigned i = 0; i < n; i++) {
		struct glyph *g = &f->pool[f->npool++];
		uint32_t end = next_start(starts, nstarts, info[i].cluster, (uint32_t)len);

		g->gid = info[i].codepoint;
		g->adv = thousandths(f, pos[i].x_advance);
		g->dx = thousandths(f, pos[i].x_offset);
		g->dy = thousandths(f, pos[i].y_offset);
		g->at = info[i].cluster;
		g->len = end > g->at ? end - g->at : 0;
	}
	free(starts);
	return r;
}

static void
forget_shapes(struct face *f)
{
	bmap_free(&f->shaped);
	f->nruns = f->npool = 0;
}

void
face_forget_shapes(struct face *f)
{
	forget_shapes(f);
	free(f->runs);
	free(f->pool);
	f->runs = NULL;
	f->pool = NULL;
	f->runcap = f->poolcap = 0;
}

const struct glyph *
face_shape(struct face *f, const char *s, size_t len, const char *lang, size_t *n)
{
	hb_language_t l = lang ? hb_language_from_string(lang, -1) : HB_LANGUAGE_INVALID;
	int *at, added;

	if (l != f->lang || f->npool > CACHE_GLYPHS)
		forget_shapes(f);
	f->lang = l;
	at = bmap_put(&f->shaped, s, len, (int)f->nruns, &added);
	if (added) {
		GROW(f->runs, f->runcap, f->nruns + 1);
		f->runs[f->nruns++] = shape(f, s, len);
	}
	*n = f->runs[*at].n;
	return f->pool + f->runs[*at].first;
}

void
face_info(struct face *f, struct face_info *fi)
{
	hb_position_t v;
	float weight = hb_style_get_value(f->font, HB_STYLE_TAG_WEIGHT);
	unsigned len = sizeof(fi->name) - 1;
	char name[64];
	size_t k = 0;

	memset(fi, 0, sizeof(*fi));
	fi->cff = f->cff;
	hb_ot_metrics_get_position_with_fallback(f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v);
	fi->ascent = thousandths(f, v);
	hb_ot_metrics_get_position_with_fallback(f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v);
	fi->descent = thousandths(f, v);
	hb_ot_metrics_get_position_with_fallback(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
	fi->cap_height = thousandths(f, v);
	hb_ot_metrics_get_position_with_fallback(f->font, HB_OT_METRICS_TAG_X_HEIGHT, &v);
	fi->x_height = thousandths(f, v);
	fi->italic_angle = hb_style_get_value(f->font, HB_STYLE_TAG_SLANT_ANGLE);
	fi->italic = hb_style_get_value(f->font, HB_STYLE_TAG_ITALIC) > 0.5f ||
	    fi->italic_angle != 0;
	/* PDF wants the width of vertical stems; the weight is what the font
	 * says of it (400 regular: about 80, 700 bold: about 140). */
	fi->stem_v = (int)lroundf(10.0f + weight * weight / 2500.0f);
	fi->bold = weight >= 600.0f;
	fi->fixed_pitch = face_advance(f, face_glyph(f, 'i')) == face_advance(f, face_glyph(f, 'M')) &&
	    face_glyph(f, 'i') != 0;
	if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
	    &len, name) == 0)
		snprintf(name, sizeof(name), "Font");
	/* A PDF name: printable ASCII without delimiters or '#'. */
	for (size_t i = 0; name[i] != '\0' && k + 1 < sizeof(fi->name); i++)
		if (name[i] > ' ' && name[i] < 0x7F && strchr("()<>[]{}/%#", name[i]) == NULL)
			fi->name[k++] = name[i];
	if (k == 0)
		memcpy(fi->name, "Font", 5);
}

void
face_bbox(struct face *f, const uint32_t *gids, size_t n, int box[4])
{
	int first = 1;

	memset(box, 0, sizeof(int) * 4);
	for (size_t i = 0; i < n; i++) {
		hb_glyph_extents_t e;
		int x0, y0, x1, y1;

		if (!hb_font_get_glyph_extents(f->font, gids[i], &e) || e.width == 0)
			continue;
		x0 = thousandths(f, e.x_bearing);
		y1 = thousandths(f, e.y_bearing);
		x1 = thousandths(f, e.x_bearing + e.width);
		y0 = thousandths(f, e.y_bearing + e.height);
		if (first || x0 < box[0])
			box[0] = x0;
		if (first || y0 < box[1])
			box[1] = y0;
		if (first || x1 > box[2])
			box[2] = x1;
		if (first || y1 > box[3])
			box[3] = y1;
		first = 0;
	}
}

/* Tables a PDF viewer never reads from an embedded font. */
static const char *const dropped[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "kerx",
	"DSIG", "LTSH", "VDMX", "hdmx", "gasp", "FFTM", "PCLT", "COLR", "CPAL",
	"SVG ", "CBDT", "CBLC", "sbix", "EBDT", "EBLC", "vhea", "vmtx", "VORG",
};

static hb_subset_input_t *
subset_input(const uint32_t *gids, size_t n)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *glyphs, *drop;

	if (in == NULL)
		return NULL;
	/* Glyphs, not characters: nothing the character map reaches is
	 * added, only the glyphs drawn. */
	hb_set_clear(hb_subset_input_unicode_set(in));
	glyphs = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(glyphs, gids[i]);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof(dropped) / sizeof(*dropped); i++)
		hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	return in;
}

/* The CID of each new glyph of a CID-keyed CFF font (the charset's), read
 * with FreeType; the new glyph numbers are left where the font is not
 * CID-keyed.  Returns -1 when FreeType cannot read the subset. */
static int
cff_cids(const char *data, unsigned len, uint32_t *cids, size_t n)
{
	FT_Library lib;
	FT_Face ft;
	FT_Bool keyed = 0;
	int rc = -1;

	if (FT_Init_FreeType(&lib) != 0)
		return -1;
	if (FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len, 0, &ft) == 0) {
		rc = 0;
		if (FT_Get_CID_Is_Internally_CID_Keyed(ft, &keyed) == 0 && keyed)
			for (size_t i = 0; i < n; i++) {
				FT_UInt cid = 0;

				if (FT_Get_CID_From_Glyph_Index(ft, cids[i], &cid) != 0)
					rc = -1;
				cids[i] = cid;
			}
		FT_Done_Face(ft);
	}
	FT_Done_FreeType(lib);
	return rc;
}

int
face_subset(struct face *f, const uint32_t *gids, size_t n, struct buf *out, uint32_t *cids)
{
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *whole = NULL, *cff = NULL;
	const hb_map_t *renum;
	const char *data;
	unsigned len = 0;
	int rc = -1;

	if ((in = subset_input(gids, n)) == NULL ||
	    (plan = hb_subset_plan_create_or_fail(f->face, in)) == NULL ||
	    (sub = hb_subset_plan_execute_or_fail(plan)) == NULL)
		goto done;
	renum = hb_subset_plan_old_to_new_glyph_mapping(plan);
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t g = hb_map_get(renum, gids[i]);

		cids[i] = g == HB_MAP_VALUE_INVALID ? 0 : g;
	}
	whole = hb_face_reference_blob(sub);
	data = hb_blob_get_data(whole, &len);
	if (len == 0 || (f->cff && cff_cids(data, len, cids, n) != 0))
		goto done;
	if (f->cff) {
		cff = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
		data = hb_blob_get_data(cff, &len);
		if (len == 0)
			goto done;
	}
	buf_add(out, data, len);
	rc = 0;
done:
	hb_blob_destroy(cff);
	hb_blob_destroy(whole);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	return rc;
}
