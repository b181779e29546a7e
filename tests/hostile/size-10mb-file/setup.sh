cp -a "$TOP/tests/cli/build-writes-site/content" .
{ printf -- "---\ntitle: Huge\n---\n\n"; head -c 10485760 /dev/zero | tr "\0" "a"; } >content/basics/huge.md
