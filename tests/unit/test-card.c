/*
 * test-card.c - the reference card driver against scripted exchanges,
 * byte for byte as docs/card-profile.md specifies them.
 *
 * Every test also checks the transaction discipline through the counting
 * transport of harness.c: each successful tp_begin is matched by exactly
 * one tp_end, and tp_end is never called without an open transaction.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "card/apdu.h"
#include "card/card.h"
#include "common/buf.h"
#include "common/err.h"
#include "harness.h"

#define SELECT_APP	"00 A4 04 0C 09 D3 92 F0 00 45 42 49 44 01"
#define MSE_SET		"00 22 41 B6 06 84 01 01 80 01 02"
#define DATA_MAX	32768

struct fx {
	struct harness		 h;
	struct card_profile	 prof;
	card_t			*card;
	blob_t			 out;
	uint8_t			*data;
	const void		*row;	/* table tests: the row */
};

static int
fx_setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->data = malloc(DATA_MAX)) == NULL) {
		free(f);
		return -1;
	}
	f->row = *state;
	h_init(&f->h);
	h_pattern(f->data, DATA_MAX, 0x21);
	card_profile_default(&f->prof);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	card_free(&f->card);
	blob_reset(&f->out);
	h_fini(&f->h);
	free(f->data);
	free(f);
	return 0;
}

static void
open_card(struct fx *f)
{
	assert_int_equal(h_connect(&f->h), EBID_OK);
	assert_int_equal(card_new(f->h.card, &f->prof, &f->card), EBID_OK);
}

/* Every transaction opened was closed, once. */
static void
tx_balanced(void)
{
	assert_int_equal(h_tx.depth, 0);
	assert_int_equal(h_tx.bad_ends, 0);
	assert_int_equal(h_tx.begins, h_tx.ends);
}

/* The script was played exactly, and transactions balanced. */
static void
done(struct fx *f)
{
	if (!h_ok(&f->h))
		fail_msg("script: %s (pos %zu of %zu)", f->h.sb.ts.why,
		    f->h.sb.ts.pos, f->h.sb.ts.nsteps);
	tx_balanced();
}

static void
s_app(struct fx *f)
{
	h_tx_step(&f->h, SELECT_APP, "90 00");
}

static void
s_ef(struct fx *f, uint16_t fid, size_t size)
{
	h_tx_step(&f->h, h_fmt(&f->h, "00 A4 02 04 02 %04X 00", fid),
	    h_fmt(&f->h, "62 0B 80 02 %04zX 82 01 01 83 02 %04X 90 00", size,
	    fid));
}

/* READ BINARY at off with the Le field le, answered with data[off..+n). */
static void
s_read(struct fx *f, size_t off, const char *le, size_t n)
{
	h_tx_step(&f->h, h_fmt(&f->h, "00 B0 %04zX %s", off, le),
	    h_fmt(&f->h, "%s 90 00", h_hex(&f->h, f->data + off, n)));
}

static void
assert_out(struct fx *f, size_t n)
{
	assert_int_equal(f->out.len, n);
	assert_memory_equal(f->out.ptr, f->data, n);
}

/* ------------------------------------------------------------------ */
/* card_read_ef                                                        */

static void
test_read_ef_extended(void **state)
{
	struct fx *f = *state;

	s_app(f);
	s_ef(f, 0x0001, 1500);
	s_read(f, 0, "00 05 DC", 1500);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), EBID_OK);
	assert_out(f, 1500);
	assert_int_equal(h_tx.begins, 1);
	assert_int_equal(card_apdu_count(f->card), 3);
	done(f);
}

/* Short lengths only: 5 reads of 256 (Le 00) and one of 220 (DC). */
static void
test_read_ef_short_chunks(void **state)
{
	struct fx *f = *state;
	size_t off;

	f->prof.apdu_flags = 0;
	s_app(f);
	s_ef(f, 0x0001, 1500);
	for (off = 0; off < 1280; off += 256)
		s_read(f, off, "00", 256);
	s_read(f, 1280, "DC", 220);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), EBID_OK);
	assert_out(f, 1500);
	assert_int_equal(card_apdu_count(f->card), 8);
	done(f);
}

/* A card may answer fewer bytes than asked: read on from there. */
static void
test_read_ef_partial(void **state)
{
	struct fx *f = *state;

	s_app(f);
	s_ef(f, 0x0001, 1500);
	s_read(f, 0, "00 05 DC", 1000);
	s_read(f, 1000, "00 01 F4", 500);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), EBID_OK);
	assert_out(f, 1500);
	done(f);
}

static void
test_read_ef_1byte_size(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, "00 A4 02 04 02 00 02 00", "62 03 80 01 10 90 00");
	s_read(f, 0, "10", 16);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0002, &f->out), EBID_OK);
	assert_out(f, 16);
	done(f);
}

/* 7FFF is the largest file READ BINARY can address. */
static void
test_read_ef_max_size(void **state)
{
	struct fx *f = *state;

	s_app(f);
	s_ef(f, 0x0001, 0x7FFF);
	s_read(f, 0, "00 7F FF", 0x7FFF);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), EBID_OK);
	assert_out(f, 0x7FFF);
	done(f);
}

