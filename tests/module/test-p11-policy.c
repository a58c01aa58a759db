/*
 * test-p11-policy.c - the policy layer through the module: the decision
 * at every card insertion (trust chain to a configured authority, the
 * bidders' registry, the JPKI probe, audit mode) and the PIN guard in
 * front of every VERIFY, with the card's own count or, for profiles
 * with pin_status = counter, the per-card count file.
 *
 * Each test writes its own configuration (one [profile reference], one
 * [authority fxtest] whose CA is the fixture's self-signed certificate,
 * one [policy]) in a directory made for this program, and reads the
 * module's warnings from EBID_DEBUG_FILE.  Every APDU is scripted: the
 * scripted transport fails a test on an unexpected APDU, and fx_done on
 * steps left unplayed.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <openssl/pem.h>

#include "p11-fixture.h"

#define TOKEN_FLAGS	(CKF_LOGIN_REQUIRED | CKF_TOKEN_INITIALIZED | \
			    CKF_USER_PIN_INITIALIZED | CKF_WRITE_PROTECTED)
#define PIN_FLAGS	(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | \
			    CKF_USER_PIN_LOCKED | CKF_USER_PIN_TO_BE_CHANGED)
#define LOW		CKF_USER_PIN_COUNT_LOW
#define FINAL		CKF_USER_PIN_FINAL_TRY
#define LOCKED		CKF_USER_PIN_LOCKED

/* PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT, as in test-p11-session.c */
#define PINPAD_CODE	0x42330006U
#define PINPAD_FEATURES	"06 04 42 33 00 06"
#define PINPAD_BLOCK \
	"1E 00 82 00 00 10 04 02 01 11 04 00 00 00 00 05 00 00 00" \
	"00 20 00 81 00"

/* the one warning per refusal (the trace also shows each reason) */
#define REFUSED		"warning: card in \"" FX_READER "\" refused: "
#define COUNT_FILE	"state/fxtest-" FX_SERIAL_TEXT ".count"

static char pol_dir[64];
static EVP_PKEY *other_key;
static struct fx_cert other;	/* fx_user's names, another key */

/* ------------------------------------------------------------------ */
/* Files                                                               */

static const char *
pol_path(const char *name)
{
	static char path[4][256];
	static unsigned k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", pol_dir, name);
	return path[k];
}

static void
pol_write(const char *name, const char *text)
{
	FILE *f;

	if ((f = fopen(pol_path(name), "w")) == NULL ||
	    fputs(text, f) == EOF || fclose(f) != 0)
		fail_msg("writing %s failed", name);
}

