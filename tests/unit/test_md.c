/*
 * Unit tests for md: sections of a question body, HTML that is safe to
 * publish, q: links, plain text, titles and the nesting limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bank/md.h"
#include "base/buf.h"
#include "base/mem.h"

/* How often needle occurs in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

/* Whether needle occurs in s, whatever the case. */
static int
has_nocase(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return 0;
}

static void
render(const struct md_doc *doc, enum md_part part, struct buf *out)
{
	buf_reset(out);
	md_render_html(doc, part, "../q/", ".html", "", 2, out);
}

/*
 * Lines of the body below, for the positions:
 *  1 notes   3 listen   8 " ## Red flags:" (column 2)   12 ### Deeper
 *  16 follow-ups   22 a second Red flags   26 an ordinary ## Example
 */
static const char sections_body[] =
    "Intro [a](q:one).\n"
    "\n"
    "## What to listen for\n"
    "\n"
    "- x\n"
    "- y\n"
    "\n"
    " ## Red flags:\n"
    "\n"
    "Not a list.\n"
    "\n"
    "### Deeper\n"
    "\n"
    "- z\n"
    "\n"
    "## follow-up QUESTIONS\n"
    "\n"
    "1. a\n"
    "2. b\n"
    "3. c\n"
    "\n"
    "## Red flags\n"
    "\n"
    "- again\n"
    "\n"
    "## Example\n"
    "\n"
    "Back in the notes.\n";

/* Recognised level-2 headings open their sections whatever their case,
 * indentation or trailing colon; the position is the heading's. */
static void
split_finds_sections_and_their_positions(void **state)
{
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];

	(void)state;
	doc = md_parse(sections_body, strlen(sections_body), 0);
	md_split(doc, s);
	assert_true(s[MD_NOTES].present);
	assert_true(s[MD_LISTEN].present);
	assert_int_equal(s[MD_LISTEN].line, 3);
	assert_int_equal(s[MD_LISTEN].col, 1);
	assert_true(s[MD_LISTEN].is_list);
	assert_int_equal(s[MD_LISTEN].items, 2);
	assert_int_equal(s[MD_LISTEN].blocks, 1);
	assert_true(s[MD_FLAGS].present);
	assert_int_equal(s[MD_FLAGS].line, 8);
	assert_int_equal(s[MD_FLAGS].col, 2);
	assert_true(s[MD_FOLLOWUPS].present);
	assert_int_equal(s[MD_FOLLOWUPS].line, 16);
	assert_true(s[MD_FOLLOWUPS].is_list);
	assert_int_equal(s[MD_FOLLOWUPS].items, 3);
	md_free(doc);
}

/* A second heading of a section is reported where it is; what follows it
 * joins the section, so the section is no longer exactly one list.  A
 * deeper heading stays inside its section. */
static void
split_reports_a_duplicate_section(void **state)
{
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];
	struct buf h = BUF_INIT;

	(void)state;
	doc = md_parse(sections_body, strlen(sections_body), 0);
	md_split(doc, s);
	assert_int_equal(s[MD_FLAGS].dup_line, 22);
	assert_int_equal(s[MD_FLAGS].dup_col, 1);
	assert_int_equal(s[MD_LISTEN].dup_line, 0);
	/* "Not a list.", "### Deeper", "- z", "- again" */
	assert_int_equal(s[MD_FLAGS].blocks, 4);
	assert_false(s[MD_FLAGS].is_list);
	render(doc, MD_FLAGS, &h);
	assert_string_equal(h.data, "<p>Not a list.</p>\n<h3>Deeper</h3>\n<ul>\n<li>z</li>\n</ul>\n"
	    "<ul>\n<li>again</li>\n</ul>\n");
	/* The outputs draw the section headings themselves. */
	render(doc, MD_LISTEN, &h);
	assert_string_equal(h.data, "<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n");
	buf_release(&h);
	md_free(doc);
}

