/*
 * test-p11-object.c - PKCS#11 2.40 §5.7 object management: finding
 * objects, C_GetAttributeValue exactly as §5.7 specifies it (lengths,
 * CK_UNAVAILABLE_INFORMATION, the precedence SENSITIVE > TYPE_INVALID >
 * BUFFER_TOO_SMALL), the attribute values against OpenSSL's view of the
 * certificate, and the functions a read-only token refuses.  None of
 * this may send an APDU: every test ends with its script fully played.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/x509.h>

#include "p11-fixture.h"

#define CKA_BOGUS	(CKA_VENDOR_DEFINED | 0xE81DUL)
#define UNAVAILABLE	CK_UNAVAILABLE_INFORMATION

enum { CERT, PUB, PRIV };

static CK_OBJECT_HANDLE
obj(const struct fx *f, int which)
{
	return which == CERT ? f->cert_h : which == PUB ? f->pub_h : f->priv_h;
}

/* The attribute's value, in a buffer the caller frees. */
static uint8_t *
get_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type,
    CK_ULONG *len)
{
	CK_ATTRIBUTE a = { type, NULL, 0 };

	assert_rv(p11->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	assert_true(a.ulValueLen != UNAVAILABLE);
	if ((a.pValue = malloc(a.ulValueLen + 1)) == NULL)
		abort();
	assert_rv(p11->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	*len = a.ulValueLen;
	return a.pValue;
}

static void
assert_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type,
    const uint8_t *want, size_t n)
{
	CK_ULONG len;
	uint8_t *v = get_value(h, o, type, &len);

	if (len != n || (n > 0 && memcmp(v, want, n) != 0)) {
		free(v);
		fail_msg("attribute 0x%lx of object %lu: %lu bytes, not the "
		    "%zu expected (or different)", type, o, len, n);
	}
	free(v);
}

/* The DER of something OpenSSL encodes, compared to an attribute. */
static void
assert_der(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type,
    unsigned char *der, int n)
{
	assert_true(n > 0 && der != NULL);
	assert_value(h, o, type, der, (size_t)n);
	OPENSSL_free(der);
}

/* ------------------------------------------------------------------ */
/* Finding                                                             */

static CK_ULONG
find_all(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *o, CK_ULONG max)
{
	return fx_find(h, NULL, 0, o, max);
}

static CK_OBJECT_CLASS
class_of(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o)
{
	CK_OBJECT_CLASS c = (CK_OBJECT_CLASS)-1;
	CK_ATTRIBUTE a = { CKA_CLASS, &c, sizeof(c) };

	assert_rv(p11->C_GetAttributeValue(h, o, &a, 1), CKR_OK);
	return c;
}

static void
test_find_before_login(void **state)
{
	struct fx *f = *state;
	CK_OBJECT_HANDLE o[8];
	CK_ULONG n, i;
	int certs = 0, pubs = 0;

	n = find_all(f->h, o, 8);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		switch (class_of(f->h, o[i])) {
		case CKO_CERTIFICATE:
			certs++;
			break;
		case CKO_PUBLIC_KEY:
			pubs++;
			break;
		default:
			fail_msg("object %lu: unexpected class", o[i]);
		}
	}
	assert_int_equal(certs, 1);
	assert_int_equal(pubs, 1);
	assert_true(o[0] != o[1]);
	fx_done(f);
}

static void
test_find_after_login(void **state)
{
	struct fx *f = *state;
	CK_OBJECT_HANDLE o[8];
	uint8_t *id[3], *label;
	CK_ULONG n, len[3], llen;
	int i;

	assert_int_equal(find_all(f->h, o, 8), 3);
	assert_true(f->priv_h != f->cert_h && f->priv_h != f->pub_h);
	/* one CKA_ID, not empty, on the certificate and both keys */
	for (i = CERT; i <= PRIV; i++) {
		id[i] = get_value(f->h, obj(f, i), CKA_ID, &len[i]);
		label = get_value(f->h, obj(f, i), CKA_LABEL, &llen);
		assert_int_equal(llen, strlen(FX_CN));
		assert_memory_equal(label, FX_CN, llen);
		free(label);
	}
	assert_true(len[CERT] > 0);
	assert_int_equal(len[PUB], len[CERT]);
	assert_int_equal(len[PRIV], len[CERT]);
	assert_memory_equal(id[PUB], id[CERT], len[CERT]);
	assert_memory_equal(id[PRIV], id[CERT], len[CERT]);
	for (i = CERT; i <= PRIV; i++)
		free(id[i]);
	/* after C_Logout the private key is gone from view again */
	assert_rv(p11->C_Logout(f->h), CKR_OK);
	n = find_all(f->h, o, 8);
	assert_int_equal(n, 2);
	assert_true(o[0] != f->priv_h && o[1] != f->priv_h);
	fx_done(f);
}

