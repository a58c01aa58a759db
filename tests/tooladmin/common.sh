# common.sh - sourced by the tests/tooladmin scripts: the driver, a test
# PKI (ebid-lab-mkcards, made once per build tree and shared), a scratch
# directory with a configuration and a registry, and check helpers.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-.}
builddir=$(cd "$builddir" && pwd)
drv=$builddir/tests/tooladmin/tooladmin-driver
lab=$builddir/tests/tooladmin/lab
fails=0
ntest=0

if [ ! -x "$drv" ]; then
	echo "$0: $drv is not built" >&2
	exit 99
fi
. "$srcdir/tests/require.sh"
need_cmd openssl openssl
need_cmd util-linux flock
need_cmd python3 python3

# The lab PKI: made once (about 15 s), under a lock for parallel tests.
mklab() {
	(
		flock 9
		[ -f "$lab/cards.txt" ] ||
		    sh "$srcdir/src/lab/ebid-lab-mkcards" "$lab" >/dev/null ||
		    exit 1
	) 9>"$lab.lock" || { echo "FAIL: ebid-lab-mkcards" >&2; exit 99; }
}

# A scratch directory with the five TEST authorities (ca_dir) and conf.
setup() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/tooladmin.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	mkdir "$work/cas"
	for a in aosign diacert tdb toinx eprobatio; do
		cp "$lab/ca/$a.crt.pem" "$work/cas/$a.pem"
	done
	cat >"$work/ebid.conf" <<EOC
# test configuration
[profile reference]
aid = D3 92 F0 00 45 42 49 44 01

[policy]
registry = registry.csv
ca_dir = cas
${1:-}

[authority aosign]
name_ja = AOSignサービス
name_en = AOSign
profile = reference
pin_lock_count = 10

[authority diacert]
name_ja = DIACERT-PLUS
name_en = DIACERT-PLUS
profile = reference

[authority tdb]
name_ja = TDB
name_en = TDB
profile = reference

[authority toinx]
name_ja = TOiNX
name_en = TOiNX
profile = reference

[authority eprobatio]
name_ja = e-Probatio
name_en = e-Probatio
profile = reference
EOC
	conf=$work/ebid.conf
}

# run EXPECTED-EXIT NAME ARGS...: output in $out, errors in $err.
run() {
	want=$1 name=$2
	shift 2
	ntest=$((ntest + 1))
	"$drv" -c "$conf" "$@" >"$work/out" 2>"$work/err"
	got=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name: exit $got, expected $want"
		sed 's/^/  out: /' "$work/out" | head -20
		sed 's/^/  err: /' "$work/err" | head -20
		fails=$((fails + 1))
		return 1
	fi
	echo "ok $ntest - $name"
	return 0
}

# has NAME TEXT PATTERN: PATTERN (grep -E) must be in TEXT.
has() {
	if ! printf '%s\n' "$2" | grep -Eq -- "$3"; then
		echo "FAIL: $1: no '$3' in:"
		printf '%s\n' "$2" | sed 's/^/  /' | head -20
		fails=$((fails + 1))
	fi
}

hasnot() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		echo "FAIL: $1: '$3' should not be in:"
		printf '%s\n' "$2" | sed 's/^/  /' | head -20
		fails=$((fails + 1))
	fi
}

# fp FILE: SHA-256 fingerprint of a PEM certificate, 64 upper-case hex.
fp() {
	openssl x509 -in "$1" -noout -fingerprint -sha256 |
	    sed 's/.*=//; s/://g'
}

json_ok() {
	if ! printf '%s\n' "$2" | python3 -m json.tool >/dev/null 2>&1; then
		echo "FAIL: $1: not JSON:"
		printf '%s\n' "$2" | head -20
		fails=$((fails + 1))
	fi
}

finish() {
	echo "$ntest run, $fails failed"
	[ "$fails" -eq 0 ]
	exit $?
}
