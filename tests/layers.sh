#!/bin/sh
# The layers of generator/, checked from its #include lines:
#
#   base/    depends on nothing above it (mem, buf, diag, fsx, utf8, out, proc)
#   bank/    on base/ (load, meta, md, model, index, theme)
#   site/    on base/ and bank/, never on guide/
#   guide/   on base/ and bank/, never on site/
#   serve/   on base/ alone (the builds are main.c's, through hooks)
#   main.c   on anything
#
# and, inside bank/, model (and what it builds on) never includes index:
# index runs after the model is made.  Every quoted include must be
# qualified with its directory ("bank/model.h").  Prints each violation and
# the closing "layers PASSED FAILED" line that tests/run.sh reads.
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0
rank() {
	case $1 in
	base) echo 0 ;; bank) echo 1 ;; site|guide|serve) echo 2 ;; *) echo 9 ;;
	esac
}
for f in generator/*/*.c generator/*/*.h generator/main.c; do
	[ -f "$f" ] || continue
	case $f in generator/main.c) from=main ;; *) from=$(basename "$(dirname "$f")") ;; esac
	bad=0
	while IFS= read -r inc; do
		case $inc in
		"") continue ;;
		*/*) to=${inc%%/*} ;;
		*) echo "layers: $f includes \"$inc\" without its directory"; bad=1; continue ;;
		esac
		if [ ! -f "generator/$inc" ]; then
			echo "layers: $f includes \"$inc\", which does not exist"; bad=1; continue
		fi
		[ "$from" = main ] && continue
		if [ "$(rank "$to")" -gt "$(rank "$from")" ] ||
		    { [ "$from" != "$to" ] && [ "$(rank "$to")" = 2 ] && [ "$(rank "$from")" = 2 ]; }; then
			echo "layers: $f ($from/) includes $inc ($to/)"; bad=1
		fi
		case $f:$inc in
		generator/bank/model.*:bank/index.h|generator/bank/load.*:bank/index.h|\
		generator/bank/meta.*:bank/index.h|generator/bank/md.*:bank/index.h)
			echo "layers: $f includes $inc: index runs after the model is made"; bad=1 ;;
		generator/serve/*:bank/*)
			echo "layers: $f includes $inc: serve builds through main.c's hooks"; bad=1 ;;
		esac
	done <<EOF2
$(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f")
EOF2
	if [ $bad = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "layers $pass $fail"
