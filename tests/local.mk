# tests: unit tests (cmocka, scripted transport), fuzz-seed replays, and the
# integration tests that run against the real pcscd and ebid-vcard.
include tests/unit/local.mk
include tests/fuzz/local.mk
include tests/integ/local.mk

dist_check_SCRIPTS += tests/manlint.sh
EXTRA_DIST += tests/require.sh
dist_check_SCRIPTS += tests/deps-agree.sh
TESTS += tests/deps-agree.sh
TESTS += tests/manlint.sh
# the layer table of README.md, and a proof that it catches a bad include
dist_check_SCRIPTS += tests/layers.sh tests/layers-bad.sh
TESTS += tests/layers.sh tests/layers-bad.sh
include tests/module/local.mk
include tests/policy/local.mk
include tests/consumers/local.mk
include tests/tool/local.mk
include tests/tooladmin/local.mk
include tests/corpus/local.mk
