#!/bin/sh
# Run the test suites against one build of qbook and append one line per
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
# Render goldens: tests/render/content is built once (fixed SOURCE_DATE_EPOCH,
# the default theme); each file under tests/render/expected/ is the exact
# output at the same path: site/... byte for byte, NAME.txt the
# `pdftotext -layout` text of NAME.pdf.  To pin another output, create an
# empty file at its path and update.
# Set QBOOK_UPDATE=1 to rewrite the expected files from the current output.
#
# Optional environment (make unit, make golden and make check-fast set it):
#   QBOOK_SUITES='unit golden'  run only these suites (default: every one):
#                      unit layers install dist sarif ci-script serve keep banks replay golden render content guide reproducible
#                      valgrind kill browser shape seeds (guide runs content too)
#   QBOOK_CASES='cli/fonts* bad/*'  run only the golden and render cases whose
#                      names (cli/help, render/guide.txt) match one of these
#                      shell globs, and no other suite
#   QBOOK_JOBS=N       run the unit, replay, golden, render and content suites
#                      in N lanes at once (default 1: one task after another)
# shellcheck disable=SC2317 # the task_* functions are called as "task_$kind"
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

# Inside a task of the lanes below, $res is set: results go to the task's own
# file and are added up once every lane has finished (so that lanes never
# write to one file at once and the order of the lines stays fixed).
res=
record() {
	if [ -n "$res" ]; then echo "$1 $2 $3" >>"$res"
	else echo "$1$suffix $2 $3" >>"$results"; fi
}

# counted SUITE WORD COMMAND...: run a checker whose last output line is
# "WORD PASSED FAILED", show the rest of its output, record the counts.
counted() {
	suite=$1 word=$2
	shift 2
	cout="$scratch/counted${task:+.$task}.out"
	"$@" >"$cout" 2>&1
	line=$(tail -n 1 "$cout")
	sed '$d' "$cout"
	case $line in
	"$word "*) record "$suite" $(echo "$line" | cut -d' ' -f2,3) ;;
	*) echo "FAIL $suite: the check did not finish"; echo "$line"; record "$suite" 0 1 ;;
	esac
}

# --- which suites and cases run ---------------------------------------------------
# A misspelt suite or a bad lane count fails the run rather than quietly
# testing less than was asked for.
all_suites="unit layers install dist sarif ci-script serve keep banks replay golden render content guide reproducible valgrind kill browser shape seeds"
cases=${QBOOK_CASES:-}
jobs=${QBOOK_JOBS:-1}
case $jobs in
''|*[!0-9]*|0*) echo "FAIL QBOOK_JOBS='$jobs' is not a positive number"; record "runner" 0 1; exit 0 ;;
esac
selected=
set -f
for s in ${QBOOK_SUITES:-}; do
	case " $all_suites " in
	*" $s "*) selected="$selected $s " ;;
	*) echo "FAIL unknown suite '$s' in QBOOK_SUITES (suites: $all_suites)"; record "runner" 0 1; exit 0 ;;
	esac
done
set +f

want() {	# want SUITE: is SUITE to run?
	if [ -n "$cases" ]; then
		case $1 in golden|render) ;; *) return 1 ;; esac
	fi
	[ -z "$selected" ] && return 0
	case $selected in *" $1 "*) return 0 ;; esac
	return 1
}

matches() {	# matches NAME: does NAME match one of QBOOK_CASES's globs (or is there none)?
	[ -z "$cases" ] && return 0
	set -f	# the globs are patterns for case, not file names to expand
	for pat in $cases; do
		# shellcheck disable=SC2254 # $pat is a glob on purpose
		case $1 in $pat) set +f; return 0 ;; esac
	done
	set +f
	return 1
}

# --- unit tests (cmocka) -----------------------------------------------------
task_unit() {	# $1 = the test binary
	t=$1
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p')
	p=${p:-0}; f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -ne 0 ]; then printf '%s\n' "$out" | grep -E 'FAILED|ERROR|LINE|runtime error|Sanitizer' | head -20; fi
	record "unit:$(basename "$t")" "$p" "$f"
}

