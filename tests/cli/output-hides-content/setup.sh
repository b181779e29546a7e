cp -a "$TOP/tests/cli/build-writes-site/content" .
