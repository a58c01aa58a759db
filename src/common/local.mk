# src/common: logging, byte cursors and blobs, errors, secret memory.
noinst_LTLIBRARIES += src/common/libebidcommon.la
src_common_libebidcommon_la_SOURCES = \
	src/common/buf.c src/common/buf.h \
	src/common/dinfo.c src/common/dinfo.h \
	src/common/err.c src/common/err.h \
	src/common/hex.c src/common/hex.h \
	src/common/log.c src/common/log.h \
	src/common/mem.c src/common/mem.h \
	src/common/precond.c src/common/precond.h \
	$(NULL)
src_common_libebidcommon_la_LIBADD = $(CRYPTO_LIBS) $(PTHREAD_LIBS)
