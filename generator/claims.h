/*
 * claims: work shared between this process and a second one, forked
 * after the claims are made.
 */
#ifndef QBOOK_CLAIMS_H
#define QBOOK_CLAIMS_H

#include <stddef.h>

#include "buf.h"

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

/* Items (questions, files) go into chunks of CLAIMS_CHUNK; below
 * CLAIMS_MIN chunks a second process does not pay for its start. */
#define CLAIMS_CHUNK	8
#define CLAIMS_MIN	4

/* How many chunks n items make. */
size_t	 claims_chunks(size_t n);
/* The items of chunk k of n items: [*from, *to). */
void	 claims_range(size_t k, size_t n, size_t *from, size_t *to);

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
