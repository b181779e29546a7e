/*
 * fuzz_bank: a whole bank built, site and guide.
 *
 * The bank is one category holding one question, the input, with a fixed
 * qbook.yaml (the shipped bank's levels and rounds, a handout) and the default theme,
 * loaded once from themes/default (targets run from the top of the tree).
 * A bank without errors is built as qbook build does it: the site into a
 * scratch directory, then the full guide and the handout in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/index.h"
#include "bank/md.h"
#include "bank/model.h"
#include "bank/theme.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/out.h"
#include "fuzz.h"
#include "guide/guide.h"
#include "site/site.h"

static const char settings[] =
    "title: Fuzz guide\n"
    "subtitle: One question\n"
    "organization: qbook\n"
    "base_url: https://example.org/guide/\n"
    "levels: [junior, mid, senior]\n"
    "rounds:\n"
    "  - id: screen\n"
    "    title: Screen\n"
    "  - id: fundamentals\n"
    "    title: Fundamentals\n"
    "  - id: coding\n"
    "    title: Coding\n"
    "  - id: domain\n"
    "    title: Domain\n"
    "  - id: behavioral\n"
    "    title: Behavioral\n"
    "guides:\n"
    "  short:\n"
    "    title: Short\n"
    "    levels: [junior, mid, senior]\n";

static const char category[] =
    "---\n"
    "title: The category\n"
    "summary: What it covers.\n"
    "---\n"
    "An *introduction* with a [link](q:other).\n";

/* A second question, so that related: and q: links can resolve. */
static const char other[] =
    "---\n"
    "id: other\n"
    "title: Another question\n"
    "level: senior\n"
    "---\n"
    "## What to listen for\n\n"
    "- one\n";

static struct theme *theme;
static struct site *site;
static struct pdfstyle style;

void
fz_setup(void)
{
	struct diags d = DIAGS_INIT;

	theme = theme_load("themes/default", &d);
	if (theme == NULL) {
		diag_flush(&d, stderr);
		exit(2);
	}
	site = site_new(theme, &d);
	if (site == NULL) {
		diag_flush(&d, stderr);
		exit(2);
	}
	diag_release(&d);
	guide_style_default(&style, "a4");
	guide_style_theme(&style, theme);
}

/* Typeset one selection; the PDF itself is thrown away. */
static void
typeset(const struct bank *b, struct guide_sel *sel)
{
	struct buf pdf = BUF_INIT;
	size_t pages, nmisses;
	struct miss *misses = NULL;

	if (sel->nq > 0 && guide_build(b, &style, sel, "guide.pdf", &pdf, &pages, &misses,
	    &nmisses) < 0)
		abort();	/* a valid bank must typeset (the reason is printed) */
	free(misses);
	buf_release(&pdf);
	guide_sel_free(sel);
}

static void
build(struct bank *b, const char *dir)
{
	char *out_dir = fsx_join(dir, "out");
	struct guide_sel sel;
	struct out *o;

	if (out_open(&o, out_dir, NULL) < 0)
		abort();
	out_set_prefix(o, "site/");
	if (site_build(site, b, o, NULL) < 0 || out_finish(o) < 0)
		abort();	/* a scratch directory is always writable */
	free(out_dir);
	guide_select_all(b, &sel);
	typeset(b, &sel);
	guide_select_def(b, &b->settings.guides[0], &sel);
	typeset(b, &sel);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *dir = fz_tempdir();
	char *root = fsx_join(dir, "content");
	struct diags d = DIAGS_INIT;
	struct bank b;

	fz_write(dir, "content/qbook.yaml", settings, sizeof(settings) - 1);
	fz_write(dir, "content/cat/_index.md", category, sizeof(category) - 1);
	fz_write(dir, "content/cat/other.md", other, sizeof(other) - 1);
	fz_write(dir, "content/cat/q.md", data, size);
	if (bank_load(&b, root, &d) == 0 && (index_build(&b, &d), diag_errors(&d) == 0))
		build(&b, dir);
	bank_release(&b);
	diag_release(&d);
	free(root);
	fz_remove(dir);
	return 0;
}
