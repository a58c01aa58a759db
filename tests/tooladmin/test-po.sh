#!/bin/sh
# test-po.sh - the registry and trust messages in Japanese: every _() and
# N_() message of src/tool/registry.c, trust.c and store.c has a
# translation in po/ja-admin.po, which compiles with msgfmt --check; and
# ebid-tool itself, under LANG=ja_JP.UTF-8, prints registry and trust
# reports (the registry reader's errors included) in Japanese.
. "$(dirname "$0")/common.sh"
need_cmd gettext xgettext msgmerge msgattrib msgfmt
mklab
setup
po=$srcdir/po/ja-admin.po

ntest=$((ntest + 1))
if msgfmt --check -o /dev/null "$po"; then
	echo "ok $ntest - msgfmt --check po/ja-admin.po"
else
	echo "FAIL: msgfmt --check po/ja-admin.po"; fails=$((fails + 1))
fi
xgettext -k_ -kN_ --from-code=UTF-8 --force-po -o "$work/admin.pot" \
    "$srcdir"/src/tool/registry.c "$srcdir"/src/tool/trust.c \
    "$srcdir"/src/tool/store.c || exit 99
msgmerge --quiet --no-fuzzy-matching -o "$work/merged.po" "$po" \
    "$work/admin.pot" || exit 99
msgattrib --untranslated --no-obsolete -o "$work/missing.po" \
    "$work/merged.po"
ntest=$((ntest + 1))
n=$(grep -c '^msgid ' "$work/missing.po" 2>/dev/null || echo 0)
if [ "$n" -le 1 ]; then
	echo "ok $ntest - every registry/trust message has a translation"
else
	echo "FAIL: $((n - 1)) untranslated message(s):"
	awk 'BEGIN { RS = "" } NR > 1' "$work/missing.po" | sed 's/^/  /'
	fails=$((fails + 1))
fi

TOOL=$builddir/src/tool/ebid-tool
if [ ! -x "$TOOL" ] || [ ! -f "$builddir/po/locale/ja/LC_MESSAGES/ebid-tool.mo" ]
then
	missing_part "the Japanese run: ebid-tool or its catalogue not built" ||
	    fails=$((fails + 1))
	finish
fi
export EBID_TOOL_LOCALEDIR="$builddir/po/locale"
unset LANGUAGE LC_ALL LC_MESSAGES
# jarun EXPECTED NAME ARGS...: ebid-tool in Japanese; output in $out.
jarun() {
	want=$1 name=$2
	shift 2
	ntest=$((ntest + 1))
	env LANG=ja_JP.UTF-8 "$TOOL" -c "$conf" "$@" >"$work/out" 2>&1
	got=$?
	out=$(cat "$work/out")
	if [ "$got" = "$want" ]; then
		echo "ok $ntest - $name"
	else
		echo "FAIL: $name: exit $got, expected $want"
		sed 's/^/  /' "$work/out" | head -20
		fails=$((fails + 1))
	fi
}
HDR='業者番号,区分,商号,代表者,受任者,連絡先,連絡先メール,利用部署,利用部署メール,登録カード'
printf '%s\n00123,建設工事,A社,山田　太郎,,,,,,\n00123,工事,B社,田中,,,,,,\n00124,物品,C社,鈴木,,,x@,,,\n' \
    "$HDR" >"$work/bad.csv"
jarun 1 "registry import, Japanese" registry import "$work/bad.csv"
has "ja import labels" "$out" "受理した行数: 1"
has "ja reader error" "$out" "業者番号 00123（construction）が重複しています"
has "ja mail error" "$out" "メールアドレス 'x@' は不正です"
hasnot "no English" "$out" "rows accepted|duplicate|dry run|column [0-9]"
printf '%s\n00123,建設工事,A社,山田　太郎,,,,,,\n' "$HDR" >"$work/good.csv"
jarun 0 "registry import --apply, Japanese" registry import "$work/good.csv" \
    --apply
has "ja installed" "$out" "設置先"
jarun 0 "registry list, Japanese" registry list
has "ja list" "$out" "区分: 建設工事"
hasnot "ja list" "$out" "vendor number|category|company"
jarun 1 "registry register refused, Japanese" registry register 00123 \
    --category 建設工事 --cert "$lab/jpki-sign.crt.pem"
has "ja refused" "$out" "マイナンバーカード"
has "ja refused" "$out" "このカードは業者 00123（建設工事）に登録できません"
hasnot "ja refused" "$out" "My Number|cannot be registered|registry changed"
jarun 0 "registry register, Japanese" registry register 00123 \
    --category 建設工事 --cert "$lab/aosign-representative.crt.pem"
has "ja registered" "$out" "登録しました"
jarun 0 "trust show, Japanese" trust show aosign
has "ja trust" "$out" "常に適用される拒否規則"
hasnot "ja trust" "$out" "deny rules|PIN lock count|valid until"
jarun 1 "trust add JPKI CA, Japanese" trust add jpki "$lab/ca/jpki-sign.crt.pem"
has "ja jpki" "$out" "拒否: この認証局は信頼してはなりません"
finish
