#!/bin/sh
# tool-lab.sh - ebid-tool readers, show, pin and interop against the lab's
# emulated cards: interop passes on each of the five authorities' cards
# and fails, naming the reason, on the JPKI look-alike; the text and
# --json outputs; a card pulled in the middle of a command gives exit 4
# and a clear message.
#
# Runs inside a running lab (tests/integ/lab.sh), which exports
# EBID_TEST_LAB (the ebid-lab command), EBID_TEST_CARDDIR and
# EBID_TEST_BUILDDIR.  Cards it needs that the lab did not start are
# added (ebid-lab add): the lab needs free slots for them.  It uses its
# own configuration (tests/tool/mkconf.sh): the shipped one with the
# test CAs and a registry of these cards' fingerprints.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ -z "${EBID_TEST_LAB:-}" ] || [ -z "${EBID_TEST_CARDDIR:-}" ]; then
	echo "SKIP: runs inside the lab (tests/integ/lab.sh)"
	exit 77
fi
builddir=${EBID_TEST_BUILDDIR:-${top_builddir:-$srcdir}}
LAB=$EBID_TEST_LAB
CARDS=$EBID_TEST_CARDDIR
TOOL="$builddir/src/tool/ebid-tool"
export EBID_TOOL_LOCALEDIR="$builddir/po/locale"
unset LANGUAGE LC_ALL LC_MESSAGES EBID_TOOL_TEST_DELAY_MS
export LANG=C

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CONF=$(sh "$srcdir/tests/tool/mkconf.sh" "$CARDS" "$tmp/conf") ||
    { echo "FAIL: mkconf.sh"; exit 1; }
# shellcheck disable=SC2317 # called through expect
T() { "$TOOL" -c "$CONF" "$@"; }
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
bad() { n=$((n + 1)); echo "not ok $n - $*"; fail=1; }
expect() {	# expect RC DESC CMD...
	want=$1 desc=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then ok "$desc (exit $got)"; else
		bad "$desc: exit $got, wanted $want"
		sed 's/^/# /' "$tmp/out" "$tmp/err"
	fi
}
has() {	# has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then ok "$3"; else
		bad "$3: no \"$2\""; sed 's/^/# /' "$1"; fi
}
json() {	# json FILE DESC
	if python3 -m json.tool "$1" >/dev/null 2>"$tmp/jerr"; then
		ok "$2: valid JSON"
	else
		bad "$2: invalid JSON"; sed 's/^/# /' "$1" "$tmp/jerr"
	fi
}
# reader CARD: its reader, adding the card to the lab if needed.
reader() {
	"$LAB" reader "$1" 2>/dev/null && return 0
	"$LAB" add "$1" >/dev/null 2>"$tmp/adderr" ||
	    { sed 's/^/# /' "$tmp/adderr" >&2; return 1; }
	"$LAB" reader "$1"
}

GOOD="aosign-representative diacert-representative tdb-delegate
toinx-representative eprobatio-representative"
need() {
	reader "$1" || { echo "FAIL: card $1 not in the lab (start the lab \
with free slots: ebid-lab start -n 6 ...)" >&2; exit 1; }
}
R_aosign_representative=$(need aosign-representative) || exit 1
R_diacert_representative=$(need diacert-representative) || exit 1
R_tdb_delegate=$(need tdb-delegate) || exit 1
R_toinx_representative=$(need toinx-representative) || exit 1
R_eprobatio_representative=$(need eprobatio-representative) || exit 1
R_jpki_sign=$(need jpki-sign) || exit 1
# the PIN of the emulated cards (ebid-lab-mkcards: demo PIN)
PIN=1234

# interop: passes on each authority's card, with the reports.
for c in $GOOD; do
	r=$("$LAB" reader "$c")
	expect 0 "interop $c" env CARD_PIN=$PIN "$TOOL" -c "$CONF" interop \
	    -r "$r" --pin-env CARD_PIN --report "$tmp/rep-$c"
	has "$tmp/out" "Result: PASSED (13 passed, 0 failed, 0 skipped)" \
	    "interop $c: every step passed"
	if grep -q "$PIN" "$tmp/out" "$tmp/err" "$tmp/rep-$c/interop.json" \
	    "$tmp/rep-$c/interop.xml"; then
		bad "interop $c: the PIN appears in the output"
	else
		ok "interop $c: the PIN appears nowhere"
	fi
	json "$tmp/rep-$c/interop.json" "interop $c report"
	if python3 - "$tmp/rep-$c/interop.xml" <<'PY'
import sys, xml.etree.ElementTree as E
s = E.parse(sys.argv[1]).getroot().find("testsuite")
assert s.get("tests") == "13" and s.get("failures") == "0", s.attrib
assert len(s.findall("testcase")) == 13
PY
then ok "interop $c: JUnit XML"; else bad "interop $c: JUnit XML"; fi
done

