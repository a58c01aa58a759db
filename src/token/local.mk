# src/token: slots, tokens, sessions, objects, mechanisms; CK_RV mapping.
noinst_LTLIBRARIES += src/token/libebidtoken.la
src_token_libebidtoken_la_SOURCES = \
	src/token/enter.c \
	src/token/find.c \
	src/token/lock.c src/token/lock.h \
	src/token/mech.c src/token/mech.h \
	src/token/module.c \
	src/token/object.c src/token/object.h \
	src/token/policy.c \
	src/token/rv.c src/token/rv.h \
	src/token/session.c \
	src/token/sign.c \
	src/token/slot.c \
	src/token/state.h \
	src/token/token.c src/token/token.h \
	$(NULL)
