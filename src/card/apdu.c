/*
 * apdu.c - ISO 7816-4 command APDUs and response handling.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "card/apdu.h"
#include "card/sw.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"

static int
put_ne(blob_t *out, size_t ne, int ext, int have_lc)
{
	uint8_t b[3];
	size_t n = 0;

	if (!ext) {
		b[0] = (uint8_t)(ne == APDU_SHORT_NE_MAX ? 0 : ne);
		return blob_append(out, b, 1);
	}
	if (!have_lc)
		b[n++] = 0x00;
	b[n++] = (uint8_t)(ne == APDU_EXT_NE_MAX ? 0 : ne >> 8);
	b[n++] = (uint8_t)(ne == APDU_EXT_NE_MAX ? 0 : ne & 0xFF);
	return blob_append(out, b, n);
}

static int
put_lc(blob_t *out, size_t lc, int ext)
{
	uint8_t b[3] = { 0x00, (uint8_t)(lc >> 8), (uint8_t)(lc & 0xFF) };

	if (!ext)
		return blob_append_u8(out, (uint8_t)lc);
	return blob_append(out, b, sizeof(b));
}

int
apdu_encode(const struct apdu *a, int ext, blob_t *out)
{
	uint8_t hdr[4];
	int rc, need_ext;

	if (a == NULL || out == NULL || (a->lc != 0 && a->data == NULL) ||
	    a->lc > APDU_EXT_LC_MAX || a->ne > APDU_EXT_NE_MAX)
		return EBID_ERR_ARG;
	need_ext = a->lc > APDU_SHORT_LC_MAX || a->ne > APDU_SHORT_NE_MAX;
	if (need_ext && !ext)
		return EBID_ERR_UNSUPPORTED;
	hdr[0] = a->cla;
	hdr[1] = a->ins;
	hdr[2] = a->p1;
	hdr[3] = a->p2;
	blob_reset(out);
	if ((rc = blob_append(out, hdr, sizeof(hdr))) != EBID_OK)
		return rc;
	if (a->lc != 0 && ((rc = put_lc(out, a->lc, need_ext)) != EBID_OK ||
	    (rc = blob_append(out, a->data, a->lc)) != EBID_OK))
		return rc;
	if (a->ne != 0)
		return put_ne(out, a->ne, need_ext, a->lc != 0);
	return EBID_OK;
}

/* One exchange: encode, transmit, split off the status word. */
static int
exchange(tp_card_t *tp, const struct apdu *a, int ext, uint8_t *rbuf,
    blob_t *data, uint16_t *sw)
{
	const uint8_t *p = rbuf;
	blob_t cmd = { 0 };
	size_t len = TP_RESP_MAX;
	int rc;

	if ((rc = apdu_encode(a, ext, &cmd)) != EBID_OK)
		goto fail;
	if ((rc = tp_transmit(tp, cmd.ptr, cmd.len, rbuf, &len)) != EBID_OK)
		goto fail;
	if (len < 2 || len > TP_RESP_MAX) {
		rc = EBID_ERR_IO;
		goto fail;
	}
	*sw = (uint16_t)(rbuf[len - 2] << 8 | rbuf[len - 1]);
	len -= 2;
	if (SIZE_MAX - data->len < len || data->len + len > APDU_EXT_NE_MAX) {
		log_debug(LOG_CARD, "response too long: %zu", data->len + len);
		rc = EBID_ERR_PARSE;
		goto fail;
	}
	rc = blob_append(data, p, len);
fail:
	blob_reset(&cmd);	/* may hold a PIN */
	return rc;
}

/* Collect 61xx continuations with GET RESPONSE, at most a bounded count. */
static int
get_responses(tp_card_t *tp, uint8_t cla, uint8_t *rbuf, blob_t *resp,
    uint16_t *sw)
{
	struct apdu gr = { .cla = (uint8_t)(cla & 0x03), .ins = 0xC0 };
	int rc, round;

	for (round = 0; SW_BYTES_REMAINING(*sw); round++) {
		if (round >= APDU_GET_RESPONSE_MAX) {
			log_debug(LOG_CARD, "too many 61xx rounds");
			return EBID_ERR_PARSE;
		}
		gr.ne = (*sw & 0xFF) == 0 ? APDU_SHORT_NE_MAX : (*sw & 0xFF);
		if ((rc = exchange(tp, &gr, 0, rbuf, resp, sw)) != EBID_OK)
			return rc;
	}
	return EBID_OK;
}

/* Send all but the last chunk of a long command with the chaining bit. */
static int
send_chain(tp_card_t *tp, const struct apdu *a, uint8_t *rbuf,
    struct apdu *last, uint16_t *sw)
{
	struct apdu c = *a;
	blob_t junk = { 0 };
	size_t off = 0;
	int rc = EBID_OK;

	*last = *a;
	while (a->lc - off > APDU_SHORT_LC_MAX) {
		c.cla = (uint8_t)(a->cla | 0x10);
		c.data = a->data + off;
		c.lc = APDU_SHORT_LC_MAX;
		c.ne = 0;
		if ((rc = exchange(tp, &c, 0, rbuf, &junk, sw)) != EBID_OK)
			break;
		if (*sw != SW_OK)
			break;
		off += APDU_SHORT_LC_MAX;
	}
	last->data = a->data + off;
	last->lc = a->lc - off;
	blob_reset(&junk);
	return rc;
}

static int
transceive_buf(tp_card_t *tp, unsigned flags, const struct apdu *a,
    uint8_t *rbuf, blob_t *resp, uint16_t *sw)
{
	struct apdu cur = *a;
	int ext = (flags & APDU_F_EXTENDED) != 0, rc;

	if (!ext && a->lc > APDU_SHORT_LC_MAX) {
		if (!(flags & APDU_F_CHAIN))
			return EBID_ERR_UNSUPPORTED;
		if ((rc = send_chain(tp, a, rbuf, &cur, sw)) != EBID_OK ||
		    *sw != SW_OK)
			return rc;
	}
	if (!ext && cur.ne > APDU_SHORT_NE_MAX)
		cur.ne = APDU_SHORT_NE_MAX;	/* the rest comes as 61xx */
	if ((rc = exchange(tp, &cur, ext, rbuf, resp, sw)) != EBID_OK)
		return rc;
	if (SW_WRONG_LE(*sw)) {
		/* Re-send once with the length the card asked for. */
		cur.ne = (*sw & 0xFF) == 0 ? APDU_SHORT_NE_MAX : (*sw & 0xFF);
		blob_reset(resp);
		if ((rc = exchange(tp, &cur, ext, rbuf, resp, sw)) != EBID_OK)
			return rc;
		if (SW_WRONG_LE(*sw))
			return EBID_ERR_PARSE;
	}
	return get_responses(tp, a->cla, rbuf, resp, sw);
}

int
apdu_transceive(tp_card_t *tp, unsigned flags, const struct apdu *a,
    blob_t *resp, uint16_t *sw)
{
	uint8_t *rbuf;
	int rc;

	if (tp == NULL || a == NULL || resp == NULL || sw == NULL)
		return EBID_ERR_ARG;
	if ((rbuf = malloc(TP_RESP_MAX)) == NULL)
		return EBID_ERR_NOMEM;
	blob_reset(resp);
	*sw = 0;
	rc = transceive_buf(tp, flags, a, rbuf, resp, sw);
	mem_wipe(rbuf, TP_RESP_MAX);
	free(rbuf);
	if (rc != EBID_OK)
		blob_reset(resp);
	return rc;
}
