/*
 * test-p11-removal.c - cards pulled and put back: sessions from before
 * a removal are invalid, the slot keeps its ID, a new token is read;
 * C_WaitForSlotEvent sees it, blocking or not, and C_Finalize from
 * another thread ends a blocked wait.
 *
 * The reader's state comes from TS_WAIT steps; with idle_state 0 the
 * scripted transport reports "no change" between them.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/err.h"
#include "p11-fixture.h"

#define WAIT_GUARD	60	/* seconds: a blocked wait fails the test */

static void
pull_card(struct fx *f)
{
	f->sb.ts.idle_state = 0;
	fx_step(f, TS_WAIT, NULL, NULL, 0);
}

static void
insert_card(struct fx *f)
{
	size_t n;

	fx_step(f, TS_WAIT, NULL, NULL, 0);
	n = f->sb.ts.nsteps - 1;
	f->sb.steps[n].state = TP_ST_PRESENT;
}

/* Every use of a session from before the removal. */
static void
assert_session_gone(struct fx *f, CK_SESSION_HANDLE h)
{
	CK_SESSION_INFO si;
	CK_OBJECT_CLASS cls;
	CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof(cls) };
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_UTF8CHAR pin[] = FX_PIN;
	CK_BYTE sig[256];
	CK_ULONG len = sizeof(sig);

	assert_rv(p11->C_GetSessionInfo(h, &si), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_FindObjectsInit(h, NULL, 0),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetAttributeValue(h, f->cert_h, &a, 1),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_SignInit(h, &m, f->priv_h),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_Sign(h, pin, 4, sig, &len),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_Login(h, CKU_USER, pin, sizeof(pin) - 1),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_Logout(h), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_CloseSession(h), CKR_SESSION_HANDLE_INVALID);
}

/*
 * Pulled: the old session is invalid, there is no token, the slot
 * stays.  Back: the same slot ID, a token read anew, new sessions (not
 * logged in) and new object handles; the old session stays invalid.
 */
static void
test_removal(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE old = f->h, rw = 0;
	CK_OBJECT_HANDLE old_cert = f->cert_h;
	CK_SLOT_ID list[4], ev = 0;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_OBJECT_CLASS cls;
	CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof(cls) };
	CK_ULONG n;

	pull_card(f);
	assert_rv(p11->C_GetSessionInfo(old, &(CK_SESSION_INFO){ 0 }),
	    CKR_SESSION_HANDLE_INVALID);
	fx_done(f);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_TOKEN_NOT_PRESENT);
	assert_rv(p11->C_GetSlotInfo(f->slot, &si), CKR_OK);
	assert_int_equal(si.flags & CKF_TOKEN_PRESENT, 0);
	n = 4;
	assert_rv(p11->C_GetSlotList(CK_TRUE, list, &n), CKR_OK);
	assert_int_equal(n, 0);
	n = 4;
	assert_rv(p11->C_GetSlotList(CK_FALSE, list, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0], f->slot);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &rw), CKR_TOKEN_NOT_PRESENT);
	assert_session_gone(f, old);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL), CKR_OK);
	assert_int_equal(ev, f->slot);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL),
	    CKR_NO_EVENT);
	fx_done(f);
	/* back */
	insert_card(f);
	n = 4;
	assert_rv(p11->C_GetSlotList(CK_TRUE, list, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0], f->slot);
	f->sb.ts.idle_state = TP_ST_PRESENT;
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL), CKR_OK);
	assert_int_equal(ev, f->slot);
	fx_card(f);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &rw), CKR_OK);
	fx_done(f);
	assert_true(rw > old);
	assert_int_equal(fx_state(rw), CKS_RW_PUBLIC_SESSION);
	f->h = rw;
	f->cert_h = fx_find_class(rw, CKO_CERTIFICATE);
	assert_true(f->cert_h != old_cert);
	assert_rv(p11->C_GetAttributeValue(rw, old_cert, &a, 1),
	    CKR_OBJECT_HANDLE_INVALID);
	fx_login(f);
	assert_int_equal(fx_state(rw), CKS_RW_USER_FUNCTIONS);
	assert_rv(p11->C_GetSessionInfo(old, &(CK_SESSION_INFO){ 0 }),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_int_equal(ti.ulSessionCount, 1);
	fx_done(f);
}

/* Pulled in the middle of a signature: nothing is sent to anyone. */
static void
test_removal_while_signing(void **state)
{
	struct fx *f = *state;
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_BYTE data[4] = { 1, 2, 3, 4 }, sig[256];
	CK_ULONG len = sizeof(sig);

	assert_rv(p11->C_SignInit(f->h, &m, f->priv_h), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, sizeof(data)), CKR_OK);
	pull_card(f);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_SESSION_HANDLE_INVALID);
	fx_done(f);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data), sig, &len),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetTokenInfo(f->slot, &(CK_TOKEN_INFO){ 0 }),
	    CKR_TOKEN_NOT_PRESENT);
}

/*
 * C_GetTokenInfo right after the card was pulled, before any other
 * call looked: it must not describe a token that is gone.  (Slot and
 * session information look at PC/SC status for this reason; so must
 * token information.)
 */
static void
test_removal_seen_by_token_info(void **state)
{
	struct fx *f = *state;
	CK_TOKEN_INFO ti;

	pull_card(f);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_TOKEN_NOT_PRESENT);
	assert_rv(p11->C_GetSessionInfo(f->h, &(CK_SESSION_INFO){ 0 }),
	    CKR_SESSION_HANDLE_INVALID);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* Readers coming and going                                            */

