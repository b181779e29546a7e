/*
 * diag: the message catalogue, collection, sorting and GCC-style output.
 */
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

struct diag_item {
	enum diag_level	 level;
	char		*file;
	int		 line, col;
	char		*msg;
	int		 parent;	/* index of the item a note belongs to, else -1 */
	size_t		 seq;		/* report order, the last sort key */
};

/* The worst level seen in this process (or reported by another). */
static enum diag_level worst = DIAG_NOTE;

void
diag_seen(enum diag_level level)
{
	if (level > worst)
		worst = level;
}

int
diag_exit_status(void)
{
	return worst >= DIAG_USAGE ? 2 : worst == DIAG_ERROR ? 1 : 0;
}

int
diag_add(struct diags *d, int parent, enum diag_level level, const char *fmt,
    const char *file, int line, int col, ...)
{
	struct diag_item *it;
	struct buf b = BUF_INIT;
	va_list ap;

	BUG_ON(level > DIAG_ERROR);	/* the others are printed at once */
	va_start(ap, col);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	GROW(d->items, d->cap, d->n + 1);
	it = &d->items[d->n];
	it->level = level;
	it->file = xstrdup(file);
	it->line = line;
	it->col = col;
	it->msg = buf_detach(&b, NULL);
	it->parent = parent;
	it->seq = d->n;
	return (int)d->n++;
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
	if (errors > 0)
		diag_seen(DIAG_ERROR);
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

static FILE *out_fp;	/* NULL: stderr */

void
diag_to(FILE *fp)
{
	out_fp = fp;
}

static void
print_now(enum diag_level level, const char *fmt, va_list ap)
{
	FILE *fp = out_fp != NULL ? out_fp : stderr;

	diag_seen(level);
	fputs("qbook: error: ", fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
}

void
diag_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_now(DIAG_USAGE, fmt, ap);
	va_end(ap);
}

void
diag_system(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_now(DIAG_SYSTEM, fmt, ap);
	va_end(ap);
}

void
diag_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "qbook: internal error at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (please report this)\n", stderr);
	abort();
}
