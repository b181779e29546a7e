/*
 * Unit tests for face: glyphs and advances of any plane, shaping that
 * kerns, joins and reorders, and subsets that are small, keep what was
 * asked for and come out the same every time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "guide/face.h"
#include "guide/fonts.h"

static struct face *sans;

static int
open_font(void **state)
{
	int index;
	char *path = fonts_find("DejaVu Sans", 0, 0, &index);
	struct buf why = BUF_INIT;

	(void)state;
	if (path == NULL)
		return -1;
	sans = face_open(path, index, &why);
	free(path);
	buf_release(&why);
	return sans == NULL ? -1 : 0;
}

static int
close_font(void **state)
{
	(void)state;
	face_free(sans);
	fonts_shutdown();
	return 0;
}

/* Ascending, as the PDF writer gives glyphs to face_subset. */
static void
sort_gids(uint32_t *gids, int n)
{
	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (gids[k] < gids[i]) {
				uint32_t t = gids[i];

				gids[i] = gids[k];
				gids[k] = t;
			}
}

static void
glyphs_of_every_plane(void **state)
{
	(void)state;
	assert_int_not_equal(face_glyph(sans, 'A'), 0);
	/* MATHEMATICAL DOUBLE-STRUCK CAPITAL A, beyond the BMP, is in
	 * DejaVu Sans; MATHEMATICAL BOLD CAPITAL A is not. */
	assert_int_not_equal(face_glyph(sans, 0x1D538), 0);
	assert_int_equal(face_glyph(sans, 0x1D400), 0);
	assert_int_equal(face_glyph(sans, 0x4E00), 0);	/* no CJK */
	assert_in_range(face_advance(sans, face_glyph(sans, 'M')), 700, 1000);
}

static void
shaping_kerns_and_keeps_clusters(void **state)
{
	size_t n;
	const struct glyph *g;
	long av = 0, a_v;

	(void)state;
	g = face_shape(sans, "AV", 2, "en", &n);
	assert_int_equal(n, 2);
	av = g[0].adv + g[1].adv;
	a_v = face_advance(sans, g[0].gid) + face_advance(sans, g[1].gid);
	assert_true(av < a_v);		/* kerned closer */
	assert_int_equal(g[1].at, 1);
	assert_int_equal(g[1].len, 1);
	/* A letter and a combining mark with no precomposed form (q with
	 * a tilde) are one cluster of two glyphs. */
	g = face_shape(sans, "q\xCC\x83x", 4, "en", &n);
	assert_int_equal(n, 3);
	assert_int_equal(g[0].at, 0);
	assert_int_equal(g[0].len, 3);
	assert_int_equal(g[1].at, 0);
	assert_int_equal(g[2].at, 3);
}

static void
shaping_joins_arabic_given_in_drawing_order(void **state)
{
	/* "سلام" drawn right to left: given as it is seen, last letter
	 * first; the letters still take their joined forms, and lam and
	 * alef become one glyph standing for both. */
	const char *seen = "\xD9\x85\xD8\xA7\xD9\x84\xD8\xB3";
	size_t n;
	const struct glyph *g = face_shape(sans, seen, strlen(seen), "ar", &n);

	(void)state;
	assert_int_equal(n, 3);
	assert_int_equal(g[0].gid, face_glyph(sans, 0x0645));	/* a lone meem */
	assert_int_equal(g[1].at, 2);
	assert_int_equal(g[1].len, 4);			/* alef and lam */
	assert_int_not_equal(g[2].gid, face_glyph(sans, 0x0633));	/* initial seen */
}

static void
subset_keeps_only_what_is_asked(void **state)
{
	uint32_t gids[5], cids[5];
	struct buf out = BUF_INIT;
	const uint32_t cps[] = { ' ', 'A', 'b', 0x00E9, 0x1D538 };

	(void)state;
	for (int i = 0; i < 5; i++)
		gids[i] = face_glyph(sans, cps[i]);
	sort_gids(gids, 5);
	assert_int_equal(face_subset(sans, gids, 5, &out, cids), 0);
	/* The whole face is over 700 KB; five glyphs are a few KB. */
	assert_in_range(out.len, 1000, 20000);
	assert_memory_equal(out.data, "\0\1\0\0", 4);	/* a TrueType file */
	for (int i = 0; i < 5; i++)
		assert_in_range(cids[i], 1, 10);
	for (int i = 1; i < 5; i++)
		assert_true(cids[i] > cids[i - 1]);
	buf_release(&out);
}

static void
subset_is_reproducible(void **state)
{
	uint32_t gids[] = { 3, 40, 41, 300 }, c1[4], c2[4];
	struct buf a = BUF_INIT, b = BUF_INIT;

	(void)state;
	assert_int_equal(face_subset(sans, gids, 4, &a, c1), 0);
	assert_int_equal(face_subset(sans, gids, 4, &b, c2), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_memory_equal(c1, c2, sizeof(c1));
	buf_release(&a);
	buf_release(&b);
}

/*
 * A CID-keyed CFF font (Noto Sans CJK, Debian fonts-noto-cjk, a collection):
 * the subset is the bare CFF table, and a glyph is selected by its CID,
 * not by its new number.  In Noto Sans CJK every glyph's CID is its glyph
 * number in the whole font, which the subset renumbers.
 */
static void
cid_keyed_cff_subset_keeps_the_cids(void **state)
{
	int index;
	char *path = fonts_find("Noto Sans CJK SC", 0, 0, &index);
	struct buf why = BUF_INIT, out = BUF_INIT;
	struct face *cjk;
	struct face_info fi;
	uint32_t gids[3], cids[3];
	const uint32_t cps[] = { 0x4E2D, 0x6587, 0x5B57 };	/* 中 文 字 */

	(void)state;
	assert_non_null(path);
	cjk = face_open(path, index, &why);
	assert_non_null(cjk);
	face_info(cjk, &fi);
	assert_true(fi.cff);
	for (int i = 0; i < 3; i++)
		gids[i] = face_glyph(cjk, cps[i]);
	sort_gids(gids, 3);
	assert_true(gids[0] > 3);
	assert_int_equal(face_subset(cjk, gids, 3, &out, cids), 0);
	assert_memory_equal(out.data, "\1\0", 2);	/* CFF 1.0, not an sfnt */
	assert_in_range(out.len, 200, 60000);
	for (int i = 0; i < 3; i++)
		assert_int_equal(cids[i], gids[i]);
	face_free(cjk);
	free(path);
	buf_release(&why);
	buf_release(&out);
}

static void
open_says_why_not(void **state)
{
	struct buf why = BUF_INIT;

	(void)state;
	assert_null(face_open("/nonexistent/font.ttf", 0, &why));
	assert_string_equal(why.data, "it cannot be read");
	buf_reset(&why);
	assert_null(face_open("/etc/passwd", 0, &why));
	assert_string_equal(why.data, "it is not a font file");
	buf_release(&why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(glyphs_of_every_plane),
		cmocka_unit_test(shaping_kerns_and_keeps_clusters),
		cmocka_unit_test(shaping_joins_arabic_given_in_drawing_order),
		cmocka_unit_test(subset_keeps_only_what_is_asked),
		cmocka_unit_test(subset_is_reproducible),
		cmocka_unit_test(cid_keyed_cff_subset_keeps_the_cids),
		cmocka_unit_test(open_says_why_not),
	};

	return cmocka_run_group_tests(tests, open_font, close_font);
}
