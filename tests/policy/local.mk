# tests/policy: unit tests of the policy layer and of the conf/ files it
# reads (test-conf, test-trust, test-pinfile), and the registry fuzz
# target replayed over its seeds (replay-registry.sh).
policy_ldadd = \
	src/policy/libebidpolicy.la \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(UNISTRING_LIBS) \
	$(NULL)
# conf/ over policy/: the configuration, trust loader and PIN counter file.
policy_conf_ldadd = \
	src/conf/libebidconf.la \
	src/policy/libebidpolicy.la \
	src/card/libebidcard.la \
	src/transport/libebidtp.la \
	src/common/libebidcommon.la \
	$(PCSC_LIBS) \
	$(CRYPTO_LIBS) \
	$(UNISTRING_LIBS) \
	$(NULL)

# Figures for reading large registries (printed, not asserted).
noinst_PROGRAMS += tests/bench/bench-registry
tests_bench_bench_registry_SOURCES = tests/bench/bench-registry.c
tests_bench_bench_registry_LDADD = $(policy_ldadd)

check_PROGRAMS += tests/policy/fuzz-registry
tests_policy_fuzz_registry_SOURCES = tests/policy/fuzz-registry.c
tests_policy_fuzz_registry_LDADD = $(policy_ldadd)
dist_check_SCRIPTS += tests/policy/replay-registry.sh
TESTS += tests/policy/replay-registry.sh

# The counted-failure allocator (allocfail.h): our allocations only.
allocfail_ldflags = \
	-Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc \
	-Wl,--wrap=strdup -Wl,--wrap=strndup -Wl,--wrap=free \
	$(NULL)
allocfail_sources = tests/policy/allocfail.c tests/policy/allocfail.h

if HAVE_CMOCKA
policy_tests = \
	tests/policy/test-oid \
	tests/policy/test-name \
	tests/policy/test-registry \
	tests/policy/test-decide \
	tests/policy/test-pinguard \
	tests/policy/test-conf \
	tests/policy/test-trust \
	tests/policy/test-pinfile \
	$(NULL)
check_PROGRAMS += $(policy_tests)
TESTS += $(policy_tests)

tests_policy_test_oid_SOURCES = tests/policy/test-oid.c tests/policy/certgen.h
tests_policy_test_oid_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_oid_LDADD = $(policy_ldadd) $(CMOCKA_LIBS)

tests_policy_test_name_SOURCES = tests/policy/test-name.c tests/policy/certgen.h
tests_policy_test_name_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_name_LDADD = $(policy_ldadd) $(CMOCKA_LIBS)

tests_policy_test_decide_SOURCES = tests/policy/test-decide.c tests/policy/certgen.h
tests_policy_test_decide_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_decide_LDADD = $(policy_ldadd) $(CMOCKA_LIBS)

tests_policy_test_pinguard_SOURCES = tests/policy/test-pinguard.c
tests_policy_test_pinguard_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_pinguard_LDADD = $(policy_ldadd) $(CMOCKA_LIBS)

tests_policy_test_registry_SOURCES = tests/policy/test-registry.c \
	$(allocfail_sources)
tests_policy_test_registry_LDFLAGS = $(AM_LDFLAGS) $(allocfail_ldflags)
tests_policy_test_registry_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_registry_LDADD = $(policy_ldadd) $(CMOCKA_LIBS)

tests_policy_test_conf_SOURCES = tests/policy/test-conf.c \
	$(allocfail_sources)
tests_policy_test_conf_LDFLAGS = $(AM_LDFLAGS) $(allocfail_ldflags)
tests_policy_test_conf_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_conf_LDADD = $(policy_conf_ldadd) $(CMOCKA_LIBS)

tests_policy_test_trust_SOURCES = tests/policy/test-trust.c tests/policy/certgen.h
tests_policy_test_trust_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_trust_LDADD = $(policy_conf_ldadd) $(CMOCKA_LIBS)

tests_policy_test_pinfile_SOURCES = tests/policy/test-pinfile.c
tests_policy_test_pinfile_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_policy_test_pinfile_LDADD = $(policy_conf_ldadd) $(CMOCKA_LIBS)
endif

EXTRA_DIST += \
	tests/policy/data \
	tests/policy/corpus-registry \
	$(NULL)

