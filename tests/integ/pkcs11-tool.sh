#!/bin/sh
# pkcs11-tool.sh MODULE CARDDIR - OpenSC's pkcs11-tool drives our module
# against the lab's cards: info, slots, objects, a signature with every
# mechanism (each verified by OpenSSL against the certificate read from
# the token), a wrong PIN, and pkcs11-tool's own --test, --test-threads
# and --test-fork.  The lab must hold aosign-representative (RSA-2048)
# and toinx-rsa4096.
set -u

mod=$1
cards=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
p11() { pkcs11-tool --module "$mod" "$@"; }

p11 -I >"$tmp/info" 2>&1 && grep -q "ebid-pkcs11" "$tmp/info" &&
    ok "-I names the module" || bad "-I"
p11 -L >"$tmp/slots" 2>&1
grep -q "token label *: 山田　太郎" "$tmp/slots" &&
    ok "-L shows the holder's name as token label" || bad "-L label"
grep -q "serial num *: 4542494400000001" "$tmp/slots" &&
    ok "-L shows the card serial" || bad "-L serial"
grep -q "token manufacturer *: AOSignサービス" "$tmp/slots" &&
    ok "-L names the authority that issued the card" ||
    bad "-L manufacturer"

for label in "山田　太郎" "中村　大輔"; do
	p11 --token-label "$label" -O >"$tmp/objs" 2>&1
	[ "$(grep -c 'Certificate Object' "$tmp/objs")" -ge 1 ] &&
	    ok "-O before login lists certificates ($label)" ||
	    bad "-O certificates ($label)"
	grep -q "Private Key Object" "$tmp/objs" &&
	    bad "private key visible before login ($label)" ||
	    ok "no private key object before login ($label)"
	p11 --token-label "$label" --login --pin 1234 -O >"$tmp/objs" 2>&1
	grep -q "Private Key Object" "$tmp/objs" &&
	    ok "private key listed after login ($label)" ||
	    bad "private key after login ($label)"
	id=$(awk '/Private Key Object/{k=1} k && /ID:/{print $2; exit}' \
	    "$tmp/objs")
	p11 --token-label "$label" --read-object --type cert --id "$id" \
	    -o "$tmp/cert.der" >/dev/null 2>&1 &&
	    ok "certificate with the key's CKA_ID read ($label)" ||
	    bad "certificate by key id ($label)"
	openssl x509 -inform DER -in "$tmp/cert.der" -pubkey -noout \
	    >"$tmp/pub.pem" 2>/dev/null
	printf 'bid for lot %s\n' "$label" >"$tmp/data"
	for m in SHA1 SHA256 SHA384 SHA512; do
		p11 --token-label "$label" --login --pin 1234 --sign \
		    --id "$id" -m "$m-RSA-PKCS" -i "$tmp/data" \
		    -o "$tmp/sig" >/dev/null 2>&1 &&
		openssl dgst "-$(echo $m | tr A-Z a-z)" -verify "$tmp/pub.pem" \
		    -signature "$tmp/sig" "$tmp/data" >/dev/null 2>&1 &&
		    ok "$m-RSA-PKCS signature verifies ($label)" ||
		    bad "$m-RSA-PKCS ($label)"
	done
	# CKM_RSA_PKCS over a DigestInfo the caller built
	openssl dgst -sha256 -binary "$tmp/data" >"$tmp/md"
	printf '\060\061\060\015\006\011\140\206\110\001\145\003\004\002\001\005\000\004\040' \
	    | cat - "$tmp/md" >"$tmp/di"
	p11 --token-label "$label" --login --pin 1234 --sign --id "$id" \
	    -m RSA-PKCS -i "$tmp/di" -o "$tmp/sig" >/dev/null 2>&1 &&
	openssl dgst -sha256 -verify "$tmp/pub.pem" -signature "$tmp/sig" \
	    "$tmp/data" >/dev/null 2>&1 &&
	    ok "RSA-PKCS over a DigestInfo verifies ($label)" ||
	    bad "RSA-PKCS ($label)"
done

p11 --token-label "山田　太郎" --login --pin 9999 -O >"$tmp/w" 2>&1
grep -q CKR_PIN_INCORRECT "$tmp/w" && ok "wrong PIN: CKR_PIN_INCORRECT" ||
    bad "wrong PIN"
p11 --token-label "山田　太郎" --login --pin 12 -O >"$tmp/w" 2>&1
grep -q CKR_PIN_LEN_RANGE "$tmp/w" && ok "short PIN: CKR_PIN_LEN_RANGE" ||
    bad "short PIN"
p11 --token-label "山田　太郎" --login --pin 1234 -O >/dev/null 2>&1 &&
    ok "right PIN after a wrong one" || bad "right PIN"

p11 --token-label "山田　太郎" --login --pin 1234 --test >"$tmp/t" 2>&1
grep -q "^No errors" "$tmp/t" && ok "pkcs11-tool --test: no errors" ||
    { cat "$tmp/t"; bad "--test"; }

if timeout 120 pkcs11-tool --module "$mod" -L --test-threads ILGISLT0 \
    --test-threads ILGISLT1 --test-threads ILGISLT0 --test-threads GISLT1 \
    >"$tmp/th" 2>&1 && ! grep -q "CKR_GENERAL_ERROR\|CKR_DEVICE" "$tmp/th"
then
	ok "pkcs11-tool --test-threads, 4 threads"
else
	tail -20 "$tmp/th"
	bad "--test-threads"
fi
timeout 60 pkcs11-tool --module "$mod" --test-threads IN -L >"$tmp/th" 2>&1
grep -q "CKR_CRYPTOKI_ALREADY_INITIALIZED" "$tmp/th" &&
    ok "a second C_Initialize: CKR_CRYPTOKI_ALREADY_INITIALIZED" ||
    bad "--test-threads IN"
timeout 60 pkcs11-tool --module "$mod" --test-fork >"$tmp/fk" 2>&1 &&
    grep -q "Calling C_Initialize in forked child" "$tmp/fk" &&
    ok "pkcs11-tool --test-fork" || { cat "$tmp/fk"; bad "--test-fork"; }

echo "pkcs11-tool.sh: $fails failed"
[ "$fails" = 0 ]
