/*
 * md: cmark-gfm behind qbook's own small interface.
 */
#include "bank/md.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm/registry.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"

/* A qlink as found at parse time, so checking links needs no tree. */
struct qlink {
	char		*id;
	int		 line, col;
};

/* An image url of the document (each url once), as found at parse time,
 * and where the outputs find it (md_bind_image). */
struct mdimg {
	char		*url;
	int		 line, col;	/* its first use */
	char		*href;		/* NULL: unbound, the url is used */
	int		 id;		/* the caller's number, or -1 */
};

/*
 * The tree is a cache: md_unload drops it and the next use parses the
 * source again (and splits it again if it was split), so a bank of
 * thousands of questions never holds every tree at once.  The functions
 * taking a const doc may fill that cache.
 */
struct md_doc {
	cmark_node	*part[MD_NPARTS];	/* document nodes; NULL when absent */
	int		 unsafe;		/* raw HTML kept */
	int		 loaded;		/* part[] holds the parsed tree */
	int		 split;			/* md_split was applied */
	char		*src;			/* the Markdown, for parsing again */
	size_t		 len;
	struct qlink	*qlinks;
	size_t		 nqlinks;
	struct mdimg	*imgs;
	size_t		 nimgs;
	int		 deep_line, deep_col;	/* where nesting was cut, or 0 */
	size_t		 nhtml;			/* raw HTML left out (not unsafe) */
	int		 html_line, html_col;	/* the first of it */
	char		*near;			/* a level-2 heading like a section's */
	int		 near_line, near_col;
	const char	*near_name;		/* the section name it is like */
};

static const char *const part_names[MD_NPARTS] = {
	"Notes", "What to listen for", "Red flags", "Follow-up questions",
};

static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist",
};

/* The extension list that makes the HTML renderer apply the GFM tag filter
 * (it only matters when raw HTML is kept). */
static cmark_llist *tagfilter_list;

void
md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	if (tagfilter_list == NULL)
		tagfilter_list = cmark_llist_append(cmark_get_default_mem_allocator(),
		    NULL, cmark_find_syntax_extension("tagfilter"));
}

void
md_shutdown(void)
{
	if (tagfilter_list != NULL)
		cmark_llist_free(cmark_get_default_mem_allocator(), tagfilter_list);
	tagfilter_list = NULL;
	cmark_release_plugins();
}

/*
 * Whether n is a level of nesting as docs/content.md counts them: a node
 * that can hold another of its kind (lists, their items, block quotes,
 * emphasis, links and images, strikethrough).  Between two levels lie at
 * most a few other nodes (a paragraph, or a table, its row and cell), so
 * limiting levels limits depth.
 */
static int
is_level(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);

	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_ITEM:
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		return 1;
	default:
		/* An extension's inline: its type is registered at run time, after
		 * the core ones. */
		return (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE &&
		    t > CMARK_NODE_FOOTNOTE_REFERENCE &&
		    strcmp(cmark_node_get_type_string(n), "strikethrough") == 0;
	}
}

/*
 * Cut every node nested more than MD_MAX_DEPTH levels deep below root, so
 * that nothing downstream (this file's tree, the guide's layout) recurses
 * without bound; *line and *col get the first cut's position (0 when
 * nothing was cut).  One pass: a node's levels are counted up its parents,
 * at most MD_MAX_DEPTH + 1.
 */
static void
limit_depth(cmark_node *root, int *line, int *col)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_node **cut = NULL;
	size_t ncut = 0, cap = 0;
	cmark_event_type ev;

	*line = *col = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it), *p = n;
		int d = 0;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		for (d = is_level(n); d <= MD_MAX_DEPTH && (p = cmark_node_parent(p)) != NULL; )
			d += is_level(p);
		if (d <= MD_MAX_DEPTH)
			continue;
		GROW(cut, cap, ncut + 1);
		cut[ncut++] = n;
		/* Skip n's subtree: it goes as a whole. */
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
	if (ncut > 0) {
		/* Inlines may have no position; their block has. */
		for (cmark_node *p = cut[0]; p != NULL && *line == 0; p = cmark_node_parent(p)) {
			*line = cmark_node_get_start_line(p);
			*col = cmark_node_get_start_column(p);
		}
		if (*line == 0)
			*line = 1;
	}
	for (size_t i = 0; i < ncut; i++)
		cmark_node_free(cut[i]);
	free(cut);
}

int
md_too_deep(const struct md_doc *doc, int *line, int *col)
{
	*line = doc->deep_line;
	*col = doc->deep_col;
	return doc->deep_line > 0;
}

size_t
md_dropped_html(const struct md_doc *doc, int *line, int *col)
{
	*line = doc->html_line;
	*col = doc->html_col;
	return doc->nhtml;
}

/*
 * Typographic quotes.  Straight quotes in prose become the language's
 * (never in code, which cmark keeps in nodes of its own); an apostrophe
 * inside a word becomes U+2019 in every language.
 */
struct quotes {
	const char	*lang;		/* a BCP 47 tag, or its first subtag */
	const char	*open2, *close2, *open1, *close1;
};