/* Templates: each row says how many objects match, out / in. */
struct tmpl_row {
	const char		*what;
	CK_ATTRIBUTE_TYPE	 type;
	const void		*value;
	CK_ULONG		 len;
	CK_ULONG		 before, after;
};

static const CK_OBJECT_CLASS c_cert = CKO_CERTIFICATE;
static const CK_OBJECT_CLASS c_pub = CKO_PUBLIC_KEY;
static const CK_OBJECT_CLASS c_priv = CKO_PRIVATE_KEY;
static const CK_OBJECT_CLASS c_data = CKO_DATA;
static const CK_BBOOL b_true = CK_TRUE, b_false = CK_FALSE;
static const CK_KEY_TYPE k_rsa = CKK_RSA;
static const CK_CERTIFICATE_TYPE x509 = CKC_X_509;

static const struct tmpl_row tmpl_rows[] = {
	{ "class cert", CKA_CLASS, &c_cert, sizeof(c_cert), 1, 1 },
	{ "class pub", CKA_CLASS, &c_pub, sizeof(c_pub), 1, 1 },
	{ "class priv", CKA_CLASS, &c_priv, sizeof(c_priv), 0, 1 },
	{ "class data", CKA_CLASS, &c_data, sizeof(c_data), 0, 0 },
	{ "class, short", CKA_CLASS, &c_cert, 4, 0, 0 },
	{ "token", CKA_TOKEN, &b_true, 1, 2, 3 },
	{ "not token", CKA_TOKEN, &b_false, 1, 0, 0 },
	{ "private", CKA_PRIVATE, &b_true, 1, 0, 1 },
	{ "public", CKA_PRIVATE, &b_false, 1, 2, 2 },
	{ "RSA", CKA_KEY_TYPE, &k_rsa, sizeof(k_rsa), 1, 2 },
	{ "X.509", CKA_CERTIFICATE_TYPE, &x509, sizeof(x509), 1, 1 },
	{ "sign", CKA_SIGN, &b_true, 1, 0, 1 },
	{ "label", CKA_LABEL, FX_CN, sizeof(FX_CN) - 1, 2, 3 },
	{ "label, part", CKA_LABEL, FX_CN, 3, 0, 0 },
	{ "unknown type", CKA_BOGUS, &b_true, 1, 0, 0 },
	{ "sensitive type", CKA_PRIVATE_EXPONENT, &b_true, 1, 0, 0 },
};

static CK_ULONG
count_matches(CK_SESSION_HANDLE h, const struct tmpl_row *r)
{
	CK_BYTE v[64];
	CK_ATTRIBUTE a = { r->type, v, r->len };
	CK_OBJECT_HANDLE o[8];

	assert_true(r->len <= sizeof(v));
	memcpy(v, r->value, r->len);
	return fx_find(h, &a, 1, o, 8);
}

static void
check_templates(CK_SESSION_HANDLE h, int after)
{
	const struct tmpl_row *r;
	CK_ULONG n;
	size_t i;

	for (i = 0; i < sizeof(tmpl_rows) / sizeof(tmpl_rows[0]); i++) {
		r = &tmpl_rows[i];
		n = count_matches(h, r);
		if (n != (after ? r->after : r->before))
			fail_msg("template \"%s\" %s login: %lu objects, not "
			    "%lu", r->what, after ? "after" : "before", n,
			    after ? r->after : r->before);
	}
}

