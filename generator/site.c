/*
 * site: pages, data files and theme assets of the study site.
 */
#include "site.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsx.h"
#include "guide.h"
#include "index.h"
#include "md.h"
#include "mem.h"
#include "meta.h"
#include "model.h"
#include "out.h"
#include "tmpl.h"
#include "view.h"

enum page_kind {
	T_LAYOUT, T_HOME, T_CATEGORY, T_QUESTION, T_PAGE, T_CONCEPTS,
	T_QUESTIONS, T_SEARCH, T_PRACTICE, T_404, T_COUNT
};

static const char *const template_names[T_COUNT] = {
	"layout.html", "home.html", "category.html", "question.html", "page.html",
	"concepts.html", "questions.html", "search.html", "practice.html", "404.html",
};

/* Files copied from the theme's static/ directory; bigger ones are refused. */
#define MAX_ASSET	(4 * 1024 * 1024)

struct asset {
	char		*name;
	struct buf	 data;
};

/* The pdf: section of theme.yaml (a child theme's values win). */
enum pdf_key {
	PK_BODY_FONT, PK_SANS_FONT, PK_MONO_FONT, PK_FALLBACK_FONT, PK_FONT_SIZE,
	PK_TEXT, PK_ACCENT, PK_MUTED, PK_TINT, PK_RULE, PK_FLAG, PK_COUNT
};

static const char *const pdf_keys[PK_COUNT] = {
	"body-font", "sans-font", "mono-font", "fallback-font", "font-size",
	"text-colour", "accent-colour", "muted-colour", "tint-colour", "rule-colour",
	"flag-colour",
};

struct theme {
	struct tmpl	*t[T_COUNT];
	struct asset	*assets;
	size_t		 nassets, cap;
	char		*pdf[PK_COUNT];	/* NULL: the default */
};

/* A theme may extend another (theme.yaml: extends: NAME); chains are short. */
#define MAX_THEME_CHAIN	4

static const char *const theme_keys[] = { "name", "description", "extends", "pdf", NULL };

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

		for (key = 0; key < PK_COUNT && strcmp(pdf_keys[key], k->str) != 0; key++)
			;
		if (key == PK_COUNT) {
			diag(d, D_UNKNOWN_KEY, path, k->line, k->col, k->str);
			continue;
		}
		if (v->type != META_SCALAR || v->len == 0) {
			diag(d, D_WANT_STRING, path, v->line, v->col, k->str, meta_describe(v));
			continue;
		}
		if (key == PK_FONT_SIZE) {
			char *end;
			double size = strtod(v->str, &end);

			if (*end != '\0' || !(size >= 7 && size <= 14)) {
				diag(d, D_BAD_VALUE, path, v->line, v->col, k->str, v->str,
				    "a size in points from 7 to 14");
				continue;
			}
		} else if (key >= PK_TEXT && !is_colour(v->str)) {
			diag(d, D_BAD_VALUE, path, v->line, v->col, k->str, v->str,
			    "a colour written #rrggbb");
			continue;
		}
		if (th->pdf[key] == NULL)
			th->pdf[key] = xstrdup(v->str);
	}
}

