# A bank in German: qbook's own words come from themes/locales/de.yaml;
# one question opens its sections with the German headings; qbook.yaml
# renames one word and adds a heading of its own.  Beside it, banks that
# get a word wrong, and tags without a catalogue.
cp -a "$TOP/tests/cli/build-writes-site/content" de
sed -i 's/^language: .*/language: de/' de/qbook.yaml
grep -q '^language:' de/qbook.yaml || sed -i '1a language: de' de/qbook.yaml
cat >>de/qbook.yaml <<'YAML'
labels:
  answer_notes: Musterantwort
sections:
  follow_ups: Weiterführende Fragen
YAML
f=de/other/design.md
sed -i 's/^## What to listen for/## Worauf zu achten ist/' "$f"
printf '\n## Weiterführende Fragen\n\n- Und bei vielen Schreibzugriffen?\n' >>"$f"
cp -a de typo
cat >>typo/qbook.yaml <<'YAML'
YAML
sed -i 's/^  answer_notes: Musterantwort/  answer_note: Musterantwort\n  minutes:\n    several: "{n} Min."/' typo/qbook.yaml
cp -a de near
sed -i 's/^## Worauf zu achten ist/## Worauf zu achten sind/' near/other/design.md
for tag in en-GB pt zh-TW tlh; do
	cp -a de "lang-$tag"
	sed -i "s/^language: .*/language: $tag/" "lang-$tag/qbook.yaml"
	sed -i '/^labels:/,$d' "lang-$tag/qbook.yaml"
	sed -i 's/^## Worauf zu achten ist/## What to listen for/; /^## Weiterführende Fragen/,$d' "lang-$tag/other/design.md"
done
