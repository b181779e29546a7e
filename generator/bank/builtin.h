/*
 * builtin: the default theme and the catalogues, built into qbook, so that qbook works with no
 * file beside the program, and the CI files qbook init --ci writes.  The
 * bytes are themes/default's and docs/ci's, made into C by
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
/* Every catalogue of themes/locales ("de.yaml"), the same way. */
extern const struct builtin_file builtin_locales[];
/* Every file of docs/ci (the CI script and workflows qbook init --ci
 * writes), the same way. */
extern const struct builtin_file builtin_ci[];

#endif
