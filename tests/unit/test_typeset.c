/*
 * Unit tests for typeset: line breaking, measuring, text cleaning and the
 * characters no font can draw.
 *
 * Most paragraphs are set in R_MONO (DejaVu Sans Mono), where every glyph,
 * the space included, has one advance, so that line widths are whole
 * numbers of characters and the expected breaks can be worked out by hand.
 * The advance is read from the font rather than assumed (it is 602/1000 em
 * in DejaVu Sans Mono 2.37, not the 600 one might expect).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "guide/fonts.h"
#include "guide/guide.h"
#include "guide/pdf.h"
#include "guide/typeset.h"

#define SIZE	10.0f	/* font size of every span here */

/* A PDF, its font set and an arena for the lines: what the guide holds
 * while it typesets. */
struct ts {
	struct pdf	*pdf;
	struct fontset	*fs;
	struct arena	 a;
	float		 c;	/* advance of one R_MONO character at SIZE */
};

static void
ts_open(struct ts *t)
{
	struct pdfstyle st;

	guide_style_default(&st, "a4");
	t->pdf = pdf_new(st.page_w, st.page_h);
	t->fs = fontset_new(t->pdf, &st.fam);
	if (t->fs == NULL)
		fail_msg("the default fonts are not installed");
	t->a = (struct arena)ARENA_INIT;
	t->c = typeset_width(t->fs, R_MONO, SIZE, "a", 1);
	assert_true(t->c > 0);
}

static void
ts_close(struct ts *t)
{
	fontset_free(t->fs);
	pdf_free(t->pdf);
	arena_release(&t->a);
}

/* What guide.c's one_span makes: plain text in one role, no link. */
static struct span
one_span(int role, const char *text)
{
	struct span s;

	memset(&s, 0, sizeof(s));
	s.role = role;
	s.size = SIZE;
	s.target = -1;
	s.text = text;
	s.len = strlen(text);
	return s;
}

static struct span
hard_break(void)
{
	struct span s = one_span(R_MONO, "");

	s.hard_break = 1;
	return s;
}

/*
 * The text of a line as its OP_TEXT ops spell it, with one space wherever
 * the next op starts right of where the last one ended (a word space,
 * stretched or not).  Returns the string in a static buffer.
 */
static const char *
line_text(const struct tline *l)
{
	static char out[4096];
	size_t k = 0;
	float end = 0;
	int first = 1;

	for (size_t i = 0; i < l->nops; i++) {
		const struct op *o = &l->ops[i];

		if (o->kind != OP_TEXT)
			continue;
		if (!first && o->x > end + 0.01f)
			out[k++] = ' ';
		assert_true(k + o->len < sizeof(out));
		memcpy(out + k, o->s, o->len);
		k += o->len;
		end = o->x + o->w;
		first = 0;
	}
	out[k] = '\0';
	return out;
}

/* The right end of a line's last text op. */
static float
line_end(const struct tline *l)
{
	float end = 0;

	for (size_t i = 0; i < l->nops; i++)
		if (l->ops[i].kind == OP_TEXT && l->ops[i].x + l->ops[i].w > end)
			end = l->ops[i].x + l->ops[i].w;
	return end;
}

static size_t
set_mono(struct ts *t, const char *text, float width, int ragged, struct tline **lines)
{
	struct span s = one_span(R_MONO, text);
	struct pstyle ps = { width, 0, ragged, 0 };

	return typeset_para(t->fs, &s, 1, &ps, &t->a, lines);
}

/* The premise of the hand-worked breaks below: in R_MONO every character
 * has the same advance, and widths add up. */
static void
mono_characters_share_one_advance(void **state)
{
	struct ts t;

	(void)state;
	ts_open(&t);
	assert_float_equal(typeset_width(t.fs, R_MONO, SIZE, "W", 1), t.c, 1e-4);
	assert_float_equal(typeset_width(t.fs, R_MONO, SIZE, "i", 1), t.c, 1e-4);
	assert_float_equal(typeset_width(t.fs, R_MONO, SIZE, " ", 1), t.c, 1e-4);
	assert_float_equal(typeset_width(t.fs, R_MONO, SIZE, "aaa bb", 6), 6 * t.c, 1e-3);
	/* Twice the size, twice the width. */
	assert_float_equal(typeset_width(t.fs, R_MONO, 2 * SIZE, "a", 1), 2 * t.c, 1e-4);
	ts_close(&t);
}

