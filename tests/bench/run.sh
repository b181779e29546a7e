#!/bin/sh
# make bench: figures, never assertions.
#
#   tests/bench/run.sh QBOOK [N ...]        (default N: 1000 2000 10000)
#
# For each N a synthetic bank (genbank.sh) is timed, each measure the median
# of RUNS (default 5) runs under /usr/bin/time -v:
#   bound     the cmark-gfm command line rendering every question body to
#             HTML (the bodies are cut out of the bank once, untimed): the
#             cost of just parsing and rendering the Markdown
#   check     qbook check
#   site      qbook build --only site, into a new directory
#   guide     qbook build --only pdf, into a new directory
#   build     qbook build (site and PDFs), into a new directory
#   rebuild   qbook build over the previous build after one question was
#             edited; "written" is how many files it rewrote
# Then the guide of a Chinese bank of BENCH_ZH (default 2000) questions
# (genbank.sh's zh prose: about 3,000 distinct ideographs, all drawn through
# the fonts' fallback) against the English bank of the same size: with the
# fonts installed, and with DejaVu alone (every ideograph missing, each
# reported once).  Then the search latency on the 10,000-question site in
# headless Chromium, and qbook serve's latency from a save to the reload
# event (serve-latency.mjs) on the shipped bank and on 1,000 questions.
#
# The timed builds write into a RAM file system (/dev/shm; BENCH_RUNS picks
# another directory) and are removed at the end.  On ext4, creating files
# in the minutes after many were deleted is several times slower (the inode
# allocator passes over recently deleted inodes), and each N's runs, the
# previous bench's, or any other work's deletions would otherwise decide
# the system time of the next builds: the same binary measured 0.55 to
# 2.3 s of it for the 10,000-question site.
# Prints one Markdown table per N (times in seconds, RSS in MB, ratios to
# the bound); docs/performance.md records a run.
set -eu
QBOOK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
SIZES=${*:-1000 2000 10000}
RUNS=${RUNS:-5}
dir=out/bench
mkdir -p "$dir"
if [ -z "${BENCH_RUNS:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	BENCH_RUNS=/dev/shm
fi
runs=$(mktemp -d "${BENCH_RUNS:-$dir}/qbook-bench.XXXXXX")
trap 'rm -rf "$runs"' EXIT
export LC_ALL=C TZ=UTC

# timed LABEL CMD...: run CMD once under time -v; append "LABEL wall user sys rss_kb"
# to $dir/times.  The command's own output goes to $dir/last.out.  The
# previous run's files are flushed to disk first (untimed), so that their
# write-back does not land in this run's system time.
timed() {
	label=$1
	shift
	sync
	/usr/bin/time -v -o "$dir/time.txt" "$@" >"$dir/last.out" 2>&1 || {
		echo "bench: '$*' failed:" >&2; tail -5 "$dir/last.out" >&2; exit 1; }
	awk -v l="$label" '
		/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time/ { u = $NF } /System time/ { s = $NF }
		/Maximum resident set size/ { r = $NF }
		END { printf "%s %.3f %.2f %.2f %d\n", l, w, u, s, r }' "$dir/time.txt" >>"$dir/times"
}

# The bodies of every question file, front matter cut, one file per bank.
bodies() {
	find "$1" -name 'q*.md' | sort | xargs awk '
		FNR == 1 { fm = 0 }
		FNR == 1 && /^---$/ { fm = 1; next }
		fm && /^---$/ { fm = 0; next }
		!fm { print }' >"$2"
}

# One question's answer gains a sentence: the smallest real edit.
edit_one() {
	f=$(find "$1" -name 'q*.md' | sort | sed -n '7p')
	awk -v r="$2" '{ print } /^---$/ && ++fm == 2 { print "\nEdited, run " r "." }' \
	    "$f" >"$f.new"
	mv "$f.new" "$f"
}

for n in $SIZES; do
	bank=$dir/bank-$n
	if [ ! -f "$bank/qbook.yaml" ]; then
		echo "generating a synthetic bank of $n questions"
		sh tests/bench/genbank.sh "$n" "$bank"
	fi
	bodies "$bank" "$dir/bodies-$n.md"
	rm -rf "$runs/runs-$n" "$runs/edit-$n"
	mkdir -p "$runs/runs-$n"
	cp -a "$bank" "$runs/edit-$n"
	: >"$dir/times"
	"$QBOOK" build -C "$runs/edit-$n" -o "$runs/runs-$n/rebuild" >/dev/null
	for r in $(seq "$RUNS"); do
		timed bound cmark-gfm -e table -e strikethrough -e autolink -e tagfilter \
		    -e tasklist -t html "$dir/bodies-$n.md"
		for j in 1 0; do
			# -j 1: one process; 0 stands for the default (the online cores).
			jobs=$([ $j = 1 ] && echo "-j 1" || true)
			timed check$j "$QBOOK" check $jobs -C "$bank"
			timed site$j "$QBOOK" build $jobs -C "$bank" -o "$runs/runs-$n/site$j-$r" --only site
			timed guide$j "$QBOOK" build $jobs -C "$bank" -o "$runs/runs-$n/guide$j-$r" --only pdf
			timed build$j "$QBOOK" build $jobs -C "$bank" -o "$runs/runs-$n/build$j-$r"
			edit_one "$runs/edit-$n" "$r$j"
			timed rebuild$j "$QBOOK" build $jobs -C "$runs/edit-$n" -o "$runs/runs-$n/rebuild"
			# Files rewritten: the site's count plus the PDFs not "(unchanged)".
			awk '/files written/ { w += $2 } /questions?, [0-9]+ pages$/ { w++ }
			    END { print "written", w }' "$dir/last.out" >>"$dir/times"
		done
		rm -rf "$runs/runs-$n"/*-"$r"
	done
	# Keep-together on every page of the last guide (tests/keep-together.awk).
	keep=
	"$QBOOK" build -C "$bank" -o "$runs/keep-$n" --only pdf >/dev/null 2>&1 &&
	    keep=$(pdftotext -layout "$runs/keep-$n/guide.pdf" - | awk -f tests/keep-together.awk | tail -n 1)
	rm -rf "$runs/keep-$n"
	pages=$(sed -n 's/.*guide.pdf: [0-9]* questions, \([0-9]*\) pages/\1/p' "$dir/last.out")
	echo
	kb=$(find "$bank" -name '*.md' -exec cat {} + | wc -c)
	echo "N = $n questions ($((kb / 1024)) KB of Markdown; guide $pages pages), median of $RUNS runs"
	echo "keep-together in its guide: ${keep:-not checked}"
	echo
	sort -k1,1 -k2,2n "$dir/times" | awk -v runs="$RUNS" '
		$1 == "written" { wr[++nw] = $2; next }
		{ k = $1; c[k]++; w[k, c[k]] = $2; u[k, c[k]] = $3; s[k, c[k]] = $4
		  if ($5 > rss[k]) rss[k] = $5 }
		function med(a, k,   i, v, m, t, j, x) {
			m = c[k]
			for (i = 1; i <= m; i++) v[i] = a[k, i]
			for (i = 2; i <= m; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
			return v[int((m + 1) / 2)]
		}
		END {
			bound = med(w, "bound")
			printf "bound (cmark-gfm): %.2f s wall, %.2f user, %.2f sys, %.0f MB\n\n",
			    bound, med(u, "bound"), med(s, "bound"), rss["bound"] / 1024
			print "| measure | -j 1 wall | user | sys | RSS MB | / bound " \
			    "| default wall | user | sys | RSS MB | / bound |"
			print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
			split("check site guide build rebuild", order, " ")
			for (i = 1; i <= 5; i++) {
				printf "| %s", order[i]
				for (j = 1; j >= 0; j--) {
					k = order[i] j
					printf " | %.2f | %.2f | %.2f | %.0f | %s", med(w, k),
					    med(u, k), med(s, k), rss[k] / 1024,
					    (bound >= 0.005 ? sprintf("%.2f", med(w, k) / bound) : "–")
				}
				printf " |\n"
			}
			printf "\nfiles rewritten by each rebuild after one edit:"
			for (i = 1; i <= nw; i++) printf " %s", wr[i]
			printf "\n"
		}'
	rm -rf "$runs/runs-$n"
done

# The Chinese guide, per question against the English one.
zn=${BENCH_ZH:-2000}
if [ "$zn" -gt 0 ]; then
	for lang in en zh; do
		bank=$dir/bank-$zn$([ $lang = zh ] && echo -zh || true)
		if [ ! -f "$bank/qbook.yaml" ]; then
			echo "generating a synthetic bank of $zn questions ($lang)"
			sh tests/bench/genbank.sh "$zn" "$bank" $lang
		fi
	done
	mkdir -p "$runs/zh/cache"
	printf '<?xml version="1.0"?>\n<fontconfig>\n  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>%s</cachedir>\n</fontconfig>\n' \
	    "$runs/zh/cache" >"$runs/zh/dejavu.conf"
	: >"$dir/times"
	for r in $(seq "$RUNS"); do
		timed english "$QBOOK" build -C "$dir/bank-$zn" -o "$runs/zh/en-$r" --only pdf
		timed chinese "$QBOOK" build -C "$dir/bank-$zn-zh" -o "$runs/zh/zh-$r" --only pdf
		timed chinese-no-font env FONTCONFIG_FILE="$runs/zh/dejavu.conf" \
		    "$QBOOK" build -C "$dir/bank-$zn-zh" -o "$runs/zh/nf-$r" --only pdf
	done
	reported=$(grep -c 'warning: no installed font' "$dir/last.out" || true)
	echo
	echo "The guide of $zn questions in Chinese and in English (median of $RUNS runs;"
	echo "without a CJK font, $reported characters were reported)"
	echo
	sort -k1,1 -k2,2n "$dir/times" | awk -v n="$zn" '
		{ k = $1; c[k]++; w[k, c[k]] = $2; if ($5 > rss[k]) rss[k] = $5 }
		function med(k,   m) { m = c[k]; return w[k, int((m + 1) / 2)] }
		END {
			print "| guide | wall s | ms per question | peak RSS MB | / English |"
			print "| --- | ---: | ---: | ---: | ---: |"
			split("english chinese chinese-no-font", order, " ")
			for (i = 1; i <= 3; i++) {
				k = order[i]
				printf "| %s | %.2f | %.2f | %.0f | %.2f |\n", k, med(k), 1000 * med(k) / n,
				    rss[k] / 1024, med(k) / med("english")
			}
		}'
	rm -rf "$runs/zh"
fi

if [ -d out/npm/node_modules/playwright-core ]; then
	n=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
	echo
	echo "search in headless Chromium, $n questions:"
	"$QBOOK" build -C "$dir/bank-$n" -o "$dir/out-$n" --only site >/dev/null
	NODE_PATH="$(pwd)/out/npm/node_modules" node tests/bench/search.mjs "$dir/out-$n/site"
fi

# qbook serve: from a save to the reload event a page receives.
if command -v node >/dev/null 2>&1; then
	echo
	echo "qbook serve, save to reload event (bars: 100 ms shipped, 300 ms 1,000 questions):"
	if [ ! -f "$dir/bank-1000/qbook.yaml" ]; then
		sh tests/bench/genbank.sh 1000 "$dir/bank-1000"
	fi
	printf '| bank | latency |\n| --- | --- |\n'
	printf '| shipped (content/) | %s |\n' \
	    "$(node tests/bench/serve-latency.mjs "$QBOOK" content "$runs/serve-shipped" 20)"
	printf '| 1,000 questions | %s |\n' \
	    "$(node tests/bench/serve-latency.mjs "$QBOOK" "$dir/bank-1000" "$runs/serve-1000" 20)"
fi
