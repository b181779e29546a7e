/*
 * view: named values for templates, in an arena.
 */
#include "view.h"

#include <stdarg.h>
#include <string.h>

#include "buf.h"

struct view *
view_new(struct arena *a, struct view *parent)
{
	struct view *v = arena_alloc(a, sizeof(*v));

	v->parent = parent;
	v->arena = a;
	return v;
}

static struct vval *
slot(struct view *v, const char *name)
{
	struct vval *nv;

	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->vals[i].name, name) == 0)
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

void
view_text(struct view *v, const char *name, const char *s)
{
	struct vval *x;

	if (s == NULL)
		return;
	x = slot(v, name);
	x->type = V_TEXT;
	x->len = strlen(s);
	x->s = arena_strndup(v->arena, s, x->len);
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
	struct vval *x = slot(v, name);

	x->type = V_HTML;
	x->s = arena_strndup(v->arena, s, len);
	x->len = len;
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

const struct vval *
view_get(const struct view *v, const char *name)
{
	for (; v != NULL; v = v->parent)
		for (size_t i = 0; i < v->n; i++)
			if (strcmp(v->vals[i].name, name) == 0)
				return &v->vals[i];
	return NULL;
}
