/*
 * inspect.h - reading the card in a reader, and the one decision about
 * it: the single path the module (src/token/) and every ebid-tool
 * command (readers, show, pin, interop, registry) take, so that the tool
 * that tells an administrator "accepted" runs the code that decides in
 * the browser.
 *
 * A read is a fixed sequence of steps (insp_steps[] in inspect.c says,
 * for each, which failures leave the card still judgeable and what an
 * empty result means); nothing here sends a PIN: the PIN status is an
 * empty VERIFY, which never spends a try.
 *
 * Layer: above transport/, card/, policy/ and conf/; below token/ and
 * tool/.
 */
#ifndef EBID_INSPECT_INSPECT_H
#define EBID_INSPECT_INSPECT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#include "card/card.h"
#include "common/buf.h"
#include "conf/conf.h"
#include "conf/trust.h"
#include "policy/decide.h"
#include "transport/tp.h"

/* In the order they run. */
enum insp_step {
	INSP_CONNECT = 0,	/* connect, ATR, profile, card driver */
	INSP_SERIAL,		/* the card serial */
	INSP_CERT,		/* the holder's certificate EF */
	INSP_CA,		/* the CA certificate EF, if the profile has one */
	INSP_PIN,		/* PIN status (empty VERIFY), card-counted only;
				 * then the reader's PIN-pad features */
	INSP_JPKI,		/* does the card answer the My Number AID? */
	INSP_STEPS
};

#define INSP_NOT_RUN	1	/* rc[] of a step that did not run */

struct insp_card {
	char			 reader[TP_READER_MAX];
	uint8_t			 atr[TP_ATR_MAX];
	size_t			 atr_len;
	const struct conf_profile *prof;	/* NULL: no profile matched */
	blob_t			 cert_der;	/* empty: not read */
	blob_t			 ca_der;	/* empty: none */
	X509			*cert;		/* parsed from cert_der */
	X509			*ca;		/* NULL: none, or unusable */
	blob_t			 serial;	/* empty: not known */
	struct card_pin_status	 pin;		/* tries -1: not known */
	struct tp_features	 feat;		/* the reader's (part 10) */
	int			 jpki;		/* 1 yes, 0 no, -1 unknown */
	int			 rc[INSP_STEPS];	/* EBID_* or NOT_RUN */
	long			 ms[INSP_STEPS];	/* time of each step */
	/* the open card, owned until taken (NULL the field to take it) */
	tp_card_t		*tc;
	card_t			*card;
};

/* Between two steps (tests pull a card there); NULL: none. */
typedef void (*insp_pause_fn)(void);

/*
 * Connects to reader on tp (owned by the caller) and reads the card into
 * out, every step in order.  EBID_OK when the card can be judged: its
 * certificate was read, or it answers the My Number application (then
 * it is refused whatever else it holds).  Otherwise the first failure
 * that leaves nothing to judge: the card gone (EBID_ERR_NO_CARD, _IO,
 * _CARD_RESET, ...), no profile (EBID_ERR_UNSUPPORTED), an unreadable
 * certificate (the card's error).  out is filled as far as it got either
 * way; release it with insp_card_reset.
 */
int insp_card_read(tp_t *, const char *reader, const struct conf *,
    insp_pause_fn, struct insp_card *);
void insp_card_reset(struct insp_card *);

/*
 * 1 when rc says the card, or the way to it, is gone (removed, reset,
 * no pcscd, held elsewhere): nothing read after it can be trusted.
 */
int insp_rc_lost(int rc);
/* Whether a step's failure leaves the card judgeable (the table). */
int insp_step_tolerated(enum insp_step, int rc);
/* The step's name for logs and reports ("certificate", ...). */
const char *insp_step_name(enum insp_step);

/*
 * The decision about a card read by insp_card_read (rc EBID_OK), as
 * pol_decide makes it from the trust files: the My Number AID answer is
 * one of its inputs.  d is reset first; pol_decision_reset it after.
 */
int insp_card_decide(const struct insp_card *, const struct conf_trust *,
    time_t now, struct pol_decision *);
/*
 * The same decision with another registry in place of the installed one
 * and the binding always checked (audit mode never relaxes it): what
 * "ebid-tool registry register" asks before it records a card.
 */
int insp_card_decide_for(const struct insp_card *, const struct conf_trust *,
    time_t now, const struct pol_registry *, struct pol_decision *);

#endif
