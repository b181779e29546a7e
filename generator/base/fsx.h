/*
 * fsx: the file-system edge.  Reading whole files with a size cap, sorted
 * directory listings and symlink containment checks.  No other module calls
 * opendir/open/stat for input.
 */
#ifndef QBOOK_FSX_H
#define QBOOK_FSX_H

#include <stddef.h>

#include "base/buf.h"

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
 * *size, unless size is NULL, holds its size and nothing is appended).
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

/* The directory of the running program (malloc'd), or NULL when unknown. */
char	*fsx_self_dir(void);

/* Which file path is (links followed), as its device and inode: two paths
 * name the same file when both match.  Returns 0, or -1 with errno set. */
int	 fsx_identity(const char *path, unsigned long long *dev, unsigned long long *ino);

/* Whether something (a file, a directory, a link) is at path; whether a
 * directory is (links followed). */
int	 fsx_exists(const char *path);
int	 fsx_is_dir(const char *path);

/* path joined as a/b into a malloc'd string. */
char	*fsx_join(const char *a, const char *b);

/* Create path (it must not exist: an existing file is never overwritten)
 * holding p[0..len), mode 0644 before the umask.  Returns 0, or -1 with
 * errno set. */
int	 fsx_write_new(const char *path, const void *p, size_t len);

/* Write all of p[0..len) to fd.  Returns 0, or -1 with errno set. */
int	 fsx_write_all(int fd, const void *p, size_t len);
/* Read exactly len bytes from fd into p; -1 on an error or an early end. */
int	 fsx_read_all(int fd, void *p, size_t len);

#endif
