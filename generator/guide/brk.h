/*
 * brk: line-break opportunities (UAX #14); the only user of libunibreak.
 */
#ifndef QBOOK_BRK_H
#define QBOOK_BRK_H

#include <stddef.h>

enum brk {
	BRK_MUST,	/* a hard break follows this byte */
	BRK_ALLOW,	/* a line may break after this byte */
	BRK_NO,		/* no break after this byte */
	BRK_INSIDE,	/* not the last byte of a character */
};

/* Fill out[0..len) with the opportunity after each byte of the UTF-8
 * text s[0..len), in language lang (a BCP 47 tag, or NULL: English):
 * Chinese, Japanese and Korean resolve the ambiguous classes as their
 * typesetting does. */
void	 brk_find(const char *s, size_t len, const char *lang, char *out);

#endif