# --- the layers of generator/ (tests/layers.sh): site and guide apart, base and
# bank below them ------------------------------------------------------------------
if want layers && [ -z "$TAG" ]; then
	counted layers layers sh tests/layers.sh
fi

# --- make install, the installed qbook used from elsewhere, make uninstall -----------
# (plain run only: it installs the binary under test, which the plain run's
# make configuration names)
if want install && [ -z "$TAG" ]; then
	counted install install sh tests/install.sh "$scratch"
fi

# --- qbook serve over loopback with curl (plain and sanitized: it has threads) -------
if want serve; then
	counted serve serve sh tests/serve.sh "$QBOOK" "$scratch"
fi

# --- the guides of the test banks in other languages, as their readers see them -----
if want banks && [ -z "$TAG" ]; then
	counted banks banks sh tests/banks-pdf.sh "$QBOOK" "$scratch"
fi

# --- keep-together on every page of the shipped guides and a 2,000-question one ------
if want keep && [ -z "$TAG" ]; then
	counted keep keep sh tests/keep-together.sh "$QBOOK" "$scratch"
fi

# --- make dist: reproducible, complete, and it builds ----------------------------------
if want dist && [ -z "$TAG" ]; then
	counted dist dist sh tests/dist.sh "$scratch"
fi

# --- --diagnostics sarif: a valid SARIF 2.1.0 log (ajv and Microsoft's schema, npm) -------
if want sarif && [ -z "$TAG" ]; then
	counted sarif sarif env NODE_PATH="$top/out/npm/node_modules" \
	    node tests/sarif-check.mjs "$QBOOK" "$scratch"
fi

# --- docs/ci/qbook-ci.sh, the script the CI workflows of docs/ci.md call ---------------
if want ci-script; then
	counted "ci-script" ci-script sh tests/ci-script.sh "$QBOOK" "$scratch"
fi

