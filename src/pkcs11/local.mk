# src/pkcs11: the C_* functions and the module ebid-pkcs11.so.
#
# libebid-testable.la holds everything the module is made of, for the
# unit tests; the module itself exports C_GetFunctionList only.
noinst_LTLIBRARIES += src/pkcs11/libebid-testable.la
src_pkcs11_libebid_testable_la_SOURCES = \
	$(src_common_libebidcommon_la_SOURCES) \
	$(src_transport_libebidtp_la_SOURCES) \
	$(src_card_libebidcard_la_SOURCES) \
	$(src_conf_libebidconf_la_SOURCES) \
	$(src_policy_libebidpolicy_la_SOURCES) \
	$(src_inspect_libebidinspect_la_SOURCES) \
	$(src_token_libebidtoken_la_SOURCES) \
	src/pkcs11/entry.c \
	src/pkcs11/functions.h \
	src/pkcs11/general.c \
	src/pkcs11/object.c \
	src/pkcs11/p11.h \
	src/pkcs11/session.c \
	src/pkcs11/sign.c \
	src/pkcs11/unsupported.c \
	$(NULL)
src_pkcs11_libebid_testable_la_LIBADD = \
	$(CRYPTO_LIBS) $(PCSC_LIBS) $(PTHREAD_LIBS) $(UNISTRING_LIBS) \
	$(NULL)

p11module_LTLIBRARIES = src/pkcs11/ebid-pkcs11.la
p11moduledir = $(p11_module_path)
src_pkcs11_ebid_pkcs11_la_SOURCES =
src_pkcs11_ebid_pkcs11_la_LIBADD = \
	src/pkcs11/libebid-testable.la \
	$(CRYPTO_LIBS) $(PCSC_LIBS) $(PTHREAD_LIBS) $(UNISTRING_LIBS) \
	$(NULL)
src_pkcs11_ebid_pkcs11_la_LDFLAGS = \
	$(AM_LDFLAGS) -module -avoid-version -no-undefined -shared \
	-Wl,--version-script=$(srcdir)/src/pkcs11/ebid-pkcs11.map \
	$(NULL)
EXTRA_src_pkcs11_ebid_pkcs11_la_DEPENDENCIES = src/pkcs11/ebid-pkcs11.map
EXTRA_DIST += src/pkcs11/ebid-pkcs11.map src/pkcs11/exports.sh
TESTS += src/pkcs11/exports.sh
# The man page names the module where this build installs it.
man_in += src/pkcs11/ebid-pkcs11.8

# p11-kit registration: p11-kit-proxy, GnuTLS and the OpenSSL engine find
# the module with no further set-up.
p11kitconfdir = $(p11_module_configs)
dist_p11kitconf_DATA = conf/ebid-pkcs11.module
