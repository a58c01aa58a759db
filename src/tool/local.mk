# src/tool: ebid-tool.  Everything but main.c is in a convenience library
# that the tests link (tests/tool, tests/tooladmin).
noinst_LTLIBRARIES += src/tool/libebidtool.la
src_tool_libebidtool_la_SOURCES = \
	src/tool/tool.h \
	src/tool/tool.c \
	src/tool/out.c \
	src/tool/card.c \
	src/tool/readers.c \
	src/tool/show.c \
	src/tool/pin.c \
	src/tool/interop.c \
	src/tool/registry.c src/tool/registry.h \
	src/tool/regcard.c src/tool/regcard.h \
	src/tool/regfile.c src/tool/regfile.h \
	src/tool/trust.c src/tool/trust.h \
	src/tool/trustedit.c src/tool/trustedit.h \
	src/tool/trustfile.c src/tool/trustfile.h \
	src/tool/store.c src/tool/store.h \
	$(NULL)
src_tool_libebidtool_la_LIBADD = \
	src/inspect/libebidinspect.la \
	src/conf/libebidconf.la \
	src/policy/libebidpolicy.la \
	src/card/libebidcard.la \
	src/transport/libebidtp.la \
	src/common/libebidcommon.la \
	$(PCSC_LIBS) \
	$(CRYPTO_LIBS) \
	$(UNISTRING_LIBS) \
	$(NULL)

bin_PROGRAMS += src/tool/ebid-tool
src_tool_ebid_tool_SOURCES = src/tool/main.c
src_tool_ebid_tool_CPPFLAGS = $(AM_CPPFLAGS) -DLOCALEDIR=\"$(localedir)\"
src_tool_ebid_tool_LDADD = src/tool/libebidtool.la

dist_man_MANS += src/tool/ebid-tool.1

# bash completion, installed under the command's name
EXTRA_DIST += src/tool/ebid-tool.bash
install-data-local: install-bash-completion
install-bash-completion:
	$(MKDIR_P) $(DESTDIR)$(bashcompdir)
	$(INSTALL_DATA) $(srcdir)/src/tool/ebid-tool.bash $(DESTDIR)$(bashcompdir)/ebid-tool
uninstall-local: uninstall-bash-completion
uninstall-bash-completion:
	rm -f $(DESTDIR)$(bashcompdir)/ebid-tool
.PHONY: install-bash-completion uninstall-bash-completion

# The Japanese catalogue (po/ja-core.po + po/ja-admin.po).
include po/local.mk
