#!/bin/sh
# qbook serve, driven with curl over loopback: what it serves and refuses,
# live reload events after an edit, the problems of a failed build and
# their end, PDFs made fresh on request, many clients and clients that
# leave, a clean Ctrl-C.  Usage: tests/serve.sh QBOOK SCRATCH
set -u
QBOOK=$1 scratch=$2
suite=serve
. "$(dirname "$0")/checks.sh"
w="$scratch/serve"
rm -rf "$w"
mkdir -p "$w"
"$QBOOK" init "$w" >/dev/null || { echo "FAIL serve: qbook init"; echo "serve 0 1"; exit 0; }
cd "$w" || exit 1

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	n=$(($1 * 20))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

"$QBOOK" serve --port 0 >serve.log 2>serve.err &
pid=$!
trap 'kill $pid 2>/dev/null; kill $(jobs -p) 2>/dev/null' EXIT
if ! wait_for 20 grep -q '^serving ' serve.log; then
	echo "FAIL serve: it did not start"; cat serve.log serve.err; echo "serve 0 1"; exit 0
fi
port=$(sed -n 's|^serving out/site at http://127\.0\.0\.1:\([0-9]*\)/ .*|\1|p' serve.log)
url="http://127.0.0.1:$port"

# code PATH [CURL OPTIONS]: the status of a request, the path sent as written.
code() {
	p=$1
	shift
	curl -s --path-as-is -o /dev/null -w '%{http_code}' "$@" "$url$p"
}
is() { [ "$1" = "$2" ] || { echo "got '$1', wanted '$2'"; return 1; }; }
has() { grep -q -- "$2" "$1" || { echo "no '$2' in $1:"; head -c 2000 "$1"; return 1; }; }
type_of() { curl -s -o /dev/null -w '%{content_type}' "$url$1"; }

# --- what it serves ---
check "GET / is the home page with the live script" \
    sh -c "curl -sf '$url/' >home.html && grep -q '<h1' home.html && grep -q 'src=\"/__qbook/live.js\" data-gen=\"1\"' home.html"
check "the live script is not written into the site" \
    sh -c "! grep -rq '__qbook/' out/site"
