/*
 * fsx: reading files and directories.
 */
#include "base/fsx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"

int
fsx_read(const char *path, size_t cap, struct buf *out, size_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if ((unsigned long long)st.st_size > cap) {
		if (size != NULL)
			*size = (size_t)st.st_size;
		close(fd);
		return 1;
	}
	/* Read until EOF: the size may change under us; the cap still holds.
	 * Room for the whole file and the end-of-file check at first: a
	 * bank's thousands of small files stay small in memory. */
	buf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t r;

		if (out->cap - out->len - 1 == 0)
			buf_grow(out, 65536);
		r = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		out->data[out->len] = '\0';
		if (out->len > cap) {
			if (size != NULL)
				*size = out->len;
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
fail:
	{
		int e = errno;

		close(fd);
		errno = e;
	}
	return -1;
}

static int
cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct fsx_entry *)a)->name,
	    ((const struct fsx_entry *)b)->name);
}

static enum fsx_type
type_of(mode_t m)
{
	if (S_ISREG(m))
		return FSX_FILE;
	if (S_ISDIR(m))
		return FSX_DIR;
	if (S_ISLNK(m))
		return FSX_LINK;
	return FSX_OTHER;
}

/* What entry de of dir is, as lstat says: the directory's own record says
 * it where the file system keeps one (a bank's thousands of files then
 * need no lstat each). */
static enum fsx_type
entry_type(const char *dir, const struct dirent *de)
{
	struct stat st;
	char *path;
	enum fsx_type t;

	switch (de->d_type) {
	case DT_REG:
		return FSX_FILE;
	case DT_DIR:
		return FSX_DIR;
	case DT_LNK:
		return FSX_LINK;
	case DT_UNKNOWN:
		break;
	default:
		return FSX_OTHER;
	}
	path = fsx_join(dir, de->d_name);
	t = lstat(path, &st) == 0 ? type_of(st.st_mode) : FSX_OTHER;
	free(path);
	return t;
}

int
fsx_list(const char *dir, struct fsx_entry **ents, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct fsx_entry *v = NULL;
	size_t nv = 0, cap = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		GROW(v, cap, nv + 1);
		v[nv].name = xstrdup(de->d_name);
		v[nv].type = entry_type(dir, de);
		nv++;
	}
	closedir(d);
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_entries);
	*ents = v;
	*n = nv;
	return 0;
}

void
fsx_list_free(struct fsx_entry *ents, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

int
fsx_inside(const char *root_real, const char *path, enum fsx_type *type)
{
	char *real = realpath(path, NULL);
	struct stat st;
	size_t rl = strlen(root_real);
	int inside;

	if (real == NULL)
		return -1;
	*type = stat(real, &st) == 0 ? type_of(st.st_mode) : FSX_OTHER;
	inside = strncmp(real, root_real, rl) == 0 &&
	    (real[rl] == '/' || real[rl] == '\0' || strcmp(root_real, "/") == 0);
	free(real);
	return inside;
}

char *
fsx_self_dir(void)
{
	char *exe = realpath("/proc/self/exe", NULL), *slash;

	if (exe == NULL || (slash = strrchr(exe, '/')) == NULL) {
		free(exe);
		return NULL;
	}
	*slash = '\0';
	return exe;
}

int
fsx_write_new(const char *path, const void *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644), err;

	if (fd < 0)
		return -1;
	if (fsx_write_all(fd, p, len) < 0 || fsync(fd) < 0) {
		err = errno;
		close(fd);
		unlink(path);
		errno = err;
		return -1;
	}
	return close(fd);
}

int
fsx_identity(const char *path, unsigned long long *dev, unsigned long long *ino)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	*dev = (unsigned long long)st.st_dev;
	*ino = (unsigned long long)st.st_ino;
	return 0;
}

int
fsx_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fsx_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

char *
fsx_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(size_add(size_add(la, lb), 2));

	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

int
fsx_holds(const char *outer, const char *inner)
{
	char *o = realpath(outer, NULL), *i = realpath(inner, NULL);
	int holds = -1;

	if (o != NULL && i != NULL) {
		size_t lo = strlen(o);

		holds = strcmp(o, "/") == 0 || strcmp(o, i) == 0 ||
		    (strncmp(i, o, lo) == 0 && i[lo] == '/');
	}
	free(o);
	free(i);
	return holds;
}

int
fsx_mkdirs(const char *path, char ***made, size_t *nmade)
{
	char *p;
	int rc = 0;
	size_t cap = 0;

	if (made != NULL) {
		*made = NULL;
		*nmade = 0;
	}
	if (*path == '\0') {
		errno = ENOENT;
		return -1;
	}
	p = xstrdup(path);
	/* Each parent in turn; an existing one (even through a link the user
	 * put in the path) is fine. */
	for (char *s = p + 1; rc == 0; s++) {
		int end = *s == '\0';

		if (!end && *s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (made != NULL) {
				GROW(*made, cap, *nmade + 1);
				(*made)[(*nmade)++] = xstrdup(p);
			}
		} else if (errno != EEXIST)
			rc = -1;
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

int
fsx_write_all(int fd, const void *p, size_t len)
{
	const char *s = p;

	while (len > 0) {
		ssize_t w = write(fd, s, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

int
fsx_read_all(int fd, void *p, size_t len)
{
	char *s = p;

	while (len > 0) {
		ssize_t r = read(fd, s, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		s += r;
		len -= (size_t)r;
	}
	return 0;
}