void
theme_pdfstyle(const struct theme *th, struct pdfstyle *st)
{
	uint32_t *colours[] = { &st->text, &st->accent, &st->muted, &st->tint,
	    &st->rule, &st->flag };
	const char **fams[] = { &st->fam.serif, &st->fam.sans, &st->fam.mono,
	    &st->fam.fallback };

	for (int k = PK_BODY_FONT; k <= PK_FALLBACK_FONT; k++)
		if (th->pdf[k] != NULL)
			*fams[k - PK_BODY_FONT] = th->pdf[k];
	if (th->pdf[PK_FONT_SIZE] != NULL) {
		st->size = (float)strtod(th->pdf[PK_FONT_SIZE], NULL);
		st->leading = st->size * 1.39f;
	}
	for (int k = PK_TEXT; k < PK_COUNT; k++)
		if (th->pdf[k] != NULL)
			*colours[k - PK_TEXT] = (uint32_t)strtoul(th->pdf[k] + 1, NULL, 16);
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

		for (size_t i = 0; i < root->n; i++) {
			const char *const *k;

			for (k = theme_keys; *k && strcmp(*k, root->keys[i]->str) != 0; k++)
				;
			if (*k == NULL)
				diag(d, D_UNKNOWN_KEY, path, root->keys[i]->line,
				    root->keys[i]->col, root->keys[i]->str);
		}
		if (ext != NULL && ext->type == META_SCALAR && is_ident(ext->str)) {
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
	int before = diag_errors(d);
	char *chain[MAX_THEME_CHAIN];
	int nchain = 0;

	chain[nchain++] = xstrdup(dir);
	while (nchain < MAX_THEME_CHAIN && (chain[nchain] = parent_theme(th, chain[nchain - 1], d)))
		nchain++;
	for (int i = 0; i < T_COUNT; i++) {
		int k;

		for (k = 0; k < nchain; k++) {
			char *tdir = fsx_join(chain[k], "templates");
			char *path = fsx_join(tdir, template_names[i]);
			int found = access(path, F_OK) == 0;

			if (found)
				th->t[i] = tmpl_load(path, path, d);
			free(tdir);
			free(path);
			if (found)
				break;
		}
		if (k == nchain)
			diag(d, D_NO_TEMPLATE, dir, 0, 0, dir, template_names[i]);
	}
	for (int k = 0; k < nchain; k++) {
		load_assets(th, chain[k], d);
		free(chain[k]);
	}
	if (diag_errors(d) > before) {
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
	for (int i = 0; i < T_COUNT; i++)
		tmpl_free(th->t[i]);
	for (int k = 0; k < PK_COUNT; k++)
		free(th->pdf[k]);
	for (size_t i = 0; i < th->nassets; i++) {
		free(th->assets[i].name);
		buf_release(&th->assets[i].data);
	}
	free(th->assets);
	free(th);
}

/* --- rendering ------------------------------------------------------------------ */

struct ctx {
	const struct bank	*b;
	const struct theme	*th;
	struct out		*out;
	struct arena		 arena;		/* views of the current page */
	struct buf		 page, html;	/* scratch */
	char			**title_html;	/* per question: title with inline Markdown */
	char			**title_text;	/* per question: title as plain text */
	struct buf		 search, practice;	/* the two data scripts */
};

/* Titles may carry inline Markdown (`code`); render each once. */
static void
render_titles(struct ctx *c)
{
	size_t n = c->b->nquestions;

	c->title_html = xcalloc(n ? n : 1, sizeof(char *));
	c->title_text = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		struct buf h = BUF_INIT, t = BUF_INIT;

		md_inline(c->b->questions[i]->title, &h, &t);
		c->title_html[i] = buf_detach(&h, NULL);
		c->title_text[i] = buf_detach(&t, NULL);
	}
}

static void
free_titles(struct ctx *c)
{
	for (size_t i = 0; i < c->b->nquestions; i++) {
		free(c->title_html[i]);
		free(c->title_text[i]);
	}
	free(c->title_html);
	free(c->title_text);
}

static const char *const kind_titles[KIND_COUNT] = {
	"Technical", "Behavioral", "Coding", "System design",
};

static const char *
round_title(const struct bank *b, const char *id)
{
	for (size_t i = 0; id && i < b->settings.nrounds; i++)
		if (strcmp(b->settings.rounds[i].id, id) == 0)
			return b->settings.rounds[i].title;
	return id;
}

/* Values every page has: site settings, navigation, asset URLs. */
static struct view *
page_view(struct ctx *c, const char *root, const char *title, const char *desc)
{
	const struct bank *b = c->b;
	struct view *v = view_new(&c->arena, NULL);

	view_text(v, "lang", b->settings.language);
	view_text(v, "site_title", b->settings.title);
	view_text(v, "site_subtitle", b->settings.subtitle);
	view_text(v, "organization", b->settings.organization);
	view_text(v, "title", title);
	view_textf(v, "page_title", "%s%s%s", title, strcmp(title, b->settings.title) ? " · " : "",
	    strcmp(title, b->settings.title) ? b->settings.title : "");
	view_text(v, "description", desc);
	view_textf(v, "home_url", "%sindex.html", root);
	view_textf(v, "css_url", "%sassets/style.css", root);
	view_textf(v, "js_url", "%sassets/qbook.js", root);
	view_textf(v, "favicon_url", "%sassets/favicon.svg", root);
	view_textf(v, "search_url", "%ssearch.html", root);
	view_textf(v, "concepts_url", "%sconcepts.html", root);
	view_textf(v, "questions_url", "%squestions.html", root);
	view_textf(v, "practice_url", "%spractice.html", root);
	view_textf(v, "search_data_url", "%sassets/search-index.js", root);
	view_textf(v, "practice_data_url", "%sassets/practice-data.js", root);
	view_textf(v, "question_count", "%zu", b->nquestions);
	for (size_t i = 0; i < b->ncategories; i++) {
		const struct category *cat = &b->categories[i];
		struct view *cv = view_add(v, "nav_categories");

		view_text(cv, "title", cat->title);
		view_textf(cv, "url", "%scategories/%s.html", root, cat->dir);
		view_textf(cv, "count", "%zu", cat->nquestions);
		view_textf(cv, "number", "%zu", cat->number);
		view_text(cv, "dir", cat->dir);
		view_text(cv, "summary", cat->summary);
	}
	for (size_t i = 0; i < b->npages; i++) {
		struct view *pv = view_add(v, "nav_pages");

		view_text(pv, "title", b->pages[i].title);
		view_textf(pv, "url", "%spages/%s.html", root, b->pages[i].slug);
	}
	return v;
}

/* Render template kind into the layout and write it to the path that the
 * printf-style relfmt names. */
static int
emit_page(struct ctx *c, enum page_kind kind, struct view *v, const char *relfmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
emit_page(struct ctx *c, enum page_kind kind, struct view *v, const char *relfmt, ...)
{
	struct buf rel = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, relfmt);
	buf_vprintf(&rel, relfmt, ap);
	va_end(ap);
	buf_reset(&c->page);
	tmpl_render(c->th->t[kind], v, &c->page);
	view_html(v, "content", c->page.data, c->page.len);
	buf_reset(&c->html);
	tmpl_render(c->th->t[T_LAYOUT], v, &c->html);
	arena_release(&c->arena);
	rc = out_write(c->out, rel.data, c->html.data, c->html.len);
	buf_release(&rel);
	return rc;
}

/* Markdown part as HTML into view v under name (nothing when absent). */
static void
put_markdown(struct view *v, const char *name, const struct md_doc *doc,
    enum md_part part, int unsafe)
{
	struct buf h = BUF_INIT;

	if (doc == NULL)
		return;
	md_render_html(doc, part, "../questions/", ".html", &h);
	if (unsafe)
		html_sanitize(&h);
	if (h.len > 0)
		view_html(v, name, h.data, h.len);
	buf_release(&h);
}

/* A plain-text description of at most ~155 bytes, cut at a word. */
static void
describe(const struct md_doc *doc, enum md_part part, const char *fallback, struct buf *out)
{
	struct buf t = BUF_INIT;
	size_t cut;

	buf_reset(out);
	if (doc != NULL)
		md_plain_text(doc, part, &t);
	for (size_t i = 0; i < t.len; i++)
		if (t.data[i] == '\n')
			t.data[i] = ' ';
	if (t.len == 0)
		buf_adds(&t, fallback);
	cut = t.len;
	if (cut > 155) {
		cut = 155;
		while (cut > 0 && t.data[cut] != ' ')
			cut--;
		/* never split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)t.data[cut] & 0xC0) == 0x80)
			cut--;
	}
	buf_add(out, t.data, cut);
	if (cut < t.len)
		buf_adds(out, "…");
	buf_release(&t);
}

static void
question_badges(const struct bank *b, struct view *v, const struct question *q)
{
	view_text(v, "level", q->level);
	view_text(v, "round", q->round);
	view_text(v, "round_title", round_title(b, q->round));
	view_text(v, "kind", qkind_name(q->kind));
	view_text(v, "kind_title", kind_titles[q->kind]);
	view_textf(v, "minutes", "%d", q->minutes);
	view_textf(v, "number", "%zu.%zu", q->category->number, q->number);
	view_text(v, "id", q->id);
}

static void
question_link(const struct ctx *c, struct view *parent, const char *list,
    const struct question *q, const char *root)
{
	const struct bank *b = c->b;
	struct view *v = view_add(parent, list);

	view_text(v, "title", c->title_text[q->pos]);
	view_html(v, "title_html", c->title_html[q->pos], strlen(c->title_html[q->pos]));
	view_textf(v, "url", "%squestions/%s.html", root, q->id);
	view_text(v, "category", q->category->title);
	question_badges(b, v, q);
}

static int
write_home(struct ctx *c)
{
	const struct bank *b = c->b;
	struct view *v = page_view(c, "", b->settings.title,
	    b->settings.subtitle ? b->settings.subtitle : b->settings.title);

	for (size_t i = 0; i < b->settings.nrounds; i++) {
		struct view *r = view_add(v, "rounds");

		view_textf(r, "number", "%zu", i + 1);
		view_text(r, "title", b->settings.rounds[i].title);
		view_text(r, "description", b->settings.rounds[i].description);
	}
	return emit_page(c, T_HOME, v, "index.html");
}

static int
write_category(struct ctx *c, const struct category *cat)
{
	struct buf desc = BUF_INIT;
	struct view *v;
	int rc;

	describe(cat->intro, MD_NOTES, cat->summary ? cat->summary : cat->title, &desc);
	v = page_view(c, "../", cat->title, cat->summary ? cat->summary : desc.data);
	view_textf(v, "number", "%zu", cat->number);
	view_text(v, "summary", cat->summary);
	view_text(v, "dir", cat->dir);
	put_markdown(v, "intro", cat->intro, MD_NOTES, c->b->settings.unsafe_html);
	view_list(v, "questions");
	for (size_t i = 0; i < cat->nquestions; i++)
		question_link(c, v, "questions", cat->questions[i], "../");
	rc = emit_page(c, T_CATEGORY, v, "categories/%s.html", cat->dir);
	buf_release(&desc);
	return rc;
}

static int
write_question(struct ctx *c, const struct question *q)
{
	const struct bank *b = c->b;
	const struct category *cat = q->category;
	struct buf desc = BUF_INIT;
	struct view *v;
	int rc;

	describe(q->body, MD_NOTES, c->title_text[q->pos], &desc);
	v = page_view(c, "../", c->title_text[q->pos], desc.data);
	view_html(v, "title_html", c->title_html[q->pos], strlen(c->title_html[q->pos]));
	question_badges(b, v, q);
	view_text(v, "category", cat->title);
	view_textf(v, "category_url", "../categories/%s.html", cat->dir);
	put_markdown(v, "notes", q->body, MD_NOTES, c->b->settings.unsafe_html);
	put_markdown(v, "listen", q->body, MD_LISTEN, c->b->settings.unsafe_html);
	put_markdown(v, "red_flags", q->body, MD_FLAGS, c->b->settings.unsafe_html);
	put_markdown(v, "follow_ups", q->body, MD_FOLLOWUPS, c->b->settings.unsafe_html);
	for (size_t i = 0; i < q->ntags; i++) {
		struct view *t = view_add(v, "tags");

		view_text(t, "name", q->tags[i].s);
		view_textf(t, "url", "../concepts.html#%s", q->tag_entries[i]->anchor);
	}
	for (size_t i = 0; i < q->nrelated; i++) {
		const struct question *r = index_find(b, q->related[i].s);

		if (r != NULL)
			question_link(c, v, "related", r, "../");
	}
	if (q->number > 1)
		question_link(c, v, "previous", cat->questions[q->number - 2], "../");
	if (q->number < cat->nquestions)
		question_link(c, v, "next", cat->questions[q->number], "../");
	rc = emit_page(c, T_QUESTION, v, "questions/%s.html", q->id);
	buf_release(&desc);
	return rc;
}

static int
write_free_page(struct ctx *c, const struct page *pg)
{
	struct buf desc = BUF_INIT;
	struct view *v;
	int rc;

	describe(pg->body, MD_NOTES, pg->title, &desc);
	v = page_view(c, "../", pg->title, pg->summary ? pg->summary : desc.data);
	view_text(v, "summary", pg->summary);
	put_markdown(v, "body", pg->body, MD_NOTES, c->b->settings.unsafe_html);
	rc = emit_page(c, T_PAGE, v, "pages/%s.html", pg->slug);
	buf_release(&desc);
	return rc;
}

static void
entry_questions(const struct ctx *c, struct view *v, struct question *const *qs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		question_link(c, v, "questions", qs[i], "");
}

static int
write_concepts(struct ctx *c)
{
	const struct bank *b = c->b;
	struct view *v = page_view(c, "", "Concept index",
	    "Every concept in the guide, A to Z, with the questions that cover it.");
	char letter = 0;
	struct view *group = NULL;
	const char *alphabet = "#ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	for (const char *l = alphabet; *l; l++) {
		struct view *lv = view_add(v, "letters");
		int used = 0;

		for (size_t i = 0; i < b->nconcepts && !used; i++)
			used = b->concepts[i]->letter == *l;
		view_textf(lv, "letter", "%c", *l);
		if (used)
			view_textf(lv, "url", "#letter-%c", *l == '#' ? '0' : *l);
	}
	for (size_t i = 0; i < b->nconcepts; i++) {
		const struct xentry *e = b->concepts[i];
		struct view *ev;

		if (group == NULL || e->letter != letter) {
			letter = e->letter;
			group = view_add(v, "groups");
			view_textf(group, "letter", "%c", letter);
			view_textf(group, "anchor", "letter-%c", letter == '#' ? '0' : letter);
		}
		ev = view_add(group, "entries");
		view_text(ev, "term", e->term);
		view_text(ev, "anchor", e->anchor);
		view_list(ev, "questions");
		entry_questions(c, ev, e->qs, e->nq);
		for (size_t k = 0; k < e->nsubs; k++) {
			struct view *sv = view_add(ev, "subentries");

			view_text(sv, "term", e->subs[k].term);
			entry_questions(c, sv, e->subs[k].qs, e->subs[k].nq);
		}
		for (size_t k = 0; k < e->nsee; k++) {
			struct view *sv = view_add(ev, "see_also");

			view_text(sv, "term", e->see[k]->term);
			view_textf(sv, "url", "#%s", e->see[k]->anchor);
		}
	}
	return emit_page(c, T_CONCEPTS, v, "concepts.html");
}

static int
write_simple(struct ctx *c, enum page_kind kind, const char *rel, const char *title,
    const char *desc)
{
	const struct bank *b = c->b;
	struct view *v = page_view(c, "", title, desc);

	if (kind == T_QUESTIONS)
		for (size_t i = 0; i < b->nquestions; i++)
			question_link(c, v, "questions", b->questions[i], "");
	if (kind == T_PRACTICE) {
		for (size_t i = 0; i < b->settings.nlevels; i++)
			view_text(view_add(v, "levels"), "name", b->settings.levels[i]);
		for (size_t i = 0; i < b->settings.nrounds; i++) {
			struct view *r = view_add(v, "rounds");

			view_text(r, "id", b->settings.rounds[i].id);
			view_text(r, "title", b->settings.rounds[i].title);
		}
	}
	return emit_page(c, kind, v, "%s", rel);
}

/* --- data files for the scripts ------------------------------------------------------ */

/* A JSON string, safe inside a <script> or a .js file: '<', '>', '&', U+2028
 * and U+2029 are escaped too. */
static void
json_string(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)*p);
		} else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
			buf_printf(out, "\\u%04x", *p);
		else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			buf_printf(out, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else
			buf_addc(out, (char)*p);
	}
	buf_addc(out, '"');
}

