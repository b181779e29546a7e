/*
 * pack: libharu's PDF 1.3 output rewritten with object streams (PDF 1.5).
 *
 * libharu writes one regular shape, and this module relies on it instead of
 * parsing PDF in general:
 *
 *	%PDF-1.3, a binary comment line
 *	N 0 obj\n VALUE \nendobj\n			(one after the other)
 *	N 0 obj\n<<\n/Length M 0 R\n...>>\nstream\r\n BYTES \nendstream\nendobj\n
 *	M 0 obj\n LENGTH \nendobj\n
 *	xref, subsections of 20-byte entries, trailer << /Root /Info /Size >>,
 *	startxref, %%EOF
 *
 * Objects are found through the xref table; each one spans from its offset
 * to the next object's (or the table).  Every assumption is checked but
 * the two pack.h marks, and anything else is refused with a message,
 * never guessed at.
 *
 * Output: the streams stay top-level objects, byte for byte, with their
 * /Length made direct; every other object still reachable from /Root or
 * /Info goes into Flate-compressed object streams; the rest (the length
 * objects, and font objects libharu writes but never uses) become free
 * entries.  Object numbers are kept, so no object's text changes.  A
 * compressed cross-reference stream ends the file.
 */
#include "guide/pack.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* next_in is then a pointer to const. */
#define ZLIB_CONST
#include <zlib.h>
/* Only the version: pack.c reads libharu's files, not its structures. */
#include <hpdf_version.h>

#include "base/diag.h"
#include "base/mem.h"

/* pack.c relies on the exact shape of the files libharu 2.3.0 writes
 * (listed in pack.h): another version must not build until it has been
 * checked again. */
#if !defined(HPDF_MAJOR_VERSION) || !defined(HPDF_MINOR_VERSION) || \
    !defined(HPDF_BUGFIX_VERSION)
#error "qbook needs libharu 2.3.0 (Debian libhpdf-dev 2.3.0), but hpdf_version.h gives no version: pack.c relies on the shape of the files 2.3.0 writes (see pack.h)"
#elif HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#error "qbook needs libharu 2.3.0 exactly (Debian libhpdf-dev 2.3.0), and hpdf_version.h names another (see HPDF_VERSION_TEXT there): pack.c relies on the shape of the files 2.3.0 writes (see pack.h)"
#endif

/* Objects per object stream.  Larger streams compress a little better;
 * a reader inflates a whole stream to reach one object, so the gain
 * stops being worth it past a few hundred. */
#define OBJSTM_MAX	200
/* How far from the end "startxref" may sit. */
#define TAIL_WINDOW	1024
/* No offset or object number of ours comes near this; it keeps every
 * sum below overflow. */
#define NUM_MAX		((size_t)1 << (sizeof(size_t) > 4 ? 40 : 30))

enum kind { K_FREE, K_PLAIN, K_STREAM };

struct obj {
	size_t	 off;		/* "N 0 obj" in the input */
	size_t	 end;		/* one past its "endobj" line */
	size_t	 val, valend;	/* the value (a stream's runs to "endstream") */
	size_t	 lenat, lenend;	/* stream: its /Length value, "6 0 R" or "293" */
	size_t	 dictend;	/* stream: one past the dictionary's ">>" */
	size_t	 data;		/* stream: its first byte */
	size_t	 length;	/* stream: its byte count */
	unsigned char kind;
	unsigned char keep;	/* reachable from /Root or /Info */
};

/* One cross-reference stream entry: type 0 (free), 1 (offset), 2 (in an
 * object stream). */
struct xent {
	size_t	 f2;
	unsigned f3;
	unsigned char type;
};

struct pack {
	const char *in;
	size_t	 len;
	size_t	 tail;		/* where "startxref" is */
	size_t	 xref;		/* where "xref" is */
	size_t	 size;		/* the trailer's /Size */
	size_t	 root, info;	/* object numbers (info 0: none) */
	struct obj *o;		/* size entries */
	struct xent *x;		/* the output's entries */
	size_t	 nx;
	struct buf out;
	struct buf hdr, body;	/* the object stream being filled */
	size_t	 nbatch;
	size_t	 next_num;	/* the next object stream's number */
	struct buf z;		/* compressed bytes */
	z_stream zs;
	int	 zs_ready;
	char	*err;
};

