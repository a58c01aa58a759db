#!/bin/sh
# symbols.sh - every external name of the emulator begins with vc_, so
# that it links beside the card layer (whose names are card_*, tp_*, ...).
set -eu
lib="${top_builddir:-.}/src/vcard/.libs/libvcard.a"
[ -f "$lib" ] || { echo "FAIL: $lib not built"; exit 1; }
# Names the compiler's instrumentation adds (ASan's ODR indicators, the
# sanitizers' and coverage's own) are not the emulator's.
ours() {
	nm -g --defined-only "$lib" | awk 'NF == 3 &&
	    $3 !~ /^__(odr_asan|asan|ubsan|sancov|gcov|llvm)/ { print $3 }'
}
bad=$(ours | grep -v '^vc_' | sort -u || true)
if [ -n "$bad" ]; then
	echo "FAIL: $lib defines names without the vc_ prefix:"
	echo "$bad"
	exit 1
fi
n=$(ours | wc -l)
echo "PASS: $lib defines $n external names, all vc_*"
