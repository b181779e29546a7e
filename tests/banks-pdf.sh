#!/bin/sh
# The guides of the test banks in other languages (tests/banks/*), checked
# as a reader of each would: built with no warning (the fonts make installs
# cover every character), no replacement character in pdftotext's text,
# the letters and digits of every title and answer paragraph found there in
# logical order, no text outside the margins, qpdf --check clean, every
# font embedded.  Hebrew and Arabic are set right to left (FriBidi), their
# pages mirrored (numbers, bars and score rows from the right), Arabic
# joined by HarfBuzz, and read back as the letters written (NFKC still
# folds any presentation form a bank's own text holds).  Hindi is shaped
# by HarfBuzz (conjuncts, vowel signs drawn before their
# consonant), and must still read back in its logical order: through the
# ToUnicode maps and the /ActualText of clusters drawn as several glyphs.
# Usage: tests/banks-pdf.sh QBOOK SCRATCH
set -u
QBOOK=$1 scratch=$2
suite=banks
. "$(dirname "$0")/checks.sh"
w="$scratch/banks-pdf"
rm -rf "$w"
mkdir -p "$w"

# texts BANK: each question's title and each paragraph of its answer
# notes, one a line, Markdown markup taken out.
texts() {
	for f in "$1"/content/*/*.md; do
		case $f in */_index.md) continue ;; esac
		perl -CSD -ne '
			if (/^---\s*$/) { $fm++; next }
			if ($fm == 1) { print "$1\n" if /^title:\s*"?(.*?)"?\s*$/; next }
			next if $fm < 2;
			last if /^## /;
			if (/^\s*$/) { print "$p\n" if $p ne ""; $p = ""; next }
			next if /^\s*([-*+]|\d+\.|```|#|\|)/;
			chomp; s/`([^`]*)`/$1/g; s/\*\*?([^*]+)\*\*?/$1/g; s/\[([^\]]*)\]\([^)]*\)/$1/g;
			$p .= ($p eq "" ? "" : " ") . $_;
			END { print "$p\n" if $p ne "" }
		' "$f"
	done
}

# squeeze: in NFKC, with spaces, punctuation and direction marks out:
# what is left is the letters and digits in their order (line breaks,
# typographic quotes, mirrored brackets and where pdftotext puts the
# neutral punctuation of right-to-left lines all differ).
squeeze() {
	perl -CSD -MUnicode::Normalize -pe '$_ = NFKC($_); s/[\s\p{P}\x{00AD}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]//g'
}

# found PDF TEXTS: every line of TEXTS, squeezed, is in the PDF's text.
found() {
	pdftotext "$1" - | squeeze >"$1.txt"
	missing=0
	while IFS= read -r line; do
		s=$(printf '%s' "$line" | squeeze)
		[ -n "$s" ] || continue
		if ! grep -qF -- "$s" "$1.txt"; then
			echo "not in the PDF: $line"
			missing=$((missing + 1))
		fi
	done <"$2"
	[ "$missing" -eq 0 ]
}

# inside PDF: every word's box lies between the margins (A4: 97.6 and
# 497.6 points), half a point either way.
inside() {
	pdftotext -bbox "$1" - | perl -ne '
		$bad++, print "outside: $_" if /<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"/ &&
		    ($1 < 97.1 || $2 > 498.2);
		END { exit($bad ? 1 : 0) }'
}

# mirrored PDF: the question numbers (1.1 in the contents and over the
# question) stand at the right margin, as a right-to-left guide's
# furniture does, not at the left.
mirrored() {
	pdftotext -bbox "$1" - | perl -ne '
		if (/<word xMin="([\d.]+)"[^>]*>1\.1</) { $n++; $bad++, print "at the left: $_" if $1 < 400 }
		END { exit($bad || !$n ? 1 : 0) }'
}

# cjk_whole PDF TEXTS: every run of ideographs and kana in TEXTS is in the
# PDF's text (its lines joined) as written, with no space put inside.
cjk_whole() {
	pdftotext "$1" - | perl -CSD -0777 -pe 's/\n//g' >"$1.joined"
	perl -CSD -ne '
		BEGIN { local $/; open my $f, "<:encoding(UTF-8)", $ARGV[0]; $t = <$f>; shift @ARGV }
		while (/([\p{Han}\p{Hiragana}\p{Katakana}\x{30FC}]{2,})/g) {
			next if index($t, $1) >= 0;
			print "not whole in the PDF: $1\n";
			$bad++;
		}
		END { exit($bad ? 1 : 0) }' "$1.joined" "$2"
}

for d in tests/banks/*/; do
	d=${d%/}
	lang=$(basename "$d")
	out="$w/$lang"
	check "$lang: the guide builds without a warning" \
	    sh -c "'$QBOOK' build -C '$d/content' -o '$out' --only pdf --strict >/dev/null"
	[ -f "$out/guide.pdf" ] || continue
	texts "$d" >"$out/texts"
	check "$lang: no replacement character" \
	    sh -c "! pdftotext '$out/guide.pdf' - | grep -q \"\$(printf '\357\277\275')\""
	check "$lang: every title and paragraph, in logical order" found "$out/guide.pdf" "$out/texts"
	check "$lang: nothing outside the margins" inside "$out/guide.pdf"
	case $lang in ar | he)
		check "$lang: the page furniture runs from the right" mirrored "$out/guide.pdf" ;;
	esac
	# Lohit Devanagari has one weight: bold headings draw it emboldened.
	case $lang in hi)
		check "$lang: bold headings emboldened (filled and stroked)" sh -c \
		    "qpdf --qdf --object-streams=disable '$out/guide.pdf' '$out/qdf.pdf' && grep -aq ' w 2 Tr\$' '$out/qdf.pdf'" ;;
	esac
	# No space the text does not have: between two characters of Chinese
	# or Japanese a justified line adds room, never a space character
	# (which copying and searching would see).
	case $lang in zh-CN | ja)
		check "$lang: every run of ideographs and kana read back whole" \
		    cjk_whole "$out/guide.pdf" "$out/texts" ;;
	esac
	# Han characters take the language's own forms: fontconfig is asked
	# with the bank's language, and Noto Sans CJK's faces are CID-keyed
	# OpenType/CFF in collections.
	case $lang in zh-CN | ja)
		region=$(case $lang in zh-CN) echo sc ;; ja) echo jp ;; esac)
		check "$lang: set in Noto Sans CJK $region, regular and bold" sh -c \
		    "pdffonts '$out/guide.pdf' | grep -c 'NotoSansCJK$region-\(Regular\|Bold\) *CID Type 0C' | grep -qx 2" ;;
	esac
	check "$lang: qpdf --check is clean" sh -c "qpdf --check '$out/guide.pdf' >/dev/null"
	check "$lang: every font embedded" \
	    sh -c "pdffonts '$out/guide.pdf' | awk 'NR > 2 && \$(NF - 4) != \"yes\" { bad = 1 } END { exit bad }'"
done
checks_done
