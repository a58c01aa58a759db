#!/bin/sh
# firefox.sh MODULE CARDDIR [REFUSED] - headless Firefox ESR with the lab's
# cards, which a running lab must hold: aosign-representative (PIN 1234)
# and the refused card REFUSED (default corporate, the corporate-registry
# look-alike).
#
# Firefox loads PKCS#11 modules named by the SecurityDevices policy of
# distribution/policies.json beside its binary (written here, removed on
# exit).  Headless Firefox cannot ask for a PIN, so the policy names the
# TEST-ONLY wrapper pinwrap.so (built by make check, never installed),
# which loads MODULE and logs in the token with EBID_PINWRAP_SERIAL only.
# A fresh profile trusts the throwaway server CA (its own NSS database) and
# sets security.default_personal_cert to "Select Automatically".  The
# server is openssl s_server -trace -www on 127.0.0.1; its trace is the
# evidence (what the client sent: its certificates, alerts, data).
#   1. TLS 1.2, -Verify 1 -verify_return_error: the client certificate is
#      the card's and the client sends its request
#   2. REFUSED, TLS 1.2, -verify 1 (a certificate requested, not required)
#      with only REFUSED's CAs acceptable: the handshake completes and the
#      client sends no certificate (an empty certificate_list)
#   3. TLS 1.3 only, -Verify 1 -verify_return_error: Firefox sends an empty
#      certificate_list (NSS finds no signature scheme the token can make:
#      TLS 1.3 wants RSA-PSS, the card signs PKCS#1 v1.5 only) and the
#      server aborts with certificate_required (116).  Firefox then shows
#      an error page, which --screenshot never captures: the run is ended
#      once the alert is in the trace.
# Needs root (the policy file).  Prints ok / not ok / SKIP lines and a
# count; exits 1 when a check failed.
set -u

