#!/bin/sh
# consumers.sh MODULE CARDDIR - the module in the software that users run,
# against a running lab that holds aosign-representative (token label
# 山田　太郎, PIN 1234, RSA-2048):
#   1. NSS: modutil, certutil (u,u,u), tstclnt mutual TLS
#   2. GnuTLS: p11tool --list-all-certs and --test-sign
#   3. OpenSSL + libp11 engine: pkeyutl sign (verified by OpenSSL against
#      the card's certificate) and s_client mutual TLS
#   4. p11-kit: the module registered in /etc/pkcs11/modules (a temporary
#      file, removed on exit), list-modules, pkcs11-tool through
#      p11-kit-proxy.so, gnutls-cli mutual TLS through p11-kit
#   5. Java 17 SunPKCS11: keytool -list, SignCheck.java sign + verify
#   6. headless Chromium (chromium.sh): mutual TLS through the test-only
#      PIN wrapper module, the certificate chosen by a managed policy; a
#      TLS 1.3-only server
#   7. headless Firefox ESR (firefox.sh): the same through the
#      SecurityDevices policy; a refused card never offered; TLS 1.3 only
# The TLS server is one openssl s_server on 127.0.0.1 with a throwaway CA,
# TLS 1.2 only (the card signs PKCS#1 v1.5 only; TLS 1.3 needs RSA-PSS for
# a client's CertificateVerify), requiring a client certificate from the
# TEST CAs.  Evidence of each handshake: s_server's -www page holds the
# client certificate, which must be the card's.
# Prints ok / not ok lines, SKIP lines for consumers not installed, a final
# count; exits 1 when any check failed.
set -u

mod=$1
cards=$2
case $mod in /*) ;; *) mod=$(pwd)/$mod ;; esac
srcdir=$(cd "$(dirname "$0")" && pwd)
card=aosign-representative
label='山田　太郎'
pin=1234
crt="$cards/$card.crt.pem"
cas="$cards/ca/all-test-cas.pem"

tmp=$(mktemp -d /tmp/ebid-consumers.XXXXXX)
# shellcheck source=tests/consumers/lib.sh
. "$srcdir/lib.sh"
p11kit_file=/etc/pkcs11/modules/ebid-pkcs11-test.module
p11kit_made_dir=""
cleanup() {
	lib_cleanup
	rm -f "$p11kit_file"
	# the directories this script made, innermost first
	for d in $p11kit_made_dir; do rmdir "$d" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

[ -r "$mod" ] || { echo "not ok - module $mod not found"; exit 1; }
[ -r "$crt" ] || { echo "not ok - $crt not found"; exit 1; }

# The objects' URL (RFC 7512): token and object label are both the holder's
# name, percent-encoded, and the token serial is the card serial (another
# lab card may have the same holder).  GnuTLS needs an object (or id) in a
# key's URL.
enc=$(printf %s "$label" | od -An -tx1 | tr -d ' \n' |
    sed 's/../%&/g' | tr a-f A-F)
serial=$(sed -n 's/^serial *= *//p' "$cards/aosign-representative.card" |
    tr -d ' ')
tok="pkcs11:token=$enc;serial=$serial;object=$enc"
pin_url="pin-value=$pin"

# The card's certificate, its public key and SHA-256 fingerprint.
openssl x509 -in "$crt" -pubkey -noout >"$tmp/pub.pem"
fpr=$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | sed 's/.*=//')

# page_has_card FILE: the page s_server sent holds the card's certificate
# as the client certificate.
page_has_card() {
	got=$(page_client_fpr "$1")
	[ -n "$got" ] && [ "$got" = "$fpr" ]
}

# --- the TLS server ---------------------------------------------------------
tls_setup
tls_serve "$tmp/s_server.log" -Verify 1 -verify_return_error -CAfile "$cas"
if [ -n "$port" ]; then
	ok "s_server (TLS 1.2, client certificate required) on 127.0.0.1:$port"
