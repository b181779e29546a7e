/*
 * Unit tests for the utility layer: buf, arena, utf8, diag ordering.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/mem.h"
#include "base/proc.h"
#include "base/utf8.h"
#include "guide/hyph.h"

static void
buf_grows_and_stays_terminated(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(b.data, "");
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 'a' + i % 26);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	buf_printf(&b, "-%d-%s", 42, "x");
	assert_string_equal(b.data + 1000, "-42-x");
	buf_truncate(&b, 3);
	assert_string_equal(b.data, "abc");
	buf_release(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
}

static void
buf_detach_hands_over(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *s;

	(void)state;
	s = buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	buf_adds(&b, "hello");
	s = buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_string_equal(b.data, "");
	free(s);
}

static void
arena_allocates_aligned_zeroed(void **state)
{
	struct arena a = ARENA_INIT;
	char *big;

	(void)state;
	for (int i = 1; i < 5000; i++) {
		char *p = arena_alloc(&a, (size_t)i % 97 + 1);

		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		assert_int_equal(p[0], 0);
		p[0] = 1;
	}
	big = arena_alloc(&a, 1 << 20);
	assert_int_equal(big[(1 << 20) - 1], 0);
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_release(&a);
	assert_null(a.head);
}

static void
utf8_check_finds_first_bad_byte(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_int_equal(utf8_check("caf\xc3\xa9 \xe2\x86\x92 ok", 12, &bad), 0);
	assert_int_equal(utf8_check("ab\xc3(", 4, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_check("a\xc0\xaf", 3, &bad), -1);	/* overlong */
	assert_int_equal(bad, 1);
	assert_int_equal(utf8_check("\xed\xa0\x80", 3, &bad), -1);	/* surrogate */
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_check("ab\0c", 4, &bad), -1);		/* NUL */
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_check("\xf4\x90\x80\x80", 4, &bad), -1);	/* > U+10FFFF */
}

/* Long ASCII runs are checked a word at a time: a NUL or a stray byte is
 * still found where it is, whatever its place in the word. */
static void
utf8_check_finds_bad_bytes_in_long_runs(void **state)
{
	char s[40];
	size_t bad;

	(void)state;
	for (size_t len = 1; len <= sizeof(s); len++)
		for (size_t at = 0; at < len; at++) {
			memset(s, 'a', sizeof(s));
			s[len - 1] = 0x7f;
			assert_int_equal(utf8_check(s, len, &bad), 0);
			s[at] = '\0';
			bad = 99;
			assert_int_equal(utf8_check(s, len, &bad), -1);
			assert_int_equal(bad, at);
			s[at] = (char)0xff;
			bad = 99;
			assert_int_equal(utf8_check(s, len, &bad), -1);
			assert_int_equal(bad, at);
		}
}

/* A child's work: write its pid and the word in ctx to fd. */
static int
say_pid(void *ctx, int fd)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%ld %s", (long)getpid(), (const char *)ctx);

	return fsx_write_all(fd, line, (size_t)n);
}

static int
fail_at_once(void *ctx, int fd)
{
	(void)ctx;
	(void)fd;
	return -1;
}

static int
die_by_signal(void *ctx, int fd)
{
	(void)ctx;
	(void)fd;
	raise(SIGTERM);
	return 0;
}

/* A child that waits for its reader forever. */
static int
block(void *ctx, int fd)
{
	(void)ctx;
	(void)fd;
	for (;;)
		pause();
	return 0;
}

static void
proc_runs_work_in_a_child(void **state)
{
	struct proc p;
	char got[64] = { 0 };
	long pid = 0;
	char word[16] = { 0 }, hello[] = "hello";

	(void)state;
	assert_int_equal(proc_start(&p, "qbook-test", "test process", say_pid, hello), 0);
	assert_true(read(p.fd, got, sizeof(got) - 1) > 0);
	assert_int_equal(sscanf(got, "%ld %15s", &pid, word), 2);
	assert_true(pid != (long)getpid());
	assert_string_equal(word, "hello");
	assert_int_equal(proc_finish(&p), 0);
}

