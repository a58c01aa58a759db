/*
 * card.c - the JACIC reference card driver (docs/card-profile.md).
 *
 * A function whose name ends in _intx runs inside a card transaction:
 * between tx_begin and tx_end, with our application selected.  (In
 * src/token/, _inlock means the module lock is held; no layer uses one
 * suffix for the other.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "card/apdu.h"
#include "card/card.h"
#include "card/sw.h"
#include "card/tlv.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"

#define CARD_FILE_MAX	0x7FFF	/* READ BINARY offsets have 15 bits */
#define TAG_FCP		0x62
#define TAG_FCP_SIZE	0x80

struct card {
	tp_card_t		*tp;	/* borrowed */
	struct card_profile	 prof;
};

/* D3 92 F0 00 45 42 49 44 01: a private AID for the reference profile. */
static const uint8_t card_ref_aid[] = {
	0xD3, 0x92, 0xF0, 0x00, 0x45, 0x42, 0x49, 0x44, 0x01,
};

void
card_profile_default(struct card_profile *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->aid, card_ref_aid, sizeof(card_ref_aid));
	p->aid_len = sizeof(card_ref_aid);
	p->cert_fid = 0x0001;
	p->ca_fid = 0x0002;
	p->serial_src = CARD_SERIAL_GETDATA;
	p->serial_id = 0x0101;
	p->pin_ref = 0x01;
	p->key_ref = 0x01;
	p->pin_min = 4;
	p->pin_max = 16;
	p->pin_charset = CARD_PIN_ALNUM;
	p->apdu_flags = APDU_F_EXTENDED;
}

int
card_new(tp_card_t *tp, const struct card_profile *prof, card_t **out)
{
	card_t *c;

	if (tp == NULL || prof == NULL || out == NULL ||
	    prof->aid_len == 0 || prof->aid_len > CARD_AID_MAX ||
	    prof->pin_min == 0 || prof->pin_max < prof->pin_min ||
	    prof->pin_max > CARD_PIN_MAX || prof->pin_pad_len > CARD_PIN_MAX)
		return EBID_ERR_ARG;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return EBID_ERR_NOMEM;
	c->tp = tp;
	c->prof = *prof;
	*out = c;
	return EBID_OK;
}

void
card_free(card_t **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	free(*cp);
	*cp = NULL;
}

unsigned long
card_apdu_count(const card_t *c)
{
	return tp_card_apdus(c->tp);
}

static int status_intx(card_t *, struct card_pin_status *);

/* Send and translate: EBID_OK only for 9000. */
static int
send(card_t *c, const struct apdu *a, blob_t *resp, uint16_t *sw, int *tries)
{
	blob_t junk = { 0 };
	uint16_t s;
	int rc;

	rc = apdu_transceive(c->tp, c->prof.apdu_flags, a,
	    resp != NULL ? resp : &junk, &s);
	blob_reset(&junk);
	if (rc != EBID_OK)
		return rc;
	if (sw != NULL)
		*sw = s;
	if (s != SW_OK)
		log_debug(LOG_CARD, "INS %02x: sw=%04x", a->ins, s);
	return sw_to_rc(s, tries);
}

static int
select_app_intx(card_t *c)
{
	struct apdu a = { .ins = 0xA4, .p1 = 0x04, .p2 = 0x0C,
	    .data = c->prof.aid, .lc = c->prof.aid_len };

	return send(c, &a, NULL, NULL, NULL);
}

/* Begin a transaction and select our application. */
static int
tx_begin(card_t *c)
{
	int rc;

	rc = tp_begin(c->tp);
	if (rc == EBID_ERR_CARD_RESET) {
		log_debug(LOG_CARD, "card was reset; volatile state lost");
		rc = tp_begin(c->tp);
	}
	if (rc != EBID_OK)
		return rc;
	if ((rc = select_app_intx(c)) != EBID_OK)
		tp_end(c->tp);
	return rc;
}

static int
tx_end(card_t *c, int rc)
{
	int erc = tp_end(c->tp);

	return rc != EBID_OK ? rc : erc;
}

int
card_select_app(card_t *c)
{
	int rc;

	if (c == NULL)
		return EBID_ERR_ARG;
	if ((rc = tx_begin(c)) != EBID_OK)
		return rc;	/* tx_begin ended the transaction */
	return tx_end(c, EBID_OK);
}

