cp -a "$TOP/tests/cli/build-writes-site/content" .
q() {	# file title [id]: a question
	printf -- '---\ntitle: %s\n%s---\n\nBody.\n\n## What to listen for\n\n- x\n' "$2" "${3:+id: $3
}" >"content/basics/$1"
}
# Names that differ only in case collide on case-insensitive file systems.
q Foo.md 'Upper-case file'
q foo.md 'Lower-case file'
q case-id.md 'Upper-case id' 'Tuples'
# Cyrillic 'а' (U+0430) looks like Latin 'a'.
q lookalike-id.md 'Look-alike id' "$(printf 'tupl\320\265s')"
q "$(printf 'b\320\260sics-q.md')" 'Look-alike file name'
mkdir "content/$(printf 'b\320\260sics')"
cp content/basics/_index.md "content/$(printf 'b\320\260sics')/_index.md"
mkdir content/Other
cp content/other/_index.md content/Other/_index.md
