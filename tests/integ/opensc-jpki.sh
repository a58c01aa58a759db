#!/bin/sh
# opensc-jpki.sh CARDDIR READER - a peer we did not write confirms that
# ebid-vcard behaves like a real My Number card: OpenSC's own PKCS#11
# module lists the emulated card in READER, reads its certificates and
# signs with the signature key; OpenSSL verifies the signature against the
# certificate read back from the card and against the generated one.
set -eu

cards=$1
reader=$2
mod=${OPENSC_PKCS11:-/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "opensc-jpki: $*" >&2
	exit 1
}

# OpenSC caches JPKI files under a constant serial: turn the cache off.
# It also gives each reader 4 virtual slots and stops at 16 by default,
# so the lab's fifth reader would not be listed.
cat >"$tmp/opensc.conf" <<'CONF'
app default {
	framework pkcs15 {
		use_file_caching = false;
	}
}
app opensc-pkcs11 {
	pkcs11 {
		max_virtual_slots = 64;
	}
}
CONF
export OPENSC_CONF="$tmp/opensc.conf"

# The signature PIN, from the card description ([pin 001B] value = ...).
pin=$(awk '/^\[pin 001B\]/{s=1; next} /^\[/{s=0}
    s && $1 == "value" {print $3; exit}' "$cards/jpki-sign.card")
[ -n "$pin" ] || fail "no signature PIN in $cards/jpki-sign.card"
sig_token="JPKI (Digital Signature PIN)"

p11() {
	pkcs11-tool --module "$mod" "$@"
}

p11 -L >"$tmp/slots" 2>&1 || fail "pkcs11-tool -L failed"
grep -F "$reader" "$tmp/slots" >/dev/null || fail "reader $reader not listed"
grep -F "$sig_token" "$tmp/slots" >/dev/null ||
    { cat "$tmp/slots"; fail "no JPKI token on $reader"; }
echo "opensc-jpki: OpenSC sees a JPKI card in \"$reader\""

p11 --token-label "$sig_token" --login --pin "$pin" -O >"$tmp/objects" 2>&1 ||
    { cat "$tmp/objects"; fail "pkcs11-tool -O failed"; }
grep -F "Digital Signature Certificate" "$tmp/objects" >/dev/null ||
    { cat "$tmp/objects"; fail "signature certificate not listed"; }
grep -c "Certificate Object" "$tmp/objects" |
    sed 's/^/opensc-jpki: certificates listed: /'

printf 'JPKI emulation check %s\n' "$$" >"$tmp/data"
p11 --token-label "$sig_token" --login --pin "$pin" --sign --id 02 \
    -m SHA256-RSA-PKCS -i "$tmp/data" -o "$tmp/sig" >"$tmp/sign.log" 2>&1 ||
    { cat "$tmp/sign.log"; fail "pkcs11-tool --sign failed"; }
p11 --token-label "$sig_token" --login --pin "$pin" --read-object \
    --type cert --id 02 -o "$tmp/cert.der" >/dev/null 2>&1 ||
    fail "cannot read the signature certificate back"
cmp -s "$tmp/cert.der" "$cards/jpki-sign.crt.der" ||
    fail "certificate read through OpenSC differs from the generated one"
openssl x509 -inform DER -in "$tmp/cert.der" -pubkey -noout >"$tmp/pub.pem"
openssl dgst -sha256 -verify "$tmp/pub.pem" -signature "$tmp/sig" \
    "$tmp/data" >/dev/null || fail "signature does not verify"
echo "opensc-jpki: signature by OpenSC on the emulated card verifies (SHA256-RSA-PKCS, $(wc -c <"$tmp/sig") bytes)"
