#!/bin/sh
# refused.sh MODULE CARDDIR CARDNAME [PIN] - a card that the module's policy
# refuses (the corporate-registry look-alike "corporate", the My Number
# look-alike "jpki-sign") is offered by no consumer: no private key is
# usable through MODULE, while the card's certificate stays visible where
# the module shows the token.  A running lab must hold CARDNAME; the
# module's configuration comes from EBID_PKCS11_CONF as usual.  PIN
# (default 1234) is sent to that card only, never to another one.
#
# The card is found by what CARDDIR/CARDNAME.card says: its serial number
# (the token's serialNumber) and its certificates, whose keys have the
# CKA_ID SHA-1(RSA modulus).  Checks:
#   a. pkcs11-tool: the token's label starts with 使用不可 (unusable); it
#      shows the certificate; after --login, -O lists no private key
#   b. NSS certutil -K -h "pkcs11:serial=..." -f PINFILE: no key with the
#      card's CKA_ID; modutil -list shows the token as "Login Type: Public
#      (no login required)", so Firefox never asks for its PIN
#   c. GnuTLS p11tool: --list-all-certs shows the certificate,
#      --login --list-privkeys none
#   d. OpenSSL + libp11 engine: pkeyutl -sign with the key's pkcs11: URI
#      fails
#   e. Java SunPKCS11 keytool -list: no PrivateKeyEntry with the card's
#      certificate
#   f. headless Chromium through the test-only PIN wrapper (pinwrap.so,
#      which logs in this card only), against an s_server that requests
#      (-verify 1) but does not require a client certificate and names the
#      card's CAs: the page shows no client certificate of the card
# Prints ok / not ok / SKIP lines and a count; exits 1 when a check failed
# (for a card that the module does not refuse, it fails).
set -u

