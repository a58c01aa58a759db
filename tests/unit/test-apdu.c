/*
 * test-apdu.c - APDU encoding (ISO 7816-3 cases 1 to 4E), and the
 * response rules through the scripted transport: 61xx GET RESPONSE,
 * 6Cxx re-send, command chaining, their bounds, and transport failures.
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
#include "card/sw.h"
#include "common/buf.h"
#include "common/err.h"
#include "harness.h"

/* ------------------------------------------------------------------ */
/* apdu_encode, one line per case                                     */

struct enc {
	const char	*hdr;		/* CLA INS P1 P2 */
	size_t		 lc;
	size_t		 ne;
	int		 ext;
	int		 rc;
	const char	*lc_hex;	/* expected Lc field */
	const char	*le_hex;	/* expected Le field */
};

static void
unhex(const char *s, blob_t *out)
{
	uint8_t b[16];
	size_t n = sizeof(b);

	assert_int_equal(ts_hex(s, b, &n), EBID_OK);
	assert_int_equal(blob_append(out, b, n), EBID_OK);
}

static void
test_encode(void **state)
{
	const struct enc *e = *state;
	struct apdu a = { 0 };
	blob_t out = { 0 }, want = { 0 };
	uint8_t *data = NULL, hdr[4];
	size_t n = sizeof(hdr);

	assert_int_equal(ts_hex(e->hdr, hdr, &n), EBID_OK);
	assert_int_equal(n, 4);
	a.cla = hdr[0];
	a.ins = hdr[1];
	a.p1 = hdr[2];
	a.p2 = hdr[3];
	if (e->lc != 0) {
		assert_non_null(data = malloc(e->lc));
		h_pattern(data, e->lc, 0x10);
	}
	a.data = data;
	a.lc = e->lc;
	a.ne = e->ne;
	assert_int_equal(apdu_encode(&a, e->ext, &out), e->rc);
	if (e->rc == EBID_OK) {
		unhex(e->hdr, &want);
		unhex(e->lc_hex, &want);
		if (e->lc != 0)
			assert_int_equal(blob_append(&want, data, e->lc),
			    EBID_OK);
		unhex(e->le_hex, &want);
		assert_int_equal(out.len, want.len);
		assert_memory_equal(out.ptr, want.ptr, want.len);
	}
	blob_reset(&out);
	blob_reset(&want);
	free(data);
}

#define ENC(name, hdr, lc, ne, ext, rc, lch, leh) \
	{ name, test_encode, NULL, NULL, &(struct enc){ hdr, lc, ne, ext, \
	    rc, lch, leh } }

