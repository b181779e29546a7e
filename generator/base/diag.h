/*
 * diag: every problem qbook reports, through one channel.
 *
 * Problems with the input (the bank, the theme) are diagnostics: a
 * catalogue entry (fixed severity and message text, its details by a
 * printf format), a position (file, 1-based line and column; line 0 means
 * the whole file) and the format's arguments.  The compiler checks the
 * arguments of every call against its entry's format, so a wrong argument
 * does not build (-Werror=format).  Diagnostics are collected, not printed
 * at once: diag_flush sorts them by file, line and column and prints them
 * GCC style,
 *
 *     content/oop/mro.md:4:8: error: unknown level 'expert' (levels: junior, mid, senior)
 *
 * followed by a count line.  A note is attached to the diagnostic before it
 * (e.g. the first place of a duplicate) and printed right after it.
 *
 * Problems with the command line (usage) and with the system (a full disk,
 * a file that cannot be written) are printed at once, "qbook: error: ...",
 * naming the file concerned and what qbook was doing.
 *
 * The exit status follows the worst level seen in the process (and those
 * another process reported through diag_seen): 0 for nothing worse than a
 * warning, 1 for content errors (warnings with --strict), 2 for usage and
 * system errors.
 */
#ifndef QBOOK_DIAG_H
#define QBOOK_DIAG_H

#include <stdio.h>

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,	/* in the content: exit status 1 */
	DIAG_USAGE,	/* the command line: exit status 2 */
	DIAG_SYSTEM,	/* the system: exit status 2 */
};

/*
 * The catalogue.  Each entry is its level and its format, used as the
 * second argument of diag() and diag_note().
 */
/* files and encoding */
#define D_READ	DIAG_ERROR, \
	"cannot read file: %s"
#define D_TOO_LARGE	DIAG_ERROR, \
	"file is %zu bytes, over the %zu MiB limit"
#define D_NUL	DIAG_ERROR, \
	"NUL byte in file"
#define D_UTF8	DIAG_ERROR, \
	"invalid UTF-8 (byte 0x%02X); files must be UTF-8"
#define D_EMPTY_FILE	DIAG_ERROR, \
	"file is empty"
#define D_SYMLINK_OUT	DIAG_ERROR, \
	"symbolic link leads outside the content directory"
#define D_NOT_REGULAR	DIAG_ERROR, \
	"not a regular file"
#define D_IGNORED_FILE	DIAG_WARNING, \
	"file ignored: only '.md' files are read"
#define D_RESERVED_DIR	DIAG_WARNING, \
	"'%s/' is not a category (it is reserved for %s): its Markdown files are not read"
#define D_NESTED_DIR	DIAG_WARNING, \
	"directory ignored: categories cannot be nested"
#define D_BAD_DIRNAME	DIAG_ERROR, \
	"invalid category directory name '%s': use lower-case letters, digits and '-'"
#define D_BAD_FILENAME	DIAG_ERROR, \
	"invalid file name '%s': use lower-case letters, digits and '-', ending in '.md'"
#define D_NO_CONFIG	DIAG_ERROR, \
	"missing qbook.yaml (the guide settings)"
#define D_NO_QUESTIONS	DIAG_ERROR, \
	"no questions found"
#define D_OUTSIDE_CATEGORY	DIAG_ERROR, \
	"question outside a category: move it into a category directory"
#define D_NO_CATEGORY_INDEX	DIAG_WARNING, \
	"category '%s' has no _index.md; its title will be the directory name"
#define D_EMPTY_CATEGORY	DIAG_WARNING, \
	"category '%s' has no questions"

/* front matter syntax */
#define D_FM_MISSING	DIAG_ERROR, \
	"missing front matter: the file must start with a '---' line"
#define D_FM_UNCLOSED	DIAG_ERROR, \
	"front matter is not closed: no '---' line follows this one"
#define D_YAML	DIAG_ERROR, \
	"front matter: %s%s"
#define D_YAML_TAB	DIAG_ERROR, \
	"tab character in YAML indentation; indent with spaces"
#define D_YAML_ALIAS	DIAG_ERROR, \
	"YAML aliases ('*name') are not allowed"
