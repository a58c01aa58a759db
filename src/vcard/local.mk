# src/vcard: the card emulator ebid-vcard (owned by the emulator work).
bin_PROGRAMS += src/vcard/ebid-vcard
src_vcard_ebid_vcard_SOURCES = \
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
	src/vcard/main.c \
	src/vcard/rsa.c src/vcard/rsa.h \
	src/vcard/sec.c src/vcard/sec.h \
	src/vcard/sig.c src/vcard/sig.h \
	src/vcard/state.c src/vcard/state.h \
	src/vcard/sw.h \
	src/vcard/trace.c src/vcard/trace.h \
	src/vcard/vpcd.c src/vcard/vpcd.h \
	$(NULL)
src_vcard_ebid_vcard_LDADD = \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(NULL)
