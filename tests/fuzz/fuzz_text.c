/*
 * fuzz_text: characters from every Unicode plane through the typesetter.
 *
 * The input is read three bytes at a time as code points (the low 21 bits:
 * any of the 17 planes, surrogates and code points past U+10FFFF too),
 * written as UTF-8 the way an encoder that checks nothing would, so that
 * invalid sequences come through as well, and cut into spans at every
 * seventh character, the roles taking turns (body, bold, italic, sans,
 * monospace code).  The spans are set as one paragraph (Knuth-Plass line
 * breaking, UAX #14 opportunities, hyphenation) in a narrow measure and in
 * a normal one, with the default fonts, which lack most of these
 * characters, so every character goes through the fallback search.  A
 * fresh PDF and font set per input.  The characters no font had must come
 * out once each, in order; no character may be dropped from the text but
 * those the typesetter drops on purpose.  The lines are then drawn and the
 * PDF saved: shaping, codes, /ActualText, subsets and CMaps of every face
 * the text took, which must all succeed.  replay.c's per-input alarm makes
 * a hang a finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "fuzz.h"
#include "guide/guide.h"
#include "guide/layout.h"
#include "guide/pdf.h"
#include "guide/typeset.h"

static struct pdfstyle style;

void
fz_setup(void)
{
	guide_style_default(&style, "a4");
}

/* cp as UTF-8 without any check (4 bytes at most: 21 bits). */
static void
put_raw(struct buf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18 & 0x07));
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_add(b, u, n);
}

static void
set(struct layout *L, const struct span *sp, size_t n, float width)
{
	struct pstyle ps = { width, 0, 0, 1 };

	lay_spans(L, sp, n, &ps, style.left, style.leading, 0);
}

/* Every text op laid out so far, drawn on one page; then the PDF saved. */
static void
draw_and_save(struct layout *L, struct pdf *pdf)
{
	int pg = pdf_add_page(pdf);
	struct buf out = BUF_INIT;

	for (size_t i = 0; i < L->n; i++)
		for (size_t k = 0; k < L->v[i].nops; k++) {
			const struct op *o = &L->v[i].ops[k];
			struct pdf_seg seg = { o->x, o->s, o->len, 0 };

			if (o->kind == OP_TEXT && o->face >= 0 && o->len > 0)
				pdf_text_line(pdf, pg, o->face, o->size, o->color, o->lw, 400,
				    &seg, 1);
		}
	pdf_page_done(pdf, pg);
	if (pdf_save(pdf, &out) != 0) {
		fprintf(stderr, "pdf_save: %s\n", pdf_error(pdf));
		abort();
	}
	buf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int roles[] = { R_BODY, R_BOLD, R_ITALIC, R_SANS, R_MONO };
	struct arena a = ARENA_INIT;
	struct layout L;
	struct pdf *pdf = pdf_new(style.page_w, style.page_h);
	struct buf text = BUF_INIT;
	struct span *sp = NULL;
	size_t n = 0, cap = 0, *cut = NULL, ncut = 0, cutcap = 0;

	memset(&L, 0, sizeof(L));
	L.a = &a;
	L.st = &style;
	L.fs = fontset_new(pdf, &style.fam);
	if (L.fs == NULL)
		abort();	/* the default fonts are installed with qbook */
	for (size_t i = 0; i + 3 <= size && i < 3 * 4096; i += 3) {
		uint32_t cp = ((uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
		    (uint32_t)data[i + 2] << 16) & 0x1FFFFF;

		put_raw(&text, cp);
		if ((i / 3) % 7 == 6) {
			GROW(cut, cutcap, ncut + 1);
			cut[ncut++] = text.len;
		}
	}
	GROW(cut, cutcap, ncut + 1);
	cut[ncut++] = text.len;
	for (size_t k = 0, from = 0; k < ncut; k++) {
		struct span *s;

		if (cut[k] == from)
			continue;
		GROW(sp, cap, n + 1);
		s = &sp[n++];
		memset(s, 0, sizeof(*s));
		s->role = roles[k % 5];
		s->size = style.size;
		s->color = style.text;
		s->target = -1;
		s->code = s->role == R_MONO;
		s->text = text.data + from;
		s->len = cut[k] - from;
		from = cut[k];
	}
	if (n > 0) {
		set(&L, sp, n, 40);
		set(&L, sp, n, style.page_w - style.left - style.right);
	}
	{
		size_t nm;
		struct miss *m = fontset_misses(L.fs, &nm);

		for (size_t i = 1; i < nm; i++)
			if (m[i - 1].cp >= m[i].cp)
				abort();
		free(m);
	}
	draw_and_save(&L, pdf);
	free(sp);
	free(cut);
	buf_release(&text);
	free(L.v);
	fontset_free(L.fs);
	pdf_free(pdf);
	arena_release(&a);
	return 0;
}
