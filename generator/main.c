/*
 * qbook: compile a bank of interview questions into a study site and a
 * typeset hiring guide.  This file is the command line: it parses options,
 * runs the stages in order and turns the outcome into an exit status
 * (0 clean, 1 content errors, 2 usage or system errors).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bank/index.h"
#include "bank/md.h"
#include "bank/model.h"
#include "bank/scaffold.h"
#include "bank/theme.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/out.h"
#include "base/proc.h"
#include "guide/face.h"
#include "guide/fonts.h"
#include "guide/guide.h"
#include "guide/hyph.h"
#include "site/site.h"
#include "site/tmpl.h"
#include "serve/serve.h"

#define QBOOK_VERSION	"0.1.0"


struct options {
	const char	*content;	/* -C */
	const char	*out;		/* -o */
	const char	*theme;		/* --theme */
	int		 strict;	/* --strict */
	const char	*guide;		/* --guide NAME */
	const char	*select;	/* --select FILTER */
	long		 random;	/* --random N, or 0 */
	unsigned long long seed;	/* --seed S */
	enum { ONLY_ALL, ONLY_SITE, ONLY_PDF } only;	/* --only */
	long		 jobs;		/* -j: processes to use (1: no helper) */
	const char	*bind;		/* serve --bind */
	long		 port;		/* serve --port (0: any free one) */
	int		 open;		/* serve --open */
	/* For serve's builds: */
	int		 quiet;		/* print no summary lines */
	struct buf	*changes;	/* or NULL: the site files whose bytes
					 * change, as parts (out_set_changes) */
	char		**watch_dirs;	/* or NULL: set to the theme's
					 * directories and those of qbook.yaml's
					 * images, '\n'-separated (malloc'd) */
	struct site_memo *memo;		/* or NULL: pages kept between builds */
};

static const char usage_text[] =
    "usage: qbook build [-C DIR] [-o OUT] [--theme NAME] [--strict] [--only site|pdf]\n"
    "                   [--guide NAME] [--select FILTER] [--random N [--seed S]] [-j N]\n"
    "                   [--diagnostics FORMAT]\n"
    "       qbook check [-C DIR] [--theme NAME] [--strict] [-j N] [--diagnostics FORMAT]\n"
    "       qbook list [-C DIR] [-j N] [--diagnostics FORMAT]\n"
    "       qbook serve [-C DIR] [-o OUT] [--theme NAME] [--strict] [--port N]\n"
    "                   [--bind ADDR] [--open] [-j N]\n"
    "       qbook init [DIR] [--force] [--ci github|gitlab]\n"
    "       qbook themes [-C DIR]\n"
    "       qbook --help | --version\n";

static const char help_text[] =
    "\n"
    "Compile a bank of interview questions (Markdown with YAML front matter)\n"
    "into a static study site and a typeset PDF hiring guide.\n"
    "\n"
    "commands:\n"
    "  build          check the bank, then write the outputs\n"
    "  check          check the bank, its theme and fonts as build would and\n"
    "                 report every problem; write nothing\n"
    "  list           check the bank, then print one line per question and page:\n"
    "                 KIND ID NUMBER LEVEL ROUND TITLE, separated by tabs\n"
    "  serve          build the site, serve it on http://127.0.0.1:8000/ and\n"
    "                 rebuild it on every save of the bank or its theme; open\n"
    "                 pages reload, or show the build's problems; the PDFs are\n"
    "                 built when asked for (/guide.pdf, /guides/NAME.pdf)\n"
    "  init           write a small starter bank into DIR (default: here):\n"
    "                 DIR/content/ and a .gitignore for DIR/out/; --force writes\n"
    "                 into a directory that is not empty, never over a file;\n"
    "                 --ci github|gitlab also writes a CI job that checks the\n"
    "                 bank on pull requests and publishes it (docs/ci.md)\n"
    "  themes         list where themes are looked for, in that order, and the\n"
    "                 themes in each\n"
    "\n"
    "options:\n"
    "  -C, --content DIR  the content directory (default: content)\n"
    "  -o, --output OUT   the output directory (default: out)\n"
    "      --theme NAME   use theme NAME (or the theme in a directory, when NAME\n"
    "                     has a '/') instead of qbook.yaml's theme:, which is a\n"
    "                     name or a path relative to qbook.yaml; 'qbook themes'\n"
    "                     lists where names are looked for\n"
    "      --strict       treat warnings as errors\n"
    "      --diagnostics text|json|github|sarif\n"
    "                     print problems GCC style (default), as JSON lines\n"
    "                     (file, line, column, level, message), as GitHub\n"
    "                     workflow commands (annotations on a pull request)\n"
    "                     or as one SARIF 2.1.0 log\n"
    "  -j, --jobs N       use up to N processes (default: the online cores;\n"
    "                     1: one process)\n"
    "      --port N       serve: the port (default 8000; 0: any free port)\n"
    "      --bind ADDR    serve: the numeric address to listen on (default\n"
    "                     127.0.0.1; 0.0.0.0 or :: for every network)\n"
    "      --open         serve: open the site in the desktop's browser\n"
    "      --only site|pdf\n"
    "                     build only the site, or only the PDFs; the other\n"
    "                     outputs are left as they are\n"
    "\n"
    "handouts (build writes only OUT/guides/NAME.pdf when one is given):\n"
    "      --guide NAME   the handout NAME defined under guides: in qbook.yaml\n"
    "      --select FILTER\n"
    "                     keep questions matching KEY=V1,V2;KEY=V... with KEY\n"
    "                     category, tag, level, round or kind (clauses ANDed)\n"
    "      --random N     keep N questions drawn at random (same seed, same draw)\n"
    "      --seed S       the seed for --random (default 1)\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Diagnostics are printed as FILE:LINE:COL: error|warning: MESSAGE.\n"
    "Exit status: 0 clean, 1 content errors, 2 usage or system errors.\n"
    "The content format is described in docs/content.md.\n";

