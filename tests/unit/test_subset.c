/*
 * Unit tests for subset: a font cut to a few code points is small, keeps
 * a glyph for each covered one, none for the rest, and is reproducible.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "guide/fonts.h"
#include "guide/subset.h"

static char *font;

static int
find_font(void **state)
{
	int index;

	(void)state;
	font = fonts_find("DejaVu Sans", 0, 0, &index);
	return font == NULL || index != 0 ? -1 : 0;
}

static int
drop_font(void **state)
{
	(void)state;
	free(font);
	fonts_shutdown();
	return 0;
}

static void
subset_keeps_only_what_is_asked(void **state)
{
	const uint32_t cps[] = { ' ', 'A', 'b', 0x00E9, 0x2192, 0x4E00 };
	uint16_t gids[6];
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(subset_truetype(font, 0, cps, 6, &out, gids), 0);
	/* The whole face is over 700 KB; six glyphs are a few KB. */
	assert_in_range(out.len, 1000, 20000);
	assert_memory_equal(out.data, "\0\1\0\0", 4);	/* a TrueType file */
	for (int i = 0; i < 5; i++)
		assert_in_range(gids[i], 1, 10);
	for (int i = 1; i < 5; i++)
		assert_int_not_equal(gids[i], gids[i - 1]);
	assert_int_equal(gids[5], 0);	/* DejaVu has no CJK */
	buf_release(&out);
}

static void
subset_is_reproducible(void **state)
{
	const uint32_t cps[] = { 'q', 'b', 'o', 'k' };
	uint16_t g1[4], g2[4];
	struct buf a = BUF_INIT, b = BUF_INIT;

	(void)state;
	assert_int_equal(subset_truetype(font, 0, cps, 4, &a, g1), 0);
	assert_int_equal(subset_truetype(font, 0, cps, 4, &b, g2), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_memory_equal(g1, g2, sizeof(g1));
	buf_release(&a);
	buf_release(&b);
}

static void
subset_fails_on_a_missing_file(void **state)
{
	const uint32_t cps[] = { 'a' };
	uint16_t gid = 7;
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(subset_truetype("/nonexistent/font.ttf", 0, cps, 1, &out, &gid), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(gid, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(subset_keeps_only_what_is_asked),
		cmocka_unit_test(subset_is_reproducible),
		cmocka_unit_test(subset_fails_on_a_missing_file),
	};

	return cmocka_run_group_tests(tests, find_font, drop_font);
}
