/*
 * script.c - a transport that plays a script (see script.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/hex.h"
#include "transport/script.h"

struct ts_hdl {
	struct ts_script	*ts;
};

int
ts_hex(const char *hex, uint8_t *out, size_t *len)
{
	return hex_decode(hex, " :", out, *len, len);
}

int
ts_script_ok(const struct ts_script *ts)
{
	return !ts->mismatch && ts->pos == ts->nsteps;
}

static void
fail_step(struct ts_script *ts, const char *what)
{
	if (!ts->mismatch)
		snprintf(ts->why, sizeof(ts->why), "step %zu: %s", ts->pos,
		    what);
	ts->mismatch = 1;
}

/* The next step if it is of kind op, else NULL. */
static const struct ts_step *
peek(struct ts_script *ts, enum ts_op op)
{
	if (ts->pos >= ts->nsteps || ts->steps[ts->pos].op != op)
		return NULL;
	return &ts->steps[ts->pos];
}

static int
ctx_new(void *arg, void **out)
{
	if (arg == NULL)
		return EBID_ERR_ARG;
	*out = arg;
	return EBID_OK;
}

static void
ctx_free(void **cp)
{
	*cp = NULL;
}

static int
ts_list(void *ctx, char **names, size_t *len)
{
	struct ts_script *ts = ctx;
	size_t i, n = 1, off = 0;
	char *v;

	for (i = 0; ts->readers != NULL && ts->readers[i] != NULL; i++)
		n += strlen(ts->readers[i]) + 1;
	if ((v = calloc(1, n)) == NULL)
		return EBID_ERR_NOMEM;
	for (i = 0; ts->readers != NULL && ts->readers[i] != NULL; i++) {
		memcpy(v + off, ts->readers[i], strlen(ts->readers[i]) + 1);
		off += strlen(ts->readers[i]) + 1;
	}
	*names = v;
	*len = n;
	return EBID_OK;
}

static int
ts_wait(void *ctx, struct tp_rstate *st, size_t n, unsigned ms)
{
	struct ts_script *ts = ctx;
	const struct ts_step *s;
	size_t i;

	(void)ms;
	if ((s = peek(ts, TS_WAIT)) == NULL && ts->idle_state != 0) {
		for (i = 0; i < n; i++) {
			st[i].state = ts->idle_state;
			st[i].current = 0x00010000U | ts->idle_state;
		}
		return EBID_OK;
	}
	if (s == NULL)
		return EBID_ERR_TIMEOUT;
	ts->pos++;
	if (s->rc != 0)
		return s->rc;
	for (i = 0; i < n; i++) {
		st[i].state = s->state | TP_ST_CHANGED;
		st[i].current = st[i].known + 1;
	}
	return EBID_OK;
}

static int
ts_cancel(void *ctx)
{
	(void)ctx;
	return EBID_OK;
}

static int
ts_connect(void *ctx, const char *reader, void **out, uint8_t *atr,
    size_t *atr_len)
{
	struct ts_script *ts = ctx;
	const struct ts_step *s;
	struct ts_hdl *h;
	int rc;

	(void)reader;
	if ((s = peek(ts, TS_CONNECT)) != NULL) {
		ts->pos++;
		if (s->rc != 0)
			return s->rc;
	}
	if ((rc = ts_hex(ts->atr ? ts->atr : "3B00", atr, atr_len)) != 0)
		return rc;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return EBID_ERR_NOMEM;
	h->ts = ts;
	*out = h;
	return EBID_OK;
}

static void
ts_disconnect(void **hp, int reset)
{
	(void)reset;
	free(*hp);
	*hp = NULL;
}

/* Does the hex string encode exactly these bytes? */
static int
same_bytes(const char *hex, const uint8_t *p, size_t n)
{
	uint8_t *want;
	size_t want_len = strlen(hex) / 2 + 1;
	int same;

	if ((want = malloc(want_len)) == NULL)
		return 0;
	same = ts_hex(hex, want, &want_len) == 0 && want_len == n &&
	    (n == 0 || memcmp(want, p, n) == 0);
	free(want);
	return same;
}

/* Raw mode: every answer is a 2-byte length and that many bytes. */
static int
raw_answer(struct ts_script *ts, uint8_t *resp, size_t *resp_len)
{
	uint16_t n;

	if (buf_u16be(&ts->raw, &ts->raw_len, &n) != EBID_OK)
		return EBID_ERR_NO_CARD;
	if (n > *resp_len || buf_read(&ts->raw, &ts->raw_len, resp, n) !=
	    EBID_OK)
		return EBID_ERR_IO;
	*resp_len = n;
	return EBID_OK;
}

