#!/bin/sh
# Keep-together on every page: the shipped guide and its handouts, and a
# 2,000-question bank (tests/bench/genbank.sh) whose answers open with a
# "## Answer" heading, checked page by page with tests/keep-together.awk
# over pdftotext -layout.  First the checker itself must find the problems
# of a made-up text, so that a broken checker cannot pass.
# Usage: tests/keep-together.sh QBOOK SCRATCH
set -u
QBOOK=$1 scratch=$2
suite=keep
. "$(dirname "$0")/checks.sh"
top=$(pwd)
awkf="$top/tests/keep-together.awk"
w="$scratch/keep"
rm -rf "$w"
mkdir -p "$w"

printf 'Guide\n\n1.1  A question\n  junior  3 min  technical\n\n     Page 1 of 3\n\fGuide\nSCORE   1   2   3\nNOTES\n\n     Page 2 of 3\n\fGuide\nText.\n\nAnswer\n     Page 3 of 3\n' >"$w/bad.txt"
check "the checker finds a heading at a page's end, a score row at the next one's top, a Markdown heading" \
    sh -c "! awk -v heading=Answer -f '$awkf' '$w/bad.txt' >'$w/bad.out' && grep -q '^page 1 ends with a question' '$w/bad.out' && grep -q '^page 2 starts with a question.s score row' '$w/bad.out' && grep -q '^page 3 ends with the heading' '$w/bad.out' && grep -q '^3 problems on 3 pages' '$w/bad.out'"

# pages PDF: pdftotext -layout of PDF through the checker.
pages() {
	pdftotext -layout "$1" - | awk -v heading=Answer -f "$awkf"
}
if "$QBOOK" build -C content -o "$w/shipped" --only pdf >/dev/null 2>"$w/shipped.err"; then
	for pdf in "$w"/shipped/guide.pdf "$w"/shipped/guides/*.pdf; do
		check "every page of the shipped $(basename "$pdf")" pages "$pdf"
	done
else
	check "the shipped guide builds" sh -c "cat '$w/shipped.err'; false"
fi

sh tests/bench/genbank.sh 2000 "$w/bank" >/dev/null
for f in "$w"/bank/*/*.md; do
	case $f in */_index.md) continue ;; esac
	awk 'n == 2 && !done { print "\n## Answer\n"; done = 1 } { print } /^---$/ { n++ }' \
	    "$f" >"$f.new" && mv "$f.new" "$f"
done
if "$QBOOK" build -C "$w/bank" -o "$w/bench" --only pdf >/dev/null 2>"$w/bench.err"; then
	for pdf in "$w"/bench/guide.pdf "$w"/bench/guides/*.pdf; do
		[ -f "$pdf" ] || continue
		check "every page of the 2,000-question $(basename "$pdf")" pages "$pdf"
	done
else
	check "the 2,000-question guide builds" sh -c "cat '$w/bench.err'; false"
fi
rm -rf "$w/bank" "$w/bench"
checks_done