/* The file's text (at most 4 KiB), or NULL when it does not exist. */
static char *
pol_read(const char *name)
{
	static char text[4096];
	FILE *f;
	size_t n;

	if ((f = fopen(pol_path(name), "r")) == NULL)
		return NULL;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* How many times the module's log holds `what` (POL_SHOWLOG: print it). */
static int
log_count(const char *what)
{
	const char *p = pol_read("log");
	int n = 0;

	if (getenv("POL_SHOWLOG") != NULL)
		fprintf(stderr, "--- log (%s):\n%s---\n", what, p ? p : "");

	while (p != NULL && (p = strstr(p, what)) != NULL) {
		n++;
		p += strlen(what);
	}
	return n;
}

static void
fingerprint(X509 *x, char hex[65])
{
	uint8_t fp[32];
	unsigned int n = 0;
	size_t i;

	if (X509_digest(x, EVP_sha256(), fp, &n) != 1 || n != sizeof(fp))
		fail_msg("X509_digest failed");
	for (i = 0; i < sizeof(fp); i++)
		snprintf(hex + 2 * i, 3, "%02X", fp[i]);
}

static int
group_setup(void **state)
{
	char fp_user[65], fp_other[65], *text;
	BIO *b;

	if (fx_group_setup(state) != 0)
		return -1;
	snprintf(pol_dir, sizeof(pol_dir), "/tmp/ebid-p11-policy-XXXXXX");
	if (mkdtemp(pol_dir) == NULL)
		return -1;
	other_key = fx_keygen(2048);
	fx_cert_self(&other, other_key, FX_CN, 0x0123456789ABCDEFULL);
	fingerprint(fx_user.x509, fp_user);
	fingerprint(other.x509, fp_other);
	if ((b = BIO_new_file(pol_path("ca.pem"), "w")) == NULL ||
	    PEM_write_bio_X509(b, fx_ca.x509) != 1)
		return -1;
	BIO_free(b);
	/* both cards registered to FX_CN: only the chain tells them apart */
	if (asprintf(&text, "業者番号,区分,商号,代表者,登録カード\r\n"
	    "0001,建設工事,%s,%s,%s;%s\r\n", FX_ORG, FX_CN, fp_user,
	    fp_other) < 0)
		return -1;
	pol_write("registry.csv", text);
	free(text);
	/* the same bidder, but the fixture's card is not registered */
	if (asprintf(&text, "業者番号,区分,商号,代表者,登録カード\r\n"
	    "0001,建設工事,%s,%s,%s\r\n", FX_ORG, FX_CN, fp_other) < 0)
		return -1;
	pol_write("registry-other.csv", text);
	free(text);
	return 0;
}

static int
group_teardown(void **state)
{
	static const char *const files[] = {
		"ca.pem", "registry.csv", "registry-other.csv", "log",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(pol_path(files[i]));
	rmdir(pol_dir);
	fx_cert_free(&other);
	EVP_PKEY_free(other_key);
	other_key = NULL;
	return fx_group_teardown(state);
}

static void
state_clean(void)
{
	static const char *const files[] = {
		COUNT_FILE, "state/fxtest-" FX_SERIAL_TEXT ".lock",
		"state/fxtest-" FX_SERIAL_TEXT ".tmp",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(pol_path(files[i]));
	rmdir(pol_path("state"));
}

static int
teardown(void **state)
{
	int rc = fx_teardown(state);

	unsetenv("EBID_DEBUG");
	unsetenv("EBID_DEBUG_FILE");
	unlink(pol_path("log"));
	state_clean();
	return rc;
}

/* ------------------------------------------------------------------ */
/* The configuration                                                   */

struct pconf {
	const char	*profile;	/* more [profile reference] lines */
	const char	*lock;		/* pin_lock_count, or NULL */
	const char	*registry;	/* file in pol_dir; NULL: default */
	int		 reserve;	/* 0: 1 */
	int		 audit;
};

/*
 * Writes the test's file, names it in EBID_PKCS11_CONF (the fixture's
 * teardown removes it), and initializes the module with the policy
 * trace and the warnings in pol_dir/log.
 */
static void
pol_init(struct fx *f, const struct pconf *c)
{
	CK_ULONG n = 1;
	char *text;
	FILE *fp;
	int fd;

	if (asprintf(&text, "[profile reference]\n%s\n"
	    "[authority fxtest]\nname_ja = %s\nprofile = reference\n"
	    "ca_file = %s\n%s%s%s\n"
	    "[policy]\nregistry = %s\npin_reserve = %d\naudit = %s\n"
	    "pin_state_dir = %s\n",
	    c->profile != NULL ? c->profile : "", FX_ORG,
	    pol_path("ca.pem"), c->lock != NULL ? "pin_lock_count = " : "",
	    c->lock != NULL ? c->lock : "", c->lock != NULL ? "\n" : "",
	    pol_path(c->registry != NULL ? c->registry : "registry.csv"),
	    c->reserve > 0 ? c->reserve : 1, c->audit ? "yes" : "no",
	    pol_path("state")) < 0)
		fail_msg("asprintf failed");
	snprintf(f->conf, sizeof(f->conf), "/tmp/ebid-p11-conf-XXXXXX");
	if ((fd = mkstemp(f->conf)) < 0 || (fp = fdopen(fd, "w")) == NULL ||
	    fputs(text, fp) == EOF || fclose(fp) != 0)
		fail_msg("writing %s failed", f->conf);
	free(text);
	setenv("EBID_PKCS11_CONF", f->conf, 1);
	setenv("EBID_DEBUG", "policy", 1);
	setenv("EBID_DEBUG_FILE", pol_path("log"), 1);
	unlink(pol_path("log"));
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, &f->slot, &n), CKR_OK);
	assert_int_equal(n, 1);
}

/* ------------------------------------------------------------------ */
/* The card                                                            */

/* The step index of the first command `cmd`, or fails. */
static size_t
step_of(const struct fx *f, const char *cmd)
{
	size_t i;

	for (i = 0; i < f->sb.ts.nsteps; i++)
		if (f->sb.steps[i].cmd != NULL && strcmp(f->sb.steps[i].cmd, cmd) == 0)
			return i;
	fail_msg("no step %s", cmd);
	return 0;
}

/*
 * The card read (fx_card), the JPKI probe answered `jpki`; counter:
 * without the SELECT and empty VERIFY of the PIN status.
 */
static void
card_steps(struct fx *f, const char *jpki, int counter)
{
	size_t i;

	fx_card(f);
	f->sb.ts.nsteps--;		/* fx_card's probe, answered 6A 82 */
	fx_tx(f, FX_SELECT_JPKI, jpki);
	if (counter) {
		i = step_of(f, FX_PIN_STATUS);
		assert_true(i >= 1 && strcmp(f->sb.steps[i - 1].cmd,
		    FX_SELECT_APP) == 0);
		memmove(&f->sb.steps[i - 1], &f->sb.steps[i + 1],
		    (f->sb.ts.nsteps - i - 1) * sizeof(f->sb.steps[0]));
		f->sb.ts.nsteps -= 2;
	}
}

/* Reads the card through C_OpenSession (RO) into f->h. */
static void
open_card(struct fx *f)
{
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &f->h), CKR_OK);
	fx_done(f);
}

