cp -a "$TOP/tests/cli/build-writes-site/content" .
{
	printf -- '---\ntitle: Big\n---\n\n'
	awk 'BEGIN { for (r = 0; r < 4; r++) { printf "|"; for (i = 0; i < 500; i++) printf (r == 1 ? "---|" : " c%d |"), i; print "" } }'
	printf '\n\n## What to listen for\n\n- Something.\n'
} >content/basics/big.md
