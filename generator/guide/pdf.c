/*
 * pdf: libharu 2.3.0 with the repairs a typesetter needs.
 *
 * libharu holds the pages, outlines and document information and writes
 * the file.  Text and link annotations are written here (libharu has no
 * TJ or Tw for these fonts, and its annotation objects are too heavy for
 * a book of thousands of pages; see add_link), and the fonts are
 * finished here, because what libharu 2.3.0 writes for a UTF-8 TrueType
 * font is large and partly wrong (every glyph's width, a full CID-to-glyph
 * map, whole hmtx/loca/post tables, nested composite glyphs lost, a
 * ToUnicode map readers warn about).  At save time each drawn face gets:
 *  - its file subset by HarfBuzz to the code points drawn (see subset.h),
 *    in a font descriptor made here, so libharu never writes its own;
 *  - widths and a CID-to-glyph map for those code points only;
 *  - one encoding CMap and one ToUnicode map shared by all faces, in
 *    which ASCII is a one-byte code and every other code point gets a
 *    two-byte code from 0x8000 in order of first use; the CID is the code
 *    point.  Text is mostly one byte per character, and the space is the
 *    one-byte code 32, so the word-spacing operator Tw justifies a line
 *    without an adjustment per word.  (Three-byte codes, such as UTF-8's,
 *    are legal but poppler cannot extract text through them.)
 * Each page's content is compressed as soon as the page is done.  A zoom
 * of 0 ("keep") is refused by SetXYZ: destinations get null.
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

#include "base/diag.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "guide/subset.h"

/* pdf.c reaches into libharu 2.3.0's internal structures and relies on how
 * its code uses them (every place is listed in pdf.h): another version
 * must not build until each has been checked again. */
#if !defined(HPDF_MAJOR_VERSION) || !defined(HPDF_MINOR_VERSION) || \
    !defined(HPDF_BUGFIX_VERSION)
#error "qbook needs libharu 2.3.0 (Debian libhpdf-dev 2.3.0), but hpdf_version.h gives no version: pdf.c reaches into 2.3.0's internal structures (see pdf.h)"
#elif HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#error "qbook needs libharu 2.3.0 exactly (Debian libhpdf-dev 2.3.0), and hpdf_version.h names another (see HPDF_VERSION_TEXT there): pdf.c reaches into 2.3.0's internal structures (see pdf.h)"
#endif

#define NO_WIDTH	INT16_MIN

