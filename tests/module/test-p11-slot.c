/*
 * test-p11-slot.c - PKCS#11 2.40 §5.5 slot and token management:
 * C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo, C_GetMechanismList,
 * C_GetMechanismInfo, C_WaitForSlotEvent; PIN flags from the card's
 * counter; readers without a card and cards that are not ours.
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

#define TOKEN_FLAGS	(CKF_LOGIN_REQUIRED | CKF_TOKEN_INITIALIZED | \
			    CKF_USER_PIN_INITIALIZED | CKF_WRITE_PROTECTED)
#define PIN_FLAGS	(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | \
			    CKF_USER_PIN_LOCKED | CKF_USER_PIN_TO_BE_CHANGED)

/* The field is text, blank padded to its full size. */
static void
assert_padded(const CK_UTF8CHAR *field, size_t size, const char *text)
{
	size_t n = strlen(text), i;

	assert_true(n <= size);
	assert_memory_equal(field, text, n);
	for (i = n; i < size; i++)
		if (field[i] != ' ')
			fail_msg("byte %zu of \"%.*s\" is 0x%02x, not a blank",
			    i, (int)size, (const char *)field, field[i]);
}

static CK_RV
open_ro(CK_SLOT_ID slot, CK_SESSION_HANDLE *h)
{
	return p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, h);
}

/* ------------------------------------------------------------------ */
/* C_GetSlotList                                                       */

static const char *const three_readers[] = {
	"Reader A", "Reader B", "Reader C", NULL,
};

static void
test_slot_list(void **state)
{
	struct fx *f = *state;
	CK_SLOT_ID list[8], again[8];
	CK_ULONG n, i, j;

	f->sb.ts.readers = three_readers;
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_bad_call(p11->C_GetSlotList(CK_FALSE, list, NULL),
	    CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_GetSlotList(CK_TRUE, NULL, NULL),
	    CKR_ARGUMENTS_BAD);
	/* length query */
	n = 0;
	assert_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	assert_int_equal(n, 3);
	/* too small: the count needed */
	n = 1;
	assert_rv(p11->C_GetSlotList(CK_FALSE, list, &n),
	    CKR_BUFFER_TOO_SMALL);
	assert_int_equal(n, 3);
	n = 2;
	assert_rv(p11->C_GetSlotList(CK_TRUE, list, &n), CKR_BUFFER_TOO_SMALL);
	assert_int_equal(n, 3);
	/* the list: IDs >= 1, distinct, stable, the same with cards */
	n = 8;
	assert_rv(p11->C_GetSlotList(CK_FALSE, list, &n), CKR_OK);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		assert_true(list[i] >= 1);
		for (j = 0; j < i; j++)
			assert_true(list[i] != list[j]);
	}
	n = 3;
	assert_rv(p11->C_GetSlotList(CK_TRUE, again, &n), CKR_OK);
	assert_int_equal(n, 3);
	assert_memory_equal(list, again, 3 * sizeof(list[0]));
	/* slot lists read PC/SC status only */
	assert_int_equal(fx_count.connect, 0);
	fx_done(f);
}

/* No reader at all: no slot, no event. */
static void
test_no_readers(void **state)
{
	static const char *const none[] = { NULL };
	struct fx *f = *state;
	CK_SLOT_ID list[2], ev = 0;
	CK_SLOT_INFO si;
	CK_ULONG n = 2;

	f->sb.ts.readers = none;
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, list, &n), CKR_OK);
	assert_int_equal(n, 0);
	assert_rv(p11->C_GetSlotInfo(1, &si), CKR_SLOT_ID_INVALID);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &ev, NULL),
	    CKR_NO_EVENT);
	fx_done(f);
}