static int
fail(struct pack *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
fail(struct pack *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (p->err != NULL)
		return -1;
	buf_adds(&b, "packing the PDF: ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->err = buf_detach(&b, NULL);
	return -1;
}

/* --- lexical helpers --------------------------------------------------------- */

static int
is_ws(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Delimiters and white space end a token. */
static int
ends_token(int c)
{
	return is_ws(c) || strchr("()<>[]{}/%", c) != NULL;
}

static size_t
skip_ws(const struct pack *p, size_t at, size_t end)
{
	while (at < end && is_ws((unsigned char)p->in[at]))
		at++;
	return at;
}

/* Does s (NUL-terminated) appear at in[at..end)? */
static int
looking_at(const struct pack *p, size_t at, size_t end, const char *s)
{
	size_t n = strlen(s);

	return at <= end && end - at >= n && memcmp(p->in + at, s, n) == 0;
}

/* Reads a decimal integer at *at; returns -1 if there is none or it is
 * out of range. */
static int
read_uint(const struct pack *p, size_t *at, size_t end, size_t *v)
{
	size_t i = *at, n = 0;

	if (i >= end || !is_digit((unsigned char)p->in[i]))
		return -1;
	while (i < end && is_digit((unsigned char)p->in[i])) {
		n = n * 10 + (size_t)(p->in[i++] - '0');
		if (n >= NUM_MAX)
			return -1;
	}
	*at = i;
	*v = n;
	return 0;
}

/* Reads "N G R" at *at (leading white space allowed). */
static int
read_ref(const struct pack *p, size_t *at, size_t end, size_t *num)
{
	size_t i = skip_ws(p, *at, end), gen;

	if (read_uint(p, &i, end, num) < 0 || i >= end || !is_ws((unsigned char)p->in[i]))
		return -1;
	i = skip_ws(p, i, end);
	if (read_uint(p, &i, end, &gen) < 0 || gen != 0 || i >= end || !is_ws((unsigned char)p->in[i]))
		return -1;
	i = skip_ws(p, i, end);
	if (i >= end || p->in[i] != 'R' || (i + 1 < end && !ends_token((unsigned char)p->in[i + 1])))
		return -1;
	*at = i + 1;
	return 0;
}

/* The first needle[0..n) in in[from..to), or NULL (memmem is a GNU
 * extension). */
static const char *
find_bytes(const struct pack *p, size_t from, size_t to, const char *needle, size_t n)
{
	const char *s = p->in + from, *end = p->in + to;

	while (n > 0 && (size_t)(end - s) >= n && (s = memchr(s, needle[0], (size_t)(end - s) - n + 1)) != NULL) {
		if (memcmp(s, needle, n) == 0)
			return s;
		s++;
	}
	return NULL;
}

/* The first "/key" (as a whole name) in in[from..to); returns the offset
 * just past it, or 0. */
static size_t
find_key(const struct pack *p, size_t from, size_t to, const char *key)
{
	size_t n = strlen(key);
	const char *s;

	while (from < to && (s = find_bytes(p, from, to, key, n)) != NULL) {
		size_t at = (size_t)(s - p->in) + n;

		if (at >= to || ends_token((unsigned char)p->in[at]))
			return at;
		from = at;
	}
	return 0;
}

/* --- the end of the file: startxref, the xref table, the trailer ------------ */

static int
read_tail(struct pack *p)
{
	size_t lo = p->len > TAIL_WINDOW ? p->len - TAIL_WINDOW : 0;
	size_t at = p->len, i;

	if (p->len < 16 || memcmp(p->in, "%PDF-1.", 7) != 0 || !is_digit((unsigned char)p->in[7]))
		return fail(p, "no %%PDF-1.x header");
	while (at > lo && !looking_at(p, at - 1, p->len, "startxref"))
		at--;
	if (at == lo)
		return fail(p, "no startxref in the last %d bytes", TAIL_WINDOW);
	p->tail = at - 1;
	i = skip_ws(p, p->tail + 9, p->len);
	if (read_uint(p, &i, p->len, &p->xref) < 0)
		return fail(p, "startxref is not followed by an offset");
	i = skip_ws(p, i, p->len);
	if (!looking_at(p, i, p->len, "%%EOF") || skip_ws(p, i + 5, p->len) != p->len)
		return fail(p, "startxref's offset is not followed by %%%%EOF and the end");
	if (p->xref < 16 || p->xref >= p->tail || !looking_at(p, p->xref, p->tail, "xref"))
		return fail(p, "startxref %zu does not point at an xref table", p->xref);
	return 0;
}

/* One 20-byte entry: 10-digit offset, 5-digit generation, n or f, a
 * two-byte end of line. */
static int
read_entry(struct pack *p, size_t at, size_t num)
{
	const char *e = p->in + at;
	size_t off = 0, gen = 0;

	for (int i = 0; i < 10; i++)
		off = is_digit((unsigned char)e[i]) ? off * 10 + (size_t)(e[i] - '0') : NUM_MAX;
	for (int i = 11; i < 16; i++)
		gen = is_digit((unsigned char)e[i]) ? gen * 10 + (size_t)(e[i] - '0') : NUM_MAX;
	if (e[10] != ' ' || e[16] != ' ' || off >= NUM_MAX || gen >= NUM_MAX ||
	    (e[17] != 'n' && e[17] != 'f') ||
	    !(memcmp(e + 18, " \n", 2) == 0 || memcmp(e + 18, " \r", 2) == 0 ||
	      memcmp(e + 18, "\r\n", 2) == 0))
		return fail(p, "malformed xref entry for object %zu at offset %zu", num, at);
	if (num >= p->size)
		return fail(p, "xref entry for object %zu is beyond /Size %zu", num, p->size);
	if (p->o[num].kind != K_FREE || p->o[num].off != 0)
		return fail(p, "two xref entries for object %zu", num);
	if (e[17] == 'f') {
		p->o[num].off = 1;	/* seen, free */
		return 0;
	}
	if (num == 0 || gen != 0)
		return fail(p, "xref entry for object %zu is in use with generation %zu", num, gen);
	if (off < 9 || off >= p->xref)
		return fail(p, "xref offset %zu of object %zu is outside the objects", off, num);
	p->o[num].off = off;
	p->o[num].kind = K_PLAIN;	/* in use; read_object says which kind */
	return 0;
}

/* Walks the table's subsections; with fill, records the entries (after
 * /Size is known).  Returns where "trailer" is, or 0. */
static size_t
walk_xref(struct pack *p, int fill, size_t *count)
{
	size_t at = skip_ws(p, p->xref + 4, p->tail), first, n;

	*count = 0;
	while (!looking_at(p, at, p->tail, "trailer")) {
		if (read_uint(p, &at, p->tail, &first) < 0 || !looking_at(p, at, p->tail, " ") ||
		    (at++, read_uint(p, &at, p->tail, &n) < 0))
			return fail(p, "malformed xref subsection header at offset %zu", at), 0;
		at = skip_ws(p, at, p->tail);
		if (n > (p->tail - at) / 20)
			return fail(p, "xref subsection at offset %zu runs past the table", at), 0;
		for (size_t i = 0; fill && i < n; i++)
			if (read_entry(p, at + 20 * i, first + i) < 0)
				return 0;
		at += 20 * n;
		*count += n;
	}
	return at;
}

static int
read_trailer(struct pack *p, size_t at)
{
	size_t end = p->tail, k;

	at = skip_ws(p, at + 7, end);
	if (!looking_at(p, at, end, "<<"))
		return fail(p, "no dictionary after trailer");
	if (find_key(p, at, end, "/Prev") || find_key(p, at, end, "/Encrypt") ||
	    find_key(p, at, end, "/XRefStm"))
		return fail(p, "the trailer has /Prev, /Encrypt or /XRefStm, which libharu never writes");
	if ((k = find_key(p, at, end, "/Size")) == 0 ||
	    (k = skip_ws(p, k, end), read_uint(p, &k, end, &p->size) < 0) || p->size < 2)
		return fail(p, "the trailer has no usable /Size");
	if ((k = find_key(p, at, end, "/Root")) == 0 || read_ref(p, &k, end, &p->root) < 0)
		return fail(p, "the trailer has no /Root reference");
	p->info = 0;
	if ((k = find_key(p, at, end, "/Info")) != 0 && read_ref(p, &k, end, &p->info) < 0)
		return fail(p, "the trailer's /Info is not a reference");
	return 0;
}

static int
read_xref(struct pack *p)
{
	size_t trailer, count;

	if ((trailer = walk_xref(p, 0, &count)) == 0 || read_trailer(p, trailer) < 0)
		return -1;
	/* Every number below /Size has exactly one entry, which bounds the
	 * allocation by the file's length. */
	if (count != p->size)
		return fail(p, "the xref table lists %zu entries, /Size is %zu", count, p->size);
	p->o = xcalloc(p->size, sizeof(*p->o));
	if (walk_xref(p, 1, &count) == 0)
		return -1;
	for (size_t i = 0; i < p->size; i++)
		if (p->o[i].kind == K_FREE)
			p->o[i].off = 0;
	if (p->root >= p->size || p->o[p->root].kind == K_FREE ||
	    (p->info != 0 && (p->info >= p->size || p->o[p->info].kind == K_FREE)))
		return fail(p, "/Root or /Info names an object that is not in use");
	return 0;
}

/* --- the objects ----------------------------------------------------------------- */

struct place {
	size_t	 off, num;
};

static int
by_offset(const void *a, const void *b)
{
	size_t x = ((const struct place *)a)->off, y = ((const struct place *)b)->off;

	return x < y ? -1 : x > y;
}

/* Each object runs from its offset to the next one's; the last to the
 * xref table.  libharu writes them in number order, so sorting is
 * usually skipped. */
static int
find_extents(struct pack *p)
{
	struct place *pl = xmalloc(sizeof(*pl) * p->size);
	size_t n = 0;
	int sorted = 1;

	for (size_t i = 0; i < p->size; i++)
		if (p->o[i].kind != K_FREE) {
			if (n > 0 && pl[n - 1].off >= p->o[i].off)
				sorted = 0;
			pl[n++] = (struct place){ p->o[i].off, i };
		}
	if (!sorted)
		qsort(pl, n, sizeof(*pl), by_offset);
	for (size_t k = 0; k < n; k++) {
		struct obj *o = &p->o[pl[k].num];

		o->end = k + 1 < n ? pl[k + 1].off : p->xref;
		if (o->end == o->off) {
			fail(p, "objects %zu and %zu share offset %zu", pl[k].num, pl[k + 1].num, o->off);
			free(pl);
			return -1;
		}
	}
	free(pl);
	return 0;
}

/* "N 0 obj" and a line end at the object's offset. */
static int
read_header(struct pack *p, size_t num)
{
	struct obj *o = &p->o[num];
	size_t at = o->off, n;

	if (read_uint(p, &at, o->end, &n) < 0 || n != num || !looking_at(p, at, o->end, " 0 obj") ||
	    (at += 6, at >= o->end) || !is_ws((unsigned char)p->in[at]))
		return fail(p, "xref offset %zu of object %zu does not hold \"%zu 0 obj\"", o->off, num, num);
	o->val = skip_ws(p, at, o->end);
	return 0;
}

/* "endobj" and white space end the span; the value ends before them. */
static int
read_footer(struct pack *p, size_t num)
{
	struct obj *o = &p->o[num];
	size_t e = o->end;

	while (e > o->val && is_ws((unsigned char)p->in[e - 1]))
		e--;
	if (e - o->val < 7 || memcmp(p->in + e - 6, "endobj", 6) != 0 ||
	    !is_ws((unsigned char)p->in[e - 7]))
		return fail(p, "object %zu (offset %zu) does not end with endobj", num, o->off);
	e -= 7;
	while (e > o->val && is_ws((unsigned char)p->in[e - 1]))
		e--;
	if (e == o->val)
		return fail(p, "object %zu (offset %zu) is empty", num, o->off);
	o->valend = e;
	return 0;
}

/* A stream's dictionary starts with its /Length (libharu adds it first),
 * and ends at the first ">>" followed by the stream keyword. */
static int
read_stream_dict(struct pack *p, size_t num)
{
	struct obj *o = &p->o[num];
	size_t at = o->val, end = o->valend, v;
	const char *s;

	at = looking_at(p, at, end, "<<") ? skip_ws(p, at + 2, end) : end;
	if (!looking_at(p, at, end, "/Length") || at + 7 >= end || !is_ws((unsigned char)p->in[at + 7]))
		return fail(p, "stream object %zu does not start with /Length", num);
	o->lenat = skip_ws(p, at + 7, end);
	o->lenend = o->lenat;
	if (read_ref(p, &o->lenend, end, &v) < 0 && read_uint(p, &o->lenend, end, &v) < 0)
		return fail(p, "stream object %zu has no usable /Length", num);
	for (at = o->lenend; (s = find_bytes(p, at, end, "stream", 6)) != NULL; at++) {
		size_t k = (size_t)(s - p->in), d = k;

		at = k;
		while (d > o->lenend && is_ws((unsigned char)p->in[d - 1]))
			d--;
		if (d - o->lenend < 2 || memcmp(p->in + d - 2, ">>", 2) != 0)
			continue;
		if (looking_at(p, k + 6, end, "\r\n"))
			o->data = k + 8;
		else if (looking_at(p, k + 6, end, "\n"))
			o->data = k + 7;
		else
			continue;
		/* resolve_length counts back from "endstream". */
		if (o->data > o->valend - 9)
			break;
		o->dictend = d;
		return 0;
	}
	return fail(p, "stream object %zu has no \">> stream\" and line end", num);
}

static int
read_object(struct pack *p, size_t num)
{
	struct obj *o = &p->o[num];

	if (read_header(p, num) < 0 || read_footer(p, num) < 0)
		return -1;
	if (o->valend - o->val < 9 || memcmp(p->in + o->valend - 9, "endstream", 9) != 0)
		return 0;
	o->kind = K_STREAM;
	return read_stream_dict(p, num);
}

/* The /Length value, direct or from its own object, must put the end of
 * the data right before the line end and "endstream". */
static int
resolve_length(struct pack *p, size_t num)
{
	struct obj *o = &p->o[num];
	size_t at = o->lenat, n, v, gap;

	if (read_ref(p, &at, o->lenend, &n) == 0) {
		at = n < p->size && p->o[n].kind == K_PLAIN ? p->o[n].val : 0;
		if (at == 0 || read_uint(p, &at, p->o[n].valend, &v) < 0 || at != p->o[n].valend)
			return fail(p, "the /Length of stream object %zu is not an integer object", num);
	} else
		(void)read_uint(p, &at, o->lenend, &v);
	if (v > o->valend - 9 - o->data)
		return fail(p, "stream object %zu: /Length %zu runs past endstream", num, v);
	gap = o->valend - 9 - (o->data + v);
	if (gap > 2 || (gap > 0 && !(looking_at(p, o->data + v, o->valend, "\n") ||
	    looking_at(p, o->data + v, o->valend, "\r"))) ||
	    (gap == 2 && !looking_at(p, o->data + v, o->valend, "\r\n")))
		return fail(p, "stream object %zu: /Length %zu does not end at endstream", num, v);
	o->length = v;
	return 0;
}

static int
read_objects(struct pack *p)
{
	if (find_extents(p) < 0)
		return -1;
	for (size_t i = 1; i < p->size; i++)
		if (p->o[i].kind != K_FREE && read_object(p, i) < 0)
			return -1;
	for (size_t i = 1; i < p->size; i++)
		if (p->o[i].kind == K_STREAM && resolve_length(p, i) < 0)
			return -1;
	return 0;
}

/* --- what is still referred to -------------------------------------------------- */

struct stack {
	size_t	*v;
	size_t	 n, cap;
};

static void
mark(struct pack *p, struct stack *st, size_t num)
{
	if (num >= p->size || p->o[num].kind == K_FREE || p->o[num].keep)
		return;
	p->o[num].keep = 1;
	GROW(st->v, st->cap, st->n + 1);
	st->v[st->n++] = num;
}

/* Steps back from i over white space (at least one byte) and digits (at
 * least one); *d is where the digits start. */
static int
digits_back(const struct pack *p, size_t from, size_t i, size_t *d)
{
	size_t e = i;

	while (e > from && is_ws((unsigned char)p->in[e - 1]))
		e--;
	if (e == i)
		return -1;
	for (*d = e; *d > from && is_digit((unsigned char)p->in[*d - 1]); (*d)--)
		;
	return *d < e ? 0 : -1;
}

/* Marks every "N G R" in in[from..to).  Text inside a string that looks
 * like a reference is marked too: that keeps an object more, never one
 * less, so no string syntax needs to be understood. */
static void
scan_refs(struct pack *p, struct stack *st, size_t from, size_t to)
{
	const char *s;

	for (size_t at = from; at < to && (s = memchr(p->in + at, 'R', to - at)) != NULL; ) {
		size_t r = (size_t)(s - p->in), gen, num_at, num;

		at = r + 1;
		if (at < to && !ends_token((unsigned char)p->in[at]))
			continue;
		if (digits_back(p, from, r, &gen) < 0 || digits_back(p, from, gen, &num_at) < 0)
			continue;
		if (num_at > from && !ends_token((unsigned char)p->in[num_at - 1]))
			continue;
		if (read_uint(p, &num_at, to, &num) == 0)
			mark(p, st, num);
	}
}

static void
find_reachable(struct pack *p)
{
	struct stack st = { NULL, 0, 0 };

	mark(p, &st, p->root);
	if (p->info != 0)
		mark(p, &st, p->info);
	while (st.n > 0) {
		const struct obj *o = &p->o[st.v[--st.n]];

		if (o->kind == K_STREAM) {
			/* The /Length value is left out: it becomes direct. */
			scan_refs(p, &st, o->val, o->lenat);
			scan_refs(p, &st, o->lenend, o->dictend);
		} else
			scan_refs(p, &st, o->val, o->valend);
	}
	free(st.v);
}

/* --- writing ------------------------------------------------------------------------ */

static void
add_uint(struct buf *b, size_t v)
{
	char d[24];
	size_t n = sizeof(d);

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	buf_add(b, d + n, sizeof(d) - n);
}

/* Deflates s[0..n) into p->z, which it replaces.  One z_stream serves
 * every stream: starting zlib afresh for each would cost more than
 * compressing a small one. */
static int
deflate_buf(struct pack *p, const char *s, size_t n)
{
	z_stream *z = &p->zs;
	uLong bound;

	if (!p->zs_ready) {
		if (deflateInit(z, Z_DEFAULT_COMPRESSION) != Z_OK)
			return fail(p, "zlib could not start");
		p->zs_ready = 1;
	} else if (deflateReset(z) != Z_OK)
		return fail(p, "zlib could not start a stream");
	if (n > UINT32_MAX / 2)
		return fail(p, "%zu bytes are too many for one stream", n);
	bound = deflateBound(z, (uLong)n);
	buf_reset(&p->z);
	buf_grow(&p->z, bound);
	z->next_in = (const Bytef *)s;
	z->avail_in = (uInt)n;
	z->next_out = (Bytef *)p->z.data;
	z->avail_out = (uInt)bound;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		return fail(p, "zlib could not compress: %s", z->msg != NULL ? z->msg : "no reason given");
	p->z.len = (size_t)z->total_out;
	p->z.data[p->z.len] = '\0';
	return 0;
}

/* Writes object num as a stream of p->z's bytes, recording its offset. */
static void
put_stream(struct pack *p, size_t num, const char *dict)
{
	p->x[num] = (struct xent){ p->out.len, 0, 1 };
	add_uint(&p->out, num);
	buf_adds(&p->out, " 0 obj\n<< ");
	buf_adds(&p->out, dict);
	buf_adds(&p->out, " /Length ");
	add_uint(&p->out, p->z.len);
	buf_adds(&p->out, " >>\nstream\n");
	buf_add(&p->out, p->z.data, p->z.len);
	buf_adds(&p->out, "\nendstream\nendobj\n");
}

/* A stream object as libharu wrote it, with its /Length made direct. */
static void
put_copy(struct pack *p, size_t num)
{
	const struct obj *o = &p->o[num];

	p->x[num] = (struct xent){ p->out.len, 0, 1 };
	buf_add(&p->out, p->in + o->off, o->lenat - o->off);
	add_uint(&p->out, o->length);
	buf_add(&p->out, p->in + o->lenend, o->end - o->lenend);
}

/* An object stream holds "NUM OFFSET" pairs (hdr), then the values
 * (body), offsets counted from the first value. */
static void
batch_add(struct pack *p, size_t num)
{
	const struct obj *o = &p->o[num];

	if (p->nbatch > 0)
		buf_addc(&p->body, '\n');
	add_uint(&p->hdr, num);
	buf_addc(&p->hdr, ' ');
	add_uint(&p->hdr, p->body.len);
	buf_addc(&p->hdr, ' ');
	buf_add(&p->body, p->in + o->val, o->valend - o->val);
	p->x[num] = (struct xent){ p->next_num, (unsigned)p->nbatch, 2 };
	p->nbatch++;
}

static int
batch_flush(struct pack *p)
{
	struct buf dict = BUF_INIT;
	size_t first = p->hdr.len;

	if (p->nbatch == 0)
		return 0;
	buf_add(&p->hdr, p->body.data, p->body.len);
	if (deflate_buf(p, p->hdr.data, p->hdr.len) < 0)
		return -1;
	buf_printf(&dict, "/Type /ObjStm /N %zu /First %zu /Filter /FlateDecode", p->nbatch, first);
	put_stream(p, p->next_num++, dict.data);
	buf_release(&dict);
	buf_reset(&p->hdr);
	buf_reset(&p->body);
	p->nbatch = 0;
	return 0;
}

/* Free entries form a list from object 0, each naming the next; a freed
 * number would be reused with generation 1. */
static void
link_free(struct pack *p)
{
	size_t next = 0;

	for (size_t i = p->nx; i-- > 1; )
		if (p->x[i].type == 0) {
			p->x[i] = (struct xent){ next, 1, 0 };
			next = i;
		}
	p->x[0] = (struct xent){ next, 65535, 0 };
}

/* Rows of 1 + w + 2 bytes (type, field 2 big-endian, field 3), each
 * stored as its difference from the row above (PNG "Up" predictor):
 * neighbouring entries differ in a byte or two, so the rows deflate to
 * almost nothing. */
static void
xref_rows(const struct pack *p, size_t w, struct buf *rows)
{
	unsigned char prev[11] = { 0 }, cur[11];
	size_t cols = 1 + w + 2;

	buf_grow(rows, size_mul(p->nx, cols + 1));
	for (size_t i = 0; i < p->nx; i++) {
		cur[0] = p->x[i].type;
		for (size_t k = 0; k < w; k++)
			cur[1 + k] = (unsigned char)(p->x[i].f2 >> (8 * (w - 1 - k)));
		cur[cols - 2] = (unsigned char)(p->x[i].f3 >> 8);
		cur[cols - 1] = (unsigned char)p->x[i].f3;
		rows->data[rows->len++] = 2;
		for (size_t k = 0; k < cols; k++)
			rows->data[rows->len++] = (char)(unsigned char)(cur[k] - prev[k]);
		memcpy(prev, cur, cols);
	}
	rows->data[rows->len] = '\0';
}

/* The file identifier only has to tell files apart and be the same for
 * the same bytes: a CRC-32, an Adler-32 and the length of everything
 * before the cross-reference stream. */
static void
add_id(struct pack *p, struct buf *dict)
{
	unsigned long crc = crc32_z(0, (const Bytef *)p->out.data, p->out.len);
	unsigned long adl = adler32_z(1, (const Bytef *)p->out.data, p->out.len);
	char hex[33];

	snprintf(hex, sizeof(hex), "%08lx%08lx%016llx", crc & 0xffffffffUL, adl & 0xffffffffUL,
	    (unsigned long long)p->out.len);
	buf_printf(dict, " /ID [ <%s> <%s> ]", hex, hex);
}

static int
put_xref(struct pack *p)
{
	struct buf rows = BUF_INIT, dict = BUF_INIT;
	size_t num = p->nx - 1, at = p->out.len, w = 1;
	size_t max = at > p->nx ? at : p->nx;
	int rc;

	while (w < 8 && (max >> (8 * w)) != 0)
		w++;
	p->x[num] = (struct xent){ at, 0, 1 };	/* in use before the free list is made */
	link_free(p);
	xref_rows(p, w, &rows);
	rc = deflate_buf(p, rows.data, rows.len);
	buf_printf(&dict, "/Type /XRef /Size %zu /W [ 1 %zu 2 ] /Root %zu 0 R", p->nx, w, p->root);
	if (p->info != 0)
		buf_printf(&dict, " /Info %zu 0 R", p->info);
	add_id(p, &dict);
	buf_printf(&dict, " /Filter /FlateDecode /DecodeParms << /Columns %zu /Predictor 12 >>", 1 + w + 2);
	if (rc == 0) {
		put_stream(p, num, dict.data);
		buf_adds(&p->out, "startxref\n");
		add_uint(&p->out, at);
		buf_adds(&p->out, "\n%%EOF\n");
	}
	buf_release(&rows);
	buf_release(&dict);
	return rc;
}

static int
write_all(struct pack *p)
{
	size_t nplain = 0;

	find_reachable(p);
	for (size_t i = 1; i < p->size; i++)
		nplain += p->o[i].keep && p->o[i].kind == K_PLAIN;
	/* Numbers stay; the object streams and the xref stream come after. */
	p->nx = p->size + (nplain + OBJSTM_MAX - 1) / OBJSTM_MAX + 1;
	p->x = xcalloc(p->nx, sizeof(*p->x));
	p->next_num = p->size;
	buf_grow(&p->out, p->len / 2);
	/* Object streams need 1.5; a later version is kept. */
	buf_adds(&p->out, "%PDF-1.");
	buf_addc(&p->out, p->in[7] > '5' ? p->in[7] : '5');
	buf_adds(&p->out, "\n%\xe2\xe3\xcf\xd3\n");
	for (size_t i = 1; i < p->size; i++) {
		if (!p->o[i].keep)
			continue;
		if (p->o[i].kind == K_STREAM)
			put_copy(p, i);
		else {
			batch_add(p, i);
			if (p->nbatch == OBJSTM_MAX && batch_flush(p) < 0)
				return -1;
		}
	}
	if (batch_flush(p) < 0 || put_xref(p) < 0)
		return -1;
	return 0;
}

int
pack_pdf(struct buf *pdf, const char *name)
{
	struct pack p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.in = pdf->data;
	p.len = pdf->len;
	buf_init(&p.out);
	buf_init(&p.hdr);
	buf_init(&p.body);
	buf_init(&p.z);
	rc = read_tail(&p) < 0 || read_xref(&p) < 0 || read_objects(&p) < 0 ||
	    write_all(&p) < 0 ? -1 : 0;
	if (rc == 0) {
		buf_release(pdf);
		*pdf = p.out;
	} else {
		diag_system("%s: %s", name, p.err);
		free(p.err);
		buf_release(&p.out);
	}
	if (p.zs_ready)
		deflateEnd(&p.zs);
	free(p.o);
	free(p.x);
	buf_release(&p.hdr);
	buf_release(&p.body);
	buf_release(&p.z);
	return rc;
}