static struct CMUnitTest enc_tests[] = {
	ENC("case 1", "00 A4 04 0C", 0, 0, 0, EBID_OK, "", ""),
	ENC("case 1, ext allowed", "00 A4 04 0C", 0, 0, 1, EBID_OK, "", ""),
	ENC("case 1, header kept", "84 E2 7F 80", 0, 0, 0, EBID_OK, "", ""),
	ENC("case 2S Ne=1", "00 B0 00 00", 0, 1, 0, EBID_OK, "", "01"),
	ENC("case 2S Ne=255", "00 B0 00 00", 0, 255, 0, EBID_OK, "", "FF"),
	ENC("case 2S Ne=256 -> 00", "00 B0 00 00", 0, 256, 0, EBID_OK, "",
	    "00"),
	ENC("case 2S Ne=256, ext allowed", "00 B0 00 00", 0, 256, 1, EBID_OK,
	    "", "00"),
	ENC("case 3S Lc=1", "00 22 41 B6", 1, 0, 0, EBID_OK, "01", ""),
	ENC("case 3S Lc=255", "00 DA 00 00", 255, 0, 0, EBID_OK, "FF", ""),
	ENC("case 3S Lc=255, ext allowed", "00 DA 00 00", 255, 0, 1, EBID_OK,
	    "FF", ""),
	ENC("case 4S Lc=2 Ne=256", "00 A4 02 04", 2, 256, 0, EBID_OK, "02",
	    "00"),
	ENC("case 4S Lc=255 Ne=255", "00 2A 9E 9A", 255, 255, 0, EBID_OK,
	    "FF", "FF"),
	ENC("case 4S Lc=255 Ne=256", "00 2A 9E 9A", 255, 256, 1, EBID_OK,
	    "FF", "00"),
	ENC("case 2E Ne=257", "00 B0 00 00", 0, 257, 1, EBID_OK, "",
	    "00 01 01"),
	ENC("case 2E Ne=512", "00 B0 00 00", 0, 512, 1, EBID_OK, "",
	    "00 02 00"),
	ENC("case 2E Ne=1500", "00 B0 00 00", 0, 1500, 1, EBID_OK, "",
	    "00 05 DC"),
	ENC("case 2E Ne=65535", "00 B0 00 00", 0, 65535, 1, EBID_OK, "",
	    "00 FF FF"),
	ENC("case 2E Ne=65536 -> 00 00 00", "00 B0 00 00", 0, 65536, 1,
	    EBID_OK, "", "00 00 00"),
	ENC("case 3E Lc=256", "00 DA 00 00", 256, 0, 1, EBID_OK, "00 01 00",
	    ""),
	ENC("case 3E Lc=65535", "00 DA 00 00", 65535, 0, 1, EBID_OK,
	    "00 FF FF", ""),
	ENC("case 4E Lc=256 Ne=1", "00 2A 9E 9A", 256, 1, 1, EBID_OK,
	    "00 01 00", "00 01"),
	ENC("case 4E Lc=256 Ne=256", "00 2A 9E 9A", 256, 256, 1, EBID_OK,
	    "00 01 00", "01 00"),
	ENC("case 4E Lc=51 Ne=512", "00 2A 9E 9A", 51, 512, 1, EBID_OK,
	    "00 00 33", "02 00"),
	ENC("case 4E Lc=1 Ne=65536 -> 00 00", "00 2A 9E 9A", 1, 65536, 1,
	    EBID_OK, "00 00 01", "00 00"),
	ENC("case 4E Lc=65535 Ne=65536", "00 2A 9E 9A", 65535, 65536, 1,
	    EBID_OK, "00 FF FF", "00 00"),
	ENC("Lc=256 without ext", "00 DA 00 00", 256, 0, 0,
	    EBID_ERR_UNSUPPORTED, "", ""),
	ENC("Ne=257 without ext", "00 B0 00 00", 0, 257, 0,
	    EBID_ERR_UNSUPPORTED, "", ""),
	ENC("Ne=65536 without ext", "00 B0 00 00", 0, 65536, 0,
	    EBID_ERR_UNSUPPORTED, "", ""),
	ENC("Lc=2 Ne=512 without ext", "00 2A 9E 9A", 2, 512, 0,
	    EBID_ERR_UNSUPPORTED, "", ""),
	ENC("Lc=65536", "00 DA 00 00", 65536, 0, 1, EBID_ERR_ARG, "", ""),
	ENC("Ne=65537", "00 B0 00 00", 0, 65537, 1, EBID_ERR_ARG, "", ""),
	ENC("Lc=65536 without ext", "00 DA 00 00", 65536, 0, 0, EBID_ERR_ARG,
	    "", ""),
};

static void
test_encode_args(void **state)
{
	struct apdu a = { .ins = 0xDA, .lc = 3, .data = NULL };
	blob_t out = { 0 };

	(void)state;
	assert_int_equal(apdu_encode(&a, 1, &out), EBID_ERR_ARG);
	a.lc = 0;
	assert_int_equal(apdu_encode(NULL, 1, &out), EBID_ERR_ARG);
	assert_int_equal(apdu_encode(&a, 1, NULL), EBID_ERR_ARG);
	assert_null(out.ptr);
	/* A reused blob holds only the new APDU. */
	assert_int_equal(blob_set(&out, (const uint8_t *)"junkjunkjunk", 12),
	    EBID_OK);
	assert_int_equal(apdu_encode(&a, 0, &out), EBID_OK);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.ptr, "\x00\xDA\x00\x00", 4);
	blob_reset(&out);
}

