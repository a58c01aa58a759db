/*
 * test-tlv.c - the one BER-TLV parser.
 *
 * Valid and malformed encodings are tables, one line per case; every
 * line becomes a cmocka test of its own name.  Each input is copied into
 * a heap block of exactly its size so that ASan and valgrind see any
 * read past the end.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "card/tlv.h"
#include "common/err.h"
#include "transport/script.h"

struct input {
	uint8_t	*p;
	size_t	 len;
};

/* The input of the running table test, freed even when it fails. */
static struct input cur;

static int
free_input(void **state)
{
	(void)state;
	free(cur.p);
	memset(&cur, 0, sizeof(cur));
	return 0;
}

/* hdr (hex), then fill bytes of a pattern, then tail (hex). */
static void
mkinput(struct input *in, const char *hdr, size_t fill, const char *tail)
{
	uint8_t h[32], t[32];
	size_t hl = sizeof(h), tl = sizeof(t), i;

	assert_int_equal(ts_hex(hdr, h, &hl), EBID_OK);
	assert_int_equal(ts_hex(tail, t, &tl), EBID_OK);
	in->len = hl + fill + tl;
	/* malloc(0) may return NULL; keep one spare byte, outside len. */
	assert_non_null(in->p = malloc(in->len ? in->len : 1));
	memcpy(in->p, h, hl);
	for (i = 0; i < fill; i++)
		in->p[hl + i] = (uint8_t)(0xA0 + i);
	memcpy(in->p + hl + fill, t, tl);
}

/* ------------------------------------------------------------------ */
/* Valid encodings: tag, value length, bytes consumed, bytes left.     */

struct good {
	const char	*hdr;
	size_t		 fill;
	const char	*tail;
	uint32_t	 tag;
	size_t		 vlen;
	size_t		 left;
};

static void
test_good(void **state)
{
	const struct good *g = *state;
	struct input *in = &cur;
	const uint8_t *p;
	size_t len;
	struct tlv t;

	mkinput(in, g->hdr, g->fill, g->tail);
	p = in->p;
	len = in->len;
	memset(&t, 0, sizeof(t));
	assert_int_equal(tlv_next(&p, &len, &t), EBID_OK);
	assert_int_equal(t.tag, g->tag);
	assert_int_equal(t.len, g->vlen);
	/* The value ends where the cursor now starts. */
	assert_int_equal(len, g->left);
	assert_ptr_equal(p, in->p + (in->len - g->left));
	assert_ptr_equal(t.val, in->p + (in->len - g->left - g->vlen));
}

#define GOOD(name, hdr, fill, tail, tag, vlen, left) \
	{ name, test_good, NULL, free_input, &(struct good){ hdr, fill, tail, \
	    tag, vlen, left } }

