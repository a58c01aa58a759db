#!/bin/sh
# replay.sh - run each fuzz target over its seed corpus (make check).
#
# For every directory tests/fuzz/corpus/NAME/ the program
# tests/fuzz/fuzz-NAME is run over all the seeds at once, then over the
# first seed again on stdin.  A crash, a sanitizer report or a broken
# invariant (abort) fails the test; the failing seeds are named.
# FUZZ_RUNNER may name a wrapper, e.g.
#   FUZZ_RUNNER="valgrind -q --error-exitcode=1" make check
set -u

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-.}
runner=${FUZZ_RUNNER:-}
status=0
ran=0

for dir in "$srcdir"/tests/fuzz/corpus/*/; do
	name=$(basename "$dir")
	prog=$builddir/tests/fuzz/fuzz-$name
	if [ ! -x "$prog" ]; then
		echo "replay: $prog is not built" >&2
		exit 99
	fi
	set -- "$dir"*
	if [ ! -f "$1" ]; then
		echo "replay: no seeds in $dir" >&2
		exit 99
	fi
	first=$1
	if $runner "$prog" "$@"; then
		echo "PASS: fuzz-$name over $# seeds"
	else
		echo "FAIL: fuzz-$name"
		status=1
		for seed in "$@"; do
			$runner "$prog" "$seed" >/dev/null 2>&1 ||
			    echo "  failing seed: $seed"
		done
	fi
	if ! $runner "$prog" <"$first"; then
		echo "FAIL: fuzz-$name on stdin ($first)"
		status=1
	fi
	ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
	echo "replay: no corpus under $srcdir/tests/fuzz/corpus" >&2
	exit 99
fi
exit $status