/* Everything outside the recognised sections is the notes, in file
 * order; an absent section renders as nothing. */
static void
notes_keep_what_no_section_claims(void **state)
{
	static const char body[] = "Only notes.\n\n## Example\n\nText.\n";
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];
	struct buf h = BUF_INIT;

	(void)state;
	doc = md_parse(sections_body, strlen(sections_body), 0);
	md_split(doc, s);
	render(doc, MD_NOTES, &h);
	assert_string_equal(h.data, "<p>Intro <a href=\"../q/one.html\">a</a>.</p>\n"
	    "<h2>Example</h2>\n<p>Back in the notes.</p>\n");
	md_free(doc);
	doc = md_parse(body, strlen(body), 0);
	md_split(doc, s);
	assert_false(s[MD_LISTEN].present);
	assert_false(s[MD_FLAGS].present);
	assert_int_equal(s[MD_LISTEN].line, 0);
	buf_reset(&h);
	buf_adds(&h, "kept");
	md_render_html(doc, MD_LISTEN, "", "", "", 2, &h);
	md_plain_text(doc, MD_FLAGS, &h);
	assert_string_equal(h.data, "kept");
	assert_null(md_tree(doc, MD_FOLLOWUPS, NULL));
	buf_release(&h);
	md_free(doc);
}

/* Links and images to javascript:, vbscript:, data: (images too) and
 * file: URLs lose the URL, in any case and with blanks inside the scheme,
 * whether raw HTML is kept or not; other URLs stay. */
static void
render_drops_dangerous_urls(void **state)
{
	static const char body[] =
	    "[a](javascript:alert(1)) [b](JavaScript:x) [c](vbscript:x) "
	    "[d](data:text/html,x) [e](file:///etc/passwd) [f](<java\tscript:x>)\n"
	    "![g](data:image/png;base64,AAAA) [h](https://ok.example/) [i](mailto:a@b.c)\n";
	struct buf h = BUF_INIT;

	(void)state;
	for (int unsafe = 0; unsafe <= 1; unsafe++) {
		struct md_doc *doc = md_parse(body, strlen(body), unsafe);

		render(doc, MD_NOTES, &h);
		assert_int_equal(count(h.data, "<a href=\"\">"), 6);
		assert_int_equal(count(h.data, "<img src=\"\""), 1);
		assert_false(has_nocase(h.data, "script:"));
		assert_false(has_nocase(h.data, "data:"));
		assert_false(has_nocase(h.data, "file:"));
		assert_non_null(strstr(h.data, "<a href=\"https://ok.example/\">h</a>"));
		assert_non_null(strstr(h.data, "<a href=\"mailto:a@b.c\">i</a>"));
		md_free(doc);
	}
	buf_release(&h);
}

/* Raw HTML is left out of safe documents; unsafe ones keep it, less the
 * tags GFM's tag filter disarms. */
static void
raw_html_only_when_unsafe(void **state)
{
	static const char body[] = "<div class=\"box\">block</div>\n\n"
	    "Text <b>bold</b> <script>alert(1)</script> end.\n";
	struct md_doc *doc;
	struct buf h = BUF_INIT;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	render(doc, MD_NOTES, &h);
	assert_null(strstr(h.data, "<div"));
	assert_null(strstr(h.data, "<b>"));
	assert_null(strstr(h.data, "<script"));
	assert_non_null(strstr(h.data, "bold"));
	assert_int_equal(count(h.data, "<!-- raw HTML omitted -->"), 5);
	md_free(doc);
	doc = md_parse(body, strlen(body), 1);
	render(doc, MD_NOTES, &h);
	assert_non_null(strstr(h.data, "<div class=\"box\">block</div>"));
	assert_non_null(strstr(h.data, "<b>bold</b>"));
	assert_null(strstr(h.data, "<script"));
	assert_non_null(strstr(h.data, "&lt;script>"));
	md_free(doc);
	buf_release(&h);
}

