#!/bin/sh
# p11test.sh MODULE CARDDIR - OpenSC's own PKCS#11 test suite, p11test (a
# peer we did not write), on our module with the lab's RSA-2048 card
# (aosign-representative) and RSA-4096 card (toinx-rsa4096), each result
# compared with a checked-in reference, as OpenSC's CI does for its cards.
# Run by lab.sh inside its lab (PCSCLITE_CSOCK_NAME, EBID_TEST_LAB and
# EBID_PKCS11_CONF set); PIN 1234, never a wrong one.
#
# p11test is not packaged by Debian: it is built from OpenSC's Debian
# source package, once, into a cache directory outside the source tree,
#   $EBID_P11TEST_CACHE, by default
#   ${XDG_CACHE_HOME:-$HOME/.cache}/ebid-pkcs11/p11test,
# and reused by every later run (any build directory) without network.
#   1. fetch: a private apt configuration in the cache whose only entries
#      are the machine's own (/etc/apt/sources.list.d/debian.sources, else
#      /etc/apt/sources.list) turned into deb-src; "apt-get update" into
#      private lists, "apt-get source --download-only opensc" (~2 MB, the
#      hashes checked by apt against the signed Release file); the lists
#      are deleted afterwards.  No host name is written anywhere.
#   2. build: dpkg-source -x (Debian's patches applied), then only
#      src/tests/p11test/*.c compiled with a one-line config.h against
#      cmocka and OpenSSL; nothing else of OpenSC is built.
#   3. run: p11test -m MODULE -s SLOT -p 1234 -o CARD.json per card, into
#      $EBID_TEST_BUILDDIR/tests/p11test/ (kept for reading).
# Remove the cache directory (or set EBID_P11TEST_REFRESH=1) to fetch and
# build again, e.g. after a new Debian release of opensc.
#
# The comparison.  OpenSC's CI runs p11test on each emulated card and
# compares the JSON with the card's checked-in <card>_ref.json with plain
# "diff -u3" (.github/test-piv.sh, test-isoapplet.sh, ...): p11test always
# writes "time": 0, and nothing else in the file varies for a card whose
# keys are fixed.  Its SoftHSM job (tests/test-p11test.sh) drops everything
# before "readonly_tests", because SoftHSM's mechanism list varies between
# versions.  Ours keeps the whole file, mechanism list included (it is our
# module's), and replaces one volatile value: the key's CKA_ID, which the
# module makes the SHA-1 of the RSA modulus, and ebid-lab-mkcards makes new
# keys on every run.  The replacement is the id *expected*, computed here
# from the card's certificate, written as <CKA_ID>: a module that reported
# another id leaves that id in the file and the diff shows it.  Any
# difference fails with the diff; so does p11test exiting non-zero (a
# failed test), as in OpenSC's CI.  Each run also proves that the
# comparison can fail: the reference with one result flipped must differ.
#
# To accept a changed result after reading the diff:
#   EBID_P11TEST_UPDATE=1 make check TESTS=tests/integ/lab.sh
# rewrites tests/integ/p11test-ref/<card>.json; commit it with the reason.
#
# A missing tool, library or source package (no network, no deb-src)
# follows tests/require.sh: a "# SKIP" naming it, or a failure under CI
# (EBID_REQUIRE_ALL=1).
set -u

mod=$1
cards=$2
case $mod in /*) ;; *) mod=$(pwd)/$mod ;; esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
refdir="$here/p11test-ref"
# shellcheck source=tests/require.sh
. "$top/tests/require.sh"
pin=1234
card_list="aosign-representative toinx-rsa4096"
fails=0

ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
# unavailable WHAT: p11test cannot run here (tests/require.sh's rule for
# one part of the lab test: skip, or fail under CI)
unavailable() {
	missing_part "p11test: $*"
	exit $?
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t_start=$(now)
[ -r "$mod" ] || { echo "not ok - module $mod not found"; exit 1; }
[ -n "${EBID_TEST_LAB:-}" ] || { echo "not ok - run by lab.sh"; exit 1; }

if [ -n "${EBID_P11TEST_CACHE:-}" ]; then
	cache=$EBID_P11TEST_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
	cache=$XDG_CACHE_HOME/ebid-pkcs11/p11test
elif [ -n "${HOME:-}" ]; then
	cache=$HOME/.cache/ebid-pkcs11/p11test
else
	cache=${EBID_TEST_BUILDDIR:-.}/tests/p11test-cache
fi
out=${EBID_TEST_BUILDDIR:-.}/tests/p11test
mkdir -p "$cache" "$out" || { echo "not ok - cannot make $cache"; exit 1; }
bin=$cache/p11test

# Two lab runs at once (another build tree) build the cache once.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$cache/lock"
	flock 9
fi

# sources_deb_src: the machine's apt sources, as deb-src entries, on stdout
sources_deb_src() {
	if [ -r /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types:.*/Types: deb-src/' \
		    /etc/apt/sources.list.d/debian.sources
	elif [ -r /etc/apt/sources.list ]; then
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' \
		    /etc/apt/sources.list
	fi
}

