/*
 * Unit tests for the parsing stages: meta (front matter), md (sections and
 * links) and bank_load on a bank written to a temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bank/index.h"
#include "bank/md.h"
#include "bank/meta.h"
#include "bank/model.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"

static void
meta_keeps_types_and_positions(void **state)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct meta_node *root;
	const char *y = "title: \"Q: what?\"\nminutes: 3\nquoted: \"3\"\ntags: [a, b]\n";
	const struct meta_node *n;

	(void)state;
	assert_int_equal(meta_parse(y, strlen(y), 2, "f.md", &a, &d, &root), 0);
	assert_int_equal(root->type, META_MAP);
	assert_int_equal(root->n, 4);
	n = meta_get(root, "title");
	assert_string_equal(n->str, "Q: what?");
	assert_int_equal(n->plain, 0);
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 8);
	assert_int_equal(meta_get(root, "minutes")->plain, 1);
	assert_int_equal(meta_get(root, "quoted")->plain, 0);
	n = meta_get(root, "tags");
	assert_int_equal(n->type, META_LIST);
	assert_int_equal(n->n, 2);
	assert_string_equal(n->items[1]->str, "b");
	assert_int_equal(n->items[1]->line, 5);
	assert_null(meta_get(root, "absent"));
	assert_int_equal(d.n, 0);
	arena_release(&a);
}

static void
meta_rejects_duplicates_aliases_and_lists(void **state)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct meta_node *root;
	const char *dup = "a: 1\nb: 2\na: 3\n";
	const char *alias = "a: &x 1\nb: *x\n";
	const char *list = "- a\n- b\n";

	(void)state;
	assert_int_equal(meta_parse(dup, strlen(dup), 1, "f", &a, &d, &root), -1);
	assert_int_equal(d.n, 2);	/* the error and its note */
	assert_int_equal(diag_errors(&d), 1);
	diag_release(&d);
	assert_int_equal(meta_parse(alias, strlen(alias), 1, "f", &a, &d, &root), -1);
	assert_int_equal(diag_errors(&d), 2);	/* anchor and alias */
	diag_release(&d);
	assert_int_equal(meta_parse(list, strlen(list), 1, "f", &a, &d, &root), -1);
	assert_int_equal(diag_errors(&d), 1);
	diag_release(&d);
	assert_int_equal(meta_parse("", 0, 1, "f", &a, &d, &root), 0);
	assert_int_equal(root->type, META_MAP);
	assert_int_equal(root->n, 0);
	arena_release(&a);
}

static void
count_link(void *ctx, const char *id, int line, int col)
{
	char *seen = ctx;

	(void)line;
	(void)col;
	strcat(seen, id);
	strcat(seen, ";");
}

/* A document whose tree was dropped (md_unload) keeps its sections and
 * q: links, and parses again to the same HTML. */
static void
md_unload_keeps_the_document(void **state)
{
	const char *body = "Notes [a](q:one).\n\n## What to listen for\n\n- x [b](q:two)\n\n"
	    "## Red flags\n\nNot a list.\n\n## Red flags\n\n- again\n";
	struct md_section s[MD_NPARTS];
	struct buf h1 = BUF_INIT, h2 = BUF_INIT;
	struct md_doc *doc;
	char seen[64] = "";
	int line, col;

	(void)state;
	md_init();
	doc = md_parse(body, strlen(body), 0);
	md_split(doc, s);
	assert_int_equal(s[MD_FLAGS].dup_line, 11);
	for (int p = 0; p < MD_NPARTS; p++)
		md_render_html(doc, (enum md_part)p, "Q/", ".html", "", 2, &h1);
	md_unload(doc);
	assert_int_equal(md_too_deep(doc, &line, &col), 0);
	md_qlinks(doc, count_link, seen);
	assert_string_equal(seen, "one;two;");
	for (int p = 0; p < MD_NPARTS; p++)
		md_render_html(doc, (enum md_part)p, "Q/", ".html", "", 2, &h2);
	assert_string_equal(h1.data, h2.data);
	assert_true(strstr(h1.data, "href=\"Q/one.html\"") != NULL);
	md_free(doc);
	buf_release(&h1);
	buf_release(&h2);
}

/* Titles without Markdown skip the parser, with the same result; titles
 * that would open a block stay one line of text; quotes are curled. */
static void
md_inline_plain_titles(void **state)
{
	static const char *const cases[][2] = {
		{ "What is a closure?", "What is a closure?" },
		{ "Say \"hi\"  twice: 5% + 3 = x #1",
		    "Say \xe2\x80\x9chi\xe2\x80\x9d  twice: 5% + 3 = x #1" },
		{ "Ends ~~here~~ www.example.org", "Ends ~~here~~ www.example.org" },
		{ "Use `fork()` & *threads*", "Use <code>fork()</code> &amp; <em>threads</em>" },
		{ "1. Not a list", "1. Not a list" },
		{ "# Not a heading", "# Not a heading" },
		{ "> Not a *quote*", "&gt; Not a <em>quote</em>" },
		{ "[Not]: a link definition", "[Not]: a link definition" },
		{ "Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve", "Caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve" },
	};

	(void)state;
	md_init();
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf h = BUF_INIT, t = BUF_INIT;

		md_inline(cases[i][0], &h, &t);
		assert_string_equal(h.data, cases[i][1]);
		if (i < 3)	/* nothing escaped: the text is the HTML */
			assert_string_equal(t.data, cases[i][1]);
		buf_release(&h);
		buf_release(&t);
	}
}

