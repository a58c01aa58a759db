#!/bin/sh
# layers-bad.sh - layers.sh fails on a tree with forbidden includes
# planted in it, naming each file:line and the rule, and passes the same
# tree without them.
set -u
srcdir=${top_srcdir:-.}
check="$srcdir/tests/layers.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/policy" "$tmp/src/card" "$tmp/src/conf"
cp "$srcdir/README.md" "$tmp/README.md"
printf '#include "config.h"\n#include "common/err.h"\n' > "$tmp/src/policy/a.c"
printf '#include "card/card.h"\n#include "policy/decide.h"\n' > "$tmp/src/conf/b.c"
if ! sh "$check" "$tmp/README.md" "$tmp/src" >"$tmp/out" 2>&1; then
	echo "FAIL: a clean tree was refused:"; cat "$tmp/out"; exit 1
fi
echo "ok - a tree that follows the table passes"
rc=0
expect() {	# planted line, file, expected message
	printf '%s\n' "$1" >> "$tmp/src/$2"
	if sh "$check" "$tmp/README.md" "$tmp/src" >"$tmp/out" 2>&1; then
		echo "FAIL: $2: '$1' was not caught"; rc=1
	elif ! grep -F "$3" "$tmp/out" >/dev/null; then
		echo "FAIL: $2: '$1' caught without '$3':"; cat "$tmp/out"; rc=1
	else
		echo "ok - caught: $(grep -F "$3" "$tmp/out")"
	fi
}
# policy is pure: no card, no conf (line 3 of a.c)
expect '#include "conf/conf.h"' policy/a.c \
    'src/policy/a.c:3: "conf/conf.h": src/policy may not include src/conf'
# a lower layer never includes a higher one
expect '#include "token/token.h"' card/c.c \
    'src/card/c.c:1: "token/token.h": src/card may not include src/token'
# an include without its directory
expect '#include "err.h"' policy/a.c 'src/policy/a.c:4: "err.h": name the'
# a directory that has no row
mkdir -p "$tmp/src/extra"
expect '#include "common/err.h"' extra/d.c \
    'src/extra/d.c: layer src/extra is not in the table'
# the rule comes from the table: take src/card from conf's row
sed '/^| `src\/conf` |/s/ `src\/card`,//' "$srcdir/README.md" > "$tmp/README.md"
expect '' conf/b.c \
    'src/conf/b.c:1: "card/card.h": src/conf may not include src/card'
# no table at all
printf '# nothing\n' > "$tmp/README.md"
expect '' policy/a.c 'no layer table'
exit $rc
