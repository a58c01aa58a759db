#!/bin/sh
# test-registry.sh - ebid-tool registry: import (dry run, --apply, CP932,
# malformed files), list, show, register, update, unregister, with every
# forbidden case of FAQ Q2-11 and Q2-14, the deny rules, name binding,
# a read-only directory, a malformed registry, a held lock and 20
# concurrent runs.
. "$(dirname "$0")/common.sh"
mklab
setup
L=$lab

# A second card of 山田　太郎 from the TEST AOSign CA (for update), and a
# card of the same person from a CA nobody configured.
# RSA-2048: the module signs with RSA keys only, and the decision says so.
mkcert() {	# NAME CA-CERT CA-KEY SUBJECT
	openssl req -new -newkey rsa:2048 -nodes \
	    -keyout "$work/$1.key" -out "$work/$1.csr" -utf8 -subj "$4" \
	    2>/dev/null &&
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' \
	    >"$work/ext" &&
	openssl x509 -req -in "$work/$1.csr" -CA "$2" -CAkey "$3" \
	    -CAcreateserial -days 400 -extfile "$work/ext" \
	    -out "$work/$1.pem" 2>/dev/null
}
mkcert yamada-new "$L/ca/aosign.crt.pem" "$L/ca/aosign.key.pem" \
    "/C=JP/O=株式会社山田試験建設/CN=山田　太郎" || exit 99
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$work/rogue.key" -out "$work/rogue.crt" -days 30 \
    -subj "/CN=Rogue CA" -addext basicConstraints=critical,CA:TRUE \
    2>/dev/null || exit 99
mkcert rogue-card "$work/rogue.crt" "$work/rogue.key" \
    "/C=JP/O=株式会社山田試験建設/CN=山田　太郎" || exit 99

REP=$L/aosign-representative.crt.pem
DEL=$L/aosign-delegate.crt.pem
NEW=$work/yamada-new.pem
EXPIRED_FP=$(fp "$L/expired.crt.pem")
REP_FP=$(fp "$REP")
NEW_FP=$(fp "$NEW")
DEL_FP=$(fp "$DEL")

HDR='業者番号,区分,商号,代表者,受任者,連絡先,連絡先メール,利用部署,利用部署メール,登録カード'
cat >"$work/good.csv" <<EOC
$HDR
00123,建設工事,株式会社山田試験建設,山田　太郎,佐藤　花子,総務部,soumu@example.jp,工務部,koumu@example.jp,$EXPIRED_FP
00124,コンサル,株式会社山田試験建設,山田　太郎,,,,,,
00123,物品,株式会社山田試験建設,山田　太郎,,,,,,
00200,建設工事,鈴木試験工業株式会社,鈴木　一郎,,,,,,
00300,建設工事,"伊藤試験土木株式会社",伊藤　健二,,"連絡先
二行目",,,,
EOC

echo "# import"
run 0 "import: dry run of a good file" registry import "$work/good.csv"
has "dry run" "$out" "rows accepted: 5"
has "dry run names lines" "$out" "line 6: 00300"
[ ! -e "$work/registry.csv" ] || { echo "FAIL: dry run installed"; fails=$((fails + 1)); }
run 0 "import: --json" --json registry import "$work/good.csv"
json_ok "import json" "$out"
has "import json" "$out" '"accepted": 5'

printf '%s\n00123,建設工事,A社,山田　太郎\n00999,物品,B社,某,,,,,,\n' "$HDR" \
    >"$work/cols.csv"
run 1 "import: wrong number of columns" registry import "$work/cols.csv"
has "columns" "$out" "line 2, column 0: 4 columns, the header has 10"
has "columns: other rows" "$out" "rows accepted: 1"
printf '業者番号,区分,商号\n1,物品,A\n' >"$work/req.csv"
run 1 "import: missing required column" registry import "$work/req.csv"
has "missing column" "$out" "line 1, column 0: missing required column '代表者'"
iconv -f UTF-8 -t CP932 "$work/good.csv" >"$work/sjis.csv" || exit 99
{ cat "$work/sjis.csv"; printf '00999,\201\177,A,B,,,,,,\n'; } >"$work/enc.csv"
run 1 "import: broken encoding (CP932 with a bad byte on line 8)" \
    registry import "$work/enc.csv"
