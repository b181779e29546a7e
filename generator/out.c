/*
 * out: atomic, change-aware writes and manifest-based stale-file removal.
 */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsx.h"
#include "mem.h"

#define MANIFEST	".qbook-manifest"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* mkdir -p for the directories of path (not path itself). */
static int
make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

static void
read_manifest(struct out *o)
{
	char *path = fsx_join(o->dir, MANIFEST);
	struct buf b = BUF_INIT;
	size_t size, cap = 0;
	char *line, *save = NULL;

	if (fsx_read(path, 64 * 1024 * 1024, &b, &size) == 0) {
		for (line = strtok_r(b.data, "\n", &save); line;
		    line = strtok_r(NULL, "\n", &save)) {
			/* Only plain relative paths: a doctored manifest cannot
			 * make us delete outside the output directory. */
			if (line[0] == '/' || strstr(line, "..") != NULL)
				continue;
			GROW(o->old, cap, o->nold + 1);
			o->old[o->nold++] = xstrdup(line);
		}
	}
	if (o->nold > 1)
		qsort(o->old, o->nold, sizeof(*o->old), cmp_str);
	buf_release(&b);
	free(path);
}

int
out_open(struct out *o, const char *dir)
{
	memset(o, 0, sizeof(*o));
	o->dir = xstrdup(dir);
	if (make_parents(o->dir) < 0 || (mkdir(o->dir, 0777) < 0 && errno != EEXIST)) {
		diag_fatal("cannot create output directory '%s': %s", dir, strerror(errno));
		free(o->dir);
		return -1;
	}
	read_manifest(o);
	return 0;
}

/* Whether path already holds exactly these bytes. */
static int
same_bytes(const char *path, const void *data, size_t len)
{
	struct stat st;
	struct buf b = BUF_INIT;
	size_t size;
	int same;

	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return 0;
	same = fsx_read(path, len, &b, &size) == 0 && b.len == len &&
	    memcmp(b.data, data, len) == 0;
	buf_release(&b);
	return same;
}

static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Write path through a temporary file in the same directory and rename. */
static int
replace_file(const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	int fd, e;

	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0)
		goto fail;
	/* No fsync: rename is atomic against a killed build, which is the
	 * failure this guards; a power cut is the file system's business. */
	if (write_all(fd, data, len) < 0) {
		e = errno;
		close(fd);
		unlink(tmp.data);
		errno = e;
		goto fail;
	}
	if (close(fd) < 0 || rename(tmp.data, path) < 0) {
		e = errno;
		unlink(tmp.data);
		errno = e;
		goto fail;
	}
	buf_release(&tmp);
	return 0;
fail:
	buf_release(&tmp);
	return -1;
}

int
out_write(struct out *o, const char *rel, const void *data, size_t len)
{
	char *path;

	if (o->failed)
		return -1;
	path = fsx_join(o->dir, rel);
	GROW(o->now, o->capnow, o->nnow + 1);
	o->now[o->nnow++] = xstrdup(rel);
	if (same_bytes(path, data, len)) {
		o->unchanged++;
		free(path);
		return 0;
	}
	if (make_parents(path) < 0 || replace_file(path, data, len) < 0) {
		diag_fatal("cannot write '%s': %s", path, strerror(errno));
		o->failed = 1;
		free(path);
		return -1;
	}
	o->written++;
	free(path);
	return 0;
}

/* Remove a file of the previous build, and its directories once empty. */
static void
remove_stale(const struct out *o, const char *rel)
{
	char *path = fsx_join(o->dir, rel), *slash;
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		unlink(path);
	/* rmdir fails harmlessly on a directory that still has files. */
	while ((slash = strrchr(path, '/')) != NULL && strlen(path) > strlen(o->dir)) {
		*slash = '\0';
		if (strlen(path) <= strlen(o->dir) || rmdir(path) < 0)
			break;
	}
	free(path);
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
out_abandon(struct out *o)
{
	free_list(o->old, o->nold);
	free_list(o->now, o->nnow);
	free(o->dir);
	memset(o, 0, sizeof(*o));
}

int
out_finish(struct out *o)
{
	struct buf m = BUF_INIT;
	int rc = o->failed ? -1 : 0;

	if (o->nnow > 1)
		qsort(o->now, o->nnow, sizeof(*o->now), cmp_str);
	if (rc == 0 && o->partial) {
		/* Files of the previous build stay, and stay recorded. */
		size_t n = o->nnow;

		for (size_t i = 0; i < o->nold; i++)
			if (bsearch(&o->old[i], o->now, n, sizeof(*o->now), cmp_str) == NULL) {
				GROW(o->now, o->capnow, o->nnow + 1);
				o->now[o->nnow++] = xstrdup(o->old[i]);
			}
		qsort(o->now, o->nnow, sizeof(*o->now), cmp_str);
	}
	if (rc == 0) {
		for (size_t i = 0; i < o->nold; i++)
			if (bsearch(&o->old[i], o->now, o->nnow, sizeof(*o->now), cmp_str) == NULL)
				remove_stale(o, o->old[i]);
		for (size_t i = 0; i < o->nnow; i++)
			buf_printf(&m, "%s\n", o->now[i]);
		free_list(o->now, o->nnow);
		o->now = NULL;
		o->nnow = o->capnow = 0;
		if (out_write(o, MANIFEST, m.data, m.len) < 0)
			rc = -1;
	}
	buf_release(&m);
	out_abandon(o);
	return rc;
}