/* What was in out before is replaced, not appended to. */
static void
test_read_ef_replaces_out(void **state)
{
	struct fx *f = *state;

	s_app(f);
	s_ef(f, 0x0001, 4);
	s_read(f, 0, "04", 4);
	open_card(f);
	assert_int_equal(blob_set(&f->out, (const uint8_t *)"old", 3), EBID_OK);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), EBID_OK);
	assert_out(f, 4);
	done(f);
}

/* Bogus FCPs: EBID_ERR_PARSE, no READ BINARY sent, out empty. */
static void
test_bad_fcp(void **state)
{
	struct fx *f = *state;
	const char *answer = *(const char * const *)f->row;

	s_app(f);
	h_tx_step(&f->h, "00 A4 02 04 02 00 01 00", answer);
	open_card(f);
	assert_int_equal(blob_set(&f->out, (const uint8_t *)"old", 3), EBID_OK);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out),
	    EBID_ERR_PARSE);
	assert_int_equal(f->out.len, 0);
	assert_int_equal(card_apdu_count(f->card), 2);
	done(f);
}

#define FCP(name, answer) \
	{ name, test_bad_fcp, fx_setup, fx_teardown, \
	    &(const char *){ answer } }

static struct CMUnitTest fcp_tests[] = {
	FCP("FCP: none (size 0)", "90 00"),
	FCP("FCP: 62 without 80", "62 03 82 01 01 90 00"),
	FCP("FCP: 80 inside 6F, not 62", "6F 04 80 02 05 DC 90 00"),
	FCP("FCP: 80 at top level", "80 02 05 DC 90 00"),
	FCP("FCP: 80 of length 0", "62 02 80 00 90 00"),
	FCP("FCP: 80 of length 3", "62 05 80 03 00 05 DC 90 00"),
	FCP("FCP: size 0 (2 bytes)", "62 04 80 02 00 00 90 00"),
	FCP("FCP: size 0 (1 byte)", "62 03 80 01 00 90 00"),
	FCP("FCP: size 8000", "62 04 80 02 80 00 90 00"),
	FCP("FCP: size FFFF", "62 04 80 02 FF FF 90 00"),
	FCP("FCP: 62 longer than the answer", "62 0B 80 02 05 DC 90 00"),
	FCP("FCP: 80 longer than 62", "62 04 80 05 05 DC 90 00"),
	FCP("FCP: garbage", "FF FF 90 00"),
	FCP("FCP: indefinite length", "62 80 80 02 05 DC 00 00 90 00"),
	FCP("FCP: one byte", "62 90 00"),
};

/* READ BINARY answering nothing: an error after one read, no loop. */
static void
test_read_ef_zero_bytes(void **state)
{
	struct fx *f = *state;

	s_app(f);
	s_ef(f, 0x0001, 1500);
	h_tx_step(&f->h, "00 B0 00 00 00 05 DC", "90 00");
	h_tx_step(&f->h, NULL, "90 00");	/* never reached */
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out),
	    EBID_ERR_PARSE);
	assert_int_equal(f->out.len, 0);
	assert_int_equal(card_apdu_count(f->card), 3);
	tx_balanced();
}

/* ... or answering more than asked. */
static void
test_read_ef_too_much(void **state)
{
	struct fx *f = *state;

	s_app(f);
	s_ef(f, 0x0001, 1500);
	s_read(f, 0, "00 05 DC", 1501);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out),
	    EBID_ERR_PARSE);
	assert_int_equal(f->out.len, 0);
	done(f);
}

static void
test_read_ef_too_much_short(void **state)
{
	struct fx *f = *state;

	f->prof.apdu_flags = 0;
	s_app(f);
	s_ef(f, 0x0001, 300);
	s_read(f, 0, "00", 256);
	s_read(f, 256, "2C", 45);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out),
	    EBID_ERR_PARSE);
	assert_int_equal(f->out.len, 0);
	done(f);
}

/* Status words of each step come back as their codes (sw.c). */
static void
read_ef_sw(struct fx *f, int step, const char *sw, int rc)
{
	const char *app = step == 0 ? sw : "90 00";

	h_tx_step(&f->h, SELECT_APP, app);
	if (step >= 1)
		h_tx_step(&f->h, "00 A4 02 04 02 00 01 00", step == 1 ? sw :
		    "62 04 80 02 05 DC 90 00");
	if (step >= 2)
		h_tx_step(&f->h, "00 B0 00 00 00 05 DC", sw);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), rc);
	assert_int_equal(f->out.len, 0);
	done(f);
}

static void
test_read_ef_no_app(void **state)
{
	read_ef_sw(*state, 0, "6A 82", EBID_ERR_NOT_FOUND);
}

static void
test_read_ef_no_file(void **state)
{
	read_ef_sw(*state, 1, "6A 82", EBID_ERR_NOT_FOUND);
}

