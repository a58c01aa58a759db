# src/transport: how APDUs reach a card (PC/SC).  The scripted transport is
# a library of its own, linked by unit tests and fuzzers only.
noinst_LTLIBRARIES += src/transport/libebidtp.la src/transport/libebidscript.la
src_transport_libebidtp_la_SOURCES = \
	src/transport/tp.c src/transport/tp.h \
	src/transport/pcsc.c \
	$(NULL)
src_transport_libebidtp_la_LIBADD = $(PCSC_LIBS)
src_transport_libebidscript_la_SOURCES = \
	src/transport/script.c src/transport/script.h \
	$(NULL)
