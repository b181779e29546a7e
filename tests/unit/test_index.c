/*
 * Unit tests for index: the id table, the rules that span files (unique
 * ids, related questions and q: links that resolve, shared titles,
 * categories named by guides) and the A-Z cross-index.  Each test writes a
 * small bank into a temporary directory, loads it with bank_load and runs
 * index_build, as qbook does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bank/index.h"
#include "bank/md.h"
#include "bank/model.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"

struct tbank {
	char		 dir[64];
	struct bank	 b;
	struct diags	 d;
	char		*report;	/* diagnostics, without the directory */
};

/* Each test gets a fresh directory; the teardown removes it (and what
 * was loaded from it) whether the test passed or not. */
static int
tb_setup(void **state)
{
	struct tbank *t = xcalloc(1, sizeof(*t));

	snprintf(t->dir, sizeof(t->dir), "%s", "/tmp/qbook-index-XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

/* Write rel (its directory made first) under the bank. */
static void
put(struct tbank *t, const char *rel, const char *text)
{
	char path[256], *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
	*slash = '/';
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* A question file: front matter lines, then a body with the required
 * section. */
static void
question(struct tbank *t, const char *rel, const char *front, const char *notes)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "---\n%s---\n\n%s\n## What to listen for\n\n- a point\n", front, notes);
	put(t, rel, b.data);
	buf_release(&b);
}

/* Load the bank; its diagnostics as diag_flush prints them, with the
 * temporary directory left out of the paths. */
static void
tb_load(struct tbank *t)
{
	struct buf out = BUF_INIT;
	char *text = NULL;
	size_t len = 0, dl = strlen(t->dir);
	FILE *fp;

	assert_int_equal(bank_load(&t->b, t->dir, &t->d), 0);
	index_build(&t->b, &t->d);
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	diag_flush(&t->d, fp);
	fclose(fp);
	for (const char *p = text; *p != '\0'; ) {
		if (strncmp(p, t->dir, dl) == 0 && p[dl] == '/') {
			p += dl + 1;
			continue;
		}
		buf_addc(&out, *p++);
	}
	free(text);
	t->report = buf_detach(&out, NULL);
}

static int
tb_teardown(void **state)
{
	struct tbank *t = *state;
	char cmd[128];
	int rc;

	bank_release(&t->b);
	diag_release(&t->d);
	free(t->report);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	rc = system(cmd);
	free(t);
	return rc == 0 ? 0 : -1;
}

/* The bank the cross-index tests read: three questions in bank order
 * lists, tuples, dicts (numeric prefixes), with tags and index terms that
 * differ only in case, share questions, and have subterms. */
static void
concept_bank(struct tbank *t)
{
	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	question(t, "basics/1-lists.md",
	    "title: What is a list?\n"
	    "tags: [Lists, mutability]\n"
	    "index: [LISTS, sequence types/lists, __init__]\n", "");
	question(t, "basics/2-tuples.md",
	    "title: What is a tuple?\n"
	    "tags: [lists, mutability, hashing]\n"
	    "index: [Sequence Types/tuples, I\\/O-bound work/threads]\n", "");
	question(t, "basics/3-dicts.md",
	    "title: What is a dict?\n"
	    "tags: [Hashing, mutability]\n"
	    "index: [Zebra]\n", "");
	tb_load(t);
	assert_string_equal(t->report, "");
}

static const struct xentry *
entry(const struct bank *b, const char *term)
{
	for (size_t i = 0; i < b->nconcepts; i++)
		if (strcmp(b->concepts[i]->term, term) == 0)
			return b->concepts[i];
	fail_msg("no entry '%s'", term);
	return NULL;
}

/* Ids come from the id key or the file name less its numeric prefix;
 * every question is found by its id, nothing else is. */
static void
find_by_id(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	question(t, "basics/07-from-name.md", "title: A?\n", "");
	question(t, "basics/other.md", "title: B?\nid: chosen\n", "");
	tb_load(t);
	assert_string_equal(t->report, "");
	assert_int_equal(t->b.nquestions, 2);
	assert_ptr_equal(index_find(&t->b, "from-name"), t->b.questions[0]);
	assert_ptr_equal(index_find(&t->b, "chosen"), t->b.questions[1]);
	assert_null(index_find(&t->b, "other"));
	assert_null(index_find(&t->b, "07-from-name"));
	assert_null(index_find(&t->b, "from"));
	assert_null(index_find(&t->b, ""));
}

/* Many questions: the table grows with the bank and still finds each. */
static void
find_by_id_in_a_larger_bank(void **state)
{
	struct tbank *t = *state;
	char rel[64], front[64];

	put(t, "qbook.yaml", "title: T\n");
	put(t, "c/_index.md", "---\ntitle: C\n---\n");
	for (int i = 0; i < 100; i++) {
		snprintf(rel, sizeof(rel), "c/q%d.md", i);
		snprintf(front, sizeof(front), "title: Question %d?\n", i);
		question(t, rel, front, "");
	}
	tb_load(t);
	assert_string_equal(t->report, "");
	for (int i = 0; i < 100; i++) {
		const struct question *q;

		snprintf(rel, sizeof(rel), "q%d", i);
		q = index_find(&t->b, rel);
		assert_non_null(q);
		assert_string_equal(q->id, rel);
	}
	assert_null(index_find(&t->b, "q100"));
}

/* A second user of an id is an error at its id key, with a note at the
 * first user: at its id key, or the whole file when the id is its name.
 * The first keeps the id. */
static void
duplicate_ids_name_both_places(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	question(t, "basics/a.md", "title: A?\nid: same\n", "");
	question(t, "basics/b.md", "title: B?\nid: same\n", "");
	question(t, "basics/lists.md", "title: L?\n", "");
	question(t, "basics/z.md", "title: Z?\nid: lists\n", "");
	tb_load(t);
	assert_string_equal(t->report,
	    "basics/b.md:3:5: error: duplicate id 'same'\n"
	    "basics/a.md:3:5: note: 'same' is first used here\n"
	    "basics/z.md:3:5: error: duplicate id 'lists'\n"
	    "basics/lists.md: note: 'lists' is first used here\n"
	    "2 errors, 0 warnings\n");
	assert_string_equal(index_find(&t->b, "same")->title, "A?");
	assert_string_equal(index_find(&t->b, "lists")->title, "L?");
}

/*
 * related: ids that do not exist are errors at the term, a question
 * related to itself a warning; q: links to unknown ids are errors where the
 * link is, in question bodies, category introductions and free pages.
 * Known ids are not reported.  Body lines count the front matter.
 */
static void
unknown_related_and_qlinks_are_reported(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n\nSee [g](q:ghost) and [a](q:a).\n");
	put(t, "pages/faq.md", "---\ntitle: FAQ\n---\n\n[x](q:page-ghost)\n");
	question(t, "basics/a.md",
	    "title: A?\n"
	    "related: [b, nope, a]\n",
	    "Read [b](q:b) and [m](q:missing).\n");
	question(t, "basics/b.md", "title: B?\n", "");
	tb_load(t);
	assert_string_equal(t->report,
	    "basics/_index.md:5:5: error: link to unknown question 'q:ghost'\n"
	    "basics/a.md:3:14: error: related question 'nope' does not exist\n"
	    "basics/a.md:3:20: warning: question 'a' lists itself as related\n"
	    "basics/a.md:6:19: error: link to unknown question 'q:missing'\n"
	    "pages/faq.md:5:1: error: link to unknown question 'q:page-ghost'\n"
	    "4 errors, 1 warning\n");
}

/* Titles that fold to the same text are a warning on the later question,
 * with a note on the earlier; a category without questions is a warning;
 * a guide naming a category that does not exist is an error. */
static void
shared_titles_empty_categories_and_guides(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml",
	    "title: T\n"
	    "guides:\n"
	    "  screen:\n"
	    "    title: Screen\n"
	    "    categories: [basics, nowhere]\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	put(t, "empty/_index.md", "---\ntitle: Empty\n---\n");
	question(t, "basics/1-first.md", "title: What is a Caf\xc3\xa9?\n", "");
	question(t, "basics/2-second.md", "title: what is a cafe\n", "");
	tb_load(t);
	assert_string_equal(t->report,
	    "basics/2-second.md:2:1: warning: same title as question 'first'\n"
	    "basics/1-first.md:2:1: note: 'first' has this title\n"
	    "empty/_index.md: warning: category 'empty' has no questions\n"
	    "qbook.yaml:5:26: error: unknown category 'nowhere'\n"
	    "1 error, 2 warnings\n");
}

/*
 * Entries are sorted by folded key, case and punctuation aside:
 *
 *	hashing          "i o bound work"  "init" ("__init__")  lists
 *	mutability       "sequence types"  zebra
 *
 * ("i o ..." before "init": a space sorts before any letter), each with the
 * letter it is filed under and an anchor made of the key.
 */
static void
concepts_are_sorted_by_folded_key(void **state)
{
	static const char *const terms[] = {
		"hashing", "I/O-bound work", "__init__", "Lists", "mutability",
		"sequence types", "Zebra",
	};
	static const char *const anchors[] = {
		"c-hashing", "c-i-o-bound-work", "c-init", "c-lists", "c-mutability",
		"c-sequence-types", "c-zebra",
	};
	static const char letters[] = "HIILMSZ";
	struct tbank *t = *state;

	concept_bank(t);
	assert_int_equal(t->b.nconcepts, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(t->b.concepts[i]->term, terms[i]);
		assert_string_equal(t->b.concepts[i]->anchor, anchors[i]);
		assert_int_equal(t->b.concepts[i]->letter, letters[i]);
		assert_int_equal(t->b.concepts[i]->pos, i);
	}
}

/* "Lists" (a tag), "lists" (a tag elsewhere) and "LISTS" (an index term)
 * are one entry, named as first written; a question that names it twice
 * is listed once, questions in bank order. */
static void
folded_keys_merge_spellings(void **state)
{
	struct tbank *t = *state;
	const struct xentry *e;

	concept_bank(t);
	e = entry(&t->b, "Lists");
	assert_string_equal(e->key, "lists");
	assert_int_equal(e->nq, 2);
	assert_string_equal(e->qs[0]->id, "lists");
	assert_string_equal(e->qs[1]->id, "tuples");
	/* Each tag of a question points at its entry. */
	assert_ptr_equal(index_find(&t->b, "tuples")->tag_entries[0], e);
	assert_ptr_equal(index_find(&t->b, "dicts")->tag_entries[0], entry(&t->b, "hashing"));
	e = entry(&t->b, "mutability");
	assert_int_equal(e->nq, 3);
	assert_string_equal(e->qs[2]->id, "dicts");
}

/* "term/subterm" files the question under a subentry of term (merged
 * across spellings of term, subentries sorted); the entry itself then
 * lists no question of its own.  "\/" is a slash inside a term. */
static void
subterms_split_at_the_first_unescaped_slash(void **state)
{
	struct tbank *t = *state;
	const struct xentry *e;

	concept_bank(t);
	e = entry(&t->b, "sequence types");
	assert_int_equal(e->nq, 0);
	assert_int_equal(e->nsubs, 2);
	assert_string_equal(e->subs[0].term, "lists");
	assert_int_equal(e->subs[0].nq, 1);
	assert_string_equal(e->subs[0].qs[0]->id, "lists");
	assert_string_equal(e->subs[1].term, "tuples");
	assert_string_equal(e->subs[1].qs[0]->id, "tuples");
	e = entry(&t->b, "I/O-bound work");
	assert_int_equal(e->nsubs, 1);
	assert_string_equal(e->subs[0].term, "threads");
	assert_string_equal(e->subs[0].key, "threads");
}

/*
 * See also: the tags sharing at least two questions with an entry, most
 * shared first, ties to the earlier entry.  mutability's questions carry
 * lists twice and hashing twice: both, hashing first (it sorts first).
 * Lists shares only mutability twice (hashing once); Zebra's one question
 * shares nothing twice.
 */
static void
see_also_picks_tags_that_co_occur(void **state)
{
	struct tbank *t = *state;
	const struct xentry *e;

	concept_bank(t);
	e = entry(&t->b, "mutability");
	assert_int_equal(e->nsee, 2);
	assert_ptr_equal(e->see[0], entry(&t->b, "hashing"));
	assert_ptr_equal(e->see[1], entry(&t->b, "Lists"));
	e = entry(&t->b, "Lists");
	assert_int_equal(e->nsee, 1);
	assert_ptr_equal(e->see[0], entry(&t->b, "mutability"));
	assert_int_equal(entry(&t->b, "Zebra")->nsee, 0);
	assert_int_equal(entry(&t->b, "sequence types")->nsee, 0);
}

/* Keys that fold to no letter or digit start with '#'; equal anchors
 * from different keys are made unique. */
static void
anchors_stay_unique(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	question(t, "basics/a.md",
	    "title: A?\n"
	    "tags: [\"2to3\", C++, c--, \xce\xbb]\n", "");
	tb_load(t);
	assert_string_equal(t->report, "");
	assert_int_equal(t->b.nconcepts, 4);
	for (size_t i = 0; i < t->b.nconcepts; i++) {
		const struct xentry *e = t->b.concepts[i];

		assert_true(strspn(e->anchor, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
		    strlen(e->anchor));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(e->anchor, t->b.concepts[j]->anchor);
	}
	assert_int_equal(entry(&t->b, "2to3")->letter, '#');
	assert_int_equal(entry(&t->b, "\xce\xbb")->letter, '#');
	assert_int_equal(entry(&t->b, "C++")->letter, 'C');
}

/*
 * index.h promises each entry an anchor that is unique.  Letters outside
 * a-z become '-' in an anchor, so "a" and "\xce\xbb" "a" (Greek lambda,
 * then a) both make "c-a", and they are not neighbours: "b" sorts between
 * them (UTF-8 bytes after ASCII).  Comparing with the previous anchor only
 * once gave concepts.html two elements with the id "c-a".
 */
static void
anchors_unique_when_not_neighbours(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	question(t, "basics/a.md", "title: A?\ntags: [a, b, \xce\xbb" "a]\n", "");
	tb_load(t);
	assert_int_equal(t->b.nconcepts, 3);
	assert_string_not_equal(t->b.concepts[0]->anchor, t->b.concepts[2]->anchor);
}

/*
 * BUG? (left out of main; a question for the owners): index.h says a key
 * is "folded, leading punctuation ignored", but term_key folds every
 * punctuation mark into a space, so the tags "C#" and "C" become one entry
 * "C" listing the C# questions, and "F#" files under F with F.  A bank
 * about languages would notice.  (Symbols such as '+' are kept: "C++"
 * stays apart.)
 */
static void __attribute__((unused))	/* not in main() until fixed */
only_leading_punctuation_is_ignored(void **state)
{
	struct tbank *t = *state;

	put(t, "qbook.yaml", "title: T\n");
	put(t, "basics/_index.md", "---\ntitle: Basics\n---\n");
	question(t, "basics/a.md", "title: A?\ntags: [C]\n", "");
	question(t, "basics/b.md", "title: B?\ntags: [\"C#\"]\n", "");
	tb_load(t);
	assert_int_equal(t->b.nconcepts, 2);
}

/* A test with a bank directory of its own. */
#define BANK_TEST(f)	cmocka_unit_test_setup_teardown(f, tb_setup, tb_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BANK_TEST(find_by_id),
		BANK_TEST(find_by_id_in_a_larger_bank),
		BANK_TEST(duplicate_ids_name_both_places),
		BANK_TEST(unknown_related_and_qlinks_are_reported),
		BANK_TEST(shared_titles_empty_categories_and_guides),
		BANK_TEST(concepts_are_sorted_by_folded_key),
		BANK_TEST(folded_keys_merge_spellings),
		BANK_TEST(subterms_split_at_the_first_unescaped_slash),
		BANK_TEST(see_also_picks_tags_that_co_occur),
		BANK_TEST(anchors_stay_unique),
		BANK_TEST(anchors_unique_when_not_neighbours),
		/* Fails: see BUG? above only_leading_punctuation_is_ignored.
		BANK_TEST(only_leading_punctuation_is_ignored), */
	};
	int failed;

	md_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	md_shutdown();
	return failed;
}
