/*
 * test-lab-module.c - the module, loaded with dlopen as an application
 * loads it, through pulls, re-inserts and a pcscd restart in the lab.
 *
 * Environment (set by tests/integ/lab.sh):
 *   EBID_TEST_MODULE	the module (.so)
 *   EBID_TEST_LAB	the ebid-lab command
 *   EBID_TEST_RPLUG, EBID_TEST_CPLUG	reader and name of a card to pull
 *   EBID_TEST_R2048	reader of another card that stays in
 */
#include "config.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR f;
static CK_UTF8CHAR demo_pin[] = "1234";
static void *dl;

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0')
		fail_msg("%s is not set (run through tests/integ/lab.sh)",
		    name);
	return v;
}

static void
lab_cmd(const char *verb, const char *arg)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s %s >/dev/null", env("EBID_TEST_LAB"),
	    verb, arg);
	assert_int_equal(system(cmd), 0);
}

static int
setup(void **state)
{
	CK_RV (*get)(CK_FUNCTION_LIST_PTR_PTR);

	(void)state;
	if ((dl = dlopen(env("EBID_TEST_MODULE"), RTLD_NOW)) == NULL)
		fail_msg("dlopen: %s", dlerror());
	*(void **)&get = dlsym(dl, "C_GetFunctionList");
	assert_non_null(get);
	assert_int_equal(get(&f), CKR_OK);
	assert_int_equal(f->C_Initialize(NULL), CKR_OK);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(f->C_Finalize(NULL), CKR_OK);
	assert_int_equal(f->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
	dlclose(dl);
	return 0;
}

/* The slot whose description is the reader's name; 0 if none. */
static CK_SLOT_ID
slot_of(const char *reader, CK_BBOOL present)
{
	CK_SLOT_ID list[64];
	CK_ULONG n = 64, i;
	CK_SLOT_INFO si;
	char desc[65];

	assert_int_equal(f->C_GetSlotList(present, list, &n), CKR_OK);
	for (i = 0; i < n; i++) {
		assert_int_equal(f->C_GetSlotInfo(list[i], &si), CKR_OK);
		memcpy(desc, si.slotDescription, 64);
		desc[64] = '\0';
		if (strncmp(desc, reader, strlen(reader)) == 0)
			return list[i];
	}
	return 0;
}

static void
wait_token(CK_SLOT_ID id, int present)
{
	CK_SLOT_INFO si;
	int i;

	for (i = 0; i < 100; i++) {
		assert_int_equal(f->C_GetSlotInfo(id, &si), CKR_OK);
		if (!!(si.flags & CKF_TOKEN_PRESENT) == present)
			return;
		usleep(100000);
	}
	fail_msg("slot %lu: token never became %s", id, present ?
	    "present" : "absent");
}

static void
test_pull_invalidates_session(void **state)
{
	const char *reader = env("EBID_TEST_RPLUG");
	CK_SESSION_HANDLE h, h2;
	CK_SESSION_INFO info;
	CK_SLOT_ID id, id2;
	CK_TOKEN_INFO ti, ti2;

	(void)state;
	id = slot_of(reader, CK_TRUE);
	assert_int_not_equal(id, 0);
	assert_int_equal(f->C_GetTokenInfo(id, &ti), CKR_OK);
	assert_int_equal(f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	assert_int_equal(f->C_Login(h, CKU_USER, demo_pin, 4),
	    CKR_OK);
	assert_int_equal(f->C_GetSessionInfo(h, &info), CKR_OK);
	assert_int_equal(info.state, CKS_RO_USER_FUNCTIONS);
	lab_cmd("pull", env("EBID_TEST_CPLUG"));
	wait_token(id, 0);
	assert_int_equal(f->C_GetSessionInfo(h, &info),
	    CKR_SESSION_HANDLE_INVALID);
	assert_int_equal(f->C_FindObjectsInit(h, NULL, 0),
	    CKR_SESSION_HANDLE_INVALID);
	assert_int_equal(f->C_GetTokenInfo(id, &ti2), CKR_TOKEN_NOT_PRESENT);
	assert_int_equal(slot_of(reader, CK_TRUE), 0);
	lab_cmd("insert", env("EBID_TEST_CPLUG"));
	wait_token(id, 1);
	id2 = slot_of(reader, CK_TRUE);
	assert_int_equal(id2, id);	/* the same slot, again */
	assert_int_equal(f->C_GetTokenInfo(id, &ti2), CKR_OK);
	assert_memory_equal(ti.serialNumber, ti2.serialNumber, 16);
	assert_int_equal(f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL,
	    &h2), CKR_OK);
	assert_true(h2 > h);	/* handles are never reused */
	assert_int_equal(f->C_GetSessionInfo(h2, &info), CKR_OK);
	assert_int_equal(info.state, CKS_RO_PUBLIC_SESSION);
	assert_int_equal(f->C_CloseSession(h2), CKR_OK);
	assert_int_equal(f->C_CloseSession(h), CKR_SESSION_HANDLE_INVALID);
}

/* Logout resets the card: our sessions stay, the card forgets the PIN. */
static void
test_logout_and_last_close(void **state)
{
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_SESSION_HANDLE h;
	CK_SESSION_INFO info;
	CK_OBJECT_HANDLE k;
	CK_BYTE sig[512];
	CK_ULONG n, len = sizeof(sig);
	CK_SLOT_ID id;

	(void)state;
	id = slot_of(env("EBID_TEST_R2048"), CK_TRUE);
	assert_int_equal(f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	assert_int_equal(f->C_Login(h, CKU_USER, demo_pin, 4), CKR_OK);
	assert_int_equal(f->C_Logout(h), CKR_OK);
	assert_int_equal(f->C_GetSessionInfo(h, &info), CKR_OK);
	assert_int_equal(info.state, CKS_RO_PUBLIC_SESSION);
	assert_int_equal(f->C_Login(h, CKU_USER, demo_pin, 4), CKR_OK);
	assert_int_equal(f->C_FindObjectsInit(h, &t, 1), CKR_OK);
	assert_int_equal(f->C_FindObjects(h, &k, 1, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f->C_FindObjectsFinal(h), CKR_OK);
	assert_int_equal(f->C_SignInit(h, &m, k), CKR_OK);
	assert_int_equal(f->C_Sign(h, demo_pin, 4, sig, &len), CKR_OK);
	assert_int_equal(len, 256);
	/* closing the last session logs out */
	assert_int_equal(f->C_CloseSession(h), CKR_OK);
	assert_int_equal(f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	assert_int_equal(f->C_GetSessionInfo(h, &info), CKR_OK);
	assert_int_equal(info.state, CKS_RO_PUBLIC_SESSION);
	assert_int_equal(f->C_CloseSession(h), CKR_OK);
}

static void
test_dont_block_event(void **state)
{
	CK_SLOT_ID id, ev;

	(void)state;
	id = slot_of(env("EBID_TEST_RPLUG"), CK_TRUE);
	while (f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL) == CKR_OK)
		;	/* drain */
	assert_int_equal(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL),
	    CKR_NO_EVENT);
	lab_cmd("pull", env("EBID_TEST_CPLUG"));
	wait_token(id, 0);
	assert_int_equal(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL),
	    CKR_OK);
	assert_int_equal(ev, id);
	lab_cmd("insert", env("EBID_TEST_CPLUG"));
	assert_int_equal(f->C_WaitForSlotEvent(0, &ev, NULL), CKR_OK);
	assert_int_equal(ev, id);
}

/*
 * pcscd restarts under the application, with two more readers: the
 * module finds its way back, old slots keep their IDs, new readers get
 * new slots, and the list never shrinks.
 */
static void
test_pcscd_restart_new_reader(void **state)
{
	const char *reader = env("EBID_TEST_R2048");
	CK_SLOT_ID id, again = 0, list[64];
	CK_SESSION_HANDLE h;
	CK_ULONG n = 0, m = 64, i;
	int round;

	(void)state;
	id = slot_of(reader, CK_TRUE);
	assert_int_not_equal(id, 0);
	assert_int_equal(f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	assert_int_equal(f->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	lab_cmd("restart-pcscd", "-n 8");	/* lab.sh starts 7 readers */
	for (round = 0; round < 100 && again == 0; round++) {
		usleep(100000);
		again = slot_of(reader, CK_TRUE);
	}
	assert_int_equal(again, id);
	assert_int_equal(f->C_GetSlotList(CK_FALSE, list, &m), CKR_OK);
	assert_int_equal(m, n + 2);	/* "ebid lab 8 00 00" and "... 01" */
	for (i = 0; i < m; i++)
		assert_true(list[i] >= 1 && list[i] <= m);
	assert_int_not_equal(slot_of("ebid lab 8 00 00", CK_FALSE), 0);
	assert_true(slot_of("ebid lab 8 00 00", CK_FALSE) > n);
	assert_int_equal(f->C_FindObjectsInit(h, NULL, 0),
	    CKR_SESSION_HANDLE_INVALID);
	assert_int_equal(f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_OK);
	assert_int_equal(f->C_Login(h, CKU_USER, demo_pin, 4),
	    CKR_OK);
	assert_int_equal(f->C_CloseSession(h), CKR_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pull_invalidates_session),
		cmocka_unit_test(test_logout_and_last_close),
		cmocka_unit_test(test_dont_block_event),
		cmocka_unit_test(test_pcscd_restart_new_reader),
	};

	return cmocka_run_group_tests_name("lab-module", tests, setup,
	    teardown);
}
