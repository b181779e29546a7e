/*
 * site: pages, data files and theme assets of the study site.
 */
#include "site/site.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/index.h"
#include "bank/md.h"
#include "bank/model.h"
#include "bank/theme.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "base/diag.h"
#include "base/mem.h"
#include "base/out.h"
#include "site/tmpl.h"
#include "site/view.h"

/* The page kinds are the theme's templates. */
enum page_kind {
	T_LAYOUT = THEME_LAYOUT, T_HOME = THEME_HOME, T_CATEGORY = THEME_CATEGORY,
	T_QUESTION = THEME_QUESTION, T_PAGE = THEME_PAGE, T_CONCEPTS = THEME_CONCEPTS,
	T_QUESTIONS = THEME_QUESTIONS, T_SEARCH = THEME_SEARCH,
	T_PRACTICE = THEME_PRACTICE, T_404 = THEME_404, T_COUNT = THEME_NTEMPLATES
};

struct site {
	const struct theme	*th;
	struct tmpl		*t[T_COUNT];
};

/*
 * The values each template sees, as site.c sets them below: "LIST" holds
 * the names of each item of a data-each list (lists inside lists joined
 * with '.'), "" the page's own.  T_COUNT stands for every template
 * (page_view's values); a question link (question_link) has Q_LINK.
 * A name a template uses that is not here renders nothing, whatever the
 * bank: site_new reports it.  Keep this table true when the views change.
 * Besides these, every page has l_KEY for each key of the catalogues
 * (labels.h): qbook's own words in the bank's language.
 */
#define Q_LINK	"title title_html url category level round round_title kind kind_title " \
		"minutes minutes_text number id level_rank round_rank"
static const struct {
	enum page_kind	 kind;
	const char	*list;
	const char	*names;
} values[] = {
	{ T_COUNT, "", "lang text_dir site_title site_subtitle organization title page_title "
	    "description question_count question_count_text browse_all_text labels_url home_url css_url js_url favicon_url search_url "
	    "concepts_url questions_url practice_url search_data_url practice_data_url "
	    "nav_categories nav_pages logo_url favicon_type" },
	{ T_COUNT, "nav_categories", "title url count count_text number dir summary" },
	{ T_COUNT, "nav_pages", "title url" },
	{ T_LAYOUT, "", "content" },
	{ T_HOME, "", "rounds" },
	{ T_HOME, "rounds", "number title description" },
	{ T_CATEGORY, "", "number summary dir intro questions" },
	{ T_CATEGORY, "questions", Q_LINK },
	{ T_QUESTION, "", "title_html level round round_title kind kind_title minutes minutes_text "
	    "number id level_rank round_rank category category_url notes listen red_flags "
	    "follow_ups tags related previous next" },
	{ T_QUESTION, "tags", "name url" },
	{ T_QUESTION, "related", Q_LINK },
	{ T_QUESTION, "previous", Q_LINK },
	{ T_QUESTION, "next", Q_LINK },
	{ T_PAGE, "", "summary body" },
	{ T_CONCEPTS, "", "letters groups" },
	{ T_CONCEPTS, "letters", "letter url" },
	{ T_CONCEPTS, "groups", "letter anchor entries" },
	{ T_CONCEPTS, "groups.entries", "term anchor questions subentries see_also" },
	{ T_CONCEPTS, "groups.entries.questions", Q_LINK },
	{ T_CONCEPTS, "groups.entries.subentries", "term questions" },
	{ T_CONCEPTS, "groups.entries.subentries.questions", Q_LINK },
	{ T_CONCEPTS, "groups.entries.see_also", "term url" },
	{ T_QUESTIONS, "", "questions" },
	{ T_QUESTIONS, "questions", Q_LINK },
	{ T_PRACTICE, "", "levels rounds" },
	{ T_PRACTICE, "levels", "name" },
	{ T_PRACTICE, "rounds", "id title" },
};

/* Call fn with each name template kind sees in the item of list path (the
 * lists joined with '.'; "" for the page itself) until it returns 1;
 * returns whether one did. */
static int
each_value(enum page_kind kind, const char *path, int (*fn)(void *ctx, const char *name),
    void *ctx)
{
	struct buf word = BUF_INIT;
	int stop = 0;

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]) && !stop; i++) {
		if ((values[i].kind != kind && values[i].kind != T_COUNT) ||
		    strcmp(values[i].list, path) != 0)
			continue;
		for (const char *p = values[i].names; *p != '\0' && !stop;) {
			size_t n = strcspn(p, " ");

			buf_reset(&word);
			buf_add(&word, p, n);
			stop = fn(ctx, word.data);
			p += n + (p[n] == ' ');
		}
	}
	buf_release(&word);
	return stop;
}

static int
is_name(void *ctx, const char *name)
{
	return strcmp(ctx, name) == 0;
}

