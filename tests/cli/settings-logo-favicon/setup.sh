# Banks with logo: and favicon: in qbook.yaml: SVG ones; PNG and JPEG ones
# (drawn here from a PDF by pdftoppm); and every way to get them wrong.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p brand
cat >brand/logo.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="40" height="40" rx="8" fill="#0b6e4f"/><circle cx="80" cy="20" r="16" fill="#e0a100"/></svg>
SVG
cp brand/logo.svg brand/icon.svg
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 24]/Contents 4 0 R>>endobj 4 0 obj<</Length 30>>stream\n0.2 0.4 0.8 rg 0 0 72 24 re f\nendstream endobj\ntrailer<</Root 1 0 R>>\n' >brand/page.pdf
pdftoppm -png -r 72 -singlefile brand/page.pdf brand/logo 2>/dev/null
pdftoppm -jpeg -r 72 -singlefile brand/page.pdf brand/photo 2>/dev/null
printf 'not an image at all\n' >brand/notes.png
printf '<svg xmlns="http://www.w3.org/2000/svg"><rect' >brand/broken.svg
truncate -s 9M brand/huge.png
ln -s "$TOP/themes/default/static/favicon.svg" brand/elsewhere.svg
printf '\211PNG\r\n\032\n' >brand/cut.png
mk() {	# mk NAME LOGO FAVICON: a copy of the bank with these settings
	cp -a content "$1"
	sed -i "1a logo: $2\nfavicon: $3" "$1/qbook.yaml"
}
mk svg ../brand/logo.svg ../brand/icon.svg
mk raster ../brand/logo.png ../brand/logo.png
mk jpeg ../brand/photo.jpg ../brand/logo.png
mk missing ../brand/nothing.png ../brand/notes.png
mk wrong ../brand/photo.jpg ../brand/photo.jpg
mk far ../brand/elsewhere.svg /etc/passwd
mk cut ../brand/cut.png ../brand/logo.svg
mk bad ../brand/broken.svg ../brand/huge.png