static void
test_find_templates(void **state)
{
	struct fx *f = *state;
	CK_ULONG len, n;
	uint8_t *id;
	CK_ATTRIBUTE a[2];
	CK_OBJECT_HANDLE o[8];
	CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;

	check_templates(f->h, 0);
	id = get_value(f->h, f->cert_h, CKA_ID, &len);
	a[0] = (CK_ATTRIBUTE){ CKA_ID, id, len };
	assert_int_equal(fx_find(f->h, a, 1, o, 8), 2);
	fx_login(f);
	check_templates(f->h, 1);
	/* by CKA_ID: the certificate and its two keys */
	assert_int_equal(fx_find(f->h, a, 1, o, 8), 3);
	/* by CKA_ID and class */
	a[1] = (CK_ATTRIBUTE){ CKA_CLASS, &cls, sizeof(cls) };
	n = fx_find(f->h, a, 2, o, 8);
	assert_int_equal(n, 1);
	assert_int_equal(o[0], f->pub_h);
	/* another ID, a shorter one, a NULL value */
	id[0] ^= 0xFF;
	assert_int_equal(fx_find(f->h, a, 1, o, 8), 0);
	id[0] ^= 0xFF;
	a[0].ulValueLen = len - 1;
	assert_int_equal(fx_find(f->h, a, 1, o, 8), 0);
	a[0].ulValueLen = len;
	a[0].pValue = NULL;
	assert_int_equal(fx_find(f->h, a, 1, o, 8), 0);
	free(id);
	fx_done(f);
}

