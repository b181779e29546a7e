/*
 * fsx: the file-system edge.  Reading whole files with a size cap, sorted
 * directory listings and symlink containment checks.  No other module calls
 * opendir/open/stat for input.  Also the pipe to a second process that
 * shares the work (claims).
 */
#ifndef QBOOK_FSX_H
#define QBOOK_FSX_H

#include <stddef.h>

#include "buf.h"

enum fsx_type {
	FSX_FILE,
	FSX_DIR,
	FSX_LINK,	/* a symbolic link (not followed) */
	FSX_OTHER,	/* fifo, socket, device */
};

struct fsx_entry {
	char		*name;	/* file name, malloc'd */
	enum fsx_type	 type;	/* from lstat */
};

/*
 * Append the contents of path to out.  Returns 0 on success, -1 with errno
 * set on a system error, or 1 when the file is larger than cap bytes (then
 * *size holds its size and nothing is appended).
 */
int	 fsx_read(const char *path, size_t cap, struct buf *out, size_t *size);

/*
 * List dir (without "." and "..") sorted by name in byte order.  Returns 0
 * and a malloc'd array (free with fsx_list_free), or -1 with errno set.
 */
int	 fsx_list(const char *dir, struct fsx_entry **ents, size_t *n);
void	 fsx_list_free(struct fsx_entry *ents, size_t n);

/*
 * Whether path, with every symbolic link resolved, lies inside the
 * directory root_real (itself already resolved with realpath).  Sets *type
 * to the type of what the link points at.  Returns 1 inside, 0 outside, -1
 * when the link cannot be resolved (errno set).
 */
int	 fsx_inside(const char *root_real, const char *path, enum fsx_type *type);

/*
 * Whether directory outer, resolved, is "/", is inner or holds it (inner
 * resolved too): writing into it could overwrite inner.  Returns 1 or 0, or
 * -1 when either cannot be resolved (e.g. does not exist yet).
 */
int	 fsx_holds(const char *outer, const char *inner);

/* mkdir -p: path and its missing parents.  Returns 0 or -1 with errno set
 * (an empty path is ENOENT).  When made is not NULL, *made lists the
 * directories this call created, outermost first (malloc'd strings in a
 * malloc'd array of *nmade). */
int	 fsx_mkdirs(const char *path, char ***made, size_t *nmade);

/* path joined as a/b into a malloc'd string. */
char	*fsx_join(const char *a, const char *b);

/* Write all of p[0..len) to fd.  Returns 0, or -1 with errno set. */
int	 fsx_write_all(int fd, const void *p, size_t len);

/*
 * Work shared with a second process (cmark-gfm's global state rules out
 * threads), in chunks that each process claims from a counter both see
 * (made before the fork), next first, so the faster one does more.  A
 * chunk's work has two steps: make, the costly part, whose results go into
 * a buffer and which either process may do; and use, done by the main
 * process chunk after chunk in order, so that output and diagnostics come
 * in the same order as from one process alone.  The helper sends what it
 * makes through a pipe; the main process, which also uses every chunk,
 * makes one only while the helper has nothing for it.
 */
struct claims;

struct claims_work {
	/* Chunk k's results into out, changing nothing else. */
	void	(*make)(void *ctx, size_t k, struct buf *out);
	/* Use made, chunk k's results.  Returns 0, -1 (ORed into the
	 * result), or CLAIMS_LOST when made is malformed. */
	int	(*use)(void *ctx, size_t k, const struct buf *made);
	void	*ctx;
};

/* Stop: the helper's results stopped coming, or came broken. */
#define CLAIMS_LOST	(-2)

/* For n chunks; NULL when there are fewer than min (a second process
 * would not pay) or nothing can be shared. */
struct claims *claims_new(size_t n, size_t min);
/* Each process frees its mapping. */
void	 claims_free(struct claims *cl);
/* With no helper: make and use each of n chunks in turn.  Returns as
 * claims_run. */
int	 claims_alone(size_t n, const struct claims_work *w);
/* In the helper: make the chunks it claims, sending each through fd.
 * Returns 0, or -1 when fd could not be written (errno says why). */
int	 claims_help(struct claims *cl, const struct claims_work *w, int fd);
/* In the main process, reading the helper's chunks from fd: use every
 * chunk in order.  Returns use's results ORed, or CLAIMS_LOST. */
int	 claims_run(struct claims *cl, const struct claims_work *w, int fd);

#endif
