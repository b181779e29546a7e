cp -a "$TOP/tests/cli/build-writes-site/content" . && sed -i -e "s|^language: .*|language: \"en\\\\\" onload=\\\\\"window.__pwned=1\"|" content/qbook.yaml