#define D_YAML_ANCHOR	DIAG_ERROR, \
	"YAML anchors ('&name') are not allowed"
#define D_YAML_TAG	DIAG_ERROR, \
	"YAML tags ('%s') are not allowed"
#define D_YAML_NOT_MAP	DIAG_ERROR, \
	"front matter must be a mapping of keys to values, not %s"
#define D_YAML_KEY	DIAG_ERROR, \
	"keys must be plain strings"
#define D_YAML_DEPTH	DIAG_ERROR, \
	"front matter is nested too deeply"
#define D_DUP_KEY	DIAG_ERROR, \
	"duplicate key '%s'"
#define D_DUP_KEY_FIRST	DIAG_NOTE, \
	"'%s' first given here"
#define D_UNKNOWN_KEY	DIAG_WARNING, \
	"unknown key '%s'"
#define D_LEFT_OUT	DIAG_NOTE, \
	"so question '%s' has no %s, and handout '%s' leaves it out"
#define D_UNKNOWN_KEY_HINT	DIAG_WARNING, \
	"unknown key '%s'; did you mean '%s'?"

/* types */
#define D_WANT_STRING	DIAG_ERROR, \
	"'%s' must be a string, not %s"
#define D_WANT_LIST	DIAG_ERROR, \
	"'%s' must be a list, not %s (write [a, b])"
#define D_WANT_LIST_ITEM	DIAG_ERROR, \
	"items of '%s' must be strings, not %s"
#define D_WANT_INT	DIAG_ERROR, \
	"'%s' must be an integer, not '%s'"
#define D_INT_RANGE	DIAG_ERROR, \
	"'%s' must be between %d and %d"
#define D_WANT_BOOL	DIAG_ERROR, \
	"'%s' must be true or false, not '%s'"
#define D_WANT_MAP	DIAG_ERROR, \
	"'%s' must be a mapping, not %s"
#define D_MISSING_KEY	DIAG_ERROR, \
	"missing '%s'"

/* questions */
#define D_NO_TITLE	DIAG_ERROR, \
	"missing title"
#define D_EMPTY_TITLE	DIAG_ERROR, \
	"title is empty"
#define D_BAD_ID	DIAG_ERROR, \
	"invalid id '%s': use lower-case letters, digits and '-'"
#define D_DUP_ID	DIAG_ERROR, \
	"duplicate id '%s'"
#define D_DUP_ID_FIRST	DIAG_NOTE, \
	"'%s' is first used here"
#define D_UNKNOWN_LEVEL	DIAG_ERROR, \
	"unknown level '%s' (levels: %s)"
#define D_UNKNOWN_ROUND	DIAG_ERROR, \
	"unknown round '%s' (rounds: %s)"
#define D_UNKNOWN_KIND	DIAG_ERROR, \
	"unknown kind '%s' (kinds: technical, behavioral, coding, system-design)"
#define D_EMPTY_TAG	DIAG_ERROR, \
	"empty tag"
#define D_EMPTY_INDEX	DIAG_ERROR, \
	"empty index term"
#define D_BAD_INDEX_TERM	DIAG_ERROR, \
	"invalid index term '%s': write 'term' or 'term/subterm' (a literal slash is '\\/')"
#define D_UNKNOWN_RELATED	DIAG_ERROR, \
	"related question '%s' does not exist"
#define D_SELF_RELATED	DIAG_WARNING, \
	"question '%s' lists itself as related"
#define D_UNKNOWN_QLINK	DIAG_ERROR, \
	"link to unknown question 'q:%s'"
#define D_NO_LISTEN	DIAG_ERROR, \
	"missing '## What to listen for' section"
#define D_LISTEN_EMPTY	DIAG_ERROR, \
	"'What to listen for' has no list items"
#define D_SECTION_NOT_LIST	DIAG_ERROR, \
	"'%s' must be a list"
#define D_NEAR_SECTION	DIAG_WARNING, \
	"heading '%s' opens no section: did you mean '%s'? It stays in the answer notes"
#define D_DUP_SECTION	DIAG_ERROR, \
	"second '%s' section"
#define D_DUP_TITLE	DIAG_WARNING, \
	"same title as question '%s'"
