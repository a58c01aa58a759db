/*
 * test-p11-general.c - PKCS#11 2.40 §5.4: C_Initialize, C_Finalize,
 * C_GetInfo, C_GetFunctionList; the state before initialization, the
 * C_Initialize arguments, fork, and a refused configuration.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "p11-fixture.h"
#include "token/state.h"	/* test_fork only: see child() */

/* ------------------------------------------------------------------ */
/* Before C_Initialize                                                 */

/*
 * Every function but C_GetFunctionList and C_Initialize: not
 * initialized.  The arguments are otherwise valid, so that nothing but
 * the module's state can be the reason.
 */
static void
test_not_initialized(void **state)
{
	CK_FUNCTION_LIST_PTR F = p11;
	CK_SESSION_HANDLE h = 1;
	CK_OBJECT_HANDLE o = 1, o2 = 0;
	CK_SLOT_ID slot = 1, slots[4];
	CK_ULONG n = 4, len = 64;
	CK_BYTE b[64] = { 0 }, out[64];
	CK_UTF8CHAR pin[] = FX_PIN, label[32];
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_MECHANISM_TYPE mt[8];
	CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_INFO info;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_MECHANISM_INFO mi;
	CK_SESSION_INFO ssi;

	(void)state;
	memset(label, ' ', sizeof(label));
#define NI(call)	assert_rv(F->call, CKR_CRYPTOKI_NOT_INITIALIZED)
	NI(C_Finalize(NULL));
	NI(C_GetInfo(&info));
	NI(C_GetSlotList(CK_FALSE, slots, &n));
	NI(C_GetSlotList(CK_TRUE, NULL, &n));
	NI(C_GetSlotInfo(slot, &si));
	NI(C_GetTokenInfo(slot, &ti));
	NI(C_GetMechanismList(slot, mt, &n));
	NI(C_GetMechanismInfo(slot, CKM_RSA_PKCS, &mi));
	NI(C_InitToken(slot, pin, sizeof(pin) - 1, label));
	NI(C_InitPIN(h, pin, sizeof(pin) - 1));
	NI(C_SetPIN(h, pin, sizeof(pin) - 1, pin, sizeof(pin) - 1));
	NI(C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &h));
	NI(C_CloseSession(h));
	NI(C_CloseAllSessions(slot));
	NI(C_GetSessionInfo(h, &ssi));
	NI(C_GetOperationState(h, b, &len));
	NI(C_SetOperationState(h, b, sizeof(b), 0, 0));
	NI(C_Login(h, CKU_USER, pin, sizeof(pin) - 1));
	NI(C_Logout(h));
	NI(C_CreateObject(h, &t, 1, &o2));
	NI(C_CopyObject(h, o, &t, 1, &o2));
	NI(C_DestroyObject(h, o));
	NI(C_GetObjectSize(h, o, &len));
	NI(C_GetAttributeValue(h, o, &t, 1));
	NI(C_SetAttributeValue(h, o, &t, 1));
	NI(C_FindObjectsInit(h, &t, 1));
	NI(C_FindObjects(h, &o2, 1, &n));
	NI(C_FindObjectsFinal(h));
	NI(C_EncryptInit(h, &m, o));
	NI(C_Encrypt(h, b, sizeof(b), out, &len));
	NI(C_EncryptUpdate(h, b, sizeof(b), out, &len));
	NI(C_EncryptFinal(h, out, &len));
	NI(C_DecryptInit(h, &m, o));
	NI(C_Decrypt(h, b, sizeof(b), out, &len));
	NI(C_DecryptUpdate(h, b, sizeof(b), out, &len));
	NI(C_DecryptFinal(h, out, &len));
	NI(C_DigestInit(h, &m));
	NI(C_Digest(h, b, sizeof(b), out, &len));
	NI(C_DigestUpdate(h, b, sizeof(b)));
	NI(C_DigestKey(h, o));
	NI(C_DigestFinal(h, out, &len));
	NI(C_SignInit(h, &m, o));
	NI(C_Sign(h, b, sizeof(b), out, &len));
	NI(C_SignUpdate(h, b, sizeof(b)));
	NI(C_SignFinal(h, out, &len));
	NI(C_SignRecoverInit(h, &m, o));
	NI(C_SignRecover(h, b, sizeof(b), out, &len));
	NI(C_VerifyInit(h, &m, o));
	NI(C_Verify(h, b, sizeof(b), out, sizeof(out)));
	NI(C_VerifyUpdate(h, b, sizeof(b)));
	NI(C_VerifyFinal(h, out, sizeof(out)));
	NI(C_VerifyRecoverInit(h, &m, o));
	NI(C_VerifyRecover(h, b, sizeof(b), out, &len));
	NI(C_DigestEncryptUpdate(h, b, sizeof(b), out, &len));
	NI(C_DecryptDigestUpdate(h, b, sizeof(b), out, &len));
	NI(C_SignEncryptUpdate(h, b, sizeof(b), out, &len));
	NI(C_DecryptVerifyUpdate(h, b, sizeof(b), out, &len));
	NI(C_GenerateKey(h, &m, &t, 1, &o2));
	NI(C_GenerateKeyPair(h, &m, &t, 1, &t, 1, &o2, &o2));
	NI(C_WrapKey(h, &m, o, o, out, &len));
	NI(C_UnwrapKey(h, &m, o, b, sizeof(b), &t, 1, &o2));
	NI(C_DeriveKey(h, &m, o, &t, 1, &o2));
	NI(C_SeedRandom(h, b, sizeof(b)));
	NI(C_GenerateRandom(h, out, sizeof(out)));
	NI(C_GetFunctionStatus(h));
	NI(C_CancelFunction(h));
	NI(C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL));
