/*
 * simcard.c - a card of the reference profile (docs/card-profile.md)
 * that answers each APDU by what it asks, not by a script: SELECT by
 * AID (the reference application, and the JPKI one if the card has
 * it), SELECT EF, READ BINARY, GET DATA (serial), an empty VERIFY.
 * ebid-tool's card reading runs on it whatever order it reads in; the
 * module runs on the fixture's exact script (tests/module/p11-fixture).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transport/tp.h"
#include "corpus.h"

static const uint8_t aid_ref[] = {
	0xD3, 0x92, 0xF0, 0x00, 0x45, 0x42, 0x49, 0x44, 0x01,
};
static const uint8_t aid_jpki[] = {
	0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
};
static const uint8_t serial[] = { 0x1A, 0x2B, 0x3C, 0x4D };
static const char readers[] = SIM_READER "\0";

static int
sim_ctx_new(void *arg, void **ctx)
{
	*ctx = arg;
	return arg != NULL ? EBID_OK : EBID_ERR_ARG;
}

static void
sim_ctx_free(void **ctx)
{
	*ctx = NULL;
}

static int
sim_list(void *ctx, char **names, size_t *len)
{
	(void)ctx;
	if ((*names = malloc(sizeof(readers))) == NULL)
		return EBID_ERR_NOMEM;
	memcpy(*names, readers, sizeof(readers));
	*len = sizeof(readers);
	return EBID_OK;
}

static int
sim_wait(void *ctx, struct tp_rstate *st, size_t n, unsigned ms)
{
	size_t i;

	(void)ctx;
	(void)ms;
	for (i = 0; i < n; i++) {
		st[i].state = TP_ST_PRESENT;
		st[i].current = 0x00010000U | TP_ST_PRESENT;
	}
	return EBID_OK;
}

static int
sim_cancel(void *ctx)
{
	(void)ctx;
	return EBID_OK;
}

static int
sim_connect(void *ctx, const char *reader, void **hdl, uint8_t *atr,
    size_t *atr_len)
{
	struct simcard *s = ctx;
	static const uint8_t a[] = { 0x3B, 0x80, 0x80, 0x01, 0x01 };

	if (strcmp(reader, SIM_READER) != 0)
		return EBID_ERR_NO_CARD;
	if (*atr_len < sizeof(a))
		return EBID_ERR_BUFFER_SMALL;
	memcpy(atr, a, sizeof(a));
	*atr_len = sizeof(a);
	s->app = 0;
	s->ef = NULL;
	s->handles++;
	*hdl = s;
	return EBID_OK;
}

static void
sim_disconnect(void **hdl, int reset)
{
	struct simcard *s = *hdl;

	(void)reset;
	if (s != NULL)
		s->handles--;
	*hdl = NULL;
}

/* The answer: data (may be NULL) and the status word. */
static int
answer(uint8_t *resp, size_t *len, const uint8_t *p, size_t n, unsigned sw)
{
	if (*len < n + 2)
		return EBID_ERR_BUFFER_SMALL;
	if (n > 0)
		memcpy(resp, p, n);
	resp[n] = (uint8_t)(sw >> 8);
	resp[n + 1] = (uint8_t)sw;
	*len = n + 2;
	return EBID_OK;
}

static int
select_aid(struct simcard *s, const uint8_t *c, size_t n, uint8_t *resp,
    size_t *len)
{
	size_t lc = n > 4 ? c[4] : 0;

	s->ef = NULL;
	if (lc == sizeof(aid_ref) && n >= 5 + lc &&
	    memcmp(c + 5, aid_ref, lc) == 0) {
		s->app = 1;
		return answer(resp, len, NULL, 0, 0x9000);
	}
	if (s->jpki && lc == sizeof(aid_jpki) && n >= 5 + lc &&
	    memcmp(c + 5, aid_jpki, lc) == 0) {
		s->app = 2;
		return answer(resp, len, NULL, 0, 0x9000);
	}
	return answer(resp, len, NULL, 0, 0x6A82);
}

