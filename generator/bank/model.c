/*
 * model: typed, checked bank objects from loaded sources.
 */
#include "bank/model.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bank/load.h"
#include "bank/meta.h"
#include "base/bmap.h"
#include "base/buf.h"
#include "base/fsx.h"
#include "base/utf8.h"

/* Where values are read from, and where problems go. */
struct ctx {
	const char	*file;
	struct diags	*d;
	struct arena	*arena;
};

static const char *const question_keys[] = { "title", "id", "level", "round",
    "kind", "tags", "index", "related", "minutes", "order", NULL };
static const char *const category_keys[] = { "title", "order", "summary", NULL };
static const char *const page_keys[] = { "title", "order", "summary", NULL };
static const char *const settings_keys[] = { "title", "subtitle",
    "organization", "language", "base_url", "theme", "paper", "unsafe_html",
    "levels", "rounds", "guides", "logo", "favicon", "labels", "sections", NULL };
static const char *const section_keys[] = { "listen", "red_flags", "follow_ups", NULL };
static const char *const round_keys[] = { "id", "title", "description", NULL };
static const char *const guide_keys[] = { "title", "rounds", "levels",
    "categories", "tags", "kinds", NULL };

static const char *const kind_names[KIND_COUNT] = {
	"technical", "behavioral", "coding", "system-design",
};

static const char *const default_levels[] = { "junior", "mid", "senior" };

const char *
model_kind_name(enum qkind k)
{
	return kind_names[k];
}

const char *
model_kind_title(const struct bank *b, enum qkind k)
{
	static const enum label_key titles[KIND_COUNT] = { LB_kind_technical,
		LB_kind_behavioral, LB_kind_coding, LB_kind_system_design };

	return label_text(&b->labels, titles[k]);
}

int
model_is_ident(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

/* Ids, slugs and guide names name output files (NAME.html, NAME.pdf): keep
 * them well under the 255-byte limit most file systems put on a name. */
#define NAME_LIMIT	200

static void
check_name_len(struct diags *d, const char *file, int line, int col, const char *what,
    const char *name)
{
	size_t n = strlen(name);

	if (n > NAME_LIMIT)
		diag(d, D_LONG_NAME, file, line, col, what, n, NAME_LIMIT);
}

/* --- generic front-matter access ------------------------------------------ */

/* Warn about keys not in known, suggesting the nearest one. */
static void
check_keys(struct ctx *c, const struct meta_node *map, const char *const *known)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct meta_node *k = map->keys[i];
		const char *best;

		if (meta_known(k->str, known, &best))
			continue;
		if (best != NULL)
			diag(c->d, D_UNKNOWN_KEY_HINT, c->file, k->line, k->col, k->str, best);
		else
			diag(c->d, D_UNKNOWN_KEY, c->file, k->line, k->col, k->str);
	}
}

/* The key node itself, for positions of problems with a whole pair. */
static const struct meta_node *
key_node(const struct meta_node *map, const char *key)
{
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->keys[i];
	return NULL;
}

/* A string value; NULL when absent or null.  Reports non-scalars. */
static const char *
get_str(struct ctx *c, const struct meta_node *map, const char *key, struct term *at)
{
	const struct meta_node *v = meta_get(map, key);

	if (v == NULL || meta_is_null(v))
		return NULL;
	if (v->type != META_SCALAR) {
		diag(c->d, D_WANT_STRING, c->file, v->line, v->col, key, meta_describe(v));
		return NULL;
	}
	if (at != NULL) {
		at->s = v->str;
		at->line = v->line;
		at->col = v->col;
	}
	return arena_strdup(c->arena, v->str);
}

/* A list of strings; returns the count, 0 when absent. */
static size_t
get_list(struct ctx *c, const struct meta_node *map, const char *key, struct term **out)
{
	const struct meta_node *v = meta_get(map, key);
	struct term *t;
	size_t n = 0;

	*out = NULL;
	if (v == NULL || meta_is_null(v))
		return 0;
	if (v->type != META_LIST) {
		diag(c->d, D_WANT_LIST, c->file, v->line, v->col, key, meta_describe(v));
		return 0;
	}
	t = arena_array(c->arena, v->n, sizeof(*t));
	for (size_t i = 0; i < v->n; i++) {
		const struct meta_node *it = v->items[i];

		if (it->type != META_SCALAR) {
			diag(c->d, D_WANT_LIST_ITEM, c->file, it->line, it->col, key,
			    meta_describe(it));
			continue;
		}
		t[n].s = arena_strdup(c->arena, meta_is_null(it) ? "" : it->str);
		t[n].line = it->line;
		t[n].col = it->col;
		n++;
	}
	*out = t;
	return n;
}

/* An integer in [lo, hi]; returns 1 when set. */
static int
get_int(struct ctx *c, const struct meta_node *map, const char *key, long lo,
    long hi, long *out)
{
	const struct meta_node *v = meta_get(map, key);
	char *end;
	long x;

	if (v == NULL || meta_is_null(v))
		return 0;
	if (v->type != META_SCALAR) {
		diag(c->d, D_WANT_INT, c->file, v->line, v->col, key, meta_describe(v));
		return 0;
	}
	errno = 0;
	x = strtol(v->str, &end, 10);
	if (!v->plain || v->len == 0 || *end != '\0' || isspace((unsigned char)v->str[0]) ||
	    v->str[0] == '+' || errno == ERANGE) {
		struct buf b = BUF_INIT;

		buf_printf(&b, v->plain ? "%s" : "\"%s\"", v->str);
		diag(c->d, D_WANT_INT, c->file, v->line, v->col, key, b.data);
		buf_release(&b);
		return 0;
	}
	if (x < lo || x > hi) {
		diag(c->d, D_INT_RANGE, c->file, v->line, v->col, key, (int)lo, (int)hi);
		return 0;
	}
	*out = x;
	return 1;
}

