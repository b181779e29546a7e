cp -a "$TOP/tests/cli/build-writes-site/content" .
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "a" }')
name=$(awk 'BEGIN { for (i = 0; i < 252; i++) printf "b" }')
dir=$(awk 'BEGIN { for (i = 0; i < 251; i++) printf "c" }')
printf -- '---\ntitle: Long id\nid: %s\n---\n\nBody.\n\n## What to listen for\n\n- x\n' "$long" >content/basics/long-id.md
printf -- '---\ntitle: Long file name\n---\n\nBody.\n\n## What to listen for\n\n- x\n' >"content/basics/$name.md"
printf -- '---\ntitle: Long page\n---\n\nBody.\n' >"content/pages/$name.md"
mkdir "content/$dir"
cp content/other/_index.md "content/$dir/_index.md"
sed -e '/^id:/d' -e 's/^title: .*/title: In a long directory/' content/other/design.md >"content/$dir/q.md"
sed -i "s/^  screen:/  $long:/" content/qbook.yaml
