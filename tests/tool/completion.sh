#!/bin/sh
# completion.sh - the bash completion (src/tool/ebid-tool.bash) offers what
# ebid-tool's own help says: every command of --help, every subcommand and
# option of each "help COMMAND" synopsis, in its place; and the names of
# the configured authorities (from the real tool and a real configuration).
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
. "$srcdir/tests/require.sh"
need_cmd bash bash
TOOL=$builddir/src/tool/ebid-tool
script=$srcdir/src/tool/ebid-tool.bash
conf=$srcdir/conf/ebid-pkcs11.conf
[ -x "$TOOL" ] || { echo "FAIL: $TOOL not built"; exit 1; }
export LANG=C
unset LC_ALL LANGUAGE EBID_PKCS11_CONF
n=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $*"; }
bad() { n=$((n + 1)); fail=1; echo "not ok $n - $*"; }

# comp WORD...: the completions for "ebid-tool -c CONF WORD..." (the last
# WORD is the one being completed), one per line
comp() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_ebid_tool; printf "%s\n" "${COMPREPLY[@]}"' sh "$script" \
	    "$TOOL" -c "$conf" "$@"
}
# offers WHAT WANT WORD...: every word of WANT is among comp WORD...
offers() {
	_what=$1 _want=$2
	shift 2
	_got=$(comp "$@")
	_miss=""
	for _w in $_want; do
		printf '%s\n' "$_got" | grep -qxF -- "$_w" || _miss="$_miss $_w"
	done
	if [ -z "$_miss" ]; then ok "$_what"
	else bad "$_what: missing$_miss (offered: $(echo $_got))"; fi
}

cmds=$("$TOOL" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ -n "$cmds" ] || bad "ebid-tool --help lists no command"
offers "every command of --help" "$cmds help" ""
got=$(comp re | sort | tr '\n' ' ')
[ "$got" = "readers registry " ] && ok "'re' completes to readers and registry" ||
    bad "'re' completes to: $got"
offers "global options" "--json --lang --conf --help --version" --

# parts CMD: the synopsis of "help CMD" split at its top-level '|', one
# part per line, the command name dropped
parts() {
	"$TOOL" help "$1" | sed -n '1s/^usage: ebid-tool \[-c CONF\] \[--json\] //p' |
	    awk -v cmd="$1" '{
		sub("^" cmd " ?", ""); d = 0; p = ""
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (c == "(" || c == "[") d++
			if (c == ")" || c == "]") d--
			if (c == "|" && d == 0) { print p; p = ""; continue }
			p = p c
		}
		print p }'
}
for c in trust registry; do
	subs=$(parts $c | awk '{ print $1 }')
	offers "$c: every subcommand of its help" "$subs" $c ""
	parts $c >"$tmp/parts"
	while read -r s rest; do
		opts=$(printf '%s\n' "$rest" | grep -oE -- '(^|[ ([])-(-[a-z-]+|r)' |
		    sed 's/^[ ([]//' | sort -u)
		[ -n "$opts" ] || continue
		offers "$c $s: the options of its help" "$opts" $c $s x -
	done <"$tmp/parts"
done
for c in interop pin show; do
	opts=$(parts $c | grep -oE -- '(^|[ ([])-(-[a-z-]+|r)' | sed 's/^[ ([]//' | sort -u)
	offers "$c: the options of its help" "$opts" $c -
done
offers "--lang: ja and en" "ja en" --lang ""
ids=$("$TOOL" -c "$conf" --json trust list | sed -n 's/^ *"id": "\(.*\)",$/\1/p')
[ "$(echo $ids | wc -w)" -ge 5 ] || bad "trust list gave ids: $ids"
offers "trust show: the configured authorities" "$ids" trust show ""
got=$(comp trust show ao)
[ "$got" = aosign ] && ok "trust show ao completes to aosign" ||
    bad "trust show ao: $got"
echo "1..$n"
exit $fail