static int
get_bool(struct ctx *c, const struct meta_node *map, const char *key, int dflt)
{
	const struct meta_node *v = meta_get(map, key);

	if (v == NULL || meta_is_null(v))
		return dflt;
	if (v->type == META_SCALAR && v->plain && (strcmp(v->str, "true") == 0 ||
	    strcmp(v->str, "false") == 0))
		return v->str[0] == 't';
	diag(c->d, D_WANT_BOOL, c->file, v->line, v->col, key,
	    v->type == META_SCALAR ? v->str : meta_describe(v));
	return dflt;
}

/* Trim surrounding white space in place (arena strings). */
static const char *
trim(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* title: required, non-empty. */
static const char *
get_title(struct ctx *c, const struct meta_node *map, int *line)
{
	const struct meta_node *k = key_node(map, "title");
	const char *t;

	*line = 1;
	if (k == NULL) {
		diag(c->d, D_NO_TITLE, c->file, 1, 1);
		return NULL;
	}
	*line = k->line;
	t = get_str(c, map, "title", NULL);
	if (t == NULL || *trim((char *)t) == '\0') {
		const struct meta_node *v = meta_get(map, "title");

		if (v->type == META_SCALAR)
			diag(c->d, D_EMPTY_TITLE, c->file, k->line, k->col);
		return NULL;
	}
	return trim((char *)t);
}

/* Parse the front matter of a loaded file; NULL after reporting. */
static const struct meta_node *
front_matter(struct ctx *c, const struct src *f)
{
	struct meta_node *root;

	if (meta_parse(f->text.data + f->fm_off, f->fm_len, f->fm_line, f->path,
	    c->arena, c->d, &root) < 0)
		return NULL;
	return root;
}

/* The body as Markdown, front matter lines kept as blank lines. */
static void
body_text(const struct src *f, struct buf *b)
{
	for (size_t i = 0; i < f->body_off; i++)
		if (f->text.data[i] == '\n')
			buf_addc(b, '\n');
	buf_add(b, f->text.data + f->body_off, f->text.len - f->body_off);
}

/* What parsing a body found: nesting cut, raw HTML left out. */
static void
check_parsed(const struct md_doc *doc, const struct src *f, struct diags *d)
{
	int line, col;
	size_t n;

	if (md_too_deep(doc, &line, &col))
		diag(d, D_MD_DEPTH, f->path, line, col, MD_MAX_DEPTH);
	if ((n = md_dropped_html(doc, &line, &col)) > 0)
		diag(d, D_HTML_DROPPED, f->path, line, col, n, n == 1 ? "" : "s");
}

static struct md_doc *
parse_body(const struct src *f, int unsafe, struct diags *d)
{
	struct buf b = BUF_INIT;
	struct md_doc *doc;

	body_text(f, &b);
	doc = md_parse_buf(&b, unsafe);
	check_parsed(doc, f, d);
	return doc;
}

/* A question's body split into sec, its tree dropped (the outputs parse
 * again, one question at a time). */
static struct md_doc *
question_body(const struct src *f, int unsafe, struct md_section sec[MD_NPARTS],
    struct diags *d)
{
	struct buf b = BUF_INIT;
	struct md_doc *doc;

	body_text(f, &b);
	doc = md_parse_buf(&b, unsafe);
	md_split(doc, sec);
	md_unload(doc);
	check_parsed(doc, f, d);
	return doc;
}

/* "02-name.md" -> prefix 2, slug "name"; "name.md" -> -1, "name". */
static const char *
file_slug(struct arena *a, const char *name, long *prefix)
{
	size_t n = strlen(name), i = 0;

	if (n > 3 && strcmp(name + n - 3, ".md") == 0)
		n -= 3;
	*prefix = -1;
	while (i < n && i < 9 && isdigit((unsigned char)name[i]))
		i++;
	if (i > 0 && i < n && name[i] == '-') {
		*prefix = strtol(name, NULL, 10);
		return arena_strndup(a, name + i + 1, n - i - 1);
	}
	return arena_strndup(a, name, n);
}

/* --- settings ------------------------------------------------------------- */

static void
join_terms(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", v[i]);
	if (n == 0)
		buf_adds(b, "none defined");
}

static int
in_list(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

static void
check_idents(struct ctx *c, const char *what, const struct term *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!model_is_ident(t[i].s))
			diag(c->d, D_BAD_IDENT, c->file, t[i].line, t[i].col, what, t[i].s);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t[i].s, t[j].s) == 0) {
				diag(c->d, D_DUP_IDENT, c->file, t[i].line, t[i].col, what, t[i].s);
				break;
			}
	}
}

static void
build_rounds(struct ctx *c, struct settings *s, const struct meta_node *map)
{
	const struct meta_node *v = meta_get(map, "rounds");

	if (v == NULL || meta_is_null(v))
		return;
	if (v->type != META_LIST) {
		diag(c->d, D_WANT_LIST, c->file, v->line, v->col, "rounds", meta_describe(v));
		return;
	}
	s->rounds = arena_array(c->arena, v->n, sizeof(*s->rounds));
	for (size_t i = 0; i < v->n; i++) {
		const struct meta_node *r = v->items[i];
		struct round *out = &s->rounds[s->nrounds];
		struct term at = { NULL, r->line, r->col };

		if (r->type != META_MAP) {
			diag(c->d, D_WANT_MAP, c->file, r->line, r->col, "rounds item",
			    meta_describe(r));
			continue;
		}
		check_keys(c, r, round_keys);
		out->id = get_str(c, r, "id", &at);
		out->title = get_str(c, r, "title", NULL);
		out->description = get_str(c, r, "description", NULL);
		if (out->id == NULL) {
			diag(c->d, D_MISSING_KEY, c->file, r->line, r->col, "id");
			continue;
		}
		if (!model_is_ident(out->id))
			diag(c->d, D_BAD_IDENT, c->file, at.line, at.col, "round id", out->id);
		for (size_t j = 0; j < s->nrounds; j++)
			if (strcmp(s->rounds[j].id, out->id) == 0)
				diag(c->d, D_DUP_IDENT, c->file, at.line, at.col, "round id", out->id);
		if (out->title == NULL)
			out->title = out->id;
		s->nrounds++;
	}
	s->round_ids = arena_array(c->arena, s->nrounds, sizeof(*s->round_ids));
	for (size_t i = 0; i < s->nrounds; i++)
		s->round_ids[i] = s->rounds[i].id;
}

