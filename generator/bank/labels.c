/*
 * labels: the catalogues of qbook's own words, and plural rules.
 */
#include "bank/labels.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bank/builtin.h"

static const char *const key_names[LB_COUNT + 1] = {
#define LABEL_NAME(k) #k,
	LABEL_KEYS(LABEL_NAME)
#undef LABEL_NAME
	NULL	/* for meta_known */
};

static const char *const plural_names[PL_N] = {
	"zero", "one", "two", "few", "many", "other",
};

/* --- plural rules (CLDR, integers) ------------------------------------------- */

static enum plural
rule_other(unsigned long n)
{
	(void)n;
	return PL_OTHER;
}

static enum plural
rule_one(unsigned long n)
{
	return n == 1 ? PL_ONE : PL_OTHER;
}

/* French and Brazilian Portuguese: 0 and 1 are "one". */
static enum plural
rule_zero_one(unsigned long n)
{
	return n <= 1 ? PL_ONE : PL_OTHER;
}

/* Russian, Ukrainian, Belarusian. */
static enum plural
rule_east_slavic(unsigned long n)
{
	unsigned long a = n % 10, b = n % 100;

	if (a == 1 && b != 11)
		return PL_ONE;
	if (a >= 2 && a <= 4 && (b < 12 || b > 14))
		return PL_FEW;
	return PL_MANY;
}

/* Hindi: 0 and 1 are "one" too; Hebrew: one, two, other. */
static enum plural
rule_hebrew(unsigned long n)
{
	return n == 1 ? PL_ONE : n == 2 ? PL_TWO : PL_OTHER;
}

static enum plural
rule_arabic(unsigned long n)
{
	unsigned long b = n % 100;

	if (n <= 2)
		return n == 0 ? PL_ZERO : n == 1 ? PL_ONE : PL_TWO;
	if (b >= 3 && b <= 10)
		return PL_FEW;
	return b >= 11 ? PL_MANY : PL_OTHER;
}

static const struct {
	const char	*lang;		/* primary subtag, or a whole tag */
	enum plural	(*rule)(unsigned long n);
} rules[] = {
	{ "pt-pt", rule_one },
	{ "zh", rule_other }, { "ja", rule_other }, { "ko", rule_other },
	{ "vi", rule_other }, { "th", rule_other }, { "id", rule_other },
	{ "fr", rule_zero_one }, { "pt", rule_zero_one }, { "hi", rule_zero_one },
	{ "he", rule_hebrew },
	{ "ru", rule_east_slavic }, { "uk", rule_east_slavic }, { "be", rule_east_slavic },
	{ "ar", rule_arabic },
};

/* Whether tag's primary subtag is lang (any case). */
static int
same_language(const char *tag, const char *lang)
{
	size_t n = strlen(lang);

	return strncasecmp(tag, lang, n) == 0 && (tag[n] == '\0' || tag[n] == '-' ||
	    tag[n] == '_');
}

static enum plural (*rule_for(const char *tag))(unsigned long)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(*rules); i++)
		if (strcasecmp(tag, rules[i].lang) == 0 ||
		    (strchr(rules[i].lang, '-') == NULL && same_language(tag, rules[i].lang)))
			return rules[i].rule;
	return rule_one;
}

int
labels_rtl(const char *lang)
{
	static const char *const rtl[] = { "ar", "he", "fa", "ur", "yi", "ps", "dv", "ckb",
		"sd", "ug" };

	for (size_t i = 0; lang != NULL && i < sizeof(rtl) / sizeof(*rtl); i++)
		if (same_language(lang, rtl[i]))
			return 1;
	return 0;
}

/* --- keys ---------------------------------------------------------------------- */

const char *
labels_name(enum label_key k)
{
	return key_names[k];
}

int
labels_find(const char *name)
{
	for (int k = 0; k < LB_COUNT; k++)
		if (strcmp(key_names[k], name) == 0)
			return k;
	return -1;
}

/* --- loading ------------------------------------------------------------------- */

/* The built-in catalogue "TAG.yaml" for tag (any case), or NULL. */
static const struct builtin_file *
catalogue(const char *tag)
{
	for (const struct builtin_file *f = builtin_locales; f->path != NULL; f++) {
		size_t n = strlen(f->path) - 5;

		if (strlen(tag) == n && strncasecmp(f->path, tag, n) == 0)
			return f;
	}
	return NULL;
}

/* Whether tag is Chinese in traditional characters, which the
 * simplified catalogue must not stand in for. */
static int
is_traditional_chinese(const char *tag)
{
	static const char *const t[] = { "-hant", "-tw", "-hk", "-mo", "_tw", "_hk", "_mo" };

	if (!same_language(tag, "zh"))
		return 0;
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		const char *p = tag;

		while ((p = strchr(p + 1, t[i][0])) != NULL)
			if (strncasecmp(p, t[i], strlen(t[i])) == 0)
				return 1;
	}
	return 0;
}

