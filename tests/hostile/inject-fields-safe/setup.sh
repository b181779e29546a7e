cp -a "$TOP/tests/hostile/inject-fields/content" . && sed -i "s/^unsafe_html: true/unsafe_html: false/" content/qbook.yaml
