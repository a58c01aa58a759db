#!/bin/sh
# policy.sh MODULE CARDDIR - the module's policy through pcscd, seen by
# OpenSC's pkcs11-tool, on the lab's cards (tests/integ/lab.sh starts
# them all).  EBID_PKCS11_CONF is the test configuration of lab.sh
# (ebid-lab testconf: the test CAs, test policies, CARDDIR/registry.csv,
# the shipped kanji variants); EBID_TEST_LAB is the ebid-lab command.
#   1. one card of each of the five authorities is accepted and signs
#      (SHA256-RSA-PKCS, verified by OpenSSL against its certificate);
#   2. the refused cards (expired, not yet valid, not registered, the
#      corporate and the My Number look-alikes) show their certificate and
#      no private key, a login is refused without a PIN being sent (the
#      emulator's PIN counter does not move), and the module's log gives
#      the right reason, once;
#   3. variants of the configuration: an administrator trusting the
#      corporate and JPKI look-alike CAs; the kanji variant table off; the
#      strict local rule;
#   4. the PIN guard: wrong PINs one at a time and from many processes at
#      once; the emulator's persisted counter never goes below the reserve
#      and the card never locks; the token flags at each step; a correct
#      PIN resets the count; the same with pin_status = counter, where the
#      module's own per-card count file stands in for the card's counter.
# Prints ok / not ok lines; exits 1 when any check failed.
set -u

mod=$1
cards=$2
LAB=${EBID_TEST_LAB:?EBID_TEST_LAB: the ebid-lab command}
base_conf=${EBID_PKCS11_CONF:?EBID_PKCS11_CONF: the test configuration}
tmp=$(mktemp -d /tmp/ebid-policy.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

ok() { echo "ok - $*"; passes=$((passes + 1)); }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
show() { sed -n '1,20p' "$1" | sed 's/^/# /'; }
p11() { pkcs11-tool --module "$mod" "$@"; }

# The slot ID of a card: pkcs11-tool -L prints "Slot N (0xID): READER".
slot_of() {
	r=$("$LAB" reader "$1") || return 1
	p11 -L 2>/dev/null | awk -v r="$r" '
	    /^Slot [0-9]+ \(0x[0-9a-f]+\): / {
		line = $0
		sub(/^Slot [0-9]+ \(/, "", line)
		id = line; sub(/\).*$/, "", id)
		rd = line; sub(/^[^)]*\): /, "", rd)
		if (rd == r) { print id; exit }
	    }'
}

# Tries left on the card, from the emulator's state file ("pin 01 tries N").
tries_of() { "$LAB" state "$1" | awk '$1 == "pin" && $2 == "01" {print $4}'; }

# The token flags line of one slot.
flags_of() {
	p11 -L 2>/dev/null | awk -v s="$1" '
	    /^Slot / { on = index($0, "(" s ")") > 0 }
	    on && /token flags/ { sub(/^[^:]*: /, ""); print; exit }'
}

