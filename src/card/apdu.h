/*
 * apdu.h - ISO 7816-4 command APDUs: encoding, chaining, and the
 * response rules (61xx GET RESPONSE, 6Cxx re-send), both bounded.
 */
#ifndef EBID_CARD_APDU_H
#define EBID_CARD_APDU_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "transport/tp.h"

#define APDU_SHORT_LC_MAX	255
#define APDU_SHORT_NE_MAX	256
#define APDU_EXT_LC_MAX		65535
#define APDU_EXT_NE_MAX		65536
#define APDU_GET_RESPONSE_MAX	256	/* 61xx rounds per command */

struct apdu {
	uint8_t		 cla;
	uint8_t		 ins;
	uint8_t		 p1;
	uint8_t		 p2;
	const uint8_t	*data;
	size_t		 lc;
	size_t		 ne;	/* expected length: 0 = no Le field */
};

enum {
	APDU_F_EXTENDED = 1 << 0,	/* the card accepts extended lengths */
	APDU_F_CHAIN = 1 << 1,		/* the card accepts command chaining */
};

/* Encode one APDU; extended when the lengths need it and ext is set. */
int apdu_encode(const struct apdu *, int ext, blob_t *out);

/*
 * Send an APDU and collect the whole answer: data into resp (appended
 * after resp is emptied), status word into *sw.  Long commands are sent
 * extended or chained according to flags.  Returns EBID_OK whenever a
 * status word was received; transport errors otherwise.
 */
int apdu_transceive(tp_card_t *, unsigned flags, const struct apdu *,
    blob_t *resp, uint16_t *sw);

#endif
