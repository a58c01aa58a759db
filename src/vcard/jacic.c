/*
 * jacic.c - the reference JACIC profile (docs/card-profile.md): CLA 00
 * throughout, VERIFY by PIN reference, MSE:SET then PSO:CDS.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/apdu.h"
#include "vcard/card.h"
#include "vcard/iso.h"
#include "vcard/sec.h"
#include "vcard/sw.h"

#define VERIFY_P2_SPECIFIC	0x80	/* P2 = 0x80 | reference */
#define VERIFY_P2_RFU		0x60
#define VERIFY_P2_REF		0x1F
#define MSE_SET_DST		0x41B6	/* SET, digital signature template */
#define MSE_TAG_KEY		0x84
#define MSE_TAG_ALG		0x80
#define MSE_ALG_PKCS1		0x02	/* PKCS#1 v1.5 over a DigestInfo */
#define PSO_CDS			0x9E9A

static uint16_t
jacic_verify(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	int pin;

	(void)out;
	if (a->p1 != 0 || (a->p2 & VERIFY_P2_RFU))
		return SW_WRONG_P1P2;
	if (!c->app || !(a->p2 & VERIFY_P2_SPECIFIC) ||
	    (pin = vc_desc_pin_index(c->desc, a->p2 & VERIFY_P2_REF)) < 0)
		return SW_REF_NOT_FOUND;
	return vc_sec_verify(c, pin, a, SEC_STATUS_ISO);
}

/* One TLV of the MSE data field: a one-byte tag, a one-byte value. */
static int
mse_tlv(const uint8_t **p, size_t *len, uint8_t *tag, uint8_t *val)
{
	uint8_t l;

	if (buf_u8(p, len, tag) != EBID_OK || buf_u8(p, len, &l) != EBID_OK ||
	    l != 1 || buf_u8(p, len, val) != EBID_OK)
		return -1;
	return 0;
}

/* The key reference (84) and algorithm (80) of the data field. */
static uint16_t
mse_parse(const struct vc_apdu *a, int *keyref)
{
	const uint8_t *p = a->data;
	size_t len = a->lc;
	uint8_t tag, val;

	*keyref = -1;
	while (len > 0) {
		if (mse_tlv(&p, &len, &tag, &val) != 0)
			return SW_WRONG_DATA;
		if (tag == MSE_TAG_KEY)
			*keyref = val;
		else if (tag != MSE_TAG_ALG || val != MSE_ALG_PKCS1)
			return SW_WRONG_DATA;
	}
	return *keyref < 0 ? SW_WRONG_DATA : SW_OK;
}

static uint16_t
jacic_mse(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	uint16_t sw;
	int keyref;

	(void)out;
	c->mse_key = -1;
	if (((unsigned)a->p1 << 8 | a->p2) != MSE_SET_DST)
		return SW_WRONG_P1P2;
	if (a->lc == 0 || a->ne != 0)
		return SW_WRONG_LENGTH;
	if ((sw = mse_parse(a, &keyref)) != SW_OK)
		return sw;
	if (!c->app ||
	    (c->mse_key = vc_desc_key_index(c->desc, (uint16_t)keyref)) < 0)
		return SW_REF_NOT_FOUND;
	return SW_OK;
}

static uint16_t
jacic_pso(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	if (((unsigned)a->p1 << 8 | a->p2) != PSO_CDS)
		return SW_WRONG_P1P2;
	if (!c->app || c->mse_key < 0)
		return SW_CONDITIONS;
	return vc_sec_sign(c, c->mse_key, a, out);
}

static const struct vc_cmd jacic_cmds[] = {
	{ .cla = 0x00, .ins = INS_SELECT, .fn = vc_iso_select },
	{ .cla = 0x00, .ins = INS_READ_BINARY, .fn = vc_iso_read_binary },
	{ .cla = 0x00, .ins = INS_GET_DATA, .fn = vc_iso_get_data },
	{ .cla = 0x00, .ins = INS_GET_RESPONSE, .fn = vc_iso_get_response },
	{ .cla = 0x00, .ins = INS_VERIFY, .fn = jacic_verify },
	{ .cla = 0x00, .ins = INS_MSE, .fn = jacic_mse },
	{ .cla = 0x00, .ins = INS_PSO, .fn = jacic_pso },
};
#define JACIC_NCMDS	7
_Static_assert(sizeof(jacic_cmds) / sizeof(jacic_cmds[0]) == JACIC_NCMDS,
    "jacic_cmds: one row per command");

const struct vc_ops vc_jacic_ops = {
	.cmds = jacic_cmds,
	.ncmds = JACIC_NCMDS,
	.secret_efs = 0,
};