check "HTML, CSS, JavaScript and SVG have their types" sh -c "
	[ \"\$(curl -s -o /dev/null -w '%{content_type}' $url/index.html)\" = 'text/html; charset=utf-8' ] &&
	[ \"\$(curl -s -o /dev/null -w '%{content_type}' $url/assets/style.css)\" = 'text/css; charset=utf-8' ] &&
	[ \"\$(curl -s -o /dev/null -w '%{content_type}' $url/assets/qbook.js)\" = 'text/javascript; charset=utf-8' ] &&
	[ \"\$(curl -s -o /dev/null -w '%{content_type}' $url/assets/favicon.svg)\" = 'image/svg+xml' ]"
check "a served file is the built file" \
    sh -c "curl -sf $url/assets/style.css | cmp - out/site/assets/style.css"
check "HEAD answers without a body" \
    sh -c "curl -sI $url/index.html >head.txt && grep -q '^HTTP/1.1 200' head.txt && grep -qi '^content-length: [1-9]' head.txt && [ \"\$(curl -s -X HEAD --max-time 3 $url/index.html | wc -c)\" -eq 0 ]"
check "responses are not cached" sh -c "grep -qi '^cache-control: no-store' head.txt"
check "POST is refused with 405 and Allow" \
    sh -c "curl -s -D post.txt -o /dev/null -X POST -d x=1 $url/index.html && grep -q '^HTTP/1.1 405' post.txt && grep -qi '^allow: GET, HEAD' post.txt"
check "a missing page is 404 with the site's 404 page" \
    sh -c "[ \$(curl -s -o nf.html -w '%{http_code}' $url/no/such.html) = 404 ] && grep -q '__qbook/live.js' nf.html && cmp -s out/site/404.html nf.html; [ \$? -ne 0 ] && grep -q 'id=\"main\"\\|<main' nf.html"

# --- what it refuses ---
check "'..' cannot leave the site" is "$(code /../../../../etc/passwd)" 404
check "an encoded '..' cannot either" is "$(code /%2e%2e/%2e%2e/%2e%2e/etc/passwd)" 404
check "'..' below a directory" is "$(code /assets/../../guide.pdf)" 404
check "'..' after /guides/" is "$(code /guides/../../../etc/passwd)" 404
check "an absolute path in the request" is "$(code //etc/passwd)" 404
check "hidden files (the manifest)" is "$(code /.qbook-manifest)" 404
check "the output directory's own files" is "$(code /../.qbook-manifest)" 404
check "a directory is not listed" is "$(code /questions/)" 404
check "a directory without its slash" is "$(code /questions)" 404
ln -s /etc/passwd out/site/leak.txt
check "a symbolic link out of the output is not followed" is "$(code /leak.txt)" 404
rm -f out/site/leak.txt
check "a backslash path" is "$(code '/..%5c..%5cetc/passwd')" 404

# --- live reload ---
# A save may reach qbook in more than one burst (one build each), so the
# checks look for what an event says, not for its number.
curl -sN "$url/__qbook/events" >events.txt &
wait_for 10 grep -q '"gen":1' events.txt
# after_errors: an event with no errors follows the last one with errors.
after_errors() {
	awk '/^data: / { n++; if (/"errors":""/) clean = n; else dirty = n }
	    END { exit !(dirty > 0 && clean > dirty) }' events.txt
}
# events FILE: how many events FILE has received.
events() { grep -c '^data: ' "$1"; }
q=$(ls content/*/*.md | head -n 1)
page=$(sed -n 's/^id: *//p' "$q" | head -n 1)
[ -n "$page" ] || page=$(basename "$q" .md | sed 's/^[0-9]*-//')
sed 's/^title: .*/title: "Edited while serving"/' "$q" >"$q.new" && mv "$q.new" "$q"
# The first event (the build before the edit) names every file it wrote.
check "an edit sends a reload event naming the page" wait_for 10 awk -v page="\"/questions/$page.html\"" \
    '/^data: / && n++ > 0 && index($0, page) { found = 1 } END { exit !found }' events.txt
check "the page served is the rebuilt one" \
    sh -c "curl -sf $url/questions/$page.html | grep -q 'Edited while serving'"
check "the terminal says what was rebuilt" has serve.log 'rebuilt the site in [0-9]* ms: [0-9]* files changed'

# --- only the pages whose inputs changed are rendered again ---
# The starter bank: a category with two questions, the second linking back
# to the first; a title is on every page, a body on its own page only.
nq=$(ls content/*/*.md | grep -v '^content/pages/' | grep -vc '/_index\.md$')
q1=$(ls content/practice/*.md | grep -v '/_index\.md$' | head -n 1)
q2=$(ls content/practice/*.md | grep -v '/_index\.md$' | sed -n 2p)
p2=$(basename "$q2" .md | sed 's/^[0-9]*-//')
builds() { grep -c '^rebuilt the site' serve.log; }
seen=$(builds)
sed 's/^title: .*/title: "Renamed neighbour"/' "$q1" >"$q1.new" && mv "$q1.new" "$q1"
check "a title edit renders every question page again (titles are everywhere)" \
    wait_for 10 sh -c "[ \$(grep -c '^rebuilt the site' serve.log) -gt $seen ] &&
	tail -n 1 serve.log | grep -q '; $nq question pages rendered, 0 kept\$'"
check "the next question's link shows the new title" \
    sh -c "curl -sf $url/questions/$p2.html | grep -q 'Renamed neighbour'"
# A paragraph at the top of the body: part of the answer notes.
awk 'n == 2 && !done { print "Appended while serving.\n"; done = 1 } { print } /^---/ { n++ }' \
    "$q2" >"$q2.new" && mv "$q2.new" "$q2"
check "a body edit renders that question's page alone" \
    wait_for 10 sh -c "tail -n 1 serve.log | grep -q '^rebuilt the site in [0-9]* ms: [0-9]* files\\? changed; 1 question page rendered, $((nq - 1)) kept\$'"
check "the page has the new text" \
    sh -c "curl -sf $url/questions/$p2.html | grep -q 'Appended while serving'"
check "the search index has it too" \
    sh -c "curl -sf $url/assets/search-index.js | grep -q 'Appended while serving'"
check "the site served is the site a fresh build makes" \
    sh -c "'$QBOOK' build --only site -o fresh >/dev/null && diff -r fresh/site out/site"
rm -rf fresh

# --- a failed build: problems shown, the last good site kept ---
printf -- '---\ntitle: broken\n' >"content/$(dirname "${q#content/}")/zz-broken.md"
check "a failed build sends its problems" \
    wait_for 10 grep -q '"changed":\[\],"errors":".*zz-broken.md:1:1: error: ' events.txt
check "the problems are printed in the terminal too" \
    wait_for 5 grep -q 'zz-broken.md:1:1: error: ' serve.err
check "the last good site is still served" \
    sh -c "curl -sf $url/questions/$page.html | grep -q 'Edited while serving'"
rm -f content/*/zz-broken.md
check "the next good build clears them" wait_for 10 after_errors

# --- PDFs on request ---
check "/guide.pdf is built on request" \
    sh -c "[ \"\$(curl -s -o g1.pdf -w '%{http_code} %{content_type}' $url/guide.pdf)\" = '200 application/pdf' ]"
check "it is of the bank as edited" sh -c "pdftotext g1.pdf - | grep -q 'Edited while serving'"
seen=$(events events.txt)
sed 's/^title: .*/title: "Edited twice"/' "$q" >"$q.new" && mv "$q.new" "$q"
wait_for 10 sh -c "[ \$(grep -c '^data: ' events.txt) -gt $seen ]"
check "after another edit it is made again" \
    sh -c "curl -sf -o g2.pdf $url/guide.pdf && pdftotext g2.pdf - | grep -q 'Edited twice'"
check "the handouts are served" \
    sh -c "[ \$(ls out/guides | wc -l) -ge 1 ] && curl -sf -o h.pdf $url/guides/\$(ls out/guides | head -n 1) && pdfinfo h.pdf >/dev/null"
check "a missing handout is 404" is "$(code /guides/none.pdf)" 404

# --- many clients, some of which leave ---
i=0
while [ $i -lt 40 ]; do
	curl -sN "$url/__qbook/events" >"many.$i" &
	eval "c$i=\$!"
	i=$((i + 1))
done
wait_for 20 sh -c 'for f in many.*; do grep -q "^data: " $f || exit 1; done'
i=0
while [ $i -lt 40 ]; do
	eval "kill \$c$i"
	i=$((i + 2))
done
sed 's/^title: .*/title: "Edited for many"/' "$q" >"$q.new" && mv "$q.new" "$q"
check "every client still connected hears of the build" wait_for 20 sh -c '
	i=1; while [ $i -lt 40 ]; do [ $(grep -c "^data: " many.$i) -ge 2 ] || exit 1; i=$((i + 2)); done'
check "the server still answers after clients left" is "$(code /index.html)" 200

# --- starting it wrong ---
check "a port in use is a clear error" sh -c "
	'$QBOOK' serve --port $port -o out2 >o2.txt 2>e2.txt; [ \$? -eq 2 ] &&
	grep -q 'qbook: error: cannot serve on 127.0.0.1 port $port: ' e2.txt"
check "--bind wants a numeric address" sh -c "
	'$QBOOK' serve --bind localhost.invalid --port 0 >/dev/null 2>e3.txt; [ \$? -eq 2 ] &&
	grep -q \"^qbook: error: --bind wants a numeric IPv4 or IPv6 address, not 'localhost.invalid'\" e3.txt"
check "--port wants a port" sh -c "
	'$QBOOK' serve --port 70000 >/dev/null 2>e4.txt; [ \$? -eq 2 ] && grep -q 'from 0 to 65535' e4.txt"

# --- Ctrl-C ---
kill -INT $pid

wait $pid
rc=$?
check "Ctrl-C ends it with status 0" is "$rc" 0
check "it says the output stays" has serve.log '^stopped; the output stays in out$'
check "nothing the user made is removed" \
    sh -c "[ -f out/site/index.html ] && [ -f out/guide.pdf ] && [ -f '$q' ] && [ -f .gitignore ]"
# ended: each client still connected has exited (a zombie until waited for).
ended() {
	i=1
	while [ $i -lt 40 ]; do
		eval "st=\$(ps -o stat= -p \$c$i)"
		case $st in ''|Z*) ;; *) return 1 ;; esac
		i=$((i + 2))
	done
}
check "the event streams ended" wait_for 10 ended
trap - EXIT
checks_done
