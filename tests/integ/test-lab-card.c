/*
 * test-lab-card.c - our transport and ISO 7816 layer against ebid-vcard
 * through the real pcscd and vpcd (run by tests/integ/lab.sh).
 *
 * Environment (set by lab.sh):
 *   EBID_TEST_CARDDIR	the generated test cards (DER certificates)
 *   EBID_TEST_R2048	reader holding aosign-representative (RSA-2048)
 *   EBID_TEST_R4096	reader holding toinx-rsa4096 (RSA-4096, 4 KB cert)
 *   EBID_TEST_RBURN	reader holding a card this test may block
 *   EBID_TEST_CBURN	that card's name (its state: ebid-lab state NAME)
 *   EBID_TEST_LAB		the ebid-lab command (pull, insert, restart)
 *   EBID_TEST_RPLUG, EBID_TEST_CPLUG	reader and name of a card to pull
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <PCSC/winscard.h>

#include "card/apdu.h"
#include "card/card.h"
#include "common/err.h"
#include "common/log.h"
#include "transport/tp.h"

#define DEMO_PIN	"1234"

struct lab {
	tp_t		*tp;
	tp_card_t	*tc;
	card_t		*card;
	unsigned	 flags;
};

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
lab_open(struct lab *l, const char *reader_env, unsigned flags)
{
	struct card_profile prof;

	memset(l, 0, sizeof(*l));
	assert_int_equal(tp_new(&tp_pcsc_ops, NULL, &l->tp), EBID_OK);
	assert_int_equal(tp_connect(l->tp, env(reader_env), &l->tc), EBID_OK);
	card_profile_default(&prof);
	prof.apdu_flags = flags;
	assert_int_equal(card_new(l->tc, &prof, &l->card), EBID_OK);
}

static void
lab_close(struct lab *l)
{
	card_free(&l->card);
	tp_disconnect(&l->tc, 1);
	tp_free(&l->tp);
	assert_null(l->card);
	assert_null(l->tp);
}

static void
read_file(const char *path, blob_t *out)
{
	uint8_t chunk[1024];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(blob_append(out, chunk, n), EBID_OK);
	fclose(f);
}

static void
expect_cert(const char *reader_env, unsigned flags, const char *name,
    size_t min_size)
{
	char path[1024];
	blob_t want = { 0 }, got = { 0 };
	struct lab l;
	unsigned long before;

	snprintf(path, sizeof(path), "%s/%s.crt.der", env("EBID_TEST_CARDDIR"),
	    name);
	read_file(path, &want);
	assert_true(want.len >= min_size);
	lab_open(&l, reader_env, flags);
	before = card_apdu_count(l.card);
	assert_int_equal(card_read_ef(l.card, 0x0001, &got), EBID_OK);
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.ptr, want.ptr, want.len);
	print_message("# %s: %zu bytes in %lu APDUs (%s)\n", name, got.len,
	    card_apdu_count(l.card) - before,
	    flags & APDU_F_EXTENDED ? "extended" : "short, chunked");
	blob_reset(&want);
	blob_reset(&got);
	lab_close(&l);
}

static void
test_read_cert_short(void **state)
{
	(void)state;
	expect_cert("EBID_TEST_R2048", 0, "aosign-representative", 1024);
	expect_cert("EBID_TEST_R4096", 0, "toinx-rsa4096", 4096);
}

static void
test_read_cert_extended(void **state)
{
	(void)state;
	expect_cert("EBID_TEST_R2048", APDU_F_EXTENDED,
	    "aosign-representative", 1024);
	expect_cert("EBID_TEST_R4096", APDU_F_EXTENDED, "toinx-rsa4096", 4096);
}

static void
test_serial_and_unknown(void **state)
{
	blob_t s = { 0 };
	struct lab l;

	(void)state;
	lab_open(&l, "EBID_TEST_R2048", APDU_F_EXTENDED);
	assert_int_equal(card_read_serial(l.card, &s), EBID_OK);
	assert_true(s.len >= 1 && s.len <= CARD_SERIAL_MAX);
	assert_int_equal(card_read_ef(l.card, 0x7777, &s), EBID_ERR_NOT_FOUND);
	blob_reset(&s);
	lab_close(&l);
}

static void
test_pin_right_wrong(void **state)
{
	struct card_pin_status st, st2;
	struct lab l;
	int tries;

	(void)state;
	lab_open(&l, "EBID_TEST_R2048", APDU_F_EXTENDED);
	assert_int_equal(card_pin_status(l.card, &st), EBID_OK);
	assert_false(st.verified);
	assert_false(st.blocked);
	assert_true(st.tries > 1);
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)"9999", 4,
	    &tries), EBID_ERR_PIN_INCORRECT);
	assert_int_equal(tries, st.tries - 1);
	assert_int_equal(card_pin_status(l.card, &st2), EBID_OK);
	assert_int_equal(st2.tries, st.tries - 1);
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)DEMO_PIN, 4,
	    &tries), EBID_OK);
	assert_int_equal(card_pin_status(l.card, &st2), EBID_OK);
	assert_true(st2.verified);
	/* too short: refused by the host, the card's counter untouched */
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)"12", 2,
	    &tries), EBID_ERR_PIN_LEN);
	lab_close(&l);
}