/* A reader without a card: a slot, but no token. */
static void
test_empty_reader(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h = 0;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_MECHANISM_INFO mi;
	CK_SLOT_ID slot = 0;
	CK_ULONG n = 1;

	f->sb.ts.idle_state = 0;
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, &slot, &n), CKR_OK);
	assert_int_equal(n, 1);
	n = 1;
	assert_rv(p11->C_GetSlotList(CK_TRUE, &slot, &n), CKR_OK);
	assert_int_equal(n, 0);
	assert_rv(p11->C_GetSlotInfo(slot, &si), CKR_OK);
	assert_int_equal(si.flags, CKF_REMOVABLE_DEVICE | CKF_HW_SLOT);
	assert_rv(p11->C_GetTokenInfo(slot, &ti), CKR_TOKEN_NOT_PRESENT);
	assert_rv(open_ro(slot, &h), CKR_TOKEN_NOT_PRESENT);
	assert_rv(p11->C_GetMechanismList(slot, NULL, &n), CKR_OK);
	assert_int_equal(n, 5);
	assert_rv(p11->C_GetMechanismInfo(slot, CKM_RSA_PKCS, &mi), CKR_OK);
	assert_int_equal(mi.flags, CKF_SIGN | CKF_HW);
	assert_rv(p11->C_CloseAllSessions(slot), CKR_OK);
	assert_int_equal(fx_count.connect, 0);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* Invalid slot IDs                                                    */

static void
test_slot_id_invalid(void **state)
{
	static const CK_SLOT_ID bad[] = { 0, 2, 33, 1000, (CK_SLOT_ID)-1 };
	struct fx *f = *state;
	CK_SESSION_HANDLE h;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_MECHANISM_INFO mi;
	CK_MECHANISM_TYPE mt[8];
	CK_ULONG n;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = 8;
		assert_rv(p11->C_GetSlotInfo(bad[i], &si), CKR_SLOT_ID_INVALID);
		assert_rv(p11->C_GetTokenInfo(bad[i], &ti),
		    CKR_SLOT_ID_INVALID);
		assert_rv(p11->C_GetMechanismList(bad[i], mt, &n),
		    CKR_SLOT_ID_INVALID);
		assert_rv(p11->C_GetMechanismList(bad[i], NULL, &n),
		    CKR_SLOT_ID_INVALID);
		assert_rv(p11->C_GetMechanismInfo(bad[i], CKM_RSA_PKCS, &mi),
		    CKR_SLOT_ID_INVALID);
		assert_rv(open_ro(bad[i], &h), CKR_SLOT_ID_INVALID);
		assert_rv(p11->C_OpenSession(bad[i], CKF_SERIAL_SESSION |
		    CKF_RW_SESSION, NULL, NULL, &h), CKR_SLOT_ID_INVALID);
		assert_rv(p11->C_CloseAllSessions(bad[i]),
		    CKR_SLOT_ID_INVALID);
	}
	assert_int_equal(fx_count.connect, 0);
	fx_done(f);
}

/* NULL output pointers. */
static void
test_slot_args(void **state)
{
	struct fx *f = *state;

	assert_bad_call(p11->C_GetSlotInfo(f->slot, NULL), CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_GetTokenInfo(f->slot, NULL), CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_GetMechanismList(f->slot, NULL, NULL),
	    CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_GetMechanismInfo(f->slot, CKM_RSA_PKCS, NULL),
	    CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL,
	    NULL, NULL), CKR_ARGUMENTS_BAD);
	assert_int_equal(fx_count.connect, 0);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* C_GetSlotInfo and C_GetTokenInfo                                    */

/* From PC/SC status: no card connection, no APDU. */
static void
test_slot_info(void **state)
{
	struct fx *f = *state;
	CK_SLOT_INFO si;
	int i;

	for (i = 0; i < 3; i++) {
		memset(&si, 0, sizeof(si));
		assert_rv(p11->C_GetSlotInfo(f->slot, &si), CKR_OK);
		assert_padded(si.slotDescription, sizeof(si.slotDescription),
		    FX_READER);
		assert_padded(si.manufacturerID, sizeof(si.manufacturerID),
		    "PC/SC reader");
		assert_int_equal(si.flags, CKF_REMOVABLE_DEVICE | CKF_HW_SLOT |
		    CKF_TOKEN_PRESENT);
	}
	assert_int_equal(fx_count.connect, 0);
	fx_done(f);
}

