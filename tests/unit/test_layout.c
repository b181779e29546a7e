/*
 * Unit tests for layout: Markdown into a flow of items, and the flow into
 * pages and columns.
 *
 * The page is the default A4 look (guide_style_default): a frame of
 * 841.89 - 78 - 74 = 689.89 pt, body lines 13.2 pt apart.  Flows built by
 * hand use boxes of round heights so that where pages break can be worked
 * out; flows from Markdown are checked for what a reader of the guide sees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/md.h"
#include "base/buf.h"
#include "base/mem.h"
#include "guide/fonts.h"
#include "guide/guide.h"
#include "guide/layout.h"
#include "guide/pdf.h"
#include "guide/typeset.h"

struct fix {
	struct pdfstyle	 st;
	struct pdf	*pdf;
	struct arena	 a;
	struct layout	 L;
	struct md_doc	*doc;
	struct lpage	*pages;
	size_t		 npages, cap;
	float		 frame;		/* height of a page's text frame */
	float		 w;		/* width of the text block */
};

/* q:known is the one question id with an anchor (number 3). */
static int
qanchor(void *ctx, const char *id, char *num, size_t size)
{
	(void)ctx;
	snprintf(num, size, "1.1");
	return strcmp(id, "known") == 0 ? 3 : -1;
}

static void
fix_open(struct fix *f)
{
	memset(f, 0, sizeof(*f));
	guide_style_default(&f->st, "a4");
	f->pdf = pdf_new(f->st.page_w, f->st.page_h);
	f->L.a = &f->a;
	f->L.st = &f->st;
	f->L.qanchor = qanchor;
	f->L.fs = fontset_new(f->pdf, &f->st.fam);
	if (f->L.fs == NULL)
		fail_msg("the default fonts are not installed");
	f->frame = f->st.page_h - f->st.top - f->st.bottom;
	f->w = f->st.page_w - f->st.left - f->st.right;
}

static void
fix_close(struct fix *f)
{
	for (size_t i = 0; i < f->npages; i++)
		lpage_free(&f->pages[i]);
	free(f->pages);
	free(f->L.v);
	md_free(f->doc);
	fontset_free(f->L.fs);
	pdf_free(f->pdf);
	arena_release(&f->a);
}

/* A question body split into its parts, each laid out at the left margin
 * in turn (the guide draws the section headings itself). */
static void
lay_md(struct fix *f, const char *body)
{
	struct md_section sec[MD_NPARTS];

	f->doc = md_parse(body, strlen(body), 0);
	md_split(f->doc, sec);
	for (int p = 0; p < MD_NPARTS; p++)
		lay_markdown(&f->L, md_tree(f->doc, (enum md_part)p, &f->a), f->st.left, f->w);
}

static void
pages_of(struct fix *f, int ncols, float colw, float gap)
{
	lay_paginate(&f->L, 0, f->L.n, ncols, colw, gap, &f->pages, &f->npages, &f->cap);
}

/* A box of height h with one op, so that lay_paginate records where it went
 * (items without ops draw nothing and are not recorded). */
static size_t
box(struct fix *f, float h, int keep)
{
	struct vitem *v = lay_box(&f->L, h, keep);

	lay_op(&f->L, v, OP_FILL)->h = h;
	return f->L.n - 1;
}

/* The text of item k's OP_TEXT ops in the given colour, left to right,
 * words separated by one space where the ops leave a gap; in a static
 * buffer.  (Markers such as list numbers are drawn after the text they
 * stand before, hence the sort.) */
static const char *
item_text(const struct fix *f, size_t k, uint32_t color)
{
	static char out[4096];
	const struct vitem *v = &f->L.v[k];
	const struct op *by_x[256];
	size_t n = 0, nops = 0;
	float end = 0;

	for (size_t i = 0; i < v->nops; i++) {
		const struct op *o = &v->ops[i];
		size_t j = nops++;

		if (o->kind != OP_TEXT || o->color != color) {
			nops--;
			continue;
		}
		assert_true(nops <= sizeof(by_x) / sizeof(*by_x));
		for (; j > 0 && by_x[j - 1]->x > o->x; j--)
			by_x[j] = by_x[j - 1];
		by_x[j] = o;
	}
	for (size_t i = 0; i < nops; i++) {
		const struct op *o = by_x[i];

		if (n > 0 && o->x > end + 0.01f)
			out[n++] = ' ';
		assert_true(n + o->len + 1 < sizeof(out));
		memcpy(out + n, o->s, o->len);
		n += o->len;
		end = o->x + o->w;
	}
	out[n] = '\0';
	return out;
}