static CK_ULONG
count_class(CK_SESSION_HANDLE h, CK_OBJECT_CLASS cls)
{
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o[8];

	return fx_find(h, &t, 1, o, 8);
}

static CK_RV
login(CK_SESSION_HANDLE h, const char *text)
{
	CK_UTF8CHAR pin[32];
	size_t n = strlen(text);

	memcpy(pin, text, n);
	return p11->C_Login(h, CKU_USER, pin, n);
}

/*
 * Private key objects, logged in or not: C_SignInit finds a private key
 * that C_FindObjects hides until C_Login, and says so.
 */
static int
count_private_keys(const struct fx *f)
{
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_OBJECT_HANDLE o;
	CK_RV rv;
	int n = 0;

	for (o = 1; o <= 64; o++) {
		rv = p11->C_SignInit(f->h, &m, o);
		if (rv == CKR_USER_NOT_LOGGED_IN)
			n++;
		else if (rv != CKR_KEY_HANDLE_INVALID &&
		    rv != CKR_KEY_TYPE_INCONSISTENT)
			fail_msg("C_SignInit(%lu): %s", o, fx_rv_name(rv));
	}
	return n;
}

/* PIN flags of the token. */
static CK_FLAGS
pin_flags(const struct fx *f)
{
	return fx_token_flags(f->slot) & PIN_FLAGS;
}

/*
 * A refused card: present, its certificate and public key visible, no
 * private key, no CKF_LOGIN_REQUIRED; C_Login refused with no APDU and no
 * transaction, with a PIN or the PIN pad; one warning.
 */