/* ------------------------------------------------------------------ */
/* apdu_transceive through the scripted transport                      */

struct fx {
	struct harness	h;
	blob_t		resp;
	uint16_t	sw;
	uint8_t		data[1024];
};

static int
fx_setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	h_init(&f->h);
	h_pattern(f->data, sizeof(f->data), 0x40);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	blob_reset(&f->resp);
	h_fini(&f->h);
	free(f);
	return 0;
}

static int
run(struct fx *f, unsigned flags, const struct apdu *a)
{
	assert_int_equal(h_connect(&f->h), EBID_OK);
	return apdu_transceive(f->h.card, flags, a, &f->resp, &f->sw);
}

static const struct apdu get_serial = {
	.cla = 0x00, .ins = 0xCA, .p1 = 0x01, .p2 = 0x01, .ne = 256,
};

static void
test_simple(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "01 02 03 90 00");
	assert_int_equal(blob_set(&f->resp, (const uint8_t *)"old", 3),
	    EBID_OK);
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->sw, 0x9000);
	assert_int_equal(f->resp.len, 3);
	assert_memory_equal(f->resp.ptr, "\x01\x02\x03", 3);
	assert_true(h_ok(&f->h));
	assert_int_equal(tp_card_apdus(f->h.card), 1);
}

/* An error status word is an answer, not a failure of the exchange. */
static void
test_error_sw(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "6A 88");
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->sw, 0x6A88);
	assert_int_equal(f->resp.len, 0);
	assert_true(h_ok(&f->h));
}

/* 61 02, then 61 00 (= 256 more), then 90 00. */
static void
test_get_response(void **state)
{
	struct fx *f = *state;
	struct harness *h = &f->h;

	h_tx_step(h, "00 CA 01 01 00", "AA BB 61 02");
	h_tx_step(h, "00 C0 00 00 02", "CC DD 61 00");
	h_tx_step(h, "00 C0 00 00 00",
	    h_fmt(h, "%s 61 05", h_hex(h, f->data, 256)));
	h_tx_step(h, "00 C0 00 00 05", "01 02 03 04 05 90 00");
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->sw, 0x9000);
	assert_int_equal(f->resp.len, 4 + 256 + 5);
	assert_memory_equal(f->resp.ptr, "\xAA\xBB\xCC\xDD", 4);
	assert_memory_equal(f->resp.ptr + 4, f->data, 256);
	assert_memory_equal(f->resp.ptr + 260, "\x01\x02\x03\x04\x05", 5);
	assert_true(h_ok(h));
}

/* GET RESPONSE keeps the logical channel bits of CLA, nothing else. */
static void
test_get_response_cla(void **state)
{
	struct fx *f = *state;
	struct apdu a = get_serial;

	a.cla = 0x83;
	h_tx_step(&f->h, "83 CA 01 01 00", "61 01");
	h_tx_step(&f->h, "03 C0 00 00 01", "77 90 00");
	assert_int_equal(run(f, 0, &a), EBID_OK);
	assert_int_equal(f->sw, 0x9000);
	assert_int_equal(f->resp.len, 1);
	assert_true(h_ok(&f->h));
}

/* The last GET RESPONSE may end with an error status word. */
static void
test_get_response_error_end(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "AA 61 01");
	h_tx_step(&f->h, "00 C0 00 00 01", "6F 00");
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->sw, 0x6F00);
	assert_true(h_ok(&f->h));
}