else
	show "$tmp/s_server.log"
	bad "no s_server could listen on 127.0.0.1:44330-44339"
fi

# --- 1. NSS -----------------------------------------------------------------
if have certutil && have modutil && have tstclnt; then
	db="sql:$tmp/nssdb"
	mkdir "$tmp/nssdb"
	certutil -N -d "$db" --empty-password >"$tmp/nss.log" 2>&1
	if modutil -dbdir "$db" -add ebid -libfile "$mod" -force \
	    >>"$tmp/nss.log" 2>&1 &&
	    modutil -dbdir "$db" -list ebid </dev/null 2>&1 |
	    grep -q "Token Name: $label"; then
		ok "NSS: modutil -add loads the module; modutil -list ebid shows 'Token Name: $label'"
	else
		show "$tmp/nss.log"
		bad "NSS: modutil -add / -list"
	fi
	certutil -d "$db" -L -h all </dev/null >"$tmp/nss-L" 2>&1
	nick=$(sed -n "s/^\($label:[^ ]*\) *u,u,u *\$/\1/p" "$tmp/nss-L" |
	    head -n1)
	if [ -n "$nick" ]; then
		ok "NSS: certutil -L -h all lists '$nick' with u,u,u"
	else
		show "$tmp/nss-L"
		bad "NSS: certutil -L -h all has no '$label:...' u,u,u"
		nick="$label:$label"
	fi
	echo "$pin" >"$tmp/pinfile"
	certutil -d "$db" -L -h "$label" -f "$tmp/pinfile" -n "$nick" -a \
	    </dev/null >"$tmp/nss-crt.pem" 2>&1
	# NSS prints every certificate with the nickname's subject, also
	# those of other tokens (the lab's corporate look-alike has the same
	# holder): the card's must be among them.
	awk -v d="$tmp/nss-crt" '/-BEGIN CERTIFICATE-/ { n++ }
	    n { print > (d "." n ".pem") }' "$tmp/nss-crt.pem"
	found=0 count=0
	for f in "$tmp"/nss-crt.*.pem; do
		[ -e "$f" ] || continue
		count=$((count + 1))
		[ "$(cert_fpr "$f")" = "$fpr" ] && found=1
	done
	if [ $found = 1 ]; then
		ok "NSS: certutil -L -n '$nick' -a gives the card's certificate ($card.crt.pem; $count with that subject)"
	else
		show "$tmp/nss-crt.pem"
		bad "NSS: certutil -L -n '$nick' -a does not give $card.crt.pem"
	fi
	certutil -A -d "$db" -n "consumers throwaway CA" -t C,, \
	    -i "$tmp/ca.pem" >>"$tmp/nss.log" 2>&1
	if [ -n "$port" ]; then
		get_req | timeout 60 tstclnt -h 127.0.0.1 -p "$port" -4 \
		    -d "$db" -n "$nick" -w "$pin" -V tls1.2:tls1.2 \
		    >"$tmp/nss-page" 2>"$tmp/nss-tls.log"
		if page_has_card "$tmp/nss-page"; then
			ok "NSS: tstclnt mutual TLS with '$nick'; s_server saw the card's certificate: $(grep -m1 'Subject:' "$tmp/nss-page" | sed 's/^ *//')"
		else
			show "$tmp/nss-tls.log"
			show "$tmp/nss-page"
			bad "NSS: tstclnt mutual TLS"
		fi
	fi
else
	skip "NSS tools (certutil, modutil, tstclnt: libnss3-tools)"
fi

