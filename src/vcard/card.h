/*
 * card.h - the emulated card at run time: the description, the
 * volatile state of one power cycle, and command dispatch.
 */
#ifndef EBID_VCARD_CARD_H
#define EBID_VCARD_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "vcard/apdu.h"
#include "vcard/desc.h"

/* At most this many data bytes fit one vpcd frame with the SW. */
#define VC_RESP_DATA_MAX	(65535 - 2)

enum vc_sel {
	SEL_NONE,
	SEL_FILE,	/* desc->files[sel_idx] */
	SEL_PIN,	/* desc->pins[sel_idx] (jpki PIN EF) */
	SEL_KEY,	/* desc->keys[sel_idx] (jpki key EF) */
};

struct vc_card;

/* A command handler appends response data to out, returns the SW. */
typedef uint16_t vc_cmd_fn(struct vc_card *, const struct vc_apdu *,
    blob_t *out);

struct vc_cmd {
	uint8_t		 cla;
	uint8_t		 ins;
	vc_cmd_fn	*fn;
};

struct vc_ops {
	const struct vc_cmd *cmds;
	size_t		 ncmds;
	int		 secret_efs;	/* PIN and key EFs are selectable */
};

struct vc_card {
	struct vc_desc		*desc;
	const struct vc_ops	*ops;
	/* volatile: cleared at power on, power off and reset */
	int			 app;		/* application selected */
	enum vc_sel		 sel;
	size_t			 sel_idx;
	int			 verified[VC_MAX_PINS];
	int			 mse_key;	/* key index, or -1 */
	blob_t			*pending;	/* left for GET RESPONSE */
	blob_t			*out;
};

extern const struct vc_ops vc_jacic_ops;
extern const struct vc_ops vc_jpki_ops;

/* Takes ownership of *desc (NULLed). 0 or -1. */
int vc_card_new(struct vc_desc **, struct vc_card **);
void vc_card_free(struct vc_card **);
void vc_card_power(struct vc_card *);
/* One command APDU in, the response APDU (data + SW) in resp. 0 or -1. */
int vc_card_transmit(struct vc_card *, const uint8_t *, size_t, blob_t *resp);

#endif