/*
 * "aaa bb cc ddddd" in a line 6.5 characters wide (c: one character).
 * First fit fills the first line as far as it goes:
 *
 *	aaa bb		(6c, slack 0.5c)
 *	cc		(2c, slack 4.5c)
 *	ddddd
 *
 * Knuth-Plass minimises the sum over lines of (10 + badness)^2, badness
 * 100 r^3 with r = slack / stretch.  Ragged right gives every line a
 * stretch of 3 em (3 * SIZE = 30 pt = 4.98c) besides c/2 per space; the
 * last line stretches without limit and costs 10^2 = 100.
 *
 *	first fit:  r = 0.5/5.48 = 0.09, badness 0.08;  r = 4.5/4.98 = 0.90,
 *		    badness 73.6:  10.08^2 + 83.6^2 + 100 = about 7200
 *	aaa / bb cc / ddddd:  r = 3.5/4.98 = 0.70, badness 34.6;
 *		    r = 1.5/5.48 = 0.27, badness 2.0:  44.6^2 + 12.0^2 + 100 = about 2240
 *
 * No other set of breaks is feasible in three lines ("cc ddddd" is 8c,
 * more than the line even with its space shrunk by c/3), and the one set
 * in four lines, aaa / bb / cc / ddddd, has two lines as loose as first
 * fit's second.  So the paragraph must come out as the second set: a
 * shorter first line buys an even second one.  (No fitness-class
 * demerits apply to either: neighbouring lines are at most one class
 * apart.)
 */
static void
knuth_plass_evens_out_what_first_fit_leaves_ragged(void **state)
{
	struct ts t;
	struct tline *l;

	(void)state;
	ts_open(&t);
	assert_int_equal(set_mono(&t, "aaa bb cc ddddd", 6.5f * t.c, 1, &l), 3);
	assert_string_equal(line_text(&l[0]), "aaa");
	assert_string_equal(line_text(&l[1]), "bb cc");
	assert_string_equal(line_text(&l[2]), "ddddd");
	/* Ragged right: words at their natural spacing, from the left. */
	assert_float_equal(l[1].ops[0].x, 0, 1e-3);
	assert_float_equal(l[1].ops[1].x, 3 * t.c, 1e-3);
	assert_float_equal(l[1].width, 5 * t.c, 1e-3);
	ts_close(&t);
}

/*
 * Justified: "aaaa bbbb cccc dddd" in 9.3 characters.  "aaaa bbbb" (9c) is
 * the only first line that fits and can be justified ("aaaa" alone has no
 * space to stretch; with cccc it is 14c), so its one space stretches by
 * 0.3c to bring bbbb to the right margin; the last line keeps its natural
 * spacing.
 */
static void
justified_lines_reach_the_margin_but_the_last(void **state)
{
	struct ts t;
	struct tline *l;
	float width;

	(void)state;
	ts_open(&t);
	width = 9.3f * t.c;
	assert_int_equal(set_mono(&t, "aaaa bbbb cccc dddd", width, 0, &l), 2);
	assert_string_equal(line_text(&l[0]), "aaaa bbbb");
	assert_string_equal(line_text(&l[1]), "cccc dddd");
	assert_float_equal(l[0].ops[0].x, 0, 1e-3);
	assert_float_equal(line_end(&l[0]), width, 0.01);
	assert_float_equal(l[1].ops[1].x, 5 * t.c, 1e-3);
	assert_float_equal(line_end(&l[1]), 9 * t.c, 1e-3);
	assert_float_equal(l[0].size, SIZE, 0);
	ts_close(&t);
}

/* With a first-line indent the first line starts further right and holds
 * less: "aaa bbb" (7c) fits 8c, but not 8c less an indent of 2c, even
 * with its space shrunk.  The next line is full length again and takes
 * "bbb ccc" (leaving bbb alone would make it far looser). */
