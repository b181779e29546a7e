/*
 * typeset: fonts by role with fallback, and Knuth-Plass line breaking.
 */
#include "guide/typeset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/utf8.h"
#include "bank/labels.h"
#include "guide/bidi.h"
#include "guide/brk.h"
#include "guide/fonts.h"
#include "guide/hyph.h"
#include "guide/pdf.h"

/* --- fonts by role ------------------------------------------------------------ */

#define CHAIN		3	/* theme face, fallback in style, fallback regular */
#define NO_FACE		(-2)	/* cached: no installed font draws the character */

/*
 * A map from code points to ints, by open addressing.  It doubles before it
 * is half full, so a probe always meets an empty slot and ends, whatever
 * the text (a bank may use thousands of distinct characters).
 */
struct cpmap {
	uint32_t	*key;		/* code point + 1; 0: empty slot */
	int		*val;
	size_t		 mask, n;	/* slots - 1 (0 before first use), entries */
};

static size_t
cpmap_slot(const struct cpmap *m, unsigned cp)
{
	size_t h = (size_t)(cp * 2654435761u) & m->mask;

	while (m->key[h] != 0 && m->key[h] != cp + 1)
		h = (h + 1) & m->mask;
	return h;
}

/* The value of cp, or NULL. */
static int *
cpmap_get(const struct cpmap *m, unsigned cp)
{
	size_t h;

	if (m->n == 0)
		return NULL;
	h = cpmap_slot(m, cp);
	return m->key[h] != 0 ? &m->val[h] : NULL;
}

static void
cpmap_put(struct cpmap *m, unsigned cp, int val)
{
	size_t h;

	if (2 * (m->n + 1) > m->mask + 1) {
		struct cpmap old = *m;

		m->mask = old.mask ? 2 * old.mask + 1 : 63;
		m->key = xcalloc(m->mask + 1, sizeof(*m->key));
		m->val = xcalloc(m->mask + 1, sizeof(*m->val));
		m->n = 0;
		for (size_t i = 0; old.n > 0 && i <= old.mask; i++)
			if (old.key[i] != 0)
				cpmap_put(m, old.key[i] - 1, old.val[i]);
		free(old.key);
		free(old.val);
	}
	BUG_ON(2 * (m->n + 1) > m->mask + 1);	/* cpmap_slot needs an empty slot */
	h = cpmap_slot(m, cp);
	if (m->key[h] == 0)
		m->n++;
	m->key[h] = cp + 1;
	m->val[h] = val;
}

static void
cpmap_free(struct cpmap *m)
{
	free(m->key);
	free(m->val);
}

struct fontset {
	struct pdf	*pdf;
	char		*path[R_NROLES][CHAIN];
	int		 index[R_NROLES][CHAIN];	/* the face in a collection */
	int		 face[R_NROLES][CHAIN];	/* -1 until loaded */
	struct cpmap	 cover[R_NROLES];	/* beyond the chain: face or NO_FACE */
	int		*found[R_NROLES];	/* faces fontconfig offered, in order */
	size_t		 nfound[R_NROLES], foundcap[R_NROLES];
	struct cpmap	 nowhere;		/* characters no installed font has */
	const char	*source;		/* file of the text being drawn */
	const char	*lang;			/* for fontconfig's choice, or NULL */
	int		 rtl;			/* lang runs right to left: its
						 * pages are drawn mirrored */
	struct cpmap	 missed;		/* character -> index in misses */
	struct miss	*misses;
	size_t		 nmisses, mcap;
};

static const struct {
	int	 family;	/* 0 serif, 1 sans, 2 mono */
	int	 bold, italic;
} role_style[R_NROLES] = {
	{ 0, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0, 1, 1 },
	{ 1, 0, 0 }, { 1, 1, 0 }, { 1, 0, 1 },
	{ 2, 0, 0 }, { 2, 1, 0 },
};

struct fontset *
fontset_new(struct pdf *p, const struct families *f)
{
	const char *fam[3] = { f->serif, f->sans, f->mono };
	struct fontset *fs = xcalloc(1, sizeof(*fs));

	fs->pdf = p;
	for (int r = 0; r < R_NROLES; r++) {
		int b = role_style[r].bold, it = role_style[r].italic;
		const char *family = fam[role_style[r].family];

		/* Monospace stays regular: code reads the same in bold text,
		 * and a face fewer keeps the PDF small. */
		if (role_style[r].family == 2)
			b = it = 0;
		fs->path[r][0] = fonts_find(family, b, it, &fs->index[r][0]);
		fs->path[r][1] = fonts_find(f->fallback, b, it, &fs->index[r][1]);
		fs->path[r][2] = fonts_find(f->fallback, 0, 0, &fs->index[r][2]);
		for (int k = 0; k < CHAIN; k++)
			fs->face[r][k] = -1;
		if (fs->path[r][0] == NULL || fs->path[r][2] == NULL) {
			diag_system("font '%s'%s%s is not installed with outlines qbook "
			    "can embed (fontconfig offers another family)",
			    fs->path[r][0] == NULL ? family : f->fallback,
			    b ? " bold" : "", it ? " italic" : "");
			fontset_free(fs);
			return NULL;
		}
	}
	return fs;
}

void
fontset_free(struct fontset *fs)
{
	if (fs == NULL)
		return;
	for (int r = 0; r < R_NROLES; r++) {
		for (int k = 0; k < CHAIN; k++)
			free(fs->path[r][k]);
		cpmap_free(&fs->cover[r]);
		free(fs->found[r]);
	}
	cpmap_free(&fs->nowhere);
	cpmap_free(&fs->missed);
	free(fs->misses);
	free(fs);
}

static int
chain_face(struct fontset *fs, int role, int k)
{
	if (fs->face[role][k] < 0 && fs->path[role][k] != NULL)
		fs->face[role][k] = pdf_face(fs->pdf, fs->path[role][k], fs->index[role][k]);
	return fs->face[role][k];
}

/*
 * A face fontconfig offers for cp in role's style, or NO_FACE.  A face
 * found for an earlier character is tried first, so that a script is drawn
 * in one font and fontconfig is asked about few of its characters; a
 * character that no installed font has is asked about once, whatever the
 * role (fontconfig ranks coverage above style, so another style would not
 * find it either).
 */
