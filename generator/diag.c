/*
 * diag: the message catalogue, collection, sorting and GCC-style output.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

static const struct {
	enum diag_level	 level;
	const char	*fmt;
} catalogue[D_COUNT] = {
	[D_READ] = { DIAG_ERROR, "cannot read file: %s" },
	[D_TOO_LARGE] = { DIAG_ERROR, "file is %zu bytes, over the 1 MiB limit" },
	[D_NUL] = { DIAG_ERROR, "NUL byte in file" },
	[D_UTF8] = { DIAG_ERROR, "invalid UTF-8 (byte 0x%02X); files must be UTF-8" },
	[D_EMPTY_FILE] = { DIAG_ERROR, "file is empty" },
	[D_SYMLINK_OUT] = { DIAG_ERROR, "symbolic link leads outside the content directory" },
	[D_NOT_REGULAR] = { DIAG_ERROR, "not a regular file" },
	[D_IGNORED_FILE] = { DIAG_WARNING, "file ignored: only '.md' files are read" },
	[D_NESTED_DIR] = { DIAG_WARNING, "directory ignored: categories cannot be nested" },
	[D_BAD_DIRNAME] = { DIAG_ERROR, "invalid category directory name '%s': use lower-case letters, digits and '-'" },
	[D_BAD_FILENAME] = { DIAG_ERROR, "invalid file name '%s': use lower-case letters, digits and '-', ending in '.md'" },
	[D_NO_CONFIG] = { DIAG_ERROR, "missing qbook.yaml (the guide settings)" },
	[D_NO_QUESTIONS] = { DIAG_ERROR, "no questions found" },
	[D_OUTSIDE_CATEGORY] = { DIAG_ERROR, "question outside a category: move it into a category directory" },
	[D_NO_CATEGORY_INDEX] = { DIAG_WARNING, "category '%s' has no _index.md; its title will be the directory name" },
	[D_EMPTY_CATEGORY] = { DIAG_WARNING, "category '%s' has no questions" },
	[D_FM_MISSING] = { DIAG_ERROR, "missing front matter: the file must start with a '---' line" },
	[D_FM_UNCLOSED] = { DIAG_ERROR, "front matter is not closed: no '---' line follows this one" },
	[D_YAML] = { DIAG_ERROR, "front matter: %s%s" },
	[D_YAML_TAB] = { DIAG_ERROR, "tab character in YAML indentation; indent with spaces" },
	[D_YAML_ALIAS] = { DIAG_ERROR, "YAML aliases ('*name') are not allowed" },
	[D_YAML_ANCHOR] = { DIAG_ERROR, "YAML anchors ('&name') are not allowed" },
	[D_YAML_TAG] = { DIAG_ERROR, "YAML tags ('%s') are not allowed" },
	[D_YAML_NOT_MAP] = { DIAG_ERROR, "front matter must be a mapping of keys to values, not %s" },
	[D_YAML_KEY] = { DIAG_ERROR, "keys must be plain strings" },
	[D_YAML_DEPTH] = { DIAG_ERROR, "front matter is nested too deeply" },
	[D_DUP_KEY] = { DIAG_ERROR, "duplicate key '%s'" },
	[D_DUP_KEY_FIRST] = { DIAG_NOTE, "'%s' first given here" },
	[D_UNKNOWN_KEY] = { DIAG_WARNING, "unknown key '%s'" },
	[D_UNKNOWN_KEY_HINT] = { DIAG_WARNING, "unknown key '%s'; did you mean '%s'?" },
	[D_WANT_STRING] = { DIAG_ERROR, "'%s' must be a string, not %s" },
	[D_WANT_LIST] = { DIAG_ERROR, "'%s' must be a list, not %s (write [a, b])" },
	[D_WANT_LIST_ITEM] = { DIAG_ERROR, "items of '%s' must be strings, not %s" },
	[D_WANT_INT] = { DIAG_ERROR, "'%s' must be an integer, not '%s'" },
	[D_INT_RANGE] = { DIAG_ERROR, "'%s' must be between %d and %d" },
	[D_WANT_BOOL] = { DIAG_ERROR, "'%s' must be true or false, not '%s'" },
	[D_WANT_MAP] = { DIAG_ERROR, "'%s' must be a mapping, not %s" },
	[D_MISSING_KEY] = { DIAG_ERROR, "missing '%s'" },
	[D_NO_TITLE] = { DIAG_ERROR, "missing title" },
	[D_EMPTY_TITLE] = { DIAG_ERROR, "title is empty" },
	[D_BAD_ID] = { DIAG_ERROR, "invalid id '%s': use lower-case letters, digits and '-'" },
	[D_DUP_ID] = { DIAG_ERROR, "duplicate id '%s'" },
	[D_DUP_ID_FIRST] = { DIAG_NOTE, "'%s' is first used here" },
	[D_UNKNOWN_LEVEL] = { DIAG_ERROR, "unknown level '%s' (levels: %s)" },
	[D_UNKNOWN_ROUND] = { DIAG_ERROR, "unknown round '%s' (rounds: %s)" },
	[D_UNKNOWN_KIND] = { DIAG_ERROR, "unknown kind '%s' (kinds: technical, behavioral, coding, system-design)" },
	[D_EMPTY_TAG] = { DIAG_ERROR, "empty tag" },
	[D_EMPTY_INDEX] = { DIAG_ERROR, "empty index term" },
	[D_BAD_INDEX_TERM] = { DIAG_ERROR, "invalid index term '%s': write 'term' or 'term/subterm' (a literal slash is '\\/')" },
	[D_UNKNOWN_RELATED] = { DIAG_ERROR, "related question '%s' does not exist" },
	[D_SELF_RELATED] = { DIAG_WARNING, "question '%s' lists itself as related" },
	[D_UNKNOWN_QLINK] = { DIAG_ERROR, "link to unknown question 'q:%s'" },
	[D_NO_LISTEN] = { DIAG_ERROR, "missing '## What to listen for' section" },
	[D_LISTEN_EMPTY] = { DIAG_ERROR, "'What to listen for' has no list items" },
	[D_SECTION_NOT_LIST] = { DIAG_ERROR, "'%s' must be a list" },
	[D_DUP_SECTION] = { DIAG_ERROR, "second '%s' section" },
	[D_DUP_TITLE] = { DIAG_WARNING, "same title as question '%s'" },
	[D_DUP_TITLE_FIRST] = { DIAG_NOTE, "'%s' has this title" },
	[D_MD_DEPTH] = { DIAG_ERROR, "Markdown nested more than %d levels deep (a list level counts as two)" },
	[D_LONG_NAME] = { DIAG_ERROR, "%s is %zu bytes long, over the %d-byte limit (it names an output file)" },
	[D_BAD_IDENT] = { DIAG_ERROR, "invalid %s '%s': use lower-case letters, digits and '-'" },
	[D_DUP_IDENT] = { DIAG_ERROR, "duplicate %s '%s'" },
	[D_UNKNOWN_REF] = { DIAG_ERROR, "unknown %s '%s'" },
	[D_BAD_VALUE] = { DIAG_ERROR, "invalid %s '%s' (%s)" },
	[D_BAD_URL] = { DIAG_ERROR, "'%s' must be an http or https URL, not '%s'" },
	[D_TEMPLATE] = { DIAG_ERROR, "template: %s" },
	[D_NO_THEME] = { DIAG_ERROR, "cannot use theme '%s': %s" },
	[D_NO_TEMPLATE] = { DIAG_ERROR, "theme '%s' has no template '%s' (nor does any theme it extends)" },
	[D_NO_GLYPH] = { DIAG_WARNING, "no installed font can draw '%s' (U+%04X): the PDF shows a replacement character; install a font that has it" },
};

struct diag_item {
	enum diag_id	 id;
	enum diag_level	 level;
	char		*file;
	int		 line, col;
	char		*msg;
	int		 parent;	/* index of the item a note belongs to, else -1 */
	size_t		 seq;		/* report order, the last sort key */
};

