# src/conf: the configuration file reader and the module configuration.
noinst_LTLIBRARIES += src/conf/libebidconf.la
src_conf_libebidconf_la_SOURCES = \
	src/conf/conf.c src/conf/conf.h \
	src/conf/ini.c src/conf/ini.h \
	src/conf/pinfile.c src/conf/pinfile.h \
	src/conf/trust.c src/conf/trust.h \
	$(NULL)
src_conf_libebidconf_la_LIBADD = $(UNISTRING_LIBS)

dist_sysconf_DATA = conf/ebid-pkcs11.conf

# /etc/ebid-pkcs11/: the kanji variant table, the CA bundles written by
# ebid-tool trust (certs/), and the bidders' registry (registry.csv).
ebidconfdir = $(sysconfdir)/ebid-pkcs11
dist_ebidconf_DATA = conf/kanji-variants.txt
install-data-local: install-ebid-certs-dir
install-ebid-certs-dir:
	$(MKDIR_P) $(DESTDIR)$(ebidconfdir)/certs
uninstall-local: uninstall-ebid-certs-dir
uninstall-ebid-certs-dir:
	-rmdir $(DESTDIR)$(ebidconfdir)/certs $(DESTDIR)$(ebidconfdir) 2>/dev/null
.PHONY: install-ebid-certs-dir uninstall-ebid-certs-dir