# --- 2. GnuTLS --------------------------------------------------------------
if have p11tool; then
	p11tool --provider "$mod" --list-all-certs "$tok" >"$tmp/gt-certs" 2>&1
	if grep -q "Type: X.509 Certificate" "$tmp/gt-certs" &&
	    grep -q "Label: $label" "$tmp/gt-certs"; then
		ok "GnuTLS: p11tool --list-all-certs shows the certificate 'Label: $label'"
	else
		show "$tmp/gt-certs"
		bad "GnuTLS: p11tool --list-all-certs"
	fi
	GNUTLS_PIN=$pin p11tool --provider "$mod" --login --test-sign \
	    "$tok;type=private" >"$tmp/gt-sign" 2>&1
	if grep -q "Verifying against public key in the token\.\.\. ok" \
	    "$tmp/gt-sign"; then
		ok "GnuTLS: p11tool --login --test-sign: $(grep -c '\.\.\. ok' "$tmp/gt-sign") signatures verified against the token's public key"
	else
		show "$tmp/gt-sign"
		bad "GnuTLS: p11tool --test-sign"
	fi
else
	skip "GnuTLS p11tool (gnutls-bin)"
fi

# --- 3. OpenSSL + libp11 engine ---------------------------------------------
engine=$(openssl version -e 2>/dev/null | sed 's/^[^"]*"\(.*\)"$/\1/')
if [ -e "$engine/pkcs11.so" ]; then
	printf '入札書 第1号 金額 1,000,000 円\n' >"$tmp/bid.txt"
	openssl dgst -sha256 -binary "$tmp/bid.txt" >"$tmp/bid.sha256"
	PKCS11_MODULE_PATH=$mod openssl pkeyutl -engine pkcs11 -keyform engine \
	    -inkey "$tok;type=private;$pin_url" -sign -in "$tmp/bid.sha256" \
	    -pkeyopt digest:sha256 -out "$tmp/bid.sig" >"$tmp/ossl.log" 2>&1
	if [ -s "$tmp/bid.sig" ] &&
	    openssl dgst -sha256 -verify "$tmp/pub.pem" \
	    -signature "$tmp/bid.sig" "$tmp/bid.txt" >>"$tmp/ossl.log" 2>&1
	then
		ok "OpenSSL engine: pkeyutl -sign on the card; openssl dgst -verify with $card.crt.pem: Verified OK"
	else
		show "$tmp/ossl.log"
		bad "OpenSSL engine: pkeyutl -sign / verify"
	fi
	# -sigalgs: OpenSSL prefers rsa_pss_rsae_* also in TLS 1.2, and
	# libp11 0.4.12 then asks for raw RSA (CKM_RSA_X_509), which the card
	# cannot do ("Mechanism invalid"); NSS and GnuTLS look at the
	# token's mechanisms and pick rsa_pkcs1_* by themselves.
	if [ -n "$port" ]; then
		get_req | PKCS11_MODULE_PATH=$mod timeout 60 openssl s_client \
		    -engine pkcs11 -keyform engine \
		    -key "$tok;type=private;$pin_url" -cert "$crt" \
		    -connect "127.0.0.1:$port" -CAfile "$tmp/ca.pem" \
		    -verify_return_error -verify_ip 127.0.0.1 -ign_eof -quiet \
		    -sigalgs RSA+SHA256:RSA+SHA384:RSA+SHA512 \
		    >"$tmp/ossl-page" 2>"$tmp/ossl-tls.log"
		if page_has_card "$tmp/ossl-page"; then
			ok "OpenSSL engine: s_client mutual TLS; s_server saw the card's certificate"
		else
			show "$tmp/ossl-tls.log"
			show "$tmp/ossl-page"
			bad "OpenSSL engine: s_client mutual TLS"
		fi
	fi
else
	skip "OpenSSL pkcs11 engine (libengine-pkcs11-openssl)"
fi

