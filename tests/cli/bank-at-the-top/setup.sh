# A bank kept at the top of its repository, beside its themes/, an assets/
# directory and (from the second build on) its own output directory.
cp -a "$TOP/tests/cli/build-writes-site/content/." .
mkdir -p themes assets
cp -a "$TOP/themes/default" themes/
echo "logo" >assets/logo.txt
