/*
 * subset: HarfBuzz's subsetter driven through a subset plan, so that the
 * new glyph numbers of the code points can be read back for the PDF's
 * CID-to-glyph map.
 */
#include "guide/subset.h"

#include <hb.h>
#include <hb-subset.h>

/* Tables a PDF viewer never reads from an embedded CID TrueType font. */
static const char *const dropped[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "kerx",
	"DSIG", "LTSH", "VDMX", "hdmx", "gasp", "FFTM", "PCLT",
};

static hb_subset_input_t *
subset_input(const uint32_t *cps, size_t n)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *unicodes, *drop;

	if (in == NULL)
		return NULL;
	unicodes = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(unicodes, cps[i]);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof(dropped) / sizeof(*dropped); i++)
		hb_set_add(drop, hb_tag_from_string(dropped[i], -1));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	return in;
}

/* The new glyph of each code point: old glyph by cmap, then renumbered. */
static void
read_gids(hb_subset_plan_t *plan, const uint32_t *cps, size_t n, uint16_t *gids)
{
	const hb_map_t *by_cp = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
	const hb_map_t *renum = hb_subset_plan_old_to_new_glyph_mapping(plan);

	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t old = hb_map_get(by_cp, cps[i]), new = HB_MAP_VALUE_INVALID;

		if (old != HB_MAP_VALUE_INVALID)
			new = hb_map_get(renum, old);
		gids[i] = new == HB_MAP_VALUE_INVALID || new > UINT16_MAX ? 0 : (uint16_t)new;
	}
}

int
subset_truetype(const char *path, int index, const uint32_t *cps, size_t n,
    struct buf *out, uint16_t *gids)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path), *result = NULL;
	hb_face_t *face = NULL, *sub = NULL;
	hb_subset_input_t *in = NULL;
	hb_subset_plan_t *plan = NULL;
	unsigned len = 0;
	const char *data;
	int rc = -1;

	if (blob == NULL)
		return -1;
	face = hb_face_create(blob, (unsigned)index);
	if ((in = subset_input(cps, n)) == NULL ||
	    (plan = hb_subset_plan_create_or_fail(face, in)) == NULL ||
	    (sub = hb_subset_plan_execute_or_fail(plan)) == NULL)
		goto done;
	result = hb_face_reference_blob(sub);
	data = hb_blob_get_data(result, &len);
	if (len == 0)
		goto done;
	read_gids(plan, cps, n, gids);
	buf_add(out, data, len);
	rc = 0;
done:
	hb_blob_destroy(result);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return rc;
}
