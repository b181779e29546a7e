/*
 * utf8: text checks and Unicode folding; the only user of utf8proc.
 */
#ifndef QBOOK_UTF8_H
#define QBOOK_UTF8_H

#include <stddef.h>

#include "base/buf.h"

/*
 * Check that s[0..n) is UTF-8 without NUL bytes (no overlongs, no
 * surrogates, nothing above U+10FFFF).  Returns 0 when valid; otherwise
 * -1 with *bad set to the offset of the first offending byte.
 */
int	 utf8_check(const char *s, size_t n, size_t *bad);

/*
 * 1-based line and column of byte offset off in s.  Columns count bytes,
 * as GCC does.
 */
void	 utf8_pos(const char *s, size_t off, int *line, int *col);

/*
 * A key for comparing text as people read it: NFKC, case-folded, marks
 * stripped, runs of white space and punctuation collapsed to one space,
 * trimmed.  Returns a malloc'd string; s must be valid UTF-8.
 */
char	*utf8_fold(const char *s);

/*
 * Whether a URL uses a scheme that can run code or smuggle content
 * (javascript:, vbscript:, data:, file:), ignoring case and the blanks and
 * control characters browsers skip.  Entities must be decoded already.
 */
int	 utf8_url_dangerous(const char *url);

/*
 * Decode the character at s[*i] (n bytes in all) and advance *i past it.
 * Returns the code point, or -1 for an invalid sequence (then *i moves one
 * byte, so callers can replace it and go on).
 */
long	 utf8_next(const char *s, size_t n, size_t *i);

/* Write code point cp as UTF-8 into out (room for 4); returns the bytes. */
size_t	 utf8_put(char *out, long cp);

/* Levenshtein distance between two short ASCII strings (capped at 99). */
int	 utf8_edit_distance(const char *a, const char *b);
/* s in capitals (Unicode simple case mapping: scripts without case stay as
 * they are), appended to out. */
void	 utf8_upper(const char *s, struct buf *out);
/* cp in lower case (simple mapping), and whether it is a letter or a
 * combining mark (what a hyphenated word is made of). */
long	 utf8_lower(long cp);
int	 utf8_is_word_char(long cp);
/* Whether cp is a combining mark (general category M*): drawn on the
 * character before it. */
int	 utf8_is_mark(long cp);
/* The characters of s[0..len) in reverse order (as right-to-left text is
 * seen), appended to out; with marks_follow, a combining mark stays after
 * the character it is drawn on, where a shaper looks for it. */
void	 utf8_reverse(struct buf *out, const char *s, size_t len, int marks_follow);
/* Whether next is drawn together with prev, so that no line may break
 * between them: a mark, a zero-width joiner, or the consonant after a
 * virama. */
int	 utf8_binds(long prev, long next);

#endif
