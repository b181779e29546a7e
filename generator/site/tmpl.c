/*
 * tmpl: compile libxml2-parsed templates into literal runs and slots.
 */
#include "site/tmpl.h"

#include <limits.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "base/diag.h"
#include "base/mem.h"
#include "base/utf8.h"

enum op_kind {
	OP_LIT,		/* copy lit[a..a+b) */
	OP_TEXT,	/* value, escaped as text */
	OP_HTML,	/* value, trusted markup */
	OP_ATTR,	/* ' NAME="value"' when the value is set */
	OP_EACH,	/* repeat ops up to jump per list item */
	OP_IF,		/* skip to jump unless the value is set and non-empty */
	OP_UNLESS,	/* skip to jump if the value is set and non-empty */
	OP_END,		/* end of an EACH, IF or UNLESS body */
};

struct op {
	enum op_kind	 kind;
	size_t		 a, b;		/* OP_LIT: offset and length in lit */
	char		*name;		/* the value's name */
	char		*attr;		/* OP_ATTR: the attribute */
	size_t		 jump;		/* index of the matching OP_END */
	int		 line;		/* of the element in the template */
};

struct tmpl {
	struct op	*ops;
	size_t		 n, cap;
	struct buf	 lit;		/* all literal bytes */
};

struct compiler {
	struct tmpl	*t;
	const char	*shown;
	struct diags	*d;
	int		 errors;
	int		 literal;	/* user HTML: data-* attributes are not directives */
	int		 line;		/* of the element being compiled */
};

/* HTML5 elements without end tags. */
static const char *const void_elements[] = { "area", "base", "br", "col",
    "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", NULL };

/* Boolean attributes, written bare (libxml2 reports defer as defer="defer"). */
static const char *const boolean_attrs[] = { "allowfullscreen", "async",
    "autofocus", "autoplay", "checked", "controls", "default", "defer",
    "disabled", "formnovalidate", "hidden", "inert", "ismap", "itemscope",
    "loop", "multiple", "muted", "nomodule", "novalidate", "open",
    "playsinline", "readonly", "required", "reversed", "selected", NULL };

static int
is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

void
tmpl_escape(struct buf *out, const char *s, size_t len, int attr)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep = NULL;

		if ((unsigned char)s[i] > '>')
			continue;	/* most bytes: letters and the like */
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		default: break;
		}
		if (rep == NULL)
			continue;
		buf_add(out, s + start, i - start);
		buf_adds(out, rep);
		start = i + 1;
	}
	buf_add(out, s + start, len - start);
}

static size_t
emit(struct compiler *c, enum op_kind kind, const char *name, const char *attr)
{
	struct tmpl *t = c->t;
	struct op *op;

	GROW(t->ops, t->cap, t->n + 1);
	op = &t->ops[t->n];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->line = c->line;
	op->name = name ? xstrdup(name) : NULL;
	op->attr = attr ? xstrdup(attr) : NULL;
	return t->n++;
}

/* Literal bytes; merged into the previous literal op when adjacent. */
static void
lit(struct compiler *c, const char *s, size_t len)
{
	struct tmpl *t = c->t;

	if (len == 0)
		return;
	if (t->n == 0 || t->ops[t->n - 1].kind != OP_LIT) {
		size_t i = emit(c, OP_LIT, NULL, NULL);

		t->ops[i].a = t->lit.len;
	}
	buf_add(&t->lit, s, len);
	t->ops[t->n - 1].b += len;
}

static void
lits(struct compiler *c, const char *s)
{
	lit(c, s, strlen(s));
}

static void
lit_escaped(struct compiler *c, const char *s, int attr)
{
	struct buf b = BUF_INIT;

	tmpl_escape(&b, s, strlen(s), attr);
	lit(c, b.data, b.len);
	buf_release(&b);
}

/* "<NAME> PROBLEM" at the element's line. */
static void
compile_error(struct compiler *c, const xmlNode *n, const char *problem)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "<%s> %s", (const char *)n->name, problem);
	diag(c->d, D_TEMPLATE, c->shown, (int)xmlGetLineNo(n), 1, b.data);
	buf_release(&b);
	c->errors++;
}