/* The catalogue for another tag of a language with one (en-GB: en,
 * pt: pt-BR), the first of its language; not for traditional Chinese. */
static const struct builtin_file *
catalogue_of_language(const char *tag)
{
	size_t n = strcspn(tag, "-_");

	if (is_traditional_chinese(tag))
		return NULL;
	for (const struct builtin_file *f = builtin_locales; f->path != NULL; f++)
		if (strncasecmp(f->path, tag, n) == 0 && strchr("-_.", f->path[n]) != NULL)
			return f;
	return NULL;
}

/* Set key k from value v (a string, or a map of plural forms) of file. */
static void
set_key(struct labels *lb, int k, const struct meta_node *v, const char *file,
    struct diags *d)
{
	if (v->type == META_SCALAR) {
		for (int p = 0; p < PL_N; p++)
			lb->form[k][p] = NULL;
		lb->form[k][PL_OTHER] = v->str;
		return;
	}
	if (v->type != META_MAP) {
		diag(d, D_LABEL_VALUE, file, v->line, v->col, key_names[k], meta_describe(v));
		return;
	}
	for (int p = 0; p < PL_N; p++)
		lb->form[k][p] = NULL;
	for (size_t i = 0; i < v->n; i++) {
		int p = 0;

		while (p < PL_N && strcmp(plural_names[p], v->keys[i]->str) != 0)
			p++;
		if (p == PL_N)
			diag(d, D_LABEL_FORM, file, v->keys[i]->line, v->keys[i]->col,
			    key_names[k], v->keys[i]->str);
		else if (v->items[i]->type != META_SCALAR)
			diag(d, D_LABEL_VALUE, file, v->items[i]->line, v->items[i]->col,
			    key_names[k], meta_describe(v->items[i]));
		else
			lb->form[k][p] = v->items[i]->str;
	}
	if (lb->form[k][PL_OTHER] == NULL)
		diag(d, D_LABEL_FORM_OTHER, file, v->line, v->col, key_names[k]);
}

static void
set_months(struct labels *lb, const struct meta_node *v, const char *file, struct diags *d)
{
	if (v->type != META_LIST || v->n != 12) {
		diag(d, D_LABEL_MONTHS, file, v->line, v->col);
		return;
	}
	for (size_t i = 0; i < 12; i++)
		if (v->items[i]->type == META_SCALAR)
			lb->month[i] = v->items[i]->str;
}

/*
 * Set what map (a catalogue, or qbook.yaml's labels:) gives; set[k] is
 * raised for each key.  A key qbook does not know is an error when
 * strict (labels:), a warning otherwise (a catalogue).
 */
static void
fill(struct labels *lb, const struct meta_node *map, const char *file, char *set,
    int *months, struct diags *d)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct meta_node *key = map->keys[i];
		int k = labels_find(key->str);

		if (strcmp(key->str, "months") == 0) {
			set_months(lb, map->items[i], file, d);
			*months = 1;
		} else if (k >= 0) {
			set_key(lb, k, map->items[i], file, d);
			set[k] = 1;
		} else {
			const char *near = NULL;

			meta_known(key->str, key_names, &near);
			if (near != NULL)
				diag(d, D_LABEL_KEY_HINT, file, key->line, key->col, key->str, near);
			else
				diag(d, D_LABEL_KEY, file, key->line, key->col, key->str);
		}
	}
}

/* Parse built-in catalogue f into lb; returns 0, or -1 (reported). */
static int
load_catalogue(struct labels *lb, const struct builtin_file *f, char *set, int *months,
    struct arena *arena, struct diags *d)
{
	struct buf path = BUF_INIT;
	struct meta_node *root;
	int rc = -1;

	buf_printf(&path, "themes/locales/%s", f->path);
	if (meta_parse((const char *)f->data, f->len, 1, path.data, arena, d, &root) == 0) {
		fill(lb, root, arena_strdup(arena, path.data), set, months, d);
		rc = 0;
	}
	buf_release(&path);
	return rc;
}

/* The catalogues built in, "ar, de, en ...", for messages. */
static void
list_catalogues(struct buf *out)
{
	for (const struct builtin_file *f = builtin_locales; f->path != NULL; f++)
		buf_printf(out, "%s%.*s", out->len ? ", " : "", (int)(strlen(f->path) - 5),
		    f->path);
}

/* Whether English gives k a "one" form: a count. */
static int
is_plural_key(int k, const char *const *en_one)
{
	return en_one[k] != NULL;
}

/* Append to gaps the plural forms of k that rule needs and lb lacks. */
static void
missing_forms(const struct labels *lb, int k, enum plural (*rule)(unsigned long),
    struct buf *gaps)
{
	char need[PL_N] = { 0 };