/* SELECT EF asking for the FCP; *size is 0 when the card gives none. */
static int
select_ef_intx(card_t *c, uint16_t fid, size_t *size)
{
	uint8_t f[2] = { (uint8_t)(fid >> 8), (uint8_t)fid };
	struct apdu a = { .ins = 0xA4, .p1 = 0x02, .p2 = 0x04, .data = f,
	    .lc = 2, .ne = APDU_SHORT_NE_MAX };
	blob_t fcp = { 0 };
	struct tlv t, s;
	int rc;

	*size = 0;
	if ((rc = send(c, &a, &fcp, NULL, NULL)) != EBID_OK)
		goto out;
	if (fcp.len == 0)
		goto out;
	if (tlv_find(fcp.ptr, fcp.len, TAG_FCP, &t) != EBID_OK ||
	    tlv_find(t.val, t.len, TAG_FCP_SIZE, &s) != EBID_OK ||
	    s.len < 1 || s.len > 2) {
		log_debug(LOG_CARD, "EF %04x: bogus FCP", fid);
		rc = EBID_ERR_PARSE;
		goto out;
	}
	*size = s.len == 2 ? (size_t)(s.val[0] << 8 | s.val[1]) : s.val[0];
out:
	blob_reset(&fcp);
	return rc;
}

static int
read_binary_intx(card_t *c, size_t off, size_t want, blob_t *out)
{
	struct apdu a = { .ins = 0xB0, .p1 = (uint8_t)(off >> 8),
	    .p2 = (uint8_t)off, .ne = want };
	blob_t chunk = { 0 };
	int rc;

	if ((rc = send(c, &a, &chunk, NULL, NULL)) == EBID_OK) {
		if (chunk.len == 0 || chunk.len > want)
			rc = EBID_ERR_PARSE;
		else
			rc = blob_append(out, chunk.ptr, chunk.len);
	}
	blob_reset(&chunk);
	return rc;
}

static int
read_ef_intx(card_t *c, uint16_t fid, blob_t *out)
{
	size_t size, want, chunk_max;
	int rc;

	if ((rc = select_ef_intx(c, fid, &size)) != EBID_OK)
		return rc;
	if (size == 0 || size > CARD_FILE_MAX) {
		log_debug(LOG_CARD, "EF %04x: bogus size=%zu", fid, size);
		return EBID_ERR_PARSE;
	}
	chunk_max = (c->prof.apdu_flags & APDU_F_EXTENDED) ?
	    CARD_FILE_MAX : APDU_SHORT_NE_MAX;
	blob_reset(out);
	while (out->len < size) {
		want = size - out->len;
		if (want > chunk_max)
			want = chunk_max;
		if ((rc = read_binary_intx(c, out->len, want, out)) !=
		    EBID_OK)
			return rc;
	}
	return EBID_OK;
}

int
card_read_ef(card_t *c, uint16_t fid, blob_t *out)
{
	int rc;

	if (c == NULL || out == NULL)
		return EBID_ERR_ARG;
	if ((rc = tx_begin(c)) != EBID_OK)
		return rc;
	rc = read_ef_intx(c, fid, out);
	if (rc != EBID_OK)
		blob_reset(out);
	return tx_end(c, rc);
}

int
card_read_serial(card_t *c, blob_t *out)
{
	struct apdu a = { .ins = 0xCA, .ne = APDU_SHORT_NE_MAX };
	int rc;

	if (c == NULL || out == NULL)
		return EBID_ERR_ARG;
	if (c->prof.serial_src == CARD_SERIAL_EF)
		return card_read_ef(c, c->prof.serial_id, out);
	a.p1 = (uint8_t)(c->prof.serial_id >> 8);
	a.p2 = (uint8_t)c->prof.serial_id;
	if ((rc = tx_begin(c)) != EBID_OK)
		return rc;
	rc = send(c, &a, out, NULL, NULL);
	if (rc == EBID_OK && (out->len == 0 || out->len > CARD_SERIAL_MAX))
		rc = EBID_ERR_PARSE;
	if (rc != EBID_OK)
		blob_reset(out);
	return tx_end(c, rc);
}

/* An empty VERIFY asks for the status; it is never taken as a login. */
int
card_pin_status(card_t *c, struct card_pin_status *st)
{
	int rc;

	if (c == NULL || st == NULL)
		return EBID_ERR_ARG;
	if ((rc = tx_begin(c)) != EBID_OK)
		return rc;
	return tx_end(c, status_intx(c, st));
}

static int
pin_char_ok(enum card_pin_charset cs, uint8_t ch)
{
	int digit = ch >= '0' && ch <= '9';
	int alpha = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');

	switch (cs) {
	case CARD_PIN_DIGITS:
		return digit;
	case CARD_PIN_ALNUM:
		return digit || alpha;
	case CARD_PIN_ASCII:
		return ch >= 0x20 && ch < 0x7F;
	}
	return 0;
}

