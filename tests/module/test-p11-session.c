/*
 * test-p11-session.c - PKCS#11 2.40 §5.6 session management: sessions,
 * their handles and states, C_Login and C_Logout.
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

#define RO	CKF_SERIAL_SESSION
#define RW	(CKF_SERIAL_SESSION | CKF_RW_SESSION)

static CK_SESSION_HANDLE
open_session(CK_SLOT_ID slot, CK_FLAGS flags)
{
	CK_SESSION_HANDLE h = CK_INVALID_HANDLE;

	assert_rv(p11->C_OpenSession(slot, flags, NULL, NULL, &h), CKR_OK);
	assert_true(h != CK_INVALID_HANDLE);
	return h;
}

static CK_RV
login(CK_SESSION_HANDLE h, CK_USER_TYPE user, const char *text)
{
	CK_UTF8CHAR pin[80];
	size_t n = strlen(text);

	assert_true(n <= sizeof(pin));
	memcpy(pin, text, n);
	return p11->C_Login(h, user, pin, n);
}

/* ------------------------------------------------------------------ */
/* C_OpenSession, C_CloseSession, C_CloseAllSessions                   */

static void
test_open_flags(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h = 0;

	assert_rv(p11->C_OpenSession(f->slot, 0, NULL, NULL, &h),
	    CKR_SESSION_PARALLEL_NOT_SUPPORTED);
	assert_rv(p11->C_OpenSession(f->slot, CKF_RW_SESSION, NULL, NULL,
	    &h), CKR_SESSION_PARALLEL_NOT_SUPPORTED);
	assert_int_equal(h, 0);
	fx_done(f);
}

/* Handles grow and are never reused, closed or not. */
static void
test_handles_not_reused(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h[6], prev;
	size_t i;

	prev = f->h;
	for (i = 0; i < 3; i++) {
		h[i] = open_session(f->slot, i % 2 ? RW : RO);
		assert_true(h[i] > prev);
		prev = h[i];
	}
	assert_rv(p11->C_CloseSession(h[1]), CKR_OK);
	assert_rv(p11->C_CloseSession(h[2]), CKR_OK);
	for (i = 3; i < 6; i++) {
		h[i] = open_session(f->slot, RO);
		assert_true(h[i] > prev);
		prev = h[i];
	}
	assert_rv(p11->C_CloseAllSessions(f->slot), CKR_OK);
	assert_true(open_session(f->slot, RO) > prev);
	fx_done(f);
}

static void
test_close_twice(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h = open_session(f->slot, RW);

	assert_rv(p11->C_CloseSession(h), CKR_OK);
	assert_rv(p11->C_CloseSession(h), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_CloseSession(CK_INVALID_HANDLE),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_CloseSession(f->h + 1000),
	    CKR_SESSION_HANDLE_INVALID);
	/* the other session is untouched */
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	fx_done(f);
}