/* Check a guide's filter list against the allowed values. */
static void
check_refs(struct ctx *c, const char *what, const struct term *t, size_t n,
    const char *const *allowed, size_t nallowed)
{
	for (size_t i = 0; i < n; i++)
		if (!in_list(t[i].s, allowed, nallowed))
			diag(c->d, D_UNKNOWN_REF, c->file, t[i].line, t[i].col, what, t[i].s);
}

static void
build_guides(struct ctx *c, struct settings *s, const struct meta_node *map)
{
	const struct meta_node *v = meta_get(map, "guides");

	if (v == NULL || meta_is_null(v))
		return;
	if (v->type != META_MAP) {
		diag(c->d, D_WANT_MAP, c->file, v->line, v->col, "guides", meta_describe(v));
		return;
	}
	s->guides = arena_array(c->arena, v->n, sizeof(*s->guides));
	for (size_t i = 0; i < v->n; i++) {
		const struct meta_node *k = v->keys[i], *g = v->items[i];
		struct guide_def *out = &s->guides[s->nguides];

		if (!model_is_ident(k->str))
			diag(c->d, D_BAD_IDENT, c->file, k->line, k->col, "guide name", k->str);
		else
			check_name_len(c->d, c->file, k->line, k->col, "the guide name", k->str);
		if (g->type != META_MAP) {
			diag(c->d, D_WANT_MAP, c->file, g->line, g->col, k->str, meta_describe(g));
			continue;
		}
		check_keys(c, g, guide_keys);
		out->name = arena_strdup(c->arena, k->str);
		out->line = k->line;
		out->col = k->col;
		out->title = get_str(c, g, "title", NULL);
		if (out->title == NULL)
			out->title = out->name;
		out->nrounds = get_list(c, g, "rounds", &out->rounds);
		out->nlevels = get_list(c, g, "levels", &out->levels);
		out->ncategories = get_list(c, g, "categories", &out->categories);
		out->ntags = get_list(c, g, "tags", &out->tags);
		out->nkinds = get_list(c, g, "kinds", &out->kinds);
		check_refs(c, "round", out->rounds, out->nrounds, s->round_ids, s->nrounds);
		check_refs(c, "level", out->levels, out->nlevels, s->levels, s->nlevels);
		check_refs(c, "kind", out->kinds, out->nkinds, kind_names, KIND_COUNT);
		s->nguides++;
	}
}

static void
build_levels(struct ctx *c, struct settings *s, const struct meta_node *map)
{
	struct term *t;
	size_t n = get_list(c, map, "levels", &t);

	if (meta_get(map, "levels") == NULL) {
		s->levels = (const char **)default_levels;
		s->nlevels = 3;
		return;
	}
	check_idents(c, "level", t, n);
	s->levels = arena_array(c->arena, n, sizeof(*s->levels));
	for (size_t i = 0; i < n; i++)
		s->levels[i] = t[i].s;
	s->nlevels = n;
}

/* model_bank_path for rel given from directory base (root's or below). */
static int
bank_path_from(const char *root, const char *base, const char *rel, int want_dir,
    char **path)
{
	char *parent = fsx_join(root, ".."), *top = realpath(parent, NULL);
	enum fsx_type type = FSX_OTHER;
	int inside;

	*path = fsx_join(base, rel);
	inside = top != NULL ? fsx_inside(top, *path, &type) : -1;
	free(parent);
	free(top);
	if (inside == 1 && type != (want_dir ? FSX_DIR : FSX_FILE))
		inside = -1;
	if (inside != 1) {
		free(*path);
		*path = NULL;
	}
	return inside;
}

int
model_bank_path(const char *root, const char *rel, int want_dir, char **path)
{
	return bank_path_from(root, root, rel, want_dir, path);
}

/*
 * The image file at path (where says what model_bank_path found: 1
 * inside, 0 outside, -1 nothing there), read and identified, in arena;
 * NULL with why appended when it cannot be used.  what names its use for
 * messages ("a logo"), types the image types allowed.
 */
static struct image *
read_image(struct arena *arena, const char *root, const char *path, int where,
    const char *what, const enum image_type *types, size_t ntypes, struct buf *why)
{
	struct buf data = BUF_INIT;
	struct image *im = NULL, probe;
	size_t size = 0;
	int rc;

	if (where < 0)
		buf_adds(why, "no such file");
	else if (where == 0)
		buf_printf(why, "it lies outside '%s/..', the directory that holds the bank "
		    "(links resolved)", root);
	else if ((rc = fsx_read(path, IMAGE_CAP, &data, &size)) > 0)
		buf_printf(why, "it is %zu bytes, over the %zu MB limit", size, IMAGE_CAP >> 20);
	else if (rc < 0)
		buf_printf(why, "cannot read it: %s", strerror(errno));
	else if (image_probe(data.data, data.len, &probe, why) == 0) {
		size_t k = 0;

		while (k < ntypes && types[k] != probe.type)
			k++;
		if (k == ntypes) {
			buf_printf(why, "it is %s %s image; %s must be ",
			    probe.type == IMAGE_ICO ? "an" : "a", image_kind(probe.type), what);
			for (k = 0; k < ntypes; k++)
				buf_printf(why, "%s%s", k == 0 ? "" : k + 1 == ntypes ? " or " : ", ",
				    image_kind(types[k]));
		} else if (probe.width > IMAGE_MAX_SIDE || probe.height > IMAGE_MAX_SIDE)
			buf_printf(why, "it is %.0f x %.0f pixels, over %d a side", probe.width,
			    probe.height, IMAGE_MAX_SIDE);
		else {
			unsigned char *copy = arena_alloc(arena, data.len + 1);

			memcpy(copy, data.data, data.len);
			im = arena_alloc(arena, sizeof(*im));
			*im = probe;
			im->data = copy;
			im->len = data.len;
			im->path = arena_strdup(arena, path);
		}
	}
	buf_release(&data);
	return im;
}

