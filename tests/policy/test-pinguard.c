/*
 * test-pinguard.c - the PIN guard never lets a card go below the reserve.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "common/err.h"
#include "policy/pinguard.h"

struct row {
	int		left, lock, reserve;
	int		allowed, until;
	unsigned	flags;
};

#define L	POL_PIN_LOCKED
#define F	POL_PIN_FINAL_TRY
#define C	POL_PIN_COUNT_LOW

static const struct row rows[] = {
	/* AOSign: 10 tries, reserve 2 */
	{ 10, 10, 2, 1, 8, 0 },
	{ 9, 10, 2, 1, 7, C },
	{ 4, 10, 2, 1, 2, C },
	{ 3, 10, 2, 1, 1, C | F },
	{ 2, 10, 2, 0, 0, C | L },	/* would leave 1 < reserve */
	{ 1, 10, 2, 0, 0, C | L },
	{ 0, 10, 2, 0, 0, C | L },
	/* lock count unknown: no COUNT_LOW from the count */
	{ 5, 0, 2, 1, 3, 0 },
	{ 3, 0, 2, 1, 1, F },
	{ 2, 0, 2, 0, 0, L },
	/* reserve 0: the last try may be used */
	{ 1, 3, 0, 1, 1, C | F },
	{ 0, 3, 0, 0, 0, C | L },
	/* unknown tries left: never send */
	{ -1, 10, 2, 0, 0, L },
	{ -1, 0, 0, 0, 0, L },
};

static void
test_table(void **state)
{
	struct pol_pin_view v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(pol_pin_guard(rows[i].left, rows[i].lock,
		    rows[i].reserve, &v), EBID_OK);
		assert_int_equal(v.allowed, rows[i].allowed);
		assert_int_equal(v.until_guard, rows[i].until);
		assert_int_equal(v.flags, rows[i].flags);
	}
}

/* Spending tries one by one from full stops at the reserve, never lower. */
static void
test_never_below_reserve(void **state)
{
	struct pol_pin_view v;
	int lock, reserve, left;

	(void)state;
	for (lock = 1; lock <= 15; lock++)
		for (reserve = 0; reserve <= 3; reserve++) {
			left = lock;
			while (pol_pin_guard(left, lock, reserve, &v) ==
			    EBID_OK && v.allowed)
				left--;		/* a wrong PIN */
			/* stops exactly at the reserve (or never starts) */
			assert_int_equal(left, lock < reserve ? lock : reserve);
		}
}

/* What an empty VERIFY said, as the guard counts it (module and tool). */
static void
test_left(void **state)
{
	(void)state;
	assert_int_equal(pol_pin_left(7, 0, 0, 10), 7);	/* 63C7 */
	assert_int_equal(pol_pin_left(7, 0, 0, 0), 7);
	assert_int_equal(pol_pin_left(0, 0, 1, 10), 0);	/* 6983 */
	assert_int_equal(pol_pin_left(-1, 0, 1, 10), 0);
	assert_int_equal(pol_pin_left(-1, 1, 0, 10), 10);	/* 9000: full */
	assert_int_equal(pol_pin_left(-1, 1, 0, 0), -1);	/* ...of unknown */
	assert_int_equal(pol_pin_left(-1, 0, 0, 10), -1);	/* said nothing */
}

/* A count of wrong PINs kept for a card that does not tell. */
static void
test_left_counted(void **state)
{
	(void)state;
	assert_int_equal(pol_pin_left_counted(0, 10), 10);
	assert_int_equal(pol_pin_left_counted(3, 10), 7);
	assert_int_equal(pol_pin_left_counted(10, 10), 0);
	assert_int_equal(pol_pin_left_counted(12, 10), 0);
	assert_int_equal(pol_pin_left_counted(-1, 10), -1);	/* unreadable */
	assert_int_equal(pol_pin_left_counted(3, 0), -1);	/* no count */
}

/* A card with more tries left than configured: the count is unknown. */
static void
test_lock_count(void **state)
{
	int bad = -1;

	(void)state;
	assert_int_equal(pol_pin_lock_count(10, 10, &bad), 10);
	assert_int_equal(bad, 0);
	assert_int_equal(pol_pin_lock_count(10, -1, &bad), 10);
	assert_int_equal(bad, 0);
	assert_int_equal(pol_pin_lock_count(10, 3, NULL), 10);
	assert_int_equal(pol_pin_lock_count(10, 15, &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(pol_pin_lock_count(0, 15, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(pol_pin_lock_count(-3, 1, &bad), 0);
	assert_int_equal(bad, 0);
}

static void
test_bad_args(void **state)
{
	struct pol_pin_view v;

	(void)state;
	assert_int_equal(pol_pin_guard(3, 10, 2, NULL), EBID_ERR_ARG);
	assert_int_equal(pol_pin_guard(3, 10, -1, &v), EBID_ERR_ARG);
	assert_int_equal(pol_pin_guard(-2, 10, 2, &v), EBID_ERR_ARG);
	assert_int_equal(pol_pin_guard(11, 10, 2, &v), EBID_ERR_ARG);
	assert_int_equal(pol_pin_guard(3, -1, 2, &v), EBID_ERR_ARG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_never_below_reserve),
		cmocka_unit_test(test_left),
		cmocka_unit_test(test_left_counted),
		cmocka_unit_test(test_lock_count),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests_name("pinguard", tests, NULL, NULL);
}