#define NNBSP	"\xe2\x80\xaf"	/* the narrow no-break space French sets inside */
static const struct quotes quote_styles[] = {
	{ "en", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99" },
	{ "de", "\xe2\x80\x9e", "\xe2\x80\x9c", "\xe2\x80\x9a", "\xe2\x80\x98" },
	{ "cs", "\xe2\x80\x9e", "\xe2\x80\x9c", "\xe2\x80\x9a", "\xe2\x80\x98" },
	{ "pl", "\xe2\x80\x9e", "\xe2\x80\x9d", "\xe2\x80\x9a", "\xe2\x80\x99" },
	{ "fr", "\xc2\xab" NNBSP, NNBSP "\xc2\xbb", "\xe2\x80\xb9" NNBSP, NNBSP "\xe2\x80\xba" },
	{ "es", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d" },
	{ "it", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d" },
	{ "ru", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9e", "\xe2\x80\x9c" },
	{ "uk", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x9e", "\xe2\x80\x9c" },
	{ "ar", "\xc2\xab", "\xc2\xbb", "\xe2\x80\xb9", "\xe2\x80\xba" },
	{ "ja", "\xe3\x80\x8c", "\xe3\x80\x8d", "\xe3\x80\x8e", "\xe3\x80\x8f" },
	{ "zh-TW", "\xe3\x80\x8c", "\xe3\x80\x8d", "\xe3\x80\x8e", "\xe3\x80\x8f" },
	{ "zh-Hant", "\xe3\x80\x8c", "\xe3\x80\x8d", "\xe3\x80\x8e", "\xe3\x80\x8f" },
};
static const struct quotes *quotes = &quote_styles[0];

void
md_set_language(const char *lang)
{
	size_t n = lang != NULL ? strcspn(lang, "-_") : 0;

	quotes = &quote_styles[0];
	if (lang == NULL)
		return;
	/* The whole tag first (zh-TW), then its language (de-AT: de). */
	for (size_t i = 0; i < sizeof(quote_styles) / sizeof(*quote_styles); i++)
		if (strcasecmp(quote_styles[i].lang, lang) == 0) {
			quotes = &quote_styles[i];
			return;
		}
	for (size_t i = 0; i < sizeof(quote_styles) / sizeof(*quote_styles); i++)
		if (strlen(quote_styles[i].lang) == n && strncasecmp(quote_styles[i].lang, lang, n) == 0) {
			quotes = &quote_styles[i];
			return;
		}
}

/* Whether byte c, the last of what came before a quote, opens: nothing
 * (start, blank) or an opening bracket or dash; bytes >= 0x80 (a letter
 * of another script, a quote already curled) count as a word. */
static int
opens_after(int c)
{
	return c == 0 || c == ' ' || c == '\t' || c == '\n' || strchr("([{-/", c) != NULL;
}

static int
is_wordbyte(int c)
{
	return isalnum(c) || c >= 0x80;
}

/* s with its straight quotes made typographic into out, prev the byte
 * before it (0: none); returns the last byte of s (or prev). */
static int
curl(const char *s, int prev, struct buf *out)
{
	for (; *s != '\0'; s++) {
		int c = (unsigned char)*s, next = (unsigned char)s[1];

		if (c == '"')
			buf_adds(out, opens_after(prev) ? quotes->open2 : quotes->close2);
		else if (c == '\'' && is_wordbyte(prev) && is_wordbyte(next))
			buf_adds(out, "\xe2\x80\x99");	/* don't, l'ordre */
		else if (c == '\'')
			buf_adds(out, opens_after(prev) ? quotes->open1 : quotes->close1);
		else
			buf_addc(out, (char)c);
		prev = c;
	}
	return prev;
}

/* Make the quotes of root's text typographic.  The byte before each quote
 * runs on across its block's inline nodes (text, code, emphasis), so
 * "*word*" is curled as one phrase. */
static void
curl_quotes(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	struct buf b = BUF_INIT;
	int prev = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
			prev = 0;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(n);
			if (strpbrk(lit, "\"'") == NULL) {
				prev = lit[0] ? (unsigned char)lit[strlen(lit) - 1] : prev;
				break;
			}
			buf_reset(&b);
			prev = curl(lit, prev, &b);
			cmark_node_set_literal(n, b.data);
			break;
		case CMARK_NODE_CODE:
			prev = 'x';
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			prev = ' ';
			break;
		default:
			break;
		}
	}
	buf_release(&b);
	cmark_iter_free(it);
}

static void escape_text(struct buf *b, const char *s);

/* --- <details> disclosures ----------------------------------------------------- */

#define DETAILS_OPEN	"<details><summary>"
#define DETAILS_SHOWN	"<details open><summary>"

/* s past blanks. */
static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* s past the tag t (case as written: lower case), or NULL. */
static const char *
past(const char *s, const char *t)
{
	size_t n = strlen(t);

	return strncmp(s, t, n) == 0 ? s + n : NULL;
}

/*
 * Whether the raw HTML block lit opens a disclosure: "<details>" or
 * "<details open>", then optionally "<summary>TEXT</summary>" with TEXT
 * plain (no '<'), nothing else.  Sets the summary (TEXT, or NULL) in
 * [*sum, *sum + *n).
 */
static int
is_details_open(const char *lit, const char **sum, size_t *n)
{
	const char *s = skip_blanks(lit), *e;

	if ((e = past(s, "<details>")) == NULL && (e = past(s, "<details open>")) == NULL)
		return 0;
	s = skip_blanks(e);
	*sum = NULL;
	*n = 0;
	if ((e = past(s, "<summary>")) != NULL) {
		const char *end = strstr(e, "</summary>");

		if (end == NULL || memchr(e, '<', (size_t)(end - e)) != NULL)
			return 0;
		*sum = e;
		*n = (size_t)(end - e);
		s = skip_blanks(end + strlen("</summary>"));
	}
	return *s == '\0';
}

static int
is_details_close(const char *lit)
{
	const char *e = past(skip_blanks(lit), "</details>");

	return e != NULL && *skip_blanks(e) == '\0';
}

/* The next sibling of n that closes a disclosure, with none opened
 * between, or NULL. */
static cmark_node *
details_close_of(cmark_node *n)
{
	for (cmark_node *c = cmark_node_next(n); c; c = cmark_node_next(c)) {
		const char *lit, *sum;
		size_t len;

		/* Not across a section: the parts render one by one. */
		if (cmark_node_get_type(c) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(c) <= 2)
			return NULL;
		if (cmark_node_get_type(c) != CMARK_NODE_HTML_BLOCK)
			continue;
		lit = cmark_node_get_literal(c);
		if (lit == NULL || is_details_open(lit, &sum, &len))
			return NULL;
		if (is_details_close(lit))
			return c;
	}
	return NULL;
}

/* Turn raw HTML block n into a custom block that writes html; returns it. */
static cmark_node *
as_markup(cmark_node *n, const char *html)
{
	cmark_node *c = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);

	cmark_node_set_on_enter(c, html);
	cmark_node_set_on_exit(c, "");
	cmark_node_insert_before(n, c);
	cmark_node_free(n);
	return c;
}

/* The summary of a disclosure made by make_disclosures (n its opening
 * block), unescaped, appended to out; 0, or -1 when n is not one. */
static int
summary_text(cmark_node *n, struct buf *out)
{
	const char *s = cmark_node_get_type(n) == CMARK_NODE_CUSTOM_BLOCK ?
	    cmark_node_get_on_enter(n) : NULL, *end;

	if (s != NULL && strncmp(s, DETAILS_OPEN, strlen(DETAILS_OPEN)) == 0)
		s += strlen(DETAILS_OPEN);
	else if (s != NULL && strncmp(s, DETAILS_SHOWN, strlen(DETAILS_SHOWN)) == 0)
		s += strlen(DETAILS_SHOWN);
	else
		return -1;
	end = strstr(s, "</summary>");
	while (s < end) {
		if (strncmp(s, "&lt;", 4) == 0)
			buf_addc(out, '<'), s += 4;
		else if (strncmp(s, "&gt;", 4) == 0)
			buf_addc(out, '>'), s += 4;
		else if (strncmp(s, "&amp;", 5) == 0)
			buf_addc(out, '&'), s += 5;
		else
			buf_addc(out, *s++);
	}
	return 0;
}

/*
 * Without unsafe_html, a <details> block whose closing </details> is a
 * later block of the same container becomes a disclosure made by qbook:
 * the summary escaped (or "Details"), everything between them Markdown as
 * usual.  Any other raw HTML stays raw (and is left out).
 */
static void
make_disclosures(cmark_node *parent)
{
	cmark_node *n = cmark_node_first_child(parent);

	while (n != NULL) {
		cmark_node *next = cmark_node_next(n), *close;
		const char *lit, *sum;
		size_t len;

		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK &&
		    (lit = cmark_node_get_literal(n)) != NULL &&
		    is_details_open(lit, &sum, &len) && (close = details_close_of(n)) != NULL) {
			struct buf b = BUF_INIT;

			buf_adds(&b, strstr(lit, "<details open>") != NULL ? DETAILS_SHOWN : DETAILS_OPEN);
			if (sum != NULL && len > 0) {
				char *t = xmalloc(len + 1);

				memcpy(t, sum, len);
				t[len] = '\0';
				escape_text(&b, t);
				free(t);
			} else
				buf_adds(&b, "Details");
			buf_adds(&b, "</summary>");
			as_markup(close, "</details>");
			next = cmark_node_next(as_markup(n, b.data));
			buf_release(&b);
		} else if (cmark_node_first_child(n) != NULL &&
		    (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
			make_disclosures(n);
		n = next;
	}
}

/* Parse text, nesting cut as limit_depth says (*line, *col: where). */
static cmark_node *
parse_tree(const char *text, size_t len, int unsafe, int *line, int *col)
{
	int opts = CMARK_OPT_FOOTNOTES | (unsafe ? CMARK_OPT_UNSAFE : 0);
	cmark_parser *p = cmark_parser_new(opts);
	cmark_node *root;

	for (size_t i = 0; i < sizeof(extension_names) / sizeof(*extension_names); i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(extension_names[i]));
	cmark_parser_feed(p, text, len);
	root = cmark_parser_finish(p);
	limit_depth(root, line, col);
	curl_quotes(root);
	if (!unsafe)
		make_disclosures(root);
	cmark_parser_free(p);
	return root;
}

/*
 * The column of the '[' of a link cmark-gfm puts at line:col of src.  On a
 * paragraph's continuation line it does not count the blanks it stripped
 * before the inlines, so the link may stand further right: the first '['
 * at or after col (the blanks and container markers skipped hold none).
 */
static int
link_col(const char *src, size_t len, int line, int col, char open)
{
	size_t i = 0;

	for (int l = 1; l < line && i < len; i++)
		if (src[i] == '\n')
			l++;
	for (size_t k = i + (size_t)(col > 0 ? col - 1 : 0); k < len && src[k] != '\n'; k++)
		if (src[k] == open)
			return (int)(k - i) + 1;
	return col;	/* not an inline link as written (a reference): as given */
}

/* Count raw HTML node n, which the renderers leave out, and keep where
 * the first one is (an inline one's column as for links, at its '<'). */
static void
note_html(struct md_doc *doc, cmark_node *n)
{
	if (doc->nhtml++ > 0)
		return;
	doc->html_line = cmark_node_get_start_line(n);
	doc->html_col = link_col(doc->src, doc->len, doc->html_line,
	    cmark_node_get_start_column(n), '<');
}

/* The image of the document written as url, or NULL. */
static struct mdimg *
image_of(const struct md_doc *doc, const char *url)
{
	for (size_t i = 0; doc != NULL && i < doc->nimgs; i++)
		if (strcmp(doc->imgs[i].url, url) == 0)
			return &doc->imgs[i];
	return NULL;
}

/* Record image n's url, unless dangerous (the outputs drop it) or known. */
static void
note_image(struct md_doc *doc, cmark_node *n, size_t *cap)
{
	const char *url = cmark_node_get_url(n);
	struct mdimg *im;

	if (url == NULL || url[0] == '\0' || utf8_url_dangerous(url) ||
	    image_of(doc, url) != NULL)
		return;
	GROW(doc->imgs, *cap, doc->nimgs + 1);
	im = &doc->imgs[doc->nimgs++];
	im->url = xstrdup(url);
	im->line = cmark_node_get_start_line(n);
	im->col = link_col(doc->src, doc->len, im->line, cmark_node_get_start_column(n), '!');
	im->href = NULL;
	im->id = -1;
}

/* Record every [text](q:ID) link and image of the fresh tree, and the raw
 * HTML it leaves out. */
static void
find_references(struct md_doc *doc)
{
	cmark_iter *it = cmark_iter_new(doc->part[MD_NOTES]);
	cmark_event_type ev;
	size_t cap = 0, icap = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *url;

		if (ev == CMARK_EVENT_ENTER && !doc->unsafe &&
		    (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK ||
		    cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE))
			note_html(doc, n);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			note_image(doc, n, &icap);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_LINK)
			continue;
		url = cmark_node_get_url(n);
		if (url == NULL || strncmp(url, "q:", 2) != 0)
			continue;
		GROW(doc->qlinks, cap, doc->nqlinks + 1);
		doc->qlinks[doc->nqlinks].id = xstrdup(url + 2);
		doc->qlinks[doc->nqlinks].line = cmark_node_get_start_line(n);
		doc->qlinks[doc->nqlinks].col = link_col(doc->src, doc->len,
		    cmark_node_get_start_line(n), cmark_node_get_start_column(n), '[');
		doc->nqlinks++;
	}
	cmark_iter_free(it);
}

struct md_doc *
md_parse(const char *text, size_t len, int unsafe)
{
	struct buf b = BUF_INIT;

	buf_add(&b, text, len);
	return md_parse_buf(&b, unsafe);
}

struct md_doc *
md_parse_buf(struct buf *text, int unsafe)
{
	struct md_doc *doc = xcalloc(1, sizeof(*doc));
	size_t len;

	doc->src = buf_detach(text, &len);
	doc->len = len;
	doc->unsafe = unsafe;
	doc->part[MD_NOTES] = parse_tree(doc->src, len, unsafe, &doc->deep_line,
	    &doc->deep_col);
	doc->loaded = 1;
	find_references(doc);
	return doc;
}

static void split_parts(struct md_doc *doc, struct md_section out[MD_NPARTS]);

/* The tree, parsed again if md_unload dropped it. */
static const struct md_doc *
loaded(const struct md_doc *cdoc)
{
	struct md_doc *doc = (struct md_doc *)cdoc;	/* the cache only */
	struct md_section scratch[MD_NPARTS];
	int line, col;

	if (doc == NULL || doc->loaded)
		return doc;
	/* The same source is cut the same way; the place was reported. */
	doc->part[MD_NOTES] = parse_tree(doc->src, doc->len, doc->unsafe, &line, &col);
	doc->loaded = 1;
	if (doc->split)
		split_parts(doc, scratch);
	return doc;
}

void
md_unload(struct md_doc *doc)
{
	if (doc == NULL || !doc->loaded)
		return;
	for (int i = 0; i < MD_NPARTS; i++) {
		if (doc->part[i] != NULL)
			cmark_node_free(doc->part[i]);
		doc->part[i] = NULL;
	}
	doc->loaded = 0;
}

void
md_free(struct md_doc *doc)
{
	if (doc == NULL)
		return;
	md_unload(doc);
	for (size_t i = 0; i < doc->nqlinks; i++)
		free(doc->qlinks[i].id);
	free(doc->qlinks);
	for (size_t i = 0; i < doc->nimgs; i++) {
		free(doc->imgs[i].url);
		free(doc->imgs[i].href);
	}
	free(doc->imgs);
	free(doc->near);
	free(doc->src);
	free(doc);
}

const char *
md_source(const struct md_doc *doc, size_t *len)
{
	*len = doc->len;
	return doc->src;
}

const char *
md_part_name(enum md_part part)
{
	return part_names[part];
}

static void plain(cmark_node *n, struct buf *out);

/* Other names of the recognised sections (md_set_section_names). */
#define MAX_ALIASES	8
static const char *aliases[MD_NPARTS][MAX_ALIASES];
static size_t naliases[MD_NPARTS];

void
md_set_section_names(enum md_part part, const char *const *names, size_t n)
{
	naliases[part] = n < MAX_ALIASES ? n : MAX_ALIASES;
	for (size_t i = 0; i < naliases[part]; i++)
		aliases[part][i] = names[i];
}

/* A heading's text as compared: trimmed of blanks and a final ':' (or
 * a full-width one), folded (utf8_fold); malloc'd. */
static char *
heading_key(const char *text)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *key;

	while (isspace((unsigned char)*text))
		text++;
	buf_adds(&b, text);
	len = b.len;
	for (;;) {
		if (len > 0 && (isspace((unsigned char)b.data[len - 1]) || b.data[len - 1] == ':'))
			len--;
		else if (len >= 3 && memcmp(b.data + len - 3, "\xef\xbc\x9a", 3) == 0)
			len -= 3;	/* ： */
		else
			break;
	}
	buf_truncate(&b, len);
	key = utf8_fold(b.data ? b.data : "");
	buf_release(&b);
	return key;
}