static int
add_item(struct diags *d, enum diag_id id, const char *file, int line,
    int col, int parent, va_list ap)
{
	struct diag_item *it;
	struct buf b = BUF_INIT;

	buf_vprintf(&b, catalogue[id].fmt, ap);
	GROW(d->items, d->cap, d->n + 1);
	it = &d->items[d->n];
	it->id = id;
	it->level = catalogue[id].level;
	it->file = xstrdup(file);
	it->line = line;
	it->col = col;
	it->msg = buf_detach(&b, NULL);
	it->parent = parent;
	it->seq = d->n;
	return (int)d->n++;
}

int
diag(struct diags *d, enum diag_id id, const char *file, int line, int col, ...)
{
	va_list ap;
	int i;

	va_start(ap, col);
	i = add_item(d, id, file, line, col, -1, ap);
	va_end(ap);
	return i;
}

void
diag_note(struct diags *d, int parent, enum diag_id id, const char *file,
    int line, int col, ...)
{
	va_list ap;

	va_start(ap, col);
	add_item(d, id, file, line, col, parent, ap);
	va_end(ap);
}

static int
count_level(const struct diags *d, enum diag_level level)
{
	int n = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].level == level)
			n++;
	return n;
}

int
diag_errors(const struct diags *d)
{
	return count_level(d, DIAG_ERROR) +
	    (d->strict ? count_level(d, DIAG_WARNING) : 0);
}

