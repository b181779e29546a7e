/*
 * pdf: libharu 2.3.0 with the repairs a typesetter needs.
 *
 * Repairs, each against a measured defect of the pinned library:
 *  - composite glyphs whose parts are composite lose those parts in the
 *    subset: before saving, every component of a used glyph is marked used;
 *  - the ToUnicode CMap is written as a CID map that readers warn about: it
 *    is replaced by a proper bfrange map (code = Unicode in Identity-H);
 *  - a zoom of 0 ("keep") is refused by SetXYZ: destinations get null.
 */
#include "pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>

#include "mem.h"
#include "utf8.h"

#define MAX_FACES	32
#define NO_WIDTH	INT16_MIN

struct face {
	char		*path;
	const char	*name;		/* libharu's name in the metrics doc */
	HPDF_Font	 mfont;		/* in the metrics doc */
	HPDF_Font	 ofont;		/* in the output doc, once drawn with */
	int16_t		*width;		/* per BMP code point, NO_WIDTH unknown */
	signed char	*glyph;		/* per BMP code point: -1 unknown, 0, 1 */
};

/* Drawing state of the page being written, to skip redundant operators. */
struct pstate {
	int		 page;		/* -1: none */
	int		 in_text;
	int		 face;
	float		 size;
	uint32_t	 fill, stroke;
	long		 tx, ty;	/* text line origin, in 1/100 pt */
};

struct pdf {
	HPDF_Doc	 doc, metrics;
	float		 width, height;
	struct face	 faces[MAX_FACES];
	int		 nfaces;
	HPDF_Page	*pages;
	size_t		 npages, cap;
	HPDF_Outline	*outlines;
	size_t		 noutlines, ocap;
	struct dcache {
		int		 page;
		float		 y;
		HPDF_Destination d;
	}		*dests;		/* shared by every link to the same place */
	size_t		 ndests, dcap;
	struct pstate	 st;
	char		 doing[160];	/* what was being done, for errors */
	char		*error;		/* the first error, formatted */
};

static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pdf *p = data;
	char msg[256];

	if (p->error != NULL)
		return;
	snprintf(msg, sizeof(msg), "libharu error 0x%04X (detail %u) while %s",
	    (unsigned)code, (unsigned)detail, p->doing[0] ? p->doing : "writing the PDF");
	p->error = xstrdup(msg);
}

/* Record what is being done, for the message of an error: what + arg. */
static void
doing(struct pdf *p, const char *what, const char *arg)
{
	snprintf(p->doing, sizeof(p->doing), "%s%s", what, arg);
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
	}
	free(p->pages);
	free(p->outlines);
	free(p->dests);
	free(p->error);
	free(p);
}

const char *
pdf_error(const struct pdf *p)
{
	return p->error;
}

/* --- faces ------------------------------------------------------------------ */

