/*
 * load: the content walk, encoding checks and front-matter split.
 */
#include "bank/load.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsx.h"
#include "base/mem.h"
#include "base/utf8.h"

struct walk {
	struct sources	*s;
	struct diags	*d;
	char		*root_real;	/* root with links resolved */
};

/* Editor leftovers and hidden files are skipped without a word. */
static int
is_ignored_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return 1;
	if (n > 0 && name[n - 1] == '~')
		return 1;
	if (n > 4 && (strcmp(name + n - 4, ".swp") == 0 ||
	    strcmp(name + n - 4, ".swo") == 0))
		return 1;
	if (name[0] == '#' && n > 1 && name[n - 1] == '#')
		return 1;
	return 0;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Remove a leading BOM and turn CRLF into LF, in place. */
static void
normalize(struct buf *b)
{
	size_t i = 0, j = 0;

	if (b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (memchr(b->data, '\r', b->len) == NULL) {
		/* Most files: no CR to look at byte by byte. */
		memmove(b->data, b->data + i, b->len - i);
		buf_truncate(b, b->len - i);
		return;
	}
	for (; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n')
			continue;
		b->data[j++] = b->data[i];
	}
	buf_truncate(b, j);
}

/* Whether the line at text[off] is "---" (trailing blanks allowed); sets
 * *next to the start of the following line. */
static int
is_fence(const char *text, size_t len, size_t off, size_t *next)
{
	size_t i = off;

	if (len - off < 3 || memcmp(text + off, "---", 3) != 0)
		return 0;
	for (i = off + 3; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
		;
	if (i < len && text[i] != '\n')
		return 0;
	*next = i < len ? i + 1 : i;
	return 1;
}

static void
split_front_matter(struct src *f, struct diags *d)
{
	const char *t = f->text.data;
	size_t len = f->text.len, off, next;

	if (!is_fence(t, len, 0, &off)) {
		diag(d, D_FM_MISSING, f->path, 1, 1);
		return;
	}
	f->fm_off = off;
	f->fm_line = 2;
	while (off < len) {
		if (is_fence(t, len, off, &next)) {
			f->fm_len = off - f->fm_off;
			f->body_off = next;
			f->ok = 1;
			return;
		}
		while (off < len && t[off] != '\n')
			off++;
		if (off < len)
			off++;
	}
	diag(d, D_FM_UNCLOSED, f->path, 1, 1);
}

/* Check size, NUL bytes and UTF-8 of raw bytes; report the first problem. */
static int
check_encoding(struct src *f, struct diags *d)
{
	size_t bad;
	int line, col;

	if (f->text.len == 0) {
		diag(d, D_EMPTY_FILE, f->path, 0, 0);
		return -1;
	}
	if (utf8_check(f->text.data, f->text.len, &bad) == 0)
		return 0;
	utf8_pos(f->text.data, bad, &line, &col);
	if (f->text.data[bad] == '\0')
		diag(d, D_NUL, f->path, line, col);
	else
		diag(d, D_UTF8, f->path, line, col,
		    (unsigned)(unsigned char)f->text.data[bad]);
	return -1;
}

static void
read_source(struct walk *w, enum src_kind kind, const char *dir,
    const char *name, const char *path)
{
	struct sources *s = w->s;
	struct src *f;
	size_t size = 0;
	int r;

	GROW(s->files, s->cap, s->nfiles + 1);
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	buf_init(&f->text);
	f->kind = kind;
	f->path = xstrdup(path);
	f->dir = dir ? xstrdup(dir) : NULL;
	f->name = xstrdup(name);
	r = fsx_read(path, LOAD_MAX_FILE, &f->text, &size);
	if (r < 0) {
		diag(w->d, D_READ, f->path, 0, 0, strerror(errno));
		return;
	}
	if (r > 0) {
		diag(w->d, D_TOO_LARGE, f->path, 0, 0, size, (size_t)LOAD_MAX_FILE >> 20);
		buf_release(&f->text);
		return;
	}
	if (check_encoding(f, w->d) < 0)
		return;
	normalize(&f->text);
	if (kind == SRC_SETTINGS) {
		f->fm_off = 0;
		f->fm_len = f->text.len;
		f->fm_line = 1;
		f->body_off = f->text.len;
		f->ok = 1;
		return;
	}
	split_front_matter(f, w->d);
}

/*
 * Resolve what an entry is, following a symbolic link only when it stays
 * inside the content directory.  Returns the type, or -1 after reporting.
 */
static int
entry_type(struct walk *w, const struct fsx_entry *e, const char *path)
{
	enum fsx_type t;
	int r;

	if (e->type != FSX_LINK)
		return (int)e->type;
	r = fsx_inside(w->root_real, path, &t);
	if (r < 0) {
		diag(w->d, D_READ, path, 0, 0, strerror(errno));
		return -1;
	}
	if (r == 0) {
		diag(w->d, D_SYMLINK_OUT, path, 0, 0);
		return -1;
	}
	return (int)t;
}

/* Files a bank keeps beside its Markdown for the Markdown to show: not
 * content, and no surprise. */
static int
is_asset_name(const char *name)
{
	static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".svg", ".gif",
		".webp", ".PNG", ".JPG", ".JPEG", ".SVG" };

	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++)
		if (has_suffix(name, ext[i]))
			return 1;
	return 0;
}