/* The nearest real name to a missing one, at most two edits away. */
struct near {
	const char	*name;
	struct buf	 best;
	int		 dist;		/* of best; 3 while there is none */
};

static int
nearer(void *ctx, const char *name)
{
	struct near *nr = ctx;
	int dist = utf8_edit_distance(nr->name, name);

	if (dist <= 2 && dist < nr->dist) {
		nr->dist = dist;
		buf_reset(&nr->best);
		buf_adds(&nr->best, name);
	}
	return 0;
}

struct value_check {
	enum page_kind	 kind;
	const char	*file;
	struct diags	*d;
	const char	*last;		/* the name reported last, and its line: */
	int		 last_line;	/* data-if="x" data-text="x" is one problem */
};

/* tmpl_name_fn: a name is looked up in the innermost item first, then in
 * each enclosing one, then in the page (view.h). */
static void
check_value(void *ctx, const char *name, int line, const char *const *lists, size_t nlists)
{
	struct value_check *vc = ctx;
	struct buf path = BUF_INIT;
	struct near nr = { name, BUF_INIT, 3 };
	int found = 0;

	if (vc->last != NULL && vc->last_line == line && strcmp(vc->last, name) == 0)
		return;
	/* The catalogues' words: l_KEY. */
	if (strncmp(name, "l_", 2) == 0 && labels_find(name + 2) >= 0)
		return;
	if (strncmp(name, "l_", 2) == 0)
		for (int k = 0; k < LB_COUNT; k++) {
			struct buf l = BUF_INIT;

			buf_printf(&l, "l_%s", labels_name((enum label_key)k));
			nearer(&nr, l.data);
			buf_release(&l);
		}
	for (size_t depth = nlists + 1; depth-- > 0 && !found;) {
		buf_reset(&path);
		for (size_t i = 0; i < depth; i++)
			buf_printf(&path, "%s%s", i ? "." : "", lists[i]);
		found = each_value(vc->kind, path.data, is_name, (void *)(uintptr_t)name);
		each_value(vc->kind, path.data, nearer, &nr);
	}
	if (!found && nr.best.len > 0)
		diag(vc->d, D_NO_VALUE_HINT, vc->file, line, 1, name, nr.best.data);
	else if (!found && nlists > 0)
		diag(vc->d, D_NO_VALUE_IN, vc->file, line, 1, name, lists[nlists - 1]);
	else if (!found)
		diag(vc->d, D_NO_VALUE, vc->file, line, 1, name);
	if (!found) {
		vc->last = name;
		vc->last_line = line;
	}
	buf_release(&path);
	buf_release(&nr.best);
}

struct site *
site_new(const struct theme *th, struct diags *d)
{
	struct site *s = xcalloc(1, sizeof(*s));
	int before = diag_errors(d);

	s->th = th;
	for (int i = 0; i < T_COUNT; i++) {
		size_t len;
		const char *text = theme_template_text(th, (enum theme_template)i, &len);

		s->t[i] = tmpl_parse(text, len, theme_template_path(th, (enum theme_template)i), d);
		if (s->t[i] != NULL) {
			struct value_check vc = { (enum page_kind)i,
				theme_template_path(th, (enum theme_template)i), d, NULL, 0 };

			tmpl_names(s->t[i], check_value, &vc);
		}
	}
	if (diag_errors(d) > before) {
		site_free(s);
		return NULL;
	}
	return s;
}

void
site_free(struct site *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < T_COUNT; i++)
		tmpl_free(s->t[i]);
	free(s);
}

/* --- rendering ------------------------------------------------------------------ */


/* Pages sit at the top of the site ("") or one directory down ("../"). */
enum { ROOT_TOP, ROOT_SUB, NROOTS };
static const char *const roots[NROOTS] = { "", "../" };

/* The links every page's layout has, relative to the site's top. */
static const char *const common_urls[][2] = {
	{ "home_url", "index.html" }, { "css_url", "assets/style.css" },
	{ "js_url", "assets/qbook.js" }, { "favicon_url", "assets/favicon.svg" },
	{ "search_url", "search.html" }, { "concepts_url", "concepts.html" },
	{ "questions_url", "questions.html" }, { "practice_url", "practice.html" },
	{ "search_data_url", "assets/search-index.js" },
	{ "practice_data_url", "assets/practice-data.js" },
	{ "labels_url", "assets/labels.js" },
};
#define NCOMMON	(sizeof(common_urls) / sizeof(*common_urls))

/*
 * Values that thousands of pages and links repeat, formatted once per
 * build instead of once per use (printf was a fifth of the site's time).
 */
