# Flags (regional indicator pairs) and U+FFFF in a bank: the line breaker
# of Debian 12 (libunibreak 1.1) stops the process on both.
cp -a "$TOP/tests/cli/build-writes-site/content" .
printf '\nFlags: \360\237\207\251\360\237\207\252 \360\237\207\253\360\237\207\267, and a noncharacter: \357\277\277.\n' \
	>>content/other/_index.md
