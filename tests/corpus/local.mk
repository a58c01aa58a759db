# tests/corpus: the adversarial certificate corpus (issue 10).  Every
# case is generated at test time (keys, CAs, certificates, configuration,
# registry) and decided by ebid-tool and by the module; both must agree
# with each other and with the verdict the case table writes from the
# documented rules.  jpki-ca/ holds the public J-LIS CA certificates.
if HAVE_CMOCKA
check_PROGRAMS += tests/corpus/test-corpus
TESTS += tests/corpus/test-corpus
tests_corpus_test_corpus_SOURCES = \
	tests/corpus/corpus.h \
	tests/corpus/cases.c \
	tests/corpus/gen.c \
	tests/corpus/simcard.c \
	tests/corpus/test-corpus.c \
	$(module_fixture) \
	$(NULL)
tests_corpus_test_corpus_CFLAGS = $(module_cflags)
tests_corpus_test_corpus_LDADD = \
	src/tool/libebidtool.la \
	$(module_ldadd) \
	$(UNISTRING_LIBS) \
	$(NULL)
endif
EXTRA_DIST += \
	tests/corpus/jpki-ca/sign_ca_2015.pem \
	tests/corpus/jpki-ca/sign_ca_2023.pem \
	tests/corpus/jpki-ca/auth_ca_2015.pem \
	tests/corpus/jpki-ca/auth_ca_2023.pem \
	$(NULL)
