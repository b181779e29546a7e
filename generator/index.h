/*
 * index: stage 3.  Rules that span files: unique question ids, `related:`
 * and `q:` links that resolve, questions that share a title, categories
 * named by guides.  Lookups are by hash table and sorting, never pairwise
 * scans, so a large bank stays linear-ish.
 */
#ifndef QBOOK_INDEX_H
#define QBOOK_INDEX_H

#include <stddef.h>

#include "diag.h"

struct bank;
struct question;

/* Check cross-file rules of a freshly built bank; problems go to d. */
void	 index_check(struct bank *b, struct diags *d);

/* The question with this id, or NULL (valid after index_check). */
struct question *index_find(const struct bank *b, const char *id);

#endif