# --json and --pin-stdin
expect 0 "interop --json --pin-stdin" sh -c "echo $PIN | \"$TOOL\" -c \
\"$CONF\" --json interop -r \"$R_diacert_representative\" --pin-stdin"
json "$tmp/out" "interop --json"
if python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["result"] == "pass" and d["failed"] == 0 and d["passed"] == 13
ids = [s["id"] for s in d["steps"]]
for i in ("connect", "profile", "read-cert", "read-ca", "read-serial",
          "pin-status", "login", "sign-sha1", "sign-sha256", "sign-sha384",
          "sign-sha512", "sign-raw", "verdict"):
    assert i in ids, i
PY
then ok "interop --json: fields"; else bad "interop --json: fields"; fi

# without a PIN: login and signatures skipped, so not a full pass
expect 1 "interop without a PIN" T interop -r "$R_aosign_representative"
has "$tmp/out" "no PIN supplied" "interop without a PIN: says so"

# the JPKI look-alike: fails, naming the reason
expect 1 "interop jpki-sign" env CARD_PIN=$PIN "$TOOL" -c "$CONF" interop \
    -r "$R_jpki_sign" --pin-env CARD_PIN
has "$tmp/out" "[FAIL] Card profile detection" "interop jpki-sign: the step"
has "$tmp/out" "My Number card (JPKI): not usable for e-bidding (FAQ Q2-6)" \
    "interop jpki-sign: the reason"
expect 1 "interop jpki-sign, Japanese" env LANG=ja_JP.UTF-8 "$TOOL" \
    -c "$CONF" interop -r "$R_jpki_sign"
has "$tmp/out" "マイナンバーカード（公的個人認証）" "interop jpki-sign: ja reason"

# a card the policy refuses (not in the registry): as in the module, no
# PIN is sent to it and nothing is signed
R_unregistered=$(need unregistered-person) || exit 1
before=$("$LAB" state unregistered-person 2>/dev/null)
expect 1 "interop on a refused card" env CARD_PIN=$PIN "$TOOL" -c "$CONF" \
    interop -r "$R_unregistered" --pin-env CARD_PIN
has "$tmp/out" "the card is refused by the policy (see the verdict): no PIN is sent to it" \
    "interop refused card: login skipped, saying why"
has "$tmp/out" "not logged in" "interop refused card: no signature"
after=$("$LAB" state unregistered-person 2>/dev/null)
if [ "$before" = "$after" ]; then ok "interop refused card: no PIN reached it"
else bad "interop refused card: its PIN counter moved: $before / $after"; fi
expect 1 "pin on a refused card" T pin -r "$R_unregistered"
has "$tmp/out" "refused by the policy: no PIN is ever sent" \
    "pin refused card: says no PIN is ever sent"

# readers: every card, the five accepted, the JPKI card refused
expect 0 "readers" T readers
has "$tmp/out" "=> REFUSED" "readers: a refusal"
has "$tmp/out" "My Number card (JPKI)" "readers: the JPKI reason"
expect 0 "readers --json" T --json readers
json "$tmp/out" "readers --json"
if python3 - "$tmp/out" "$R_jpki_sign" "$R_aosign_representative" \
    "$R_diacert_representative" "$R_tdb_delegate" \
    "$R_toinx_representative" "$R_eprobatio_representative" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
by = {r["reader"]: r for r in d["readers"]}
j = by[sys.argv[2]]
assert j["card"] and j["jpki"] and not j["verdict"]["accepted"], j
assert j["verdict"]["reasons"][0]["kind"] == "jpki", j
for r in sys.argv[3:]:
    assert by[r]["verdict"]["accepted"], by[r]
    assert by[r]["authority"], by[r]
PY
then ok "readers --json: verdicts"; else bad "readers --json: verdicts"; fi
expect 0 "readers, Japanese" env LANG=ja_JP.UTF-8 "$TOOL" -c "$CONF" readers
has "$tmp/out" "=> 電子入札に使用できます" "readers: Japanese verdict"

# show -r
expect 0 "show -r (accepted)" T show -r "$R_eprobatio_representative"
has "$tmp/out" "Holder: 渡辺　直子" "show: holder"
has "$tmp/out" "Authority: e-Probatio PS2" "show: authority"
has "$tmp/out" "Card serial:" "show: serial"
expect 0 "show --json" T --json show -r "$R_eprobatio_representative"
json "$tmp/out" "show --json"
expect 1 "show -r jpki-sign (refused)" T show -r "$R_jpki_sign"
expect 2 "show -r of an unknown reader" T show -r "no such reader"

