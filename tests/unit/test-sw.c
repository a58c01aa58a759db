/*
 * test-sw.c - status words to EBID_ERR_* codes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "card/sw.h"
#include "common/err.h"

struct row {
	uint16_t	sw;
	int		rc;
	int		tries;		/* expected *tries */
};

static void
test_row(void **state)
{
	const struct row *r = *state;
	int tries = 12345;

	assert_int_equal(sw_to_rc(r->sw, &tries), r->rc);
	assert_int_equal(tries, r->tries);
	/* tries is optional. */
	assert_int_equal(sw_to_rc(r->sw, NULL), r->rc);
}

#define SW(name, sw, rc, tries) \
	{ name, test_row, NULL, NULL, &(struct row){ sw, rc, tries } }

static struct CMUnitTest rows[] = {
	SW("9000 ok", 0x9000, EBID_OK, -1),
	SW("63C0 wrong PIN, last try used", 0x63C0, EBID_ERR_PIN_BLOCKED, 0),
	SW("63C1 wrong PIN, 1 left", 0x63C1, EBID_ERR_PIN_INCORRECT, 1),
	SW("63C2 wrong PIN, 2 left", 0x63C2, EBID_ERR_PIN_INCORRECT, 2),
	SW("63C3 wrong PIN, 3 left", 0x63C3, EBID_ERR_PIN_INCORRECT, 3),
	SW("63C9 wrong PIN, 9 left", 0x63C9, EBID_ERR_PIN_INCORRECT, 9),
	SW("63CA wrong PIN, 10 left", 0x63CA, EBID_ERR_PIN_INCORRECT, 10),
	SW("63CF wrong PIN, 15 left", 0x63CF, EBID_ERR_PIN_INCORRECT, 15),
	SW("6300 wrong PIN, no count", 0x6300, EBID_ERR_PIN_INCORRECT, -1),
	SW("6983 PIN blocked", 0x6983, EBID_ERR_PIN_BLOCKED, -1),
	SW("6984 reference data unusable", 0x6984, EBID_ERR_PIN_BLOCKED, -1),
	SW("6982 security status", 0x6982, EBID_ERR_SECURITY, -1),
	SW("6985 conditions of use", 0x6985, EBID_ERR_CONDITIONS, -1),
	SW("6986 no current EF", 0x6986, EBID_ERR_CONDITIONS, -1),
	SW("6A82 file not found", 0x6A82, EBID_ERR_NOT_FOUND, -1),
	SW("6A83 record not found", 0x6A83, EBID_ERR_NOT_FOUND, -1),
	SW("6A88 data not found", 0x6A88, EBID_ERR_NOT_FOUND, -1),
	SW("6700 wrong length", 0x6700, EBID_ERR_WRONG_LENGTH, -1),
	SW("6A80 wrong data", 0x6A80, EBID_ERR_WRONG_PARAM, -1),
	SW("6A86 wrong P1P2", 0x6A86, EBID_ERR_WRONG_PARAM, -1),
	SW("6B00 wrong P1P2 / offset", 0x6B00, EBID_ERR_WRONG_PARAM, -1),
	SW("6D00 INS", 0x6D00, EBID_ERR_INS, -1),
	SW("6E00 CLA", 0x6E00, EBID_ERR_CLA, -1),
	SW("6581 memory failure", 0x6581, EBID_ERR_MEMORY, -1),
	SW("6A84 not enough memory", 0x6A84, EBID_ERR_MEMORY, -1),
	/* everything else is a generic card error, never success */
	SW("6F00 no diagnosis", 0x6F00, EBID_ERR_CARD, -1),
	SW("6400 PIN pad timeout", 0x6400, EBID_ERR_TIMEOUT, -1),
	SW("6401 PIN pad cancelled", 0x6401, EBID_ERR_CANCELLED, -1),
	SW("6A81 function not supported", 0x6A81, EBID_ERR_CARD, -1),
	SW("6B01 not exactly 6B00", 0x6B01, EBID_ERR_CARD, -1),
	SW("6301 not 6300", 0x6301, EBID_ERR_CARD, -1),
	SW("63D0 not 63Cx", 0x63D0, EBID_ERR_CARD, -1),
	SW("6310 not 63Cx", 0x6310, EBID_ERR_CARD, -1),
	SW("6987 not blocked", 0x6987, EBID_ERR_CARD, -1),
	SW("6100 bytes remaining", 0x6100, EBID_ERR_CARD, -1),
	SW("6110 bytes remaining", 0x6110, EBID_ERR_CARD, -1),
	SW("6C10 wrong Le", 0x6C10, EBID_ERR_CARD, -1),
	SW("6282 warning", 0x6282, EBID_ERR_CARD, -1),
	SW("9001 not 9000", 0x9001, EBID_ERR_CARD, -1),
	SW("9100 not 9000", 0x9100, EBID_ERR_CARD, -1),
	SW("0000", 0x0000, EBID_ERR_CARD, -1),
	SW("FFFF", 0xFFFF, EBID_ERR_CARD, -1),
};

/*
 * Every 63Cx gives x tries (63C0: the last one is used, so blocked);
 * nothing else in 63xx gives a count.
 */
static void
test_tries_sweep(void **state)
{
	unsigned lo;
	int tries;

	(void)state;
	for (lo = 0; lo <= 0xFF; lo++) {
		tries = 99;
		if ((lo & 0xF0) == 0xC0) {
			assert_int_equal(sw_to_rc((uint16_t)(0x6300 | lo),
			    &tries), lo == 0xC0 ? EBID_ERR_PIN_BLOCKED :
			    EBID_ERR_PIN_INCORRECT);
			assert_int_equal(tries, (int)(lo & 0x0F));
		} else {
			(void)sw_to_rc((uint16_t)(0x6300 | lo), &tries);
			assert_int_equal(tries, -1);
		}
	}
}

/* Only 9000 is success: sweep all 65536 status words. */
static void
test_only_9000_ok(void **state)
{
	unsigned sw;
	int tries;

	(void)state;
	for (sw = 0; sw <= 0xFFFF; sw++) {
		tries = 99;
		if (sw == 0x9000)
			continue;
		assert_int_not_equal(sw_to_rc((uint16_t)sw, &tries), EBID_OK);
		assert_true(tries >= -1 && tries <= 15);
	}
}

/* Every code sw.c returns has a name (err.c). */
static void
test_names(void **state)
{
	static const int rcs[] = {
		EBID_OK, EBID_ERR_PIN_INCORRECT, EBID_ERR_PIN_BLOCKED,
		EBID_ERR_SECURITY, EBID_ERR_CONDITIONS, EBID_ERR_NOT_FOUND,
		EBID_ERR_WRONG_LENGTH, EBID_ERR_WRONG_PARAM, EBID_ERR_INS,
		EBID_ERR_CLA, EBID_ERR_MEMORY, EBID_ERR_CARD,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rcs) / sizeof(rcs[0]); i++)
		assert_string_not_equal(ebid_strerr(rcs[i]), "unknown error");
	assert_string_equal(ebid_strerr(12345), "unknown error");
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_tries_sweep),
	cmocka_unit_test(test_only_9000_ok),
	cmocka_unit_test(test_names),
};

int
main(void)
{
	int failed = 0;

	failed += cmocka_run_group_tests_name("sw-table", rows, NULL, NULL);
	failed += cmocka_run_group_tests_name("sw", tests, NULL, NULL);
	return failed != 0;
}
