/*
 * fuzz_load: one content file through load, model and index (bank_load).
 *
 * An input that starts with "---" is a Markdown file with front matter and
 * is written three times, as a question, a free page and the category's
 * _index.md, so one input reaches the three readers of Markdown files.  Any
 * other input is the bank's qbook.yaml, beside a fixed valid question.
 */
#include <stdlib.h>
#include <string.h>

#include "bank/index.h"
#include "bank/model.h"
#include "base/diag.h"
#include "fuzz.h"

static const char settings[] =
    "title: Fuzz\n"
    "levels: [junior, senior]\n"
    "rounds:\n"
    "  - id: screen\n"
    "    title: Screen\n"
    "guides:\n"
    "  short:\n"
    "    title: Short\n"
    "    rounds: [screen]\n";

static const char question[] =
    "---\n"
    "title: A question\n"
    "level: junior\n"
    "round: screen\n"
    "tags: [a]\n"
    "---\n"
    "Notes.\n\n"
    "## What to listen for\n\n"
    "- a point\n";

void
fz_setup(void)
{
	/* the libraries are all this target needs */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *dir = fz_tempdir();
	struct diags d = DIAGS_INIT;
	struct bank b;

	if (size >= 3 && memcmp(data, "---", 3) == 0) {
		fz_write(dir, "qbook.yaml", settings, sizeof(settings) - 1);
		fz_write(dir, "cat/q.md", data, size);
		fz_write(dir, "cat/_index.md", data, size);
		fz_write(dir, "pages/p.md", data, size);
	} else {
		fz_write(dir, "qbook.yaml", data, size);
		fz_write(dir, "cat/q.md", question, sizeof(question) - 1);
	}
	if (bank_load(&b, dir, &d) == 0)
		index_build(&b, &d);
	bank_release(&b);
	diag_release(&d);
	fz_remove(dir);
	return 0;
}
