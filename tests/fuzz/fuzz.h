/*
 * fuzz: what the fuzz targets share.
 *
 * Every target defines LLVMFuzzerTestOneInput and fz_setup (set-up done once
 * per process).  The same sources link against libFuzzer
 * for `make fuzz` and against replay.c for `make test`, which feeds each file
 * of a stored corpus to them.
 *
 * Contract for targets: any input is valid; nothing may leak or outlive one
 * call except what fz_setup set up; files go into a private
 * directory made by fz_tempdir and removed by fz_remove.
 */
#ifndef QBOOK_FUZZ_H
#define QBOOK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	 LLVMFuzzerInitialize(int *argc, char ***argv);
int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a target sets up once, after the libraries (fuzzutil.c defines
 * LLVMFuzzerInitialize: it sets the libraries up as qbook's main does and
 * releases them at exit, fontconfig too, so that LeakSanitizer's check at
 * exit sees only what a target lost; then it calls fz_setup). */
void	 fz_setup(void);

/* A new empty directory under $TMPDIR (or /tmp); malloc'd path.  Exits
 * when it cannot be made: a fuzz run without a scratch directory is broken. */
char	*fz_tempdir(void);

/* Write data to dir/rel, making the directories of rel.  Exits on failure. */
void	 fz_write(const char *dir, const char *rel, const void *data, size_t len);

/* Remove dir and everything under it (links are removed, not followed),
 * then free dir. */
void	 fz_remove(char *dir);

#endif