static void
test_read_ef_security(void **state)
{
	read_ef_sw(*state, 2, "69 82", EBID_ERR_SECURITY);
}

static void
test_read_ef_offset(void **state)
{
	read_ef_sw(*state, 2, "6B 00", EBID_ERR_WRONG_PARAM);
}

static void
test_read_ef_args(void **state)
{
	struct fx *f = *state;

	open_card(f);
	assert_int_equal(card_read_ef(NULL, 1, &f->out), EBID_ERR_ARG);
	assert_int_equal(card_read_ef(f->card, 1, NULL), EBID_ERR_ARG);
	assert_int_equal(card_apdu_count(f->card), 0);
	done(f);
}

/* ------------------------------------------------------------------ */
/* card_read_serial                                                    */

static void
serial(struct fx *f, const char *answer, int rc, size_t n)
{
	s_app(f);
	h_tx_step(&f->h, "00 CA 01 01 00", answer);
	open_card(f);
	assert_int_equal(card_read_serial(f->card, &f->out), rc);
	assert_int_equal(f->out.len, n);
	done(f);
}

static void
test_serial(void **state)
{
	struct fx *f = *state;

	serial(f, "01 02 03 04 05 06 07 08 90 00", EBID_OK, 8);
	assert_memory_equal(f->out.ptr, "\x01\x02\x03\x04\x05\x06\x07\x08",
	    8);
}

static void
test_serial_empty(void **state)
{
	serial(*state, "90 00", EBID_ERR_PARSE, 0);
}

static void
test_serial_32(void **state)
{
	struct fx *f = *state;

	serial(f, h_fmt(&f->h, "%s 90 00", h_hex(&f->h, f->data, 32)),
	    EBID_OK, 32);
}

static void
test_serial_33(void **state)
{
	struct fx *f = *state;

	serial(f, h_fmt(&f->h, "%s 90 00", h_hex(&f->h, f->data, 33)),
	    EBID_ERR_PARSE, 0);
}

static void
test_serial_not_found(void **state)
{
	serial(*state, "6A 88", EBID_ERR_NOT_FOUND, 0);
}

static void
test_serial_other_getdata(void **state)
{
	struct fx *f = *state;

	f->prof.serial_id = 0x9F7F;
	s_app(f);
	h_tx_step(&f->h, "00 CA 9F 7F 00", "AB 90 00");
	open_card(f);
	assert_int_equal(card_read_serial(f->card, &f->out), EBID_OK);
	assert_int_equal(f->out.len, 1);
	done(f);
}

static void
test_serial_from_ef(void **state)
{
	struct fx *f = *state;

	f->prof.serial_src = CARD_SERIAL_EF;
	f->prof.serial_id = 0x000A;
	s_app(f);
	s_ef(f, 0x000A, 12);
	s_read(f, 0, "0C", 12);
	open_card(f);
	assert_int_equal(card_read_serial(f->card, &f->out), EBID_OK);
	assert_out(f, 12);
	done(f);
}

/* ------------------------------------------------------------------ */
/* card_pin_status: VERIFY with no data, which never counts as login   */

static void
pin_status(struct fx *f, const char *sw, int rc, int tries, int verified,
    int blocked)
{
	struct card_pin_status st;

	s_app(f);
	h_tx_step(&f->h, "00 20 00 81", sw);
	open_card(f);
	memset(&st, 0x55, sizeof(st));
	assert_int_equal(card_pin_status(f->card, &st), rc);
	assert_int_equal(st.tries, tries);
	assert_int_equal(st.verified, verified);
	assert_int_equal(st.blocked, blocked);
	done(f);
}

/* 90 00 here only says "verified in this power cycle". */
static void
test_pin_status_verified(void **state)
{
	pin_status(*state, "90 00", EBID_OK, -1, 1, 0);
}

static void
test_pin_status_tries(void **state)
{
	pin_status(*state, "63 C3", EBID_OK, 3, 0, 0);
}

/* 63C0: no tries left, which is blocked. */
static void
test_pin_status_zero_tries(void **state)
{
	pin_status(*state, "63 C0", EBID_OK, 0, 0, 1);
}

static void
test_pin_status_no_count(void **state)
{
	pin_status(*state, "63 00", EBID_OK, -1, 0, 0);
}

static void
test_pin_status_blocked(void **state)
{
	pin_status(*state, "69 83", EBID_OK, 0, 0, 1);
}

static void
test_pin_status_error(void **state)
{
	pin_status(*state, "6A 88", EBID_ERR_NOT_FOUND, -1, 0, 0);
}

static void
test_pin_status_ref(void **state)
{
	struct fx *f = *state;
	struct card_pin_status st;

	f->prof.pin_ref = 0x12;
	s_app(f);
	h_tx_step(&f->h, "00 20 00 92", "63 C1");
	open_card(f);
	assert_int_equal(card_pin_status(f->card, &st), EBID_OK);
	assert_int_equal(st.tries, 1);
	assert_int_equal(card_pin_status(NULL, &st), EBID_ERR_ARG);
	assert_int_equal(card_pin_status(f->card, NULL), EBID_ERR_ARG);
	done(f);
}

