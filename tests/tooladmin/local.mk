# tests/tooladmin: ebid-tool registry and trust (issue 5).  A driver runs
# the subcommands from libebidtool; shell scripts make a test PKI with
# ebid-lab-mkcards and try every case, forbidden ones included.
# registry-lab.sh (cards in readers) runs inside the lab (tests/integ).
# make clean removes the shared test PKI (made once per build tree).
check_PROGRAMS += tests/tooladmin/tooladmin-driver
tests_tooladmin_tooladmin_driver_SOURCES = tests/tooladmin/driver.c
tests_tooladmin_tooladmin_driver_LDADD = src/tool/libebidtool.la

dist_check_SCRIPTS += \
	tests/tooladmin/common.sh \
	tests/tooladmin/test-registry.sh \
	tests/tooladmin/test-trust.sh \
	tests/tooladmin/test-po.sh \
	tests/tooladmin/registry-lab.sh \
	$(NULL)
TESTS += \
	tests/tooladmin/test-registry.sh \
	tests/tooladmin/test-trust.sh \
	tests/tooladmin/test-po.sh \
	$(NULL)

clean-local: clean-tooladmin
clean-tooladmin:
	-rm -rf tests/tooladmin/lab tests/tooladmin/lab.lock
.PHONY: clean-tooladmin