static void
test_find_operation(void **state)
{
	struct fx *f = *state;
	CK_OBJECT_HANDLE o[4];
	CK_ULONG n = 99;
	CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };

	assert_rv(p11->C_FindObjects(f->h, o, 4, &n),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_FindObjectsFinal(f->h),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_bad_call(p11->C_FindObjectsInit(f->h, NULL, 1),
	    CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_FindObjectsInit(0, &t, 1),
	    CKR_SESSION_HANDLE_INVALID);
	assert_rv(p11->C_FindObjectsInit(f->h, NULL, 0), CKR_OK);
	assert_rv(p11->C_FindObjectsInit(f->h, &t, 1), CKR_OPERATION_ACTIVE);
	assert_bad_call(p11->C_FindObjects(f->h, NULL, 4, &n),
	    CKR_ARGUMENTS_BAD);
	assert_bad_call(p11->C_FindObjects(f->h, o, 4, NULL),
	    CKR_ARGUMENTS_BAD);
	/* the first search goes on, one object at a time */
	assert_rv(p11->C_FindObjects(f->h, o, 1, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_rv(p11->C_FindObjects(f->h, o + 1, 1, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_true(o[0] != o[1]);
	assert_rv(p11->C_FindObjects(f->h, o + 2, 1, &n), CKR_OK);
	assert_int_equal(n, 0);
	assert_rv(p11->C_FindObjects(f->h, o + 2, 0, &n), CKR_OK);
	assert_int_equal(n, 0);
	assert_rv(p11->C_FindObjectsFinal(f->h), CKR_OK);
	assert_rv(p11->C_FindObjectsFinal(f->h),
	    CKR_OPERATION_NOT_INITIALIZED);
	assert_rv(p11->C_FindObjects(f->h, o, 4, &n),
	    CKR_OPERATION_NOT_INITIALIZED);
	/* a new search, and one per session */
	assert_rv(p11->C_FindObjectsInit(f->h, &t, 1), CKR_OK);
	{
		CK_SESSION_HANDLE h2;

		assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION,
		    NULL, NULL, &h2), CKR_OK);
		assert_int_equal(fx_find(h2, NULL, 0, o, 4), 2);
	}
	assert_rv(p11->C_FindObjects(f->h, o, 4, &n), CKR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(o[0], f->cert_h);
	assert_rv(p11->C_FindObjectsFinal(f->h), CKR_OK);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* Attribute values                                                    */

enum { BOOL, ULONG };

struct val_row {
	int			 which;
	CK_ATTRIBUTE_TYPE	 type;
	int			 kind;
	CK_ULONG		 value;
};

#define B(o, t, v)	{ o, t, BOOL, v }
#define U(o, t, v)	{ o, t, ULONG, v }

static const struct val_row val_rows[] = {
	U(CERT, CKA_CLASS, CKO_CERTIFICATE),
	B(CERT, CKA_TOKEN, CK_TRUE),
	B(CERT, CKA_PRIVATE, CK_FALSE),
	B(CERT, CKA_MODIFIABLE, CK_FALSE),
	U(CERT, CKA_CERTIFICATE_TYPE, CKC_X_509),
	B(CERT, CKA_TRUSTED, CK_FALSE),
	U(CERT, CKA_CERTIFICATE_CATEGORY, 1),	/* token user */
	U(PUB, CKA_CLASS, CKO_PUBLIC_KEY),
	B(PUB, CKA_TOKEN, CK_TRUE),
	B(PUB, CKA_PRIVATE, CK_FALSE),
	B(PUB, CKA_MODIFIABLE, CK_FALSE),
	U(PUB, CKA_KEY_TYPE, CKK_RSA),
	U(PUB, CKA_MODULUS_BITS, 2048),
	B(PUB, CKA_VERIFY, CK_TRUE),
	B(PUB, CKA_ENCRYPT, CK_FALSE),
	B(PUB, CKA_WRAP, CK_FALSE),
	B(PUB, CKA_DERIVE, CK_FALSE),
	U(PRIV, CKA_CLASS, CKO_PRIVATE_KEY),
	B(PRIV, CKA_TOKEN, CK_TRUE),
	B(PRIV, CKA_PRIVATE, CK_TRUE),
	B(PRIV, CKA_MODIFIABLE, CK_FALSE),
	U(PRIV, CKA_KEY_TYPE, CKK_RSA),
	U(PRIV, CKA_MODULUS_BITS, 2048),
	B(PRIV, CKA_SENSITIVE, CK_TRUE),
	B(PRIV, CKA_EXTRACTABLE, CK_FALSE),
	B(PRIV, CKA_ALWAYS_SENSITIVE, CK_TRUE),
	B(PRIV, CKA_NEVER_EXTRACTABLE, CK_TRUE),
	B(PRIV, CKA_SIGN, CK_TRUE),
	B(PRIV, CKA_SIGN_RECOVER, CK_FALSE),
	B(PRIV, CKA_DECRYPT, CK_FALSE),
	B(PRIV, CKA_UNWRAP, CK_FALSE),
	B(PRIV, CKA_DERIVE, CK_FALSE),
	B(PRIV, CKA_LOCAL, CK_FALSE),
	B(PRIV, CKA_ALWAYS_AUTHENTICATE, CK_FALSE),
};

static void
test_attribute_values(void **state)
{
	struct fx *f = *state;
	const struct val_row *r;
	CK_ULONG u;
	CK_BBOOL b;
	CK_ATTRIBUTE a;
	size_t i;

	for (i = 0; i < sizeof(val_rows) / sizeof(val_rows[0]); i++) {
		r = &val_rows[i];
		u = 0xDEADBEEF;
		b = 0xA5;
		if (r->kind == BOOL)
			a = (CK_ATTRIBUTE){ r->type, &b, sizeof(b) };
		else
			a = (CK_ATTRIBUTE){ r->type, &u, sizeof(u) };
		assert_rv(p11->C_GetAttributeValue(f->h, obj(f, r->which), &a,
		    1), CKR_OK);
		if (r->kind == BOOL)
			u = b;
		if (a.ulValueLen != (r->kind == BOOL ? 1 : sizeof(u)) ||
		    u != r->value)
			fail_msg("row %zu: attribute 0x%lx = 0x%lx (%lu bytes),"
			    " not 0x%lx", i, r->type, u, a.ulValueLen,
			    r->value);
	}
	fx_done(f);
}

/* The certificate's bytes and fields, as OpenSSL encodes them. */
static void
test_certificate_values(void **state)
{
	struct fx *f = *state;
	X509 *x = fx_user.x509;
	unsigned char *der;
	int n;

	assert_value(f->h, f->cert_h, CKA_VALUE, fx_user.der, fx_user.len);
	der = NULL;
	n = i2d_X509_NAME(X509_get_subject_name(x), &der);
	assert_der(f->h, f->cert_h, CKA_SUBJECT, der, n);
	der = NULL;
	n = i2d_X509_NAME(X509_get_issuer_name(x), &der);
	assert_der(f->h, f->cert_h, CKA_ISSUER, der, n);
	der = NULL;
	n = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &der);
	assert_der(f->h, f->cert_h, CKA_SERIAL_NUMBER, der, n);
	fx_done(f);
}

/* The RSA key parts of the certificate, on both keys. */
static void
assert_bn(struct fx *f, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type,
    const char *param)
{
	EVP_PKEY *k = X509_get0_pubkey(fx_user.x509);
	uint8_t buf[512];
	BIGNUM *bn = NULL;
	int n;

	assert_true(EVP_PKEY_get_bn_param(k, param, &bn) == 1);
	n = BN_bn2bin(bn, buf);
	BN_free(bn);
	assert_true(n > 0);
	assert_value(f->h, o, type, buf, (size_t)n);
}

static void
test_key_values(void **state)
{
	struct fx *f = *state;
	X509 *x = fx_user.x509;
	unsigned char *der;
	int n, i;

	for (i = PUB; i <= PRIV; i++) {
		assert_bn(f, obj(f, i), CKA_MODULUS, OSSL_PKEY_PARAM_RSA_N);
		assert_bn(f, obj(f, i), CKA_PUBLIC_EXPONENT,
		    OSSL_PKEY_PARAM_RSA_E);
		der = NULL;
		n = i2d_X509_NAME(X509_get_subject_name(x), &der);
		assert_der(f->h, obj(f, i), CKA_SUBJECT, der, n);
		der = NULL;
		n = i2d_PUBKEY(X509_get0_pubkey(x), &der);
		assert_der(f->h, obj(f, i), CKA_PUBLIC_KEY_INFO, der, n);
	}
	fx_done(f);
}

/* The private key allows exactly the mechanisms the slot lists. */
static void
test_allowed_mechanisms(void **state)
{
	struct fx *f = *state;
	CK_MECHANISM_TYPE list[8];
	CK_ULONG n = 8, len;
	uint8_t *v;

	assert_rv(p11->C_GetMechanismList(f->slot, list, &n), CKR_OK);
	v = get_value(f->h, f->priv_h, CKA_ALLOWED_MECHANISMS, &len);
	assert_int_equal(len, n * sizeof(list[0]));
	assert_memory_equal(v, list, len);
	free(v);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* C_GetAttributeValue, §5.7                                           */

/* pValue NULL: the length, for each attribute of the template. */
static void
test_attribute_length_query(void **state)
{
	struct fx *f = *state;
	CK_ATTRIBUTE a[4] = {
		{ CKA_VALUE, NULL, 0 },
		{ CKA_CLASS, NULL, 12345 },
		{ CKA_TOKEN, NULL, 0 },
		{ CKA_LABEL, NULL, 0 },
	};

	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, a, 4), CKR_OK);
	assert_int_equal(a[0].ulValueLen, fx_user.len);
	assert_int_equal(a[1].ulValueLen, sizeof(CK_OBJECT_CLASS));
	assert_int_equal(a[2].ulValueLen, sizeof(CK_BBOOL));
	assert_int_equal(a[3].ulValueLen, strlen(FX_CN));
	/* an empty template */
	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, NULL, 0), CKR_OK);
	assert_bad_call(p11->C_GetAttributeValue(f->h, f->cert_h, NULL, 1),
	    CKR_ARGUMENTS_BAD);
	fx_done(f);
}

