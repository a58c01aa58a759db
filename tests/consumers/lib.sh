# lib.sh - sourced by consumers.sh, chromium.sh, firefox.sh and refused.sh:
# the ok / not ok / SKIP counters, the throwaway TLS server and its -trace
# events, the card facts (serial, CKA_ID, slot) and a headless Chromium
# run.  The caller sets "tmp" (a private temporary directory) and calls
# lib_cleanup on exit.

# shellcheck source=tests/require.sh
. "$srcdir/../require.sh"

fails=0
passes=0
skips=0
ok() { echo "ok - $*"; passes=$((passes + 1)); }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
# skip_why REASON: a check that cannot run here, and why
skip_why() { echo "SKIP: $*"; skips=$((skips + 1)); }
# skip WHAT: a consumer that is not installed; under CI (tests/require.sh)
# a failure of packaging/install-deps
skip() {
	if required; then
		bad "required but missing: $* (packaging/install-deps)"
	else
		skip_why "$* not installed (packaging/install-deps)"
	fi
}
have() { command -v "$1" >/dev/null 2>&1; }
# show the first lines of a log after a failure
show() { sed -n '1,40p' "$1" | sed 's/^/# /'; }
get_req() { printf 'GET / HTTP/1.0\r\n\r\n'; }

srv_pid=""
port=""
pol_file=""
pol_made_dirs=""
lib_cleanup() {
	tls_stop
	chromium_policy_remove
}

# --- the TLS server ---------------------------------------------------------

# tls_setup: a throwaway CA ($tmp/ca.pem) and a server certificate for
# 127.0.0.1 ($tmp/server.pem, $tmp/server.key).
tls_setup() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 \
	    -keyout "$tmp/ca.key" -out "$tmp/ca.pem" \
	    -subj "/CN=ebid consumers throwaway CA" >/dev/null 2>&1
	openssl req -newkey rsa:2048 -nodes -keyout "$tmp/server.key" \
	    -out "$tmp/server.csr" -subj "/CN=127.0.0.1" >/dev/null 2>&1
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' \
	    >"$tmp/server.ext"
	openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" \
	    -CAkey "$tmp/ca.key" -CAcreateserial -days 1 \
	    -extfile "$tmp/server.ext" -out "$tmp/server.pem" >/dev/null 2>&1
}

port_busy() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

# tls_serve LOG S_SERVER-ARGS...: openssl s_server -www, TLS 1.2 only (or
# the protocol option in tls_ver, e.g. -tls1_3), with the server
# certificate of tls_setup on the first free port of 127.0.0.1:44330-44339;
# sets srv_pid and port, or fails.  stdout is unbuffered, so that a -trace
# log is complete while the server runs.
tls_ver=-tls1_2
tls_serve() {
	_log=$1
	shift
	port=""
	for _p in 44330 44331 44332 44333 44334 44335 44336 44337 44338 \
	    44339; do
		port_busy "$_p" && continue
		stdbuf -o0 openssl s_server -accept "127.0.0.1:$_p" \
		    -cert "$tmp/server.pem" -key "$tmp/server.key" \
		    "$tls_ver" -www "$@" </dev/null >"$_log" 2>&1 &
		srv_pid=$!
		_i=0
		while [ $_i -lt 50 ] && kill -0 "$srv_pid" 2>/dev/null &&
		    ! grep -q ACCEPT "$_log" 2>/dev/null; do
			sleep 0.1
			_i=$((_i + 1))
		done
		if grep -q ACCEPT "$_log" && kill -0 "$srv_pid" 2>/dev/null
		then
			port=$_p
			return 0
		fi
		tls_stop
	done
	return 1
}

tls_stop() {
	if [ -n "$srv_pid" ]; then
		kill "$srv_pid" 2>/dev/null
		wait "$srv_pid" 2>/dev/null
	fi
	srv_pid=""
}

# cert_fpr PEM: the certificate's SHA-256 fingerprint
cert_fpr() {
	openssl x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null |
	    sed 's/.*=//'
}

# page_client_fpr PAGE: the SHA-256 fingerprint of the client certificate
# in the page s_server -www sent (as text or as Chromium's DOM), empty when
# the page shows none.
page_client_fpr() {
	grep -q 'Client certificate' "$1" || return 0
	sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' \
	    "$1" | sed 's/^.*\(-----BEGIN CERTIFICATE-----\)/\1/;
	    s/\(-----END CERTIFICATE-----\).*$/\1/' >"$1.crt"
	cert_fpr "$1.crt"
}

# trace_events LOG: what the client did, from the log of an s_server run
# with -trace, one line each: "client-certs LENGTH" (the length of a
# certificate_list the client sent; 0: it sent no certificate),
# "sent-alert N" / "received-alert N" (a fatal alert, by number),
# "client-data" (the client sent application data after the handshake).
# The certificates the client sent are written to LOG.client.N.pem.
trace_events() {
	awk -v d="$1.client" '
	function flush() { if (app) print "client-data"; app = 0 }
	/^Sent Record/ { flush(); dir = "sent" }
	/^Received Record/ { flush(); dir = "received" }
	# TLS 1.2: the record type; TLS 1.3: the inner type of a record
	/^ *Content Type = ApplicationData/ && dir == "received" { app = 1 }
	/^ *Inner Content Type = / && !/ApplicationData/ { app = 0 }
	/certificate_list, length=/ && dir == "received" {
		n = $0; sub(/.*length=/, "", n); print "client-certs", n }
	/Level=fatal/ { n = $0; sub(/.*\(/, "", n); sub(/\).*/, "", n)
		print dir "-alert", n }
	/-----BEGIN CERTIFICATE-----/ && dir == "received" {
		pem++; inpem = 1 }
	inpem { print > (d "." pem ".pem") }
	/-----END CERTIFICATE-----/ && inpem { close(d "." pem ".pem"); inpem = 0 }
	END { flush() }
	' "$1"
}

