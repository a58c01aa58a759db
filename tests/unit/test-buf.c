/*
 * test-buf.c - cursor reads of untrusted bytes, and owned byte strings.
 *
 * Linked with -Wl,--wrap=free so that the wipe before free is observable:
 * __wrap_free checks a watched block for zeroes before releasing it.
 */
#include "config.h"

#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"

void __real_free(void *);
void __wrap_free(void *);

/* The block __wrap_free watches, and what it saw. */
static struct {
	const void	*ptr;
	size_t		 len;
	int		 freed;
	int		 zero;
} watch;

void
__wrap_free(void *p)
{
	const uint8_t *b = p;
	size_t i;

	if (p != NULL && p == watch.ptr) {
		watch.freed = 1;
		watch.zero = 1;
		for (i = 0; i < watch.len; i++)
			if (b[i] != 0)
				watch.zero = 0;
		watch.ptr = NULL;
	}
	__real_free(p);
}

static void
watch_block(const void *p, size_t len)
{
	watch.ptr = p;
	watch.len = len;
	watch.freed = 0;
	watch.zero = 0;
}

static const uint8_t in8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* Read n bytes from a fresh cursor over in8[0..have). */
static void
read_at_boundary(size_t have, size_t n, int want_rc)
{
	const uint8_t *p = in8;
	size_t len = have;
	uint8_t dst[8];
	int rc;

	memset(dst, 0xEE, sizeof(dst));
	rc = buf_read(&p, &len, dst, n);
	assert_int_equal(rc, want_rc);
	if (rc == EBID_OK) {
		assert_ptr_equal(p, in8 + n);
		assert_int_equal(len, have - n);
		assert_memory_equal(dst, in8, n);
	} else {
		assert_ptr_equal(p, in8);	/* cursor untouched */
		assert_int_equal(len, have);
		assert_int_equal(dst[0], 0xEE);	/* nothing copied */
	}
}

static void
test_read_boundaries(void **state)
{
	size_t have, n;

	(void)state;
	for (have = 0; have <= sizeof(in8); have++)
		for (n = 0; n <= sizeof(in8); n++)
			read_at_boundary(have, n, n <= have ? EBID_OK :
			    EBID_ERR_PARSE);
}

static void
test_read_huge_n(void **state)
{
	const uint8_t *p = in8;
	size_t len = sizeof(in8);
	uint8_t dst[1];

	(void)state;
	/* n near SIZE_MAX must not wrap into "fits". */
	assert_int_equal(buf_read(&p, &len, dst, SIZE_MAX), EBID_ERR_PARSE);
	assert_int_equal(buf_skip(&p, &len, SIZE_MAX - 3), EBID_ERR_PARSE);
	assert_int_equal(buf_read(&p, &len, dst, sizeof(in8) + 1),
	    EBID_ERR_PARSE);
	assert_ptr_equal(p, in8);
	assert_int_equal(len, sizeof(in8));
}

static void
test_read_args(void **state)
{
	const uint8_t *p = in8, *nul = NULL;
	size_t len = sizeof(in8), zero = 0;
	uint8_t dst[2];

	(void)state;
	assert_int_equal(buf_read(NULL, &len, dst, 1), EBID_ERR_ARG);
	assert_int_equal(buf_read(&p, NULL, dst, 1), EBID_ERR_ARG);
	assert_int_equal(buf_read(&nul, &len, dst, 1), EBID_ERR_ARG);
	assert_int_equal(buf_u8(&nul, &len, dst), EBID_ERR_ARG);
	assert_int_equal(buf_read(&nul, &zero, dst, 1), EBID_ERR_PARSE);
	/* dst NULL just skips. */
	assert_int_equal(buf_read(&p, &len, NULL, 3), EBID_OK);
	assert_ptr_equal(p, in8 + 3);
	assert_int_equal(len, 5);
}

static void
test_skip(void **state)
{
	const uint8_t *p = in8;
	size_t len = sizeof(in8);

	(void)state;
	assert_int_equal(buf_skip(&p, &len, 0), EBID_OK);
	assert_ptr_equal(p, in8);
	assert_int_equal(buf_skip(&p, &len, 8), EBID_OK);
	assert_int_equal(len, 0);
	assert_int_equal(buf_skip(&p, &len, 1), EBID_ERR_PARSE);
	assert_ptr_equal(p, in8 + 8);
}

