#!/bin/sh
# The shipped bank is written in its own words: no content file may share a
# run of 8 consecutive words with a reference document in SEEDS_DIR
# (case, punctuation and spacing ignored).
#
#   tests/originality.sh QBOOK SEEDS_DIR   (QBOOK is unused; same calling
#                                         convention as tests/coverage.sh)
#
# Prints every shared run and ends with "originality PASSED FAILED".
set -u
SEEDS=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qbook-orig.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One lower-case word per line.
words() {
	sed 's/\xc2\xa0/ /g' "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' ' ' | tr -s ' ' '\n' | grep -v '^$'
}
# Every run of 8 consecutive words, one per line.
shingles() {
	awk -v n=8 '{ w[NR % n] = $0
		if (NR >= n) { s = w[(NR - n + 1) % n]; for (i = NR - n + 2; i <= NR; i++) s = s " " w[i % n]; print s } }'
}

for f in "$SEEDS"/*.txt; do words "$f" | shingles; done | sort -u >"$tmp/seeds"
find content -name '*.md' | sort | while read -r f; do
	words "$f" | shingles | sort -u | comm -12 - "$tmp/seeds" | sed "s|^|$f: |"
done >"$tmp/shared"
n=$(wc -l <"$tmp/shared")
if [ "$n" -gt 0 ]; then
	echo "originality: $n runs of 8 words shared with the reference documents:"
	sed 's/^/  /' "$tmp/shared" | head -50
	echo "originality 0 1"
else
	echo "originality 1 0"
fi
