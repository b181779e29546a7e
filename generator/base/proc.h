/*
 * proc: a function run in a second process, for work that pays on a second
 * core (cmark-gfm and libharu keep process-global state, so threads are not
 * an option).  The one place qbook forks, waits and kills.
 *
 * proc_start forks a child that runs fn(ctx, fd) with the writing end of a
 * pipe and then ends at once (_exit: 0 when fn returned 0, else 2), without
 * returning to its caller.  The child dies with its parent (a killed build
 * leaves no worker behind) and is named what ps shows.  The parent reads
 * fn's results from p->fd until the end of the pipe, then calls
 * proc_finish; or, when it no longer wants them, proc_abandon.
 */
#ifndef QBOOK_PROC_H
#define QBOOK_PROC_H

#include <sys/types.h>

struct proc {
	pid_t		 pid;
	int		 fd;		/* the pipe's reading end */
	const char	*what;		/* "typesetting process", for messages */
};

/*
 * Start fn in a child named name (at most 15 bytes) and described as what.
 * Returns 0 in the parent, or -1 when no process could be made (nothing
 * reported: the caller does the work itself).
 */
int	 proc_start(struct proc *p, const char *name, const char *what,
	    int (*fn)(void *ctx, int fd), void *ctx);

/* Close the pipe and wait for the child.  Returns 0 when fn succeeded; -1
 * when it failed (it said why; a system error counts towards the exit
 * status here) or the child was killed (reported here). */
int	 proc_finish(struct proc *p);

/* Kill the child and wait for it; nothing is reported. */
void	 proc_abandon(struct proc *p);

#endif
