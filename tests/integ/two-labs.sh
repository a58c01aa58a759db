#!/bin/sh
# two-labs.sh - issue 16: two labs at once beside a "system" pcscd.
# In a private mount namespace whose /run/pcscd is an empty tmpfs (so the
# machine's real /run/pcscd is never touched), a pcscd on
# /run/pcscd/pcscd.comm plays the machine's own, with one vpcd reader
# "ebid sys": once started by hand, once socket-activated as Debian's
# pcscd.socket does it (systemd-socket-activate); each time labs A and B
# (different EBID_LAB_DIR) start beside it.  Checks:
# without the lab env a client sees only the system reader; with A's env
# only A's card (AOSign ATR), with B's only B's (TDB ATR); each lab has its
# own socket and PIN state directory; stopping A leaves B and the system
# pcscd serving, and the system socket in place.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
LAB="$srcdir/src/lab/ebid-lab"

. "$srcdir/tests/require.sh"
skip() { missing "$@"; }
if [ "${EBID_LAB_SKIP:-0}" = 1 ]; then
	echo "SKIP: EBID_LAB_SKIP=1: the lab already ran in this CI run"
	exit 77
fi
[ "$(id -u)" = 0 ] || skip "the lab needs root (namespaces, pcscd)"
for t in pcscd ip opensc-tool unshare systemd-socket-activate; do
	command -v "$t" >/dev/null 2>&1 ||
	    skip "$t is not installed: run packaging/install-deps"
done
drv=${EBID_LAB_VPCD_DRIVER:-/usr/lib/pcsc/drivers/serial/libifdvpcd.so}
[ -e "$drv" ] || drv=/usr/lib64/pcsc/drivers/serial/libifdvpcd.so
[ -e "$drv" ] || skip "vsmartcard-vpcd is not installed: run packaging/install-deps"

if [ "${EBID_TWO_LABS_INNER:-0}" != 1 ]; then
	exec env EBID_TWO_LABS_INNER=1 unshare --mount --propagation private \
	    sh -c 'mount -t tmpfs -o mode=755 tmpfs /run/pcscd && exec sh "$0"' "$0"
fi

export EBID_VCARD="$builddir/src/vcard/ebid-vcard"
export EBID_LAB_MKCARDS="$srcdir/src/lab/ebid-lab-mkcards"
[ -x "$EBID_VCARD" ] || { echo "FAIL: $EBID_VCARD not built"; exit 1; }
unset PCSCLITE_CSOCK_NAME
work="$builddir/tests/two-labs"
A="$work/a" B="$work/b" CARDS="$builddir/tests/cards"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
bad() { n=$((n + 1)); fail=1; echo "not ok $n - $*"; }
sys_pid=""
cleanup() {
	EBID_LAB_DIR=$A "$LAB" stop >/dev/null 2>&1
	EBID_LAB_DIR=$B "$LAB" stop >/dev/null 2>&1
	[ -z "$sys_pid" ] || { kill "$sys_pid" 2>/dev/null; wait "$sys_pid" 2>/dev/null; }
}
trap cleanup EXIT
trap 'exit 1' INT TERM
rm -rf "$work"
mkdir -p "$work/sys" "$work/sysdrv"
[ -e "$CARDS/aosign-representative.card" ] ||
    "$LAB" mkcards "$CARDS" >/dev/null || { echo "FAIL: mkcards"; exit 1; }

# The "system" pcscd on /run/pcscd/pcscd.comm (this namespace's), started
# as systemd would start it (MODE socket: the socket made by
# systemd-socket-activate, pcscd started on the first client with
# LISTEN_FDS, as Debian's pcscd.socket does) or by hand (MODE hand).
cp -L "$drv" "$work/sysdrv/vpcd.so"
printf 'FRIENDLYNAME "ebid sys"\nDEVICENAME /dev/null:36500\nLIBPATH %s\nCHANNELID 36500\n' \
    "$work/sysdrv/vpcd.so" >"$work/sys/reader.conf"
