/*
 * test-p11-sign.c - PKCS#11 2.40 §5.11 signing: C_SignInit's checks,
 * the two-call length protocol, the exact APDUs (MSE:SET, PSO with the
 * DigestInfo the test computes independently with OpenSSL), multi-part,
 * card errors, CKA_ALWAYS_AUTHENTICATE, and the functions these cards
 * do not offer.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "common/err.h"
#include "p11-fixture.h"

#define SIG_LEN		256
#define DATA		"入札書: 金額 1,000,000 円"

/* ------------------------------------------------------------------ */
/* What the card is to sign, and what it answers                       */

/* DigestInfo (RFC 8017 §9.2) built by OpenSSL, not from our tables. */
static size_t
digest_info(const EVP_MD *md, const uint8_t *p, size_t n, uint8_t *out,
    size_t max)
{
	unsigned char h[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int hl = 0;
	X509_SIG *sig;
	X509_ALGOR *alg;
	ASN1_OCTET_STRING *dig;
	int len;

	assert_true(EVP_Digest(p, n, h, &hl, md, NULL) == 1);
	assert_non_null(sig = X509_SIG_new());
	X509_SIG_getm(sig, &alg, &dig);
	assert_true(X509_ALGOR_set0(alg, OBJ_nid2obj(EVP_MD_get_type(md)),
	    V_ASN1_NULL, NULL) == 1);
	assert_true(ASN1_OCTET_STRING_set(dig, h, (int)hl) == 1);
	len = i2d_X509_SIG(sig, &der);
	X509_SIG_free(sig);
	assert_true(len > 0 && (size_t)len <= max);
	memcpy(out, der, (size_t)len);
	OPENSSL_free(der);
	return (size_t)len;
}

/* The card's answer: a real PKCS#1 v1.5 signature of tbs by the key. */
static const char *
card_answer(struct fx *f, const uint8_t *tbs, size_t n, uint8_t *sig)
{
	EVP_PKEY_CTX *c;
	size_t len = SIG_LEN;

	assert_non_null(c = EVP_PKEY_CTX_new(fx_user.key, NULL));
	assert_true(EVP_PKEY_sign_init(c) == 1);
	assert_true(EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1);
	assert_true(EVP_PKEY_sign(c, sig, &len, tbs, n) == 1);
	EVP_PKEY_CTX_free(c);
	assert_int_equal(len, SIG_LEN);
	return fx_fmt(f, "%s 90 00", fx_hex(f, sig, len));
}

/* The signature checks out against the certificate's key. */
static void
assert_verifies(const EVP_MD *md, const uint8_t *data, size_t n,
    const uint8_t *sig, size_t siglen)
{
	EVP_MD_CTX *c;

	assert_non_null(c = EVP_MD_CTX_new());
	assert_true(EVP_DigestVerifyInit(c, NULL, md, NULL,
	    X509_get0_pubkey(fx_user.x509)) == 1);
	assert_true(EVP_DigestVerify(c, sig, siglen, data, n) == 1);
	EVP_MD_CTX_free(c);
}

static CK_RV
sign_init(struct fx *f, CK_MECHANISM_TYPE type, CK_OBJECT_HANDLE key)
{
	CK_MECHANISM m = { type, NULL, 0 };

	return p11->C_SignInit(f->h, &m, key);
}

/* ------------------------------------------------------------------ */
/* C_SignInit                                                          */

/*
 * A key handle the application found while logged in, used after
 * C_Logout: the user is not logged in (NSS and pkcs11-tool react to
 * CKR_USER_NOT_LOGGED_IN by asking for the PIN).
 */
static void
test_sign_init_not_logged_in(void **state)
{
	struct fx *f = *state;

	assert_rv(p11->C_Logout(f->h), CKR_OK);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h),
	    CKR_USER_NOT_LOGGED_IN);
	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h),
	    CKR_USER_NOT_LOGGED_IN);
	fx_done(f);
}

static const CK_MECHANISM_TYPE not_mechs[] = {
	CKM_RSA_X_509, CKM_RSA_PKCS_PSS, CKM_SHA256_RSA_PKCS_PSS,
	CKM_RSA_PKCS_OAEP, CKM_SHA256, CKM_ECDSA, CKM_MD5_RSA_PKCS,
	CKM_SHA224_RSA_PKCS, CKM_SHA256_HMAC, CKM_VENDOR_DEFINED,
};

