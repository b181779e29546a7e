/*
 * brk: libunibreak, initialised on first use.
 */
#include "guide/brk.h"

#include <linebreak.h>

static int ready;

void
brk_find(const char *s, size_t len, char *out)
{
	if (!ready) {
		init_linebreak();
		ready = 1;
	}
	if (len == 0)
		return;
	set_linebreaks_utf8((const utf8_t *)s, len, "en", out);
	for (size_t i = 0; i < len; i++)
		switch (out[i]) {
		case LINEBREAK_MUSTBREAK:	out[i] = BRK_MUST; break;
		case LINEBREAK_ALLOWBREAK:	out[i] = BRK_ALLOW; break;
		case LINEBREAK_NOBREAK:		out[i] = BRK_NO; break;
		default:			out[i] = BRK_INSIDE; break;
		}
}
