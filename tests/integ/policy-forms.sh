#!/bin/sh
# policy-forms.sh MODULE CARDDIR - certificate policies set the way
# ebid-tool(1) and ebid-pkcs11.conf(5) tell an administrator to set them,
# on the lab's cards through pcscd (tests/integ/lab.sh starts them all):
#   1. every authority's policy given as an exact OID with
#      "ebid-tool trust policy ID OID": every good card is accepted by
#      "ebid-tool readers" and, through OpenSC's pkcs11-tool on the
#      module, logs in, signs and verifies with the certificate read
#      from the token;
#   2. the same with the descendants form "OID." of each authority's arc;
#   3. an exact OID whose child the card carries: refused, for the policy,
#      by the tool and the module alike; the other authorities unaffected.
# EBID_PKCS11_CONF is lab.sh's test configuration (ebid-lab testconf);
# the test works on a copy with its policies lines taken out, as a new
# administrator's file has none.  Prints ok / not ok; exits 1 on a failure.
set -u

mod=$1
cards=$2
LAB=${EBID_TEST_LAB:?EBID_TEST_LAB: the ebid-lab command}
TOOL=${EBID_TEST_BUILDDIR:?EBID_TEST_BUILDDIR}/src/tool/ebid-tool
base_conf=${EBID_PKCS11_CONF:?EBID_PKCS11_CONF: the test configuration}
tmp=$(mktemp -d /tmp/ebid-forms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
ok() { echo "ok - $*"; passes=$((passes + 1)); }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
show() { sed -n '1,20p' "$1" | sed 's/^/# /'; }
conf=$tmp/ebid-pkcs11.conf
export EBID_PKCS11_CONF="$conf"
T() { "$TOOL" -c "$conf" "$@"; }
p11() { pkcs11-tool --module "$mod" "$@"; }

command -v python3 >/dev/null 2>&1 || { bad "python3 is needed"; exit 1; }
grep -v '^policies = ' "$base_conf" >"$conf" || exit 1

# The test authorities' policy arcs (ebid-lab-mkcards: TEST_ARC.<n>.1).
ARC=1.3.6.1.4.1.32473.1
AUTHS="aosign:1 diacert:2 tdb:3 toinx:4 eprobatio:5"
GOOD="aosign-representative diacert-representative tdb-delegate
toinx-representative eprobatio-representative toinx-rsa4096"

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

# verdict CARD: "accepted", or the reason kinds "policy,..." of readers.
verdict() {
	python3 - "$tmp/readers.json" "$("$LAB" reader "$1")" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for r in doc["readers"]:
    if r.get("reader") != sys.argv[2]:
        continue
    v = r.get("verdict") or {}
    if v.get("accepted"):
        print("accepted")
    else:
        print(",".join(x.get("kind", "?") for x in v.get("reasons", [])))
    break
else:
    print("absent")
PY
}

# signs CARD: login, SHA256-RSA-PKCS, verified with the token's certificate.
signs() {
	s=$(slot_of "$1")
	[ -n "$s" ] || return 1
	id=$(p11 --slot "$s" -O --type cert 2>/dev/null |
	    awk '$1 == "ID:" { print $2; exit }')
	[ -n "$id" ] || { echo "no certificate on the token" >"$tmp/out"
	    return 1; }
	p11 --slot "$s" --read-object --type cert --id "$id" \
	    -o "$tmp/cert.der" >"$tmp/out" 2>&1 &&
	openssl x509 -inform DER -in "$tmp/cert.der" -pubkey -noout \
	    >"$tmp/pub" &&
	p11 --slot "$s" --login --pin 1234 --sign -m SHA256-RSA-PKCS \
	    -i "$tmp/data" -o "$tmp/sig" >"$tmp/out" 2>&1 &&
	openssl dgst -sha256 -verify "$tmp/pub" -signature "$tmp/sig" \
	    "$tmp/data" >/dev/null 2>&1
}

set_all() { # SUFFIX: each authority's arc + SUFFIX, through ebid-tool
	for a in $AUTHS; do
		id=${a%%:*} n=${a#*:}
		T trust policy "$id" "$ARC.$n$1" >"$tmp/set.out" 2>&1 ||
		    { bad "trust policy $id $ARC.$n$1"; show "$tmp/set.out"; }
	done
}

check_all() { # FORM
	T --json readers >"$tmp/readers.json" 2>"$tmp/readers.err" ||
	    { bad "$1: ebid-tool readers"; show "$tmp/readers.err"; return; }
	for c in $GOOD; do
		v=$(verdict "$c")
		[ "$v" = accepted ] && ok "$1: $c accepted by ebid-tool readers" ||
		    bad "$1: $c: ebid-tool readers says $v"
		signs "$c" && ok "$1: $c logs in, signs, verifies (pkcs11-tool)" ||
		    { bad "$1: $c through pkcs11-tool"; show "$tmp/out"; }
	done
}

printf 'bid: lot 2026-%s\n' "$$" >"$tmp/data"

# --- 1. exact OIDs, written as a CA publishes them ----------------------------
set_all .1
grep -q "^policies = $ARC\.1\.1\$" "$conf" &&
    ok "exact: ebid-tool wrote the OID as given" ||
    { bad "exact: the configuration"; grep -n policies "$conf"; }
T --json trust show aosign >"$tmp/show.json" 2>&1 &&
    grep -q '"exact"' "$tmp/show.json" &&
    ok "exact: trust show says exact" ||
    { bad "exact: trust show"; show "$tmp/show.json"; }
check_all exact

# --- 2. the descendants form -------------------------------------------------
set_all .
grep -q "^policies = $ARC\.1\.\$" "$conf" &&
    ok "descendants: ebid-tool kept the trailing dot" ||
    { bad "descendants: the configuration"; grep -n policies "$conf"; }
check_all descendants

# --- 3. an exact OID is not a prefix ------------------------------------------
# aosign's cards carry ARC.1.1: an exact ARC.1 must not accept them.
set_all .1
T trust policy aosign "$ARC.1" >"$tmp/set.out" 2>&1 ||
    { bad "trust policy aosign $ARC.1"; show "$tmp/set.out"; }
T --json readers >"$tmp/readers.json" 2>/dev/null
v=$(verdict aosign-representative)
[ "$v" = policy ] && ok "child of an exact OID: refused by ebid-tool (policy)" ||
    bad "child of an exact OID: ebid-tool says $v"
s=$(slot_of aosign-representative)
if p11 --slot "$s" -O 2>/dev/null | grep -q 'Private Key Object'; then
	bad "child of an exact OID: the module offers the private key"
else
	ok "child of an exact OID: refused by the module (no private key)"
fi
label=$(p11 -L 2>/dev/null | awk -v s="($s)" '
    /^Slot / { on = index($0, s) > 0 }
    on && /token label/ { sub(/^[^:]*: /, ""); print; exit }')
case $label in
使用不可*) ok "child of an exact OID: the token is labelled 使用不可" ;;
*) bad "child of an exact OID: token label '$label'" ;;
esac
v=$(verdict diacert-representative)
[ "$v" = accepted ] && ok "the other authorities still accept" ||
    bad "diacert-representative: $v"

echo "policy-forms: $passes passed, $fails failed"
[ "$fails" = 0 ]
