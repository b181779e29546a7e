#!/bin/sh
# make install into a DESTDIR, the installed qbook run from an unrelated
# directory on a bank outside the clone (its themes found beside the
# program), the man page linted, make uninstall.  Prints one line per
# failure and the closing "install PASSED FAILED" line tests/run.sh reads.
#
#   tests/install.sh SCRATCH
#
# Runs make from the top of the tree in the configuration of the make that
# runs the tests (MAKEFLAGS passes it on), so nothing is built again.
set -u
scratch=$1
top=$(pwd)
dest=$scratch/dest
suite=install
. tests/checks.sh
rm -rf "$dest" "$scratch/home" "$scratch/away"
mkdir -p "$scratch/home" "$scratch/away"
check "make install DESTDIR=..." make --no-print-directory -s install DESTDIR="$dest"
bin=$dest/usr/local/bin/qbook
share=$dest/usr/local/share
check "installed files" test -x "$bin" -a -f "$share/man/man1/qbook.1" \
    -a -f "$share/bash-completion/completions/qbook" \
    -a -f "$share/qbook/themes/default/theme.yaml" \
    -a -f "$share/qbook/themes/handbook/theme.yaml"
check "mandoc -T lint qbook.1" mandoc -T lint -W warning "$share/man/man1/qbook.1"
check "bash -n completion" bash -n "$share/bash-completion/completions/qbook"
# A bank outside the clone, built from another directory by the installed
# program alone: no themes/ beside the bank or here, no user themes.
cp -a "$top/tests/cli/build-writes-site/content" "$scratch/away/bank"
build() {	# build THEME-OPTION...: the installed qbook in $scratch/away
	(cd "$scratch/away" && env -u XDG_DATA_HOME HOME="$scratch/home" "$bin" build \
	    -C bank -o out "$@" && test -f out/site/index.html -a -f out/guide.pdf)
}
check "installed qbook builds a bank elsewhere" build
check "installed qbook builds with --theme handbook" build --theme handbook
# The program alone, with no installed data: default is built in.
alone() {
	mkdir -p "$scratch/alone" && cp "$bin" "$scratch/alone/qbook" &&
	    (cd "$scratch/away" && rm -rf out && env -u XDG_DATA_HOME HOME="$scratch/home" \
	    "$scratch/alone/qbook" build -C bank -o out && test -f out/site/assets/style.css)
}
check "the program alone builds with its built-in default theme" alone
check "make uninstall DESTDIR=..." make --no-print-directory -s uninstall DESTDIR="$dest"
check "nothing left after uninstall" test -z "$(find "$dest" -type f -o -type l)"
checks_done
