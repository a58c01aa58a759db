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

#include <stdarg.h>
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

/*
 * A script built step by step by a test, owning the strings of its
 * steps.  Allocation failures abort (tests only).  ts is the script to
 * play; steps[i] may be edited in place after it was added.
 */
struct ts_build {
	struct ts_script	 ts;
	struct ts_step		*steps;
	size_t			 cap;
	char			**strs;		/* owned step strings */
	size_t			 nstrs;
};

void ts_build_step(struct ts_build *, enum ts_op, const char *cmd,
    const char *resp, int rc);
/* Strings that live as long as the script: formatted, hex, owned. */
const char *ts_build_fmt(struct ts_build *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *ts_build_vfmt(struct ts_build *, const char *fmt, va_list)
    __attribute__((format(printf, 2, 0)));
const char *ts_build_hex(struct ts_build *, const uint8_t *, size_t);
const char *ts_build_own(struct ts_build *, char *);
/* Frees the steps and strings; the other ts fields are the caller's. */
void ts_build_reset(struct ts_build *);

#endif
