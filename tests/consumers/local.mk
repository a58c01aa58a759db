# tests/consumers: the module in real consumers (NSS, GnuTLS, OpenSSL, p11-kit, Java, Chromium).
# consumers.sh needs a running lab, so it is not in TESTS: tests/integ/lab.sh
# calls it inside its lab.  SignCheck.java is compiled by consumers.sh at test
# time (javac into a temporary directory), so it is only distributed.
dist_check_SCRIPTS += tests/consumers/consumers.sh
EXTRA_DIST += \
	tests/consumers/SignCheck.java \
	tests/consumers/README.md \
	$(NULL)
