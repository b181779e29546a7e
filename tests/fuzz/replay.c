/*
 * replay: run a fuzz target over stored inputs, without libFuzzer.
 *
 *   replay-TARGET DIR|FILE ...
 *
 * Each file (directories are read one level deep, in name order) is given
 * to LLVMFuzzerTestOneInput in a child process of its own, so an input that
 * crashes, aborts or leaks (the sanitizer build exits non-zero at the end of
 * the child) fails alone and is named.  The last line is
 * "replay PASSED FAILED" for tests/run.sh.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fsx.h"
#include "base/mem.h"
#include "fuzz.h"

/* A child that runs longer than this is stuck (libFuzzer's -timeout). */
#define INPUT_SECONDS	60

static int
run_one(const char *path)
{
	struct buf in = BUF_INIT;
	size_t size = 0;
	pid_t pid;
	int status;

	/* Files over the loader's cap are not inputs the targets take. */
	if (fsx_read(path, 4u << 20, &in, &size) != 0) {
		printf("FAIL %s: cannot read\n", path);
		buf_release(&in);
		return -1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("replay: fork");
		exit(2);
	}
	if (pid == 0) {
		alarm(INPUT_SECONDS);
		LLVMFuzzerTestOneInput((const uint8_t *)in.data, in.len);
		buf_release(&in);
		exit(0);	/* exit, not _exit: LeakSanitizer checks here */
	}
	buf_release(&in);
	if (waitpid(pid, &status, 0) < 0) {
		perror("replay: waitpid");
		exit(2);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		printf("FAIL %s: signal %d\n", path, WTERMSIG(status));
	else
		printf("FAIL %s: exit status %d\n", path, WEXITSTATUS(status));
	return -1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir, sorted; *n of them, malloc'd paths. */
static char **
list_dir(const char *dir, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (dp == NULL) {
		perror(dir);
		exit(2);
	}
	while ((e = readdir(dp)) != NULL) {
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = fsx_join(dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			GROW(names, cap, *n + 1);
			names[(*n)++] = p;
		} else
			free(p);
	}
	closedir(dp);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), by_name);
	return names;
}

int
main(int argc, char **argv)
{
	size_t pass = 0, fail = 0;

	if (argc < 2) {
		fputs("usage: replay-TARGET DIR|FILE ...\n", stderr);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		char **files;
		size_t n;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			files = list_dir(argv[i], &n);
		} else {
			files = xmalloc(sizeof(*files));
			files[0] = xstrdup(argv[i]);
			n = 1;
		}
		for (size_t k = 0; k < n; k++) {
			if (run_one(files[k]) == 0)
				pass++;
			else
				fail++;
			free(files[k]);
		}
		free(files);
	}
	/* An empty corpus tests nothing: that is a failure of the suite. */
	if (pass + fail == 0) {
		printf("FAIL no inputs in %s\n", argv[1]);
		fail = 1;
	}
	printf("replay %zu %zu\n", pass, fail);
	return fail > 0;
}
