/*
 * inspect.c - one read of a card and one decision about it (inspect.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/x509.h>

#include "common/err.h"
#include "common/log.h"
#include "inspect/inspect.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define CERT_DER_MAX	65535

/*
 * What a failed step means.  A failure the card answered ("no such
 * file", a malformed answer, "security status not satisfied") leaves
 * the card judgeable where the step is optional; a card that is gone,
 * reset or out of reach never does: nothing it said can be trusted to
 * be complete.
 */
static const struct {
	enum insp_step	 step;
	const char	*name;
	int		 optional;	/* a card answer leaves it judgeable */
	const char	*meaning;	/* of an empty result */
} insp_steps[] = {
	{ INSP_CONNECT, "connect", 0,
	  "no card, no reader, or no profile reads the card" },
	{ INSP_SERIAL, "serial", 1,
	  "the token's serial is empty; the PIN counter file is per card "
	  "only where the serial is known" },
	{ INSP_CERT, "certificate", 0,
	  "nothing to judge, unless the card is a My Number card" },
	{ INSP_CA, "CA certificate", 1,
	  "the chain is built from the configured CA files alone" },
	{ INSP_PIN, "PIN status", 0,
	  "tries left unknown: the PIN guard never sends a PIN" },
	{ INSP_JPKI, "My Number probe", 1,
	  "the card could not tell: refused, fail closed" },
};
_Static_assert(NELEM(insp_steps) == INSP_STEPS, "insp_steps");

/* The card or the way to it is gone: no step is judgeable after this. */
int
insp_rc_lost(int rc)
{
	return rc == EBID_ERR_NO_CARD || rc == EBID_ERR_IO ||
	    rc == EBID_ERR_CARD_RESET || rc == EBID_ERR_NO_SERVICE ||
	    rc == EBID_ERR_NO_READER || rc == EBID_ERR_SHARING ||
	    rc == EBID_ERR_TIMEOUT || rc == EBID_ERR_NOMEM ||
	    rc == EBID_ERR_ARG || rc == EBID_ERR_INTERNAL;
}

int
insp_step_tolerated(enum insp_step s, int rc)
{
	if (rc == EBID_OK || rc == INSP_NOT_RUN)
		return 1;
	if ((size_t)s >= NELEM(insp_steps) || insp_rc_lost(rc))
		return 0;
	return insp_steps[s].optional;
}

