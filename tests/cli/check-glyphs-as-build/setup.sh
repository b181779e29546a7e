# fontconfig with the DejaVu fonts alone: no font has Devanagari.
mkdir -p fonts/cache
{
	echo '<fontconfig>'
	echo '  <dir>/usr/share/fonts/truetype/dejavu</dir>'
	echo "  <cachedir>$(pwd)/fonts/cache</cachedir>"
	echo '</fontconfig>'
} >fonts/dejavu.conf
