/*
 * typeset: from styled text to justified lines.
 *
 * A paragraph is a list of spans (text in one style).  typeset_para breaks
 * it into lines by the Knuth-Plass method: the break points are spaces,
 * UAX #14 opportunities (libunibreak, via brk) and hyphenation points
 * (libhyphen, via hyph), and the chosen set minimises the total demerits of
 * the paragraph.  A justified line spreads its room over its spaces and,
 * in Chinese, Japanese and Korean text, between the characters too.
 * A paragraph with right-to-left text (or in a right-to-left language) is
 * broken in logical order and each line drawn in visual order (bidi.h),
 * ending at the right margin when it runs right to left.  Widths are
 * those of the text shaped as it is drawn (pdf_width: kerning, ligatures,
 * joining); words are placed one by one (pdf.c joins the words of a line
 * with spaces widened by Tw where it can).
 *
 * Text is cleaned on the way: invalid UTF-8 becomes U+FFFD, control
 * characters and soft hyphens are dropped, and each character is drawn in
 * the first face of its style's chain that has it (theme face, fallback
 * face, then any installed font fontconfig offers).  A character that no
 * face can draw is drawn as U+FFFD, or '?', and recorded (fontset_misses),
 * so that it is reported rather than replaced quietly.
 *
 * Everything produced lives in the caller's arena.
 */
#ifndef QBOOK_TYPESET_H
#define QBOOK_TYPESET_H

#include <stddef.h>
#include <stdint.h>

#include "base/mem.h"

struct pdf;

enum role {
	R_BODY, R_BOLD, R_ITALIC, R_BOLDITALIC,
	R_SANS, R_SANSBOLD, R_SANSITALIC,
	R_MONO, R_MONOBOLD,
	R_NROLES
};

enum op_kind { OP_TEXT, OP_FILL, OP_STROKE, OP_LINE, OP_LINK, OP_URI, OP_DEST, OP_IMAGE,
	OP_PAGEREF };

/*
 * One drawing instruction.  x is from the left edge of the page; y grows
 * downwards from the top of whatever holds the op (a line: its baseline;
 * a block: its top).  TEXT: baseline at (x, y), w wide; lw is the stroke
 * that draws its face bolder (a bold role in a face with no bold weight),
 * or 0.  FILL, STROKE, LINK, URI:
 * the rectangle x, y (top), w, h.  LINE: from (x, y) to (x + w, y + h).
 * LINK goes to anchor target; DEST makes anchor target point here.
 * IMAGE: image target (pdf_image's index) in the rectangle x, y (top), w, h,
 * s its alt text (or NULL).
 * PAGEREF: room w wide, baseline at (x, y), for the page number of anchor
 * target, drawn once it is known in role len at size and color.
 */
struct op {
	const char	*s;		/* TEXT: UTF-8 (len bytes); URI: the URI */
	float		 x, y, w, h;
	float		 size, lw;
	uint32_t	 color;
	int		 target;
	uint32_t	 len;
	int16_t		 face;
	unsigned char	 kind;		/* enum op_kind */
	unsigned char	 space;		/* TEXT: a space of the text comes
					 * right before it on its line */
};	/* 48 bytes: a guide of 10,000 pages holds millions */

struct fontset;

/* Families for the serif, sans and monospace roles, and the fallback. */
struct families {
	const char	*serif, *sans, *mono, *fallback;
};

/* Resolve every role through fontconfig.  NULL after reporting (a system
 * error) when a family is not installed. */
struct fontset *fontset_new(struct pdf *p, const struct families *f);
void	 fontset_free(struct fontset *fs);

/* A character no installed font could draw, and the first source file in
 * diagnostic order (strcmp; NULL: none named) whose text had it. */
struct miss {
	uint32_t	 cp;
	const char	*file;
};

/* The language of the text (a BCP 47 tag; not copied), for the fonts
 * fontconfig offers beyond the theme's and for line breaking. */
void	 fontset_language(struct fontset *fs, const char *lang);
/* The text typeset from now on comes from file (not copied; NULL: from
 * no file of the bank), as far as misses are concerned. */
void	 fontset_source(struct fontset *fs, const char *file);
/* Whether role draws cp (after the cleaning above); if not, it is
 * recorded as missed, as drawing it would. */
int	 fontset_check(struct fontset *fs, int role, long cp);
/* Every character missed so far, once, in code point order: a malloc'd
 * array of *n entries. */
struct miss *fontset_misses(struct fontset *fs, size_t *n);

/*
 * A guide in a right-to-left language is laid out as a left-to-right one
 * and its pages drawn mirrored (typeset_flip with the page's width), so
 * that its furniture (numbers, bars, boxes, markers, score rows, running
 * heads, table columns) runs from the right.  Text must not come out
 * reversed: typeset_ops and typeset_para give such a guide's ops already
 * flipped within their line, and the page's flip puts them back.
 */
/* ops[0..n) mirrored within left .. left + width: each op's box moves to
 * the other side (a LINE's direction turns round); text is not reversed. */
void	 typeset_flip(struct op *ops, size_t n, float left, float width);

/* Width of a UTF-8 string in a role at size, in points. */
float	 typeset_width(struct fontset *fs, int role, float size, const char *s, size_t len);
/* Ops drawing s in role at size with its baseline at (x, y), fallback
 * faces included; appended to *ops (count *n, capacity *cap). */
float	 typeset_ops(struct fontset *fs, int role, float size, uint32_t color,
	    float x, float y, const char *s, size_t len,
	    struct op **ops, size_t *n, size_t *cap);

struct span {
	int		 role;
	float		 size;
	uint32_t	 color;
	int		 target;	/* anchor to link to, or -1 */
	const char	*uri;		/* external link, or NULL */
	int		 strike;
	int		 hard_break;	/* a forced line break (text ignored) */
	int		 code;		/* no hyphenation, spaces kept */
	int		 pageref;	/* 1 + the anchor whose page number goes
					 * here (the text only keeps its room);
					 * 0: none */
	const char	*text;
	size_t		 len;
};

struct pstyle {
	float		 width;		/* line length */
	float		 first_indent;	/* extra indent of the first line */
	int		 ragged;	/* ragged right instead of justified */
	int		 hyphenate;
};

struct tline {
	struct op	*ops;		/* x from the line start, y from the baseline */
	size_t		 nops;
	float		 width;		/* natural width of the content */
	float		 size;		/* largest font size on the line */
};

/* The widest unbreakable run and the natural width of spans[0..n) (the
 * widest line between forced breaks), for sizing table columns. */
void	 typeset_measure(struct fontset *fs, const struct span *spans, size_t n,
	    float *minw, float *maxw);

/* Break spans[0..n) into lines; returns the number of lines (*out). */
size_t	 typeset_para(struct fontset *fs, const struct span *spans, size_t n,
	    const struct pstyle *ps, struct arena *a, struct tline **out);

#endif
