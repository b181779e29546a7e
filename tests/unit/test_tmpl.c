/*
 * Unit tests for the template engine.
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
#include "base/diag.h"
#include "site/tmpl.h"
#include "site/view.h"

static void
render(const char *template, const struct view *v, struct buf *out, struct diags *d)
{
	struct tmpl *t = tmpl_parse(template, strlen(template), "t.html", d);

	if (t != NULL) {
		tmpl_render(t, v, out);
		tmpl_free(t);
	}
}

static void
escapes_text_and_attributes(void **state)
{
	struct arena a = ARENA_INIT;
	struct view *v = view_new(&a, NULL);
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;

	(void)state;
	tmpl_init();
	view_text(v, "title", "<script>alert(\"x\")</script> & co");
	view_text(v, "url", "a\"><img src=x onerror=alert(1)>");
	view_html(v, "body", "<p>ok</p>", 9);
	render("<div><h1 data-text=\"title\">placeholder</h1>"
	    "<a class=\"x\" href=\"#\" data-attr-href=\"url\">link</a>"
	    "<section data-html=\"body\"></section></div>", v, &out, &d);
	assert_string_equal(out.data,
	    "<div><h1>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; co</h1>"
	    "<a class=\"x\" href=\"a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">link</a>"
	    "<section><p>ok</p></section></div>");
	buf_release(&out);
	arena_release(&a);
}

static void
repeats_and_conditions(void **state)
{
	struct arena a = ARENA_INIT;
	struct view *v = view_new(&a, NULL);
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;

	(void)state;
	view_text(v, "site", "S");
	view_text(view_add(v, "items"), "name", "one");
	view_text(view_add(v, "items"), "name", "two");
	view_list(v, "empty");
	render("<ul><li data-each=\"items\"><b data-text=\"name\">n</b>/<i data-text=\"site\">s</i></li></ul>"
	    "<p data-if=\"empty\">never</p><p data-unless=\"empty\">none</p>"
	    "<p data-if=\"missing\">never</p><br><input disabled>", v, &out, &d);
	assert_string_equal(out.data,
	    "<ul><li><b>one</b>/<i>S</i></li><li><b>two</b>/<i>S</i></li></ul>"
	    "<p>none</p><br><input disabled>");
	assert_int_equal(d.n, 0);
	buf_release(&out);
	arena_release(&a);
}

static void
reports_template_errors(void **state)
{
	struct arena a = ARENA_INIT;
	struct view *v = view_new(&a, NULL);
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;

	(void)state;
	render("<p>\n<b data-text=\"a\" data-html=\"b\">x</b></p>", v, &out, &d);
	assert_int_equal(diag_errors(&d), 1);
	diag_release(&d);
	render("<div>\n<img data-text=\"a\"></div>", v, &out, &d);
	assert_int_equal(diag_errors(&d), 1);
	diag_release(&d);
	buf_release(&out);
	arena_release(&a);
}

/* The engine's parser state lives until shutdown; free it for the leak check. */
static int
teardown(void **state)
{
	(void)state;
	tmpl_shutdown();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_text_and_attributes),
		cmocka_unit_test(repeats_and_conditions),
		cmocka_unit_test(reports_template_errors),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
