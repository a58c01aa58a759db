#!/bin/sh
# po-complete.sh - every message of ebid-tool (_() and N_() in
# src/tool/*.c, found by xgettext) has a Japanese translation in the
# merged catalogue (po/ja-core.po + po/ja-admin.po, as the build merges
# them), and the catalogue compiles with msgfmt --check.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$srcdir/tests/require.sh"
need_cmd gettext xgettext msgcat msgmerge msgattrib msgfmt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
po="$srcdir/po/ja-core.po"
if [ -f "$srcdir/po/ja-admin.po" ]; then
	po="$po $srcdir/po/ja-admin.po"
else
	echo "# po/ja-admin.po does not exist yet"
fi
# shellcheck disable=SC2086
msgcat --use-first --force-po -o "$tmp/ja.po" $po || exit 1
msgfmt --check -o /dev/null "$tmp/ja.po" || { echo "FAIL: msgfmt --check"; exit 1; }
xgettext -k_ -kN_ --from-code=UTF-8 --force-po -o "$tmp/tool.pot" \
    "$srcdir"/src/tool/*.c || exit 1
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$tmp/ja.po" \
    "$tmp/tool.pot" || exit 1
msgattrib --untranslated --no-obsolete -o "$tmp/missing.po" "$tmp/merged.po"
msgattrib --only-fuzzy --no-obsolete -o "$tmp/fuzzy.po" "$tmp/merged.po"
total=$(grep -c '^msgid ' "$tmp/tool.pot")
rc=0
for f in missing fuzzy; do
	[ -s "$tmp/$f.po" ] || continue
	n=$(($(grep -c '^msgid ' "$tmp/$f.po") - 1))	# minus the header
	[ "$n" -gt 0 ] || continue
	echo "FAIL: $n $f Japanese translation(s) (where: #: lines):"
	awk 'BEGIN { RS = ""} NR > 1' "$tmp/$f.po" | sed 's/^/  /'
	rc=1
done
[ $rc = 0 ] && echo "ok - all $((total - 1)) messages have a Japanese translation"
exit $rc
