#!/bin/sh
# docs/ci/qbook-ci.sh, the script docs/ci.md's workflows call, on a clean
# bank (it builds) and a broken one (it fails at the check, with GitHub
# annotations under GITHUB_ACTIONS=true).  Prints "ci-script PASSED FAILED".
#
#   tests/ci-script.sh QBOOK SCRATCH
set -u
qbook=$1
scratch=$2
top=$(pwd)
suite=ci-script
. tests/checks.sh
rm -rf "$scratch/ci"
mkdir -p "$scratch/ci"
cp -a "$top/tests/cli/build-writes-site/content" "$scratch/ci/good"
cp -a "$top/tests/bad/unknown-level/content" "$scratch/ci/bad"
good() {
	(cd "$scratch/ci" && env QBOOK="$qbook" GITHUB_ACTIONS=true \
	    sh "$top/docs/ci/qbook-ci.sh" good out) &&
	    test -f "$scratch/ci/out/site/index.html" -a -f "$scratch/ci/out/guide.pdf"
}
bad() {
	(cd "$scratch/ci" && env QBOOK="$qbook" GITHUB_ACTIONS=true \
	    sh "$top/docs/ci/qbook-ci.sh" bad out2 >out.txt 2>err.txt; echo $? >status)
	test "$(cat "$scratch/ci/status")" = 1 &&
	    grep -q '^::error file=bad/.*,line=[0-9]*,col=[0-9]*::unknown level' \
	    "$scratch/ci/err.txt" && test ! -e "$scratch/ci/out2"
}
check "a clean bank is checked and built" good
check "a broken bank fails at the check with annotations" bad
rm -rf "$scratch/ci"
checks_done