int
diag_warnings(const struct diags *d)
{
	return d->strict ? 0 : count_level(d, DIAG_WARNING);
}

static int
cmp_pos(const struct diag_item *a, const struct diag_item *b)
{
	int c = strcmp(a->file, b->file);

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
cmp_items(const void *pa, const void *pb)
{
	return cmp_pos(*(struct diag_item *const *)pa, *(struct diag_item *const *)pb);
}

static void
print_item(const struct diags *d, const struct diag_item *it, FILE *fp)
{
	static const char *names[] = { "note", "warning", "error" };
	int promoted = d->strict && it->level == DIAG_WARNING;

	if (it->line > 0)
		fprintf(fp, "%s:%d:%d: ", it->file, it->line, it->col > 0 ? it->col : 1);
	else
		fprintf(fp, "%s: ", it->file);
	fprintf(fp, "%s: %s%s\n", promoted ? "error" : names[it->level],
	    it->msg, promoted ? " [--strict]" : "");
}

static int
cmp_notes(const void *pa, const void *pb)
{
	const struct diag_item *a = *(struct diag_item *const *)pa;
	const struct diag_item *b = *(struct diag_item *const *)pb;

	if (a->parent != b->parent)
		return a->parent < b->parent ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_flush(struct diags *d, FILE *fp)
{
	struct diag_item **top, **notes;
	size_t ntop = 0, nnotes = 0;
	int errors, warnings;

	if (d->n == 0)
		return;
	/* Sort the top-level items by position; each note follows its parent.
	 * Notes are sorted by parent, so one pass pairs them up. */
	top = xcalloc(d->n, sizeof(*top));
	notes = xcalloc(d->n, sizeof(*notes));
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].parent < 0)
			top[ntop++] = &d->items[i];
		else
			notes[nnotes++] = &d->items[i];
	qsort(top, ntop, sizeof(*top), cmp_items);
	qsort(notes, nnotes, sizeof(*notes), cmp_notes);
	for (size_t i = 0; i < ntop; i++) {
		size_t lo = 0, hi = nnotes;

		print_item(d, top[i], fp);
		while (lo < hi) {	/* first note whose parent is top[i] */
			size_t mid = (lo + hi) / 2;

			if (notes[mid]->parent < (int)top[i]->seq)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nnotes && notes[lo]->parent == (int)top[i]->seq; lo++)
			print_item(d, notes[lo], fp);
	}
	free(top);
	free(notes);
	errors = diag_errors(d);
	warnings = diag_warnings(d);
	fprintf(fp, "%d error%s, %d warning%s\n", errors, errors == 1 ? "" : "s",
	    warnings, warnings == 1 ? "" : "s");
	fflush(fp);
}

void
diag_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}

static FILE *fatal_fp;	/* NULL: stderr */

void
diag_fatal_to(FILE *fp)
{
	fatal_fp = fp;
}

void
diag_fatal(const char *fmt, ...)
{
	FILE *fp = fatal_fp != NULL ? fatal_fp : stderr;
	va_list ap;

	fputs("qbook: error: ", fp);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}
