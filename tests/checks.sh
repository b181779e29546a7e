# Sourced by the scripts of tests/ that count their own checks (install.sh,
# dist.sh, ci-script.sh): set suite and scratch first, then call
#
#   check WHAT COMMAND...   one check: COMMAND succeeds, or FAIL and its output
#   checks_done             the closing "SUITE PASSED FAILED" line run.sh reads
pass=0 fail=0
check() {
	what=$1
	shift
	if "$@" >"$scratch/$suite.out" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $suite: $what"
		tail -20 "$scratch/$suite.out"
	fi
}
checks_done() {
	echo "$suite $pass $fail"
}