static void
test_attribute_buffer_too_small(void **state)
{
	struct fx *f = *state;
	uint8_t *buf = malloc(fx_user.len + 16);
	CK_ATTRIBUTE a = { CKA_VALUE, buf, 0 };

	assert_non_null(buf);
	a.ulValueLen = fx_user.len - 1;
	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, &a, 1),
	    CKR_BUFFER_TOO_SMALL);
	assert_int_equal(a.ulValueLen, UNAVAILABLE);
	a.ulValueLen = 1;
	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, &a, 1),
	    CKR_BUFFER_TOO_SMALL);
	assert_int_equal(a.ulValueLen, UNAVAILABLE);
	/* exactly enough, and more than enough */
	a.ulValueLen = fx_user.len;
	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, &a, 1), CKR_OK);
	assert_int_equal(a.ulValueLen, fx_user.len);
	a.ulValueLen = fx_user.len + 16;
	assert_rv(p11->C_GetAttributeValue(f->h, f->cert_h, &a, 1), CKR_OK);
	assert_int_equal(a.ulValueLen, fx_user.len);
	assert_memory_equal(buf, fx_user.der, fx_user.len);
	free(buf);
	fx_done(f);
}

/* Attributes an object does not have. */
struct invalid_row {
	int			which;
	CK_ATTRIBUTE_TYPE	type;
};