/* "qbook: error: WHAT 'ARG'" and the usage lines; returns -1. */
static int
usage_error(const char *what, const char *arg)
{
	if (arg != NULL)
		diag_usage("%s '%s'", what, arg);
	else
		diag_usage("%s", what);
	fputs(usage_text, stderr);
	return -1;
}

/* A whole decimal number into *count (1 or more) or *seed. */
static int
parse_count(const char *s, long *count, unsigned long long *seed)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	if (count != NULL) {
		if (v < 1 || v > 1000000)
			return -1;
		*count = (long)v;
	} else
		*seed = v;
	return 0;
}

/* A port number, 0 to 65535, into *port. */
static int
parse_port(const char *s, long *port)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

enum command { CMD_BUILD, CMD_CHECK, CMD_LIST, CMD_SERVE };

/* Parse the options after the command word; returns -1 after a usage error. */
static int
parse_options(int argc, char **argv, enum command cmd, struct options *o)
{
	int is_build = cmd == CMD_BUILD;
	static const struct option longopts[] = {
		{ "content", required_argument, NULL, 'C' },
		{ "output", required_argument, NULL, 'o' },
		{ "theme", required_argument, NULL, 't' },
		{ "strict", no_argument, NULL, 's' },
		{ "guide", required_argument, NULL, 'g' },
		{ "select", required_argument, NULL, 'S' },
		{ "random", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'e' },
		{ "only", required_argument, NULL, 'O' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "diagnostics", required_argument, NULL, 'D' },
		{ "port", required_argument, NULL, 'P' },
		{ "bind", required_argument, NULL, 'B' },
		{ "open", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":C:o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			if (*optarg == '\0') {
				usage_error("-C wants a directory, not", optarg);
				return -1;
			}
			o->content = optarg;
			break;
		case 'o':
		case 't':
			/* check loads the theme build would use (and no more);
			 * serve builds. */
			if (!is_build && cmd != CMD_SERVE && (c == 'o' || cmd != CMD_CHECK)) {
				usage_error(c == 'o' ? "this option is only for 'qbook build':" :
				    "this option is only for 'qbook build' and 'qbook check':",
				    c == 'o' ? "-o" : "--theme");
				return -1;
			}
			if (c == 'o' && *optarg == '\0') {
				usage_error("-o wants a directory, not", optarg);
				return -1;
			}
			if (c == 'o')
				o->out = optarg;
			else
				o->theme = optarg;
			break;
		case 's':
			o->strict = 1;
			break;
		case 'P':
		case 'B':
		case 'W':
			if (cmd != CMD_SERVE) {
				usage_error("this option is only for 'qbook serve':",
				    c == 'P' ? "--port" : c == 'B' ? "--bind" : "--open");
				return -1;
			}
			if (c == 'W')
				o->open = 1;
			else if (c == 'B')
				o->bind = optarg;
			else if (parse_port(optarg, &o->port) < 0) {
				usage_error("--port wants a number from 0 to 65535, not", optarg);
				return -1;
			}
			break;
		case 'D':
			if (cmd == CMD_SERVE) {
				usage_error("this option is not for 'qbook serve':", "--diagnostics");
				return -1;
			}
			if (strcmp(optarg, "text") == 0)
				diag_set_format(DIAG_TEXT);
			else if (strcmp(optarg, "json") == 0)
				diag_set_format(DIAG_JSON);
			else if (strcmp(optarg, "github") == 0)
				diag_set_format(DIAG_GITHUB);
			else if (strcmp(optarg, "sarif") == 0)
				diag_set_format(DIAG_SARIF);
			else {
				diag_set_format(DIAG_TEXT);	/* the complaint itself */
				usage_error("--diagnostics wants text, json, github or sarif, not",
				    optarg);
				return -1;
			}
			break;
		case 'j':
			if (parse_count(optarg, &o->jobs, NULL) < 0) {
				usage_error("-j wants a count from 1, not", optarg);
				return -1;
			}
			break;
		case 'O':
			if (!is_build) {
				usage_error("this option is only for 'qbook build':", "--only");
				return -1;
			}
			if (strcmp(optarg, "site") == 0)
				o->only = ONLY_SITE;
			else if (strcmp(optarg, "pdf") == 0)
				o->only = ONLY_PDF;
			else {
				usage_error("--only wants 'site' or 'pdf', not", optarg);
				return -1;
			}
			break;
		case 'g':
		case 'S':
		case 'r':
		case 'e':
			if (!is_build) {
				/* Named, not argv[optind - 1]: that is the value. */
				usage_error("this option is only for 'qbook build':",
				    c == 'g' ? "--guide" : c == 'S' ? "--select" :
				    c == 'r' ? "--random" : "--seed");
				return -1;
			}
			if (c == 'g')
				o->guide = optarg;
			else if (c == 'S')
				o->select = optarg;
			else if (parse_count(optarg, c == 'r' ? &o->random : NULL,
			    c == 'e' ? &o->seed : NULL) < 0) {
				usage_error(c == 'r' ? "--random wants a count from 1, not" :
				    "--seed wants a number, not", optarg);
				return -1;
			}
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			exit(0);
		case ':':
			usage_error("missing value for option", argv[optind - 1]);
			return -1;
		default: {
			char shortopt[3] = { '-', (char)optopt, '\0' };

			usage_error("unknown option", optopt ? shortopt : argv[optind - 1]);
			return -1;
		}
		}
	}
	if (optind < argc) {
		usage_error("unexpected argument", argv[optind]);
		return -1;
	}
	if (o->only == ONLY_SITE && (o->guide != NULL || o->select != NULL || o->random > 0)) {
		usage_error("--only site makes no handout: drop",
		    o->guide ? "--guide" : o->select ? "--select" : "--random");
		return -1;
	}
	return 0;
}