static int
cover_face(struct fontset *fs, int role, unsigned cp)
{
	char *path;
	int f = NO_FACE, index = 0;

	for (size_t i = 0; i < fs->nfound[role]; i++)
		if (pdf_has_glyph(fs->pdf, fs->found[role][i], cp))
			return fs->found[role][i];
	if (cpmap_get(&fs->nowhere, cp) != NULL)
		return NO_FACE;
	path = fonts_find_cover(cp, role_style[role].bold, role_style[role].italic, fs->lang,
	    &index);
	if (path != NULL) {
		/* A font fontconfig offers that cannot be opened is
		 * passed over, as one without the character is. */
		f = pdf_face_if(fs->pdf, path, index);
		if (f < 0 || !pdf_has_glyph(fs->pdf, f, cp))
			f = NO_FACE;
		free(path);
	}
	if (f >= 0) {
		GROW(fs->found[role], fs->foundcap[role], fs->nfound[role] + 1);
		fs->found[role][fs->nfound[role]++] = f;
	} else
		cpmap_put(&fs->nowhere, cp, 1);
	return f;
}

/* The first face that can draw cp in role, or -1. */
static int
face_for(struct fontset *fs, int role, unsigned cp)
{
	int *cached, f;

	for (int k = 0; k < CHAIN; k++) {
		f = chain_face(fs, role, k);
		if (f >= 0 && pdf_has_glyph(fs->pdf, f, cp))
			return f;
	}
	if ((cached = cpmap_get(&fs->cover[role], cp)) != NULL)
		return *cached >= 0 ? *cached : -1;
	f = cover_face(fs, role, cp);
	cpmap_put(&fs->cover[role], cp, f);
	return f >= 0 ? f : -1;
}

void
fontset_language(struct fontset *fs, const char *lang)
{
	fs->lang = lang;
	fs->rtl = labels_rtl(lang);
	pdf_language(fs->pdf, lang);
}

void
fontset_source(struct fontset *fs, const char *file)
{
	fs->source = file;
}

/* Whether file a comes before file b in diagnostic order (NULL last). */
static int
file_before(const char *a, const char *b)
{
	return a != NULL && (b == NULL || strcmp(a, b) < 0);
}

/* Record that cp could not be drawn in the current source file. */
static void
missed(struct fontset *fs, unsigned cp)
{
	int *at = cpmap_get(&fs->missed, cp);

	if (at == NULL) {
		GROW(fs->misses, fs->mcap, fs->nmisses + 1);
		fs->misses[fs->nmisses].cp = cp;
		fs->misses[fs->nmisses].file = fs->source;
		cpmap_put(&fs->missed, cp, (int)fs->nmisses++);
	} else if (file_before(fs->source, fs->misses[*at].file))
		fs->misses[*at].file = fs->source;
}

static int
by_cp(const void *a, const void *b)
{
	const struct miss *x = a, *y = b;

	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

struct miss *
fontset_misses(struct fontset *fs, size_t *n)
{
	struct miss *m = xmalloc(sizeof(*m) * (fs->nmisses + 1));

	if (fs->nmisses > 0)
		memcpy(m, fs->misses, sizeof(*m) * fs->nmisses);
	qsort(m, fs->nmisses, sizeof(*m), by_cp);
	*n = fs->nmisses;
	return m;
}

/*
 * The character to draw for cp, or 0 to drop it: controls and soft hyphens
 * go, invalid bytes become U+FFFD.
 */
static unsigned
clean_cp(long cp)
{
	if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || cp == 0xFEFF)
		return 0;
	return (unsigned)cp;
}

/* A drawable character and its face in role: cp itself, or, when no face
 * has it (it is recorded as missed), U+FFFD or '?'. */
static unsigned
resolve(struct fontset *fs, int role, unsigned cp, int *face)
{
	*face = face_for(fs, role, cp);
	if (*face >= 0)
		return cp;
	missed(fs, cp);
	if (cp != 0xFFFD && (*face = face_for(fs, role, 0xFFFD)) >= 0)
		return 0xFFFD;
	*face = chain_face(fs, role, 0);
	return '?';
}

int
fontset_check(struct fontset *fs, int role, long cp)
{
	unsigned c = clean_cp(cp);
	int face;

	return c == 0 || resolve(fs, role, c, &face) == c;
}

/* Width in points of s[0..len) in face at size, shaped as it is drawn. */
static float
text_width(struct fontset *fs, int face, const char *s, size_t len, float size)
{
	return (float)pdf_width(fs->pdf, face, s, len) * size / 1000.0f;
}

/* The stroke that draws face bolder in role at size (pdf_text_line): a
 * bold role drawn in a face without a bold weight (a script's fallback
 * font that comes in one weight), or 0. */
static float
bolden(struct fontset *fs, int role, int face, float size)
{
	return role_style[role].bold && face >= 0 && !pdf_is_bold(fs->pdf, face) ?
	    size / 30.0f : 0;
}

static float
advance(struct fontset *fs, int face, unsigned cp, float size)
{
	return (float)pdf_advance(fs->pdf, face, cp) * size / 1000.0f;
}

static struct op *
new_op(struct op **ops, size_t *n, size_t *cap)
{
	struct op *o;

	GROW(*ops, *cap, *n + 1);
	o = &(*ops)[(*n)++];
	memset(o, 0, sizeof(*o));
	o->target = -1;
	return o;
}

/*
 * The order, left to right, in which n things with bidi levels lev[] are
 * drawn (malloc'd indices).  Rule L2 of UAX #9: from the highest level down
 * to the lowest odd one, every run at that level or higher is reversed.
 */