static void compile_children(struct compiler *c, const xmlNode *n, int raw);

/* The value of attribute a as a string ("" for a boolean attribute). */
static char *
attr_value(const xmlAttr *a)
{
	xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
	char *s = xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static int
is_directive(const struct compiler *c, const char *name)
{
	if (c->literal)
		return 0;
	return strcmp(name, "data-each") == 0 || strcmp(name, "data-if") == 0 ||
	    strcmp(name, "data-unless") == 0 || strcmp(name, "data-text") == 0 ||
	    strcmp(name, "data-html") == 0 || strncmp(name, "data-attr-", 10) == 0;
}

static char *
directive(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return attr_value(a);
	return NULL;
}

/* Whether n sets attribute name through data-attr-NAME. */
static int
has_dynamic_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strncmp((const char *)a->name, "data-attr-", 10) == 0 &&
		    strcmp((const char *)a->name + 10, name) == 0)
			return 1;
	return 0;
}

static void
compile_start_tag(struct compiler *c, const xmlNode *n)
{
	const char *name = (const char *)n->name;

	lits(c, "<");
	lits(c, name);
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		char *v;

		if (is_directive(c, an) || (!c->literal && has_dynamic_attr(n, an)))
			continue;
		v = attr_value(a);
		lits(c, " ");
		lits(c, an);
		if (a->children != NULL && !(is_one_of(an, boolean_attrs) &&
		    (v[0] == '\0' || strcmp(v, an) == 0))) {
			lits(c, "=\"");
			lit_escaped(c, v, 1);
			lits(c, "\"");
		}
		free(v);
	}
	for (const xmlAttr *a = n->properties; a && !c->literal; a = a->next) {
		const char *an = (const char *)a->name;
		char *v;

		if (strncmp(an, "data-attr-", 10) != 0)
			continue;
		v = attr_value(a);
		emit(c, OP_ATTR, v, an + 10);
		free(v);
	}
	lits(c, ">");
}

static void
compile_element(struct compiler *c, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	char *each = NULL, *cond = NULL, *unless = NULL, *text = NULL, *html = NULL;
	size_t opens[3];
	int nopen = 0;

	c->line = (int)xmlGetLineNo(n);
	if (!c->literal) {
		each = directive(n, "data-each");
		cond = directive(n, "data-if");
		unless = directive(n, "data-unless");
		text = directive(n, "data-text");
		html = directive(n, "data-html");
	}
	if (text != NULL && html != NULL)
		compile_error(c, n, "has both data-text and data-html");
	if (each != NULL)
		opens[nopen++] = emit(c, OP_EACH, each, NULL);
	if (cond != NULL)
		opens[nopen++] = emit(c, OP_IF, cond, NULL);
	if (unless != NULL)
		opens[nopen++] = emit(c, OP_UNLESS, unless, NULL);
	compile_start_tag(c, n);
	if (!is_one_of(name, void_elements)) {
		if (text != NULL)
			emit(c, OP_TEXT, text, NULL);
		else if (html != NULL)
			emit(c, OP_HTML, html, NULL);
		else
			compile_children(c, n, strcmp(name, "script") == 0 ||
			    strcmp(name, "style") == 0);
		lits(c, "</");
		lits(c, name);
		lits(c, ">");
	} else if (text != NULL || html != NULL || n->children != NULL)
		compile_error(c, n, "is a void element and cannot have content");
	while (nopen > 0) {
		/* emit may move the ops array: take the index first. */
		size_t end = emit(c, OP_END, NULL, NULL);

		c->t->ops[opens[--nopen]].jump = end;
	}
	free(each);
	free(cond);
	free(unless);
	free(text);
	free(html);
}

static void
compile_children(struct compiler *c, const xmlNode *n, int raw)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		switch (k->type) {
		case XML_ELEMENT_NODE:
			compile_element(c, k);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (raw)
				lits(c, (const char *)k->content);
			else
				lit_escaped(c, (const char *)k->content, 0);
			break;
		case XML_ENTITY_REF_NODE:
			lits(c, "&");
			lits(c, (const char *)k->name);
			lits(c, ";");
			break;
		default:	/* comments and processing instructions are dropped */
			break;
		}
	}
}

