#!/bin/sh
# Run every test suite against one build of qbook and append one line per
# suite ("NAME PASSED FAILED") to out/test-results.txt.
#
#   tests/run.sh QBOOK BUILDDIR TAG [UNIT_BINARY ...]
#
# Golden cases (tests/bad, tests/good, tests/cli, tests/hostile) are directories holding
#   content/           the bank to check (may be absent, e.g. for CLI cases)
#   cmd                optional: the command line, run by sh in a scratch copy
#                      of the case; $QBOOK is the binary (default below)
#   setup.sh           optional: run first in the scratch copy (for what git
#                      cannot store: huge files, NUL bytes, modes, links)
#   expected.stderr    the exact diagnostics
#   expected.status    the exit status
#   expected.stdout    optional: the exact standard output
# Set QBOOK_UPDATE=1 to rewrite the expected files from the current output.
set -u
QBOOK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILDDIR=$2
TAG=${3:-}
shift 3
export QBOOK
TOP=$(pwd)
export TOP
top=$(pwd)
results="$top/out/test-results.txt"
mkdir -p "$top/out"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/qbook-test.XXXXXX")
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
suffix=${TAG:+-$TAG}

# Pinned environment: output must not depend on the caller's locale or zone.
export LC_ALL=C TZ=UTC

record() { echo "$1$suffix $2 $3" >>"$results"; }

# counted SUITE WORD COMMAND...: run a checker whose last output line is
# "WORD PASSED FAILED", show the rest of its output, record the counts.
counted() {
	suite=$1 word=$2
	shift 2
	"$@" >"$scratch/counted.out" 2>&1
	line=$(tail -n 1 "$scratch/counted.out")
	sed '$d' "$scratch/counted.out"
	case $line in
	"$word "*) record "$suite" $(echo "$line" | cut -d' ' -f2,3) ;;
	*) echo "FAIL $suite: the check did not finish"; echo "$line"; record "$suite" 0 1 ;;
	esac
}

# --- unit tests (cmocka) -----------------------------------------------------
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p')
	p=${p:-0}; f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -ne 0 ]; then printf '%s\n' "$out" | grep -E 'FAILED|ERROR|LINE|runtime error|Sanitizer' | head -20; fi
	record "unit:$(basename "$t")" "$p" "$f"
done

# --- the layers of generator/ (tests/layers.sh): site and guide apart, base and
# bank below them ------------------------------------------------------------------
if [ -z "$TAG" ]; then
	counted layers layers sh tests/layers.sh
fi

# --- the fuzz corpora, replayed without libFuzzer (tests/fuzz/replay.c) ------------
# Every stored input of each target runs in a child of its own; one that
# crashes, aborts, hangs or (in the sanitizer build) leaks is a failure.
for dir in tests/fuzz/corpus/*/; do
	target=$(basename "$dir")
	replay="$BUILDDIR/tests/fuzz/replay-$target"
	if [ ! -x "$replay" ]; then
		echo "FAIL fuzz-replay:$target: $replay was not built"; record "fuzz-replay:$target" 0 1
		continue
	fi
	counted "fuzz-replay:$target" replay "$replay" "$dir"
done

# --- golden cases ---------------------------------------------------------------
run_case() {	# $1 = case directory, $2 = default command
	case_dir=$1
	name=${case_dir#tests/}
	work="$scratch/$(echo "$name" | tr / _)"
	rm -rf "$work"; mkdir -p "$work"
	if [ -d "$case_dir/content" ]; then cp -a "$case_dir/content" "$work/"; fi
	if [ -f "$case_dir/setup.sh" ]; then (cd "$work" && sh "$top/$case_dir/setup.sh") || return 1; fi
	cmd=$2
	if [ -f "$case_dir/cmd" ]; then cmd=$(cat "$case_dir/cmd"); fi
	(cd "$work" && sh -c "$cmd" >"$work.stdout" 2>"$work.stderr"); status=$?
	if [ "${QBOOK_UPDATE:-}" = 1 ]; then
		cp "$work.stderr" "$case_dir/expected.stderr"
		echo "$status" >"$case_dir/expected.status"
		if [ -f "$case_dir/expected.stdout" ]; then cp "$work.stdout" "$case_dir/expected.stdout"; fi
	fi
	ok=1
	if ! diff -u "$case_dir/expected.stderr" "$work.stderr" >"$work.diff"; then ok=0; fi
	if [ "$status" != "$(cat "$case_dir/expected.status")" ]; then
		echo "  exit status $status, expected $(cat "$case_dir/expected.status")" >>"$work.diff"; ok=0
	fi
	if [ -f "$case_dir/expected.stdout" ] && ! diff -u "$case_dir/expected.stdout" "$work.stdout" >>"$work.diff"; then ok=0; fi
	if [ $ok = 0 ]; then echo "FAIL $name$suffix"; sed 's/^/  /' "$work.diff" | head -40; return 1; fi
	return 0
}

for suite in bad good cli hostile; do
	pass=0; fail=0
	for d in tests/$suite/*/; do
		[ -d "$d" ] || continue
		d=${d%/}
		if run_case "$d" '"$QBOOK" check -C content'; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
	record "golden:$suite" "$pass" "$fail"
