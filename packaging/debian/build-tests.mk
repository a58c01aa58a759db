# debian/build-tests.mk: print the tests that a package build may run
# (see override_dh_auto_test in debian/rules).  Run from the top of the
# configured build tree: make -s -f debian/build-tests.mk print-build-tests
include Makefile

# Directories whose tests need root, pcscd and the virtual card lab.
LAB_TESTS = tests/integ/% tests/consumers/%

print-build-tests:
	@echo $(filter-out $(LAB_TESTS),$(TESTS))
.PHONY: print-build-tests