/* One tab-separated line per question and page, for scripts. */
static void
print_list(const struct bank *b)
{
	for (size_t i = 0; i < b->nquestions; i++) {
		const struct question *q = b->questions[i];

		printf("question\t%s\t%zu.%zu\t%s\t%s\t%s\n", q->id, q->category->number,
		    q->number, q->level ? q->level : "-", q->round ? q->round : "-", q->title);
	}
	for (size_t i = 0; i < b->npages; i++)
		printf("page\t%s\t-\t-\t-\t%s\n", b->pages[i].slug, b->pages[i].title);
}

static void
print_summary(const struct bank *b)
{
	printf("%s: %zu question%s in %zu categor%s, %zu page%s\n", b->root,
	    b->nquestions, b->nquestions == 1 ? "" : "s", b->ncategories,
	    b->ncategories == 1 ? "y" : "ies", b->npages, b->npages == 1 ? "" : "s");
}

/* Refuse an output directory that would overwrite the input: "/", the
 * content directory, or one that contains it.  (out_finish asks again once
 * the directory exists.) */
static int
check_output_dir(const char *out, const char *content)
{
	if (fsx_holds(out, content) != 1)
		return 0;
	diag_usage("refusing to write into '%s': it is '/' or holds the content directory", out);
	return -1;
}

/* One PDF to make: its selection and path under OUT, then its bytes. */
struct pdf_job {
	struct guide_sel sel;
	char		*rel;
	struct buf	 data;
	size_t		 pages;
	int		 unchanged;	/* the file already held these bytes */
	struct miss	*misses;	/* characters no font had (guide_build) */
	size_t		 nmisses;
	struct buf	 files;		/* received from a worker: the misses'
					 * file names */
};

/* The handout the command line asks for, or -1 after a usage error. */
static int
cli_selection(const struct bank *b, const struct options *o, struct guide_sel *sel,
    struct buf *stem)
{

	if (o->guide != NULL) {
		size_t i;

		for (i = 0; i < b->settings.nguides; i++)
			if (strcmp(b->settings.guides[i].name, o->guide) == 0)
				break;
		if (i == b->settings.nguides) {
			struct buf names = BUF_INIT;

			for (size_t k = 0; k < b->settings.nguides; k++)
				buf_printf(&names, "%s%s", k ? ", " : "", b->settings.guides[k].name);
			diag_usage("no guide '%s' in %s (defined: %s)", o->guide, b->settings.file,
			    names.len ? names.data : "none");
			buf_release(&names);
			return -1;
		}
		guide_select_def(b, &b->settings.guides[i], sel);
		buf_adds(stem, o->guide);
	} else {
		guide_select_all(b, sel);
		sel->name = "selection";
		sel->title = "Selected questions";
		sel->handout = 1;
		buf_adds(stem, "selection");
	}
	if (o->select != NULL && guide_filter(b, o->select, sel) < 0) {
		guide_sel_free(sel);
		return -1;
	}
	if (o->random > 0) {
		guide_random(sel, (size_t)o->random, o->seed);
		buf_printf(stem, "-random-%ld-seed-%llu", o->random, o->seed);
	}
	if (sel->nq == 0) {
		diag_usage("the selection for %s.pdf has no questions", stem->data);
		guide_sel_free(sel);
		return -1;
	}
	return 0;
}

/* The PDFs this build makes: every guide with questions, or the one the
 * command line asks for.  Returns -1 after a usage error. */
static int
plan_jobs(const struct bank *b, const struct options *o, struct pdf_job **jobs,
    size_t *njobs)
{
	struct buf path = BUF_INIT;
	struct pdf_job *j;

	*jobs = xcalloc(b->settings.nguides + 1, sizeof(**jobs));
	*njobs = 0;
	j = &(*jobs)[0];
	buf_init(&j->data);
	buf_init(&j->files);
	if (o->guide != NULL || o->select != NULL || o->random > 0) {
		if (cli_selection(b, o, &j->sel, &path) < 0) {
			buf_release(&path);
			return -1;
		}
		{
			struct buf rel = BUF_INIT;

			buf_printf(&rel, "guides/%s.pdf", path.data);
			j->rel = buf_detach(&rel, NULL);
		}
		*njobs = 1;
		buf_release(&path);
		return 0;
	}
	guide_select_all(b, &j->sel);
	j->rel = xstrdup("guide.pdf");
	*njobs = 1;
	for (size_t i = 0; i < b->settings.nguides; i++) {
		j = &(*jobs)[*njobs];
		buf_init(&j->data);
		buf_init(&j->files);
		guide_select_def(b, &b->settings.guides[i], &j->sel);
		if (j->sel.nq == 0) {
			guide_sel_free(&j->sel);
			continue;
		}
		buf_reset(&path);
		buf_printf(&path, "guides/%s.pdf", j->sel.name);
		j->rel = buf_detach(&path, NULL);
		(*njobs)++;
	}
	buf_release(&path);
	return 0;
}