/* The index of the first item whose text (in body colour) is s. */
static size_t
find_item(const struct fix *f, const char *s)
{
	for (size_t k = 0; k < f->L.n; k++)
		if (strcmp(item_text(f, k, f->st.text), s) == 0)
			return k;
	fail_msg("no item reads '%s'", s);
	return 0;
}

/* The page and slot item k was placed at, or -1. */
static int
page_of(const struct fix *f, size_t k, size_t *slot)
{
	for (size_t p = 0; p < f->npages; p++)
		for (size_t i = 0; i < f->pages[p].nat; i++)
			if (f->pages[p].at[i].item == k) {
				if (slot != NULL)
					*slot = i;
				return (int)p;
			}
	return -1;
}

/* A paragraph, a list and a heading become text lines in order, then the
 * sections; list items get their bullet (in the accent colour) left of
 * their text. */
static void
markdown_becomes_lines_in_order(void **state)
{
	struct fix f;
	size_t para, a, b, head, more;
	const struct op *bullet = NULL;

	(void)state;
	fix_open(&f);
	lay_md(&f, "A short paragraph.\n\n- first item\n- second item\n\n## Next part\n\n"
	    "More.\n\n## What to listen for\n\n- a point\n");
	para = find_item(&f, "A short paragraph.");
	a = find_item(&f, "first item");
	b = find_item(&f, "second item");
	head = find_item(&f, "Next part");
	more = find_item(&f, "More.");
	assert_true(para < a && a < b && b < head && head < more);
	assert_true(more < find_item(&f, "a point"));
	for (size_t k = 0; k < f.L.n; k++)
		assert_null(strstr(item_text(&f, k, f.st.text), "listen"));
	for (size_t i = 0; i < f.L.v[a].nops; i++)
		if (f.L.v[a].ops[i].kind == OP_TEXT && f.L.v[a].ops[i].color == f.st.accent)
			bullet = &f.L.v[a].ops[i];
	assert_non_null(bullet);
	assert_memory_equal(bullet->s, "\xe2\x80\xa2", 3);
	assert_true(bullet->x < f.L.v[a].ops[0].x);
	/* Text sits at the left margin, list text indented from it. */
	assert_float_equal(f.L.v[para].ops[0].x, f.st.left, 0.01);
	assert_true(f.L.v[a].ops[0].x > f.st.left);
	fix_close(&f);
}

/* Ordered lists are numbered from their start; task items get a box. */
static void
ordered_and_task_lists_get_their_markers(void **state)
{
	struct fix f;
	size_t k;
	int boxes = 0;

	(void)state;
	fix_open(&f);
	lay_md(&f, "3. three\n4. four\n\n- [ ] open\n- [x] done\n");
	k = find_item(&f, "3. three");
	assert_true(k < find_item(&f, "4. four"));
	for (k = 0; k < f.L.n; k++)
		for (size_t i = 0; i < f.L.v[k].nops; i++)
			boxes += f.L.v[k].ops[i].kind == OP_STROKE;
	assert_int_equal(boxes, 2);
	fix_close(&f);
}

/* A q: link to a known question links to its anchor and is followed by
 * where it leads, its page number left to be drawn (OP_PAGEREF); an http
 * link keeps its URL; an unknown id or a javascript: URL makes no link at
 * all. */
static void
links_become_link_areas_only_when_safe_and_known(void **state)
{
	struct fix f;
	int links = 0, uris = 0, refs = 0;

	(void)state;
	fix_open(&f);
	lay_md(&f, "[a](q:known) [b](q:nope) [c](https://example.org/) "
	    "[d](javascript:alert(1))\n");
	assert_int_equal(f.L.n, 1);
	for (size_t i = 0; i < f.L.v[0].nops; i++) {
		const struct op *o = &f.L.v[0].ops[i];

		if (o->kind == OP_LINK) {
			links++;
			assert_int_equal(o->target, 3);
		} else if (o->kind == OP_URI) {
			uris++;
			assert_string_equal(o->s, "https://example.org/");
		} else if (o->kind == OP_PAGEREF) {
			refs++;
			assert_int_equal(o->target, 3);
			assert_true(o->w > 0);
		}
	}
	assert_int_equal(links, 1);
	assert_int_equal(uris, 1);
	assert_int_equal(refs, 1);
	assert_string_equal(item_text(&f, 0, f.st.text), "b d");
	assert_string_equal(item_text(&f, 0, f.st.accent),
	    "a\xc2\xa0(1.1, p.\xc2\xa0 ) c");
	fix_close(&f);
}