has "encoding" "$out" "line 8, column 0: broken encoding"
printf '%s\n00123,建設工事,A\377社,山田,,,,,,\n' "$HDR" >"$work/enc2.csv"
run 1 "import: broken encoding (UTF-8 with a bad byte)" registry import \
    "$work/enc2.csv"
has "encoding" "$out" "broken encoding"
printf '%s\n00123,建設工事,A社,山田,,,,,,\n00123,工事,B社,田中,,,,,,\n' \
    "$HDR" >"$work/dup.csv"
run 1 "import: duplicate vendor number" registry import "$work/dup.csv"
has "duplicate" "$out" "line 3, column 0: duplicate vendor number 00123 \(construction\), first on line 2"
printf '%s\n1,建設工事,A社,山田,,,,,,%s\n2,コンサル,A社,山田,,,,,,%s\n' \
    "$HDR" "$REP_FP" "$REP_FP" >"$work/q214.csv"
run 1 "import: FAQ Q2-14 conflict reported" registry import "$work/q214.csv"
has "q2-14 count" "$out" "FAQ Q2-14 conflicts: 1"
has "q2-14" "$out" "line 3, column 0: .*FAQ Q2-14"
printf '%s\n1,建設工事,A社,山田,,,bad-mail,,,\n' "$HDR" >"$work/mail.csv"
run 1 "import: bad e-mail column" registry import "$work/mail.csv"
has "mail" "$out" "column 7: bad e-mail"
run 1 "import --apply refuses a malformed file" registry import \
    "$work/dup.csv" --apply
has "not installed" "$out" "not installed"
[ ! -e "$work/registry.csv" ] || { echo "FAIL: malformed installed"; fails=$((fails + 1)); }
run 2 "import: missing file" registry import "$work/nonexistent.csv" || :

run 0 "import: CP932 dry run" registry import "$work/sjis.csv"
has "cp932" "$out" "Shift_JIS"
run 0 "import: CP932 --apply" registry import "$work/sjis.csv" --apply
has "installed" "$out" "installed: yes"
if cmp -s "$work/registry.csv" "$work/good.csv"; then
	echo "ok - CP932 installed as UTF-8 without BOM"
else
	echo "FAIL: CP932 not converted to the original UTF-8"
	fails=$((fails + 1))
fi

echo "# the installed example (docs/examples/registry.csv), as an administrator copies it"
run 0 "import: the documented example" registry import "$srcdir/docs/examples/registry.csv"
has "example: rows" "$out" "rows accepted: 4"
has "example: no warning" "$out" "^warnings: 0$"
has "example: no error" "$out" "^errors: 0$"
echo "# issue 10: a spreadsheet's extra columns are warnings"
printf '区分,業者番号,代表者,商号,備考,登録カード,,,\r\n物品,00901,山田　太郎,A社,メモ,,,,\r\n建設工事,00902,鈴木　一郎,B社,,,,,\r\n' \
    >"$work/excel.csv"
iconv -f UTF-8 -t CP932 "$work/excel.csv" >"$work/excel-sjis.csv" || exit 99
for f in excel excel-sjis; do
	run 0 "import $f: 備考 and empty columns warn" registry import "$work/$f.csv"
	has "$f: rows" "$out" "rows accepted: 2"
	has "$f: 備考" "$out" "line 1, column 5: unknown column '備考': ignored"
	has "$f: empty" "$out" "line 1, column 7: columns 7 to 9 have no name: ignored"
done
printf '%s\n00911,建設工事,A社,山田,,,bad-mail,,,\n00912,物品,B社,田中,,,,,,\n' \
    "$HDR" >"$work/oneerr.csv"
