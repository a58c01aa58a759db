# tests/tool: ebid-tool readers, show, pin, interop, messages (issue 5).
# tool-lab.sh runs inside tests/integ/lab.sh's lab (it needs one); the
# others need no card.
dist_check_SCRIPTS += \
	tests/tool/tool-cli.sh \
	tests/tool/po-complete.sh \
	tests/tool/tool-lab.sh \
	tests/tool/mkconf.sh \
	tests/tool/completion.sh \
	$(NULL)
TESTS += tests/tool/tool-cli.sh tests/tool/po-complete.sh tests/tool/completion.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/tool/test-out
TESTS += tests/tool/test-out
tests_tool_test_out_SOURCES = tests/tool/test-out.c
tests_tool_test_out_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_tool_test_out_LDADD = src/tool/libebidtool.la $(CMOCKA_LIBS)
endif