/* A card answering 61xx forever: an error after a bounded number. */
static void
forever(struct fx *f, const char *answer, const char *get_response)
{
	struct harness *h = &f->h;
	size_t i;
	int rc;

	h_tx_step(h, "00 CA 01 01 00", answer);
	for (i = 0; i < 2 * APDU_GET_RESPONSE_MAX; i++)
		h_tx_step(h, get_response, answer);
	rc = run(f, 0, &get_serial);
	assert_int_equal(rc, EBID_ERR_PARSE);
	assert_int_equal(f->resp.len, 0);
	/* The command, then at most the bound of GET RESPONSEs. */
	assert_true(tp_card_apdus(h->card) <= 1 + APDU_GET_RESPONSE_MAX);
	assert_false(h->sb.ts.mismatch);
}

static void
test_get_response_forever_empty(void **state)
{
	forever(*state, "61 00", "00 C0 00 00 00");
}

static void
test_get_response_forever_1byte(void **state)
{
	forever(*state, "5A 61 01", "00 C0 00 00 01");
}

static void
test_get_response_forever_256(void **state)
{
	struct fx *f = *state;

	forever(f, h_fmt(&f->h, "%s 61 00", h_hex(&f->h, f->data, 256)),
	    "00 C0 00 00 00");
}

/* The whole answer may not exceed 65536 bytes. */
static void
test_response_too_long(void **state)
{
	struct fx *f = *state;
	struct apdu a = { .ins = 0xB0, .ne = 65536 };
	uint8_t *big;

	assert_non_null(big = calloc(1, 65536));
	h_tx_step(&f->h, "00 B0 00 00 00 00 00",
	    h_fmt(&f->h, "%s 61 01", h_hex(&f->h, big, 65536)));
	h_tx_step(&f->h, "00 C0 00 00 01", "00 90 00");
	assert_int_equal(run(f, APDU_F_EXTENDED, &a), EBID_ERR_PARSE);
	assert_int_equal(f->resp.len, 0);
	free(big);
}

static void
test_response_max(void **state)
{
	struct fx *f = *state;
	struct apdu a = { .ins = 0xB0, .ne = 65536 };
	uint8_t *big;

	assert_non_null(big = malloc(65536));
	h_pattern(big, 65536, 3);
	h_tx_step(&f->h, "00 B0 00 00 00 00 00",
	    h_fmt(&f->h, "%s 90 00", h_hex(&f->h, big, 65536)));
	assert_int_equal(run(f, APDU_F_EXTENDED, &a), EBID_OK);
	assert_int_equal(f->resp.len, 65536);
	assert_memory_equal(f->resp.ptr, big, 65536);
	free(big);
}

/* 6Cxx: re-send once with Le = xx. */
static void
test_wrong_le(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "6C 08");
	h_tx_step(&f->h, "00 CA 01 01 08", "01 02 03 04 05 06 07 08 90 00");
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->sw, 0x9000);
	assert_int_equal(f->resp.len, 8);
	assert_true(h_ok(&f->h));
}

static void
test_wrong_le_00(void **state)
{
	struct fx *f = *state;
	struct apdu a = get_serial;

	a.ne = 4;
	h_tx_step(&f->h, "00 CA 01 01 04", "6C 00");
	h_tx_step(&f->h, "00 CA 01 01 00",
	    h_fmt(&f->h, "%s 90 00", h_hex(&f->h, f->data, 256)));
	assert_int_equal(run(f, 0, &a), EBID_OK);
	assert_int_equal(f->resp.len, 256);
	assert_true(h_ok(&f->h));
}

/* Data sent along with 6Cxx is dropped; only the re-send counts. */
static void
test_wrong_le_drops_data(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "DE AD 6C 02");
	h_tx_step(&f->h, "00 CA 01 01 02", "01 02 90 00");
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->resp.len, 2);
	assert_memory_equal(f->resp.ptr, "\x01\x02", 2);
}

