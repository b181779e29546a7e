cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Big\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 100000; i++) print "- x" }'
	printf '\n\n## What to listen for\n\n- Something.\n'
} >content/basics/big.md