static void
assert_refused(struct fx *f)
{
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_OBJECT_HANDLE o[8];
	unsigned begin;

	assert_rv(p11->C_GetSlotInfo(f->slot, &si), CKR_OK);
	assert_true(si.flags & CKF_TOKEN_PRESENT);
	/* nothing to log in for: no application asks for the PIN */
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_false(ti.flags & CKF_LOGIN_REQUIRED);
	assert_true(ti.flags & CKF_TOKEN_INITIALIZED);
	/* its label says so before the holder's name */
	assert_memory_equal(ti.label, "使用不可 ", strlen("使用不可 "));
	assert_int_equal(count_class(f->h, CKO_CERTIFICATE), 1);
	assert_int_equal(count_class(f->h, CKO_PUBLIC_KEY), 1);
	assert_int_equal(count_class(f->h, CKO_PRIVATE_KEY), 0);
	assert_int_equal(count_private_keys(f), 0);
	assert_int_equal(fx_find(f->h, NULL, 0, o, 8), 2);
	begin = fx_count.begin;
	assert_rv(login(f->h, FX_PIN), CKR_ACTION_PROHIBITED);
	assert_rv(login(f->h, "0000"), CKR_ACTION_PROHIBITED);
	assert_rv(p11->C_Login(f->h, CKU_USER, NULL, 0),
	    CKR_ACTION_PROHIBITED);
	fx_done(f);
	assert_int_equal(fx_count.begin, begin);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
	assert_int_equal(count_class(f->h, CKO_PRIVATE_KEY), 0);
	assert_rv(p11->C_Logout(f->h), CKR_USER_NOT_LOGGED_IN);
	assert_int_equal(log_count(REFUSED), 1);
}

/* A card accepted: the private key, no refusal, and a good login. */
static void
assert_accepted(struct fx *f)
{
	CK_TOKEN_INFO ti;

	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_OK);
	assert_true(ti.flags & CKF_LOGIN_REQUIRED);
	assert_true(memcmp(ti.label, "使用不可", strlen("使用不可")) != 0);
	assert_int_equal(count_class(f->h, CKO_PRIVATE_KEY), 0);
	assert_int_equal(count_private_keys(f), 1);
	assert_int_equal(log_count(REFUSED), 0);
	fx_login(f);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
	assert_int_equal(count_class(f->h, CKO_PRIVATE_KEY), 1);
}

/* ------------------------------------------------------------------ */
/* The decision at card read                                           */

static void
test_accepted(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { 0 };

	pol_init(f, &c);
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_int_equal(log_count("accepted (fxtest)"), 1);
	assert_int_equal(log_count("AUDIT MODE"), 0);
	assert_accepted(f);
}

/* Same names, another key: it does not chain to fxtest's CA. */
static void
test_refused_other_ca(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { 0 };

	pol_init(f, &c);
	f->cert = &other;
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_refused(f);
	/* the token stays usable for what needs no key, and needs no login */
	assert_int_equal(fx_token_flags(f->slot) & TOKEN_FLAGS, TOKEN_FLAGS &
	    ~(CK_FLAGS)CKF_LOGIN_REQUIRED);
	assert_int_equal(log_count("accepted"), 0);
}

/* fxtest's card, but the registry does not list it. */
static void
test_refused_not_registered(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .registry = "registry-other.csv" };

	pol_init(f, &c);
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_refused(f);
	assert_int_equal(log_count("refused: card not registered"), 1);
}

/* No registry file at all: every card is refused. */
static void
test_refused_no_registry(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .registry = "no-such-registry.csv" };

	pol_init(f, &c);
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_refused(f);
}

/* The JPKI application answers: a My Number card, refused. */
static void
test_refused_jpki(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { 0 };

	pol_init(f, &c);
	card_steps(f, "90 00", 0);
	open_card(f);
	assert_refused(f);
	assert_int_equal(log_count("refused: My Number card"), 1);
}

/* A refused card read again after reinsertion: refused again. */
static void
test_refused_reinserted(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { 0 };
	CK_TOKEN_INFO ti;

	pol_init(f, &c);
	card_steps(f, "90 00", 0);
	open_card(f);
	assert_int_equal(log_count(REFUSED), 1);
	/* removed: the session is gone */
	f->sb.ts.idle_state = 0;
	fx_step(f, TS_WAIT, NULL, NULL, 0);
	assert_rv(p11->C_GetTokenInfo(f->slot, &ti), CKR_TOKEN_NOT_PRESENT);
	fx_done(f);
	assert_rv(p11->C_CloseSession(f->h), CKR_SESSION_HANDLE_INVALID);
	/* put back: read and decided again */
	fx_step(f, TS_WAIT, NULL, NULL, 0);
	f->sb.steps[f->sb.ts.nsteps - 1].state = TP_ST_PRESENT;
	card_steps(f, "90 00", 0);	/* idle_state 0: no change after */
	open_card(f);
	assert_int_equal(log_count(REFUSED), 2);
	assert_int_equal(count_private_keys(f), 0);
	assert_rv(login(f->h, FX_PIN), CKR_ACTION_PROHIBITED);
	fx_done(f);
}