# --- the card ---------------------------------------------------------------

# card_serial CARDDIR NAME: the card's serial as the module shows it in
# CK_TOKEN_INFO (upper-case hex)
card_serial() {
	sed -n 's/^serial *= *//p' "$1/$2.card" | head -n1 | tr -d ' ' |
	    tr a-f A-F
}

# card_certs CARDDIR NAME: the card's own certificates (PEM paths), not its
# CAs'
card_certs() {
	sed -n 's/^der *= *//p' "$1/$2.card" | grep -v '^ca/' |
	    sed "s|\.der\$|.pem|; s|^|$1/|"
}

# key_id PEM: the CKA_ID the module gives the key of this certificate
# (SHA-1 of the RSA modulus, lower-case hex)
key_id() {
	openssl x509 -in "$1" -noout -modulus | sed 's/^Modulus=//' |
	    sed 's/^\(00\)*//' | perl -ne 'chomp; print pack("H*", $_)' |
	    openssl dgst -sha1 -r |
	    cut -d' ' -f1
}

# slot_of MODULE SERIAL: "INDEX SLOTID" of the slot whose token has that
# serial number (INDEX: position in C_GetSlotList, for Java's
# slotListIndex; SLOTID in decimal), or nothing
slot_of() {
	pkcs11-tool --module "$1" -L 2>/dev/null | awk -v s="$2" '
	    /^Slot [0-9]+ \(0x[0-9a-f]+\)/ {
		n = $2; id = $3; gsub(/[():]/, "", id) }
	    $1 == "serial" && $2 == "num" && $4 == s { print n, id; exit }' |
	    while read -r _n _id; do echo "$_n $(printf %d "$_id")"; done
}

# --- headless Chromium ------------------------------------------------------

chromium_bin() {
	for _c in chromium chromium-browser; do
		have "$_c" && { echo "$_c"; return 0; }
	done
	return 1
}

# chromium_unusable MODULE: why Chromium cannot load the module here, or
# nothing.  A sanitizer build loads only with the sanitizer runtime
# preloaded, and Chromium does not run under it.
chromium_unusable() {
	case ${LD_PRELOAD:-} in
	*libasan*)
		echo "the module is an ASan build (LD_PRELOAD=libasan): Chromium cannot load it"
		return 0 ;;
	esac
	if ldd "$1" 2>/dev/null | grep -q libasan; then
		echo "the module is an ASan build: Chromium cannot load it"
	fi
}

chromium_policy_dir=/etc/chromium/policies/managed
# chromium_policy PORT FILTER: the managed policy file that makes Chromium
# pick a client certificate for https://127.0.0.1:PORT by itself (FILTER:
# the JSON "filter" object).  Fails, touching nothing, when the file
# exists already (not ours).
chromium_policy() {
	_f=$chromium_policy_dir/ebid-test.json
	[ -e "$_f" ] && return 1
	for _d in /etc/chromium /etc/chromium/policies $chromium_policy_dir
	do
		[ -d "$_d" ] && continue
		mkdir "$_d" || return 1
		pol_made_dirs="$_d $pol_made_dirs"
	done
	pol_file=$_f
	printf '{\n  "AutoSelectCertificateForUrls": [\n    "{\\"pattern\\":\\"https://127.0.0.1:%s\\",\\"filter\\":%s}"\n  ]\n}\n' \
	    "$1" "$(printf %s "$2" | sed 's/"/\\"/g')" >"$pol_file"
}

chromium_policy_remove() {
	[ -n "$pol_file" ] && rm -f "$pol_file"
	pol_file=""
	# the directories made, innermost first
	for _d in $pol_made_dirs; do rmdir "$_d" 2>/dev/null; done
	pol_made_dirs=""
}

# chromium_nssdb HOME WRAPPER MODULE LOG: Chromium's NSS database
# HOME/.pki/nssdb with the PIN wrapper (loading MODULE) and the throwaway
# CA trusted for servers.  EBID_PINWRAP_PIN and EBID_PINWRAP_SERIAL come
# from the caller's environment.
chromium_nssdb() {
	mkdir -p "$1/.pki/nssdb"
	certutil -N -d "sql:$1/.pki/nssdb" --empty-password >"$4" 2>&1 &&
	    EBID_PINWRAP_MODULE=$3 modutil -dbdir "sql:$1/.pki/nssdb" \
	    -add ebid-pinwrap -libfile "$2" -force >>"$4" 2>&1 &&
	    certutil -A -d "sql:$1/.pki/nssdb" -n "consumers throwaway CA" \
	    -t C,, -i "$tmp/ca.pem" >>"$4" 2>&1
}

# chromium_get HOME MODULE URL PAGE LOG: headless Chromium, its HOME and
# the wrapper's real module given, dumps the DOM of URL into PAGE.
chromium_get() {
	mkdir -p "$tmp/chromium-data"
	HOME=$1 EBID_PINWRAP_MODULE=$2 timeout -k 5 60 "$(chromium_bin)" \
	    --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-dev-shm-usage \
	    --no-first-run --user-data-dir="$tmp/chromium-data" \
	    --dump-dom "$3" </dev/null >"$4" 2>"$5"
}