# --- the fuzz corpora, replayed without libFuzzer (tests/fuzz/replay.c) ------------
# Every stored input of each target runs in a child of its own; one that
# crashes, aborts, hangs or (in the sanitizer build) leaks is a failure.
task_replay() {	# $1 = target, then some of its inputs (none: the binary is missing)
	target=$1
	shift
	replay="$BUILDDIR/tests/fuzz/replay-$target"
	if [ ! -x "$replay" ] || [ $# = 0 ]; then
		echo "FAIL fuzz-replay:$target: $replay was not built"; record "fuzz-replay:$target" 0 1
		return
	fi
	counted "fuzz-replay:$target" replay "$replay" "$@"
}

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

task_case() {	# $1 = case directory
	suite=${1#tests/}
	suite=${suite%%/*}
	if run_case "$1" '"$QBOOK" check -C content'; then
		record "golden:$suite" 1 0
	else
		record "golden:$suite" 0 1
	fi
}

task_suite() {	# $1 = suite name: it is recorded (in its place) even without cases
	record "$1" 0 0
}

# --- the render goldens: site pages and guide text, exactly -------------------------
render_expected() {	# the expected files that QBOOK_CASES selects, one a line
	find tests/render/expected -type f | sort | while read -r f; do
		if matches "render/${f#tests/render/expected/}"; then echo "$f"; fi
	done
}

task_render() {
	r="$scratch/render"
	rm -rf "$r"
	# The cover shows SOURCE_DATE_EPOCH's date (none without it): fixed here
	# so that the date is part of the golden text and cannot drift.
	if SOURCE_DATE_EPOCH=1700000000 "$QBOOK" build -C tests/render/content -o "$r" \
	    --theme "$top/themes/default" >"$r.stdout" 2>"$r.stderr" && [ ! -s "$r.stderr" ]; then
		record "render:build" 1 0
	else
		echo "FAIL render:build$suffix: qbook build -C tests/render/content"
		sed 's/^/  /' "$r.stderr" | head -40
		record "render:build" 0 1
	fi
	render_expected | while read -r f; do
		rel=${f#tests/render/expected/}
		actual="$r/$rel"
		case $rel in
		site/*) ;;
		*.txt)	# the guide as words on pages: layout, order, numbering
			actual="$r.txt"
			rm -f "$actual"
			pdftotext -layout "$r/${rel%.txt}.pdf" "$actual" 2>&1 | head -5 ;;
		esac
		if [ "${QBOOK_UPDATE:-}" = 1 ] && [ -f "$actual" ]; then cp "$actual" "$f"; fi
		if diff -u "$f" "$actual" >"$r.diff" 2>&1; then
			record "render:$rel" 1 0
		else
			echo "FAIL render:$rel$suffix"; sed 's/^/  /' "$r.diff" | head -40
			record "render:$rel" 0 1
		fi
	done
}

# --- the shipped bank checks clean with --strict and builds ----------------------------
task_content() {
	if "$QBOOK" check --strict -C content >"$scratch/content.out" 2>"$scratch/content.err"; then
		record "content:strict" 1 0
	else
		echo "FAIL content: qbook check --strict -C content"; head -40 "$scratch/content.err"
		record "content:strict" 0 1
	fi
	# (under the sanitizers too: no leak, no error)
	if "$QBOOK" build -C content -o "$scratch/shipped" >"$scratch/build.out" 2>"$scratch/build.err" &&
	    [ ! -s "$scratch/build.err" ] && [ -f "$scratch/shipped/site/index.html" ]; then
		record "content:build" 1 0
	else
		echo "FAIL content: qbook build -C content"; head -40 "$scratch/build.err"
		record "content:build" 0 1
	fi
}

# --- the tasks above, run in $jobs lanes ---------------------------------------------------
# One task a line, "KIND ARGUMENTS" (paths without blanks), in the order
# their results are recorded.
tasks="$scratch/tasks"
: >"$tasks"
if want unit; then
	for t in "$@"; do echo "unit $t"; done >>"$tasks"
fi
if want replay; then
	for dir in tests/fuzz/corpus/*/; do
		target=$(basename "$dir")
		if [ ! -x "$BUILDDIR/tests/fuzz/replay-$target" ]; then echo "replay $target" >>"$tasks"; continue; fi
		# In slices of 16 inputs, so that lanes share the large corpora.
		find "$dir" -maxdepth 1 -type f | sort |
		    awk -v t="$target" '{ s = s " " $0 } NR % 16 == 0 { print "replay " t s; s = "" }
			END { if (s != "") print "replay " t s }' >>"$tasks"
	done
fi
if want golden; then
	for suite in bad good cli hostile; do
		if [ -z "$cases" ]; then echo "suite golden:$suite"; fi
		for d in tests/$suite/*/; do
			[ -d "$d" ] || continue
			d=${d%/}
			if matches "${d#tests/}"; then echo "case $d"; fi
		done
	done >>"$tasks"
fi
if want render && [ -n "$(render_expected)" ]; then echo "render" >>"$tasks"; fi
if [ -n "$cases" ] && [ ! -s "$tasks" ]; then
	# A filter that selects nothing is a typo, not a pass.
	echo "FAIL no golden or render case matches QBOOK_CASES='$cases'"; record "runner" 0 1
fi
if want content || want guide; then echo "content" >>"$tasks"; fi

# Each lane walks the whole list and runs the tasks it claims first, so a
# lane that drew long tasks simply claims fewer.  A claim is a file created
# under noclobber (O_EXCL: only one lane can create it) by the builtin true,
# where mkdir would cost a process per task and lane.  (Not by ":": a
# failed redirection of a special builtin ends the whole lane.)
lane() {
	task=0
	while read -r kind args <&3; do
		task=$((task + 1))
		set -C
		if ! true 2>/dev/null >"$scratch/task.$task.claim"; then set +C; continue; fi
		set +C
		res="$scratch/task.$task.res"
		: >"$res"
		# shellcheck disable=SC2086 # $args is words
		"task_$kind" $args >"$scratch/task.$task.out" 2>&1
		: >"$scratch/task.$task.done"
	done 3<"$tasks"
}
lanes=0
while [ "$lanes" -lt "$jobs" ]; do
	lane &
	lanes=$((lanes + 1))
done
wait
# Outputs and results in task order, whichever lane ran what.
task=0
while read -r kind args; do
	task=$((task + 1))
	cat "$scratch/task.$task.out" 2>/dev/null
	if [ ! -f "$scratch/task.$task.done" ]; then
		echo "FAIL the task '$kind $args' did not finish"; echo "runner 0 1" >>"$scratch/task.$task.res"
	fi
	cat "$scratch/task.$task.res" >>"$scratch/tallies"
done <"$tasks"
if [ -s "$scratch/tallies" ]; then
	awk '!($1 in p) { order[n++] = $1 } { p[$1] += $2; f[$1] += $3 }
	     END { for (i = 0; i < n; i++) print order[i], p[order[i]], f[order[i]] }' "$scratch/tallies" |
	while read -r name p f; do record "$name" "$p" "$f"; done
fi

# --- the typeset guide and its handouts, as readers meet them ----------------------
if want guide && [ -z "$TAG" ] && [ -f "$scratch/shipped/guide.pdf" ]; then
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
if want reproducible && [ -z "$TAG" ]; then
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
if want valgrind && [ -z "$TAG" ]; then
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
if want kill && [ -z "$TAG" ]; then
	counted "out:kill" kill sh tests/kill.sh "$QBOOK" "$scratch/kill" 50
fi

# --- the site, in both shipped themes, as users meet it ---------------------------------
# (plain run only: the checks are about the output, which the ASan build
# produces byte for byte the same)
if want browser && [ -z "$TAG" ]; then
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

# --- a right-to-left site (the Arabic test bank): vnu, links and axe -------------------
if want browser && [ -z "$TAG" ]; then
	dir="$scratch/site-rtl"
	if "$QBOOK" build -C tests/banks/ar/content -o "$dir" --only site >/dev/null 2>"$scratch/site.err" &&
	    grep -q '<html lang="ar" dir="rtl">' "$dir/site/index.html"; then
		counted "site:ar-rtl" "browser:ar-rtl" env NODE_PATH="$top/out/npm/node_modules" \
		    node tests/browser/site-check.mjs "$dir/site" ar-rtl "$top/out/screenshots" markup
	else
		echo "FAIL site:ar-rtl: the Arabic bank's site, with dir=rtl"; cat "$scratch/site.err"
		record "site:ar-rtl" 0 1
	fi
fi

# --- qbook serve in a browser: reload after a save, the problems overlay -------------
if want browser && [ -z "$TAG" ]; then
	w="$scratch/serve-browser"
	rm -rf "$w"
	if "$QBOOK" init "$w" >/dev/null; then
		counted "serve:browser" serve-browser env NODE_PATH="$top/out/npm/node_modules" \
		    node tests/browser/serve-check.mjs "$QBOOK" "$w" "$top/out/screenshots"
	else
		echo "FAIL serve:browser: qbook init"; record "serve:browser" 0 1
	fi
fi

# --- search in banks written in other scripts (tests/banks/*) ---------------------------
if want browser && [ -z "$TAG" ]; then
	for d in tests/banks/*/; do
		d=${d%/}
		lang=$(basename "$d")
		if ! "$QBOOK" build -C "$d/content" -o "$scratch/bank-$lang" --only site --strict \
		    >/dev/null 2>"$scratch/bank.err"; then
			echo "FAIL search:$lang: the bank does not build"; cat "$scratch/bank.err"
			record "search:$lang" 0 1
			continue
		fi
		# shellcheck disable=SC2046 # one argument per word
		counted "search:$lang" search env NODE_PATH="$top/out/npm/node_modules" \
		    node tests/browser/search-check.mjs "$scratch/bank-$lang/site" "$d/content" \
		    $(cat "$d/search-words")
	done
fi

# --- hostile content's sites in a browser: no injected script runs ---------------------
if want browser && [ -z "$TAG" ]; then
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
if want shape && [ -z "$TAG" ]; then
	counted "content:shape" shape sh tests/bank-shape.sh
fi

# --- the shipped bank against the reference documents (where present) -------------
seeds="$top/../shared/seeds"
if want seeds && [ -z "$TAG" ] && [ -d "$seeds" ]; then
	for t in coverage originality; do
		counted "content:$t" "$t" sh "tests/$t.sh" "$QBOOK" "$seeds"
	done
elif want seeds && [ -z "$TAG" ]; then
	echo "note: $seeds not found; coverage and originality checks not run"
fi
exit 0
