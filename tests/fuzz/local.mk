# tests/fuzz: fuzz targets.  Each has a main() (main.c) that replays the
# files named on its command line; replay.sh runs them over the seed
# corpus in tests/fuzz/corpus/<name>/ during `make check`.  Build with
# -DEBID_LIBFUZZER and -fsanitize=fuzzer for real fuzzing (README.md).
fuzz_common = tests/fuzz/main.c tests/fuzz/fuzz.h
fuzz_ldadd = \
	src/card/libebidcard.la \
	src/transport/libebidscript.la \
	src/transport/libebidtp.la \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(PCSC_LIBS) \
	$(PTHREAD_LIBS) \
	$(NULL)
fuzz_programs = \
	tests/fuzz/fuzz-tlv \
	tests/fuzz/fuzz-apdu \
	$(NULL)
check_PROGRAMS += $(fuzz_programs)

tests_fuzz_fuzz_tlv_SOURCES = tests/fuzz/fuzz-tlv.c $(fuzz_common)
tests_fuzz_fuzz_tlv_LDADD = $(fuzz_ldadd)

tests_fuzz_fuzz_apdu_SOURCES = tests/fuzz/fuzz-apdu.c $(fuzz_common)
tests_fuzz_fuzz_apdu_LDADD = $(fuzz_ldadd)

dist_check_SCRIPTS += tests/fuzz/replay.sh
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += \
	tests/fuzz/README.md \
	tests/fuzz/mkseeds.sh \
	tests/fuzz/corpus \
	$(NULL)
