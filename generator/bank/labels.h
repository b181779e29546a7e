/*
 * labels: qbook's own words (the site's and the guide's headings, buttons,
 * notes) from the message catalogue of the bank's language:
 * themes/locales/TAG.yaml, built into qbook (builtin_locales), with
 * qbook.yaml's labels: over it.  The one module that knows the catalogues'
 * keys (LABEL_KEYS, the keys of en.yaml in order) and the languages'
 * plural rules.
 */
#ifndef QBOOK_LABELS_H
#define QBOOK_LABELS_H

#include <stddef.h>

#include "bank/meta.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"

#define LABEL_KEYS(X) \
	X(skip_to_content) X(nav_main) X(nav_all_questions) X(nav_concepts) \
	X(nav_practice) X(nav_search) X(nav_categories) X(nav_guide) \
	X(nav_breadcrumb) X(home) X(footer_questions) X(built_with) X(categories_count) \
	X(cover_summary) \
	X(start_practising) X(browse_all) X(categories) X(category_questions) \
	X(interview_rounds) X(read_first) X(answer_notes) X(what_to_listen_for) \
	X(red_flags) X(follow_up_questions) X(concepts) X(related_questions) \
	X(previous) X(next) X(previous_and_next) X(minutes) X(kind_technical) \
	X(kind_behavioral) X(kind_coding) X(kind_system_design) X(questions) \
	X(all_questions) X(all_questions_lede) X(all_questions_howto) X(filter) \
	X(filter_placeholder) X(all_questions_caption) X(column_number) \
	X(column_question) X(column_category) X(column_level) X(column_round) \
	X(column_kind) X(concept_index) X(concept_index_lede) X(jump_to_letter) \
	X(see_also) X(search) X(search_description) X(search_label) \
	X(search_placeholder) X(search_button) X(search_needs_js) X(search_no_match) \
	X(search_matches) X(practice) X(practice_description) X(practice_lede) \
	X(practice_needs_js) X(practice_category) X(practice_all_categories) \
	X(practice_level) X(practice_all_levels) X(practice_round) \
	X(practice_all_rounds) X(practice_draw) X(practice_reveal) \
	X(practice_got_it) X(practice_review) X(practice_stats) X(practice_none) \
	X(practice_progress) X(not_found) X(not_found_description) X(not_found_lede) \
	X(go_home) X(search_the_guide) X(guide_kind) X(handout_kind) \
	X(guide_default_title) X(chapter) X(contents) X(page_of) X(listen_heading) \
	X(flags_heading) X(followups_heading) X(score) X(score_legend) X(notes) \
	X(index) X(index_lede) X(index_see_also) X(index_symbols) X(page_ref) \
	X(matrix) X(matrix_lede) X(matrix_number) X(matrix_question) \
	X(matrix_category) X(matrix_level) X(matrix_round) X(matrix_page) \
	X(scorecard) X(scorecard_lede) X(scorecard_number) X(scorecard_question) \
	X(scorecard_score) X(candidate) X(interviewer) X(date) \
	X(overall_recommendation) X(rec_strong_no) X(rec_no) X(rec_yes) \
	X(rec_strong_yes) X(date_format)

enum label_key {
#define LABEL_ENUM(k) LB_##k,
	LABEL_KEYS(LABEL_ENUM)
#undef LABEL_ENUM
	LB_COUNT
};

/* CLDR's cardinal plural categories. */
enum plural { PL_ZERO, PL_ONE, PL_TWO, PL_FEW, PL_MANY, PL_OTHER, PL_N };

struct labels {
	const char	*lang;			/* the catalogue's tag ("pt-BR") */
	const char	*form[LB_COUNT][PL_N];	/* NULL: the other form */
	const char	*month[12];
	enum plural	(*rule)(unsigned long n);
};

/*
 * Fill lb for language lang (a BCP 47 tag from qbook.yaml at file:line:col,
 * or NULL for English): the catalogue whose tag is lang (any case), else
 * one of the same language ("en-GB": en, "pt": pt-BR; not zh-TW: zh-CN),
 * else English with a warning.  A key the catalogue lacks is
 * English's, with a warning.  Then overrides (qbook.yaml's labels:, or
 * NULL): each key a string, or a map of plural forms; an unknown key is
 * an error with the nearest known one.  Strings live in arena.
 */
void	 labels_load(struct labels *lb, const char *lang, const char *file, int line,
	    int col, const struct meta_node *overrides, struct arena *arena,
	    struct diags *d);

/* Whether language lang (a tag, or NULL) is written right to left. */
int	 labels_rtl(const char *lang);

/* The key's name ("answer_notes"), and the key named name, or -1. */
const char *labels_name(enum label_key k);
int	 labels_find(const char *name);

/* The text of k (its other form). */
const char *label_text(const struct labels *lb, enum label_key k);

/*
 * The form of k for the number n, with each {NAME} of names[0..count) (at
 * most 7) replaced by values[i] and {n}, unless names has it, by n,
 * appended to out.
 */
void	 label_count(const struct labels *lb, enum label_key k, unsigned long n,
	    const char *const *names, const char *const *values, size_t count,
	    struct buf *out);

/* label_count's text for n alone, kept in arena. */
const char *label_count_in(const struct labels *lb, enum label_key k, unsigned long n,
	    struct arena *arena);

/* A date as date_format and months say (month 1..12), appended to out. */
void	 label_date(const struct labels *lb, int day, int month, int year, struct buf *out);

#endif
