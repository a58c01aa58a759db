/*
 * card.h - the JACIC reference card driver (docs/card-profile.md).
 *
 * Every layout detail (AID, file IDs, key and PIN references, PIN rules)
 * is a field of struct card_profile, filled from per-authority
 * configuration; card_profile_default() gives the reference values.
 * Every operation runs inside one PC/SC transaction and starts by
 * selecting the application, since another program may have used the
 * card in between.
 */
#ifndef EBID_CARD_CARD_H
#define EBID_CARD_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "transport/tp.h"

#define CARD_AID_MAX	16
#define CARD_PIN_MAX	64	/* bytes on the wire, after padding */
#define CARD_SERIAL_MAX	32

enum card_serial_src {
	CARD_SERIAL_GETDATA = 1,	/* GET DATA P1P2 = serial_id */
	CARD_SERIAL_EF,			/* READ BINARY of EF serial_id */
};

enum card_pin_charset {
	CARD_PIN_DIGITS = 1,
	CARD_PIN_ALNUM,
	CARD_PIN_ASCII,
};

struct card_profile {
	uint8_t			aid[CARD_AID_MAX];
	size_t			aid_len;
	uint16_t		cert_fid;
	uint16_t		ca_fid;		/* 0: none */
	enum card_serial_src	serial_src;
	uint16_t		serial_id;
	uint8_t			pin_ref;
	uint8_t			key_ref;
	size_t			pin_min;
	size_t			pin_max;
	enum card_pin_charset	pin_charset;
	size_t			pin_pad_len;	/* 0: no padding */
	uint8_t			pin_pad_byte;
	unsigned		apdu_flags;	/* APDU_F_* */
};

struct card_pin_status {
	int	tries;		/* tries left, -1 when the card did not say */
	int	verified;	/* the card says verified in this power cycle */
	int	blocked;
};

typedef struct card card_t;

void card_profile_default(struct card_profile *);
int card_new(tp_card_t *, const struct card_profile *, card_t **);
void card_free(card_t **);

int card_select_app(card_t *);
int card_read_ef(card_t *, uint16_t fid, blob_t *out);
int card_read_serial(card_t *, blob_t *out);
int card_pin_status(card_t *, struct card_pin_status *);
int card_pin_verify(card_t *, const uint8_t *pin, size_t pin_len,
    int *tries);
int card_pin_verify_pinpad(card_t *, uint32_t ctl_code, int *tries);
int card_sign(card_t *, const uint8_t *digest_info, size_t di_len,
    size_t key_bytes, blob_t *sig);
int card_pin_check(const struct card_profile *, const uint8_t *, size_t);

/*
 * The PIN guard's gate: called inside the card transaction of a guarded
 * VERIFY with the status an empty VERIFY just reported; EBID_OK lets the
 * PIN go, anything else (usually EBID_ERR_PIN_GUARD) stops it and is
 * returned.  No other process can send a PIN between the count and the
 * VERIFY.
 */
typedef int (*card_pin_gate_fn)(const struct card_pin_status *, void *arg);

/* card_pin_verify, or the PIN pad when pin is NULL, behind the gate. */
int card_pin_verify_gated(card_t *, const uint8_t *pin, size_t pin_len,
    uint32_t pinpad_ctl, card_pin_gate_fn, void *arg, int *tries);

/*
 * 1 if the card answers SELECT of the My Number (JPKI) application
 * (AID D3 92 F0 00 26 01 00 00 00 01), 0 if not, negative on transport
 * errors.  Used to refuse such cards whatever their profile says.
 */
int card_probe_jpki(tp_card_t *);

/* Counters for benchmarks and tests: APDUs sent through this card. */
unsigned long card_apdu_count(const card_t *);

#endif
