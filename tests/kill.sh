#!/bin/sh
# Kill builds with SIGKILL at random moments and check that the output is
# never damaged: every file is complete, from the old build or the new one.
#
#   tests/kill.sh QBOOK SCRATCH [RUNS]
#
# Version A of a bank is a trimmed copy of content/ (two categories, so a
# build takes a fraction of a second); version B changes the settings and
# answers, drops a question and adds one.  Each run copies A's output, starts
# a build of B into it, SIGKILLs it after a delay, then checks
#   - every file but the staging directory's is byte-identical to A's or B's,
#     and nothing else is there;
#   - every such file is listed in the manifest (so qbook still owns it);
#   - a following normal build succeeds and equals B's output exactly.
# The delays come from a fixed seed.  The first runs bisect for the moment
# the first new file appears; of the rest, half land in the writing phase
# (see below), half anywhere in the build.
# Ends with "kill PASSED FAILED".
set -u
QBOOK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
W=$2
RUNS=${3:-50}
top=$(pwd)
theme="$top/themes/default"
pass=0 fail=0

rm -rf "$W"
mkdir -p "$W"
cd "$W" || exit 1

# --- the two versions -------------------------------------------------------
mkdir A
cp -a "$top/content/qbook.yaml" "$top/content/pages" "$top/content/fundamentals" \
    "$top/content/concurrency" A/
# Links into the categories left out would not resolve; the handouts would
# only make each build longer.
sed -i '/^guides:/,$d' A/qbook.yaml
find A -name '*.md' -exec sed -i -e '/^related:/d' \
    -e 's/(q:[a-z0-9-]*)/(https:\/\/example.org\/)/g' {} +
cp -a A B
sed -i 's/^subtitle: .*/subtitle: Revised edition/' B/qbook.yaml
for f in $(ls B/fundamentals/*.md | grep -v _index | head -8); do
	awk 'n < 2 && /^---$/ { n++; print; if (n == 2) print "\nRevised for this edition.\n"; next }
	    { print }' "$f" >"$f.new" && mv "$f.new" "$f"
done
rm "$(ls B/concurrency/*.md | grep -v _index | head -1)"
sed 's/^title: .*/title: A question added in version B/' \
    "$(ls B/fundamentals/*.md | grep -v _index | tail -1)" >B/concurrency/added-in-b.md

build() { "$QBOOK" build -C "$1" -o "$2" --theme "$theme" >/dev/null 2>"$W/build.err"; }
if ! build A refA || ! build B refB; then
	echo "FAIL kill: the reference builds failed"; cat "$W/build.err"
	echo "kill 0 1"
	exit 0
fi
sums() { (cd "$1" && find . -type f ! -path './.qbook-staging/*' ! -name .qbook-lock -print0 | xargs -0 -r md5sum) | LC_ALL=C sort -k2; }
sums refA >A.sum
sums refB >B.sum

now_ms() { echo $(($(date +%s%N) / 1000000)); }
cp -a refA probe
t0=$(now_ms)
build B probe
T=$(($(now_ms) - t0))
rm -rf probe

# Kill a build of B into a copy of A after $1 ms (or, with $2 = spin, $1
# rounds after its staging directory appears); print which files changed
# (old, journal: none but the manifest lists B's, mixed, new), or FAIL lines.
kill_at() {
	rm -rf run
	cp -a refA run
	"$QBOOK" build -C B -o run --theme "$theme" >/dev/null 2>&1 &
	pid=$!
	if [ "${2:-}" = spin ]; then
		n=0
		while [ ! -d run/.qbook-staging ] && kill -0 "$pid" 2>/dev/null; do :; done
		while [ $n -lt "$1" ]; do n=$((n + 1)); done
	else
		sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"
	fi
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sums run >run.sum
	tr -d '\r' <run/.qbook-manifest 2>/dev/null | sed 's|^|./|' >run.manifest
	awk 'FILENAME == ARGV[1] { a[$2] = $1; next }
	    FILENAME == ARGV[2] { b[$2] = $1; next }
	    FILENAME == ARGV[3] { listed[$1] = 1; if (!($1 in a) && $1 in b) journal = 1; next }
	    $2 == "./.qbook-manifest" { next }
	    {
		if ($1 == a[$2] && $1 == b[$2]) same++
		else if ($1 == a[$2]) old++
		else if ($1 == b[$2]) new++
		else { print "FAIL " $2 ": neither version A nor B"; bad++ }
		if (!($2 in listed)) { print "FAIL " $2 ": not in the manifest"; bad++ }
	    }
	    END {
		if (bad) exit
		print old && new ? "mixed" : new ? "new" : journal ? "journal" : "old"
	    }' A.sum B.sum run.manifest run.sum
}

# Bisect for the first moment a file of B is in place.
lo=0 hi=$T runs=0 states=""
check_run() {	# $1 = delay, $2 = state line(s) from kill_at
	runs=$((runs + 1))
	ok=1
	case $2 in
	old | journal | mixed | new) states="$states $2" ;;
	*) echo "FAIL kill run $runs at $1:"; echo "$2" | head -5; ok=0 ;;
	esac
	if ! build B run || ! diff -r run refB >run.diff 2>&1; then
		echo "FAIL kill run $runs at $1: the next build did not restore B"
		head -5 run.diff; cat build.err; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}
while [ $runs -lt 10 ]; do
	mid=$(((lo + hi) / 2))
	s=$(kill_at $mid)
	case $s in old) lo=$mid ;; *) hi=$mid ;; esac
	check_run "$mid ms" "$s"
done
# The rest: odd runs after a pseudo-random delay (fixed seed) anywhere in
# the build; even runs in the writing phase, which is too short to hit by
# time: they wait for the staging directory to appear, then spin a
# pseudo-random number of rounds (0 to 15000, a few ms) first.
i=0
while [ $runs -lt "$RUNS" ]; do
	d=$(awk -v i=$i -v T="$T" 'BEGIN {
		srand(20240611 + i)
		printf "%d\n", i % 2 ? rand() * T * 1.2 : rand() * 15000 }')
	if [ $((i % 2)) = 1 ]; then
		check_run "$d ms" "$(kill_at "$d")"
	else
		check_run "staging + $d rounds" "$(kill_at "$d" spin)"
	fi
	i=$((i + 1))
done
cd "$top"
printf 'build of B takes %d ms, first new file after ~%d ms; states:' "$T" "$hi"
for st in old journal mixed new; do
	printf ' %s %d' "$st" "$(echo "$states" | tr ' ' '\n' | grep -c "^$st\$")"
done
echo
echo "kill $pass $fail"
