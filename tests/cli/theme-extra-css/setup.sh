# A child of the default theme that changes two colours with extra_css,
# and one that names a file it does not have.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p themes/brand/static themes/wrong
ln -s "$TOP/themes/default" themes/default
printf 'name: brand\nextends: default\nextra_css: [brand.css]\n' >themes/brand/theme.yaml
printf ':root { --accent: #8a1c7c; }\n:root { --accent-soft: #f6e8f4; }\n' >themes/brand/static/brand.css
printf 'name: wrong\nextends: default\nextra_css: [missing.css, ../x.css]\n' >themes/wrong/theme.yaml