static void
test_wrong_le_twice(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "6C 08");
	h_tx_step(&f->h, "00 CA 01 01 08", "6C 04");
	h_tx_step(&f->h, NULL, "01 02 03 04 90 00");	/* never sent */
	assert_int_equal(run(f, 0, &get_serial), EBID_ERR_PARSE);
	assert_int_equal(f->resp.len, 0);
	assert_int_equal(tp_card_apdus(f->h.card), 2);
}

static void
test_wrong_le_then_61(void **state)
{
	struct fx *f = *state;

	h_tx_step(&f->h, "00 CA 01 01 00", "6C 10");
	h_tx_step(&f->h, "00 CA 01 01 10", "AA 61 01");
	h_tx_step(&f->h, "00 C0 00 00 01", "BB 90 00");
	assert_int_equal(run(f, 0, &get_serial), EBID_OK);
	assert_int_equal(f->resp.len, 2);
	assert_memory_equal(f->resp.ptr, "\xAA\xBB", 2);
	assert_true(h_ok(&f->h));
}

/* Command chaining: CLA|10 chunks of 255, the last without the bit. */
static void
chain_steps(struct fx *f, size_t lc, const char *le, const char *last_resp)
{
	struct harness *h = &f->h;
	size_t off = 0;

	for (off = 0; lc - off > 255; off += 255)
		h_tx_step(h, h_fmt(h, "10 DA 01 02 FF %s",
		    h_hex(h, f->data + off, 255)), "90 00");
	h_tx_step(h, h_fmt(h, "00 DA 01 02 %02zX %s %s", lc - off,
	    h_hex(h, f->data + off, lc - off), le), last_resp);
}

static void
chain(void **state, size_t lc, size_t nchunks)
{
	struct fx *f = *state;
	struct apdu a = { .ins = 0xDA, .p1 = 0x01, .p2 = 0x02,
	    .data = f->data, .lc = lc };

	chain_steps(f, lc, "", "90 00");
	assert_int_equal(f->h.sb.ts.nsteps, nchunks);
	assert_int_equal(run(f, APDU_F_CHAIN, &a), EBID_OK);
	assert_int_equal(f->sw, 0x9000);
	assert_true(h_ok(&f->h));
	assert_int_equal(tp_card_apdus(f->h.card), nchunks);
}

static void
test_chain_256(void **state)
{
	chain(state, 256, 2);
}

static void
test_chain_510(void **state)
{
	chain(state, 510, 2);
}

static void
test_chain_600(void **state)
{
	chain(state, 600, 3);
}

/* 255 fits: no chaining even when allowed. */
static void
test_chain_255(void **state)
{
	chain(state, 255, 1);
}

/* Le goes on the last chunk only; its 61xx is collected (CLA 00). */
static void
test_chain_with_le(void **state)
{
	struct fx *f = *state;
	struct apdu a = { .ins = 0xDA, .p1 = 0x01, .p2 = 0x02,
	    .data = f->data, .lc = 300, .ne = 256 };

	chain_steps(f, 300, "00", "AA 61 01");
	h_tx_step(&f->h, "00 C0 00 00 01", "BB 90 00");
	assert_int_equal(run(f, APDU_F_CHAIN, &a), EBID_OK);
	assert_int_equal(f->sw, 0x9000);
	assert_int_equal(f->resp.len, 2);
	assert_true(h_ok(&f->h));
}

/* Extended is preferred to chaining when both are possible. */
static void
test_extended_not_chained(void **state)
{
	struct fx *f = *state;
	struct harness *h = &f->h;
	struct apdu a = { .ins = 0xDA, .p1 = 0x01, .p2 = 0x02,
	    .data = f->data, .lc = 600 };

	h_tx_step(h, h_fmt(h, "00 DA 01 02 00 02 58 %s",
	    h_hex(h, f->data, 600)), "90 00");
	assert_int_equal(run(f, APDU_F_EXTENDED | APDU_F_CHAIN, &a), EBID_OK);
	assert_true(h_ok(h));
}