/* ------------------------------------------------------------------ */
/* card_pin_verify                                                     */

static void
verify(struct fx *f, const char *pin, const char *apdu, const char *sw,
    int rc, int tries)
{
	int t = 99;

	s_app(f);
	h_tx_step(&f->h, apdu, sw);
	open_card(f);
	assert_int_equal(card_pin_verify(f->card, (const uint8_t *)pin,
	    strlen(pin), &t), rc);
	assert_int_equal(t, tries);
	done(f);
}

static void
test_verify_ok(void **state)
{
	verify(*state, "1234", "00 20 00 81 04 31 32 33 34", "90 00",
	    EBID_OK, -1);
}

static void
test_verify_wrong(void **state)
{
	verify(*state, "1234", "00 20 00 81 04 31 32 33 34", "63 C2",
	    EBID_ERR_PIN_INCORRECT, 2);
}

static void
test_verify_wrong_last(void **state)
{
	verify(*state, "1234", "00 20 00 81 04 31 32 33 34", "63 C0",
	    EBID_ERR_PIN_BLOCKED, 0);
}

static void
test_verify_blocked(void **state)
{
	verify(*state, "1234", "00 20 00 81 04 31 32 33 34", "69 83",
	    EBID_ERR_PIN_BLOCKED, 0);
}

static void
test_verify_max_len(void **state)
{
	verify(*state, "aB3dE6gH9jK2mN5p",
	    "00 20 00 81 10 61 42 33 64 45 36 67 48 39 6A 4B 32 6D 4E 35 70",
	    "90 00", EBID_OK, -1);
}

static void
test_verify_pad(void **state)
{
	struct fx *f = *state;

	f->prof.pin_pad_len = 8;
	f->prof.pin_pad_byte = 0xFF;
	verify(f, "1234", "00 20 00 81 08 31 32 33 34 FF FF FF FF", "90 00",
	    EBID_OK, -1);
}

static void
test_verify_pad_full(void **state)
{
	struct fx *f = *state;

	f->prof.pin_pad_len = 8;
	f->prof.pin_pad_byte = 0xFF;
	verify(f, "12345678", "00 20 00 81 08 31 32 33 34 35 36 37 38",
	    "90 00", EBID_OK, -1);
}

/* A PIN longer than the padded length goes as it is. */
static void
test_verify_pad_longer(void **state)
{
	struct fx *f = *state;

	f->prof.pin_pad_len = 8;
	f->prof.pin_pad_byte = 0xFF;
	verify(f, "1234567890", "00 20 00 81 0A 31 32 33 34 35 36 37 38 39 30",
	    "90 00", EBID_OK, -1);
}

static void
test_verify_ascii(void **state)
{
	struct fx *f = *state;

	f->prof.pin_charset = CARD_PIN_ASCII;
	verify(f, "p@ s~", "00 20 00 81 05 70 40 20 73 7E", "90 00",
	    EBID_OK, -1);
}

/* Refused by the host: nothing sent, no transaction begun. */
struct badpin {
	enum card_pin_charset	 cs;
	const char		*pin;
	size_t			 len;
	int			 rc;
};

static void
test_bad_pin(void **state)
{
	struct fx *f = *state;
	const struct badpin *b = f->row;
	int tries = 99;

	f->prof.pin_charset = b->cs;
	open_card(f);		/* the script has no steps */
	assert_int_equal(card_pin_verify(f->card, (const uint8_t *)b->pin,
	    b->len, &tries), b->rc);
	assert_int_equal(tries, -1);
	assert_int_equal(card_apdu_count(f->card), 0);
	assert_int_equal(h_tx.begins, 0);
	assert_int_equal(h_tx.ends, 0);
	assert_true(ts_script_ok(&f->h.sb.ts));
	/* card_pin_check says the same without a card. */
	assert_int_equal(card_pin_check(&f->prof, (const uint8_t *)b->pin,
	    b->len), b->rc);
}

#define BADPIN(name, cs, pin, len, rc) \
	{ name, test_bad_pin, fx_setup, fx_teardown, \
	    &(struct badpin){ cs, pin, len, rc } }
#define ALNUM	CARD_PIN_ALNUM

