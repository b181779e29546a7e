/*
 * Unit tests for the output writer: ownership through the manifest, no
 * symbolic links followed, the staging directory and the journal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fsx.h"
#include "base/out.h"

/* A fresh directory per test, removed by the teardown. */
static int
setup(void **state)
{
	char *dir = strdup("/tmp/qbook-out-XXXXXX");

	assert_non_null(mkdtemp(dir));
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	assert_int_equal(system(cmd), 0);
	free(*state);
	return 0;
}

static void
put(const char *dir, const char *rel, const char *text)
{
	char *p = fsx_join(dir, rel);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

/* The file's text, or "" when it does not exist. */
static char *
get(const char *dir, const char *rel)
{
	char *p = fsx_join(dir, rel);
	struct buf b = BUF_INIT;
	size_t size;

	if (fsx_read(p, 1 << 20, &b, &size) != 0)
		buf_adds(&b, "");
	free(p);
	return buf_detach(&b, NULL);
}

static void
expect(const char *dir, const char *rel, const char *text)
{
	char *got = get(dir, rel);

	assert_string_equal(got, text);
	free(got);
}

static void
mkdir_in(const char *dir, const char *rel)
{
	char *p = fsx_join(dir, rel);

	assert_int_equal(mkdir(p, 0777), 0);
	free(p);
}

static void
unlink_in(const char *dir, const char *rel)
{
	char *p = fsx_join(dir, rel);

	assert_int_equal(unlink(p), 0);
	free(p);
}

static int
exists(const char *dir, const char *rel)
{
	char *p = fsx_join(dir, rel);
	struct stat st;
	int r = lstat(p, &st) == 0;

	free(p);
	return r;
}

/* One build of n files named by rel[i] holding text[i]. */
static int
build(const char *dir, const char *const *rel, const char *const *text, size_t n)
{
	struct out *o;

	out_open(&o, dir, NULL);
	for (size_t i = 0; i < n; i++)
		if (out_write(o, rel[i], text[i], strlen(text[i])) < 0) {
			out_abandon(o);
			return -1;
		}
	return out_finish(o);
}

static void
keeps_unchanged_and_removes_stale(void **state)
{
	const char *dir = *state;
	const char *r1[] = { "a/x.html", "b.html" }, *t1[] = { "one", "two" };
	struct stat st1, st2;
	char *b = fsx_join(dir, "b.html");

	assert_int_equal(build(dir, r1, t1, 2), 0);
	put(dir, "mine.txt", "user");		/* a file qbook did not write */
	assert_int_equal(stat(b, &st1), 0);
	sleep(1);
	assert_int_equal(build(dir, r1 + 1, t1 + 1, 1), 0);
	assert_int_equal(stat(b, &st2), 0);
	assert_int_equal(st1.st_mtime, st2.st_mtime);	/* not rewritten */
	assert_false(exists(dir, "a/x.html"));		/* stale: removed */
	assert_false(exists(dir, "a"));			/* and its empty directory */
	expect(dir, "mine.txt", "user");		/* not ours: kept */
	expect(dir, ".qbook-manifest", "b.html\n");
	assert_false(exists(dir, ".qbook-staging"));
	free(b);
}

static void
refuses_a_file_it_did_not_write(void **state)
{
	const char *dir = *state;
	const char *rel[] = { "new.html", "theirs.html", "same.html" };
	const char *text[] = { "new", "mine", "same" };

	put(dir, "theirs.html", "theirs");
	put(dir, "same.html", "same");
	assert_int_equal(build(dir, rel, text, 3), -1);
	expect(dir, "theirs.html", "theirs");
	assert_false(exists(dir, "new.html"));		/* nothing written */
	assert_false(exists(dir, ".qbook-manifest"));
	/* Identical bytes are adopted: nothing would be lost. */
	assert_int_equal(build(dir, rel, text, 1), 0);
	assert_int_equal(build(dir, rel + 2, text + 2, 1), 0);
	expect(dir, ".qbook-manifest", "same.html\n");
	expect(dir, "theirs.html", "theirs");
	assert_false(exists(dir, "new.html"));		/* stale once same.html is ours */
}

static void
follows_no_symbolic_link(void **state)
{
	const char *dir = *state;
	char elsewhere[] = "/tmp/qbook-elsewhere-XXXXXX";
	const char *rel[] = { "site/x.html", "top.html" }, *text[] = { "x", "t" };
	char *link = fsx_join(dir, "site");

	assert_non_null(mkdtemp(elsewhere));
	/* A build writes site/x.html; then site becomes a link elsewhere. */
	assert_int_equal(build(dir, rel, text, 2), 0);
	put(elsewhere, "x.html", "precious");
	expect(dir, "site/x.html", "x");
	unlink_in(dir, "site/x.html");
	assert_int_equal(rmdir(link), 0);
	assert_int_equal(symlink(elsewhere, link), 0);
	/* Writing through it is refused ... */
	assert_int_equal(build(dir, rel, text, 2), -1);
	expect(elsewhere, "x.html", "precious");
	/* ... and removing site/x.html as stale does not follow it. */
	assert_int_equal(build(dir, rel + 1, text + 1, 1), 0);
	expect(elsewhere, "x.html", "precious");
	free(link);
	{
		char cmd[96];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", elsewhere);
		assert_int_equal(system(cmd), 0);
	}
}

static void
recovers_after_a_kill(void **state)
{
	const char *dir = *state;
	const char *rel[] = { "a.html", "b.html" }, *text[] = { "new a", "new b" };

	/* What a build killed after its journal leaves: old a.html, new b.html
	 * (not in the old manifest, listed by the journal), a half-written
	 * staged file and a manifest line cut short. */
	put(dir, "a.html", "old a");
	put(dir, "b.html", "new b");
	mkdir_in(dir, ".qbook-staging");
	put(dir, ".qbook-staging/0", "new");
	put(dir, ".qbook-manifest", "a.html\nb.html\n../up\n/abs\nc.ht");
	put(dir, "c.html", "not ours");
	assert_int_equal(build(dir, rel, text, 2), 0);
	expect(dir, "a.html", "new a");
	expect(dir, "c.html", "not ours");
	expect(dir, ".qbook-manifest", "a.html\nb.html\n");
	assert_false(exists(dir, ".qbook-staging"));
}

static void
reads_the_site_manifest_of_older_versions(void **state)
{
	const char *dir = *state;
	const char *rel[] = { "site/index.html" }, *text[] = { "new" };

	mkdir_in(dir, "site");
	put(dir, "site/index.html", "old");
	put(dir, "site/gone.html", "old");
	put(dir, "site/.qbook-manifest", "index.html\ngone.html\n");
	assert_int_equal(build(dir, rel, text, 1), 0);
	expect(dir, "site/index.html", "new");
	assert_false(exists(dir, "site/gone.html"));
	assert_false(exists(dir, "site/.qbook-manifest"));
	expect(dir, ".qbook-manifest", "site/index.html\n");
}

static void
refuses_two_outputs_with_one_name(void **state)
{
	const char *dir = *state;
	const char *rel[] = { "x.html", "x.html" }, *text[] = { "1", "2" };

	assert_int_equal(build(dir, rel, text, 2), -1);
	assert_false(exists(dir, "x.html"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(keeps_unchanged_and_removes_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_a_file_it_did_not_write, setup, teardown),
		cmocka_unit_test_setup_teardown(follows_no_symbolic_link, setup, teardown),
		cmocka_unit_test_setup_teardown(recovers_after_a_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(reads_the_site_manifest_of_older_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_two_outputs_with_one_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
