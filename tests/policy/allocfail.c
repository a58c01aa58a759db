/*
 * allocfail.c - the counted-failure allocator (allocfail.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "allocfail.h"

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
char *__real_strdup(const char *);
char *__real_strndup(const char *, size_t);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
char *__wrap_strdup(const char *);
char *__wrap_strndup(const char *, size_t);
void __real_free(void *);
void __wrap_free(void *);

/* The blocks allocated while armed and not yet freed (open addressing). */
#define LIVE_MAX	(1u << 16)
static void *live[LIVE_MAX];
static size_t nlive;
static const char gone;		/* a deleted slot */

static long fail_at = -1;	/* -1: never */
static long calls;

static size_t
slot(const void *p)
{
	return (size_t)(((uintptr_t)p >> 4) * 2654435761u) & (LIVE_MAX - 1);
}

static void
track(void *p)
{
	size_t i;

	if (p == NULL || fail_at < 0)
		return;
	if (nlive >= LIVE_MAX / 2)
		abort();	/* a test that allocates this much: raise it */
	for (i = slot(p); live[i] != NULL && live[i] != &gone;
	    i = (i + 1) & (LIVE_MAX - 1))
		;
	live[i] = p;
	nlive++;
}

static void
untrack(const void *p)
{
	size_t i;

	if (p == NULL || nlive == 0)
		return;
	for (i = slot(p); live[i] != NULL; i = (i + 1) & (LIVE_MAX - 1))
		if (live[i] == p) {
			live[i] = (void *)(uintptr_t)&gone;
			nlive--;
			return;
		}
}

void
allocfail_arm(long n)
{
	calls = 0;
	fail_at = n;
	memset(live, 0, sizeof(live));
	nlive = 0;
}

void
allocfail_disarm(void)
{
	fail_at = -1;
}

long
allocfail_calls(void)
{
	return calls;
}

size_t
allocfail_live(void)
{
	return nlive;
}

/* 1 if this allocation is the one to fail. */
static int
fails(void)
{
	if (fail_at < 0)
		return 0;
	return calls++ == fail_at;
}

void *
__wrap_malloc(size_t n)
{
	void *p = fails() ? NULL : __real_malloc(n);

	track(p);
	return p;
}

void *
__wrap_calloc(size_t n, size_t size)
{
	void *p = fails() ? NULL : __real_calloc(n, size);

	track(p);
	return p;
}

void *
__wrap_realloc(void *old, size_t n)
{
	void *p;

	if (fails())
		return NULL;	/* old stays as it was */
	if ((p = __real_realloc(old, n)) != NULL || n == 0) {
		untrack(old);
		track(p);
	}
	return p;
}

char *
__wrap_strdup(const char *s)
{
	char *p = fails() ? NULL : __real_strdup(s);

	track(p);
	return p;
}

char *
__wrap_strndup(const char *s, size_t n)
{
	char *p = fails() ? NULL : __real_strndup(s, n);

	track(p);
	return p;
}

void
__wrap_free(void *p)
{
	untrack(p);
	__real_free(p);
}
