/*
 * md: Markdown bodies; the only user of cmark-gfm.
 *
 * A body is parsed (CommonMark plus the GFM table, strikethrough,
 * autolink, tagfilter and tasklist extensions) when loaded; what the
 * checks need is kept, and the tree may be dropped (md_unload) and parsed
 * again by whichever output needs it, one body at a time.
 * Question bodies are split at level-2 headings into parts: the answer notes
 * and the three recognised sections.
 *
 * cmark-gfm 0.29 parses with a process-global table, so parsing is not
 * thread-safe: call md_parse from one thread at a time.
 */
#ifndef QBOOK_MD_H
#define QBOOK_MD_H

#include <stddef.h>

#include "base/buf.h"
#include "base/mem.h"

enum md_part {
	MD_NOTES,	/* everything not in a recognised section */
	MD_LISTEN,	/* ## What to listen for */
	MD_FLAGS,	/* ## Red flags */
	MD_FOLLOWUPS,	/* ## Follow-up questions */
	MD_NPARTS
};

struct md_section {
	int	 present;	/* the heading was found */
	int	 line, col;	/* of the heading */
	int	 dup_line;	/* line of a second such heading, or 0 */
	int	 dup_col;
	int	 blocks;	/* top-level blocks in the section */
	int	 is_list;	/* the section is exactly one list */
	int	 items;		/* items in that list */
};

struct md_doc;

/* Register the extensions; call once before any md_parse. */
void	 md_init(void);
/* The language whose quotation marks straight quotes in prose become
 * (a BCP 47 tag: "en" “…”, "de" „…“, "fr" « … », "ja" 「…」 ...; an
 * unknown one: English), for every parse from now on. */
void	 md_set_language(const char *lang);
/* Free the extension registry at exit. */
void	 md_shutdown(void);

/*
 * Parse text[0..len).  Line numbers in the tree are those of text, so
 * callers keep front matter lines as blank lines.  unsafe keeps raw HTML.
 */
struct md_doc *md_parse(const char *text, size_t len, int unsafe);
/* The same for text held in a buffer, which the document takes over (the
 * buffer is then empty): no copy of the source. */
struct md_doc *md_parse_buf(struct buf *text, int unsafe);

/* Lists, list items, block quotes and emphasis nested more than this many
 * levels deep are cut by md_parse (and in titles), as docs/content.md says:
 * the layout recurses once per level, and for the paragraph and text below
 * the last. */
#define MD_MAX_DEPTH	100
/* Whether md_parse cut deeper nesting; *line and *col say where. */
int	 md_too_deep(const struct md_doc *doc, int *line, int *col);
/* How many pieces of raw HTML the outputs leave out (none when parsed
 * unsafe); *line and *col say where the first is. */
size_t	 md_dropped_html(const struct md_doc *doc, int *line, int *col);
void	 md_free(struct md_doc *doc);
/* The Markdown a document was parsed from (*len bytes). */
const char *md_source(const struct md_doc *doc, size_t *len);

/*
 * Drop the parsed tree to save memory; the document keeps its source, its
 * q: links and its split, and the next function that needs the tree parses
 * it again.  (So the functions below taking a const doc may fill that
 * cache: the document's value, never its memory, is what stays constant.)
 */
void	 md_unload(struct md_doc *doc);

/* Split a question body into parts; describe each in out[MD_NPARTS]. */
void	 md_split(struct md_doc *doc, struct md_section out[MD_NPARTS]);

/* Other headings that open part (a catalogue's, qbook.yaml's), for every
 * parse from now on; names must outlive the parses (at most 8 kept).
 * Headings compare as utf8_fold says, a final ':' aside. */
void	 md_set_section_names(enum md_part part, const char *const *names, size_t n);
/* A level-2 heading of a split document that opens no section but is a
 * few letters or one word from one's name ("What to look for"): its text,
 * place and that name (valid while the names set are).  Returns 0 when
 * there is none. */
int	 md_near_section(const struct md_doc *doc, const char **text, int *line, int *col,
	    const char **name);

