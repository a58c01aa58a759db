# src/lab: the virtual card lab command and the test PKI (owned by the lab work).
#
# Both programs are plain scripts used straight from the source tree by the
# tests ($(top_srcdir)/src/lab/ebid-lab with EBID_VCARD and EBID_LAB_MKCARDS
# set) and installed side by side, where ebid-lab finds ebid-lab-mkcards.
# Nothing generated (keys, certificates, card descriptions) is distributed.

bin_SCRIPTS += \
	src/lab/ebid-lab \
	src/lab/ebid-lab-mkcards \
	$(NULL)

EXTRA_DIST += \
	src/lab/ebid-lab \
	src/lab/ebid-lab-mkcards \
	src/lab/README.md \
	$(NULL)
