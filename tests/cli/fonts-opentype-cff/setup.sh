# A theme whose sans-serif role (headings, labels) is Inter, an
# OpenType/CFF font (Debian fonts-inter, which make test installs), and a
# heading with a character beyond the BMP that DejaVu draws.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p themes/inter
ln -s "$TOP/themes/default" themes/default
printf 'name: inter\nextends: default\npdf:\n  sans-font: Inter\n' >themes/inter/theme.yaml
f=$(ls content/*/*.md | grep -v _index | head -n 1)
perl -CSD -0pi -e 's/^title: (.*)$/title: $1 \x{1D538}/m' "$f"
