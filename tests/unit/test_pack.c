/*
 * Unit tests for pack: a PDF written by libharu (through the pdf module)
 * comes out smaller, as PDF 1.5 that qpdf checks clean, with every object
 * either a top-level stream copied as it was or in an object stream with
 * the same text; packing is deterministic; broken input is refused with a
 * message and the buffer left as it was.
 *
 * The checks here read the packed file on their own (xref stream, its
 * predictor, the object streams) rather than trusting pack's view of it.
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
#include <zlib.h>

#include "base/buf.h"
#include "base/diag.h"
#include "guide/fonts.h"
#include "guide/pack.h"
#include "guide/pdf.h"

#define PAGES	30

/* libharu's output, made once for every test. */
static struct buf raw = BUF_INIT;

static void
draw_page(struct pdf *p, int face, int pg)
{
	char line[96];
	struct pdf_seg seg = { 72, line, 0, 0 };

	assert_int_equal(pdf_add_page(p), pg);
	/* Text that looks like a reference ends up in the content stream and,
	 * as a title, in an outline entry: neither may confuse the packer. */
	snprintf(line, sizeof(line), "Page %d \xe2\x80\x94 caf\xc3\xa9, see 4 0 R", pg + 1);
	seg.len = strlen(line);
	pdf_text_line(p, pg, face, 11, 0x202020, 0, 700, &seg, 1);
	pdf_fill_rect(p, pg, 72, 650, 200, 20, 0xeeeeee);
	pdf_line(p, pg, 72, 640, 500, 640, 0x000000, 0.5f);
	pdf_page_done(p, pg);
	pdf_link(p, pg, 72, 690, 200, 14, (pg + 7) % PAGES, 700);
	if (pg % 10 == 0)
		pdf_uri(p, pg, 72, 600, 100, 14, "https://example.org/q?a=(1)&b=5 0 R");
}

static int
make_pdf(void **state)
{
	int index;
	char *font = fonts_find("DejaVu Sans", 0, 0, &index);
	struct pdf *p;
	int face, top = -1;

	(void)state;
	if (font == NULL)
		return -1;
	p = pdf_new(595.276f, 841.89f);
	face = pdf_face(p, font, index);
	for (int pg = 0; face >= 0 && pg < PAGES; pg++) {
		char title[48];

		draw_page(p, face, pg);
		snprintf(title, sizeof(title), "Part %d (3 0 R)", pg / 5 + 1);
		if (pg % 5 == 0)
			top = pdf_outline(p, -1, title, pg, 700, 1);
		pdf_outline(p, top, "A question", pg, 700, 0);
	}
	pdf_page_label(p, 0, 1);
	pdf_page_label(p, 3, 0);
	pdf_info(p, "Packing test", "qbook", "Subject", "pdf, pack", 0, 0, NULL);
	if (face < 0 || pdf_save(p, &raw) < 0) {
		fprintf(stderr, "pdf: %s\n", pdf_error(p) ? pdf_error(p) : "?");
		pdf_free(p);
		free(font);
		return -1;
	}
	pdf_free(p);
	free(font);
	return strncmp(raw.data, "%PDF-1.3\n", 9) == 0 ? 0 : -1;
}

static int
drop_pdf(void **state)
{
	(void)state;
	buf_release(&raw);
	fonts_shutdown();
	return 0;
}

/* --- reading files back -------------------------------------------------------- */

static const char *
find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* The integer after key in the dictionary text d. */
static long
dict_int(const char *d, const char *key)
{
	const char *s = strstr(d, key);

	assert_non_null(s);
	return strtol(s + strlen(key), NULL, 10);
}

static void
inflate_all(const char *p, size_t n, struct buf *out)
{
	z_stream z;
	char chunk[16384];
	int rc;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit(&z), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END);
		buf_add(out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
}

/* A stream object at off: its dictionary (copied, NUL-terminated) and
 * its bytes. */
struct stm {
	char		*dict;
	const char	*data;
	size_t		 len;
};

static void
stream_at(const struct buf *pdf, size_t off, struct stm *st)
{
	const char *o = pdf->data + off, *s = find(o, pdf->len - off, "stream");
	long len;

	assert_non_null(s);
	st->dict = strndup(o, (size_t)(s - o));
	s += s[6] == '\r' ? 8 : 7;
	len = dict_int(st->dict, "/Length ");
	assert_true(len > 0 && (size_t)(s - pdf->data) + (size_t)len < pdf->len);
	st->data = s;
	st->len = (size_t)len;
	assert_memory_equal(s + len, "\nendstream\nendobj\n", 18);
}