/* Whether a and b have the same number of words (two or more), all
 * alike but one ("what to look for", "what to listen for"). */
static int
one_word_apart(const char *a, const char *b)
{
	int words = 0, differ = 0;

	for (;;) {
		size_t na = strcspn(a, " "), nb = strcspn(b, " ");

		words++;
		differ += na != nb || strncmp(a, b, na) != 0;
		a += na;
		b += nb;
		if (*a == '\0' || *b == '\0')
			return *a == *b && words >= 2 && differ == 1;
		a++;
		b++;
	}
}

/* Each name of part in turn (the English one first); NULL after the last. */
static const char *
part_name_at(int part, size_t i)
{
	if (i == 0)
		return part_names[part];
	return i - 1 < naliases[part] ? aliases[part][i - 1] : NULL;
}

/*
 * Which recognised section a level-2 heading opens, or MD_NOTES.  A
 * heading that opens none but is a few letters from a section's name is
 * remembered in doc (the first such), for a warning.
 */
static enum md_part
classify_heading(struct md_doc *doc, cmark_node *h)
{
	struct buf b = BUF_INIT;
	enum md_part found = MD_NOTES;
	const char *near_name = NULL;
	char *key;
	int best = 4;

	if (cmark_node_get_heading_level(h) != 2)
		return MD_NOTES;
	plain(h, &b);
	key = heading_key(b.data ? b.data : "");
	for (int p = MD_LISTEN; p < MD_NPARTS && found == MD_NOTES; p++)
		for (size_t i = 0; part_name_at(p, i) != NULL; i++) {
			char *name = heading_key(part_name_at(p, i));
			int dist = strcmp(key, name) == 0 ? 0 : utf8_edit_distance(key, name);

			if (dist == 0)
				found = (enum md_part)p;
			else if (one_word_apart(key, name) && best > 3) {
				best = 3;
				near_name = part_name_at(p, i);
			} else if (dist < best && dist * 4 <= (int)strlen(name)) {
				best = dist;
				near_name = part_name_at(p, i);
			}
			free(name);
			if (found != MD_NOTES)
				break;
		}
	if (found == MD_NOTES && near_name != NULL && doc->near == NULL) {
		doc->near = xstrdup(b.data ? b.data : "");
		doc->near_line = cmark_node_get_start_line(h);
		doc->near_col = cmark_node_get_start_column(h);
		doc->near_name = near_name;
	}
	free(key);
	buf_release(&b);
	return found;
}