static int
select_ef(struct simcard *s, const uint8_t *c, size_t n, uint8_t *resp,
    size_t *len)
{
	unsigned fid = n >= 7 ? (unsigned)c[5] << 8 | c[6] : 0;
	uint8_t fcp[13];

	s->ef = NULL;
	if (s->app == 1 && fid == 0x0001) {
		s->ef = s->cert;
		s->ef_len = s->cert_len;
	} else if (s->app == 1 && fid == 0x0002 && s->ca != NULL) {
		s->ef = s->ca;
		s->ef_len = s->ca_len;
	}
	if (s->ef == NULL)
		return answer(resp, len, NULL, 0, 0x6A82);
	if (c[3] != 0x04)	/* no FCP asked for */
		return answer(resp, len, NULL, 0, 0x9000);
	memcpy(fcp, (const uint8_t[]){ 0x62, 0x0B, 0x80, 0x02, 0, 0, 0x82,
	    0x01, 0x01, 0x83, 0x02, 0, 0 }, sizeof(fcp));
	fcp[4] = (uint8_t)(s->ef_len >> 8);
	fcp[5] = (uint8_t)s->ef_len;
	fcp[11] = (uint8_t)(fid >> 8);
	fcp[12] = (uint8_t)fid;
	return answer(resp, len, fcp, sizeof(fcp), 0x9000);
}

static int
read_binary(struct simcard *s, const uint8_t *c, size_t n, uint8_t *resp,
    size_t *len)
{
	size_t off = (size_t)c[2] << 8 | c[3], ne;

	if (s->ef == NULL)
		return answer(resp, len, NULL, 0, 0x6986);
	if (n == 5)
		ne = c[4] == 0 ? 256 : c[4];
	else if (n == 7 && c[4] == 0)
		ne = ((size_t)c[5] << 8 | c[6]) == 0 ? 65536 :
		    (size_t)c[5] << 8 | c[6];
	else
		return answer(resp, len, NULL, 0, 0x6700);
	if (off >= s->ef_len)
		return answer(resp, len, NULL, 0, 0x6B00);
	if (ne > s->ef_len - off)
		ne = s->ef_len - off;
	return answer(resp, len, s->ef + off, ne, 0x9000);
}

static int
sim_transmit(void *hdl, const uint8_t *c, size_t n, uint8_t *resp,
    size_t *len)
{
	struct simcard *s = hdl;

	if (n < 4)
		return answer(resp, len, NULL, 0, 0x6700);
	if (c[0] == 0x00 && c[1] == 0xA4 && c[2] == 0x04)
		return select_aid(s, c, n, resp, len);
	if (c[0] == 0x00 && c[1] == 0xA4 && c[2] == 0x02)
		return select_ef(s, c, n, resp, len);
	if (c[0] == 0x00 && c[1] == 0xB0)
		return read_binary(s, c, n, resp, len);
	if (c[0] == 0x00 && c[1] == 0xCA && c[2] == 0x01 && c[3] == 0x01 &&
	    s->app == 1)
		return answer(resp, len, serial, sizeof(serial), 0x9000);
	if (c[0] == 0x00 && c[1] == 0x20 && c[2] == 0x00 && n == 4)
		return answer(resp, len, NULL, 0, s->app == 1 ? 0x63C3 :
		    0x6A88);
	return answer(resp, len, NULL, 0, 0x6D00);
}

static int
sim_begin(void *hdl)
{
	(void)hdl;
	return EBID_OK;
}

static int
sim_control(void *hdl, uint32_t code, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t *out_len)
{
	(void)hdl;
	(void)code;
	(void)in;
	(void)in_len;
	(void)out;
	(void)out_len;
	return EBID_ERR_UNSUPPORTED;
}

const struct tp_ops corpus_sim_ops = {
	.name = "corpus-sim",
	.ctx_new = sim_ctx_new,
	.ctx_free = sim_ctx_free,
	.list = sim_list,
	.wait = sim_wait,
	.cancel = sim_cancel,
	.connect = sim_connect,
	.disconnect = sim_disconnect,
	.transmit = sim_transmit,
	.begin = sim_begin,
	.end = sim_begin,
	.control = sim_control,
};