/* Not our application, but a My Number card: said so, not recognized. */
static void
test_unreadable_jpki(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { 0 };
	CK_SESSION_HANDLE h = 0;

	pol_init(f, &c);
	fx_tx(f, FX_SELECT_APP, "6A 82");	/* GET DATA: no app */
	fx_tx(f, FX_SELECT_APP, "6A 82");	/* EF 0001: no app */
	fx_tx(f, FX_SELECT_JPKI, "90 00");
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_TOKEN_NOT_RECOGNIZED);
	fx_done(f);
	assert_int_equal(log_count(REFUSED "My Number card"), 1);
	assert_int_equal(fx_count.connect, fx_count.disconnect);
}

/* ------------------------------------------------------------------ */
/* Audit mode                                                          */

/* Not registered, accepted all the same, and said loudly. */
static void
test_audit_not_registered(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .registry = "registry-other.csv",
	    .audit = 1 };

	pol_init(f, &c);
	assert_int_equal(log_count("AUDIT MODE"), 1);	/* at C_Initialize */
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_int_equal(log_count("AUDIT MODE: binding not checked"), 1);
	assert_accepted(f);
}

/* Audit mode does not open the door to My Number cards. */
static void
test_audit_jpki(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .registry = "registry-other.csv",
	    .audit = 1 };

	pol_init(f, &c);
	card_steps(f, "90 00", 0);
	open_card(f);
	assert_refused(f);
}

/* Nor to a card of no configured authority. */
static void
test_audit_other_ca(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .audit = 1 };

	pol_init(f, &c);
	f->cert = &other;
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_refused(f);
}

/* ------------------------------------------------------------------ */
/* The PIN guard on the card's count                                   */

struct guard_row {
	int		 reserve;
	const char	*lock;		/* the authority's pin_lock_count */
	const char	*read;		/* empty VERIFY at card read */
	CK_FLAGS	 flags_read;
	const char	*login;		/* empty VERIFY inside C_Login */
	CK_RV		 rv;		/* CKR_OK: the PIN was sent */
	CK_FLAGS	 flags_after;
	int		 pinpad;
	int		 warn;		/* "check pin_lock_count" logged */
};

static struct guard_row guard_rows[] = {
	/* 0 */ { 1, "3", "63 C3", 0, "63 C3", CKR_OK, 0, 0 },
	/* 1: sent with 2 left; the good PIN resets COUNT_LOW */
	{ 1, "3", "63 C2", LOW | FINAL, "63 C2", CKR_OK, 0, 0 },
	/* 2: 1 left = the reserve: no VERIFY */
	{ 1, "3", "63 C1", LOW | LOCKED, "63 C1", CKR_PIN_LOCKED,
	    LOW | LOCKED, 0 },
	/* 3: reserve 2 */
	{ 2, "3", "63 C2", LOW | LOCKED, "63 C2", CKR_PIN_LOCKED,
	    LOW | LOCKED, 0 },
	/* 4: reserve 2, 3 left: one wrong PIN from the guard */
	{ 2, "3", "63 C3", FINAL, "63 C3", CKR_OK, FINAL, 0 },
	/* 5: tries spent by someone else since the card was read */
	{ 1, "3", "63 C3", 0, "63 C1", CKR_PIN_LOCKED, LOW | LOCKED, 0 },
	/* 6: blocked by someone else since */
	{ 1, "3", "63 C3", 0, "69 83", CKR_PIN_LOCKED, LOW | LOCKED, 0 },
	/* 7: a lock count of 10 (AOSign): 9 left is low, not final */
	{ 2, "10", "63 C9", LOW, "63 C9", CKR_OK, 0, 0 },
	/* 8: no lock count: the highest seen (2), so not low */
	{ 1, NULL, "63 C2", FINAL, "63 C2", CKR_OK, FINAL, 0 },
	/* 9: the PIN pad, allowed: the reader asks for the PIN */
	{ 1, "3", "63 C2", LOW | FINAL, "63 C2", CKR_OK, 0, 1 },
	/* 10: the PIN pad, the guard holds: the reader is never asked */
	{ 1, "3", "63 C1", LOW | LOCKED, "63 C1", CKR_PIN_LOCKED,
	    LOW | LOCKED, 1 },
	/* 11: verified by another application (90 00): its counter is
	 * full, the authority's lock count */
	{ 1, "3", "90 00", 0, "90 00", CKR_OK, 0, 0 },
	/* 12: verified, and no lock count known: never guessed */
	{ 1, NULL, "90 00", LOCKED, "90 00", CKR_PIN_LOCKED, LOCKED, 0 },
	/* 13: verified since the read, which saw 3: full is 3 */
	{ 1, NULL, "63 C3", 0, "90 00", CKR_OK, 0, 0 },
	/* 14: the same with reserve 2: sent, and final after */
	{ 2, NULL, "63 C3", FINAL, "90 00", CKR_OK, FINAL, 0 },
	/* 15: a count above the authority's: the most seen instead, and
	 * the log says once that the configuration is wrong */
	{ 1, "3", "63 C5", 0, "63 C5", CKR_OK, 0, 0, 1 },
};