mod=$1
cards=$2
refused=${3:-corporate}
case $mod in /*) ;; *) mod=$(pwd)/$mod ;; esac
srcdir=$(cd "$(dirname "$0")" && pwd)
card=aosign-representative
crt="$cards/$card.crt.pem"
cas="$cards/ca/all-test-cas.pem"
builddir=${EBID_TEST_BUILDDIR:-$(cd "$(dirname "$mod")/../../.." && pwd)}
wrapper="$builddir/tests/consumers/.libs/pinwrap.so"

tmp=$(mktemp -d /tmp/ebid-firefox.XXXXXX)
# shellcheck source=tests/consumers/lib.sh
. "$srcdir/lib.sh"
ff_pid=""
ff_pol=""
ff_made_dir=""
cleanup() {
	[ -n "$ff_pid" ] && { kill "$ff_pid" 2>/dev/null; wait "$ff_pid"; }
	lib_cleanup
	[ -n "$ff_pol" ] && rm -f "$ff_pol"
	[ -n "$ff_made_dir" ] && rmdir "$ff_made_dir" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

finish() {
	echo "firefox.sh: $passes passed, $fails failed, $skips skipped"
	[ "$fails" = 0 ]
	exit
}

ff=""
for c in firefox-esr firefox; do
	have "$c" && { ff=$c; break; }
done
[ -r "$mod" ] || { bad "Firefox: module $mod not found"; finish; }
[ -r "$crt" ] || { bad "Firefox: $crt not found"; finish; }
[ -r "$cards/$refused.card" ] ||
    { bad "Firefox: $cards/$refused.card not found"; finish; }
if [ -z "$ff" ]; then
	skip "Firefox ESR (firefox-esr)"
	finish
fi
why=$(chromium_unusable "$mod" | sed 's/Chromium/Firefox/')
if [ -n "$why" ]; then
	skip_why "Firefox: $why"
	finish
fi
if ! have certutil; then
	skip "NSS certutil for Firefox's profile (libnss3-tools)"
	finish
fi
[ -r "$wrapper" ] || {
	bad "Firefox: $wrapper not built (make check builds it)"
	finish
}
[ "$(id -u)" = 0 ] || {
	bad "Firefox: the policy file beside the Firefox binary needs root"
	finish
}

# --- the policy file --------------------------------------------------------
# Firefox reads one policies.json: /etc/firefox/policies/ (also Debian's
# firefox-esr: tried, /etc/firefox-esr/policies/ is not read) if it
# exists, else distribution/ beside its binary.
ffdir=$(dirname "$(readlink -f "$(command -v "$ff")")")
for f in /etc/firefox/policies/policies.json \
    "$ffdir/distribution/policies.json"; do
	if [ -e "$f" ]; then
		bad "Firefox: $f exists already (not made by this test): not touched"
		finish
	fi
done
if ! [ -d "$ffdir/distribution" ]; then
	mkdir "$ffdir/distribution" ||
	    { bad "Firefox: mkdir $ffdir/distribution"; finish; }
	ff_made_dir="$ffdir/distribution"
fi
ff_pol="$ffdir/distribution/policies.json"
printf '{\n  "policies": {\n    "SecurityDevices": {\n%s\n    }\n  }\n}\n' \
    "      \"Add\": { \"ebid-pinwrap\": \"$wrapper\" }" >"$ff_pol"

# --- the profile ------------------------------------------------------------
tls_setup
prof="$tmp/profile"
mkdir "$prof"
if certutil -N -d "sql:$prof" --empty-password >"$tmp/nss.log" 2>&1 &&
    certutil -A -d "sql:$prof" -n "consumers throwaway CA" -t C,, \
    -i "$tmp/ca.pem" >>"$tmp/nss.log" 2>&1; then
	:
else
	show "$tmp/nss.log"
	bad "Firefox: the profile's NSS database"
	finish
fi
cat >"$prof/user.js" <<'EOF'
user_pref("security.default_personal_cert", "Select Automatically");
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.enabled", false);
EOF
ok "Firefox: $ff, policy $ff_pol (SecurityDevices: pinwrap.so loading the module), profile trusting the throwaway CA, certificates selected automatically"

# ff_get NAME SERIAL [STOP]: headless Firefox opens https://127.0.0.1:$port/
# (pinwrap logs in the token SERIAL) under timeout; with STOP (a line of
# trace_events), the run is ended when the server's trace shows it.  Sets
# rc (124: timed out) and secs.
ff_get() {
	_t0=$(date +%s)
	HOME="$tmp/home" EBID_PINWRAP_MODULE=$mod EBID_PINWRAP_PIN=1234 \
	    EBID_PINWRAP_SERIAL=$2 timeout -k 5 90 "$ff" --headless \
	    --no-remote -profile "$prof" --screenshot "$tmp/$1.png" \
	    "https://127.0.0.1:$port/" </dev/null >"$tmp/$1.log" 2>&1 &
	ff_pid=$!
	if [ -n "${3:-}" ]; then
		_i=0
		while [ $_i -lt 900 ] && kill -0 "$ff_pid" 2>/dev/null &&
		    ! trace_events "$tmp/$1.trace" | grep -qx "$3"; do
			sleep 0.1
			_i=$((_i + 1))
		done
		# give Firefox a moment to act on it, then end it
		sleep 1
		kill "$ff_pid" 2>/dev/null
	fi
	wait "$ff_pid" 2>/dev/null
	rc=$?
	ff_pid=""
	secs=$(($(date +%s) - _t0))
	tls_stop
	trace_events "$tmp/$1.trace" >"$tmp/$1.ev"
}

# has EVENTS LINE: the events hold LINE
has() { grep -qx "$2" "$1"; }
# client_fprs NAME: the fingerprints of the certificates the client sent
client_fprs() {
	for _f in "$tmp/$1.trace".client.*.pem; do
		[ -e "$_f" ] && cert_fpr "$_f"
	done
}
explain() {
	show "$tmp/$1.ev"
	grep -v -i 'dbus\|gfx\|glxtest' "$tmp/$1.log" >"$tmp/$1.err"
	show "$tmp/$1.err"
}

# --- 1. TLS 1.2, the good card ---------------------------------------------
fpr=$(cert_fpr "$crt")
tls_ver=-tls1_2
if ! tls_serve "$tmp/tls12.trace" -trace -Verify 1 -verify_return_error \
    -CAfile "$cas"; then
	show "$tmp/tls12.trace"
	bad "Firefox: no s_server could listen on 127.0.0.1:44330-44339"
	finish
fi
ff_get tls12 "$(card_serial "$cards" "$card")"
if client_fprs tls12 | grep -qx "$fpr" && has "$tmp/tls12.ev" client-data
then
	ok "Firefox: TLS 1.2 mutual TLS in $secs s (exit $rc); s_server's trace has the card's certificate ($card.crt.pem, SHA-256 $fpr) and the client's request"
else
	[ "$rc" = 124 ] && echo "# firefox timed out after 90 s"
	explain tls12
	bad "Firefox: TLS 1.2 mutual TLS with $card (exit $rc)"
fi

# --- 2. TLS 1.2, the refused card -------------------------------------------
# Only the CAs of the refused card's certificates are acceptable, so that no
# other lab card matches; pinwrap logs in that card only.
: >"$tmp/rcas.pem"
: >"$tmp/rfprs"
for c in $(card_certs "$cards" "$refused"); do
	cert_fpr "$c" >>"$tmp/rfprs"
	ih=$(openssl x509 -in "$c" -noout -issuer_hash)
	for ca in "$cards"/ca/*.crt.pem; do
		[ "$(openssl x509 -in "$ca" -noout -subject_hash)" = "$ih" ] &&
		    cat "$ca" >>"$tmp/rcas.pem"
	done
done
if ! [ -s "$tmp/rcas.pem" ]; then
	bad "Firefox: no CA of $refused's certificates in $cards/ca"
elif ! tls_serve "$tmp/refused.trace" -trace -verify 1 \
    -CAfile "$tmp/rcas.pem"; then
	bad "Firefox: no s_server could listen on 127.0.0.1:44330-44339"
else
	ff_get refused "$(card_serial "$cards" "$refused")"
	offered=$(client_fprs refused | grep -ix -f "$tmp/rfprs")
	if [ -n "$offered" ]; then
		explain refused
		bad "Firefox: offered the certificate of the refused card $refused (SHA-256 $offered)"
	elif has "$tmp/refused.ev" "client-certs 0" &&
	    has "$tmp/refused.ev" client-data; then
		ok "Firefox: refused card $refused never offered: with only its CAs acceptable, the client sent an empty certificate list and its request ($secs s)"
	else
		explain refused
		bad "Firefox: no completed handshake against s_server -verify 1 for $refused (exit $rc)"
	fi
fi

# --- 3. TLS 1.3 only, the good card -----------------------------------------
tls_ver=-tls1_3
if ! tls_serve "$tmp/tls13.trace" -trace -Verify 1 -verify_return_error \
    -CAfile "$cas"; then
	bad "Firefox: no s_server could listen on 127.0.0.1:44330-44339"
else
	ff_get tls13 "$(card_serial "$cards" "$card")" "sent-alert 116"
	if client_fprs tls13 | grep -qx "$fpr"; then
		explain tls13
		bad "Firefox: TLS 1.3 sent the card's certificate: does the module offer RSA-PSS now? (README: TLS 1.3)"
	elif has "$tmp/tls13.ev" "client-certs 0" &&
	    has "$tmp/tls13.ev" "sent-alert 116"; then
		ok "Firefox: TLS 1.3-only server: Firefox sends no certificate (no RSA-PSS on the card), the server aborts with certificate_required (116) ($secs s)"
	else
		explain tls13
		bad "Firefox: TLS 1.3-only server: not the expected empty certificate and certificate_required (exit $rc)"
	fi
fi
tls_ver=-tls1_2
finish