/* Name of a part's heading, as a user writes it. */
const char *md_part_name(enum md_part part);

/*
 * Render a part as an HTML fragment, appended to out (nothing when the part
 * is absent).  A link q:ID becomes qprefix ID qsuffix.  Links and images with
 * a javascript:, vbscript:, data: or file: URL lose the URL.  Raw HTML is
 * omitted unless the document was parsed unsafe.  Code blocks are
 * focusable (<pre tabindex="0">), so a wide one scrolls from the keyboard.
 * The fragment sits below a heading of level top (1: the page's title):
 * its headings are h2 at least and never deeper than one below the heading
 * before them (####  after ## becomes h3), so the page skips no level.
 * An image bound with md_bind_image gets iprefix href as its src; a
 * paragraph that is one image with a title becomes a <figure> with the
 * title as its <figcaption>.
 */
void	 md_render_html(const struct md_doc *doc, enum md_part part,
	    const char *qprefix, const char *qsuffix, const char *iprefix, int top,
	    struct buf *out);

/* The plain text of a part, blocks separated by newlines, appended to out. */
void	 md_plain_text(const struct md_doc *doc, enum md_part part, struct buf *out);

/* Call fn with the plain text of each item of the list that makes up a
 * section part. */
void	 md_list_items(const struct md_doc *doc, enum md_part part,
	    void (*fn)(void *ctx, const char *text), void *ctx);

/*
 * A one-line text with inline Markdown (a question title, say): its HTML
 * without the paragraph around it, and its plain text.  Either may be NULL.
 */
void	 md_inline(const char *text, struct buf *html, struct buf *plain);

/*
 * A body as a plain tree, for outputs that lay text out themselves (the
 * PDF guide).  Text is exactly as written (entities decoded); a link's url
 * is NULL when it was dangerous (see md_render_html) and "q:ID" for a
 * question link.  Raw HTML becomes MDN_HTML nodes, which outputs omit.
 */
enum md_node_type {
	/* blocks */
	MDN_PARA, MDN_HEADING, MDN_CODE, MDN_LIST, MDN_ITEM, MDN_QUOTE,
	MDN_TABLE, MDN_ROW, MDN_CELL, MDN_RULE, MDN_HTML,
	/* inlines */
	MDN_TEXT, MDN_CODESPAN, MDN_EMPH, MDN_STRONG, MDN_STRIKE, MDN_LINK,
	MDN_IMAGE, MDN_SOFTBREAK, MDN_LINEBREAK,
};

struct md_node {
	enum md_node_type type;
	const char	*text;		/* TEXT, CODESPAN, CODE literal; else NULL */
	const char	*url;		/* LINK, IMAGE */
	const char	*title;		/* IMAGE: its title (a caption), or NULL */
	int		 image;		/* IMAGE: md_bind_image's id, or -1 */
	int		 level;		/* HEADING level; LIST start number */
	int		 ordered;	/* LIST */
	int		 tight;		/* LIST */
	int		 header;	/* ROW: the header row */
	int		 task;		/* ITEM: -1 not a task, 0 open, 1 done */
	struct md_node	*child, *next;
};

/* The tree of one part (NULL when absent), allocated in arena. */
struct md_node *md_tree(const struct md_doc *doc, enum md_part part, struct arena *arena);

/* The inline nodes of a one-line text (a question title), or NULL. */
struct md_node *md_inline_tree(const char *text, struct arena *arena);

/* Call fn for every image url of the document (each once, at its first
 * use: line, and col of its '!'), in order.  Dangerous urls (see
 * md_render_html) are not among them. */
void	 md_images(const struct md_doc *doc,
	    void (*fn)(void *ctx, const char *url, int line, int col), void *ctx);
/* The image written as url is the caller's number id, found by the site at
 * href (relative to the site's top). */
void	 md_bind_image(struct md_doc *doc, const char *url, const char *href, int id);

/* Call fn for every [text](q:ID) link in the document, in order. */
void	 md_qlinks(const struct md_doc *doc,
	    void (*fn)(void *ctx, const char *id, int line, int col), void *ctx);

#endif
