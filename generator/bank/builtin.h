/*
 * builtin: the default theme, built into qbook, so that qbook works with no
 * file beside the program.  The bytes are themes/default's, made into C by
 * generator/bank/embed.sh when qbook is built.
 */
#ifndef QBOOK_BUILTIN_H
#define QBOOK_BUILTIN_H

#include <stddef.h>

struct builtin_file {
	const char		*path;		/* "templates/home.html"; NULL ends */
	const unsigned char	*data;		/* len bytes, then a NUL */
	size_t			 len;
};

/* Every file of themes/default, by path in byte order. */
extern const struct builtin_file builtin_theme[];

#endif