/* Typeset one job; returns -1 after reporting. */
static int
typeset_job(const struct bank *b, const struct pdfstyle *st, struct pdf_job *j)
{
	return guide_build(b, st, &j->sel, j->rel, &j->data, &j->pages, &j->misses,
	    &j->nmisses);
}

static void
free_jobs(struct pdf_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(jobs[i].rel);
		free(jobs[i].misses);
		buf_release(&jobs[i].files);
		buf_release(&jobs[i].data);
		guide_sel_free(&jobs[i].sel);
	}
	free(jobs);
}

/* Report the characters the PDFs could not draw (warnings, or errors when
 * strict); returns the number of errors. */
static int
report_misses(const struct bank *b, const struct pdf_job *jobs, size_t njobs, int strict)
{
	struct diags d = DIAGS_INIT;
	struct miss *all = NULL;
	size_t n = 0, cap = 0;
	int errors;

	for (size_t i = 0; i < njobs; i++) {
		GROW(all, cap, n + jobs[i].nmisses + 1);
		if (jobs[i].nmisses > 0)
			memcpy(all + n, jobs[i].misses, jobs[i].nmisses * sizeof(*all));
		n += jobs[i].nmisses;
	}
	d.strict = strict;
	guide_report_misses(b, all, n, &d);
	diag_flush(&d, stderr);
	errors = diag_errors(&d);
	diag_release(&d);
	free(all);
	return errors;
}

/* Record the PDFs in w. */
static int
write_pdfs(struct out *w, struct pdf_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t before = out_unchanged(w);

		if (out_write(w, jobs[i].rel, jobs[i].data.data, jobs[i].data.len) < 0)
			return -1;
		jobs[i].unchanged = out_unchanged(w) > before;
		/* Staged: the bytes are on disk now. */
		buf_release(&jobs[i].data);
	}
	return 0;
}

static void
print_pdfs(const struct options *o, const struct pdf_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s/%s: %zu question%s, %zu pages%s\n", o->out, jobs[i].rel,
		    jobs[i].sel.nq, jobs[i].sel.nq == 1 ? "" : "s", jobs[i].pages,
		    jobs[i].unchanged ? " (unchanged)" : "");
}

/* The site, recorded in w under site/ (through memo, or NULL: site.h);
 * returns 0 or -1 after reporting. */
static int
make_site(const struct bank *b, const struct site *s, struct site_memo *memo,
    struct out *w, size_t *written, size_t *unchanged)
{
	int rc;

	out_set_prefix(w, "site/");
	rc = site_build(s, b, w, memo);
	out_set_prefix(w, NULL);
	*written = out_written(w);
	*unchanged = out_unchanged(w);
	return rc;
}

/* What an --only build answers for, for stale-file removal. */
static int
is_site_file(const char *rel)
{
	return strncmp(rel, "site/", 5) == 0;
}

static int
is_pdf_file(const char *rel)
{
	return !is_site_file(rel);
}

/* A warning when the patterns for the bank's language are not installed:
 * the guide is then set without hyphenation. */
static void
check_hyphenation(const struct bank *b, struct diags *d)
{
	const char *lang = b->settings.language ? b->settings.language : "en";
	char *path, package[64];

	if (hyph_find(lang, &path, package, sizeof(package)) == HYPH_MISSING)
		diag(d, D_NO_HYPHENATION, b->settings.file, b->settings.language_line,
		    b->settings.language_col, lang, package);
	free(path);
}

/* Whether the theme's PDF fonts are installed: a problem found before
 * anything is written, whichever process typesets. */
static int
check_fonts(const struct pdfstyle *st)
{
	struct fontset *fs = fontset_new(NULL, &st->fam);

	if (fs == NULL)
		return -1;
	fontset_free(fs);
	return 0;
}

/* The misses of j as parts (see buf.h): each its code point (4 bytes)
 * and then its file name, if any. */
static void
pack_misses(const struct pdf_job *j, struct buf *out)
{
	struct buf part = BUF_INIT;

	for (size_t i = 0; i < j->nmisses; i++) {
		uint32_t cp = j->misses[i].cp;

		buf_reset(&part);
		buf_add(&part, &cp, sizeof(cp));
		if (j->misses[i].file != NULL)
			buf_adds(&part, j->misses[i].file);
		buf_add_part(out, part.data, part.len);
	}
	buf_release(&part);
}

/* The misses that pack_misses put in j->files; 0, or -1 when the bytes
 * are not such parts.  The names stay in j->files: each is moved over its
 * code point and ended with a NUL there. */
static int
unpack_misses(struct pdf_job *j)
{
	size_t pos = 0, len, cap = 0;
	const char *p;

	while (buf_take_part(&j->files, &pos, &p, &len) == 0) {
		char *name = j->files.data + (p - j->files.data);
		struct miss *m;

		if (len < sizeof(uint32_t))
			return -1;
		GROW(j->misses, cap, j->nmisses + 1);
		m = &j->misses[j->nmisses++];
		memcpy(&m->cp, name, sizeof(m->cp));
		memmove(name, name + sizeof(uint32_t), len - sizeof(uint32_t));
		name[len - sizeof(uint32_t)] = '\0';
		m->file = len > sizeof(uint32_t) ? name : NULL;
	}
	return pos == j->files.len ? 0 : -1;
}