# --- 4. p11-kit -------------------------------------------------------------
proxy=/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so
if have p11-kit && [ -e "$proxy" ]; then
	if [ "$(id -u)" != 0 ]; then
		bad "p11-kit: registering a module in /etc/pkcs11/modules needs root"
	else
		[ -d /etc/pkcs11 ] || p11kit_made_dir=/etc/pkcs11
		[ -d /etc/pkcs11/modules ] ||
		    p11kit_made_dir="/etc/pkcs11/modules $p11kit_made_dir"
		mkdir -p /etc/pkcs11/modules
		# The shipped file, with the build tree's module in place of
		# the installed one.
		if [ -r "$srcdir/../../conf/ebid-pkcs11.module" ]; then
			sed "s|^module:.*|module: $mod|" \
			    "$srcdir/../../conf/ebid-pkcs11.module" \
			    >"$p11kit_file"
		else
			echo "module: $mod" >"$p11kit_file"
		fi
		p11-kit list-modules >"$tmp/kit-list" 2>&1
		if awk -v l="$label" '
		    /^[^ ]/ { m = ($1 == "ebid-pkcs11-test:") }
		    m && index($0, "token: " l) { f = 1 }
		    END { exit !f }' "$tmp/kit-list"; then
			ok "p11-kit: list-modules shows module ebid-pkcs11-test with token $label"
		else
			show "$tmp/kit-list"
			bad "p11-kit: list-modules"
		fi
		printf 'bid through p11-kit\n' >"$tmp/kit.txt"
		pkcs11-tool --module "$proxy" --token-label "$label" --login \
		    --pin "$pin" --sign -m SHA256-RSA-PKCS -i "$tmp/kit.txt" \
		    -o "$tmp/kit.sig" >"$tmp/kit-sign.log" 2>&1
		if [ -s "$tmp/kit.sig" ] &&
		    openssl dgst -sha256 -verify "$tmp/pub.pem" \
		    -signature "$tmp/kit.sig" "$tmp/kit.txt" \
		    >>"$tmp/kit-sign.log" 2>&1; then
			ok "p11-kit: pkcs11-tool via p11-kit-proxy.so signs SHA256-RSA-PKCS; OpenSSL: Verified OK"
		else
			show "$tmp/kit-sign.log"
			bad "p11-kit: pkcs11-tool via the proxy"
		fi
		if ! have gnutls-cli; then
			skip "gnutls-cli (gnutls-bin)"
		elif [ -n "$port" ]; then
			get_req | timeout 60 gnutls-cli -p "$port" 127.0.0.1 \
			    --x509cafile "$tmp/ca.pem" \
			    --x509certfile "$tok;type=cert" \
			    --x509keyfile "$tok;type=private;$pin_url" \
			    >"$tmp/kit-page" 2>"$tmp/kit-tls.log"
			if page_has_card "$tmp/kit-page"; then
				ok "p11-kit: gnutls-cli mutual TLS with pkcs11: URLs; s_server saw the card's certificate"
			else
				show "$tmp/kit-tls.log"
				show "$tmp/kit-page"
				bad "p11-kit: gnutls-cli mutual TLS"
			fi
		fi
		rm -f "$p11kit_file"
	fi
else
	skip "p11-kit and its proxy (p11-kit, p11-kit-modules)"
fi

