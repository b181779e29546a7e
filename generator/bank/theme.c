/*
 * theme: a theme's files, read and checked; see theme.h.
 */
#include "bank/theme.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

struct theme {
	char		*path[THEME_NTEMPLATES];	/* where each template is */
	struct asset	*assets;
	size_t		 nassets, cap;
	char		*pdf[THEME_NPDF];	/* NULL: the default */
};

/* A theme may extend another (theme.yaml: extends: NAME); chains are short. */
#define MAX_THEME_CHAIN	4

static const char *const theme_keys[] = { "name", "description", "extends", "pdf", NULL };

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
		if (th->pdf[key] == NULL)
			th->pdf[key] = xstrdup(v->str);
	}
}

/* Add the files of DIR/static that are not there yet (a child theme's
 * files are added first, so they win). */
static void
load_assets(struct theme *th, const char *dir, struct diags *d)
{
	char *sdir = fsx_join(dir, "static");
	struct fsx_entry *ents;
	size_t n;

	if (fsx_list(sdir, &ents, &n) < 0) {
		free(sdir);
		return;	/* a theme without static files is allowed */
	}
	for (size_t i = 0; i < n; i++) {
		char *path;
		struct asset *a;
		size_t size, k;

		if (ents[i].name[0] == '.' || ents[i].type != FSX_FILE)
			continue;
		for (k = 0; k < th->nassets && strcmp(th->assets[k].name, ents[i].name) != 0; k++)
			;
		if (k < th->nassets)
			continue;
		path = fsx_join(sdir, ents[i].name);
		GROW(th->assets, th->cap, th->nassets + 1);
		a = &th->assets[th->nassets++];
		a->name = xstrdup(ents[i].name);
		buf_init(&a->data);
		if (fsx_read(path, MAX_ASSET, &a->data, &size) != 0)
			diag(d, D_NO_THEME, path, 0, 0, dir, "cannot read this static file");
		free(path);
	}
	fsx_list_free(ents, n);
	free(sdir);
}

/* The directory of the theme DIR extends, or NULL; reports bad manifests. */
static char *
parent_theme(struct theme *th, const char *dir, struct diags *d)
{
	char *path = fsx_join(dir, "theme.yaml"), *parent = NULL;
	struct buf text = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct meta_node *root;
	size_t size;

	if (fsx_read(path, 64 * 1024, &text, &size) == 0 &&
	    meta_parse(text.data, text.len, 1, path, &a, d, &root) == 0) {
		const struct meta_node *ext = meta_get(root, "extends");
		const struct meta_node *pdf = meta_get(root, "pdf");

		if (pdf != NULL)
			read_pdf_section(th, pdf, path, d);

		for (size_t i = 0; i < root->n; i++)
			unknown_key(d, path, root->keys[i], theme_keys);
		if (ext != NULL && ext->type == META_SCALAR && model_is_ident(ext->str)) {
			char *slash = strrchr(dir, '/');
			struct buf p = BUF_INIT;

			if (slash != NULL)
				buf_add(&p, dir, (size_t)(slash - dir + 1));
			buf_adds(&p, ext->str);
			parent = buf_detach(&p, NULL);
		} else if (ext != NULL)
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
		int k;

		for (k = 0; k < nchain && th->path[i] == NULL; k++) {
			char *tdir = fsx_join(chain[k], "templates");
			char *path = fsx_join(tdir, template_names[i]);

			if (fsx_exists(path))
				th->path[i] = path;
			else
				free(path);
			free(tdir);
		}
		if (th->path[i] == NULL) {
			diag(d, D_NO_TEMPLATE, dir, 0, 0, dir, template_names[i]);
			missing = 1;
		}
	}
	for (int k = 0; k < nchain; k++) {
		load_assets(th, chain[k], d);
		free(chain[k]);
	}
	if (missing) {
		theme_free(th);
		return NULL;
	}
	return th;
}

void
theme_free(struct theme *th)
{
	if (th == NULL)
		return;
	for (int i = 0; i < THEME_NTEMPLATES; i++)
		free(th->path[i]);
	for (int k = 0; k < THEME_NPDF; k++)
		free(th->pdf[k]);
	for (size_t i = 0; i < th->nassets; i++) {
		free(th->assets[i].name);
		buf_release(&th->assets[i].data);
	}
	free(th->assets);
	free(th);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
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
	if (is_dir(path))
		f->found = path;
	else
		free(path);
}

char *
theme_find(const struct bank *b, const char *name, struct diags *d)
{
	const struct settings *s = &b->settings;
	struct finding f = { name, NULL };
	/* A name from the command line is not qbook.yaml's. */
	int line = strcmp(name, s->theme) == 0 ? s->theme_line : 0;
	int col = line > 0 ? s->theme_col : 0;

	if (strchr(name, '/') != NULL) {
		if (is_dir(name))
			return xstrdup(name);
		diag(d, D_NO_THEME, s->file, line, col, name, "no such directory");
		return NULL;
	}
	theme_places(b->root, look_in, &f);
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