# fetch: OpenSC's Debian source package into $cache/src
fetch() {
	apt=$cache/apt
	rm -rf "$apt" "$cache/src.new"
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" \
	    "$apt/cache/archives/partial" "$cache/src.new" || return 1
	if [ -r /etc/apt/sources.list.d/debian.sources ]; then
		f=$apt/sources.list.d/debian.sources
	else
		f=$apt/sources.list.d/debian.list
	fi
	sources_deb_src >"$f"
	[ -s "$f" ] || { echo "no apt sources to derive deb-src from"; return 1; }
	set -- -q -o Dir::Etc::SourceList=/dev/null \
	    -o Dir::Etc::SourceParts="$apt/sources.list.d" \
	    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
	timeout 300 apt-get "$@" update &&
	    (cd "$cache/src.new" &&
	    timeout 300 apt-get "$@" source --download-only opensc) ||
	    return 1
	rm -rf "$apt" "$cache/src"
	mv "$cache/src.new" "$cache/src"
}

# build: p11test from $cache/src's package into $bin
build() {
	# shellcheck disable=SC2012
	dsc=$(ls "$cache"/src/opensc_*.dsc 2>/dev/null | tail -1)
	[ -n "$dsc" ] || { echo "no opensc_*.dsc in $cache/src"; return 1; }
	ver=$(basename "$dsc" .dsc | sed 's/^opensc_//')
	tree=$cache/opensc-$ver
	rm -rf "$tree" "$cache/build"
	dpkg-source -x "$dsc" "$tree" >"$cache/dpkg-source.log" 2>&1 ||
	    { cat "$cache/dpkg-source.log"; return 1; }
	# dpkg-source leaves a copy of the upstream tarball beside the tree
	rm -f "$cache"/opensc_*.orig.tar.*
	mkdir -p "$cache/build" || return 1
	# the one setting p11test's sources (and the OpenSC headers they
	# include) need: OpenSSL is there
	echo '#define ENABLE_OPENSSL 1' >"$cache/build/config.h"
	p=$tree/src/tests/p11test
	# shellcheck disable=SC2046
	${EBID_P11TEST_CC:-cc} -O2 -g -Wall -I"$cache/build" -I"$tree/src" \
	    -o "$cache/build/p11test" "$p"/p11test.c "$p"/p11test_loader.c \
	    "$p"/p11test_helpers.c "$p"/p11test_case_*.c \
	    $(pkg-config --cflags --libs cmocka libcrypto) -ldl || return 1
	mv "$cache/build/p11test" "$bin.new" && mv "$bin.new" "$bin" &&
	    echo "opensc $ver (Debian source package)" >"$bin.version"
	rm -rf "$cache/build"
}

[ "${EBID_P11TEST_REFRESH:-0}" = 1 ] && rm -f "$bin" "$bin.version"
if [ -x "$bin" ] && [ -s "$bin.version" ]; then
	echo "# p11test: $(cat "$bin.version"), cached in $cache"
else
	for c in apt-get:apt dpkg-source:dpkg-dev cc:build-essential \
	    pkg-config:pkg-config; do
		command -v "${c%%:*}" >/dev/null 2>&1 ||
		    unavailable "${c%%:*} (package ${c#*:}," \
		    "packaging/install-deps)"
	done
	pkg-config --exists cmocka ||
	    unavailable "cmocka (package libcmocka-dev, packaging/install-deps)"
	pkg-config --exists libcrypto ||
	    unavailable "libcrypto (package libssl-dev, packaging/install-deps)"
	if ! ls "$cache"/src/opensc_*.dsc >/dev/null 2>&1; then
		t0=$(now)
		(unset LD_PRELOAD; fetch) >"$cache/fetch.log" 2>&1 || {
			grep -E '^(E|W|Err):' "$cache/fetch.log" | tail -n 8
			unavailable "OpenSC's Debian source package (apt-get" \
			    "source opensc failed: no network or no deb-src;" \
			    "log $cache/fetch.log)"
		}
		echo "# p11test: source package fetched in $(since "$t0") s:" \
		    "$(cd "$cache/src" && echo opensc_*.dsc)"
	fi
	t0=$(now)
	# (without the sanitizer runtimes lab.sh preloads for an ASan module)
	(unset LD_PRELOAD; build) ||
	    { echo "not ok - p11test did not build"; exit 1; }
	echo "# p11test: $(cat "$bin.version") built in $(since "$t0") s," \
	    "cached in $cache"