/* q:ID becomes prefix ID suffix in the HTML, every time it is rendered;
 * the tree keeps q:ID for the guide. */
static void
qlinks_are_rewritten_with_prefix_and_suffix(void **state)
{
	static const char body[] = "See [lists](q:lists) and [dicts](q:dicts).\n";
	struct md_doc *doc;
	struct buf h = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct md_node *para;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	md_render_html(doc, MD_NOTES, "/q/", "/", "", 2, &h);
	assert_string_equal(h.data, "<p>See <a href=\"/q/lists/\">lists</a> and "
	    "<a href=\"/q/dicts/\">dicts</a>.</p>\n");
	buf_reset(&h);
	md_render_html(doc, MD_NOTES, "", ".html", "", 2, &h);
	assert_non_null(strstr(h.data, "<a href=\"lists.html\">"));
	para = md_tree(doc, MD_NOTES, &a);
	assert_int_equal(para->type, MDN_PARA);
	assert_int_equal(para->child->next->type, MDN_LINK);
	assert_string_equal(para->child->next->url, "q:lists");
	md_free(doc);
	buf_release(&h);
	arena_release(&a);
}

/* Headings never skip a level below the one the fragment sits under, and
 * are h2 at least; the tree keeps the levels as written (the guide's). */
static void
headings_skip_no_level(void **state)
{
	static const char body[] = "# A\n\n#### B\n\n## C\n\n##### D\n\n### E\n";
	struct md_doc *doc;
	struct buf h = BUF_INIT;
	struct arena a = ARENA_INIT;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	md_render_html(doc, MD_NOTES, "", "", "", 1, &h);
	assert_string_equal(h.data, "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n<h3>D</h3>\n<h3>E</h3>\n");
	buf_reset(&h);
	md_render_html(doc, MD_NOTES, "", "", "", 2, &h);
	assert_string_equal(h.data, "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n<h3>D</h3>\n<h3>E</h3>\n");
	buf_reset(&h);
	{
		static const char deep[] = "#### Only\n\n###### Deeper\n";
		struct md_doc *d2 = md_parse(deep, strlen(deep), 0);

		md_render_html(d2, MD_NOTES, "", "", "", 1, &h);
		assert_string_equal(h.data, "<h2>Only</h2>\n<h3>Deeper</h3>\n");
		buf_reset(&h);
		md_render_html(d2, MD_NOTES, "", "", "", 2, &h);
		assert_string_equal(h.data, "<h3>Only</h3>\n<h4>Deeper</h4>\n");
		md_free(d2);
	}
	assert_int_equal(md_tree(doc, MD_NOTES, &a)->next->level, 4);
	md_free(doc);
	buf_release(&h);
	arena_release(&a);
}

/* Straight quotes in prose become the language's, apostrophes U+2019;
 * code keeps them; emphasis does not break a quoted phrase. */
