/*
 * fuzz_template: the theme template parser (tmpl_parse), then a render of
 * what compiled with a fixed view that has a value of each kind under
 * common names; and the same bytes as raw HTML through tmpl_sanitize, the
 * other user of libxml2's HTML parser.
 */
#include <stdlib.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"
#include "fuzz.h"
#include "site/tmpl.h"
#include "site/view.h"

void
fz_setup(void)
{
	/* the libraries are all this target needs */
}

static struct view *
fixed_view(struct arena *a)
{
	struct view *v = view_new(a, NULL), *it;

	view_text(v, "title", "A <title> & \"quotes\"");
	view_text(v, "url", "javascript:alert(1)");
	view_text(v, "empty", "");
	view_html(v, "body", "<p>Body</p>", 11);
	view_html(v, "content", "<em>x</em>", 10);
	view_list(v, "none");
	for (int i = 0; i < 2; i++) {
		it = view_add(v, "items");
		view_textf(it, "title", "item %d", i);
		view_textf(it, "url", "q%d.html", i);
		view_add(it, "items");	/* nested: data-each inside data-each */
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;
	struct tmpl *t;

	t = tmpl_parse((const char *)data, size, "t.html", &d);
	if (t != NULL)
		tmpl_render(t, fixed_view(&a), &out);
	tmpl_free(t);
	buf_reset(&out);
	buf_add(&out, data, size);
	tmpl_sanitize(&out);
	buf_release(&out);
	arena_release(&a);
	diag_release(&d);
	return 0;
}
