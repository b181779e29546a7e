/*
 * meta: libyaml's event stream turned into checked meta_node trees.
 */
#include "bank/meta.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/utf8.h"

/* Front matter is flat by design; this bounds the frame stack. */
#define META_MAX_DEPTH	16

struct frame {
	struct meta_node  *node;	/* the list or map being filled */
	struct meta_node **items;	/* malloc'd while open */
	struct meta_node **keys;
	size_t		   n, cap, kcap;
	struct meta_node  *key;		/* a map key waiting for its value */
};

struct parse {
	const char	*text;
	size_t		 len;		/* text[0..len) is all there is */
	int		 first_line;
	const char	*file;
	struct arena	*arena;
	struct diags	*d;
	struct frame	 stack[META_MAX_DEPTH];
	int		 depth;
	struct meta_node *root;
	int		 failed;
	int		 skipped;	/* containers opened beyond the limit */
};

static void
mark_pos(const struct parse *p, yaml_mark_t m, int *line, int *col)
{
	*line = p->first_line + (int)m.line;
	*col = (int)m.column + 1;
}

/* The parse failed at mark m: its line, and its column in *col, for the
 * diagnostic the caller reports. */
static int
failed_at(struct parse *p, yaml_mark_t m, int *col)
{
	int line;

	mark_pos(p, m, &line, col);
	p->failed = 1;
	return line;
}

static struct meta_node *
new_node(struct parse *p, enum meta_type type, yaml_mark_t m)
{
	struct meta_node *n = arena_alloc(p->arena, sizeof(*n));

	n->type = type;
	mark_pos(p, m, &n->line, &n->col);
	return n;
}

static struct meta_node *
null_node(struct parse *p, yaml_mark_t m)
{
	struct meta_node *n = new_node(p, META_SCALAR, m);

	n->str = "";
	n->plain = 1;
	return n;
}

static int
cmp_keys(const void *a, const void *b)
{
	const struct meta_node *x = *(struct meta_node *const *)a;
	const struct meta_node *y = *(struct meta_node *const *)b;
	int c = strcmp(x->str, y->str);

	if (c != 0)
		return c;
	/* Equal keys stay in file order, so the first is the original. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Report every repeated key in a finished map: sort, then scan. */
static void
check_duplicates(struct parse *p, struct meta_node **keys, size_t n)
{
	struct meta_node **sorted;

	if (n < 2)
		return;
	sorted = xcalloc(n, sizeof(*sorted));
	memcpy(sorted, keys, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_keys);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		int id;

		if (strcmp(sorted[i]->str, sorted[first]->str) != 0)
			continue;
		while (first > 0 && strcmp(sorted[first - 1]->str, sorted[i]->str) == 0)
			first--;
		id = diag(p->d, D_DUP_KEY, p->file, sorted[i]->line, sorted[i]->col,
		    sorted[i]->str);
		diag_note(p->d, id, D_DUP_KEY_FIRST, p->file, sorted[first]->line,
		    sorted[first]->col, sorted[i]->str);
		p->failed = 1;
	}
	free(sorted);
}

/* Attach a finished node to the open container (or make it the root). */
static void
attach(struct parse *p, struct meta_node *n)
{
	struct frame *f;

	if (p->depth == 0) {
		p->root = n;
		return;
	}
	f = &p->stack[p->depth - 1];
	if (f->node->type == META_MAP && f->key == NULL) {
		if (n->type != META_SCALAR) {
			diag(p->d, D_YAML_KEY, p->file, n->line, n->col);
			p->failed = 1;
			/* Keep the pair shape: a placeholder key. */
			n = null_node(p, (yaml_mark_t){0, 0, 0});
		}
		f->key = n;
		return;
	}
	GROW(f->items, f->cap, f->n + 1);
	f->items[f->n] = n;
	if (f->node->type == META_MAP) {
		GROW(f->keys, f->kcap, f->n + 1);
		f->keys[f->n] = f->key;
		f->key = NULL;
	}
	f->n++;
}

static void
open_container(struct parse *p, enum meta_type type, yaml_mark_t m)
{
	struct frame *f;

	if (p->depth == META_MAX_DEPTH) {
		/* Reported once, where it starts; what lies deeper is skipped
		 * (its closings too, so the frames above stay matched). */
		if (p->skipped++ == 0) {
			int col, line = failed_at(p, m, &col);

			diag(p->d, D_YAML_DEPTH, p->file, line, col);
		}
		return;
	}
	f = &p->stack[p->depth++];
	memset(f, 0, sizeof(*f));
	f->node = new_node(p, type, m);
}

static void
close_container(struct parse *p)
{
	struct frame *f;
	struct meta_node *n;

	if (p->skipped > 0) {
		p->skipped--;
		return;
	}
	f = &p->stack[--p->depth];
	n = f->node;

	n->n = f->n;
	n->items = arena_array(p->arena, f->n, sizeof(*n->items));
	if (f->n > 0)
		memcpy(n->items, f->items, f->n * sizeof(*n->items));
	if (n->type == META_MAP) {
		n->keys = arena_array(p->arena, f->n, sizeof(*n->keys));
		if (f->n > 0)
			memcpy(n->keys, f->keys, f->n * sizeof(*n->keys));
		check_duplicates(p, n->keys, n->n);
	}
	free(f->items);
	free(f->keys);
	attach(p, n);
}

