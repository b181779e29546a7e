#!/bin/sh
# Coverage of the reference documents by the shipped bank.
#
#   tests/coverage.sh QBOOK SEEDS_DIR
#
# The reference questions are read from the seed documents themselves (the
# numbered, bulleted and lettered question lines, the behavioural bullets,
# the FAQ and the evaluation criteria).  tests/coverage/*.tsv maps each one
# (seed file, wording, id) to the question id, or page:SLUG, that covers it.
# Fails when a reference question is unmapped, when a mapping's wording is
# not in its seed, or when a mapped id does not exist in content/.
# Prints "coverage PASSED FAILED" for tests/run.sh.
set -u
QBOOK=$1
SEEDS=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qbook-cov.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0

# Strip list markers and surrounding blanks so the seed's numbering style does
# not matter: "  12. Q", "• Q", "iv. Q", "Ø  Q" all become "Q".
normalize() {
	sed -e 's/\xc2\xa0/ /g' -e 's/\r$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
	    -e 's/^[0-9][0-9]*\.[[:space:]]*//' -e 's/^•[[:space:]]*//' \
	    -e 's/^Ø[[:space:]]*//' -e 's/^\(i\|ii\|iii\|iv\|v\|vi\)\.[[:space:]]*//'
}

# 1. The reference questions, one per line, prefixed with their seed file.
for f in "$SEEDS"/*.txt; do
	name=$(basename "$f")
	sed 's/\xc2\xa0/ /g' "$f" | awk '
	  /^Download Free/ || /^Python Developer: How to prep/ { stop = 1 }
	  /What Interviewers Evaluate/ { eval = 1; next }
	  /Interview FAQs/ { eval = 0; faq = 1; next }
	  /^Ready to Pract/ { faq = 0 }
	  stop { next }
	  /^[ ]+[0-9]+\. / || /^[ ]+• / || /^(i|ii|iii|iv|v|vi)\. / || /^Ø/ { print; next }
	  (eval || faq) && /\?[[:space:]]*$/ { print }
	' | normalize | sed "s|^|$name	|"
done | sort -u >"$tmp/refs"

# 2. The mappings, wording normalized the same way.
cat tests/coverage/*.tsv | awk -F'\t' 'NF == 3' >"$tmp/map"
cut -f1,2 "$tmp/map" | while IFS='	' read -r seed text; do
	printf '%s\t%s\n' "$seed" "$(printf '%s\n' "$text" | normalize)"
done | sort -u >"$tmp/mapped"

# 3. Ids and page slugs that exist.
"$QBOOK" list -C content 2>"$tmp/list.err" | awk -F'\t' '{ print ($1 == "page" ? "page:" : "") $2 }' | sort -u >"$tmp/ids"
if [ ! -s "$tmp/ids" ]; then echo "coverage: qbook list failed"; cat "$tmp/list.err"; fail=$((fail + 1)); fi

nref=$(wc -l <"$tmp/refs")
if [ "$nref" -lt 150 ]; then
	echo "coverage: only $nref reference questions found in $SEEDS"; fail=$((fail + 1))
fi
unmapped=$(comm -23 "$tmp/refs" "$tmp/mapped")
if [ -n "$unmapped" ]; then
	echo "coverage: reference questions with no mapping in tests/coverage/*.tsv:"
	printf '%s\n' "$unmapped" | sed 's/^/  /'
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
bad_ids=$(cut -f3 "$tmp/map" | sort -u | comm -23 - "$tmp/ids")
if [ -n "$bad_ids" ]; then
	echo "coverage: mapped ids that do not exist in content/:"
	printf '%s\n' "$bad_ids" | sed 's/^/  /'
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
# Every mapped wording must really be in its seed (no invented references).
missing=0
while IFS='	' read -r seed text id; do
	if ! grep -qF -- "$text" "$SEEDS/$seed" 2>/dev/null; then
		echo "coverage: not found in $seed: $text"; missing=1
	fi
done <"$tmp/map"
if [ $missing = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
echo "  $nref reference questions, $(wc -l <"$tmp/map") mappings, $(wc -l <"$tmp/ids") ids and pages"
echo "coverage $pass $fail"