/* A heading keeps with what follows; a paragraph keeps its first two and
 * last two lines together (no orphan, no widow). */
static void
headings_and_paragraph_ends_keep_with_the_next(void **state)
{
	struct fix f;
	struct buf body = BUF_INIT;
	size_t head, first, last;

	(void)state;
	fix_open(&f);
	buf_adds(&body, "## Heading\n\n");
	for (int i = 0; i < 60; i++)
		buf_adds(&body, "words enough to fill a few lines ");
	buf_adds(&body, "end.\n");
	lay_md(&f, body.data);
	head = find_item(&f, "Heading");
	assert_int_equal(f.L.v[head].keep, 1);
	/* The glue after the heading keeps too, up to the first line. */
	for (first = head + 1; f.L.v[first].kind != V_BOX; first++)
		assert_int_equal(f.L.v[first].keep, 1);
	last = f.L.n - 1;
	assert_true(last - first + 1 >= 5);
	assert_int_equal(f.L.v[first].keep, 1);
	assert_int_equal(f.L.v[first + 1].keep, 0);
	assert_int_equal(f.L.v[last - 2].keep, 0);
	assert_int_equal(f.L.v[last - 1].keep, 1);
	assert_int_equal(f.L.v[last].keep, 0);
	buf_release(&body);
	fix_close(&f);
}

/*
 * Six boxes of 100 pt fill 600 of the frame's 689.89 pt; a heading of 50
 * would fit below them, but with the 60 pt box it keeps with (110 pt) it
 * does not, so both open page 2, at the top of the frame.
 */
static void
heading_goes_to_the_next_page_with_its_paragraph(void **state)
{
	struct fix f;
	size_t head, para, slot = 0;

	(void)state;
	fix_open(&f);
	for (int i = 0; i < 6; i++)
		box(&f, 100, 0);
	head = box(&f, 50, 1);
	para = box(&f, 60, 0);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 2);
	assert_int_equal(f.pages[0].nat, 6);
	assert_int_equal(page_of(&f, head, &slot), 1);
	assert_int_equal(slot, 0);
	assert_float_equal(f.pages[1].at[0].dy, f.st.top, 0.01);
	assert_int_equal(page_of(&f, para, NULL), 1);
	fix_close(&f);
}

/*
 * Ten boxes of 100 pt each keeping with the next make a 1000 pt chunk,
 * taller than the frame: it starts on a fresh page (the box before it
 * stays alone) and is broken where the frame is full, 6 boxes (600 pt,
 * a seventh would need 700) and then the other 4.
 */
static void
chunk_taller_than_a_page_is_broken(void **state)
{
	struct fix f;

	(void)state;
	fix_open(&f);
	box(&f, 100, 0);
	for (int i = 0; i < 10; i++)
		box(&f, 100, i < 9);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 3);
	assert_int_equal(f.pages[0].nat, 1);
	assert_int_equal(f.pages[1].nat, 6);
	assert_int_equal(f.pages[2].nat, 4);
	assert_float_equal(f.pages[2].at[3].dy, f.st.top + 300, 0.01);
	fix_close(&f);
}

/* N one-word lines of a narrow ragged paragraph: one line item each. */
static size_t
word_lines(struct fix *f, int n, int keep_all)
{
	struct buf t = BUF_INIT;
	struct span s;
	struct pstyle ps;
	size_t first;

	for (int i = 0; i < n; i++)
		buf_adds(&t, "word ");
	memset(&s, 0, sizeof(s));
	s.role = R_MONO;
	s.size = f->st.size;
	s.target = -1;
	s.text = t.data;
	s.len = t.len;
	/* Room for one word of four letters, not two. */
	ps = (struct pstyle){ 6 * typeset_width(f->L.fs, R_MONO, s.size, "w", 1), 0, 1, 0 };
	first = lay_spans(&f->L, &s, 1, &ps, f->st.left, f->st.leading, keep_all);
	assert_int_equal(f->L.n - first, n);
	buf_release(&t);
	return first;
}

/*
 * 689.89 / 13.2 = 52.3: a page holds 52 lines.  53 lines would leave the
 * last alone on page 2 (a widow), so the last two go over together: 51
 * and 2.  104 lines fill two pages exactly; 105 make three.
 */
