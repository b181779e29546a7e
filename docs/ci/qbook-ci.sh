#!/bin/sh
# The CI steps for a qbook bank, as docs/ci.md's GitHub Actions workflow and
# GitLab CI job run them (and qbook's own make test, on a good bank and a
# broken one):
#
#   qbook-ci.sh BANK OUT
#
# 1. qbook check --strict: every problem is an error.  Under GitHub Actions
#    the problems are workflow commands, so they show as annotations on the
#    pull request; elsewhere they are printed GCC style.
# 2. qbook build into OUT: OUT/site/ to publish, OUT/guide.pdf and
#    OUT/guides/*.pdf as artifacts.
#
# QBOOK names the qbook to run (default: qbook on PATH).  Exits with
# qbook's status: 0 when the bank is clean and built.
set -eu
bank=${1:?usage: qbook-ci.sh BANK OUT}
out=${2:?usage: qbook-ci.sh BANK OUT}
qbook=${QBOOK:-qbook}
format=text
if [ "${GITHUB_ACTIONS:-}" = true ]; then
	format=github
fi
"$qbook" check --strict --diagnostics "$format" -C "$bank"
"$qbook" build --strict --diagnostics "$format" -C "$bank" -o "$out"
