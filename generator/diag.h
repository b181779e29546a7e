/*
 * diag: every problem qbook reports about its input, in one catalogue.
 *
 * A diagnostic is a catalogue entry (fixed severity and message format), a
 * position (file, 1-based line and column; line 0 means the whole file) and
 * the format's arguments.  Diagnostics are collected, not printed at once:
 * diag_flush sorts them by file, line and column and prints them GCC style,
 *
 *     content/oop/mro.md:4:8: error: unknown level 'expert' (levels: junior, mid, senior)
 *
 * followed by a count line.  A note is attached to the diagnostic before it
 * (e.g. the first place of a duplicate) and printed right after it.
 */
#ifndef QBOOK_DIAG_H
#define QBOOK_DIAG_H

#include <stdio.h>

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

/* The catalogue; messages are in diag.c, in the same order. */
enum diag_id {
	/* files and encoding */
	D_READ,			/* %s: reason */
	D_TOO_LARGE,		/* %zu: size */
	D_NUL,
	D_UTF8,			/* %u: first bad byte */
	D_EMPTY_FILE,
	D_SYMLINK_OUT,
	D_NOT_REGULAR,
	D_IGNORED_FILE,
	D_NESTED_DIR,
	D_BAD_DIRNAME,		/* %s */
	D_BAD_FILENAME,		/* %s */
	D_NO_CONFIG,
	D_NO_QUESTIONS,
	D_OUTSIDE_CATEGORY,
	D_NO_CATEGORY_INDEX,	/* %s */
	D_EMPTY_CATEGORY,	/* %s */
	/* front matter syntax */
	D_FM_MISSING,
	D_FM_UNCLOSED,
	D_YAML,			/* %s problem, %s context */
	D_YAML_TAB,
	D_YAML_ALIAS,
	D_YAML_ANCHOR,
	D_YAML_TAG,		/* %s */
	D_YAML_NOT_MAP,		/* %s: what it is */
	D_YAML_KEY,
	D_YAML_DEPTH,
	D_DUP_KEY,		/* %s */
	D_DUP_KEY_FIRST,	/* note: %s */
	D_UNKNOWN_KEY,		/* %s */
	D_UNKNOWN_KEY_HINT,	/* %s, %s suggestion */
	/* types */
	D_WANT_STRING,		/* %s key, %s found */
	D_WANT_LIST,		/* %s key, %s found */
	D_WANT_LIST_ITEM,	/* %s key, %s found */
	D_WANT_INT,		/* %s key, %s value */
	D_INT_RANGE,		/* %s key, %d, %d */
	D_WANT_BOOL,		/* %s key, %s value */
	D_WANT_MAP,		/* %s key, %s found */
	D_MISSING_KEY,		/* %s key */
	/* questions */
	D_NO_TITLE,
	D_EMPTY_TITLE,
	D_BAD_ID,		/* %s */
	D_DUP_ID,		/* %s */
	D_DUP_ID_FIRST,		/* note: %s */
	D_UNKNOWN_LEVEL,	/* %s, %s list */
	D_UNKNOWN_ROUND,	/* %s, %s list */
	D_UNKNOWN_KIND,		/* %s */
	D_EMPTY_TAG,
	D_EMPTY_INDEX,
	D_BAD_INDEX_TERM,	/* %s */
	D_UNKNOWN_RELATED,	/* %s */
	D_SELF_RELATED,		/* %s */
	D_UNKNOWN_QLINK,	/* %s */
	D_NO_LISTEN,
	D_LISTEN_EMPTY,
	D_SECTION_NOT_LIST,	/* %s */
	D_DUP_SECTION,		/* %s */
	D_DUP_TITLE,		/* %s other file */
	D_DUP_TITLE_FIRST,	/* note */
	D_MD_DEPTH,		/* %d limit */
	D_LONG_NAME,		/* %s what, %zu length, %d limit */
	/* settings */
	D_BAD_IDENT,		/* %s what, %s value */
	D_DUP_IDENT,		/* %s what, %s value */
	D_UNKNOWN_REF,		/* %s what, %s value */
	D_BAD_VALUE,		/* %s key, %s value, %s allowed */
	D_BAD_URL,		/* %s key, %s value */
	/* themes */
	D_TEMPLATE,		/* %s message */
	D_NO_THEME,		/* %s name, %s reason */
	D_NO_TEMPLATE,		/* %s theme, %s template */
	/* typesetting */
	D_NO_GLYPH,		/* %s character, %04X code point */
	D_COUNT
};

struct diag_item;

struct diags {
	struct diag_item *items;	/* in report order */
	size_t		  n, cap;
	int		  strict;	/* warnings count as errors */
};

#define DIAGS_INIT { NULL, 0, 0, 0 }

/*
 * Record a diagnostic.  file is copied.  Returns the item's index for
 * diag_note; returns -1 always usable as "the error path" value is not
 * needed: callers check diag_errors at stage ends.
 */
int	 diag(struct diags *d, enum diag_id id, const char *file, int line,
	    int col, ...);
/* Attach a note (a D_*_FIRST entry) to item parent. */
void	 diag_note(struct diags *d, int parent, enum diag_id id,
	    const char *file, int line, int col, ...);
/* Errors so far (warnings too when strict). */
int	 diag_errors(const struct diags *d);
int	 diag_warnings(const struct diags *d);
/* Sort, print every item to fp, then the count line if anything was
 * printed.  Items are kept (a second flush prints them again). */
void	 diag_flush(struct diags *d, FILE *fp);
void	 diag_release(struct diags *d);

/* A usage or system error, printed at once: "qbook: error: ...". */
void	 diag_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Where diag_fatal prints from now on (stderr until changed): a process
 * working for another gathers its errors for that one to print. */
void	 diag_fatal_to(FILE *fp);

#endif
