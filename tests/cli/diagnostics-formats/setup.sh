# A duplicate id (an error with a note), an unknown key (a warning) and an
# unknown level whose value holds a quote, a colon, a comma and a percent
# sign, to be escaped.
cp -a "$TOP/tests/bad/duplicate-id/content" .
printf -- '---\ntitle: Quoting\nlevle: mid\nlevel: '"'"'a "b": c, 100%%'"'"'\n---\n\nBody.\n\n## What to listen for\n\n- x\n' >content/basics/zz-quote.md