int
md_near_section(const struct md_doc *doc, const char **text, int *line, int *col,
    const char **name)
{
	if (doc == NULL || doc->near == NULL)
		return 0;
	*text = doc->near;
	*line = doc->near_line;
	*col = doc->near_col;
	*name = doc->near_name;
	return 1;
}

static void
describe_section(cmark_node *docnode, struct md_section *sec)
{
	cmark_node *first = cmark_node_first_child(docnode);

	sec->is_list = first != NULL && cmark_node_next(first) == NULL &&
	    cmark_node_get_type(first) == CMARK_NODE_LIST;
	sec->items = 0;
	sec->blocks = 0;
	for (cmark_node *b = first; b; b = cmark_node_next(b))
		sec->blocks++;
	if (sec->is_list)
		for (cmark_node *it = cmark_node_first_child(first); it;
		    it = cmark_node_next(it))
			sec->items++;
}

void
md_split(struct md_doc *doc, struct md_section out[MD_NPARTS])
{
	loaded(doc);
	split_parts(doc, out);
	doc->split = 1;
}

static void
split_parts(struct md_doc *doc, struct md_section out[MD_NPARTS])
{
	cmark_node *notes = doc->part[MD_NOTES];
	cmark_node *n = cmark_node_first_child(notes), *next;
	enum md_part cur = MD_NOTES;

	memset(out, 0, sizeof(struct md_section) * MD_NPARTS);
	out[MD_NOTES].present = 1;
	for (; n != NULL; n = next) {
		next = cmark_node_next(n);
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) <= 2) {
			enum md_part p = classify_heading(doc, n);
			struct md_section *sec = &out[p];

			cur = p;
			if (p == MD_NOTES)
				continue;	/* an ordinary heading stays in the notes */
			if (sec->present && sec->dup_line == 0) {
				sec->dup_line = cmark_node_get_start_line(n);
				sec->dup_col = cmark_node_get_start_column(n);
			} else if (!sec->present) {
				sec->present = 1;
				sec->line = cmark_node_get_start_line(n);
				sec->col = cmark_node_get_start_column(n);
				doc->part[p] = cmark_node_new(CMARK_NODE_DOCUMENT);
			}
			/* The outputs draw their own heading for the section. */
			cmark_node_free(n);
			continue;
		}
		if (cur != MD_NOTES) {
			cmark_node_unlink(n);
			cmark_node_append_child(doc->part[cur], n);
		}
	}
	for (int i = MD_LISTEN; i < MD_NPARTS; i++)
		if (doc->part[i] != NULL)
			describe_section(doc->part[i], &out[i]);
}