static void
test_sign_init_errors(void **state)
{
	struct fx *f = *state;
	CK_BYTE param[8] = { 0 };
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, param, sizeof(param) };
	size_t i;

	assert_bad_call(p11->C_SignInit(f->h, NULL, f->priv_h),
	    CKR_ARGUMENTS_BAD);
	for (i = 0; i < sizeof(not_mechs) / sizeof(not_mechs[0]); i++)
		assert_rv(sign_init(f, not_mechs[i], f->priv_h),
		    CKR_MECHANISM_INVALID);
	assert_rv(p11->C_SignInit(f->h, &m, f->priv_h),
	    CKR_MECHANISM_PARAM_INVALID);
	m.pParameter = NULL;
	assert_rv(p11->C_SignInit(f->h, &m, f->priv_h),
	    CKR_MECHANISM_PARAM_INVALID);
	m = (CK_MECHANISM){ CKM_RSA_PKCS, param, 0 };
	assert_rv(p11->C_SignInit(f->h, &m, f->priv_h),
	    CKR_MECHANISM_PARAM_INVALID);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->cert_h),
	    CKR_KEY_TYPE_INCONSISTENT);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->pub_h),
	    CKR_KEY_TYPE_INCONSISTENT);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, CK_INVALID_HANDLE),
	    CKR_KEY_HANDLE_INVALID);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h + 1000),
	    CKR_KEY_HANDLE_INVALID);
	m = (CK_MECHANISM){ CKM_SHA256_RSA_PKCS, NULL, 0 };
	assert_rv(p11->C_SignInit(CK_INVALID_HANDLE, &m, f->priv_h),
	    CKR_SESSION_HANDLE_INVALID);
	/* none of these started an operation */
	assert_rv(p11->C_SignUpdate(f->h, param, sizeof(param)),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h),
	    CKR_OPERATION_ACTIVE);
	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h), CKR_OPERATION_ACTIVE);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* C_Sign                                                              */

struct mech_row {
	CK_MECHANISM_TYPE	  type;
	const EVP_MD		*(*md)(void);
};

static struct mech_row hash_rows[] = {
	{ CKM_SHA1_RSA_PKCS, EVP_sha1 },
	{ CKM_SHA256_RSA_PKCS, EVP_sha256 },
	{ CKM_SHA384_RSA_PKCS, EVP_sha384 },
	{ CKM_SHA512_RSA_PKCS, EVP_sha512 },
};

/*
 * Length query and a short buffer keep the operation and send nothing;
 * then exactly MSE:SET and PSO with the DigestInfo; the card's 256
 * bytes come back; the operation is over.
 */
static void
test_sign_hash(void **state)
{
	struct fx *f = *state;
	const struct mech_row *row = f->row;
	CK_BYTE data[] = DATA;
	uint8_t di[128], want[SIG_LEN], sig[SIG_LEN + 8];
	CK_ULONG len;
	size_t n;

	n = digest_info(row->md(), data, sizeof(data) - 1, di, sizeof(di));
	assert_rv(sign_init(f, row->type, f->priv_h), CKR_OK);
	len = 0;
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, NULL, &len),
	    CKR_OK);
	assert_int_equal(len, SIG_LEN);
	len = SIG_LEN - 1;
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_BUFFER_TOO_SMALL);
	assert_int_equal(len, SIG_LEN);
	fx_done(f);	/* nothing sent so far */
	fx_sign_steps(f, di, n, card_answer(f, di, n, want));
	len = sizeof(sig);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_OK);
	fx_done(f);
	assert_int_equal(len, SIG_LEN);
	assert_memory_equal(sig, want, SIG_LEN);
	assert_verifies(row->md(), data, sizeof(data) - 1, sig, len);
	/* over */
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	/* and a new one may start */
	assert_rv(sign_init(f, row->type, f->priv_h), CKR_OK);
	fx_done(f);
}