static struct CMUnitTest good_tests[] = {
	GOOD("1-byte tag, len 0", "80 00", 0, "", 0x80, 0, 0),
	GOOD("1-byte tag, len 1", "80 01", 1, "", 0x80, 1, 0),
	GOOD("1-byte tag 01", "01 01", 1, "", 0x01, 1, 0),
	GOOD("1-byte tag FE", "FE 00", 0, "", 0xFE, 0, 0),
	GOOD("1-byte tag 1E", "1E 00", 0, "", 0x1E, 0, 0),
	GOOD("constructed 62", "62 02", 2, "", 0x62, 2, 0),
	GOOD("2-byte tag 5F20", "5F 20 02", 2, "", 0x5F20, 2, 0),
	GOOD("2-byte tag 1F1F", "1F 1F 00", 0, "", 0x1F1F, 0, 0),
	GOOD("2-byte tag 9F7F", "9F 7F 00", 0, "", 0x9F7F, 0, 0),
	GOOD("2-byte tag 7F49", "7F 49 01", 1, "", 0x7F49, 1, 0),
	GOOD("3-byte tag 5F8102", "5F 81 02 00", 0, "", 0x5F8102, 0, 0),
	GOOD("3-byte tag DFFF7F", "DF FF 7F 01", 1, "", 0xDFFF7F, 1, 0),
	GOOD("3-byte tag BF8100", "BF 81 00 00", 0, "", 0xBF8100, 0, 0),
	GOOD("1-byte len 7F", "04 7F", 127, "", 0x04, 127, 0),
	GOOD("2-byte len 81 00", "04 81 00", 0, "", 0x04, 0, 0),
	GOOD("2-byte len 81 05", "04 81 05", 5, "", 0x04, 5, 0),
	GOOD("2-byte len 81 80", "04 81 80", 128, "", 0x04, 128, 0),
	GOOD("2-byte len 81 FF", "04 81 FF", 255, "", 0x04, 255, 0),
	GOOD("3-byte len 82 0000", "04 82 00 00", 0, "", 0x04, 0, 0),
	GOOD("3-byte len 82 0100", "04 82 01 00", 256, "", 0x04, 256, 0),
	GOOD("3-byte len 82 FFFF", "04 82 FF FF", 65535, "", 0x04, 65535,
	    0),
	GOOD("3-byte tag, 3-byte len", "DF FF 7F 82 01 00", 256, "",
	    0xDFFF7F, 256, 0),
	GOOD("trailing TLV left", "80 01", 1, "81 00", 0x80, 1, 2),
	GOOD("trailing garbage left", "80 00", 0, "FF FF FF", 0x80, 0, 3),
	GOOD("value may contain 00/FF", "80 04 00 FF 00 FF", 0, "", 0x80, 4,
	    0),
};

/* ------------------------------------------------------------------ */
/* Malformed encodings: EBID_ERR_PARSE and the cursor does not move.   */

struct bad {
	const char	*hdr;
	size_t		 fill;
};

static void
test_bad(void **state)
{
	const struct bad *b = *state;
	struct input *in = &cur;
	const uint8_t *p;
	size_t len;
	struct tlv t;

	mkinput(in, b->hdr, b->fill, "");
	p = in->p;
	len = in->len;
	assert_int_equal(tlv_next(&p, &len, &t), EBID_ERR_PARSE);
	assert_ptr_equal(p, in->p);
	assert_int_equal(len, in->len);
	/* tlv_find over the same bytes fails the same way. */
	if (in->len != 0)
		assert_int_equal(tlv_find(in->p, in->len, 0x80, &t),
		    EBID_ERR_PARSE);
}

#define BAD(name, hdr, fill) \
	{ name, test_bad, NULL, free_input, &(struct bad){ hdr, fill } }