struct face {
	char		*path;
	int		 index;		/* the face in a collection (.ttc), or 0 */
	const char	*name;		/* libharu's name in the metrics doc */
	HPDF_Font	 mfont;		/* in the metrics doc */
	HPDF_Font	 ofont;		/* in the output doc, once drawn with */
	int16_t		*width;		/* per BMP code point, NO_WIDTH unknown */
	signed char	*glyph;		/* per BMP code point: -1 unknown, 0, 1 */
	unsigned char	*drawn;		/* bitmap of the code points drawn */
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
	HPDF_Doc	 doc, metrics;
	float		 width, height;
	struct face	*faces;		/* as many as the text asks for */
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
	uint16_t	*code;		/* per BMP code point >= 0x80: its code, 0 none */
	uint32_t	*cp_of;		/* per code - 0x8000: its code point */
	size_t		 ncodes;
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
	p->metrics = new_doc(p);
	return p;
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	HPDF_Free(p->doc);
	HPDF_Free(p->metrics);
	for (int i = 0; i < p->nfaces; i++) {
		free(p->faces[i].path);
		free(p->faces[i].width);
		free(p->faces[i].glyph);
		free(p->faces[i].drawn);
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
	free(p->code);
	free(p->cp_of);
	free(p->error);
	free(p);
}

const char *
pdf_error(const struct pdf *p)
{
	return p->error;
}

/* --- faces ------------------------------------------------------------------ */

/* Whether the file at path is a TrueType collection ("ttcf" first). */
static int
is_collection(const char *path)
{
	char head[4];
	FILE *fp = fopen(path, "rb");
	int yes = 0;

	if (fp != NULL) {
		yes = fread(head, 1, 4, fp) == 4 && memcmp(head, "ttcf", 4) == 0;
		fclose(fp);
	}
	return yes;
}

/* Load face index of the font file at path into doc, embedded; libharu's
 * name for it, or NULL. */
static const char *
load_face(HPDF_Doc doc, const char *path, int index)
{
	if (is_collection(path))
		return HPDF_LoadTTFontFromFile2(doc, path, (HPDF_UINT)index, HPDF_TRUE);
	return HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
}

int
pdf_face(struct pdf *p, const char *path, int index)
{
	struct face *f;

	for (int i = 0; i < p->nfaces; i++)
		if (strcmp(p->faces[i].path, path) == 0 && p->faces[i].index == index)
			return i;
	if (failed(p))
		return -1;
	doing(p, "loading font ", path);
	GROW(p->faces, p->capfaces, (size_t)p->nfaces + 1);
	f = &p->faces[p->nfaces];
	memset(f, 0, sizeof(*f));
	f->name = load_face(p->metrics, path, index);
	f->mfont = f->name ? HPDF_GetFont(p->metrics, f->name, "UTF-8") : NULL;
	if (f->mfont == NULL)
		return -1;
	f->path = xstrdup(path);
	f->index = index;
	f->width = xmalloc(sizeof(*f->width) * 0x10000);
	f->glyph = xmalloc(0x10000);
	for (size_t i = 0; i < 0x10000; i++)
		f->width[i] = NO_WIDTH;
	memset(f->glyph, -1, 0x10000);
	return p->nfaces++;
}

static HPDF_FontDef
fontdef_of(HPDF_Font font)
{
	return ((HPDF_FontAttr)((HPDF_Dict)font)->attr)->fontdef;
}

int
pdf_has_glyph(struct pdf *p, int face, unsigned cp)
{
	struct face *f = &p->faces[face];

	if (cp >= 0x10000)
		return 0;
	if (f->glyph[cp] < 0)
		f->glyph[cp] = HPDF_TTFontDef_GetGlyphid(fontdef_of(f->mfont),
		    (HPDF_UINT16)cp) != 0;
	return f->glyph[cp];
}

int
pdf_advance(struct pdf *p, int face, unsigned cp)
{
	struct face *f = &p->faces[face];

	if (cp >= 0x10000)
		return 0;
	if (f->width[cp] == NO_WIDTH)
		f->width[cp] = (int16_t)HPDF_Font_GetUnicodeWidth(f->mfont, (HPDF_UNICODE)cp);
	return f->width[cp];
}

/* The face's font in the output document, embedding it on first use. */
static HPDF_Font
out_font(struct pdf *p, int face)
{
	struct face *f = &p->faces[face];
	const char *name;

	if (f->ofont != NULL || failed(p))
		return f->ofont;
	doing(p, "embedding font ", f->path);
	name = load_face(p->doc, f->path, f->index);
	f->ofont = name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
	if (f->ofont != NULL)
		f->drawn = xcalloc(0x10000 / 8, 1);
	return f->ofont;
}

static int
was_drawn(const struct face *f, unsigned cp)
{
	return f->drawn[cp >> 3] >> (cp & 7) & 1;
}

/* --- finishing the fonts at save time ------------------------------------------ */

/* The CMap lines for the codes: ASCII as one range, then one per code. */
static void
cmap_body(struct buf *b, const struct pdf *p, int tounicode)
{
	const char *kind = tounicode ? "bf" : "cid";

	buf_printf(b, "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n"
	    "1 begin%srange\n<00> <7F> %s\nend%srange\n",
	    kind, tounicode ? "<0000>" : "0", kind);
	for (size_t i = 0; i < p->ncodes; i += 100) {
		size_t m = p->ncodes - i < 100 ? p->ncodes - i : 100;

		buf_printf(b, "%zu begin%schar\n", m, kind);
		for (size_t k = i; k < i + m; k++)
			buf_printf(b, tounicode ? "<%04zX> <%04X>\n" : "<%04zX> %u\n",
			    0x8000 + k, (unsigned)p->cp_of[k]);
		buf_printf(b, "end%schar\n", kind);
	}
}

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

/* The encoding CMap (tounicode 0) or the ToUnicode map (1) for every face. */
static HPDF_Dict
shared_cmap(struct pdf *p, int tounicode)
{
	const char *name = tounicode ? "QBook-UCS" : "QBook-Codes";
	struct buf b = BUF_INIT;
	HPDF_Dict s;

	buf_printf(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 0 >> def\n"
	    "/CMapName /%s def\n/CMapType %d def\n",
	    tounicode ? "UCS" : "Identity", name, tounicode ? 2 : 1);
	cmap_body(&b, p, tounicode);
	buf_adds(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	s = stream_of(p, &b);
	buf_release(&b);
	if (s != NULL && !tounicode) {
		HPDF_Dict_AddName(s, "Type", "CMap");
		HPDF_Dict_AddName(s, "CMapName", name);
		HPDF_Dict_Add(s, "CIDSystemInfo", system_info(p, "Identity"));
	}
	return s;
}

/* The code points drawn with f, ascending; returns how many. */
static size_t
drawn_list(const struct face *f, uint32_t *cps)
{
	size_t n = 0;

	for (unsigned cp = 0; cp < 0x10000; cp++)
		if (was_drawn(f, cp))
			cps[n++] = cp;
	return n;
}

/* [c [w ...] c2 [w ...]]: the widths of the drawn code points, in runs. */
static HPDF_Array
width_array(struct pdf *p, int face, const uint32_t *cps, size_t n)
{
	HPDF_MMgr mm = p->doc->mmgr;
	HPDF_Array w = HPDF_Array_New(mm), run = NULL;

	for (size_t i = 0; w != NULL && i < n; i++) {
		if (run == NULL || cps[i] != cps[i - 1] + 1) {
			run = HPDF_Array_New(mm);
			HPDF_Array_AddNumber(w, (HPDF_INT32)cps[i]);
			HPDF_Array_Add(w, run);
		}
		HPDF_Array_AddNumber(run, pdf_advance(p, face, cps[i]));
	}
	return w;
}

/* CID (= code point) to new glyph number, 2 bytes each, up to the last. */
static void
cid_to_gid(struct pdf *p, HPDF_Dict map, const uint32_t *cps, const uint16_t *gids,
    size_t n)
{
	size_t len = n ? 2 * ((size_t)cps[n - 1] + 1) : 2;
	unsigned char *m = xcalloc(len, 1);
	HPDF_Stream s = HPDF_MemStream_New(p->doc->mmgr, 4096);

	for (size_t i = 0; i < n; i++) {
		m[2 * cps[i]] = (unsigned char)(gids[i] >> 8);
		m[2 * cps[i] + 1] = (unsigned char)gids[i];
	}
	if (s != NULL) {
		HPDF_Stream_Write(s, m, (HPDF_UINT)len);
		HPDF_Stream_Free(map->stream);
		map->stream = s;
	}
	free(m);
}

/* The descriptor libharu would make, holding the subset font file. */
static HPDF_Dict
descriptor(struct pdf *p, HPDF_FontDef def, const struct buf *file)
{
	HPDF_TTFontDefAttr da = def->attr;
	HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr), ff;

	/* Once in the cross-reference table an object belongs to libharu. */
	if (d == NULL || HPDF_Xref_Add(p->doc->xref, d) != HPDF_OK ||
	    (ff = stream_of(p, file)) == NULL)
		return NULL;
	HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)file->len);
	HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	HPDF_Dict_AddName(d, "FontName", da->base_font);
	HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
	HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(p->doc->mmgr, def->font_bbox));
	HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
	HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
	HPDF_Dict_AddNumber(d, "Descent", def->descent);
	HPDF_Dict_AddNumber(d, "CapHeight", def->cap_height ? def->cap_height : def->ascent);
	HPDF_Dict_AddNumber(d, "XHeight", def->x_height);
	HPDF_Dict_AddNumber(d, "StemV", def->stemv);
	HPDF_Dict_Add(d, "FontFile2", ff);
	return d;
}