const char *
insp_step_name(enum insp_step s)
{
	return (size_t)s < NELEM(insp_steps) ? insp_steps[s].name : "?";
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000L +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* d2i with the end check: the EF must hold exactly one certificate. */
static int
parse_x509(const blob_t *der, X509 **out)
{
	const uint8_t *p = der->ptr;
	X509 *x;

	if (der->len == 0 || der->len > CERT_DER_MAX ||
	    (x = d2i_X509(NULL, &p, (long)der->len)) == NULL)
		return EBID_ERR_PARSE;
	if (p != der->ptr + der->len) {
		X509_free(x);
		return EBID_ERR_PARSE;
	}
	*out = x;
	return EBID_OK;
}

static int
read_cert(struct insp_card *c, uint16_t fid, blob_t *der, X509 **x)
{
	int rc;

	if ((rc = card_read_ef(c->card, fid, der)) == EBID_OK &&
	    (rc = parse_x509(der, x)) != EBID_OK)
		blob_reset(der);
	return rc;
}

static int
do_step(struct insp_card *c, enum insp_step s)
{
	const struct card_profile *p = &c->prof->card;
	int rc;

	switch (s) {
	case INSP_CERT:
		return read_cert(c, p->cert_fid, &c->cert_der, &c->cert);
	case INSP_CA:
		if (p->ca_fid == 0)
			return INSP_NOT_RUN;
		return read_cert(c, p->ca_fid, &c->ca_der, &c->ca);
	case INSP_SERIAL:
		return card_read_serial(c->card, &c->serial);
	case INSP_PIN:
		rc = c->prof->pin_counter ? INSP_NOT_RUN :	/* untold */
		    card_pin_status(c->card, &c->pin);
		if (tp_features(c->tc, &c->feat) != EBID_OK)
			memset(&c->feat, 0, sizeof(c->feat));	/* no PIN pad */
		return rc;
	default:
		return EBID_ERR_INTERNAL;
	}
}

static int
connect_card(tp_t *tp, const char *reader, const struct conf *conf,
    struct insp_card *c)
{
	const uint8_t *atr;
	size_t n;
	int rc;

	snprintf(c->reader, sizeof(c->reader), "%s", reader);
	if ((rc = tp_connect(tp, reader, &c->tc)) != EBID_OK)
		return rc;
	atr = tp_card_atr(c->tc, &n);
	c->atr_len = n < sizeof(c->atr) ? n : sizeof(c->atr);
	memcpy(c->atr, atr, c->atr_len);
	if ((c->prof = conf_profile_match(conf, c->atr, c->atr_len)) == NULL)
		return EBID_ERR_UNSUPPORTED;
	return card_new(c->tc, &c->prof->card, &c->card);
}

/* The My Number probe, last: it runs also when our profile read nothing. */
static void
probe_jpki(struct insp_card *c)
{
	struct timespec t0;
	int j;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	j = card_probe_jpki(c->tc);
	c->jpki = j < 0 ? -1 : j;
	c->rc[INSP_JPKI] = j < 0 ? j : EBID_OK;
	c->ms[INSP_JPKI] = ms_since(&t0);
}

/* The first step that went out of reach, or EBID_OK. */
static int
first_gone(const struct insp_card *c)
{
	size_t i;

	for (i = 0; i < INSP_STEPS; i++)
		if (insp_rc_lost(c->rc[i]))
			return c->rc[i];
	return EBID_OK;
}

/* The first fatal step's rc, or EBID_OK when the card can be judged. */
static int
verdict_rc(const struct insp_card *c)
{
	size_t i;
	int rc;

	if ((rc = first_gone(c)) != EBID_OK)
		return rc;
	if (c->jpki == 1)	/* refused as what it is, whatever we read */
		return EBID_OK;
	for (i = 0; i < INSP_STEPS; i++)
		if (!insp_step_tolerated((enum insp_step)i, c->rc[i]))
			return c->rc[i];
	return c->cert != NULL ? EBID_OK : EBID_ERR_PARSE;
}

int
insp_card_read(tp_t *tp, const char *reader, const struct conf *conf,
    insp_pause_fn pause, struct insp_card *c)
{
	struct timespec t0;
	size_t i;
	int rc;

	if (tp == NULL || reader == NULL || conf == NULL || c == NULL)
		return EBID_ERR_ARG;
	memset(c, 0, sizeof(*c));
	c->pin.tries = -1;
	for (i = 0; i < INSP_STEPS; i++)
		c->rc[i] = INSP_NOT_RUN;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = c->rc[INSP_CONNECT] = connect_card(tp, reader, conf, c);
	c->ms[INSP_CONNECT] = ms_since(&t0);
	for (i = INSP_SERIAL; rc == EBID_OK && i < INSP_JPKI; i++) {
		if (pause != NULL)
			pause();
		clock_gettime(CLOCK_MONOTONIC, &t0);
		c->rc[i] = do_step(c, (enum insp_step)i);
		c->ms[i] = ms_since(&t0);
		if (!insp_step_tolerated((enum insp_step)i, c->rc[i]))
			break;		/* nothing more to learn */
	}
	if (c->tc != NULL && first_gone(c) == EBID_OK)
		probe_jpki(c);
	if ((rc = verdict_rc(c)) != EBID_OK)
		log_debug(LOG_CARD, "card in \"%s\": %s", reader,
		    ebid_strerr(rc));
	return rc;
}

void
insp_card_reset(struct insp_card *c)
{
	if (c == NULL)
		return;
	card_free(&c->card);
	if (c->tc != NULL)
		tp_disconnect(&c->tc, 1);	/* leave nothing verified */
	X509_free(c->cert);
	X509_free(c->ca);
	blob_reset(&c->cert_der);
	blob_reset(&c->ca_der);
	blob_reset(&c->serial);
	memset(c, 0, sizeof(*c));
}

static int
decide(const struct insp_card *c, const struct conf_trust *trust, time_t now,
    const struct pol_registry *reg, struct pol_decision *d)
{
	struct pol_input in;

	if (c == NULL || trust == NULL || d == NULL)
		return EBID_ERR_ARG;
	memset(d, 0, sizeof(*d));
	conf_trust_input(trust, c->cert, c->ca, now, &in);
	in.card_jpki = c->jpki;
	if (reg != NULL) {
		in.registry = reg;
		in.audit = 0;
	}
	return pol_decide(&in, d);
}

int
insp_card_decide(const struct insp_card *c, const struct conf_trust *trust,
    time_t now, struct pol_decision *d)
{
	return decide(c, trust, now, NULL, d);
}

int
insp_card_decide_for(const struct insp_card *c,
    const struct conf_trust *trust, time_t now,
    const struct pol_registry *reg, struct pol_decision *d)
{
	if (reg == NULL)
		return EBID_ERR_ARG;
	return decide(c, trust, now, reg, d);
}