run 1 "import: a row with an error is left out" registry import "$work/oneerr.csv"
has "left out" "$out" "rows left out: 1"
has "other row" "$out" "rows accepted: 1"
printf '%s\n00921,建設"工事,A社,山田,,,,,,\n' "$HDR" >"$work/quote.csv"
run 1 "import: a quoting error makes the file unreadable" registry import \
    "$work/quote.csv"
has "unreadable" "$out" "cannot be read as a registry \\(line 2, column 2"

echo "# list, show"
run 0 "list" registry list
has "list" "$out" "00300"
run 0 "list --json" --json registry list
json_ok "list json" "$out"
run 0 "show" registry show 00123
has "show both categories" "$out" "goods"
has "show delegate" "$out" "佐藤　花子"
run 0 "show --category" registry show 00123 --category 建設工事
hasnot "show --category" "$out" "goods"
run 0 "show --json" --json registry show 00300
json_ok "show json" "$out"
has "multi-line field" "$out" '連絡先\\n二行目'
run 0 "show: vendor number in full-width digits" registry show ００１２３
has "show: full-width finds 00123" "$out" "00123"
run 1 "show: unknown vendor" registry show 99999
run 2 "show: bad category" registry show 00123 --category food

echo "# register"
C="--category construction"
run 0 "register: representative" registry register 00123 $C --cert "$REP"
has "registered" "$out" "registry changed: yes"
run 0 "register: delegate" registry register 00123 $C --cert "$DEL"
run 0 "register: again is a no-op" registry register 00123 $C --cert "$DEL"
has "no-op" "$out" "already registered"
run 0 "show: both cards" registry show 00123 --category construction
has "rep fp" "$out" "$REP_FP"
has "del fp" "$out" "$DEL_FP"
run 0 "register: goods may share the card (FAQ Q2-14)" registry register \
    00123 --category goods --cert "$REP"
run 1 "register: construction card to consulting (FAQ Q2-14)" registry \
    register 00124 --category consulting --cert "$REP"
has "q2-14" "$err" "construction and consulting need separate cards \(FAQ Q2-14\)"
run 1 "register: expired card" registry register 00123 --category goods \
    --cert "$L/expired.crt.pem"
has "expired" "$err" "expired on 2023-03-31"
run 1 "register: not yet valid" registry register 00200 $C \
    --cert "$L/not-yet-valid.crt.pem"
has "not yet" "$err" "not valid before"
run 1 "register: My Number card" registry register 00123 $C \
    --cert "$L/jpki-sign.crt.pem"
has "jpki" "$err" "My Number card"
run 1 "register: corporate registry card" registry register 00123 $C \
    --cert "$L/corporate.crt.pem"
has "corp" "$err" "corporate registry"
run 1 "register: CA not configured" registry register 00123 $C \
    --cert "$work/rogue-card.pem"
has "rogue" "$err" "not a configured authority"
run 1 "register: holder is someone else" registry register 00123 $C \
    --cert "$L/unregistered-person.crt.pem"
has "binding" "$err" "cannot be registered"
run 1 "register: another company's representative" registry register 00123 \
    $C --cert "$L/diacert-representative.crt.pem"
run 0 "register: other bidder, other authority" registry register 00200 $C \
    --cert "$L/diacert-representative.crt.pem"
run 1 "register: unknown vendor" registry register 77777 $C --cert "$REP"
run 2 "register: no category" registry register 00123 --cert "$REP"
run 2 "register: not a certificate" registry register 00123 $C \
    --cert "$work/good.csv"
run 2 "register: reader and file" registry register 00123 $C -r R \
    --cert "$REP"
run 0 "register --json" --json registry register 00300 $C \
    --cert "$L/toinx-representative.crt.pem"
json_ok "register json" "$out"
has "register json" "$out" '"changed": true'
run 1 "register --json refused" --json registry register 00300 $C \
    --cert "$L/jpki-sign.crt.pem"
json_ok "refused json" "$out"
has "refused json" "$out" '"kind": "jpki"'
run 0 "registry still clean" registry import "$work/registry.csv"