static void
test_token_info(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h1, h2, h3;
	CK_TOKEN_INFO ti;

	fx_card(f);
	memset(&ti, 0, sizeof(ti));
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	fx_done(f);
	assert_padded(ti.label, sizeof(ti.label), FX_CN);
	assert_padded(ti.manufacturerID, sizeof(ti.manufacturerID), FX_ORG);
	assert_padded(ti.model, sizeof(ti.model), "reference");
	assert_padded(ti.serialNumber, sizeof(ti.serialNumber),
	    FX_SERIAL_TEXT);
	assert_int_equal(ti.flags, TOKEN_FLAGS);
	assert_int_equal(ti.ulMinPinLen, 4);
	assert_int_equal(ti.ulMaxPinLen, 16);
	assert_int_equal(ti.ulSessionCount, 0);
	assert_int_equal(ti.ulRwSessionCount, 0);
	/* answered from memory: sessions counted, nothing sent */
	assert_rv(open_ro(f->slot, &h1), CKR_OK);
	assert_rv(open_ro(f->slot, &h2), CKR_OK);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &h3), CKR_OK);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_int_equal(ti.ulSessionCount, 3);
	assert_int_equal(ti.ulRwSessionCount, 1);
	assert_rv(p11->C_CloseSession(h2), CKR_OK);
	assert_rv(p11->C_CloseSession(h3), CKR_OK);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_int_equal(ti.ulSessionCount, 1);
	assert_int_equal(ti.ulRwSessionCount, 0);
	/* one card read, one connection */
	assert_int_equal(fx_count.connect, 1);
	fx_done(f);
}

/*
 * A holder's name longer than the label: cut at a character boundary
 * (13 kanji are 39 bytes; 10 of them fill 30 of the 32), while the
 * objects' CKA_LABEL keeps the whole name.
 */
#define LONG_CN		"入札参加資格審査申請者代表"
/*
 * 32 bytes cut on a whole character: the card is not in the registry, so
 * its label starts with "使用不可 " (13 bytes), and 6 kanji (18) fit.
 */
#define LONG_CN_CUT	"使用不可 入札参加資格"

static void
test_token_label_long_cn(void **state)
{
	struct fx *f = *state;
	struct fx_cert c;
	CK_TOKEN_INFO ti;
	CK_BYTE label[64];
	CK_ATTRIBUTE a = { CKA_LABEL, label, sizeof(label) };

	fx_cert_make(&c, fx_user.key, LONG_CN, 7);
	f->cert = &c;
	fx_card(f);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_padded(ti.label, sizeof(ti.label), LONG_CN_CUT);
	assert_rv(open_ro(f->slot, &f->h), CKR_OK);
	f->cert_h = fx_find_class(f->h, CKO_CERTIFICATE);
	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, &a, 1), CKR_OK);
	assert_int_equal(a.ulValueLen, strlen(LONG_CN));
	assert_memory_equal(label, LONG_CN, strlen(LONG_CN));
	fx_done(f);
	fx_cert_free(&c);
}

/* The serial from GET DATA: hex, its last 16 digits, or blank. */
struct serial_row {
	const char	*answer;	/* GET DATA data; NULL: 6A88 */
	const char	*text;
};

static struct serial_row serial_rows[] = {
	{ "1A 2B 3C 4D", "1A2B3C4D" },
	{ "00", "00" },
	{ "01 23 45 67 89 AB CD EF", "0123456789ABCDEF" },
	{ "FF 01 23 45 67 89 AB CD EF", "0123456789ABCDEF" },
	{ NULL, "" },
};

static void
test_token_serial(void **state)
{
	struct fx *f = *state;
	const struct serial_row *row = f->row;
	CK_TOKEN_INFO ti;

	f->serial = row->answer;
	fx_card(f);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_padded(ti.serialNumber, sizeof(ti.serialNumber), row->text);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* PIN flags from the card's counter, as the PIN guard sees it         */

/*
 * The fixture's policy keeps pin_reserve = 1 and gives its authority no
 * pin_lock_count, so the lock count is the highest count seen.  Every
 * C_Login reads the card's count (f->pin_sw) before it sends a PIN.
 */
static void
wrong_pin(struct fx *f, const char *sw, CK_RV want)
{
	CK_UTF8CHAR pin[] = "0000";

	fx_verify(f, "0000", sw);
	assert_rv(p11->C_Login(f->h, CKU_USER, pin, sizeof(pin) - 1), want);
	fx_done(f);
}

/* C_Login stopped by the guard: the count is read, no PIN is sent. */
static void
guarded_login(struct fx *f, CK_SESSION_HANDLE h, const char *status)
{
	CK_UTF8CHAR pin[] = FX_PIN;

	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, status);
	assert_rv(p11->C_Login(h, CKU_USER, pin, sizeof(pin) - 1),
	    CKR_PIN_LOCKED);
	fx_done(f);
	assert_int_equal(fx_state(h), CKS_RO_PUBLIC_SESSION);
}

