/*
 * Unit tests for meta: front matter parsed into nodes with their places,
 * and every rule libyaml does not police reported as qbook prints it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/meta.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"

/* One parse: the tree lives in the arena, the report is what diag_flush
 * prints (empty when there was nothing to say). */
struct parsed {
	struct arena	 a;
	struct meta_node *root;
	int		 rc;
	char		*report;
};

static void
parse_n(struct parsed *p, const char *text, size_t len, int first_line)
{
	struct diags d = DIAGS_INIT;
	size_t size = 0;
	FILE *fp;

	p->a = (struct arena)ARENA_INIT;
	p->report = NULL;
	p->rc = meta_parse(text, len, first_line, "f.md", &p->a, &d, &p->root);
	fp = open_memstream(&p->report, &size);
	assert_non_null(fp);
	diag_flush(&d, fp);
	fclose(fp);
	diag_release(&d);
}

static void
parse(struct parsed *p, const char *text, int first_line)
{
	parse_n(p, text, strlen(text), first_line);
}

static void
done(struct parsed *p)
{
	free(p->report);
	arena_release(&p->a);
}

/* Keys and values keep their order, types, places and quoting; first_line
 * moves every line (the front matter starts on the file's line 2). */
static void
mappings_keep_types_order_and_places(void **state)
{
	struct parsed p;
	const struct meta_node *n, *m;

	(void)state;
	parse(&p, "title: 'Q?'\n"
	    "rounds:\n"
	    "  - id: screen\n"
	    "    title: Screen\n"
	    "map: {k: v, n: 3}\n"
	    "tags: [a,   b]\n", 2);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.report, "");
	assert_int_equal(p.root->type, META_MAP);
	assert_int_equal(p.root->n, 4);
	assert_string_equal(p.root->keys[0]->str, "title");
	assert_string_equal(p.root->keys[3]->str, "tags");
	n = meta_get(p.root, "title");
	assert_string_equal(n->str, "Q?");
	assert_int_equal(n->len, 2);
	assert_false(n->plain);
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 8);		/* the opening quote */
	n = meta_get(p.root, "rounds");
	assert_int_equal(n->type, META_LIST);
	assert_int_equal(n->n, 1);
	m = n->items[0];
	assert_int_equal(m->type, META_MAP);
	assert_int_equal(m->line, 4);
	assert_int_equal(m->col, 5);		/* "id", after "  - " */
	assert_string_equal(meta_get(m, "title")->str, "Screen");
	assert_int_equal(meta_get(m, "title")->line, 5);
	assert_int_equal(meta_get(m, "title")->col, 12);
	n = meta_get(p.root, "map");
	assert_int_equal(n->type, META_MAP);
	assert_string_equal(meta_get(n, "n")->str, "3");
	assert_true(meta_get(n, "n")->plain);
	n = meta_get(p.root, "tags");
	assert_int_equal(n->items[1]->col, 13);
	assert_int_equal(n->items[1]->line, 7);
	/* Keys carry their own places, for "unknown key" messages. */
	assert_int_equal(p.root->keys[1]->line, 3);
	assert_int_equal(p.root->keys[1]->col, 1);
	done(&p);
}

/* A key given twice is an error at the second place with a note at the
 * first; a third use is reported against the first too.  Keys of nested
 * mappings are checked within their own mapping only. */
static void
duplicate_keys_name_both_places(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: 1\n"
	    "b: 2\n"
	    "a: 3\n"
	    "c:\n"
	    "  a: 1\n"
	    "  b: 2\n"
	    "  b: 3\n"
	    "a: 4\n", 2);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:4:1: error: duplicate key 'a'\n"
	    "f.md:2:1: note: 'a' first given here\n"
	    "f.md:8:3: error: duplicate key 'b'\n"
	    "f.md:7:3: note: 'b' first given here\n"
	    "f.md:9:1: error: duplicate key 'a'\n"
	    "f.md:2:1: note: 'a' first given here\n"
	    "3 errors, 0 warnings\n");
	done(&p);
}

/* A tab where YAML wants indentation gets its own message, at the tab; a
 * tab inside a value is just a character. */
static void
tabs_in_indentation_are_named(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: 1\n\tb: 2\n", 2);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:3:1: error: tab character in YAML indentation; indent with spaces\n"
	    "1 error, 0 warnings\n");
	done(&p);
	parse(&p, "a: x\ty\n", 1);
	assert_int_equal(p.rc, 0);
	assert_string_equal(meta_get(p.root, "a")->str, "x\ty");
	done(&p);
}

/* Anchors, aliases and explicit tags (on scalars and on collections) are
 * each refused where they are written, and all of them are reported. */
static void
anchors_aliases_and_tags_are_refused(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: &x 1\n"
	    "b: *x\n"
	    "c: !!str 3\n"
	    "d: !mine [1]\n", 1);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:1:4: error: YAML anchors ('&name') are not allowed\n"
	    "f.md:2:4: error: YAML aliases ('*name') are not allowed\n"
	    "f.md:3:4: error: YAML tags ('tag:yaml.org,2002:str') are not allowed\n"
	    "f.md:4:4: error: YAML tags ('!mine') are not allowed\n"
	    "4 errors, 0 warnings\n");
	done(&p);
}

