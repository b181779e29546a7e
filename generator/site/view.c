/*
 * view: named values for templates, in an arena.
 */
#include "site/view.h"

#include <stdarg.h>
#include <string.h>

#include "base/buf.h"

struct view *
view_new(struct arena *a, struct view *parent)
{
	struct view *v = arena_alloc(a, sizeof(*v));

	v->parent = parent;
	v->arena = a;
	return v;
}

/* Whether two value names are the same; names are mostly string literals,
 * so the pointers often match, and the first bytes mostly differ. */
static int
same_name(const char *a, const char *b)
{
	return a == b || (a[0] == b[0] && strcmp(a, b) == 0);
}

static struct vval *
slot(struct view *v, const char *name)
{
	struct vval *nv;

	for (size_t i = 0; i < v->n; i++)
		if (same_name(v->vals[i].name, name))
			return &v->vals[i];
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct vval *vals = arena_array(v->arena, cap, sizeof(*vals));

		if (v->n > 0)
			memcpy(vals, v->vals, v->n * sizeof(*vals));
		v->vals = vals;
		v->cap = cap;
	}
	nv = &v->vals[v->n++];
	memset(nv, 0, sizeof(*nv));
	nv->name = name;	/* names are string literals */
	return nv;
}

/* Set name to s[0..len) of type t, copied into the arena or kept as is. */
static void
set_value(struct view *v, const char *name, enum vtype t, const char *s, size_t len,
    int copy)
{
	struct vval *x = slot(v, name);

	x->type = t;
	x->s = copy ? arena_strndup(v->arena, s, len) : s;
	x->len = len;
}

void
view_text(struct view *v, const char *name, const char *s)
{
	if (s != NULL)
		set_value(v, name, V_TEXT, s, strlen(s), 1);
}

void
view_text_kept(struct view *v, const char *name, const char *s)
{
	if (s != NULL)
		set_value(v, name, V_TEXT, s, strlen(s), 0);
}

void
view_textf(struct view *v, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	view_text(v, name, b.data);
	buf_release(&b);
}

void
view_html(struct view *v, const char *name, const char *s, size_t len)
{
	set_value(v, name, V_HTML, s, len, 1);
}

void
view_html_kept(struct view *v, const char *name, const char *s, size_t len)
{
	set_value(v, name, V_HTML, s, len, 0);
}

void
view_list(struct view *v, const char *name)
{
	struct vval *x = slot(v, name);

	x->type = V_LIST;
}

struct view *
view_add(struct view *v, const char *name)
{
	struct vval *x = slot(v, name);
	struct view *child = view_new(v->arena, v);

	x->type = V_LIST;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 8;
		struct view **items = arena_array(v->arena, cap, sizeof(*items));

		if (x->n > 0)
			memcpy(items, x->items, x->n * sizeof(*items));
		x->items = items;
		x->cap = cap;
	}
	x->items[x->n++] = child;
	return child;
}

struct view *
view_add_copy(struct view *v, const char *name, const struct view *proto)
{
	struct view *child = view_add(v, name);

	if (proto->n > 0) {
		child->vals = arena_array(v->arena, proto->n, sizeof(*child->vals));
		memcpy(child->vals, proto->vals, proto->n * sizeof(*child->vals));
	}
	child->n = child->cap = proto->n;
	return child;
}

const struct vval *
view_get(const struct view *v, const char *name)
{
	for (; v != NULL; v = v->parent)
		for (size_t i = 0; i < v->n; i++)
			if (same_name(v->vals[i].name, name))
				return &v->vals[i];
	return NULL;
}
