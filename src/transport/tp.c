/*
 * tp.c - transport wrappers: argument checks, ownership, APDU trace.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/log.h"
#include "transport/tp.h"

/* PC/SC part 10: CM_IOCTL_GET_FEATURE_REQUEST is SCARD_CTL_CODE(3400). */
#define TP_CTL_CODE(c)			(0x42000000U + (c))
#define TP_IOCTL_GET_FEATURE_REQUEST	TP_CTL_CODE(3400)
#define TP_FEATURE_VERIFY_PIN_DIRECT	0x06
#define TP_FEATURE_MODIFY_PIN_DIRECT	0x07

struct tp {
	const struct tp_ops	*ops;
	void			*ctx;
};

struct tp_card {
	const struct tp_ops	*ops;
	void			*hdl;
	uint8_t			 atr[TP_ATR_MAX];
	size_t			 atr_len;
	unsigned long		 apdus;		/* transmitted so far */
};

/* INS bytes whose data field is a secret: VERIFY, CHANGE REFERENCE
 * DATA, RESET RETRY COUNTER (even and odd forms), plus one a driver may
 * add. */
static uint8_t tp_extra_pin_ins;

int
tp_new(const struct tp_ops *ops, void *arg, tp_t **out)
{
	tp_t *tp = NULL;
	int ok = EBID_ERR_ARG;

	if (ops == NULL || out == NULL)
		goto fail;
	ok = EBID_ERR_NOMEM;
	if ((tp = calloc(1, sizeof(*tp))) == NULL)
		goto fail;
	tp->ops = ops;
	if ((ok = ops->ctx_new(arg, &tp->ctx)) != EBID_OK)
		goto fail;
	*out = tp;
	tp = NULL;
	ok = EBID_OK;
fail:
	free(tp);
	return ok;
}

void
tp_free(tp_t **tpp)
{
	if (tpp == NULL || *tpp == NULL)
		return;
	(*tpp)->ops->ctx_free(&(*tpp)->ctx);
	free(*tpp);
	*tpp = NULL;
}

/* Split the NUL-separated list (its last byte is NUL) into strings. */
static int
split_names(const char *multi, size_t len, char ***names, size_t *count)
{
	char **v = NULL;
	size_t n = 0, i, off;

	for (off = 0; off < len && multi[off] != '\0'; n++)
		off += strnlen(multi + off, len - off) + 1;
	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return EBID_ERR_NOMEM;
	for (off = 0, i = 0; i < n; i++) {
		if ((v[i] = strdup(multi + off)) == NULL) {
			tp_readers_free(&v, i);
			return EBID_ERR_NOMEM;
		}
		off += strlen(v[i]) + 1;
	}
	*names = v;
	*count = n;
	return EBID_OK;
}

int
tp_readers(tp_t *tp, char ***names, size_t *count)
{
	char *multi = NULL;
	size_t len = 0;
	int rc;

	if (tp == NULL || names == NULL || count == NULL)
		return EBID_ERR_ARG;
	*names = NULL;
	*count = 0;
	if ((rc = tp->ops->list(tp->ctx, &multi, &len)) != EBID_OK)
		return rc;
	if (multi == NULL || len == 0 || multi[len - 1] != '\0')
		rc = multi == NULL || len == 0 ? EBID_OK : EBID_ERR_PARSE;
	else
		rc = split_names(multi, len, names, count);
	free(multi);
	return rc;
}

void
tp_readers_free(char ***names, size_t count)
{
	size_t i;

	if (names == NULL || *names == NULL)
		return;
	for (i = 0; i < count; i++)
		free((*names)[i]);
	free(*names);
	*names = NULL;
}

int
tp_wait(tp_t *tp, struct tp_rstate *st, size_t n, unsigned ms)
{
	if (tp == NULL || (st == NULL && n != 0))
		return EBID_ERR_ARG;
	return tp->ops->wait(tp->ctx, st, n, ms);
}

int
tp_cancel(tp_t *tp)
{
	if (tp == NULL)
		return EBID_ERR_ARG;
	return tp->ops->cancel(tp->ctx);
}

int
tp_connect(tp_t *tp, const char *reader, tp_card_t **out)
{
	tp_card_t *c = NULL;
	int ok = EBID_ERR_ARG;

	if (tp == NULL || reader == NULL || out == NULL)
		goto fail;
	ok = EBID_ERR_NOMEM;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		goto fail;
	c->ops = tp->ops;
	c->atr_len = sizeof(c->atr);
	ok = tp->ops->connect(tp->ctx, reader, &c->hdl, c->atr, &c->atr_len);
	if (ok != EBID_OK)
		goto fail;
	log_debug(LOG_TP, "%s: connected", reader);
	*out = c;
	c = NULL;
fail:
	free(c);
	return ok;
}

void
tp_disconnect(tp_card_t **cp, int reset)
{
	if (cp == NULL || *cp == NULL)
		return;
	(*cp)->ops->disconnect(&(*cp)->hdl, reset);
	free(*cp);
	*cp = NULL;
}

const uint8_t *
tp_card_atr(const tp_card_t *c, size_t *len)
{
	*len = c->atr_len;
	return c->atr;
}

