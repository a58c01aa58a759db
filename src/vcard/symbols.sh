#!/bin/sh
# symbols.sh - every external name of the emulator begins with vc_, so
# that it links beside the card layer (whose names are card_*, tp_*, ...).
set -eu
lib="${top_builddir:-.}/src/vcard/.libs/libvcard.a"
[ -f "$lib" ] || { echo "FAIL: $lib not built"; exit 1; }
bad=$(nm -g --defined-only "$lib" |
    awk 'NF == 3 && $3 !~ /^vc_/ {print $3}' | sort -u)
if [ -n "$bad" ]; then
	echo "FAIL: $lib defines names without the vc_ prefix:"
	echo "$bad"
	exit 1
fi
n=$(nm -g --defined-only "$lib" | awk 'NF == 3' | wc -l)
echo "PASS: $lib defines $n external names, all vc_*"
