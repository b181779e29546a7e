# A bank written in 1,000 distinct CJK ideographs, in every role the guide
# draws text in (title, body, bold, italic, code, a category title,
# qbook.yaml), and one character beyond the BMP; and two font
# configurations: DejaVu alone (which has none of them) and DejaVu with
# Droid Sans Fallback (which has the ideographs).
mkdir -p content/basics fonts/cache
ideo() { perl -CO -e 'print chr(0x4e00 + $_) for $ARGV[0] .. $ARGV[1]' "$1" "$2"; }
printf 'title: %s\nlanguage: zh-CN\n' "$(ideo 0 3)" >content/qbook.yaml
printf -- '---\ntitle: Basics %s\n---\n' "$(ideo 4 7)" >content/basics/_index.md
printf -- '---\ntitle: %s\n---\n\n%s **%s** *%s* `%s`\n\n## What to listen for\n\n- %s\n' \
	"$(ideo 0 299)" "$(ideo 300 599)" "$(ideo 600 799)" "$(ideo 800 899)" \
	"$(ideo 900 999)" "$(perl -CO -e 'print chr(0x1F600)')" >content/basics/10-first.md
printf -- '---\ntitle: Second\n---\n\n%s\n\n## What to listen for\n\n- %s\n' \
	"$(ideo 0 999)" "$(ideo 0 999)" >content/basics/20-second.md
for set in dejavu droid; do
	{
		echo '<?xml version="1.0"?>'
		echo '<fontconfig>'
		echo '  <dir>/usr/share/fonts/truetype/dejavu</dir>'
		[ $set = droid ] && echo '  <dir>/usr/share/fonts/truetype/droid</dir>'
		echo "  <cachedir>$(pwd)/fonts/cache</cachedir>"
		echo '</fontconfig>'
	} >fonts/$set.conf
done
