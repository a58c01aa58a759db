/*
 * tlv.h - the one BER-TLV parser (ISO 7816-4 data objects).
 *
 * Tags are 1 to 3 bytes; lengths are definite, 1 to 3 bytes (up to
 * 82 XX XX); a declared length never exceeds what remains.  Anything else
 * is EBID_ERR_PARSE.  Values point into the caller's buffer.
 */
#ifndef EBID_CARD_TLV_H
#define EBID_CARD_TLV_H

#include <stddef.h>
#include <stdint.h>

struct tlv {
	uint32_t	 tag;
	const uint8_t	*val;
	size_t		 len;
};

int tlv_next(const uint8_t **p, size_t *len, struct tlv *);
int tlv_find(const uint8_t *p, size_t len, uint32_t tag, struct tlv *);
int tlv_constructed(uint32_t tag);

#endif