/* The image qbook.yaml's key names (a path relative to it), read and
 * identified; NULL when unset or after reporting why it cannot be used.
 * types lists the image types allowed, for messages too. */
static const struct image *
settings_image(struct bank *b, struct ctx *c, const struct meta_node *map, const char *key,
    const enum image_type *types, size_t ntypes)
{
	struct term at;
	const char *rel = get_str(c, map, key, &at);
	struct buf why = BUF_INIT, what = BUF_INIT;
	struct image *im = NULL;
	char *path = NULL;
	int where;

	if (rel == NULL)
		return NULL;
	if (rel[0] == '/')
		buf_adds(&why, "an absolute path: give one relative to qbook.yaml");
	else if ((where = model_bank_path(b->root, rel, 0, &path)) < 0)
		buf_adds(&why, "no such file (the path is relative to qbook.yaml)");
	else {
		buf_printf(&what, "a %s", key);
		im = read_image(c->arena, b->root, path, where, what.data, types, ntypes, &why);
	}
	if (why.len > 0)
		diag(c->d, D_SETTING_FILE, c->file, at.line, at.col, key, rel, why.data);
	free(path);
	buf_release(&why);
	buf_release(&what);
	return im;
}

/* --- images in the Markdown ------------------------------------------------- */

struct image_use {
	struct bank	*b;
	struct diags	*d;
	const char	*file;		/* the Markdown file */
	struct md_doc	*doc;
};

/* Whether url names a scheme (https:) or a host (//host/...). */
static int
is_remote(const char *url)
{
	size_t i = 0;

	if (url[0] == '/' && url[1] == '/')
		return 1;
	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')
		i++;
	return url[i] == ':';
}

static int
hex_value(int ch)
{
	return isdigit(ch) ? ch - '0' : isxdigit(ch) ? (tolower(ch) - 'a' + 10) : -1;
}

/* The file part of a local url: up to '?' or '#', %XX decoded. */
static void
url_path(const char *url, struct buf *out)
{
	for (size_t i = 0; url[i] != '\0' && url[i] != '?' && url[i] != '#'; i++) {
		int hi, lo;

		if (url[i] == '%' && (hi = hex_value((unsigned char)url[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)url[i + 2])) >= 0) {
			buf_addc(out, (char)(hi * 16 + lo));
			i += 2;
		} else
			buf_addc(out, url[i]);
	}
}

/* The number of the bank's image with im's bytes, added if new. */
static int
bank_image(struct bank *b, const struct image *im)
{
	uint64_t h = bmap_hash(im->data, im->len);	/* its name in the site */
	struct buf href = BUF_INIT;
	const char *base = strrchr(im->path, '/'), *dot;
	struct bank_image *bi;

	for (size_t i = 0; i < b->nimages; i++)
		if (b->images[i].im.len == im->len &&
		    memcmp(b->images[i].im.data, im->data, im->len) == 0)
			return (int)i;
	base = base != NULL ? base + 1 : im->path;
	dot = strrchr(base, '.');
	buf_adds(&href, "images/");
	for (const char *p = base; *p && p != dot && href.len < 7 + 40; p++)
		buf_addc(&href, isalnum((unsigned char)*p) || *p == '-' || *p == '_' ?
		    (char)tolower((unsigned char)*p) : '-');
	buf_printf(&href, "-%012llx.%s", (unsigned long long)(h >> 16), image_ext(im->type));
	b->images = xrealloc(b->images, (b->nimages + 1) * sizeof(*b->images));
	bi = &b->images[b->nimages];
	bi->im = *im;
	bi->href = arena_strdup(&b->arena, href.data);
	buf_release(&href);
	return (int)b->nimages++;
}

/* One image url of a Markdown file: checked, read and bound. */
static void
use_image(void *arg, const char *url, int line, int col)
{
	static const enum image_type types[] = { IMAGE_PNG, IMAGE_JPEG, IMAGE_SVG };
	struct image_use *u = arg;
	struct buf rel = BUF_INIT, why = BUF_INIT, dir = BUF_INIT;
	const char *slash = strrchr(u->file, '/');
	struct image *im = NULL;
	char *path = NULL;
	int where;

	if (is_remote(url)) {
		diag(u->d, D_IMAGE_REMOTE, u->file, line, col, url);
		return;
	}
	url_path(url, &rel);
	if (rel.len == 0 || rel.data[rel.len - 1] == '/')
		buf_adds(&why, "it names no file");
	else {
		/* From the file's directory, or from the bank's with a '/'. */
		if (rel.data[0] == '/')
			buf_adds(&dir, u->b->root);
		else
			buf_add(&dir, u->file, slash != NULL ? (size_t)(slash - u->file) : 0);
		if (dir.len == 0)
			buf_addc(&dir, '.');
		where = bank_path_from(u->b->root, dir.data, rel.data + (rel.data[0] == '/'), 0,
		    &path);
		im = read_image(&u->b->arena, u->b->root, path, where, "an image in the text",
		    types, 3, &why);
		if (im == NULL && where < 0) {
			buf_reset(&why);
			buf_printf(&why, "no such file (looked for '%s/%s')", dir.data,
			    rel.data + (rel.data[0] == '/'));
		}
	}
	if (im != NULL) {
		int k = bank_image(u->b, im);

		md_bind_image(u->doc, url, u->b->images[k].href, k);
	} else
		diag(u->d, D_IMAGE, u->file, line, col, url, why.data);
	free(path);
	buf_release(&rel);
	buf_release(&why);
	buf_release(&dir);
}