static const struct invalid_row invalid_rows[] = {
	{ CERT, CKA_BOGUS }, { PUB, CKA_BOGUS }, { PRIV, CKA_BOGUS },
	{ CERT, CKA_MODULUS }, { CERT, CKA_KEY_TYPE },
	{ PUB, CKA_VALUE }, { PUB, CKA_PRIVATE_EXPONENT },
	{ PUB, CKA_PRIME_1 }, { PUB, CKA_CERTIFICATE_TYPE },
	{ PRIV, CKA_CERTIFICATE_TYPE }, { CERT, 0x7FFFFFFFUL },
};

static void
test_attribute_type_invalid(void **state)
{
	struct fx *f = *state;
	CK_BYTE buf[600];
	CK_ATTRIBUTE a;
	size_t i;

	for (i = 0; i < sizeof(invalid_rows) / sizeof(invalid_rows[0]); i++) {
		a = (CK_ATTRIBUTE){ invalid_rows[i].type, buf, sizeof(buf) };
		assert_rv(p11->C_GetAttributeValue(f->h,
		    obj(f, invalid_rows[i].which), &a, 1),
		    CKR_ATTRIBUTE_TYPE_INVALID);
		assert_int_equal(a.ulValueLen, UNAVAILABLE);
		/* a length query too */
		a = (CK_ATTRIBUTE){ invalid_rows[i].type, NULL, 0 };
		assert_rv(p11->C_GetAttributeValue(f->h,
		    obj(f, invalid_rows[i].which), &a, 1),
		    CKR_ATTRIBUTE_TYPE_INVALID);
		assert_int_equal(a.ulValueLen, UNAVAILABLE);
	}
	fx_done(f);
}

static const CK_ATTRIBUTE_TYPE secret_types[] = {
	CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2, CKA_EXPONENT_1,
	CKA_EXPONENT_2, CKA_COEFFICIENT, CKA_VALUE,
};

static void
test_attribute_sensitive(void **state)
{
	struct fx *f = *state;
	CK_BYTE buf[600];
	CK_ATTRIBUTE a;
	size_t i;

	for (i = 0; i < sizeof(secret_types) / sizeof(secret_types[0]); i++) {
		a = (CK_ATTRIBUTE){ secret_types[i], buf, sizeof(buf) };
		assert_rv(p11->C_GetAttributeValue(f->h, f->priv_h, &a, 1),
		    CKR_ATTRIBUTE_SENSITIVE);
		assert_int_equal(a.ulValueLen, UNAVAILABLE);
		a = (CK_ATTRIBUTE){ secret_types[i], NULL, 0 };
		assert_rv(p11->C_GetAttributeValue(f->h, f->priv_h, &a, 1),
		    CKR_ATTRIBUTE_SENSITIVE);
		assert_int_equal(a.ulValueLen, UNAVAILABLE);
	}
	fx_done(f);
}

/*
 * The precedence SENSITIVE > TYPE_INVALID > BUFFER_TOO_SMALL, in every
 * order, while the good attributes of the same call are still filled.
 * Letters: C class, K key type (good), S private exponent (sensitive),
 * I unknown (invalid), M modulus in 8 bytes (too small).
 */
