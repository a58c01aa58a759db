# src/conf: the configuration file reader and the module configuration.
noinst_LTLIBRARIES += src/conf/libebidconf.la
src_conf_libebidconf_la_SOURCES = \
	src/conf/conf.c src/conf/conf.h \
	src/conf/ini.c src/conf/ini.h \
	src/conf/pinfile.c src/conf/pinfile.h \
	src/conf/trust.c src/conf/trust.h \
	$(NULL)
src_conf_libebidconf_la_LIBADD = \
	src/policy/libebidpolicy.la \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(NULL)

dist_sysconf_DATA = conf/ebid-pkcs11.conf
dist_man_MANS += conf/ebid-pkcs11.conf.5