/* Subset face and rewrite its font objects around the shared CMaps. */
static void
finish_face(struct pdf *p, int face, HPDF_Dict encoding, HPDF_Dict tounicode)
{
	struct face *f = &p->faces[face];
	HPDF_FontAttr attr = ((HPDF_Dict)f->ofont)->attr;
	HPDF_Dict cid = attr->descendant_font;
	uint32_t *cps = xmalloc(sizeof(*cps) * 0x10000);
	uint16_t *gids = xmalloc(sizeof(*gids) * 0x10000);
	struct buf file = BUF_INIT;
	size_t n = drawn_list(f, cps);

	doing(p, "subsetting font ", f->path);
	if (subset_truetype(f->path, f->index, cps, n, &file, gids) != 0) {
		buf_printf(&file, "HarfBuzz cannot subset font %s", f->path);
		fail(p, file.data);
	} else if ((attr->fontdef->descriptor = descriptor(p, attr->fontdef, &file)) != NULL) {
		HPDF_Dict_Add(cid, "W", width_array(p, face, cps, n));
		HPDF_Dict_Add(cid, "CIDSystemInfo", system_info(p, "Identity"));
		cid_to_gid(p, attr->map_stream, cps, gids, n);
		HPDF_Dict_Add((HPDF_Dict)f->ofont, "Encoding", encoding);
		HPDF_Dict_Add((HPDF_Dict)f->ofont, "ToUnicode", tounicode);
	}
	buf_release(&file);
	free(cps);
	free(gids);
}

