#!/bin/sh
# Write a deterministic synthetic bank of N questions in the real content
# format, for benchmarks:  tests/bench/genbank.sh N OUTDIR
#
# 25 categories of uneven size, ~2 KB per question, 2-5 tags drawn
# Zipf-like from 300 concepts (a few index entries are huge), bold, inline
# code and links in every answer, a fenced code block in ~35% and a GFM table
# in ~20% of questions, three listen-for bullets each.  Uses its own linear
# congruential generator, so every awk gives the same bank.
set -eu
N=$1
OUT=$2
rm -rf "$OUT"
mkdir -p "$OUT"
awk -v n="$N" -v out="$OUT" '
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function pick(k) { return int(rnd() * k) }
function zipf(   u) { u = rnd(); return int(300 * u * u * u) }	# skewed towards 0
function words(k,   s, i) {
	s = ""
	for (i = 0; i < k; i++) s = s (i ? " " : "") vocab[pick(nv)]
	return s
}
BEGIN {
	seed = 42
	nv = split("value object function method class module package thread process queue " \
	    "memory reference iterator generator decorator closure scope exception context " \
	    "manager buffer stream socket request response cache index table column record " \
	    "transaction lock event loop task future callback parser token schema field " \
	    "interface protocol library framework pattern test fixture mock coverage profile " \
	    "latency throughput service client server handler router template", vocab, " ")
	print "title: Synthetic bank of " n " questions\nlevels: [junior, mid, senior]\n" \
	    "rounds:\n  - id: screen\n    title: Screen\n  - id: coding\n    title: Coding\n" \
	    "  - id: domain\n    title: Domain\n" > (out "/qbook.yaml")
	split("junior mid senior", levels, " ")
	split("screen coding domain", rounds, " ")
	# Uneven category sizes: weights 1..25.
	total = 0
	for (c = 1; c <= 25; c++) { w[c] = c; total += c }
	q = 0
	for (c = 1; c <= 25; c++) {
		dir = out "/cat-" sprintf("%02d", c)
		system("mkdir -p " dir)
		printf "---\ntitle: Category %d\norder: %d\nsummary: Synthetic category %d.\n---\n\n%s.\n", \
		    c, c, c, words(40) > (dir "/_index.md")
		close(dir "/_index.md")
		count = (c == 25) ? n - q : int(n * w[c] / total)
		for (k = 0; k < count; k++) {
			q++
			f = dir "/q" q ".md"
			ntags = 2 + pick(4)
			tags = ""
			for (t = 0; t < ntags; t++) tags = tags (t ? ", " : "") "concept-" zipf()
			printf "---\ntitle: Question %d about %s?\nlevel: %s\nround: %s\ntags: [%s]\n" \
			    "index: [term-%d/sub-%d]\nrelated: [q%d]\nminutes: %d\n---\n\n", \
			    q, words(6), levels[1 + pick(3)], rounds[1 + pick(3)], tags, pick(500), pick(5), \
			    (q > 1 ? q - 1 : 2), 2 + pick(8) > f
			for (p = 0; p < 4; p++)
				printf "%s **%s** and `%s()` with [a link](https://example.org/%d) %s.\n\n", \
				    words(25), words(2), vocab[pick(nv)], q, words(20) > f
			if (rnd() < 0.35)
				printf "```python\ndef %s_%d(x):\n    return [y * 2 for y in x if y]\n```\n\n", vocab[pick(nv)], q > f
			if (rnd() < 0.20)
				printf "| %s | %s | %s |\n| --- | --- | --- |\n| %s | %s | %s |\n| %s | %s | %s |\n\n", \
				    vocab[pick(nv)], vocab[pick(nv)], vocab[pick(nv)], words(2), words(2), words(2), \
				    words(2), words(2), words(2) > f
			printf "## What to listen for\n\n- %s.\n- %s.\n- %s.\n\n## Red flags\n\n- %s.\n\n" \
			    "## Follow-up questions\n\n- %s?\n", words(12), words(12), words(12), words(10), words(8) > f
			close(f)
		}
	}
}'