static const xmlNode *
child_element(const xmlNode *n, const char *name)
{
	for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, name) == 0)
			return k;
	return NULL;
}

static void
on_xml_error(void *arg, xmlErrorPtr e)
{
	struct compiler *c = arg;

	/* 801: an HTML5 element unknown to the HTML4 parser; harmless here. */
	if (e->code == XML_HTML_UNKNOWN_TAG || e->level == XML_ERR_WARNING)
		return;
	{
		struct buf b = BUF_INIT;
		size_t len;

		buf_adds(&b, e->message ? e->message : "parse error");
		len = b.len;
		while (len > 0 && (b.data[len - 1] == '\n' || b.data[len - 1] == ' '))
			len--;
		buf_truncate(&b, len);
		diag(c->d, D_TEMPLATE, c->shown, e->line, e->int2 > 0 ? e->int2 : 1, b.data);
		buf_release(&b);
	}
	c->errors++;
}

void
tmpl_init(void)
{
	xmlInitParser();
}

void
tmpl_shutdown(void)
{
	xmlCleanupParser();
}

struct tmpl *
tmpl_parse(const char *text, size_t len, const char *shown, struct diags *d)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	struct compiler c = { t, shown, d, 0, 0, 0 };
	htmlDocPtr doc;
	const xmlNode *root, *body;

	buf_init(&t->lit);
	if (len > INT_MAX) {
		diag(d, D_TEMPLATE, shown, 0, 0, "cannot read template");
		tmpl_free(t);
		return NULL;
	}
	xmlSetStructuredErrorFunc(&c, on_xml_error);
	doc = htmlReadMemory(text, (int)len, NULL, "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL) {
		if (c.errors == 0)
			diag(d, D_TEMPLATE, shown, 0, 0, "cannot read template");
		tmpl_free(t);
		return NULL;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset != NULL) {
		lits(&c, "<!DOCTYPE html>\n");
		if (root != NULL)
			compile_element(&c, root);
		lits(&c, "\n");
	} else if ((body = child_element(root, "body")) != NULL)
		compile_children(&c, body, 0);
	xmlFreeDoc(doc);
	if (c.errors > 0) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

void
tmpl_names(const struct tmpl *t, tmpl_name_fn fn, void *ctx)
{
	struct open { size_t end; int is_list; } *open = NULL;
	const char **lists = NULL;
	size_t depth = 0, nlists = 0, cap = 0, lcap = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct op *op = &t->ops[i];

		if (op->kind == OP_END) {
			BUG_ON(depth == 0 || open[depth - 1].end != i);
			nlists -= (size_t)open[--depth].is_list;
			continue;
		}
		if (op->name == NULL)
			continue;
		/* A list's own name is looked up where the list is. */
		fn(ctx, op->name, op->line, lists, nlists);
		if (op->kind != OP_EACH && op->kind != OP_IF && op->kind != OP_UNLESS)
			continue;
		GROW(open, cap, depth + 1);
		open[depth].end = op->jump;
		open[depth++].is_list = op->kind == OP_EACH;
		if (op->kind == OP_EACH) {
			GROW(lists, lcap, nlists + 1);
			lists[nlists++] = op->name;
		}
	}
	free(open);
	free(lists);
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->ops[i].name);
		free(t->ops[i].attr);
	}
	free(t->ops);
	buf_release(&t->lit);
	free(t);
}

static int
truthy(const struct vval *v)
{
	if (v == NULL)
		return 0;
	return v->type == V_LIST ? v->n > 0 : v->len > 0;
}

static void
put_value(const struct vval *v, int as_html, struct buf *out)
{
	if (v == NULL || v->type == V_LIST)
		return;
	if (v->type == V_HTML && as_html)
		buf_add(out, v->s, v->len);
	else
		tmpl_escape(out, v->s, v->len, 0);
}