/* Every image of doc, from Markdown file file. */
static void
use_images(struct bank *b, const char *file, struct md_doc *doc, struct diags *d)
{
	struct image_use u = { b, d, file, doc };

	if (doc != NULL)
		md_images(doc, use_image, &u);
}

/*
 * The headings that open the recognised sections besides the English
 * ones: the catalogue's (the site's and the guide's words for them), then
 * qbook.yaml's sections: (each key a heading or a list of them).
 */
static void
section_names(struct bank *b, struct ctx *c, const struct meta_node *map)
{
	static const enum md_part parts[3] = { MD_LISTEN, MD_FLAGS, MD_FOLLOWUPS };
	static const enum label_key words[3][2] = {
		{ LB_what_to_listen_for, LB_listen_heading },
		{ LB_red_flags, LB_flags_heading },
		{ LB_follow_up_questions, LB_followups_heading },
	};
	const struct meta_node *sec = meta_get(map, "sections");

	if (sec != NULL && sec->type != META_MAP) {
		diag(c->d, D_WANT_MAP, c->file, sec->line, sec->col, "sections",
		    meta_describe(sec));
		sec = NULL;
	}
	if (sec != NULL)
		check_keys(c, sec, section_keys);
	for (int i = 0; i < 3; i++) {
		const char *names[8];
		struct term *t;
		const struct meta_node *one = sec != NULL ? meta_get(sec, section_keys[i]) : NULL;
		int scalar = one != NULL && one->type == META_SCALAR;
		size_t n = 0, nt = one != NULL && !scalar ? get_list(c, sec, section_keys[i], &t) : 0;

		for (int k = 0; k < 2; k++)
			names[n++] = label_text(&b->labels, words[i][k]);
		if (scalar && !meta_is_null(one))
			names[n++] = arena_strdup(&b->arena, one->str);
		for (size_t k = 0; k < nt && n < 8; k++)
			names[n++] = t[k].s;
		md_set_section_names(parts[i], names, n);
	}
}

/* Whether s has the shape of a BCP 47 tag: a language of 2 to 8 letters,
 * then subtags of 1 to 8 letters or digits, joined by '-'. */
static int
is_language_tag(const char *s)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 8)
		return 0;
	for (s += n; *s == '-'; s += n) {
		s++;
		for (n = 0; isalnum((unsigned char)s[n]); n++)
			;
		if (n < 1 || n > 8)
			return 0;
	}
	return *s == '\0';
}

/* Returns 0 when the settings are usable for checking questions. */
static int
build_settings(struct bank *b, const struct src *f, struct diags *d)
{
	struct ctx c = { f->path, d, &b->arena };
	struct settings *s = &b->settings;
	const struct meta_node *map;
	struct term at;
	int before = diag_errors(d), line;

	s->file = arena_strdup(&b->arena, f->path);
	if (!f->ok || (map = front_matter(&c, f)) == NULL)
		return -1;
	check_keys(&c, map, settings_keys);
	s->title = get_title(&c, map, &line);
	s->subtitle = get_str(&c, map, "subtitle", NULL);
	s->organization = get_str(&c, map, "organization", NULL);
	memset(&at, 0, sizeof(at));
	s->language = get_str(&c, map, "language", &at);
	if (s->language != NULL && !is_language_tag(s->language)) {
		diag(d, D_BAD_LANGUAGE, f->path, at.line, at.col, s->language);
		s->language = NULL;
	}
	s->language_line = at.line;
	s->language_col = at.col;
	labels_load(&b->labels, s->language, f->path, at.line, at.col,
	    meta_get(map, "labels"), &b->arena, d);
	section_names(b, &c, map);
	s->base_url = get_str(&c, map, "base_url", &at);
	s->theme = get_str(&c, map, "theme", &at);
	if (s->theme != NULL) {
		s->theme_line = at.line;
		s->theme_col = at.col;
	}
	/* A name, or a path relative to qbook.yaml (theme_find keeps it
	 * inside the bank's project: the content must not choose any
	 * directory on the machine to copy into the public site). */
	if (s->theme != NULL && strchr(s->theme, '/') == NULL && !model_is_ident(s->theme))
		diag(d, D_BAD_IDENT, f->path, at.line, at.col, "theme name", s->theme);
	else if (s->theme != NULL && s->theme[0] == '/')
		diag(d, D_THEME_ABSOLUTE, f->path, at.line, at.col, s->theme);
	s->paper = get_str(&c, map, "paper", &at);
	s->unsafe_html = get_bool(&c, map, "unsafe_html", 0);
	if (s->base_url != NULL && strncmp(s->base_url, "https://", 8) != 0 &&
	    strncmp(s->base_url, "http://", 7) != 0) {
		const struct meta_node *v = meta_get(map, "base_url");

		diag(d, D_BAD_URL, f->path, v->line, v->col, "base_url", s->base_url);
		s->base_url = NULL;
	}
	if (s->paper != NULL && strcmp(s->paper, "a4") != 0 && strcmp(s->paper, "letter") != 0) {
		const struct meta_node *v = meta_get(map, "paper");

		diag(d, D_BAD_VALUE, f->path, v->line, v->col, "paper", s->paper, "a4 or letter");
	}
	{
		static const enum image_type logo[] = { IMAGE_PNG, IMAGE_JPEG, IMAGE_SVG };
		static const enum image_type icon[] = { IMAGE_PNG, IMAGE_SVG, IMAGE_ICO };

		s->logo = settings_image(b, &c, map, "logo", logo, 3);
		s->favicon = settings_image(b, &c, map, "favicon", icon, 3);
	}
	build_levels(&c, s, map);
	build_rounds(&c, s, map);
	build_guides(&c, s, map);
	return diag_errors(d) > before ? -1 : 0;
}

