/*
 * theme: a theme's files, read and checked; see theme.h.
 */
#include "bank/theme.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bank/builtin.h"
#include "bank/meta.h"
#include "bank/model.h"
#include "base/buf.h"
#include "base/fsx.h"
#include "base/mem.h"

/* Files copied from the theme's static/ directory; bigger ones are refused. */
#define MAX_ASSET	(4 * 1024 * 1024)

struct asset {
	char		*name;
	struct buf	 data;
};

static const char *const template_names[THEME_NTEMPLATES] = {
	"layout.html", "home.html", "category.html", "question.html", "page.html",
	"concepts.html", "questions.html", "search.html", "practice.html", "404.html",
};

/* The pdf: section of theme.yaml (a child theme's values win). */
static const char *const pdf_keys[THEME_NPDF + 1] = {
	"body-font", "sans-font", "mono-font", "fallback-font", "font-size",
	"text-colour", "accent-colour", "muted-colour", "tint-colour", "rule-colour",
	"flag-colour",
};

/* A theme may extend another (theme.yaml: extends: NAME); chains are short. */
#define MAX_THEME_CHAIN	4

struct theme {
	char		*path[THEME_NTEMPLATES];	/* where each template is */
	struct buf	 text[THEME_NTEMPLATES];	/* and what it says */
	struct asset	*assets;
	size_t		 nassets, cap;
	struct extra {			/* extra_css: added to style.css */
		char	*dir, *name;	/* the theme and its static file */
		char	*file;		/* the theme.yaml that names it */
		int	 line, col;
		int	 depth;		/* 0: the theme, 1: what it extends ... */
	}		*extra;
	size_t		 nextra, extracap;
	char		*pdf[THEME_NPDF];	/* NULL: the default */
	char		*pdf_file[THEME_NPDF];	/* the theme.yaml that set it */
	int		 pdf_line[THEME_NPDF], pdf_col[THEME_NPDF];
	char		*dirs[MAX_THEME_CHAIN];	/* the theme, what it extends ... */
	int		 ndirs;
};


static const char *const theme_keys[] = { "name", "description", "extends", "pdf",
	"extra_css", NULL };

/* Report key k of theme.yaml (at path) unless it is one of known: an error,
 * since a theme's misspelt key would change nothing without a word. */
static void
unknown_key(struct diags *d, const char *path, const struct meta_node *k,
    const char *const *known)
{
	const char *near;
	struct buf list = BUF_INIT;

	if (meta_known(k->str, known, &near))
		return;
	if (near != NULL)
		diag(d, D_THEME_KEY_HINT, path, k->line, k->col, k->str, near);
	else {
		for (const char *const *p = known; *p; p++)
			buf_printf(&list, "%s%s", p == known ? "" : ", ", *p);
		diag(d, D_THEME_KEY, path, k->line, k->col, k->str, list.data);
	}
	buf_release(&list);
}