/* CKM_RSA_PKCS: the caller's bytes go to the card as they are. */
static void
test_sign_rsa_pkcs(void **state)
{
	struct fx *f = *state;
	CK_BYTE data[SIG_LEN - 11];
	uint8_t want[SIG_LEN], sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (CK_BYTE)(i * 7 + 1);
	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h), CKR_OK);
	fx_sign_steps(f, data, sizeof(data),
	    card_answer(f, data, sizeof(data), want));
	assert_rv(p11->C_Sign(f->h, data, sizeof(data), sig, &len), CKR_OK);
	fx_done(f);
	assert_int_equal(len, SIG_LEN);
	assert_memory_equal(sig, want, SIG_LEN);
}

/* Longer than k - 11: refused without an APDU, and the operation ends. */
static void
test_sign_rsa_pkcs_too_long(void **state)
{
	struct fx *f = *state;
	CK_BYTE data[SIG_LEN - 10] = { 0 };
	uint8_t sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);
	int i;

	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data), sig, &len),
	    CKR_DATA_LEN_RANGE);
	assert_rv(p11->C_Sign(f->h, data, 16, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	/* in parts, too */
	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, 200), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, 46), CKR_OK);
	assert_rv(p11->C_SignFinal(f->h, sig, &len), CKR_DATA_LEN_RANGE);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	/* more than any RSA key takes, already in C_SignUpdate */
	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h), CKR_OK);
	for (i = 0; i < 5; i++)		/* 1000 bytes */
		assert_rv(p11->C_SignUpdate(f->h, data, 200), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, 200), CKR_DATA_LEN_RANGE);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	fx_done(f);
}

/* Bad arguments to C_Sign end the operation (§5.11). */
static void
test_sign_args(void **state)
{
	struct fx *f = *state;
	CK_BYTE data[] = DATA, sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);

	assert_rv(p11->C_Sign(f->h, data, 4, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_bad_call(p11->C_Sign(f->h, data, 4, sig, NULL),
	    CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_Sign(f->h, data, 4, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_bad_call(p11->C_Sign(f->h, NULL, 4, sig, &len),
	    CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_Sign(f->h, data, 4, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_Sign(CK_INVALID_HANDLE, data, 4, sig, &len),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, 4), CKR_OK);
	assert_bad_call(p11->C_SignFinal(f->h, sig, NULL), CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	fx_done(f);
}

/* One operation per session: another session has none. */
static void
test_sign_per_session(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE h2;
	CK_BYTE data[] = DATA, sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);

	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &h2), CKR_OK);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_Sign(h2, data, 4, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_SignUpdate(h2, data, 4),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_Sign(f->h, data, 4, NULL, &len), CKR_OK);
	assert_int_equal(len, SIG_LEN);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* C_SignUpdate and C_SignFinal                                        */

/* In parts, the card gets the same DigestInfo as in one part. */
static void
test_sign_multipart(void **state)
{
	struct fx *f = *state;
	CK_BYTE data[] = DATA;
	uint8_t di[64], want[SIG_LEN], sig[SIG_LEN];
	CK_ULONG len;
	size_t n, half = 10;

	assert_rv(p11->C_SignUpdate(f->h, data, 4),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	n = digest_info(EVP_sha256(), data, sizeof(data) - 1, di, sizeof(di));
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, half), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data + half, 0), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data + half,
	    sizeof(data) - 1 - half), CKR_OK);
	len = 0;
	assert_rv(p11->C_SignFinal(f->h, NULL, &len), CKR_OK);
	assert_int_equal(len, SIG_LEN);
	len = 8;
	assert_rv(p11->C_SignFinal(f->h, sig, &len), CKR_BUFFER_TOO_SMALL);
	assert_int_equal(len, SIG_LEN);
	fx_done(f);
	fx_sign_steps(f, di, n, card_answer(f, di, n, want));
	assert_rv(p11->C_SignFinal(f->h, sig, &len), CKR_OK);
	fx_done(f);
	assert_int_equal(len, SIG_LEN);
	assert_memory_equal(sig, want, SIG_LEN);
	assert_verifies(EVP_sha256(), data, sizeof(data) - 1, sig, len);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_SignUpdate(f->h, data, 4),
	    CKR_OPERATION_NOT_INITIALIZED);
}