static void
test_u8_u16(void **state)
{
	static const uint8_t in[] = { 0xAB, 0x12, 0x34, 0xFF };
	const uint8_t *p = in;
	size_t len = sizeof(in);
	uint16_t v16 = 0x5555;
	uint8_t v8 = 0;

	(void)state;
	assert_int_equal(buf_u8(&p, &len, &v8), EBID_OK);
	assert_int_equal(v8, 0xAB);
	assert_int_equal(buf_u16be(&p, &len, &v16), EBID_OK);
	assert_int_equal(v16, 0x1234);
	/* One byte left: a u16 must fail and leave both cursor and value. */
	v16 = 0x5555;
	assert_int_equal(buf_u16be(&p, &len, &v16), EBID_ERR_PARSE);
	assert_int_equal(v16, 0x5555);
	assert_ptr_equal(p, in + 3);
	assert_int_equal(len, 1);
	assert_int_equal(buf_u8(&p, &len, &v8), EBID_OK);
	assert_int_equal(v8, 0xFF);
	assert_int_equal(buf_u8(&p, &len, &v8), EBID_ERR_PARSE);
	assert_int_equal(buf_u16be(&p, &len, &v16), EBID_ERR_PARSE);
	assert_int_equal(len, 0);
}

static void
test_u16_high_bit(void **state)
{
	static const uint8_t in[] = { 0xFF, 0xFE };
	const uint8_t *p = in;
	size_t len = sizeof(in);
	uint16_t v;

	(void)state;
	assert_int_equal(buf_u16be(&p, &len, &v), EBID_OK);
	assert_int_equal(v, 0xFFFE);
}

static void
test_take(void **state)
{
	const uint8_t *p = in8, *sub = NULL;
	size_t len = sizeof(in8);

	(void)state;
	assert_int_equal(buf_take(&p, &len, 3, &sub), EBID_OK);
	assert_ptr_equal(sub, in8);
	assert_ptr_equal(p, in8 + 3);
	assert_int_equal(len, 5);
	/* Exactly the rest. */
	assert_int_equal(buf_take(&p, &len, 5, &sub), EBID_OK);
	assert_ptr_equal(sub, in8 + 3);
	assert_int_equal(len, 0);
	/* Zero bytes from an empty cursor. */
	assert_int_equal(buf_take(&p, &len, 0, &sub), EBID_OK);
	assert_ptr_equal(sub, in8 + 8);
}

static void
test_take_too_much(void **state)
{
	const uint8_t *p = in8, *sub = in8 + 7;
	size_t len = 4;

	(void)state;
	assert_int_equal(buf_take(&p, &len, 5, &sub), EBID_ERR_PARSE);
	assert_ptr_equal(p, in8);
	assert_int_equal(len, 4);
	assert_ptr_equal(sub, in8 + 7);		/* untouched */
	assert_int_equal(buf_take(&p, &len, SIZE_MAX, &sub), EBID_ERR_PARSE);
	assert_int_equal(buf_take(&p, &len, 1, NULL), EBID_ERR_ARG);
	assert_ptr_equal(p, in8);
}

/*
 * Run fn in a child, so that a crash or a sanitizer abort fails this
 * test only; fn returns 1 when the checks hold.
 */