static void
finish_fonts(struct pdf *p)
{
	HPDF_Dict enc, tu;

	doing(p, "writing ", "the font encodings");
	enc = shared_cmap(p, 0);
	tu = shared_cmap(p, 1);
	for (int i = 0; i < p->nfaces && enc != NULL && tu != NULL && !failed(p); i++)
		if (p->faces[i].ofont != NULL)
			finish_face(p, i, enc, tu);
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

/* The code of cp (BMP): itself below 0x80, else the next free two-byte
 * code.  There are 32,768 such codes; the document fails beyond that. */
static unsigned
code_for(struct pdf *p, unsigned cp)
{
	if (cp < 0x80)
		return cp;
	if (p->code == NULL) {
		p->code = xcalloc(0x10000, sizeof(*p->code));
		p->cp_of = xcalloc(0x8000, sizeof(*p->cp_of));
	}
	if (p->code[cp] == 0) {
		if (p->ncodes == 0x8000) {
			fail(p, "more than 32,768 different characters in one PDF");
			return '?';
		}
		p->cp_of[p->ncodes] = cp;
		p->code[cp] = (uint16_t)(0x8000 + p->ncodes++);
	}
	return p->code[cp];
}

static void
put_char(struct pdf *p, struct buf *b, unsigned cp)
{
	unsigned code = code_for(p, cp);

	if (code >= 0x100)
		put_byte(b, (unsigned char)(code >> 8));
	put_byte(b, (unsigned char)code);
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

/* The next code point of s, U+FFFD for what is not valid BMP UTF-8. */
static unsigned
next_cp(const struct pdf_seg *s, size_t *k)
{
	long cp = utf8_next(s->s, s->len, k);

	return cp < 0 || cp >= 0x10000 ? 0xFFFD : (unsigned)cp;
}

static void
mark_drawn(struct face *f, unsigned cp)
{
	f->drawn[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/* Width of segment s in points. */
static float
seg_width(struct pdf *p, int face, float size, const struct pdf_seg *s)
{
	size_t k = 0;
	long units = 0;

	while (k < s->len)
		units += pdf_advance(p, face, next_cp(s, &k));
	return (float)units * size / 1000.0f;
}

/*
 * The word spacing of a line, in thousandths of a point: the first gap
 * beyond a natural space.  0 when a segment holds a space of its own
 * (code), which Tw would widen too.
 */
static long
line_spacing(struct pdf *p, int face, float size, const struct pdf_seg *segs,
    size_t n, float space)
{
	float gap;

	for (size_t i = 0; i < n; i++)
		if (memchr(segs[i].s, ' ', segs[i].len) != NULL)
			return 0;
	if (n < 2)
		return 0;
	gap = segs[1].x - segs[0].x - seg_width(p, face, size, &segs[0]) - space;
	if (gap < -space / 2)
		return 0;	/* not separated by a space */
	return lroundf(gap * 1000.0f);
}

/*
 * Show segments of one line with one operator.  Segments a space apart
 * are joined by a space character, justified by Tw; any other gap, or
 * what rounding leaves, becomes a TJ position adjustment.  libharu has no
 * TJ or Tw for these fonts, so the operators go straight into the page's
 * content stream; the code points drawn are recorded for the subset.
 */
void
pdf_text_line(struct pdf *p, int pg, int face, float size, uint32_t rgb, float y,
    const struct pdf_seg *segs, size_t n)
{
	HPDF_Font font = out_font(p, face);
	HPDF_Page page = font ? page_for(p, pg, 1) : NULL;
	struct face *f = &p->faces[face];
	struct buf b = BUF_INIT, t = BUF_INIT;
	float cursor, space, sp_tw;
	long tw, X, Y;
	int adjusted = 0;

	if (page == NULL || n == 0)
		return;
	if (p->st.face != face || p->st.size != size)
		HPDF_Page_SetFontAndSize(page, font, size);
	p->st.face = face;
	p->st.size = size;
	set_fill(p, page, rgb);
	space = (float)pdf_advance(p, face, ' ') * size / 1000.0f;
	tw = line_spacing(p, face, size, segs, n, space);
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
		size_t k = 0;

		if (i > 0) {
			float gap = segs[i].x - cursor;
			long adj;

			if (gap - sp_tw > -space / 2 && gap - sp_tw < space / 2) {
				put_char(p, &t, ' ');
				mark_drawn(f, ' ');
				cursor += sp_tw;
				gap -= sp_tw;
			}
			adj = lroundf(gap * -1000.0f / size);
			if (adj != 0) {
				buf_addc(&t, ')');
				put_long(&t, adj);
				buf_addc(&t, '(');
				cursor -= (float)adj * size / 1000.0f;
				adjusted = 1;
			}
		}
		while (k < segs[i].len) {
			unsigned cp = next_cp(&segs[i], &k);

			put_char(p, &t, cp);
			mark_drawn(f, cp);
			cursor += (float)pdf_advance(p, face, cp) * size / 1000.0f;
		}
	}
	/* Without adjustments the shorter (..)Tj does. */
	buf_adds(&b, adjusted ? "[(" : "(");
	buf_add(&b, t.data, t.len);
	buf_adds(&b, adjusted ? ")]TJ\n" : ")Tj\n");
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)b.data,
	    (HPDF_UINT)b.len);
	buf_release(&b);
	buf_release(&t);
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
pdf_draw_image(struct pdf *p, int pg, int image, float x, float y, float w, float h)
{
	HPDF_Page page = page_for(p, pg, 0);

	if (page == NULL || image < 0 || (size_t)image >= p->nimages)
		return;
	HPDF_Page_DrawImage(page, p->images[image], x, y, w, h);
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
	HPDF_Free(p->metrics);
	p->doc = p->metrics = NULL;
	mem_trim();
	if (rc == HPDF_OK && read_back(p, fd, out) < 0)
		rc = HPDF_FILE_IO_ERROR;
	close(fd);
	return rc == HPDF_OK && !failed(p) ? 0 : -1;
}