static void
test_pin_flags(void **state)
{
	struct fx *f = *state;

	/* the empty VERIFY at card read said 63C3: lock count 3 */
	assert_int_equal(fx_token_flags(f->slot), TOKEN_FLAGS);
	wrong_pin(f, "63 C2", CKR_PIN_INCORRECT);
	/* 2 left, 1 in reserve: one more wrong PIN and the guard holds */
	assert_int_equal(fx_token_flags(f->slot), TOKEN_FLAGS |
	    CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY);
	/* a good PIN (sent: 2 left) clears them */
	f->pin_sw = "63 C2";
	fx_login(f);
	assert_int_equal(fx_token_flags(f->slot), TOKEN_FLAGS);
	assert_rv(p11->C_Logout(f->h), CKR_OK);
	f->pin_sw = "63 C3";	/* the good PIN reset the card's counter */
	wrong_pin(f, "63 C2", CKR_PIN_INCORRECT);
	assert_int_equal(fx_token_flags(f->slot) & PIN_FLAGS,
	    CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY);
	f->pin_sw = "63 C2";
	wrong_pin(f, "63 C1", CKR_PIN_INCORRECT);
	/* 1 left = the reserve: the guard holds */
	assert_int_equal(fx_token_flags(f->slot),
	    TOKEN_FLAGS | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_LOCKED);
	guarded_login(f, f->h, "63 C1");
	assert_int_equal(fx_token_flags(f->slot),
	    TOKEN_FLAGS | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_LOCKED);
	/* blocked meanwhile by someone else: still no PIN sent */
	guarded_login(f, f->h, "69 83");
	assert_int_equal(fx_token_flags(f->slot),
	    TOKEN_FLAGS | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_LOCKED);
	/* the session is still usable, and not logged in */
	assert_rv(p11->C_Logout(f->h), CKR_USER_NOT_LOGGED_IN);
}

/* What the empty VERIFY says at card read sets the first flags. */
struct pin_row {
	const char	*sw;
	CK_FLAGS	 flags;
	const char	*login;	/* C_Login: the count read then; NULL: none */
};

static struct pin_row pin_rows[] = {
	{ "63 C3", 0, NULL },
	{ "63 CA", 0, NULL },
	/* 1 left = the reserve (lock count 1, the highest seen) */
	{ "63 C1", CKF_USER_PIN_LOCKED, "63 C1" },
	/* blocked: refused without asking the card */
	{ "69 83", CKF_USER_PIN_LOCKED, "" },
	/* verified by someone: not a login, and no count: never guessed */
	{ "90 00", CKF_USER_PIN_LOCKED, "90 00" },
};

static void
test_pin_flags_at_read(void **state)
{
	struct fx *f = *state;
	const struct pin_row *row = f->row;
	CK_UTF8CHAR pin[] = FX_PIN;
	CK_SESSION_HANDLE h;

	f->pin_sw = row->sw;
	fx_card(f);
	assert_rv(open_ro(f->slot, &h), CKR_OK);
	fx_done(f);
	assert_int_equal(fx_token_flags(f->slot), TOKEN_FLAGS | row->flags);
	assert_int_equal(fx_state(h), CKS_RO_PUBLIC_SESSION);
	if (row->login != NULL && row->login[0] == '\0') {
		assert_rv(p11->C_Login(h, CKU_USER, pin, sizeof(pin) - 1),
		    CKR_PIN_LOCKED);
		fx_done(f);
	} else if (row->login != NULL) {
		guarded_login(f, h, row->login);
	}
	assert_int_equal(fx_token_flags(f->slot), TOKEN_FLAGS | row->flags);
}

