# src/inspect: reading a card and deciding about it, the one path the
# module (src/token) and ebid-tool (src/tool) share.
noinst_LTLIBRARIES += src/inspect/libebidinspect.la
src_inspect_libebidinspect_la_SOURCES = \
	src/inspect/inspect.c src/inspect/inspect.h \
	$(NULL)