static struct CMUnitTest badpin_tests[] = {
	BADPIN("PIN empty", ALNUM, "", 0, EBID_ERR_PIN_LEN),
	BADPIN("PIN NULL, len 0", ALNUM, NULL, 0, EBID_ERR_PIN_LEN),
	BADPIN("PIN 1 char", ALNUM, "1", 1, EBID_ERR_PIN_LEN),
	BADPIN("PIN 3 chars (min 4)", ALNUM, "123", 3, EBID_ERR_PIN_LEN),
	BADPIN("PIN 17 chars (max 16)", ALNUM, "12345678901234567", 17,
	    EBID_ERR_PIN_LEN),
	BADPIN("PIN 64 chars", ALNUM,
	    "1234567890123456789012345678901234567890123456789012345678901234",
	    64, EBID_ERR_PIN_LEN),
	BADPIN("PIN 3 chars, bad charset too", ALNUM, "1 3", 3,
	    EBID_ERR_PIN_LEN),
	BADPIN("PIN space", ALNUM, "12 34", 5, EBID_ERR_PIN_FORMAT),
	BADPIN("PIN dash", ALNUM, "12-34", 5, EBID_ERR_PIN_FORMAT),
	BADPIN("PIN NUL inside", ALNUM, "12\0" "34", 5, EBID_ERR_PIN_FORMAT),
	BADPIN("PIN NUL at end", ALNUM, "1234\0", 5, EBID_ERR_PIN_FORMAT),
	BADPIN("PIN Latin-1 e-acute", ALNUM, "12\xE9" "4", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("PIN UTF-8 fullwidth 1", ALNUM, "\xEF\xBC\x91" "234", 6,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("PIN newline", ALNUM, "1234\n", 5, EBID_ERR_PIN_FORMAT),
	BADPIN("digits PIN with a letter", CARD_PIN_DIGITS, "12a4", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("digits PIN with a space", CARD_PIN_DIGITS, "12 4", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("ascii PIN with a tab", CARD_PIN_ASCII, "12\t4", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("ascii PIN with DEL", CARD_PIN_ASCII, "12\x7F" "4", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("ascii PIN with 0x80", CARD_PIN_ASCII, "12\x80" "4", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("unknown charset", (enum card_pin_charset)0, "1234", 4,
	    EBID_ERR_PIN_FORMAT),
	BADPIN("PIN NULL, len 4", ALNUM, NULL, 4, EBID_ERR_ARG),
};

static void
test_verify_args(void **state)
{
	struct fx *f = *state;
	int tries;

	open_card(f);
	assert_int_equal(card_pin_verify(f->card, (const uint8_t *)"1234", 4,
	    NULL), EBID_ERR_ARG);
	assert_int_equal(card_pin_verify(NULL, (const uint8_t *)"1234", 4,
	    &tries), EBID_ERR_ARG);
	assert_int_equal(card_apdu_count(f->card), 0);
	assert_int_equal(card_pin_check(NULL, (const uint8_t *)"1234", 4),
	    EBID_ERR_ARG);
	done(f);
}

/* ------------------------------------------------------------------ */
/* card_sign                                                           */

#define DI_LEN	51	/* DigestInfo of SHA-256 */

static const char *
pso(struct fx *f, const char *lc, const char *le)
{
	return h_fmt(&f->h, "00 2A 9E 9A %s %s %s", lc,
	    h_hex(&f->h, f->data + 1000, DI_LEN), le);
}

static const char *
sig_answer(struct fx *f, size_t n, const char *sw)
{
	return h_fmt(&f->h, "%s %s", h_hex(&f->h, f->data, n), sw);
}

static int
sign(struct fx *f, size_t key_bytes)
{
	open_card(f);
	return card_sign(f->card, f->data + 1000, DI_LEN, key_bytes, &f->out);
}

static void
test_sign_2048(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, pso(f, "33", "00"), sig_answer(f, 256, "90 00"));
	assert_int_equal(sign(f, 256), EBID_OK);
	assert_out(f, 256);
	done(f);
}

/* A 4096-bit key needs extended Le: Lc 00 00 33, Le 02 00. */
static void
test_sign_4096_extended(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, pso(f, "00 00 33", "02 00"),
	    sig_answer(f, 512, "90 00"));
	assert_int_equal(sign(f, 512), EBID_OK);
	assert_out(f, 512);
	done(f);
}

/* Without extended lengths the second half comes by GET RESPONSE. */
static void
test_sign_4096_short(void **state)
{
	struct fx *f = *state;

	f->prof.apdu_flags = 0;
	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, pso(f, "33", "00"), sig_answer(f, 256, "61 00"));
	h_tx_step(&f->h, "00 C0 00 00 00", h_fmt(&f->h, "%s 90 00",
	    h_hex(&f->h, f->data + 256, 256)));
	assert_int_equal(sign(f, 512), EBID_OK);
	assert_out(f, 512);
	done(f);
}

static void
test_sign_key_ref(void **state)
{
	struct fx *f = *state;

	f->prof.key_ref = 0x9C;
	s_app(f);
	h_tx_step(&f->h, "00 22 41 B6 06 84 01 9C 80 01 02", "90 00");
	h_tx_step(&f->h, pso(f, "33", "80"), sig_answer(f, 128, "90 00"));
	assert_int_equal(sign(f, 128), EBID_OK);
	done(f);
}

static void
sign_wrong_len(struct fx *f, size_t key_bytes, const char *le, size_t got)
{
	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, pso(f, key_bytes > 256 ? "00 00 33" : "33", le),
	    sig_answer(f, got, "90 00"));
	assert_int_equal(blob_set(&f->out, (const uint8_t *)"x", 1), EBID_OK);
	assert_int_equal(sign(f, key_bytes), EBID_ERR_PARSE);
	assert_int_equal(f->out.len, 0);
	done(f);
}

static void
test_sign_short_sig(void **state)
{
	sign_wrong_len(*state, 256, "00", 255);
}

static void
test_sign_empty_sig(void **state)
{
	sign_wrong_len(*state, 256, "00", 0);
}

static void
test_sign_long_sig(void **state)
{
	sign_wrong_len(*state, 256, "00", 257);
}

static void
test_sign_half_sig(void **state)
{
	sign_wrong_len(*state, 512, "02 00", 256);
}

static void
test_sign_mse_refused(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, MSE_SET, "6A 88");
	assert_int_equal(sign(f, 256), EBID_ERR_NOT_FOUND);
	assert_int_equal(f->out.len, 0);
	done(f);		/* no PSO was sent */
}

static void
test_sign_not_verified(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, pso(f, "33", "00"), "69 82");
	assert_int_equal(sign(f, 256), EBID_ERR_SECURITY);
	assert_int_equal(f->out.len, 0);
	done(f);
}

static void
test_sign_no_mse(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, pso(f, "33", "00"), "69 85");
	assert_int_equal(sign(f, 256), EBID_ERR_CONDITIONS);
	done(f);
}