static size_t *
l2_order(const int *lev, size_t n)
{
	size_t *order = xmalloc(sizeof(*order) * (n + 1));
	int *l = xmalloc(sizeof(*l) * (n + 1)), high = 0, low = 126;

	for (size_t k = 0; k < n; k++) {
		order[k] = k;
		l[k] = lev[k];
		if (l[k] > high)
			high = l[k];
		if ((l[k] & 1) && l[k] < low)
			low = l[k];
	}
	for (int at = high; at >= low && at > 0; at--)
		for (size_t k = 0; k < n;) {
			size_t e = k;

			while (e < n && l[e] >= at)
				e++;
			for (size_t a = k, b = e; a + 1 < b; a++, b--) {
				size_t t = order[a];
				int tl = l[a];

				order[a] = order[b - 1];
				l[a] = l[b - 1];
				order[b - 1] = t;
				l[b - 1] = tl;
			}
			k = e > k ? e : k + 1;
		}
	free(l);
	return order;
}

/* In right-to-left runs put in visual order, combining marks came before
 * the character they are drawn on, in reverse: put the character and its
 * marks back in their order, where the shaper looks for them. */
static void
marks_after_bases(size_t *order, const uint32_t *cps, const int *lev, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t j = k, base;

		while (j < n && (lev[order[j]] & 1) && utf8_is_mark(cps[order[j]]))
			j++;
		if (j == k || j == n || !(lev[order[j]] & 1))
			continue;
		/* m2 m1 base, reversed: base m1 m2, the marks in their order
		 * too (stacked marks of one class keep theirs). */
		for (size_t a = k, b = j; a < b; a++, b--) {
			base = order[a];
			order[a] = order[b];
			order[b] = base;
		}
		k = j;
	}
}

/*
 * One line of text with right-to-left characters (or in a right-to-left
 * language) in the order it is seen, mirrored (bidi.h), into
 * out; returns 0, leaving out empty, for text all left to right.
 */
static int
visual_text(const struct fontset *fs, const char *s, size_t len, struct buf *out)
{
	uint32_t *cps;
	int *lev;
	size_t n, *order;

	if (len == 0 || (!fs->rtl && !bidi_has_rtl(s, len)))
		return 0;
	n = bidi_prepare_utf8(s, len, fs->rtl, &cps, &lev);
	order = l2_order(lev, n);
	marks_after_bases(order, cps, lev, n);
	for (size_t k = 0; k < n; k++) {
		char u[4];

		buf_add(out, u, utf8_put(u, cps[order[k]]));
	}
	free(order);
	free(cps);
	free(lev);
	return 1;
}

void
typeset_flip(struct op *ops, size_t n, float left, float width)
{
	for (size_t i = 0; i < n; i++) {
		struct op *o = &ops[i];

		if (o->kind == OP_LINE) {
			o->x = 2 * left + width - o->x;
			o->w = -o->w;
		} else
			o->x = 2 * left + width - o->x - o->w;
	}
}

float
typeset_ops(struct fontset *fs, int role, float size, uint32_t color, float x, float y,
    const char *s, size_t len, struct op **ops, size_t *n, size_t *cap)
{
	struct buf run = BUF_INIT, vis = BUF_INIT;
	float x0 = x, runx = x;
	int runface = -1;
	size_t i = 0, first = n != NULL ? *n : 0;

	if (visual_text(fs, s, len, &vis)) {
		s = vis.data;
		len = vis.len;
	}

	while (i <= len) {
		unsigned cp = 0;
		int face = -1;
		char u[4];

		if (i < len) {
			cp = clean_cp(utf8_next(s, len, &i));
			if (cp == 0)
				continue;
			cp = resolve(fs, role, cp, &face);
		} else
			i++;
		if ((face != runface || i > len) && run.len > 0) {
			float w = text_width(fs, runface, run.data, run.len, size);

			if (ops != NULL) {
				struct op *o = new_op(ops, n, cap);

				o->kind = OP_TEXT;
				o->x = runx;
				o->y = y;
				o->w = w;
				o->lw = bolden(fs, role, runface, size);
				o->face = runface;
				o->size = size;
				o->color = color;
				o->len = run.len;
				o->s = buf_detach(&run, NULL);
			}
			x = runx + w;
		}
		if (face != runface) {
			buf_reset(&run);
			runx = x;
			runface = face;
		}
		if (i <= len && face >= 0)
			buf_add(&run, u, utf8_put(u, cp));
	}
	buf_release(&run);
	buf_release(&vis);
	if (fs->rtl && ops != NULL)
		typeset_flip(*ops + first, *n - first, x0, x - x0);
	return x - x0;
}

float
typeset_width(struct fontset *fs, int role, float size, const char *s, size_t len)
{
	return typeset_ops(fs, role, size, 0, 0, 0, s, len, NULL, NULL, NULL);
}

/* --- paragraph items ---------------------------------------------------------- */

#define INF_PEN		10000
#define HYPHEN_PEN	50
#define EXHYPHEN_PEN	50
#define EMERGENCY_PEN	900
#define CODE_PEN	200	/* a break inside inline code */
#define LINE_PEN	10
#define FLAG_DEMERITS	3000
#define FIT_DEMERITS	100
#define FIL		1e6f

enum itype { I_BOX, I_GLUE, I_PEN };

struct item {
	enum itype	 t;
	float		 w, st, sh;
	int		 pen, flagged;
	int		 span, face;
	size_t		 off, len;	/* BOX: bytes of the cleaned text */
	float		 hyw;		/* PEN: width of the hyphen drawn there */
};

struct para {
	struct fontset	*fs;
	const struct span *spans;
	const struct pstyle *ps;
	struct buf	 text;		/* cleaned text of all spans */
	int		*span_of;	/* span of each byte of text */
	size_t		 span_cap;
	struct item	*it;
	size_t		 n, cap;
	unsigned char	*level;		/* per byte of text: its bidi level, or
					 * NULL for text all left to right */
	int		 base;		/* the paragraph's level: 1 right to left */
};

static struct item *
push(struct para *p, enum itype t)
{
	struct item *i;

	GROW(p->it, p->cap, p->n + 1);
	i = &p->it[p->n++];
	memset(i, 0, sizeof(*i));
	i->t = t;
	i->span = -1;
	i->face = -1;
	return i;
}

static void
push_pen(struct para *p, int pen, int flagged, float w)
{
	struct item *i = push(p, I_PEN);

	i->pen = pen;
	i->flagged = flagged;
	i->w = w;
	i->hyw = w;
}

