cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Big\n---\n\n'
	awk 'BEGIN { for (i = 0; i < 49; i++) printf "> "; print "deep"; for (i = 0; i < 24; i++) printf "- "; print "lists" }'
	printf '\n\n## What to listen for\n\n- Something.\n'
} >content/basics/big.md