echo "# update (FAQ Q2-11)"
run 2 "update: needs both cards" registry update 00123 $C --old-cert "$REP"
run 1 "update: same card" registry update 00123 $C --old-cert "$REP" \
    --new-cert "$REP"
run 1 "update: old card not registered" registry update 00200 $C \
    --old-cert "$REP" --new-cert "$NEW"
has "old not registered" "$err" "old card is not registered"
run 1 "update: old card expired" registry update 00123 $C \
    --old-cert "$L/expired.crt.pem" --new-cert "$NEW"
has "old expired" "$err" "register the new card instead \(FAQ Q2-11\)"
run 1 "update: new card refused (JPKI)" registry update 00123 $C \
    --old-cert "$REP" --new-cert "$L/jpki-sign.crt.pem"
has "new jpki" "$err" "My Number"
run 1 "update: new card of another person" registry update 00123 $C \
    --old-cert "$REP" --new-cert "$L/unregistered-person.crt.pem"
run 1 "update: new card already registered" registry update 00123 $C \
    --old-cert "$REP" --new-cert "$DEL"
run 1 "update: new card breaks FAQ Q2-14" registry update 00124 \
    --category consulting --old-cert "$REP" --new-cert "$NEW"
run 0 "update: representative's new card" registry update 00123 $C \
    --old-cert "$REP" --new-cert "$NEW"
has "update" "$out" "no longer"
run 0 "show after update" registry show 00123 $C
has "new card" "$out" "$NEW_FP"
hasnot "old card gone" "$out" "$REP_FP"
run 1 "register: the new construction card to consulting (FAQ Q2-14)" \
    registry register 00124 --category consulting --cert "$NEW"

echo "# unregister"
run 0 "unregister --fingerprint" registry unregister 00123 $C \
    --fingerprint "$DEL_FP"
run 1 "unregister: not registered" registry unregister 00123 $C \
    --fingerprint "$DEL_FP"
run 0 "unregister --cert" registry unregister 00123 --category goods \
    --cert "$REP"
run 2 "unregister: bad fingerprint" registry unregister 00123 $C \
    --fingerprint 12:34
run 0 "show after unregister" registry show 00123
hasnot "unregistered" "$out" "$DEL_FP"
run 0 "registry still clean" registry import "$work/registry.csv"
[ -f "$work/registry.csv~" ] && echo "ok - backup kept" ||
    { echo "FAIL: no backup"; fails=$((fails + 1)); }

echo "# a registry without the cards column gets one"
printf '業者番号,区分,商号,代表者\r\n00500,工事,C社,山田　太郎\r\n\r\n00501,物品,D社,山田　太郎\r\n' \
    >"$work/nocards.csv"
run 0 "import without cards column" registry import "$work/nocards.csv" \
    --apply
run 0 "register adds the column" registry register 00500 $C --cert "$NEW"
has "column added" "$(head -1 "$work/registry.csv")" "代表者,登録カード"
has "CRLF kept" "$(tr -dc '\r' <"$work/registry.csv" | wc -c)" '^ *4$'
run 0 "show the new column" registry show 00500
has "col" "$out" "$NEW_FP"

echo "# name binding: local-strict"
cp "$work/good.csv" "$work/strict.csv"
cp "$conf" "$work/conf.national"
sed 's/^\[policy\]$/[policy]\nbinding = local-strict/' "$work/conf.national" \
    >"$conf"
run 0 "import (local-strict)" registry import "$work/good.csv" --apply
run 1 "local-strict: representative refused once a delegate exists" \
    registry register 00123 $C --cert "$REP"
run 0 "local-strict: the delegate" registry register 00123 $C --cert "$DEL"
cp "$work/conf.national" "$conf"

echo "# malformed registry never overwritten"
cp "$work/registry.csv" "$work/keep.csv"
printf '00999,工事,X社\n' >>"$work/registry.csv"
cp "$work/registry.csv" "$work/bad.csv"
run 3 "register into a malformed registry" registry register 00300 $C \
    --cert "$L/toinx-representative.crt.pem"
