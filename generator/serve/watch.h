/*
 * watch: telling when the files below some directories change, for qbook
 * serve.  The one place qbook uses inotify.
 *
 * Every directory below each root is watched, and directories made later
 * are added as they appear.  Not watched: dot directories and the
 * directories given to watch_ignore (the output directory, when it lies
 * inside the content directory), compared by device and inode so that any
 * spelling of the path matches.  Events on editors' scratch files (names
 * starting with '.', ending in '~', or vim's probe "4913") do not count.
 */
#ifndef QBOOK_WATCH_H
#define QBOOK_WATCH_H

struct watch;

/* A watcher with nothing watched yet, or NULL with errno set. */
struct watch *watch_new(void);
/* Never watch dir or anything below it (call before watch_tree).  A
 * directory that does not exist yet is ignored. */
void	 watch_ignore(struct watch *w, const char *dir);
/* Watch root and every directory below it.  Returns 0, or -1 with errno
 * set when root cannot be watched (directories below it that vanish
 * meanwhile are skipped). */
int	 watch_tree(struct watch *w, const char *root);
/* The descriptor to poll for input. */
int	 watch_fd(const struct watch *w);
/* Read the events pending (it never blocks) and watch the directories
 * they made.  Returns how many concern files that count, or -1 with errno
 * set on a read error. */
int	 watch_read(struct watch *w);
void	 watch_free(struct watch *w);

#endif