fi
exec 9>&-

# keyid CERT: the CKA_ID the module must give the key of CERT's card: the
# SHA-1 of the RSA modulus (big-endian, no leading zeros), as p11test
# prints it (upper-case hex, colon-separated).  The hex goes to bytes
# through octal escapes of printf(1): no xxd or python needed.
keyid() {
	_oct=$(openssl x509 -in "$1" -noout -modulus |
	    LC_ALL=C awk -F= '{ h = "0123456789ABCDEF"; m = toupper($2)
		for (i = 1; i < length(m); i += 2) {
			b = index(h, substr(m, i, 1)) * 16
			b += index(h, substr(m, i + 1, 1)) - 17
			printf "\\%03o", b
		} }')
	[ -n "$_oct" ] || return 1
	# shellcheck disable=SC2059
	printf "$_oct" | openssl dgst -sha1 -r |
	    sed 's/ .*//; s/../&:/g; s/:$//' | tr a-f A-F
}

# slot READER: the module's slot ID for READER ("Slot 0 (0x1): READER")
slot() {
	pkcs11-tool --module "$mod" -L 2>/dev/null |
	    awk -v r="$1" 'index($0, "): " r) && /^Slot / {
		s = $3; gsub(/[()x:]/, "", s); print s; exit }'
}

# compare REF OUT: the diff, and its status (0 same, 1 different)
compare() {
	diff -u3 "$1" "$2"
}

for card in $card_list; do
	reader=$("$EBID_TEST_LAB" reader "$card") || {
		bad "$card is not in the lab"
		continue
	}
	hex=$(slot "$reader")
	[ -n "$hex" ] || { bad "$card: no slot for reader $reader"; continue; }
	slotid=$((0x$hex))
	json=$out/$card.json
	t0=$(now)
	timeout 300 "$bin" -m "$mod" -s "$slotid" -p "$pin" -o "$json" \
	    >"$out/$card.log" 2>&1
	rc=$?
	secs=$(since "$t0")
	if [ $rc = 0 ]; then
		ok "p11test ran on $card (slot $slotid), exit 0, $secs s"
	else
		tail -n 30 "$out/$card.log"
		bad "p11test on $card exited $rc (log $out/$card.log)"
	fi
	# the per-test results: p11test's own summary, and the JSON's
	echo "# $card: p11test: $(sed -n \
	    's/^\[  \([A-Z]*\) *\] \([0-9][0-9]*\) test.*/\2 \1/p' \
	    "$out/$card.log" | paste -sd, - | sed 's/,/, /g');" \
	    "json: $(sed -n 's/^\t"result": "\(.*\)"$/\1/p' "$json" |
	    sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2; s = ", " }')"
	id=$(keyid "$cards/$card.crt.pem") ||
	    { bad "$card: no key id from $cards/$card.crt.pem"; continue; }
	sed "s/\"$id\"/\"<CKA_ID>\"/g" "$json" >"$out/$card.cmp.json"
	ref=$refdir/$card.json
	if [ "${EBID_P11TEST_UPDATE:-0}" = 1 ]; then
		cp "$out/$card.cmp.json" "$ref" &&
		    echo "# p11test: $ref rewritten (EBID_P11TEST_UPDATE=1)"
	fi
	if [ ! -r "$ref" ]; then
		bad "$card: no reference $ref"
	elif compare "$ref" "$out/$card.cmp.json"; then
		ok "p11test's results on $card are the reference's"
	else
		bad "$card: p11test's output differs from $ref (diff above);" \
		    "if that is expected, update the reference, else fix" \
		    "the module"
	fi
	# the comparison can fail: one result flipped in the reference
	[ -r "$ref" ] || continue
	sed '0,/"result": "pass"/s//"result": "fail"/' "$ref" \
	    >"$out/$card.flipped.json"
	if compare "$out/$card.flipped.json" "$out/$card.cmp.json" \
	    >"$out/$card.flipped.diff"; then
		bad "$card: a reference with one result flipped still matched"
	else
		ok "$card: a reference with one result flipped is told apart"
	fi
done

echo "p11test.sh: $fails failed, $(since "$t_start") s in all"
[ "$fails" = 0 ]