int
pdf_face(struct pdf *p, const char *path)
{
	struct face *f;

	for (int i = 0; i < p->nfaces; i++)
		if (strcmp(p->faces[i].path, path) == 0)
			return i;
	if (failed(p))
		return -1;
	if (p->nfaces == MAX_FACES) {
		doing(p, "loading font ", path);
		on_error(HPDF_FAILD_TO_ALLOC_MEM, 0, p);
		return -1;
	}
	doing(p, "loading font ", path);
	f = &p->faces[p->nfaces];
	f->name = HPDF_LoadTTFontFromFile(p->metrics, path, HPDF_TRUE);
	f->mfont = f->name ? HPDF_GetFont(p->metrics, f->name, "UTF-8") : NULL;
	if (f->mfont == NULL)
		return -1;
	f->path = xstrdup(path);
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

/* A ToUnicode map for Identity-H codes that are BMP code points. */
static void
fix_tounicode(struct pdf *p, HPDF_Font font)
{
	HPDF_Dict tu = HPDF_Dict_GetItem((HPDF_Dict)font, "ToUnicode", HPDF_OCLASS_DICT);
	HPDF_Stream s;
	char line[64];
	int n = 0;

	if (tu == NULL)
		return;
	s = HPDF_MemStream_New(p->doc->mmgr, 4096);
	if (s == NULL)
		return;
	HPDF_Stream_WriteStr(s,
	    "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* 248 ranges of 256 codes, surrogates left out, 100 per block. */
	for (int hi = 0; hi < 256; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (n % 100 == 0) {
			int left = 248 - n;

			if (n > 0)
				HPDF_Stream_WriteStr(s, "endbfrange\n");
			snprintf(line, sizeof(line), "%d beginbfrange\n", left < 100 ? left : 100);
			HPDF_Stream_WriteStr(s, line);
		}
		snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		HPDF_Stream_WriteStr(s, line);
		n++;
	}
	HPDF_Stream_WriteStr(s, "endbfrange\nendcmap\n"
	    "CMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_Stream_Free(tu->stream);
	tu->stream = s;
	HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(tu, "CMapName");
	HPDF_Dict_RemoveElement(tu, "WMode");
	HPDF_Dict_RemoveElement(tu, "Type");
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
	name = HPDF_LoadTTFontFromFile(p->doc, f->path, HPDF_TRUE);
	f->ofont = name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
	if (f->ofont != NULL)
		fix_tounicode(p, f->ofont);
	return f->ofont;
}

static uint32_t
be16(const unsigned char *b)
{
	return (uint32_t)b[0] << 8 | b[1];
}

/*
 * Mark the components of every used composite glyph, repeatedly, so that
 * nested composites survive libharu's subsetting.  The glyph offsets come
 * from libharu's own parse of loca; the bytes from the file.
 */
static void
mark_components(struct face *f)
{
	HPDF_TTFontDefAttr a = fontdef_of(f->ofont)->attr;
	FILE *fp = fopen(f->path, "rb");
	unsigned char *data;
	long size;
	int changed = 1;

	if (fp == NULL)
		return;
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) <= 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return;
	}
	data = xmalloc((size_t)size);
	if (fread(data, 1, (size_t)size, fp) != (size_t)size)
		size = 0;
	fclose(fp);
	while (changed) {
		changed = 0;
		for (unsigned g = 0; g < a->num_glyphs; g++) {
			uint32_t off = a->glyph_tbl.base_offset + a->glyph_tbl.offsets[g];
			uint32_t end = a->glyph_tbl.base_offset + a->glyph_tbl.offsets[g + 1];
			uint32_t flags;

			if (!a->glyph_tbl.flgs[g] || end > (uint32_t)size || off + 10 > end)
				continue;
			if ((int16_t)be16(data + off) >= 0)
				continue;	/* a simple glyph */
			off += 10;
			do {
				unsigned comp;

				if (off + 4 > end)
					break;
				flags = be16(data + off);
				comp = be16(data + off + 2);
				if (comp < a->num_glyphs && !a->glyph_tbl.flgs[comp]) {
					a->glyph_tbl.flgs[comp] = 1;
					changed = 1;
				}
				off += 4 + ((flags & 0x0001) ? 4 : 2);
				if (flags & 0x0008)
					off += 2;
				else if (flags & 0x0040)
					off += 4;
				else if (flags & 0x0080)
					off += 8;
			} while (flags & 0x0020);
		}
	}
	free(data);
}

/* --- pages and drawing ---------------------------------------------------------- */

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
	GROW(p->pages, p->cap, p->npages + 1);
	p->pages[p->npages] = pg;
	return (int)p->npages++;
}

