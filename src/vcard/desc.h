/*
 * desc.h - the card description (docs/card-description.md): what card
 * ebid-vcard is.  Parsed once at start; PIN tries are the only field
 * that changes afterwards (mirrored in the state file).
 */
#ifndef EBID_VCARD_DESC_H
#define EBID_VCARD_DESC_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define VC_ATR_MAX	33
#define VC_AID_MAX	16
#define VC_SERIAL_MAX	16
#define VC_PIN_MAX	64	/* PIN value, characters */
#define VC_PAD_MAX	255	/* ff:N, N at most one short Lc */
#define VC_TRIES_MAX	15	/* what 63Cx can report */
#define VC_FILE_MAX	65535	/* the FCP size field has 2 bytes */
#define VC_MAX_PINS	8
#define VC_MAX_FILES	32
#define VC_MAX_KEYS	8

enum vc_profile {
	VC_PROFILE_NONE,
	VC_PROFILE_JACIC,
	VC_PROFILE_JPKI,
};

/* A reference from one section to a [pin] section, resolved at the end. */
struct vc_pinref {
	uint16_t	 id;
	unsigned	 idw;		/* id width in bytes, as written */
	unsigned	 line;		/* 0: no reference */
	int		 idx;		/* index in desc->pins, or -1 */
};

struct vc_pin {
	uint16_t	 id;		/* jacic: reference; jpki: PIN EF */
	unsigned	 idw;		/* id width in bytes, as written */
	unsigned	 line;
	unsigned	 seen;		/* keys given, bit per key rule */
	char		 value[VC_PIN_MAX];
	size_t		 value_len;
	unsigned	 max_tries;
	unsigned	 pad_len;	/* 0: pad none; else ff:N */
	unsigned	 tries;		/* persistent, from the state file */
};

struct vc_file {
	uint16_t	 fid;
	unsigned	 idw;
	unsigned	 line;
	unsigned	 seen;
	uint8_t		*data;
	size_t		 len;
	struct vc_pinref read_pin;
};

struct vc_key {
	uint16_t	 id;		/* jacic: key reference; jpki: key EF */
	unsigned	 idw;
	unsigned	 line;
	unsigned	 seen;
	EVP_PKEY	*pkey;
	size_t		 sig_len;	/* modulus size in bytes */
	struct vc_pinref pin;
};

struct vc_desc {
	char		*path;		/* as given, for messages */
	char		*dir;		/* relative paths start here */
	char		*state_path;
	unsigned	 card_line;	/* 0: no [card] section */
	unsigned	 card_seen;
	enum vc_profile	 profile;
	unsigned	 profile_line;
	uint8_t		 atr[VC_ATR_MAX];
	size_t		 atr_len;
	uint8_t		 aid[VC_AID_MAX];
	size_t		 aid_len;
	unsigned	 aid_line;
	uint8_t		 serial[VC_SERIAL_MAX];
	size_t		 serial_len;
	struct vc_pin	 pins[VC_MAX_PINS];
	size_t		 npins;
	struct vc_file	 files[VC_MAX_FILES];
	size_t		 nfiles;
	struct vc_key	 keys[VC_MAX_KEYS];
	size_t		 nkeys;
};

/* Parse and check a description; every error is printed.  0 or -1. */
int vc_desc_load(const char *path, struct vc_desc **);
void vc_desc_free(struct vc_desc **);

int vc_desc_pin_index(const struct vc_desc *, uint16_t);
int vc_desc_file_index(const struct vc_desc *, uint16_t);
int vc_desc_key_index(const struct vc_desc *, uint16_t);
const char *vc_desc_profile_name(enum vc_profile);

#endif