static struct CMUnitTest bad_tests[] = {
	BAD("empty", "", 0),
	/* tag */
	BAD("first tag byte 00", "00 00", 0),
	BAD("first tag byte 00 alone", "00", 0),
	BAD("first tag byte FF", "FF 00", 0),
	BAD("first tag byte FF alone", "FF", 0),
	BAD("1F-form tag, nothing after", "5F", 0),
	BAD("1F-form tag, 1F alone", "1F", 0),
	BAD("subsequent tag byte 80 (leading zero)", "5F 80 01 00", 0),
	BAD("subsequent tag byte 00 (leading zero)", "5F 00 00", 0),
	BAD("subsequent tag byte 80, 3 bytes", "5F 80 01 01 AA", 0),
	BAD("2-byte tag 5F1E: number < 31 in long form", "5F 1E 00", 0),
	BAD("2-byte tag 9F01: number < 31 in long form", "9F 01 00", 0),
	BAD("3-byte tag truncated", "5F 81", 0),
	BAD("4-byte tag", "5F 81 81 01 00", 0),
	BAD("4-byte tag DFFFFF7F", "DF FF FF 7F 00", 0),
	BAD("4-byte tag truncated", "5F 81 81", 0),
	BAD("5-byte tag", "5F 81 81 81 01 00", 0),
	/* length */
	BAD("tag only", "80", 0),
	BAD("2-byte tag only", "5F 20", 0),
	BAD("3-byte tag only", "5F 81 02", 0),
	BAD("indefinite length 80", "80 80 00 00", 0),
	BAD("indefinite length 80 alone", "30 80", 0),
	BAD("length 83", "80 83 00 00 01 AA", 0),
	BAD("length 83 zero", "80 83 00 00 00", 0),
	BAD("length 84", "80 84 00 00 00 01 AA", 0),
	BAD("length 85", "80 85 00 00 00 00 01 AA", 0),
	BAD("length 88", "80 88 00 00 00 00 00 00 00 01 AA", 0),
	BAD("length FF", "80 FF", 0),
	BAD("length 81 truncated", "80 81", 0),
	BAD("length 82 truncated (0 of 2)", "80 82", 0),
	BAD("length 82 truncated (1 of 2)", "80 82 01", 0),
	BAD("3-byte tag, length 82 truncated", "DF FF 7F 82 01", 0),
	/* declared length exceeds what remains */
	BAD("len 01, nothing left", "80 01", 0),
	BAD("len 02, 1 left", "80 02", 1),
	BAD("len 7F, 126 left", "80 7F", 126),
	BAD("len 81 80, 127 left", "80 81 80", 127),
	BAD("len 81 FF, 254 left", "80 81 FF", 254),
	BAD("len 82 0100, 255 left", "80 82 01 00", 255),
	BAD("len 82 8000, 32767 left", "80 82 80 00", 32767),
	BAD("len 82 FFFF, 65534 left", "80 82 FF FF", 65534),
	BAD("len 82 FFFF, nothing left", "80 82 FF FF", 0),
	BAD("2-byte tag, len 81 FF, 254 left", "5F 20 81 FF", 254),
	BAD("3-byte tag, len 82 0100, 255 left", "DF FF 7F 82 01 00", 255),
};

/* ------------------------------------------------------------------ */

static void
test_args(void **state)
{
	static const uint8_t in[] = { 0x80, 0x00 };
	const uint8_t *p = in, *nul = NULL;
	size_t len = sizeof(in);
	struct tlv t;

	(void)state;
	assert_int_equal(tlv_next(NULL, &len, &t), EBID_ERR_ARG);
	assert_int_equal(tlv_next(&p, NULL, &t), EBID_ERR_ARG);
	assert_int_equal(tlv_next(&p, &len, NULL), EBID_ERR_ARG);
	assert_int_equal(tlv_next(&nul, &len, &t), EBID_ERR_ARG);
	assert_ptr_equal(p, in);
	assert_int_equal(len, sizeof(in));
}

/* The parser honours len, not the buffer: a TLV cut by len is short. */
static void
test_cut_by_len(void **state)
{
	static const uint8_t in[] = { 0x80, 0x02, 0xAA, 0xBB };
	const uint8_t *p = in;
	size_t len = 3;
	struct tlv t;

	(void)state;
	assert_int_equal(tlv_next(&p, &len, &t), EBID_ERR_PARSE);
	assert_ptr_equal(p, in);
	assert_int_equal(len, 3);
	len = 4;
	assert_int_equal(tlv_next(&p, &len, &t), EBID_OK);
	assert_int_equal(len, 0);
}

/* Walk a sequence of TLVs to the end. */
static void
test_sequence(void **state)
{
	static const uint8_t in[] = {
		0x80, 0x01, 0xAA,
		0x5F, 0x20, 0x00,
		0xDF, 0x81, 0x01, 0x02, 0xBB, 0xCC,
	};
	static const uint32_t tags[] = { 0x80, 0x5F20, 0xDF8101 };
	const uint8_t *p = in;
	size_t len = sizeof(in), i;
	struct tlv t;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(tlv_next(&p, &len, &t), EBID_OK);
		assert_int_equal(t.tag, tags[i]);
	}
	assert_int_equal(t.len, 2);
	assert_memory_equal(t.val, "\xBB\xCC", 2);
	assert_int_equal(len, 0);
	assert_int_equal(tlv_next(&p, &len, &t), EBID_ERR_PARSE);
}

