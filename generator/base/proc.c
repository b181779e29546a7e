/*
 * proc: fork, wait and kill, written once.
 */
#define _GNU_SOURCE	/* F_SETPIPE_SZ */
#include "base/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/diag.h"

/* The pipe's size: the largest an unprivileged process may set by default
 * (/proc/sys/fs/pipe-max-size), so that the child can run ahead of a busy
 * reader (the default holds a few pages). */
#define PIPE_ROOM	(1024 * 1024)

/* In the child: run fn and end, never returning. */
static void
run_child(pid_t parent, const char *name, int fd, int (*fn)(void *, int), void *ctx)
{
	int rc;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(2);	/* the parent died before the line above */
	prctl(PR_SET_NAME, name);
	/* A child whose reader went away just ends, whatever the disposition
	 * qbook inherited: its error would be noise. */
	signal(SIGPIPE, SIG_DFL);
	rc = fn(ctx, fd);
	if (close(fd) < 0 && rc == 0)
		rc = -1;
	fflush(NULL);
	_exit(rc == 0 ? 0 : 2);
}

int
proc_start(struct proc *p, const char *name, const char *what,
    int (*fn)(void *ctx, int fd), void *ctx)
{
	int fds[2];
	pid_t parent = getpid();

	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETPIPE_SZ, PIPE_ROOM);	/* where refused, it waits more */
	fflush(stdout);
	fflush(stderr);
	p->pid = fork();
	if (p->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (p->pid == 0) {
		close(fds[0]);
		run_child(parent, name, fds[1], fn, ctx);
	}
	close(fds[1]);
	p->fd = fds[0];
	p->what = what;
	return 0;
}

/* Wait for the child; *status as waitpid gives it.  0, or -1 reported. */
static int
reap(struct proc *p, int *status)
{
	while (waitpid(p->pid, status, 0) < 0)
		if (errno != EINTR) {
			diag_system("cannot wait for the %s: %s", p->what, strerror(errno));
			return -1;
		}
	return 0;
}

int
proc_finish(struct proc *p)
{
	int status;

	BUG_ON(p->pid <= 0);
	close(p->fd);
	if (reap(p, &status) < 0)
		return -1;
	if (WIFSIGNALED(status)) {
		diag_system("the %s was killed by signal %d", p->what, WTERMSIG(status));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	diag_seen(DIAG_SYSTEM);	/* what it printed counts here */
	return -1;
}

void
proc_abandon(struct proc *p)
{
	int status;

	/* Killed before its pipe is closed, so that it cannot report the
	 * closed pipe. */
	kill(p->pid, SIGKILL);
	close(p->fd);
	while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
		;
}
