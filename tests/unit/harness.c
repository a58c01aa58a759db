/*
 * harness.c - scripted-transport plumbing shared by the unit tests.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "harness.h"

struct h_txcount h_tx;

static struct tp_ops h_ops;

static void *
xalloc(size_t n)
{
	void *p;

	if ((p = calloc(1, n)) == NULL)
		abort();
	return p;
}

static int
cnt_begin(void *hdl)
{
	int rc = tp_script_ops.begin(hdl);

	if (rc == EBID_OK) {
		h_tx.begins++;
		h_tx.depth++;
	}
	return rc;
}

static int
cnt_end(void *hdl)
{
	h_tx.ends++;
	if (h_tx.depth == 0)
		h_tx.bad_ends++;
	else
		h_tx.depth--;
	return tp_script_ops.end(hdl);
}

void
h_init(struct harness *h)
{
	memset(h, 0, sizeof(*h));
	memset(&h_tx, 0, sizeof(h_tx));
	h_ops = tp_script_ops;
	h_ops.name = "script+count";
	h_ops.begin = cnt_begin;
	h_ops.end = cnt_end;
}

void
h_fini(struct harness *h)
{
	size_t i;

	tp_disconnect(&h->card, 0);
	tp_free(&h->tp);
	for (i = 0; i < h->nstrs; i++)
		free(h->strs[i]);
	free(h->strs);
	free(h->steps);
	memset(h, 0, sizeof(*h));
}

static const char *
own(struct harness *h, char *s)
{
	char **v;

	if ((v = realloc(h->strs, (h->nstrs + 1) * sizeof(*v))) == NULL)
		abort();
	h->strs = v;
	h->strs[h->nstrs++] = s;
	return s;
}

static const char *
dup_or_null(struct harness *h, const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		abort();
	return own(h, d);
}

void
h_step(struct harness *h, enum ts_op op, const char *cmd, const char *resp,
    int rc)
{
	struct ts_step *s;
	size_t n = h->ts.nsteps;

	if (n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		if ((s = realloc(h->steps, h->cap * sizeof(*s))) == NULL)
			abort();
		h->steps = s;
	}
	s = &h->steps[n];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->cmd = dup_or_null(h, cmd);
	s->resp = dup_or_null(h, resp);
	s->rc = rc;
	h->ts.steps = h->steps;
	h->ts.nsteps = n + 1;
}

void
h_tx_step(struct harness *h, const char *cmd, const char *resp)
{
	h_step(h, TS_TRANSMIT, cmd, resp, 0);
}

const char *
h_fmt(struct harness *h, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	s = xalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return own(h, s);
}

const char *
h_hex(struct harness *h, const uint8_t *p, size_t n)
{
	char *s = xalloc(2 * n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02X", p[i]);
	return own(h, s);
}

int
h_connect(struct harness *h)
{
	int rc;

	if ((rc = tp_new(&h_ops, &h->ts, &h->tp)) != EBID_OK)
		return rc;
	return tp_connect(h->tp, "Scripted Reader 00", &h->card);
}

int
h_ok(const struct harness *h)
{
	return ts_script_ok(&h->ts);
}

void
h_pattern(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}
