# A bank with a theme of its own beside it, a user theme, and qbook.yaml
# naming a theme that is nowhere.
cp -a "$TOP/tests/cli/build-writes-site/content" .
mkdir -p themes/mine home/.local/share/qbook/themes/cosy
cp "$TOP/themes/default/theme.yaml" themes/mine/
cp "$TOP/themes/default/theme.yaml" home/.local/share/qbook/themes/cosy/
sed -i 's/^theme: default$/theme: nowhere/' content/qbook.yaml