# A configuration: the test one with extra text appended or substituted.
conf_with() { # FILE SED-EXPR [APPEND-TEXT]
	sed "$2" "$base_conf" >"$1"
	[ $# -lt 3 ] || printf '%s\n' "$3" >>"$1"
}

# --- 1. the five authorities: accepted, and each signs ---------------------
printf 'bid: lot 2026-%s\n' "$$" >"$tmp/data"
for c in aosign-representative diacert-representative tdb-delegate \
    toinx-representative eprobatio-representative; do
	s=$(slot_of "$c")
	[ -n "$s" ] || { bad "$c: no slot"; continue; }
	p11 --slot "$s" --login --pin 1234 --sign -m SHA256-RSA-PKCS \
	    -i "$tmp/data" -o "$tmp/sig" >"$tmp/out" 2>&1 &&
	openssl x509 -in "$cards/$c.crt.pem" -pubkey -noout >"$tmp/pub" &&
	openssl dgst -sha256 -verify "$tmp/pub" -signature "$tmp/sig" \
	    "$tmp/data" >/dev/null 2>&1 &&
	    ok "$c: accepted, signs, OpenSSL verifies" ||
	    { bad "$c: accepted and signs"; show "$tmp/out"; }
done

# --- 2. refused cards --------------------------------------------------------
# Reasons come from the module's log: EBID_DEBUG=policy writes warnings to
# EBID_DEBUG_FILE as well.
log=$tmp/module.log
refused() { # CARD REASON-PATTERN
	c=$1
	s=$(slot_of "$c")
	[ -n "$s" ] || { bad "$c: no slot"; return; }
	before=$(tries_of "$c")
	: >"$log"
	EBID_DEBUG=policy EBID_DEBUG_FILE=$log p11 --slot "$s" -O \
	    >"$tmp/objs" 2>&1
	grep -q "Certificate Object" "$tmp/objs" &&
	    ok "$c: certificate visible" || bad "$c: certificate visible"
	EBID_DEBUG=policy EBID_DEBUG_FILE=$log p11 --slot "$s" --login \
	    --pin 1234 -O >"$tmp/objs" 2>&1
	# CKR_ACTION_PROHIBITED is 0x1B; pkcs11-tool 0.23 has no name for it
	grep -q "C_Login failed: rv = .*(0x1b)" "$tmp/objs" &&
	    ok "$c: login refused (CKR_ACTION_PROHIBITED)" ||
	    { bad "$c: login refused"; show "$tmp/objs"; }
	grep -q "Private Key Object" "$tmp/objs" &&
	    bad "$c: a private key object is offered" ||
	    ok "$c: no private key object"
	[ "$(tries_of "$c")" = "$before" ] &&
	    ok "$c: no PIN reached the card (tries left $before)" ||
	    bad "$c: the card's PIN counter moved"
	n=$(grep -c "refused: .*$2" "$log")
	[ "$n" -ge 1 ] && ok "$c: reason logged: $(grep -m1 -o "refused: .*$2" \
	    "$log" | cut -c1-150)" || { bad "$c: reason '$2'"; show "$log"; }
}
refused expired 'certificate expired on [0-9]\{4\}-[0-9][0-9]-[0-9][0-9]'
refused not-yet-valid 'certificate not valid before [0-9-]*'
refused unregistered-person 'card not registered to any bidder'
refused corporate 'corporate registry certificate: policy 1\.2\.392\.100300\.1\.3\.'

# The My Number look-alike answers the JPKI application, not ours: no
# token, and the log says why.
s=$(slot_of jpki-sign)
: >"$log"
EBID_DEBUG=policy EBID_DEBUG_FILE=$log p11 --slot "$s" -O >"$tmp/objs" 2>&1
grep -q "refused: My Number card" "$log" &&
    ok "jpki-sign: refused as a My Number card" ||
    { bad "jpki-sign: My Number reason"; show "$log"; }
grep -q "Private Key Object" "$tmp/objs" &&
    bad "jpki-sign: a private key is offered" ||
    ok "jpki-sign: no private key object"

# Once per insertion: one process reading every token logs one sentence
# per refused card.
: >"$log"
EBID_DEBUG=policy EBID_DEBUG_FILE=$log p11 -L >/dev/null 2>&1
n=$(grep -c "warning: card in \".*\" refused" "$log")
[ "$n" = 5 ] && ok "five refused cards, five log sentences" ||
    { bad "refusal sentences: $n, not 5"; show "$log"; }

# --- 3. configuration variants -----------------------------------------------
# An administrator trusts the look-alikes' CAs: the deny rules still refuse.
conf_with "$tmp/trusting.conf" 's/^pin_reserve = 2$/pin_reserve = 2/' "
[authority moj-test]
profile = reference
ca_file = $cards/ca/moj.crt.pem

[authority jpki-test]
profile = reference
ca_file = $cards/ca/jpki-sign.crt.pem"
s=$(slot_of corporate)
: >"$log"
EBID_PKCS11_CONF=$tmp/trusting.conf EBID_DEBUG=policy \
    EBID_DEBUG_FILE=$log p11 --slot "$s" -O >"$tmp/objs" 2>&1
if grep -q "refused: corporate registry certificate" "$log" &&
    ! grep -q "not a configured authority" "$log" &&
    ! grep -q "Private Key Object" "$tmp/objs"; then
	ok "corporate: refused as corporate, its CA trusted by the administrator"
else
	bad "corporate with its CA trusted"; show "$log"
fi
s=$(slot_of jpki-sign)
: >"$log"
EBID_PKCS11_CONF=$tmp/trusting.conf EBID_DEBUG=policy \
    EBID_DEBUG_FILE=$log p11 --slot "$s" -O >"$tmp/objs" 2>&1
grep -q "refused: My Number card" "$log" &&
    ok "jpki-sign: refused, its CA trusted by the administrator" ||
    { bad "jpki-sign with its CA trusted"; show "$log"; }

# An administrator's [deny] entry refuses a trusted authority's cards.
conf_with "$tmp/deny.conf" 's/^pin_reserve = 2$/pin_reserve = 2/' "
[deny old-tdb-ca]
issuer = C=JP, O=ebid-pkcs11 TEST, CN=TEST TDB*"
s=$(slot_of tdb-delegate)
: >"$log"
EBID_PKCS11_CONF=$tmp/deny.conf EBID_DEBUG=policy \
    EBID_DEBUG_FILE=$log p11 --slot "$s" -O >"$tmp/objs" 2>&1
grep -q "refused: denied by configuration.*old-tdb-ca" "$log" &&
    ! grep -q "Private Key Object" "$tmp/objs" &&
    ok "tdb-delegate: refused by the administrator's [deny old-tdb-ca]" ||
    { bad "tdb-delegate with a [deny] entry"; show "$log"; }

# Name variants: 髙橋 on the card, 高橋 in the registry.
accepted_in() { # CONF CARD -> 0 if the card's private key is offered
	s=$(slot_of "$2")
	EBID_PKCS11_CONF=$1 p11 --slot "$s" --login --pin 1234 -O \
	    >"$tmp/objs" 2>&1
	grep -q "Private Key Object" "$tmp/objs"
}
accepted_in "$base_conf" variant-kanji &&
    ok "variant-kanji: 髙橋 matches 高橋 with the variant table" ||
    { bad "variant-kanji with the table"; show "$tmp/objs"; }
conf_with "$tmp/novariants.conf" '/^variants = /d'
accepted_in "$tmp/novariants.conf" variant-kanji &&
    bad "variant-kanji accepted without the variant table" ||
    ok "variant-kanji: refused without the variant table"
# The registry writes 伊藤 健二 with an ASCII space; the card has U+3000.
accepted_in "$tmp/novariants.conf" toinx-representative &&
    ok "toinx-representative: U+3000 on the card matches a space" ||
    bad "toinx-representative: space variants"

# The strict local rule: only the delegate once one is registered.
conf_with "$tmp/strict.conf" 's/^binding = national$/binding = local-strict/'
accepted_in "$tmp/strict.conf" aosign-delegate &&
    ok "strict rule: the delegate is accepted" ||
    bad "strict rule: delegate"
accepted_in "$tmp/strict.conf" aosign-representative &&
    bad "strict rule: the representative (a delegate exists) accepted" ||
    ok "strict rule: the representative is refused (a delegate exists)"
accepted_in "$base_conf" aosign-representative &&
    ok "national rule: the representative is accepted" ||
    bad "national rule: representative"
accepted_in "$base_conf" aosign-delegate &&
    ok "national rule: the delegate is accepted" ||
    bad "national rule: delegate"

# --- 4. the PIN guard ---------------------------------------------------------
# aosign-delegate: AOSign locks after 10 wrong PINs; reserve 2.
c=aosign-delegate
s=$(slot_of "$c")
p11 --slot "$s" --login --pin 1234 -O >/dev/null 2>&1	# a good start
[ "$(tries_of "$c")" = 10 ] && ok "guard: $c starts with 10 tries" ||
    bad "guard: $c starts with $(tries_of "$c") tries"
p11 --slot "$s" --login --pin 0000 -O >"$tmp/out" 2>&1
grep -q CKR_PIN_INCORRECT "$tmp/out" && [ "$(tries_of "$c")" = 9 ] &&
    ok "guard: one wrong PIN: CKR_PIN_INCORRECT, 9 tries left" ||
    { bad "guard: one wrong PIN"; show "$tmp/out"; }
f=$(flags_of "$s")
case $f in
*"count low"*) ok "guard: flags after one wrong PIN: $f" ;;
*) bad "guard: flags after one wrong PIN: $f" ;;
esac
p11 --slot "$s" --login --pin 1234 -O >/dev/null 2>&1
f=$(flags_of "$s")
[ "$(tries_of "$c")" = 10 ] && case $f in *"count low"*) false ;; esac &&
    ok "guard: a correct PIN resets the count (10 tries, flags: $f)" ||
    bad "guard: reset ($(tries_of "$c") tries, flags: $f)"

