# tests/consumers: the module in real consumers (NSS, GnuTLS, OpenSSL,
# p11-kit, Java, Chromium, Firefox).  consumers.sh needs a running lab, so
# it is not in TESTS: tests/integ/lab.sh calls it inside its lab
# (chromium.sh and firefox.sh from consumers.sh; refused.sh is called by
# lab.sh for each card the policy refuses).  lib.sh is sourced by the
# four.  SignCheck.java is compiled by consumers.sh at test time (javac
# into a temporary directory), so it is only distributed.
dist_check_SCRIPTS += \
	tests/consumers/consumers.sh \
	tests/consumers/chromium.sh \
	tests/consumers/firefox.sh \
	tests/consumers/refused.sh \
	$(NULL)
EXTRA_DIST += \
	tests/consumers/SignCheck.java \
	tests/consumers/README.md \
	tests/consumers/lib.sh \
	$(NULL)

# pinwrap.so: a TEST-ONLY module that logs every new session in with the PIN
# in EBID_PINWRAP_PIN, for headless Chromium and Firefox (which cannot ask
# for a PIN).
# check_LTLIBRARIES: built by make check (before lab.sh runs), never
# installed; -rpath makes libtool build a shared module.
check_LTLIBRARIES += tests/consumers/pinwrap.la
tests_consumers_pinwrap_la_SOURCES = tests/consumers/pinwrap.c
tests_consumers_pinwrap_la_LIBADD = $(PTHREAD_LIBS) -ldl
tests_consumers_pinwrap_la_LDFLAGS = \
	$(AM_LDFLAGS) -module -avoid-version -no-undefined -rpath /nowhere \
	-export-symbols-regex '^C_GetFunctionList$$' \
	$(NULL)