#define D_DUP_TITLE_FIRST	DIAG_NOTE, \
	"'%s' has this title"
#define D_MD_DEPTH	DIAG_ERROR, \
	"Markdown nested more than %d levels deep (a list level counts as two)"
#define D_HTML_DROPPED	DIAG_WARNING, \
	"raw HTML is left out of the site and the guide (%zu place%s in this " \
	"file); write it in Markdown, or set unsafe_html: true in qbook.yaml"
#define D_LONG_NAME	DIAG_ERROR, \
	"%s is %zu bytes long, over the %d-byte limit (it names an output file)"

/* settings */
#define D_BAD_IDENT	DIAG_ERROR, \
	"invalid %s '%s': use lower-case letters, digits and '-'"
#define D_DUP_IDENT	DIAG_ERROR, \
	"duplicate %s '%s'"
#define D_UNKNOWN_REF	DIAG_ERROR, \
	"unknown %s '%s'"
#define D_BAD_VALUE	DIAG_ERROR, \
	"invalid %s '%s' (%s)"
#define D_SETTING_FILE	DIAG_ERROR, \
	"cannot use %s '%s': %s"
#define D_BAD_LANGUAGE	DIAG_WARNING, \
	"language '%s' is not a BCP 47 tag (such as en, de, pt-BR, zh-CN): English is used"
#define D_NO_CATALOGUE	DIAG_WARNING, \
	"no catalogue for language '%s': qbook's own words stay in English (catalogues: %s); labels: in qbook.yaml can give them"
#define D_CATALOGUE_GAPS	DIAG_WARNING, \
	"the '%s' catalogue lacks %s: the English text is used"
#define D_LABEL_KEY	DIAG_ERROR, \
	"unknown label '%s' (the labels are the keys of themes/locales/en.yaml)"
#define D_LABEL_KEY_HINT	DIAG_ERROR, \
	"unknown label '%s'; did you mean '%s'?"
#define D_LABEL_FORM	DIAG_ERROR, \
	"label '%s': '%s' is not a plural form (forms: zero, one, two, few, many, other)"
#define D_LABEL_FORM_OTHER	DIAG_ERROR, \
	"label '%s' needs an 'other' form"
#define D_LABEL_VALUE	DIAG_ERROR, \
	"label '%s' must be a string or a mapping of plural forms, not %s"
#define D_LABEL_MONTHS	DIAG_ERROR, \
	"months must be a list of the twelve months' names"
#define D_LABELS_MAP	DIAG_ERROR, \
	"labels must be a mapping of label to text, not %s"
#define D_IMAGE	DIAG_ERROR, \
	"cannot use image '%s': %s"
#define D_IMAGE_REMOTE	DIAG_WARNING, \
	"image '%s' is not fetched: the site links to it, the guide shows its description instead"
#define D_BAD_URL	DIAG_ERROR, \
	"'%s' must be an http or https URL, not '%s'"

/* themes */
#define D_TEMPLATE	DIAG_ERROR, \
	"template: %s"
#define D_NO_VALUE	DIAG_ERROR, \
	"template: no value '%s' on this page (themes/README.md lists each " \
	"template's values)"
#define D_NO_VALUE_HINT	DIAG_ERROR, \
	"template: no value '%s' here; did you mean '%s'?"
#define D_NO_VALUE_IN	DIAG_ERROR, \
	"template: no value '%s' in an item of '%s' or around it (themes/README.md " \
	"lists each template's values)"
#define D_NO_THEME	DIAG_ERROR, \
	"cannot use theme '%s': %s"
#define D_THEME_ABSOLUTE	DIAG_ERROR, \
	"theme '%s' is an absolute path: give a name, or a path relative to " \
	"qbook.yaml (--theme takes any path)"
#define D_THEME_OUTSIDE	DIAG_ERROR, \
	"cannot use theme '%s': it lies outside '%s', the directory that holds " \
	"the bank (links resolved); a theme from elsewhere is chosen with --theme"
#define D_THEME_KEY	DIAG_ERROR, \
	"unknown key '%s' (keys here: %s)"
#define D_THEME_KEY_HINT	DIAG_ERROR, \
	"unknown key '%s'; did you mean '%s'?"
