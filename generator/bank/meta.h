/*
 * meta: YAML front matter into a small tree; the only user of libyaml.
 *
 * libyaml parses but does not police: it accepts duplicate keys, resolves
 * no types and shares nodes through aliases.  meta_parse adds what qbook's
 * content format requires: duplicate keys are errors (with both places),
 * anchors, aliases and explicit tags are errors, the root must be a mapping
 * and nesting is limited.  Scalars keep their style so that callers can
 * tell the number 3 from the string "3".
 */
#ifndef QBOOK_META_H
#define QBOOK_META_H

#include <stddef.h>

#include "base/diag.h"
#include "base/mem.h"

enum meta_type {
	META_SCALAR,
	META_LIST,
	META_MAP,
};

struct meta_node {
	enum meta_type	  type;
	int		  line, col;	/* 1-based, in the file */
	const char	 *str;		/* scalar text, NUL-terminated */
	size_t		  len;		/* scalar length in bytes */
	int		  plain;	/* scalar was written without quotes */
	size_t		  n;		/* list items or map pairs */
	struct meta_node **items;	/* list items, or map values */
	struct meta_node **keys;	/* map keys (scalars), parallel to items */
};

/*
 * Parse text[0..len) (the lines between the two '---' lines).  first_line is
 * the file line of text[0]; file names the file in diagnostics.  Nodes are
 * allocated in arena.  On success returns 0 and sets *root to a mapping
 * (empty when text is blank).  On any error reports it and returns -1.
 */
int	 meta_parse(const char *text, size_t len, int first_line, const char *file,
	    struct arena *arena, struct diags *d, struct meta_node **root);

/* The value of key in map, or NULL. */
const struct meta_node *meta_get(const struct meta_node *map, const char *key);

/* Whether a scalar is YAML's null: empty, "~" or "null" when plain. */
int	 meta_is_null(const struct meta_node *n);

/* "a string", "a list", "a mapping" or "nothing": for messages. */
const char *meta_describe(const struct meta_node *n);

/* Whether key is one of known (NULL-terminated); when not, *near is the
 * known key a typo away from it (at most two edits), or NULL. */
int	 meta_known(const char *key, const char *const *known, const char **near);

#endif
