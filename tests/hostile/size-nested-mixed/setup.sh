cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Big\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 200000; i++) printf (i % 2 ? "- " : "> "); print "deep" }'
	printf '\n\n## What to listen for\n\n- Something.\n'
} >content/basics/big.md
