/*
 * fuzz-features.c - the PC/SC part 10 feature list a reader returns to
 * CM_IOCTL_GET_FEATURE_REQUEST, read by tp_features().
 *
 * Input: the reader's answer to the control call, as it comes (records of
 * tag(1) length(1)=4 control code(4, big-endian)); it reaches
 * tp_features through the scripted transport's raw mode.  A second call
 * sees the card go before the reader answers.
 *
 * Checks: tp_features agrees with a plain reading of the part 10 text:
 * it succeeds exactly when the answer is whole records of length 4 (and
 * fits the 256 bytes asked for; a longer answer is a reader without
 * part 10), then VERIFY_PIN_DIRECT (06) and MODIFY_PIN_DIRECT (07) are
 * the last code given for each tag, 0 if none; after a failure nothing
 * is left behind (both codes 0), so that no caller can use a PIN pad
 * from a list that did not parse.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "fuzz.h"
#include "transport/script.h"
#include "transport/tp.h"

#define ASKED	256	/* what tp_features makes room for */

/* The expected verdict, read record by record. */
static int
expect(const uint8_t *p, size_t n, struct tp_features *f)
{
	uint32_t code;

	memset(f, 0, sizeof(*f));
	if (n > ASKED)
		return EBID_OK;		/* the transport could not answer */
	while (n > 0) {
		if (n < 6 || p[1] != 4) {
			memset(f, 0, sizeof(*f));
			return EBID_ERR_PARSE;
		}
		code = (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16 |
		    (uint32_t)p[4] << 8 | p[5];
		if (p[0] == 0x06)
			f->verify_pin_direct = code;
		else if (p[0] == 0x07)
			f->modify_pin_direct = code;
		p += 6;
		n -= 6;
	}
	return EBID_OK;
}

static int
features(const uint8_t *raw, size_t raw_len, struct tp_features *f)
{
	static const char *const readers[] = { "fuzz", NULL };
	struct ts_script ts;
	tp_t *tp = NULL;
	tp_card_t *tc = NULL;
	int rc;

	memset(&ts, 0, sizeof(ts));
	ts.readers = readers;
	ts.raw = raw;
	ts.raw_len = raw_len;
	if (tp_new(&tp_script_ops, &ts, &tp) != EBID_OK ||
	    tp_connect(tp, "fuzz", &tc) != EBID_OK)
		abort();
	memset(f, 0xA5, sizeof(*f));
	rc = tp_features(tc, f);
	tp_disconnect(&tc, 0);
	tp_free(&tp);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_features got, want;
	uint8_t *raw;
	int rc;

	if (size > 0xFFFF)
		return 0;
	if ((raw = malloc(size + 2)) == NULL)
		abort();
	raw[0] = (uint8_t)(size >> 8);
	raw[1] = (uint8_t)size;
	if (size > 0)
		memcpy(raw + 2, data, size);
	rc = features(raw, size + 2, &got);
	FUZZ_ASSERT(rc == expect(data, size, &want));
	FUZZ_ASSERT(got.verify_pin_direct == want.verify_pin_direct);
	FUZZ_ASSERT(got.modify_pin_direct == want.modify_pin_direct);
	/* the card gone before the reader answered: an error, no PIN pad */
	rc = features(raw, 0, &got);
	FUZZ_ASSERT(rc == EBID_ERR_NO_CARD && got.verify_pin_direct == 0 &&
	    got.modify_pin_direct == 0);
	free(raw);
	return 0;
}