static void
test_sign_args(void **state)
{
	struct fx *f = *state;
	const uint8_t *di = f->data;

	open_card(f);
	assert_int_equal(card_sign(f->card, di, DI_LEN, 63, &f->out),
	    EBID_ERR_ARG);
	assert_int_equal(card_sign(f->card, di, DI_LEN, 1025, &f->out),
	    EBID_ERR_ARG);
	assert_int_equal(card_sign(f->card, di, 0, 256, &f->out),
	    EBID_ERR_ARG);
	assert_int_equal(card_sign(f->card, di, 246, 256, &f->out),
	    EBID_ERR_ARG);			/* > k - 11 */
	assert_int_equal(card_sign(f->card, NULL, DI_LEN, 256, &f->out),
	    EBID_ERR_ARG);
	assert_int_equal(card_sign(f->card, di, DI_LEN, 256, NULL),
	    EBID_ERR_ARG);
	assert_int_equal(card_sign(NULL, di, DI_LEN, 256, &f->out),
	    EBID_ERR_ARG);
	assert_int_equal(card_apdu_count(f->card), 0);
	done(f);
}

/* k - 11 exactly is allowed (1024-bit key, 117-byte DigestInfo). */
static void
test_sign_di_max(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, MSE_SET, "90 00");
	h_tx_step(&f->h, h_fmt(&f->h, "00 2A 9E 9A 75 %s 80",
	    h_hex(&f->h, f->data, 117)), sig_answer(f, 128, "90 00"));
	open_card(f);
	assert_int_equal(card_sign(f->card, f->data, 117, 128, &f->out),
	    EBID_OK);
	done(f);
}

/* ------------------------------------------------------------------ */
/* Transactions, and transport errors                                  */

/* The card was reset by someone else: begin once more, then go on. */
static void
test_begin_reset_once(void **state)
{
	struct fx *f = *state;

	h_step(&f->h, TS_BEGIN, NULL, NULL, EBID_ERR_CARD_RESET);
	h_step(&f->h, TS_BEGIN, NULL, NULL, 0);
	s_app(f);
	s_ef(f, 0x0001, 4);
	s_read(f, 0, "04", 4);
	h_step(&f->h, TS_END, NULL, NULL, 0);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out), EBID_OK);
	assert_out(f, 4);
	assert_int_equal(h_tx.begins, 1);
	assert_int_equal(h_tx.ends, 1);
	done(f);
}

static void
test_begin_reset_twice(void **state)
{
	struct fx *f = *state;

	h_step(&f->h, TS_BEGIN, NULL, NULL, EBID_ERR_CARD_RESET);
	h_step(&f->h, TS_BEGIN, NULL, NULL, EBID_ERR_CARD_RESET);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out),
	    EBID_ERR_CARD_RESET);
	assert_int_equal(card_apdu_count(f->card), 0);
	assert_int_equal(h_tx.ends, 0);
	done(f);
}

/* Each operation, with tp_begin failing: the error, nothing sent. */
static int
every_op(struct fx *f, int op)
{
	struct card_pin_status st;
	int tries;

	switch (op) {
	case 0:
		return card_read_ef(f->card, 0x0001, &f->out);
	case 1:
		return card_read_serial(f->card, &f->out);
	case 2:
		return card_pin_status(f->card, &st);
	case 3:
		return card_pin_verify(f->card, (const uint8_t *)"1234", 4,
		    &tries);
	case 4:
		return card_sign(f->card, f->data, DI_LEN, 256, &f->out);
	default:
		return card_select_app(f->card);
	}
}

#define NOPS	5	/* card_select_app has tests of its own */

