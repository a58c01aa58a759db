/*
 * pinwrap.c - a TEST-ONLY PKCS#11 module that supplies the user PIN.
 *
 * Headless Chromium cannot ask for a PIN: it waits at the login for ever.
 * This module dlopen()s the real module named by EBID_PINWRAP_MODULE and
 * offers its function list with three entries replaced:
 *   - C_GetFunctionList returns this list, not the real one;
 *   - C_OpenSession, after a successful real one, logs the session in as
 *     CKU_USER with the PIN in EBID_PINWRAP_PIN (the login state belongs
 *     to the application, so the first login serves every session;
 *     CKR_USER_ALREADY_LOGGED_IN and any failure are ignored: the
 *     consumer then sees what the real module offers without a login);
 *     with EBID_PINWRAP_SERIAL set, only sessions on the token with that
 *     serial number are logged in, so that no other card gets the PIN;
 *     after a PIN error (incorrect, locked, bad length) no login is tried
 *     again, so that a wrong PIN costs one try, not one per session;
 *   - C_GetTokenInfo clears CKF_LOGIN_REQUIRED and
 *     CKF_PROTECTED_AUTHENTICATION_PATH, so that the consumer never asks.
 * Every other entry is the real module's function itself.
 *
 * Built by make check for tests/consumers/chromium.sh and refused.sh and
 * never installed: a module that logs in with a PIN from the environment
 * has no place on a user's machine.  It never prints the PIN or its
 * length; EBID_PINWRAP_DEBUG=1 prints the return values on stderr.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR);

static CK_FUNCTION_LIST wrap_list;
static CK_FUNCTION_LIST_PTR real_list;
static CK_RV load_rv = CKR_GENERAL_ERROR;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int pin_refused;		/* __atomic: a login failed for the PIN */

static void
debug(const char *what, CK_RV rv)
{
	const char *d = getenv("EBID_PINWRAP_DEBUG");

	if (d != NULL && strcmp(d, "1") == 0)
		fprintf(stderr, "pinwrap: %s: rv=0x%lx\n", what, rv);
}

static CK_RV
wrap_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
	if (list == NULL)
		return CKR_ARGUMENTS_BAD;
	*list = &wrap_list;
	return CKR_OK;
}

/* The slot's token has the serial number in EBID_PINWRAP_SERIAL, or the
 * variable is not set. */
static int
serial_wanted(CK_SLOT_ID slot)
{
	CK_TOKEN_INFO ti;
	const char *want = getenv("EBID_PINWRAP_SERIAL");
	size_t n, len;

	if (want == NULL || *want == '\0')
		return 1;
	if (real_list->C_GetTokenInfo(slot, &ti) != CKR_OK)
		return 0;
	len = sizeof(ti.serialNumber);
	while (len > 0 && ti.serialNumber[len - 1] == ' ')
		len--;
	n = strlen(want);
	return n == len && memcmp(ti.serialNumber, want, n) == 0;
}

static CK_RV
wrap_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app,
    CK_NOTIFY notify, CK_SESSION_HANDLE_PTR session)
{
	char *pin;
	CK_RV rv;
	CK_RV lrv;

	rv = real_list->C_OpenSession(slot, flags, app, notify, session);
	if (rv != CKR_OK || session == NULL)
		return rv;
	pin = getenv("EBID_PINWRAP_PIN");
	if (pin == NULL || __atomic_load_n(&pin_refused, __ATOMIC_SEQ_CST) ||
	    !serial_wanted(slot))
		return rv;
	lrv = real_list->C_Login(*session, CKU_USER, (CK_UTF8CHAR_PTR)pin,
	    strlen(pin));
	if (lrv == CKR_PIN_INCORRECT || lrv == CKR_PIN_LOCKED ||
	    lrv == CKR_PIN_LEN_RANGE || lrv == CKR_PIN_INVALID)
		__atomic_store_n(&pin_refused, 1, __ATOMIC_SEQ_CST);
	if (lrv != CKR_USER_ALREADY_LOGGED_IN)
		debug("C_Login after C_OpenSession", lrv);
	return rv;
}

static CK_RV
wrap_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info)
{
	CK_RV rv;

	rv = real_list->C_GetTokenInfo(slot, info);
	if (rv == CKR_OK && info != NULL)
		info->flags &= ~(CK_FLAGS)(CKF_LOGIN_REQUIRED |
		    CKF_PROTECTED_AUTHENTICATION_PATH);
	return rv;
}

static void
load(void)
{
	CK_RV (*get)(CK_FUNCTION_LIST_PTR_PTR);
	const char *path;
	void *dl;
	CK_RV rv;

	path = getenv("EBID_PINWRAP_MODULE");
	if (path == NULL || *path == '\0') {
		fprintf(stderr, "pinwrap: EBID_PINWRAP_MODULE is not set\n");
		return;
	}
	/* Never unloaded: the process may call the real functions until
	 * it exits. */
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (dl == NULL) {
		fprintf(stderr, "pinwrap: %s\n", dlerror());
		return;
	}
	*(void **)&get = dlsym(dl, "C_GetFunctionList");
	if (get == NULL) {
		fprintf(stderr, "pinwrap: %s: no C_GetFunctionList\n", path);
		return;
	}
	rv = get(&real_list);
	if (rv != CKR_OK || real_list == NULL) {
		debug("real C_GetFunctionList", rv);
		return;
	}
	wrap_list = *real_list;
	wrap_list.C_GetFunctionList = wrap_GetFunctionList;
	wrap_list.C_OpenSession = wrap_OpenSession;
	wrap_list.C_GetTokenInfo = wrap_GetTokenInfo;
	load_rv = CKR_OK;
}

CK_RV
C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
	if (list == NULL)
		return CKR_ARGUMENTS_BAD;
	if (pthread_once(&load_once, load) != 0)
		return CKR_GENERAL_ERROR;
	if (load_rv != CKR_OK)
		return load_rv;
	*list = &wrap_list;
	return CKR_OK;
}
