/*
 * load: stage 1.  Walks the content directory in sorted order, reads every
 * file the content format names, checks the encoding and splits front
 * matter from body.  The only stage that reads input files.
 *
 * What load does not parse (YAML, Markdown) it leaves to model; what it
 * cannot read it reports and marks as not ok, and the walk goes on so that
 * every problem is reported in one run.
 */
#ifndef QBOOK_LOAD_H
#define QBOOK_LOAD_H

#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

/* Files larger than this are rejected. */
#define LOAD_MAX_FILE	(1024 * 1024)

enum src_kind {
	SRC_SETTINGS,	/* qbook.yaml */
	SRC_PAGE,	/* pages/<slug>.md */
	SRC_CATEGORY,	/* <category>/_index.md */
	SRC_QUESTION,	/* <category>/<slug>.md */
};

struct src {
	enum src_kind	 kind;
	char		*path;		/* as shown in diagnostics: ROOT/rel */
	char		*dir;		/* category directory name, or NULL */
	char		*name;		/* file name */
	int		 ok;		/* read, encoding valid, front matter split */
	struct buf	 text;		/* contents: no BOM, LF line ends */
	size_t		 fm_off;	/* front matter: text[fm_off..fm_off+fm_len) */
	size_t		 fm_len;
	int		 fm_line;	/* file line of text[fm_off] */
	size_t		 body_off;	/* Markdown body starts here */
};

struct catdir {
	char	*name;		/* directory name */
	char	*path;		/* ROOT/name */
	int	 has_index;	/* _index.md present (read or not) */
	size_t	 nquestions;	/* question files found in it */
};

struct sources {
	char		*root;		/* content directory as given, no trailing '/' */
	struct src	*files;		/* sorted: settings, pages, then by category */
	size_t		 nfiles, cap;
	struct catdir	*dirs;		/* category directories, sorted by name */
	size_t		 ndirs, dcap;
};

/*
 * Read the content directory root.  Returns 0 when the directory could be
 * walked (problems with files are diagnostics in d), -1 when root itself
 * cannot be opened (a message has been printed).
 */
int	 load_sources(const char *root, struct sources *out, struct diags *d);
void	 load_release(struct sources *s);

#endif