void
md_qlinks(const struct md_doc *doc,
    void (*fn)(void *ctx, const char *id, int line, int col), void *ctx)
{
	for (size_t i = 0; i < doc->nqlinks; i++)
		fn(ctx, doc->qlinks[i].id, doc->qlinks[i].line, doc->qlinks[i].col);
}

void
md_images(const struct md_doc *doc,
    void (*fn)(void *ctx, const char *url, int line, int col), void *ctx)
{
	for (size_t i = 0; i < doc->nimgs; i++)
		fn(ctx, doc->imgs[i].url, doc->imgs[i].line, doc->imgs[i].col);
}

void
md_bind_image(struct md_doc *doc, const char *url, const char *href, int id)
{
	struct mdimg *im = image_of(doc, url);

	if (im == NULL)
		return;
	free(im->href);
	im->href = xstrdup(href);
	im->id = id;
}

struct saved_url {
	cmark_node	*node;
	char		*url;
};

/* Rewrite q: and dangerous URLs for rendering; returns what to restore. */
static struct saved_url *
rewrite_urls(const struct md_doc *doc, cmark_node *root, const char *qprefix,
    const char *qsuffix, const char *iprefix, size_t *n)
{
	struct saved_url *v = NULL;
	size_t cap = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	struct buf b = BUF_INIT;

	*n = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		const struct mdimg *im;
		const char *url;

		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		url = cmark_node_get_url(node);
		if (url == NULL)
			continue;
		buf_reset(&b);
		if (t == CMARK_NODE_IMAGE && (im = image_of(doc, url)) != NULL &&
		    im->href != NULL)
			buf_printf(&b, "%s%s", iprefix, im->href);
		else if (t == CMARK_NODE_LINK && strncmp(url, "q:", 2) == 0)
			buf_printf(&b, "%s%s%s", qprefix, url + 2, qsuffix);
		else if (!utf8_url_dangerous(url))
			continue;
		GROW(v, cap, *n + 1);
		v[*n].node = node;
		v[*n].url = xstrdup(url);
		(*n)++;
		cmark_node_set_url(node, b.data);
	}
	cmark_iter_free(it);
	buf_release(&b);
	return v;
}