static void
quotes_follow_the_language(void **state)
{
	static const char body[] = "He said \"*don't*\" and 'no' to `x = \"a\"`.\n";
	static const struct {
		const char *lang, *html;
	} want[] = {
		{ "en", "<p>He said \xe2\x80\x9c<em>don\xe2\x80\x99t</em>\xe2\x80\x9d and "
		    "\xe2\x80\x98no\xe2\x80\x99 to <code>x = &quot;a&quot;</code>.</p>\n" },
		{ "de-AT", "<p>He said \xe2\x80\x9e<em>don\xe2\x80\x99t</em>\xe2\x80\x9c and "
		    "\xe2\x80\x9ano\xe2\x80\x98 to <code>x = &quot;a&quot;</code>.</p>\n" },
		{ "fr", "<p>He said \xc2\xab\xe2\x80\xaf<em>don\xe2\x80\x99t</em>\xe2\x80\xaf\xc2\xbb "
		    "and \xe2\x80\xb9\xe2\x80\xafno\xe2\x80\xaf\xe2\x80\xba to <code>x = &quot;a&quot;</code>.</p>\n" },
		{ "ja", "<p>He said \xe3\x80\x8c<em>don\xe2\x80\x99t</em>\xe3\x80\x8d and "
		    "\xe3\x80\x8eno\xe3\x80\x8f to <code>x = &quot;a&quot;</code>.</p>\n" },
		{ "xx", "<p>He said \xe2\x80\x9c<em>don\xe2\x80\x99t</em>\xe2\x80\x9d and "
		    "\xe2\x80\x98no\xe2\x80\x99 to <code>x = &quot;a&quot;</code>.</p>\n" },
	};
	struct buf h = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct md_doc *doc;

		md_set_language(want[i].lang);
		doc = md_parse(body, strlen(body), 0);
		buf_reset(&h);
		md_render_html(doc, MD_NOTES, "", "", "", 2, &h);
		assert_string_equal(h.data, want[i].html);
		md_free(doc);
	}
	md_set_language("en");
	buf_reset(&h);
	md_inline("The shell's \"quoting\"", &h, NULL);
	assert_string_equal(h.data, "The shell\xe2\x80\x99s \xe2\x80\x9cquoting\xe2\x80\x9d");
	buf_release(&h);
}

static void
collect_link(void *ctx, const char *id, int line, int col)
{
	buf_printf(ctx, "%s@%d:%d ", id, line, col);
}

/* Every q: link, sections included, in order with its line and column
 * (in bytes, as diagnostics count them); a q: link in code is not a
 * link. */
static void
qlinks_report_id_line_and_col(void **state)
{
	static const char body[] = "See [a](q:one) and\n"
	    "[b](q:two).\n"
	    "\n"
	    "## What to listen for\n"
	    "\n"
	    "- [c](q:three)\n"
	    "  and \xc3\xa9 [d](q:four)\n"
	    "- `[e](q:not-a-link)` and [f](https://x.org/q:no)\n";
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];
	struct buf seen = BUF_INIT;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	md_split(doc, s);
	md_qlinks(doc, collect_link, &seen);
	assert_string_equal(seen.data, "one@1:5 two@2:1 three@6:3 four@7:10 ");
	buf_release(&seen);
	md_free(doc);
}

/*
 * A q: link on a continuation line that starts with blanks beyond its
 * container's indentation is at its own column: cmark-gfm strips those
 * blanks before parsing the inlines and does not count them, so "link to
 * unknown question" once pointed at 2:1 for "  [b](q:two)" below (and two
 * columns early after ">   " in a quote).
 */
static void
qlink_col_on_an_indented_continuation_line(void **state)
{
	static const char body[] = "See and\n  [b](q:two).\n";
	static const char quote[] = "> See and\n>   [c](q:three) [d](q:four).\n";
	struct md_doc *doc;
	struct buf seen = BUF_INIT;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	md_qlinks(doc, collect_link, &seen);
	assert_string_equal(seen.data, "two@2:3 ");
	md_free(doc);
	buf_reset(&seen);
	doc = md_parse(quote, strlen(quote), 0);
	md_qlinks(doc, collect_link, &seen);
	assert_string_equal(seen.data, "three@2:5 four@2:18 ");
	buf_release(&seen);
	md_free(doc);
}

/* Plain text: link text without the URL, code without backticks, raw HTML
 * left out, blocks ending in newlines. */
static void
plain_text_of_a_part(void **state)
{
	static const char body[] = "A *b* [c](q:c) `d` <i>e</i>\nf\n\n```\ncode\n```\n";
	struct md_doc *doc;
	struct buf t = BUF_INIT;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	md_plain_text(doc, MD_NOTES, &t);
	assert_string_equal(t.data, "A b c d e f\ncode\n\n");
	buf_release(&t);
	md_free(doc);
}

