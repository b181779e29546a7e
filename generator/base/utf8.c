/*
 * utf8: validation, positions and folding (utf8proc lives here only).
 */
#include "base/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/mem.h"

/* Length of the valid sequence at s (at most n bytes), 0 if invalid. */
static size_t
seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return c == 0 ? 0 : 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = c == 0xED ? 0x9F : 0xBF;

		if (n < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;

		if (n < 4 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* Whether the 8 bytes at p are all in 0x01..0x7F (no NUL, no high bit):
 * text is mostly such runs, checked a word at a time. */
static int
ascii8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	/* A byte's high bit is set in the second term iff the byte is 0. */
	return ((v | ((v - 0x0101010101010101ULL) & ~v)) & 0x8080808080808080ULL) == 0;
}

int
utf8_check(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k;

		if (n - i >= 8 && ascii8(p + i)) {
			i += 8;
			continue;
		}
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		k = seq_len(p + i, n - i);
		if (k == 0) {
			*bad = i;
			return -1;
		}
		i += k;
	}
	return 0;
}

void
utf8_pos(const char *s, size_t off, int *line, int *col)
{
	int l = 1;
	size_t start = 0;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (int)(off - start) + 1;
}

/* Whether code point cp separates words for folding: a space, punctuation
 * or a line break. */
static int
fold_separator(utf8proc_int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	return cat == UTF8PROC_CATEGORY_ZS || (cat >= UTF8PROC_CATEGORY_PC &&
	    cat <= UTF8PROC_CATEGORY_PO) || cp == '\t' || cp == '\n' || cp == '\r';
}

/* fold_separator for ASCII, from a table it fills once: titles and terms
 * are mostly ASCII, and utf8proc's look-up per byte was most of folding. */
static int
ascii_separator(utf8proc_int32_t cp)
{
	static unsigned char table[0x80];
	static int ready;

	if (!ready) {
		for (int c = 0; c < 0x80; c++)
			table[c] = (unsigned char)fold_separator(c);
		ready = 1;
	}
	return table[cp];
}

/* s lowered, for pure ASCII (most titles and terms): the same as
 * utf8proc's normalising, case-folding copy, since ASCII has no marks and
 * folds by tolower; NULL when s is not pure ASCII. */
static utf8proc_uint8_t *
lower_ascii(const char *s, utf8proc_ssize_t *n)
{
	size_t len = 0;
	utf8proc_uint8_t *out;

	while (s[len] > 0 && s[len] < 0x7F)
		len++;
	if (s[len] != '\0')
		return NULL;
	out = xmalloc(len + 1);
	for (size_t i = 0; i <= len; i++)
		out[i] = (utf8proc_uint8_t)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	*n = (utf8proc_ssize_t)len;
	return out;
}

char *
utf8_fold(const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	struct buf b = BUF_INIT;
	int space = 0;

	if ((mapped = lower_ascii(s, &n)) == NULL)
		n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
		    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
		    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);
	if (n < 0)
		return xstrdup(s);
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp = mapped[i];
		utf8proc_ssize_t k = 1;

		if (cp >= 0x80 && (k = utf8proc_iterate(mapped + i, n - i, &cp)) <= 0)
			break;
		if (cp < 0x80 ? ascii_separator(cp) : fold_separator(cp)) {
			space = 1;
		} else {
			if (space && b.len > 0)
				buf_addc(&b, ' ');
			space = 0;
			buf_add(&b, mapped + i, (size_t)k);
		}
		i += k;
	}
	free(mapped);
	return buf_detach(&b, NULL);
}

int
utf8_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

int
utf8_url_dangerous(const char *url)
{
	static const char *const schemes[] = { "javascript:", "vbscript:", "data:", "file:" };
	char head[16];
	size_t n = 0;

	while (*url != '\0' && (unsigned char)*url <= ' ')
		url++;
	for (; *url != '\0' && n < sizeof(head) - 1; url++) {
		if ((unsigned char)*url <= ' ')
			continue;	/* browsers ignore tabs and newlines inside schemes */
		head[n++] = (char)tolower((unsigned char)*url);
	}
	head[n] = '\0';
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strncmp(head, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}


long
utf8_next(const char *s, size_t n, size_t *i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i,
	    (utf8proc_ssize_t)(n - *i), &cp);

	if (k <= 0) {
		(*i)++;
		return -1;
	}
	*i += (size_t)k;
	return cp;
}

size_t
utf8_put(char *out, long cp)
{
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);

	return n > 0 ? (size_t)n : 0;
}

/* Greek in capitals drops the tonos (ΆΈΉ -> ΑΕΗ; ΐ ΰ keep the diaeresis). */
static long
upper_no_tonos(long cp)
{
	static const unsigned short from[] = { 0x386, 0x388, 0x389, 0x38A, 0x38C, 0x38E, 0x38F,
		0x390, 0x3B0 };
	static const unsigned short to[] = { 0x391, 0x395, 0x397, 0x399, 0x39F, 0x3A5, 0x3A9,
		0x3AA, 0x3AB };

	for (size_t i = 0; i < sizeof(from) / sizeof(*from); i++)
		if (cp == from[i])
			return to[i];
	return cp;
}

void
utf8_upper(const char *s, struct buf *out)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		long cp = utf8_next(s, n, &i);
		char u[4];

		if (cp >= 0)
			cp = upper_no_tonos(utf8proc_toupper((utf8proc_int32_t)cp));
		buf_add(out, u, utf8_put(u, cp < 0 ? 0xFFFD : cp));
	}
}

long
utf8_lower(long cp)
{
	return cp >= 0 && cp <= 0x10FFFF ? utf8proc_tolower((utf8proc_int32_t)cp) : cp;
}

int
utf8_is_mark(long cp)
{
	utf8proc_category_t c;

	if (cp < 0 || cp > 0x10FFFF)
		return 0;
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

void
utf8_reverse(struct buf *out, const char *s, size_t len, int marks_follow)
{
	size_t end = len;

	while (end > 0) {
		size_t start = end, k;

		do {
			while (--start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
				;
			k = start;
		} while (marks_follow && start > 0 && utf8_is_mark(utf8_next(s, len, &k)));
		buf_add(out, s + start, end - start);
		end = start;
	}
}

int
utf8_binds(long prev, long next)
{
	if (utf8_is_mark(next) || next == 0x200D || prev == 0x200D)
		return 1;
	/* A virama (canonical combining class 9) joins the consonants on
	 * either side into one conjunct. */
	return prev >= 0 && prev <= 0x10FFFF &&
	    utf8proc_get_property((utf8proc_int32_t)prev)->combining_class == 9;
}

int
utf8_is_word_char(long cp)
{
	utf8proc_category_t c;

	if (cp < 0 || cp > 0x10FFFF)
		return 0;
	c = utf8proc_category((utf8proc_int32_t)cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || utf8_is_mark(cp);
}