/* html into out, each code block focusable (tabindex="0"), so that one
 * wider than the page scrolls from the keyboard too. */
static void
add_focusable_code(struct buf *out, const char *html)
{
	static const char block[] = "<pre><code";
	const char *p;

	while ((p = strstr(html, block)) != NULL) {
		buf_add(out, html, (size_t)(p - html));
		buf_adds(out, "<pre tabindex=\"0\"><code");
		html = p + sizeof(block) - 1;
	}
	buf_adds(out, html);
}

/* Set each heading under root to a level that skips none after top (see
 * md.h); the levels as written go to *old (malloc'd, in document order). */
static size_t
outline_headings(cmark_node *root, int top, int **old)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	size_t n = 0, cap = 0;
	int prev = top;

	*old = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *h = cmark_iter_get_node(it);
		int level, to;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(h) != CMARK_NODE_HEADING)
			continue;
		level = cmark_node_get_heading_level(h);
		to = level > prev + 1 ? prev + 1 : level < 2 ? 2 : level;
		GROW(*old, cap, n + 1);
		(*old)[n++] = level;
		cmark_node_set_heading_level(h, to);
		prev = to;
	}
	cmark_iter_free(it);
	return n;
}

/* Put back the levels outline_headings changed. */
static void
restore_headings(cmark_node *root, const int *old, size_t n)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	size_t i = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && i < n) {
		cmark_node *h = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(h) == CMARK_NODE_HEADING)
			cmark_node_set_heading_level(h, old[i++]);
	}
	cmark_iter_free(it);
}

/* s as HTML element content. */
static void
escape_text(struct buf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '<')
			buf_adds(b, "&lt;");
		else if (*s == '>')
			buf_adds(b, "&gt;");
		else if (*s == '&')
			buf_adds(b, "&amp;");
		else
			buf_addc(b, *s);
}

/* The image that is all paragraph p holds (blanks aside), or NULL. */
static cmark_node *
lone_image(cmark_node *p)
{
	cmark_node *img = NULL;

	for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		const char *lit;

		if (t == CMARK_NODE_IMAGE && img == NULL)
			img = c;
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			continue;
		else if (t == CMARK_NODE_TEXT && (lit = cmark_node_get_literal(c)) != NULL &&
		    lit[strspn(lit, " \t")] == '\0')
			continue;
		else
			return NULL;
	}
	return img;
}

/*
 * Put each paragraph that is one image with a title (![alt](x.png
 * "Caption")) into a figure whose caption is the title: a custom block
 * around the paragraph, its markup made here with the title escaped.
 * Returns how many, the blocks in *figs for undo_figures.
 */
static size_t
make_figures(cmark_node *root, cmark_node ***figs)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	size_t n = 0, cap = 0;
	cmark_node **paras = NULL;

	*figs = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *p = cmark_iter_get_node(it);
		cmark_node *img;
		const char *title;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH ||
		    (img = lone_image(p)) == NULL || (title = cmark_node_get_title(img)) == NULL ||
		    title[0] == '\0')
			continue;
		GROW(paras, cap, n + 1);
		paras[n++] = p;
	}
	cmark_iter_free(it);
	*figs = xcalloc(n ? n : 1, sizeof(**figs));
	for (size_t i = 0; i < n; i++) {
		cmark_node *fig = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		struct buf b = BUF_INIT;
		const char *title = cmark_node_get_title(lone_image(paras[i]));

		cmark_node_set_on_enter(fig, "<figure>");
		buf_adds(&b, "<figcaption>");
		escape_text(&b, title);
		buf_adds(&b, "</figcaption></figure>");
		cmark_node_set_on_exit(fig, b.data);
		buf_release(&b);
		cmark_node_insert_before(paras[i], fig);
		cmark_node_append_child(fig, paras[i]);
		(*figs)[i] = fig;
	}
	free(paras);
	return n;
}

/* Take the paragraphs out of make_figures' blocks again. */
static void
undo_figures(cmark_node **figs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cmark_node *p = cmark_node_first_child(figs[i]);

		cmark_node_insert_before(figs[i], p);
		cmark_node_free(figs[i]);
	}
	free(figs);
}

void
md_render_html(const struct md_doc *doc, enum md_part part,
    const char *qprefix, const char *qsuffix, const char *iprefix, int top,
    struct buf *out)
{
	int *levels;
	size_t nlevels;
	cmark_node *root = loaded(doc)->part[part];
	struct saved_url *saved;
	cmark_node **figs;
	size_t n, nfig;
	char *html;
	int opts = CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES |
	    (doc->unsafe ? CMARK_OPT_UNSAFE : 0);

