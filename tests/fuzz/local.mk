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
# The parsers of documents: configuration, trust files, kanji variants,
# certificates (policy/ over conf/).
fuzz_policy_ldadd = \
	src/conf/libebidconf.la \
	src/policy/libebidpolicy.la \
	src/card/libebidcard.la \
	src/transport/libebidtp.la \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(UNISTRING_LIBS) \
	$(PCSC_LIBS) \
	$(NULL)
# The whole module (libebidscript first: it uses the common layer inside
# libebid-testable).
fuzz_module_ldadd = \
	src/transport/libebidscript.la \
	src/pkcs11/libebid-testable.la \
	$(CRYPTO_LIBS) \
	$(UNISTRING_LIBS) \
	$(PCSC_LIBS) \
	$(PTHREAD_LIBS) \
	$(NULL)
fuzz_programs = \
	tests/fuzz/fuzz-tlv \
	tests/fuzz/fuzz-apdu \
	tests/fuzz/fuzz-features \
	tests/fuzz/fuzz-conf \
	tests/fuzz/fuzz-trust \
	tests/fuzz/fuzz-variants \
	tests/fuzz/fuzz-cert \
	tests/fuzz/fuzz-module \
	$(NULL)
check_PROGRAMS += $(fuzz_programs)

tests_fuzz_fuzz_tlv_SOURCES = tests/fuzz/fuzz-tlv.c $(fuzz_common)
tests_fuzz_fuzz_tlv_LDADD = $(fuzz_ldadd)

tests_fuzz_fuzz_apdu_SOURCES = tests/fuzz/fuzz-apdu.c $(fuzz_common)
tests_fuzz_fuzz_apdu_LDADD = $(fuzz_ldadd)

tests_fuzz_fuzz_features_SOURCES = tests/fuzz/fuzz-features.c $(fuzz_common)
tests_fuzz_fuzz_features_LDADD = $(fuzz_ldadd)

tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz-conf.c $(fuzz_common)
tests_fuzz_fuzz_conf_LDADD = $(fuzz_policy_ldadd)

tests_fuzz_fuzz_trust_SOURCES = tests/fuzz/fuzz-trust.c $(fuzz_common)
tests_fuzz_fuzz_trust_LDADD = $(fuzz_policy_ldadd)

tests_fuzz_fuzz_variants_SOURCES = tests/fuzz/fuzz-variants.c $(fuzz_common)
tests_fuzz_fuzz_variants_LDADD = $(fuzz_policy_ldadd)

tests_fuzz_fuzz_cert_SOURCES = tests/fuzz/fuzz-cert.c $(fuzz_common)
tests_fuzz_fuzz_cert_LDADD = $(fuzz_policy_ldadd)

tests_fuzz_fuzz_module_SOURCES = tests/fuzz/fuzz-module.c $(fuzz_common)
tests_fuzz_fuzz_module_CFLAGS = $(AM_CFLAGS) \
	-DFUZZ_TOP_SRCDIR='"$(abs_top_srcdir)"'
tests_fuzz_fuzz_module_LDADD = $(fuzz_module_ldadd)

dist_check_SCRIPTS += tests/fuzz/replay.sh
TESTS += tests/fuzz/replay.sh
EXTRA_DIST += \
	tests/fuzz/README.md \
	tests/fuzz/mkseeds.sh \
	tests/fuzz/mkseeds-docs.py \
	tests/fuzz/libfuzzer.sh \
	tests/fuzz/conf.dict \
	tests/fuzz/trust.dict \
	tests/fuzz/corpus \
	tests/fuzz/module \
	$(NULL)

# make fuzz: every target under libFuzzer, ASan and UBSan, FUZZ_TIME
# seconds each (default 60), in a clang build tree of its own
# (tests/fuzz/README.md).
fuzz:
	FUZZ_BUILD="$${FUZZ_BUILD:-$(abs_top_builddir)/fuzz-build}" \
	    $(SHELL) $(abs_top_srcdir)/tests/fuzz/libfuzzer.sh
.PHONY: fuzz