/* The libraries' global state, released at the end of each process. */
static void
release_libraries(void)
{
	md_shutdown();
	tmpl_shutdown();
	hyph_shutdown();
	fonts_shutdown();
}

/*
 * Run fn(ctx) with what diag_usage and diag_system print gathered into msgs
 * as text (diag_to), for a process or a build that reports through another.
 * Returns fn's result, or -1 after reporting that it could not be done
 * (doing says what was being done).
 */
static int
gather_messages(int (*fn)(void *ctx), void *ctx, const char *doing, struct buf *msgs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	if (fp == NULL) {
		diag_system("cannot %s: %s", doing, strerror(errno));
		return -1;
	}
	diag_to(fp);
	rc = fn(ctx);
	diag_to(NULL);
	fclose(fp);
	buf_add(msgs, text, len);
	free(text);
	return rc;
}

/* What the typesetting process needs. */
struct typeset_work {
	const struct bank	*b;
	const struct pdfstyle	*st;
	struct pdf_job		*j;		/* the first job: the whole guide */
};

/* gather_messages's fn: typeset tw's job. */
static int
typeset_work_job(void *ctx)
{
	struct typeset_work *tw = ctx;

	return typeset_job(tw->b, tw->st, tw->j);
}

/*
 * In the typesetting process: typeset the job and send its page count, its
 * length, the length of its error messages and of its misses, then the
 * bytes, the messages and the misses.  The parent prints the messages only
 * if its own work succeeded, so what a failed build prints does not depend
 * on which process failed first.
 */
static int
send_job(void *ctx, int fd)
{
	struct typeset_work *tw = ctx;
	struct pdf_job *j = tw->j;
	FILE *to = fdopen(dup(fd), "wb");
	uint64_t head[4];
	struct buf misses = BUF_INIT, msgs = BUF_INIT;
	int rc;

	if (to == NULL) {
		diag_system("cannot send the typeset guide: %s", strerror(errno));
		return -1;
	}
	diag_set_format(DIAG_TEXT);	/* for diag_relay in the parent */
	if ((rc = gather_messages(typeset_work_job, tw, "send the typeset guide", &msgs)) < 0)
		j->data.len = 0;
	pack_misses(j, &misses);
	head[0] = j->pages;
	head[1] = j->data.len;
	head[2] = msgs.len;
	head[3] = misses.len;
	if (fwrite(head, sizeof(head), 1, to) != 1 ||
	    fwrite(j->data.data, 1, j->data.len, to) != j->data.len ||
	    fwrite(msgs.data, 1, msgs.len, to) != msgs.len ||
	    fwrite(misses.data, 1, misses.len, to) != misses.len || fclose(to) != 0) {
		if (rc == 0)
			diag_system("cannot send the typeset guide: %s", strerror(errno));
		rc = -1;
	}
	buf_release(&misses);
	buf_release(&msgs);
	release_libraries();	/* the process ends here (see proc.h) */
	return rc;
}

/* Read n bytes into b (which is then NUL-terminated); 0 or -1. */
static int
read_into(int fd, uint64_t n, struct buf *b)
{
	if (n >= SIZE_MAX / 2)
		return -1;
	buf_reset(b);
	buf_grow(b, (size_t)n);
	if (fsx_read_all(fd, b->data, (size_t)n) < 0)
		return -1;
	b->len = (size_t)n;
	b->data[b->len] = '\0';
	return 0;
}

/* In the parent: receive job j from the typesetting process and collect
 * its outcome.  Returns 0, or -1 (with the child's reasons, or this one's). */
static int
receive_job(struct proc *p, struct pdf_job *j)
{
	struct buf msgs = BUF_INIT;
	uint64_t head[4];
	int ok = 0;

	if (fsx_read_all(p->fd, head, sizeof(head)) == 0 &&
	    read_into(p->fd, head[1], &j->data) == 0 && read_into(p->fd, head[2], &msgs) == 0 &&
	    read_into(p->fd, head[3], &j->files) == 0 && unpack_misses(j) == 0) {
		j->pages = (size_t)head[0];
		ok = 1;
	}
	/* Its messages come first, as if printed here. */
	diag_relay(msgs.data);
	buf_release(&msgs);
	if (proc_finish(p) < 0)
		return -1;
	if (!ok)
		diag_system("lost the typeset guide on its way from the typesetting process");
	return ok ? 0 : -1;
}

/*
 * What a bank is built with: its theme, the site's compiled templates and
 * the guide's look, loaded and checked before anything is written (and by
 * check, so that a clean check means build cannot fail on them).
 */
struct look {
	struct theme	*th;
	struct site	*site;
	struct pdfstyle	 st;
};

/* The file fontconfig found for a theme's family opens as a font the
 * guide can draw with (fontconfig's cache may know a file that has since
 * been cut short or replaced); if not, an error at the line naming it. */
static void
check_font_file(const char *family, const char *path, int index, const char *file,
    int line, int col, struct diags *d)
{
	struct buf why = BUF_INIT, msg = BUF_INIT;
	struct face *f = face_open(path, index, &why);

	if (f == NULL) {
		buf_printf(&msg, "fontconfig finds %s, but %s", path, why.data);
		diag(d, D_NO_FONT, file, line, col, family, msg.data);
	}
	face_free(f);
	buf_release(&why);
	buf_release(&msg);
}