static const char *const two_readers[] = { FX_READER, "Reader Two", NULL };
static const char *const second_only[] = { "Reader Two", NULL };
static const char *const two_swapped[] = { "Reader Two", FX_READER, NULL };

static CK_ULONG
slot_list(CK_BBOOL present, CK_SLOT_ID *list)
{
	CK_ULONG n = 4;

	assert_rv(p11->C_GetSlotList(present, list, &n), CKR_OK);
	return n;
}

/*
 * A reader plugged in gets a new slot and an event; one unplugged keeps
 * its slot (the list never shrinks), loses its token and its sessions;
 * plugged in again, in another position, it has its old slot ID.
 */
static void
test_reader_hotplug(void **state)
{
	struct fx *f = *state;
	CK_SLOT_ID list[4], ev = 0, two;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;

	f->sb.ts.readers = two_readers;
	assert_int_equal(slot_list(CK_FALSE, list), 2);
	assert_int_equal(list[0], f->slot);
	two = list[1];
	assert_true(two != f->slot && two >= 1);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL), CKR_OK);
	assert_int_equal(ev, two);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL),
	    CKR_NO_EVENT);
	/* the first reader unplugged */
	f->sb.ts.readers = second_only;
	assert_int_equal(slot_list(CK_FALSE, list), 2);
	assert_int_equal(slot_list(CK_TRUE, list), 1);
	assert_int_equal(list[0], two);
	assert_rv(p11->C_GetSessionInfo(f->h, &(CK_SESSION_INFO){ 0 }),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL), CKR_OK);
	assert_int_equal(ev, f->slot);
	assert_rv(p11->C_GetSlotInfo(f->slot, &si), CKR_OK);
	assert_int_equal(si.flags & CKF_TOKEN_PRESENT, 0);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_TOKEN_NOT_PRESENT);
	/* back, listed second this time: the same slot */
	f->sb.ts.readers = two_swapped;
	assert_int_equal(slot_list(CK_FALSE, list), 2);
	assert_rv(p11->C_GetSlotInfo(f->slot, &si), CKR_OK);
	assert_memory_equal(si.slotDescription, FX_READER,
	    strlen(FX_READER));
	assert_int_equal(si.flags & CKF_TOKEN_PRESENT, CKF_TOKEN_PRESENT);
	fx_card(f);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &f->h), CKR_OK);
	fx_done(f);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
}

/* ------------------------------------------------------------------ */
/* C_WaitForSlotEvent                                                  */

/*
 * Blocking: nothing changed at the first look (a status request that
 * times out), one wait on PC/SC, then the card is gone at the second
 * look.
 */
static void
test_wait_blocking(void **state)
{
	struct fx *f = *state;
	struct fx_count before = fx_count;
	CK_SLOT_ID ev = 0;

	f->sb.ts.idle_state = 0;
	fx_step(f, TS_WAIT, NULL, NULL, EBID_ERR_TIMEOUT);	/* first look */
	fx_step(f, TS_WAIT, NULL, NULL, 0);	/* the blocking wait */
	fx_step(f, TS_WAIT, NULL, NULL, 0);	/* second look: gone */
	alarm(WAIT_GUARD);
	assert_rv(p11->C_WaitForSlotEvent(0, &ev, NULL), CKR_OK);
	alarm(0);
	assert_int_equal(ev, f->slot);
	fx_done(f);
	/* it waited on a PC/SC context of its own, and released it */
	assert_int_equal(fx_count.ctx_new, before.ctx_new + 1);
	assert_int_equal(fx_count.ctx_free, before.ctx_free + 1);
	assert_rv(p11->C_GetSessionInfo(f->h, &(CK_SESSION_INFO){ 0 }),
	    CKR_SESSION_HANDLE_INVALID);
}

struct waiter {
	CK_SLOT_ID	slot;
	CK_RV		rv;
};

static void *
wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->rv = p11->C_WaitForSlotEvent(0, &w->slot, NULL);
	return NULL;
}

/*
 * NSS ends a blocked C_WaitForSlotEvent by calling C_Finalize from
 * another thread: the wait returns CKR_CRYPTOKI_NOT_INITIALIZED.
 */
static void
test_finalize_ends_wait(void **state)
{
	struct fx *f = *state;
	struct waiter w = { 0, CKR_OK };
	pthread_t t;
	unsigned ctx;

	f->sb.ts.idle_state = 0;
	ctx = __atomic_load_n(&fx_count.ctx_new, __ATOMIC_SEQ_CST);
	alarm(WAIT_GUARD);
	assert_int_equal(pthread_create(&t, NULL, wait_thread, &w), 0);
	/* the waiter has made its own context: it is in the loop */
	while (__atomic_load_n(&fx_count.ctx_new, __ATOMIC_SEQ_CST) == ctx)
		usleep(1000);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	assert_int_equal(pthread_join(t, NULL), 0);
	alarm(0);
	assert_rv(w.rv, CKR_CRYPTOKI_NOT_INITIALIZED);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_removal, fx_setup_login),
		T(test_removal_while_signing, fx_setup_login),
		T(test_removal_seen_by_token_info, fx_setup_session),
		T(test_reader_hotplug, fx_setup_session),
		T(test_wait_blocking, fx_setup_session),
		T(test_finalize_ends_wait, fx_setup_init),
	};

	return cmocka_run_group_tests_name("p11-removal", tests,
	    fx_group_setup, fx_group_teardown);
}