	if (root == NULL)
		return;
	saved = rewrite_urls(doc, root, qprefix, qsuffix, iprefix, &n);
	nlevels = outline_headings(root, top, &levels);
	nfig = make_figures(root, &figs);
	html = cmark_render_html(root, opts, doc->unsafe ? tagfilter_list : NULL);
	undo_figures(figs, nfig);
	restore_headings(root, levels, nlevels);
	free(levels);
	add_focusable_code(out, html);
	free(html);
	for (size_t i = 0; i < n; i++) {
		cmark_node_set_url(saved[i].node, saved[i].url);
		free(saved[i].url);
	}
	free(saved);
}

/* Literal text under n, with spaces for breaks and newlines between blocks. */
static void
plain(cmark_node *n, struct buf *out)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_adds(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_CODE_BLOCK:
			buf_adds(out, cmark_node_get_literal(c));
			buf_addc(out, '\n');
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(out, ' ');
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			break;
		case CMARK_NODE_CUSTOM_BLOCK:
			if (summary_text(c, out) == 0)
				buf_addc(out, '\n');
			break;
		default:
			plain(c, out);
			/* Blocks end a line; table cells (extension blocks) too. */
			if ((cmark_node_get_type(c) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
				buf_addc(out, '\n');
			break;
		}
	}
}

void
md_plain_text(const struct md_doc *doc, enum md_part part, struct buf *out)
{
	if (loaded(doc)->part[part] != NULL)
		plain(doc->part[part], out);
}

void
md_list_items(const struct md_doc *doc, enum md_part part,
    void (*fn)(void *ctx, const char *text), void *ctx)
{
	cmark_node *list = loaded(doc)->part[part] ?
	    cmark_node_first_child(doc->part[part]) : NULL;
	struct buf b = BUF_INIT;

	if (list == NULL || cmark_node_get_type(list) != CMARK_NODE_LIST)
		return;
	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it)) {
		size_t len;

		buf_reset(&b);
		plain(it, &b);
		len = b.len;
		while (len > 0 && (b.data[len - 1] == '\n' || b.data[len - 1] == ' '))
			len--;
		buf_truncate(&b, len);
		fn(ctx, b.data);
	}
	buf_release(&b);
}

/*
 * Whether a one-line text is plain to Markdown: it starts with a letter
 * (so it opens no block), ends with no blank, and holds no character that
 * inline Markdown, HTML or entities give a meaning to, and no quote to
 * make typographic.  Markdown makes of it
 * one paragraph holding it as it is; most question titles are such.
 */
static int
is_plain_inline(const char *s)
{
	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (; *s != '\0'; s++)
		if (strchr("*_`\\[]<>&!\n\r\t\"'", *s) != NULL)
			return 0;
	return s[-1] != ' ';
}

/*
 * The text a one-line text is parsed as so that it stays one paragraph:
 * the same, less leading blanks, with a backslash before what would open a
 * block ("1. Foo" a list, "# Foo" a heading, "> Foo" a quote, "<div>" HTML)
 * or would vanish ("[a]: b", a link reference definition).
 * Markdown has no inline-only parse, and such titles are ordinary.
 */
static void
neutral_line(const char *text, struct buf *out)
{
	const char *s = text + strspn(text, " \t"), *d = s + strspn(s, "0123456789");

	if (d > s && (*d == '.' || *d == ')')) {
		buf_add(out, s, (size_t)(d - s));
		s = d;
	}
	if (ispunct((unsigned char)*s))
		buf_addc(out, '\\');
	buf_adds(out, s);
}

/* The parsed document of a one-line text; its first child is a paragraph
 * unless the text is blank.  Nesting is cut silently (titles). */
static cmark_node *
parse_line(const char *text)
{
	cmark_node *doc = cmark_parse_document(text, strlen(text), 0);
	cmark_node *first = cmark_node_first_child(doc);
	struct buf b = BUF_INIT;
	int line, col;

	/* No block at all from a text that is not blank: it was taken for a
	 * link reference definition ("[a]: b"). */
	if (first == NULL ? text[strspn(text, " \t\r\n")] != '\0' :
	    cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
		cmark_node_free(doc);
		neutral_line(text, &b);
		doc = cmark_parse_document(b.data, b.len, 0);
		buf_release(&b);
	}
	limit_depth(doc, &line, &col);
	curl_quotes(doc);
	return doc;
}

void
md_inline(const char *text, struct buf *html, struct buf *plain_out)
{
	cmark_node *doc;
	cmark_node *para;

	if (is_plain_inline(text)) {
		/* What cmark makes of it, without parsing: such a text has
		 * nothing its HTML escapes and no quote to curl. */
		if (html != NULL)
			buf_adds(html, text);
		if (plain_out != NULL)
			buf_adds(plain_out, text);
		return;
	}
	doc = parse_line(text);
	para = cmark_node_first_child(doc);

	if (para != NULL && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH) {
		if (html != NULL) {
			/* Render the inlines only: move them into a bare paragraph-less
			 * wrapper is not possible, so strip the <p> cmark adds. */
			char *h = cmark_render_html(para, 0, NULL);
			size_t n = strlen(h);

			if (n >= 8 && strncmp(h, "<p>", 3) == 0 && strcmp(h + n - 5, "</p>\n") == 0)
				buf_add(html, h + 3, n - 8);
			else
				buf_adds(html, h);
			free(h);
		}
		if (plain_out != NULL)
			plain(para, plain_out);
	}
	cmark_node_free(doc);
}

/* --- the plain tree ------------------------------------------------------- */