/* The root must be a mapping; what it is instead is named. */
static void
root_must_be_a_mapping(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "- a\n- b\n", 2);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:2:1: error: front matter must be a mapping of keys to values, not a list\n"
	    "1 error, 0 warnings\n");
	done(&p);
	parse(&p, "\n  just text\n", 2);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:3:3: error: front matter must be a mapping of keys to values, "
	    "not a single value\n"
	    "1 error, 0 warnings\n");
	done(&p);
	/* Comments and blank lines only: an empty mapping. */
	parse(&p, "# nothing yet\n\n", 2);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.root->type, META_MAP);
	assert_int_equal(p.root->n, 0);
	done(&p);
}

/* Keys must be scalars: a list as a key is refused at the list. */
static void
collection_keys_are_refused(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "ok: 1\n[a, b]: 2\n", 1);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:2:1: error: keys must be plain strings\n"
	    "1 error, 0 warnings\n");
	done(&p);
}

/* Syntax errors carry libyaml's problem and, when it has one, the context
 * with the line where that context began, in file lines. */
static void
syntax_errors_say_where_and_in_what(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "a: 1\nb: [1, 2\n", 5);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:7:1: error: front matter: did not find expected ',' or ']' "
	    "(while parsing a flow sequence at line 6)\n"
	    "1 error, 0 warnings\n");
	done(&p);
	parse(&p, "a: 1\n---\nb: 2\n", 2);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:3:1: error: front matter: more than one YAML document\n"
	    "1 error, 0 warnings\n");
	done(&p);
}

/* Front matter is flat by design: deep nesting is refused, not followed. */
static void
deep_nesting_is_refused(void **state)
{
	struct parsed p;
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "x: ");
	for (int i = 0; i < 40; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 40; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	parse(&p, b.data, 1);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.report, ": error: front matter is nested too deeply\n"));
	assert_null(strstr(p.report, "keys must be"));
	done(&p);
	/* Three levels, as qbook.yaml's guides use, are fine. */
	parse(&p, "guides:\n  g:\n    tags: [a]\n", 1);
	assert_int_equal(p.rc, 0);
	done(&p);
	buf_release(&b);
}

/*
 * A value nested too deeply is reported once, where it starts: 40 nested
 * lists (the root and 15 lists are allowed) once gave 25 identical errors,
 * and the closings that followed closed the wrong frames.
 */
static void
deep_nesting_is_reported_once(void **state)
{
	struct parsed p;
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "x: ");
	for (int i = 0; i < 40; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 40; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	parse(&p, b.data, 1);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.report, "\n1 error, 0 warnings\n"));
	done(&p);
	buf_release(&b);
}

/*
 * meta_parse parses text[0..len) and nothing beyond: on a syntax error at
 * the very end it once read text[len] to see whether the error was at a
 * tab.  Here that byte (not part of the text) is a tab, and the report must
 * still name the unclosed list.
 */
static void
syntax_error_at_the_end_reads_nothing_beyond(void **state)
{
	static const char text[] = "a: [1, 2\n\t";
	struct parsed p;

	(void)state;
	parse_n(&p, text, strlen(text) - 1, 1);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.report,
	    "f.md:2:1: error: front matter: did not find expected ',' or ']' "
	    "(while parsing a flow sequence at line 1)\n"
	    "1 error, 0 warnings\n");
	done(&p);
}

/* What messages call a value: null only when plain, whatever the case
 * YAML allows ("Null", "NULL", not "nULL"). */
static void
describe_names_what_a_value_is(void **state)
{
	static const char *const cases[][2] = {
		{ "v: [a]\n", "a list" },
		{ "v: {a: 1}\n", "a mapping" },
		{ "v:\n", "nothing" },
		{ "v: ~\n", "nothing" },
		{ "v: null\n", "nothing" },
		{ "v: Null\n", "nothing" },
		{ "v: NULL\n", "nothing" },
		{ "v: nULL\n", "a string" },
		{ "v: 'null'\n", "a string" },
		{ "v: \"\"\n", "a string" },
		{ "v: 3\n", "a string" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct parsed p;

		parse(&p, cases[i][0], 1);
		assert_int_equal(p.rc, 0);
		assert_string_equal(meta_describe(meta_get(p.root, "v")), cases[i][1]);
		done(&p);
	}
}

/* A missing value is a plain empty scalar where the key's value would be. */
static void
missing_value_is_an_empty_plain_scalar(void **state)
{
	struct parsed p;
	const struct meta_node *n;

	(void)state;
	parse(&p, "empty:\nnext: 1\n", 1);
	assert_int_equal(p.rc, 0);
	n = meta_get(p.root, "empty");
	assert_int_equal(n->type, META_SCALAR);
	assert_string_equal(n->str, "");
	assert_int_equal(n->len, 0);
	assert_true(meta_is_null(n));
	assert_int_equal(meta_get(p.root, "next")->line, 2);
	done(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mappings_keep_types_order_and_places),
		cmocka_unit_test(duplicate_keys_name_both_places),
		cmocka_unit_test(tabs_in_indentation_are_named),
		cmocka_unit_test(anchors_aliases_and_tags_are_refused),
		cmocka_unit_test(root_must_be_a_mapping),
		cmocka_unit_test(collection_keys_are_refused),
		cmocka_unit_test(syntax_errors_say_where_and_in_what),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(deep_nesting_is_reported_once),
		cmocka_unit_test(syntax_error_at_the_end_reads_nothing_beyond),
		cmocka_unit_test(describe_names_what_a_value_is),
		cmocka_unit_test(missing_value_is_an_empty_plain_scalar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