static void
plain_collapsed(const struct md_doc *doc, enum md_part part, struct buf *out)
{
	struct buf t = BUF_INIT;
	int space = 0;

	md_plain_text(doc, part, &t);
	for (size_t i = 0; i < t.len; i++) {
		char ch = t.data[i];

		if (ch == '\n' || ch == '\t' || ch == ' ') {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_addc(out, ' ');
		space = 0;
		buf_addc(out, ch);
	}
	buf_release(&t);
}

/* One question's record in the search index (made while its body is
 * parsed for its page). */
static void
search_record(struct ctx *c, const struct question *q)
{
	struct buf *js = &c->search, text = BUF_INIT, terms = BUF_INIT;
	size_t i = q->pos;

	for (int p = 0; p < MD_NPARTS; p++) {
		plain_collapsed(q->body, (enum md_part)p, &text);
		buf_addc(&text, ' ');
	}
	for (size_t k = 0; k < q->ntags; k++)
		buf_printf(&terms, "%s%s", terms.len ? " · " : "", q->tags[k].s);
	for (size_t k = 0; k < q->nindex; k++)
		buf_printf(&terms, "%s%s", terms.len ? " · " : "", q->index[k].s);
	buf_addc(js, '[');
	json_string(js, c->title_text[i]);
	buf_addc(js, ',');
	buf_reset(&c->page);
	buf_printf(&c->page, "questions/%s.html", q->id);
	json_string(js, c->page.data);
	buf_addc(js, ',');
	json_string(js, q->category->title);
	buf_addc(js, ',');
	json_string(js, q->level ? q->level : "");
	buf_addc(js, ',');
	json_string(js, terms.len ? terms.data : "");
	buf_addc(js, ',');
	json_string(js, text.data);
	buf_adds(js, i + 1 < c->b->nquestions ? "],\n" : "]\n");
	buf_release(&text);
	buf_release(&terms);
}

struct items_ctx {
	struct buf	*js;
	int		 first;
};

static void
add_item(void *arg, const char *text)
{
	struct items_ctx *ic = arg;

	if (!ic->first)
		buf_addc(ic->js, ',');
	ic->first = 0;
	json_string(ic->js, text);
}

/* One question's record in the practice data. */
static void
practice_record(struct ctx *c, const struct question *q)
{
	struct buf *js = &c->practice;
	struct items_ctx ic = { js, 1 };

	buf_adds(js, "{\"id\":");
	json_string(js, q->id);
	buf_adds(js, ",\"title\":");
	json_string(js, c->title_text[q->pos]);
	buf_printf(js, ",\"url\":\"questions/%s.html\",\"category\":", q->id);
	json_string(js, q->category->dir);
	buf_adds(js, ",\"categoryTitle\":");
	json_string(js, q->category->title);
	buf_adds(js, ",\"level\":");
	json_string(js, q->level ? q->level : "");
	buf_adds(js, ",\"round\":");
	json_string(js, q->round ? q->round : "");
	buf_printf(js, ",\"minutes\":%d,\"listen\":[", q->minutes);
	md_list_items(q->body, MD_LISTEN, add_item, &ic);
	buf_adds(js, q->pos + 1 < c->b->nquestions ? "]},\n" : "]}\n");
}

/* A question's page and its records in the data scripts: one parse of its
 * body, dropped again before the next question. */
static int
write_question_all(struct ctx *c, const struct question *q)
{
	int rc = write_question(c, q);

	search_record(c, q);
	practice_record(c, q);
	md_unload(q->body);
	return rc;
}

/* The data scripts, once every question has added its records. */
static int
write_data_scripts(struct ctx *c)
{
	int rc;

	buf_adds(&c->search, "];\n");
	buf_adds(&c->practice, "];\n");
	rc = out_write(c->out, "assets/search-index.js", c->search.data, c->search.len);
	rc |= out_write(c->out, "assets/practice-data.js", c->practice.data, c->practice.len);
	return rc;
}

/* sitemap.xml (only with base_url) and robots.txt. */
static int
write_crawler_files(struct ctx *c)
{
	const struct bank *b = c->b;
	const char *base = b->settings.base_url;
	struct buf x = BUF_INIT, u = BUF_INIT;
	size_t blen;
	int rc;

	if (base == NULL)
		return out_write(c->out, "robots.txt", "User-agent: *\nAllow: /\n", 23);
	blen = strlen(base);
	buf_printf(&x, "User-agent: *\nAllow: /\nSitemap: %s%ssitemap.xml\n", base,
	    blen && base[blen - 1] == '/' ? "" : "/");
	rc = out_write(c->out, "robots.txt", x.data, x.len);
	buf_reset(&x);
	buf_adds(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
#define LOC(...) do { buf_reset(&u); buf_printf(&u, "%s%s", base, \
	blen && base[blen - 1] == '/' ? "" : "/"); buf_printf(&u, __VA_ARGS__); \
	buf_adds(&x, "  <url><loc>"); html_escape(&x, u.data, u.len, 1); \
	buf_adds(&x, "</loc></url>\n"); } while (0)
	LOC("index.html");
	for (size_t i = 0; i < b->ncategories; i++)
		LOC("categories/%s.html", b->categories[i].dir);
	for (size_t i = 0; i < b->nquestions; i++)
		LOC("questions/%s.html", b->questions[i]->id);
	for (size_t i = 0; i < b->npages; i++)
		LOC("pages/%s.html", b->pages[i].slug);
	LOC("concepts.html");
	LOC("questions.html");
#undef LOC
	buf_adds(&x, "</urlset>\n");
	if (rc == 0)
		rc = out_write(c->out, "sitemap.xml", x.data, x.len);
	buf_release(&x);
	buf_release(&u);
	return rc;
}

