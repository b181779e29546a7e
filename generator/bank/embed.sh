#!/bin/sh
# Write C source holding every file of directory $1 as the array $2 of
# struct builtin_file: the theme and the CI files built into qbook (see
# bank/builtin.h):
#
#   generator/bank/embed.sh themes/default builtin_theme >out/build/gen/builtin.c
#
# Each file becomes a byte array, NUL-terminated (not counted in its
# length), in the byte order of its path.
set -eu
dir=$1
name=$2
files=$(cd "$dir" && find . -type f ! -name '.*' | sed 's,^\./,,' | LC_ALL=C sort)
echo "/* Made by generator/bank/embed.sh from $dir: do not edit. */"
echo '#include "bank/builtin.h"'
n=0
for f in $files; do
	echo "static const unsigned char f$n[] = {"
	od -An -v -tx1 "$dir/$f" | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^/\t/'
	echo "	0x00 };"
	n=$((n + 1))
done
echo "const struct builtin_file $name[] = {"
n=0
for f in $files; do
	echo "	{ \"$f\", f$n, sizeof(f$n) - 1 },"
	n=$((n + 1))
done
echo "	{ NULL, NULL, 0 }"
echo "};"