struct xr {
	int	 type;
	size_t	 f2, f3;
};

/* The xref stream's entries, the PNG Up predictor undone. */
static struct xr *
read_xref(const struct buf *pdf, size_t *n, char **dict)
{
	const char *t = pdf->data + pdf->len - 40, *sx = find(t, 40, "startxref\n");
	struct buf rows = BUF_INIT;
	struct stm st;
	int w[3];
	struct xr *x;

	assert_non_null(sx);
	stream_at(pdf, (size_t)strtol(sx + 10, NULL, 10), &st);
	inflate_all(st.data, st.len, &rows);
	*dict = st.dict;
	assert_non_null(strstr(*dict, "/Type /XRef"));
	assert_non_null(strstr(*dict, "/Predictor 12"));
	assert_int_equal(sscanf(strstr(*dict, "/W [") + 4, "%d %d %d", &w[0], &w[1], &w[2]), 3);
	*n = (size_t)dict_int(*dict, "/Size ");
	assert_int_equal(rows.len, *n * (size_t)(1 + w[0] + w[1] + w[2]));
	x = calloc(*n, sizeof(*x));
	for (size_t i = 0, at = 0; i < *n; i++) {
		unsigned char *r = (unsigned char *)rows.data + at, *up = r - (1 + w[0] + w[1] + w[2]);
		size_t f[3] = { 0, 0, 0 };

		assert_int_equal(r[0], 2);
		for (int k = 1; k <= w[0] + w[1] + w[2]; k++)
			if (i > 0)
				r[k] = (unsigned char)(r[k] + up[k]);
		for (int c = 0, k = 1; c < 3; c++)
			for (int j = 0; j < w[c]; j++)
				f[c] = f[c] << 8 | r[k++];
		x[i] = (struct xr){ (int)f[0], f[1], f[2] };
		at += (size_t)(1 + w[0] + w[1] + w[2]);
	}
	buf_release(&rows);
	return x;
}

/* Where object num starts in libharu's file (its xref table). */
static const char *
raw_obj(size_t num)
{
	const char *x = raw.data + strtol(find(raw.data + raw.len - 40, 40, "startxref\n") + 10, NULL, 10);
	const char *o;
	char head[32];

	o = raw.data + strtol(x + 5 + strcspn(x + 5, "\n") + 1 + 20 * num, NULL, 10);
	snprintf(head, sizeof(head), "%zu 0 obj\n", num);
	assert_memory_equal(o, head, strlen(head));
	return o + strlen(head);
}

/* The value of a plain object there, up to "\nendobj". */
static const char *
raw_value(size_t num, size_t *len)
{
	const char *o = raw_obj(num), *e = find(o, raw.len - (size_t)(o - raw.data), "\nendobj\n");

	assert_non_null(e);
	*len = (size_t)(e - o);
	return o;
}

/* Every "N 0 R" in s names an object the xref stream has in use. */
static void
refs_resolve(const char *s, size_t n, const struct xr *x, size_t nx)
{
	for (size_t i = 0; i + 4 < n; i++) {
		char *end;
		long num;

		if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && strchr(" [\n", s[i - 1]) == NULL))
			continue;
		num = strtol(s + i, &end, 10);
		if (strncmp(end, " 0 R", 4) == 0) {
			assert_true(num > 0 && (size_t)num < nx);
			assert_int_not_equal(x[num].type, 0);
		}
		i = (size_t)(end - s);
	}
}

/* What check_packed knows while it reads a packed file. */
struct chk {
	const struct buf *pdf;
	struct xr	*x;
	size_t		 nx;
	int		 strict;	/* made from raw as it is: same texts, expected counts */
	size_t		 stored;	/* objects in object streams */
	size_t		 copied;	/* libharu's streams */
};

/* One object stream: its objects are where the xref stream says and, from
 * raw, each has the text libharu wrote. */