struct shared {
	struct arena	  arena;		/* holds every string below */
	char		 *urls[NROOTS][NCOMMON];
	char		**q_url[NROOTS];	/* per question */
	struct view	**nav_cat[NROOTS];	/* per category: its navigation entry */
	struct view	**nav_page[NROOTS];	/* per free page: the same */
	char		**q_number, **q_minutes;	/* per question */
	char		 *question_count;
	char		**level_rank;		/* "0000", "0001" ...: sort keys */
	char		 *logo_url[NROOTS];	/* qbook.yaml's logo:, or NULL */
	const char	 *favicon_type;
	struct view	 *labels;		/* l_KEY: every page's parent view */
	const char	**q_minutes_text;	/* per question: "3 min" */
	const char	 *question_count_text, *browse_all_text;
};

/* Where qbook.yaml's logo: and favicon: go (not the theme's favicon.svg). */
#define LOGO_FILE	"assets/logo."
#define ICON_FILE	"assets/site-icon."

struct ctx {
	const struct bank	*b;
	const struct site	*site;
	struct out		*out;
	struct arena		 arena;		/* views of the current page */
	struct buf		 page, html;	/* scratch */
	char			**title_html;	/* per question: title with inline Markdown */
	char			**title_text;	/* per question: title as plain text */
	struct buf		 search, practice;	/* the two data scripts */
	struct shared		 sh;
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

/* A string formatted into the shared arena. */
static char *
keepf(struct shared *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
keepf(struct shared *sh, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = arena_strndup(&sh->arena, b.data, b.len);
	buf_release(&b);
	return s;
}

static char **
keep_array(struct shared *sh, size_t n)
{
	return arena_array(&sh->arena, n ? n : 1, sizeof(char *));
}

/* The view every page's view continues in: l_KEY for every label. */
static void
share_labels(struct ctx *c)
{
	struct shared *sh = &c->sh;

	sh->labels = view_new(&sh->arena, NULL);
	for (int k = 0; k < LB_COUNT; k++)
		view_text_kept(sh->labels, keepf(sh, "l_%s", labels_name((enum label_key)k)),
		    label_text(&c->b->labels, (enum label_key)k));
}

static void
share_urls(struct ctx *c)
{
	const struct bank *b = c->b;
	struct shared *sh = &c->sh;

	for (int r = 0; r < NROOTS; r++) {
		for (size_t k = 0; k < NCOMMON; k++)
			sh->urls[r][k] = strcmp(common_urls[k][0], "favicon_url") == 0 &&
			    b->settings.favicon != NULL ?
			    keepf(sh, "%s" ICON_FILE "%s", roots[r], image_ext(b->settings.favicon->type)) :
			    keepf(sh, "%s%s", roots[r], common_urls[k][1]);
		if (b->settings.logo != NULL)
			sh->logo_url[r] = keepf(sh, "%s" LOGO_FILE "%s", roots[r],
			    image_ext(b->settings.logo->type));
		sh->q_url[r] = keep_array(sh, b->nquestions);
		for (size_t i = 0; i < b->nquestions; i++)
			sh->q_url[r][i] = keepf(sh, "%squestions/%s.html", roots[r],
			    b->questions[i]->id);
	}
}

/* The navigation entries of every page's layout, for both roots. */
static void
share_nav(struct ctx *c)
{
	const struct bank *b = c->b;
	struct shared *sh = &c->sh;

	for (int r = 0; r < NROOTS; r++) {
		sh->nav_cat[r] = arena_array(&sh->arena, b->ncategories + 1, sizeof(struct view *));
		for (size_t i = 0; i < b->ncategories; i++) {
			const struct category *cat = &b->categories[i];
			struct view *cv = view_new(&sh->arena, NULL);

			view_text_kept(cv, "title", cat->title);
			view_text_kept(cv, "url", keepf(sh, "%scategories/%s.html", roots[r], cat->dir));
			view_text_kept(cv, "count", keepf(sh, "%zu", cat->nquestions));
			view_text_kept(cv, "count_text", label_count_in(&b->labels,
			    LB_category_questions, cat->nquestions, &sh->arena));
			view_text_kept(cv, "number", keepf(sh, "%zu", cat->number));
			view_text_kept(cv, "dir", cat->dir);
			view_text_kept(cv, "summary", cat->summary);
			sh->nav_cat[r][i] = cv;
		}
		sh->nav_page[r] = arena_array(&sh->arena, b->npages + 1, sizeof(struct view *));
		for (size_t i = 0; i < b->npages; i++) {
			struct view *pv = view_new(&sh->arena, NULL);

			view_text_kept(pv, "title", b->pages[i].title);
			view_text_kept(pv, "url", keepf(sh, "%spages/%s.html", roots[r],
			    b->pages[i].slug));
			sh->nav_page[r][i] = pv;
		}
	}
}

static void
share_values(struct ctx *c)
{
	const struct bank *b = c->b;
	struct shared *sh = &c->sh;

	share_labels(c);
	share_urls(c);
	share_nav(c);
	sh->q_number = keep_array(sh, b->nquestions);
	sh->q_minutes = keep_array(sh, b->nquestions);
	sh->q_minutes_text = (const char **)keep_array(sh, b->nquestions);
	for (size_t i = 0; i < b->nquestions; i++) {
		const struct question *q = b->questions[i];

		sh->q_number[i] = keepf(sh, "%zu.%zu", q->category->number, q->number);
		sh->q_minutes[i] = keepf(sh, "%d", q->minutes);
		sh->q_minutes_text[i] = label_count_in(&b->labels, LB_minutes,
		    (unsigned long)q->minutes, &sh->arena);
	}
	sh->question_count = keepf(sh, "%zu", b->nquestions);
	sh->question_count_text = label_count_in(&b->labels, LB_footer_questions,
	    b->nquestions, &sh->arena);
	sh->browse_all_text = label_count_in(&b->labels, LB_browse_all, b->nquestions,
	    &sh->arena);
	/* Sort keys in qbook.yaml's order, for the levels and rounds. */
	{
		size_t most = b->settings.nlevels > b->settings.nrounds ?
		    b->settings.nlevels : b->settings.nrounds;

		sh->level_rank = keep_array(sh, most + 1);
		for (size_t i = 0; i <= most; i++)
			sh->level_rank[i] = keepf(sh, "%04zu", i);
	}
	sh->favicon_type = b->settings.favicon ? image_mime(b->settings.favicon->type) :
	    "image/svg+xml";
}

static int
root_of(const char *root)
{
	return root[0] == '\0' ? ROOT_TOP : ROOT_SUB;
}

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
	const struct shared *sh = &c->sh;
	struct view *v = view_new(&c->arena, sh->labels);
	int r = root_of(root);

	view_text_kept(v, "lang", b->settings.language);
	view_text_kept(v, "text_dir", labels_rtl(b->settings.language) ? "rtl" : "ltr");
	view_text_kept(v, "site_title", b->settings.title);
	view_text_kept(v, "site_subtitle", b->settings.subtitle);
	view_text_kept(v, "organization", b->settings.organization);
	view_text(v, "title", title);
	view_textf(v, "page_title", "%s%s%s", title, strcmp(title, b->settings.title) ? " · " : "",
	    strcmp(title, b->settings.title) ? b->settings.title : "");
	view_text(v, "description", desc);
	for (size_t k = 0; k < NCOMMON; k++)
		view_text_kept(v, common_urls[k][0], sh->urls[r][k]);
	view_text_kept(v, "question_count", sh->question_count);
	view_text_kept(v, "question_count_text", sh->question_count_text);
	view_text_kept(v, "browse_all_text", sh->browse_all_text);
	view_text_kept(v, "logo_url", sh->logo_url[r]);
	view_text_kept(v, "favicon_type", sh->favicon_type);
	for (size_t i = 0; i < b->ncategories; i++)
		view_add_copy(v, "nav_categories", sh->nav_cat[r][i]);
	for (size_t i = 0; i < b->npages; i++)
		view_add_copy(v, "nav_pages", sh->nav_page[r][i]);
	return v;
}

/* Render template kind into the layout, into c->html; the page's views
 * are dropped. */
static void
render_page(struct ctx *c, enum page_kind kind, struct view *v)
{
	buf_reset(&c->page);
	tmpl_render(c->site->t[kind], v, &c->page);
	/* c->page stays as it is until the layout is rendered. */
	view_html_kept(v, "content", c->page.data, c->page.len);
	buf_reset(&c->html);
	tmpl_render(c->site->t[T_LAYOUT], v, &c->html);
	arena_release(&c->arena);
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
	render_page(c, kind, v);
	rc = out_write(c->out, rel.data, c->html.data, c->html.len);
	buf_release(&rel);
	return rc;
}

/* Markdown part as HTML into view v under name (nothing when absent). */
static void
put_markdown(struct view *v, const char *name, const struct md_doc *doc,
    enum md_part part, int top, int unsafe)
{
	struct buf h = BUF_INIT;

