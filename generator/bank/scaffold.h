/*
 * scaffold: qbook init.  A small starter bank that builds clean with
 * --strict: qbook.yaml with levels, rounds and a handout, two categories,
 * three questions that show every section and a q: link, a free page, under
 * DIR/content/, and a .gitignore for the output (DIR/out/); and a CI job.
 */
#ifndef QBOOK_SCAFFOLD_H
#define QBOOK_SCAFFOLD_H

#include <stddef.h>

/*
 * Write the starter bank into dir (made when missing), and with ci
 * ("github" or "gitlab"; NULL: none) the CI files docs/ci.md describes:
 * ci/qbook-ci.sh and .github/workflows/qbook.yml or .gitlab-ci.yml (the
 * bytes of docs/ci, built in).  A dir holding anything but dot files is
 * refused unless force; an existing file is never overwritten (nothing is
 * written then).  *written counts the files written.  Returns 0, or -1
 * after reporting a usage or system error.
 */
int	 scaffold_write(const char *dir, int force, const char *ci, size_t *written);

#endif
