#!/bin/sh
# replay-registry.sh - run fuzz-registry over its seeds (make check):
# all at once, then the first one on stdin.  FUZZ_RUNNER may name a
# wrapper, e.g. FUZZ_RUNNER="valgrind -q --error-exitcode=1".
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-.}
prog=$builddir/tests/policy/fuzz-registry
runner=${FUZZ_RUNNER:-}

if [ ! -x "$prog" ]; then
	echo "replay-registry: $prog is not built" >&2
	exit 99
fi
set -- "$srcdir"/tests/policy/corpus-registry/* "$srcdir"/tests/policy/data/*.csv
if [ ! -f "$1" ]; then
	echo "replay-registry: no seeds" >&2
	exit 99
fi
$runner "$prog" "$@" || { echo "FAIL: fuzz-registry"; exit 1; }
$runner "$prog" <"$1" || { echo "FAIL: fuzz-registry on stdin"; exit 1; }
echo "PASS: fuzz-registry over $# seeds"
