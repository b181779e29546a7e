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
# The README's path with the installed program: in an empty directory,
# init and build clean; serve answers with a live page and stops on Ctrl-C;
# check --strict on a broken bank prints SARIF with relative paths.
fresh() {
	rm -rf "$scratch/fresh" && mkdir -p "$scratch/fresh" && cd "$scratch/fresh" &&
	    env -u XDG_DATA_HOME HOME="$scratch/home" "$bin" init >/dev/null &&
	    env -u XDG_DATA_HOME HOME="$scratch/home" "$bin" build --strict >build.txt 2>build.err &&
	    test ! -s build.err -a -f out/site/index.html -a -f out/guide.pdf
}
check "installed qbook: init && build --strict in an empty directory" fresh
serve() {
	cd "$scratch/fresh" || return 1
	env -u XDG_DATA_HOME HOME="$scratch/home" "$bin" serve --port 0 >serve.log 2>&1 &
	pid=$!
	n=0
	while ! grep -q '^serving ' serve.log && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
	port=$(sed -n 's|^serving .* at http://127\.0\.0\.1:\([0-9]*\)/ .*|\1|p' serve.log)
	page=$(curl -sf "http://127.0.0.1:$port/")
	kill -INT $pid
	wait $pid || return 1
	case $page in *'src="/__qbook/live.js"'*) ;; *) echo "no live page: $page"; return 1 ;; esac
	grep -q '^stopped; the output stays in out$' serve.log
}
check "installed qbook: serve answers and stops on Ctrl-C" serve
sarif() {
	cd "$scratch/fresh" || return 1
	printf -- '---\ntitle: broken\nlevle: senior\n---\nBody.\n' >content/design/broken.md
	env -u XDG_DATA_HOME HOME="$scratch/home" "$bin" check --strict --diagnostics sarif \
	    >/dev/null 2>out.sarif
	rc=$?
	rm -f content/design/broken.md
	[ $rc -eq 1 ] && grep -q '"uri": *"content/design/broken.md"' out.sarif &&
	    ! grep -q "\"uri\": *\"/" out.sarif
}
check "installed qbook: check --strict --diagnostics sarif, relative paths" sarif
cd "$top" || exit 1
check "make uninstall DESTDIR=..." make --no-print-directory -s uninstall DESTDIR="$dest"
check "nothing left after uninstall" test -z "$(find "$dest" -type f -o -type l)"
checks_done