static const char *const precedence_rows[] = {
	"CSIMK", "KMISC", "MSI", "SMI", "IMS", "ISM", "MIS", "SIM",
	"CIMK", "MIK", "IM", "MI", "CMK", "M", "SK", "KS", "IK", "CK",
};

static CK_RV
expected_rv(const char *row)
{
	if (strchr(row, 'S') != NULL)
		return CKR_ATTRIBUTE_SENSITIVE;
	if (strchr(row, 'I') != NULL)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	if (strchr(row, 'M') != NULL)
		return CKR_BUFFER_TOO_SMALL;
	return CKR_OK;
}

static void
check_precedence(struct fx *f, const char *row)
{
	CK_ATTRIBUTE a[8];
	CK_ULONG cls[8];
	CK_BYTE big[8][64];
	size_t i, n = strlen(row);

	for (i = 0; i < n; i++) {
		cls[i] = 0xDEADBEEF;
		switch (row[i]) {
		case 'C':
			a[i] = (CK_ATTRIBUTE){ CKA_CLASS, &cls[i],
			    sizeof(cls[i]) };
			break;
		case 'K':
			a[i] = (CK_ATTRIBUTE){ CKA_KEY_TYPE, &cls[i],
			    sizeof(cls[i]) };
			break;
		case 'S':
			a[i] = (CK_ATTRIBUTE){ CKA_PRIVATE_EXPONENT, big[i],
			    sizeof(big[i]) };
			break;
		case 'I':
			a[i] = (CK_ATTRIBUTE){ CKA_BOGUS, big[i],
			    sizeof(big[i]) };
			break;
		default:
			a[i] = (CK_ATTRIBUTE){ CKA_MODULUS, big[i], 8 };
		}
	}
	assert_rv(p11->C_GetAttributeValue(f->h, f->priv_h, a, n),
	    expected_rv(row));
	for (i = 0; i < n; i++) {
		if (row[i] == 'C' || row[i] == 'K') {
			if (a[i].ulValueLen != sizeof(CK_ULONG) || cls[i] !=
			    (row[i] == 'C' ? CKO_PRIVATE_KEY : CKK_RSA))
				fail_msg("\"%s\": %c not filled in", row,
				    row[i]);
		} else if (a[i].ulValueLen != UNAVAILABLE) {
			fail_msg("\"%s\": %c has length %lu", row, row[i],
			    a[i].ulValueLen);
		}
	}
}

static void
test_attribute_precedence(void **state)
{
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < sizeof(precedence_rows) / sizeof(precedence_rows[0]);
	    i++)
		check_precedence(f, precedence_rows[i]);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* Handles                                                             */

static void
test_object_handle_invalid(void **state)
{
	struct fx *f = *state;
	CK_OBJECT_HANDLE priv = f->priv_h;
	CK_OBJECT_CLASS cls;
	CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof(cls) };
	CK_ULONG size = 0;

	assert_rv(p11->C_GetAttributeValue(f->h, CK_INVALID_HANDLE, &a, 1),
	    CKR_OBJECT_HANDLE_INVALID);
	assert_rv(p11->C_GetAttributeValue(f->h, priv + 1000, &a, 1),
	    CKR_OBJECT_HANDLE_INVALID);
	assert_rv(p11->C_GetObjectSize(f->h, CK_INVALID_HANDLE, &size),
	    CKR_OBJECT_HANDLE_INVALID);
	assert_rv(p11->C_GetAttributeValue(CK_INVALID_HANDLE, priv, &a, 1),
	    CKR_SESSION_HANDLE_INVALID);
	assert_bad_call(p11->C_GetObjectSize(f->h, priv, NULL),
	    CKR_ARGUMENTS_BAD);
	assert_rv(p11->C_GetObjectSize(f->h, priv, &size), CKR_OK);
	assert_true(size > 0 && size != UNAVAILABLE);
	/* a private object is not there for a public session */
	assert_rv(p11->C_Logout(f->h), CKR_OK);
	assert_rv(p11->C_GetAttributeValue(f->h, priv, &a, 1),
	    CKR_OBJECT_HANDLE_INVALID);
	assert_rv(p11->C_GetObjectSize(f->h, priv, &size),
	    CKR_OBJECT_HANDLE_INVALID);
	assert_rv(p11->C_GetAttributeValue(f->h, f->pub_h, &a, 1), CKR_OK);
	assert_int_equal(cls, CKO_PUBLIC_KEY);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* A read-only token                                                   */