static void
test_guard(void **state)
{
	struct fx *f = *state;
	const struct guard_row *row = f->row;
	struct pconf c = { .reserve = row->reserve, .lock = row->lock };
	CK_RV rv;

	pol_init(f, &c);
	f->pin_sw = row->read;
	if (row->pinpad)
		f->features = PINPAD_FEATURES;
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_int_equal(pin_flags(f), row->flags_read);
	f->pin_sw = row->login;
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, row->login);
	if (row->rv == CKR_OK) {
		if (row->pinpad) {	/* in the same transaction */
			fx_step(f, TS_CONTROL, PINPAD_BLOCK, "90 00", 0);
			f->sb.steps[f->sb.ts.nsteps - 1].code = PINPAD_CODE;
		} else {
			fx_tx(f, fx_fmt(f, "00 20 00 81 %02zX %s",
			    strlen(FX_PIN), fx_hex(f, (const uint8_t *)FX_PIN,
			    strlen(FX_PIN))), "90 00");
		}
		fx_app(f);
		fx_tx(f, FX_PIN_STATUS, "90 00");
	}
	rv = row->pinpad ? p11->C_Login(f->h, CKU_USER, NULL, 0) :
	    login(f->h, FX_PIN);
	assert_rv(rv, row->rv);
	fx_done(f);
	assert_int_equal(fx_state(f->h), row->rv == CKR_OK ?
	    CKS_RO_USER_FUNCTIONS : CKS_RO_PUBLIC_SESSION);
	if (row->rv == CKR_OK)
		assert_int_equal(count_class(f->h, CKO_PRIVATE_KEY), 1);
	else
		assert_int_equal(count_private_keys(f), 1);
	assert_int_equal(pin_flags(f), row->flags_after);
	assert_int_equal(log_count("PIN not sent"),
	    row->rv == CKR_PIN_LOCKED);
	assert_int_equal(log_count("more than the 3 configured for "
	    "fxtest: check pin_lock_count"), row->warn);
	if (strcmp(row->login, "69 83") == 0) {
		/* a blocked card is remembered: no transaction next time */
		unsigned begin = fx_count.begin;

		assert_int_equal(log_count("the card itself is locked"), 1);
		assert_rv(login(f->h, FX_PIN), CKR_PIN_LOCKED);
		fx_done(f);
		assert_int_equal(fx_count.begin, begin);
		assert_int_equal(pin_flags(f), row->flags_after);
	}
}