#undef NI
	/* nothing was opened */
	assert_int_equal(fx_count.ctx_new, 0);
}

/* C_GetFunctionList: the same table each time, version 2.40, complete. */
static void
test_function_list(void **state)
{
	CK_FUNCTION_LIST_PTR l = NULL;
	const CK_VOID_PTR *fn;
	size_t i, n;

	(void)state;
	assert_bad_call(C_GetFunctionList(NULL), CKR_ARGUMENTS_BAD);
	assert_rv(C_GetFunctionList(&l), CKR_OK);
	assert_ptr_equal(l, p11);
	assert_int_equal(l->version.major, 2);
	assert_int_equal(l->version.minor, 40);
	assert_rv(l->C_GetFunctionList(&l), CKR_OK);
	assert_ptr_equal(l, p11);
	/* every entry after the version is set (68 functions in 2.40) */
	n = (sizeof(*l) - offsetof(CK_FUNCTION_LIST, C_Initialize)) /
	    sizeof(CK_VOID_PTR);
	assert_int_equal(n, 68);
	fn = (const CK_VOID_PTR *)(const void *)&l->C_Initialize;
	for (i = 0; i < n; i++)
		if (fn[i] == NULL)
			fail_msg("function %zu of the list is NULL", i);
}

/* ------------------------------------------------------------------ */
/* C_Initialize and C_Finalize                                         */

static void
test_initialize_twice(void **state)
{
	CK_C_INITIALIZE_ARGS a;
	CK_ULONG n = 0;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_Initialize(NULL), CKR_CRYPTOKI_ALREADY_INITIALIZED);
	a.flags = CKF_OS_LOCKING_OK;
	assert_rv(p11->C_Initialize(&a), CKR_CRYPTOKI_ALREADY_INITIALIZED);
	/* still working */
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	assert_rv(p11->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
	/* and again, from the start */
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
}

/* Threads racing to initialize: one wins, the others are told so. */
#define RACERS	8

struct racer {
	pthread_barrier_t	*start;
	CK_RV			 rv;
};

static void *
racer(void *arg)
{
	struct racer *r = arg;

	pthread_barrier_wait(r->start);
	r->rv = p11->C_Initialize(NULL);
	return NULL;
}

