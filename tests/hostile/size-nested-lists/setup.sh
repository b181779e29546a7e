cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Big\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "- "; print "deep" }'
	printf '\n\n## What to listen for\n\n- Something.\n'
} >content/basics/big.md
