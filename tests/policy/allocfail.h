/*
 * allocfail.h - a counted-failure allocator for unit tests.
 *
 * A test program linked with $(allocfail_ldflags) (tests/policy/local.mk:
 * -Wl,--wrap for malloc, calloc, realloc, strdup, strndup and free) has every
 * allocation of our own code (the static libraries it links) go through
 * these wrappers; those made inside OpenSSL, libunistring and libc do
 * not.  allocfail_arm(n) makes the n-th allocation from then on (0-based)
 * fail; allocfail_calls() says how many were asked for.  A test runs the
 * call under test once for each n until the call asks for no more than n
 * allocations (every allocation point has failed once), and checks each
 * failure is clean: the right error, nothing handed out, and no block
 * allocated while armed still live (allocfail_live), so nothing leaked.
 * See F2 fuzz/wrap.c.
 */
#ifndef EBID_TESTS_ALLOCFAIL_H
#define EBID_TESTS_ALLOCFAIL_H

#include <stddef.h>

void allocfail_arm(long n);
void allocfail_disarm(void);
long allocfail_calls(void);
/* Blocks allocated since allocfail_arm() and not freed. */
size_t allocfail_live(void);

#endif
