#!/bin/sh
# test-trust.sh - ebid-tool trust: list, show, add (a new authority, a
# second CA for an existing one; JPKI and Ministry of Justice CAs, a
# non-CA and an expired CA refused), remove (one CA, a whole authority),
# a malformed configuration never overwritten, a read-only directory;
# issue 10: bundles installed all or none, files that are not only
# certificates refused, trust policy with exact and prefix OIDs.
. "$(dirname "$0")/common.sh"
mklab
setup
L=$lab
# the public J-LIS CA certificates, as the corpus test keeps them
JPKI_REAL=${JPKI_CA_DIR:-$srcdir/tests/corpus/jpki-ca}

mkca() {	# NAME SUBJECT [extra openssl req options]
	n=$1 s=$2
	shift 2
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$work/$n.key" -out "$work/$n.crt" -days 3650 -subj "$s" \
	    -addext basicConstraints=critical,CA:TRUE "$@" 2>/dev/null
}
mkca newca "/C=JP/O=ebid-pkcs11 TEST/CN=TEST New CA" || exit 99
mkca second "/C=JP/O=ebid-pkcs11 TEST/CN=TEST AOSign CA 2" || exit 99
openssl x509 -in "$work/second.crt" -outform DER -out "$work/second.der"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$work/leaf.key" -out "$work/leaf.crt" -days 30 \
    -subj "/CN=not a CA" -addext basicConstraints=critical,CA:FALSE \
    2>/dev/null || exit 99
AOSIGN_FP=$(fp "$L/ca/aosign.crt.pem")
NEW_FP=$(fp "$work/newca.crt")
SECOND_FP=$(fp "$work/second.crt")

echo "# list, show"
run 0 "list" trust list
has "list aosign" "$out" "AOSignサービス"
has "list fingerprint" "$out" "$AOSIGN_FP"
has "list lock count" "$out" "PIN lock count: 10"
run 0 "list --json" --json trust list
json_ok "list json" "$out"
has "list json" "$out" '"pin_lock_count": null'
run 0 "show" trust show aosign
has "show deny" "$out" "1.2.392.200149.8.5.1."
has "show deny corp" "$out" "1.2.392.100300.1.3."
has "show binding" "$out" "name binding: national"
has "show reserve" "$out" "PIN tries never spent: 2"
run 0 "show --json" --json trust show tdb
json_ok "show json" "$out"
run 1 "show: unknown authority" trust show nosuch

echo "# add: refused CAs"
run 1 "add: JPKI look-alike signature CA" trust add jpki "$L/ca/jpki-sign.crt.pem"
has "jpki" "$err" "My Number card"
run 1 "add: JPKI look-alike authentication CA" trust add jpki \
    "$L/ca/jpki-auth.crt.pem"
