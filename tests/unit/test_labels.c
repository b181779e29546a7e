/*
 * Unit tests for labels: every catalogue built in is complete (each key,
 * each plural form its language needs, the months), the plural rules, the
 * placeholders, the choice of catalogue for a tag, and qbook.yaml's
 * labels: over it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/builtin.h"
#include "bank/labels.h"
#include "bank/meta.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"

/* Load lang into lb; returns how many problems were reported. */
static size_t
load(struct labels *lb, const char *lang, const char *overrides, struct arena *a,
    struct diags *d)
{
	struct meta_node *root = NULL;
	const struct meta_node *o = NULL;

	if (overrides != NULL) {
		assert_int_equal(meta_parse(overrides, strlen(overrides), 1, "qbook.yaml", a, d,
		    &root), 0);
		o = meta_get(root, "labels");
	}
	labels_load(lb, lang, "qbook.yaml", 2, 11, o, a, d);
	return d->n;
}

static void
every_catalogue_is_complete(void **state)
{
	(void)state;
	for (const struct builtin_file *f = builtin_locales; f->path != NULL; f++) {
		struct arena a = ARENA_INIT;
		struct diags d = DIAGS_INIT;
		struct labels lb;
		char tag[32];

		snprintf(tag, sizeof(tag), "%.*s", (int)(strlen(f->path) - 5), f->path);
		if (load(&lb, tag, NULL, &a, &d) != 0) {
			diag_flush(&d, stderr);
			fail_msg("catalogue %s: problems above", tag);
		}
		assert_string_equal(lb.lang, tag);
		for (int k = 0; k < LB_COUNT; k++)
			if (label_text(&lb, (enum label_key)k)[0] == '\0')
				fail_msg("catalogue %s: '%s' is empty", tag, labels_name((enum label_key)k));
		for (int m = 0; m < 12; m++)
			assert_non_null(lb.month[m]);
		diag_release(&d);
		arena_release(&a);
	}
}

/* The form of key k for n, as text. */
static const char *
form(const struct labels *lb, enum label_key k, unsigned long n, struct buf *b)
{
	buf_reset(b);
	label_count(lb, k, n, NULL, NULL, 0, b);
	return b->data;
}

static void
plural_rules_choose_the_forms(void **state)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct labels lb;
	struct buf b = BUF_INIT;

	(void)state;
	load(&lb, "en", NULL, &a, &d);
	assert_string_equal(form(&lb, LB_footer_questions, 1, &b), "1 question");
	assert_string_equal(form(&lb, LB_footer_questions, 0, &b), "0 questions");
	assert_string_equal(form(&lb, LB_footer_questions, 215, &b), "215 questions");
	/* Russian: one for 1, 21, 101 (not 11); few for 2-4 (not 12-14). */
	load(&lb, "ru", NULL, &a, &d);
	assert_int_equal(lb.rule(1), PL_ONE);
	assert_int_equal(lb.rule(21), PL_ONE);
	assert_int_equal(lb.rule(11), PL_MANY);
	assert_int_equal(lb.rule(3), PL_FEW);
	assert_int_equal(lb.rule(13), PL_MANY);
	assert_int_equal(lb.rule(24), PL_FEW);
	assert_int_equal(lb.rule(5), PL_MANY);
	assert_non_null(lb.form[LB_footer_questions][PL_FEW]);
	assert_non_null(strstr(form(&lb, LB_footer_questions, 3, &b), "3"));
	assert_null(strchr(b.data, '{'));
	/* Arabic: zero, one, two, few (3-10), many (11-99), other. */
	load(&lb, "ar", NULL, &a, &d);
	assert_int_equal(lb.rule(0), PL_ZERO);
	assert_int_equal(lb.rule(2), PL_TWO);
	assert_int_equal(lb.rule(103), PL_FEW);
	assert_int_equal(lb.rule(111), PL_MANY);
	assert_int_equal(lb.rule(100), PL_OTHER);
	/* French and Brazilian Portuguese: 0 is singular. */
	load(&lb, "fr", NULL, &a, &d);
	assert_int_equal(lb.rule(0), PL_ONE);
	load(&lb, "pt-BR", NULL, &a, &d);
	assert_int_equal(lb.rule(0), PL_ONE);
	load(&lb, "zh-CN", NULL, &a, &d);
	assert_int_equal(lb.rule(1), PL_OTHER);
	assert_int_equal(d.n, 0);
	buf_release(&b);
	diag_release(&d);
	arena_release(&a);
}