/* Each font family the theme names is installed: a missing one is an
 * error at the theme.yaml line that names it (check_fonts then reports
 * only the default families' absence, which is the system's). */
static void
check_theme_fonts(const struct theme *th, struct diags *d)
{
	for (int k = THEME_BODY_FONT; k <= THEME_FALLBACK_FONT; k++) {
		const char *file, *family;
		int line, col, index;
		char *path;

		if ((family = theme_pdf_at(th, (enum theme_pdf)k, &file, &line, &col)) == NULL)
			continue;
		if ((path = fonts_find(family, 0, 0, &index)) == NULL) {
			struct buf why = BUF_INIT;

			fonts_why_not(family, &why);
			diag(d, D_NO_FONT, file, line, col, family, why.data);
			buf_release(&why);
		} else
			check_font_file(family, path, index, file, line, col, d);
		free(path);
	}
}

/* Load b's look into lk; problems go to d (the fonts: a system error).
 * Returns 0, or -1 with lk empty. */
static int
load_look(const struct bank *b, const struct options *o, struct diags *d, struct look *lk)
{
	char *dir = theme_find(b, o->theme ? o->theme : b->settings.theme, d);
	int before = diag_errors(d);

	memset(lk, 0, sizeof(*lk));
	lk->th = dir ? theme_load(dir, d) : NULL;
	free(dir);
	if (lk->th != NULL)
		lk->site = site_new(lk->th, d);
	if (lk->th != NULL && o->only != ONLY_SITE)
		check_theme_fonts(lk->th, d);
	/* Every problem of the theme is reported before it is refused. */
	if (lk->site != NULL && diag_errors(d) == before) {
		guide_style_default(&lk->st, b->settings.paper);
		guide_style_theme(&lk->st, lk->th);
		/* The PDFs' fonts and hyphenation, unless only the site is
		 * wanted. */
		if (o->only != ONLY_SITE)
			check_hyphenation(b, d);
		if (o->only == ONLY_SITE || check_fonts(&lk->st) == 0)
			return 0;
	}
	site_free(lk->site);
	theme_free(lk->th);
	memset(lk, 0, sizeof(*lk));
	return -1;
}

/* Start writing into the output directory (see out.h); returns 0, or -1
 * after reporting (*w is then released). */
static int
open_output(const struct options *o, int handout_only, struct out **w)
{
	if (out_open(w, o->out, o->content) < 0) {
		out_abandon(*w);
		*w = NULL;
		return -1;
	}
	if (handout_only)
		out_set_partial(*w);
	if (o->only != ONLY_ALL)
		out_set_owns(*w, o->only == ONLY_SITE ? is_site_file : is_pdf_file);
	if (o->changes != NULL)
		out_set_changes(*w, o->changes);
	return 0;
}

/* Write the outputs of a checked bank; returns 0, or -1 after reporting.  Everything
 * goes through one writer, so a failure anywhere leaves the output as it
 * was (see out.h). */
static int
build(struct bank *b, const struct options *o, struct diags *d, const struct look *lk)
{
	const struct pdfstyle *stp = &lk->st;
	struct out *w = NULL;
	struct pdf_job *jobs = NULL;
	struct typeset_work tw;
	struct proc typesetter;
	size_t njobs = 0, first = 0, written = 0, unchanged = 0;
	int handout_only = o->guide != NULL || o->select != NULL || o->random > 0;
	int want_site = !handout_only && o->only != ONLY_PDF;
	int want_pdf = o->only != ONLY_SITE;
	int rc = 0;

	if (check_output_dir(o->out, o->content) < 0)
		return -1;
	if (want_pdf && plan_jobs(b, o, &jobs, &njobs) < 0) {
		free_jobs(jobs, njobs);
		return -1;
	}
	if (want_pdf)
		hyph_init(b->settings.language);	/* the PDFs' alone */
	/* The first PDF (the whole guide, the largest) is typeset by a
	 * second process while this one makes the site and the handouts;
	 * make bench and docs/performance.md say what it saves. */
	tw = (struct typeset_work){ b, stp, jobs };
	if (o->jobs > 1 && njobs > 0 && (want_site || njobs > 1) &&
	    proc_start(&typesetter, "qbook-typeset", "typesetting process", send_job, &tw) == 0)
		first = 1;
	/* A build of PDFs alone takes the output directory (and its lock)
	 * only once they are typeset, so that qbook serve's site builds never
	 * wait for one. */
	if (want_site)
		rc = open_output(o, handout_only, &w);
	if (rc == 0 && want_site)
		rc = make_site(b, lk->site, o->memo, w, &written, &unchanged);
	for (size_t i = first; rc == 0 && i < njobs; i++)
		rc = typeset_job(b, stp, &jobs[i]);
	if (first == 1 && rc != 0)
		proc_abandon(&typesetter);	/* already failed: its work is of no use */
	else if (first == 1 && receive_job(&typesetter, &jobs[0]) < 0)
		rc = -1;
	if (rc == 0 && njobs > 0 && report_misses(b, jobs, njobs, d->strict) > 0)
		rc = -1;
	if (rc == 0 && !want_site)
		rc = open_output(o, handout_only, &w);
	if (rc == 0)
		rc = write_pdfs(w, jobs, njobs);
	if (rc == 0)
		rc = out_finish(w);
	else if (w != NULL)
		out_abandon(w);
	if (rc == 0 && want_site && !o->quiet)
		printf("%s/site: %zu files written, %zu unchanged\n", o->out, written, unchanged);
	if (rc == 0)
		print_pdfs(o, jobs, njobs);
	free_jobs(jobs, njobs);
	return rc;
}

