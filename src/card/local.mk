# src/card: ISO 7816-4 (APDUs, status words, BER-TLV) and the JACIC
# reference card driver.
noinst_LTLIBRARIES += src/card/libebidcard.la
src_card_libebidcard_la_SOURCES = \
	src/card/apdu.c src/card/apdu.h \
	src/card/card.c src/card/card.h \
	src/card/sw.c src/card/sw.h \
	src/card/tlv.c src/card/tlv.h \
	$(NULL)
src_card_libebidcard_la_LIBADD = \
	src/transport/libebidtp.la \
	src/common/libebidcommon.la \
	$(NULL)
