/*
 * view: the values a template sees.  A view is a small ordered set of named
 * values: text (escaped on output), HTML (trusted markup that qbook produced
 * itself), or a list of child views.  A lookup that misses a view continues
 * in its parent, so inside a repeated element the item's names come first.
 *
 * Views are allocated in an arena that the caller resets per page.
 */
#ifndef QBOOK_VIEW_H
#define QBOOK_VIEW_H

#include <stddef.h>

#include "base/mem.h"

enum vtype {
	V_TEXT,
	V_HTML,
	V_LIST,
};

struct view;

struct vval {
	const char	 *name;
	enum vtype	  type;
	const char	 *s;		/* V_TEXT, V_HTML */
	size_t		  len;
	struct view	**items;	/* V_LIST */
	size_t		  n, cap;
};

struct view {
	struct view	*parent;
	struct vval	*vals;
	size_t		 n, cap;
	struct arena	*arena;
};

struct view	*view_new(struct arena *a, struct view *parent);
/* Set name to a copy of the text s (NULL sets nothing). */
void	 view_text(struct view *v, const char *name, const char *s);
void	 view_textf(struct view *v, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The same without the copy, for strings that outlive the view (the
 * bank's, or formatted once per build): s is used as it is. */
void	 view_text_kept(struct view *v, const char *name, const char *s);
/* Set name to HTML; s is copied. */
void	 view_html(struct view *v, const char *name, const char *s, size_t len);
/* The same without the copy: s must outlive the view. */
void	 view_html_kept(struct view *v, const char *name, const char *s, size_t len);
/* Append a new child view to the list name (created empty on first use). */
struct view *view_add(struct view *v, const char *name);
/* Append a child view holding the values of proto, as if set one by one;
 * proto holds no list, and the new view shares its strings. */
struct view *view_add_copy(struct view *v, const char *name, const struct view *proto);
/* Make name an empty list if unset (so data-if sees "no items"). */
void	 view_list(struct view *v, const char *name);
/* Look name up here, then in the parents; NULL when unset. */
const struct vval *view_get(const struct view *v, const char *name);

#endif