/* CKM_RSA_PKCS in parts: the parts, concatenated. */
static void
test_sign_multipart_rsa_pkcs(void **state)
{
	struct fx *f = *state;
	CK_BYTE data[100];
	uint8_t want[SIG_LEN], sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (CK_BYTE)(0xA0 ^ i);
	assert_rv(sign_init(f, CKM_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, 30), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data + 30, 70), CKR_OK);
	fx_sign_steps(f, data, sizeof(data),
	    card_answer(f, data, sizeof(data), want));
	assert_rv(p11->C_SignFinal(f->h, sig, &len), CKR_OK);
	fx_done(f);
	assert_memory_equal(sig, want, SIG_LEN);
}

/* C_Sign cannot finish a multi-part operation; it ends it. */
static void
test_sign_after_update(void **state)
{
	struct fx *f = *state;
	CK_BYTE data[] = DATA, sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);

	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_rv(p11->C_SignUpdate(f->h, data, 4), CKR_OK);
	assert_rv(p11->C_Sign(f->h, data, 4, sig, &len), CKR_OPERATION_ACTIVE);
	assert_rv(p11->C_SignFinal(f->h, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_SignUpdate(f->h, NULL, 4),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	assert_bad_call(p11->C_SignUpdate(f->h, NULL, 4), CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_SignUpdate(f->h, data, 4),
	    CKR_OPERATION_NOT_INITIALIZED);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* The card says no                                                    */

struct card_row {
	const char	*mse;		/* MSE:SET answer */
	const char	*pso;		/* PSO answer; NULL: not sent */
	CK_RV		 rv;
	CK_STATE	 after;		/* the session's state afterwards */
};

static struct card_row card_rows[] = {
	/* the card forgot the PIN (reset by someone): log out */
	{ "90 00", "69 82", CKR_USER_NOT_LOGGED_IN, CKS_RO_PUBLIC_SESSION },
	{ "6A 88", NULL, CKR_DEVICE_ERROR, CKS_RO_USER_FUNCTIONS },
	{ "90 00", "69 85", CKR_DEVICE_ERROR, CKS_RO_USER_FUNCTIONS },
	{ "90 00", "67 00", CKR_DEVICE_ERROR, CKS_RO_USER_FUNCTIONS },
	{ "90 00", "6F 00", CKR_DEVICE_ERROR, CKS_RO_USER_FUNCTIONS },
	{ "90 00", "65 81", CKR_DEVICE_MEMORY, CKS_RO_USER_FUNCTIONS },
	/* a signature that is not the key's size */
	{ "90 00", "01 02 03 90 00", CKR_DEVICE_ERROR,
	    CKS_RO_USER_FUNCTIONS },
};

static void
test_sign_card_error(void **state)
{
	struct fx *f = *state;
	const struct card_row *row = f->row;
	CK_BYTE data[] = DATA;
	uint8_t di[64], sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);
	size_t n;

	n = digest_info(EVP_sha256(), data, sizeof(data) - 1, di, sizeof(di));
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	fx_app(f);
	fx_tx(f, FX_MSE_SET, row->mse);
	if (row->pso != NULL)
		fx_tx(f, fx_fmt(f, "00 2A 9E 9A %02zX %s 00", n,
		    fx_hex(f, di, n)), row->pso);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    row->rv);
	fx_done(f);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_int_equal(fx_state(f->h), row->after);
}

/* Transport failures: the card was reset by another program (twice,
 * so that it stays forgotten), or pulled in the middle. */
struct tp_row {
	int		 begin_rc;	/* the transaction; 0: it begins */
	int		 pso_rc;	/* PSO's transmit; 0: not reached */
	CK_RV		 rv;
	CK_STATE	 after;
};

static struct tp_row tp_rows[] = {
	{ EBID_ERR_CARD_RESET, 0, CKR_USER_NOT_LOGGED_IN,
	    CKS_RO_PUBLIC_SESSION },
	{ 0, EBID_ERR_NO_CARD, CKR_DEVICE_REMOVED, CKS_RO_USER_FUNCTIONS },
	{ 0, EBID_ERR_IO, CKR_DEVICE_ERROR, CKS_RO_USER_FUNCTIONS },
};

static void
test_sign_transport_error(void **state)
{
	struct fx *f = *state;
	const struct tp_row *row = f->row;
	CK_BYTE data[] = DATA, sig[SIG_LEN];
	CK_ULONG len = sizeof(sig);

	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	if (row->begin_rc != 0) {
		fx_step(f, TS_BEGIN, NULL, NULL, row->begin_rc);
		fx_step(f, TS_BEGIN, NULL, NULL, row->begin_rc);
	} else {
		fx_app(f);
		fx_tx(f, FX_MSE_SET, "90 00");
		fx_step(f, TS_TRANSMIT, NULL, NULL, row->pso_rc);
	}
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    row->rv);
	fx_done(f);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_int_equal(fx_state(f->h), row->after);
}

