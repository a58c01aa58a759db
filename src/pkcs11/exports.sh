#!/bin/sh
# exports.sh - the module exports exactly what ebid-pkcs11.map lists.
set -eu
so="${top_builddir:-.}/src/pkcs11/.libs/ebid-pkcs11.so"
map="${top_srcdir:-.}/src/pkcs11/ebid-pkcs11.map"
[ -f "$so" ] || { echo "FAIL: $so not built"; exit 1; }
want=$(sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);$/\1/p' "$map" | sort)
got=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sort)
if [ "$want" != "$got" ]; then
	echo "FAIL: exported symbols differ from $map"
	echo "want: $want"
	echo "got:  $got"
	exit 1
fi
echo "PASS: $so exports only: $got"