mod=$1
cards=$2
card=$3
pin=${4:-1234}
case $mod in /*) ;; *) mod=$(pwd)/$mod ;; esac
srcdir=$(cd "$(dirname "$0")" && pwd)
builddir=${EBID_TEST_BUILDDIR:-$(cd "$(dirname "$mod")/../../.." && pwd)}
wrapper="$builddir/tests/consumers/.libs/pinwrap.so"

tmp=$(mktemp -d /tmp/ebid-refused.XXXXXX)
# shellcheck source=tests/consumers/lib.sh
. "$srcdir/lib.sh"
cleanup() {
	lib_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

finish() {
	echo "refused.sh: $card: $passes passed, $fails failed, $skips skipped"
	[ "$fails" = 0 ]
	exit
}

[ -r "$mod" ] || { bad "module $mod not found"; finish; }
[ -r "$cards/$card.card" ] || { bad "$cards/$card.card not found"; finish; }

# --- the card's facts -------------------------------------------------------
serial=$(card_serial "$cards" "$card")
card_certs "$cards" "$card" >"$tmp/certs"
: >"$tmp/ids"
: >"$tmp/fprs"
: >"$tmp/cas.pem"
while read -r c; do
	key_id "$c" >>"$tmp/ids"
	cert_fpr "$c" >>"$tmp/fprs"
	# the CA that issued it, for the server's list of acceptable CAs
	ih=$(openssl x509 -in "$c" -noout -issuer_hash)
	for ca in "$cards"/ca/*.crt.pem; do
		[ "$(openssl x509 -in "$ca" -noout -subject_hash)" = "$ih" ] &&
		    cat "$ca" >>"$tmp/cas.pem"
	done
done <"$tmp/certs"
if [ -z "$serial" ] || ! [ -s "$tmp/ids" ]; then
	bad "$card.card names no serial or no certificate"
	finish
fi
echo "# $card: token serial $serial, key CKA_ID $(tr '\n' ' ' <"$tmp/ids")"
# is_card_id HEX: one of the card's CKA_IDs (any case, any separators)
is_card_id() {
	_h=$(echo "$1" | tr -d ': ' | tr A-F a-f)
	grep -qx "$_h" "$tmp/ids"
}
is_card_fpr() { grep -qix "$1" "$tmp/fprs"; }
url="pkcs11:serial=$serial"
echo "$pin" >"$tmp/pinfile"

# --- a. pkcs11-tool ---------------------------------------------------------
slot_of "$mod" "$serial" >"$tmp/slot"
read -r idx slotid <"$tmp/slot" 2>/dev/null || idx=""
if [ -z "$idx" ]; then
	ok "pkcs11-tool: the module shows no token with serial $serial: nothing of $card is offered"
else
	# the token says it is refused: its label starts with 使用不可
	pkcs11-tool --module "$mod" -L >"$tmp/tok" 2>&1
	label=$(awk -v s="$serial" '/^Slot / { l = "" }
	    $1 == "token" && $2 == "label" { sub(/^[^:]*: */, ""); l = $0 }
	    $1 == "serial" && $2 == "num" && $4 == s { print l; exit }' \
	    "$tmp/tok")
	case $label in
	"使用不可 "*)
		ok "pkcs11-tool: the token's label says it is refused: $label" ;;
	*)
		show "$tmp/tok"
		bad "pkcs11-tool: the label '$label' of token $serial does not start with 使用不可" ;;
	esac
	pkcs11-tool --module "$mod" --slot "$slotid" -O >"$tmp/objs" 2>&1
	vis=$(awk '/Certificate Object/ { c = 1 } c && /ID:/ { print $2; c = 0 }' \
	    "$tmp/objs" | while read -r i; do
		is_card_id "$i" && echo "$i"; done | head -n1)
	if [ -n "$vis" ]; then
		ok "pkcs11-tool: slot $slotid (token serial $serial) shows the certificate of $card (ID $vis) without login"
	else
		show "$tmp/objs"
		bad "pkcs11-tool: slot $slotid shows no certificate of $card"
	fi
	pkcs11-tool --module "$mod" --slot "$slotid" --login --pin "$pin" -O \
	    >"$tmp/objs-login" 2>&1
	lrc=$?
	if grep -q "Private Key Object" "$tmp/objs-login"; then
		show "$tmp/objs-login"
		bad "pkcs11-tool: slot $slotid lists a private key after --login"
	else
		ok "pkcs11-tool: no private key object on slot $slotid after --login (exit $lrc: $(grep -m1 -i 'error\|CKR_' "$tmp/objs-login" | cut -c1-80))"
	fi
fi

# --- b. NSS -----------------------------------------------------------------
if ! have certutil || ! have modutil; then
	skip "NSS tools (certutil, modutil: libnss3-tools)"
elif [ -z "$idx" ]; then
	ok "NSS: no token of $card to look at"