/* The theme's directories and those of qbook.yaml's logo and favicon,
 * for serve to watch (the bank's own is watched anyway). */
static void
watch_dirs(const struct bank *b, const struct theme *th, const struct options *o)
{
	const struct image *im[2] = { b->settings.logo, b->settings.favicon };
	struct buf dirs = BUF_INIT;
	const char *dir;

	for (size_t i = 0; (dir = theme_dir(th, i)) != NULL; i++)
		buf_printf(&dirs, "%s%s", i ? "\n" : "", dir);
	for (int i = 0; i < 2; i++) {
		const char *slash = im[i] ? strrchr(im[i]->path, '/') : NULL;

		if (slash != NULL)
			buf_printf(&dirs, "\n%.*s", (int)(slash - im[i]->path), im[i]->path);
	}
	free(*o->watch_dirs);
	*o->watch_dirs = buf_detach(&dirs, NULL);
}

/* A loaded bank: its problems reported, then built, listed or summed up. */
static int
use_bank(struct bank *b, const struct options *o, enum command cmd, struct diags *d)
{
	struct look lk;
	int rc;

	memset(&lk, 0, sizeof(lk));
	/* check and build load the look before the problems are printed,
	 * so that theme problems are among them. */
	if (cmd != CMD_LIST && diag_errors(d) == 0 && load_look(b, o, d, &lk) < 0 &&
	    diag_errors(d) == 0) {
		diag_flush(d, diag_stream());
		return -1;	/* a system error (fonts), already printed */
	}
	/* check reports the characters a build's guide could not draw, so
	 * that a bank that checks clean with --strict builds. */
	if (cmd == CMD_CHECK && lk.site != NULL && diag_errors(d) == 0 &&
	    guide_check_glyphs(b, &lk.st, d) < 0) {
		diag_flush(d, diag_stream());
		site_free(lk.site);
		theme_free(lk.th);
		return -1;
	}
	if (lk.th != NULL && o->watch_dirs != NULL)
		watch_dirs(b, lk.th, o);
	diag_flush(d, diag_stream());
	if (diag_errors(d) > 0)
		return -1;
	if (cmd == CMD_LIST)
		print_list(b);
	else if (!o->quiet)
		print_summary(b);
	rc = 0;
	if (cmd == CMD_BUILD) {
		fflush(stdout);
		/* What loading freed, before the build forks (a site alone
		 * forks nothing: qbook serve's rebuilds keep their memory). */
		if (o->only != ONLY_SITE)
			mem_trim();
		rc = build(b, o, d, &lk);
	}
	site_free(lk.site);
	theme_free(lk.th);
	return rc;
}

/* One place themes are looked for, and the themes there. */
static void
print_place(void *ctx, const char *dir)
{
	struct fsx_entry *ents;
	size_t n, shown = 0;

	(void)ctx;
	printf("%s:", dir);
	if (fsx_list(dir, &ents, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char *yaml = fsx_join(dir, ents[i].name);
			char *manifest = fsx_join(yaml, "theme.yaml");

			if (ents[i].name[0] != '.' && fsx_exists(manifest)) {
				printf(" %s", ents[i].name);
				shown++;
			}
			free(manifest);
			free(yaml);
		}
		fsx_list_free(ents, n);
	}
	puts(shown > 0 ? "" : " (none)");
}

/* qbook themes [-C DIR]: where themes are looked for, in order, and which
 * are there; returns 0, or -1 after reporting. */
static int
themes(int argc, char **argv)
{
	const char *content = "content";

	for (int i = 0; i < argc; i++) {
		if ((strcmp(argv[i], "-C") == 0 || strcmp(argv[i], "--content") == 0) &&
		    i + 1 < argc && argv[i + 1][0] != '\0')
			content = argv[++i];
		else if (strcmp(argv[i], "-C") == 0 || strcmp(argv[i], "--content") == 0)
			return usage_error("missing value for option", argv[i]);
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return 0;
		} else
			return usage_error(argv[i][0] == '-' ? "unknown option" :
			    "unexpected argument", argv[i]);
	}
	theme_places(content, print_place, NULL);
	/* Last, when no directory has it (theme.h). */
	puts("(built in): default");
	return 0;
}

/* qbook init [DIR] [--force] [--ci github|gitlab]; returns 0, or -1 after
 * reporting. */