static void
first_indent_shortens_only_the_first_line(void **state)
{
	struct ts t;
	struct tline *l;
	struct span s;
	struct pstyle ps;

	(void)state;
	ts_open(&t);
	s = one_span(R_MONO, "aaa bbb ccc ddd");
	ps = (struct pstyle){ 8 * t.c, 2 * t.c, 1, 0 };
	assert_int_equal(typeset_para(t.fs, &s, 1, &ps, &t.a, &l), 3);
	assert_string_equal(line_text(&l[0]), "aaa");
	assert_float_equal(l[0].ops[0].x, 2 * t.c, 1e-3);
	assert_string_equal(line_text(&l[1]), "bbb ccc");
	assert_float_equal(l[1].ops[0].x, 0, 1e-3);
	assert_string_equal(line_text(&l[2]), "ddd");
	ts_close(&t);
}

/* A forced break ends a line that had room for more, and the blanks
 * around it do not make an empty word. */
static void
hard_break_ends_the_line(void **state)
{
	struct ts t;
	struct tline *l;
	struct span s[3];
	struct pstyle ps;

	(void)state;
	ts_open(&t);
	s[0] = one_span(R_MONO, "one two ");
	s[1] = hard_break();
	s[2] = one_span(R_MONO, " three");
	ps = (struct pstyle){ 40 * t.c, 0, 1, 0 };
	assert_int_equal(typeset_para(t.fs, s, 3, &ps, &t.a, &l), 2);
	assert_string_equal(line_text(&l[0]), "one two");
	assert_float_equal(l[0].width, 7 * t.c, 1e-3);
	assert_string_equal(line_text(&l[1]), "three");
	assert_float_equal(l[1].ops[0].x, 0, 1e-3);
	/* Without the break it is one line. */
	assert_int_equal(set_mono(&t, "one two three", 40 * t.c, 1, &l), 1);
	ts_close(&t);
}

/* minw is the widest word (a table column narrower than it would split
 * it); maxw the widest line between forced breaks, spaces included. */
static void
measure_gives_widest_word_and_widest_line(void **state)
{
	struct ts t;
	struct span s[3];
	float minw, maxw;

	(void)state;
	ts_open(&t);
	s[0] = one_span(R_MONO, "aaa   bbbbb cc");
	typeset_measure(t.fs, s, 1, &minw, &maxw);
	assert_float_equal(minw, 5 * t.c, 1e-3);
	assert_float_equal(maxw, 12 * t.c, 1e-3);	/* blanks collapse to one */
	s[0] = one_span(R_MONO, "aaa bbbbb");
	s[1] = hard_break();
	s[2] = one_span(R_MONO, "cc dd eeeeeee");
	typeset_measure(t.fs, s, 3, &minw, &maxw);
	assert_float_equal(minw, 7 * t.c, 1e-3);
	assert_float_equal(maxw, 13 * t.c, 1e-3);
	typeset_measure(t.fs, s, 0, &minw, &maxw);
	assert_float_equal(minw, 0, 0);
	assert_float_equal(maxw, 0, 0);
	ts_close(&t);
}

/*
 * A 25-letter word in a line 10.5 characters wide has no break point of its
 * own; it is given one between every two letters at a high penalty.  Three
 * lines need two of them whatever their places, so the lines before the
 * last are as full as they can be: 10, 10 and 5 letters.
 */
static void
overlong_word_breaks_where_it_must_and_keeps_every_letter(void **state)
{
	static const char word[] = "abcdefghijklmnopqrstuvwxy";
	struct ts t;
	struct tline *l;
	char all[64] = "";

	(void)state;
	ts_open(&t);
	assert_int_equal(set_mono(&t, word, 10.5f * t.c, 1, &l), 3);
	assert_string_equal(line_text(&l[0]), "abcdefghij");
	assert_string_equal(line_text(&l[1]), "klmnopqrst");
	assert_string_equal(line_text(&l[2]), "uvwxy");
	/* Justified, in the middle of a sentence: the pieces of the word
	 * have no space to stretch, yet the paragraph is set, no line sticks
	 * out and nothing is lost. */
	{
		const char *text = "see aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa now";
		size_t n = set_mono(&t, text, 10.5f * t.c, 0, &l);

		assert_true(n >= 5);
		for (size_t i = 0; i < n; i++) {
			assert_true(line_end(&l[i]) <= 10.5f * t.c + 0.01f);
			strcat(all, line_text(&l[i]));
			strcat(all, " ");
		}
		for (char *p = all; (p = strchr(p, ' ')) != NULL; )
			memmove(p, p + 1, strlen(p));
		assert_string_equal(all, "seeaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaanow");
	}
	ts_close(&t);
}