else
	db="sql:$tmp/nssdb"
	mkdir "$tmp/nssdb"
	certutil -N -d "$db" --empty-password >"$tmp/nss.log" 2>&1
	modutil -dbdir "$db" -add ebid -libfile "$mod" -force \
	    >>"$tmp/nss.log" 2>&1 || { show "$tmp/nss.log"; bad "NSS: modutil -add"; }
	certutil -K -d "$db" -h "$url" -f "$tmp/pinfile" </dev/null \
	    >"$tmp/nss-K" 2>&1
	# "< 0> rsa      CKAID   NICKNAME"
	keys=$(sed -n 's/^< *[0-9]*> *[a-z]* *\([0-9a-f]*\).*/\1/p' \
	    "$tmp/nss-K" |
	    while read -r i; do is_card_id "$i" && echo "$i"; done)
	if [ -n "$keys" ]; then
		show "$tmp/nss-K"
		bad "NSS: certutil -K -h '$url' lists the key of $card (ckaid $keys)"
	else
		ok "NSS: certutil -K -h '$url' lists no key of $card"
	fi
	# the token of a refused card has no CKF_LOGIN_REQUIRED: nothing of
	# it needs a PIN, so NSS (and Firefox) never prompts for one
	modutil -dbdir "$db" -list ebid >"$tmp/nss-list" 2>&1
	login=$(awk -v s="$serial" '
	    /Token Serial Number:/ { mine = ($NF == s) }
	    mine && /Login Type:/ { sub(/^ *Login Type: */, ""); print; exit }' \
	    "$tmp/nss-list")
	if [ "$login" = "Public (no login required)" ]; then
		ok "NSS: modutil -list shows token $serial with 'Login Type: $login': no PIN prompt"
	else
		show "$tmp/nss-list"
		bad "NSS: token $serial has login type '$login', not 'Public (no login required)'"
	fi
fi

# --- c. GnuTLS --------------------------------------------------------------
if ! have p11tool; then
	skip "GnuTLS p11tool (gnutls-bin)"
elif [ -z "$idx" ]; then
	ok "GnuTLS: no token of $card to look at"
else
	p11tool --provider "$mod" --list-all-certs "$url" >"$tmp/gt-certs" 2>&1
	vis=$(sed -n 's/^[[:space:]]*ID: //p' "$tmp/gt-certs" |
	    while read -r i; do is_card_id "$i" && echo "$i"; done | head -n1)
	if [ -n "$vis" ]; then
		ok "GnuTLS: p11tool --list-all-certs '$url' shows the certificate of $card"
	else
		show "$tmp/gt-certs"
		bad "GnuTLS: p11tool --list-all-certs '$url' shows no certificate of $card"
	fi
	# Under an ASan preload (lab.sh's PEER_ENV for a sanitizer build),
	# p11tool hangs in exit() after a failed login, in libp11-kit's
	# destructor (freelocale waits on glibc's locale lock; it does so with
	# any module, p11-kit-trust.so included): its output is complete by
	# then, so it is stopped after a while and the output judged.
	case ${LD_PRELOAD:-} in *libasan*) wait_s=8 ;; *) wait_s=60 ;; esac
	GNUTLS_PIN=$pin timeout -s KILL "$wait_s" p11tool --provider "$mod" \
	    --login --list-privkeys "$url" >"$tmp/gt-keys" 2>&1
	if ! grep -q "." "$tmp/gt-keys"; then
		bad "GnuTLS: p11tool --login --list-privkeys '$url' said nothing"
	elif grep -q "Type: Private key" "$tmp/gt-keys"; then
		show "$tmp/gt-keys"
		bad "GnuTLS: p11tool --login --list-privkeys '$url' lists a private key"
	else
		ok "GnuTLS: p11tool --login --list-privkeys '$url' lists none"
	fi
fi

# --- d. OpenSSL + libp11 engine ---------------------------------------------
engine=$(openssl version -e 2>/dev/null | sed 's/^[^"]*"\(.*\)"$/\1/')
if ! [ -e "$engine/pkcs11.so" ]; then
	skip "OpenSSL pkcs11 engine (libengine-pkcs11-openssl)"
else
	printf 'bid signed by a refused card\n' | openssl dgst -sha256 -binary \
	    >"$tmp/md"
	used=""
	while read -r i; do
		pid=$(echo "$i" | sed 's/../%&/g')
		rm -f "$tmp/sig"
		PKCS11_MODULE_PATH=$mod openssl pkeyutl -engine pkcs11 \
		    -keyform engine \
		    -inkey "$url;id=$pid;type=private;pin-value=$pin" \
		    -sign -in "$tmp/md" -pkeyopt digest:sha256 \
		    -out "$tmp/sig" >"$tmp/ossl.log" 2>&1
		if [ -s "$tmp/sig" ]; then
			used="$used $i"
			show "$tmp/ossl.log"
		fi
	done <"$tmp/ids"
	if [ -n "$used" ]; then
		bad "OpenSSL engine: pkeyutl -sign with '$url;id=...;type=private' signed with the key of $card (CKA_ID$used)"
	else
		ok "OpenSSL engine: pkeyutl -sign with '$url;id=...;type=private' fails: $(grep -m1 -i 'error\|cannot\|could not\|fail' "$tmp/ossl.log" | cut -c1-100)"
	fi