static void
run(const struct tmpl *t, size_t from, size_t to, const struct view *v, struct buf *out)
{
	for (size_t i = from; i < to; i++) {
		const struct op *op = &t->ops[i];
		const struct vval *val;

		switch (op->kind) {
		case OP_LIT:
			buf_add(out, t->lit.data + op->a, op->b);
			break;
		case OP_TEXT:
		case OP_HTML:
			put_value(view_get(v, op->name), op->kind == OP_HTML, out);
			break;
		case OP_ATTR:
			val = view_get(v, op->name);
			if (val == NULL || val->type == V_LIST)
				break;
			buf_addc(out, ' ');
			buf_adds(out, op->attr);
			buf_add(out, "=\"", 2);
			tmpl_escape(out, val->s, val->len, 1);
			buf_addc(out, '"');
			break;
		case OP_EACH:
			val = view_get(v, op->name);
			for (size_t k = 0; val != NULL && val->type == V_LIST && k < val->n; k++)
				run(t, i + 1, op->jump, val->items[k], out);
			i = op->jump;
			break;
		case OP_IF:
			if (!truthy(view_get(v, op->name)))
				i = op->jump;
			break;
		case OP_UNLESS:
			if (truthy(view_get(v, op->name)))
				i = op->jump;
			break;
		case OP_END:
			break;
		}
	}
}

void
tmpl_render(const struct tmpl *t, const struct view *v, struct buf *out)
{
	run(t, 0, t->n, v, out);
}

/* --- raw HTML from Markdown (unsafe_html) ------------------------------------------ */

static const char *const dropped_elements[] = { "script", "iframe", "object",
    "embed", "frame", "frameset", "applet", "base", "meta", "link", "style", NULL };
static const char *const url_attrs[] = { "href", "src", "action", "formaction",
    "poster", "cite", "background", "data", "srcset", "xlink:href", "ping", NULL };

/* Remove what can run code: script-like elements, on* handlers, and URL
 * attributes with a dangerous scheme. */
static void
strip_active(xmlNode *n)
{
	xmlNode *k = n->children, *next;

	for (; k != NULL; k = next) {
		next = k->next;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_one_of((const char *)k->name, dropped_elements)) {
			xmlUnlinkNode(k);
			xmlFreeNode(k);
			continue;
		}
		for (xmlAttr *a = k->properties, *an; a != NULL; a = an) {
			const char *name = (const char *)a->name;
			int drop = (name[0] == 'o' || name[0] == 'O') && (name[1] == 'n' || name[1] == 'N');

			an = a->next;
			if (!drop && is_one_of(name, url_attrs)) {
				char *v = attr_value(a);

				drop = utf8_url_dangerous(v);
				free(v);
			}
			if (drop)
				xmlRemoveProp(a);
		}
		strip_active(k);
	}
}

void
tmpl_sanitize(struct buf *html)
{
	struct buf wrapped = BUF_INIT;
	struct tmpl t = { NULL, 0, 0, BUF_INIT };
	struct diags d = DIAGS_INIT;
	struct compiler c = { &t, "", &d, 0, 1, 0 };
	htmlParserCtxtPtr ctx = htmlNewParserCtxt();
	htmlDocPtr doc;
	const xmlNode *body;

	/* The explicit wrapper keeps leading comments and text inside <body>. */
	buf_adds(&wrapped, "<html><body>");
	buf_add(&wrapped, html->data, html->len);
	doc = htmlCtxtReadMemory(ctx, wrapped.data, (int)wrapped.len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD);
	body = doc ? child_element(xmlDocGetRootElement(doc), "body") : NULL;
	buf_reset(html);
	if (body != NULL) {
		strip_active((xmlNode *)body);
		compile_children(&c, body, 0);
		buf_add(html, t.lit.data, t.lit.len);
	}
	if (doc != NULL)
		xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctx);
	for (size_t i = 0; i < t.n; i++) {
		free(t.ops[i].name);
		free(t.ops[i].attr);
	}
	free(t.ops);
	buf_release(&t.lit);
	buf_release(&wrapped);
	diag_release(&d);
}