/* Blanks collapse; control characters and soft hyphens are dropped;
 * invalid UTF-8 becomes U+FFFD; an empty paragraph makes no line. */
static void
text_is_cleaned_on_the_way(void **state)
{
	struct ts t;
	struct tline *l;

	(void)state;
	ts_open(&t);
	assert_int_equal(set_mono(&t, "  a\t\tb \n c\x01" "d\xc2\xad" "e  ", 40 * t.c, 1, &l), 1);
	assert_string_equal(line_text(&l[0]), "a b cde");
	assert_float_equal(l[0].width, 7 * t.c, 1e-3);
	assert_int_equal(set_mono(&t, "x\xff" "y", 40 * t.c, 1, &l), 1);
	assert_string_equal(line_text(&l[0]), "x\xef\xbf\xbdy");
	assert_int_equal(set_mono(&t, " \t\n ", 40 * t.c, 1, &l), 0);
	ts_close(&t);
}

/* The link areas (OP_LINK) and strike lines (OP_LINE) of a line. */
static void
count_extras(const struct tline *l, size_t *nlinks, size_t *nstrikes)
{
	*nlinks = *nstrikes = 0;
	for (size_t i = 0; i < l->nops; i++) {
		*nlinks += l->ops[i].kind == OP_LINK;
		*nstrikes += l->ops[i].kind == OP_LINE;
	}
}

/* The first op of a kind on a line. */
static const struct op *
first_op(const struct tline *l, enum op_kind kind)
{
	for (size_t i = 0; i < l->nops; i++)
		if (l->ops[i].kind == kind)
			return &l->ops[i];
	fail_msg("no op of kind %d", (int)kind);
	return NULL;
}

/* A struck-through span gets a line over its word and not over the space
 * after it; a link of two words is one clickable area over both. */
static void
strike_and_link_spans_draw_their_extras(void **state)
{
	struct ts t;
	struct tline *l;
	struct span s[2];
	struct pstyle ps;
	const struct op *o;
	size_t nlinks, nstrikes;

	(void)state;
	ts_open(&t);
	s[0] = one_span(R_MONO, "gone ");
	s[0].strike = 1;
	s[1] = one_span(R_MONO, "see docs");
	s[1].target = 7;
	ps = (struct pstyle){ 40 * t.c, 0, 1, 0 };
	assert_int_equal(typeset_para(t.fs, s, 2, &ps, &t.a, &l), 1);
	assert_string_equal(line_text(&l[0]), "gone see docs");
	count_extras(&l[0], &nlinks, &nstrikes);
	assert_int_equal(nstrikes, 1);
	assert_int_equal(nlinks, 1);
	o = first_op(&l[0], OP_LINE);
	assert_float_equal(o->x, 0, 1e-3);
	assert_float_equal(o->w, 4 * t.c, 1e-3);
	o = first_op(&l[0], OP_LINK);
	assert_int_equal(o->target, 7);
	assert_float_equal(o->x, 5 * t.c, 1e-3);
	assert_float_equal(o->w, 8 * t.c, 1e-3);
	ts_close(&t);
}

/*
 * A link's words on one line share one area.  finish_line once extended
 * an area only when its op was the one just before the word's text, so a
 * link of three words got two areas ("see the" and "docs"), the space
 * between them was not clickable, and every further two words added an
 * annotation to the PDF.
 */
static void
link_words_on_a_line_share_one_area(void **state)
{
	struct ts t;
	struct tline *l;
	struct span s = one_span(R_MONO, "see the docs");
	struct pstyle ps;
	const struct op *o;
	size_t nlinks, nstrikes;

	(void)state;
	ts_open(&t);
	s.target = 7;
	ps = (struct pstyle){ 40 * t.c, 0, 1, 0 };
	assert_int_equal(typeset_para(t.fs, &s, 1, &ps, &t.a, &l), 1);
	count_extras(&l[0], &nlinks, &nstrikes);
	assert_int_equal(nlinks, 1);
	o = first_op(&l[0], OP_LINK);
	assert_float_equal(o->x, 0, 1e-3);
	assert_float_equal(o->w, 12 * t.c, 1e-3);
	ts_close(&t);
}

