# Two characters DejaVu lacks, one of them twice and once only as an
# entity, in a bank built with DejaVu alone.
cp -a "$TOP/tests/cli/build-writes-site/content" .
sed -i 's/^A list; see.*/&\n\nThe word for question is 问题; 问 again, and \&#x9898; as an entity./' content/basics/10-lists.md
mkdir -p fonts/cache
printf '<?xml version="1.0"?>\n<fontconfig>\n  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>%s/fonts/cache</cachedir>\n</fontconfig>\n' "$(pwd)" >fonts/dejavu.conf