static void
test_close_all(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h = open_session(f->slot, RW);
	CK_SESSION_INFO si;
	CK_TOKEN_INFO ti;

	assert_rv(p11->C_CloseAllSessions(f->slot), CKR_OK);
	assert_rv(p11->C_GetSessionInfo(f->h, &si),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetSessionInfo(h, &si), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_CloseSession(h), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_int_equal(ti.ulSessionCount, 0);
	/* nothing left: fine again; and new sessions work */
	assert_rv(p11->C_CloseAllSessions(f->slot), CKR_OK);
	h = open_session(f->slot, RO);
	assert_int_equal(fx_state(h), CKS_RO_PUBLIC_SESSION);
	/* the token was read once */
	fx_done(f);
	assert_int_equal(fx_count.connect, 1);
}

/* ------------------------------------------------------------------ */
/* C_GetSessionInfo                                                    */

static void
assert_info(CK_SESSION_HANDLE h, CK_SLOT_ID slot, CK_FLAGS flags,
    CK_STATE st)
{
	CK_SESSION_INFO si;

	memset(&si, 0xA5, sizeof(si));
	assert_rv(p11->C_GetSessionInfo(h, &si), CKR_OK);
	assert_int_equal(si.slotID, slot);
	assert_int_equal(si.flags, flags);
	assert_int_equal(si.state, st);
	assert_int_equal(si.ulDeviceError, 0);
}

/* All four states; answered from memory, no APDU. */
static void
test_session_states(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE rw = open_session(f->slot, RW);
	CK_SESSION_INFO si;

	assert_bad_call(p11->C_GetSessionInfo(f->h, NULL), CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_GetSessionInfo(CK_INVALID_HANDLE, &si),
	    CKR_SESSION_HANDLE_INVALID);
	assert_info(f->h, f->slot, RO, CKS_RO_PUBLIC_SESSION);
	assert_info(rw, f->slot, RW, CKS_RW_PUBLIC_SESSION);
	fx_done(f);
	fx_login(f);
	assert_info(f->h, f->slot, RO, CKS_RO_USER_FUNCTIONS);
	assert_info(rw, f->slot, RW, CKS_RW_USER_FUNCTIONS);
	/* a session opened now is a user session too */
	assert_info(open_session(f->slot, RO), f->slot, RO,
	    CKS_RO_USER_FUNCTIONS);
	assert_rv(p11->C_Logout(rw), CKR_OK);
	assert_info(f->h, f->slot, RO, CKS_RO_PUBLIC_SESSION);
	assert_info(rw, f->slot, RW, CKS_RW_PUBLIC_SESSION);
	fx_done(f);
}

/* Nothing but session information: the script has no step to play. */
static void
test_session_info_no_apdu(void **state)
{
	struct fx *f = *state;
	CK_SESSION_INFO si;
	CK_SLOT_INFO sl;
	int i;

	assert_int_equal(f->sb.ts.pos, f->sb.ts.nsteps);
	for (i = 0; i < 10; i++) {
		assert_rv(p11->C_GetSessionInfo(f->h, &si), CKR_OK);
		assert_rv(p11->C_GetSlotInfo(f->slot, &sl), CKR_OK);
	}
	assert_true(ts_script_ok(&f->sb.ts));
	assert_int_equal(fx_count.begin, fx_count.end);
	fx_done(f);
}

/*
 * PKCS#11 2.40 §5.6, C_CloseSession: "If this function is successful and
 * it closes the last session between the application and the token, the
 * login state of the token for the application returns to public
 * sessions."  Likewise C_CloseAllSessions.
 */
static void
test_close_last_session_logs_out(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h, rw = open_session(f->slot, RW);

	/* not the last one: still logged in */
	assert_rv(p11->C_CloseSession(rw), CKR_OK);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
	assert_int_equal(fx_count.resets, 0);
	assert_rv(p11->C_CloseSession(f->h), CKR_OK);
	/* and the card is not left verified for other programs */
	assert_int_equal(fx_count.resets, 1);
	h = open_session(f->slot, RO);
	assert_int_equal(fx_state(h), CKS_RO_PUBLIC_SESSION);
	fx_done(f);
}

static void
test_close_all_logs_out(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h;
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o[4];

	open_session(f->slot, RW);
	assert_rv(p11->C_CloseAllSessions(f->slot), CKR_OK);
	h = open_session(f->slot, RW);
	assert_int_equal(fx_state(h), CKS_RW_PUBLIC_SESSION);
	assert_int_equal(fx_find(h, &t, 1, o, 4), 0);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* C_Login                                                             */

static void
test_login_ok(void **state)
{
	struct fx *f = *state;

	fx_login(f);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
	/* again: refused without asking the card */
	assert_rv(login(f->h, CKU_USER, FX_PIN), CKR_USER_ALREADY_LOGGED_IN);
	assert_rv(login(f->h, CKU_USER, "9999"), CKR_USER_ALREADY_LOGGED_IN);
	fx_done(f);
}

static void
test_login_pin_incorrect(void **state)
{
	struct fx *f = *state;

	fx_verify(f, "9999", "63 C2");
	assert_rv(login(f->h, CKU_USER, "9999"), CKR_PIN_INCORRECT);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	fx_done(f);
	/* a counter without tries (63 00) is wrong too */
	fx_verify(f, "8888", "63 00");
	assert_rv(login(f->h, CKU_USER, "8888"), CKR_PIN_INCORRECT);
	fx_done(f);
	fx_login(f);
}

static void
test_login_pin_locked(void **state)
{
	struct fx *f = *state;

	fx_verify(f, FX_PIN, "69 83");
	assert_rv(login(f->h, CKU_USER, FX_PIN), CKR_PIN_LOCKED);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	/* from now on without asking the card */
	assert_rv(login(f->h, CKU_USER, FX_PIN), CKR_PIN_LOCKED);
	fx_done(f);
}

/* 63C0: that wrong PIN used the last try; the PIN is now blocked. */
static void
test_login_pin_last_try(void **state)
{
	struct fx *f = *state;

	fx_verify(f, "9999", "63 C0");
	assert_rv(login(f->h, CKU_USER, "9999"), CKR_PIN_LOCKED);
	assert_int_equal(fx_token_flags(f->slot) & (CKF_USER_PIN_LOCKED |
	    CKF_USER_PIN_FINAL_TRY), CKF_USER_PIN_LOCKED);
	assert_rv(login(f->h, CKU_USER, FX_PIN), CKR_PIN_LOCKED);
	fx_done(f);
}

/* Length and characters are checked before anything is sent. */
struct pin_row {
	const char	*pin;
	CK_RV		 rv;
};

static struct pin_row bad_pins[] = {
	{ "", CKR_PIN_LEN_RANGE },
	{ "123", CKR_PIN_LEN_RANGE },
	{ "12345678901234567", CKR_PIN_LEN_RANGE },		/* 17 */
	{ "1234567890123456789012345678901234567890123456789012345678901234",
	    CKR_PIN_LEN_RANGE },				/* 64 */
	{ "12345678901234567890123456789012345678901234567890123456789012345",
	    CKR_PIN_LEN_RANGE },				/* 65 */
	{ "12 4", CKR_PIN_INVALID },
	{ "1234-", CKR_PIN_INVALID },
	{ "暗証番号", CKR_PIN_INVALID },
};

static void
test_login_refused(void **state)
{
	struct fx *f = *state;
	const struct pin_row *row = f->row;

	assert_rv(login(f->h, CKU_USER, row->pin), row->rv);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	assert_true(ts_script_ok(&f->sb.ts));
	fx_done(f);
}

static void
test_login_user_type(void **state)
{
	struct fx *f = *state;

	assert_rv(login(f->h, CKU_SO, FX_PIN), CKR_USER_TYPE_INVALID);
	assert_rv(login(f->h, 3, FX_PIN), CKR_USER_TYPE_INVALID);
	assert_rv(login(f->h, 0x80000000UL, FX_PIN), CKR_USER_TYPE_INVALID);
	assert_rv(login(f->h, (CK_USER_TYPE)-1, FX_PIN),
	    CKR_USER_TYPE_INVALID);
	/* no operation needs a context-specific login */
	assert_rv(login(f->h, CKU_CONTEXT_SPECIFIC, FX_PIN),
	    CKR_OPERATION_NOT_INITIALIZED);
	fx_done(f);
	fx_login(f);
	assert_rv(login(f->h, CKU_SO, FX_PIN), CKR_USER_TYPE_INVALID);
	assert_rv(login(f->h, CKU_CONTEXT_SPECIFIC, FX_PIN),
	    CKR_OPERATION_NOT_INITIALIZED);
	fx_done(f);
}

static void
test_login_args(void **state)
{
	struct fx *f = *state;

	assert_rv(p11->C_Login(f->h, CKU_USER, NULL, 4), CKR_ARGUMENTS_BAD);
	assert_rv(login(CK_INVALID_HANDLE, CKU_USER, FX_PIN),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(login(f->h + 1000, CKU_USER, FX_PIN),
	    CKR_SESSION_HANDLE_INVALID);
	fx_done(f);
}

/*
 * The empty VERIFY at card read answered 90 00 (someone verified the
 * PIN in this power cycle): that is status, never a login
 * (CVE-2023-40660).  The session stays public, the private key hidden,
 * and C_Login still sends the PIN.
 */
static void
test_login_not_from_empty_verify(void **state)
{
	struct fx *f = *state;
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o[4];
	CK_SESSION_HANDLE rw;

	f->pin_sw = "90 00";
	fx_card(f);
	f->h = open_session(f->slot, RO);
	rw = open_session(f->slot, RW);
	fx_done(f);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	assert_int_equal(fx_state(rw), CKS_RW_PUBLIC_SESSION);
	assert_int_equal(fx_find(f->h, &t, 1, o, 4), 0);
	assert_rv(p11->C_Logout(f->h), CKR_USER_NOT_LOGGED_IN);
	/* still verified: no count, so the PIN guard sends no PIN */
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, "90 00");
	assert_rv(login(f->h, CKU_USER, FX_PIN), CKR_PIN_LOCKED);
	fx_done(f);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	assert_int_equal(fx_find(f->h, &t, 1, o, 4), 0);
	/* reset since (63C3): a real login */
	f->pin_sw = "63 C3";
	fx_login(f);
	assert_int_equal(fx_state(rw), CKS_RW_USER_FUNCTIONS);
	assert_int_equal(fx_find(f->h, &t, 1, o, 4), 1);
}

/* Logging in from one session logs in all of the token's sessions. */
static void
test_login_shared(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE rw = open_session(f->slot, RW);

	fx_login(f);
	assert_int_equal(fx_state(rw), CKS_RW_USER_FUNCTIONS);
	assert_rv(login(rw, CKU_USER, FX_PIN), CKR_USER_ALREADY_LOGGED_IN);
	assert_rv(p11->C_Logout(rw), CKR_OK);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	assert_rv(p11->C_Logout(f->h), CKR_USER_NOT_LOGGED_IN);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* A reader with a PIN pad (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT)   */

#define PINPAD_CODE	0x42330006U
#define PINPAD_FEATURES	"06 04 42 33 00 06"
/*
 * PIN_VERIFY_STRUCTURE for the reference profile: timeouts 30 s, ASCII
 * bytes at 0, no block, no length field, PIN 4..16 (max first), the
 * validation key, one message, LANGID 0411, 5 bytes of APDU; then
 * VERIFY's header with Lc 0.  No PIN byte comes from the host.
 */
#define PINPAD_BLOCK \
	"1E 00 82 00 00 10 04 02 01 11 04 00 00 00 00 05 00 00 00" \
	"00 20 00 81 00"

/* The guard reads the count (f->pin_sw), then the reader asks the PIN. */
static void
pinpad_steps(struct fx *f, const char *answer)
{
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, f->pin_sw);
	fx_step(f, TS_CONTROL, PINPAD_BLOCK, answer, 0);
	f->sb.steps[f->sb.ts.nsteps - 1].code = PINPAD_CODE;
}

static void
pinpad_session(struct fx *f)
{
	f->features = PINPAD_FEATURES;
	fx_card(f);
	f->h = open_session(f->slot, RO);
	fx_done(f);
	assert_int_equal(fx_token_flags(f->slot) &
	    CKF_PROTECTED_AUTHENTICATION_PATH,
	    CKF_PROTECTED_AUTHENTICATION_PATH);
}

/* C_Login with a NULL PIN: the reader asks for it. */
static void
test_pinpad_login(void **state)
{
	struct fx *f = *state;

	pinpad_session(f);
	pinpad_steps(f, "90 00");
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, "90 00");
	assert_rv(p11->C_Login(f->h, CKU_USER, NULL, 0), CKR_OK);
	fx_done(f);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
	assert_rv(p11->C_Login(f->h, CKU_USER, NULL, 0),
	    CKR_USER_ALREADY_LOGGED_IN);
	fx_done(f);
}

/* A PIN from the keyboard still works with a PIN pad reader. */
static void
test_pinpad_keyboard_pin(void **state)
{
	struct fx *f = *state;

	pinpad_session(f);
	fx_login(f);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
}

static struct pin_row pinpad_rows[] = {
	{ "63 C2", CKR_PIN_INCORRECT },
	{ "63 C0", CKR_PIN_LOCKED },
	{ "69 83", CKR_PIN_LOCKED },
	{ "64 01", CKR_FUNCTION_CANCELED },	/* the user pressed Cancel */
};

static void
test_pinpad_refused(void **state)
{
	struct fx *f = *state;
	const struct pin_row *row = f->row;

	pinpad_session(f);
	pinpad_steps(f, row->pin);
	assert_rv(p11->C_Login(f->h, CKU_USER, NULL, 0), row->rv);
	fx_done(f);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
}

/* ------------------------------------------------------------------ */
/* C_Logout                                                            */

static void
test_logout(void **state)
{
	struct fx *f = *state;
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o[4];
	unsigned connects = fx_count.connect;

	assert_rv(p11->C_Logout(CK_INVALID_HANDLE),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_Logout(f->h), CKR_OK);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	assert_int_equal(fx_find(f->h, &t, 1, o, 4), 0);
	/* the card was reset (reconnected) so that nothing stays verified */
	assert_int_equal(fx_count.disconnect, connects);
	assert_int_equal(fx_count.resets, 1);
	assert_int_equal(fx_count.connect, connects + 1);
	assert_rv(p11->C_Logout(f->h), CKR_USER_NOT_LOGGED_IN);
	fx_done(f);
	/* and in again */
	fx_login(f);
	assert_int_equal(fx_find(f->h, &t, 1, o, 4), 1);
}

/* C_Finalize while logged in leaves the card reset, not verified. */
static void
test_finalize_resets_card(void **state)
{
	(void)state;
	assert_int_equal(fx_count.resets, 0);
	assert_rv(p11->C_Finalize(NULL), CKR_OK);
	assert_int_equal(fx_count.resets, 1);
	assert_int_equal(fx_count.disconnect, fx_count.connect);
}

/* ------------------------------------------------------------------ */
/* Functions these cards do not offer                                  */

static void
test_pin_management(void **state)
{
	struct fx *f = *state;
	CK_UTF8CHAR pin[] = FX_PIN, label[32];
	CK_BYTE st[64];
	CK_ULONG n = sizeof(st);

	memset(label, ' ', sizeof(label));
	assert_rv(p11->C_InitToken(f->slot, pin, sizeof(pin) - 1, label),
	    CKR_FUNCTION_NOT_SUPPORTED);
	assert_rv(p11->C_InitPIN(f->h, pin, sizeof(pin) - 1),
	    CKR_FUNCTION_NOT_SUPPORTED);
	assert_rv(p11->C_SetPIN(f->h, pin, sizeof(pin) - 1, pin,
	    sizeof(pin) - 1), CKR_FUNCTION_NOT_SUPPORTED);
	assert_rv(p11->C_GetOperationState(f->h, st, &n),
	    CKR_FUNCTION_NOT_SUPPORTED);
	assert_rv(p11->C_SetOperationState(f->h, st, n, 0, 0),
	    CKR_FUNCTION_NOT_SUPPORTED);
	assert_rv(p11->C_GetFunctionStatus(f->h), CKR_FUNCTION_NOT_PARALLEL);
	assert_rv(p11->C_CancelFunction(f->h), CKR_FUNCTION_NOT_PARALLEL);
	/* a session function checks its session first */
	assert_rv(p11->C_InitPIN(0, pin, sizeof(pin) - 1),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_SetPIN(0, pin, 4, pin, 4),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetOperationState(0, st, &n),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_GetFunctionStatus(0), CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_CancelFunction(0), CKR_SESSION_HANDLE_INVALID);
	fx_done(f);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
#define ROW(fn, setup, rows, i) \
	{ #fn "[" #i "]", fn, setup, fx_teardown, &rows[i] }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_flags, fx_setup_session),
		T(test_handles_not_reused, fx_setup_session),
		T(test_close_twice, fx_setup_session),
		T(test_close_all, fx_setup_session),
		T(test_session_states, fx_setup_session),
		T(test_session_info_no_apdu, fx_setup_session),
		T(test_close_last_session_logs_out, fx_setup_login),
		T(test_close_all_logs_out, fx_setup_login),
		T(test_login_ok, fx_setup_session),
		T(test_login_pin_incorrect, fx_setup_session),
		T(test_login_pin_locked, fx_setup_session),
		T(test_login_pin_last_try, fx_setup_session),
		ROW(test_login_refused, fx_setup_session, bad_pins, 0),
		ROW(test_login_refused, fx_setup_session, bad_pins, 1),
		ROW(test_login_refused, fx_setup_session, bad_pins, 2),
		ROW(test_login_refused, fx_setup_session, bad_pins, 3),
		ROW(test_login_refused, fx_setup_session, bad_pins, 4),
		ROW(test_login_refused, fx_setup_session, bad_pins, 5),
		ROW(test_login_refused, fx_setup_session, bad_pins, 6),
		ROW(test_login_refused, fx_setup_session, bad_pins, 7),
		T(test_login_user_type, fx_setup_session),
		T(test_login_args, fx_setup_session),
		T(test_login_not_from_empty_verify, fx_setup_init),
		T(test_login_shared, fx_setup_session),
		T(test_pinpad_login, fx_setup_init),
		T(test_pinpad_keyboard_pin, fx_setup_init),
		ROW(test_pinpad_refused, fx_setup_init, pinpad_rows, 0),
		ROW(test_pinpad_refused, fx_setup_init, pinpad_rows, 1),
		ROW(test_pinpad_refused, fx_setup_init, pinpad_rows, 2),
		ROW(test_pinpad_refused, fx_setup_init, pinpad_rows, 3),
		T(test_logout, fx_setup_login),
		T(test_finalize_resets_card, fx_setup_login),
		T(test_pin_management, fx_setup_session),
	};

	_Static_assert(sizeof(bad_pins) / sizeof(bad_pins[0]) == 8,
	    "one ROW line per bad PIN");
	_Static_assert(sizeof(pinpad_rows) / sizeof(pinpad_rows[0]) == 4,
	    "one ROW line per PIN pad answer");
	return cmocka_run_group_tests_name("p11-session", tests,
	    fx_group_setup, fx_group_teardown);
}