static void
in_child(int (*fn)(void))
{
	pid_t pid;
	int st = 0;

	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		_exit(fn() ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		fail_msg("child killed by signal %d", WTERMSIG(st));
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/*
 * A NULL cursor is a caller bug that buf_read answers with EBID_ERR_ARG;
 * buf_take must do the same rather than dereference it.
 */
static int
take_null_cursor(void)
{
	const uint8_t *sub = NULL;
	size_t len = 1;

	return buf_take(NULL, &len, 1, &sub) == EBID_ERR_ARG;
}

static void
test_take_null_cursor(void **state)
{
	(void)state;
	in_child(take_null_cursor);
}

/*
 * buf.h allows an empty cursor to be NULL (only *p == NULL with len != 0
 * is refused).  Reading or taking nothing from it must succeed without
 * computing NULL + 0, which is undefined (clang -fsanitize=undefined).
 */
static int
read_null_empty(void)
{
	const uint8_t *nul = NULL, *sub = in8;
	size_t zero = 0;
	uint8_t dst[1];

	return buf_read(&nul, &zero, dst, 0) == EBID_OK && nul == NULL &&
	    buf_skip(&nul, &zero, 0) == EBID_OK &&
	    buf_take(&nul, &zero, 0, &sub) == EBID_OK && sub == NULL &&
	    nul == NULL && zero == 0;
}

static void
test_read_null_empty(void **state)
{
	(void)state;
	in_child(read_null_empty);
}

static void
test_blob_append_grows(void **state)
{
	uint8_t big[300];
	blob_t *b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	assert_non_null(b = blob_new());
	assert_null(b->ptr);
	assert_int_equal(b->len, 0);
	assert_int_equal(b->cap, 0);
	/* Appending nothing to an empty blob (src NULL) is fine. */
	assert_int_equal(blob_append(b, NULL, 0), EBID_OK);
	assert_int_equal(b->len, 0);
	for (i = 0; i < sizeof(big); i++) {
		assert_int_equal(blob_append_u8(b, big[i]), EBID_OK);
		assert_int_equal(b->len, i + 1);
		assert_true(b->cap >= b->len);
	}
	assert_memory_equal(b->ptr, big, sizeof(big));
	assert_int_equal(blob_append(b, big, sizeof(big)), EBID_OK);
	assert_int_equal(b->len, 2 * sizeof(big));
	assert_memory_equal(b->ptr + sizeof(big), big, sizeof(big));
	assert_int_equal(blob_append(b, NULL, 1), EBID_ERR_ARG);
	assert_int_equal(blob_append(NULL, big, 1), EBID_ERR_ARG);
	assert_int_equal(b->len, 2 * sizeof(big));
	blob_free(&b);
	assert_null(b);
}

static void
test_blob_reserve(void **state)
{
	blob_t b = { 0 };
	const uint8_t *old;

	(void)state;
	assert_int_equal(blob_reserve(&b, 0), EBID_OK);
	assert_null(b.ptr);
	assert_int_equal(blob_reserve(&b, 1), EBID_OK);
	assert_true(b.cap >= 1);
	assert_int_equal(blob_reserve(&b, 65), EBID_OK);
	assert_true(b.cap >= 65);
	assert_int_equal(b.len, 0);
	/* A reservation within the capacity does not move the block. */
	old = b.ptr;
	assert_int_equal(blob_reserve(&b, b.cap), EBID_OK);
	assert_ptr_equal(b.ptr, old);
	assert_int_equal(blob_reserve(NULL, 1), EBID_ERR_ARG);
	blob_reset(&b);
}

/* Sizes whose doubling would overflow fail before any allocation. */
static void
test_blob_overflow_guard(void **state)
{
	uint8_t x[2] = { 0xAA, 0xBB }, keep = 0x42;
	blob_t fake = { .ptr = &keep, .len = SIZE_MAX - 1,
	    .cap = SIZE_MAX - 1 };
	blob_t b = { 0 };

	(void)state;
	/* len + n would wrap: refused without touching ptr. */
	assert_int_equal(blob_append(&fake, x, 2), EBID_ERR_NOMEM);
	assert_int_equal(blob_append(&fake, x, SIZE_MAX), EBID_ERR_NOMEM);
	assert_int_equal(fake.len, SIZE_MAX - 1);
	assert_ptr_equal(fake.ptr, &keep);
	assert_int_equal(keep, 0x42);
	/* Capacity doubling past SIZE_MAX / 2: refused, blob unchanged. */
	assert_int_equal(blob_append_u8(&b, 1), EBID_OK);
	assert_int_equal(blob_reserve(&b, SIZE_MAX), EBID_ERR_NOMEM);
	assert_int_equal(blob_reserve(&b, SIZE_MAX / 2 + 2), EBID_ERR_NOMEM);
	assert_int_equal(b.len, 1);
	assert_int_equal(b.ptr[0], 1);
	assert_int_equal(blob_append(&b, x, SIZE_MAX), EBID_ERR_NOMEM);
	assert_int_equal(b.len, 1);
	blob_reset(&b);
}

static void
test_blob_set(void **state)
{
	static const uint8_t secret[] = "ABCDEFGHIJ";
	blob_t b = { 0 };
	const uint8_t *old;
	size_t i;

	(void)state;
	assert_int_equal(blob_set(&b, secret, 10), EBID_OK);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.ptr, secret, 10);
	old = b.ptr;
	/* Shorter contents in place: the tail of the old value is wiped. */
	assert_int_equal(blob_set(&b, (const uint8_t *)"xy", 2), EBID_OK);
	assert_ptr_equal(b.ptr, old);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.ptr, "xy", 2);
	for (i = 2; i < b.cap; i++)
		assert_int_equal(b.ptr[i], 0);
	/* Setting to empty wipes everything but keeps a usable blob. */
	assert_int_equal(blob_set(&b, NULL, 0), EBID_OK);
	assert_int_equal(b.len, 0);
	for (i = 0; i < b.cap; i++)
		assert_int_equal(b.ptr[i], 0);
	assert_int_equal(blob_set(&b, NULL, 1), EBID_ERR_ARG);
	assert_int_equal(blob_set(NULL, secret, 1), EBID_ERR_ARG);
	/* On an empty blob. */
	blob_reset(&b);
	assert_int_equal(blob_set(&b, secret, 3), EBID_OK);
	assert_memory_equal(b.ptr, "ABC", 3);
	blob_reset(&b);
}

