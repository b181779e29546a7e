# A child theme whose question template names values qbook never sets: a
# misspelt one at page level and one in a list item (both a typo away from
# a real name), one that exists only in list items, used outside them, and
# one that is nothing like any name.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p themes/typos/templates
ln -s "$TOP/themes/default" themes/default
printf 'name: typos\nextends: default\n' >themes/typos/theme.yaml
cat >themes/typos/templates/question.html <<'HTML'
<article>
  <h1 data-html="titel_html">Title</h1>
  <p data-text="kind_title">kind</p>
  <ul><li data-each="tags"><a data-attr-href="ulr" data-text="name">tag</a></li></ul>
  <p data-if="term" data-text="term">term</p>
  <p data-text="colour_of_the_sky">?</p>
  <ul><li data-each="related"><a data-attr-href="url" data-text="category">ok: around the item</a></li></ul>
</article>
HTML
