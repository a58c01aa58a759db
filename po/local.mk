# po: ebid-tool's Japanese messages.  Two people write messages, so the
# catalogue is split: ja-core.po (readers, show, pin, interop, main) and
# ja-admin.po (registry, trust).  msgcat merges them and msgfmt --check
# compiles the one ebid-tool.mo, built under po/locale/ja/LC_MESSAGES so
# that the tests can point EBID_TOOL_LOCALEDIR at $(builddir)/po/locale,
# and installed as $(localedir)/ja/LC_MESSAGES/ebid-tool.mo.
po_ja_sources = \
	$(srcdir)/po/ja-core.po \
	$(srcdir)/po/ja-admin.po \
	$(NULL)
EXTRA_DIST += po/ja-core.po po/ja-admin.po po/README.md

if ENABLE_NLS
po_ja_mo = po/locale/ja/LC_MESSAGES/ebid-tool.mo
jamsgdir = $(localedir)/ja/LC_MESSAGES
jamsg_DATA = $(po_ja_mo)
CLEANFILES += $(po_ja_mo) po/ebid-tool-ja.po

$(po_ja_mo): $(po_ja_sources)
	$(AM_V_GEN)$(MKDIR_P) po/locale/ja/LC_MESSAGES && \
	$(MSGCAT) --use-first --force-po --to-code=UTF-8 -o po/ebid-tool-ja.po \
	    $(po_ja_sources) && \
	$(MSGFMT) --check -o $@ po/ebid-tool-ja.po
endif
