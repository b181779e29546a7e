/*
 * index: stage 3, run once after loading and before any output.  Rules
 * that span files (unique question ids, `related:` and `q:` links that
 * resolve, questions that share a title, categories named by guides) and
 * the A-Z cross-index.  Lookups are by hash table and sorting, never
 * pairwise scans, so a large bank stays linear-ish.
 */
#ifndef QBOOK_INDEX_H
#define QBOOK_INDEX_H

#include <stddef.h>

#include "base/diag.h"

struct bank;
struct question;

/* A sub-entry of the cross-index ("term/subterm" in index:). */
struct xsub {
	const char	 *term;		/* as first written */
	const char	 *key;		/* folded, for sorting */
	struct question	**qs;		/* in bank order, no repeats */
	size_t		  nq, cap;
};

/* An entry of the cross-index: a tag or an index: term. */
struct xentry {
	const char	 *term;		/* as first written */
	const char	 *key;		/* folded, leading punctuation ignored */
	const char	 *anchor;	/* unique, [a-z0-9-] */
	char		  letter;	/* 'A'..'Z', or '#' */
	struct question	**qs;		/* in bank order, no repeats */
	size_t		  nq;
	struct xsub	 *subs;		/* sorted by key */
	size_t		  nsubs;
	struct xentry	**see;		/* "see also": tags that co-occur most */
	size_t		  nsee;
	size_t		  cap, subcap;	/* growth while building */
	size_t		  pos;		/* index in b->concepts */
};

/*
 * Check the cross-file rules of a freshly loaded bank (problems go to d)
 * and, when d holds no error, build the A-Z cross-index into b
 * (b->concepts, sorted case-insensitively with leading punctuation
 * ignored).  The bank is read-only from then on.
 */
void	 index_build(struct bank *b, struct diags *d);

/* The question with this id, or NULL (valid after index_build). */
struct question *index_find(const struct bank *b, const char *id);

#endif