/* The page to draw on, with text mode as wanted.  NULL after an error. */
static HPDF_Page
page_for(struct pdf *p, int pg, int text)
{
	HPDF_Page page;
	char num[16];

	if (failed(p) || pg < 0 || (size_t)pg >= p->npages)
		return NULL;
	if (p->st.page != pg) {
		if (p->st.page >= 0 && p->st.in_text)
			HPDF_Page_EndText(p->pages[p->st.page]);
		memset(&p->st, 0, sizeof(p->st));
		p->st.page = pg;
		p->st.face = -1;
		p->st.fill = p->st.stroke = 0x1000000;	/* unknown */
	}
	snprintf(num, sizeof(num), "%d", pg + 1);
	doing(p, "drawing on page ", num);
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

/* A 2-byte code as a literal-string byte pair, escaped where PDF needs it. */
static void
put_code(struct buf *b, unsigned cp)
{
	unsigned char pair[2] = { (unsigned char)(cp >> 8), (unsigned char)cp };

	for (int i = 0; i < 2; i++) {
		unsigned char c = pair[i];

		if (c == '(' || c == ')' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, (char)c);
	}
}

/* A length in hundredths of a point as a PDF number, shortest form. */
static void
put_hundredths(struct buf *b, long v)
{
	const char *sign = v < 0 ? "-" : "";
	long a = labs(v);

	if (a % 100 == 0)
		buf_printf(b, "%s%ld", sign, a / 100);
	else if (a % 10 == 0)
		buf_printf(b, "%s%ld.%ld", sign, a / 100, (a % 100) / 10);
	else
		buf_printf(b, "%s%ld.%02ld", sign, a / 100, a % 100);
}

/*
 * Show segments of one line with one TJ: the gaps between them become
 * position adjustments, so a justified line costs one operator.  libharu
 * has no TJ, so the operator goes straight into the page's content
 * stream; the glyphs are measured in the output font so that they are
 * marked for the subset, as ShowText would.
 */
void
pdf_text_line(struct pdf *p, int pg, int face, float size, uint32_t rgb, float y,
    const struct pdf_seg *segs, size_t n)
{
	HPDF_Font font = out_font(p, face);
	HPDF_Page page = font ? page_for(p, pg, 1) : NULL;
	struct buf b = BUF_INIT;
	float cursor = 0;

	if (page == NULL || n == 0)
		return;
	if (p->st.face != face || p->st.size != size)
		HPDF_Page_SetFontAndSize(page, font, size);
	p->st.face = face;
	p->st.size = size;
	set_fill(p, page, rgb);
	{
		/* Td in hundredths of a point from the last line: successive
		 * lines repeat the same move, which compresses to nothing. */
		long X = lroundf(segs[0].x * 100), Y = lroundf(y * 100);

		put_hundredths(&b, X - p->st.tx);
		buf_addc(&b, ' ');
		put_hundredths(&b, Y - p->st.ty);
		buf_adds(&b, " Td");
		p->st.tx = X;
		p->st.ty = Y;
		cursor = (float)X / 100;
	}
	buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		if (i > 0) {
			long adj = lroundf((segs[i].x - cursor) * -1000.0f / size);

			if (adj != 0)
				buf_printf(&b, "%ld", adj);
		}
		if (i > 0)
			cursor = segs[i].x;
		buf_addc(&b, '(');
		while (k < segs[i].len) {
			long cp = utf8_next(segs[i].s, segs[i].len, &k);

			if (cp < 0 || cp >= 0x10000)
				cp = 0xFFFD;
			put_code(&b, (unsigned)cp);
			cursor += (float)pdf_advance(p, face, (unsigned)cp) * size / 1000.0f;
		}
		buf_addc(&b, ')');
		HPDF_Font_TextWidth(font, (const HPDF_BYTE *)segs[i].s, (HPDF_UINT)segs[i].len);
	}
	buf_adds(&b, "]TJ\n");
	HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)b.data,
	    (HPDF_UINT)b.len);
	buf_release(&b);
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

static HPDF_Rect
rect(float x, float y, float w, float h)
{
	HPDF_Rect r = { x, y, x + w, y + h };

	return r;
}

/* One destination object per place, however many links go there. */
static HPDF_Destination
shared_destination(struct pdf *p, int pg, float y)
{
	HPDF_Destination d;

	for (size_t i = p->ndests; i-- > 0; )
		if (p->dests[i].page == pg && p->dests[i].y == y)
			return p->dests[i].d;
	d = destination(p, pg, y);
	if (d != NULL) {
		GROW(p->dests, p->dcap, p->ndests + 1);
		p->dests[p->ndests].page = pg;
		p->dests[p->ndests].y = y;
		p->dests[p->ndests++].d = d;
	}
	return d;
}

void
pdf_link(struct pdf *p, int pg, float x, float y, float w, float h, int target, float ty)
{
	HPDF_Destination d;
	HPDF_Annotation a;

	if (page_for(p, pg, 0) == NULL)
		return;
	doing(p, "linking ", "to a page");
	d = shared_destination(p, target, ty);
	a = d ? HPDF_Page_CreateLinkAnnot(p->pages[pg], rect(x, y, w, h), d) : NULL;
	if (a != NULL)
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

void
pdf_uri(struct pdf *p, int pg, float x, float y, float w, float h, const char *uri)
{
	HPDF_Annotation a;

	if (page_for(p, pg, 0) == NULL)
		return;
	doing(p, "linking to ", uri);
	a = HPDF_Page_CreateURILinkAnnot(p->pages[pg], rect(x, y, w, h), uri);
	if (a != NULL)
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
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

void
pdf_info(struct pdf *p, const char *title, const char *author, const char *subject,
    const char *keywords, int date_set, time_t date)
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
}

int
pdf_save(struct pdf *p, struct buf *out)
{
	HPDF_UINT32 size;

	if (p->st.page >= 0 && p->st.in_text && !failed(p))
		HPDF_Page_EndText(p->pages[p->st.page]);
	p->st.page = -1;
	for (int i = 0; i < p->nfaces; i++)
		if (p->faces[i].ofont != NULL && !failed(p))
			mark_components(&p->faces[i]);
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	doing(p, "writing ", "the PDF");
	if (failed(p) || HPDF_SaveToStream(p->doc) != HPDF_OK)
		return -1;
	size = HPDF_GetStreamSize(p->doc);
	buf_grow(out, size);
	if (HPDF_GetContents(p->doc, (HPDF_BYTE *)out->data + out->len, &size) != HPDF_OK)
		return -1;
	out->len += size;
	out->data[out->len] = '\0';
	return failed(p) ? -1 : 0;
}