static void
test_no_ext_no_chain(void **state)
{
	struct fx *f = *state;
	struct apdu a = { .ins = 0xDA, .data = f->data, .lc = 256 };

	assert_int_equal(run(f, 0, &a), EBID_ERR_UNSUPPORTED);
	assert_int_equal(tp_card_apdus(f->h.card), 0);
	assert_true(h_ok(&f->h));
}

/* A non-9000 answer to a chunk stops the chain and is the answer. */
static void
chain_stopped(struct fx *f, size_t at)
{
	struct harness *h = &f->h;
	struct apdu a = { .ins = 0xDA, .p1 = 0x01, .p2 = 0x02,
	    .data = f->data, .lc = 600 };

	chain_steps(f, 600, "", "90 00");
	h->sb.steps[at].resp = "6A 80";
	assert_int_equal(run(f, APDU_F_CHAIN, &a), EBID_OK);
	assert_int_equal(f->sw, 0x6A80);
	assert_int_equal(f->resp.len, 0);
	/* Nothing after the refused chunk was sent. */
	assert_int_equal(tp_card_apdus(h->card), at + 1);
	assert_int_equal(h->sb.ts.pos, at + 1);
	assert_false(h->sb.ts.mismatch);
}

static void
test_chain_stopped_first(void **state)
{
	chain_stopped(*state, 0);
}

static void
test_chain_stopped_second(void **state)
{
	chain_stopped(*state, 1);
}

/* ne > 256 without extended support: Le 00, the rest comes as 61xx. */
static void
test_long_ne_short(void **state)
{
	struct fx *f = *state;
	struct harness *h = &f->h;
	struct apdu a = { .ins = 0xB0, .ne = 512 };

	h_tx_step(h, "00 B0 00 00 00",
	    h_fmt(h, "%s 61 00", h_hex(h, f->data, 256)));
	h_tx_step(h, "00 C0 00 00 00",
	    h_fmt(h, "%s 90 00", h_hex(h, f->data + 256, 256)));
	assert_int_equal(run(f, 0, &a), EBID_OK);
	assert_int_equal(f->resp.len, 512);
	assert_memory_equal(f->resp.ptr, f->data, 512);
	assert_true(h_ok(h));
}

/* A transport error at step k of a long exchange: returned, resp empty. */
static const int tp_errors[] = {
	EBID_ERR_NO_CARD, EBID_ERR_CARD_RESET, EBID_ERR_IO, EBID_ERR_SHARING,
	EBID_ERR_TIMEOUT,
};

static void
test_transport_error_each_step(void **state)
{
	struct fx *f = *state;
	struct apdu a = { .ins = 0xDA, .p1 = 0x01, .p2 = 0x02,
	    .data = f->data, .lc = 600, .ne = 256 };
	size_t k, n;
	int err;

	for (k = 0; k < 5; k++) {
		h_fini(&f->h);
		h_init(&f->h);
		/* 3 chunks, a 6Cxx re-send, then a GET RESPONSE: 5 steps */
		chain_steps(f, 600, "00", "6C 02");
		h_tx_step(&f->h, h_fmt(&f->h, "00 DA 01 02 5A %s 02",
		    h_hex(&f->h, f->data + 510, 90)), "AA 61 01");
		h_tx_step(&f->h, "00 C0 00 00 01", "BB 90 00");
		n = f->h.sb.ts.nsteps;
		assert_int_equal(n, 5);
		err = tp_errors[k];
		f->h.sb.steps[k].rc = err;
		assert_int_equal(blob_set(&f->resp, (const uint8_t *)"x", 1),
		    EBID_OK);
		assert_int_equal(run(f, APDU_F_CHAIN, &a), err);
		assert_int_equal(f->resp.len, 0);
		assert_int_equal(tp_card_apdus(f->h.card), k + 1);
		assert_int_equal(f->h.sb.ts.pos, k + 1);
		assert_false(f->h.sb.ts.mismatch);
	}
	/* And with no error injected the same script succeeds. */
	h_fini(&f->h);
	h_init(&f->h);
	chain_steps(f, 600, "00", "6C 02");
	h_tx_step(&f->h, h_fmt(&f->h, "00 DA 01 02 5A %s 02",
	    h_hex(&f->h, f->data + 510, 90)), "AA 61 01");
	h_tx_step(&f->h, "00 C0 00 00 01", "BB 90 00");
	assert_int_equal(run(f, APDU_F_CHAIN, &a), EBID_OK);
	assert_int_equal(f->resp.len, 2);
	assert_true(h_ok(&f->h));
}

