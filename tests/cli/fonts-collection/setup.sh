# A TrueType collection in the font chain: DejaVu Sans Mono and Droid Sans
# Fallback made into one .ttc here (its fonts' tables behind a "ttcf"
# header, each table directory's offsets moved), so that the ideographs
# are in the second face of a collection; and a bank written in them.
mkdir -p content/basics fonts/ttc fonts/cache
perl -e '
	sub rd { local $/; open my $f, "<:raw", $_[0] or die "$_[0]: $!"; <$f> }
	my @fonts = map { rd($_) } @ARGV;
	my $n = @fonts;
	my $head = 12 + 4 * $n;
	my (@dirs, @data, @offs);
	my $at = $head;
	for my $f (@fonts) {
		my $nt = unpack("n", substr($f, 4, 2));
		$at += 12 + 16 * $nt;
	}
	my $out = "";
	for my $f (@fonts) {
		my $nt = unpack("n", substr($f, 4, 2));
		my $dir = substr($f, 0, 12);
		for my $i (0 .. $nt - 1) {
			my ($tag, $sum, $off, $len) = unpack("a4NNN", substr($f, 12 + 16 * $i, 16));
			my $tbl = substr($f, $off, $len);
			$tbl .= "\0" x ((4 - $len % 4) % 4);
			$dir .= pack("a4NNN", $tag, $sum, $at, $len);
			$out .= $tbl;
			$at += length $tbl;
		}
		push @dirs, $dir;
	}
	my $hdr = "ttcf" . pack("nnN", 1, 0, $n);
	my $o = $head;
	for my $d (@dirs) { $hdr .= pack("N", $o); $o += length $d; }
	binmode STDOUT;
	print $hdr, @dirs, $out;
' /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf \
  /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf >fonts/ttc/pair.ttc
{
	echo '<?xml version="1.0"?>'
	echo '<fontconfig>'
	echo '  <dir>/usr/share/fonts/truetype/dejavu</dir>'
	echo "  <dir>$(pwd)/fonts/ttc</dir>"
	echo "  <cachedir>$(pwd)/fonts/cache</cachedir>"
	echo '</fontconfig>'
} >fonts/ttc.conf
printf 'title: 面试指南\nlanguage: zh-CN\n' >content/qbook.yaml
printf -- '---\ntitle: 基础\n---\n' >content/basics/_index.md
printf -- '---\ntitle: 什么是数据库索引？\n---\n\n索引让查询更快，但写入会变慢。\n\n## What to listen for\n\n- 知道索引的代价。\n' \
	>content/basics/01-index.md