static EVP_PKEY *
cert_key(const char *name)
{
	char path[1024];
	blob_t der = { 0 };
	const uint8_t *p;
	X509 *x;
	EVP_PKEY *k;

	snprintf(path, sizeof(path), "%s/%s.crt.der", env("EBID_TEST_CARDDIR"),
	    name);
	read_file(path, &der);
	p = der.ptr;
	x = d2i_X509(NULL, &p, (long)der.len);
	assert_non_null(x);
	k = X509_get_pubkey(x);
	assert_non_null(k);
	X509_free(x);
	blob_reset(&der);
	return k;
}

/* Sign a SHA-256 DigestInfo on the card, verify with OpenSSL. */
static void
sign_and_verify(const char *reader_env, const char *name, size_t bits)
{
	static const uint8_t prefix[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09,
	    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
	    0x04, 0x20 };
	uint8_t di[sizeof(prefix) + 32], md[32];
	unsigned int mdlen = sizeof(md);
	blob_t sig = { 0 };
	EVP_PKEY_CTX *vctx;
	EVP_PKEY *k;
	struct lab l;
	int tries;

	assert_int_equal(EVP_Digest("bid", 3, md, &mdlen, EVP_sha256(), NULL),
	    1);
	memcpy(di, prefix, sizeof(prefix));
	memcpy(di + sizeof(prefix), md, sizeof(md));
	lab_open(&l, reader_env, APDU_F_EXTENDED);
	assert_int_equal(card_sign(l.card, di, sizeof(di), bits / 8, &sig),
	    EBID_ERR_SECURITY);	/* no PIN yet */
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)DEMO_PIN, 4,
	    &tries), EBID_OK);
	assert_int_equal(card_sign(l.card, di, sizeof(di), bits / 8, &sig),
	    EBID_OK);
	assert_int_equal(sig.len, bits / 8);
	k = cert_key(name);
	assert_int_equal((size_t)EVP_PKEY_get_bits(k), bits);
	vctx = EVP_PKEY_CTX_new(k, NULL);
	assert_int_equal(EVP_PKEY_verify_init(vctx), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(vctx, RSA_PKCS1_PADDING),
	    1);
	assert_int_equal(EVP_PKEY_CTX_set_signature_md(vctx, EVP_sha256()), 1);
	assert_int_equal(EVP_PKEY_verify(vctx, sig.ptr, sig.len, md,
	    sizeof(md)), 1);
	md[0] ^= 1;	/* and a wrong digest must not verify */
	assert_int_not_equal(EVP_PKEY_verify(vctx, sig.ptr, sig.len, md,
	    sizeof(md)), 1);
	EVP_PKEY_CTX_free(vctx);
	EVP_PKEY_free(k);
	blob_reset(&sig);
	lab_close(&l);
}

static void
test_sign_2048(void **state)
{
	(void)state;
	sign_and_verify("EBID_TEST_R2048", "aosign-representative", 2048);
}

