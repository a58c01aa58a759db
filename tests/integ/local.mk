# tests/integ: against the real pcscd, vpcd and ebid-vcard, in the lab.
# lab.sh starts one lab for the whole run (one pcscd per machine) and runs
# every integration program and peer tool inside it.
if HAVE_CMOCKA
check_PROGRAMS += tests/integ/test-lab-card
tests_integ_test_lab_card_SOURCES = tests/integ/test-lab-card.c
tests_integ_test_lab_card_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_integ_test_lab_card_LDADD = \
	src/card/libebidcard.la \
	$(CMOCKA_LIBS) $(CRYPTO_LIBS) $(PCSC_LIBS) \
	$(NULL)
endif

noinst_PROGRAMS += tests/bench/bench-lab
tests_bench_bench_lab_SOURCES = tests/bench/bench-lab.c
tests_bench_bench_lab_LDADD = src/card/libebidcard.la $(CRYPTO_LIBS) $(PCSC_LIBS)

dist_check_SCRIPTS += \
	tests/integ/lab.sh \
	tests/integ/opensc-jpki.sh \
	tests/integ/p11test.sh \
	tests/integ/pkcs11-tool.sh \
	tests/integ/policy.sh \
	tests/integ/policy-forms.sh \
	tests/integ/two-labs.sh \
	$(NULL)
TESTS += tests/integ/lab.sh tests/integ/two-labs.sh
# p11test.sh's references, one per card (see the script)
EXTRA_DIST += \
	tests/integ/p11test-ref/README.md \
	tests/integ/p11test-ref/aosign-representative.json \
	tests/integ/p11test-ref/toinx-rsa4096.json \
	$(NULL)

noinst_PROGRAMS += tests/demo/lab-demo
tests_demo_lab_demo_SOURCES = tests/demo/lab-demo.c
tests_demo_lab_demo_LDADD = src/card/libebidcard.la $(CRYPTO_LIBS) $(PCSC_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/integ/test-lab-module
tests_integ_test_lab_module_SOURCES = tests/integ/test-lab-module.c
tests_integ_test_lab_module_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_integ_test_lab_module_LDADD = $(CMOCKA_LIBS) -ldl
endif

noinst_PROGRAMS += tests/bench/bench-module
tests_bench_bench_module_SOURCES = tests/bench/bench-module.c
tests_bench_bench_module_LDADD = \
	src/card/libebidcard.la $(CRYPTO_LIBS) $(PCSC_LIBS) -ldl \
	$(NULL)
