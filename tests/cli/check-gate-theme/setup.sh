# A broken theme (a bad template, an unknown theme.yaml key) and a bank
# whose qbook.yaml names a theme that is nowhere.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p themes/broken/templates
printf 'name: broken\nextends: default\ncolour: red\n' >themes/broken/theme.yaml
ln -s "$TOP/themes/default" themes/default
printf '<section>\n  <h1 data-text="title" data-html="x">T</h1>\n</section>\n' >themes/broken/templates/home.html
cp -a content missing && sed -i 's/^theme: default$/theme: nowhere/' missing/qbook.yaml