/* Two links to the same place with a plain word between them keep two
 * areas: the plain word is not clickable. */
static void
plain_words_between_links_end_an_area(void **state)
{
	struct ts t;
	struct tline *l;
	struct span s[3] = { one_span(R_MONO, "see "), one_span(R_MONO, "and "),
	    one_span(R_MONO, "this") };
	struct pstyle ps;
	size_t nlinks, nstrikes;

	(void)state;
	ts_open(&t);
	s[0].target = s[2].target = 7;
	ps = (struct pstyle){ 40 * t.c, 0, 1, 0 };
	assert_int_equal(typeset_para(t.fs, s, 3, &ps, &t.a, &l), 1);
	count_extras(&l[0], &nlinks, &nstrikes);
	assert_int_equal(nlinks, 2);
	ts_close(&t);
}

/*
 * U+2FE0 (unassigned) and U+F0000 (private use beyond the BMP): no
 * installed font has them, so they are drawn as U+FFFD and
 * reported once each, in code point order, against the first file in
 * diagnostic order that had them, whatever order the files came in.
 */
static void
undrawable_characters_are_missed_once_with_their_first_file(void **state)
{
	struct ts t;
	struct tline *l;
	struct miss *m;
	size_t n;

	(void)state;
	ts_open(&t);
	fontset_source(t.fs, "b.md");
	assert_int_equal(set_mono(&t, "x\xe2\xbf\xa0y \xe2\xbf\xa0", 40 * t.c, 1, &l), 1);
	assert_string_equal(line_text(&l[0]), "x\xef\xbf\xbdy \xef\xbf\xbd");
	fontset_source(t.fs, "c.md");
	set_mono(&t, "\xf3\xb0\x80\x80 \xe2\xbf\xa0", 40 * t.c, 1, &l);
	fontset_source(t.fs, "a.md");
	set_mono(&t, "\xf3\xb0\x80\x80", 40 * t.c, 1, &l);
	fontset_source(t.fs, "d.md");
	set_mono(&t, "\xe2\xbf\xa0 plain", 40 * t.c, 1, &l);
	m = fontset_misses(t.fs, &n);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].cp, 0x2FE0);
	assert_string_equal(m[0].file, "b.md");
	assert_int_equal(m[1].cp, 0xF0000);
	assert_string_equal(m[1].file, "a.md");
	free(m);
	ts_close(&t);
}

/* Text from no file (NULL) names no file, until a file has the same
 * character: a named file comes first. */
static void
missed_character_from_no_file_takes_a_later_file(void **state)
{
	struct ts t;
	struct miss *m;
	size_t n;

	(void)state;
	ts_open(&t);
	m = fontset_misses(t.fs, &n);
	assert_int_equal(n, 0);
	free(m);
	fontset_source(t.fs, NULL);
	typeset_width(t.fs, R_BODY, SIZE, "\xee\x80\x81", 3);
	m = fontset_misses(t.fs, &n);
	assert_int_equal(n, 1);
	assert_null(m[0].file);
	free(m);
	fontset_source(t.fs, "z.md");
	typeset_width(t.fs, R_SANS, SIZE, "\xee\x80\x81", 3);
	fontset_source(t.fs, NULL);
	typeset_width(t.fs, R_MONO, SIZE, "\xee\x80\x81", 3);
	m = fontset_misses(t.fs, &n);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].cp, 0xE001);
	assert_string_equal(m[0].file, "z.md");
	free(m);
	ts_close(&t);
}

/*
 * The font caches once hung after 256 characters had been looked up.  400
 * distinct undrawable characters (private-use ones, which no Debian font the
 * tests install has: 200 from U+E800, 200 beyond the BMP from U+F0000),
 * in two roles, each come back once; alarm turns a hang into a failure.
 */