static void
check_write_refused(struct fx *f, CK_SESSION_HANDLE h, CK_RV want)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_BBOOL no = CK_FALSE;
	CK_ATTRIBUTE t[2] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_TOKEN, &no, sizeof(no) },
	};
	CK_OBJECT_HANDLE o = CK_INVALID_HANDLE;

	assert_rv(p11->C_CreateObject(h, t, 2, &o), want);
	assert_rv(p11->C_CopyObject(h, f->cert_h, t + 1, 1, &o), want);
	assert_rv(p11->C_DestroyObject(h, f->cert_h), want);
	assert_rv(p11->C_DestroyObject(h, f->priv_h), want);
	assert_rv(p11->C_SetAttributeValue(h, f->pub_h, t + 1, 1), want);
	assert_int_equal(o, CK_INVALID_HANDLE);
}

static void
test_write_refused(void **state)
{
	struct fx *f = *state;
	CK_SESSION_HANDLE rw;
	CK_OBJECT_HANDLE o[8];

	check_write_refused(f, f->h, CKR_SESSION_READ_ONLY);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION |
	    CKF_RW_SESSION, NULL, NULL, &rw), CKR_OK);
	check_write_refused(f, rw, CKR_TOKEN_WRITE_PROTECTED);
	check_write_refused(f, CK_INVALID_HANDLE, CKR_SESSION_HANDLE_INVALID);
	/* nothing changed */
	assert_int_equal(fx_find(f->h, NULL, 0, o, 8), 3);
	fx_done(f);
}

/* ------------------------------------------------------------------ */
/* A card with its CA certificate in EF 0002                           */

static void
test_ca_certificate(void **state)
{
	struct fx *f = *state;
	const struct fx_cert *ca = &fx_ca;	/* the card's issuer */
	CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_ULONG cat, n, i;
	CK_ATTRIBUTE a = { CKA_CERTIFICATE_CATEGORY, &cat, sizeof(cat) };
	CK_OBJECT_HANDLE o[8];
	int users = 0, cas = 0;

	f->ca = ca;
	fx_card(f);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &f->h), CKR_OK);
	fx_done(f);
	/* two certificates and the user's public key; no key of the CA */
	assert_int_equal(fx_find(f->h, NULL, 0, o, 8), 3);
	n = fx_find(f->h, &t, 1, o, 8);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_rv(p11->C_GetAttributeValue(f->h, o[i], &a, 1), CKR_OK);
		if (cat == 1)
			users++;
		else if (cat == 2)
			cas++;
		if (cat == 2)
			assert_value(f->h, o[i], CKA_VALUE, ca->der, ca->len);
	}
	assert_int_equal(users, 1);
	assert_int_equal(cas, 1);
	fx_done(f);
}

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_find_before_login, fx_setup_session),
		T(test_find_after_login, fx_setup_login),
		T(test_find_templates, fx_setup_session),
		T(test_find_operation, fx_setup_session),
		T(test_attribute_values, fx_setup_login),
		T(test_certificate_values, fx_setup_session),
		T(test_key_values, fx_setup_login),
		T(test_allowed_mechanisms, fx_setup_login),
		T(test_attribute_length_query, fx_setup_session),
		T(test_attribute_buffer_too_small, fx_setup_session),
		T(test_attribute_type_invalid, fx_setup_login),
		T(test_attribute_sensitive, fx_setup_login),
		T(test_attribute_precedence, fx_setup_login),
		T(test_object_handle_invalid, fx_setup_login),
		T(test_write_refused, fx_setup_login),
		T(test_ca_certificate, fx_setup_init),
	};

	return cmocka_run_group_tests_name("p11-object", tests,
	    fx_group_setup, fx_group_teardown);
}
