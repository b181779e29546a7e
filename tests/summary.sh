#!/bin/sh
# Add up out/test-results.txt ("SUITE PASSED FAILED" lines) and print the
# closing line "N passed, N failed".  Exits 1 when anything failed or when no
# suite ran at all.
results=${1:-out/test-results.txt}
if [ ! -s "$results" ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
awk '{ printf "  %-40s %4d passed, %d failed\n", $1, $2, $3; p += $2; f += $3 }
     END { printf "%d passed, %d failed\n", p, f; exit f > 0 }' "$results"