/* ------------------------------------------------------------------ */
/* CKA_ALWAYS_AUTHENTICATE                                             */

static void
test_always_authenticate(void **state)
{
	struct fx *f = *state;
	CK_UTF8CHAR pin[] = FX_PIN;
	CK_BYTE data[] = DATA;
	CK_BBOOL aa = CK_FALSE;
	CK_ATTRIBUTE a = { CKA_ALWAYS_AUTHENTICATE, &aa, sizeof(aa) };
	CK_ULONG len = 1;
	uint8_t di[64], want[SIG_LEN], sig[SIG_LEN];
	size_t n;

	fx_conf_write(f, "[profile reference]\nalways_authenticate = yes\n");
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_TRUE, &f->slot, &len), CKR_OK);
	fx_card(f);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &f->h), CKR_OK);
	fx_login(f);
	f->priv_h = fx_find_class(f->h, CKO_PRIVATE_KEY);
	assert_rv(p11->C_GetAttributeValue(f->h, f->priv_h, &a, 1), CKR_OK);
	assert_int_equal(aa, CK_TRUE);
	/* C_SignInit, the PIN again, C_Sign */
	n = digest_info(EVP_sha256(), data, sizeof(data) - 1, di, sizeof(di));
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	fx_verify(f, FX_PIN, "90 00");
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, "90 00");
	assert_rv(p11->C_Login(f->h, CKU_CONTEXT_SPECIFIC, pin,
	    sizeof(pin) - 1), CKR_OK);
	fx_sign_steps(f, di, n, card_answer(f, di, n, want));
	len = sizeof(sig);
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_OK);
	fx_done(f);
	assert_memory_equal(sig, want, SIG_LEN);
	assert_int_equal(fx_state(f->h), CKS_RO_USER_FUNCTIONS);
	/* a wrong PIN for the context */
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	fx_verify(f, "0000", "63 C2");
	assert_rv(p11->C_Login(f->h, CKU_CONTEXT_SPECIFIC,
	    (CK_UTF8CHAR []){ '0', '0', '0', '0' }, 4), CKR_PIN_INCORRECT);
	fx_done(f);
	/* the context login is good for one signature: C_Sign refuses */
	assert_rv(p11->C_Sign(f->h, data, sizeof(data) - 1, sig, &len),
	    CKR_USER_NOT_LOGGED_IN);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* Functions these cards do not offer                                  */

static void
check_unsupported(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE k, CK_RV want,
    CK_RV want_rng)
{
	CK_FUNCTION_LIST_PTR F = p11;
	CK_MECHANISM m = { CKM_RSA_PKCS, NULL, 0 };
	CK_BYTE in[32] = { 0 }, out[512];
	CK_ULONG len = sizeof(out);
	CK_OBJECT_HANDLE o = 0, o2 = 0;
	CK_BBOOL yes = CK_TRUE;
	CK_ATTRIBUTE t = { CKA_TOKEN, &yes, sizeof(yes) };

#define NS(call)	assert_rv(F->call, want)
	NS(C_EncryptInit(h, &m, k));
	NS(C_Encrypt(h, in, sizeof(in), out, &len));
	NS(C_EncryptUpdate(h, in, sizeof(in), out, &len));
	NS(C_EncryptFinal(h, out, &len));
	NS(C_DecryptInit(h, &m, k));
	NS(C_Decrypt(h, in, sizeof(in), out, &len));
	NS(C_DecryptUpdate(h, in, sizeof(in), out, &len));
	NS(C_DecryptFinal(h, out, &len));
	NS(C_DigestInit(h, &m));
	NS(C_Digest(h, in, sizeof(in), out, &len));
	NS(C_DigestUpdate(h, in, sizeof(in)));
	NS(C_DigestKey(h, k));
	NS(C_DigestFinal(h, out, &len));
	NS(C_SignRecoverInit(h, &m, k));
	NS(C_SignRecover(h, in, sizeof(in), out, &len));
	NS(C_VerifyInit(h, &m, k));
	NS(C_Verify(h, in, sizeof(in), in, sizeof(in)));
	NS(C_VerifyUpdate(h, in, sizeof(in)));
	NS(C_VerifyFinal(h, in, sizeof(in)));
	NS(C_VerifyRecoverInit(h, &m, k));
	NS(C_VerifyRecover(h, in, sizeof(in), out, &len));
	NS(C_DigestEncryptUpdate(h, in, sizeof(in), out, &len));
	NS(C_DecryptDigestUpdate(h, in, sizeof(in), out, &len));
	NS(C_SignEncryptUpdate(h, in, sizeof(in), out, &len));
	NS(C_DecryptVerifyUpdate(h, in, sizeof(in), out, &len));
	NS(C_GenerateKey(h, &m, &t, 1, &o));
	NS(C_GenerateKeyPair(h, &m, &t, 1, &t, 1, &o, &o2));
	NS(C_WrapKey(h, &m, k, k, out, &len));
	NS(C_UnwrapKey(h, &m, k, in, sizeof(in), &t, 1, &o));
	NS(C_DeriveKey(h, &m, k, &t, 1, &o));
#undef NS
	assert_rv(F->C_SeedRandom(h, in, sizeof(in)), want_rng);
	assert_rv(F->C_GenerateRandom(h, out, sizeof(out)), want_rng);
	assert_int_equal(o, 0);
	assert_int_equal(o2, 0);
}