static int
play(struct ts_script *ts, enum ts_op op, const uint8_t *cmd, size_t cmd_len,
    uint8_t *resp, size_t *resp_len)
{
	const struct ts_step *s;

	if (ts->raw != NULL)
		return raw_answer(ts, resp, resp_len);
	if ((s = peek(ts, op)) == NULL) {
		fail_step(ts, "unexpected operation");
		return EBID_ERR_IO;
	}
	if (s->cmd != NULL && !same_bytes(s->cmd, cmd, cmd_len)) {
		fail_step(ts, "command differs from the script");
		ts->pos++;
		return EBID_ERR_IO;
	}
	ts->pos++;
	if (s->rc != 0)
		return s->rc;
	return ts_hex(s->resp ? s->resp : "", resp, resp_len);
}

static int
ts_transmit(void *hdl, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
    size_t *resp_len)
{
	struct ts_hdl *h = hdl;

	return play(h->ts, TS_TRANSMIT, cmd, cmd_len, resp, resp_len);
}

static int
ts_simple(struct ts_script *ts, enum ts_op op)
{
	const struct ts_step *s;

	if ((s = peek(ts, op)) == NULL)
		return EBID_OK;
	ts->pos++;
	return s->rc;
}

static int
ts_begin(void *hdl)
{
	return ts_simple(((struct ts_hdl *)hdl)->ts, TS_BEGIN);
}

static int
ts_end(void *hdl)
{
	return ts_simple(((struct ts_hdl *)hdl)->ts, TS_END);
}

static int
ts_control(void *hdl, uint32_t code, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t *out_len)
{
	struct ts_script *ts = ((struct ts_hdl *)hdl)->ts;
	const struct ts_step *s;

	if (ts->raw == NULL && (s = peek(ts, TS_CONTROL)) != NULL &&
	    s->code != 0 && s->code != code) {
		fail_step(ts, "control code differs from the script");
		return EBID_ERR_IO;
	}
	return play(ts, TS_CONTROL, in, in_len, out, out_len);
}

const struct tp_ops tp_script_ops = {
	.name = "script",
	.ctx_new = ctx_new,
	.ctx_free = ctx_free,
	.list = ts_list,
	.wait = ts_wait,
	.cancel = ts_cancel,
	.connect = ts_connect,
	.disconnect = ts_disconnect,
	.transmit = ts_transmit,
	.begin = ts_begin,
	.end = ts_end,
	.control = ts_control,
};

/* --- building a script (tests) ------------------------------------------- */

const char *
ts_build_own(struct ts_build *b, char *s)
{
	char **v;

	if (s == NULL || (v = realloc(b->strs, (b->nstrs + 1) *
	    sizeof(*v))) == NULL)
		abort();
	b->strs = v;
	b->strs[b->nstrs++] = s;
	return s;
}

void
ts_build_step(struct ts_build *b, enum ts_op op, const char *cmd,
    const char *resp, int rc)
{
	struct ts_step *s;
	size_t n = b->ts.nsteps;

	if (n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		if ((s = realloc(b->steps, b->cap * sizeof(*s))) == NULL)
			abort();
		b->steps = s;
	}
	s = &b->steps[n];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->cmd = cmd != NULL ? ts_build_own(b, strdup(cmd)) : NULL;
	s->resp = resp != NULL ? ts_build_own(b, strdup(resp)) : NULL;
	s->rc = rc;
	b->ts.steps = b->steps;
	b->ts.nsteps = n + 1;
}

const char *
ts_build_vfmt(struct ts_build *b, const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		abort();
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return ts_build_own(b, s);
}

const char *
ts_build_fmt(struct ts_build *b, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = ts_build_vfmt(b, fmt, ap);
	va_end(ap);
	return s;
}

const char *
ts_build_hex(struct ts_build *b, const uint8_t *p, size_t n)
{
	char *s;

	if ((s = malloc(2 * n + 1)) == NULL)
		abort();
	hex_encode(p, n, s, 2 * n + 1, HEX_UPPER);
	return ts_build_own(b, s);
}

void
ts_build_reset(struct ts_build *b)
{
	size_t i;

	for (i = 0; i < b->nstrs; i++)
		free(b->strs[i]);
	free(b->strs);
	free(b->steps);
	b->strs = NULL;
	b->nstrs = 0;
	b->steps = NULL;
	b->cap = 0;
	b->ts.steps = NULL;
	b->ts.nsteps = 0;
}
