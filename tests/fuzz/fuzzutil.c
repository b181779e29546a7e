/*
 * fuzzutil: library set-up and scratch directories for the fuzz targets.
 */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bank/md.h"
#include "base/buf.h"
#include "base/mem.h"
#include "guide/fonts.h"
#include "guide/hyph.h"
#include "site/tmpl.h"

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz: %s '%s': %s\n", what, path, strerror(errno));
	exit(2);
}

static void
shutdown(void)
{
	md_shutdown();
	tmpl_shutdown();
	hyph_shutdown();
	fonts_shutdown();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	md_init();
	tmpl_init();
	hyph_init("en");
	atexit(shutdown);
	fz_setup();
	return 0;
}

char *
fz_tempdir(void)
{
	const char *tmp = getenv("TMPDIR");
	struct buf p = BUF_INIT;

	buf_printf(&p, "%s/qbook-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(p.data) == NULL)
		die("cannot make", p.data);
	return buf_detach(&p, NULL);
}

void
fz_write(const char *dir, const char *rel, const void *data, size_t len)
{
	struct buf p = BUF_INIT;
	FILE *fp;

	buf_printf(&p, "%s/%s", dir, rel);
	/* Make each directory of rel, in order. */
	for (char *s = p.data + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p.data, 0700) < 0 && errno != EEXIST)
			die("cannot make", p.data);
		*s = '/';
	}
	fp = fopen(p.data, "wb");
	if (fp == NULL || (len > 0 && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0)
		die("cannot write", p.data);
	buf_release(&p);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) < 0)
		die("cannot remove", path);
	return 0;
}

void
fz_remove(char *dir)
{
	/* Depth first, without following links: a symbolic link the input
	 * made (none can, today) must not lead the removal outside. */
	if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) < 0)
		die("cannot remove", dir);
	free(dir);
}