#define D_NO_FONT	DIAG_ERROR, \
	"cannot use font '%s': %s"
#define D_NO_TEMPLATE	DIAG_ERROR, \
	"theme '%s' has no template '%s' (nor does any theme it extends)"

#define D_NO_HYPHENATION	DIAG_WARNING, \
	"no hyphenation patterns for '%s' are installed (Debian package %s): the guide is set without hyphenation"

/* typesetting */
#define D_NO_GLYPH_WORDS	DIAG_WARNING, \
	"no installed font can draw '%s' (U+%04X) of qbook's own words in this language: the PDF shows a replacement character; %s"
#define D_NO_GLYPH	DIAG_WARNING, \
	"no installed font can draw '%s' (U+%04X): the PDF shows a replacement character; %s"

struct diag_item;

struct diags {
	struct diag_item *items;	/* in report order */
	size_t		  n, cap;
	int		  strict;	/* warnings count as errors */
};

#define DIAGS_INIT { NULL, 0, 0, 0 }

/*
 * Record diagnostic ENTRY (one of the D_ names above) at file (copied),
 * line and col, with the arguments its format wants:
 *
 *     diag(d, D_UNKNOWN_LEVEL, file, line, col, level, list);
 *
 * Returns the item's index for diag_note.
 */
#define diag(d, ...)		diag_add((d), -1, __VA_ARGS__)
/* Attach a note (a D_*_FIRST entry) to item parent. */
#define diag_note(d, parent, ...) diag_add((d), (parent), __VA_ARGS__)
int	 diag_add(struct diags *d, int parent, enum diag_level level, const char *fmt,
	    const char *file, int line, int col, ...)
	    __attribute__((format(printf, 4, 8)));

/* The index of the item reported last at file:line:col, or -1: the
 * parent for a note that says what that problem changes. */
int	 diag_last_at(const struct diags *d, const char *file, int line, int col);

/* Errors so far (warnings too when strict). */
int	 diag_errors(const struct diags *d);
int	 diag_warnings(const struct diags *d);
/* Sort, print every item to fp, then the count line if anything was
 * printed; the items' levels count towards the exit status.  Items are
 * kept (a second flush prints them again). */
void	 diag_flush(struct diags *d, FILE *fp);
void	 diag_release(struct diags *d);

/* A usage error or a system error, printed at once: "qbook: error: ...". */
void	 diag_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 diag_system(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* How diagnostics are printed: GCC style (the default); JSON lines, one
 * object per diagnostic ({"file", "line", "column", "level", "message"},
 * file and position left out where there are none); GitHub workflow
 * commands (::error file=F,line=L,col=C::MESSAGE); or one SARIF 2.1.0
 * document, printed by diag_finish.  The count line is text only. */
enum diag_format { DIAG_TEXT, DIAG_JSON, DIAG_GITHUB, DIAG_SARIF };
void	 diag_set_format(enum diag_format f);
/* The end of the process's diagnostics: with SARIF, the document holding
 * every one of them (its tool is qbook version), to fp. */
void	 diag_finish(const char *version, FILE *fp);

/* Where diag_usage and diag_system print from now on (stderr until
 * changed, and again with NULL): a process working for another gathers its
 * messages for that one to print. */
void	 diag_to(FILE *fp);
/* That stream: where the caller flushes its diagnostics too. */
FILE	*diag_stream(void);
/* Report again, in this process's format, the system errors another process
 * printed as text ("qbook: error: ..." lines) into text. */
void	 diag_relay(const char *text);
/* Count a level that another process reported towards the exit status. */
void	 diag_seen(enum diag_level level);
/* The exit status for the worst level seen: 0, 1 or 2 (see above). */
int	 diag_exit_status(void);

/*
 * A broken invariant: a bug in qbook, not a problem with the input.
 * Prints "qbook: internal error at FILE:LINE: ..." and aborts.
 */
#define BUG(...)	diag_bug(__FILE__, __LINE__, __VA_ARGS__)
#define BUG_ON(cond)	((cond) ? diag_bug(__FILE__, __LINE__, "%s", #cond) : (void)0)
_Noreturn void diag_bug(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
