# Banks whose qbook.yaml names a theme by a path relative to it: a house
# theme beside the bank, one inside it, one further out than the directory
# holding the bank, one through a link that leads out, an absolute path and
# a path to nothing.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p house/templates content/themes/brand
printf 'name: house\nextends: default\n' >house/theme.yaml
mkdir -p house/static && printf '.brand-mark { background: #7a2e8f; }\n' >house/static/house.css
printf 'name: house\nextends: default\nextra_css: [house.css]\n' >house/theme.yaml
printf 'name: brand\nextends: default\n' >content/themes/brand/theme.yaml
ln -s "$TOP/themes" linked
for v in beside:../house inside:./themes/brand outside:../.. linked:../linked/default absolute:/etc missing:../nowhere; do
	cp -a content "bank-${v%%:*}"
	sed -i "s|^theme: default\$|theme: ${v#*:}|" "bank-${v%%:*}/qbook.yaml"
done
rm -rf content/themes bank-beside/themes bank-outside/themes bank-linked/themes bank-absolute/themes \
    bank-missing/themes