/* The md_node type of a cmark node; extension nodes go by their names. */
static int
tree_type(cmark_node *n, enum md_node_type *out)
{
	static const struct {
		cmark_node_type	   cm;
		enum md_node_type  t;
	} core[] = {
		{ CMARK_NODE_PARAGRAPH, MDN_PARA }, { CMARK_NODE_HEADING, MDN_HEADING },
		{ CMARK_NODE_CODE_BLOCK, MDN_CODE }, { CMARK_NODE_LIST, MDN_LIST },
		{ CMARK_NODE_ITEM, MDN_ITEM }, { CMARK_NODE_BLOCK_QUOTE, MDN_QUOTE },
		{ CMARK_NODE_THEMATIC_BREAK, MDN_RULE }, { CMARK_NODE_HTML_BLOCK, MDN_HTML },
		{ CMARK_NODE_HTML_INLINE, MDN_HTML }, { CMARK_NODE_TEXT, MDN_TEXT },
		{ CMARK_NODE_CODE, MDN_CODESPAN }, { CMARK_NODE_EMPH, MDN_EMPH },
		{ CMARK_NODE_STRONG, MDN_STRONG }, { CMARK_NODE_LINK, MDN_LINK },
		{ CMARK_NODE_IMAGE, MDN_IMAGE }, { CMARK_NODE_SOFTBREAK, MDN_SOFTBREAK },
		{ CMARK_NODE_LINEBREAK, MDN_LINEBREAK },
	};
	static const struct {
		const char	  *name;
		enum md_node_type  t;
	} ext[] = {
		{ "table", MDN_TABLE }, { "table_row", MDN_ROW }, { "table_header", MDN_ROW },
		{ "table_cell", MDN_CELL }, { "strikethrough", MDN_STRIKE },
		{ "tasklist", MDN_ITEM },
	};
	cmark_node_type t = cmark_node_get_type(n);
	const char *name;

	for (size_t i = 0; i < sizeof(core) / sizeof(*core); i++)
		if (core[i].cm == t) {
			*out = core[i].t;
			return 0;
		}
	name = cmark_node_get_type_string(n);
	for (size_t i = 0; name && i < sizeof(ext) / sizeof(*ext); i++)
		if (strcmp(ext[i].name, name) == 0) {
			*out = ext[i].t;
			return 0;
		}
	return -1;	/* footnotes and the like: left out */
}

/* A disclosure's summary, for outputs that show everything (the guide):
 * a paragraph of strong text; NULL for any other custom block. */
static struct md_node *
summary_node(cmark_node *n, struct arena *a)
{
	struct buf b = BUF_INIT;
	struct md_node *para = NULL, *strong, *text;

	if (summary_text(n, &b) == 0) {
		para = arena_alloc(a, sizeof(*para));
		strong = arena_alloc(a, sizeof(*strong));
		text = arena_alloc(a, sizeof(*text));
		memset(para, 0, sizeof(*para));
		memset(strong, 0, sizeof(*strong));
		memset(text, 0, sizeof(*text));
		para->type = MDN_PARA;
		para->child = strong;
		strong->type = MDN_STRONG;
		strong->child = text;
		text->type = MDN_TEXT;
		text->text = arena_strdup(a, b.data != NULL ? b.data : "");
		para->task = strong->task = text->task = -1;
		para->image = strong->image = text->image = -1;
	}
	buf_release(&b);
	return para;
}

static struct md_node *
tree_node(const struct md_doc *doc, cmark_node *n, struct arena *a)
{
	struct md_node *m, **tail;
	enum md_node_type t;
	const char *s;

	if (cmark_node_get_type(n) == CMARK_NODE_CUSTOM_BLOCK)
		return summary_node(n, a);
	if (tree_type(n, &t) < 0)
		return NULL;
	m = arena_alloc(a, sizeof(*m));
	m->type = t;
	m->task = -1;
	switch (t) {
	case MDN_TEXT:
	case MDN_CODESPAN:
	case MDN_CODE:
		s = cmark_node_get_literal(n);
		m->text = arena_strdup(a, s ? s : "");
		break;
	case MDN_LINK:
	case MDN_IMAGE:
		s = cmark_node_get_url(n);
		if (s != NULL && !utf8_url_dangerous(s))
			m->url = arena_strdup(a, s);
		if (t == MDN_IMAGE) {
			const struct mdimg *im = s != NULL ? image_of(doc, s) : NULL;

			m->image = im != NULL ? im->id : -1;
			s = cmark_node_get_title(n);
			m->title = s != NULL && s[0] != '\0' ? arena_strdup(a, s) : NULL;
		}
		break;
	case MDN_HEADING:
		m->level = cmark_node_get_heading_level(n);
		break;
	case MDN_LIST:
		m->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		m->level = cmark_node_get_list_start(n);
		m->tight = cmark_node_get_list_tight(n);
		break;
	case MDN_ROW:
		m->header = cmark_gfm_extensions_get_table_row_is_header(n);
		break;
	case MDN_ITEM:
		if (strcmp(cmark_node_get_type_string(n), "tasklist") == 0)
			m->task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? 1 : 0;
		break;
	default:
		break;
	}
	tail = &m->child;
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		struct md_node *k = tree_node(doc, c, a);

		if (k != NULL) {
			*tail = k;
			tail = &k->next;
		}
	}
	return m;
}

struct md_node *
md_tree(const struct md_doc *doc, enum md_part part, struct arena *arena)
{
	struct md_node *root = NULL, **tail = &root;

	if (doc == NULL || loaded(doc)->part[part] == NULL)
		return NULL;
	for (cmark_node *c = cmark_node_first_child(doc->part[part]); c; c = cmark_node_next(c)) {
		struct md_node *k = tree_node(doc, c, arena);

		if (k != NULL) {
			*tail = k;
			tail = &k->next;
		}
	}
	return root;
}

struct md_node *
md_inline_tree(const char *text, struct arena *arena)
{
	cmark_node *doc = parse_line(text);
	cmark_node *para = cmark_node_first_child(doc);
	struct md_node *root = NULL, **tail = &root;

	if (para != NULL && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH)
		for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
			struct md_node *k = tree_node(NULL, c, arena);

			if (k != NULL) {
				*tail = k;
				tail = &k->next;
			}
		}
	cmark_node_free(doc);
	return root;
}