fi

# --- e. Java SunPKCS11 ------------------------------------------------------
if ! have keytool; then
	skip "Java 17 keytool (openjdk-17-jdk-headless)"
elif [ -z "$idx" ]; then
	ok "Java: no token of $card to look at"
else
	printf 'name = ebid\nlibrary = %s\nslotListIndex = %d\n' "$mod" \
	    "$idx" >"$tmp/java.cfg"
	LC_ALL=C.UTF-8 timeout 120 keytool -list -storetype PKCS11 \
	    -addprovider SunPKCS11 -providerArg "$tmp/java.cfg" \
	    -storepass "$pin" >"$tmp/keytool" 2>&1
	kf=$(sed -n '/PrivateKeyEntry/{n;s/.*(SHA-256): *//p;}' "$tmp/keytool" |
	    while read -r f; do is_card_fpr "$f" && echo "$f"; done | head -n1)
	if [ -n "$kf" ]; then
		show "$tmp/keytool"
		bad "Java: keytool -list (slotListIndex = $idx) shows a PrivateKeyEntry with the certificate of $card"
	else
		ok "Java: keytool -list (slotListIndex = $idx) shows no PrivateKeyEntry of $card: $(grep -m1 'entr\|error\|Exception' "$tmp/keytool" | cut -c1-100)"
	fi
fi

# --- f. headless Chromium ---------------------------------------------------
if ! chromium_bin >/dev/null; then
	skip "Chromium (chromium)"
elif why=$(chromium_unusable "$mod") && [ -n "$why" ]; then
	skip_why "Chromium: $why"
elif ! have certutil || ! have modutil; then
	skip "NSS tools for Chromium's database (certutil, modutil: libnss3-tools)"
elif ! [ -r "$wrapper" ]; then
	bad "Chromium: $wrapper not built (make check builds it)"
elif [ "$(id -u)" != 0 ]; then
	bad "Chromium: the policy file in $chromium_policy_dir needs root"
else
	EBID_PINWRAP_PIN=$pin
	EBID_PINWRAP_SERIAL=$serial
	export EBID_PINWRAP_PIN EBID_PINWRAP_SERIAL
	tls_setup
	if ! tls_serve "$tmp/s_server.log" -verify 1 -CAfile "$tmp/cas.pem"
	then
		show "$tmp/s_server.log"
		bad "Chromium: no s_server could listen on 127.0.0.1:44330-44339"
	elif ! chromium_nssdb "$tmp/home" "$wrapper" "$mod" "$tmp/cnss.log"
	then
		show "$tmp/cnss.log"
		bad "Chromium: NSS database with pinwrap.so"
	elif ! chromium_policy "$port" '{}'; then
		bad "Chromium: $chromium_policy_dir/ebid-test.json exists already (not made by this test): not touched"
	else
		t0=$(date +%s)
		chromium_get "$tmp/home" "$mod" "https://127.0.0.1:$port/" \
		    "$tmp/page" "$tmp/chromium.log"
		rc=$?
		t1=$(date +%s)
		got=$(page_client_fpr "$tmp/page")
		if [ -n "$got" ] && is_card_fpr "$got"; then
			bad "Chromium: s_server saw the certificate of $card as the client certificate"
		elif [ "$rc" = 0 ] &&
		    grep -q 'no client certificate available' "$tmp/page"; then
			ok "Chromium: the page (s_server -verify 1, in $((t1 - t0)) s) says 'no client certificate available'"
		elif [ "$rc" = 0 ] && [ -n "$got" ]; then
			ok "Chromium: the page shows another card's certificate, none of $card"
		else
			[ "$rc" = 124 ] && echo "# chromium timed out after 60 s"
			grep -v dbus "$tmp/chromium.log" >"$tmp/chromium.err"
			show "$tmp/chromium.err"
			show "$tmp/page"
			bad "Chromium: no page from s_server (exit $rc)"
		fi
		chromium_policy_remove
	fi
	tls_stop
fi
finish