/* An FCP as the reference card answers it, parsed level by level. */
static void
test_nested(void **state)
{
	static const uint8_t fcp[] = {
		0x62, 0x0B,
		    0x80, 0x02, 0x05, 0xDC,
		    0x82, 0x01, 0x01,
		    0x83, 0x02, 0x00, 0x01,
	};
	const uint8_t *p = fcp, *q;
	size_t len = sizeof(fcp), qlen;
	struct tlv t, c;

	(void)state;
	assert_int_equal(tlv_next(&p, &len, &t), EBID_OK);
	assert_int_equal(t.tag, 0x62);
	assert_true(tlv_constructed(t.tag));
	assert_int_equal(len, 0);
	q = t.val;
	qlen = t.len;
	assert_int_equal(tlv_next(&q, &qlen, &c), EBID_OK);
	assert_int_equal(c.tag, 0x80);
	assert_false(tlv_constructed(c.tag));
	assert_memory_equal(c.val, "\x05\xDC", 2);
	assert_int_equal(tlv_next(&q, &qlen, &c), EBID_OK);
	assert_int_equal(c.tag, 0x82);
	assert_int_equal(tlv_next(&q, &qlen, &c), EBID_OK);
	assert_int_equal(c.tag, 0x83);
	assert_int_equal(qlen, 0);
	assert_ptr_equal(q, fcp + sizeof(fcp));
	/* tlv_find one level down. */
	assert_int_equal(tlv_find(t.val, t.len, 0x83, &c), EBID_OK);
	assert_memory_equal(c.val, "\x00\x01", 2);
}

/* Three levels, with 2- and 3-byte tags and 81 lengths on each. */
static void
test_nested_deep(void **state)
{
	/* 70 81 89 { 7F 49 81 85 { DF 81 01 81 80 <128> } } */
	uint8_t in[3 + 4 + 5 + 128];
	const uint8_t *p = in;
	size_t len = sizeof(in);
	struct tlv a, b, c;

	(void)state;
	memset(in, 0x33, sizeof(in));
	memcpy(in, "\x70\x81\x89", 3);
	memcpy(in + 3, "\x7F\x49\x81\x85", 4);
	memcpy(in + 7, "\xDF\x81\x01\x81\x80", 5);
	assert_int_equal(tlv_next(&p, &len, &a), EBID_OK);
	assert_int_equal(a.tag, 0x70);
	assert_int_equal(a.len, 0x89);
	assert_int_equal(len, 0);
	assert_int_equal(tlv_find(a.val, a.len, 0x7F49, &b), EBID_OK);
	assert_true(tlv_constructed(b.tag));
	assert_int_equal(b.len, 0x85);
	assert_int_equal(tlv_find(b.val, b.len, 0xDF8101, &c), EBID_OK);
	assert_false(tlv_constructed(c.tag));
	assert_int_equal(c.len, 128);
	assert_ptr_equal(c.val, in + 12);
	/* The innermost value is exactly the rest of the buffer. */
	assert_ptr_equal(c.val + c.len, in + sizeof(in));
}

/* A child that fits in the buffer but not in its parent is refused. */
static void
test_child_overruns_parent(void **state)
{
	static const uint8_t in[] = {
		0x70, 0x03, 0x80, 0x05, 0xAA,	/* parent ends here */
		0xBB, 0xCC, 0xDD, 0xEE,
	};
	const uint8_t *p = in, *q;
	size_t len = sizeof(in), qlen;
	struct tlv t, c;

	(void)state;
	assert_int_equal(tlv_next(&p, &len, &t), EBID_OK);
	assert_int_equal(t.len, 3);
	q = t.val;
	qlen = t.len;
	assert_int_equal(tlv_next(&q, &qlen, &c), EBID_ERR_PARSE);
	assert_ptr_equal(q, t.val);
	assert_int_equal(tlv_find(t.val, t.len, 0x80, &c), EBID_ERR_PARSE);
}

