# src/vcard: the card emulator ebid-vcard (owned by the emulator work).
# Everything but main() is the library libvcard.la, whose external names
# all begin with vc_ (symbols.sh checks it), so that a test program can
# link it beside any layer (tests/unit/test-vcard-link links the card
# layer with it).  It adds no library of its own: an archive that took in
# libebidcommon.la would carry common/'s names too.
noinst_LTLIBRARIES += src/vcard/libvcard.la
src_vcard_libvcard_la_SOURCES = \
	src/vcard/apdu.c src/vcard/apdu.h \
	src/vcard/atr.c src/vcard/atr.h \
	src/vcard/card.c src/vcard/card.h \
	src/vcard/desc.c src/vcard/desc.h \
	src/vcard/desccheck.c \
	src/vcard/descparse.h \
	src/vcard/descval.c \
	src/vcard/diag.c src/vcard/diag.h \
	src/vcard/hex.c src/vcard/hex.h \
	src/vcard/iso.c src/vcard/iso.h \
	src/vcard/jacic.c \
	src/vcard/jpki.c \
	src/vcard/load.c src/vcard/load.h \
	src/vcard/loop.c src/vcard/loop.h \
	src/vcard/num.c src/vcard/num.h \
	src/vcard/rsa.c src/vcard/rsa.h \
	src/vcard/sec.c src/vcard/sec.h \
	src/vcard/sig.c src/vcard/sig.h \
	src/vcard/state.c src/vcard/state.h \
	src/vcard/sw.h \
	src/vcard/trace.c src/vcard/trace.h \
	src/vcard/vpcd.c src/vcard/vpcd.h \
	$(NULL)
bin_PROGRAMS += src/vcard/ebid-vcard
src_vcard_ebid_vcard_SOURCES = src/vcard/main.c
src_vcard_ebid_vcard_LDADD = \
	src/vcard/libvcard.la \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(NULL)
EXTRA_DIST += src/vcard/symbols.sh
TESTS += src/vcard/symbols.sh