static void
begin_fails(struct fx *f, int err)
{
	int op;

	for (op = 0; op < NOPS; op++) {
		h_fini(&f->h);
		card_free(&f->card);
		h_init(&f->h);
		h_step(&f->h, TS_BEGIN, NULL, NULL, err);
		open_card(f);
		assert_int_equal(every_op(f, op), err);
		assert_int_equal(card_apdu_count(f->card), 0);
		assert_int_equal(h_tx.ends, 0);
		assert_int_equal(f->out.len, 0);
		done(f);
	}
}

static void
test_begin_sharing(void **state)
{
	begin_fails(*state, EBID_ERR_SHARING);
}

static void
test_begin_no_card(void **state)
{
	begin_fails(*state, EBID_ERR_NO_CARD);
}

/* The card leaves in the middle: the error, and the transaction ends. */
static void
transmit_fails(struct fx *f, int err)
{
	int op;

	for (op = 0; op < NOPS; op++) {
		h_fini(&f->h);
		card_free(&f->card);
		h_init(&f->h);
		s_app(f);
		h_step(&f->h, TS_TRANSMIT, NULL, NULL, err);
		open_card(f);
		assert_int_equal(every_op(f, op), err);
		assert_int_equal(card_apdu_count(f->card), 2);
		assert_int_equal(h_tx.begins, 1);
		assert_int_equal(f->out.len, 0);
		done(f);
	}
}

static void
test_transmit_no_card(void **state)
{
	transmit_fails(*state, EBID_ERR_NO_CARD);
}

static void
test_transmit_sharing(void **state)
{
	transmit_fails(*state, EBID_ERR_SHARING);
}

static void
test_transmit_reset(void **state)
{
	transmit_fails(*state, EBID_ERR_CARD_RESET);
}

/* Failing on SELECT of the application ends the transaction, once. */
static void
test_select_app_transport_error(void **state)
{
	struct fx *f = *state;

	h_step(&f->h, TS_TRANSMIT, SELECT_APP, NULL, EBID_ERR_NO_CARD);
	open_card(f);
	assert_int_equal(card_read_ef(f->card, 0x0001, &f->out),
	    EBID_ERR_NO_CARD);
	assert_int_equal(h_tx.ends, 1);
	done(f);
}

/* tp_end failing after a good exchange is reported. */
static void
test_end_fails(void **state)
{
	struct fx *f = *state;

	s_app(f);
	h_tx_step(&f->h, "00 CA 01 01 00", "01 90 00");
	h_step(&f->h, TS_END, NULL, NULL, EBID_ERR_NO_CARD);
	open_card(f);
	assert_int_equal(card_read_serial(f->card, &f->out), EBID_ERR_NO_CARD);
	done(f);
}

static void
test_select_app(void **state)
{
	struct fx *f = *state;

	s_app(f);
	open_card(f);
	assert_int_equal(card_select_app(f->card), EBID_OK);
	assert_int_equal(h_tx.begins, 1);
	assert_int_equal(card_select_app(NULL), EBID_ERR_ARG);
	done(f);
}

/*
 * card_select_app must report why it failed, like every other card_*
 * operation: a reader held by another program is EBID_ERR_SHARING, not
 * a generic card error.
 */
static void
test_select_app_sharing_propagated(void **state)
{
	struct fx *f = *state;

	h_step(&f->h, TS_BEGIN, NULL, NULL, EBID_ERR_SHARING);
	open_card(f);
	assert_int_equal(card_select_app(f->card), EBID_ERR_SHARING);
	assert_int_equal(card_apdu_count(f->card), 0);
}

static void
test_select_app_no_card_propagated(void **state)
{
	struct fx *f = *state;

	h_step(&f->h, TS_TRANSMIT, SELECT_APP, NULL, EBID_ERR_NO_CARD);
	open_card(f);
	assert_int_equal(card_select_app(f->card), EBID_ERR_NO_CARD);
}

/* A failed card_select_app must not end a transaction it never had. */
static void
test_select_app_begin_fails_no_end(void **state)
{
	struct fx *f = *state;

	h_step(&f->h, TS_BEGIN, NULL, NULL, EBID_ERR_SHARING);
	open_card(f);
	assert_int_not_equal(card_select_app(f->card), EBID_OK);
	assert_int_equal(h_tx.begins, 0);
	assert_int_equal(h_tx.ends, 0);
}

/* ... nor end twice the one whose SELECT was refused. */
static void
test_select_app_refused_ends_once(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, SELECT_APP, "6A 82");
	open_card(f);
	assert_int_not_equal(card_select_app(f->card), EBID_OK);
	assert_int_equal(h_tx.begins, 1);
	assert_int_equal(h_tx.ends, 1);
	tx_balanced();
}

/* ------------------------------------------------------------------ */

