# What a reader of the guide sees go wrong at page breaks, found in
# `pdftotext -layout` output (pages split by form feeds): a page that
# starts with a question's score row or notes (cut off from the question),
# or one that ends with a heading: a question's (with or without its badge
# row), a section's (WHAT TO LISTEN FOR, RED FLAGS, FOLLOW-UP QUESTIONS) or
# a line that is only the word in the variable heading (a Markdown heading
# the test bank uses).  Prints one line per problem, then "N problems on M
# pages"; exits 1 when there is a problem.
BEGIN { RS = "\f"; bad = 0 }
function is_qheading(s) {
	# "4.12  Title", not a contents line (leaders, page number) nor an
	# index line ("4.12 p. 87").
	return s ~ /^ *[0-9]+\.[0-9]+  *[^ ]/ && s !~ /(\. )+ *[0-9ivxlc]+ *$/ && s !~ / p\. [0-9]/
}
{
	n = split($0, raw, "\n")
	k = 0
	for (i = 1; i <= n; i++)
		if (raw[i] ~ /[^ ]/)
			L[++k] = raw[i]
	if (k > 0 && L[k] ~ /^ *(Page [0-9]+ of [0-9]+|[ivxlcdm]+|[0-9]+) *$/)
		k--	# the folio
	if (k == 0)
		next
	for (i = 1; i <= 2 && i <= k; i++)
		if (L[i] ~ /^ *SCORE( |$)/ || L[i] ~ /^ *NOTES *$/) {
			printf "page %d starts with a question's %s\n", NR,
			    L[i] ~ /SCORE/ ? "score row" : "notes"
			bad++
		}
	last = L[k]
	prev = k > 1 ? L[k - 1] : ""
	if (last ~ /^ *(WHAT TO LISTEN FOR|RED FLAGS|FOLLOW-UP QUESTIONS) *$/ ||
	    (heading != "" && last ~ ("^ *" heading " *$"))) {
		printf "page %d ends with the heading '%s'\n", NR, last
		bad++
	} else if (is_qheading(last) || (is_qheading(prev) && last ~ / [0-9]+ min( |$)/)) {
		printf "page %d ends with a question's heading\n", NR
		bad++
	}
}
END {
	print bad " problems on " NR " pages"
	exit bad > 0
}