/* Fewer than 2 bytes back: no status word, an I/O error. */
static void
short_answer(struct fx *f, const char *first, const char *second)
{
	h_tx_step(&f->h, "00 CA 01 01 00", first);
	if (second != NULL)
		h_tx_step(&f->h, NULL, second);
	assert_int_equal(blob_set(&f->resp, (const uint8_t *)"x", 1), EBID_OK);
	assert_int_equal(run(f, 0, &get_serial), EBID_ERR_IO);
	assert_int_equal(f->resp.len, 0);
}

static void
test_short_answer_empty(void **state)
{
	short_answer(*state, "", NULL);
}

static void
test_short_answer_1byte(void **state)
{
	short_answer(*state, "90", NULL);
}

static void
test_short_answer_in_get_response(void **state)
{
	short_answer(*state, "AA 61 01", "BB");
}

static void
test_short_answer_in_resend(void **state)
{
	short_answer(*state, "6C 01", "");
}

static void
test_transceive_args(void **state)
{
	struct fx *f = *state;
	struct apdu bad = { .ins = 0xDA, .lc = 2, .data = NULL };

	assert_int_equal(h_connect(&f->h), EBID_OK);
	assert_int_equal(apdu_transceive(NULL, 0, &get_serial, &f->resp,
	    &f->sw), EBID_ERR_ARG);
	assert_int_equal(apdu_transceive(f->h.card, 0, NULL, &f->resp,
	    &f->sw), EBID_ERR_ARG);
	assert_int_equal(apdu_transceive(f->h.card, 0, &get_serial, NULL,
	    &f->sw), EBID_ERR_ARG);
	assert_int_equal(apdu_transceive(f->h.card, 0, &get_serial,
	    &f->resp, NULL), EBID_ERR_ARG);
	assert_int_equal(apdu_transceive(f->h.card, 0, &bad, &f->resp,
	    &f->sw), EBID_ERR_ARG);
	assert_int_equal(tp_card_apdus(f->h.card), 0);
}

#define FX(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_encode_args),
	FX(test_simple),
	FX(test_error_sw),
	FX(test_get_response),
	FX(test_get_response_cla),
	FX(test_get_response_error_end),
	FX(test_get_response_forever_empty),
	FX(test_get_response_forever_1byte),
	FX(test_get_response_forever_256),
	FX(test_response_too_long),
	FX(test_response_max),
	FX(test_wrong_le),
	FX(test_wrong_le_00),
	FX(test_wrong_le_drops_data),
	FX(test_wrong_le_twice),
	FX(test_wrong_le_then_61),
	FX(test_chain_255),
	FX(test_chain_256),
	FX(test_chain_510),
	FX(test_chain_600),
	FX(test_chain_with_le),
	FX(test_extended_not_chained),
	FX(test_no_ext_no_chain),
	FX(test_chain_stopped_first),
	FX(test_chain_stopped_second),
	FX(test_long_ne_short),
	FX(test_transport_error_each_step),
	FX(test_short_answer_empty),
	FX(test_short_answer_1byte),
	FX(test_short_answer_in_get_response),
	FX(test_short_answer_in_resend),
	FX(test_transceive_args),
};

int
main(void)
{
	int failed = 0;

	failed += cmocka_run_group_tests_name("apdu-encode", enc_tests, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("apdu", tests, NULL, NULL);
	return failed != 0;
}
