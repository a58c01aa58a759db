/*
 * harness.h - scripted-transport plumbing shared by the unit tests.
 *
 * A harness owns a growable script (struct ts_script), the strings its
 * steps point to, and a transport opened on it.  The transport is
 * tp_script_ops with begin/end wrapped so that tests can assert that
 * every transaction a driver opens is closed exactly once (h_tx).
 */
#ifndef EBID_TESTS_UNIT_HARNESS_H
#define EBID_TESTS_UNIT_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "transport/script.h"
#include "transport/tp.h"

struct harness {
	struct ts_build		 sb;		/* the script: sb.ts, sb.steps */
	tp_t			*tp;
	tp_card_t		*card;
};

/* Transaction bookkeeping of the wrapped transport. */
struct h_txcount {
	unsigned	begins;		/* successful tp_begin */
	unsigned	ends;		/* tp_end calls */
	unsigned	depth;		/* open transactions */
	unsigned	bad_ends;	/* tp_end with no open transaction */
};

extern struct h_txcount h_tx;

void h_init(struct harness *);
void h_fini(struct harness *);
/* Append a step; cmd and resp are copied (NULL stays NULL). */
void h_step(struct harness *, enum ts_op, const char *cmd, const char *resp,
    int rc);
void h_tx_step(struct harness *, const char *cmd, const char *resp);
/* Strings owned by the harness, freed by h_fini. */
const char *h_fmt(struct harness *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *h_hex(struct harness *, const uint8_t *, size_t);
/* tp_new + tp_connect on the wrapped script transport. */
int h_connect(struct harness *);
/* 1 when the script was played to its end without a mismatch. */
int h_ok(const struct harness *);

/* n bytes of a recognisable pattern starting at seed. */
void h_pattern(uint8_t *, size_t, uint8_t seed);

#endif