sys_start() {
	case $1 in
	hand) set -- pcscd -f -c "$work/sys" ;;
	socket) set -- systemd-socket-activate -l /run/pcscd/pcscd.comm \
	    pcscd --foreground -c "$work/sys" ;;
	esac
	unshare --net sh -c 'ip link set lo up; exec "$@"' sh "$@" \
	    >"$work/sys.log" 2>&1 &
	sys_pid=$!
	i=0
	until opensc-tool -l 2>/dev/null | grep -q 'ebid sys 00 00'; do
		i=$((i + 1)); [ $i -lt 100 ] || break; sleep 0.1
	done
}
sys_stop() {
	kill "$sys_pid" 2>/dev/null; wait "$sys_pid" 2>/dev/null
	sys_pid=""
	rm -f /run/pcscd/pcscd.comm
}

la() { (eval "$(EBID_LAB_DIR=$A "$LAB" env)"; "$@"); }
lb() { (eval "$(EBID_LAB_DIR=$B "$LAB" env)"; "$@"); }
round() {
	m=$1
	sys_start "$m"
	if [ "$m" = socket ]; then
		if tr '\0' '\n' <"/proc/$sys_pid/environ" 2>/dev/null |
		    grep -q '^LISTEN_FDS=1$'; then
			ok "$m: the system pcscd runs on the socket it was handed"
		else bad "$m: the system pcscd was not socket-activated"; fi
	fi
	EBID_LAB_DIR=$A "$LAB" start -c "$CARDS" -n 1 aosign-representative >/dev/null ||
	    bad "$m: lab A starts"
	EBID_LAB_DIR=$B "$LAB" start -c "$CARDS" -n 1 tdb-delegate >/dev/null ||
	    bad "$m: lab B starts"

	sysl=$(opensc-tool -l 2>&1)
	if echo "$sysl" | grep -q 'ebid sys 00 00' && ! echo "$sysl" | grep -q 'ebid lab'; then
		ok "$m: without the lab env: only the system pcscd's reader"
	else bad "$m: without the lab env: $sysl"; fi
	# ATR historical bytes: "EBID" + AOSG (41 4F 53 47) or TDBA (54 44 42 41)
	atra=$(la opensc-tool -r 'ebid lab 1 00 00' -a 2>&1)
	atrb=$(lb opensc-tool -r 'ebid lab 1 00 00' -a 2>&1)
	case $atra in *41:4[Ff]:53:47*) ok "$m: lab A: its AOSign card" ;;
	*) bad "$m: lab A's card: $atra" ;; esac
	case $atrb in *54:44:42:41*) ok "$m: lab B: its TDB card" ;;
	*) bad "$m: lab B's card: $atrb" ;; esac
	if la opensc-tool -l | grep -q 'ebid sys'; then bad "$m: lab A sees the system reader"
	else ok "$m: lab A does not see the system reader"; fi
	sa=$(la sh -c 'echo "$PCSCLITE_CSOCK_NAME $XDG_STATE_HOME"')
	sb=$(lb sh -c 'echo "$PCSCLITE_CSOCK_NAME $XDG_STATE_HOME"')
	case $sa:$sb in
	"$A/pcscd/pcscd.comm $A/xdg-state:$B/pcscd/pcscd.comm $B/xdg-state")
		ok "$m: own socket and PIN state directory per lab" ;;
	*) bad "$m: env: $sa / $sb" ;;
	esac
	[ -S /run/pcscd/pcscd.comm ] && ok "$m: the system socket is in place" ||
	    bad "$m: the system socket is gone"
	EBID_LAB_DIR=$A "$LAB" stop >/dev/null 2>&1
	if [ -S /run/pcscd/pcscd.comm ] && kill -0 "$sys_pid" 2>/dev/null &&
	    opensc-tool -l 2>&1 | grep -q 'ebid sys 00 00'; then
		ok "$m: lab A stopped: the system pcscd still serves its reader"
	else bad "$m: lab A stopped: the system pcscd or its socket is gone"; fi
	atrb=$(lb opensc-tool -r 'ebid lab 1 00 00' -a 2>&1)
	case $atrb in *54:44:42:41*) ok "$m: lab B serves on after A stopped" ;;
	*) bad "$m: lab B after A stopped: $atrb" ;; esac
	EBID_LAB_DIR=$B "$LAB" stop >/dev/null 2>&1
	sys_stop
}

round hand
round socket
echo "1..$n"
exit $fail