static void
default_settings(struct settings *s)
{
	if (s->levels == NULL) {
		s->levels = (const char **)default_levels;
		s->nlevels = 3;
	}
	if (s->title == NULL)
		s->title = "Interview questions";
	if (s->language == NULL)
		s->language = "en";
	if (s->theme == NULL)
		s->theme = "default";
	if (s->paper == NULL)
		s->paper = "a4";
}

/* --- questions, categories, pages ------------------------------------------ */

/*
 * The '/' that separates term and subterm in an index term, or NULL.  "\/"
 * is a literal slash.  *count is the number of separators found.
 */
static const char *
find_separator(const char *s, int *count)
{
	const char *sep = NULL;

	*count = 0;
	for (const char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == '/') {
			p++;
			continue;
		}
		if (*p == '/') {
			if (sep == NULL)
				sep = p;
			++*count;
		}
	}
	return sep;
}

static void
check_terms(struct ctx *c, struct term *t, size_t n, int is_index)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = trim((char *)t[i].s), *sep;
		int count;

		t[i].s = s;
		if (*s == '\0') {
			if (is_index)
				diag(c->d, D_EMPTY_INDEX, c->file, t[i].line, t[i].col);
			else
				diag(c->d, D_EMPTY_TAG, c->file, t[i].line, t[i].col);
			continue;
		}
		if (!is_index)
			continue;
		sep = find_separator(s, &count);
		if (count > 1 || (sep != NULL && (sep == s || sep[1] == '\0')))
			diag(c->d, D_BAD_INDEX_TERM, c->file, t[i].line, t[i].col, s);
	}
}

static void
check_sections(struct ctx *c, const struct question *q, int body_line)
{
	for (int p = MD_LISTEN; p < MD_NPARTS; p++) {
		const struct md_section *s = &q->sections[p];

		if (s->dup_line)
			diag(c->d, D_DUP_SECTION, c->file, s->dup_line, s->dup_col,
			    md_part_name(p));
		if (!s->present || s->is_list)
			continue;
		if (p == MD_LISTEN && s->blocks == 0)
			diag(c->d, D_LISTEN_EMPTY, c->file, s->line, s->col);
		else
			diag(c->d, D_SECTION_NOT_LIST, c->file, s->line, s->col,
			    md_part_name(p));
	}
	if (!q->sections[MD_LISTEN].present)
		diag(c->d, D_NO_LISTEN, c->file, body_line, 1);
}

/*
 * What a misspelt key of question q changes, said in a note to its warning:
 * a key taken for level, round or tags (meta_known's nearest) while q has
 * none leaves q out of every handout that filters on that field.
 */
static void
report_left_out(const struct bank *b, const struct question *q,
    const struct meta_node *map, struct diags *d)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct meta_node *k = map->keys[i];
		const char *near;

		if (meta_known(k->str, question_keys, &near) || near == NULL)
			continue;
		for (size_t g = 0; g < b->settings.nguides; g++) {
			const struct guide_def *gd = &b->settings.guides[g];
			int missed = 0;

			if (strcmp(near, "level") == 0)
				missed = q->level == NULL && gd->nlevels > 0;
			else if (strcmp(near, "round") == 0)
				missed = q->round == NULL && gd->nrounds > 0;
			else if (strcmp(near, "tags") == 0)
				missed = q->ntags == 0 && gd->ntags > 0;
			if (missed)
				diag_note(d, diag_last_at(d, q->file, k->line, k->col), D_LEFT_OUT,
				    q->file, k->line, k->col, q->id, near, gd->name);
		}
	}
}

/* Question f, or NULL when its front matter is unusable (reported). */
static struct question *
build_question(struct bank *b, const struct src *f, struct diags *d,
    struct category *cat, int settings_ok)
{
	struct ctx c = { f->path, d, &b->arena };
	const struct settings *s = &b->settings;
	struct question *q;
	const struct meta_node *map;
	struct term at = { NULL, 0, 0 };
	const char *kind;
	long x;
	int body_line, col;

