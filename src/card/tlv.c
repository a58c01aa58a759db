/*
 * tlv.c - the one BER-TLV parser.
 */
#include "config.h"

#include "card/tlv.h"
#include "common/buf.h"
#include "common/err.h"

#define TLV_TAG_MAX	3	/* bytes */

static uint8_t
tag_first(uint32_t tag)
{
	if (tag > 0xFFFF)
		return (uint8_t)(tag >> 16);
	if (tag > 0xFF)
		return (uint8_t)(tag >> 8);
	return (uint8_t)tag;
}

int
tlv_constructed(uint32_t tag)
{
	return (tag_first(tag) & 0x20) != 0;
}

static int
read_tag(const uint8_t **p, size_t *len, uint32_t *tag)
{
	uint8_t b;
	int n;

	if (buf_u8(p, len, &b) != EBID_OK || b == 0x00 || b == 0xFF)
		return EBID_ERR_PARSE;	/* empty, or padding: not a tag */
	*tag = b;
	if ((b & 0x1F) != 0x1F)
		return EBID_OK;
	for (n = 1; n < TLV_TAG_MAX; n++) {
		if (buf_u8(p, len, &b) != EBID_OK)
			return EBID_ERR_PARSE;
		if (n == 1 && (b & 0x7F) == 0)
			return EBID_ERR_PARSE;	/* leading zero bits */
		if (n == 1 && !(b & 0x80) && b < 0x1F)
			return EBID_ERR_PARSE;	/* fits the short form */
		*tag = *tag << 8 | b;
		if (!(b & 0x80))
			return EBID_OK;
	}
	return EBID_ERR_PARSE;	/* longer than TLV_TAG_MAX */
}

static int
read_len(const uint8_t **p, size_t *len, size_t *out)
{
	uint8_t b;
	uint16_t v;

	if (buf_u8(p, len, &b) != EBID_OK)
		return EBID_ERR_PARSE;
	if (b < 0x80) {
		*out = b;
		return EBID_OK;
	}
	if (b == 0x81) {
		if (buf_u8(p, len, &b) != EBID_OK)
			return EBID_ERR_PARSE;
		*out = b;
		return EBID_OK;
	}
	if (b == 0x82) {
		if (buf_u16be(p, len, &v) != EBID_OK)
			return EBID_ERR_PARSE;
		*out = v;
		return EBID_OK;
	}
	return EBID_ERR_PARSE;	/* indefinite (80) or longer than 82 */
}

int
tlv_next(const uint8_t **p, size_t *len, struct tlv *t)
{
	const uint8_t *q;
	size_t n, vlen;

	if (p == NULL || len == NULL || t == NULL || *p == NULL)
		return EBID_ERR_ARG;
	q = *p;
	n = *len;
	if (read_tag(&q, &n, &t->tag) != EBID_OK ||
	    read_len(&q, &n, &vlen) != EBID_OK ||
	    buf_take(&q, &n, vlen, &t->val) != EBID_OK)
		return EBID_ERR_PARSE;
	t->len = vlen;
	*p = q;
	*len = n;
	return EBID_OK;
}

int
tlv_find(const uint8_t *p, size_t len, uint32_t tag, struct tlv *t)
{
	int rc;

	while (len > 0) {
		if ((rc = tlv_next(&p, &len, t)) != EBID_OK)
			return rc;
		if (t->tag == tag)
			return EBID_OK;
	}
	return EBID_ERR_NOT_FOUND;
}
