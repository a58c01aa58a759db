/*
 * descparse.h - internals of the description parser, shared by desc.c
 * (lines and sections), descval.c (one setter per key) and
 * desccheck.c (what can only be checked once the file has been read).
 */
#ifndef EBID_VCARD_DESCPARSE_H
#define EBID_VCARD_DESCPARSE_H

#include <stddef.h>

#include "vcard/desc.h"

enum desc_sect {
	SECT_NONE,
	SECT_CARD,
	SECT_PIN,
	SECT_FILE,
	SECT_KEY,
};

#define DESC_MAX_ERRORS	20

/* An error, kept until the end so that all are printed in line order. */
struct desc_msg {
	unsigned	 line;
	char		 text[240];
};

struct desc_parser {
	struct vc_desc	*d;
	struct desc_msg	*msgs;		/* DESC_MAX_ERRORS */
	unsigned	 line;
	unsigned	 nerr;
	enum desc_sect	 sect;
	size_t		 cur;	/* index of the current pin, file or key */
	int		 skip;	/* bad section header: ignore its keys */
};

enum desc_req {
	REQ_OPTIONAL,
	REQ_ALWAYS,
	REQ_JACIC,	/* required with profile jacic only */
};

struct desc_key_rule {
	enum desc_sect	 sect;
	const char	*name;
	enum desc_req	 req;
	void		(*set)(struct desc_parser *, const char *value);
};

extern const struct desc_key_rule vc_desc_key_rules[];
extern const size_t vc_desc_nkey_rules;

void vc_desc_err(struct desc_parser *, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *vc_desc_sect_name(enum desc_sect);
char *vc_desc_path_join(const struct vc_desc *, const char *);
void vc_desc_check(struct desc_parser *);

#endif