static void
test_card_new_args(void **state)
{
	struct fx *f = *state;
	struct card_profile p;
	card_t *c = NULL;

	assert_int_equal(h_connect(&f->h), EBID_OK);
	assert_int_equal(card_new(NULL, &f->prof, &c), EBID_ERR_ARG);
	assert_int_equal(card_new(f->h.card, NULL, &c), EBID_ERR_ARG);
	assert_int_equal(card_new(f->h.card, &f->prof, NULL), EBID_ERR_ARG);
	p = f->prof;
	p.aid_len = 0;
	assert_int_equal(card_new(f->h.card, &p, &c), EBID_ERR_ARG);
	p = f->prof;
	p.aid_len = CARD_AID_MAX + 1;
	assert_int_equal(card_new(f->h.card, &p, &c), EBID_ERR_ARG);
	p = f->prof;
	p.pin_min = 0;
	assert_int_equal(card_new(f->h.card, &p, &c), EBID_ERR_ARG);
	p = f->prof;
	p.pin_max = p.pin_min - 1;
	assert_int_equal(card_new(f->h.card, &p, &c), EBID_ERR_ARG);
	p = f->prof;
	p.pin_max = CARD_PIN_MAX + 1;
	assert_int_equal(card_new(f->h.card, &p, &c), EBID_ERR_ARG);
	p = f->prof;
	p.pin_pad_len = CARD_PIN_MAX + 1;
	assert_int_equal(card_new(f->h.card, &p, &c), EBID_ERR_ARG);
	assert_null(c);
	assert_int_equal(card_new(f->h.card, &f->prof, &c), EBID_OK);
	card_free(&c);
	assert_null(c);
	card_free(&c);
	card_free(NULL);
}

static void
test_profile_default(void **state)
{
	struct card_profile p;

	(void)state;
	memset(&p, 0xAA, sizeof(p));
	card_profile_default(&p);
	assert_int_equal(p.aid_len, 9);
	assert_memory_equal(p.aid, "\xD3\x92\xF0\x00\x45\x42\x49\x44\x01", 9);
	assert_int_equal(p.cert_fid, 0x0001);
	assert_int_equal(p.ca_fid, 0x0002);
	assert_int_equal(p.serial_src, CARD_SERIAL_GETDATA);
	assert_int_equal(p.serial_id, 0x0101);
	assert_int_equal(p.pin_ref, 0x01);
	assert_int_equal(p.key_ref, 0x01);
	assert_int_equal(p.pin_min, 4);
	assert_int_equal(p.pin_max, 16);
	assert_int_equal(p.pin_charset, CARD_PIN_ALNUM);
	assert_int_equal(p.pin_pad_len, 0);
}

#define FX(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

static const struct CMUnitTest tests[] = {
	FX(test_read_ef_extended),
	FX(test_read_ef_short_chunks),
	FX(test_read_ef_partial),
	FX(test_read_ef_1byte_size),
	FX(test_read_ef_max_size),
	FX(test_read_ef_replaces_out),
	FX(test_read_ef_zero_bytes),
	FX(test_read_ef_too_much),
	FX(test_read_ef_too_much_short),
	FX(test_read_ef_no_app),
	FX(test_read_ef_no_file),
	FX(test_read_ef_security),
	FX(test_read_ef_offset),
	FX(test_read_ef_args),
	FX(test_serial),
	FX(test_serial_empty),
	FX(test_serial_32),
	FX(test_serial_33),
	FX(test_serial_not_found),
	FX(test_serial_other_getdata),
	FX(test_serial_from_ef),
	FX(test_pin_status_verified),
	FX(test_pin_status_tries),
	FX(test_pin_status_zero_tries),
	FX(test_pin_status_no_count),
	FX(test_pin_status_blocked),
	FX(test_pin_status_error),
	FX(test_pin_status_ref),
	FX(test_verify_ok),
	FX(test_verify_wrong),
	FX(test_verify_wrong_last),
	FX(test_verify_blocked),
	FX(test_verify_max_len),
	FX(test_verify_pad),
	FX(test_verify_pad_full),
	FX(test_verify_pad_longer),
	FX(test_verify_ascii),
	FX(test_verify_args),
	FX(test_sign_2048),
	FX(test_sign_4096_extended),
	FX(test_sign_4096_short),
	FX(test_sign_key_ref),
	FX(test_sign_short_sig),
	FX(test_sign_empty_sig),
	FX(test_sign_long_sig),
	FX(test_sign_half_sig),
	FX(test_sign_mse_refused),
	FX(test_sign_not_verified),
	FX(test_sign_no_mse),
	FX(test_sign_args),
	FX(test_sign_di_max),
	FX(test_begin_reset_once),
	FX(test_begin_reset_twice),
	FX(test_begin_sharing),
	FX(test_begin_no_card),
	FX(test_transmit_no_card),
	FX(test_transmit_sharing),
	FX(test_transmit_reset),
	FX(test_select_app_transport_error),
	FX(test_end_fails),
	FX(test_select_app),
	FX(test_select_app_sharing_propagated),
	FX(test_select_app_no_card_propagated),
	FX(test_select_app_begin_fails_no_end),
	FX(test_select_app_refused_ends_once),
	FX(test_card_new_args),
	cmocka_unit_test(test_profile_default),
};

int
main(void)
{
	int failed = 0;

	failed += cmocka_run_group_tests_name("card-fcp", fcp_tests, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("card-pin-refused",
	    badpin_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("card", tests, NULL, NULL);
	return failed != 0;
}
