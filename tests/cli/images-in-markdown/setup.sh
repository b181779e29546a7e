# A bank whose Markdown shows images: PNG and JPEG (drawn here from a PDF
# by pdftoppm) beside the questions in img/, an SVG in the bank-wide
# assets/, the same bytes under two names, a captioned figure, an image in
# the middle of a sentence, one on the web; and a bank with every way to
# get an image wrong.
cp -a "$TOP/tests/cli/build-writes-site/content" good
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 240 120]/Contents 4 0 R>>endobj 4 0 obj<</Length 44>>stream\n0.2 0.4 0.8 rg 0 0 240 120 re f 1 1 1 rg 20 20 80 80 re f\nendstream endobj\ntrailer<</Root 1 0 R>>\n' >page.pdf
mkdir -p good/other/img good/assets
pdftoppm -png -r 72 -singlefile page.pdf good/other/img/pyramid 2>/dev/null
pdftoppm -jpeg -r 144 -singlefile page.pdf good/other/img/photo 2>/dev/null
cp good/other/img/pyramid.png good/other/img/copy.png
cat >good/assets/mark.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0b6e4f"/><circle cx="32" cy="32" r="16" fill="#e0a100"/></svg>
SVG
cat >good/other/pictures.md <<'MD'
---
title: What does the test pyramid look like?
level: junior
round: screen
---

![Three layers: many unit tests, fewer integration tests, a few end-to-end tests](img/pyramid.png "The test pyramid")

A photo ![a whiteboard](img/photo.jpg) in the middle of a sentence, the same
bytes again ![the pyramid again](img/copy.png), and the bank's mark
![mark](/assets/mark.svg).

From the web: ![a chart](https://example.com/chart.png).

## What to listen for

- Many fast tests at the bottom.
MD
mkdir -p bad/basics/img
cp good/qbook.yaml bad/
cp good/basics/_index.md bad/basics/
cp good/other/img/pyramid.png bad/basics/img/
printf 'not an image at all\n' >bad/basics/img/notes.png
truncate -s 9M bad/basics/img/huge.png
printf '\0\0\1\0\1\0\20\20\0\0\1\0\40\0\0\0\0\0\26\0\0\0' >bad/basics/img/icon.ico
ln -s /etc/passwd bad/basics/img/passwd.png
cat >bad/basics/broken.md <<'MD'
---
title: Every way to get an image wrong
---

![missing](img/nothing.png) and ![not an image](img/notes.png).

![too big](img/huge.png) ![an icon](img/icon.ico)

![outside](../../../../../etc/hostname) ![a link out](img/passwd.png)
![a directory](img/) ![fine](img/pyramid.png)

## What to listen for

- Nothing.
MD