	for (unsigned long n = 0; n < 200; n++)
		need[rule(n)] = 1;
	for (int p = 0; p < PL_N; p++)
		if (need[p] && lb->form[k][p] == NULL)
			buf_printf(gaps, "%s'%s' (%s)", gaps->len ? ", " : "", key_names[k],
			    plural_names[p]);
}

void
labels_load(struct labels *lb, const char *lang, const char *file, int line, int col,
    const struct meta_node *overrides, struct arena *arena, struct diags *d)
{
	char set[LB_COUNT], unused[LB_COUNT];
	const char *en_one[LB_COUNT];
	const struct builtin_file *en = catalogue("en"), *f;
	int months = 0;

	memset(lb, 0, sizeof(*lb));
	memset(set, 0, sizeof(set));
	if (en != NULL)
		load_catalogue(lb, en, unused, &months, arena, d);
	for (int k = 0; k < LB_COUNT; k++)
		en_one[k] = lb->form[k][PL_ONE];
	lb->lang = "en";
	lb->rule = rule_one;
	if (lang != NULL && (f = catalogue(lang)) == NULL)
		f = catalogue_of_language(lang);
	else if (lang == NULL)
		f = en;
	if (lang != NULL && f == NULL) {
		struct buf list = BUF_INIT;

		list_catalogues(&list);
		diag(d, D_NO_CATALOGUE, file, line, col, lang, list.data);
		buf_release(&list);
	} else if (f != en && load_catalogue(lb, f, set, &months, arena, d) == 0) {
		struct buf gaps = BUF_INIT;

		enum plural (*rule)(unsigned long) = rule_for(lang);

		for (int k = 0; k < LB_COUNT; k++)
			if (!set[k])
				buf_printf(&gaps, "%s'%s'", gaps.len ? ", " : "", key_names[k]);
			else if (is_plural_key(k, en_one))
				missing_forms(lb, k, rule, &gaps);
		if (gaps.len > 0)
			diag(d, D_CATALOGUE_GAPS, file, line, col, lang, gaps.data);
		buf_release(&gaps);
	}
	if (f != NULL) {
		lb->lang = arena_strndup(arena, f->path, strlen(f->path) - 5);
		lb->rule = rule_for(lb->lang);
	}
	if (overrides != NULL && overrides->type == META_MAP)
		fill(lb, overrides, file, set, &months, d);
	else if (overrides != NULL)
		diag(d, D_LABELS_MAP, file, overrides->line, overrides->col,
		    meta_describe(overrides));
}

/* --- text ----------------------------------------------------------------------- */

const char *
label_text(const struct labels *lb, enum label_key k)
{
	const char *s = lb->form[k][PL_OTHER];

	return s != NULL ? s : "";
}

/* text with each {NAME} of names replaced by its value, appended to out;
 * any other brace is kept. */
static void
substitute(const char *text, const char *const *names, const char *const *values,
    size_t count, struct buf *out)
{
	while (*text != '\0') {
		const char *close;
		size_t i = count;

		if (*text == '{' && (close = strchr(text, '}')) != NULL)
			for (i = 0; i < count; i++)
				if (strlen(names[i]) == (size_t)(close - text - 1) &&
				    strncmp(text + 1, names[i], (size_t)(close - text - 1)) == 0)
					break;
		if (i < count) {
			buf_adds(out, values[i]);
			text = close + 1;
		} else
			buf_addc(out, *text++);
	}
}

void
label_count(const struct labels *lb, enum label_key k, unsigned long n,
    const char *const *names, const char *const *values, size_t count, struct buf *out)
{
	const char *s = lb->form[k][lb->rule(n)];
	const char *all_names[8], *all_values[8];
	char num[24];

	if (s == NULL)
		s = label_text(lb, k);
	/* The caller's names first: they may give {n} as text. */
	snprintf(num, sizeof(num), "%lu", n);
	if (count > 7)
		count = 7;
	for (size_t i = 0; i < count; i++) {
		all_names[i] = names[i];
		all_values[i] = values[i];
	}
	all_names[count] = "n";
	all_values[count] = num;
	substitute(s, all_names, all_values, count + 1, out);
}

const char *
label_count_in(const struct labels *lb, enum label_key k, unsigned long n,
    struct arena *arena)
{
	struct buf b = BUF_INIT;
	const char *s;

	label_count(lb, k, n, NULL, NULL, 0, &b);
	s = arena_strndup(arena, b.data ? b.data : "", b.len);
	buf_release(&b);
	return s;
}

void
label_date(const struct labels *lb, int day, int month, int year, struct buf *out)
{
	char d[16], y[16];
	const char *names[3] = { "day", "month", "year" };
	const char *values[3];

	snprintf(d, sizeof(d), "%d", day);
	snprintf(y, sizeof(y), "%d", year);
	values[0] = d;
	values[1] = month >= 1 && month <= 12 && lb->month[month - 1] ? lb->month[month - 1] : "";
	values[2] = y;
	substitute(label_text(lb, LB_date_format), names, values, 3, out);
}