static void
test_initialize_race(void **state)
{
	pthread_barrier_t start;
	pthread_t t[RACERS];
	struct racer r[RACERS];
	size_t i, ok = 0, already = 0;

	(void)state;
	assert_int_equal(pthread_barrier_init(&start, NULL, RACERS), 0);
	for (i = 0; i < RACERS; i++) {
		r[i] = (struct racer){ &start, CKR_GENERAL_ERROR };
		assert_int_equal(pthread_create(&t[i], NULL, racer, &r[i]), 0);
	}
	for (i = 0; i < RACERS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		ok += r[i].rv == CKR_OK;
		already += r[i].rv == CKR_CRYPTOKI_ALREADY_INITIALIZED;
	}
	pthread_barrier_destroy(&start);
	assert_int_equal(ok, 1);
	assert_int_equal(already, RACERS - 1);
	assert_int_equal(fx_count.ctx_new, 1);
}

static void
test_initialize_reserved(void **state)
{
	CK_C_INITIALIZE_ARGS a;
	int junk = 0;
	CK_ULONG n = 0;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.pReserved = &junk;
	assert_bad_call(p11->C_Initialize(&a), CKR_ARGUMENTS_BAD);
	a.flags = CKF_OS_LOCKING_OK;
	assert_bad_call(p11->C_Initialize(&a), CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
	assert_int_equal(fx_count.ctx_new, 0);
}

/* Application mutexes that count what the module does with them. */
static struct {
	unsigned	create, destroy, lock, unlock;
	int		held;
} mtx;

static CK_RV
m_create(CK_VOID_PTR_PTR p)
{
	int *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return CKR_HOST_MEMORY;
	mtx.create++;
	*p = m;
	return CKR_OK;
}

static CK_RV
m_destroy(CK_VOID_PTR p)
{
	mtx.destroy++;
	free(p);
	return CKR_OK;
}

static CK_RV
m_lock(CK_VOID_PTR p)
{
	int *m = p;

	if (*m != 0)
		fail_msg("the module locked a mutex it already held");
	*m = 1;
	mtx.lock++;
	mtx.held++;
	return CKR_OK;
}

static CK_RV
m_unlock(CK_VOID_PTR p)
{
	int *m = p;

	if (*m != 1)
		return CKR_MUTEX_NOT_LOCKED;
	*m = 0;
	mtx.unlock++;
	mtx.held--;
	return CKR_OK;
}

/* All 14 proper non-empty subsets of the four callbacks. */
static void
test_initialize_partial_mutex(void **state)
{
	CK_C_INITIALIZE_ARGS a;
	CK_ULONG n = 0;
	unsigned set, flags;

	(void)state;
	for (flags = 0; flags <= 1; flags++) {
		for (set = 1; set < 15; set++) {
			memset(&a, 0, sizeof(a));
			a.flags = flags ? CKF_OS_LOCKING_OK : 0;
			a.CreateMutex = set & 1 ? m_create : NULL;
			a.DestroyMutex = set & 2 ? m_destroy : NULL;
			a.LockMutex = set & 4 ? m_lock : NULL;
			a.UnlockMutex = set & 8 ? m_unlock : NULL;
			assert_bad_call(p11->C_Initialize(&a),
			    CKR_ARGUMENTS_BAD);
		}
	}
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
}

/* All four callbacks, the counters zeroed. */
static void
mutex_args(CK_C_INITIALIZE_ARGS *a, CK_FLAGS flags)
{
	memset(a, 0, sizeof(*a));
	memset(&mtx, 0, sizeof(mtx));
	a->CreateMutex = m_create;
	a->DestroyMutex = m_destroy;
	a->LockMutex = m_lock;
	a->UnlockMutex = m_unlock;
	a->flags = flags;
}

static void
init_with_mutexes(CK_FLAGS flags)
{
	CK_C_INITIALIZE_ARGS a;

	mutex_args(&a, flags);
	assert_rv(p11->C_Initialize(&a), CKR_OK);
}

/* Without CKF_OS_LOCKING_OK the application's mutexes must be used. */
static void
test_initialize_app_mutexes(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h;
	CK_SLOT_ID slot;
	CK_ULONG n = 1;
	unsigned locks;

	init_with_mutexes(0);
	assert_true(mtx.create >= 1);
	assert_rv(p11->C_GetSlotList(CK_FALSE, &slot, &n), CKR_OK);
	assert_true(mtx.lock >= 1);
	assert_int_equal(mtx.lock, mtx.unlock);
	locks = mtx.lock;
	fx_card(f);
	assert_rv(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	fx_done(f);
	/* the token's own (io) mutex comes from the application too */
	assert_true(mtx.create >= 2);
	assert_true(mtx.lock > locks);
	assert_int_equal(mtx.lock, mtx.unlock);
	assert_int_equal(mtx.held, 0);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	assert_int_equal(mtx.destroy, mtx.create);
	assert_int_equal(mtx.held, 0);
}

/* With CKF_OS_LOCKING_OK the module uses its own (lock.c says so). */
static void
test_initialize_os_locking(void **state)
{
	CK_ULONG n = 0;

	(void)state;
	init_with_mutexes(CKF_OS_LOCKING_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	assert_int_equal(mtx.create + mtx.lock + mtx.unlock + mtx.destroy, 0);
}

/* Flags only, no callbacks: fine either way. */
static void
test_initialize_flags_only(void **state)
{
	CK_C_INITIALIZE_ARGS a;
	CK_ULONG n = 0;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_rv(p11->C_Initialize(&a), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	a.flags = CKF_OS_LOCKING_OK | CKF_LIBRARY_CANT_CREATE_OS_THREADS;
	assert_rv(p11->C_Initialize(&a), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
}

static void
test_finalize_reserved(void **state)
{
	int junk = 0;
	CK_ULONG n = 0;

	(void)state;
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_bad_call(p11->C_Finalize(&junk), CKR_ARGUMENTS_BAD);
	/* still initialized */
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
}

/* C_Finalize with sessions open releases every handle (teardown checks). */
static void
test_finalize_with_sessions(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h;

	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &h), CKR_OK);
	assert_true(fx_count.connect >= 1);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	assert_int_equal(fx_count.connect, fx_count.disconnect);
	assert_int_equal(fx_count.ctx_new, fx_count.ctx_free);
	assert_rv(p11->C_GetSessionInfo(h, &(CK_SESSION_INFO){ 0 }),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
}

/* ------------------------------------------------------------------ */
/* C_GetInfo                                                           */

static int
blank_padded(const CK_UTF8CHAR *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\0')
			return 0;
	return p[n - 1] == ' ';
}

static void
test_get_info(void **state)
{
	CK_INFO info;

	(void)state;
	assert_bad_call(p11->C_GetInfo(NULL), CKR_ARGUMENTS_BAD);
	memset(&info, 0, sizeof(info));
	assert_rv(p11->C_GetInfo(&info), CKR_OK);
	assert_int_equal(info.cryptokiVersion.major, 2);
	assert_int_equal(info.cryptokiVersion.minor, 40);
	assert_int_equal(info.flags, 0);
	assert_true(blank_padded(info.manufacturerID,
	    sizeof(info.manufacturerID)));
	assert_true(blank_padded(info.libraryDescription,
	    sizeof(info.libraryDescription)));
}

/* ------------------------------------------------------------------ */
/* fork                                                                */

enum {
	CHILD_OK = 0,
	CHILD_LIST_NOT_REFUSED = 10,	/* + the CK_RV's low bits seen */
	CHILD_INIT_FAILED = 20,
	CHILD_LIST_FAILED = 30,
	CHILD_TOUCHED_PARENT = 40,
	CHILD_FINAL_FAILED = 50,
};

/*
 * In the child: C_GetSlotList is refused until C_Initialize, which then
 * works; the parent's handles (its token's context and card handle) are
 * neither used nor released.  The result is the exit code.
 */
/* Not static: a store into it cannot be optimized away. */
extern struct tok_module fx_abandoned;
struct tok_module fx_abandoned;

static int
child(CK_SESSION_HANDLE parent_session)
{
	struct fx_count before = fx_count;
	CK_SESSION_INFO si;
	CK_ULONG n = 0;
	CK_RV rv;

	/*
	 * By design the child abandons the parent's module state (its
	 * PC/SC handles must not be used or released here).  Keep it
	 * reachable so that valgrind's leak check of the child, which
	 * decides its exit code, reports no leak for it.
	 */
	fx_abandoned = tok_mod;
	rv = p11->C_GetSlotList(CK_FALSE, NULL, &n);
	if (rv != CKR_CRYPTOKI_NOT_INITIALIZED)
		return CHILD_LIST_NOT_REFUSED + (int)(rv & 7);
	if (p11->C_GetSessionInfo(parent_session, &si) !=
	    CKR_CRYPTOKI_NOT_INITIALIZED)
		return CHILD_LIST_NOT_REFUSED + 8;
	/* C_Finalize must not release what the parent opened */
	if (p11->C_Finalize(NULL) != CKR_CRYPTOKI_NOT_INITIALIZED)
		return CHILD_LIST_NOT_REFUSED + 9;
	if (p11->C_Initialize(NULL) != CKR_OK)
		return CHILD_INIT_FAILED;
	if (p11->C_GetSlotList(CK_FALSE, NULL, &n) != CKR_OK || n != 1)
		return CHILD_LIST_FAILED;
	/* the parent's session is not the child's */
	if (p11->C_GetSessionInfo(parent_session, &si) !=
	    CKR_SESSION_HANDLE_INVALID)
		return CHILD_LIST_FAILED + 1;
	if (p11->C_Finalize(NULL) != CKR_OK)
		return CHILD_FINAL_FAILED;
	/* the child's own context came and went; the parent's stayed */
	if (fx_count.ctx_new != before.ctx_new + 1 ||
	    fx_count.ctx_free != before.ctx_free + 1 ||
	    fx_count.disconnect != before.disconnect)
		return CHILD_TOUCHED_PARENT;
	return CHILD_OK;
}

static void
test_fork(void **state)
{
	struct fx *f = *state;
	CK_SESSION_INFO si;
	CK_ULONG n = 0;
	pid_t pid;
	int status = 0;

	fx_card(f);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &f->h), CKR_OK);
	fx_done(f);
	if ((pid = fork()) < 0)
		fail_msg("fork failed");
	if (pid == 0)
		_exit(child(f->h));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), CHILD_OK);
	/* the parent goes on as before */
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	assert_rv(p11->C_GetSessionInfo(f->h, &si), CKR_OK);
	assert_int_equal(si.state, CKS_RO_PUBLIC_SESSION);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* Strict mode: caller bugs abort (src/common/precond.h)               */

static void
bad_function_list(void *arg)
{
	(void)arg;
	(void)C_GetFunctionList(NULL);
}

static void
bad_finalize(void *arg)
{
	int junk = 0;

	(void)arg;
	(void)p11->C_Finalize(&junk);
}

/* The child initializes anew (fork safety), then passes a NULL. */
static void
bad_get_info(void *arg)
{
	(void)arg;
	fx_abandoned = tok_mod;		/* as in child() */
	if (p11->C_Initialize(NULL) != CKR_OK)
		_exit(2);
	(void)p11->C_GetInfo(NULL);
}

static void
bad_strict_yes(void *arg)
{
	setenv("EBID_STRICT", "yes", 1);
	bad_function_list(arg);
}

static void
bad_strict_unset(void *arg)
{
	unsetenv("EBID_STRICT");
	bad_function_list(arg);
}

/*
 * EBID_STRICT=1, or any value but "0": a caller bug aborts, before or
 * after C_Initialize.  EBID_STRICT=0: the documented code, and the module
 * goes on (assert_bad_call, in every test that makes one on purpose).
 * Unset: a debug build (--enable-debug) is strict, another is not.
 */
static void
test_strict_mode(void **state)
{
	CK_INFO info;
	int st;

	(void)state;
	fx_assert_aborts(bad_function_list, NULL);
	fx_assert_aborts(bad_finalize, NULL);
	fx_assert_aborts(bad_get_info, NULL);
	fx_assert_aborts(bad_strict_yes, NULL);
	st = fx_run_child(bad_strict_unset, NULL);
#ifdef EBID_DEBUG_BUILD
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
#else
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
#endif
	assert_bad_call(p11->C_GetInfo(NULL), CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_GetInfo(&info), CKR_OK);
}

/* ------------------------------------------------------------------ */
/* A refused configuration                                             */

static const char *bad_confs[] = {
	"[profile reference]\npin_min = banana\n",
	"[profile reference]\nno_such_key = 1\n",
	"[profile reference]\naid = D3 92 F0 00 45 42 49 44 01\n[nonsense\n",
	"# a file without any profile\n",
	"[authority x]\nprofile = missing\n",
};

/*
 * C_Initialize fails, opens nothing, and leaves the module not
 * initialized; a later C_Initialize with a good file works.
 */
static void
test_bad_config(void **state)
{
	struct fx *f = *state;
	const char *text = *(const char *const *)f->row;
	CK_C_INITIALIZE_ARGS a;
	CK_SESSION_HANDLE h;
	CK_SLOT_ID slot;
	CK_ULONG n = 1;

	fx_conf_write(f, text);
	assert_rv(p11->C_Initialize(NULL), CKR_GENERAL_ERROR);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
	assert_rv(p11->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
	/* with application mutexes: none is left behind */
	mutex_args(&a, 0);
	assert_rv(p11->C_Initialize(&a), CKR_GENERAL_ERROR);
	assert_int_equal(mtx.create, mtx.destroy);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
	assert_int_equal(fx_count.ctx_new, fx_count.ctx_free);
	/* a good file: the module works */
	setenv("EBID_PKCS11_CONF", fx_conf_default(), 1);
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, &slot, &n), CKR_OK);
	assert_int_equal(n, 1);
	fx_card(f);
	assert_rv(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	fx_done(f);
}

/* A file that does not exist is refused the same way. */
static void
test_missing_config(void **state)
{
	CK_ULONG n = 0;

	(void)state;
	setenv("EBID_PKCS11_CONF", "/nonexistent/ebid-pkcs11.conf", 1);
	assert_rv(p11->C_Initialize(NULL), CKR_GENERAL_ERROR);
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED);
	setenv("EBID_PKCS11_CONF", fx_conf_default(), 1);
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
#define BAD_CONF(i) \
	{ "test_bad_config[" #i "]", test_bad_config, fx_setup_bare, \
	    fx_teardown, &bad_confs[i] }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_not_initialized, fx_setup_bare),
		T(test_function_list, fx_setup_bare),
		T(test_initialize_twice, fx_setup_bare),
		T(test_initialize_race, fx_setup_bare),
		T(test_initialize_reserved, fx_setup_bare),
		T(test_initialize_partial_mutex, fx_setup_bare),
		T(test_initialize_app_mutexes, fx_setup_bare),
		T(test_initialize_os_locking, fx_setup_bare),
		T(test_initialize_flags_only, fx_setup_bare),
		T(test_finalize_reserved, fx_setup_bare),
		T(test_finalize_with_sessions, fx_setup_session),
		T(test_get_info, fx_setup_init),
		T(test_fork, fx_setup_init),
		T(test_strict_mode, fx_setup_init),
		BAD_CONF(0),
		BAD_CONF(1),
		BAD_CONF(2),
		BAD_CONF(3),
		BAD_CONF(4),
		T(test_missing_config, fx_setup_bare),
	};

	_Static_assert(sizeof(bad_confs) / sizeof(bad_confs[0]) == 5,
	    "one BAD_CONF line per bad configuration");
	return cmocka_run_group_tests_name("p11-general", tests,
	    fx_group_setup, fx_group_teardown);
}