# --- 5. Java SunPKCS11 ------------------------------------------------------
# slotListIndex is the slot's position in C_GetSlotList, which is the "Slot N"
# of pkcs11-tool -L; the slot ID is the 0x... next to it.
if have java && have javac && have keytool; then
	pkcs11-tool --module "$mod" -L 2>/dev/null | awk -v l="$label" '
	    /^Slot [0-9]+ \(0x[0-9a-f]+\)/ {
		n = $2; s = $3; gsub(/[():]/, "", s) }
	    index($0, "token label") && index($0, l) { print n, s; exit }' \
	    >"$tmp/slot"
	read -r idx slotid <"$tmp/slot" 2>/dev/null || idx=""
	slotid=$(printf %d "${slotid:-0}")
	if [ -z "$idx" ]; then
		bad "Java: no slot holds token $label"
	else
		printf 'name = ebid\nlibrary = %s\nslotListIndex = %d\n' \
		    "$mod" "$idx" >"$tmp/java.cfg"
		LC_ALL=C.UTF-8 timeout 120 keytool -list -storetype PKCS11 \
		    -addprovider SunPKCS11 -providerArg "$tmp/java.cfg" \
		    -storepass "$pin" >"$tmp/keytool" 2>&1
		# Java's PKCS#11 wrapper turns CKA_LABEL into a String byte by
		# byte (ISO-8859-1), so the alias of a Japanese label is
		# mojibake; the evidence is the entry's certificate fingerprint.
		kfpr=$(sed -n '/PrivateKeyEntry/{n;s/.*(SHA-256): *//p;}' \
		    "$tmp/keytool" | head -n1)
		if [ -n "$kfpr" ] && [ "$kfpr" = "$fpr" ]; then
			ok "Java: keytool -list (slotListIndex = $idx) shows a PrivateKeyEntry with the card's certificate (SHA-256 $kfpr)"
		else
			show "$tmp/keytool"
			bad "Java: keytool -list shows no PrivateKeyEntry with the card's certificate"
		fi
		mkdir "$tmp/classes"
		if javac -encoding UTF-8 -d "$tmp/classes" \
		    "$srcdir/SignCheck.java" >"$tmp/javac.log" 2>&1; then
			LC_ALL=C.UTF-8 timeout 120 java -cp "$tmp/classes" \
			    SignCheck "$tmp/java.cfg" "$pin" >"$tmp/java.out" 2>&1
			if grep -qx verified "$tmp/java.out"; then
				ok "Java: SignCheck signs SHA256withRSA on the card, $(grep -m1 '^verifier:' "$tmp/java.out") prints: verified"
			else
				show "$tmp/java.out"
				bad "Java: SignCheck"
			fi
		else
			show "$tmp/javac.log"
			bad "Java: javac SignCheck.java"
		fi
		# "slot = ID" makes SunPKCS11 call C_GetSlotInfo(ID) right after
		# C_Initialize, without C_GetSlotList: the slot IDs must be
		# known from C_Initialize on (it answered CKR_SLOT_ID_INVALID
		# before the fix).
		printf 'name = ebid\nlibrary = %s\nslot = %d\n' "$mod" \
		    "$slotid" >"$tmp/java-slot.cfg"
		LC_ALL=C.UTF-8 timeout 120 java -cp "$tmp/classes" SignCheck \
		    "$tmp/java-slot.cfg" "$pin" >"$tmp/java-slot.out" 2>&1
		if grep -qx verified "$tmp/java-slot.out"; then
			ok "Java: SignCheck with slot = $slotid (C_GetSlotInfo before C_GetSlotList) prints: verified"
		else
			show "$tmp/java-slot.out"
			bad "Java: SignCheck with slot = $slotid (C_GetSlotInfo before C_GetSlotList)"
		fi
	fi
else
	skip "Java 17 (java, javac, keytool: openjdk-17-jdk-headless)"
fi

# --- 6. headless Chromium (chromium.sh), 7. headless Firefox (firefox.sh) -
# sub NAME.sh: a script with its own server, NSS database and policy
# file; its ok / not ok / SKIP lines count here.
sub() {
	sh "$srcdir/$1" "$mod" "$cards" >"$tmp/$1.out" 2>&1
	_rc=$?
	grep -v "^$1: " "$tmp/$1.out"
	[ "$_rc" != 0 ] && ! grep -q '^not ok - ' "$tmp/$1.out" &&
	    bad "$1 exited $_rc"
	passes=$((passes + $(grep -c '^ok - ' "$tmp/$1.out")))
	fails=$((fails + $(grep -c '^not ok - ' "$tmp/$1.out")))
	skips=$((skips + $(grep -c '^SKIP: ' "$tmp/$1.out")))
}

sub chromium.sh
sub firefox.sh

echo "consumers.sh: $passes passed, $fails failed, $skips skipped"
[ "$fails" = 0 ]
