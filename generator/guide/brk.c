/*
 * brk: libunibreak, initialised on first use.
 */
#include "guide/brk.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <linebreak.h>

#include "base/mem.h"

static int ready;

/*
 * libunibreak 1.1 (Debian 12's) stops the process on two kinds of
 * character (tests/fuzz/corpus/text found them; every code point was then
 * tried): U+FFFF, which it uses to mark the end of the text, and the
 * regional indicators U+1F1E6..U+1F1FF (flags), a class its pair table
 * lacks.  It is given stand-ins of the same length instead: U+FFFD, and
 * U+1F600, an emoji it breaks around as it would around a flag.
 */
static int
is_regional_indicator(const unsigned char *p, size_t left)
{
	return left >= 4 && p[0] == 0xF0 && p[1] == 0x9F && p[2] == 0x87 && p[3] >= 0xA6 &&
	    p[3] <= 0xBF;
}

static int
is_ffff(const unsigned char *p, size_t left)
{
	return left >= 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBF;
}

static int
needs_stand_ins(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len; i++)
		if (u[i] >= 0xEF && (is_ffff(u + i, len - i) || is_regional_indicator(u + i, len - i)))
			return 1;
	return 0;
}

static void
stand_in(char *s, size_t len)
{
	unsigned char *u = (unsigned char *)s;

	for (size_t i = 0; i < len; i++)
		if (is_ffff(u + i, len - i))
			u[i + 2] = 0xBD;
		else if (is_regional_indicator(u + i, len - i)) {
			u[i + 2] = 0x98;
			u[i + 3] = 0x80;
		}
}

void
brk_find(const char *s, size_t len, const char *lang, char *out)
{
	char tag[3] = "en";

	/* libunibreak knows languages by their first two letters. */
	if (lang != NULL && isalpha((unsigned char)lang[0]) && isalpha((unsigned char)lang[1])) {
		tag[0] = (char)tolower((unsigned char)lang[0]);
		tag[1] = (char)tolower((unsigned char)lang[1]);
	}
	if (!ready) {
		init_linebreak();
		ready = 1;
	}
	if (len == 0)
		return;
	if (needs_stand_ins(s, len)) {
		char *copy = xmalloc(len);

		memcpy(copy, s, len);
		stand_in(copy, len);
		set_linebreaks_utf8((const utf8_t *)copy, len, tag, out);
		free(copy);
	} else
		set_linebreaks_utf8((const utf8_t *)s, len, tag, out);
	for (size_t i = 0; i < len; i++)
		switch (out[i]) {
		case LINEBREAK_MUSTBREAK:	out[i] = BRK_MUST; break;
		case LINEBREAK_ALLOWBREAK:	out[i] = BRK_ALLOW; break;
		case LINEBREAK_NOBREAK:		out[i] = BRK_NO; break;
		default:			out[i] = BRK_INSIDE; break;
		}
}
