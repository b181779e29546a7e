cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Big\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 50000; i++) printf "x"; print "" }'
	printf '\n\n## What to listen for\n\n- Something.\n'
} >content/basics/big.md
