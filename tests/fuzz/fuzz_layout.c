/*
 * fuzz_layout: arbitrary Markdown laid out for the PDF guide.
 *
 * The input is a question body: parsed, split into its parts, each part
 * laid out as the guide lays out notes (lay_markdown, in the default look
 * with the default fonts) and the flow cut into pages, in one column for
 * inputs of even length and two for odd ones (the cross-index's layout).
 * A fresh PDF and font set per input: measuring embeds glyphs, and one
 * input must not change what the next one sees.  The characters no font
 * had must come out once each, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/md.h"
#include "fuzz.h"
#include "guide/guide.h"
#include "guide/layout.h"
#include "guide/pdf.h"
#include "guide/typeset.h"

static struct pdfstyle style;

/* q:known resolves (a link op is made); every other id does not. */
static int
qanchor(void *ctx, const char *id, char *num, size_t size)
{
	(void)ctx;
	snprintf(num, size, "1.1");
	return strcmp(id, "known") == 0 ? 0 : -1;
}

void
fz_setup(void)
{
	guide_style_default(&style, "a4");
}

static void
lay_pages(struct layout *L, int ncols)
{
	float gap = 20, w = style.page_w - style.left - style.right;
	struct lpage *pages = NULL;
	size_t n = 0, cap = 0;

	lay_paginate(L, 0, L->n, ncols, (w - gap * (float)(ncols - 1)) / (float)ncols, gap,
	    &pages, &n, &cap);
	for (size_t i = 0; i < n; i++) {
		struct op *ops;
		size_t nops;

		/* What drawing the page would see. */
		lpage_ops(L, &pages[i], &ops, &nops);
		free(ops);
		lpage_free(&pages[i]);
	}
	free(pages);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct md_section sec[MD_NPARTS];
	struct layout L;
	struct md_doc *doc;
	struct pdf *pdf = pdf_new(style.page_w, style.page_h);
	float w = style.page_w - style.left - style.right;

	memset(&L, 0, sizeof(L));
	L.a = &a;
	L.st = &style;
	L.qanchor = qanchor;
	L.fs = fontset_new(pdf, &style.fam);
	if (L.fs == NULL)
		abort();	/* the default fonts are installed with qbook (the reason is printed) */
	doc = md_parse((const char *)data, size, 0);
	md_split(doc, sec);
	for (int part = 0; part < MD_NPARTS; part++)
		lay_markdown(&L, md_tree(doc, (enum md_part)part, &a), style.left, w);
	if (L.n > 0)
		lay_pages(&L, 1 + (int)(size % 2));
	{
		/* Characters no font has: each recorded once. */
		size_t n;
		struct miss *m = fontset_misses(L.fs, &n);

		for (size_t i = 1; i < n; i++)
			if (m[i - 1].cp >= m[i].cp)
				abort();
		free(m);
	}
	md_free(doc);
	free(L.v);
	fontset_free(L.fs);
	pdf_free(pdf);
	arena_release(&a);
	return 0;
}
