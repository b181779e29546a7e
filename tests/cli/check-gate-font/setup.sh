# A theme that asks for a font family that is not installed.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p themes/fonty
ln -s "$TOP/themes/default" themes/default
printf 'name: fonty\nextends: default\npdf:\n  body-font: No Such Serif\n' >themes/fonty/theme.yaml
