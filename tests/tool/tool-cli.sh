#!/bin/sh
# tool-cli.sh - ebid-tool without a card: options, exit codes, help,
# show FILE (text and --json), the configuration errors, and the messages
# in Japanese with LANG=ja_JP.UTF-8 (also where that locale is not
# generated).  Needs no reader and no pcscd.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
TOOL="$builddir/src/tool/ebid-tool"
export EBID_TOOL_LOCALEDIR="$builddir/po/locale"
unset LANGUAGE LC_ALL LC_MESSAGES EBID_PKCS11_CONF
export LANG=C

[ -x "$TOOL" ] || { echo "FAIL: $TOOL not built"; exit 1; }
. "$srcdir/tests/require.sh"
need_cmd openssl openssl
need_cmd python3 python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
bad() { n=$((n + 1)); echo "not ok $n - $*"; fail=1; }

# expect RC DESC CMD...: the exit status is RC.
expect() {
	want=$1 desc=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		ok "$desc (exit $got)"
	else
		bad "$desc: exit $got, wanted $want"
		sed 's/^/# /' "$tmp/out" "$tmp/err"
	fi
}
has() {	# has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then ok "$3"; else
		bad "$3: no \"$2\""; sed 's/^/# /' "$1"; fi
}
json() {	# json FILE DESC
	if python3 -m json.tool "$1" >/dev/null 2>"$tmp/jerr"; then
		ok "$2: valid JSON"
	else
		bad "$2: invalid JSON"; sed 's/^/# /' "$1" "$tmp/jerr"
	fi
}

# A conf: the shipped one, its [policy] replaced (no registry).
awk '/^\[/ { skip = ($0 == "[policy]") } !skip' \
    "$srcdir/conf/ebid-pkcs11.conf" >"$tmp/t.conf"
printf '[policy]\nvariants = %s\n' "$srcdir/conf/kanji-variants.txt" \
    >>"$tmp/t.conf"
printf '[authority broken\n' >"$tmp/bad.conf"

# A certificate that no configured authority issued, ~30 days left.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" \
    -out "$tmp/c.pem" -days 30 -subj "/C=JP/O=試験商事/CN=試験　次郎" \
    -utf8 >/dev/null 2>&1 || { echo "FAIL: openssl req"; exit 1; }
openssl x509 -in "$tmp/c.pem" -outform DER -out "$tmp/c.der"

expect 0 "--help" "$TOOL" --help
has "$tmp/out" "interop" "--help lists interop"
has "$tmp/out" "registry" "--help lists registry"
expect 0 "--version" "$TOOL" --version
has "$tmp/out" "ebid-tool" "--version names the tool"
expect 0 "help show" "$TOOL" help show
has "$tmp/out" "show [-r READER | FILE]" "help show gives the syntax"
expect 0 "show --help" "$TOOL" show --help
expect 2 "no command" "$TOOL"
expect 2 "unknown command" "$TOOL" frobnicate
has "$tmp/err" "unknown command \"frobnicate\"" "names the unknown command"
expect 2 "bad option" "$TOOL" --bogus readers
expect 2 "help of an unknown command" "$TOOL" help frobnicate
expect 2 "show with two files" "$TOOL" -c "$tmp/t.conf" show a b
expect 2 "show with -r and a file" "$TOOL" -c "$tmp/t.conf" show -r R a
expect 2 "-r without a name" "$TOOL" -c "$tmp/t.conf" pin -r
expect 2 "pin with an extra argument" "$TOOL" -c "$tmp/t.conf" pin x
expect 2 "readers with an argument" "$TOOL" -c "$tmp/t.conf" readers x
expect 2 "interop with a bad option" "$TOOL" -c "$tmp/t.conf" interop --x
expect 2 "interop --pin-env of an unset variable" env -u NOPE "$TOOL" \
    -c "$tmp/t.conf" interop --pin-env NOPE
