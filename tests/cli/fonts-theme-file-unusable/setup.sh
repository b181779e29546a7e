# fontconfig's cache knows a font file that has since been cut short: a
# copy of Droid Sans Fallback, indexed whole, then truncated (the
# directory's time is set back, so the cache still counts as current).
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p fonts/cut fonts/cache themes/cut
cp /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf fonts/cut/
{
	echo '<fontconfig>'
	echo '  <dir>/usr/share/fonts/truetype/dejavu</dir>'
	echo "  <dir>$(pwd)/fonts/cut</dir>"
	echo "  <cachedir>$(pwd)/fonts/cache</cachedir>"
	echo '</fontconfig>'
} >fonts/cut.conf
touch -d '2020-01-01 00:00:00' fonts/cut
FONTCONFIG_FILE=$(pwd)/fonts/cut.conf fc-cache fonts/cut >/dev/null 2>&1
head -c 1000 fonts/cut/DroidSansFallbackFull.ttf >fonts/cut/short
mv fonts/cut/short fonts/cut/DroidSansFallbackFull.ttf
touch -d '2020-01-01 00:00:00' fonts/cut
ln -s "$TOP/themes/default" themes/default
printf 'name: cut\nextends: default\npdf:\n  fallback-font: Droid Sans Fallback\n' >themes/cut/theme.yaml
