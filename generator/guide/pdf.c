/*
 * pdf: libharu 2.3.0 with the repairs a typesetter needs.
 *
 * libharu holds the pages, outlines and document information and writes
 * the file.  Text, fonts and link annotations are written here: libharu
 * has no TJ or Tw for CID fonts, reads TrueType only, draws code points
 * rather than shaped glyphs, and its annotation objects are too heavy for
 * a book of thousands of pages (see add_link).  Text is shaped by face.h;
 * each face drawn with gets a Type0 font whose codes stand for a glyph
 * and the text it stands for (code_for):
 *  - a printable ASCII character drawn with its own glyph is its own
 *    one-byte code, so text is mostly one byte per character and the
 *    space is code 32, which the word-spacing operator Tw widens;
 *  - every other pair of glyph and text gets a two-byte code from 0x8000
 *    in order of first use.  (Three-byte codes are legal, but poppler
 *    cannot extract text through them.)
 * At save time each face gets its subset (face_subset: the glyphs drawn),
 * a CIDFont with the widths of the codes used, a descriptor, an encoding
 * CMap (code to CID) and a ToUnicode map (code to text).  For TrueType the
 * CID is the code and a CIDToGIDMap finds the glyph; a CFF font's CIDs are
 * its own.  Each page's content is compressed as soon as the page is
 * done.  A zoom of 0 ("keep") is refused by SetXYZ: destinations get null.
 */
#include "guide/pdf.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hpdf.h>

#include "base/bmap.h"
#include "base/diag.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "guide/bidi.h"
#include "guide/face.h"

/* pdf.c reaches into libharu 2.3.0's internal structures and relies on how
 * its code uses them (every place is listed in pdf.h): another version
 * must not build until each has been checked again. */
#if !defined(HPDF_MAJOR_VERSION) || !defined(HPDF_MINOR_VERSION) || \
    !defined(HPDF_BUGFIX_VERSION)
#error "qbook needs libharu 2.3.0 (Debian libhpdf-dev 2.3.0), but hpdf_version.h gives no version: pdf.c reaches into 2.3.0's internal structures (see pdf.h)"
#elif HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#error "qbook needs libharu 2.3.0 exactly (Debian libhpdf-dev 2.3.0), and hpdf_version.h names another (see HPDF_VERSION_TEXT there): pdf.c reaches into 2.3.0's internal structures (see pdf.h)"
#endif

struct pface {
	char		*path;
	int		 index;		/* the face in a collection, or 0 */
	struct face	*face;		/* face.h */
	int		 cff;		/* CFF outlines: CIDs are the font's */
	int		 bold;		/* a bold face */
	HPDF_Dict	 font;		/* its Type0 font, once drawn with */
	struct bmap	 codes;		/* glyph (4 bytes) + its text -> code */
	struct code {			/* per two-byte code - 0x8000 */
		uint32_t	 gid;
		uint32_t	 text, len;	/* in texts: what it stands for */
	}		*code;
	size_t		 ncodes, codecap;
	struct buf	 texts;
	uint32_t	 ascii[4];	/* bitmap: the one-byte codes drawn */
};

/* Drawing state of the page being written, to skip redundant operators. */
struct pstate {
	int		 page;		/* -1: none */
	int		 in_text;
	int		 face;
	float		 size;
	uint32_t	 fill, stroke;
	long		 tx, ty;	/* text line origin, in 1/100 pt */
	long		 tw;		/* word spacing in 1/1000 pt; TW_UNKNOWN */
};

#define TW_UNKNOWN	LONG_MIN

struct pdf {
	HPDF_Doc	 doc;
	float		 width, height;
	char		*lang;		/* for shaping, or NULL */
	struct pface	*faces;		/* as many as the text asks for */
	int		 nfaces;
	size_t		 capfaces;
	HPDF_Page	*pages;
	unsigned char	*done;		/* per page: its content is compressed */
	size_t		 npages, cap, donecap;
	HPDF_Outline	*outlines;
	size_t		 noutlines, ocap;
	struct link {
		int		 page;		/* the page it is on */
		float		 x, y, w, h;
		int		 target;	/* page it goes to, or -1 */
		float		 ty;		/* top y there */
		char		*uri;		/* or the URI it goes to */
	}		*links;
	size_t		 nlinks, lcap;
	size_t		*first_link;	/* while saving: per page, then the end */
	size_t		 annot_page;	/* while saving: the page last written */
	HPDF_UINT32	 first_annot;	/* object number of links[0]'s annotation */
	struct pstate	 st;
	char		 doing[160];	/* what was being done, for errors */
	int		 doing_page;	/* the page doing names, or -1 */
	int		 in_file;	/* libharu is writing the temporary file */
	char		*error;		/* the first error, formatted */
	HPDF_Image	*images;	/* pdf_image's, by index */
	size_t		 nimages, capimages;
};

/* Keep the first error: later ones are consequences. */
static void
fail(struct pdf *p, const char *msg)
{
	if (p->error == NULL)
		p->error = xstrdup(msg);
}

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pdf *p = data;
	int err = errno;
	char msg[256];

	/* A failed write may come wrapped: a zlib error with the I/O error as
	 * its detail. */
	if (p->in_file && (code == HPDF_FILE_IO_ERROR || code == HPDF_FILE_OPEN_ERROR ||
	    detail == HPDF_FILE_IO_ERROR))
		snprintf(msg, sizeof(msg), "cannot write the PDF to its temporary file: %s",
		    strerror(err));
	else
		snprintf(msg, sizeof(msg), "libharu error 0x%04X (detail %u) while %s",
		    (unsigned)code, (unsigned)detail,
		    p->doing[0] ? p->doing : "writing the PDF");
	fail(p, msg);
}

/* Record what is being done, for the message of an error: what + arg. */
static void
doing(struct pdf *p, const char *what, const char *arg)
{
	snprintf(p->doing, sizeof(p->doing), "%s%s", what, arg);
	p->doing_page = -1;
}

static int
failed(const struct pdf *p)
{
	return p->error != NULL;
}

