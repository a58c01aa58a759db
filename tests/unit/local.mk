# tests/unit: cmocka unit tests, one per module, driven through the
# scripted transport (src/transport/script.h) where a card is needed.
if HAVE_CMOCKA
unit_cflags = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
unit_ldadd = \
	src/card/libebidcard.la \
	src/transport/libebidscript.la \
	src/transport/libebidtp.la \
	src/common/libebidcommon.la \
	$(CMOCKA_LIBS) \
	$(CRYPTO_LIBS) \
	$(PCSC_LIBS) \
	$(PTHREAD_LIBS) \
	$(NULL)
unit_harness = tests/unit/harness.c tests/unit/harness.h
unit_tests = \
	tests/unit/test-buf \
	tests/unit/test-tlv \
	tests/unit/test-sw \
	tests/unit/test-apdu \
	tests/unit/test-card \
	tests/unit/test-redact \
	tests/unit/test-tp \
	tests/unit/test-hex \
	tests/unit/test-log \
	tests/unit/test-vcard-link \
	$(NULL)
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)

# test-buf wraps free() to see that blobs are wiped before release.
tests_unit_test_buf_SOURCES = tests/unit/test-buf.c
tests_unit_test_buf_CFLAGS = $(unit_cflags)
tests_unit_test_buf_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=free
tests_unit_test_buf_LDADD = $(unit_ldadd)

tests_unit_test_tlv_SOURCES = tests/unit/test-tlv.c
tests_unit_test_tlv_CFLAGS = $(unit_cflags)
tests_unit_test_tlv_LDADD = $(unit_ldadd)

tests_unit_test_sw_SOURCES = tests/unit/test-sw.c
tests_unit_test_sw_CFLAGS = $(unit_cflags)
tests_unit_test_sw_LDADD = $(unit_ldadd)

tests_unit_test_apdu_SOURCES = tests/unit/test-apdu.c $(unit_harness)
tests_unit_test_apdu_CFLAGS = $(unit_cflags)
tests_unit_test_apdu_LDADD = $(unit_ldadd)

tests_unit_test_card_SOURCES = tests/unit/test-card.c $(unit_harness)
tests_unit_test_card_CFLAGS = $(unit_cflags)
tests_unit_test_card_LDADD = $(unit_ldadd)

tests_unit_test_redact_SOURCES = tests/unit/test-redact.c $(unit_harness)
tests_unit_test_redact_CFLAGS = $(unit_cflags)
tests_unit_test_redact_LDADD = $(unit_ldadd)

tests_unit_test_tp_SOURCES = tests/unit/test-tp.c $(unit_harness)
tests_unit_test_tp_CFLAGS = $(unit_cflags)
tests_unit_test_tp_LDADD = $(unit_ldadd)

tests_unit_test_hex_SOURCES = tests/unit/test-hex.c
tests_unit_test_hex_CFLAGS = $(unit_cflags)
tests_unit_test_hex_LDADD = $(unit_ldadd)

tests_unit_test_log_SOURCES = tests/unit/test-log.c
tests_unit_test_log_CFLAGS = $(unit_cflags)
tests_unit_test_log_LDADD = $(unit_ldadd)

# the emulator beside the card layer: no name of one clashes (issue 15)
tests_unit_test_vcard_link_SOURCES = tests/unit/test-vcard-link.c
tests_unit_test_vcard_link_CFLAGS = $(unit_cflags)
tests_unit_test_vcard_link_LDADD = src/vcard/libvcard.la $(unit_ldadd)
endif
