/*
 * scaffold: the starter bank qbook init writes, in the content format of
 * docs/content.md.  Its text is the sample; the code only writes it.
 */
#include "bank/scaffold.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/builtin.h"
#include "base/diag.h"
#include "base/fsx.h"
#include "base/mem.h"

static const struct {
	const char	*path;		/* below the directory given */
	const char	*text;
} files[] = {
	{ "content/qbook.yaml",
	    "# Guide settings.  Every key is described in qbook's docs/content.md.\n"
	    "title: Software Engineering Interview Guide\n"
	    "subtitle: Questions, model answers and scoring notes\n"
	    "organization: Your team\n"
	    "language: en\n"
	    "theme: default\n"
	    "paper: a4\n"
	    "\n"
	    "# The levels a question may be written for, lowest first.\n"
	    "levels: [junior, mid, senior]\n"
	    "\n"
	    "# The interview rounds, in the order a candidate meets them.\n"
	    "rounds:\n"
	    "  - id: screen\n"
	    "    title: Phone screen\n"
	    "    description: >-\n"
	    "      Thirty minutes on experience and the basics, before anyone spends an\n"
	    "      afternoon on the candidate.\n"
	    "  - id: technical\n"
	    "    title: Technical interview\n"
	    "    description: >-\n"
	    "      An hour of deeper questions on how the candidate builds and runs software.\n"
	    "\n"
	    "# Handouts: each picks questions by round, level, category, tag or kind\n"
	    "# (the filters are ANDed) and becomes out/guides/NAME.pdf.\n"
	    "guides:\n"
	    "  phone-screen:\n"
	    "    title: Phone screen\n"
	    "    rounds: [screen]\n" },
	{ "content/practice/_index.md",
	    "---\n"
	    "title: Everyday practice\n"
	    "order: 1\n"
	    "summary: How the candidate works with code and with other people every day.\n"
	    "---\n"
	    "\n"
	    "Listen for habits rather than definitions: what the candidate does on an\n"
	    "ordinary Tuesday tells you more than what they can recite.\n" },
	{ "content/practice/01-version-control.md",
	    "---\n"
	    "title: How do you keep a change easy to review?\n"
	    "level: junior\n"
	    "round: screen\n"
	    "tags: [version control, code review]\n"
	    "index: [commits/size of]\n"
	    "related: [tests]\n"
	    "minutes: 5\n"
	    "---\n"
	    "\n"
	    "A good answer keeps each commit to one idea, writes a message that says why\n"
	    "the change was made, and splits refactoring from behaviour changes so the\n"
	    "reviewer can check each on its own. Strong candidates mention keeping the\n"
	    "branch current with the main line and running the tests before asking for a\n"
	    "review. The question on [tests](q:tests) is a natural next step.\n"
	    "\n"
	    "## What to listen for\n"
	    "\n"
	    "- One idea per commit, with a message that explains why.\n"
	    "- Refactoring kept apart from changes in behaviour.\n"
	    "- Respect for the reviewer's time: small changes, tests run first.\n"
	    "\n"
	    "## Red flags\n"
	    "\n"
	    "- \"I squash everything into one commit at the end\" with no reason given.\n"
	    "\n"
	    "## Follow-up questions\n"
	    "\n"
	    "- What do you do when a review asks for a change you disagree with?\n" },
	{ "content/practice/02-tests.md",
	    "---\n"
	    "title: Which tests do you write first for a new feature?\n"
	    "level: mid\n"
	    "round: technical\n"
	    "tags: [testing]\n"
	    "index: [tests/unit, tests/integration]\n"
	    "related: [version-control]\n"
	    "minutes: 8\n"
	    "---\n"
	    "\n"
	    "Most strong answers start from the behaviour a user would notice and write a\n"
	    "test that fails without the feature. From there the candidate should weigh\n"
	    "fast unit tests for the logic against a few slower tests that run the real\n"
	    "pieces together, and explain how they keep the tests from breaking on every\n"
	    "harmless change.\n"
	    "\n"
	    "## What to listen for\n"
	    "\n"
	    "- A test that would fail if the feature broke, written early.\n"
	    "- A reason for the balance between unit and integration tests.\n"
	    "- Tests that check results, not the code's inner workings.\n"
	    "\n"
	    "## Red flags\n"
	    "\n"
	    "- Tests written only to raise a coverage number.\n"
	    "\n"
	    "## Follow-up questions\n"
	    "\n"
	    "- How do you test code that depends on the current time?\n"
	    "- When would you delete a test?\n" },
	{ "content/design/_index.md",
	    "---\n"
	    "title: Design\n"
	    "order: 2\n"
	    "summary: How the candidate shapes a system before building it.\n"
	    "---\n"
	    "\n"
	    "These questions have no single right answer. Score the reasoning: which\n"
	    "trade-offs the candidate sees and how they choose between them.\n" },
	{ "content/design/01-caching.md",
	    "---\n"
	    "title: When does a cache make a system worse?\n"
	    "level: senior\n"
	    "round: technical\n"
	    "kind: system-design\n"
	    "tags: [caching, performance]\n"
	    "index: [cache invalidation]\n"
	    "minutes: 10\n"
	    "---\n"
	    "\n"
	    "A cache trades freshness and memory for speed. It makes things worse when\n"
	    "the data changes more often than it is read, when stale answers are not\n"
	    "acceptable, or when a cold cache after a restart sends a flood of requests to\n"
	    "a backend that was sized for the cached load. Look for a candidate who asks\n"
	    "how fresh the data must be before choosing a design, and who would measure\n"
	    "first (see also the question on [tests](q:tests) for how they would prove it\n"
	    "works).\n"
	    "\n"
	    "## What to listen for\n"
	    "\n"
	    "- Asks how stale an answer may be before proposing anything.\n"
	    "- Names invalidation and cold starts as the hard parts.\n"
	    "- Wants a measurement before and after.\n"
	    "\n"
	    "## Red flags\n"
	    "\n"
	    "- Adds a cache to every layer \"to be safe\".\n"
	    "\n"
	    "## Follow-up questions\n"
	    "\n"
	    "- How would you warm the cache after a deploy?\n" },
	{ "content/pages/01-using-this-guide.md",
	    "---\n"
	    "title: Using this guide\n"
	    "order: 1\n"
	    "summary: How to run an interview with these questions.\n"
	    "---\n"
	    "\n"
	    "Pick the questions for the round before the interview, and read their notes\n"
	    "and the points to listen for. During the interview, tick the points you hear\n"
	    "and write down what the candidate actually said. Score each question from 1\n"
	    "to 4 straight after it, while it is fresh, and give the overall call at the\n"
	    "end on the scorecard.\n"
	    "\n"
	    "Every question file lives in a category directory; edit them, add your own\n"
	    "and run `qbook build` again.\n" },
	{ ".gitignore",
	    "# qbook's output: made again by qbook build\n"
	    "/out/\n" },
};

