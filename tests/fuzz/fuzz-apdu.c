/*
 * fuzz-apdu.c - APDU response handling and the card driver against a
 * card that answers anything.
 *
 * Input: a control byte, a parameter byte, then the card's answers in
 * the scripted transport's raw mode (each a 2-byte big-endian length and
 * that many bytes; the card is gone when they run out).
 *
 *   control bits 0-1: 0 apdu_transceive, 1 card_read_ef, 2 card_sign,
 *                     3 card_read_serial + card_pin_status +
 *                       card_pin_verify on the same answers
 *   control bit 2:    APDU_F_EXTENDED
 *   control bit 3:    APDU_F_CHAIN
 *   control bits 4-5: apdu_transceive Ne: 0, 256, 512, 65536
 *   parameter:        apdu_transceive Lc = 3 * p; card_sign key size
 *                     64 << (p % 5) bytes
 *
 * Checks: every call ends; on failure the output blob is empty; on
 * success it has a size the caller can trust.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "card/apdu.h"
#include "card/card.h"
#include "card/sw.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/log.h"
#include "fuzz.h"
#include "transport/script.h"
#include "transport/tp.h"

#define CARD_FILE_MAX	0x7FFF

static const size_t fuzz_ne[4] = { 0, 256, 512, 65536 };

static void
do_transceive(tp_card_t *tc, unsigned flags, uint8_t ctl, uint8_t param)
{
	static uint8_t data[3 * 255];
	struct apdu a = { .cla = 0x00, .ins = 0xDA, .p1 = 0x01, .p2 = 0x02 };
	blob_t resp = { 0 };
	uint16_t sw = 0;
	int rc;

	memset(data, 0x5A, sizeof(data));
	a.lc = 3 * (size_t)param;
	a.data = data;
	a.ne = fuzz_ne[(ctl >> 4) & 3];
	rc = apdu_transceive(tc, flags, &a, &resp, &sw);
	if (rc == EBID_OK) {
		FUZZ_ASSERT(resp.len <= APDU_EXT_NE_MAX);
		/*
		 * Unchained, 61xx is never the final word (a 6Cxx may be:
		 * the answer to a GET RESPONSE is not re-sent).
		 */
		if (a.lc <= APDU_SHORT_LC_MAX || (flags & APDU_F_EXTENDED))
			FUZZ_ASSERT(!SW_BYTES_REMAINING(sw));
	} else {
		FUZZ_ASSERT(resp.len == 0);
	}
	blob_reset(&resp);
}

static void
do_card(tp_card_t *tc, unsigned flags, uint8_t ctl, uint8_t param)
{
	static const uint8_t di[51] = { 0x30, 0x31 };
	struct card_profile prof;
	struct card_pin_status st;
	card_t *card = NULL;
	blob_t out = { 0 };
	size_t key_bytes;
	int rc, tries;

	card_profile_default(&prof);
	prof.apdu_flags = flags;
	if (card_new(tc, &prof, &card) != EBID_OK)
		abort();
	switch (ctl & 3) {
	case 1:
		rc = card_read_ef(card, prof.cert_fid, &out);
		FUZZ_ASSERT(rc == EBID_OK ? out.len >= 1 &&
		    out.len <= CARD_FILE_MAX : out.len == 0);
		break;
	case 2:
		key_bytes = (size_t)64 << (param % 5);
		rc = card_sign(card, di, sizeof(di), key_bytes, &out);
		FUZZ_ASSERT(rc == EBID_OK ? out.len == key_bytes :
		    out.len == 0);
		break;
	default:
		rc = card_read_serial(card, &out);
		FUZZ_ASSERT(rc == EBID_OK ? out.len >= 1 &&
		    out.len <= CARD_SERIAL_MAX : out.len == 0);
		rc = card_pin_status(card, &st);
		if (rc == EBID_OK)
			FUZZ_ASSERT(st.tries >= -1 && st.tries <= 15 &&
			    !(st.verified && st.blocked));
		rc = card_pin_verify(card, (const uint8_t *)"1234", 4, &tries);
		FUZZ_ASSERT(tries >= -1 && tries <= 15);
		FUZZ_ASSERT(rc != EBID_OK || tries == -1);
		break;
	}
	blob_reset(&out);
	card_free(&card);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int logging;
	struct ts_script ts;
	tp_t *tp = NULL;
	tp_card_t *tc = NULL;
	unsigned flags = 0;
	uint8_t ctl, param;

	if (!logging) {
		log_init("fuzz-apdu", LOG_SINK_STDERR);	/* EBID_DEBUG */
		logging = 1;
	}
	if (size < 2)
		return 0;
	ctl = data[0];
	param = data[1];
	if (ctl & 0x04)
		flags |= APDU_F_EXTENDED;
	if (ctl & 0x08)
		flags |= APDU_F_CHAIN;
	memset(&ts, 0, sizeof(ts));
	ts.raw = data + 2;
	ts.raw_len = size - 2;
	if (tp_new(&tp_script_ops, &ts, &tp) != EBID_OK ||
	    tp_connect(tp, "fuzz", &tc) != EBID_OK)
		abort();
	if ((ctl & 3) == 0)
		do_transceive(tc, flags, ctl, param);
	else
		do_card(tc, flags, ctl, param);
	tp_disconnect(&tc, 0);
	tp_free(&tp);
	return 0;
}
