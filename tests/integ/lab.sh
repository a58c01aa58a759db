#!/bin/sh
# lab.sh - the integration tests.  One lab (a private pcscd with vpcd
# readers in its own network namespace, and ebid-vcard emulators) serves
# the whole run, since only one pcscd can run per machine; every
# integration program and peer tool runs against it.  The lab is stopped
# on every exit path.
#
# Skips (exit 77, saying why) when not root or when the lab's packages are
# missing, unless EBID_REQUIRE_LAB=1 (set by .ci/run), where that fails.
set -u

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
LAB="$srcdir/src/lab/ebid-lab"
export EBID_VCARD="$builddir/src/vcard/ebid-vcard"
export EBID_LAB_MKCARDS="$srcdir/src/lab/ebid-lab-mkcards"
export EBID_LAB_DIR="$builddir/tests/lab-run"
CARDS="$builddir/tests/cards"

# skip WHY: a missing dependency; under CI (EBID_REQUIRE_LAB=1 or
# EBID_REQUIRE_ALL=1) that is a failure of install-deps, named
# (tests/require.sh).
. "$srcdir/tests/require.sh"
skip() { missing "$@"; }

# packaging/run-tests runs the lab in its check and asan-check stages; its
# distcheck stage sets EBID_LAB_SKIP=1 rather than run it a third time.
if [ "${EBID_LAB_SKIP:-0}" = 1 ]; then
	echo "SKIP: EBID_LAB_SKIP=1: the lab already ran in this CI run"
	exit 77
fi
[ "$(id -u)" = 0 ] || skip "the lab needs root (network namespace, pcscd)"
for t in pcscd ip openssl pkcs11-tool; do
	command -v "$t" >/dev/null 2>&1 ||
	    skip "$t is not installed: run packaging/install-deps"
done
[ -n "${EBID_LAB_VPCD_DRIVER:-}" ] ||
    [ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] ||
    [ -e /usr/lib64/pcsc/drivers/serial/libifdvpcd.so ] ||
    skip "vsmartcard-vpcd is not installed: run packaging/install-deps"
[ -x "$EBID_VCARD" ] || { echo "FAIL: $EBID_VCARD not built"; exit 1; }

pass=0
fail=0
failed=""
run() {
	name=$1
	shift
	echo "=== $name"
	if "$@"; then
		pass=$((pass + 1))
		echo "PASS: $name"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL: $name"
	fi
}

cleanup() {
	"$LAB" stop >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 1' INT TERM

"$LAB" stop >/dev/null 2>&1
"$LAB" mkcards "$CARDS" >/dev/null || { echo "FAIL: mkcards"; exit 1; }
# Every test card: the policy tests need one of each kind.
"$LAB" start -c "$CARDS" -n 7 aosign-representative toinx-rsa4096 expired \
    aosign-delegate jpki-sign diacert-representative tdb-delegate \
    toinx-representative eprobatio-representative unregistered-person \
    variant-kanji corporate not-yet-valid || { echo "FAIL: lab start"; exit 1; }
# Every program below reaches the lab's own pcscd (PCSCLITE_CSOCK_NAME) and
# keeps the module's PIN counters in the lab (XDG_STATE_HOME): never the
# machine's pcscd, readers or the user's state.
eval "$("$LAB" env)" || { echo "FAIL: ebid-lab env"; exit 1; }

export EBID_TEST_LAB="$LAB"
export EBID_TEST_BUILDDIR="$builddir"
export EBID_TEST_CARDDIR="$CARDS"
EBID_TEST_R2048=$("$LAB" reader aosign-representative)
EBID_TEST_R4096=$("$LAB" reader toinx-rsa4096)
EBID_TEST_RBURN=$("$LAB" reader expired)
EBID_TEST_RPLUG=$("$LAB" reader aosign-delegate)
export EBID_TEST_R2048 EBID_TEST_R4096 EBID_TEST_RBURN EBID_TEST_RPLUG
export EBID_TEST_CBURN=expired EBID_TEST_CPLUG=aosign-delegate

# The shipped configuration, trusting each authority's test CA and test
# policy, with the test cards' registry and the shipped kanji variants.
EBID_PKCS11_CONF="$builddir/tests/ebid-pkcs11-test.conf"
"$LAB" testconf "$srcdir/conf/ebid-pkcs11.conf" "$CARDS" \
    "$srcdir/conf/kanji-variants.txt" >"$EBID_PKCS11_CONF" ||
    { echo "FAIL: testconf"; exit 1; }
export EBID_PKCS11_CONF
MODULE="$builddir/src/pkcs11/.libs/ebid-pkcs11.so"
# A sanitizer build of the module loads into peer tools only with the
# sanitizer runtimes preloaded (their leak reports are the tools', off).
PEER_ENV=""
if ldd "$MODULE" | grep -q libasan; then
	PEER_ENV="LD_PRELOAD=$(${CC:-gcc} -print-file-name=libasan.so)"
	PEER_ENV="$PEER_ENV:$(${CC:-gcc} -print-file-name=libubsan.so)"
	PEER_ENV="$PEER_ENV ASAN_OPTIONS=detect_leaks=0"
fi
# shellcheck disable=SC2086
run pkcs11-tool env $PEER_ENV sh "$srcdir/tests/integ/pkcs11-tool.sh" \
    "$MODULE" "$CARDS"
# OpenSC's p11test on the RSA-2048 and RSA-4096 cards, compared with
# tests/integ/p11test-ref/ (built once from OpenSC's Debian source package
# into a cache outside the tree: see the script).
# shellcheck disable=SC2086
run p11test env $PEER_ENV sh "$srcdir/tests/integ/p11test.sh" \
    "$MODULE" "$CARDS"
# shellcheck disable=SC2086
run consumers env $PEER_ENV sh "$srcdir/tests/consumers/consumers.sh" \
    "$MODULE" "$CARDS"
export EBID_TEST_MODULE="$MODULE"
run lab-module "$builddir/tests/integ/test-lab-module"
run lab-card "$builddir/tests/integ/test-lab-card"
JPKI_READER=$("$LAB" reader jpki-sign)
run opensc-jpki sh "$srcdir/tests/integ/opensc-jpki.sh" "$CARDS" \
    "$JPKI_READER"

# ebid-tool against the cards: readers, show, pin, interop on each
# authority's card and the My Number look-alike; registry register and
# update with cards in readers.
run tool-lab sh "$srcdir/tests/tool/tool-lab.sh"
run tooladmin-lab sh "$srcdir/tests/tooladmin/registry-lab.sh"
# Each card the policy refuses is offered to no consumer.
for c in corporate jpki-sign expired not-yet-valid unregistered-person; do
	# shellcheck disable=SC2086
	run "refused-$c" env $PEER_ENV sh "$srcdir/tests/consumers/refused.sh" \
	    "$MODULE" "$CARDS" "$c"
done
# Policies set through ebid-tool in both documented forms (issue 10).
# shellcheck disable=SC2086
run policy-forms env $PEER_ENV sh "$srcdir/tests/integ/policy-forms.sh" \
    "$MODULE" "$CARDS"
# Last: it leaves aosign-delegate with only the reserve of PIN tries.
# shellcheck disable=SC2086
run policy env $PEER_ENV sh "$srcdir/tests/integ/policy.sh" "$MODULE" \
    "$CARDS"

echo "lab.sh: $pass passed, $fail failed${failed:+ (failed:$failed)}"
[ "$fail" = 0 ]