static void
page_count_follows_the_lines_and_avoids_widows(void **state)
{
	struct fix f;

	(void)state;
	fix_open(&f);
	assert_float_equal(f.st.leading, 13.2, 1e-4);
	word_lines(&f, 53, 0);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 2);
	assert_int_equal(f.pages[0].nat, 51);
	assert_int_equal(f.pages[1].nat, 2);
	fix_close(&f);

	fix_open(&f);
	word_lines(&f, 104, 0);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 2);
	assert_int_equal(f.pages[1].nat, 52);
	fix_close(&f);

	fix_open(&f);
	word_lines(&f, 105, 0);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 3);
	assert_int_equal(f.pages[0].nat + f.pages[1].nat + f.pages[2].nat, 105);
	assert_true(f.pages[2].nat >= 2);
	fix_close(&f);
}

/* Room for one more line at the bottom of a page: a paragraph's first line
 * does not stay there alone (an orphan), it goes over with the second. */
static void
paragraph_does_not_leave_an_orphan(void **state)
{
	struct fix f;
	size_t first;

	(void)state;
	fix_open(&f);
	box(&f, f.frame - 1.5f * f.st.leading, 0);
	first = word_lines(&f, 4, 0);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 2);
	assert_int_equal(f.pages[0].nat, 1);
	assert_int_equal(page_of(&f, first, NULL), 1);
	fix_close(&f);
}

/*
 * Two columns of (400 - 20) / 2 = 190 pt with a 20 pt gap: 60 lines put 52
 * in the left column and 8 in the right, on one page, the right column
 * 210 pt further right and starting at the top again.
 */
static void
two_columns_fill_left_then_right(void **state)
{
	struct fix f;
	size_t first, slot = 0;
	float colw;

	(void)state;
	fix_open(&f);
	colw = (f.w - 20) / 2;
	first = word_lines(&f, 60, 0);
	pages_of(&f, 2, colw, 20);
	assert_int_equal(f.npages, 1);
	assert_int_equal(f.pages[0].nat, 60);
	assert_int_equal(page_of(&f, first + 51, &slot), 0);
	assert_float_equal(f.pages[0].at[slot].dx, 0, 0);
	assert_int_equal(page_of(&f, first + 52, &slot), 0);
	assert_float_equal(f.pages[0].at[slot].dx, colw + 20, 0.01);
	assert_float_equal(f.pages[0].at[slot].dy, f.st.top, 0.01);
	/* 110 lines: two full columns, then a second page. */
	fix_close(&f);
	fix_open(&f);
	word_lines(&f, 110, 0);
	pages_of(&f, 2, colw, 20);
	assert_int_equal(f.npages, 2);
	fix_close(&f);
}

/* An item spanning the columns (a heading above them) pushes both columns
 * down: the right one starts below it too, not at the top of the page. */
static void
spanning_item_sits_above_both_columns(void **state)
{
	struct fix f;
	size_t head, slot = 0;
	float colw;

	(void)state;
	fix_open(&f);
	colw = (f.w - 20) / 2;
	head = box(&f, 100, 0);
	f.L.v[head].span = 1;
	for (int i = 0; i < 8; i++)
		box(&f, 100, 0);
	pages_of(&f, 2, colw, 20);
	assert_int_equal(f.npages, 1);
	/* 100 + 5 * 100 fit the left column (689.89); the rest go right. */
	assert_int_equal(page_of(&f, head + 5, &slot), 0);
	assert_float_equal(f.pages[0].at[slot].dx, 0, 0);
	assert_int_equal(page_of(&f, head + 6, &slot), 0);
	assert_float_equal(f.pages[0].at[slot].dx, colw + 20, 0.01);
	assert_float_equal(f.pages[0].at[slot].dy, f.st.top + 100, 0.01);
	fix_close(&f);
}

/* A page break starts a new page, unless the page is still empty; glue
 * at the top of a page is dropped. */
static void
page_breaks_and_top_glue(void **state)
{
	struct fix f;
	size_t second;

	(void)state;
	fix_open(&f);
	lay_pagebreak(&f.L);	/* at the top: no empty page */
	box(&f, 10, 0);
	lay_pagebreak(&f.L);
	lay_glue(&f.L, 30, 0);
	second = box(&f, 10, 0);
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 2);
	assert_int_equal(page_of(&f, second, NULL), 1);
	assert_float_equal(f.pages[1].at[0].dy, f.st.top, 0.01);
	fix_close(&f);
}

/* A table broken across pages repeats its header row at the top of each
 * following page, and every body row is placed exactly once. */
