/*
 * test-hex.c - common/hex.c: hex_encode, hex_digit and hex_decode, the
 * one hex reader behind profile fields (AIDs, ATRs), fingerprints and
 * test scripts.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/err.h"
#include "common/hex.h"

static void
test_encode(void **state)
{
	static const uint8_t b[] = { 0x00, 0x9A, 0xFF };
	char out[7];

	(void)state;
	hex_encode(b, sizeof(b), out, sizeof(out), HEX_UPPER);
	assert_string_equal(out, "009AFF");
	hex_encode(b, sizeof(b), out, sizeof(out), HEX_LOWER);
	assert_string_equal(out, "009aff");
	/* whole bytes only: room for two and a NUL */
	hex_encode(b, sizeof(b), out, 6, HEX_UPPER);
	assert_string_equal(out, "009A");
	hex_encode(b, sizeof(b), out, 2, HEX_UPPER);
	assert_string_equal(out, "");
}

static void
test_digit(void **state)
{
	(void)state;
	assert_int_equal(hex_digit('0'), 0);
	assert_int_equal(hex_digit('9'), 9);
	assert_int_equal(hex_digit('a'), 10);
	assert_int_equal(hex_digit('F'), 15);
	assert_int_equal(hex_digit('g'), -1);
	assert_int_equal(hex_digit('/'), -1);
	assert_int_equal(hex_digit(':'), -1);
	assert_int_equal(hex_digit('@'), -1);
	assert_int_equal(hex_digit('G'), -1);
	assert_int_equal(hex_digit(0xA0), -1);
}

static void
test_decode(void **state)
{
	static const struct {
		const char	*in, *seps;
		size_t		 max;
		int		 rc;
		size_t		 len;
		const char	*bytes;
	} t[] = {
		{ "D392F0", NULL, 8, EBID_OK, 3, "\xD3\x92\xF0" },
		{ "d3 92 f0", " ", 8, EBID_OK, 3, "\xD3\x92\xF0" },
		{ "D:3 92", " :", 8, EBID_OK, 2, "\xD3\x92" },
		{ "", NULL, 8, EBID_OK, 0, "" },
		{ "  ", " ", 8, EBID_OK, 0, "" },
		{ "D3 92", NULL, 8, EBID_ERR_PARSE, 99, NULL },
		{ "D39", NULL, 8, EBID_ERR_PARSE, 99, NULL },
		{ "D3G2", NULL, 8, EBID_ERR_PARSE, 99, NULL },
		{ "D3-92", " :", 8, EBID_ERR_PARSE, 99, NULL },
		{ "D392F0", NULL, 2, EBID_ERR_BUFFER_SMALL, 99, NULL },
		{ "D392", NULL, 2, EBID_OK, 2, "\xD3\x92" },
	};
	uint8_t out[8];
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = 99;
		memset(out, 0, sizeof(out));
		assert_int_equal(hex_decode(t[i].in, t[i].seps, out, t[i].max,
		    &len), t[i].rc);
		assert_int_equal(len, t[i].len);
		if (t[i].bytes != NULL && t[i].len > 0)
			assert_memory_equal(out, t[i].bytes, t[i].len);
	}
	assert_int_equal(hex_decode(NULL, NULL, out, 8, &len), EBID_ERR_ARG);
	assert_int_equal(hex_decode("00", NULL, out, 8, NULL), EBID_ERR_ARG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_digit),
		cmocka_unit_test(test_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