# Seven wrong PINs, one at a time: 3 tries left, one more and the guard
# holds: CKF_USER_PIN_FINAL_TRY.
i=0
while [ $i -lt 7 ]; do
	p11 --slot "$s" --login --pin 0000 -O >/dev/null 2>&1
	i=$((i + 1))
done
f=$(flags_of "$s")
case "$(tries_of "$c") $f" in
"3 "*"final user PIN try"*) ok "guard: 3 tries left: $f" ;;
*) bad "guard: after 7 wrong PINs: $(tries_of "$c") tries, flags $f" ;;
esac
p11 --slot "$s" --login --pin 1234 -O >/dev/null 2>&1
[ "$(tries_of "$c")" = 10 ] && ok "guard: a correct PIN resets 3 to 10" ||
    bad "guard: reset from 3: $(tries_of "$c")"

# Twelve processes at once, each with a wrong PIN.
i=0
while [ $i -lt 12 ]; do
	p11 --slot "$s" --login --pin 0000 -O >"$tmp/par.$i" 2>&1 &
	i=$((i + 1))
done
wait
left=$(tries_of "$c")
incorrect=$(cat "$tmp"/par.* | grep -c CKR_PIN_INCORRECT)
locked=$(cat "$tmp"/par.* | grep -c CKR_PIN_LOCKED)
[ "$left" = 2 ] && ok "guard: 12 parallel wrong PINs left the card at 2 tries (the reserve), never locked" ||
    bad "guard: 12 parallel wrong PINs left $left tries"