#define NFILES	(sizeof(files) / sizeof(files[0]))

/* Whether dir holds anything but dot files (an editor's, git's). */
static int
has_files(const char *dir)
{
	struct fsx_entry *ents;
	size_t n;
	int found = 0;

	if (fsx_list(dir, &ents, &n) < 0)
		return 0;	/* missing: made below */
	for (size_t i = 0; i < n && !found; i++)
		found = ents[i].name[0] != '.';
	fsx_list_free(ents, n);
	return found;
}

/* The CI files for ci: where each goes, and which of docs/ci it is. */
static const struct {
	const char	*ci, *path, *source;
} ci_files[] = {
	{ "github", "ci/qbook-ci.sh", "qbook-ci.sh" },
	{ "github", ".github/workflows/qbook.yml", "github.yml" },
	{ "gitlab", "ci/qbook-ci.sh", "qbook-ci.sh" },
	{ "gitlab", ".gitlab-ci.yml", "gitlab-ci.yml" },
};

#define NCI	(sizeof(ci_files) / sizeof(ci_files[0]))

/* The built-in bytes of docs/ci/name (builtin.h). */
static const char *
ci_text(const char *name)
{
	for (const struct builtin_file *f = builtin_ci; f->path != NULL; f++)
		if (strcmp(f->path, name) == 0)
			return (const char *)f->data;
	BUG("docs/ci/%s is not built in", name);
}

/* The i-th file to write (the bank's, then ci's); NULL past the last. */
static const char *
nth_file(size_t i, const char *ci, const char **text)
{
	if (i < NFILES) {
		*text = files[i].text;
		return files[i].path;
	}
	for (size_t k = 0, n = NFILES; ci != NULL && k < NCI; k++)
		if (strcmp(ci_files[k].ci, ci) == 0 && n++ == i) {
			*text = ci_text(ci_files[k].source);
			return ci_files[k].path;
		}
	return NULL;
}

int
scaffold_write(const char *dir, int force, const char *ci, size_t *written)
{
	const char *rel, *text;

	*written = 0;
	if (!force && has_files(dir)) {
		diag_usage("refusing to write a starter bank into '%s': it is not empty "
		    "(--force writes into it all the same, never over a file)", dir);
		return -1;
	}
	/* Nothing is written when any file is already there. */
	for (size_t i = 0; (rel = nth_file(i, ci, &text)) != NULL; i++) {
		char *path = fsx_join(dir, rel);
		int there = fsx_exists(path);

		if (there)
			diag_usage("refusing to overwrite '%s'", path);
		free(path);
		if (there)
			return -1;
	}
	for (size_t i = 0; (rel = nth_file(i, ci, &text)) != NULL; i++) {
		char *path = fsx_join(dir, rel), *slash = strrchr(path, '/');
		int rc;

		*slash = '\0';
		rc = fsx_mkdirs(path, NULL, NULL);
		*slash = '/';
		if (rc == 0)
			rc = fsx_write_new(path, text, strlen(text));
		if (rc < 0)
			diag_system("cannot write '%s': %s", path, strerror(errno));
		free(path);
		if (rc < 0)
			return -1;
		(*written)++;
	}
	return 0;
}