/* Copy the spans' text, cleaned and with white space collapsed, recording
 * the span of every byte; a hard break is '\n', a soft hyphen '\001'. */
static void
collect(struct para *p, size_t nspans)
{
	int space = 1;	/* drop leading blanks */

	for (size_t s = 0; s < nspans; s++) {
		const struct span *sp = &p->spans[s];
		size_t i = 0, start = p->text.len;

		if (sp->hard_break) {
			while (p->text.len > 0 && p->text.data[p->text.len - 1] == ' ')
				p->text.len--;
			start = p->text.len;
			buf_addc(&p->text, '\n');
			space = 1;
		}
		while (!sp->hard_break && i < sp->len) {
			long cp = utf8_next(sp->text, sp->len, &i);
			unsigned c;
			char u[4];

			if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
				if (!space)
					buf_addc(&p->text, ' ');
				space = 1;
				continue;
			}
			if (cp == 0xAD) {
				if (!space)
					buf_addc(&p->text, '\x01');
				continue;
			}
			if ((c = clean_cp(cp)) == 0)
				continue;
			buf_add(&p->text, u, utf8_put(u, c));
			space = 0;
		}
		GROW(p->span_of, p->span_cap, p->text.len + 1);
		for (size_t k = start; k < p->text.len; k++)
			p->span_of[k] = (int)s;
	}
	while (p->text.len > 0 && (p->text.data[p->text.len - 1] == ' ' ||
	    p->text.data[p->text.len - 1] == '\x01'))
		p->text.len--;
	p->text.data[p->text.len] = '\0';
}

/* Mark in hy[] the bytes after which the hyphenator allows a break: whole
 * ASCII words of prose spans. */
/*
 * A paragraph with right-to-left text, or in a right-to-left language: its
 * levels per byte, and its text mirrored (bidi.h), the spans of
 * its bytes following.  Text all left to right stays as it is.
 */
static void
prepare_bidi(struct para *p)
{
	int rtl = p->fs->rtl;
	size_t n = 0, i = 0, len = p->text.len;
	uint32_t *cps;
	int *span;
	unsigned char *lv;
	struct buf text = BUF_INIT;

	if (len == 0 || (!rtl && !bidi_has_rtl(p->text.data, len)))
		return;
	cps = xmalloc(sizeof(*cps) * (len + 1));
	span = xmalloc(sizeof(*span) * (len + 1));
	lv = xmalloc(len + 1);
	while (i < len) {
		size_t at = i;

		cps[n] = (uint32_t)utf8_next(p->text.data, len, &i);
		span[n++] = p->span_of[at];
	}
	p->base = bidi_prepare(cps, n, rtl, lv);
	p->level = xmalloc(len * 2 + 4);
	GROW(p->span_of, p->span_cap, len * 2 + 4);
	for (size_t k = 0; k < n; k++) {
		char u[4];
		size_t w;

		w = utf8_put(u, cps[k]);
		for (size_t b = 0; b < w; b++) {
			p->span_of[text.len + b] = span[k];
			p->level[text.len + b] = lv[k];
		}
		buf_add(&text, u, w);
	}
	buf_release(&p->text);
	p->text = text;
	free(cps);
	free(span);
	free(lv);
}

