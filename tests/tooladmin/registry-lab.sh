#!/bin/sh
# registry-lab.sh - ebid-tool registry register/update/unregister with
# cards in the lab's readers (-r, --old-reader, --new-reader): FAQ Q2-11
# with both cards present, the old one expired, the same reader given
# twice; a My Number card refused; no -r with several cards present.
#
# Runs inside a running lab (tests/integ/lab.sh), which exports
# EBID_TEST_LAB, EBID_TEST_CARDDIR and EBID_TEST_BUILDDIR; cards the lab
# did not start are added (ebid-lab add).
set -u
if [ -z "${EBID_TEST_LAB:-}" ] || [ -z "${EBID_TEST_CARDDIR:-}" ]; then
	echo "SKIP: runs inside the lab (tests/integ/lab.sh)"
	exit 77
fi
top_builddir=${EBID_TEST_BUILDDIR:-${top_builddir:-.}}
. "$(dirname "$0")/common.sh"
LAB=$EBID_TEST_LAB
lab=$EBID_TEST_CARDDIR
drv=$builddir/src/tool/ebid-tool	# run() runs ebid-tool itself
[ -x "$drv" ] || { echo "FAIL: $drv not built"; exit 1; }
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C
setup

reader() {
	"$LAB" reader "$1" 2>/dev/null && return 0
	"$LAB" add "$1" >/dev/null 2>&1 || return 1
	"$LAB" reader "$1"
}
for c in aosign-representative aosign-delegate expired jpki-sign; do
	r=$(reader $c) || { echo "FAIL: card $c not in the lab"; exit 1; }
	eval "R_$(echo $c | tr - _)=\$r"
done
HDR='業者番号,区分,商号,代表者,受任者,登録カード'
cat >"$work/reg.csv" <<EOC
$HDR
00123,建設工事,株式会社山田試験建設,山田　太郎,佐藤　花子,$(fp "$lab/expired.crt.pem")
00124,コンサル,株式会社山田試験建設,山田　太郎,,
EOC
C="--category construction"
run 0 "import" registry import "$work/reg.csv" --apply
run 2 "register without -r, several cards present" registry register \
    00123 $C
run 0 "register -r (representative)" registry register 00123 $C \
    -r "$R_aosign_representative"
has "registered" "$out" "registry changed: yes"
run 1 "register -r a My Number card" registry register 00123 $C \
    -r "$R_jpki_sign"
has "jpki" "$err" "My Number card"
run 1 "register -r: FAQ Q2-14" registry register 00124 \
    --category consulting -r "$R_aosign_representative"
has "q2-14" "$err" "FAQ Q2-14"
run 2 "update: the same reader twice" registry update 00123 $C \
    --old-reader "$R_aosign_representative" \
    --new-reader "$R_aosign_representative"
run 1 "update: old card expired (FAQ Q2-11)" registry update 00123 $C \
    --old-reader "$R_expired" --new-reader "$R_aosign_delegate"
has "expired" "$err" "FAQ Q2-11"
run 0 "update: both cards present" registry update 00123 $C \
    --old-reader "$R_aosign_representative" \
    --new-reader "$R_aosign_delegate"
run 0 "show" registry show 00123 $C
has "new" "$out" "$(fp "$lab/aosign-delegate.crt.pem")"
hasnot "old gone" "$out" "$(fp "$lab/aosign-representative.crt.pem")"
run 0 "unregister -r" registry unregister 00123 $C -r "$R_aosign_delegate"
run 0 "registry --json register -r" --json registry register 00123 $C \
    -r "$R_aosign_delegate"
json_ok "json" "$out"
finish
