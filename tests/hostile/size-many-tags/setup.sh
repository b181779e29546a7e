cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Many tags\ntags: ['
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%stag %d", (i ? ", " : ""), i }'
	printf ']\n---\n\nBody.\n\n## What to listen for\n\n- x\n'
} >content/basics/big.md