/* Whether s is a colour written #rrggbb. */
static int
is_colour(const char *s)
{
	if (s[0] != '#' || strlen(s) != 7)
		return 0;
	for (int i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Take the pdf: settings of one theme.yaml that a child has not set. */
static void
read_pdf_section(struct theme *th, const struct meta_node *pdf, const char *path,
    struct diags *d)
{
	if (pdf->type != META_MAP) {
		diag(d, D_WANT_MAP, path, pdf->line, pdf->col, "pdf", meta_describe(pdf));
		return;
	}
	for (size_t i = 0; i < pdf->n; i++) {
		const struct meta_node *k = pdf->keys[i], *v = pdf->items[i];
		int key;

		for (key = 0; key < THEME_NPDF && strcmp(pdf_keys[key], k->str) != 0; key++)
			;
		if (key == THEME_NPDF) {
			unknown_key(d, path, k, pdf_keys);
			continue;
		}
		if (v->type != META_SCALAR || v->len == 0) {
			diag(d, D_WANT_STRING, path, v->line, v->col, k->str, meta_describe(v));
			continue;
		}
		if (key == THEME_FONT_SIZE) {
			char *end;
			double size = strtod(v->str, &end);

			if (*end != '\0' || !(size >= 7 && size <= 14)) {
				diag(d, D_BAD_VALUE, path, v->line, v->col, k->str, v->str,
				    "a size in points from 7 to 14");
				continue;
			}
		} else if (key >= THEME_TEXT && !is_colour(v->str)) {
			diag(d, D_BAD_VALUE, path, v->line, v->col, k->str, v->str,
			    "a colour written #rrggbb");
			continue;
		}
		if (th->pdf[key] == NULL) {
			th->pdf[key] = xstrdup(v->str);
			th->pdf_file[key] = xstrdup(path);
			th->pdf_line[key] = v->line;
			th->pdf_col[key] = v->col;
		}
	}
}

/* Templates and theme.yaml longer than this are refused (as unreadable). */
#define TMPL_CAP	(1024 * 1024)

/* The directory name that stands for the built-in default theme. */
#define BUILTIN		"(built in)"

static int
is_builtin(const char *dir)
{
	return strcmp(dir, BUILTIN) == 0;
}

/* File rel of the built-in theme, or NULL. */
static const struct builtin_file *
builtin_file(const char *rel)
{
	for (const struct builtin_file *f = builtin_theme; f->path != NULL; f++)
		if (strcmp(f->path, rel) == 0)
			return f;
	return NULL;
}

/* File rel of theme dir (at most cap bytes) appended to out: 0, or -1
 * when it cannot be read (or, built in, is not there). */
static int
read_theme_file(const char *dir, const char *rel, size_t cap, struct buf *out)
{
	const struct builtin_file *f;
	char *path;
	size_t size;
	int rc;

	if (is_builtin(dir)) {
		if ((f = builtin_file(rel)) == NULL)
			return -1;
		buf_add(out, f->data, f->len);
		return 0;
	}
	path = fsx_join(dir, rel);
	rc = fsx_read(path, cap, out, &size) == 0 ? 0 : -1;
	free(path);
	return rc;
}

/* Whether theme dir has file rel. */
static int
has_theme_file(const char *dir, const char *rel)
{
	char *path;
	int there;

	if (is_builtin(dir))
		return builtin_file(rel) != NULL;
	path = fsx_join(dir, rel);
	there = fsx_exists(path);
	free(path);
	return there;
}

/* Static file name of theme dir, unless the theme has one by that name
 * already (a child theme's files are added first, so they win). */
static void
add_asset(struct theme *th, const char *dir, const char *name, struct diags *d)
{
	struct buf rel = BUF_INIT;
	struct asset *a;

	for (size_t k = 0; k < th->nassets; k++)
		if (strcmp(th->assets[k].name, name) == 0)
			return;
	GROW(th->assets, th->cap, th->nassets + 1);
	a = &th->assets[th->nassets++];
	a->name = xstrdup(name);
	buf_init(&a->data);
	buf_printf(&rel, "static/%s", name);
	if (read_theme_file(dir, rel.data, MAX_ASSET, &a->data) != 0) {
		char *path = fsx_join(dir, rel.data);

		diag(d, D_NO_THEME, path, 0, 0, dir, "cannot read this static file");
		free(path);
	}
	buf_release(&rel);
}

/* Add the files of DIR/static that are not there yet. */
static void
load_assets(struct theme *th, const char *dir, struct diags *d)
{
	char *sdir;
	struct fsx_entry *ents;
	size_t n;

	if (is_builtin(dir)) {
		for (const struct builtin_file *f = builtin_theme; f->path != NULL; f++)
			if (strncmp(f->path, "static/", 7) == 0)
				add_asset(th, dir, f->path + 7, d);
		return;
	}
	sdir = fsx_join(dir, "static");
	if (fsx_list(sdir, &ents, &n) == 0) {	/* a theme without static files is allowed */
		for (size_t i = 0; i < n; i++)
			if (ents[i].name[0] != '.' && ents[i].type == FSX_FILE)
				add_asset(th, dir, ents[i].name, d);
		fsx_list_free(ents, n);
	}
	free(sdir);
}

/* The directory of theme NAME that dir extends: its sibling, or the
 * built-in theme for a "default" that is not beside it. */
static char *
sibling(const char *dir, const char *name)
{
	char *slash = strrchr(dir, '/');
	struct buf p = BUF_INIT;

	if (slash != NULL && !is_builtin(dir))
		buf_add(&p, dir, (size_t)(slash - dir + 1));
	buf_adds(&p, name);
	if (strcmp(name, "default") == 0 && !fsx_is_dir(p.data)) {
		buf_release(&p);
		return xstrdup(BUILTIN);
	}
	return buf_detach(&p, NULL);
}

/* Record extra_css: [a.css, ...] of theme dir (named in file path). */
static void
read_extra_css(struct theme *th, const struct meta_node *list, const char *dir,
    const char *path, struct diags *d)
{
	int depth = 0;

	if (list == NULL)
		return;
	if (list->type != META_LIST) {
		diag(d, D_WANT_LIST, path, list->line, list->col, "extra_css", meta_describe(list));
		return;
	}
	for (size_t i = 0; i < th->nextra; i++)	/* themes read so far are below */
		if (th->extra[i].depth >= depth)
			depth = th->extra[i].depth + 1;
	for (size_t i = 0; i < list->n; i++) {
		const struct meta_node *v = list->items[i];
		struct extra *e;

		if (v->type != META_SCALAR || strchr(v->str, '/') != NULL ||
		    v->str[0] == '.' || strlen(v->str) < 5 ||
		    strcmp(v->str + strlen(v->str) - 4, ".css") != 0) {
			diag(d, D_BAD_VALUE, path, v->line, v->col, "extra_css",
			    v->type == META_SCALAR ? v->str : meta_describe(v),
			    "the name of a .css file in the theme's static/");
			continue;
		}
		GROW(th->extra, th->extracap, th->nextra + 1);
		e = &th->extra[th->nextra++];
		e->dir = xstrdup(dir);
		e->name = xstrdup(v->str);
		e->file = xstrdup(path);
		e->line = v->line;
		e->col = v->col;
		e->depth = depth;
	}
}

/* Add the extra_css files to the style.css in effect, the theme furthest
 * down the chain first, so that a child's rules come last and win. */
static void
add_extra_css(struct theme *th, struct diags *d)
{
	struct asset *style = NULL;
	int maxdepth = -1;

	for (size_t k = 0; k < th->nassets; k++)
		if (strcmp(th->assets[k].name, "style.css") == 0)
			style = &th->assets[k];
	for (size_t i = 0; i < th->nextra; i++)
		if (th->extra[i].depth > maxdepth)
			maxdepth = th->extra[i].depth;
	for (int depth = maxdepth; depth >= 0; depth--)
		for (size_t i = 0; i < th->nextra; i++) {
			const struct extra *e = &th->extra[i];
			struct buf rel = BUF_INIT, css = BUF_INIT;

			if (e->depth != depth)
				continue;
			buf_printf(&rel, "static/%s", e->name);
			if (style == NULL)
				diag(d, D_BAD_VALUE, e->file, e->line, e->col, "extra_css", e->name,
				    "there is no style.css to add it to");
			else if (read_theme_file(e->dir, rel.data, MAX_ASSET, &css) != 0)
				diag(d, D_BAD_VALUE, e->file, e->line, e->col, "extra_css", e->name,
				    "not a readable file in the theme's static/");
			else {
				buf_printf(&style->data, "\n/* %s, from extra_css */\n", e->name);
				buf_add(&style->data, css.data, css.len);
			}
			buf_release(&css);
			buf_release(&rel);
		}
}

/* The directory of the theme DIR extends, or NULL; reports bad manifests. */
static char *
parent_theme(struct theme *th, const char *dir, struct diags *d)
{
	char *path = fsx_join(dir, "theme.yaml"), *parent = NULL;
	struct buf text = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct meta_node *root;

	if (read_theme_file(dir, "theme.yaml", 64 * 1024, &text) == 0 &&
	    meta_parse(text.data, text.len, 1, path, &a, d, &root) == 0) {
		const struct meta_node *ext = meta_get(root, "extends");
		const struct meta_node *pdf = meta_get(root, "pdf");

		if (pdf != NULL)
			read_pdf_section(th, pdf, path, d);
		read_extra_css(th, meta_get(root, "extra_css"), dir, path, d);

		for (size_t i = 0; i < root->n; i++)
			unknown_key(d, path, root->keys[i], theme_keys);
		if (ext != NULL && ext->type == META_SCALAR && model_is_ident(ext->str))
			parent = sibling(dir, ext->str);
		else if (ext != NULL)
			diag(d, D_BAD_IDENT, path, ext->line, ext->col, "theme name",
			    ext->type == META_SCALAR ? ext->str : "(not a string)");
	}
	arena_release(&a);
	buf_release(&text);
	free(path);
	return parent;
}

struct theme *
theme_load(const char *dir, struct diags *d)
{
	struct theme *th = xcalloc(1, sizeof(*th));
	char *chain[MAX_THEME_CHAIN];
	int nchain = 0, missing = 0;

	chain[nchain++] = xstrdup(dir);
	while (nchain < MAX_THEME_CHAIN && (chain[nchain] = parent_theme(th, chain[nchain - 1], d)))
		nchain++;
	for (int i = 0; i < THEME_NTEMPLATES; i++) {
		struct buf rel = BUF_INIT;

		buf_printf(&rel, "templates/%s", template_names[i]);
		for (int k = 0; k < nchain && th->path[i] == NULL; k++)
			if (has_theme_file(chain[k], rel.data)) {
				th->path[i] = fsx_join(chain[k], rel.data);
				buf_init(&th->text[i]);
				if (read_theme_file(chain[k], rel.data, TMPL_CAP, &th->text[i]) != 0)
					diag(d, D_TEMPLATE, th->path[i], 0, 0, "cannot read template");
			}
		buf_release(&rel);
		if (th->path[i] == NULL) {
			diag(d, D_NO_TEMPLATE, dir, 0, 0, dir, template_names[i]);
			missing = 1;
		}
	}
	for (int k = 0; k < nchain; k++) {
		load_assets(th, chain[k], d);
		th->dirs[th->ndirs++] = chain[k];
	}
	add_extra_css(th, d);
	if (missing) {
		theme_free(th);
		return NULL;
	}
	return th;
}

const char *
theme_dir(const struct theme *th, size_t i)
{
	return i < (size_t)th->ndirs ? th->dirs[i] : NULL;
}

void
theme_free(struct theme *th)
{
	if (th == NULL)
		return;
	for (int i = 0; i < THEME_NTEMPLATES; i++) {
		free(th->path[i]);
		buf_release(&th->text[i]);
	}
	for (int k = 0; k < THEME_NPDF; k++) {
		free(th->pdf[k]);
		free(th->pdf_file[k]);
	}
	for (int k = 0; k < th->ndirs; k++)
		free(th->dirs[k]);
	for (size_t i = 0; i < th->nextra; i++) {
		free(th->extra[i].dir);
		free(th->extra[i].name);
		free(th->extra[i].file);
	}
	free(th->extra);
	for (size_t i = 0; i < th->nassets; i++) {
		free(th->assets[i].name);
		buf_release(&th->assets[i].data);
	}
	free(th->assets);
	free(th);
}


/*
 * The places a theme is looked for, in order, each writing its themes
 * directory into p (nothing when it has none): the bank's themes/ (inside
 * the content directory root, or beside it), the working directory's, the
 * user's, then the ones installed with qbook.
 */
static void
inside_bank(const char *root, struct buf *p)
{
	buf_printf(p, "%s/themes", root);
}

/* Beside the content directory, spelt without "..". */
static void
beside_bank(const char *root, struct buf *p)
{
	const char *slash = strrchr(root, '/');

	if (slash != NULL)
		buf_add(p, root, (size_t)(slash - root + 1));
	else if (strcmp(root, ".") == 0)
		buf_adds(p, "../");
	buf_adds(p, "themes");
}

static void
working_dir(const char *root, struct buf *p)
{
	(void)root;
	buf_adds(p, "themes");
}

/* $XDG_DATA_HOME/qbook/themes, by default ~/.local/share/qbook/themes. */
static void
users_themes(const char *root, struct buf *p)
{
	const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	(void)root;
	if (data != NULL && data[0] == '/')
		buf_printf(p, "%s/qbook/themes", data);
	else if (home != NULL && home[0] == '/')
		buf_printf(p, "%s/.local/share/qbook/themes", home);
}

/* ../share/qbook/themes from the running program's directory, so that an
 * installed tree works wherever it was installed or unpacked. */
static void
installed_themes(const char *root, struct buf *p)
{
	char *bindir = fsx_self_dir();

	(void)root;
	if (bindir != NULL)
		buf_printf(p, "%s/../share/qbook/themes", bindir);
	free(bindir);
}

/* The themes of qbook's source tree, for a program run from its build
 * directory there (out/build/qbook): ../../themes, when ../../generator/
 * beside it says it is that tree. */
static void
source_tree_themes(const char *root, struct buf *p)
{
	char *bindir = fsx_self_dir();
	struct buf marker = BUF_INIT;

	(void)root;
	if (bindir != NULL) {
		buf_printf(&marker, "%s/../../generator/main.c", bindir);
		if (fsx_exists(marker.data))
			buf_printf(p, "%s/../../themes", bindir);
	}
	buf_release(&marker);
	free(bindir);
}

static void (*const places[])(const char *, struct buf *) = {
	inside_bank, beside_bank, working_dir, users_themes, installed_themes,
	source_tree_themes,
};

#define NPLACES	(sizeof(places) / sizeof(places[0]))

void
theme_places(const char *root, void (*fn)(void *ctx, const char *dir), void *ctx)
{
	char *seen[NPLACES];
	size_t nseen = 0;

	for (size_t k = 0; k < NPLACES; k++) {
		struct buf p = BUF_INIT;
		char *real;
		size_t i;

		places[k](root, &p);
		if (p.len == 0) {
			buf_release(&p);
			continue;
		}
		/* One place once, by the name it is shown with (".." resolved
		 * where it exists). */
		if ((real = realpath(p.data, NULL)) != NULL && p.data[0] == '/') {
			buf_reset(&p);
			buf_adds(&p, real);
		}
		for (i = 0; i < nseen && strcmp(seen[i], real ? real : p.data) != 0; i++)
			;
		if (i == nseen) {
			fn(ctx, p.data);
			seen[nseen++] = real ? real : xstrdup(p.data);
		} else
			free(real);
		buf_release(&p);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
}

struct finding {
	const char	*name;
	char		*found;		/* the first NAME directory, malloc'd */
};

static void
look_in(void *ctx, const char *dir)
{
	struct finding *f = ctx;
	char *path;

	if (f->found != NULL)
		return;
	path = fsx_join(dir, f->name);
	if (fsx_is_dir(path))
		f->found = path;
	else
		free(path);
}

/* qbook.yaml's theme: PATH, relative to it and inside the directory that
 * holds the content directory (the bank's project: its repository, as a
 * rule), links resolved.  Returns the path, or NULL after reporting. */
static char *
theme_at_path(const struct bank *b, const char *name, struct diags *d)
{
	const struct settings *s = &b->settings;
	char *path, *parent;

	switch (model_bank_path(b->root, name, 1, &path)) {
	case 1:
		return path;
	case 0:
		parent = fsx_join(b->root, "..");
		diag(d, D_THEME_OUTSIDE, s->file, s->theme_line, s->theme_col, name, parent);
		free(parent);
		return NULL;
	default:
		diag(d, D_NO_THEME, s->file, s->theme_line, s->theme_col, name,
		    "no such directory (the path is relative to qbook.yaml)");
		return NULL;
	}
}

char *
theme_find(const struct bank *b, const char *name, struct diags *d)
{
	const struct settings *s = &b->settings;
	struct finding f = { name, NULL };
	/* default is built in: found when no directory of that name is. */
	int builtin = strcmp(name, "default") == 0;
	/* A name from the command line is not qbook.yaml's. */
	int line = strcmp(name, s->theme) == 0 ? s->theme_line : 0;
	int col = line > 0 ? s->theme_col : 0;

	if (strchr(name, '/') != NULL && line > 0)
		return theme_at_path(b, name, d);
	if (strchr(name, '/') != NULL) {
		if (fsx_is_dir(name))
			return xstrdup(name);
		diag(d, D_NO_THEME, s->file, line, col, name, "no such directory");
		return NULL;
	}
	theme_places(b->root, look_in, &f);
	if (f.found == NULL && builtin)
		return xstrdup(BUILTIN);
	if (f.found == NULL)
		diag(d, D_NO_THEME, s->file, line, col, name, "not found in the bank's "
		    "themes/, themes/ here, the user's themes or the installed ones "
		    "('qbook themes' lists them)");
	return f.found;
}

const char *
theme_template_name(enum theme_template t)
{
	return template_names[t];
}

const char *
theme_template_path(const struct theme *th, enum theme_template t)
{
	return th->path[t];
}

const char *
theme_template_text(const struct theme *th, enum theme_template t, size_t *len)
{
	*len = th->text[t].len;
	return th->text[t].data;
}

size_t
theme_nassets(const struct theme *th)
{
	return th->nassets;
}

void
theme_asset(const struct theme *th, size_t i, const char **name, const char **data,
    size_t *len)
{
	*name = th->assets[i].name;
	*data = th->assets[i].data.data;
	*len = th->assets[i].data.len;
}

const char *
theme_pdf(const struct theme *th, enum theme_pdf key)
{
	return th->pdf[key];
}

const char *
theme_pdf_at(const struct theme *th, enum theme_pdf key, const char **file, int *line,
    int *col)
{
	*file = th->pdf_file[key];
	*line = th->pdf_line[key];
	*col = th->pdf_col[key];
	return th->pdf[key];
}