static void
hyphen_points(struct para *p, char *hy)
{
	const char *t = p->text.data;
	size_t n = p->text.len, i = 0;

	memset(hy, 0, n);
	if (!p->ps->hyphenate)
		return;
	while (i < n) {
		size_t j = i;
		const struct span *sp = &p->spans[p->span_of[i]];

		while (j < n && ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z')))
			j++;
		if (j > i && !sp->code && sp->uri == NULL &&
		    (i == 0 || (unsigned char)t[i - 1] < 0x80) &&
		    (j == n || (unsigned char)t[j] < 0x80) &&
		    (j == n || t[j] != '_') && (i == 0 || t[i - 1] != '_') &&
		    p->span_of[j - 1] == p->span_of[i])
			hyph_points(t + i, j - i, hy + i);
		i = j > i ? j : i + 1;
	}
}

/* The role of the span owning byte k. */
static const struct span *
span_at(const struct para *p, size_t k)
{
	return &p->spans[p->span_of[k]];
}

/* Build boxes, glue and penalties from the cleaned text. */
/* The room a justified line may add between two ideographs, in ems. */
#define CJK_STRETCH	0.08f

/* Whether cp is set on the square grid of Chinese, Japanese and Korean
 * text: ideographs, kana, Hangul syllables, their punctuation and the
 * full-width forms. */
static int
is_wide(unsigned long cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The code point at t[i], or 0 at the end. */
static unsigned long
next_cp(const char *t, size_t n, size_t i)
{
	long cp = i < n ? utf8_next(t, n, &i) : 0;

	return cp > 0 ? (unsigned long)cp : 0;
}

/* Each box's width as drawn: its text shaped (face.h), kerned and joined,
 * right-to-left runs in the order they are seen. */
static void
shape_boxes(struct para *p)
{
	struct buf seen = BUF_INIT;

	for (size_t i = 0; i < p->n; i++) {
		struct item *b = &p->it[i];
		const char *s;

		if (b->t != I_BOX || b->off == (size_t)-1 || b->face < 0)
			continue;
		s = p->text.data + b->off;
		if (p->level != NULL && (p->level[b->off] & 1)) {
			buf_reset(&seen);
			utf8_reverse(&seen, s, b->len, 1);
			s = seen.data;
		}
		b->w = text_width(p->fs, b->face, s, b->len, p->spans[b->span].size);
	}
	buf_release(&seen);
}

static void
build_items(struct para *p)
{
	const char *t = p->text.data;
	size_t n = p->text.len, i = 0;
	char *brks = xmalloc(n + 1), *hy = xmalloc(n + 1);
	struct item *box = NULL;

	brk_find(t, n, p->fs->lang, brks);
	hyphen_points(p, hy);
	while (i < n) {
		size_t at = i;
		const struct span *sp = span_at(p, at);
		long cp = utf8_next(t, n, &i);
		int face;
		unsigned c;

		if (cp == ' ') {
			float w;

			box = NULL;
			if (p->n > 0 && p->it[p->n - 1].t == I_GLUE)
				continue;
			face = face_for(p->fs, sp->role, ' ');
			w = face >= 0 ? advance(p->fs, face, ' ', sp->size) : sp->size / 4;
			box = push(p, I_GLUE);
			box->off = at;
			box->w = w;
			box->st = sp->code ? w / 4 : w / 2;
			box->sh = sp->code ? w / 8 : w / 3;
			box = NULL;
			continue;
		}
		if (cp == '\n') {
			struct item *g;

			while (p->n > 0 && p->it[p->n - 1].t == I_GLUE)
				p->n--;
			push_pen(p, INF_PEN, 0, 0);
			g = push(p, I_GLUE);
			g->st = FIL;
			push_pen(p, -INF_PEN, 0, 0);
			box = NULL;
			continue;
		}
		if (cp == 1) {	/* soft hyphen */
			face = face_for(p->fs, sp->role, '-');
			push_pen(p, HYPHEN_PEN, 1, face >= 0 ? advance(p->fs, face, '-', sp->size) : 0);
			box = NULL;
			continue;
		}
		c = resolve(p->fs, sp->role, (unsigned)cp, &face);
		if (box == NULL || box->face != face || box->span != p->span_of[at] ||
		    c != (unsigned)cp ||
		    (p->level != NULL && p->level[at] != p->level[box->off])) {
			box = push(p, I_BOX);
			box->span = p->span_of[at];
			box->face = face;
			box->off = at;
		}
		if (c != (unsigned)cp) {
			/* A substitute: drawn from a literal, not from the text. */
			box->off = (size_t)-1;
			box->len = c;
			box->w = advance(p->fs, face, c, sp->size);
			box = NULL;
		} else
			box->len = i - box->off;	/* its width: shape_boxes */
		/* No break inside what is drawn together (libunibreak 1.1
		 * allows one after a zero-width joiner). */
		if (i < n && t[i] != ' ' && t[i] != '\n' && t[i] != 1 &&
		    !utf8_binds(cp, (long)next_cp(t, n, i))) {
			if (hy[i - 1]) {
				push_pen(p, HYPHEN_PEN, 1, advance(p->fs, face, '-', sp->size));
				box = NULL;
			} else if (brks[i - 1] == BRK_ALLOW && (is_wide((unsigned long)cp) ||
			    is_wide(next_cp(t, n, i)))) {
				/* Between ideographs (and kana, Hangul syllables,
				 * full-width forms) a justified line spreads its
				 * room too, as Chinese and Japanese setting does,
				 * not only at the spaces around a Latin word. */
				struct item *g = push(p, I_GLUE);

				g->off = at;
				g->st = sp->size * CJK_STRETCH;
				box = NULL;
			} else if (brks[i - 1] == BRK_ALLOW) {
				push_pen(p, cp == '-' ? EXHYPHEN_PEN : 0, cp == '-', 0);
				box = NULL;
			} else if (sp->code && strchr("_.(=/,", (int)cp) != NULL && cp != 0) {
				/* Identifiers and calls in code may break after
				 * their punctuation, without a hyphen. */
				push_pen(p, CODE_PEN, 0, 0);
				box = NULL;
			}
		}
	}
	free(brks);
	free(hy);
	while (p->n > 0 && p->it[p->n - 1].t == I_GLUE)
		p->n--;
	push_pen(p, INF_PEN, 0, 0);
	push(p, I_GLUE)->st = FIL;
	push_pen(p, -INF_PEN, 0, 0);
	shape_boxes(p);
}

/*
 * A run of boxes wider than the line cannot be broken at its natural
 * points; give it a break between every two characters at a high penalty
 * (long URLs, identifiers, hostile 50,000-letter words), but never inside
 * what is drawn together (utf8_binds: a letter and its marks, a conjunct).
 */
static void
split_wide_runs(struct para *p, float width)
{
	struct item *old = p->it;
	size_t n = p->n, i = 0;
	long last;		/* the last character of the piece before */

	p->it = NULL;
	p->n = p->cap = 0;
	while (i < n) {
		size_t j = i;
		float w = 0;

		while (j < n && old[j].t == I_BOX)
			w += old[j++].w;
		if (j == i) {
			*push(p, old[i].t) = old[i];
			i++;
			continue;
		}
		last = -1;
		for (size_t k = i; k < j; k++) {
			const struct item *b = &old[k];
			const struct span *sp = &p->spans[b->span];
			size_t o;

			/* (A column is made as wide as its widest word, and
			 * the sums may differ in the last bit.) */
			if (w <= width + 0.01f || b->off == (size_t)-1) {
				*push(p, I_BOX) = *b;
				last = -1;
				continue;
			}
			for (o = b->off; o < b->off + b->len; ) {
				size_t s = o, end = b->off + b->len, at;
				long first = utf8_next(p->text.data, end, &o), prev = first, next;
				struct item *c;

				/* A piece is a character with what is drawn with it:
				 * marks, and what a virama or joiner binds. */
				while (o < end && (at = o, next = utf8_next(p->text.data, end, &at),
				    utf8_binds(prev, next))) {
					o = at;
					prev = next;
				}
				if ((s > b->off || k > i) && !utf8_binds(last, first))
					push_pen(p, EMERGENCY_PEN, 0, 0);
				last = prev;
				c = push(p, I_BOX);
				*c = *b;
				c->off = s;
				c->len = o - s;
				c->w = text_width(p->fs, b->face, p->text.data + s, o - s, sp->size);
			}
		}
		i = j;
	}
	free(old);
}

/* --- Knuth-Plass -------------------------------------------------------------- */

struct node {
	size_t		 pos;		/* item index of the break (SIZE_MAX: start) */
	int		 line, fit;
	double		 total;		/* demerits up to here */
	float		 w, st, sh;	/* sums after the break */
	int		 prev;		/* node index, or -1 */
	int		 next_active;	/* -1 ends the list */
};

struct kp {
	struct node	*nodes;
	size_t		 n, cap;
	int		 active;	/* first active node, or -1 */
	float		*W, *Y, *Z;	/* sums of items before index i */
};

static int
add_node(struct kp *k, size_t pos, int line, int fit, double total, int prev,
    const struct para *p)
{
	struct node *nd;
	float w = k->W[pos + 1], st = k->Y[pos + 1], sh = k->Z[pos + 1];

	/* The sums after a break skip the glue and penalties that follow it. */
	for (size_t i = pos + 1; i < p->n && p->it[i].t != I_BOX; i++) {
		if (p->it[i].t == I_PEN && p->it[i].pen == -INF_PEN && i > pos + 1)
			break;
		w = k->W[i + 1];
		st = k->Y[i + 1];
		sh = k->Z[i + 1];
	}
	GROW(k->nodes, k->cap, k->n + 1);
	nd = &k->nodes[k->n];
	nd->pos = pos;
	nd->line = line;
	nd->fit = fit;
	nd->total = total;
	nd->w = w;
	nd->st = st;
	nd->sh = sh;
	nd->prev = prev;
	nd->next_active = -1;
	return (int)k->n++;
}

/* Natural width, stretch and shrink of the line from node a to break b. */
static void
line_sums(const struct kp *k, const struct node *a, const struct item *b, size_t bpos,
    float *w, float *st, float *sh)
{
	*w = k->W[bpos] - a->w;
	*st = k->Y[bpos] - a->st;
	*sh = k->Z[bpos] - a->sh;
	if (b->t == I_PEN)
		*w += b->w;
}

static float
line_length(const struct pstyle *ps, int line)
{
	return line == 0 ? ps->width - ps->first_indent : ps->width;
}

static double
ratio_of(float len, float w, float st, float sh)
{
	if (w < len)
		return st > 0 ? (len - w) / st : 1e9;
	if (w > len)
		return sh > 0 ? (len - w) / sh : -1e9;
	return 0;
}

static int
fitness(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/*
 * One pass with tolerance tol (the largest badness accepted).  rescue
 * keeps going with an overfull line where nothing fits.  Returns the
 * best final node, or -1.
 */
static int
kp_pass(struct kp *k, const struct para *p, double tol, int rescue)
{
	const struct pstyle *ps = p->ps;
	float ragged = ps->ragged ? 3 * p->spans[0].size : 0;

	k->n = 0;
	k->active = add_node(k, (size_t)-1, 0, 1, 0, -1, p);
	for (size_t b = 0; b < p->n; b++) {
		const struct item *it = &p->it[b];
		double best[4] = { 1e300, 1e300, 1e300, 1e300 };
		int from[4] = { -1, -1, -1, -1 }, prevlink = -1, cur;
		double rescue_total = 1e300;
		int rescue_from = -1;

		if (it->t == I_BOX || (it->t == I_PEN && it->pen >= INF_PEN) ||
		    (it->t == I_GLUE && (b == 0 || p->it[b - 1].t != I_BOX)))
			continue;
		for (cur = k->active; cur >= 0; ) {
			struct node *a = &k->nodes[cur];
			int next = a->next_active;
			float w, st, sh, len = line_length(ps, a->line);
			double r, bad, d;

			line_sums(k, a, it, b, &w, &st, &sh);
			r = ratio_of(len, w, st + ragged, sh);
			if (r < -1 || (it->t == I_PEN && it->pen == -INF_PEN)) {
				/* deactivate */
				if (a->total < rescue_total) {
					rescue_total = a->total;
					rescue_from = cur;
				}
				if (prevlink < 0)
					k->active = next;
				else
					k->nodes[prevlink].next_active = next;
			} else
				prevlink = cur;
			if (r >= -1) {
				bad = fabs(r) > 10 ? 1e6 : 100 * fabs(r * r * r);
				if (bad <= tol) {
					int fit = fitness(r);

					d = LINE_PEN + (bad > 10000 ? 10000 : bad);
					d *= d;
					if (it->t == I_PEN && it->pen > 0)
						d += (double)it->pen * it->pen;
					else if (it->t == I_PEN && it->pen > -INF_PEN)
						d -= (double)it->pen * it->pen;
					if (it->t == I_PEN && it->flagged && a->pos != (size_t)-1 &&
					    p->it[a->pos].t == I_PEN && p->it[a->pos].flagged)
						d += FLAG_DEMERITS;
					if (abs(fit - a->fit) > 1)
						d += FIT_DEMERITS;
					d += a->total;
					if (d < best[fit]) {
						best[fit] = d;
						from[fit] = cur;
					}
				}
			}
			cur = next;
		}
		for (int f = 0; f < 4; f++) {
			int nd;

			if (from[f] < 0)
				continue;
			nd = add_node(k, b, k->nodes[from[f]].line + 1, f, best[f], from[f], p);
			k->nodes[nd].next_active = k->active;
			k->active = nd;
		}
		if (k->active < 0 && rescue && rescue_from >= 0) {
			int nd = add_node(k, b, k->nodes[rescue_from].line + 1, 1,
			    rescue_total + 1e7, rescue_from, p);

			k->active = nd;
		}
		if (k->active < 0)
			return -1;
	}
	{
		int bestn = -1;

		for (int c = k->active; c >= 0; c = k->nodes[c].next_active)
			if (k->nodes[c].pos == p->n - 1 &&
			    (bestn < 0 || k->nodes[c].total < k->nodes[bestn].total))
				bestn = c;
		return bestn;
	}
}

/* --- placing the words ------------------------------------------------------- */

struct opvec {
	struct op	*v;
	size_t		 n, cap;
};

/* Append the text of box b at x to the line, merging with the op before. */

/* place_box's after_glue: 0, 1 after glue, AFTER_SPACE after a space. */
#define AFTER_SPACE	2

static void
place_box(const struct para *p, const struct item *b, float x, int after_glue,
    struct opvec *ov, struct buf *lit)
{
	const struct span *sp = &p->spans[b->span];
	struct op *last = ov->n > 0 ? &ov->v[ov->n - 1] : NULL;
	const char *s;
	size_t len;
	char u[4];

	if (b->off == (size_t)-1) {	/* a substitute character */
		len = utf8_put(u, (unsigned)b->len);
		buf_add(lit, u, len);
		s = lit->data + lit->len - len;
	} else if (p->level != NULL && (p->level[b->off] & 1)) {
		/* Right to left: its characters in the order they are seen. */
		utf8_reverse(lit, p->text.data + b->off, b->len, 1);	/* lit has room */
		s = lit->data + lit->len - b->len;
		len = b->len;
	} else {
		s = p->text.data + b->off;
		len = b->len;
	}
	if (!after_glue && last != NULL && last->kind == OP_TEXT && last->face == b->face &&
	    last->size == sp->size && last->color == sp->color &&
	    last->target == b->span && last->s + last->len == s) {
		last->len += len;
		last->w += b->w;
		return;
	}
	last = new_op(&ov->v, &ov->n, &ov->cap);
	last->kind = OP_TEXT;
	last->space = after_glue == AFTER_SPACE;
	last->x = x;
	last->lw = bolden(p->fs, sp->role, b->face, sp->size);
	last->face = b->face;
	last->size = sp->size;
	last->color = sp->color;
	last->s = s;
	last->len = len;
	last->w = b->w;
	last->target = b->span;	/* the span, for links; fixed up below */
}

/* Copy a finished line's ops into the arena, adding link and strike ops. */
static void
finish_line(const struct para *p, struct opvec *ov, float width, struct arena *a,
    struct tline *out)
{
	struct opvec fin = { NULL, 0, 0 };
	float maxsize = 0;
	size_t area = SIZE_MAX;	/* the link area the words before extend */

	for (size_t i = 0; i < ov->n; i++) {
		const struct op *o = &ov->v[i];
		const struct span *sp = &p->spans[o->target];
		struct op *t = new_op(&fin.v, &fin.n, &fin.cap), *prev, *area_op;
		char *s = arena_strndup(a, o->s, o->len);

		*t = *o;
		t->s = s;
		t->target = -1;
		if (sp->pageref > 0) {
			t->kind = OP_PAGEREF;
			t->target = sp->pageref - 1;
			t->len = (uint32_t)sp->role;
		}
		if (sp->size > maxsize)
			maxsize = sp->size;
		if (sp->strike) {
			struct op *l = new_op(&fin.v, &fin.n, &fin.cap);

			l->kind = OP_LINE;
			l->x = o->x;
			l->y = -0.3f * sp->size;
			l->w = o->w;
			l->lw = 0.5f;
			l->color = sp->color;
		}
		if (sp->target < 0 && sp->uri == NULL) {
			area = SIZE_MAX;	/* plain words end a link's area */
			continue;
		}
		/* One area for a link's words in a row on this line. */
		prev = area != SIZE_MAX ? &fin.v[area] : NULL;
		if (prev != NULL && prev->kind == (sp->uri ? OP_URI : OP_LINK) &&
		    prev->target == sp->target && (sp->uri == NULL || prev->s == sp->uri)) {
			prev->w = o->x + o->w - prev->x;
			continue;
		}
		area = fin.n;
		area_op = new_op(&fin.v, &fin.n, &fin.cap);
		area_op->kind = sp->uri ? OP_URI : OP_LINK;
		area_op->x = o->x;
		area_op->y = -0.8f * sp->size;
		area_op->w = o->w;
		area_op->h = 1.05f * sp->size;
		area_op->target = sp->target;
		area_op->s = sp->uri;
	}
	out->ops = arena_array(a, fin.n ? fin.n : 1, sizeof(*fin.v));
	if (fin.n)
		memcpy(out->ops, fin.v, fin.n * sizeof(*fin.v));
	out->nops = fin.n;
	out->width = width;
	out->size = maxsize;
	free(fin.v);
}

/* The level of item it (bidi.h): its first character's; a substitute's
 * or a penalty's, the paragraph's. */
static int
item_level(const struct para *p, const struct item *it)
{
	if (it->t == I_PEN || it->off == (size_t)-1 || it->off >= p->text.len)
		return p->base;
	return p->level[it->off];
}

/* Items [from, to) of a line in the order they are drawn, left to right
 * (malloc'd), or NULL when the paragraph is all left to right. */
static size_t *
visual_order(const struct para *p, size_t from, size_t to)
{
	size_t n = to > from ? to - from : 0, *order;
	int *lev;

	if (p->level == NULL || n == 0)
		return NULL;
	lev = xmalloc(sizeof(*lev) * n);
	for (size_t k = 0; k < n; k++)
		lev[k] = item_level(p, &p->it[from + k]);
	order = l2_order(lev, n);
	for (size_t k = 0; k < n; k++)
		order[k] += from;
	free(lev);
	return order;
}

/*
 * The stretch ratio of the spaces of a line items[from..to) set at ratio
 * r.  Room between ideographs (glue with no width of its own) stops at its
 * stretch: wider, text extraction takes it for a space between words, and
 * copying or searching the text would find one.  What it leaves goes to
 * the line's spaces, or, with none, the line stays a little short.
 */
static double
spaces_ratio(const struct para *p, size_t from, size_t to, double r)
{
	double cjk = 0, spaces = 0;

	if (r <= 1)
		return r;
	for (size_t i = from; i < to; i++)
		if (p->it[i].t == I_GLUE)
			*(p->it[i].w > 0 ? &spaces : &cjk) += p->it[i].st;
	return spaces > 0 ? r + (r - 1) * cjk / spaces : r;
}

static void
place_line(const struct para *p, size_t from, size_t to, int line,
    struct arena *a, struct tline *out, struct buf *lit)
{
	const struct pstyle *ps = p->ps;
	const struct item *brk = &p->it[to];
	struct opvec ov = { NULL, 0, 0 };
	float len = line_length(ps, line), x = line == 0 ? ps->first_indent : 0;
	float w = 0, st = 0, sh = 0;
	size_t start = from, *order;
	double r, rs;
	int after_glue = 1;

	while (start < to && p->it[start].t != I_BOX)
		start++;
	for (size_t i = start; i < to; i++)
		if (p->it[i].t != I_PEN) {
			w += p->it[i].w;
			st += p->it[i].st;
			sh += p->it[i].sh;
		}
	if (brk->t == I_PEN)
		w += brk->w;
	r = ratio_of(len, w, st, sh);
	if (r < -1)
		r = -1;
	if ((ps->ragged && r > 0) || r > 1e6)
		r = 0;
	rs = spaces_ratio(p, start, to, r);
	order = visual_order(p, start, to);
	for (size_t k = start; k < to; k++) {
		const struct item *it = &p->it[order != NULL ? order[k - start] : k];

		if (it->t == I_BOX) {
			place_box(p, it, x, after_glue, &ov, lit);
			x += it->w;
			after_glue = 0;
		} else if (it->t == I_GLUE) {
			/* Between ideographs no more than their stretch (see
			 * spaces_ratio). */
			double rr = r < 0 ? r : it->w > 0 ? rs : r < 1 ? r : 1;
			float gap = it->w + (float)(rr >= 0 ? rr * it->st : rr * it->sh);

			x += gap;
			/* A glue that adds nothing (between ideographs on a
			 * line that is not stretched) leaves the run whole; a
			 * space's glue (it has a width of its own) is a space
			 * of the text, which the PDF draws (AFTER_SPACE). */
			if (it->w > 0)
				after_glue = AFTER_SPACE;
			else if (gap != 0 && after_glue != AFTER_SPACE)
				after_glue = 1;
		}
	}
	if (brk->t == I_PEN && brk->flagged && brk->hyw > 0 && ov.n > 0) {
		struct item hy = { 0 };

		hy.t = I_BOX;
		hy.span = ov.v[ov.n - 1].target;
		hy.face = ov.v[ov.n - 1].face;
		hy.off = (size_t)-1;
		hy.len = '-';
		hy.w = brk->hyw;
		place_box(p, &hy, x, 1, &ov, lit);
		x += hy.w;
	}
	/* A right-to-left paragraph's lines end at the right margin. */
	if (p->base & 1 && x < len - 0.01f)
		for (size_t i = 0; i < ov.n; i++)
			ov.v[i].x += len - x;
	finish_line(p, &ov, x, a, out);
	if (p->fs->rtl)
		typeset_flip(out->ops, out->nops, 0, ps->width);
	free(order);
	free(ov.v);
}

void
typeset_measure(struct fontset *fs, const struct span *spans, size_t nspans,
    float *minw, float *maxw)
{
	struct para p = { 0 };
	struct pstyle ps = { 0 };
	float run = 0, line = 0;

	*minw = *maxw = 0;
	p.fs = fs;
	p.spans = spans;
	p.ps = &ps;
	buf_init(&p.text);
	collect(&p, nspans);
	prepare_bidi(&p);
	if (p.text.len > 0)
		build_items(&p);
	for (size_t i = 0; i < p.n; i++) {
		const struct item *it = &p.it[i];

		if (it->t == I_BOX) {
			run += it->w;
			line += it->w;
		} else {
			if (run > *minw)
				*minw = run;
			run = 0;
			if (it->t == I_GLUE && it->st < FIL)
				line += it->w;
			if (it->t == I_PEN && it->pen == -INF_PEN) {
				if (line > *maxw)
					*maxw = line;
				line = 0;
			}
		}
	}
	if (run > *minw)
		*minw = run;
	if (line > *maxw)
		*maxw = line;
	free(p.it);
	free(p.span_of);
	free(p.level);
	buf_release(&p.text);
}

size_t
typeset_para(struct fontset *fs, const struct span *spans, size_t nspans,
    const struct pstyle *ps, struct arena *a, struct tline **out)
{
	struct para p = { 0 };
	struct kp k = { 0 };
	struct buf lit = BUF_INIT;
	static const double tolerances[] = { 200, 2000, 1e9 };
	int end = -1, nlines = 0;
	size_t *breaks;

	*out = NULL;
	p.fs = fs;
	p.spans = spans;
	p.ps = ps;
	buf_init(&p.text);
	collect(&p, nspans);
	prepare_bidi(&p);
	if (p.text.len == 0) {
		buf_release(&p.text);
		free(p.span_of);
		free(p.level);
		return 0;
	}
	build_items(&p);
	split_wide_runs(&p, ps->width - ps->first_indent);
	k.W = xmalloc(sizeof(float) * (p.n + 1));
	k.Y = xmalloc(sizeof(float) * (p.n + 1));
	k.Z = xmalloc(sizeof(float) * (p.n + 1));
	k.W[0] = k.Y[0] = k.Z[0] = 0;
	for (size_t i = 0; i < p.n; i++) {
		int counts = p.it[i].t != I_PEN;

		k.W[i + 1] = k.W[i] + (counts ? p.it[i].w : 0);
		k.Y[i + 1] = k.Y[i] + (counts ? p.it[i].st : 0);
		k.Z[i + 1] = k.Z[i] + (counts ? p.it[i].sh : 0);
	}
	for (size_t t = 0; t < 3 && end < 0; t++)
		end = kp_pass(&k, &p, tolerances[t], t == 2);
	for (int c = end; c >= 0 && k.nodes[c].prev >= 0; c = k.nodes[c].prev)
		nlines++;
	breaks = xmalloc(sizeof(*breaks) * (size_t)(nlines + 1));
	{
		int i = nlines;

		for (int c = end; c >= 0; c = k.nodes[c].prev)
			breaks[i--] = k.nodes[c].pos;
	}
	/* Every character of the text must be on the lines: build them all
	 * even when the lines are first reserved in the arena. */
	*out = arena_array(a, (size_t)(nlines ? nlines : 1), sizeof(**out));
	/* Substitute characters are stored in lit; reserve it so that the
	 * pointers stay valid while lines are placed. */
	buf_grow(&lit, p.n * 4 + 4 + (p.level != NULL ? p.text.len : 0));
	for (int l = 0; l < nlines; l++)
		place_line(&p, breaks[l] + 1, breaks[l + 1], l, a, &(*out)[l], &lit);
	free(breaks);
	free(k.nodes);
	free(k.W);
	free(k.Y);
	free(k.Z);
	free(p.it);
	free(p.span_of);
	free(p.level);
	buf_release(&p.text);
	buf_release(&lit);
	return (size_t)nlines;
}