	if (doc == NULL)
		return;
	md_render_html(doc, part, "../questions/", ".html", "../", top, &h);
	if (unsafe)
		tmpl_sanitize(&h);
	if (h.len > 0)
		view_html(v, name, h.data, h.len);
	buf_release(&h);
}

/* The first ~155 bytes of s[0..len) as a description, cut at a word;
 * with nl_is_space (text from a body) newlines count as spaces. */
static void
cut_description(const char *s, size_t len, int nl_is_space, struct buf *out)
{
	size_t cut = len;

	buf_reset(out);
	if (cut > 155) {
		cut = 155;
		while (cut > 0 && s[cut] != ' ' && !(nl_is_space && s[cut] == '\n'))
			cut--;
		/* never split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	buf_add(out, s, cut);
	for (size_t i = 0; nl_is_space && i < out->len; i++)
		if (out->data[i] == '\n')
			out->data[i] = ' ';
	if (cut < len)
		buf_adds(out, "…");
}

/* A plain-text description of at most ~155 bytes, cut at a word: from
 * text (a part's plain text), or fallback when that is empty. */
static void
describe_plain(const struct buf *text, const char *fallback, struct buf *out)
{
	if (text->len > 0)
		cut_description(text->data, text->len, 1, out);
	else
		cut_description(fallback, strlen(fallback), 0, out);
}

/* The same from a Markdown part (absent: the fallback). */
static void
describe(const struct md_doc *doc, enum md_part part, const char *fallback, struct buf *out)
{
	struct buf t = BUF_INIT;

	if (doc != NULL)
		md_plain_text(doc, part, &t);
	describe_plain(&t, fallback, out);
	buf_release(&t);
}

/* The place of id in qbook.yaml's list (levels or rounds, in their order),
 * from 0; the list's length for an id not there (none: it sorts last). */
static size_t
rank_of(const char *const *list, size_t n, const char *id)
{
	size_t i = 0;

	while (id != NULL && i < n && strcmp(list[i], id) != 0)
		i++;
	return id != NULL ? i : n;
}

static void
question_badges(const struct ctx *c, struct view *v, const struct question *q)
{
	const struct bank *b = c->b;

	view_text_kept(v, "level", q->level);
	view_text_kept(v, "round", q->round);
	view_text_kept(v, "round_title", round_title(b, q->round));
	view_text_kept(v, "kind", model_kind_name(q->kind));
	view_text_kept(v, "kind_title", model_kind_title(b, q->kind));
	view_text_kept(v, "minutes", c->sh.q_minutes[q->pos]);
	view_text_kept(v, "minutes_text", c->sh.q_minutes_text[q->pos]);
	view_text_kept(v, "number", c->sh.q_number[q->pos]);
	view_text_kept(v, "id", q->id);
	view_text_kept(v, "level_rank", c->sh.level_rank[rank_of(b->settings.levels,
	    b->settings.nlevels, q->level)]);
	view_text_kept(v, "round_rank", c->sh.level_rank[rank_of(b->settings.round_ids,
	    b->settings.nrounds, q->round)]);
}

static void
question_link(const struct ctx *c, struct view *parent, const char *list,
    const struct question *q, const char *root)
{
	struct view *v = view_add(parent, list);

	view_text_kept(v, "title", c->title_text[q->pos]);
	view_html_kept(v, "title_html", c->title_html[q->pos], strlen(c->title_html[q->pos]));
	view_text_kept(v, "url", c->sh.q_url[root_of(root)][q->pos]);
	view_text_kept(v, "category", q->category->title);
	question_badges(c, v, q);
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
	put_markdown(v, "intro", cat->intro, MD_NOTES, 1, c->b->settings.unsafe_html);
	view_list(v, "questions");
	for (size_t i = 0; i < cat->nquestions; i++)
		question_link(c, v, "questions", cat->questions[i], "../");
	rc = emit_page(c, T_CATEGORY, v, "categories/%s.html", cat->dir);
	buf_release(&desc);
	return rc;
}

/* A question's page into c->html; notes is the plain text of its answer
 * notes. */
static void
question_page(struct ctx *c, const struct question *q, const struct buf *notes)
{
	const struct bank *b = c->b;
	const struct category *cat = q->category;
	struct buf desc = BUF_INIT;
	struct view *v;

	describe_plain(notes, c->title_text[q->pos], &desc);
	v = page_view(c, "../", c->title_text[q->pos], desc.data);
	view_html_kept(v, "title_html", c->title_html[q->pos], strlen(c->title_html[q->pos]));
	question_badges(c, v, q);
	view_text(v, "category", cat->title);
	view_textf(v, "category_url", "../categories/%s.html", cat->dir);
	/* Below the page's title and a section heading (h2) each. */
	put_markdown(v, "notes", q->body, MD_NOTES, 2, c->b->settings.unsafe_html);
	put_markdown(v, "listen", q->body, MD_LISTEN, 2, c->b->settings.unsafe_html);
	put_markdown(v, "red_flags", q->body, MD_FLAGS, 2, c->b->settings.unsafe_html);
	put_markdown(v, "follow_ups", q->body, MD_FOLLOWUPS, 2, c->b->settings.unsafe_html);
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
	render_page(c, T_QUESTION, v);
	buf_release(&desc);
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
	put_markdown(v, "body", pg->body, MD_NOTES, 1, c->b->settings.unsafe_html);
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

static struct view *
concepts_view(struct ctx *c)
{
	const struct bank *b = c->b;
	struct view *v = page_view(c, "", label_text(&c->b->labels, LB_concept_index),
	    label_text(&c->b->labels, LB_concept_index_lede));
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
	return v;
}

static struct view *
questions_view(struct ctx *c)
{
	const struct bank *b = c->b;
	struct view *v = page_view(c, "", label_text(&c->b->labels, LB_all_questions),
	    label_text(&c->b->labels, LB_all_questions_caption));

	for (size_t i = 0; i < b->nquestions; i++)
		question_link(c, v, "questions", b->questions[i], "");
	return v;
}

/* The two index pages. */
static const struct {
	enum page_kind	  kind;
	const char	 *rel;
	struct view	*(*view)(struct ctx *);
} index_pages[] = {
	{ T_CONCEPTS, "concepts.html", concepts_view },
	{ T_QUESTIONS, "questions.html", questions_view },
};

static int
write_simple(struct ctx *c, enum page_kind kind, const char *rel, const char *title,
    const char *desc)
{
	const struct bank *b = c->b;
	struct view *v = page_view(c, "", title, desc);

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

/* qbook.yaml's logo and favicon, as they are. */
static int
write_images(struct ctx *c)
{
	const struct settings *set = &c->b->settings;
	const struct image *im[2] = { set->logo, set->favicon };
	const char *file[2] = { LOGO_FILE, ICON_FILE };
	int rc = 0;

	for (int i = 0; i < 2; i++) {
		struct buf rel = BUF_INIT;

		if (im[i] == NULL)
			continue;
		buf_printf(&rel, "%s%s", file[i], image_ext(im[i]->type));
		rc |= out_write(c->out, rel.data, im[i]->data, im[i]->len);
		buf_release(&rel);
	}
	/* The Markdown's, each file's bytes once (model.h). */
	for (size_t i = 0; i < c->b->nimages; i++)
		rc |= out_write(c->out, c->b->images[i].href, c->b->images[i].im.data,
		    c->b->images[i].im.len);
	return rc;
}

/* --- data files for the scripts ------------------------------------------------------ */

/* Whether s starts with U+2028 or U+2029, which end a line in JavaScript. */
static int
is_js_line_end(const unsigned char *s)
{
	return s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9);
}

/* Whether byte ch may need an escape in json_string (0xE2 may start
 * U+2028 or U+2029).  A table: the search index is mostly such bytes. */
static int
json_special(unsigned char ch)
{
	static unsigned char special[256];
	static int ready;

	if (!ready) {
		for (int i = 0; i < 0x20; i++)
			special[i] = 1;
		for (const char *s = "\"\\<>&\xE2"; *s; s++)
			special[(unsigned char)*s] = 1;
		ready = 1;
	}
	return special[ch];
}

/* A JSON string, safe inside a <script> or a .js file: '<', '>', '&', U+2028
 * and U+2029 are escaped too.  Bytes that need no escape are copied in runs. */
static void
json_string(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	buf_addc(out, '"');
	for (; *p; p++) {
		if (!json_special(*p) || (*p == 0xE2 && !is_js_line_end(p)))
			continue;
		buf_add(out, run, (size_t)(p - run));
		if (*p == '"' || *p == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)*p);
		} else if (*p == 0xE2) {
			buf_printf(out, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else
			buf_printf(out, "\\u%04x", *p);
		run = p + 1;
	}
	buf_add(out, run, (size_t)(p - run));
	buf_addc(out, '"');
}

static int
is_blank(char ch)
{
	return ch == '\n' || ch == '\t' || ch == ' ';
}

/* Append text[0..len) with each run of blanks as one space (none at the
 * start of out).  The result is never longer, so it is written in place. */
static void
add_collapsed(const char *text, size_t len, struct buf *out)
{
	char *start, *d;
	int space = 0;

	buf_grow(out, len);
	start = out->data;
	d = start + out->len;
	for (size_t i = 0; i < len; i++) {
		if (is_blank(text[i])) {
			space = d > start;
			continue;
		}
		if (space)
			*d++ = ' ';
		space = 0;
		*d++ = text[i];
	}
	out->len = (size_t)(d - start);
	*d = '\0';
}

/* One question's record in the search index (made while its body is
 * parsed for its page); notes is the plain text of its answer notes. */
static void
search_record(struct ctx *c, const struct question *q, const struct buf *notes,
    struct buf *js)
{
	struct buf text = BUF_INIT, terms = BUF_INIT, part = BUF_INIT;
	size_t i = q->pos;

	add_collapsed(notes->data, notes->len, &text);
	buf_addc(&text, ' ');
	for (int p = MD_NOTES + 1; p < MD_NPARTS; p++) {
		buf_reset(&part);
		md_plain_text(q->body, (enum md_part)p, &part);
		add_collapsed(part.data, part.len, &text);
		buf_addc(&text, ' ');
	}
	buf_release(&part);
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
practice_record(struct ctx *c, const struct question *q, struct buf *js)
{
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

/* What a question page was made of, and what was made. */
struct memo_question {
	int		 made;
	struct buf	 body;			/* its Markdown */
	struct buf	 html, search, practice;	/* its page and records */
};

struct site_memo {
	struct buf		 key;		/* outline and templates */
	struct memo_question	*q;		/* per question (bank order) */
	size_t			 nq;
	size_t			 rendered, kept;
};

struct site_memo *
site_memo_new(void)
{
	return xcalloc(1, sizeof(struct site_memo));
}

static void
forget_questions(struct site_memo *m)
{
	for (size_t i = 0; i < m->nq; i++) {
		buf_release(&m->q[i].body);
		buf_release(&m->q[i].html);
		buf_release(&m->q[i].search);
		buf_release(&m->q[i].practice);
	}
	free(m->q);
	m->q = NULL;
	m->nq = 0;
}

void
site_memo_free(struct site_memo *m)
{
	if (m == NULL)
		return;
	forget_questions(m);
	buf_release(&m->key);
	free(m);
}

void
site_memo_counts(const struct site_memo *m, size_t *rendered, size_t *kept)
{
	*rendered = m->rendered;
	*kept = m->kept;
}

/* Make m answer for this build: what it kept from a build with another
 * outline or other templates is forgotten. */
static void
memo_start(struct site_memo *m, const struct bank *b, const struct site *s)
{
	struct buf key = BUF_INIT;

	buf_add_part(&key, b->outline.data ? b->outline.data : "", b->outline.len);
	for (int t = 0; t < T_COUNT; t++) {
		size_t len;
		const char *text = theme_template_text(s->th, (enum theme_template)t, &len);

		buf_add_part(&key, text, len);
	}
	m->rendered = m->kept = 0;
	if (key.len == m->key.len && memcmp(key.data, m->key.data, key.len) == 0) {
		buf_release(&key);
		return;
	}
	buf_release(&m->key);
	m->key = key;
	forget_questions(m);
	m->nq = b->nquestions;
	m->q = xcalloc(m->nq ? m->nq : 1, sizeof(*m->q));
}

/* The memo's page of question q, when its body is the one it was made
 * from. */
static const struct memo_question *
memo_find(const struct site_memo *m, const struct question *q)
{
	const struct memo_question *mq = &m->q[q->pos];
	size_t len;
	const char *src = md_source(q->body, &len);

	if (!mq->made || mq->body.len != len || memcmp(mq->body.data, src, len) != 0)
		return NULL;
	return mq;
}

/* A question's page (into c->html) and its records for the data scripts:
 * one parse of its body, dropped again before the next question. */
static void
make_question(struct ctx *c, const struct question *q, struct buf *search,
    struct buf *practice)
{
	struct buf notes = BUF_INIT;

	/* The page's description and the search record share it. */
	md_plain_text(q->body, MD_NOTES, &notes);
	question_page(c, q, &notes);
	search_record(c, q, &notes, search);
	practice_record(c, q, practice);
	md_unload(q->body);
	buf_release(&notes);
}

/* The words the page script writes (qbook.js): assets/labels.js sets
 * window.QBOOK_LABELS to them, each key's forms by plural category, and
 * the language's plural rule as the category of 0 to 199 (enough for the
 * counts it shows; beyond, n % 100 + 100 stands in). */
static int
write_labels_script(struct ctx *c)
{
	static const enum label_key keys[] = { LB_search_no_match, LB_search_matches,
		LB_practice_stats, LB_practice_none, LB_practice_progress, LB_minutes };
	static const char *const forms[PL_N] = { "zero", "one", "two", "few", "many", "other" };
	const struct labels *lb = &c->b->labels;
	struct buf js = BUF_INIT;
	int rc;

	buf_adds(&js, "/* qbook's words for the page script */\nwindow.QBOOK_LABELS = {\n");
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		buf_printf(&js, "  \"%s\": {", labels_name(keys[i]));
		for (int p = 0, first = 1; p < PL_N; p++) {
			if (lb->form[keys[i]][p] == NULL)
				continue;
			buf_printf(&js, "%s\"%s\": ", first ? "" : ", ", forms[p]);
			json_string(&js, lb->form[keys[i]][p]);
			first = 0;
		}
		buf_adds(&js, "},\n");
	}
	buf_adds(&js, "  \"_plural\": \"");
	for (unsigned long n = 0; n < 200; n++)
		buf_addc(&js, "zotfmx"[lb->rule(n)]);
	buf_adds(&js, "\"\n};\n");
	rc = out_write(c->out, "assets/labels.js", js.data, js.len);
	buf_release(&js);
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
	buf_adds(&x, "  <url><loc>"); tmpl_escape(&x, u.data, u.len, 1); \
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

/* Keep question q's page (in c->html) and its records (at the ends of the
 * scripts, from search_at and practice_at) in memo m. */
static void
memo_keep(struct site_memo *m, const struct ctx *c, const struct question *q,
    size_t search_at, size_t practice_at)
{
	struct memo_question *mq = &m->q[q->pos];
	size_t len;
	const char *src = md_source(q->body, &len);

	buf_reset(&mq->body);
	buf_add(&mq->body, src, len);
	buf_reset(&mq->html);
	buf_add(&mq->html, c->html.data, c->html.len);
	buf_reset(&mq->search);
	buf_add(&mq->search, c->search.data + search_at, c->search.len - search_at);
	buf_reset(&mq->practice);
	buf_add(&mq->practice, c->practice.data + practice_at,
	    c->practice.len - practice_at);
	mq->made = 1;
}

/* Every question's page, written, and its records added to the scripts;
 * through memo m, when there is one (site_build). */
static int
write_questions(struct ctx *c, struct site_memo *m)
{
	int rc = 0;

	for (size_t i = 0; i < c->b->nquestions; i++) {
		const struct question *q = c->b->questions[i];
		const struct memo_question *mq = m != NULL ? memo_find(m, q) : NULL;
		size_t search_at = c->search.len, practice_at = c->practice.len;

		if (mq != NULL) {
			buf_add(&c->search, mq->search.data, mq->search.len);
			buf_add(&c->practice, mq->practice.data, mq->practice.len);
			rc |= out_write(c->out, c->sh.q_url[ROOT_TOP][i], mq->html.data,
			    mq->html.len);
			m->kept++;
			continue;
		}
		make_question(c, q, &c->search, &c->practice);
		rc |= out_write(c->out, c->sh.q_url[ROOT_TOP][i], c->html.data, c->html.len);
		if (m != NULL) {
			memo_keep(m, c, q, search_at, practice_at);
			m->rendered++;
		}
	}
	return rc;
}

/* A context for making pages, with the titles and the values that pages
 * repeat made once. */
static void
ctx_init(struct ctx *c, const struct bank *b, const struct site *s, struct out *o)
{
	memset(c, 0, sizeof(*c));
	c->b = b;
	c->site = s;
	c->out = o;
	buf_init(&c->page);
	buf_init(&c->html);
	buf_init(&c->search);
	buf_init(&c->practice);
	render_titles(c);
	share_values(c);
}

static void
ctx_release(struct ctx *c)
{
	free_titles(c);
	arena_release(&c->sh.arena);
	arena_release(&c->arena);
	buf_release(&c->page);
	buf_release(&c->html);
	buf_release(&c->search);
	buf_release(&c->practice);
}

int
site_build(const struct site *s, const struct bank *b, struct out *o,
    struct site_memo *memo)
{
	struct ctx c;
	int rc = 0;

	if (memo != NULL)
		memo_start(memo, b, s);
	ctx_init(&c, b, s, o);
	rc |= write_home(&c);
	for (size_t i = 0; i < b->ncategories; i++)
		rc |= write_category(&c, &b->categories[i]);
	buf_adds(&c.search, "/* qbook search index: [title, url, category, level, terms, "
	    "text] */\nwindow.QBOOK_SEARCH = [\n");
	buf_adds(&c.practice, "/* qbook practice data */\nwindow.QBOOK_PRACTICE = [\n");
	rc |= write_questions(&c, memo);
	for (size_t i = 0; i < b->npages; i++)
		rc |= write_free_page(&c, &b->pages[i]);
	for (size_t k = 0; k < sizeof(index_pages) / sizeof(index_pages[0]); k++) {
		render_page(&c, index_pages[k].kind, index_pages[k].view(&c));
		rc |= out_write(o, index_pages[k].rel, c.html.data, c.html.len);
	}
	rc |= write_simple(&c, T_SEARCH, "search.html", label_text(&b->labels, LB_search),
	    label_text(&b->labels, LB_search_description));
	rc |= write_simple(&c, T_PRACTICE, "practice.html", label_text(&b->labels, LB_practice),
	    label_text(&b->labels, LB_practice_description));
	rc |= write_simple(&c, T_404, "404.html", label_text(&b->labels, LB_not_found),
	    label_text(&b->labels, LB_not_found_description));
	rc |= write_labels_script(&c);
	rc |= write_data_scripts(&c);
	rc |= write_crawler_files(&c);
	rc |= write_images(&c);
	for (size_t i = 0; i < theme_nassets(s->th); i++) {
		struct buf rel = BUF_INIT;
		const char *name, *data;
		size_t len;

		theme_asset(s->th, i, &name, &data, &len);
		buf_printf(&rel, "assets/%s", name);
		rc |= out_write(o, rel.data, data, len);
		buf_release(&rel);
	}
	ctx_release(&c);
	return rc != 0 ? -1 : 0;
}