static void
table_header_repeats_after_a_page_break(void **state)
{
	struct fix f;
	struct buf md = BUF_INIT;
	size_t head, rows = 0;

	(void)state;
	fix_open(&f);
	buf_adds(&md, "| Name | Value |\n| --- | --- |\n");
	for (int i = 0; i < 80; i++)
		buf_printf(&md, "| row%d | %d |\n", i, i * i);
	lay_md(&f, md.data);
	head = 0;
	assert_string_equal(item_text(&f, head, f.st.text), "Name Value");
	pages_of(&f, 1, f.w, 0);
	assert_true(f.npages >= 2);
	for (size_t p = 0; p < f.npages; p++) {
		assert_int_equal(f.pages[p].at[0].item, head);
		rows += f.pages[p].nat - 1;
	}
	assert_int_equal(rows, 80);
	for (int i = 0; i < 80; i += 13) {
		char want[32];

		snprintf(want, sizeof(want), "row%d %d", i, i * i);
		assert_true(page_of(&f, find_item(&f, want), NULL) >= 0);
	}
	buf_release(&md);
	fix_close(&f);
}

/* A code line longer than the block is cut into pieces, each after the
 * first marked with an arrow; no character is lost and tabs are expanded
 * to stops of four. */
static void
long_code_lines_wrap_without_losing_characters(void **state)
{
	struct fix f;
	struct buf md = BUF_INIT, all = BUF_INIT;
	char line[201];
	int arrows = 0;

	(void)state;
	fix_open(&f);
	for (int i = 0; i < 200; i++)
		line[i] = (char)('a' + i % 26);
	line[200] = '\0';
	buf_printf(&md, "```\n%s\n\tx\n```\n", line);
	lay_md(&f, md.data);
	for (size_t k = 0; k < f.L.n; k++) {
		const struct vitem *v = &f.L.v[k];

		for (size_t i = 0; i < v->nops; i++)
			if (v->ops[i].kind == OP_TEXT && v->ops[i].color == f.st.muted) {
				assert_memory_equal(v->ops[i].s, "\xe2\x86\xaa", 3);
				arrows++;
			}
		if (v->nops > 0 && v->base > 0 && k + 2 < f.L.n)
			buf_adds(&all, item_text(&f, k, f.st.text));
	}
	assert_true(arrows >= 2);
	assert_string_equal(all.data, line);
	/* The tab line: four spaces, then x (the ops keep the spaces). */
	assert_string_equal(item_text(&f, f.L.n - 2, f.st.text), "    x");
	buf_release(&md);
	buf_release(&all);
	fix_close(&f);
}

/* lpage_ops gives each item's ops moved to its place on the page. */
static void
page_ops_are_in_page_coordinates(void **state)
{
	struct fix f;
	struct op *ops;
	size_t n, k;

	(void)state;
	fix_open(&f);
	box(&f, 680, 0);	/* leaves less than a line */
	lay_md(&f, "Hello.\n");
	k = find_item(&f, "Hello.");
	pages_of(&f, 1, f.w, 0);
	assert_int_equal(f.npages, 2);
	lpage_ops(&f.L, &f.pages[1], &ops, &n);
	assert_int_equal(n, f.L.v[k].nops);
	assert_int_equal(ops[0].kind, OP_TEXT);
	assert_float_equal(ops[0].x, f.L.v[k].ops[0].x, 0);
	assert_float_equal(ops[0].y, f.st.top + f.L.v[k].ops[0].y, 0.01);
	free(ops);
	fix_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(markdown_becomes_lines_in_order),
		cmocka_unit_test(ordered_and_task_lists_get_their_markers),
		cmocka_unit_test(links_become_link_areas_only_when_safe_and_known),
		cmocka_unit_test(headings_and_paragraph_ends_keep_with_the_next),
		cmocka_unit_test(heading_goes_to_the_next_page_with_its_paragraph),
		cmocka_unit_test(chunk_taller_than_a_page_is_broken),
		cmocka_unit_test(page_count_follows_the_lines_and_avoids_widows),
		cmocka_unit_test(paragraph_does_not_leave_an_orphan),
		cmocka_unit_test(two_columns_fill_left_then_right),
		cmocka_unit_test(spanning_item_sits_above_both_columns),
		cmocka_unit_test(page_breaks_and_top_glue),
		cmocka_unit_test(table_header_repeats_after_a_page_break),
		cmocka_unit_test(long_code_lines_wrap_without_losing_characters),
		cmocka_unit_test(page_ops_are_in_page_coordinates),
	};
	int failed;

	md_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	md_shutdown();
	fonts_shutdown();
	return failed;
}
