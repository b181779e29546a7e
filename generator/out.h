/*
 * out: writing an output tree safely.
 *
 * A build writes through one struct out.  Each file goes to a temporary name
 * in its directory and is renamed into place, so a reader (or a killed build)
 * sees the old file or the new one, never half of one.  A file whose bytes
 * are unchanged is not rewritten, so its mtime stays.  The list of files a
 * build wrote is kept in DIR/.qbook-manifest; out_finish removes the files
 * the previous build wrote that this one did not, and nothing else: it never
 * follows symbolic links and never touches files it did not write.
 */
#ifndef QBOOK_OUT_H
#define QBOOK_OUT_H

#include <stddef.h>

struct out {
	char	*dir;		/* the output directory */
	char	**old;		/* files of the previous build (sorted), relative */
	size_t	 nold;
	char	**now;		/* files of this build, relative */
	size_t	 nnow, capnow;
	size_t	 written;	/* files whose bytes changed */
	size_t	 unchanged;	/* files left as they were */
	int	 failed;	/* a write failed (reported); sticky */
	int	 partial;	/* this build writes some files only: nothing
				 * is stale, the manifest keeps the old list */
};

/* Start writing into dir (created if missing).  Returns 0, or -1 after
 * printing a system error. */
int	 out_open(struct out *o, const char *dir);
/* Write rel (a relative path with '/' separators) with the given bytes.
 * Returns 0, or -1 after printing a system error (also sticky in o). */
int	 out_write(struct out *o, const char *rel, const void *data, size_t len);
/* Remove stale files, write the manifest, free o.  Returns 0 or -1. */
int	 out_finish(struct out *o);
/* Free o without removing anything (after a failure). */
void	 out_abandon(struct out *o);

#endif
