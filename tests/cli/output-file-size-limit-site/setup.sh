cp -a "$TOP/tests/cli/build-writes-site/content" . && "$QBOOK" build -C content -o out --theme "$TOP/themes/default" >/dev/null && echo "More." >>content/basics/10-lists.md && cp -a out before
