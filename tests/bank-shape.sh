#!/bin/sh
# The shipped bank's editorial rules, checked on every question file:
# 2-6 tags; 3-5 "What to listen for" bullets; 2-3 red flags and 1-3
# follow-ups on every non-behavioral question; behavioral questions carry
# "Senior signals"; coding questions carry Problem, Example, Complexity and
# Reference solution; answer notes of 60-300 words (coding excepted).
# Prints offending files and ends with "shape PASSED FAILED".
set -u
find content -mindepth 2 -name '*.md' ! -name '_index.md' ! -path 'content/pages/*' | LC_ALL=C sort |
while read -r f; do
	awk -v file="$f" '
	function count_words(s,   n, a) { n = split(s, a, /[ \t]+/); return n }
	NR == 1 && /^---/ { fm = 1; next }
	fm && /^---/ { fm = 0; sec = "notes"; next }
	fm && /^kind:/ { kind = $2 }
	fm && /^tags:/ { t = $0; sub(/^tags:[ ]*\[/, "", t); sub(/\][ ]*$/, "", t); ntags = split(t, x, ",") }
	fm { next }
	/^```/ { fence = !fence; next }
	fence { next }
	/^## / { sec = tolower(substr($0, 4)); seen[sec] = 1; next }
	/^[-*] / { items[sec]++ }
	sec == "notes" || (sec != "what to listen for" && sec != "red flags" && sec != "follow-up questions" && sec != "senior signals") {
		if (NF) words += count_words($0)
	}
	END {
		if (kind == "") kind = "technical"
		p = ""
		if (ntags < 2 || ntags > 6) p = p " tags=" ntags
		n = items["what to listen for"] + 0; if (n < 3 || n > 5) p = p " listen-for=" n
		if (kind != "behavioral") {
			n = items["red flags"] + 0; if (n < 2 || n > 3) p = p " red-flags=" n
			n = items["follow-up questions"] + 0; if (n < 1 || n > 3) p = p " follow-ups=" n
		} else if (!seen["senior signals"]) p = p " no-senior-signals"
		if (kind == "coding") {
			split("problem,example,complexity,reference solution", need, ",")
			for (i in need) if (!seen[need[i]]) p = p " no-" need[i]
		} else if (words < 60 || words > 300) p = p " notes-words=" words
		if (p != "") print file ":" p
	}' "$f"
done >/tmp/qbook-shape.$$
n=$(wc -l </tmp/qbook-shape.$$)
cat /tmp/qbook-shape.$$; rm -f /tmp/qbook-shape.$$
if [ "$n" -eq 0 ]; then echo "shape 1 0"; else echo "shape 0 1"; fi