static void
test_sign_4096(void **state)
{
	(void)state;
	sign_and_verify("EBID_TEST_R4096", "toinx-rsa4096", 4096);
}

static int
state_tries(void)
{
	char cmd[1024], line[128];
	int tries = -1;
	FILE *f;

	/* the card's persistent state, as the emulator wrote it */
	snprintf(cmd, sizeof(cmd), "%s state %s", env("EBID_TEST_LAB"),
	    env("EBID_TEST_CBURN"));
	if ((f = popen(cmd, "r")) == NULL)
		fail_msg("cannot run %s", cmd);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "pin 01 tries %d", &tries) == 1)
			break;
	pclose(f);
	return tries;
}

static void
test_pin_blocked(void **state)
{
	struct card_pin_status st;
	struct lab l;
	int tries, i, start;

	(void)state;
	lab_open(&l, "EBID_TEST_RBURN", APDU_F_EXTENDED);
	assert_int_equal(card_pin_status(l.card, &st), EBID_OK);
	start = st.tries;
	assert_int_equal(state_tries(), start);
	for (i = start; i > 0; i--) {
		assert_int_equal(card_pin_verify(l.card,
		    (const uint8_t *)"0000", 4, &tries), i > 1 ?
		    EBID_ERR_PIN_INCORRECT : EBID_ERR_PIN_BLOCKED);
		assert_int_equal(tries, i - 1);
		assert_int_equal(state_tries(), i - 1);
	}
	/* blocked: even the right PIN is refused and nothing signs */
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)DEMO_PIN, 4,
	    &tries), EBID_ERR_PIN_BLOCKED);
	assert_int_equal(card_pin_status(l.card, &st), EBID_OK);
	assert_true(st.blocked);
	assert_int_equal(st.tries, 0);
	lab_close(&l);
}

static void
lab_cmd(const char *verb, const char *arg)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s %s >/dev/null", env("EBID_TEST_LAB"),
	    verb, arg);
	assert_int_equal(system(cmd), 0);
}

/* Wait until the reader shows a card (present = 1) or none. */
static void
wait_present(tp_t *tp, const char *reader, int present)
{
	struct tp_rstate st;
	int i;

	memset(&st, 0, sizeof(st));
	st.reader = reader;
	for (i = 0; i < 100; i++) {
		if (tp_wait(tp, &st, 1, 100) == EBID_OK) {
			st.known = st.current;
			if (!!(st.state & TP_ST_PRESENT) == present)
				return;
		}
	}
	fail_msg("%s: card never became %s", reader, present ? "present" :
	    "absent");
}

static void
test_pull_insert(void **state)
{
	blob_t s = { 0 };
	const char *reader = env("EBID_TEST_RPLUG");
	struct card_pin_status st;
	struct lab l;
	int tries;

	(void)state;
	lab_open(&l, "EBID_TEST_RPLUG", APDU_F_EXTENDED);
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)DEMO_PIN, 4,
	    &tries), EBID_OK);
	lab_cmd("pull", env("EBID_TEST_CPLUG"));
	wait_present(l.tp, reader, 0);
	assert_int_equal(card_read_serial(l.card, &s), EBID_ERR_NO_CARD);
	lab_cmd("insert", env("EBID_TEST_CPLUG"));
	wait_present(l.tp, reader, 1);
	card_free(&l.card);
	tp_disconnect(&l.tc, 0);
	/* a new connection works; the re-inserted card forgot the PIN */
	{
		struct card_profile prof;

		card_profile_default(&prof);
		assert_int_equal(tp_connect(l.tp, reader, &l.tc), EBID_OK);
		assert_int_equal(card_new(l.tc, &prof, &l.card), EBID_OK);
	}
	assert_int_equal(card_read_serial(l.card, &s), EBID_OK);
	assert_int_equal(card_pin_status(l.card, &st), EBID_OK);
	assert_false(st.verified);
	blob_reset(&s);
	lab_close(&l);
}

