/*
 * atr.c - answer-to-reset structure and check byte, read with the
 * cursor API (the ATR comes from a description file).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/atr.h"

/* Skip the TA/TB/TC bytes flagged in y; read TD into *td if flagged. */
static int
atr_group(const uint8_t **p, size_t *len, unsigned y, uint8_t *td)
{
	unsigned bit;

	for (bit = 0x1; bit <= 0x4; bit <<= 1)
		if ((y & bit) && buf_skip(p, len, 1) != EBID_OK)
			return -1;
	if ((y & 0x8) == 0)
		return 1;	/* no TD: last group */
	return buf_u8(p, len, td) == EBID_OK ? 0 : -1;
}

int
vc_atr_layout(const uint8_t *atr, size_t atrlen, size_t *body, int *tck,
    const char **why)
{
	const uint8_t *p = atr;
	size_t len = atrlen;
	uint8_t ts, t0, td;
	int rc;

	*tck = 0;
	if (buf_u8(&p, &len, &ts) != EBID_OK ||
	    buf_u8(&p, &len, &t0) != EBID_OK) {
		*why = "shorter than TS and T0";
		return -1;
	}
	if (ts != 0x3B && ts != 0x3F) {
		*why = "TS is neither 3B nor 3F";
		return -1;
	}
	td = t0;
	while ((rc = atr_group(&p, &len, (unsigned)td >> 4, &td)) == 0)
		if ((td & 0x0F) != 0)
			*tck = 1;
	if (rc < 0 || buf_skip(&p, &len, t0 & 0x0Fu) != EBID_OK) {
		*why = "shorter than its interface and historical bytes";
		return -1;
	}
	*body = atrlen - len;
	return 0;
}

uint8_t
vc_atr_tck(const uint8_t *atr, size_t len)
{
	uint8_t x = 0;
	size_t i;

	for (i = 1; i < len; i++)
		x ^= atr[i];
	return x;
}

int
vc_atr_check(const uint8_t *atr, size_t len, const char **why)
{
	size_t body;
	int tck;

	if (vc_atr_layout(atr, len, &body, &tck, why) != 0)
		return -1;
	if (len != body + (size_t)tck) {
		*why = tck ? "length does not match T0 and TDi (with TCK)" :
		    "length does not match T0 and TDi (no TCK: T=0 only)";
		return -1;
	}
	if (tck && vc_atr_tck(atr, len) != 0) {
		*why = "wrong TCK (write XX as the last byte to have it "
		    "computed)";
		return -1;
	}
	return 0;
}
