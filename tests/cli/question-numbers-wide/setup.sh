# A category of 120 questions: numbers up to 1.120, wider than the room a
# two-digit number needs before its title.
mkdir -p content/many
printf 'title: Wide numbers\n' >content/qbook.yaml
printf -- '---\ntitle: Many\n---\nA category with many questions.\n' >content/many/_index.md
i=1
while [ $i -le 120 ]; do
	printf -- '---\ntitle: "Wide number question %d about widths"\nlevel: mid\n---\nThe answer to question %d.\n\n## What to listen for\n\n- A point.\n' \
	    $i $i >content/many/q$i.md
	i=$((i + 1))
done