static void
check_objstm(struct chk *c, const struct stm *st, size_t num)
{
	struct buf d = BUF_INIT;
	long count = dict_int(st->dict, "/N "), first = dict_int(st->dict, "/First ");
	long *pair = calloc((size_t)count * 2 + 2, sizeof(long));
	char *h;

	inflate_all(st->data, st->len, &d);
	h = d.data;
	for (long k = 0; k < 2 * count; k++)
		pair[k] = strtol(h, &h, 10);
	assert_int_equal(h - d.data, first - 1);
	pair[2 * count + 1] = (long)d.len - first + 1;	/* as if one more followed */
	for (long k = 0; k < count; k++) {
		size_t rlen, obj = (size_t)pair[2 * k];
		/* Values are separated by one line end. */
		size_t len = (size_t)(pair[2 * k + 3] - pair[2 * k + 1] - 1);
		const char *rv;

		assert_true(obj < c->nx && pair[2 * k + 1] <= pair[2 * k + 3] - 1);
		assert_int_equal(c->x[obj].type, 2);
		assert_int_equal(c->x[obj].f2, num);
		assert_int_equal(c->x[obj].f3, (size_t)k);
		if (!c->strict)
			continue;
		rv = raw_value(obj, &rlen);
		assert_int_equal(len, rlen);
		assert_memory_equal(d.data + first + pair[2 * k + 1], rv, rlen);
		refs_resolve(rv, rlen, c->x, c->nx);
	}
	c->stored += (size_t)count;
	free(pair);
	buf_release(&d);
}

/* A stream of libharu's: the same dictionary but for a direct /Length,
 * and the same bytes. */
static void
check_copied(const struct stm *st, size_t num)
{
	const char *r = raw_obj(num), *rs = find(r, raw.len - (size_t)(r - raw.data), ">>\nstream\r\n");
	const char *d = strchr(st->dict, '\n') + 1, *rl = strstr(d, "/Length "), *rafter;

	assert_non_null(rs);
	assert_non_null(rl);
	assert_memory_equal(d, "<<\n/Length ", 11);
	assert_null(strstr(st->dict, " 0 R"));
	/* From the line after /Length to ">>", the dictionaries agree. */
	rafter = strchr(r + 11, '\n');
	assert_int_equal((size_t)(rs - rafter), strlen(strchr(rl, '\n')) - strlen(">>\n"));
	assert_memory_equal(rafter, strchr(rl, '\n'), (size_t)(rs - rafter));
	assert_memory_equal(rs + 11, st->data, st->len);
	assert_memory_equal(rs + 11 + st->len, "\nendstream", 10);
}

/* A top-level object: "num 0 obj" at its offset, and a stream. */
static void
check_toplevel(struct chk *c, size_t num)
{
	char head[32];
	struct stm st;

	snprintf(head, sizeof(head), "%zu 0 obj\n", num);
	assert_true(c->x[num].f2 < c->pdf->len);
	assert_memory_equal(c->pdf->data + c->x[num].f2, head, strlen(head));
	stream_at(c->pdf, c->x[num].f2, &st);
	if (strstr(st.dict, "/Type /ObjStm") != NULL)
		check_objstm(c, &st, num);
	else if (strstr(st.dict, "/Type /XRef") == NULL) {
		if (c->strict)
			check_copied(&st, num);
		c->copied++;
	}
	free(st.dict);
}

/* strict: pdf was packed from raw as it is. */
static void
check_packed(const struct buf *pdf, int strict)
{
	struct chk c = { pdf, NULL, 0, strict, 0, 0 };
	size_t nfree = 0;
	char *dict;

	c.x = read_xref(pdf, &c.nx, &dict);
	assert_memory_equal(pdf->data, "%PDF-1.", 7);
	for (int i = 10; i < 14; i++)
		assert_true((unsigned char)pdf->data[i] >= 0x80);
	assert_memory_equal(pdf->data + pdf->len - 6, "%%EOF\n", 6);
	assert_non_null(strstr(dict, "/ID [ <"));
	assert_int_equal(c.x[0].type, 0);
	for (size_t i = 1; i < c.nx; i++) {
		assert_true(c.x[i].type >= 0 && c.x[i].type <= 2);
		if (c.x[i].type == 1)
			check_toplevel(&c, i);
		nfree += c.x[i].type == 0;
		c.stored -= c.x[i].type == 2;	/* each is in exactly one stream */
	}
	assert_int_equal(c.stored, 0);
	/* The free entries form one list from entry 0 back to 0, through
	 * free entries only. */
	for (size_t i = c.x[0].f2, seen = 0; i != 0; i = c.x[i].f2, seen++) {
		assert_true(i < c.nx && seen < nfree);
		assert_int_equal(c.x[i].type, 0);
	}
	if (strict) {
		assert_memory_equal(pdf->data, "%PDF-1.5\n%", 10);
		assert_non_null(strstr(dict, "/Root 1 0 R"));
		refs_resolve(dict, strlen(dict), c.x, c.nx);
		/* Most objects went into object streams; each copied
		 * stream's length object is now a free entry. */
		assert_true(c.copied > PAGES && c.nx - nfree > 2 * c.copied);
		assert_true(nfree >= c.copied);
	}
	free(c.x);
	free(dict);
}

