#!/bin/sh
# make dist: the tarball is the same bytes twice, holds exactly the files of
# make dist-files (git's) under qbook-VERSION/, and builds: its qbook checks
# its own shipped bank clean with --strict.  (Run from an unpacked tarball
# too: there the files are every file but out/.)  Prints the closing "dist PASSED FAILED" line
# tests/run.sh reads.
#
#   tests/dist.sh SCRATCH
set -u
scratch=$1
suite=dist
. tests/checks.sh
same_twice() {
	make --no-print-directory -s dist >/dev/null &&
	    cp out/qbook-*.tar.gz "$scratch/first.tar.gz" && sleep 1 &&
	    make --no-print-directory -s dist >/dev/null &&
	    cmp "$scratch/first.tar.gz" out/qbook-*.tar.gz
}
check "make dist gives the same bytes twice" same_twice
tarball=$(ls out/qbook-*.tar.gz | head -n 1)
name=$(basename "$tarball" .tar.gz)
rm -rf "$scratch/dist"
mkdir -p "$scratch/dist"
listed() {
	tar -xzf "$tarball" -C "$scratch/dist" &&
	    (cd "$scratch/dist/$name" && find . -type f | sed 's,^\./,,' | LC_ALL=C sort) \
	    >"$scratch/dist.files" &&
	    make --no-print-directory -s dist-files | diff - "$scratch/dist.files"
}
check "the tarball holds the files git tracks" listed
# Built from the tarball with the configuration of the make running the
# tests (MAKEFLAGS), without the apt step (the packages are here already).
builds() {
	(cd "$scratch/dist/$name" && make --no-print-directory -s out/build/qbook &&
	    out/build/qbook check --strict -C content)
}
check "the tarball builds and its qbook checks its bank" builds
rm -rf "$scratch/dist" "$scratch/first.tar.gz"
checks_done
