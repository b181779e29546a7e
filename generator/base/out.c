/*
 * out: checked, staged, journaled writes and manifest-based stale-file
 * removal.  The rules are in out.h.
 */
#include "base/out.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/mem.h"

struct out_file;

struct out {
	char		*dir;		/* the output directory */
	const char	*prefix;	/* prepended to rel by out_write ("site/"),
					 * or NULL (out_set_prefix) */
	const char	*guard;		/* a directory DIR must not be, nor hold
					 * (the content) */
	char		**old;		/* files of the previous build (sorted), relative */
	size_t		 nold;
	int		 legacy;	/* old includes site/.qbook-manifest's list */
	struct out_file	*now;		/* files of this build */
	size_t		 nnow, capnow;
	size_t		 written;	/* files whose bytes change */
	size_t		 unchanged;	/* files left as they were */
	int		 failed;	/* a check failed (reported); sticky */
	int		 partial;	/* this build writes some files only: nothing
					 * is stale, the manifest keeps the old list */
	int		(*owns)(const char *rel);
					/* or NULL: the old files this build answers
					 * for (the others stay, as in a partial
					 * build; out_set_owns) */
	char		*stage;		/* the staging directory, once made */
	size_t		 nstaged;	/* files written there */
	char		**made;		/* directories this build created */
	size_t		 nmade;
	int		 lock;		/* OUT/.qbook-lock, held; or -1 */
	int		 made_lock;	/* this build created the lock file */
	struct sigaction xfsz;		/* SIGXFSZ's action before staging */
	struct buf	*changes;	/* or NULL: where out_write logs the files
					 * whose bytes change (out_set_changes) */
	struct buf	 lastdir;	/* the directory out_write checked last */
	int		 lastdir_rc;	/* and what check_dirs said (-1: none) */
};

#define MANIFEST	".qbook-manifest"
#define STAGING		".qbook-staging"
#define LOCK		".qbook-lock"
/* Before the site shared DIR's manifest it kept its own. */
#define LEGACY_SITE	"site/"
#define LEGACY		LEGACY_SITE MANIFEST

struct out_file {
	char	*rel;		/* relative to o->dir, prefix included */
	int	 staged;	/* its bytes wait in the staging directory */
	size_t	 slot;		/* under this number there */
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct out_file *)a)->rel, ((const struct out_file *)b)->rel);
}

static int
in_old(const struct out *o, const char *rel)
{
	return o->nold > 0 && bsearch(&rel, o->old, o->nold, sizeof(*o->old), cmp_str) != NULL;
}

/* Add the manifest at DIR/name to o->old, each line prefixed. */
static int
read_manifest(struct out *o, const char *name, const char *prefix, size_t *cap)
{
	char *path = fsx_join(o->dir, name);
	struct buf b = BUF_INIT;
	size_t size;
	int found = 0;

	if (fsx_read(path, 64 * 1024 * 1024, &b, &size) == 0) {
		char *line = b.data, *nl;

		found = 1;
		/* A line without its newline was cut by a kill: ignore it (the
		 * file it names was not yet renamed into place). */
		for (; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
			*nl = '\0';
			/* Only plain relative paths outside qbook's own files: a
			 * doctored manifest cannot make us delete elsewhere. */
			if (line[0] == '\0' || line[0] == '/' || strstr(line, "..") != NULL ||
			    strstr(line, "//") != NULL || strncmp(line, ".qbook-", 7) == 0)
				continue;
			GROW(o->old, *cap, o->nold + 1);
			o->old[o->nold] = xmalloc(strlen(prefix) + strlen(line) + 1);
			strcpy(o->old[o->nold], prefix);
			strcat(o->old[o->nold], line);
			o->nold++;
		}
	}
	buf_release(&b);
	free(path);
	return found;
}

/* Remove the directories this build created, innermost first (each only
 * if empty), and forget them. */
static void
remove_made(struct out *o)
{
	while (o->nmade > 0) {
		rmdir(o->made[o->nmade - 1]);
		free(o->made[--o->nmade]);
	}
	free(o->made);
	o->made = NULL;
}

/*
 * Take OUT/.qbook-lock: builds into one directory take turns (say
 * `--only site` and `--only pdf` run side by side), each reading the
 * manifest only once the one before has written it.  The kernel drops the
 * lock when a build dies.
 */