void
tp_set_pin_ins(uint8_t ins)
{
	__atomic_store_n(&tp_extra_pin_ins, ins, __ATOMIC_RELAXED);
}

int
tp_apdu_is_secret(const uint8_t *cmd, size_t cmd_len)
{
	uint8_t ins, extra;

	if (cmd_len < 2)
		return 0;
	ins = cmd[1];
	extra = __atomic_load_n(&tp_extra_pin_ins, __ATOMIC_RELAXED);
	return ins == 0x20 || ins == 0x21 || ins == 0x24 || ins == 0x25 ||
	    ins == 0x2C || ins == 0x2D || (extra != 0 && ins == extra);
}

void
tp_log_apdu(const char *func, const uint8_t *cmd, size_t cmd_len,
    const uint8_t *resp, size_t resp_len)
{
	if (!log_enabled(LOG_APDU))
		return;
	if (tp_apdu_is_secret(cmd, cmd_len)) {
		/* Header only: neither the PIN nor its length (Lc). */
		log_hex(LOG_APDU, func, "C-APDU", cmd, cmd_len < 4 ?
		    cmd_len : 4);
		if (cmd_len > 4)
			log_debug_impl(LOG_APDU, func, "C-APDU data redacted");
	} else {
		log_hex(LOG_APDU, func, "C-APDU", cmd, cmd_len);
	}
	if (resp != NULL)
		log_hex(LOG_APDU, func, "R-APDU", resp, resp_len);
}

int
tp_transmit(tp_card_t *c, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
    size_t *resp_len)
{
	int rc;

	if (c == NULL || cmd == NULL || cmd_len < 4 || resp == NULL ||
	    resp_len == NULL || *resp_len < 2)
		return EBID_ERR_ARG;
	__atomic_add_fetch(&c->apdus, 1, __ATOMIC_RELAXED);
	rc = c->ops->transmit(c->hdl, cmd, cmd_len, resp, resp_len);
	if (rc != EBID_OK) {
		tp_log_apdu(__func__, cmd, cmd_len, NULL, 0);
		log_debug(LOG_TP, "transmit: %s", ebid_strerr(rc));
		return rc;
	}
	if (*resp_len < 2) {
		log_debug(LOG_TP, "bogus response len=%zu", *resp_len);
		return EBID_ERR_IO;
	}
	tp_log_apdu(__func__, cmd, cmd_len, resp, *resp_len);
	return EBID_OK;
}

unsigned long
tp_card_apdus(const tp_card_t *c)
{
	return __atomic_load_n(&c->apdus, __ATOMIC_RELAXED);
}

int
tp_begin(tp_card_t *c)
{
	if (c == NULL)
		return EBID_ERR_ARG;
	return c->ops->begin(c->hdl);
}

int
tp_end(tp_card_t *c)
{
	if (c == NULL)
		return EBID_ERR_ARG;
	return c->ops->end(c->hdl);
}

int
tp_control(tp_card_t *c, uint32_t code, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t *out_len)
{
	if (c == NULL || (in == NULL && in_len != 0) || out_len == NULL)
		return EBID_ERR_ARG;
	if (c->ops->control == NULL)
		return EBID_ERR_UNSUPPORTED;
	return c->ops->control(c->hdl, code, in, in_len, out, out_len);
}

/* Parse the part 10 feature list: tag(1) len(1)=4 code(4, big-endian). */
static int
parse_features(const uint8_t *p, size_t len, struct tp_features *f)
{
	uint8_t tag, l, v[4];
	uint32_t code;
	int rc;

	while (len > 0) {
		if ((rc = buf_u8(&p, &len, &tag)) != EBID_OK ||
		    (rc = buf_u8(&p, &len, &l)) != EBID_OK)
			return rc;
		if (l != 4 || (rc = buf_read(&p, &len, v, 4)) != EBID_OK)
			return EBID_ERR_PARSE;
		code = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
		    (uint32_t)v[2] << 8 | v[3];
		if (tag == TP_FEATURE_VERIFY_PIN_DIRECT)
			f->verify_pin_direct = code;
		else if (tag == TP_FEATURE_MODIFY_PIN_DIRECT)
			f->modify_pin_direct = code;
	}
	return EBID_OK;
}

int
tp_features(tp_card_t *c, struct tp_features *f)
{
	uint8_t out[256];
	size_t out_len = sizeof(out);
	int rc;

	if (c == NULL || f == NULL)
		return EBID_ERR_ARG;
	memset(f, 0, sizeof(*f));
	rc = tp_control(c, TP_IOCTL_GET_FEATURE_REQUEST, NULL, 0, out,
	    &out_len);
	if (rc == EBID_ERR_UNSUPPORTED || rc == EBID_ERR_IO)
		return EBID_OK;		/* no part 10: no features */
	if (rc != EBID_OK)
		return rc;
	if (out_len > sizeof(out))
		return EBID_ERR_PARSE;
	if ((rc = parse_features(out, out_len, f)) != EBID_OK)
		memset(f, 0, sizeof(*f));	/* no PIN pad from a bad list */
	return rc;
}
