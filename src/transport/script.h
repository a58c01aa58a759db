/*
 * script.h - a transport that plays a script, for unit tests and fuzzers.
 *
 * Each step names an operation, the command the code under test must
 * send (hex, spaces allowed; NULL accepts any), the answer (hex), and an
 * error to inject instead (rc != 0).  TRANSMIT and CONTROL must match the
 * next step; CONNECT, BEGIN, END and WAIT consume a step only when the
 * next step is of their kind, and otherwise succeed.  A mismatch is
 * recorded (ts_script_ok) and answered with EBID_ERR_IO.
 */
#ifndef EBID_TRANSPORT_SCRIPT_H
#define EBID_TRANSPORT_SCRIPT_H

#include <stddef.h>

#include "transport/tp.h"

enum ts_op {
	TS_TRANSMIT = 1,
	TS_CONNECT,
	TS_BEGIN,
	TS_END,
	TS_CONTROL,
	TS_WAIT,
};

struct ts_step {
	enum ts_op	 op;
	const char	*cmd;
	const char	*resp;
	int		 rc;
	unsigned	 state;		/* TS_WAIT: TP_ST_* bits reported */
	uint32_t	 code;		/* TS_CONTROL: expected control code */
};

struct ts_script {
	const char * const	*readers;	/* NULL-terminated */
	const char		*atr;		/* hex */
	const struct ts_step	*steps;
	size_t			 nsteps;
	/* filled in as it plays */
	size_t			 pos;
	int			 mismatch;
	char			 why[256];
	/* tp_wait with no TS_WAIT step next: 0 times out, else these bits
	 * with an unchanging event state (a card that sits in the reader) */
	unsigned		 idle_state;
	/* raw mode (fuzzing): answers come from here, in order */
	const uint8_t		*raw;
	size_t			 raw_len;
};

extern const struct tp_ops tp_script_ops;

/* 1 when every step was played and nothing mismatched. */
int ts_script_ok(const struct ts_script *);
int ts_hex(const char *hex, uint8_t *out, size_t *len);

#endif