/*
 * PKCS#11 2.40: CKF_USER_PIN_COUNT_LOW is "true if an incorrect user
 * login PIN has been entered at least once since the last successful
 * authentication".  The card's first answer (90 00: verified earlier in
 * this power cycle) gave no counter; at C_Login it gives 63C3 (reset
 * since), so the guard lets the PIN go, and the card answers 63C2.
 */
static void
test_pin_count_low_without_first_count(void **state)
{
	struct fx *f = *state;

	f->pin_sw = "90 00";
	fx_card(f);
	assert_rv(open_ro(f->slot, &f->h), CKR_OK);
	fx_done(f);
	assert_int_equal(fx_token_flags(f->slot), TOKEN_FLAGS |
	    CKF_USER_PIN_LOCKED);	/* no count yet: the guard holds */
	f->pin_sw = "63 C3";
	wrong_pin(f, "63 C2", CKR_PIN_INCORRECT);
	assert_int_equal(fx_token_flags(f->slot) & PIN_FLAGS,
	    CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY);
}

/* ------------------------------------------------------------------ */
/* Mechanisms                                                          */

static const CK_MECHANISM_TYPE mechs[] = {
	CKM_RSA_PKCS, CKM_SHA1_RSA_PKCS, CKM_SHA256_RSA_PKCS,
	CKM_SHA384_RSA_PKCS, CKM_SHA512_RSA_PKCS,
};

static const CK_MECHANISM_TYPE not_mechs[] = {
	CKM_RSA_X_509, CKM_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS,
	CKM_RSA_PKCS_OAEP, CKM_SHA256, CKM_ECDSA, CKM_MD5_RSA_PKCS,
	CKM_SHA224_RSA_PKCS, CKM_VENDOR_DEFINED, (CK_MECHANISM_TYPE)-1,
};

static void
test_mechanism_list(void **state)
{
	struct fx *f = *state;
	CK_MECHANISM_TYPE list[8];
	CK_ULONG n, i, j;

	n = 0;
	assert_rv(p11->C_GetMechanismList(f->slot, NULL, &n), CKR_OK);
	assert_int_equal(n, 5);
	n = 2;
	assert_rv(p11->C_GetMechanismList(f->slot, list, &n),
	    CKR_BUFFER_TOO_SMALL);
	assert_int_equal(n, 5);
	n = 8;
	assert_rv(p11->C_GetMechanismList(f->slot, list, &n), CKR_OK);
	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++) {
		for (j = 0; j < n && list[j] != mechs[i]; j++)
			;
		if (j == n)
			fail_msg("mechanism 0x%lx not listed", mechs[i]);
	}
	assert_int_equal(fx_count.connect, 0);
	fx_done(f);
}

static void
test_mechanism_info(void **state)
{
	struct fx *f = *state;
	CK_MECHANISM_INFO mi;
	size_t i;

	fx_card(f);	/* the key size comes from the card */
	for (i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++) {
		memset(&mi, 0xA5, sizeof(mi));
		assert_rv(p11->C_GetMechanismInfo(f->slot, mechs[i], &mi),
		    CKR_OK);
		assert_int_equal(mi.ulMinKeySize, 2048);
		assert_int_equal(mi.ulMaxKeySize, 2048);
		assert_int_equal(mi.flags, CKF_SIGN | CKF_HW);
	}
	for (i = 0; i < sizeof(not_mechs) / sizeof(not_mechs[0]); i++)
		assert_rv(p11->C_GetMechanismInfo(f->slot, not_mechs[i], &mi),
		    CKR_MECHANISM_INVALID);
	fx_done(f);
	assert_int_equal(fx_count.connect, 1);
}

/* ------------------------------------------------------------------ */
/* C_WaitForSlotEvent                                                  */

static void
test_wait_slot_event(void **state)
{
	struct fx *f = *state;
	CK_SLOT_ID slot = 0;
	int junk = 0;

	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL),
	    CKR_NO_EVENT);
	assert_bad_call(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, NULL, NULL),
	    CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, &junk),
	    CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_WaitForSlotEvent(0, &slot, &junk),
	    CKR_ARGUMENTS_BAD);
	/* reading the card is no event */
	fx_card(f);
	assert_rv(open_ro(f->slot, &f->h), CKR_OK);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL),
	    CKR_NO_EVENT);
	fx_done(f);
}

