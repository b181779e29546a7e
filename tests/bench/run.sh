#!/bin/sh
# make bench: benchmarks (never assertions).  For now: search latency on a
# synthetic 10,000-question bank in headless Chromium.
set -eu
QBOOK=$1
dir=out/bench
mkdir -p "$dir"
if [ ! -f "$dir/bank-10000/qbook.yaml" ]; then
	echo "generating a synthetic bank of 10,000 questions"
	sh tests/bench/genbank.sh 10000 "$dir/bank-10000"
fi
"$QBOOK" build -C "$dir/bank-10000" -o "$dir/out-10000" >/dev/null
NODE_PATH="$(pwd)/out/npm/node_modules" node tests/bench/search.mjs "$dir/out-10000/site"
