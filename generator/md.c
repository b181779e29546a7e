/*
 * md: cmark-gfm behind qbook's own small interface.
 */
#include "md.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm/registry.h>

#include "buf.h"
#include "mem.h"

struct md_doc {
	cmark_node	*part[MD_NPARTS];	/* document nodes; NULL when absent */
	int		 unsafe;		/* raw HTML kept */
};

static const char *const part_names[MD_NPARTS] = {
	"Notes", "What to listen for", "Red flags", "Follow-up questions",
};

static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist",
};

void
md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

void
md_shutdown(void)
{
	cmark_release_plugins();
}

struct md_doc *
md_parse(const char *text, size_t len, int unsafe)
{
	int opts = CMARK_OPT_FOOTNOTES | (unsafe ? CMARK_OPT_UNSAFE : 0);
	cmark_parser *p = cmark_parser_new(opts);
	struct md_doc *doc = xcalloc(1, sizeof(*doc));

	for (size_t i = 0; i < sizeof(extension_names) / sizeof(*extension_names); i++)
		cmark_parser_attach_syntax_extension(p,
		    cmark_find_syntax_extension(extension_names[i]));
	cmark_parser_feed(p, text, len);
	doc->part[MD_NOTES] = cmark_parser_finish(p);
	doc->unsafe = unsafe;
	cmark_parser_free(p);
	return doc;
}

void
md_free(struct md_doc *doc)
{
	if (doc == NULL)
		return;
	for (int i = 0; i < MD_NPARTS; i++)
		if (doc->part[i] != NULL)
			cmark_node_free(doc->part[i]);
	free(doc);
}

const char *
md_part_name(enum md_part part)
{
	return part_names[part];
}

/* The literal text of a node's inline content (text and code spans). */
static void
collect_text(cmark_node *n, struct buf *out)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);

		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			buf_adds(out, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			buf_addc(out, ' ');
		else
			collect_text(c, out);
	}
}

/* Which recognised section a level-2 heading opens, or MD_NOTES. */
static enum md_part
classify_heading(cmark_node *h)
{
	struct buf b = BUF_INIT;
	enum md_part found = MD_NOTES;
	size_t len;

	if (cmark_node_get_heading_level(h) != 2)
		return MD_NOTES;
	collect_text(h, &b);
	len = b.len;
	while (len > 0 && (isspace((unsigned char)b.data[len - 1]) || b.data[len - 1] == ':'))
		len--;
	buf_truncate(&b, len);
	for (int i = MD_LISTEN; i < MD_NPARTS; i++) {
		const char *s = b.data;

		while (isspace((unsigned char)*s))
			s++;
		if (strcasecmp(s, part_names[i]) == 0)
			found = (enum md_part)i;
	}
	buf_release(&b);
	return found;
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
	cmark_node *notes = doc->part[MD_NOTES];
	cmark_node *n = cmark_node_first_child(notes), *next;
	enum md_part cur = MD_NOTES;

	memset(out, 0, sizeof(struct md_section) * MD_NPARTS);
	out[MD_NOTES].present = 1;
	for (; n != NULL; n = next) {
		next = cmark_node_next(n);
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) <= 2) {
			enum md_part p = classify_heading(n);
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
	for (int i = 0; i < MD_NPARTS; i++) {
		cmark_iter *it;
		cmark_event_type ev;

		if (doc->part[i] == NULL)
			continue;
		it = cmark_iter_new(doc->part[i]);
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			const char *url;

			if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_LINK)
				continue;
			url = cmark_node_get_url(n);
			if (url != NULL && strncmp(url, "q:", 2) == 0)
				fn(ctx, url + 2, cmark_node_get_start_line(n),
				    cmark_node_get_start_column(n));
		}
		cmark_iter_free(it);
	}
}
