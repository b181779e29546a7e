/*
 * out: writing an output tree safely.
 *
 * A build writes through one struct out.  out_write checks that a file may
 * be written and puts its bytes aside in a staging directory; no output file
 * changes until out_finish, so a build that fails anywhere leaves the output
 * as it was (out_abandon empties the staging directory).  The rules:
 *
 * Ownership.  DIR/.qbook-manifest lists every file qbook wrote into DIR.  A
 *   build writes a path only if the previous manifest lists it, or nothing
 *   is there, or a regular file there already holds exactly the bytes this
 *   build would write (then it is adopted, not rewritten).  Any other file,
 *   directory or link at a target path is someone else's: the build reports
 *   "refusing to overwrite" naming it and writes nothing.  Stale files (in
 *   the old manifest, not made by this build) are removed, and nothing else
 *   is ever removed.
 *
 * No links followed.  Every component of a target path below DIR is checked
 *   with lstat: a symbolic link there (say DIR/site -> /elsewhere) makes the
 *   build fail before writing; stale-file removal skips any path that runs
 *   through a link.  DIR itself may be a link: the user chose it.
 *
 * Atomic files, a journaled manifest.  out_write writes every changed file
 *   in full into DIR/.qbook-staging as it comes (same file system, so rename
 *   is atomic; and a build holds one output at a time in memory, not the
 *   whole site), emptied at the start of each build and removed at its end.
 *   A write error (full disk, file size limit: SIGXFSZ is ignored meanwhile
 *   so write returns EFBIG) stops the build there with the old output intact.
 *   out_finish replaces the manifest by the union of the old and new lists
 *   (the journal), renames the staged files into place, removes stale files
 *   and replaces the manifest by the new list.  A build killed at
 *   any moment therefore leaves every file complete, old or new, and listed
 *   in the manifest, so the next build owns it.
 *
 * One build at a time.  A build holds OUT/.qbook-lock (flock) from reading
 *   the manifest to writing it; another build into the same directory
 *   waits for it.  Before the journal every target directory is made and
 *   checked for write access (no probe file, so a kill leaves nothing
 *   extra), so a read-only directory fails the build while the
 *   output is still as it was.  A target that is not a regular file is
 *   refused.
 *
 * Unchanged files (same bytes) are not rewritten, so their mtimes stay.
 */
#ifndef QBOOK_OUT_H
#define QBOOK_OUT_H

#include <stddef.h>

#include "base/buf.h"

struct out;

/* Start a build into dir: create it if missing, refuse it when it is '/' or
 * holds guard (the content directory; NULL: no check), wait for any other
 * build writing into it, read its manifest.  *o is the build's writer
 * either way.  Returns 0, or -1 after printing why (*o must still be
 * released with out_abandon). */
int	 out_open(struct out **o, const char *dir, const char *guard);
/* Prepend prefix ("site/") to the paths given to out_write from now on;
 * NULL: none.  The string is not copied. */
void	 out_set_prefix(struct out *o, const char *prefix);
/* This build writes some files only (a handout): nothing is stale, and the
 * manifest keeps the old list. */
void	 out_set_partial(struct out *o);
/* This build answers for the old files owns() accepts (the others stay, as
 * in a partial build): --only site or --only pdf. */
void	 out_set_owns(struct out *o, int (*owns)(const char *rel));
/* From now on, append to log (a part each: buf_add_part) the path given to
 * out_write (without the prefix) of each file whose bytes change; NULL:
 * stop.  For qbook serve, which tells the pages that changed. */
void	 out_set_changes(struct out *o, struct buf *log);
/* Files recorded so far whose bytes change, and files left as they were. */
size_t	 out_written(const struct out *o);
size_t	 out_unchanged(const struct out *o);
/* Record that prefix+rel (a relative path with '/' separators) holds these
 * bytes (staged unless unchanged).  Returns 0, or -1 after printing why it may not be
 * written (also sticky in o). */
int	 out_write(struct out *o, const char *rel, const void *data, size_t len);
/* Write everything as described above, free o.  Returns 0, or -1 after
 * printing a system error (or when a write failed before). */
int	 out_finish(struct out *o);
/* Free o without writing anything (after a failure). */
void	 out_abandon(struct out *o);

#endif