cmp -s "$work/registry.csv" "$work/bad.csv" &&
    echo "ok - malformed registry left as it was" ||
    { echo "FAIL: malformed registry changed"; fails=$((fails + 1)); }
run 3 "unregister on a malformed registry" registry unregister 00123 $C \
    --fingerprint "$DEL_FP"
run 3 "list on a malformed registry" registry list
run 0 "import --apply replaces a malformed registry, keeping it as FILE~" \
    registry import "$work/keep.csv" --apply
has "warned" "$err" "had errors; it is kept as"
cmp -s "$work/registry.csv~" "$work/bad.csv" &&
    cmp -s "$work/registry.csv" "$work/keep.csv" &&
    echo "ok - malformed registry kept as registry.csv~" ||
    { echo "FAIL: backup of the malformed registry"; fails=$((fails + 1)); }

echo "# lock held by another run"
( flock 8; sleep 3 ) 8>"$work/registry.csv.lock" &
sleep 0.3
EBID_TOOL_LOCK_WAIT=1 run 5 "lock timeout" registry unregister 00123 $C \
    --fingerprint "$DEL_FP"
has "lock" "$err" "still locked by another ebid-tool"
wait

echo "# 20 concurrent registrations"
{
	echo "$HDR"
	i=1
	while [ $i -le 20 ]; do
		printf '%05d,建設工事,伊藤試験土木株式会社,伊藤　健二,,,,,,\n' \
		    $((1000 + i))
		i=$((i + 1))
	done
} >"$work/many.csv"
run 0 "import 20 bidders" registry import "$work/many.csv" --apply
i=1
while [ $i -le 20 ]; do
	( "$drv" -c "$conf" registry register $(printf %05d $((1000 + i))) \
	    $C --cert "$L/toinx-representative.crt.pem" >"$work/par.$i" 2>&1
	echo $? >"$work/rc.$i" ) &
	i=$((i + 1))
done
wait
pfail=$(cat "$work"/rc.* | grep -vc '^0$')
[ $pfail -eq 0 ] && echo "ok - 20 concurrent runs succeeded" ||
    { echo "FAIL: $pfail concurrent runs failed"; cat "$work"/par.*;
    fails=$((fails + 1)); }
TFP=$(fp "$L/toinx-representative.crt.pem")
n=$(grep -c "$TFP" "$work/registry.csv")
[ "$n" -eq 20 ] && echo "ok - all 20 landed" ||
    { echo "FAIL: $n of 20 landed"; fails=$((fails + 1)); }
run 0 "registry valid after concurrent runs" registry import \
    "$work/registry.csv"
has "20 rows" "$out" "rows accepted: 20"

echo "# read-only registry directory"
if unshare -m true 2>/dev/null; then
	cp "$work/registry.csv" "$work/before.csv"
	ntest=$((ntest + 1))
	unshare -m sh -c "mount --bind '$work' '$work' &&
	    mount -o remount,bind,ro '$work' &&
	    exec '$drv' -c '$conf' registry unregister 01001 $C \
	    --fingerprint $TFP" >"$work/../ro.out.$$" 2>&1
	rc=$?
	if [ $rc -eq 5 ] && cmp -s "$work/registry.csv" "$work/before.csv"
	then
		echo "ok $ntest - read-only directory: exit 5, nothing lost"
	else
		echo "FAIL: read-only directory: exit $rc"
		cat "$work/../ro.out.$$"
		fails=$((fails + 1))
	fi
	grep -q "read-only\|Read-only" "$work/../ro.out.$$" ||
	    { echo "FAIL: no clear read-only message";
	    cat "$work/../ro.out.$$"; fails=$((fails + 1)); }
	rm -f "$work/../ro.out.$$"
else
	missing_part "read-only test: unshare -m not permitted here" ||
	    fails=$((fails + 1))
fi

finish
