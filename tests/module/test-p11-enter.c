/*
 * test-p11-enter.c - the one way into the token layer (src/token/enter.c)
 * as every entry point sees it: a session handle that was never issued,
 * one that was closed, one whose card was pulled since the last look.
 * Each entry point is one table row, so one that looks its session up
 * another way, or forgets to look at the reader, fails its own row.
 * (Slot IDs that name no reader: test-p11-slot.c test_slot_id_invalid.)
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "p11-fixture.h"

/* One call of an entry point on handle h, its other arguments valid. */
struct call_row {
	const char	*name;
	CK_RV		(*call)(struct fx *, CK_SESSION_HANDLE);
};

static CK_RV
c_session_info(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_SESSION_INFO si;

	(void)f;
	return p11->C_GetSessionInfo(h, &si);
}

static CK_RV
c_login(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_UTF8CHAR pin[] = FX_PIN;

	(void)f;
	return p11->C_Login(h, CKU_USER, pin, sizeof(pin) - 1);
}

static CK_RV
c_logout(struct fx *f, CK_SESSION_HANDLE h)
{
	(void)f;
	return p11->C_Logout(h);
}

static CK_RV
c_find_init(struct fx *f, CK_SESSION_HANDLE h)
{
	(void)f;
	return p11->C_FindObjectsInit(h, NULL, 0);
}

static CK_RV
c_find(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_OBJECT_HANDLE o[4];
	CK_ULONG n = 0;

	(void)f;
	return p11->C_FindObjects(h, o, 4, &n);
}

static CK_RV
c_find_final(struct fx *f, CK_SESSION_HANDLE h)
{
	(void)f;
	return p11->C_FindObjectsFinal(h);
}

static CK_RV
c_get_attrs(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_OBJECT_CLASS cls;
	CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof(cls) };

	return p11->C_GetAttributeValue(h, f->cert_h, &a, 1);
}

static CK_RV
c_object_size(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_ULONG n;

	return p11->C_GetObjectSize(h, f->cert_h, &n);
}

static CK_RV
c_sign_init(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };

	return p11->C_SignInit(h, &m, f->pub_h);
}

static CK_RV
c_sign(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_BYTE data[4] = { 1, 2, 3, 4 }, sig[512];
	CK_ULONG len = sizeof(sig);

	(void)f;
	return p11->C_Sign(h, data, sizeof(data), sig, &len);
}

static CK_RV
c_sign_update(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_BYTE data[4] = { 1, 2, 3, 4 };

	(void)f;
	return p11->C_SignUpdate(h, data, sizeof(data));
}

static CK_RV
c_sign_final(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_BYTE sig[512];
	CK_ULONG len = sizeof(sig);

	(void)f;
	return p11->C_SignFinal(h, sig, &len);
}

static CK_RV
c_create(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o;

	(void)f;
	return p11->C_CreateObject(h, &a, 1, &o);
}

static CK_RV
c_function_status(struct fx *f, CK_SESSION_HANDLE h)
{
	(void)f;
	return p11->C_GetFunctionStatus(h);
}

static CK_RV
c_close(struct fx *f, CK_SESSION_HANDLE h)
{
	(void)f;
	return p11->C_CloseSession(h);
}

#define CALL(fn)	{ #fn, fn }

/*
 * Every one looks at the reader first, but C_CloseSession, which is last
 * (NPOLLED).  Not const: a row is a test's cmocka state.
 */
static struct call_row calls[] = {
	CALL(c_session_info),
	CALL(c_login),
	CALL(c_logout),
	CALL(c_find_init),
	CALL(c_find),
	CALL(c_find_final),
	CALL(c_get_attrs),
	CALL(c_object_size),
	CALL(c_sign_init),
	CALL(c_sign),
	CALL(c_sign_update),
	CALL(c_sign_final),
	CALL(c_create),
	CALL(c_function_status),
	CALL(c_close),
};
#define NCALLS	(sizeof(calls) / sizeof(calls[0]))
#define NPOLLED	(NCALLS - 1)	/* all but c_close */

static void
assert_invalid(struct fx *f, CK_SESSION_HANDLE h)
{
	size_t i;

	for (i = 0; i < NCALLS; i++) {
		print_message("%s(%lu)\n", calls[i].name, h);
		assert_rv(calls[i].call(f, h), CKR_SESSION_HANDLE_INVALID);
	}
}

/* Handles never issued: 0 (CK_INVALID_HANDLE) and one past the last. */
static void
test_unknown_handle(void **state)
{
	struct fx *f = *state;

	assert_invalid(f, CK_INVALID_HANDLE);
	assert_invalid(f, f->h + 1);
	assert_invalid(f, (CK_SESSION_HANDLE)-1);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	fx_done(f);		/* no card was asked anything */
}

/* A closed handle stays invalid: handles are never reused. */
static void
test_closed_handle(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h = CK_INVALID_HANDLE;

	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	assert_rv(p11->C_CloseSession(h), CKR_OK);
	assert_invalid(f, h);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	fx_done(f);
}

/*
 * The card pulled, and no call has looked since: the entry point of
 * the row must look itself (the TS_WAIT step is played by it), find the
 * session invalid, and drop it, before any APDU.
 */
static void
test_pulled_card(void **state)
{
	struct fx *f = *state;
	const struct call_row *row = f->row;
	CK_TOKEN_INFO ti;

	f->sb.ts.idle_state = 0;
	fx_step(f, TS_WAIT, NULL, NULL, 0);
	print_message("%s\n", row->name);
	assert_rv(row->call(f, f->h), CKR_SESSION_HANDLE_INVALID);
	fx_done(f);
	assert_rv(p11->C_GetSessionInfo(f->h, &(CK_SESSION_INFO){ 0 }),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_CloseSession(f->h), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_TOKEN_NOT_PRESENT);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
#define PULLED(i) \
	{ "test_pulled_card[" #i "]", test_pulled_card, fx_setup_session, \
	    fx_teardown, &calls[i] }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unknown_handle, fx_setup_session),
		T(test_closed_handle, fx_setup_session),
		PULLED(0), PULLED(1), PULLED(2), PULLED(3), PULLED(4),
		PULLED(5), PULLED(6), PULLED(7), PULLED(8), PULLED(9),
		PULLED(10), PULLED(11), PULLED(12), PULLED(13),
	};

	_Static_assert(NPOLLED == 14, "one PULLED row for each polled call");
	return cmocka_run_group_tests(tests, fx_group_setup,
	    fx_group_teardown);
}