/* pcscd restarts under a live context: the next calls establish anew. */
static void
test_pcscd_restart(void **state)
{
	const char *reader = env("EBID_TEST_R2048");
	char **names = NULL;
	size_t n = 0, i;
	tp_card_t *tc = NULL;
	tp_t *tp = NULL;
	int found = 0, round;

	(void)state;
	assert_int_equal(tp_new(&tp_pcsc_ops, NULL, &tp), EBID_OK);
	assert_int_equal(tp_readers(tp, &names, &n), EBID_OK);
	assert_true(n > 0);
	tp_readers_free(&names, n);
	lab_cmd("restart-pcscd", "");
	for (round = 0; round < 100 && !found; round++) {
		if (tp_readers(tp, &names, &n) == EBID_OK) {
			for (i = 0; i < n; i++)
				found |= strcmp(names[i], reader) == 0;
			tp_readers_free(&names, n);
		}
		if (!found)
			usleep(100000);
	}
	assert_true(found);
	wait_present(tp, reader, 1);
	assert_int_equal(tp_connect(tp, reader, &tc), EBID_OK);
	tp_disconnect(&tc, 0);
	tp_free(&tp);
}

/* Another program resets the card: we reconnect and the PIN is gone. */
static void
test_reset_by_other_program(void **state)
{
	struct card_pin_status st;
	tp_card_t *tc2 = NULL;
	tp_t *tp2 = NULL;
	struct lab l;
	int tries;

	(void)state;
	lab_open(&l, "EBID_TEST_R2048", APDU_F_EXTENDED);
	assert_int_equal(card_pin_verify(l.card, (const uint8_t *)DEMO_PIN, 4,
	    &tries), EBID_OK);
	assert_int_equal(card_pin_status(l.card, &st), EBID_OK);
	assert_true(st.verified);
	assert_int_equal(tp_new(&tp_pcsc_ops, NULL, &tp2), EBID_OK);
	assert_int_equal(tp_connect(tp2, env("EBID_TEST_R2048"), &tc2),
	    EBID_OK);
	tp_disconnect(&tc2, 1);		/* SCARD_RESET_CARD */
	tp_free(&tp2);
	assert_int_equal(card_pin_status(l.card, &st), EBID_OK);
	assert_false(st.verified);
	lab_close(&l);
}

/* A reader held exclusively elsewhere gives a clear error, not a hang. */
static void
test_exclusive_elsewhere(void **state)
{
	const char *reader = env("EBID_TEST_R2048");
	SCARDCONTEXT ctx;
	SCARDHANDLE h;
	DWORD proto;
	tp_card_t *tc = NULL;
	tp_t *tp = NULL;

	(void)state;
	assert_int_equal(SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL,
	    &ctx), SCARD_S_SUCCESS);
	assert_int_equal(SCardConnect(ctx, reader, SCARD_SHARE_EXCLUSIVE,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto),
	    SCARD_S_SUCCESS);
	assert_int_equal(tp_new(&tp_pcsc_ops, NULL, &tp), EBID_OK);
	assert_int_equal(tp_connect(tp, reader, &tc), EBID_ERR_SHARING);
	assert_string_equal(ebid_strerr(EBID_ERR_SHARING),
	    "reader is in exclusive use by another program");
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	assert_int_equal(tp_connect(tp, reader, &tc), EBID_OK);
	tp_disconnect(&tc, 0);
	tp_free(&tp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cert_short),
		cmocka_unit_test(test_read_cert_extended),
		cmocka_unit_test(test_serial_and_unknown),
		cmocka_unit_test(test_pin_right_wrong),
		cmocka_unit_test(test_sign_2048),
		cmocka_unit_test(test_sign_4096),
		cmocka_unit_test(test_pin_blocked),
		cmocka_unit_test(test_reset_by_other_program),
		cmocka_unit_test(test_exclusive_elsewhere),
		cmocka_unit_test(test_pull_insert),
		cmocka_unit_test(test_pcscd_restart),
	};

	log_init("test-lab-card", LOG_SINK_STDERR);
	return cmocka_run_group_tests_name("lab-card", tests, NULL, NULL);
}