static void
hundreds_of_undrawable_characters_do_not_hang(void **state)
{
	struct ts t;
	struct buf text = BUF_INIT;
	struct tline *l;
	struct miss *m;
	size_t n;
	char u[4];

	(void)state;
	ts_open(&t);
	for (unsigned cp = 0; cp < 200; cp++) {
		buf_add(&text, u, utf8_put(u, 0xE800 + cp));
		buf_add(&text, u, utf8_put(u, 0xF0000 + cp));
		buf_addc(&text, ' ');
	}
	alarm(60);
	fontset_source(t.fs, "many.md");
	assert_true(set_mono(&t, text.data, 40 * t.c, 1, &l) > 0);
	typeset_width(t.fs, R_BODY, SIZE, text.data, text.len);
	alarm(0);
	m = fontset_misses(t.fs, &n);
	assert_int_equal(n, 400);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(m[i].cp, i < 200 ? 0xE800 + i : 0xF0000 + i - 200);
		assert_string_equal(m[i].file, "many.md");
	}
	free(m);
	buf_release(&text);
	ts_close(&t);
}

/*
 * A word wider than the line is broken between any two characters, but
 * never between a character and what is drawn with it: a combining mark
 * (q with a tilde), or a zero-width joiner and the characters it joins.
 */
static void
emergency_breaks_keep_marks_and_joins(void **state)
{
	struct ts t;
	struct buf text = BUF_INIT;
	struct tline *l;
	size_t n;

	(void)state;
	ts_open(&t);
	for (int i = 0; i < 60; i++)
		buf_adds(&text, i % 2 ? "q\xcc\x83" : "a\xe2\x80\x8d" "b");
	n = set_mono(&t, text.data, 10 * t.c, 1, &l);
	assert_true(n > 6);
	for (size_t i = 0; i < n; i++) {
		const char *s = line_text(&l[i]);
		size_t len = strlen(s);

		/* no line starts with the tilde or either side of a joiner */
		assert_false(strncmp(s, "\xcc\x83", 2) == 0);
		assert_false(strncmp(s, "\xe2\x80\x8d", 3) == 0);
		assert_false(s[0] == 'b' && i > 0);
		/* nor ends with a joiner */
		assert_false(len >= 3 && strcmp(s + len - 3, "\xe2\x80\x8d") == 0);
	}
	buf_release(&text);
	ts_close(&t);
}

/*
 * A label in a right-to-left language comes out in the order it is seen,
 * each letter still followed by its marks in their own order (stacked
 * marks of one class are not reordered by the shaper): beh with maddah
 * and hamza above, then alef.
 */
static void
rtl_label_keeps_its_marks_in_order(void **state)
{
	struct ts t;
	struct op *ops = NULL;
	size_t n = 0, cap = 0;
	const char *text = "\xd8\xa8\xd9\x93\xd9\x94\xd8\xa7";	/* U+0628 0653 0654 0627 */

	(void)state;
	ts_open(&t);
	fontset_language(t.fs, "ar");
	typeset_ops(t.fs, R_SANS, SIZE, 0, 0, 0, text, strlen(text), &ops, &n, &cap);
	assert_int_equal(n, 1);
	/* seen: alef, then beh, maddah, hamza */
	assert_int_equal(ops[0].len, 8);
	assert_memory_equal(ops[0].s, "\xd8\xa7\xd8\xa8\xd9\x93\xd9\x94", 8);
	free((char *)ops[0].s);
	free(ops);
	ts_close(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mono_characters_share_one_advance),
		cmocka_unit_test(knuth_plass_evens_out_what_first_fit_leaves_ragged),
		cmocka_unit_test(justified_lines_reach_the_margin_but_the_last),
		cmocka_unit_test(first_indent_shortens_only_the_first_line),
		cmocka_unit_test(hard_break_ends_the_line),
		cmocka_unit_test(measure_gives_widest_word_and_widest_line),
		cmocka_unit_test(overlong_word_breaks_where_it_must_and_keeps_every_letter),
		cmocka_unit_test(text_is_cleaned_on_the_way),
		cmocka_unit_test(strike_and_link_spans_draw_their_extras),
		cmocka_unit_test(link_words_on_a_line_share_one_area),
		cmocka_unit_test(plain_words_between_links_end_an_area),
		cmocka_unit_test(undrawable_characters_are_missed_once_with_their_first_file),
		cmocka_unit_test(missed_character_from_no_file_takes_a_later_file),
		cmocka_unit_test(hundreds_of_undrawable_characters_do_not_hang),
		cmocka_unit_test(emergency_breaks_keep_marks_and_joins),
		cmocka_unit_test(rtl_label_keeps_its_marks_in_order),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	fonts_shutdown();
	return failed;
}