static void
test_constructed(void **state)
{
	(void)state;
	assert_true(tlv_constructed(0x62));
	assert_true(tlv_constructed(0x6F));
	assert_true(tlv_constructed(0x30));
	assert_true(tlv_constructed(0x7F49));
	assert_true(tlv_constructed(0xBF0C));
	assert_true(tlv_constructed(0xFF8101));
	assert_false(tlv_constructed(0x80));
	assert_false(tlv_constructed(0x04));
	assert_false(tlv_constructed(0x5F20));
	assert_false(tlv_constructed(0x9F7F));
	assert_false(tlv_constructed(0xDF8101));
	/* Only the first byte counts, not 0x20 bits further down. */
	assert_false(tlv_constructed(0x5F21));
	assert_false(tlv_constructed(0xDF2020));
}

static void
test_find(void **state)
{
	static const uint8_t in[] = {
		0x80, 0x01, 0xAA,
		0x81, 0x01, 0xBB,
		0x80, 0x01, 0xCC,
		0x70, 0x03, 0x82, 0x01, 0xDD,
	};
	struct tlv t;

	(void)state;
	assert_int_equal(tlv_find(in, sizeof(in), 0x80, &t), EBID_OK);
	assert_int_equal(t.val[0], 0xAA);	/* the first one */
	assert_int_equal(tlv_find(in, sizeof(in), 0x81, &t), EBID_OK);
	assert_ptr_equal(t.val, in + 5);
	assert_int_equal(tlv_find(in, sizeof(in), 0x70, &t), EBID_OK);
	assert_int_equal(t.len, 3);
	/* Top level only: 82 is inside 70. */
	assert_int_equal(tlv_find(in, sizeof(in), 0x82, &t),
	    EBID_ERR_NOT_FOUND);
	assert_int_equal(tlv_find(in, sizeof(in), 0x5F20, &t),
	    EBID_ERR_NOT_FOUND);
	assert_int_equal(tlv_find(in, 0, 0x80, &t), EBID_ERR_NOT_FOUND);
	assert_int_equal(tlv_find(NULL, 0, 0x80, &t), EBID_ERR_NOT_FOUND);
	/* Cut inside the second TLV: the first is still found... */
	assert_int_equal(tlv_find(in, 4, 0x80, &t), EBID_OK);
	/* ...but looking past the cut is a parse error, not "not found". */
	assert_int_equal(tlv_find(in, 4, 0x81, &t), EBID_ERR_PARSE);
	assert_int_equal(tlv_find(in, 5, 0x70, &t), EBID_ERR_PARSE);
}

/*
 * 00/FF padding between objects is refused, not skipped: tlv.h says
 * anything but a tag is EBID_ERR_PARSE (ISO 7816-4 would allow skipping
 * it; the parser is deliberately strict about card answers).
 */
static void
test_find_padding(void **state)
{
	static const uint8_t in[] = { 0x80, 0x01, 0xAA, 0xFF, 0xFF,
	    0x81, 0x01, 0xBB };
	struct tlv t;

	(void)state;
	assert_int_equal(tlv_find(in, sizeof(in), 0x80, &t), EBID_OK);
	assert_int_equal(tlv_find(in, sizeof(in), 0x81, &t), EBID_ERR_PARSE);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_args),
	cmocka_unit_test(test_cut_by_len),
	cmocka_unit_test(test_sequence),
	cmocka_unit_test(test_nested),
	cmocka_unit_test(test_nested_deep),
	cmocka_unit_test(test_child_overruns_parent),
	cmocka_unit_test(test_constructed),
	cmocka_unit_test(test_find),
	cmocka_unit_test(test_find_padding),
};

int
main(void)
{
	int failed = 0;

	failed += cmocka_run_group_tests_name("tlv-valid", good_tests, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("tlv-malformed", bad_tests,
	    NULL, NULL);
	failed += cmocka_run_group_tests_name("tlv", tests, NULL, NULL);
	return failed != 0;
}