static int
init(int argc, char **argv)
{
	const char *dir = NULL, *ci = NULL;
	int force = 0;
	size_t n;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (strcmp(argv[i], "--ci") == 0 || strncmp(argv[i], "--ci=", 5) == 0) {
			ci = argv[i][4] == '=' ? argv[i] + 5 : i + 1 < argc ? argv[++i] : NULL;
			if (ci == NULL)
				return usage_error("missing value for option", "--ci");
			if (strcmp(ci, "github") != 0 && strcmp(ci, "gitlab") != 0)
				return usage_error("--ci wants github or gitlab, not", ci);
		}
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return usage_error("unknown option", argv[i]);
		else if (dir != NULL)
			return usage_error("unexpected argument", argv[i]);
		else if (argv[i][0] == '\0')
			return usage_error("init wants a directory, not", argv[i]);
		else
			dir = argv[i];
	}
	if (scaffold_write(dir ? dir : ".", force, ci, &n) < 0)
		return -1;
	if (dir == NULL)
		printf("wrote a starter bank (%zu files) into content/; build it with: "
		    "qbook build\n", n);
	else
		printf("wrote a starter bank (%zu files) into %s/content/; build it with: "
		    "qbook build -C %s/content -o %s/out\n", n, dir, dir, dir);
	if (ci != NULL)
		printf("the CI job (%s) runs ci/qbook-ci.sh with qbook's sources in qbook/ "
		    "(a git submodule, or a make dist tarball unpacked there); see "
		    "qbook's docs/ci.md\n", strcmp(ci, "github") == 0 ?
		    ".github/workflows/qbook.yml" : ".gitlab-ci.yml");
	return 0;
}

/* Every command loads and checks; build then writes, list prints.  The
 * libraries are set up once per process (cmark-gfm cannot register its
 * extensions again once released), around every run qbook serve makes.
 * Returns 0, or -1 after reporting. */
static int
run(const struct options *o, enum command cmd)
{
	struct diags d = DIAGS_INIT;
	struct bank b;
	int rc;

	d.strict = o->strict;
	rc = bank_load(&b, o->content, &d);
	if (rc == 0) {
		index_build(&b, &d);
		rc = use_bank(&b, o, cmd, &d);
	}
	bank_release(&b);
	diag_release(&d);
	return rc;
}

/* A build for serve: options and command, for gather_messages. */
struct serve_build {
	const struct options	*o;
	enum command		 cmd;
};

static int
run_build(void *ctx)
{
	const struct serve_build *sb = ctx;

	return run(sb->o, sb->cmd);
}

/* Run cmd with o, its diagnostics (as text) appended to msgs; the output
 * and status of run. */
static int
run_into(const struct options *o, enum command cmd, struct buf *msgs)
{
	struct serve_build sb = { o, cmd };

	return gather_messages(run_build, &sb, "keep the build's messages", msgs);
}

/* serve's hooks (serve.h): the site in this process, the PDFs in another. */
static int
serve_site(void *ctx, struct buf *changed, struct buf *msgs, char **theme,
    size_t *rendered, size_t *kept)
{
	struct options o = *(const struct options *)ctx;
	int rc;

	o.only = ONLY_SITE;
	o.quiet = 1;
	o.changes = changed;
	o.watch_dirs = theme;
	*theme = NULL;
	rc = run_into(&o, CMD_BUILD, msgs);
	site_memo_counts(o.memo, rendered, kept);
	return rc;
}

static int
serve_pdf(void *ctx, struct buf *msgs)
{
	struct options o = *(const struct options *)ctx;

	o.only = ONLY_PDF;
	return run_into(&o, CMD_BUILD, msgs);
}

/* qbook serve; returns 0 once stopped, or -1 after reporting. */
static int
serve(const struct options *o)
{
	struct serve_options so = { o->content, o->out, o->bind ? o->bind : "127.0.0.1",
		(unsigned)o->port, o->open };
	struct options so_build = *o;
	struct serve_hooks hooks = { serve_site, serve_pdf, &so_build };
	int rc;

	if (!fsx_is_dir(o->content)) {
		diag_usage("no content directory '%s' to serve (qbook init writes one)",
		    o->content);
		return -1;
	}
	so_build.memo = site_memo_new();
	rc = serve_run(&so, &hooks);
	site_memo_free(so_build.memo);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o = { "content", "out", NULL, 0, NULL, NULL, 0, 1, ONLY_ALL, 1, NULL,
		8000, 0, 0, NULL, NULL, NULL };
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	enum command command;
	const char *cmd;
	int rc;

	if (argc < 2)
		return usage_error("missing command", NULL), diag_exit_status();
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("qbook %s\n", QBOOK_VERSION);
		return 0;
	}
	if (strcmp(cmd, "init") == 0 || strcmp(cmd, "themes") == 0) {
		if ((cmd[0] == 'i' ? init : themes)(argc - 2, argv + 2) < 0)
			BUG_ON(diag_exit_status() == 0);
		return diag_exit_status();
	}
	if (strcmp(cmd, "build") == 0)
		command = CMD_BUILD;
	else if (strcmp(cmd, "check") == 0)
		command = CMD_CHECK;
	else if (strcmp(cmd, "list") == 0)
		command = CMD_LIST;
	else if (strcmp(cmd, "serve") == 0)
		command = CMD_SERVE;
	else {
		usage_error(cmd[0] == '-' ? "unknown option" : "unknown command", cmd);
		return diag_exit_status();
	}
	o.jobs = cores > 1 ? cores : 1;
	/* The exit status follows the worst problem reported (diag.h); a
	 * failure that reported none would be a bug. */
	if (parse_options(argc - 1, argv + 1, command, &o) < 0) {
		diag_finish(QBOOK_VERSION, stderr);
		return diag_exit_status();
	}
	md_init();
	tmpl_init();
	if (command == CMD_SERVE)
		rc = serve(&o) == 0 ? 0 : diag_exit_status();
	else {
		if (run(&o, command) < 0)
			BUG_ON(diag_exit_status() == 0);
		rc = diag_exit_status();
	}
	release_libraries();
	diag_finish(QBOOK_VERSION, stderr);
	return rc;
}