expect 2 "interop --pin-stdin with nothing" "$TOOL" -c "$tmp/t.conf" \
    interop --pin-stdin </dev/null
expect 3 "missing configuration" "$TOOL" -c "$tmp/none.conf" show "$tmp/c.pem"
expect 3 "malformed configuration" "$TOOL" -c "$tmp/bad.conf" show \
    "$tmp/c.pem"
has "$tmp/err" "bad.conf" "the configuration error names the file"
expect 3 "EBID_PKCS11_CONF is read" env EBID_PKCS11_CONF="$tmp/bad.conf" \
    "$TOOL" show "$tmp/c.pem"
expect 2 "show of a missing file" "$TOOL" -c "$tmp/t.conf" show "$tmp/nope"
expect 2 "show of a non-certificate" "$TOOL" -c "$tmp/t.conf" show \
    "$tmp/t.conf"

# show FILE: an untrusted certificate is refused (exit 1), with reasons.
expect 1 "show PEM (refused)" "$TOOL" -c "$tmp/t.conf" show "$tmp/c.pem"
has "$tmp/out" "Holder: 試験　次郎" "show: holder"
has "$tmp/out" "Organisation: 試験商事" "show: organisation"
has "$tmp/out" "WARNING: the certificate expires in" "show: <60 days warning"
has "$tmp/out" "Key size (bits): 2048" "show: key size"
fp=$(openssl x509 -in "$tmp/c.pem" -outform DER | sha256sum | cut -d' ' -f1)
has "$tmp/out" "SHA-256 fingerprint: $fp" "show: SHA-256 fingerprint"
has "$tmp/out" "is not a configured authority" "show: the trust reason"
expect 1 "show DER" "$TOOL" -c "$tmp/t.conf" show "$tmp/c.der"
expect 1 "show --json" "$TOOL" -c "$tmp/t.conf" --json show "$tmp/c.der"
json "$tmp/out" "show --json"
if python3 - "$tmp/out" "$fp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["holder"] == "試験　次郎", d
assert d["sha256"] == sys.argv[2]
assert d["key_bits"] == 2048 and d["expires_soon"] is True
assert 28 <= d["days_left"] <= 30
assert d["verdict"]["accepted"] is False
kinds = [r["kind"] for r in d["verdict"]["reasons"]]
assert "trust" in kinds, kinds
PY
then ok "show --json: fields"; else bad "show --json: fields"; fi

# Japanese: LANG=ja_JP.UTF-8 (generated or not), and --lang.
expect 1 "show, LANG=ja_JP.UTF-8" env LANG=ja_JP.UTF-8 "$TOOL" \
    -c "$tmp/t.conf" show "$tmp/c.pem"
has "$tmp/out" "名義人: 試験　次郎" "ja: labels"
has "$tmp/out" "警告: 証明書はあと" "ja: the expiry warning"
has "$tmp/out" "=> 使用できません" "ja: the verdict"
has "$tmp/out" "は設定された認証局ではありません" "ja: policy reasons"
if grep -q "Holder\|REFUSED\|WARNING" "$tmp/out"; then
	bad "ja: English left in the output"; sed 's/^/# /' "$tmp/out"
else
	ok "ja: no English label left"
fi
expect 2 "LC_ALL=ja_JP.UTF-8 error" env LC_ALL=ja_JP.UTF-8 "$TOOL" frob
has "$tmp/err" "「frob」というコマンドはありません" "ja: error messages"
expect 0 "LANG=ja_JP.UTF-8 --help" env LANG=ja_JP.UTF-8 "$TOOL" --help
has "$tmp/out" "コマンド:" "ja: --help"
expect 0 "--lang en under a Japanese locale" env LANG=ja_JP.UTF-8 \
    "$TOOL" --lang en --help
has "$tmp/out" "Commands:" "--lang en wins"
expect 0 "--lang ja under C" "$TOOL" --lang ja --help
has "$tmp/out" "コマンド:" "--lang ja wins"

echo "1..$n"
exit $fail
