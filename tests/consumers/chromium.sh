#!/bin/sh
# chromium.sh MODULE CARDDIR - headless Chromium does mutual TLS with the
# card aosign-representative (PIN 1234), which a running lab must hold.
#
# Chromium on Linux finds PKCS#11 modules in the NSS database
# $HOME/.pki/nssdb; here HOME is a temporary directory.  Headless Chromium
# cannot ask for a PIN, so the database holds the TEST-ONLY wrapper
# pinwrap.so (built by make check, never installed), which loads MODULE
# and logs the card in with EBID_PINWRAP_PIN.  A managed policy file
# (AutoSelectCertificateForUrls) makes Chromium choose the certificate
# without a dialog.  The server: openssl s_server -Verify 1
# -verify_return_error -www, TLS 1.2, on 127.0.0.1.  Evidence: the page
# Chromium dumps is s_server's report, and its client certificate is the
# card's (SHA-256 fingerprint of CARDDIR/aosign-representative.crt.pem).
#
# Needs root (the policy file in /etc/chromium/policies/managed).  Prints
# ok / not ok / SKIP lines and a count; exits 1 when a check failed.
set -u

mod=$1
cards=$2
case $mod in /*) ;; *) mod=$(pwd)/$mod ;; esac
srcdir=$(cd "$(dirname "$0")" && pwd)
card=aosign-representative
crt="$cards/$card.crt.pem"
cas="$cards/ca/all-test-cas.pem"
builddir=${EBID_TEST_BUILDDIR:-$(cd "$(dirname "$mod")/../../.." && pwd)}
wrapper="$builddir/tests/consumers/.libs/pinwrap.so"

tmp=$(mktemp -d /tmp/ebid-chromium.XXXXXX)
# shellcheck source=tests/consumers/lib.sh
. "$srcdir/lib.sh"
cleanup() {
	lib_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

finish() {
	echo "chromium.sh: $passes passed, $fails failed, $skips skipped"
	[ "$fails" = 0 ]
	exit
}

[ -r "$mod" ] || { bad "Chromium: module $mod not found"; finish; }
[ -r "$crt" ] || { bad "Chromium: $crt not found"; finish; }
if ! chromium_bin >/dev/null; then
	skip "Chromium (chromium)"
	finish
fi
why=$(chromium_unusable "$mod")
if [ -n "$why" ]; then
	skip_why "Chromium: $why"
	finish
fi
if ! have certutil || ! have modutil; then
	skip "NSS tools for Chromium's database (certutil, modutil: libnss3-tools)"
	finish
fi
[ -r "$wrapper" ] || {
	bad "Chromium: $wrapper not built (make check builds it)"
	finish
}
[ "$(id -u)" = 0 ] || {
	bad "Chromium: the policy file in $chromium_policy_dir needs root"
	finish
}

fpr=$(cert_fpr "$crt")
EBID_PINWRAP_PIN=1234
EBID_PINWRAP_SERIAL=$(card_serial "$cards" "$card")
export EBID_PINWRAP_PIN EBID_PINWRAP_SERIAL

tls_setup
if ! tls_serve "$tmp/s_server.log" -Verify 1 -verify_return_error \
    -CAfile "$cas"; then
	show "$tmp/s_server.log"
	bad "Chromium: no s_server could listen on 127.0.0.1:44330-44339"
	finish
fi
url="https://127.0.0.1:$port/"

home="$tmp/home"
if chromium_nssdb "$home" "$wrapper" "$mod" "$tmp/nss.log"; then
	ok "Chromium: NSS database $home/.pki/nssdb with pinwrap.so (loading the module) and the throwaway CA"
else
	show "$tmp/nss.log"
	bad "Chromium: NSS database with pinwrap.so"
	finish
fi
# The issuer of the card's certificate, as Chromium's filter names it.
issuer_cn=$(openssl x509 -in "$crt" -noout -issuer -nameopt RFC2253 |
    sed -n 's/^issuer=CN=\([^,]*\),.*/\1/p')
if ! chromium_policy "$port" "{\"ISSUER\":{\"CN\":\"$issuer_cn\"}}"; then
	bad "Chromium: $chromium_policy_dir/ebid-test.json exists already (not made by this test): not touched"
	finish
fi

t0=$(date +%s)
chromium_get "$home" "$mod" "$url" "$tmp/page" "$tmp/chromium.log"
rc=$?
t1=$(date +%s)
got=$(page_client_fpr "$tmp/page")
if [ "$rc" = 0 ] && [ -n "$got" ] && [ "$got" = "$fpr" ]; then
	ok "Chromium: headless --dump-dom $url in $((t1 - t0)) s; s_server saw the card's certificate ($card.crt.pem, SHA-256 $fpr)"
else
	[ "$rc" = 124 ] && echo "# chromium timed out after 60 s"
	grep -v dbus "$tmp/chromium.log" >"$tmp/chromium.err"
	show "$tmp/chromium.err"
	show "$tmp/page"
	bad "Chromium: headless mutual TLS (exit $rc)"
fi

# TLS 1.3 only: a client's CertificateVerify must be RSA-PSS, which the
# card cannot make (PKCS#1 v1.5 only; the module offers no CKM_RSA_PKCS_PSS).
# Chromium (BoringSSL) sees no common signature algorithm for the key and
# aborts the handshake itself with handshake_failure (40):
# ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS.
tls_stop
chromium_policy_remove
tls_ver=-tls1_3
if ! tls_serve "$tmp/tls13.trace" -trace -Verify 1 -verify_return_error \
    -CAfile "$cas"; then
	bad "Chromium: no s_server could listen on 127.0.0.1:44330-44339"
	finish
fi
tls_ver=-tls1_2
chromium_policy "$port" "{\"ISSUER\":{\"CN\":\"$issuer_cn\"}}" || {
	bad "Chromium: $chromium_policy_dir/ebid-test.json exists already (not made by this test): not touched"
	finish
}
t0=$(date +%s)
chromium_get "$home" "$mod" "https://127.0.0.1:$port/" "$tmp/page13" \
    "$tmp/chromium13.log"
rc=$?
t1=$(date +%s)
tls_stop
trace_events "$tmp/tls13.trace" >"$tmp/tls13.ev"
sent=""
for f in "$tmp/tls13.trace".client.*.pem; do
	[ -e "$f" ] && [ "$(cert_fpr "$f")" = "$fpr" ] && sent=1
done
if [ -n "$sent" ]; then
	bad "Chromium: TLS 1.3 sent the card's certificate: does the module offer RSA-PSS now? (README: TLS 1.3)"
elif grep -q ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS "$tmp/chromium13.log" &&
    grep -qx 'received-alert 40' "$tmp/tls13.ev"; then
	ok "Chromium: TLS 1.3-only server: Chromium ends the handshake with handshake_failure (40), ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS (no RSA-PSS on the card) ($((t1 - t0)) s)"
else
	[ "$rc" = 124 ] && echo "# chromium timed out after 60 s"
	show "$tmp/tls13.ev"
	grep -v dbus "$tmp/chromium13.log" >"$tmp/chromium13.err"
	show "$tmp/chromium13.err"
	bad "Chromium: TLS 1.3-only server: not the expected handshake_failure, ERR_SSL_CLIENT_AUTH_NO_COMMON_ALGORITHMS (exit $rc)"
fi
finish