static void
collect_item(void *ctx, const char *text)
{
	buf_printf(ctx, "[%s]", text);
}

/* The items of a section's list, as plain text without trailing blanks. */
static void
list_items_as_plain_text(void **state)
{
	static const char body[] = "## Follow-up questions\n\n"
	    "- Why *not* `x`?\n- Two\n  lines\n-   spaced  \n";
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];
	struct buf seen = BUF_INIT;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	md_split(doc, s);
	md_list_items(doc, MD_FOLLOWUPS, collect_item, &seen);
	assert_string_equal(seen.data, "[Why not x?][Two lines][spaced]");
	buf_reset(&seen);
	md_list_items(doc, MD_LISTEN, collect_item, &seen);
	assert_string_equal(seen.data, "");
	buf_release(&seen);
	md_free(doc);
}

/* A title is one line of inline text: what would open a block stays
 * text, inline Markdown works, and the plain text drops the markup. */
static void
inline_titles_stay_one_line_of_text(void **state)
{
	static const char *const cases[][3] = {
		{ "- Not a list", "- Not a list", "- Not a list" },
		{ "1) Not a list", "1) Not a list", "1) Not a list" },
		{ "+ Not a list", "+ Not a list", "+ Not a list" },
		{ "   Leading blanks", "Leading blanks", "Leading blanks" },
		{ "***", "***", "***" },
		{ "Say *hi* to `x()`", "Say <em>hi</em> to <code>x()</code>", "Say hi to x()" },
		{ "2. Use [docs](https://x.org)", "2. Use <a href=\"https://x.org\">docs</a>",
		    "2. Use docs" },
	};
	struct arena a = ARENA_INIT;
	struct buf text = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf h = BUF_INIT, t = BUF_INIT;

		md_inline(cases[i][0], &h, &t);
		assert_string_equal(h.data, cases[i][1]);
		assert_string_equal(t.data, cases[i][2]);
		buf_release(&h);
		buf_release(&t);
	}
	/* The guide's title tree: text nodes only, spelling the title. */
	for (struct md_node *n = md_inline_tree("1. Not a list", &a); n; n = n->next) {
		assert_int_equal(n->type, MDN_TEXT);
		buf_adds(&text, n->text);
	}
	assert_string_equal(text.data, "1. Not a list");
	buf_release(&text);
	arena_release(&a);
}

/* The plain tree for the guide: block and inline types, a dangerous link
 * without its URL, tasks, table header rows, raw HTML as MDN_HTML. */
static void
tree_reflects_blocks_and_drops_dangerous_urls(void **state)
{
	static const char body[] = "# Title\n\n"
	    "Go [there](javascript:x) or [here](q:id).\n\n"
	    "```c\ncode\n```\n\n"
	    "- [x] done\n- [ ] open\n\n"
	    "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
	    "<div>raw</div>\n";
	struct md_doc *doc;
	struct arena a = ARENA_INIT;
	struct md_node *n, *p;

	(void)state;
	doc = md_parse(body, strlen(body), 0);
	n = md_tree(doc, MD_NOTES, &a);
	assert_int_equal(n->type, MDN_HEADING);
	assert_int_equal(n->level, 1);
	p = (n = n->next)->child;
	assert_int_equal(n->type, MDN_PARA);
	assert_string_equal(p->text, "Go ");
	assert_int_equal(p->next->type, MDN_LINK);
	assert_null(p->next->url);
	assert_string_equal(p->next->child->text, "there");
	assert_string_equal(p->next->next->next->url, "q:id");
	n = n->next;
	assert_int_equal(n->type, MDN_CODE);
	assert_string_equal(n->text, "code\n");
	n = n->next;
	assert_int_equal(n->type, MDN_LIST);
	assert_int_equal(n->child->task, 1);
	assert_int_equal(n->child->next->task, 0);
	n = n->next;
	assert_int_equal(n->type, MDN_TABLE);
	assert_int_equal(n->child->type, MDN_ROW);
	assert_true(n->child->header);
	assert_false(n->child->next->header);
	assert_int_equal(n->child->next->child->type, MDN_CELL);
	n = n->next;
	assert_int_equal(n->type, MDN_HTML);
	assert_null(n->next);
	md_free(doc);
	arena_release(&a);
}