static int
lock_dir(struct out *o)
{
	char *path = fsx_join(o->dir, LOCK);

	o->lock = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (o->lock >= 0)
		o->made_lock = 1;
	else if (errno == EEXIST)
		o->lock = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (o->lock < 0) {
		diag_system("cannot write '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(o->lock, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr, "qbook: waiting for another build writing into '%s'\n", o->dir);
		while (flock(o->lock, LOCK_EX) < 0)
			if (errno != EINTR) {
				diag_system("cannot lock '%s': %s", path, strerror(errno));
				free(path);
				return -1;
			}
	}
	free(path);
	return 0;
}

int
out_open(struct out **op, const char *dir, const char *guard)
{
	struct out *o = *op = xcalloc(1, sizeof(*o));
	size_t cap = 0;

	o->lock = -1;
	buf_init(&o->lastdir);
	o->lastdir_rc = -1;
	o->dir = xstrdup(dir);
	o->guard = guard;
	if (fsx_mkdirs(o->dir, &o->made, &o->nmade) < 0) {
		diag_system("cannot create output directory '%s': %s", dir, strerror(errno));
		o->failed = 1;
		return -1;
	}
	/* Judged only once made, so "x/../content" is caught. */
	if (guard != NULL && fsx_holds(o->dir, guard) == 1) {
		diag_usage("refusing to write into '%s': it is '/' or holds the content directory",
		    dir);
		o->failed = 1;
		return -1;
	}
	if (lock_dir(o) < 0) {
		o->failed = 1;
		return -1;
	}
	read_manifest(o, MANIFEST, "", &cap);
	o->legacy = read_manifest(o, LEGACY, LEGACY_SITE, &cap);
	if (o->nold > 1)
		qsort(o->old, o->nold, sizeof(*o->old), cmp_str);
	return 0;
}

/* Whether path already holds exactly these bytes. */
static int
same_bytes(const char *path, const struct stat *st, const void *data, size_t len)
{
	struct buf b = BUF_INIT;
	size_t size;
	int same;

	if (!S_ISREG(st->st_mode) || (size_t)st->st_size != len)
		return 0;
	same = fsx_read(path, len, &b, &size) == 0 && b.len == len &&
	    memcmp(b.data, data, len) == 0;
	buf_release(&b);
	return same;
}

/*
 * Walk the directories of rel below o->dir with lstat; with make, create
 * the missing ones.  Returns 0 when every one is a real directory, 1
 * (without make) when one is missing, else -1 with *bad set to the
 * offending prefix's length.
 */
static int
check_dirs(const struct out *o, const char *rel, int make, size_t *bad)
{
	char *path = fsx_join(o->dir, rel);
	size_t base = strlen(o->dir) + 1;
	int rc = 0;

	for (char *s = path + base; (s = strchr(s, '/')) != NULL; s++) {
		struct stat st;

		*s = '\0';
		if (lstat(path, &st) < 0) {
			if (errno != ENOENT || (make && mkdir(path, 0777) < 0 && errno != EEXIST)) {
				rc = -1;
			} else if (make && (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
				rc = -1;
			} else if (!make) {
				*s = '/';
				rc = 1;
				break;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
			rc = -1;
		}
		if (rc < 0) {
			*bad = (size_t)(s - path);
			break;
		}
		*s = '/';
	}
	free(path);
	return rc;
}

/* Report that the directory part of path (its first n bytes) is unusable. */
static void
report_dir(const char *path, size_t n, int err)
{
	if (err == ELOOP)
		diag_usage("refusing to write '%s': '%.*s' is a symbolic link", path, (int)n, path);
	else
		diag_system("cannot write '%s': '%.*s': %s", path, (int)n, path, strerror(err));
}

static int stage(struct out *o, struct out_file *f, const char *path, const void *data,
    size_t len);

/* The length of rel's directory part. */
static size_t
dir_len(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash != NULL ? (size_t)(slash - rel) : 0;
}

/*
 * check_dirs for out_write, once per directory in a row (a site's
 * thousands of pages share a few): the last directory that passed is
 * remembered, and whether it was missing (then so is rel).  out_finish
 * checks again before anything is renamed.
 */
static int
check_dirs_once(struct out *o, const char *rel, size_t *bad)
{
	size_t n = dir_len(rel);
	int rc;

	if (o->lastdir.len == n && o->lastdir_rc >= 0 && memcmp(o->lastdir.data, rel, n) == 0)
		return o->lastdir_rc;
	rc = check_dirs(o, rel, 0, bad);
	buf_reset(&o->lastdir);
	buf_add(&o->lastdir, rel, n);
	o->lastdir_rc = rc;
	return rc;
}

int
out_write(struct out *o, const char *rel, const void *data, size_t len)
{
	struct buf r = BUF_INIT;
	struct out_file *f;
	struct stat st;
	char *path;
	size_t bad;
	int rc = 0, missing;

	if (o->failed)
		return -1;
	if (o->prefix != NULL)
		buf_adds(&r, o->prefix);
	buf_adds(&r, rel);
	path = fsx_join(o->dir, r.data);
	GROW(o->now, o->capnow, o->nnow + 1);
	f = &o->now[o->nnow++];
	f->rel = buf_detach(&r, NULL);
	f->staged = 0;
	if ((missing = check_dirs_once(o, f->rel, &bad)) < 0) {
		report_dir(path, bad, errno);
		rc = -1;
	} else if (missing || lstat(path, &st) < 0) {
		if (!missing && errno != ENOENT && errno != ENOTDIR) {
			diag_system("cannot write '%s': %s", path, strerror(errno));
			rc = -1;
		}
	} else if (same_bytes(path, &st, data, len)) {
		o->unchanged++;
		free(path);
		return 0;
	} else if (!S_ISREG(st.st_mode)) {
		diag_usage("refusing to overwrite '%s': it is not a regular file", path);
		rc = -1;
	} else if (!in_old(o, f->rel)) {
		diag_usage("refusing to overwrite '%s': qbook did not write it "
		    "(it is not in %s/" MANIFEST "); move it away or choose another "
		    "output directory", path, o->dir);
		rc = -1;
	}
	if (rc == 0)
		rc = stage(o, f, path, data, len);
	free(path);
	if (rc < 0) {
		o->failed = 1;
		return -1;
	}
	o->written++;
	if (o->changes != NULL)
		buf_add_part(o->changes, rel, strlen(rel));
	return 0;
}

/* Write len bytes to the new file path (in the staging directory). */
static int
stage_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	int e;

	if (fd < 0)
		return -1;
	/* No fsync: rename is atomic against a killed build, which is the
	 * failure this guards; a power cut is the file system's business. */
	if (fsx_write_all(fd, data, len) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Remove the files in the staging directory (unlink never follows a link;
 * qbook makes no directories there). */
static void
clear_staging(const char *stage)
{
	struct fsx_entry *ents;
	size_t n;

	if (fsx_list(stage, &ents, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (ents[i].type != FSX_DIR) {
			char *p = fsx_join(stage, ents[i].name);

			unlink(p);
			free(p);
		}
	fsx_list_free(ents, n);
}

/* DIR/.qbook-staging as an empty directory of ours; NULL after reporting. */
static char *
open_staging(const struct out *o)
{
	char *stage = fsx_join(o->dir, STAGING);
	struct stat st;

	if (lstat(stage, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diag_system("cannot use '%s' as qbook's staging directory: it is not a "
			    "directory; move it away", stage);
			free(stage);
			return NULL;
		}
		/* Left by a killed build: only its half-written files are here. */
		clear_staging(stage);
	} else if (mkdir(stage, 0777) < 0) {
		diag_system("cannot write '%s': %s", stage, strerror(errno));
		free(stage);
		return NULL;
	}
	return stage;
}

/*
 * An empty staging directory in the output directory, once per build.  While files are
 * written SIGXFSZ is ignored: past a file size limit write fails with EFBIG
 * and is reported like a full disk, instead of the kernel killing us.
 */
static int
ensure_staging(struct out *o)
{
	struct sigaction ign;

	if (o->stage != NULL)
		return 0;
	if ((o->stage = open_staging(o)) == NULL)
		return -1;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, &o->xfsz);
	return 0;
}

/* Write f's bytes in full into the staging directory now, so a build holds
 * no more than one output in memory; out_finish renames it into place. */
static int
stage(struct out *o, struct out_file *f, const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	int rc = 0;

	if (ensure_staging(o) < 0)
		return -1;
	f->slot = o->nstaged++;
	buf_printf(&tmp, "%s/%zu", o->stage, f->slot);
	if (stage_file(tmp.data, data, len) < 0) {
		diag_system("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp.data);
		rc = -1;
	} else
		f->staged = 1;
	buf_release(&tmp);
	return rc;
}

/* Replace DIR/.qbook-manifest with the lines of list (sorted, unique). */
static int
put_manifest(const struct out *o, const char *stage, char **list, size_t n)
{
	struct buf m = BUF_INIT, tmp = BUF_INIT;
	char *path = fsx_join(o->dir, MANIFEST);
	int rc;

	struct stat st;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(list[i], list[i - 1]) != 0)
			buf_printf(&m, "%s\n", list[i]);
	/* Like any output, the manifest is rewritten only when it changes. */
	if (lstat(path, &st) == 0 && same_bytes(path, &st, m.data, m.len)) {
		buf_release(&m);
		free(path);
		return 0;
	}
	buf_printf(&tmp, "%s/manifest", stage);
	unlink(tmp.data);
	rc = stage_file(tmp.data, m.data, m.len) < 0 || rename(tmp.data, path) < 0 ? -1 : 0;
	if (rc < 0)
		diag_system("cannot write '%s': %s", path, strerror(errno));
	buf_release(&tmp);
	buf_release(&m);
	free(path);
	return rc;
}

/* Remove a file of the previous build, and its directories once empty; never
 * through a symbolic link. */
static void
remove_stale(const struct out *o, const char *rel)
{
	char *path = fsx_join(o->dir, rel), *slash;
	size_t bad, base = strlen(o->dir);
	struct stat st;

	if (check_dirs(o, rel, 0, &bad) < 0) {
		free(path);
		return;
	}
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		unlink(path);
	/* rmdir fails harmlessly on a directory that still has files. */
	while ((slash = strrchr(path, '/')) != NULL && (size_t)(slash - path) > base) {
		*slash = '\0';
		if (rmdir(path) < 0)
			break;
	}
	free(path);
}

void
out_abandon(struct out *o)
{
	if (o->stage != NULL) {
		/* Staged files that were not renamed are no one's output. */
		clear_staging(o->stage);
		rmdir(o->stage);
		free(o->stage);
		sigaction(SIGXFSZ, &o->xfsz, NULL);
	}
	if (o->made_lock) {
		/* A failed build leaves nothing of its own behind. */
		char *lock = fsx_join(o->dir, LOCK);

		unlink(lock);
		free(lock);
	}
	if (o->lock >= 0)
		close(o->lock);
	remove_made(o);
	for (size_t i = 0; i < o->nold; i++)
		free(o->old[i]);
	free(o->old);
	for (size_t i = 0; i < o->nnow; i++)
		free(o->now[i].rel);
	free(o->now);
	free(o->dir);
	buf_release(&o->lastdir);
	free(o);
}

void
out_set_prefix(struct out *o, const char *prefix)
{
	o->prefix = prefix;
}

void
out_set_partial(struct out *o)
{
	o->partial = 1;
}

void
out_set_owns(struct out *o, int (*owns)(const char *rel))
{
	o->owns = owns;
}

void
out_set_changes(struct out *o, struct buf *log)
{
	o->changes = log;
}

size_t
out_written(const struct out *o)
{
	return o->written;
}

size_t
out_unchanged(const struct out *o)
{
	return o->unchanged;
}

/* Whether old file rel stays whatever this build makes: every one in a
 * partial build, those outside its scope in a scoped one. */
static int
kept(const struct out *o, const char *rel)
{
	return o->partial || (o->owns != NULL && !o->owns(rel));
}

/* The sorted paths of this build, plus the old ones when all_old, else
 * the old ones kept. */
static char **
path_list(const struct out *o, int all_old, size_t *n)
{
	char **v = xcalloc(o->nnow + o->nold + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < o->nnow; i++)
		v[(*n)++] = o->now[i].rel;
	for (size_t i = 0; i < o->nold; i++)
		if (all_old || kept(o, o->old[i]))
			v[(*n)++] = o->old[i];
	qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

/* Staged file f's name. */
static void
stage_name(struct buf *b, const char *stage, const struct out_file *f)
{
	buf_reset(b);
	buf_printf(b, "%s/%zu", stage, f->slot);
}

/*
 * Before anything changes: every staged file's directory exists (made now
 * if missing) and lets this process add entries, so that a rename does not
 * fail halfway through and leave the output part old, part new.  The
 * kernel's own access check answers (permissions, ACLs, read-only mounts,
 * immutable directories) without creating a file, so a build killed here
 * leaves nothing behind.  One check per directory (o->now is sorted, so a
 * directory's files are together).
 */
static int
ready_targets(struct out *o)
{
	struct buf dir = BUF_INIT, prev = BUF_INIT, full = BUF_INIT;
	size_t bad;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < o->nnow; i++) {
		const char *rel = o->now[i].rel, *slash = strrchr(rel, '/');
		char *path;

		if (!o->now[i].staged)
			continue;
		buf_reset(&dir);
		buf_add(&dir, rel, slash ? (size_t)(slash - rel) : 0);
		if (i > 0 && prev.len == dir.len && strcmp(prev.data, dir.data) == 0)
			continue;
		buf_reset(&prev);
		buf_add(&prev, dir.data, dir.len);
		path = fsx_join(o->dir, rel);
		buf_reset(&full);
		buf_printf(&full, "%s%s%s", o->dir, dir.len ? "/" : "", dir.data);
		if (check_dirs(o, rel, 1, &bad) < 0) {
			report_dir(path, bad, errno);
			rc = -1;
		} else if (faccessat(AT_FDCWD, full.data, W_OK | X_OK,
		    AT_EACCESS) < 0) {
			diag_system("cannot write '%s': %s", path, strerror(errno));
			rc = -1;
		}
		free(path);
	}
	buf_release(&dir);
	buf_release(&prev);
	buf_release(&full);
	return rc;
}

static int
same_dir(const char *a, const char *b)
{
	size_t n = dir_len(a);

	return n == dir_len(b) && memcmp(a, b, n) == 0;
}

/* Everything after the checks: see out.h for the order and why. */
static int
commit(struct out *o, const char *stage)
{
	struct buf tmp = BUF_INIT;
	char **list;
	size_t n, bad;
	int rc = 0;

	rc = ready_targets(o);
	if (rc == 0) {
		list = path_list(o, 1, &n);
		rc = put_manifest(o, stage, list, n);	/* the journal */
		free(list);
	}
	for (size_t i = 0, last = SIZE_MAX; rc == 0 && i < o->nnow; i++) {
		const char *rel = o->now[i].rel;
		char *path;

		if (!o->now[i].staged)
			continue;
		path = fsx_join(o->dir, rel);
		stage_name(&tmp, stage, &o->now[i]);
		/* Checked again right before the renames into each directory
		 * (o->now is sorted: a directory's files are together). */
		if ((last == SIZE_MAX || !same_dir(rel, o->now[last].rel)) &&
		    check_dirs(o, rel, 1, &bad) < 0) {
			report_dir(path, bad, errno);
			rc = -1;
		} else if (rename(tmp.data, path) < 0) {
			diag_system("cannot write '%s': %s", path, strerror(errno));
			rc = -1;
		}
		last = i;
		free(path);
	}
	if (rc == 0)
		for (size_t i = 0; i < o->nold; i++) {
			struct out_file key = { o->old[i], 0, 0 };

			if (!kept(o, o->old[i]) &&
			    bsearch(&key, o->now, o->nnow, sizeof(*o->now), cmp_file) == NULL)
				remove_stale(o, o->old[i]);
		}
	if (rc == 0) {
		list = path_list(o, 0, &n);
		rc = put_manifest(o, stage, list, n);
		free(list);
	}
	if (rc == 0 && o->legacy)
		remove_stale(o, LEGACY);
	buf_release(&tmp);
	return rc;
}

/* Whether two files of this build have one path (e.g. a theme asset named
 * like a generated one); o->now is sorted. */
static int
has_clash(const struct out *o)
{
	for (size_t i = 1; i < o->nnow; i++)
		if (strcmp(o->now[i].rel, o->now[i - 1].rel) == 0) {
			char *path = fsx_join(o->dir, o->now[i].rel);

			diag_system("cannot write '%s': two outputs of this build have that name", path);
			free(path);
			return 1;
		}
	return 0;
}

int
out_finish(struct out *o)
{
	int rc = -1;

	if (o->failed)
		goto done;
	if (o->nnow > 1)
		qsort(o->now, o->nnow, sizeof(*o->now), cmp_file);
	if (has_clash(o) || ensure_staging(o) < 0)
		goto done;
	rc = commit(o, o->stage);
	if (rc == 0) {
		rmdir(o->stage);
		free(o->stage);
		o->stage = NULL;
		sigaction(SIGXFSZ, &o->xfsz, NULL);
		/* They hold the output now, and the lock file is for next time. */
		for (size_t i = 0; i < o->nmade; i++)
			free(o->made[i]);
		o->nmade = 0;
		o->made_lock = 0;
	}
done:
	out_abandon(o);
	return rc;
}
