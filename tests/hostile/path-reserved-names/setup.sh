cp -a "$TOP/tests/cli/build-writes-site/content" .
for id in index con nul aux prn com1 lpt1 404 search questions concepts practice sitemap robots assets; do
	printf -- '---\ntitle: Question named %s\n---\n\nBody.\n\n## What to listen for\n\n- x\n' "$id" >"content/basics/$id.md"
done
printf -- '---\ntitle: Page named index\n---\n\nBody.\n' >content/pages/index.md
mkdir content/questions content/assets
cp content/other/_index.md content/questions/_index.md
cp content/other/_index.md content/assets/_index.md
sed -e '/^id:/d' -e 's/^title: .*/title: In a category named questions/' content/other/design.md >content/questions/in-questions.md
sed -e '/^id:/d' -e 's/^title: .*/title: In a category named assets/' content/other/design.md >content/assets/in-assets.md
