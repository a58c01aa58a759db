/*
 * precond.c - caller bugs: reported, and fatal in strict mode.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/log.h"
#include "common/precond.h"

#ifdef EBID_DEBUG_BUILD
#define STRICT_DEFAULT	1
#else
#define STRICT_DEFAULT	0
#endif

int
precond_strict(void)
{
	const char *v = secure_getenv("EBID_STRICT");

	if (v == NULL || v[0] == '\0')
		return STRICT_DEFAULT;
	return !(v[0] == '0' && v[1] == '\0');
}

void
precond_fail(const char *expr, const char *func)
{
	if (precond_strict()) {
		fprintf(stderr, "ebid-pkcs11: caller bug: '%s' not true in "
		    "%s (EBID_STRICT)\n", expr, func);
		abort();
	}
	log_debug(LOG_P11, "caller bug: '%s' not true in %s", expr, func);
}
