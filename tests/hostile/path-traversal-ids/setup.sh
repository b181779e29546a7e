cp -a "$TOP/tests/cli/build-writes-site/content" .
q() {	# file id: a question with that id
	printf -- '---\ntitle: Question %s\nid: "%s"\n---\n\nBody.\n\n## What to listen for\n\n- x\n' "$1" "$2" >"content/basics/$1.md"
}
q up '../x'
q abs '/abs'
q dots '..'
q slash 'a/b'
q home '~'
q dot '.'
q nul-esc 'a\0b'
q backslash '..\\..\\x'
q url 'a%2f..%2fb'