static HPDF_Doc
new_doc(struct pdf *p)
{
	HPDF_Doc d = HPDF_New(on_error, p);

	if (d == NULL) {
		fputs("qbook: error: out of memory\n", stderr);
		exit(2);
	}
	/* Compression applies only to objects made after this call. */
	HPDF_SetCompressionMode(d, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(d);
	HPDF_SetCurrentEncoder(d, "UTF-8");	/* UTF-16 document info */
	return d;
}

struct pdf *
pdf_new(float width, float height)
{
	struct pdf *p = xcalloc(1, sizeof(*p));

	p->width = width;
	p->height = height;
	p->st.page = -1;
	p->doing_page = -1;
	p->doc = new_doc(p);
	return p;
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	HPDF_Free(p->doc);
	for (int i = 0; i < p->nfaces; i++) {
		free(p->faces[i].path);
		face_free(p->faces[i].face);
		bmap_free(&p->faces[i].codes);
		free(p->faces[i].code);
		buf_release(&p->faces[i].texts);
	}
	free(p->faces);
	free(p->images);
	free(p->pages);
	free(p->done);
	free(p->outlines);
	for (size_t i = 0; i < p->nlinks; i++)
		free(p->links[i].uri);
	free(p->links);
	free(p->first_link);
	free(p->lang);
	free(p->error);
	free(p);
}

const char *
pdf_error(const struct pdf *p)
{
	return p->error;
}

/* --- faces ------------------------------------------------------------------ */

/* pdf_face, or with must 0 pdf_face_if. */
static int
add_face(struct pdf *p, const char *path, int index, int must)
{
	struct pface *f;
	struct face *face;
	struct face_info fi;
	struct buf why = BUF_INIT;

	for (int i = 0; i < p->nfaces; i++)
		if (strcmp(p->faces[i].path, path) == 0 && p->faces[i].index == index)
			return i;
	if (failed(p))
		return -1;
	if ((face = face_open(path, index, &why)) == NULL) {
		struct buf msg = BUF_INIT;

		buf_printf(&msg, "cannot use font %s: %s", path, why.data);
		if (must)
			fail(p, msg.data);
		buf_release(&msg);
		buf_release(&why);
		return -1;
	}
	buf_release(&why);
	GROW(p->faces, p->capfaces, (size_t)p->nfaces + 1);
	f = &p->faces[p->nfaces];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->index = index;
	f->face = face;
	face_info(face, &fi);
	f->cff = fi.cff;
	f->bold = fi.bold;
	return p->nfaces++;
}

int
pdf_face(struct pdf *p, const char *path, int index)
{
	return add_face(p, path, index, 1);
}

int
pdf_face_if(struct pdf *p, const char *path, int index)
{
	return add_face(p, path, index, 0);
}

int
pdf_has_glyph(struct pdf *p, int face, unsigned cp)
{
	return face_glyph(p->faces[face].face, cp) != 0;
}

int
pdf_advance(struct pdf *p, int face, unsigned cp)
{
	struct face *f = p->faces[face].face;

	return face_advance(f, face_glyph(f, cp));
}

int
pdf_is_bold(struct pdf *p, int face)
{
	return p->faces[face].bold;
}

void
pdf_language(struct pdf *p, const char *lang)
{
	free(p->lang);
	p->lang = lang ? xstrdup(lang) : NULL;
}

long
pdf_width(struct pdf *p, int face, const char *s, size_t len)
{
	size_t n;
	const struct glyph *g = face_shape(p->faces[face].face, s, len, p->lang, &n);
	long w = 0;

	for (size_t i = 0; i < n; i++)
		w += g[i].adv;
	return w;
}

/* The face's Type0 font in the output document, made on first use; its
 * entries are written when the document is saved (finish_face). */
static HPDF_Dict
out_font(struct pdf *p, int face)
{
	struct pface *f = &p->faces[face];

	if (f->font != NULL || failed(p))
		return f->font;
	f->font = HPDF_Dict_New(p->doc->mmgr);
	if (f->font != NULL && HPDF_Xref_Add(p->doc->xref, f->font) != HPDF_OK)
		f->font = NULL;
	return f->font;
}

/*
 * The code that draws glyph gid of f standing for text t[0..tlen): a
 * printable ASCII character drawn with its own glyph is its own one-byte
 * code (so the space is 32, which word spacing applies to); every other
 * pair of glyph and text gets the next two-byte code from 0x8000.  A
 * glyph may have several codes, one for each text it stands for (a font
 * may draw two characters alike), so that the text can always be read
 * back.  There are 32,768 such codes per face; the document fails beyond.
 */
static unsigned
code_for(struct pdf *p, struct pface *f, uint32_t gid, const char *t, size_t tlen)
{
	unsigned char key[64];
	struct buf big = BUF_INIT;
	const unsigned char *k = key;
	size_t klen = 4 + tlen;
	int *code, added;
	unsigned c0 = tlen == 1 ? (unsigned char)t[0] : 0;

	if (c0 >= 0x20 && c0 < 0x7F && face_glyph(f->face, c0) == gid) {
		f->ascii[c0 >> 5] |= 1u << (c0 & 31);
		return c0;
	}
	if (klen > sizeof(key)) {
		buf_grow(&big, klen);
		k = (const unsigned char *)big.data;
	}
	memcpy((unsigned char *)k, &gid, 4);
	memcpy((unsigned char *)k + 4, t, tlen);
	code = bmap_put(&f->codes, k, klen, (int)(0x8000 + f->ncodes), &added);
	buf_release(&big);
	if (added) {
		if (f->ncodes == 0x8000) {
			fail(p, "more than 32,768 different glyphs in one font of one PDF");
			return ' ';
		}
		GROW(f->code, f->codecap, f->ncodes + 1);
		f->code[f->ncodes].gid = gid;
		f->code[f->ncodes].text = (uint32_t)f->texts.len;
		f->code[f->ncodes].len = (uint32_t)tlen;
		buf_add(&f->texts, t, tlen);
		f->ncodes++;
	}
	return (unsigned)*code;
}

/* --- finishing the fonts at save time ------------------------------------------ */

static HPDF_Dict
system_info(struct pdf *p, const char *ordering)
{
	HPDF_Dict si = HPDF_Dict_New(p->doc->mmgr);

	if (si != NULL) {
		HPDF_Dict_Add(si, "Registry", HPDF_String_New(p->doc->mmgr, "Adobe", NULL));
		HPDF_Dict_Add(si, "Ordering", HPDF_String_New(p->doc->mmgr, ordering, NULL));
		HPDF_Dict_AddNumber(si, "Supplement", 0);
	}
	return si;
}

/* A compressed stream object holding the bytes of b. */
static HPDF_Dict
stream_of(struct pdf *p, const struct buf *b)
{
	HPDF_Dict s = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);

	if (s == NULL)
		return NULL;
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
	return s;
}

/*
 * What a face's codes come to once subset.  The glyphs drawn, ascending,
 * and the number the subset gives each (subs); then every code with its
 * CID and glyph.  For TrueType the CID is the code itself and the
 * CIDToGIDMap finds the glyph: CID 32 is then the space, which text
 * extraction (poppler) takes for the one word spacing widens, whatever
 * its glyph.  A CFF font has no such map: its CIDs are its own.
 */
struct drawn {
	uint32_t	*gids;		/* ascending */
	uint32_t	*subs;		/* of gids[i]: new glyph, or CFF CID */
	size_t		 n;
	struct ent {
		uint32_t	 code, cid, gid;
	}		*ents;		/* in code order */
	size_t		 nents;
};

static int
by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
collect_glyphs(struct pface *f, struct drawn *d)
{
	size_t n = 1;

	d->gids = xmalloc(sizeof(*d->gids) * (f->ncodes + 0x81));
	d->ents = xmalloc(sizeof(*d->ents) * (f->ncodes + 0x81));
	d->nents = 0;
	d->gids[0] = 0;		/* .notdef is always there */
	for (unsigned c = 0x20; c < 0x7F; c++)
		if (f->ascii[c >> 5] >> (c & 31) & 1) {
			d->ents[d->nents].code = c;
			d->ents[d->nents++].gid = d->gids[n++] = face_glyph(f->face, c);
		}
	for (size_t i = 0; i < f->ncodes; i++) {
		d->ents[d->nents].code = (uint32_t)(0x8000 + i);
		d->ents[d->nents++].gid = d->gids[n++] = f->code[i].gid;
	}
	qsort(d->gids, n, sizeof(*d->gids), by_u32);
	d->n = 0;
	for (size_t i = 0; i < n; i++)
		if (d->n == 0 || d->gids[i] != d->gids[d->n - 1])
			d->gids[d->n++] = d->gids[i];
	d->subs = xmalloc(sizeof(*d->subs) * d->n);
}

/* What the subset numbers glyph gid (one of the drawn). */
static uint32_t
sub_of(const struct drawn *d, uint32_t gid)
{
	const uint32_t *at = bsearch(&gid, d->gids, d->n, sizeof(*d->gids), by_u32);

	return at ? d->subs[at - d->gids] : 0;
}

/* Each code's CID, once the subset is made. */
static void
assign_cids(struct drawn *d, int cff)
{
	for (size_t i = 0; i < d->nents; i++)
		d->ents[i].cid = cff ? sub_of(d, d->ents[i].gid) : d->ents[i].code;
}

