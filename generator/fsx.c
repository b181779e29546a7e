/*
 * fsx: reading files and directories; work shared with a second process.
 */
#include "fsx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

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

/* Read exactly len bytes from fd into p; -1 on an error or an early end. */
static int
read_all(int fd, void *p, size_t len)
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

/* --- work shared with a second process ------------------------------------- */

/* No chunk's results are near this large: a longer one is a broken pipe. */
#define CLAIMS_MAX	((uint64_t)1 << 32)

struct claims {
	atomic_size_t	 next;		/* the next chunk to claim */
	size_t		 n;		/* chunks */
};

struct claims *
claims_new(size_t n, size_t min)
{
	struct claims *cl;

	if (n < min)
		return NULL;
	cl = mmap(NULL, sizeof(*cl), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cl == MAP_FAILED)
		return NULL;
	atomic_init(&cl->next, 0);
	cl->n = n;
	return cl;
}

void
claims_free(struct claims *cl)
{
	if (cl != NULL)
		munmap(cl, sizeof(*cl));
}

static void
make_chunk(const struct claims_work *w, size_t k, struct buf *out)
{
	buf_reset(out);
	w->make(w->ctx, k, out);
}

int
claims_alone(size_t n, const struct claims_work *w)
{
	struct buf b = BUF_INIT;
	int rc = 0, r;

	for (size_t k = 0; k < n; k++) {
		make_chunk(w, k, &b);
		if ((r = w->use(w->ctx, k, &b)) == CLAIMS_LOST) {
			rc = r;
			break;
		}
		rc |= r;
	}
	buf_release(&b);
	return rc;
}

int
claims_help(struct claims *cl, const struct claims_work *w, int fd)
{
	struct buf b = BUF_INIT;
	size_t k;
	int rc = 0;

	while (rc == 0 && (k = atomic_fetch_add(&cl->next, 1)) < cl->n) {
		uint64_t len;

		make_chunk(w, k, &b);
		len = b.len;
		if (fsx_write_all(fd, &len, sizeof(len)) < 0 ||
		    fsx_write_all(fd, b.data, b.len) < 0)
			rc = -1;
	}
	buf_release(&b);
	return rc;
}

/* The helper's next chunk from fd into b. */
static int
receive_chunk(int fd, struct buf *b)
{
	uint64_t len;

	buf_reset(b);
	if (read_all(fd, &len, sizeof(len)) < 0 || len > CLAIMS_MAX)
		return -1;
	buf_grow(b, (size_t)len);
	if (read_all(fd, b->data, (size_t)len) < 0) {
		b->data[0] = '\0';
		return -1;
	}
	b->len = (size_t)len;
	b->data[b->len] = '\0';
	return 0;
}

/* Whether the helper has sent something (or closed its end). */
static int
has_news(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, 0) > 0;
}

/*
 * want is the next chunk to use.  A chunk below the counter that this
 * process did not claim is the helper's: it is used as it comes, and while
 * nothing comes this process makes a chunk of its own (one at a time) to use
 * when its turn comes.  A chunk at the counter is claimed here.
 */
int
claims_run(struct claims *cl, const struct claims_work *w, int fd)
{
	size_t n = cl->n, want = 0, mine = SIZE_MAX, k;
	struct buf made = BUF_INIT, got = BUF_INIT;
	int rc = 0, r = 0;

	while (want < n && r != CLAIMS_LOST) {
		int theirs = want < atomic_load(&cl->next);

		if (want == mine) {
			r = w->use(w->ctx, want++, &made);
			mine = SIZE_MAX;
		} else if (theirs && (mine != SIZE_MAX || has_news(fd) ||
		    atomic_load(&cl->next) >= n)) {
			r = receive_chunk(fd, &got) < 0 ? CLAIMS_LOST : w->use(w->ctx, want++, &got);
		} else if ((k = atomic_fetch_add(&cl->next, 1)) < n) {
			make_chunk(w, k, &made);
			mine = k;
			r = 0;
		} else
			r = 0;	/* the helper took the last ones meanwhile */
		rc = r == CLAIMS_LOST ? r : rc | r;
	}
	buf_release(&made);
	buf_release(&got);
	return rc;
}