/* Called first, before any C_GetSlotList: no event either. */
static void
test_wait_slot_event_first(void **state)
{
	CK_SLOT_ID slot = 0;

	(void)state;
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL),
	    CKR_NO_EVENT);
}

/* ------------------------------------------------------------------ */
/* Cards that are not ours                                             */

static void
test_card_not_ours(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h = 0;
	CK_TOKEN_INFO ti;

	fx_tx(f, FX_SELECT_APP, "6A 82");	/* GET DATA: no app */
	fx_tx(f, FX_SELECT_APP, "6A 82");	/* EF 0001: no app */
	fx_tx(f, FX_SELECT_JPKI, "6A 82");	/* a My Number card? no */
	assert_rv(open_ro(f->slot, &h), CKR_TOKEN_NOT_RECOGNIZED);
	fx_done(f);
	/* tried again on the next use; the card is still not ours */
	fx_tx(f, FX_SELECT_APP, "6A 82");
	fx_tx(f, FX_SELECT_APP, "6A 82");
	fx_tx(f, FX_SELECT_JPKI, "6A 82");
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti),
	    CKR_TOKEN_NOT_RECOGNIZED);
	fx_done(f);
	assert_int_equal(fx_count.connect, fx_count.disconnect);
}

/* Our application, but EF 0001 holds no certificate. */
static void
test_card_bad_certificate(void **state)
{
	static const uint8_t junk[] = {
		0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x00, 0x04, 0x00,
	};
	struct fx *f = *state;
	CK_SESSION_HANDLE h = 0;

	fx_app(f);
	fx_tx(f, FX_GET_SERIAL, FX_SERIAL " 90 00");
	fx_ef(f, 0x0001, junk, sizeof(junk));
	fx_tx(f, FX_SELECT_JPKI, "6A 82");	/* a My Number card? no */
	assert_rv(open_ro(f->slot, &h), CKR_TOKEN_NOT_RECOGNIZED);
	fx_done(f);
	assert_int_equal(fx_count.connect, fx_count.disconnect);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
#define ROW(fn, setup, rows, i) \
	{ #fn "[" #i "]", fn, setup, fx_teardown, &rows[i] }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_slot_list, fx_setup_bare),
		T(test_no_readers, fx_setup_bare),
		T(test_empty_reader, fx_setup_bare),
		T(test_slot_id_invalid, fx_setup_init),
		T(test_slot_args, fx_setup_init),
		T(test_slot_info, fx_setup_init),
		T(test_token_info, fx_setup_init),
		T(test_token_label_long_cn, fx_setup_init),
		ROW(test_token_serial, fx_setup_init, serial_rows, 0),
		ROW(test_token_serial, fx_setup_init, serial_rows, 1),
		ROW(test_token_serial, fx_setup_init, serial_rows, 2),
		ROW(test_token_serial, fx_setup_init, serial_rows, 3),
		ROW(test_token_serial, fx_setup_init, serial_rows, 4),
		T(test_pin_flags, fx_setup_session),
		ROW(test_pin_flags_at_read, fx_setup_init, pin_rows, 0),
		ROW(test_pin_flags_at_read, fx_setup_init, pin_rows, 1),
		ROW(test_pin_flags_at_read, fx_setup_init, pin_rows, 2),
		ROW(test_pin_flags_at_read, fx_setup_init, pin_rows, 3),
		ROW(test_pin_flags_at_read, fx_setup_init, pin_rows, 4),
		T(test_pin_count_low_without_first_count, fx_setup_init),
		T(test_mechanism_list, fx_setup_init),
		T(test_mechanism_info, fx_setup_init),
		T(test_wait_slot_event, fx_setup_init),
		T(test_wait_slot_event_first, fx_setup_bare),
		T(test_card_not_ours, fx_setup_init),
		T(test_card_bad_certificate, fx_setup_init),
	};

	_Static_assert(sizeof(serial_rows) / sizeof(serial_rows[0]) == 5,
	    "one ROW line per serial row");
	_Static_assert(sizeof(pin_rows) / sizeof(pin_rows[0]) == 5,
	    "one ROW line per PIN row");
	return cmocka_run_group_tests_name("p11-slot", tests, fx_group_setup,
	    fx_group_teardown);
}