static void
proc_reports_failure_and_kills(void **state)
{
	struct proc p;
	char *text = NULL;
	size_t n = 0;
	FILE *msgs = open_memstream(&text, &n);

	(void)state;
	diag_to(msgs);
	assert_int_equal(proc_start(&p, "qbook-test", "test process", fail_at_once, NULL), 0);
	assert_int_equal(proc_finish(&p), -1);
	assert_int_equal(proc_start(&p, "qbook-test", "test process", die_by_signal, NULL), 0);
	assert_int_equal(proc_finish(&p), -1);
	/* Abandoning a child that would never end does not hang. */
	assert_int_equal(proc_start(&p, "qbook-test", "test process", block, NULL), 0);
	proc_abandon(&p);
	diag_to(NULL);
	fclose(msgs);
	/* Only the signal is reported: a failing function says why itself. */
	assert_string_equal(text, "qbook: error: the test process was killed by signal 15\n");
	free(text);
}

static void
text_pos_counts_lines_and_bytes(void **state)
{
	int line, col;

	(void)state;
	utf8_pos("ab\ncd\n\nxyz", 9, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 3);
	utf8_pos("abc", 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
}

static void
fold_ignores_case_marks_and_punctuation(void **state)
{
	char *a, *b;

	(void)state;
	a = utf8_fold("  What IS a Café?  ");
	b = utf8_fold("what is a cafe");
	assert_string_equal(a, b);
	assert_string_equal(a, "what is a cafe");
	free(a);
	free(b);
	a = utf8_fold("STRASSE");
	b = utf8_fold("stra\xc3\x9f" "e");
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Pure ASCII takes a shortcut; it must fold every byte exactly as the
 * general path does (forced here by a trailing non-ASCII letter). */
static void
fold_ascii_shortcut_agrees(void **state)
{
	char s[2] = { 0, 0 }, t[8];

	(void)state;
	for (int c = 1; c < 0x7F; c++) {
		char *a, *b;

		s[0] = (char)c;
		snprintf(t, sizeof(t), "x%s\xc3\xa9", s);
		a = utf8_fold(s);
		b = utf8_fold(t);
		/* b is "x" + a's fold (or a space) + "e". */
		if (a[0] == '\0')
			assert_true(strcmp(b, "x e") == 0 || strcmp(b, "xe") == 0);
		else {
			assert_int_equal(strlen(b), 3);
			assert_int_equal(b[1], a[0]);
		}
		free(a);
		free(b);
	}
}

/* Points of a word as a string: "hy-phen-ation" style. */
static void
hyphenated(const char *w, char *out)
{
	char ok[64] = { 0 };
	size_t len = strlen(w), k = 0;

	hyph_points(w, len, ok);
	for (size_t i = 0; i < len; i++) {
		out[k++] = w[i];
		if (ok[i])
			out[k++] = '-';
	}
	out[k] = '\0';
}

/* The same word gives the same points whether hyphenated afresh or
 * remembered, whatever its case; other words are not confused with it. */
static void
hyph_remembers_words_exactly(void **state)
{
	char a[160], b[160], c[160];

	(void)state;
	if (hyph_init("en") < 0)
		skip();
	hyphenated("typesett", c);	/* afresh: nothing remembered yet */
	hyph_shutdown();
	hyph_init("en");
	hyphenated("typesetting", a);
	hyphenated("typesett", b);	/* a prefix of a remembered word */
	assert_string_equal(b, c);
	hyphenated("typesetting", a);
	hyphenated("TYPESETTING", b);
	assert_int_equal(strcasecmp(a, b), 0);
	assert_non_null(strchr(a, '-'));
	hyphenated("typesetter", c);	/* a prefix of the first: its own points */
	hyphenated("typesetter", b);
	assert_string_equal(b, c);
	hyphenated("typesettings", b);
	assert_string_not_equal(b, a);
	hyphenated("cat", b);		/* too short */
	assert_string_equal(b, "cat");
	hyph_shutdown();
	hyph_init("en");
	hyphenated("typesetting", b);	/* afresh after the cache is gone */
	assert_string_equal(a, b);
	hyph_shutdown();
}

/* Each language with its own patterns: Portuguese is not split as
 * English would ("Semel-hante"), letters with accents and Cyrillic are
 * words too; languages set without hyphenation find none. */
static void
hyph_follows_the_language(void **state)
{
	char a[200], *path, package[64];

	(void)state;
	assert_int_equal(hyph_init("pt-BR"), 0);
	hyphenated("semelhante", a);
	assert_string_equal(a, "se-me-lhante");
	hyphenated("programação", a);
	assert_string_equal(a, "pro-gra-ma-ção");
	assert_int_equal(hyph_init("de"), 0);
	hyphenated("Bewerbungsgespräche", a);
	assert_string_equal(a, "Be-wer-bungs-ge-sprä-che");
	assert_int_equal(hyph_init("fr"), 0);
	hyphenated("développement", a);	/* points after accented letters */
	assert_string_equal(a, "dé-ve-lop-pe-ment");
	assert_int_equal(hyph_init("ru"), 0);	/* KOI8-R patterns */
	hyphenated("программирование", a);
	assert_string_equal(a, "программи-ро-ва-ние");
	hyphenated("abc1defgh", a);	/* not a word */
	assert_string_equal(a, "abc1defgh");
	assert_int_equal(hyph_find("zh-CN", &path, package, sizeof(package)), HYPH_NOT_USED);
	assert_int_equal(hyph_find("ja", &path, package, sizeof(package)), HYPH_NOT_USED);
	assert_int_equal(hyph_find("tlh", &path, package, sizeof(package)), HYPH_MISSING);
	assert_string_equal(package, "hyphen-tlh");
	assert_int_equal(hyph_find("pt", &path, package, sizeof(package)), HYPH_FOUND);
	assert_string_equal(package, "hyphen-pt-br");
	free(path);
	assert_int_equal(hyph_init("tlh"), -1);
	hyphenated("typesetting", a);	/* nothing, not English's points */
	assert_string_equal(a, "typesetting");
	hyph_shutdown();
}

static void
edit_distance_suggests(void **state)
{
	(void)state;
	assert_int_equal(utf8_edit_distance("levle", "level"), 2);
	assert_int_equal(utf8_edit_distance("tag", "tags"), 1);
	assert_int_equal(utf8_edit_distance("", "abc"), 3);
	assert_int_equal(utf8_edit_distance("same", "same"), 0);
}

static void
diag_sorts_by_file_line_col(void **state)
{
	struct diags d = DIAGS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int e;

	(void)state;
	diag(&d, D_NO_TITLE, "b.md", 3, 1);
	diag(&d, D_EMPTY_TAG, "a.md", 10, 2);
	e = diag(&d, D_DUP_ID, "a.md", 2, 5, "x");
	diag_note(&d, e, D_DUP_ID_FIRST, "z.md", 1, 1, "x");
	diag(&d, D_UNKNOWN_KEY, "a.md", 2, 1, "foo");
	diag_flush(&d, fp);
	fclose(fp);
	assert_string_equal(text,
	    "a.md:2:1: warning: unknown key 'foo'\n"
	    "a.md:2:5: error: duplicate id 'x'\n"
	    "z.md:1:1: note: 'x' is first used here\n"
	    "a.md:10:2: error: empty tag\n"
	    "b.md:3:1: error: missing title\n"
	    "3 errors, 1 warning\n");
	assert_int_equal(diag_errors(&d), 3);
	d.strict = 1;
	assert_int_equal(diag_errors(&d), 4);
	free(text);
	diag_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_grows_and_stays_terminated),
		cmocka_unit_test(buf_detach_hands_over),
		cmocka_unit_test(arena_allocates_aligned_zeroed),
		cmocka_unit_test(utf8_check_finds_first_bad_byte),
		cmocka_unit_test(utf8_check_finds_bad_bytes_in_long_runs),
		cmocka_unit_test(text_pos_counts_lines_and_bytes),
		cmocka_unit_test(proc_runs_work_in_a_child),
		cmocka_unit_test(proc_reports_failure_and_kills),
		cmocka_unit_test(fold_ignores_case_marks_and_punctuation),
		cmocka_unit_test(fold_ascii_shortcut_agrees),
		cmocka_unit_test(edit_distance_suggests),
		cmocka_unit_test(hyph_remembers_words_exactly),
		cmocka_unit_test(hyph_follows_the_language),
		cmocka_unit_test(diag_sorts_by_file_line_col),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