static void
qpdf_check(const struct buf *pdf)
{
	char path[] = "/tmp/qbook-pack-XXXXXX", cmd[96];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	/* 0 only when clean: warnings exit with 3. */
	snprintf(cmd, sizeof(cmd), "qpdf --check %s >/dev/null 2>&1", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

/* --- the tests ------------------------------------------------------------------- */

static void
copy_raw(struct buf *b)
{
	buf_init(b);
	buf_add(b, raw.data, raw.len);
}

/* pack_pdf with what it reports in *err (malloc'd; empty when nothing). */
static int
pack(struct buf *b, char **err)
{
	size_t n = 0;
	FILE *fp = open_memstream(err, &n);
	int rc;

	assert_non_null(fp);
	diag_to(fp);
	rc = pack_pdf(b, "test.pdf");
	diag_to(NULL);
	fclose(fp);
	if (n == 0) {
		free(*err);
		*err = NULL;
	}
	return rc;
}

/* raw, packed. */
static void
packed_copy(struct buf *b)
{
	char *err = NULL;

	copy_raw(b);
	assert_int_equal(pack(b, &err), 0);
	assert_null(err);
}

static void
pack_makes_a_smaller_valid_pdf(void **state)
{
	struct buf b;

	(void)state;
	packed_copy(&b);
	assert_true(b.len < raw.len * 3 / 4);
	check_packed(&b, 1);
	qpdf_check(&b);
	buf_release(&b);
}

static void
pack_is_deterministic(void **state)
{
	struct buf a, b;

	(void)state;
	packed_copy(&a);
	packed_copy(&b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_release(&a);
	buf_release(&b);
}

/* Object streams need PDF 1.5; a file declaring a later version keeps it. */
static void
pack_never_lowers_the_version(void **state)
{
	struct buf b;
	char *err = NULL;

	(void)state;
	copy_raw(&b);
	b.data[7] = '7';
	assert_int_equal(pack(&b, &err), 0);
	assert_memory_equal(b.data, "%PDF-1.7\n", 9);
	free(err);
	buf_release(&b);
}

/* pack must fail with a message mentioning what, leaving b untouched. */
static void
refused(struct buf *b, const char *what)
{
	struct buf before = BUF_INIT;
	char *err = NULL;

	buf_add(&before, b->data, b->len);
	assert_int_equal(pack(b, &err), -1);
	assert_non_null(err);
	if (strstr(err, what) == NULL)
		fail_msg("error \"%s\" does not mention \"%s\"", err, what);
	assert_int_equal(b->len, before.len);
	assert_memory_equal(b->data, before.data, b->len);
	free(err);
	buf_release(&before);
	buf_release(b);
}

/* Where libharu's xref entry for object num starts. */
static char *
entry(struct buf *b, int num)
{
	char *x = b->data + strtol(find(b->data + b->len - 40, 40, "startxref\n") + 10, NULL, 10);

	return x + 5 + strcspn(x + 5, "\n") + 1 + 20 * num;
}

/* libharu's table "0 N" split before entry k into "0 k" and "first
 * N-k": first == k lists the same objects; another first makes one
 * number appear twice and one not at all. */
static void
split_table(struct buf *out, size_t k, size_t first)
{
	struct buf b;
	char *hdr, *e, line[48];
	size_t n;

	copy_raw(&b);
	e = entry(&b, 0);
	for (hdr = e - 1; hdr[-1] != '\n'; hdr--)
		;
	n = (size_t)strtol(strchr(hdr, ' ') + 1, NULL, 10);
	buf_init(out);
	buf_add(out, b.data, (size_t)(hdr - b.data));
	snprintf(line, sizeof(line), "0 %zu\n", k);
	buf_adds(out, line);
	buf_add(out, e, 20 * k);
	snprintf(line, sizeof(line), "%zu %zu\n", first, n - k);
	buf_adds(out, line);
	buf_add(out, e + 20 * k, b.len - (size_t)(e + 20 * k - b.data));
	buf_release(&b);
}

static void
pack_reads_subsections(void **state)
{
	struct buf a, b;
	char *err = NULL;

	(void)state;
	packed_copy(&a);
	split_table(&b, 40, 40);
	assert_int_equal(pack(&b, &err), 0);
	/* The output depends on the objects only. */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_release(&a);
	buf_release(&b);
	split_table(&b, 40, 39);
	refused(&b, "two xref entries for object 39");
}

static void
pack_refuses_broken_files(void **state)
{
	struct buf b, before;
	char *e, *o, num[10];

	(void)state;
	copy_raw(&b);
	buf_truncate(&b, b.len / 2);
	refused(&b, "no startxref");

	copy_raw(&b);
	buf_truncate(&b, b.len - 6);	/* no %%EOF */
	refused(&b, "%%EOF");

	copy_raw(&b);
	e = (char *)find(b.data + b.len - 40, 40, "startxref\n") + 10;
	e[0] = e[0] == '1' ? '2' : '1';
	refused(&b, "does not point at an xref table");

	/* A subsection claiming more entries than the table holds. */
	copy_raw(&b);
	e = entry(&b, 0) - 1;
	while (e[-1] != ' ')
		e--;
	buf_init(&before);
	buf_add(&before, b.data, (size_t)(e - b.data));
	buf_adds(&before, "9");
	buf_add(&before, e, b.len - (size_t)(e - b.data));
	buf_release(&b);
	refused(&before, "runs past the table");

	copy_raw(&b);
	entry(&b, 2)[17] = 'x';
	refused(&b, "malformed xref entry for object 2");

	copy_raw(&b);
	memcpy(entry(&b, 5), "9999999999", 10);
	refused(&b, "outside the objects");

	copy_raw(&b);
	memcpy(entry(&b, 5), entry(&b, 4), 10);
	refused(&b, "share offset");

	copy_raw(&b);	/* objects 4 and 5 swap places */
	memcpy(num, entry(&b, 4), 10);
	memcpy(entry(&b, 4), entry(&b, 5), 10);
	memcpy(entry(&b, 5), num, 10);
	refused(&b, "does not hold \"4 0 obj\"");

	copy_raw(&b);
	o = b.data + strtol(entry(&b, 3), NULL, 10);
	o = (char *)find(o, b.len, "endobj");
	o[5] = 'x';
	refused(&b, "object 3 (offset");

	/* A length object one off: the data no longer ends at endstream. */
	copy_raw(&b);
	o = b.data + strtol(entry(&b, 6), NULL, 10) + 8;
	assert_memory_equal(o - 8, "6 0 obj\n", 8);
	o[0] = (char)(o[0] - 1);
	refused(&b, "does not end at endstream");
	copy_raw(&b);
	o = b.data + strtol(entry(&b, 6), NULL, 10) + 8;
	o[0] = '9';
	o[1] = '9';
	refused(&b, "runs past endstream");

	copy_raw(&b);
	o = (char *)find(b.data + b.len - 200, 200, "/Size ");
	o[6] = '9';
	refused(&b, "/Size");

	buf_init(&b);
	refused(&b, "header");
}

/* A packed file is PDF 1.5 with an xref stream, which is not libharu's
 * shape: refused as well. */
static void
pack_refuses_its_own_output(void **state)
{
	struct buf b;

	(void)state;
	packed_copy(&b);
	refused(&b, "xref table");
}

/* Seeded single-byte changes, half of them in the xref table and
 * trailer: each input is packed or refused cleanly (the sanitizer build
 * checks the reads), and a packed one is consistent in itself. */
static void
pack_survives_mutations(void **state)
{
	size_t xref = (size_t)strtol(find(raw.data + raw.len - 40, 40, "startxref\n") + 10, NULL, 10);
	unsigned seed = 12345;

	(void)state;
	for (int i = 0; i < 400; i++) {
		struct buf b, before = BUF_INIT;
		char *err = NULL;
		size_t at;

		seed = seed * 1103515245u + 12345u;
		/* Half in the xref table and trailer, half anywhere. */
		at = i % 2 ? xref + (seed >> 8) % (raw.len - xref) : (seed >> 8) % raw.len;
		copy_raw(&b);
		b.data[at] = "0 \n\r9Rnf<>/e"[(seed >> 4) % 12];
		buf_add(&before, b.data, b.len);
		if (pack(&b, &err) == 0) {
			check_packed(&b, 0);
		} else {
			assert_non_null(err);
			assert_memory_equal(b.data, before.data, b.len);
		}
		free(err);
		buf_release(&b);
		buf_release(&before);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pack_makes_a_smaller_valid_pdf),
		cmocka_unit_test(pack_is_deterministic),
		cmocka_unit_test(pack_never_lowers_the_version),
		cmocka_unit_test(pack_reads_subsections),
		cmocka_unit_test(pack_refuses_broken_files),
		cmocka_unit_test(pack_refuses_its_own_output),
		cmocka_unit_test(pack_survives_mutations),
	};

	return cmocka_run_group_tests(tests, make_pdf, drop_pdf);
}
