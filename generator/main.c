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

#include "diag.h"
#include "md.h"
#include "model.h"

#define QBOOK_VERSION	"0.1.0"

enum { EXIT_CONTENT = 1, EXIT_USAGE = 2 };

struct options {
	const char	*content;	/* -C */
	const char	*out;		/* -o */
	const char	*theme;		/* --theme */
	int		 strict;	/* --strict */
};

static const char usage_text[] =
    "usage: qbook build [-C DIR] [-o OUT] [--theme NAME] [--strict]\n"
    "       qbook check [-C DIR] [--strict]\n"
    "       qbook list [-C DIR]\n"
    "       qbook --help | --version\n";

static const char help_text[] =
    "\n"
    "Compile a bank of interview questions (Markdown with YAML front matter)\n"
    "into a static study site and a typeset PDF hiring guide.\n"
    "\n"
    "commands:\n"
    "  build          check the bank, then write the outputs\n"
    "  check          check the bank and report every problem; write nothing\n"
    "  list           check the bank, then print one line per question and page:\n"
    "                 KIND ID NUMBER LEVEL ROUND TITLE, separated by tabs\n"
    "\n"
    "options:\n"
    "  -C, --content DIR  the content directory (default: content)\n"
    "  -o, --output OUT   the output directory (default: out)\n"
    "      --theme NAME   use themes/NAME instead of qbook.yaml's theme\n"
    "      --strict       treat warnings as errors\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Diagnostics are printed as FILE:LINE:COL: error|warning: MESSAGE.\n"
    "Exit status: 0 clean, 1 content errors, 2 usage or system errors.\n"
    "The content format is described in docs/content.md.\n";

/* "qbook: error: WHAT 'ARG'" and the usage lines. */
static int
usage_error(const char *what, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "qbook: error: %s '%s'\n", what, arg);
	else
		fprintf(stderr, "qbook: error: %s\n", what);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/* Parse the options after the command word; returns -1 after a usage error. */
static int
parse_options(int argc, char **argv, int is_build, struct options *o)
{
	static const struct option longopts[] = {
		{ "content", required_argument, NULL, 'C' },
		{ "output", required_argument, NULL, 'o' },
		{ "theme", required_argument, NULL, 't' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":C:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			o->content = optarg;
			break;
		case 'o':
		case 't':
			if (!is_build) {
				usage_error("this option is only for 'qbook build':",
				    c == 'o' ? "-o" : "--theme");
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

enum command { CMD_BUILD, CMD_CHECK, CMD_LIST };

/* Every command loads and checks; build then writes, list prints. */
static int
run(const struct options *o, enum command cmd)
{
	struct diags d = DIAGS_INIT;
	struct bank b;
	int status = 0;

	d.strict = o->strict;
	md_init();
	if (bank_load(&b, o->content, &d) < 0)
		status = EXIT_USAGE;
	diag_flush(&d, stderr);
	if (status == 0 && diag_errors(&d) > 0)
		status = EXIT_CONTENT;
	if (status == 0 && cmd == CMD_LIST)
		print_list(&b);
	else if (status == 0)
		print_summary(&b);
	bank_release(&b);
	diag_release(&d);
	md_shutdown();
	return status;
}

int
main(int argc, char **argv)
{
	struct options o = { "content", "out", NULL, 0 };
	enum command command;
	const char *cmd;

	if (argc < 2)
		return usage_error("missing command", NULL);
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
	if (strcmp(cmd, "build") == 0)
		command = CMD_BUILD;
	else if (strcmp(cmd, "check") == 0)
		command = CMD_CHECK;
	else if (strcmp(cmd, "list") == 0)
		command = CMD_LIST;
	else if (cmd[0] == '-')
		return usage_error("unknown option", cmd);
	else
		return usage_error("unknown command", cmd);
	if (parse_options(argc - 1, argv + 1, command == CMD_BUILD, &o) < 0)
		return EXIT_USAGE;
	return run(&o, command);
}