static void
md_splits_sections(void **state)
{
	const char *body = "Notes [a](q:one).\n\n## Example\n\nMore.\n\n"
	    "## What to Listen For:\n\n- x\n- y [b](q:two)\n\n## Red flags\n\n"
	    "- z\n\n## Follow-up questions\n\nNot a list.\n";
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];
	char seen[64] = "";

	(void)state;
	md_init();
	doc = md_parse(body, strlen(body), 0);
	md_split(doc, s);
	assert_true(s[MD_LISTEN].present);
	assert_true(s[MD_LISTEN].is_list);
	assert_int_equal(s[MD_LISTEN].items, 2);
	assert_int_equal(s[MD_LISTEN].line, 7);
	assert_true(s[MD_FLAGS].is_list);
	assert_true(s[MD_FOLLOWUPS].present);
	assert_false(s[MD_FOLLOWUPS].is_list);
	md_qlinks(doc, count_link, seen);
	assert_string_equal(seen, "one;two;");
	md_free(doc);
}

/* Every part renders the same after the tree was dropped and parsed
 * again, and the q: links stay known without the tree. */
static void
md_unload_parses_again_the_same(void **state)
{
	const char *body = "Notes [a](q:one) and `code`.\n\n## What to listen for\n\n"
	    "- x\n- y [b](q:two)\n\n## Red flags\n\n- z\n";
	struct md_doc *doc;
	struct md_section s[MD_NPARTS];
	struct buf before[MD_NPARTS], after[MD_NPARTS];
	char seen[64] = "";

	(void)state;
	md_init();
	doc = md_parse(body, strlen(body), 0);
	md_split(doc, s);
	for (int p = 0; p < MD_NPARTS; p++) {
		buf_init(&before[p]);
		buf_init(&after[p]);
		md_render_html(doc, (enum md_part)p, "Q/", ".html", "", 2, &before[p]);
		md_plain_text(doc, (enum md_part)p, &before[p]);
	}
	md_unload(doc);
	md_unload(doc);		/* twice is harmless */
	md_qlinks(doc, count_link, seen);
	assert_string_equal(seen, "one;two;");
	for (int p = 0; p < MD_NPARTS; p++) {
		md_render_html(doc, (enum md_part)p, "Q/", ".html", "", 2, &after[p]);
		md_plain_text(doc, (enum md_part)p, &after[p]);
		assert_int_equal(before[p].len, after[p].len);
		if (before[p].len > 0)
			assert_string_equal(before[p].data, after[p].data);
		buf_release(&before[p]);
		buf_release(&after[p]);
	}
	/* The notes no longer hold the sections once parsed again. */
	md_unload(doc);
	buf_init(&after[0]);
	md_plain_text(doc, MD_NOTES, &after[0]);
	assert_null(strstr(after[0].data, "Red flags"));
	assert_non_null(strstr(after[0].data, "Notes a and code"));
	buf_release(&after[0]);
	md_free(doc);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
bank_orders_and_numbers(void **state)
{
	char dir[] = "/tmp/qbook-unit-XXXXXX";
	char path[256];
	struct bank b;
	struct diags d = DIAGS_INIT;
	static const char q[] = "---\ntitle: %s\n%s---\n\n## What to listen for\n\n- x\n";
	char text[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/qbook.yaml", dir);
	write_file(path, "title: T\n");
	snprintf(path, sizeof(path), "%s/zeta", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/alpha", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/zeta/_index.md", dir);
	write_file(path, "---\ntitle: Zeta\norder: 1\n---\n");
	snprintf(path, sizeof(path), "%s/alpha/_index.md", dir);
	write_file(path, "---\ntitle: Alpha\n---\n");
	snprintf(path, sizeof(path), "%s/zeta/10-b.md", dir);
	snprintf(text, sizeof(text), q, "B?", "");
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/zeta/2-c.md", dir);
	snprintf(text, sizeof(text), q, "C?", "");
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/zeta/a.md", dir);
	snprintf(text, sizeof(text), q, "A?", "order: 5\n");
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/alpha/x.md", dir);
	snprintf(text, sizeof(text), q, "X?", "");
	write_file(path, text);

	md_init();
	assert_int_equal(bank_load(&b, dir, &d), 0);
	index_build(&b, &d);
	assert_int_equal(diag_errors(&d), 0);
	assert_int_equal(b.ncategories, 2);
	assert_string_equal(b.categories[0].title, "Zeta");	/* order first */
	assert_int_equal(b.categories[0].nquestions, 3);
	/* order, then numeric prefix, then name */
	assert_string_equal(b.categories[0].questions[0]->id, "a");
	assert_string_equal(b.categories[0].questions[1]->id, "c");
	assert_string_equal(b.categories[0].questions[2]->id, "b");
	assert_int_equal(b.categories[0].questions[2]->number, 3);
	assert_int_equal(b.categories[1].questions[0]->number, 1);
	assert_int_equal(b.categories[1].questions[0]->minutes, 3);
	assert_ptr_equal(index_find(&b, "x"), b.categories[1].questions[0]);
	assert_null(index_find(&b, "nope"));
	bank_release(&b);
	diag_release(&d);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(meta_keeps_types_and_positions),
		cmocka_unit_test(meta_rejects_duplicates_aliases_and_lists),
		cmocka_unit_test(md_splits_sections),
		cmocka_unit_test(md_unload_keeps_the_document),
		cmocka_unit_test(md_inline_plain_titles),
		cmocka_unit_test(md_unload_parses_again_the_same),
		cmocka_unit_test(bank_orders_and_numbers),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	md_shutdown();
	return failed;
}
