#!/bin/sh
# libfuzzer.sh - `make fuzz`: build every fuzz target with clang,
# libFuzzer, ASan and UBSan in a tree of its own, run each for FUZZ_TIME
# seconds on a copy of its seeds, and print per target the executions,
# the new inputs kept and the crashes.  Exits 1 if any target crashed.
#
#   FUZZ_TIME     seconds per target (default 60)
#   FUZZ_TARGETS  which (default: all), e.g. "conf cert module"
#   FUZZ_BUILD    the build tree (default: fuzz-build in the current
#                 directory); configured once, rebuilt each time
#   FUZZ_OUT      where corpora, logs and crashes go (default:
#                 $FUZZ_BUILD/fuzz-out)
#   FUZZ_JOBS     targets run at once (default 1)
#   CC            a clang (default clang)
#
# The corpora in FUZZ_OUT/corpus/NAME persist and grow from run to run
# (the seeds are copied in each time).  A crash leaves
# FUZZ_OUT/crashes/NAME-crash-<sha1>; replay it with the
# target of the ordinary build (tests/fuzz/fuzz-NAME FILE), fix it, and
# add it to tests/fuzz/corpus/NAME/ so that make check replays it.
set -eu

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
time=${FUZZ_TIME:-60}
build=${FUZZ_BUILD:-$(pwd)/fuzz-build}
out=${FUZZ_OUT:-$build/fuzz-out}
jobs=${FUZZ_JOBS:-1}
cc=${CC:-clang}
all="tlv apdu features conf trust variants cert module registry"
targets=${FUZZ_TARGETS:-$all}
san='-fsanitize=address,undefined -fno-sanitize-recover=undefined'

case $cc in
*clang*) ;;
*) cc=clang ;;	# gcc has no libFuzzer
esac
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "make fuzz: $cc not found (apt-get install clang)" >&2
	exit 77
fi

# name -> program, seeds, max_len
prog() {
	case $1 in
	registry) echo tests/policy/fuzz-registry ;;
	*) echo "tests/fuzz/fuzz-$1" ;;
	esac
}
seeds() {
	case $1 in
	registry) echo "$srcdir/tests/policy/corpus-registry $srcdir/tests/policy/data" ;;
	*) echo "$srcdir/tests/fuzz/corpus/$1" ;;
	esac
}
maxlen() {
	case $1 in
	features) echo 300 ;;
	tlv|conf|variants) echo 8192 ;;
	cert) echo 16384 ;;
	*) echo 70000 ;;
	esac
}

mkdir -p "$build" "$out/crashes"
if [ ! -f "$build/Makefile" ]; then
	echo "make fuzz: configuring $build with $cc"
	(cd "$build" && "$srcdir/configure" CC="$cc" --disable-nls \
	    CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san" \
	    >"$out/configure.log" 2>&1) || {
		echo "make fuzz: configure failed, see $out/configure.log" >&2
		exit 1
	}
fi
progs=
for t in $targets; do
	progs="$progs $(prog "$t")"
done
echo "make fuzz: building$progs"
# EBID_LIBFUZZER drops our replay main(); no _FORTIFY_SOURCE under ASan.
# shellcheck disable=SC2086
make -C "$build" -j"${FUZZ_MAKE_JOBS:-2}" $progs \
    CPPFLAGS="-U_FORTIFY_SOURCE -DEBID_LIBFUZZER" \
    LDFLAGS="-fsanitize=fuzzer $san" >"$out/build.log" 2>&1 || {
	echo "make fuzz: build failed, see $out/build.log" >&2
	exit 1
}

# count DIR [GLOB]: files in DIR (named GLOB)
count() {
	find "$1" -maxdepth 1 -type f -name "${2:-*}" | wc -l
}

run() {
	t=$1
	p=$build/$(prog "$t")
	c=$out/corpus/$t
	mkdir -p "$c"
	for d in $(seeds "$t"); do
		cp "$d"/* "$c"/ 2>/dev/null || true
	done
	dict=
	[ -f "$srcdir/tests/fuzz/$t.dict" ] &&
	    dict="-dict=$srcdir/tests/fuzz/$t.dict"
	before=$(count "$c")
	# shellcheck disable=SC2086
	top_srcdir=$srcdir ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    "$p" -max_total_time="$time" -max_len="$(maxlen "$t")" \
	    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/crashes/$t-" $dict "$c" \
	    >"$out/$t.log" 2>&1 || true
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$out/$t.log" | tail -1)
	crashes=$(count "$out/crashes" "$t-*")
	after=$(count "$c")
	printf '%-9s execs %-10s corpus %5s -> %-5s crashes %s\n' "$t" \
	    "${execs:-?}" "$before" "$after" "$crashes" >"$out/$t.result"
	cat "$out/$t.result"
}

rm -f "$out"/crashes/* "$out"/*.result
echo "make fuzz: $time s per target, logs in $out"
n=0
for t in $targets; do
	run "$t" &
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		wait
		n=0
	fi
done
wait
echo "make fuzz: summary"
bad=0
for t in $targets; do
	cat "$out/$t.result"
	case $(cat "$out/$t.result") in
	*"crashes 0") ;;
	*) bad=1 ;;
	esac
done
if [ "$bad" -ne 0 ]; then
	echo "make fuzz: crashes in $out/crashes:"
	ls "$out/crashes"
	exit 1
fi