# pin: tries from the card, never spent
# (the counts as the emulator has them now: earlier tests may spend some)
before=$("$LAB" state tdb-delegate 2>/dev/null)
left=${before##* }
expect 0 "pin" T pin -r "$R_tdb_delegate"
has "$tmp/out" "Tries left: $left" "pin: tries left"
[ "$left" = 3 ] &&
    has "$tmp/out" "Final try: yes" "pin: the guard's view (3 left, 2 kept)"
has "$tmp/out" "What to do:" "pin: advice"
aleft=$("$LAB" state aosign-representative 2>/dev/null)
expect 0 "pin --json" T --json pin -r "$R_aosign_representative"
json "$tmp/out" "pin --json"
if python3 - "$tmp/out" "${aleft##* }" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
left = int(sys.argv[2])
assert d["tries_left"] == left and d["lock_count"] == 10, d
assert d["guard"]["allowed"] is True, d
assert d["guard"]["until_guard"] == left - 2, d
assert d["next"] == ("none" if left == 10 else "count-low"), d
PY
then ok "pin --json: fields"; else bad "pin --json: fields"; fi
after=$("$LAB" state tdb-delegate 2>/dev/null)
if [ "$before" = "$after" ]; then ok "pin spent no try"; else
	bad "pin changed the card's state: $before / $after"; fi

# pin_status = counter: the count kept on this computer stands in for
# the card's (AOSign: 10 tries; 8 wrong leaves 2 = the reserve: holds).
sed 's/^\[profile reference\]$/[profile reference]\npin_status = counter/' \
    "$CONF" >"$tmp/conf/counter.conf"
mkdir -p "$tmp/conf/pin-state"
CS=$(T --json show -r "$R_aosign_representative" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["serial"])')
expect 0 "pin, counter profile" "$TOOL" -c "$tmp/conf/counter.conf" pin \
    -r "$R_aosign_representative"
has "$tmp/out" "Count from: the count of wrong PINs kept" "pin: counter source"
has "$tmp/out" "Tries left: 10" "pin: counter, nothing wrong yet"
echo 3 >"$tmp/conf/pin-state/aosign-$CS.count"
expect 0 "pin, counter profile, 3 wrong" "$TOOL" -c "$tmp/conf/counter.conf" \
    pin -r "$R_aosign_representative"
has "$tmp/out" "Wrong PINs counted: 3" "pin: counter read"
has "$tmp/out" "Tries left: 7" "pin: counter tries left"
echo 8 >"$tmp/conf/pin-state/aosign-$CS.count"
expect 1 "pin, counter profile, guard holds" "$TOOL" \
    -c "$tmp/conf/counter.conf" pin -r "$R_aosign_representative"
has "$tmp/out" "The guard holds: no PIN is sent to this card" "pin: advice"
has "$tmp/out" "Contact AOSign Service" "pin: names the CA"
expect 1 "interop, counter profile, guard holds" env CARD_PIN=$PIN \
    "$TOOL" -c "$tmp/conf/counter.conf" interop \
    -r "$R_aosign_representative" --pin-env CARD_PIN
has "$tmp/out" "the PIN guard holds (2 tries left, 2 kept in reserve)" \
    "interop: the guard stops the login"
if [ "$(cat "$tmp/conf/pin-state/aosign-$CS.count")" = 8 ]; then
	ok "interop: no PIN sent, the count is unchanged"
else
	bad "interop: the count changed"
fi

# put_back CARD READER: insert the card and wait until a new PC/SC client
# reads it again (the lab's later tests need it); says so when it does not.
put_back() {
	"$LAB" insert "$1" >"$tmp/insert.log" 2>&1 ||
	    sed 's/^/# /' "$tmp/insert.log"
	i=0
	while [ $i -lt 40 ]; do
		"$TOOL" -c "$CONF" show -r "$2" >/dev/null 2>&1 && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

# a card pulled in the middle of a command: exit 4, a clear message
R=$R_toinx_representative
( EBID_TOOL_TEST_DELAY_MS=500 CARD_PIN=$PIN "$TOOL" -c "$CONF" interop \
    -r "$R" --pin-env CARD_PIN >"$tmp/pull.out" 2>"$tmp/pull.err"
  echo $? >"$tmp/pull.rc" ) &
sleep 1.3
"$LAB" pull toinx-representative >/dev/null 2>&1
wait
rc=$(cat "$tmp/pull.rc")
if [ "$rc" = 4 ]; then ok "interop, card pulled: exit 4"; else
	bad "interop, card pulled: exit $rc"
	sed 's/^/# /' "$tmp/pull.out" "$tmp/pull.err"
fi
has "$tmp/pull.err" "the card was removed" "interop, card pulled: the message"
has "$tmp/pull.out" "skipped: the card is gone" "interop, card pulled: later steps"
expect 4 "show of the pulled card's reader" T show -r "$R"
has "$tmp/err" "no card in the reader, or the card was removed" \
    "show, no card: the message"
put_back toinx-representative "$R" || bad "toinx-representative: not back"
( EBID_TOOL_TEST_DELAY_MS=500 "$TOOL" -c "$CONF" show -r "$R" \
    >"$tmp/pull.out" 2>"$tmp/pull.err"; echo $? >"$tmp/pull.rc" ) &
sleep 0.8
"$LAB" pull toinx-representative >/dev/null 2>&1
wait
rc=$(cat "$tmp/pull.rc")
if [ "$rc" = 4 ]; then ok "show, card pulled: exit 4"; else
	bad "show, card pulled: exit $rc"
	sed 's/^/# /' "$tmp/pull.out" "$tmp/pull.err"
fi
has "$tmp/pull.err" "removed" "show, card pulled: the message"
if put_back toinx-representative "$R"; then
	ok "toinx-representative is back in its reader for the next tests"
else
	bad "toinx-representative did not come back after the pull tests"
fi

echo "1..$n"
exit $fail