static void
test_blob_reset_wipes(void **state)
{
	blob_t b = { 0 };

	(void)state;
	assert_int_equal(blob_set(&b, (const uint8_t *)"PIN-73915", 9),
	    EBID_OK);
	watch_block(b.ptr, b.cap);
	blob_reset(&b);
	assert_true(watch.freed);
	assert_true(watch.zero);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* Reset twice, or NULL, is harmless. */
	blob_reset(&b);
	blob_reset(NULL);
}

static void
test_blob_free_wipes(void **state)
{
	blob_t *b;

	(void)state;
	assert_non_null(b = blob_new());
	assert_int_equal(blob_set(b, (const uint8_t *)"secret", 6), EBID_OK);
	watch_block(b->ptr, b->cap);
	blob_free(&b);
	assert_null(b);
	assert_true(watch.freed);
	assert_true(watch.zero);
	blob_free(&b);
	blob_free(NULL);
}

/* Growing moves the bytes and wipes the old block before freeing it. */
static void
test_blob_grow_wipes_old(void **state)
{
	uint8_t big[200];
	blob_t b = { 0 };

	(void)state;
	memset(big, 0x5A, sizeof(big));
	assert_int_equal(blob_set(&b, (const uint8_t *)"old-secret", 10),
	    EBID_OK);
	watch_block(b.ptr, b.cap);
	assert_int_equal(blob_append(&b, big, sizeof(big)), EBID_OK);
	assert_true(watch.freed);
	assert_true(watch.zero);
	assert_int_equal(b.len, 10 + sizeof(big));
	assert_memory_equal(b.ptr, "old-secret", 10);
	assert_memory_equal(b.ptr + 10, big, sizeof(big));
	blob_reset(&b);
}

static void
test_mem(void **state)
{
	uint8_t a[16], z[16] = { 0 };

	(void)state;
	memset(a, 0x77, sizeof(a));
	assert_true(mem_equal_ct(a, a, sizeof(a)));
	assert_false(mem_equal_ct(a, z, sizeof(a)));
	assert_true(mem_equal_ct(a, z, 0));
	a[15] = 0x76;
	memset(z, 0x77, sizeof(z));
	assert_false(mem_equal_ct(a, z, sizeof(a)));
	assert_true(mem_equal_ct(a, z, 15));
	mem_wipe(a, sizeof(a));
	memset(z, 0, sizeof(z));
	assert_memory_equal(a, z, sizeof(a));
	mem_wipe(NULL, 5);	/* harmless */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_boundaries),
		cmocka_unit_test(test_read_huge_n),
		cmocka_unit_test(test_read_args),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_u8_u16),
		cmocka_unit_test(test_u16_high_bit),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_take_too_much),
		cmocka_unit_test(test_take_null_cursor),
		cmocka_unit_test(test_read_null_empty),
		cmocka_unit_test(test_blob_append_grows),
		cmocka_unit_test(test_blob_reserve),
		cmocka_unit_test(test_blob_overflow_guard),
		cmocka_unit_test(test_blob_set),
		cmocka_unit_test(test_blob_reset_wipes),
		cmocka_unit_test(test_blob_free_wipes),
		cmocka_unit_test(test_blob_grow_wipes_old),
		cmocka_unit_test(test_mem),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