/* Wrong PINs down to the reserve, with the authority's lock count. */
static void
test_guard_sequence(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .lock = "3" };

	pol_init(f, &c);
	card_steps(f, "6A 82", 0);
	open_card(f);
	assert_int_equal(pin_flags(f), 0);
	fx_verify(f, "0000", "63 C2");
	assert_rv(login(f->h, "0000"), CKR_PIN_INCORRECT);
	fx_done(f);
	assert_int_equal(pin_flags(f), LOW | FINAL);
	f->pin_sw = "63 C2";
	fx_verify(f, "0000", "63 C1");
	assert_rv(login(f->h, "0000"), CKR_PIN_INCORRECT);
	fx_done(f);
	assert_int_equal(pin_flags(f), LOW | LOCKED);
	/* the good PIN too: the card's count is read, nothing sent */
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, "63 C1");
	assert_rv(login(f->h, FX_PIN), CKR_PIN_LOCKED);
	fx_done(f);
	assert_int_equal(pin_flags(f), LOW | LOCKED);
	assert_int_equal(log_count("PIN not sent"), 1);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
}

/* ------------------------------------------------------------------ */
/* pin_status = counter: the module's own count                        */

#define COUNTER		"pin_status = counter\n"

static void
counter_login(struct fx *f, const char *pin, const char *sw, CK_RV want)
{
	size_t n = strlen(pin);

	fx_app(f);
	fx_tx(f, fx_fmt(f, "00 20 00 81 %02zX %s", n,
	    fx_hex(f, (const uint8_t *)pin, n)), sw);
	assert_rv(login(f->h, pin), want);
	fx_done(f);
}

/* Refused by the guard: no transaction, no APDU. */
static void
counter_refused(struct fx *f)
{
	unsigned begin = fx_count.begin;

	assert_rv(login(f->h, FX_PIN), CKR_PIN_LOCKED);
	fx_done(f);
	assert_int_equal(fx_count.begin, begin);
	assert_int_equal(fx_state(f->h), CKS_RO_PUBLIC_SESSION);
}

static void
test_counter(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .profile = COUNTER, .lock = "3" };

	pol_init(f, &c);
	card_steps(f, "6A 82", 1);	/* no empty VERIFY */
	open_card(f);
	assert_int_equal(count_private_keys(f), 1);
	assert_int_equal(pin_flags(f), 0);
	assert_null(pol_read(COUNT_FILE));
	/* a wrong PIN: counted */
	counter_login(f, "0000", "63 00", CKR_PIN_INCORRECT);
	assert_string_equal(pol_read(COUNT_FILE), "1\n");
	assert_int_equal(pin_flags(f), LOW | FINAL);
	/* a good PIN: the count is reset, and the flags with it */
	counter_login(f, FX_PIN, "90 00", CKR_OK);
	assert_string_equal(pol_read(COUNT_FILE), "0\n");
	assert_int_equal(pin_flags(f), 0);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
	assert_rv(p11->C_Logout(f->h), CKR_OK);
	/* 3 - 1 = 2 wrong PINs, and the guard holds */
	counter_login(f, "0000", "63 00", CKR_PIN_INCORRECT);
	assert_string_equal(pol_read(COUNT_FILE), "1\n");
	counter_login(f, "1111", "63 00", CKR_PIN_INCORRECT);
	assert_string_equal(pol_read(COUNT_FILE), "2\n");
	assert_int_equal(pin_flags(f), LOW | LOCKED);
	counter_refused(f);
	assert_string_equal(pol_read(COUNT_FILE), "2\n");
	assert_int_equal(pin_flags(f), LOW | LOCKED);
	assert_int_equal(log_count("PIN not sent"), 1);
}

/* reserve 2 of 5: three wrong PINs, then the guard. */
static void
test_counter_reserve(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .profile = COUNTER, .lock = "5",
	    .reserve = 2 };

	pol_init(f, &c);
	card_steps(f, "6A 82", 1);
	open_card(f);
	assert_int_equal(pin_flags(f), 0);
	counter_login(f, "0000", "63 00", CKR_PIN_INCORRECT);
	assert_int_equal(pin_flags(f), LOW);
	counter_login(f, "0000", "63 00", CKR_PIN_INCORRECT);
	assert_int_equal(pin_flags(f), LOW | FINAL);
	counter_login(f, "0000", "63 00", CKR_PIN_INCORRECT);
	assert_string_equal(pol_read(COUNT_FILE), "3\n");
	assert_int_equal(pin_flags(f), LOW | LOCKED);
	counter_refused(f);
}

