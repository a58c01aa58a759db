# src/policy: trust, deny rules, name binding, PIN guard (pure functions).
noinst_LTLIBRARIES += src/policy/libebidpolicy.la
src_policy_libebidpolicy_la_SOURCES = \
	src/policy/decide.c src/policy/decide.h \
	src/policy/name.c src/policy/name.h \
	src/policy/oid.c src/policy/oid.h \
	src/policy/pinguard.c src/policy/pinguard.h \
	src/policy/registry.c src/policy/registry.h \
	src/policy/regread.c src/policy/regread.h \
	src/policy/regvalue.c src/policy/regvalue.h \
	src/policy/sanity.c src/policy/sanity.h \
	$(NULL)
src_policy_libebidpolicy_la_LIBADD = \
	src/common/libebidcommon.la \
	$(CRYPTO_LIBS) \
	$(UNISTRING_LIBS) \
	$(NULL)
EXTRA_DIST += \
	docs/registry-format.md \
	$(NULL)