	if (!f->ok || (map = front_matter(&c, f)) == NULL)
		return NULL;
	q = arena_alloc(&b->arena, sizeof(*q));
	q->file = arena_strdup(&b->arena, f->path);
	q->name = arena_strdup(&b->arena, f->name);
	q->category = cat;
	check_keys(&c, map, question_keys);
	q->title = get_title(&c, map, &q->title_line);
	q->id = get_str(&c, map, "id", &at);
	if (q->id == NULL) {
		q->id = file_slug(&b->arena, f->name, &q->prefix);
		at.line = 0;
		at.col = 0;
	} else
		file_slug(&b->arena, f->name, &q->prefix);
	q->id_at = at;
	if (!model_is_ident(q->id))
		diag(d, D_BAD_ID, f->path, at.line, at.col, q->id);
	else
		check_name_len(d, f->path, at.line, at.col, "the id", q->id);
	q->level = get_str(&c, map, "level", &at);
	if (q->level != NULL && settings_ok && !in_list(q->level, s->levels, s->nlevels)) {
		struct buf l = BUF_INIT;

		join_terms(&l, s->levels, s->nlevels);
		diag(d, D_UNKNOWN_LEVEL, f->path, at.line, at.col, q->level, l.data);
		buf_release(&l);
	}
	q->round = get_str(&c, map, "round", &at);
	if (q->round != NULL && settings_ok && !in_list(q->round, s->round_ids, s->nrounds)) {
		struct buf l = BUF_INIT;

		join_terms(&l, s->round_ids, s->nrounds);
		diag(d, D_UNKNOWN_ROUND, f->path, at.line, at.col, q->round, l.data);
		buf_release(&l);
	}
	kind = get_str(&c, map, "kind", &at);
	q->kind = KIND_TECHNICAL;
	if (kind != NULL) {
		int k;

		for (k = 0; k < KIND_COUNT && strcmp(kind, kind_names[k]) != 0; k++)
			;
		if (k == KIND_COUNT)
			diag(d, D_UNKNOWN_KIND, f->path, at.line, at.col, kind);
		else
			q->kind = (enum qkind)k;
	}
	q->ntags = get_list(&c, map, "tags", &q->tags);
	q->nindex = get_list(&c, map, "index", &q->index);
	q->nrelated = get_list(&c, map, "related", &q->related);
	check_terms(&c, q->tags, q->ntags, 0);
	check_terms(&c, q->index, q->nindex, 1);
	q->minutes = get_int(&c, map, "minutes", 1, 240, &x) ? (int)x : 3;
	q->has_order = get_int(&c, map, "order", -1000000000L, 1000000000L, &q->order);
	q->body = question_body(f, b->settings.unsafe_html, q->sections, d);
	use_images(b, f->path, q->body, d);
	{
		const char *text, *name;
		int nl, nc;

		if (md_near_section(q->body, &text, &nl, &nc, &name))
			diag(d, D_NEAR_SECTION, f->path, nl, nc, text, name);
	}
	utf8_pos(f->text.data, f->body_off, &body_line, &col);
	check_sections(&c, q, body_line);
	report_left_out(b, q, map, d);
	return q;
}

static void
build_category(struct bank *b, const struct src *f, struct diags *d,
    struct category *cat)
{
	struct ctx c = { f->path, d, &b->arena };
	const struct meta_node *map;
	int line;

	cat->file = arena_strdup(&b->arena, f->path);
	if (!f->ok || (map = front_matter(&c, f)) == NULL)
		return;
	check_keys(&c, map, category_keys);
	cat->title = get_title(&c, map, &line);
	cat->summary = get_str(&c, map, "summary", NULL);
	cat->has_order = get_int(&c, map, "order", -1000000000L, 1000000000L, &cat->order);
	cat->intro = parse_body(f, b->settings.unsafe_html, d);
	use_images(b, f->path, cat->intro, d);
}

static void
build_page(struct bank *b, const struct src *f, struct diags *d, struct page *pg)
{
	struct ctx c = { f->path, d, &b->arena };
	const struct meta_node *map;
	int line;

	pg->file = arena_strdup(&b->arena, f->path);
	pg->name = arena_strdup(&b->arena, f->name);
	pg->slug = file_slug(&b->arena, f->name, &pg->prefix);
	if (!model_is_ident(pg->slug))
		diag(d, D_BAD_FILENAME, f->path, 0, 0, f->name);
	else
		check_name_len(d, f->path, 0, 0, "the file name", pg->slug);
	if (!f->ok || (map = front_matter(&c, f)) == NULL)
		return;
	check_keys(&c, map, page_keys);
	pg->title = get_title(&c, map, &line);
	pg->summary = get_str(&c, map, "summary", NULL);
	pg->has_order = get_int(&c, map, "order", -1000000000L, 1000000000L, &pg->order);
	pg->body = parse_body(f, b->settings.unsafe_html, d);
	use_images(b, f->path, pg->body, d);
}

/*
 * The one ordering rule: items with `order` first, ascending; then items
 * with a numeric file-name prefix, ascending; then by name in byte order.
 */
static int
cmp_order(int ha, long oa, long pa, const char *na, int hb, long ob, long pb,
    const char *nb)
{
	if (ha != hb)
		return ha ? -1 : 1;
	if (ha && oa != ob)
		return oa < ob ? -1 : 1;
	if ((pa >= 0) != (pb >= 0))
		return pa >= 0 ? -1 : 1;
	if (pa != pb)
		return pa < pb ? -1 : 1;
	return strcmp(na, nb);
}

static int
cmp_categories(const void *pa, const void *pb)
{
	const struct category *a = pa, *b = pb;

	return cmp_order(a->has_order, a->order, a->prefix, a->dir,
	    b->has_order, b->order, b->prefix, b->dir);
}

static int
cmp_pages(const void *pa, const void *pb)
{
	const struct page *a = pa, *b = pb;

	return cmp_order(a->has_order, a->order, a->prefix, a->name,
	    b->has_order, b->order, b->prefix, b->name);
}

static int
cmp_questions(const void *pa, const void *pb)
{
	const struct question *a = *(struct question *const *)pa;
	const struct question *b = *(struct question *const *)pb;

	if (a->category->number != b->category->number)
		return a->category->number < b->category->number ? -1 : 1;
	return cmp_order(a->has_order, a->order, a->prefix, a->name,
	    b->has_order, b->order, b->prefix, b->name);
}

static struct category *
find_category(struct bank *b, const char *dir)
{
	for (size_t i = 0; i < b->ncategories; i++)
		if (strcmp(b->categories[i].dir, dir) == 0)
			return &b->categories[i];
	return NULL;
}