/* The count another process left: read at load, and at every login. */
static void
test_counter_shared(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .profile = COUNTER, .lock = "3" };

	if (mkdir(pol_path("state"), 0700) != 0)
		fail_msg("mkdir state failed");
	pol_write(COUNT_FILE, "2\n");
	pol_init(f, &c);
	card_steps(f, "6A 82", 1);
	open_card(f);
	assert_int_equal(pin_flags(f), LOW | LOCKED);
	counter_refused(f);
	/* the other process logged in meanwhile: the count is 0 */
	pol_write(COUNT_FILE, "0\n");
	counter_login(f, FX_PIN, "90 00", CKR_OK);
	assert_string_equal(pol_read(COUNT_FILE), "0\n");
	assert_int_equal(pin_flags(f), 0);
}

/* The card blocks anyway (its own count was lower): counted, locked. */
static void
test_counter_card_blocked(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .profile = COUNTER, .lock = "3" };
	unsigned begin;

	pol_init(f, &c);
	card_steps(f, "6A 82", 1);
	open_card(f);
	counter_login(f, "0000", "69 83", CKR_PIN_LOCKED);
	assert_string_equal(pol_read(COUNT_FILE), "1\n");
	assert_int_equal(pin_flags(f), LOCKED | LOW);
	begin = fx_count.begin;
	assert_rv(login(f->h, FX_PIN), CKR_PIN_LOCKED);
	fx_done(f);
	assert_int_equal(fx_count.begin, begin);
}

/* No lock count for the authority: the guard refuses every PIN. */
static void
test_counter_unknown_lock(void **state)
{
	struct fx *f = *state;
	const struct pconf c = { .profile = COUNTER, .lock = "unknown" };

	pol_init(f, &c);
	card_steps(f, "6A 82", 1);
	open_card(f);
	assert_int_equal(count_private_keys(f), 1);
	assert_int_equal(pin_flags(f), LOCKED);
	counter_refused(f);
	assert_rv(login(f->h, "0000"), CKR_PIN_LOCKED);
	fx_done(f);
	assert_null(pol_read(COUNT_FILE));
	assert_int_equal(pin_flags(f), LOCKED);
	assert_int_equal(log_count("tries left are unknown"), 2);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, fx_setup_bare, teardown)
#define ROW(fn, rows, i) \
	{ #fn "[" #i "]", fn, fx_setup_bare, teardown, &rows[i] }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_accepted),
		T(test_refused_other_ca),
		T(test_refused_not_registered),
		T(test_refused_no_registry),
		T(test_refused_jpki),
		T(test_refused_reinserted),
		T(test_unreadable_jpki),
		T(test_audit_not_registered),
		T(test_audit_jpki),
		T(test_audit_other_ca),
		ROW(test_guard, guard_rows, 0),
		ROW(test_guard, guard_rows, 1),
		ROW(test_guard, guard_rows, 2),
		ROW(test_guard, guard_rows, 3),
		ROW(test_guard, guard_rows, 4),
		ROW(test_guard, guard_rows, 5),
		ROW(test_guard, guard_rows, 6),
		ROW(test_guard, guard_rows, 7),
		ROW(test_guard, guard_rows, 8),
		ROW(test_guard, guard_rows, 9),
		ROW(test_guard, guard_rows, 10),
		ROW(test_guard, guard_rows, 11),
		ROW(test_guard, guard_rows, 12),
		ROW(test_guard, guard_rows, 13),
		ROW(test_guard, guard_rows, 14),
		ROW(test_guard, guard_rows, 15),
		T(test_guard_sequence),
		T(test_counter),
		T(test_counter_reserve),
		T(test_counter_shared),
		T(test_counter_card_blocked),
		T(test_counter_unknown_lock),
	};

	_Static_assert(sizeof(guard_rows) / sizeof(guard_rows[0]) == 16,
	    "one ROW line per guard row");
	return cmocka_run_group_tests_name("p11-policy", tests, group_setup,
	    group_teardown);
}
