/*
 * model: stage 2.  The bank as qbook's outputs see it: settings,
 * categories, questions and pages, built from the loaded sources with every
 * per-file rule of the content format checked (docs/content.md).
 *
 * All strings and arrays live in the bank's arena.  Markdown bodies are
 * owned by the bank: parsed here for the checks, their trees then dropped
 * and parsed again by whichever output needs them (md_unload; only that
 * cache changes).  Cross-file rules (unique ids, links) and the
 * cross-index belong to index: once index_build has run, the model is
 * read-only.
 */
#ifndef QBOOK_MODEL_H
#define QBOOK_MODEL_H

#include <stddef.h>

#include "bank/image.h"
#include "bank/labels.h"

#include "bank/md.h"
#include "base/diag.h"
#include "base/mem.h"

enum qkind {
	KIND_TECHNICAL,
	KIND_BEHAVIORAL,
	KIND_CODING,
	KIND_SYSTEM_DESIGN,
	KIND_COUNT
};

/* A string from front matter, with where it was written. */
struct term {
	const char	*s;
	int		 line, col;
};

struct round {
	const char	*id, *title, *description;
};

/* A handout definition: the filters are ANDed; an empty list means all. */
struct guide_def {
	const char	*name, *title;
	struct term	*rounds, *levels, *categories, *tags, *kinds;
	size_t		 nrounds, nlevels, ncategories, ntags, nkinds;
	int		 line, col;
};

struct settings {
	const char	*file;		/* qbook.yaml path, for diagnostics */
	const char	*title, *subtitle, *organization, *language;
	int		 language_line, language_col;	/* where language: is, or 0 */
	const char	*base_url;	/* NULL when unset */
	const char	*theme, *paper;
	int		 theme_line, theme_col;	/* where theme: is, or 0 */
	const struct image *logo;	/* logo:, or NULL; PNG, JPEG or SVG */
	const struct image *favicon;	/* favicon:, or NULL; PNG, SVG or ICO */
	int		 unsafe_html;
	const char	**levels;
	size_t		 nlevels;
	struct round	*rounds;
	const char	**round_ids;	/* rounds[i].id, for lookups and messages */
	size_t		 nrounds;
	struct guide_def *guides;
	size_t		 nguides;
};

struct category;
struct xentry;

/* An image the bank's Markdown shows (each file's bytes once). */
struct bank_image {
	struct image	 im;		/* path: the first file with these bytes */
	const char	*href;		/* in the site: images/NAME-HASH.EXT */
};

struct question {
	const char	*id;
	struct term	 id_at;		/* where the id came from (key or file) */
	const char	*title;
	int		 title_line;
	const char	*file;		/* path for diagnostics */
	const char	*level;		/* NULL when unset */
	const char	*round;		/* NULL when unset */
	enum qkind	 kind;
	struct term	*tags, *index, *related;
	size_t		 ntags, nindex, nrelated;
	struct xentry	**tag_entries;	/* cross-index entry of each tag
					 * (index_build) */
	int		 minutes;
	struct category	*category;
	size_t		 number;	/* 1-based position in its category */
	size_t		 pos;		/* 0-based position in bank->questions */
	struct md_doc	*body;
	struct md_section sections[MD_NPARTS];
	/* sort keys */
	long		 order;
	int		 has_order;
	long		 prefix;	/* numeric file-name prefix, or -1 */
	const char	*name;		/* file name */
};

struct category {
	const char	*dir;		/* directory name: the category's slug */
	const char	*title, *summary;
	const char	*file;		/* _index.md path, or the directory */
	struct md_doc	*intro;		/* NULL without _index.md */
	struct question	**questions;
	size_t		 nquestions;
	size_t		 number;	/* 1-based position in the bank */
	size_t		 nfiles;	/* question files in the directory */
	long		 order;
	int		 has_order;
	long		 prefix;
};

struct page {
	const char	*slug, *title, *summary, *file;
	struct md_doc	*body;
	long		 order;
	int		 has_order;
	long		 prefix;
	const char	*name;
};

struct bank {
	struct arena	 arena;
	const char	*root;		/* the content directory as given */
	struct settings	 settings;
	struct category	*categories;	/* in order */
	size_t		 ncategories;
	struct page	*pages;		/* in order */
	size_t		 npages;
	struct question	**questions;	/* every question: category order, then own */
	size_t		 nquestions;
	struct question	**ids;		/* id hash table (index.c), in the arena */
	size_t		 idmask;	/* table size - 1 */
	struct xentry	**concepts;	/* the cross-index, sorted (index_build) */
	size_t		 nconcepts;
	struct xentry	**cslots;	/* concept hash table by folded key */
	size_t		 cmask;
	/* The images of questions, categories and pages, in order of first
	 * use; md_bind_image gives each body's its number here. */
	struct bank_image *images;
	size_t		 nimages;
	/* qbook's own words in the bank's language (labels.h). */
	struct labels	 labels;
	/*
	 * Every input byte but the question bodies (md_source gives those):
	 * the category directories' names, then each file's path and, for a
	 * question, its front matter, for any other file all of it; then
	 * each image's path and href (which changes with its bytes).  Two
	 * loads with the same outline give each question the same place,
	 * number, links and metadata, so its outputs change only with its
	 * body (qbook serve keeps pages between builds on this).
	 */
	struct buf	 outline;
};

/*
 * Load and parse the bank in directory root, checking every per-file rule
 * (load and model stages; the rules across files are index_build's).
 * Content problems go to d.  Returns 0 when the directory could be read
 * (check diag_errors for content errors), or -1 on a system error already
 * reported.  Release with bank_release in any case.
 */
int	 bank_load(struct bank *b, const char *root, struct diags *d);
void	 bank_release(struct bank *b);

/* "technical", "behavioral", "coding", "system-design"; and the kind's
 * title in the bank's language ("Technical"). */
const char *model_kind_name(enum qkind k);
const char *model_kind_title(const struct bank *b, enum qkind k);

/* Whether s is a non-empty run of [a-z0-9-]. */
int	 model_is_ident(const char *s);

/*
 * The file or directory rel names relative to the content directory root,
 * when it lies inside the directory that holds root (the bank's project),
 * links resolved: returns 1 and sets *path (malloc'd).  0: it lies
 * outside; -1: there is nothing there, or not of the type wanted
 * (a directory when want_dir, else a file).  qbook.yaml's paths are
 * confined so, so that a bank cannot publish files from elsewhere.
 */
int	 model_bank_path(const char *root, const char *rel, int want_dir, char **path);

#endif
