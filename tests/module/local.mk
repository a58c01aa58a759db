# tests/module: the PKCS#11 module through its function list, driven by
# the scripted transport (src/transport/script.h): every function's
# argument and state errors with exact CKR values, and the attribute
# rules.  The card's certificate is made at test time with OpenSSL.
if HAVE_CMOCKA
module_cflags = \
	$(AM_CFLAGS) \
	$(CMOCKA_CFLAGS) \
	-DFX_TOP_SRCDIR='"$(abs_top_srcdir)"' \
	$(NULL)
# libebidscript first: it uses the common layer inside libebid-testable.
module_ldadd = \
	src/transport/libebidscript.la \
	src/pkcs11/libebid-testable.la \
	$(CMOCKA_LIBS) \
	$(CRYPTO_LIBS) \
	$(PCSC_LIBS) \
	$(PTHREAD_LIBS) \
	$(NULL)
module_fixture = \
	tests/module/p11-fixture.c \
	tests/module/p11-fixture.h \
	$(NULL)
module_tests = \
	tests/module/test-p11-general \
	tests/module/test-p11-slot \
	tests/module/test-p11-session \
	tests/module/test-p11-object \
	tests/module/test-p11-sign \
	tests/module/test-p11-removal \
	tests/module/test-p11-policy \
	tests/module/test-p11-enter \
	$(NULL)
check_PROGRAMS += $(module_tests)
TESTS += $(module_tests)

tests_module_test_p11_general_SOURCES = \
	tests/module/test-p11-general.c $(module_fixture) $(NULL)
tests_module_test_p11_general_CFLAGS = $(module_cflags)
tests_module_test_p11_general_LDADD = $(module_ldadd)

tests_module_test_p11_slot_SOURCES = \
	tests/module/test-p11-slot.c $(module_fixture) $(NULL)
tests_module_test_p11_slot_CFLAGS = $(module_cflags)
tests_module_test_p11_slot_LDADD = $(module_ldadd)

tests_module_test_p11_session_SOURCES = \
	tests/module/test-p11-session.c $(module_fixture) $(NULL)
tests_module_test_p11_session_CFLAGS = $(module_cflags)
tests_module_test_p11_session_LDADD = $(module_ldadd)

tests_module_test_p11_object_SOURCES = \
	tests/module/test-p11-object.c $(module_fixture) $(NULL)
tests_module_test_p11_object_CFLAGS = $(module_cflags)
tests_module_test_p11_object_LDADD = $(module_ldadd)

tests_module_test_p11_sign_SOURCES = \
	tests/module/test-p11-sign.c $(module_fixture) $(NULL)
tests_module_test_p11_sign_CFLAGS = $(module_cflags)
tests_module_test_p11_sign_LDADD = $(module_ldadd)

tests_module_test_p11_removal_SOURCES = \
	tests/module/test-p11-removal.c $(module_fixture) $(NULL)
tests_module_test_p11_removal_CFLAGS = $(module_cflags)
tests_module_test_p11_removal_LDADD = $(module_ldadd)

tests_module_test_p11_policy_SOURCES = \
	tests/module/test-p11-policy.c $(module_fixture) $(NULL)
tests_module_test_p11_policy_CFLAGS = $(module_cflags)
tests_module_test_p11_policy_LDADD = $(module_ldadd)

tests_module_test_p11_enter_SOURCES = \
	tests/module/test-p11-enter.c $(module_fixture) $(NULL)
tests_module_test_p11_enter_CFLAGS = $(module_cflags)
tests_module_test_p11_enter_LDADD = $(module_ldadd)
endif