[ "$incorrect" = 8 ] && [ "$locked" = 4 ] &&
    ok "guard: 8 answered CKR_PIN_INCORRECT, 4 CKR_PIN_LOCKED without a VERIFY" ||
    bad "guard: $incorrect incorrect, $locked locked (want 8 and 4)"
f=$(flags_of "$s")
case $f in
*"user PIN locked"*) ok "guard: flags when the guard holds: $f" ;;
*) bad "guard: flags when the guard holds: $f" ;;
esac
p11 --slot "$s" --login --pin 1234 -O >"$tmp/out" 2>&1
grep -q CKR_PIN_LOCKED "$tmp/out" && [ "$(tries_of "$c")" = 2 ] &&
    ok "guard: even a correct PIN is not sent once the guard holds" ||
    { bad "guard: PIN sent while the guard holds"; show "$tmp/out"; }

# A profile whose card does not tell its tries (pin_status = counter): the
# module counts wrong PINs itself, in a per-card file shared by every
# process of the user.  eprobatio-representative: 8 tries (TEST value).
c=eprobatio-representative
s=$(slot_of "$c")
mkdir "$tmp/state"
conf_with "$tmp/counter.conf" "s|^pin_reserve = 2\$|pin_reserve = 2\\
pin_state_dir = $tmp/state|; s|^always_authenticate = no\$|always_authenticate = no\\
pin_status = counter|"
serial=$(p11 -L 2>/dev/null | awk -v s="($s)" '
    index($0, s) { on = 1 } on && /serial num/ { print $4; exit }')
# The count file is named by the authority and the serial (pinfile.h).
count() { cat "$tmp/state/eprobatio-$serial.count" 2>/dev/null || echo none; }
cp11() { EBID_PKCS11_CONF=$tmp/counter.conf p11 --slot "$s" "$@"; }
cp11 --login --pin 0000 -O >"$tmp/out" 2>&1
[ "$(count)" = 1 ] && [ "$(tries_of "$c")" = 7 ] &&
    grep -q CKR_PIN_INCORRECT "$tmp/out" &&
    ok "counter: a wrong PIN is counted in eprobatio-$serial.count (1; card 7)" ||
    { bad "counter: first wrong PIN: count $(count), card $(tries_of "$c")"
    show "$tmp/out"; }
cp11 --login --pin 1234 -O >/dev/null 2>&1
[ "$(count)" = 0 ] && ok "counter: a correct PIN resets the count to 0" ||
    bad "counter: reset gave $(count)"
i=0
while [ $i -lt 8 ]; do
	cp11 --login --pin 0000 -O >"$tmp/par.c$i" 2>&1 &
	i=$((i + 1))
done
wait
locked=$(cat "$tmp"/par.c* | grep -c CKR_PIN_LOCKED)
[ "$(count)" = 6 ] && [ "$(tries_of "$c")" = 2 ] && [ "$locked" = 2 ] &&
    ok "counter: 8 parallel wrong PINs: 6 counted, 2 refused by the guard, card at 2" ||
    bad "counter: parallel: count $(count), card $(tries_of "$c"), $locked refused"
f=$(EBID_PKCS11_CONF=$tmp/counter.conf && export EBID_PKCS11_CONF &&
    flags_of "$s")
case $f in
*"user PIN locked"*) ok "counter: flags when the guard holds: $f" ;;
*) bad "counter: flags when the guard holds: $f" ;;
esac

echo "policy.sh: $passes passed, $fails failed"
[ "$fails" = 0 ]