static void
placeholders_and_dates(void **state)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct labels lb;
	struct buf b = BUF_INIT;
	const char *names[2] = { "n", "total" }, *values[2] = { "iv", "40" };

	(void)state;
	load(&lb, "en", NULL, &a, &d);
	label_count(&lb, LB_page_of, 40, names, values, 2, &b);
	assert_string_equal(b.data, "Page iv of 40");
	buf_reset(&b);
	label_date(&lb, 7, 12, 2026, &b);
	assert_string_equal(b.data, "7 December 2026");
	load(&lb, "de", NULL, &a, &d);
	buf_reset(&b);
	label_count(&lb, LB_page_of, 40, names, values, 2, &b);
	assert_non_null(strstr(b.data, "iv"));
	assert_non_null(strstr(b.data, "40"));
	assert_null(strchr(b.data, '{'));
	buf_release(&b);
	diag_release(&d);
	arena_release(&a);
}

static void
tags_find_their_catalogue(void **state)
{
	struct arena a = ARENA_INIT;
	struct labels lb;
	struct diags d = DIAGS_INIT;

	(void)state;
	assert_int_equal(load(&lb, "en-GB", NULL, &a, &d), 0);
	assert_string_equal(lb.lang, "en");
	assert_int_equal(load(&lb, "PT", NULL, &a, &d), 0);
	assert_string_equal(lb.lang, "pt-BR");
	assert_int_equal(load(&lb, "de-AT", NULL, &a, &d), 0);
	assert_string_equal(lb.lang, "de");
	/* Traditional Chinese is not the simplified catalogue: English. */
	assert_int_equal(load(&lb, "zh-TW", NULL, &a, &d), 1);
	assert_string_equal(lb.lang, "en");
	assert_int_equal(load(&lb, "zh-Hant-HK", NULL, &a, &d), 2);
	assert_int_equal(load(&lb, "tlh", NULL, &a, &d), 3);
	assert_string_equal(label_text(&lb, LB_answer_notes), "Answer notes");
	assert_int_equal(diag_errors(&d), 0);
	diag_release(&d);
	arena_release(&a);
}

static void
settings_override_words(void **state)
{
	struct arena a = ARENA_INIT;
	struct labels lb;
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;

	(void)state;
	load(&lb, "en", "labels:\n  answer_notes: Model answer\n  footer_questions:\n"
	    "    one: one item\n    other: \"{n} items\"\n", &a, &d);
	assert_int_equal(d.n, 0);
	assert_string_equal(label_text(&lb, LB_answer_notes), "Model answer");
	assert_string_equal(form(&lb, LB_footer_questions, 1, &b), "one item");
	assert_string_equal(form(&lb, LB_footer_questions, 7, &b), "7 items");
	/* A typo is an error with the nearest key; a bad form too. */
	load(&lb, "en", "labels:\n  answer_note: x\n  minutes:\n    several: x\n", &a, &d);
	assert_int_equal(diag_errors(&d), 3);
	buf_release(&b);
	diag_release(&d);
	arena_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_catalogue_is_complete),
		cmocka_unit_test(plural_rules_choose_the_forms),
		cmocka_unit_test(placeholders_and_dates),
		cmocka_unit_test(tags_find_their_catalogue),
		cmocka_unit_test(settings_override_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
