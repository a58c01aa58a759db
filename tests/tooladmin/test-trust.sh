#!/bin/sh
# test-trust.sh - ebid-tool trust: list, show, add (a new authority, a
# second CA for an existing one; JPKI and Ministry of Justice CAs, a
# non-CA and an expired CA refused), remove (one CA, a whole authority),
# a malformed configuration never overwritten, a read-only directory.
. "$(dirname "$0")/common.sh"
mklab
setup
L=$lab
JPKI_REAL=${JPKI_CA_DIR:-$srcdir/../shared/data/jpki-ca}

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
	echo "# SKIP real JPKI CAs: $JPKI_REAL not found"
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
else
	echo "# SKIP read-only test: unshare -m not permitted here"
fi

finish