/* "> " n times, then text. */
static struct md_doc *
quotes(int n)
{
	struct buf b = BUF_INIT;
	struct md_doc *doc;

	for (int i = 0; i < n; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "deep\n");
	doc = md_parse(b.data, b.len, 0);
	buf_release(&b);
	return doc;
}

/*
 * 120 nested quotes: the quote with 100 ancestors above it (the document
 * and 100 quotes), the 101st, is cut with all it holds, and reported where
 * its '>' is: line 1, column 2 * 100 + 1.  What is left renders, 100
 * quotes deep.  A shallow body is not cut.
 */
static void
too_deep_nesting_is_cut_and_located(void **state)
{
	struct md_doc *doc;
	struct buf h = BUF_INIT;
	int line = -1, col = -1;

	(void)state;
	doc = quotes(120);
	assert_true(md_too_deep(doc, &line, &col));
	assert_int_equal(line, 1);
	assert_int_equal(col, 201);
	render(doc, MD_NOTES, &h);
	assert_int_equal(count(h.data, "<blockquote>"), 100);
	assert_null(strstr(h.data, "deep"));
	md_free(doc);
	doc = quotes(10);
	assert_false(md_too_deep(doc, &line, &col));
	assert_int_equal(line, 0);
	md_free(doc);
	buf_release(&h);
}

/*
 * docs/content.md says "Markdown may nest lists, block quotes and emphasis
 * at most 100 levels deep (a list level counts as two: the list and its
 * item)", and the error says "nested more than 100 levels deep".  The cut
 * once counted the paragraph and its text as levels too, so 99 quotes or
 * 50 list levels were cut and reported.  100 of them are accepted; 101 are
 * not.
 */
static void
documented_nesting_limit_is_accepted(void **state)
{
	struct md_doc *doc;
	struct buf b = BUF_INIT;
	int line, col;

	(void)state;
	doc = quotes(100);
	assert_false(md_too_deep(doc, &line, &col));
	md_free(doc);
	doc = quotes(101);
	assert_true(md_too_deep(doc, &line, &col));
	md_free(doc);
	for (int i = 0; i < 50; i++) {
		for (int k = 0; k < 2 * i; k++)
			buf_addc(&b, ' ');
		buf_adds(&b, "- x\n");
	}
	doc = md_parse(b.data, b.len, 0);
	assert_false(md_too_deep(doc, &line, &col));
	md_free(doc);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_finds_sections_and_their_positions),
		cmocka_unit_test(split_reports_a_duplicate_section),
		cmocka_unit_test(notes_keep_what_no_section_claims),
		cmocka_unit_test(render_drops_dangerous_urls),
		cmocka_unit_test(raw_html_only_when_unsafe),
		cmocka_unit_test(qlinks_are_rewritten_with_prefix_and_suffix),
		cmocka_unit_test(qlinks_report_id_line_and_col),
		cmocka_unit_test(qlink_col_on_an_indented_continuation_line),
		cmocka_unit_test(plain_text_of_a_part),
		cmocka_unit_test(list_items_as_plain_text),
		cmocka_unit_test(inline_titles_stay_one_line_of_text),
		cmocka_unit_test(tree_reflects_blocks_and_drops_dangerous_urls),
		cmocka_unit_test(too_deep_nesting_is_cut_and_located),
		cmocka_unit_test(documented_nesting_limit_is_accepted),
		cmocka_unit_test(headings_skip_no_level),
		cmocka_unit_test(quotes_follow_the_language),
	};
	int failed;

	md_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	md_shutdown();
	return failed;
}