/* Checked before anything is sent: length, then characters. */
int
card_pin_check(const struct card_profile *p, const uint8_t *pin, size_t len)
{
	size_t i;
	int bad = 0;

	if (p == NULL || (pin == NULL && len != 0))
		return EBID_ERR_ARG;
	if (len < p->pin_min || len > p->pin_max)
		return EBID_ERR_PIN_LEN;
	for (i = 0; i < len; i++)
		bad |= !pin_char_ok(p->pin_charset, pin[i]);
	return bad ? EBID_ERR_PIN_FORMAT : EBID_OK;
}

/* VERIFY with the PIN (padded as the profile says), in a transaction. */
static int
verify_intx(card_t *c, const uint8_t *pin, size_t pin_len, int *tries)
{
	uint8_t buf[CARD_PIN_MAX];
	struct apdu a = { .ins = 0x20, .data = buf };
	int rc;

	memcpy(buf, pin, pin_len);
	a.lc = pin_len;
	if (c->prof.pin_pad_len > pin_len) {
		memset(buf + pin_len, c->prof.pin_pad_byte,
		    c->prof.pin_pad_len - pin_len);
		a.lc = c->prof.pin_pad_len;
	}
	a.p2 = (uint8_t)(0x80 | c->prof.pin_ref);
	rc = send(c, &a, NULL, NULL, tries);
	mem_wipe(buf, sizeof(buf));
	if (rc == EBID_ERR_PIN_BLOCKED)
		*tries = 0;
	return rc;
}

int
card_pin_verify(card_t *c, const uint8_t *pin, size_t pin_len, int *tries)
{
	int rc;

	if (c == NULL || tries == NULL)
		return EBID_ERR_ARG;
	*tries = -1;
	if ((rc = card_pin_check(&c->prof, pin, pin_len)) != EBID_OK)
		return rc;
	if ((rc = tx_begin(c)) != EBID_OK)
		return rc;
	return tx_end(c, verify_intx(c, pin, pin_len, tries));
}

/*
 * PC/SC part 10 PIN_VERIFY_STRUCTURE (little-endian, packed): the reader
 * asks for the PIN on its own keypad and inserts it into the VERIFY APDU
 * at the end of the structure; the PIN never reaches the host.
 */
static int
pinpad_block(const struct card_profile *p, blob_t *out)
{
	uint8_t apdu[5] = { 0x00, 0x20, 0x00, (uint8_t)(0x80 | p->pin_ref),
	    (uint8_t)p->pin_pad_len };
	uint8_t hdr[19] = {
		30, 0,				/* timeouts, seconds */
		0x82,				/* bytes, ASCII, PIN at 0 */
		(uint8_t)(p->pin_pad_len & 0x0F),	/* block size */
		0x00,				/* no length field */
		(uint8_t)p->pin_max, (uint8_t)p->pin_min,
		0x02,				/* validation key */
		0x01,				/* one message */
		0x11, 0x04,			/* LANGID 0x0411: Japanese */
		0x00, 0x00, 0x00, 0x00,		/* message index, TeoPrologue */
		(uint8_t)(sizeof(apdu) + p->pin_pad_len), 0, 0, 0,
	};
	uint8_t pad = p->pin_pad_byte;
	size_t i;
	int rc;

	if ((rc = blob_append(out, hdr, sizeof(hdr))) != EBID_OK ||
	    (rc = blob_append(out, apdu, sizeof(apdu))) != EBID_OK)
		return rc;
	for (i = 0; i < p->pin_pad_len && rc == EBID_OK; i++)
		rc = blob_append(out, &pad, 1);
	return rc;
}

static int
pinpad_intx(card_t *c, uint32_t code, const blob_t *blk, int *tries)
{
	uint8_t resp[2];
	size_t len = sizeof(resp);
	int rc;

	rc = tp_control(c->tp, code, blk->ptr, blk->len, resp, &len);
	if (rc == EBID_OK)
		rc = len == 2 ? sw_to_rc((uint16_t)(resp[0] << 8 | resp[1]),
		    tries) : EBID_ERR_IO;
	if (rc == EBID_ERR_PIN_BLOCKED)
		*tries = 0;
	return rc;
}

int
card_pin_verify_pinpad(card_t *c, uint32_t code, int *tries)
{
	return card_pin_verify_gated(c, NULL, 0, code, NULL, NULL, tries);
}