static void
test_unsupported(void **state)
{
	struct fx *f = *state;

	check_unsupported(f->h, f->priv_h, CKR_FUNCTION_NOT_SUPPORTED,
	    CKR_RANDOM_NO_RNG);
	check_unsupported(CK_INVALID_HANDLE, f->priv_h,
	    CKR_SESSION_HANDLE_INVALID, CKR_SESSION_HANDLE_INVALID);
	/* a signature operation in progress is not disturbed */
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h), CKR_OK);
	check_unsupported(f->h, f->priv_h, CKR_FUNCTION_NOT_SUPPORTED,
	    CKR_RANDOM_NO_RNG);
	assert_rv(sign_init(f, CKM_SHA256_RSA_PKCS, f->priv_h),
	    CKR_OPERATION_ACTIVE);
	fx_done(f);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
#define ROW(fn, setup, rows, i) \
	{ #fn "[" #i "]", fn, setup, fx_teardown, &rows[i] }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sign_init_not_logged_in, fx_setup_login),
		T(test_sign_init_errors, fx_setup_login),
		ROW(test_sign_hash, fx_setup_login, hash_rows, 0),
		ROW(test_sign_hash, fx_setup_login, hash_rows, 1),
		ROW(test_sign_hash, fx_setup_login, hash_rows, 2),
		ROW(test_sign_hash, fx_setup_login, hash_rows, 3),
		T(test_sign_rsa_pkcs, fx_setup_login),
		T(test_sign_rsa_pkcs_too_long, fx_setup_login),
		T(test_sign_args, fx_setup_login),
		T(test_sign_per_session, fx_setup_login),
		T(test_sign_multipart, fx_setup_login),
		T(test_sign_multipart_rsa_pkcs, fx_setup_login),
		T(test_sign_after_update, fx_setup_login),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 0),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 1),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 2),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 3),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 4),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 5),
		ROW(test_sign_card_error, fx_setup_login, card_rows, 6),
		ROW(test_sign_transport_error, fx_setup_login, tp_rows, 0),
		ROW(test_sign_transport_error, fx_setup_login, tp_rows, 1),
		ROW(test_sign_transport_error, fx_setup_login, tp_rows, 2),
		T(test_always_authenticate, fx_setup_bare),
		T(test_unsupported, fx_setup_login),
	};

	_Static_assert(sizeof(hash_rows) / sizeof(hash_rows[0]) == 4,
	    "one ROW line per hash mechanism");
	_Static_assert(sizeof(card_rows) / sizeof(card_rows[0]) == 7,
	    "one ROW line per card answer");
	_Static_assert(sizeof(tp_rows) / sizeof(tp_rows[0]) == 3,
	    "one ROW line per transport error");
	return cmocka_run_group_tests_name("p11-sign", tests, fx_group_setup,
	    fx_group_teardown);
}
