cp -a "$TOP/tests/cli/build-writes-site/content" . && sed -i -e "s|^language: .*|language: \"en\\\\\" onload=\\\\\"window.__pwned=1\"|" -e "s|^theme: .*|theme: ../../../etc|" -e "s|^base_url: .*|base_url: \"javascript:window.__pwned=1//\"|" content/qbook.yaml
# The theme alone, without --theme to override it: a path out of the bank's
# directory is refused.
cp -a "$TOP/tests/cli/build-writes-site/content" content2 && sed -i "s|^theme: .*|theme: ../../../../../../../../../../../../../../../../etc|" content2/qbook.yaml
