/*
 * diag: the message catalogue, collection, sorting and GCC-style output.
 */
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* file relative to the working directory when it lies below it (an
 * absolute -C must not put absolute paths in annotations), else as given. */
static const char *
shown_path(const char *file)
{
	static char *cwd;
	static int tried;
	size_t n;

	if (!tried) {
		cwd = getcwd(NULL, 0);
		tried = 1;
	}
	if (file[0] != '/' || cwd == NULL || (n = strlen(cwd)) <= 1)
		return file;
	if (strncmp(file, cwd, n) == 0 && file[n] == '/' && file[n + 1] != '\0')
		return file + n + 1;
	return file;
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
	it->file = xstrdup(shown_path(file));
	it->line = line;
	it->col = col;
	it->msg = buf_detach(&b, NULL);
	it->parent = parent;
	it->seq = d->n;
	return (int)d->n++;
}

int
diag_last_at(const struct diags *d, const char *file, int line, int col)
{
	const char *shown = shown_path(file);

	for (size_t i = d->n; i-- > 0; )
		if (d->items[i].line == line && d->items[i].col == col &&
		    strcmp(d->items[i].file, shown) == 0)
			return (int)i;
	return -1;
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

static enum diag_format format = DIAG_TEXT;

void
diag_set_format(enum diag_format f)
{
	format = f;
}

/* s for a GitHub workflow command: a property value escapes ',' and ':'
 * too (see GitHub's documentation of workflow commands). */
static void
github_text(FILE *fp, const char *s, int property)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '%': fputs("%25", fp); break;
		case '\r': fputs("%0D", fp); break;
		case '\n': fputs("%0A", fp); break;
		case ':': fputs(property ? "%3A" : ":", fp); break;
		case ',': fputs(property ? "%2C" : ",", fp); break;
		default: fputc(*s, fp);
		}
	}
}

/* SARIF is one document: its results gather here until diag_finish. */
static struct buf sarif = BUF_INIT;

/* A path as a URI reference: bytes outside RFC 3986's unreserved set and
 * '/' percent-encoded. */
static void
uri_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			buf_addc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static void
sarif_result(const char *file, int line, int col, const char *level, const char *msg,
    const char *suffix)
{
	if (sarif.len > 0)
		buf_adds(&sarif, ",");
	buf_printf(&sarif, "\n        {\"level\": \"%s\", \"message\": {\"text\": \"", level);
	buf_add_json(&sarif, msg);
	buf_add_json(&sarif, suffix);
	buf_adds(&sarif, "\"}");
	if (file != NULL) {
		buf_adds(&sarif, ", \"locations\": [{\"physicalLocation\": "
		    "{\"artifactLocation\": {\"uri\": \"");
		uri_text(&sarif, file);
		buf_adds(&sarif, "\"}");
		if (line > 0)
			buf_printf(&sarif, ", \"region\": {\"startLine\": %d, "
			    "\"startColumn\": %d}", line, col);
		buf_adds(&sarif, "}}]");
	}
	buf_adds(&sarif, "}");
}

void
diag_finish(const char *version, FILE *fp)
{
	if (format != DIAG_SARIF)
		return;
	fprintf(fp, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	    "    \"tool\": {\"driver\": {\"name\": \"qbook\", \"version\": \"%s\"}},\n"
	    "    \"results\": [%s%s]\n  }]\n}\n", version, sarif.data,
	    sarif.len > 0 ? "\n    " : "");
	fflush(fp);
	buf_release(&sarif);
}

/* One diagnostic in the chosen format; file NULL: none (usage, system). */
static void
print_one(FILE *fp, const char *file, int line, int col, const char *level,
    const char *msg, const char *suffix)
{
	if (col < 1)
		col = 1;
	switch (format) {
	case DIAG_SARIF:
		sarif_result(file, line, col, level, msg, suffix);
		break;
	case DIAG_JSON: {
		struct buf j = BUF_INIT;

		buf_adds(&j, "{");
		if (file != NULL) {
			buf_adds(&j, "\"file\":\"");
			buf_add_json(&j, file);
			buf_adds(&j, "\",");
			if (line > 0)
				buf_printf(&j, "\"line\":%d,\"column\":%d,", line, col);
		}
		buf_printf(&j, "\"level\":\"%s\",\"message\":\"", level);
		buf_add_json(&j, msg);
		buf_add_json(&j, suffix);
		buf_adds(&j, "\"}\n");
		fputs(j.data, fp);
		buf_release(&j);
		break;
	}
	case DIAG_GITHUB:
		/* GitHub knows error, warning and notice. */
		fprintf(fp, "::%s", strcmp(level, "note") == 0 ? "notice" : level);
		if (file != NULL) {
			fputs(" file=", fp);
			github_text(fp, file, 1);
			if (line > 0)
				fprintf(fp, ",line=%d,col=%d", line, col);
		}
		fputs("::", fp);
		github_text(fp, msg, 0);
		github_text(fp, suffix, 0);
		fputc('\n', fp);
		break;
	case DIAG_TEXT:
		if (file == NULL)
			fputs("qbook: ", fp);
		else if (line > 0)
			fprintf(fp, "%s:%d:%d: ", file, line, col);
		else
			fprintf(fp, "%s: ", file);
		fprintf(fp, "%s: %s%s\n", level, msg, suffix);
		break;
	}
}

static void
print_item(const struct diags *d, const struct diag_item *it, FILE *fp)
{
	static const char *names[] = { "note", "warning", "error" };
	int promoted = d->strict && it->level == DIAG_WARNING;

	print_one(fp, it->file, it->line, it->col, promoted ? "error" : names[it->level],
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
	if (format == DIAG_TEXT)	/* the others are for programs */
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

FILE *
diag_stream(void)
{
	return out_fp != NULL ? out_fp : stderr;
}

static void
print_now(enum diag_level level, const char *fmt, va_list ap)
{
	FILE *fp = out_fp != NULL ? out_fp : stderr;
	struct buf msg = BUF_INIT;

	diag_seen(level);
	buf_vprintf(&msg, fmt, ap);
	print_one(fp, NULL, 0, 0, "error", msg.data, "");
	buf_release(&msg);
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
diag_relay(const char *text)
{
	static const char prefix[] = "qbook: error: ";
	struct buf line = BUF_INIT;

	while (*text != '\0') {
		size_t n = strcspn(text, "\n");

		buf_reset(&line);
		buf_add(&line, text, n);
		if (strncmp(line.data, prefix, sizeof(prefix) - 1) == 0)
			diag_system("%s", line.data + sizeof(prefix) - 1);
		else
			diag_system("%s", line.data);
		text += n + (text[n] == '\n');
	}
	buf_release(&line);
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
