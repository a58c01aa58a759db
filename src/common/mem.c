/*
 * mem.c - wiping and constant-time comparison of secrets.
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "common/mem.h"

void
mem_wipe(void *p, size_t n)
{
	if (p != NULL && n != 0)
		explicit_bzero(p, n);
}

/* Returns 1 when equal; the time taken does not depend on the bytes. */
int
mem_equal_ct(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}