/* UTF-8 t[0..len) as the hexadecimal digits of UTF-16BE. */
static void
put_utf16_hex(struct buf *b, const char *t, size_t len)
{
	size_t k = 0;

	while (k < len) {
		long cp = utf8_next(t, len, &k);

		if (cp < 0)
			cp = 0xFFFD;
		if (cp >= 0x10000)
			buf_printf(b, "%04X%04X", (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
			    (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
		else
			buf_printf(b, "%04X", (unsigned)cp);
	}
}

/*
 * The encoding CMap (tounicode 0: code to CID) or the ToUnicode map (1:
 * code to the text it stands for) of face f.  A two-byte code that stands
 * for no text (a glyph of a cluster drawn as several, whose text is the
 * marked content's /ActualText) has no ToUnicode entry.
 */
static HPDF_Dict
face_cmap(struct pdf *p, const struct pface *f, const struct drawn *d, int tounicode)
{
	const char *kind = tounicode ? "bf" : "cid";
	struct buf b = BUF_INIT, body = BUF_INIT;
	size_t m = 0;
	HPDF_Dict s;

	for (size_t i = 0; i < d->nents; i++) {
		const struct ent *e = &d->ents[i];
		const struct code *c = e->code >= 0x8000 ? &f->code[e->code - 0x8000] : NULL;

		if (tounicode && c != NULL && c->len == 0)
			continue;
		if (m == 100) {
			buf_printf(&b, "%zu begin%schar\n%send%schar\n", m, kind, body.data, kind);
			buf_reset(&body);
			m = 0;
		}
		buf_printf(&body, c ? "<%04X> " : "<%02X> ", (unsigned)e->code);
		if (!tounicode)
			buf_printf(&body, "%u\n", (unsigned)e->cid);
		else if (c == NULL)
			buf_printf(&body, "<%04X>\n", (unsigned)e->code);
		else {
			buf_addc(&body, '<');
			put_utf16_hex(&body, f->texts.data + c->text, c->len);
			buf_adds(&body, ">\n");
		}
		m++;
	}
	if (m > 0)
		buf_printf(&b, "%zu begin%schar\n%send%schar\n", m, kind, body.data, kind);
	buf_reset(&body);
	buf_printf(&body, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 0 >> def\n"
	    "/CMapName /QBook-%s def\n/CMapType %d def\n"
	    "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n",
	    tounicode ? "UCS" : "Identity", tounicode ? "UCS" : "Codes", tounicode ? 2 : 1);
	buf_add(&body, b.data, b.len);
	buf_adds(&body, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	s = stream_of(p, &body);
	buf_release(&body);
	buf_release(&b);
	if (s != NULL && !tounicode) {
		HPDF_Dict_AddName(s, "Type", "CMap");
		HPDF_Dict_AddName(s, "CMapName", "QBook-Codes");
		HPDF_Dict_Add(s, "CIDSystemInfo", system_info(p, "Identity"));
	}
	return s;
}

static int
by_cid(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	return x->cid < y->cid ? -1 : x->cid > y->cid;
}

/* [c [w ...] c2 [w ...]]: the widths of the CIDs drawn, in runs. */
static HPDF_Array
width_array(struct pdf *p, const struct pface *f, const struct drawn *d)
{
	HPDF_MMgr mm = p->doc->mmgr;
	HPDF_Array w = HPDF_Array_New(mm), run = NULL;
	struct ent *e = xmalloc(sizeof(*e) * (d->nents + 1));

	memcpy(e, d->ents, sizeof(*e) * d->nents);
	qsort(e, d->nents, sizeof(*e), by_cid);
	for (size_t i = 0; w != NULL && i < d->nents; i++) {
		if (i > 0 && e[i].cid == e[i - 1].cid)
			continue;
		if (run == NULL || e[i].cid != e[i - 1].cid + 1) {
			run = HPDF_Array_New(mm);
			HPDF_Array_AddNumber(w, (HPDF_INT32)e[i].cid);
			HPDF_Array_Add(w, run);
		}
		HPDF_Array_AddNumber(run, face_advance(f->face, e[i].gid));
	}
	free(e);
	return w;
}

/* The CIDToGIDMap of a TrueType font: 2 bytes per CID up to the last. */
static HPDF_Dict
cid_to_gid(struct pdf *p, const struct drawn *d)
{
	uint32_t last = d->nents ? d->ents[d->nents - 1].cid : 0;
	struct buf m = BUF_INIT;
	HPDF_Dict s;

	buf_grow(&m, 2 * ((size_t)last + 1));
	memset(m.data, 0, 2 * ((size_t)last + 1));
	m.len = 2 * ((size_t)last + 1);
	for (size_t i = 0; i < d->nents; i++) {
		uint32_t g = sub_of(d, d->ents[i].gid);

		m.data[2 * d->ents[i].cid] = (char)(g >> 8);
		m.data[2 * d->ents[i].cid + 1] = (char)g;
	}
	s = stream_of(p, &m);
	buf_release(&m);
	return s;
}

/* The subset's name: six capital letters from what it holds, then the
 * font's PostScript name. */
static void
subset_name(const struct drawn *d, const struct face_info *fi, char *name, size_t size)
{
	uint64_t h = bmap_hash(d->gids, sizeof(*d->gids) * d->n);	/* host order: a name only */
	char tag[7];

	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
	snprintf(name, size, "%s+%s", tag, fi->name);
}

/* The font descriptor, holding the subset font file. */
static HPDF_Dict
descriptor(struct pdf *p, struct pface *f, const struct drawn *d, const struct face_info *fi,
    const char *name, const struct buf *file)
{
	HPDF_Dict desc = HPDF_Dict_New(p->doc->mmgr), ff;
	HPDF_Array box;
	int bbox[4];

	/* Once in the cross-reference table an object belongs to libharu. */
	if (desc == NULL || HPDF_Xref_Add(p->doc->xref, desc) != HPDF_OK ||
	    (ff = stream_of(p, file)) == NULL || (box = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return NULL;
	if (fi->cff)
		HPDF_Dict_AddName(ff, "Subtype", "CIDFontType0C");
	else
		HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)file->len);
	face_bbox(f->face, d->gids, d->n, bbox);
	for (int i = 0; i < 4; i++)
		HPDF_Array_AddNumber(box, bbox[i]);
	HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	HPDF_Dict_AddName(desc, "FontName", name);
	/* Symbolic (4): the glyphs are not the standard Latin set. */
	HPDF_Dict_AddNumber(desc, "Flags", 4 | (fi->fixed_pitch ? 1 : 0) | (fi->italic ? 64 : 0));
	HPDF_Dict_Add(desc, "FontBBox", box);
	HPDF_Dict_AddReal(desc, "ItalicAngle", fi->italic_angle);
	HPDF_Dict_AddNumber(desc, "Ascent", fi->ascent);
	HPDF_Dict_AddNumber(desc, "Descent", fi->descent);
	HPDF_Dict_AddNumber(desc, "CapHeight", fi->cap_height ? fi->cap_height : fi->ascent);
	HPDF_Dict_AddNumber(desc, "XHeight", fi->x_height);
	HPDF_Dict_AddNumber(desc, "StemV", fi->stem_v);
	HPDF_Dict_Add(desc, fi->cff ? "FontFile3" : "FontFile2", ff);
	return desc;
}

/* Subset face and write its font objects: the Type0 font made when it was
 * first drawn with, its CIDFont, descriptor, file and CMaps. */
static void
finish_face(struct pdf *p, int face)
{
	struct pface *f = &p->faces[face];
	struct drawn d;
	struct face_info fi;
	struct buf file = BUF_INIT;
	HPDF_Dict cid, desc;
	HPDF_Array desc_fonts;
	char name[96];

	doing(p, "subsetting font ", f->path);
	collect_glyphs(f, &d);
	face_info(f->face, &fi);
	if (face_subset(f->face, d.gids, d.n, &file, d.subs) != 0) {
		buf_reset(&file);
		buf_printf(&file, "HarfBuzz cannot subset font %s", f->path);
		fail(p, file.data);
	} else if ((cid = HPDF_Dict_New(p->doc->mmgr)) != NULL &&
	    HPDF_Xref_Add(p->doc->xref, cid) == HPDF_OK &&
	    (desc_fonts = HPDF_Array_New(p->doc->mmgr)) != NULL) {
		assign_cids(&d, fi.cff);
		subset_name(&d, &fi, name, sizeof(name));
		desc = descriptor(p, f, &d, &fi, name, &file);
		HPDF_Dict_AddName(cid, "Type", "Font");
		HPDF_Dict_AddName(cid, "Subtype", fi.cff ? "CIDFontType0" : "CIDFontType2");
		HPDF_Dict_AddName(cid, "BaseFont", name);
		HPDF_Dict_Add(cid, "CIDSystemInfo", system_info(p, "Identity"));
		HPDF_Dict_Add(cid, "FontDescriptor", desc);
		HPDF_Dict_Add(cid, "W", width_array(p, f, &d));
		if (!fi.cff)
			HPDF_Dict_Add(cid, "CIDToGIDMap", cid_to_gid(p, &d));
		HPDF_Array_Add(desc_fonts, cid);
		HPDF_Dict_AddName(f->font, "Type", "Font");
		HPDF_Dict_AddName(f->font, "Subtype", "Type0");
		HPDF_Dict_AddName(f->font, "BaseFont", name);
		HPDF_Dict_Add(f->font, "Encoding", face_cmap(p, f, &d, 0));
		HPDF_Dict_Add(f->font, "DescendantFonts", desc_fonts);
		HPDF_Dict_Add(f->font, "ToUnicode", face_cmap(p, f, &d, 1));
	}
	buf_release(&file);
	free(d.gids);
	free(d.subs);
	free(d.ents);
}

static void
finish_fonts(struct pdf *p)
{
	for (int i = 0; i < p->nfaces && !failed(p); i++)
		if (p->faces[i].font != NULL)
			finish_face(p, i);
}

/* --- pages and drawing ---------------------------------------------------------- */

/* The page at index at (0 .. npages) is made; later pages move up one. */
static void
slot_page(struct pdf *p, size_t at, HPDF_Page pg)
{
	GROW(p->pages, p->cap, p->npages + 1);
	GROW(p->done, p->donecap, p->npages + 1);
	memmove(p->pages + at + 1, p->pages + at, sizeof(*p->pages) * (p->npages - at));
	memmove(p->done + at + 1, p->done + at, p->npages - at);
	p->pages[at] = pg;
	p->done[at] = 0;
	p->npages++;
}

int
pdf_add_page(struct pdf *p)
{
	HPDF_Page pg;

	if (failed(p))
		return -1;
	doing(p, "adding page ", "");
	pg = HPDF_AddPage(p->doc);
	if (pg == NULL)
		return -1;
	HPDF_Page_SetWidth(pg, p->width);
	HPDF_Page_SetHeight(pg, p->height);
	slot_page(p, p->npages, pg);
	return (int)p->npages - 1;
}

int
pdf_insert_page(struct pdf *p, int before)
{
	HPDF_Page pg;

	if (failed(p) || before < 0 || (size_t)before > p->npages)
		return -1;
	if ((size_t)before == p->npages)
		return pdf_add_page(p);
	if (p->nlinks > 0)
		BUG("a page was inserted after links were made");
	doing(p, "inserting a page", "");
	pg = HPDF_InsertPage(p->doc, p->pages[before]);
	if (pg == NULL)
		return -1;
	HPDF_Page_SetWidth(pg, p->width);
	HPDF_Page_SetHeight(pg, p->height);
	slot_page(p, (size_t)before, pg);
	if (p->st.page >= before)
		p->st.page++;
	return before;
}

void
pdf_page_reopen(struct pdf *p, int pg)
{
	char num[16];

	if (failed(p) || pg < 0 || (size_t)pg >= p->npages || !p->done[pg])
		return;
	snprintf(num, sizeof(num), "%d", pg + 1);
	doing(p, "adding a content stream to page ", num);
	if (HPDF_Page_New_Content_Stream(p->pages[pg], NULL) == HPDF_OK)
		p->done[pg] = 0;
}

/* Whether pg is a page of the document (and nothing has failed). */
static int
valid_page(const struct pdf *p, int pg)
{
	return !failed(p) && pg >= 0 && (size_t)pg < p->npages;
}

/* The page to draw on, with text mode as wanted.  NULL after an error. */
static HPDF_Page
page_for(struct pdf *p, int pg, int text)
{
	HPDF_Page page;
	char num[16];

	if (!valid_page(p, pg))
		return NULL;
	if (p->done[pg]) {
		fail(p, "drawing on a page that was already finished");
		return NULL;
	}
	if (p->st.page != pg) {
		if (p->st.page >= 0 && p->st.in_text)
			HPDF_Page_EndText(p->pages[p->st.page]);
		memset(&p->st, 0, sizeof(p->st));
		p->st.page = pg;
		p->st.face = -1;
		p->st.fill = p->st.stroke = 0x1000000;	/* unknown */
		p->st.tw = TW_UNKNOWN;
	}
	if (p->doing_page != pg) {	/* once per page, not per call */
		snprintf(num, sizeof(num), "%d", pg + 1);
		doing(p, "drawing on page ", num);
		p->doing_page = pg;
	}
	page = p->pages[pg];
	if (text && !p->st.in_text) {
		HPDF_Page_BeginText(page);
		p->st.tx = p->st.ty = 0;	/* BT resets the text matrix */
	}
	else if (!text && p->st.in_text)
		HPDF_Page_EndText(page);
	p->st.in_text = text;
	return page;
}

static float
channel(uint32_t rgb, int shift)
{
	return (float)((rgb >> shift) & 0xFF) / 255.0f;
}

static void
set_fill(struct pdf *p, HPDF_Page page, uint32_t rgb)
{
	if (p->st.fill != rgb)
		HPDF_Page_SetRGBFill(page, channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
	p->st.fill = rgb;
}

static void
set_stroke(struct pdf *p, HPDF_Page page, uint32_t rgb, float lw)
{
	if (p->st.stroke != rgb)
		HPDF_Page_SetRGBStroke(page, channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
	p->st.stroke = rgb;
	HPDF_Page_SetLineWidth(page, lw);
}

/* A byte of a literal string, escaped where PDF needs it (an unescaped
 * CR would be read as LF). */
static void
put_byte(struct buf *b, unsigned char c)
{
	if (c == '(' || c == ')' || c == '\\')
		buf_addc(b, '\\');
	if (c == '\r')
		buf_adds(b, "\\r");
	else
		buf_addc(b, (char)c);
}

/* v in decimal (a PDF integer); formatted by hand, as content streams
 * hold millions of numbers. */
static void
put_long(struct buf *b, long v)
{
	char d[24];
	size_t i = sizeof(d);
	unsigned long a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		d[--i] = (char)('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (v < 0)
		d[--i] = '-';
	buf_add(b, d + i, sizeof(d) - i);
}

/* A length in hundredths (unit 100) or thousandths (1000) of a point as a
 * PDF number, in its shortest form. */
static void
put_fixed(struct buf *b, long v, long unit)
{
	long a = labs(v), frac = a % unit;
	int digits = unit == 100 ? 2 : 3;
	char d[4];

	if (v < 0)
		buf_addc(b, '-');
	put_long(b, a / unit);
	if (frac == 0)
		return;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	buf_addc(b, '.');
	for (int i = digits - 1; i >= 0; i--, frac /= 10)
		d[i] = (char)('0' + frac % 10);
	buf_add(b, d, (size_t)digits);
}

/*
 * One text-showing operator being built: its strings and numbers (TJ's
 * array), with the position adjustment not yet written.  An operator is
 * flushed where something must come between glyphs (a rise, marked
 * content).
 */
struct show {
	struct buf	*out;		/* the page's operators */
	struct buf	 t;		/* (..)n(..): the array's elements */
	int		 instr;		/* t ends inside a string */
	int		 numbers;	/* t holds an adjustment: TJ, not Tj */
	long		 pending;	/* adjustment before the next glyph */
	long		 rise;		/* Ts in 1/100 pt */
	int		 render;	/* Tr: 0 fill, 2 fill and stroke */
};

static void show_settle(struct show *sh);

static void
show_code(struct show *sh, unsigned code)
{
	show_settle(sh);
	if (!sh->instr)
		buf_addc(&sh->t, '(');
	sh->instr = 1;
	if (code >= 0x100)
		put_byte(&sh->t, (unsigned char)(code >> 8));
	put_byte(&sh->t, (unsigned char)code);
}

/* The pending adjustment written now, with no glyph after it. */
static void
show_settle(struct show *sh)
{
	if (sh->pending == 0)
		return;
	if (sh->instr)
		buf_addc(&sh->t, ')');
	put_long(&sh->t, sh->pending);
	sh->instr = 0;
	sh->numbers = 1;
	sh->pending = 0;
}

/* Write what is built: (..)Tj, or [..]TJ with adjustments. */
static void
show_flush(struct show *sh)
{
	if (sh->t.len == 0)
		return;
	if (sh->instr)
		buf_addc(&sh->t, ')');
	if (sh->numbers)
		buf_addc(sh->out, '[');
	buf_add(sh->out, sh->t.data, sh->t.len);
	buf_adds(sh->out, sh->numbers ? "]TJ\n" : "Tj\n");
	buf_reset(&sh->t);
	sh->instr = sh->numbers = 0;
}

/* The rise (Ts) for the glyphs that follow, in 1/100 pt. */
static void
show_rise(struct show *sh, long rise)
{
	if (rise == sh->rise)
		return;
	show_flush(sh);
	put_fixed(sh->out, rise, 100);
	buf_adds(sh->out, " Ts\n");
	sh->rise = rise;
}

/* Glyph g of face f at size, standing for text t[0..tlen) (nothing when
 * its cluster's text is given as /ActualText). */
static void
show_glyph(struct pdf *p, struct pface *f, struct show *sh, const struct glyph *g,
    const char *t, size_t tlen, float size)
{
	int w = face_advance(f->face, g->gid);

	show_rise(sh, lroundf((float)g->dy * size / 10.0f));
	sh->pending -= g->dx;
	show_code(sh, code_for(p, f, g->gid, t, tlen));
	sh->pending -= g->adv - g->dx - w;
}

/*
 * The n glyphs of a cluster whose text is its /ActualText, each where the
 * shaper put it, those on the baseline first: text extraction puts the
 * text where the first glyph is, and a mark raised or lowered first would
 * take it off the line.  The text position ends where the cluster does.
 */
static void
show_cluster(struct pdf *p, struct pface *f, struct show *sh, const struct glyph *g,
    size_t n, float size)
{
	long pen = 0, at = 0;	/* 1/1000 em from the cluster's start */
	long *penx = xmalloc(sizeof(*penx) * (n + 1));
	size_t z;

	for (size_t k = 0; k < n; k++) {
		penx[k] = pen;
		pen += g[k].adv;
	}
	for (int raised = 0; raised < 2; raised++)
		for (size_t k = 0; k < n; k++) {
			long x = penx[k] + g[k].dx;

			if ((g[k].dy != 0) != raised)
				continue;
			show_rise(sh, lroundf((float)g[k].dy * size / 10.0f));
			sh->pending -= x - at;
			show_code(sh, code_for(p, f, g[k].gid, "", 0));
			at = x + face_advance(f->face, g[k].gid);
		}
	/* Text extraction takes the span to end where its last glyph does:
	 * the narrowest glyph again, invisible (3 Tr), ending at the
	 * cluster's end. */
	z = 0;
	for (size_t k = 1; k < n; k++)
		if (face_advance(f->face, g[k].gid) < face_advance(f->face, g[z].gid))
			z = k;
	show_rise(sh, 0);
	sh->pending -= pen - face_advance(f->face, g[z].gid) - at;
	show_flush(sh);
	buf_adds(sh->out, "3 Tr\n");
	show_code(sh, code_for(p, f, g[z].gid, "", 0));
	show_flush(sh);
	buf_printf(sh->out, "%d Tr\n", sh->render);
	free(penx);
}

/*
 * The glyphs of s shaped (face.h), each standing for its cluster's text.
 * A cluster drawn as one glyph is read back through the ToUnicode map
 * (a ligature or conjunct stands for all its characters); one drawn as
 * several glyphs (a vowel sign drawn before its consonant, a letter and
 * its marks) is marked content with its text as /ActualText, right to
 * left in the order it is seen, as the text around it is.  Returns the
 * width in thousandths of an em.
 */
static long
show_text(struct pdf *p, int face, struct show *sh, const struct pdf_seg *s, float size)
{
	struct pface *f = &p->faces[face];
	size_t n, i = 0;
	const struct glyph *g = face_shape(f->face, s->s, s->len, p->lang, &n);
	long w = 0;

	while (i < n) {
		size_t e = i + 1;

		while (e < n && g[e].at == g[i].at)
			e++;
		if (e == i + 1)
			show_glyph(p, f, sh, &g[i], s->s + g[i].at, g[i].len, size);
		else {
			struct buf seen = BUF_INIT;

			/* Right to left, the text around is in the order it is
			 * seen, and is read back reversed: so is this. */
			if (bidi_has_rtl(s->s + g[i].at, g[i].len))
				utf8_reverse(&seen, s->s + g[i].at, g[i].len, 0);
			else
				buf_add(&seen, s->s + g[i].at, g[i].len);
			show_flush(sh);
			buf_adds(sh->out, "/Span<</ActualText<FEFF");
			put_utf16_hex(sh->out, seen.data, seen.len);
			buf_adds(sh->out, ">>>BDC\n");
			buf_release(&seen);
			show_cluster(p, f, sh, g + i, e - i, size);
			show_settle(sh);	/* the span ends where the cluster does */
			show_flush(sh);
			buf_adds(sh->out, "EMC\n");
		}
		for (size_t k = i; k < e; k++)
			w += g[k].adv;
		i = e;
	}
	show_rise(sh, 0);
	return w;
}

/*
 * The word spacing of a line, in thousandths of a point: what the first
 * space between segments has beyond a natural space.  0 when a segment
 * holds a space of its own (code), which Tw would widen too.
 */
static long
line_spacing(struct pdf *p, int face, float size, const struct pdf_seg *segs,
    size_t n, float space)
{
	float gap;

	for (size_t i = 0; i < n; i++)
		if (memchr(segs[i].s, ' ', segs[i].len) != NULL)
			return 0;
	for (size_t i = 1; i < n; i++)
		if (segs[i].space) {
			gap = segs[i].x - segs[i - 1].x - (float)pdf_width(p, face,
			    segs[i - 1].s, segs[i - 1].len) * size / 1000.0f - space;
			return gap < -space / 2 ? 0 : lroundf(gap * 1000.0f);
		}
	return 0;
}

/* Glyphs filled and stroked with a line w hundredths of a point wide in
 * their colour (a face drawn bolder than it is) until "0 Tr". */
static void
set_bolden(struct pdf *p, struct buf *b, long w, uint32_t rgb)
{
	buf_printf(b, "%.4g %.4g %.4g RG ", channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
	put_fixed(b, w, 100);
	buf_adds(b, " w 2 Tr\n");
	p->st.stroke = 0x1000000;	/* as good as unknown */
}

/*
 * Show segments of one line.  A segment that a space of the text comes
 * before is joined to the one before by a space character, widened by
 * Tw; any other gap (between ideographs of a justified line), what the Tw
 * of the line's first space leaves, what rounding leaves,
 * kerning and the offsets of shaped glyphs become TJ position
 * adjustments.  libharu has no TJ or Tw for these fonts, so the operators
 * go straight into the page's content stream; the glyphs drawn are
 * recorded (code_for) for the subset.
 */
void
pdf_text_line(struct pdf *p, int pg, int face, float size, uint32_t rgb, float bolden,
    float y, const struct pdf_seg *segs, size_t n)
{
	HPDF_Dict font = out_font(p, face);
	HPDF_Page page = font ? page_for(p, pg, 1) : NULL;
	struct pface *f = &p->faces[face];
	struct buf b = BUF_INIT;
	struct show sh = { &b, BUF_INIT, 0, 0, 0, 0, bolden > 0 ? 2 : 0 };
	float cursor, space, sp_tw;
	long tw, X, Y;
	const char *local;

	if (page == NULL || n == 0)
		return;
	if (p->st.face != face || p->st.size != size) {
		/* The font joins the page's resources under a name of its own. */
		if ((local = HPDF_Page_GetLocalFontName(page, (HPDF_Font)font)) == NULL)
			return;
		buf_printf(&b, "/%s ", local);
		put_fixed(&b, lroundf(size * 100), 100);
		buf_adds(&b, " Tf\n");
		HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream,
		    (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
		buf_reset(&b);
	}
	p->st.face = face;
	p->st.size = size;
	set_fill(p, page, rgb);
	if (bolden > 0)
		set_bolden(p, &b, lroundf(bolden * 100), rgb);
	space = (float)pdf_advance(p, face, ' ') * size / 1000.0f;
	/* Word spacing widens the code 32, but text extraction widens CID
	 * 32: only where the two are the same (not in a CFF font) does the
	 * line use it; elsewhere each space is adjusted on its own. */
	tw = f->cff ? 0 : line_spacing(p, face, size, segs, n, space);
	if (tw != p->st.tw) {
		put_fixed(&b, tw, 1000);
		buf_adds(&b, " Tw\n");
		p->st.tw = tw;
	}
	sp_tw = space + (float)tw / 1000.0f;
	/* Td in hundredths of a point from the last line: successive lines
	 * repeat the same move, which compresses to nothing. */
	X = lroundf(segs[0].x * 100);
	Y = lroundf(y * 100);
	put_fixed(&b, X - p->st.tx, 100);
	buf_addc(&b, ' ');
	put_fixed(&b, Y - p->st.ty, 100);
	buf_adds(&b, " Td\n");
	p->st.tx = X;
	p->st.ty = Y;
	cursor = (float)X / 100;
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			float gap = segs[i].x - cursor;

			if (segs[i].space && face_glyph(f->face, ' ') != 0) {
				show_code(&sh, code_for(p, f, face_glyph(f->face, ' '), " ", 1));
				cursor += sp_tw;
				gap -= sp_tw;
			}
			sh.pending += lroundf(gap * -1000.0f / size);
			cursor -= (float)lroundf(gap * -1000.0f / size) * size / 1000.0f;
		}
		cursor += (float)show_text(p, face, &sh, &segs[i], size) * size / 1000.0f;
	}
	show_flush(&sh);
	if (bolden > 0)
		buf_adds(&b, "0 Tr\n");	/* no state outlives the line */
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)b.data,
	    (HPDF_UINT)b.len);
	buf_release(&b);
	buf_release(&sh.t);
}

/*
 * Dictionary entries libharu writes after its own: the filter of a stream
 * compressed ahead of time.  (With its filter set to none, libharu copies
 * the bytes and drops any Filter entry it finds in the dictionary.)
 */
static HPDF_STATUS
write_flate_entry(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* src through filter into a new memory stream of exactly its size, or
 * NULL: libharu's memory streams grow in chunks of a fixed size, and a long
 * document holds one per page until it is saved. */
static HPDF_Stream
exact_copy(struct pdf *p, HPDF_Stream src, HPDF_UINT filter)
{
	HPDF_Stream tmp = HPDF_MemStream_New(p->doc->mmgr, 16384), z = NULL;
	HPDF_UINT32 n;

	if (tmp == NULL)
		return NULL;
	if (HPDF_Stream_WriteToStream(src, tmp, filter, NULL) == HPDF_OK) {
		n = HPDF_Stream_Size(tmp);
		z = HPDF_MemStream_New(p->doc->mmgr, n > 0 ? n : 1);
		if (z != NULL && HPDF_Stream_WriteToStream(tmp, z, HPDF_STREAM_FILTER_NONE,
		    NULL) != HPDF_OK) {
			HPDF_Stream_Free(z);
			z = NULL;
		}
	}
	HPDF_Stream_Free(tmp);
	return z;
}

/* Compress the page's operators now, so that a long document holds each
 * page's content at about a quarter of its size until it is saved. */
void
pdf_page_done(struct pdf *p, int pg)
{
	HPDF_PageAttr attr;
	HPDF_Stream z;

	if (!valid_page(p, pg) || p->done[pg])
		return;
	if (p->st.page == pg) {
		if (p->st.in_text)
			HPDF_Page_EndText(p->pages[pg]);
		p->st.page = -1;
	}
	p->done[pg] = 1;
	attr = p->pages[pg]->attr;
	if (HPDF_Stream_Size(attr->stream) == 0)
		return;
	doing(p, "compressing page ", "content");
	z = exact_copy(p, attr->stream, HPDF_STREAM_FILTER_FLATE_DECODE);
	if (z == NULL)
		return;
	HPDF_Stream_Free(attr->stream);
	attr->stream = attr->contents->stream = z;
	attr->contents->filter = HPDF_STREAM_FILTER_NONE;
	attr->contents->write_fn = write_flate_entry;
}

void
pdf_fill_rect(struct pdf *p, int pg, float x, float y, float w, float h, uint32_t rgb)
{
	HPDF_Page page = page_for(p, pg, 0);

	if (page == NULL)
		return;
	set_fill(p, page, rgb);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Fill(page);
}

int
pdf_image(struct pdf *p, const void *data, size_t len, int jpeg)
{
	HPDF_Image im;

	if (failed(p))
		return -1;
	doing(p, jpeg ? "embedding a JPEG image" : "embedding a PNG image", "");
	im = jpeg ? HPDF_LoadJpegImageFromMem(p->doc, data, (HPDF_UINT)len) :
	    HPDF_LoadPngImageFromMem(p->doc, data, (HPDF_UINT)len);
	if (im == NULL)
		return -1;
	{
		/* libharu 2.3.0 writes a PNG's alpha channel (its SMask)
		 * uncompressed, whatever the compression mode. */
		HPDF_Dict smask = HPDF_Dict_GetItem(im, "SMask", HPDF_OCLASS_DICT);

		if (smask != NULL)
			smask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	}
	GROW(p->images, p->capimages, p->nimages + 1);
	p->images[p->nimages] = im;
	return (int)p->nimages++;
}

void
pdf_draw_image(struct pdf *p, int pg, int image, float x, float y, float w, float h,
    const char *alt)
{
	HPDF_Page page = page_for(p, pg, 0);
	struct buf b = BUF_INIT;
	HPDF_Stream content;

	if (page == NULL || image < 0 || (size_t)image >= p->nimages)
		return;
	content = ((HPDF_PageAttr)page->attr)->stream;
	/* Marked content with an alternate description (ISO 32000-1,
	 * 14.9.3): what a screen reader says for the image. */
	if (alt != NULL && *alt != '\0') {
		buf_adds(&b, "/Span<</Alt<FEFF");
		put_utf16_hex(&b, alt, strlen(alt));
		buf_adds(&b, ">>>BDC\n");
		HPDF_Stream_Write(content, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	}
	HPDF_Page_DrawImage(page, p->images[image], x, y, w, h);
	if (alt != NULL && *alt != '\0')
		HPDF_Stream_Write(content, (const HPDF_BYTE *)"EMC\n", 4);
	buf_release(&b);
}

void
pdf_stroke_rect(struct pdf *p, int pg, float x, float y, float w, float h,
    uint32_t rgb, float lw)
{
	HPDF_Page page = page_for(p, pg, 0);

	if (page == NULL)
		return;
	set_stroke(p, page, rgb, lw);
	HPDF_Page_Rectangle(page, x, y, w, h);
	HPDF_Page_Stroke(page);
}

void
pdf_line(struct pdf *p, int pg, float x1, float y1, float x2, float y2,
    uint32_t rgb, float lw)
{
	HPDF_Page page = page_for(p, pg, 0);

	if (page == NULL)
		return;
	set_stroke(p, page, rgb, lw);
	HPDF_Page_MoveTo(page, x1, y1);
	HPDF_Page_LineTo(page, x2, y2);
	HPDF_Page_Stroke(page);
}

/* A destination at the top y of page pg, keeping the reader's zoom. */
static HPDF_Destination
destination(struct pdf *p, int pg, float y)
{
	HPDF_Destination d;

	if (failed(p) || pg < 0 || (size_t)pg >= p->npages)
		return NULL;
	d = HPDF_Page_CreateDestination(p->pages[pg]);
	if (d == NULL || HPDF_Destination_SetXYZ(d, 0, y, 1) != HPDF_OK)
		return NULL;
	/* [page /XYZ left top null]: null keeps the zoom, which SetXYZ refuses. */
	HPDF_Obj_Free(p->doc->mmgr, HPDF_List_RemoveByIndex(((HPDF_Array)d)->list, 4));
	HPDF_Array_Add((HPDF_Array)d, HPDF_Null_New(p->doc->mmgr));
	return d;
}

/*
 * Links are kept as plain records until the save, when each becomes an
 * empty libharu dictionary whose entries write_annot writes, listed in its
 * page's /Annots by write_annots (see prepare_links).  As libharu objects
 * each link would cost over a kilobyte until the save, and a guide of
 * thousands of questions has hundreds of thousands of them.
 */
static void
add_link(struct pdf *p, int pg, float x, float y, float w, float h, int target,
    float ty, const char *uri)
{
	GROW(p->links, p->lcap, p->nlinks + 1);
	p->links[p->nlinks++] = (struct link){ pg, x, y, w, h, target, ty,
	    uri ? xstrdup(uri) : NULL };
}

void
pdf_link(struct pdf *p, int pg, float x, float y, float w, float h, int target, float ty)
{
	if (valid_page(p, pg) && valid_page(p, target))
		add_link(p, pg, x, y, w, h, target, ty, NULL);
}

void
pdf_uri(struct pdf *p, int pg, float x, float y, float w, float h, const char *uri)
{
	if (valid_page(p, pg))
		add_link(p, pg, x, y, w, h, -1, 0, uri);
}

/* libharu's dictionary write hook has no user data: the document being
 * saved is found here (one save at a time in a process). */
static struct pdf *saving;

static long
hundredths(float v)
{
	return lroundf(v * 100);
}

static void
put_link(struct buf *b, const struct pdf *p, const struct link *l)
{
	buf_adds(b, "/Type /Annot /Subtype /Link /Border [0 0 0] /Rect [");
	put_fixed(b, hundredths(l->x), 100);
	buf_addc(b, ' ');
	put_fixed(b, hundredths(l->y), 100);
	buf_addc(b, ' ');
	put_fixed(b, hundredths(l->x + l->w), 100);
	buf_addc(b, ' ');
	put_fixed(b, hundredths(l->y + l->h), 100);
	if (l->uri != NULL) {
		buf_adds(b, "] /A <</S /URI /URI (");
		for (const char *c = l->uri; *c; c++)
			put_byte(b, (unsigned char)*c);
		buf_adds(b, ")>>\012");
		return;
	}
	/* [page /XYZ left top null]: null keeps the reader's zoom. */
	buf_printf(b, "] /Dest [%u 0 R /XYZ 0 ",
	    (unsigned)(p->pages[l->target]->header.obj_id & 0x00FFFFFF));
	put_fixed(b, hundredths(l->ty), 100);
	buf_adds(b, " null]\012");
}

/* An annotation object's entries (libharu writes the << >> around them).
 * The objects were numbered in the order of the sorted links. */
static HPDF_STATUS
write_annot(HPDF_Dict annot, HPDF_Stream out)
{
	struct pdf *p = saving;
	size_t i = (annot->header.obj_id & 0x00FFFFFF) - p->first_annot;
	struct buf b = BUF_INIT;
	HPDF_STATUS rc;

	put_link(&b, p, &p->links[i]);
	rc = HPDF_Stream_Write(out, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_release(&b);
	return rc;
}

/* The page dictionary's /Annots entry, from the page's link records. */
static HPDF_STATUS
write_annots(HPDF_Dict page, HPDF_Stream out)
{
	struct pdf *p = saving;
	struct buf b = BUF_INIT;
	HPDF_STATUS rc;
	size_t pg = 0;

	/* Pages are written in order: the search starts after the last one. */
	for (size_t k = 0; k < p->npages; k++) {
		pg = (p->annot_page + k) % p->npages;
		if (p->pages[pg] == page)
			break;
	}
	if (p->pages[pg] != page)
		return HPDF_OK;
	p->annot_page = pg;
	buf_adds(&b, "/Annots [");
	for (size_t i = p->first_link[pg]; i < p->first_link[pg + 1]; i++)
		buf_printf(&b, "%s%zu 0 R", i > p->first_link[pg] ? " " : "",
		    (size_t)p->first_annot + i);
	buf_adds(&b, "]\012");
	rc = HPDF_Stream_Write(out, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_release(&b);
	return rc;
}

/* Sort the links by page (stably) and hook every page that has some. */
static void
prepare_links(struct pdf *p)
{
	struct link *sorted = xmalloc(sizeof(*sorted) * (p->nlinks + 1));
	size_t *at = xcalloc(p->npages + 1, sizeof(*at));

	free(p->first_link);
	p->first_link = xcalloc(p->npages + 1, sizeof(*p->first_link));
	for (size_t i = 0; i < p->nlinks; i++)
		p->first_link[p->links[i].page + 1]++;
	for (size_t pg = 0; pg < p->npages; pg++)
		p->first_link[pg + 1] += p->first_link[pg];
	memcpy(at, p->first_link, sizeof(*at) * (p->npages + 1));
	for (size_t i = 0; i < p->nlinks; i++)
		sorted[at[p->links[i].page]++] = p->links[i];
	free(p->links);
	p->links = sorted;
	p->lcap = p->nlinks + 1;
	free(at);
	p->annot_page = 0;
	/* One empty dictionary object per link, numbered consecutively, its
	 * entries written by write_annot: annotations must be objects of their
	 * own, and libharu's own annotation objects are too heavy. */
	for (size_t i = 0; i < p->nlinks; i++) {
		HPDF_Dict a = HPDF_Dict_New(p->doc->mmgr);

		if (a == NULL || HPDF_Xref_Add(p->doc->xref, a) != HPDF_OK) {
			fail(p, "cannot make a link annotation");
			return;
		}
		if (i == 0)
			p->first_annot = a->header.obj_id & 0x00FFFFFF;
		else if ((a->header.obj_id & 0x00FFFFFF) != p->first_annot + i) {
			fail(p, "libharu numbered link annotations out of order");
			return;
		}
		a->write_fn = write_annot;
	}
	for (size_t pg = 0; pg < p->npages; pg++) {
		if (p->first_link[pg] == p->first_link[pg + 1])
			continue;
		if (p->pages[pg]->write_fn != NULL) {
			fail(p, "libharu writes page dictionaries itself: cannot add links");
			return;
		}
		p->pages[pg]->write_fn = write_annots;
	}
}

int
pdf_outline(struct pdf *p, int parent, const char *title, int pg, float y, int open)
{
	HPDF_Outline o;
	HPDF_Destination d;

	if (failed(p))
		return -1;
	doing(p, "adding bookmark ", title);
	o = HPDF_CreateOutline(p->doc, parent >= 0 ? p->outlines[parent] : NULL, title,
	    HPDF_GetEncoder(p->doc, "UTF-8"));
	d = o ? destination(p, pg, y) : NULL;
	if (d == NULL)
		return -1;
	HPDF_Outline_SetDestination(o, d);
	HPDF_Outline_SetOpened(o, open ? HPDF_TRUE : HPDF_FALSE);
	GROW(p->outlines, p->ocap, p->noutlines + 1);
	p->outlines[p->noutlines] = o;
	return (int)p->noutlines++;
}

void
pdf_page_label(struct pdf *p, int pg, int roman)
{
	if (failed(p))
		return;
	doing(p, "labelling pages ", roman ? "in roman" : "in arabic");
	HPDF_AddPageLabel(p->doc, (HPDF_UINT)pg,
	    roman ? HPDF_PAGE_NUM_STYLE_LOWER_ROMAN : HPDF_PAGE_NUM_STYLE_DECIMAL, 1, "");
}

/* Whether s is a plausible BCP 47 tag: letters, digits and '-', short. */
static int
is_language_tag(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

	return n > 0 && n <= 35 && s[n] == '\0';
}

void
pdf_info(struct pdf *p, const char *title, const char *author, const char *subject,
    const char *keywords, int date_set, time_t date, const char *lang)
{
	const struct {
		HPDF_InfoType	 type;
		const char	*value;
	} attrs[] = {
		{ HPDF_INFO_TITLE, title }, { HPDF_INFO_AUTHOR, author },
		{ HPDF_INFO_SUBJECT, subject }, { HPDF_INFO_KEYWORDS, keywords },
		{ HPDF_INFO_CREATOR, "qbook" },
	};

	doing(p, "setting ", "document information");
	for (size_t i = 0; i < sizeof(attrs) / sizeof(*attrs); i++)
		if (attrs[i].value != NULL && attrs[i].value[0] != '\0')
			HPDF_SetInfoAttr(p->doc, attrs[i].type, attrs[i].value);
	if (date_set) {
		struct tm tm;
		HPDF_Date d;

		gmtime_r(&date, &tm);
		memset(&d, 0, sizeof(d));
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
		d.hour = tm.tm_hour;
		d.minutes = tm.tm_min;
		d.seconds = tm.tm_sec;
		d.ind = 'Z';
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
	}
	if (lang != NULL && is_language_tag(lang))
		HPDF_Dict_Add(p->doc->catalog, "Lang", HPDF_String_New(p->doc->mmgr, lang, NULL));
}

/*
 * A temporary file, or -1, and in *name the name libharu is to open it by
 * (it writes only to a file it opens by name, or to memory, which would
 * hold the whole file beside the document).  Where /proc/self/fd reaches
 * it the file is unlinked at once, so that no crash can leave it behind;
 * elsewhere it is unlinked when saved.
 */
static int
temp_file(struct pdf *p, struct buf *name)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT, msg = BUF_INIT;
	int fd;

	buf_printf(&path, "%s/qbook-XXXXXX", dir != NULL && *dir ? dir : "/tmp");
	fd = mkstemp(path.data);
	if (fd < 0) {
		buf_printf(&msg, "cannot make a temporary file in '%.*s': %s",
		    (int)(path.len - 13), path.data, strerror(errno));
		fail(p, msg.data);
	} else {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		buf_printf(name, "/proc/self/fd/%d", fd);
		if (access(name->data, W_OK) == 0)
			unlink(path.data);
		else {
			buf_reset(name);
			buf_add(name, path.data, path.len);
		}
	}
	buf_release(&path);
	buf_release(&msg);
	return fd;
}

/* Whether the n bytes at s end as a PDF file does: "%%EOF", then at most
 * an end of line. */
static int
ends_whole(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n >= 5 && memcmp(s + n - 5, "%%EOF", 5) == 0;
}

/* Append the whole of file fd to out; -1 (the document failed) on error. */
static int
read_back(struct pdf *p, int fd, struct buf *out)
{
	struct stat sb;
	size_t got = 0;
	ssize_t n;

	if (fstat(fd, &sb) < 0)
		goto fail;
	buf_grow(out, (size_t)sb.st_size);
	while (got < (size_t)sb.st_size) {
		n = pread(fd, out->data + out->len + got, (size_t)sb.st_size - got, (off_t)got);
		if (n <= 0)
			goto fail;
		got += (size_t)n;
	}
	/* libharu does not check that its file was closed whole: a disk that
	 * fills on the last write leaves a file cut short. */
	if (!ends_whole(out->data + out->len, got)) {
		fail(p, "the PDF's temporary file was cut short (is the disk holding "
		    "TMPDIR full?)");
		return -1;
	}
	out->len += got;
	out->data[out->len] = '\0';
	return 0;
fail:
	fail(p, "cannot read back the PDF from its temporary file");
	return -1;
}

int
pdf_save(struct pdf *p, struct buf *out)
{
	struct buf name = BUF_INIT;
	HPDF_STATUS rc;
	int fd;

	if (p->st.page >= 0 && p->st.in_text && !failed(p))
		HPDF_Page_EndText(p->pages[p->st.page]);
	p->st.page = -1;
	/* Nothing is drawn any more: the shaped words go before the fonts
	 * are subset and the file written, when memory is at its peak. */
	for (int i = 0; i < p->nfaces; i++)
		face_forget_shapes(p->faces[i].face);
	if (!failed(p))
		finish_fonts(p);
	if (!failed(p))
		prepare_links(p);
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	doing(p, "writing ", "the PDF");
	if (failed(p) || (fd = temp_file(p, &name)) < 0)
		return -1;
	saving = p;
	p->in_file = 1;
	rc = HPDF_SaveToFile(p->doc, name.data);
	p->in_file = 0;
	saving = NULL;
	if (strncmp(name.data, "/proc/self/fd/", 14) != 0)
		unlink(name.data);	/* /proc was not there: a name of its own */
	buf_release(&name);
	/* The file holds everything now: the documents go before it is read
	 * back, so the two never take memory at the same time. */
	HPDF_Free(p->doc);
	p->doc = NULL;
	mem_trim();
	if (rc == HPDF_OK && read_back(p, fd, out) < 0)
		rc = HPDF_FILE_IO_ERROR;
	close(fd);
	return rc == HPDF_OK && !failed(p) ? 0 : -1;
}