/* The tries left, by an empty VERIFY, inside a transaction. */
static int
status_intx(card_t *c, struct card_pin_status *st)
{
	struct apdu a = { .ins = 0x20, .p1 = 0x00 };
	int rc;

	memset(st, 0, sizeof(*st));
	st->tries = -1;
	a.p2 = (uint8_t)(0x80 | c->prof.pin_ref);
	rc = send(c, &a, NULL, NULL, &st->tries);
	if (rc == EBID_OK) {
		st->verified = 1;
	} else if (rc == EBID_ERR_PIN_BLOCKED) {
		st->blocked = 1;
		st->tries = 0;
	}
	if (rc == EBID_OK || rc == EBID_ERR_PIN_INCORRECT ||
	    rc == EBID_ERR_PIN_BLOCKED)
		rc = EBID_OK;
	return rc;
}

/*
 * Count, ask the gate, and VERIFY, all in one card transaction: another
 * process cannot spend a try in between.
 */
int
card_pin_verify_gated(card_t *c, const uint8_t *pin, size_t pin_len,
    uint32_t code, card_pin_gate_fn gate, void *arg, int *tries)
{
	struct card_pin_status st;
	blob_t blk = { 0 };
	int rc;

	if (c == NULL || tries == NULL || (pin == NULL && code == 0))
		return EBID_ERR_ARG;
	*tries = -1;
	if (pin != NULL && (rc = card_pin_check(&c->prof, pin, pin_len)) !=
	    EBID_OK)
		return rc;
	if (pin == NULL && (rc = pinpad_block(&c->prof, &blk)) != EBID_OK)
		goto out;
	if ((rc = tx_begin(c)) != EBID_OK)
		goto out;
	if (gate != NULL && (rc = status_intx(c, &st)) == EBID_OK &&
	    (rc = gate(&st, arg)) != EBID_OK)
		*tries = st.tries;
	if (rc == EBID_OK)
		rc = pin != NULL ? verify_intx(c, pin, pin_len, tries) :
		    pinpad_intx(c, code, &blk, tries);
	rc = tx_end(c, rc);
out:
	blob_reset(&blk);
	return rc;
}

/* D3 92 F0 00 26 01 00 00 00 01: JPKI AP (domain.md §2, OpenSC card-jpki.c) */
static const uint8_t card_jpki_aid[] = {
	0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
};

int
card_probe_jpki(tp_card_t *tp)
{
	struct apdu a = { .ins = 0xA4, .p1 = 0x04, .p2 = 0x0C,
	    .data = card_jpki_aid, .lc = sizeof(card_jpki_aid) };
	blob_t junk = { 0 };
	uint16_t sw = 0;
	int rc, erc;

	if (tp == NULL)
		return EBID_ERR_ARG;
	if ((rc = tp_begin(tp)) == EBID_ERR_CARD_RESET)
		rc = tp_begin(tp);
	if (rc != EBID_OK)
		return rc;
	rc = apdu_transceive(tp, 0, &a, &junk, &sw);
	blob_reset(&junk);
	erc = tp_end(tp);
	if (rc == EBID_OK)
		rc = erc;
	return rc != EBID_OK ? rc : sw == SW_OK;
}

static int
sign_intx(card_t *c, const uint8_t *di, size_t di_len, size_t key_bytes,
    blob_t *sig)
{
	uint8_t mse[6] = { 0x84, 0x01, c->prof.key_ref, 0x80, 0x01, 0x02 };
	struct apdu a = { .ins = 0x22, .p1 = 0x41, .p2 = 0xB6, .data = mse,
	    .lc = sizeof(mse) };
	struct apdu pso = { .ins = 0x2A, .p1 = 0x9E, .p2 = 0x9A, .data = di,
	    .lc = di_len, .ne = key_bytes };
	int rc;

	if ((rc = send(c, &a, NULL, NULL, NULL)) != EBID_OK)
		return rc;
	if ((rc = send(c, &pso, sig, NULL, NULL)) != EBID_OK)
		return rc;
	if (sig->len != key_bytes) {
		log_debug(LOG_CARD, "signature len=%zu, key is %zu bytes",
		    sig->len, key_bytes);
		return EBID_ERR_PARSE;
	}
	return EBID_OK;
}

int
card_sign(card_t *c, const uint8_t *di, size_t di_len, size_t key_bytes,
    blob_t *sig)
{
	int rc;

	if (c == NULL || di == NULL || sig == NULL || di_len == 0 ||
	    key_bytes < 64 || key_bytes > 1024 || di_len > key_bytes - 11)
		return EBID_ERR_ARG;
	if ((rc = tx_begin(c)) != EBID_OK)
		return rc;
	rc = sign_intx(c, di, di_len, key_bytes, sig);
	if (rc != EBID_OK)
		blob_reset(sig);
	return tx_end(c, rc);
}
