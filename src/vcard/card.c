/*
 * card.c - command dispatch by CLA and INS, and the response rules:
 * an answer longer than Ne is cut, the rest waits for GET RESPONSE and
 * the SW becomes 61xx.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/apdu.h"
#include "vcard/card.h"
#include "vcard/desc.h"
#include "vcard/sw.h"

int
vc_card_new(struct vc_desc **desc, struct vc_card **out)
{
	struct vc_card *c;
	int ok = -1;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->pending = blob_new()) == NULL ||
	    (c->out = blob_new()) == NULL)
		goto fail;
	c->desc = *desc;
	*desc = NULL;
	c->ops = c->desc->profile == VC_PROFILE_JPKI ? &vc_jpki_ops :
	    &vc_jacic_ops;
	vc_card_power(c);
	*out = c;
	c = NULL;
	ok = 0;
fail:
	vc_card_free(&c);
	return ok;
}

void
vc_card_free(struct vc_card **cp)
{
	struct vc_card *c;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	blob_free(&c->pending);
	blob_free(&c->out);
	vc_desc_free(&c->desc);
	free(c);
	*cp = NULL;
}

void
vc_card_power(struct vc_card *c)
{
	c->app = 0;
	c->sel = SEL_NONE;
	c->sel_idx = 0;
	memset(c->verified, 0, sizeof(c->verified));
	c->mse_key = -1;
	blob_reset(c->pending);
	blob_reset(c->out);
}

/* 6E00 for a CLA no command of the profile uses. */
static int
cla_known(const struct vc_ops *ops, uint8_t cla)
{
	size_t i;

	for (i = 0; i < ops->ncmds; i++)
		if (ops->cmds[i].cla == cla)
			return 1;
	return 0;
}

static uint16_t
dispatch(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	const struct vc_ops *ops = c->ops;
	uint16_t sw = SW_INS_UNKNOWN;
	size_t i;

	if (!cla_known(ops, a->cla))
		return SW_CLA_UNKNOWN;
	for (i = 0; i < ops->ncmds; i++) {
		if (ops->cmds[i].ins != a->ins)
			continue;
		if (ops->cmds[i].cla == a->cla)
			return ops->cmds[i].fn(c, a, out);
		sw = SW_CLA_UNKNOWN;	/* known INS, other CLA */
	}
	return sw;
}

/* Cut the answer to Ne; what is left waits for GET RESPONSE. */
static int
finish(struct vc_card *c, size_t ne, uint16_t sw, blob_t *resp)
{
	const uint8_t *p = c->out->ptr, *head;
	size_t len = c->out->len, cap;

	if (sw != SW_OK)
		len = 0;
	cap = ne < VC_RESP_DATA_MAX ? ne : VC_RESP_DATA_MAX;
	if (len > cap) {
		if (buf_take(&p, &len, cap, &head) != EBID_OK ||
		    blob_set(c->pending, p, len) != EBID_OK)
			return -1;
		sw = (uint16_t)SW_MORE(len);
		p = head;
		len = cap;
	}
	if (blob_set(resp, p, len) != EBID_OK ||
	    blob_append_u8(resp, (uint8_t)(sw >> 8)) != EBID_OK ||
	    blob_append_u8(resp, (uint8_t)sw) != EBID_OK)
		return -1;
	return 0;
}

int
vc_card_transmit(struct vc_card *c, const uint8_t *cmd, size_t n, blob_t *resp)
{
	struct vc_apdu a;
	uint16_t sw;
	int ok;

	blob_reset(c->out);
	if (vc_apdu_parse(cmd, n, &a) != 0) {
		blob_reset(c->pending);
		sw = SW_WRONG_LENGTH;
	} else {
		if (a.ins != INS_GET_RESPONSE)
			blob_reset(c->pending);
		sw = dispatch(c, &a, c->out);
	}
	ok = finish(c, a.ne, sw, resp);
	blob_reset(c->out);
	return ok;
}
