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
	tp_disconnect(&h->card, 0);
	tp_free(&h->tp);
	ts_build_reset(&h->sb);
	memset(h, 0, sizeof(*h));
}

void
h_step(struct harness *h, enum ts_op op, const char *cmd, const char *resp,
    int rc)
{
	ts_build_step(&h->sb, op, cmd, resp, rc);
}

void
h_tx_step(struct harness *h, const char *cmd, const char *resp)
{
	ts_build_step(&h->sb, TS_TRANSMIT, cmd, resp, 0);
}

const char *
h_fmt(struct harness *h, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = ts_build_vfmt(&h->sb, fmt, ap);
	va_end(ap);
	return s;
}

const char *
h_hex(struct harness *h, const uint8_t *p, size_t n)
{
	return ts_build_hex(&h->sb, p, n);
}

int
h_connect(struct harness *h)
{
	int rc;

	if ((rc = tp_new(&h_ops, &h->sb.ts, &h->tp)) != EBID_OK)
		return rc;
	return tp_connect(h->tp, "Scripted Reader 00", &h->card);
}

int
h_ok(const struct harness *h)
{
	return ts_script_ok(&h->sb.ts);
}

void
h_pattern(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}