int
site_build(const struct bank *b, const struct theme *th, struct out *o)
{
	struct ctx c = { b, th, o, ARENA_INIT, BUF_INIT, BUF_INIT, NULL, NULL, BUF_INIT,
	    BUF_INIT };
	int rc = 0;

	render_titles(&c);
	rc |= write_home(&c);
	for (size_t i = 0; i < b->ncategories; i++)
		rc |= write_category(&c, &b->categories[i]);
	buf_adds(&c.search, "/* qbook search index: [title, url, category, level, terms, "
	    "text] */\nwindow.QBOOK_SEARCH = [\n");
	buf_adds(&c.practice, "/* qbook practice data */\nwindow.QBOOK_PRACTICE = [\n");
	for (size_t i = 0; i < b->nquestions; i++)
		rc |= write_question_all(&c, b->questions[i]);
	for (size_t i = 0; i < b->npages; i++)
		rc |= write_free_page(&c, &b->pages[i]);
	rc |= write_concepts(&c);
	rc |= write_simple(&c, T_QUESTIONS, "questions.html", "All questions",
	    "Every question in one table, by category, level, round and kind.");
	rc |= write_simple(&c, T_SEARCH, "search.html", "Search",
	    "Search every question, answer and concept in the guide.");
	rc |= write_simple(&c, T_PRACTICE, "practice.html", "Practice",
	    "Practise with random questions against the clock.");
	rc |= write_simple(&c, T_404, "404.html", "Page not found",
	    "This page does not exist.");
	rc |= write_data_scripts(&c);
	rc |= write_crawler_files(&c);
	for (size_t i = 0; i < th->nassets; i++) {
		struct buf rel = BUF_INIT;

		buf_printf(&rel, "assets/%s", th->assets[i].name);
		rc |= out_write(o, rel.data, th->assets[i].data.data, th->assets[i].data.len);
		buf_release(&rel);
	}
	rc = rc != 0 ? -1 : 0;
	free_titles(&c);
	arena_release(&c.arena);
	buf_release(&c.page);
	buf_release(&c.html);
	buf_release(&c.search);
	buf_release(&c.practice);
	return rc;
}
