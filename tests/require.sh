# require.sh - sourced by the shell tests: one rule for a dependency that
# is missing here.  Normally the test skips (exit 77) and says what is
# missing; under CI (EBID_REQUIRE_ALL=1, which packaging/run-tests sets, or
# the older EBID_REQUIRE_LAB=1) a missing dependency is a failure of
# packaging/install-deps, and the test fails naming it.  Skips a test
# declares intended (EBID_LAB_SKIP, an ASan module Chromium cannot load,
# hardware opt-ins) do not come here.

# required: true under CI, where nothing may be missing
required() {
	[ "${EBID_REQUIRE_ALL:-0}" = 1 ] || [ "${EBID_REQUIRE_LAB:-0}" = 1 ]
}

# missing WHAT: the whole test cannot run without WHAT
missing() {
	if required; then
		echo "FAIL: required but missing: $*"
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

# need_cmd PACKAGE CMD...: every CMD is in PATH, or missing() names it
# with the Debian package packaging/install-deps installs it from
need_cmd() {
	_pkg=$1
	shift
	for _c; do
		command -v "$_c" >/dev/null 2>&1 ||
		    missing "$_c (package $_pkg, packaging/install-deps)"
	done
}

# missing_part WHAT: one part of a test cannot run; returns 1 (the
# caller counts a failure) under CI, 0 after a "# SKIP" line otherwise
missing_part() {
	if required; then
		echo "FAIL: required but missing: $*"
		return 1
	fi
	echo "# SKIP $*"
	return 0
}
