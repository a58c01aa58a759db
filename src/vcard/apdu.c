/*
 * apdu.c - command APDU parsing, with the cursor API only: the bytes
 * come from the host.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/apdu.h"

/* Ne from a short Le byte or an extended Le pair (0 means the maximum). */
static size_t
ne_short(uint8_t le)
{
	return le == 0 ? 256 : le;
}

static size_t
ne_ext(uint16_t le)
{
	return le == 0 ? 65536 : le;
}

/* After a short Lc byte b (not 0): data, then maybe one Le byte. */
static int
body_short(const uint8_t **p, size_t *len, uint8_t b, struct vc_apdu *a)
{
	uint8_t le;

	a->lc = b;
	if (buf_take(p, len, a->lc, &a->data) != EBID_OK)
		return -1;
	if (*len == 0)
		return 0;
	if (buf_u8(p, len, &le) != EBID_OK || *len != 0)
		return -1;
	a->ne = ne_short(le);
	return 0;
}

/* After the 00 that opens extended lengths. */
static int
body_ext(const uint8_t **p, size_t *len, struct vc_apdu *a)
{
	uint16_t v;

	a->ext = 1;
	if (buf_u16be(p, len, &v) != EBID_OK)
		return -1;
	if (*len == 0) {		/* case 2E: 00 HH LL */
		a->ne = ne_ext(v);
		return 0;
	}
	if (v == 0)
		return -1;
	a->lc = v;
	if (buf_take(p, len, a->lc, &a->data) != EBID_OK)
		return -1;
	if (*len == 0)			/* case 3E */
		return 0;
	if (buf_u16be(p, len, &v) != EBID_OK || *len != 0)
		return -1;
	a->ne = ne_ext(v);		/* case 4E */
	return 0;
}

int
vc_apdu_parse(const uint8_t *cmd, size_t n, struct vc_apdu *a)
{
	const uint8_t *p = cmd;
	size_t len = n;
	uint8_t b;

	memset(a, 0, sizeof(*a));
	if (buf_u8(&p, &len, &a->cla) != EBID_OK ||
	    buf_u8(&p, &len, &a->ins) != EBID_OK ||
	    buf_u8(&p, &len, &a->p1) != EBID_OK ||
	    buf_u8(&p, &len, &a->p2) != EBID_OK)
		return -1;
	if (len == 0)			/* case 1 */
		return 0;
	if (buf_u8(&p, &len, &b) != EBID_OK)
		return -1;
	if (len == 0) {			/* case 2S */
		a->ne = ne_short(b);
		return 0;
	}
	if (b != 0)
		return body_short(&p, &len, b, a);
	return body_ext(&p, &len, a);
}

int
vc_apdu_is_secret(uint8_t ins)
{
	return ins == INS_VERIFY || ins == INS_VERIFY_ODD ||
	    ins == INS_CHANGE_REF || ins == INS_RESET_RETRY;
}