static void
make_categories(struct bank *b, const struct sources *s, struct diags *d)
{
	b->categories = arena_array(&b->arena, s->ndirs, sizeof(*b->categories));
	for (size_t i = 0; i < s->ndirs; i++) {
		struct category *cat = &b->categories[b->ncategories++];

		cat->dir = arena_strdup(&b->arena, s->dirs[i].name);
		cat->file = arena_strdup(&b->arena, s->dirs[i].path);
		cat->nfiles = s->dirs[i].nquestions;
		file_slug(&b->arena, cat->dir, &cat->prefix);
		if (!model_is_ident(cat->dir))
			diag(d, D_BAD_DIRNAME, s->dirs[i].path, 0, 0, cat->dir);
		else
			check_name_len(d, s->dirs[i].path, 0, 0, "the directory name", cat->dir);
		if (!s->dirs[i].has_index)
			diag(d, D_NO_CATEGORY_INDEX, s->dirs[i].path, 0, 0, cat->dir);
	}
}

/* Sort and number the categories; called before questions point at them. */
static void
arrange_categories(struct bank *b)
{
	qsort(b->categories, b->ncategories, sizeof(*b->categories), cmp_categories);
	for (size_t i = 0; i < b->ncategories; i++) {
		b->categories[i].number = i + 1;
		if (b->categories[i].title == NULL)
			b->categories[i].title = b->categories[i].dir;
	}
}

/* Sort the questions into one array, sliced per category, and number them. */
static void
arrange_questions(struct bank *b, struct question **qs, size_t nq)
{
	size_t start = 0;

	b->questions = arena_array(&b->arena, nq, sizeof(*qs));
	if (nq > 0) {
		qsort(qs, nq, sizeof(*qs), cmp_questions);
		memcpy(b->questions, qs, nq * sizeof(*qs));
	}
	b->nquestions = nq;
	for (size_t i = 0; i < b->ncategories; i++) {
		struct category *cat = &b->categories[i];
		size_t end = start;

		while (end < nq && b->questions[end]->category == cat) {
			b->questions[end]->number = end - start + 1;
			b->questions[end]->pos = end;
			end++;
		}
		cat->questions = b->questions + start;
		cat->nquestions = end - start;
		start = end;
	}
}

/* --- the questions ------------------------------------------------------------------ */

/* Every question of s, in the order of s (diagnostics too), into *qs. */
static void
build_questions(struct bank *b, const struct sources *s, struct diags *d, int settings_ok,
    struct question ***qs, size_t *nq)
{
	size_t cap = 0;

	*qs = NULL;
	*nq = 0;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct src *f = &s->files[i];
		struct question *q;

		if (f->kind != SRC_QUESTION)
			continue;
		q = build_question(b, f, d, find_category(b, f->dir), settings_ok);
		if (q != NULL) {
			GROW(*qs, cap, *nq + 1);
			(*qs)[(*nq)++] = q;
		}
	}
}

/* b->outline (model.h) of the sources s. */
static void
make_outline(struct bank *b, const struct sources *s)
{
	for (size_t i = 0; i < s->ndirs; i++)
		buf_add_part(&b->outline, s->dirs[i].name, strlen(s->dirs[i].name));
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct src *f = &s->files[i];
		size_t n = f->kind == SRC_QUESTION ? f->body_off : f->text.len;

		buf_add_part(&b->outline, f->path, strlen(f->path));
		buf_add_part(&b->outline, n > 0 ? f->text.data : "", n);
	}
}

int
bank_load(struct bank *b, const char *root, struct diags *d)
{
	struct sources s;
	struct question **qs = NULL;
	size_t nq = 0, npages = 0;
	int settings_ok = 0;

	memset(b, 0, sizeof(*b));
	if (load_sources(root, &s, d) < 0) {
		load_release(&s);
		return -1;
	}
	b->root = arena_strdup(&b->arena, s.root);
	make_outline(b, &s);
	/* The names of a bank loaded before are gone with it. */
	for (int p = MD_LISTEN; p < MD_NPARTS; p++)
		md_set_section_names((enum md_part)p, NULL, 0);
	for (size_t i = 0; i < s.nfiles; i++)
		if (s.files[i].kind == SRC_SETTINGS)
			settings_ok = build_settings(b, &s.files[i], d) == 0;
		else if (s.files[i].kind == SRC_PAGE)
			npages++;
	default_settings(&b->settings);
	if (b->labels.lang == NULL)	/* qbook.yaml could not be read */
		labels_load(&b->labels, NULL, NULL, 0, 0, NULL, &b->arena, d);
	/* Every Markdown text of the bank is parsed after this. */
	md_set_language(b->settings.language);
	make_categories(b, &s, d);
	b->pages = arena_array(&b->arena, npages, sizeof(*b->pages));
	for (size_t i = 0; i < s.nfiles; i++) {
		const struct src *f = &s.files[i];

		if (f->kind == SRC_PAGE)
			build_page(b, f, d, &b->pages[b->npages++]);
		else if (f->kind == SRC_CATEGORY)
			build_category(b, f, d, find_category(b, f->dir));
	}
	qsort(b->pages, b->npages, sizeof(*b->pages), cmp_pages);
	arrange_categories(b);
	build_questions(b, &s, d, settings_ok, &qs, &nq);
	arrange_questions(b, qs, nq);
	for (size_t i = 0; i < b->nimages; i++) {
		buf_add_part(&b->outline, b->images[i].im.path, strlen(b->images[i].im.path));
		buf_add_part(&b->outline, b->images[i].href, strlen(b->images[i].href));
	}
	free(qs);
	load_release(&s);
	return 0;
}

void
bank_release(struct bank *b)
{
	for (size_t i = 0; i < b->nquestions; i++)
		md_free(b->questions[i]->body);
	for (size_t i = 0; i < b->ncategories; i++)
		md_free(b->categories[i].intro);
	for (size_t i = 0; i < b->npages; i++)
		md_free(b->pages[i].body);
	arena_release(&b->arena);
	free(b->images);
	buf_release(&b->outline);
	memset(b, 0, sizeof(*b));
}