done

# --- the shipped bank checks clean with --strict ----------------------------------
if "$QBOOK" check --strict -C content >"$scratch/content.out" 2>"$scratch/content.err"; then
	record "content:strict" 1 0
else
	echo "FAIL content: qbook check --strict -C content"; head -40 "$scratch/content.err"
	record "content:strict" 0 1
fi
# --- the shipped bank builds (under the sanitizers too: no leak, no error) ------------
if "$QBOOK" build -C content -o "$scratch/shipped" >"$scratch/build.out" 2>"$scratch/build.err" &&
    [ ! -s "$scratch/build.err" ] && [ -f "$scratch/shipped/site/index.html" ]; then
	record "content:build" 1 0
else
	echo "FAIL content: qbook build -C content"; head -40 "$scratch/build.err"
	record "content:build" 0 1
fi

# --- the typeset guide and its handouts, as readers meet them ----------------------
if [ -z "$TAG" ] && [ -f "$scratch/shipped/guide.pdf" ]; then
	counted "guide:full" pdf node tests/pdf/guide-check.mjs "$QBOOK" content "$scratch/shipped/guide.pdf"
	for g in "$scratch"/shipped/guides/*.pdf; do
		name=$(basename "$g" .pdf)
		counted "guide:$name" pdf node tests/pdf/guide-check.mjs "$QBOOK" content "$g" "$name"
	done
fi

# --- two builds of the same input are byte-identical, whatever the environment -------
# Each pair: one build from another working directory with relative -C and -o
# paths, another zone, locale and umask; one plain build from here.  The
# second pair sets SOURCE_DATE_EPOCH, which puts a date on the guide's cover.
if [ -z "$TAG" ]; then
	mkdir -p "$scratch/rep/cwd"
	rep_pair() {	# $1 = name, then environment assignments for both builds
		name=$1
		shift
		(cd "$scratch/rep/cwd" && umask 077 &&
		    env "$@" TZ=Pacific/Kiritimati LANG=de_DE.UTF-8 LC_ALL= "$QBOOK" build \
		    -C "$(realpath --relative-to=. "$top/content")" -o "$name-a" >/dev/null 2>&1)
		env "$@" "$QBOOK" build -C content \
		    -o "$(realpath --relative-to=. "$scratch/rep/$name-b")" >/dev/null 2>&1
		if [ -f "$scratch/rep/$name-b/guide.pdf" ] &&
		    diff -r "$scratch/rep/cwd/$name-a" "$scratch/rep/$name-b" >"$scratch/rep.diff" 2>&1; then
			record "site:reproducible$([ $name = plain ] || echo -$name)" 1 0
		else
			echo "FAIL two builds differ ($name)"; head -20 "$scratch/rep.diff"
			record "site:reproducible$([ $name = plain ] || echo -$name)" 0 1
		fi
	}
	rep_pair plain QBOOK_REP=1
	rep_pair epoch SOURCE_DATE_EPOCH=1700000000
	# The epoch's date is on the cover; without it there is no date.
	if pdftotext -l 1 "$scratch/rep/epoch-b/guide.pdf" - 2>/dev/null | grep -q "14 November 2023" &&
	    ! pdftotext -l 1 "$scratch/rep/plain-b/guide.pdf" - 2>/dev/null | grep -q "2023"; then
		record "guide:epoch-date" 1 0
	else
		echo "FAIL the guide's cover does not show SOURCE_DATE_EPOCH's date (only)"
		record "guide:epoch-date" 0 1
	fi
fi

# --- full builds under valgrind: no memory error, no leak ---------------------------
# (plain run only: valgrind wants the uninstrumented binary; it follows the
# second processes too: loading, typesetting, and the site's with --only site)
if [ -z "$TAG" ]; then
	pass=0; fail=0
	for args in "-C tests/good/full/content" "-C content" "-C content --only site"; do
		# shellcheck disable=SC2086 # $args is words
		if valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect \
		    "$QBOOK" build $args -o "$scratch/valgrind" --theme "$top/themes/default" \
		    >/dev/null 2>"$scratch/valgrind.err"; then
			pass=$((pass + 1))
		else
			echo "FAIL valgrind: qbook build $args"; head -40 "$scratch/valgrind.err"
			fail=$((fail + 1))
		fi
		rm -rf "$scratch/valgrind"
	done
	record "valgrind:build" $pass $fail
fi

# --- builds killed at random moments leave only whole files, old or new ----------
# (plain run only: it is about timing, which the sanitizers only slow down)
if [ -z "$TAG" ]; then
	counted "out:kill" kill sh tests/kill.sh "$QBOOK" "$scratch/kill" 50
fi

# --- the site, in both shipped themes, as users meet it ---------------------------------
# (plain run only: the checks are about the output, which the ASan build
# produces byte for byte the same)
if [ -z "$TAG" ]; then
	for theme in default handbook; do
		dir="$scratch/site-$theme"
		if ! "$QBOOK" build -C content -o "$dir" --theme "$theme" >/dev/null 2>"$scratch/site.err"; then
			echo "FAIL site build with theme $theme"; cat "$scratch/site.err"
			record "site:$theme" 0 1
			continue
		fi
		counted "site:$theme" "browser:$theme" env NODE_PATH="$top/out/npm/node_modules" \
		    node tests/browser/site-check.mjs "$dir/site" "$theme" "$top/out/screenshots"
	done
fi

# --- hostile content's sites in a browser: no injected script runs ---------------------
if [ -z "$TAG" ]; then
	sites=""
	for d in tests/hostile/inject-*/; do
		d=${d%/}
		w="$scratch/browser-$(basename "$d")"
		rm -rf "$w"; mkdir -p "$w"
		if [ -d "$d/content" ]; then cp -a "$d/content" "$w/"; fi
		if [ -f "$d/setup.sh" ]; then (cd "$w" && sh "$top/$d/setup.sh"); fi
		if "$QBOOK" build -C "$w/content" -o "$w/out" --theme "$top/themes/default" \
		    >/dev/null 2>&1; then
			sites="$sites $w/out/site"
		fi
	done
	# shellcheck disable=SC2086
	counted "hostile:browser" hostile-browser env NODE_PATH="$top/out/npm/node_modules" \
	    node tests/hostile/browser-check.mjs $sites
fi

# --- the shipped bank's editorial shape -------------------------------------------------
if [ -z "$TAG" ]; then
	counted "content:shape" shape sh tests/bank-shape.sh
fi

# --- the shipped bank against the reference documents (where present) -------------
seeds="$top/../shared/seeds"
if [ -z "$TAG" ] && [ -d "$seeds" ]; then
	for t in coverage originality; do
		counted "content:$t" "$t" sh "tests/$t.sh" "$QBOOK" "$seeds"
	done
elif [ -z "$TAG" ]; then
	echo "note: $seeds not found; coverage and originality checks not run"
fi
exit 0