has "jpki auth" "$err" "My Number card"
run 1 "add: Ministry of Justice look-alike CA" trust add moj "$L/ca/moj.crt.pem"
has "moj" "$err" "corporate registry"
if [ -d "$JPKI_REAL" ]; then
	for f in "$JPKI_REAL"/*.pem; do
		run 1 "add: real JPKI CA $(basename "$f")" trust add aosign "$f"
		has "real jpki" "$err" "My Number card"
	done
else
	missing_part "real JPKI CAs: $JPKI_REAL not found" || fails=$((fails + 1))
fi
run 1 "add: not a CA" trust add aosign "$work/leaf.crt"
has "not a CA" "$err" "basicConstraints"
run 1 "add: a card certificate" trust add aosign "$L/aosign-representative.crt.pem"
run 2 "add: not a certificate" trust add aosign "$conf"
run 2 "add: bad authority name" trust add "No Such" "$work/newca.crt"
run 2 "add: missing argument" trust add aosign
[ ! -e "$work/cas/jpki.pem" ] && [ ! -e "$work/cas/moj.pem" ] &&
    ! grep -q 'authority jpki\|authority moj' "$conf" &&
    echo "ok - refused CAs left no trace" ||
    { echo "FAIL: a refused CA was written"; fails=$((fails + 1)); }

echo "# add"
cp "$conf" "$work/conf.orig"
run 0 "add: new authority" trust add newca "$work/newca.crt" \
    --name-ja "新認証局" --name-en "New CA" --lock-count 5 \
    --policy 1.3.6.1.4.1.32473.9.
has "new section" "$(cat "$conf")" '^\[authority newca\]$'
has "new names" "$(cat "$conf")" '^name_ja = 新認証局$'
has "new policy" "$(cat "$conf")" '^policies = 1.3.6.1.4.1.32473.9.$'
[ -f "$work/ebid.conf~" ] && echo "ok - conf backup kept" ||
    { echo "FAIL: no conf backup"; fails=$((fails + 1)); }
run 0 "show the new authority" trust show newca
has "new fp" "$out" "$NEW_FP"
has "new lock" "$out" "PIN lock count: 5"
run 0 "add: the same again is a no-op" trust add newca "$work/newca.crt"
has "noop" "$out" "already trusted"
run 2 "add: options for an existing authority" trust add newca \
    "$work/second.crt" --lock-count 3
run 0 "add: second CA (DER) to aosign" trust add aosign "$work/second.der"
run 0 "show aosign: two CAs" trust show aosign
has "two 1" "$out" "$AOSIGN_FP"
has "two 2" "$out" "$SECOND_FP"
[ "$(grep -c 'BEGIN CERTIFICATE' "$work/cas/aosign.pem")" -eq 2 ] &&
    echo "ok - bundle holds two certificates" ||
    { echo "FAIL: bundle"; fails=$((fails + 1)); }
run 0 "add --json" --json trust add newca "$work/newca.crt"
json_ok "add json" "$out"

echo "# remove"
run 1 "remove: unknown fingerprint" trust remove aosign \
    --fingerprint "$NEW_FP"
run 2 "remove: bad fingerprint" trust remove aosign --fingerprint xyz
run 0 "remove one CA" trust remove aosign --fingerprint "$SECOND_FP"
run 0 "show after remove" trust show aosign
hasnot "second gone" "$out" "$SECOND_FP"
has "first kept" "$out" "$AOSIGN_FP"
run 0 "remove an authority" trust remove newca
hasnot "section gone" "$(cat "$conf")" 'authority newca'
[ ! -e "$work/cas/newca.pem" ] && echo "ok - bundle removed" ||
    { echo "FAIL: bundle left"; fails=$((fails + 1)); }
if cmp -s "$conf" "$work/conf.orig"; then
	echo "ok - add then remove gives back the same file"
else
	echo "FAIL: conf differs after add and remove"
	diff "$work/conf.orig" "$conf"
	fails=$((fails + 1))
fi
run 1 "remove: unknown authority" trust remove newca
run 0 "remove the last CA of a ca_dir authority" trust remove eprobatio \
    --fingerprint "$(fp "$L/ca/eprobatio.crt.pem")"
[ ! -e "$work/cas/eprobatio.pem" ] && echo "ok - empty bundle removed" ||
    { echo "FAIL: empty bundle left"; fails=$((fails + 1)); }
run 0 "list after removals" trust list

echo "# authority with its own ca_file, configuration without ca_dir"
cp "$work/conf.orig" "$conf"
sed -i '/^ca_dir = cas$/d' "$conf"
printf '\n[authority own]\nname_ja = 自前\nname_en = Own\nprofile = reference\nca_file = cas/aosign.pem\n' >>"$conf"
run 0 "add to ca_file" trust add own "$work/second.crt"
[ "$(grep -c 'BEGIN CERTIFICATE' "$work/cas/aosign.pem")" -eq 2 ] &&
    echo "ok - appended to ca_file" ||
    { echo "FAIL: ca_file"; fails=$((fails + 1)); }
run 3 "add to an authority with no ca_file and no ca_dir" trust add tdb \
    "$work/newca.crt"
run 0 "new authority without ca_dir gets ca_file" trust add newca \
    "$work/newca.crt"
has "ca_file" "$(cat "$conf")" '^ca_file = newca.pem$'
[ -f "$work/newca.pem" ] && echo "ok - newca.pem next to the conf" ||
    { echo "FAIL: newca.pem"; fails=$((fails + 1)); }
run 0 "remove own's second CA" trust remove own --fingerprint "$SECOND_FP"
run 1 "remove own's last CA (ca_file)" trust remove own \
    --fingerprint "$AOSIGN_FP"
has "last" "$err" "remove the authority instead"

echo "# malformed files never overwritten"
cp "$work/conf.orig" "$conf"
printf 'this is not a key line\n' >>"$conf"
cp "$conf" "$work/conf.bad"
run 3 "add with a malformed configuration" trust add newca "$work/newca.crt"
cmp -s "$conf" "$work/conf.bad" && echo "ok - malformed conf unchanged" ||
    { echo "FAIL: malformed conf changed"; fails=$((fails + 1)); }
run 3 "remove with a malformed configuration" trust remove aosign
cmp -s "$conf" "$work/conf.bad" && echo "ok - malformed conf unchanged" ||
    { echo "FAIL: malformed conf changed"; fails=$((fails + 1)); }
cp "$work/conf.orig" "$conf"
printf -- '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' \
    >>"$work/cas/toinx.pem"
cp "$work/cas/toinx.pem" "$work/toinx.bad"
run 3 "add to a malformed bundle" trust add toinx "$work/second.crt"
cmp -s "$work/cas/toinx.pem" "$work/toinx.bad" &&
    echo "ok - malformed bundle unchanged" ||
    { echo "FAIL: malformed bundle changed"; fails=$((fails + 1)); }

echo "# 8 concurrent trust add runs"
cp "$work/conf.orig" "$conf"
i=1
while [ $i -le 8 ]; do
	mkca "par$i" "/C=JP/O=ebid-pkcs11 TEST/CN=TEST Parallel CA $i" ||
	    exit 99
	i=$((i + 1))
done
i=1
while [ $i -le 8 ]; do
	( "$drv" -c "$conf" trust add "par$i" "$work/par$i.crt" \
	    >"$work/par.$i" 2>&1; echo $? >"$work/rc.$i" ) &
	i=$((i + 1))
done
wait
pfail=$(cat "$work"/rc.* | grep -vc '^0$')
n=$(grep -c '^\[authority par[1-8]\]$' "$conf")
[ "$pfail" -eq 0 ] && [ "$n" -eq 8 ] &&
    echo "ok - 8 concurrent runs: every authority added" ||
    { echo "FAIL: concurrent trust add: $pfail failed, $n sections";
    cat "$work"/par.*; fails=$((fails + 1)); }
run 0 "configuration loads after concurrent runs" trust list
cp "$work/conf.orig" "$conf"


echo "# bundles (issue 10): all or none"
JPKI_COPY=$srcdir/tests/policy/data/sign_ca_2023.pem
mkca root "/C=JP/O=ebid-pkcs11 TEST/CN=TEST Bundle Root" || exit 99
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$work/inter.key" -out "$work/inter.csr" \
    -subj "/C=JP/O=ebid-pkcs11 TEST/CN=TEST Bundle Intermediate" 2>/dev/null &&
printf 'basicConstraints=critical,CA:TRUE\n' >"$work/inter.ext" &&
openssl x509 -req -in "$work/inter.csr" -CA "$work/root.crt" \
    -CAkey "$work/root.key" -CAcreateserial -days 3650 \
    -extfile "$work/inter.ext" -out "$work/inter.crt" 2>/dev/null || exit 99
cat "$work/root.crt" "$work/inter.crt" >"$work/chain.pem"
ROOT_FP=$(fp "$work/root.crt")
INTER_FP=$(fp "$work/inter.crt")
cp "$work/conf.orig" "$conf"
cp "$L/ca/toinx.crt.pem" "$work/cas/toinx.pem"
run 0 "add: root + intermediate bundle" trust add toinx "$work/chain.pem"
has "bundle count" "$out" "certificates in the file: 2"
has "bundle added" "$out" "certificates added: 2"
[ "$(grep -c 'BEGIN CERTIFICATE' "$work/cas/toinx.pem")" -eq 3 ] &&
    echo "ok - both bundle certificates installed" ||
    { echo "FAIL: bundle: not both installed"; fails=$((fails + 1)); }
run 0 "show: both listed" trust show toinx
has "root listed" "$out" "$ROOT_FP"
has "intermediate listed" "$out" "$INTER_FP"
run 0 "add: the same bundle again" trust add toinx "$work/chain.pem"
has "present" "$out" "already trusted"
has "none added" "$out" "certificates added: 0"
[ "$(grep -c 'BEGIN CERTIFICATE' "$work/cas/toinx.pem")" -eq 3 ] &&
    echo "ok - re-adding duplicates nothing" ||
    { echo "FAIL: re-add duplicated"; fails=$((fails + 1)); }
run 0 "add --json: verdicts" --json trust add toinx "$work/chain.pem"
json_ok "add bundle json" "$out"
has "json verdict" "$out" '"verdict": "present"'
for j in "$JPKI_COPY" ${JPKI_REAL:+"$JPKI_REAL"/sign_ca_2023.pem}; do
	[ -f "$j" ] || continue
	cat "$work/newca.crt" "$j" >"$work/mixed.pem"
	cp "$work/cas/toinx.pem" "$work/toinx.before"
	cp "$conf" "$work/conf.before"
	run 1 "add: good CA + real My Number CA ($j)" trust add toinx \
	    "$work/mixed.pem"
	has "mixed reason" "$err" "My Number card"
	has "mixed whole" "$err" "refused as a whole"
	cmp -s "$work/cas/toinx.pem" "$work/toinx.before" &&
	    cmp -s "$conf" "$work/conf.before" &&
	    echo "ok - mixed bundle: bundle and conf byte-identical" ||
	    { echo "FAIL: mixed bundle wrote"; fails=$((fails + 1)); }
	run 1 "add: mixed bundle to a new authority" trust add mixed \
	    "$work/mixed.pem"
	[ ! -e "$work/cas/mixed.pem" ] && ! grep -q 'authority mixed' "$conf" &&
	    echo "ok - no trace of the refused new authority" ||
	    { echo "FAIL: refused authority left a trace"; fails=$((fails + 1)); }
done
cat "$work/newca.crt" "$work/leaf.crt" >"$work/withleaf.pem"
run 1 "add: bundle with a non-CA" trust add toinx "$work/withleaf.pem"
has "leaf reason" "$err" "basicConstraints"
openssl x509 -in "$work/newca.crt" -outform DER -out "$work/newca.der"
run 0 "add: single DER" trust add toinx "$work/newca.der"
has "der added" "$out" "certificates added: 1"
printf 'garbage\n' | cat "$work/newca.crt" - >"$work/garbage.pem"
run 2 "add: garbage after a PEM block" trust add toinx "$work/garbage.pem"
has "garbage line" "$err" "garbage.pem:[0-9]+: text outside"
cat "$work/second.crt" "$work/second.key" >"$work/withkey.pem"
run 2 "add: a PEM private key in the file" trust add toinx "$work/withkey.pem"
has "key" "$err" "private key"
: >"$work/empty.pem"
run 2 "add: empty file" trust add toinx "$work/empty.pem"
has "empty" "$err" "empty"
head -c 2000000 /dev/zero | tr '\0' 'A' >"$work/huge.pem"
run 2 "add: huge file" trust add toinx "$work/huge.pem"
has "huge" "$err" "too large"

echo "# trust policy (issue 10): a shipped authority, exact and prefix"
cp "$work/conf.orig" "$conf"
run 0 "policy: exact and prefix on a shipped authority" trust policy \
    aosign 1.2.392.1.2 1.2.392.1.
has "conf line" "$(cat "$conf")" '^policies = 1\.2\.392\.1\.2 1\.2\.392\.1\.$'
run 0 "show: forms" trust show aosign
has "exact form" "$out" "1\.2\.392\.1\.2 \(exactly this OID\)"
has "prefix form" "$out" "1\.2\.392\.1\. \(any OID under 1\.2\.392\.1\)"
run 0 "show --json: forms" --json trust show aosign
json_ok "policy json" "$out"
printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["policies"] == [{"oid": "1.2.392.1.2", "match": "exact"},
    {"oid": "1.2.392.1", "match": "descendants"}], d["policies"]
assert d["any_policy"] is False
' && echo "ok - JSON policies with their match" ||
    { echo "FAIL: JSON policies"; fails=$((fails + 1)); }
run 0 "policy: replace" trust policy aosign 1.2.392.7
has "replaced" "$(cat "$conf")" '^policies = 1\.2\.392\.7$'
[ "$(grep -c '^policies' "$conf")" -eq 1 ] && echo "ok - one policies line" ||
    { echo "FAIL: policies lines"; fails=$((fails + 1)); }
cp "$conf" "$work/conf.before"
run 2 "policy: invalid OID" trust policy aosign 1.2.x
run 2 "policy: leading zero" trust policy aosign 1.02.3
run 2 "policy: nothing" trust policy aosign
run 1 "policy: a JPKI policy" trust policy aosign 1.2.392.200149.8.5.1.1.20
run 1 "policy: unknown authority is not created" trust policy nosuch 1.2.3
cmp -s "$conf" "$work/conf.before" &&
    echo "ok - refused policies wrote nothing" ||
    { echo "FAIL: a refused policy changed the conf"; fails=$((fails + 1)); }
run 0 "policy --clear" trust policy aosign --clear
cmp -s "$conf" "$work/conf.orig" &&
    echo "ok - set then clear gives back the same file" ||
    { echo "FAIL: conf differs after policy --clear";
    diff "$work/conf.orig" "$conf"; fails=$((fails + 1)); }
run 2 "add --policy on an existing authority points to trust policy" \
    trust add aosign "$work/newca.crt" --policy 1.2.3
has "hint" "$err" "trust policy"
cp "$work/conf.orig" "$conf"

echo "# read-only directory"
cp "$L/ca/toinx.crt.pem" "$work/cas/toinx.pem"
if unshare -m true 2>/dev/null; then
	cp "$conf" "$work/conf.before"
	ntest=$((ntest + 1))
	unshare -m sh -c "mount --bind '$work' '$work' &&
	    mount -o remount,bind,ro '$work' &&
	    exec '$drv' -c '$conf' trust add newca '$work/newca.crt'" \
	    >"$work/../ro.out.$$" 2>&1
	rc=$?
	if [ $rc -eq 5 ] && cmp -s "$conf" "$work/conf.before" &&
	    [ ! -e "$work/cas/newca.pem" ]; then
		echo "ok $ntest - read-only directory: exit 5, nothing changed"
	else
		echo "FAIL: read-only directory: exit $rc"
		cat "$work/../ro.out.$$"
		fails=$((fails + 1))
	fi
	rm -f "$work/../ro.out.$$"
	ntest=$((ntest + 1))
	unshare -m sh -c "mount --bind '$work' '$work' &&
	    mount -o remount,bind,ro '$work' &&
	    exec '$drv' -c '$conf' trust policy aosign 1.2.3" >/dev/null 2>&1
	rc=$?
	if [ $rc -eq 5 ] && cmp -s "$conf" "$work/conf.before"; then
		echo "ok $ntest - read-only directory: trust policy exit 5"
	else
		echo "FAIL: read-only directory: trust policy exit $rc"
		fails=$((fails + 1))
	fi
else
	missing_part "read-only test: unshare -m not permitted here" ||
	    fails=$((fails + 1))
fi

finish