/* A mark for byte offset off (reader errors carry only an offset). */
static yaml_mark_t
offset_mark(const struct parse *p, size_t off)
{
	yaml_mark_t m = { off, 0, 0 };
	size_t start = 0;

	for (size_t i = 0; i < off && i < p->len; i++)
		if (p->text[i] == '\n') {
			m.line++;
			start = i + 1;
		}
	m.column = off - start;
	return m;
}

static void
syntax_error(struct parse *p, yaml_parser_t *yp)
{
	struct buf ctx = BUF_INIT;
	int line, col;
	yaml_mark_t m = yp->problem_mark;

	if (yp->error == YAML_READER_ERROR || yp->problem == NULL) {
		line = failed_at(p, offset_mark(p, yp->problem_offset), &col);
		diag(p->d, D_YAML, p->file, line, col,
		    yp->problem ? yp->problem : "unreadable input", "");
		return;
	}
	if (m.index < p->len && p->text[m.index] == '\t') {
		line = failed_at(p, m, &col);
		diag(p->d, D_YAML_TAB, p->file, line, col);
		return;
	}
	if (yp->context != NULL) {
		mark_pos(p, yp->context_mark, &line, &col);
		buf_printf(&ctx, " (%s at line %d)", yp->context, line);
	}
	mark_pos(p, m, &line, &col);
	diag(p->d, D_YAML, p->file, line, col, yp->problem, ctx.data);
	p->failed = 1;
	buf_release(&ctx);
}

/* Scalar event to node; rejects explicit tags. */
static struct meta_node *
scalar_node(struct parse *p, const yaml_event_t *ev)
{
	struct meta_node *n = new_node(p, META_SCALAR, ev->start_mark);

	n->str = arena_strndup(p->arena, (const char *)ev->data.scalar.value,
	    ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (ev->data.scalar.tag != NULL) {
		int col, line = failed_at(p, ev->start_mark, &col);

		diag(p->d, D_YAML_TAG, p->file, line, col, (const char *)ev->data.scalar.tag);
	}
	return n;
}

static void
handle_event(struct parse *p, const yaml_event_t *ev, int *docs)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	int line, col;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			line = failed_at(p, ev->start_mark, &col);
			diag(p->d, D_YAML, p->file, line, col, "more than one YAML document", "");
		}
		break;
	case YAML_ALIAS_EVENT:
		line = failed_at(p, ev->start_mark, &col);
		diag(p->d, D_YAML_ALIAS, p->file, line, col);
		/* A null stands in, so the rest of the tree keeps its shape. */
		attach(p, null_node(p, ev->start_mark));
		break;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		attach(p, scalar_node(p, ev));
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		open_container(p, META_LIST, ev->start_mark);
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		open_container(p, META_MAP, ev->start_mark);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (p->depth > 0)
			close_container(p);
		break;
	default:
		break;
	}
	if (anchor != NULL) {
		line = failed_at(p, ev->start_mark, &col);
		diag(p->d, D_YAML_ANCHOR, p->file, line, col);
	}
	if (tag != NULL) {
		line = failed_at(p, ev->start_mark, &col);
		diag(p->d, D_YAML_TAG, p->file, line, col, (const char *)tag);
	}
}

int
meta_parse(const char *text, size_t len, int first_line, const char *file,
    struct arena *arena, struct diags *d, struct meta_node **root)
{
	struct parse p = { .text = text, .len = len, .first_line = first_line, .file = file,
	    .arena = arena, .d = d };
	yaml_parser_t yp;
	yaml_event_t ev;
	int docs = 0, done = 0;

	*root = NULL;
	yaml_parser_initialize(&yp);
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	/* Stop at a syntax error; rule violations (anchors, duplicate keys)
	 * are reported and parsing goes on, so all of them are seen. */
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			syntax_error(&p, &yp);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		handle_event(&p, &ev, &docs);
		yaml_event_delete(&ev);
	}
	/* Containers left open by an error. */
	while (p.depth > 0) {
		struct frame *f = &p.stack[--p.depth];

		free(f->items);
		free(f->keys);
	}
	yaml_parser_delete(&yp);
	if (p.failed)
		return -1;
	if (p.root == NULL) {
		static const yaml_mark_t start = { 0, 0, 0 };

		p.root = new_node(&p, META_MAP, start);
	} else if (p.root->type != META_MAP) {
		diag(d, D_YAML_NOT_MAP, file, p.root->line, p.root->col,
		    p.root->type == META_LIST ? "a list" : "a single value");
		return -1;
	}
	*root = p.root;
	return 0;
}

const struct meta_node *
meta_get(const struct meta_node *map, const char *key)
{
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->items[i];
	return NULL;
}

int
meta_is_null(const struct meta_node *n)
{
	return n->type == META_SCALAR && n->plain && (n->len == 0 ||
	    strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	    strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0);
}

const char *
meta_describe(const struct meta_node *n)
{
	if (n->type == META_LIST)
		return "a list";
	if (n->type == META_MAP)
		return "a mapping";
	if (meta_is_null(n))
		return "nothing";
	return "a string";
}

int
meta_known(const char *key, const char *const *known, const char **near)
{
	int best = 99;

	*near = NULL;
	for (const char *const *p = known; *p; p++)
		if (strcmp(*p, key) == 0)
			return 1;
	/* Only an unknown key costs the distances. */
	for (const char *const *p = known; *p; p++) {
		int dist = utf8_edit_distance(key, *p);

		if (dist < best) {
			best = dist;
			*near = *p;
		}
	}
	if (best > 2 || best >= (int)strlen(key))
		*near = NULL;
	return 0;
}