/* Whether directory path holds Markdown files (which would be lost). */
static int
has_markdown(const char *path)
{
	struct fsx_entry *ents;
	size_t n;
	int found = 0;

	if (fsx_list(path, &ents, &n) < 0)
		return 1;
	for (size_t i = 0; i < n && !found; i++)
		found = !is_ignored_name(ents[i].name) && has_suffix(ents[i].name, ".md");
	fsx_list_free(ents, n);
	return found;
}

/* Read the .md files of one directory (a category, or pages/). */
static void
walk_dir(struct walk *w, const char *dirname, const char *dirpath, int is_pages)
{
	struct fsx_entry *ents;
	size_t n;
	struct catdir *cd = NULL;

	if (!is_pages) {
		GROW(w->s->dirs, w->s->dcap, w->s->ndirs + 1);
		cd = &w->s->dirs[w->s->ndirs++];
		cd->name = xstrdup(dirname);
		cd->path = xstrdup(dirpath);
		cd->has_index = 0;
		cd->nquestions = 0;
	}
	if (fsx_list(dirpath, &ents, &n) < 0) {
		diag(w->d, D_READ, dirpath, 0, 0, strerror(errno));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = ents[i].name;
		char *path;
		int t;

		if (is_ignored_name(name))
			continue;
		path = fsx_join(dirpath, name);
		t = entry_type(w, &ents[i], path);
		if (t == FSX_DIR) {
			/* A directory of images is the Markdown's to use. */
			if (has_markdown(path))
				diag(w->d, D_NESTED_DIR, path, 0, 0);
		} else if (t >= 0 && !has_suffix(name, ".md")) {
			if (!is_asset_name(name))
				diag(w->d, D_IGNORED_FILE, path, 0, 0);
		}
		else if (t >= 0 && t != FSX_FILE)
			diag(w->d, D_NOT_REGULAR, path, 0, 0);
		else if (t >= 0 && is_pages)
			read_source(w, SRC_PAGE, NULL, name, path);
		else if (t >= 0 && strcmp(name, "_index.md") == 0) {
			cd->has_index = 1;
			read_source(w, SRC_CATEGORY, dirname, name, path);
		} else if (t >= 0) {
			cd->nquestions++;
			read_source(w, SRC_QUESTION, dirname, name, path);
		}
		free(path);
	}
	fsx_list_free(ents, n);
}

static char *
strip_slashes(const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	return xstrndup(root, n);
}

/*
 * Whether top-level directory name (at path) is not a category: themes/
 * and assets/ are reserved, and a directory holding qbook's manifest is an
 * output directory (a bank kept at the top of a repository, built with
 * -C . -o out, must not read its own output back).  Markdown files right
 * in assets/ would otherwise vanish unnoticed: they are reported.
 */
static int
is_reserved_dir(struct walk *w, const char *name, const char *path)
{
	struct fsx_entry *ents;
	char *manifest;
	size_t n;
	int output;

	if (strcmp(name, "assets") == 0 && fsx_list(path, &ents, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			if (has_suffix(ents[i].name, ".md") && !is_ignored_name(ents[i].name)) {
				diag(w->d, D_RESERVED_DIR, path, 0, 0, name,
				    "the files the pages use");
				break;
			}
		fsx_list_free(ents, n);
	}
	if (strcmp(name, "themes") == 0 || strcmp(name, "assets") == 0)
		return 1;
	manifest = fsx_join(path, ".qbook-manifest");
	output = fsx_exists(manifest);
	free(manifest);
	return output;
}

int
load_sources(const char *root, struct sources *out, struct diags *d)
{
	struct walk w = { out, d, NULL };
	struct fsx_entry *ents;
	size_t n;
	int have_config = 0;

	memset(out, 0, sizeof(*out));
	out->root = strip_slashes(root);
	w.root_real = realpath(out->root, NULL);
	if (w.root_real == NULL || fsx_list(out->root, &ents, &n) < 0) {
		diag_system("cannot open content directory '%s': %s", out->root,
		    strerror(errno));
		free(w.root_real);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = ents[i].name;
		char *path;
		int t;

		if (is_ignored_name(name))
			continue;
		path = fsx_join(out->root, name);
		t = entry_type(&w, &ents[i], path);
		if (t == FSX_DIR && is_reserved_dir(&w, name, path))
			;	/* not content */
		else if (t == FSX_DIR)
			walk_dir(&w, name, path, strcmp(name, "pages") == 0);
		else if (t == FSX_FILE && strcmp(name, "qbook.yaml") == 0) {
			have_config = 1;
			read_source(&w, SRC_SETTINGS, NULL, name, path);
		} else if (t >= 0 && has_suffix(name, ".md"))
			diag(d, D_OUTSIDE_CATEGORY, path, 0, 0);
		else if (t >= 0)
			diag(d, D_IGNORED_FILE, path, 0, 0);
		free(path);
	}
	fsx_list_free(ents, n);
	free(w.root_real);
	if (!have_config)
		diag(d, D_NO_CONFIG, out->root, 0, 0);
	return 0;
}

void
load_release(struct sources *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].dir);
		free(s->files[i].name);
		buf_release(&s->files[i].text);
	}
	for (size_t i = 0; i < s->ndirs; i++) {
		free(s->dirs[i].name);
		free(s->dirs[i].path);
	}
	free(s->files);
	free(s->dirs);
	free(s->root);
	memset(s, 0, sizeof(*s));
}
