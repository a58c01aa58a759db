/*
 * test-vcard-link.c - the emulator (libvcard) and the card layer in one
 * program: no name of one clashes with the other's (issue 15).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "card/card.h"
#include "card/sw.h"
#include "common/buf.h"
#include "common/err.h"
#include "vcard/card.h"

/* Both lifecycles, side by side: each free takes NULL and NULLs. */
static void
test_both_free(void **state)
{
	struct vc_card *vc = NULL;
	card_t *c = NULL;

	(void)state;
	vc_card_free(&vc);
	card_free(&c);
	vc_card_free(NULL);
	card_free(NULL);
	assert_null(vc);
	assert_null(c);
}

/*
 * An emulated JACIC card with nothing on it answers an instruction it
 * does not know with 6D00, and the card layer reads that as EBID_ERR_INS.
 */
static void
test_emulator_to_card_layer(void **state)
{
	static const uint8_t cmd[] = { 0x00, 0xEE, 0x00, 0x00 };
	struct vc_desc *d;
	struct vc_card *vc = NULL;
	blob_t *resp;
	uint16_t sw;

	(void)state;
	assert_non_null(d = calloc(1, sizeof(*d)));
	d->profile = VC_PROFILE_JACIC;
	assert_non_null(resp = blob_new());
	assert_int_equal(vc_card_new(&d, &vc), 0);
	assert_null(d);
	assert_int_equal(vc_card_transmit(vc, cmd, sizeof(cmd), resp), 0);
	assert_int_equal(resp->len, 2);
	sw = (uint16_t)(resp->ptr[0] << 8 | resp->ptr[1]);
	assert_int_equal(sw, 0x6D00);
	assert_int_equal(sw_to_rc(sw, NULL), EBID_ERR_INS);
	blob_free(&resp);
	vc_card_free(&vc);
	assert_null(vc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_free),
		cmocka_unit_test(test_emulator_to_card_layer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
