/*
 * object.c - token objects built from a card's certificate.
 *
 * Every object is a CK_ATTRIBUTE array of owned copies, built once per
 * card insertion by the schema functions below, one attribute a line.
 * C_GetAttributeValue follows PKCS#11 2.40 §5.7 exactly: each attribute
 * gets its value, its length, or CK_UNAVAILABLE_INFORMATION, and the
 * return value has the precedence SENSITIVE > TYPE_INVALID >
 * BUFFER_TOO_SMALL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "common/err.h"
#include "token/mech.h"
#include "token/object.h"

#define OBJ_ATTRS_MAX	48

struct builder {
	CK_ATTRIBUTE	a[OBJ_ATTRS_MAX];
	size_t		n;
	int		err;
};

static void
add(struct builder *b, CK_ATTRIBUTE_TYPE type, const void *v, size_t len)
{
	void *copy = NULL;

	if (b->err)
		return;
	if (b->n == OBJ_ATTRS_MAX || (len > 0 && (copy = malloc(len)) ==
	    NULL)) {
		b->err = 1;
		return;
	}
	if (len > 0)
		memcpy(copy, v, len);
	b->a[b->n].type = type;
	b->a[b->n].pValue = copy;
	b->a[b->n].ulValueLen = (CK_ULONG)len;
	b->n++;
}

static void
add_bool(struct builder *b, CK_ATTRIBUTE_TYPE type, CK_BBOOL v)
{
	add(b, type, &v, sizeof(v));
}

static void
add_ulong(struct builder *b, CK_ATTRIBUTE_TYPE type, CK_ULONG v)
{
	add(b, type, &v, sizeof(v));
}

/* A DER encoding produced by an OpenSSL i2d function. */
static void
add_der(struct builder *b, CK_ATTRIBUTE_TYPE type, unsigned char *der,
    int len)
{
	if (len <= 0 || der == NULL)
		b->err = 1;
	else
		add(b, type, der, (size_t)len);
	OPENSSL_free(der);
}

static void
add_name(struct builder *b, CK_ATTRIBUTE_TYPE type, const X509_NAME *name)
{
	unsigned char *der = NULL;
	int len;

	len = i2d_X509_NAME(name, &der);
	add_der(b, type, der, len);
}

static void
add_bn(struct builder *b, CK_ATTRIBUTE_TYPE type, const EVP_PKEY *k,
    const char *param)
{
	unsigned char buf[1024];
	BIGNUM *bn = NULL;
	int n;

	if (!EVP_PKEY_get_bn_param(k, param, &bn) ||
	    (n = BN_num_bytes(bn)) <= 0 || (size_t)n > sizeof(buf) ||
	    BN_bn2bin(bn, buf) != n)
		b->err = 1;
	else
		add(b, type, buf, (size_t)n);
	BN_free(bn);
}

static int
finish(struct builder *b, struct tok_object *o, CK_OBJECT_CLASS cls,
    CK_BBOOL priv)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	if (!b->err && (o->attrs = calloc(b->n, sizeof(CK_ATTRIBUTE))) !=
	    NULL) {
		memcpy(o->attrs, b->a, b->n * sizeof(CK_ATTRIBUTE));
		o->nattrs = b->n;
		o->cls = cls;
		o->is_private = priv;
		return EBID_OK;
	}
	for (i = 0; i < b->n; i++)
		free(b->a[i].pValue);
	return b->err ? EBID_ERR_CRYPTO : EBID_ERR_NOMEM;
}

/* Attributes every object of ours has. */
static void
add_common(struct builder *b, CK_OBJECT_CLASS cls, CK_BBOOL priv,
    const struct tok_obj_src *s)
{
	add_ulong(b, CKA_CLASS, cls);
	add_bool(b, CKA_TOKEN, CK_TRUE);
	add_bool(b, CKA_PRIVATE, priv);
	add_bool(b, CKA_MODIFIABLE, CK_FALSE);
	add_bool(b, CKA_COPYABLE, CK_FALSE);
	add_bool(b, CKA_DESTROYABLE, CK_FALSE);
	add(b, CKA_LABEL, s->label, strlen(s->label));
	add(b, CKA_ID, s->id, sizeof(s->id));
}

/* SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2, method 1). */
static int
id_of_key(X509 *x, unsigned char *md)
{
	const ASN1_BIT_STRING *bits = X509_get0_pubkey_bitstr(x);

	if (bits == NULL || ASN1_STRING_length(bits) <= 0)
		return 0;
	SHA1(ASN1_STRING_get0_data(bits), (size_t)ASN1_STRING_length(bits),
	    md);
	return 1;
}

int
tok_obj_src_init(struct tok_obj_src *s, const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	unsigned char md[SHA_DIGEST_LENGTH];
	unsigned char mod[1024];
	BIGNUM *bn = NULL;
	EVP_PKEY *k;
	int n, ok = EBID_ERR_PARSE;

	memset(s, 0, sizeof(*s));
	if (len > 65535 || (s->x509 = d2i_X509(NULL, &p,
	    (long)len)) == NULL || p != der + len)
		goto fail;
	if ((k = X509_get0_pubkey(s->x509)) == NULL)
		goto fail;
	if (EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) {
		/*
		 * A key the module cannot sign with (the policy refuses the
		 * card): its certificate is still shown, for diagnosis, with
		 * the SHA-1 of the public key as its CKA_ID.
		 */
		if (!id_of_key(s->x509, md))
			goto fail;
	} else if (!EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &bn) ||
	    (n = BN_num_bytes(bn)) <= 0 || (size_t)n > sizeof(mod) ||
	    BN_bn2bin(bn, mod) != n) {
		goto fail;
	} else {
		SHA1(mod, (size_t)n, md);
		s->rsa = 1;
	}
	memcpy(s->id, md, sizeof(s->id));
	s->der = der;
	s->der_len = len;
	ok = EBID_OK;
fail:
	BN_free(bn);
	if (ok != EBID_OK)
		tok_obj_src_reset(s);
	return ok;
}

void
tok_obj_src_reset(struct tok_obj_src *s)
{
	X509_free(s->x509);
	memset(s, 0, sizeof(*s));
}

int
tok_obj_cert(struct tok_object *o, const struct tok_obj_src *s)
{
	struct builder b = { .n = 0 };
	const ASN1_INTEGER *sn = X509_get0_serialNumber(s->x509);
	unsigned char *der = NULL;
	int len;

	add_common(&b, CKO_CERTIFICATE, CK_FALSE, s);
	add_ulong(&b, CKA_CERTIFICATE_TYPE, CKC_X_509);
	add_ulong(&b, CKA_CERTIFICATE_CATEGORY, s->category);
	add_bool(&b, CKA_TRUSTED, CK_FALSE);
	add(&b, CKA_VALUE, s->der, s->der_len);
	add_name(&b, CKA_SUBJECT, X509_get_subject_name(s->x509));
	add_name(&b, CKA_ISSUER, X509_get_issuer_name(s->x509));
	len = i2d_ASN1_INTEGER(sn, &der);
	add_der(&b, CKA_SERIAL_NUMBER, der, len);
	add_ulong(&b, CKA_JAVA_MIDP_SECURITY_DOMAIN, 0);
	return finish(&b, o, CKO_CERTIFICATE, CK_FALSE);
}

/* What public and private RSA key objects share. */
static void
add_rsa(struct builder *b, const struct tok_obj_src *s)
{
	const EVP_PKEY *k = X509_get0_pubkey(s->x509);
	unsigned char *der = NULL;
	int len;

	add_ulong(b, CKA_KEY_TYPE, CKK_RSA);
	add_name(b, CKA_SUBJECT, X509_get_subject_name(s->x509));
	add_bn(b, CKA_MODULUS, k, OSSL_PKEY_PARAM_RSA_N);
	add_bn(b, CKA_PUBLIC_EXPONENT, k, OSSL_PKEY_PARAM_RSA_E);
	add_ulong(b, CKA_MODULUS_BITS, (CK_ULONG)EVP_PKEY_get_bits(k));
	len = i2d_PUBKEY(X509_get0_pubkey(s->x509), &der);
	add_der(b, CKA_PUBLIC_KEY_INFO, der, len);
	add_bool(b, CKA_LOCAL, CK_FALSE);
	add_ulong(b, CKA_KEY_GEN_MECHANISM, CK_UNAVAILABLE_INFORMATION);
	add_bool(b, CKA_DERIVE, CK_FALSE);
	add(b, CKA_START_DATE, NULL, 0);
	add(b, CKA_END_DATE, NULL, 0);
}

int
tok_obj_pubkey(struct tok_object *o, const struct tok_obj_src *s)
{
	struct builder b = { .n = 0 };

	add_common(&b, CKO_PUBLIC_KEY, CK_FALSE, s);
	add_rsa(&b, s);
	add_bool(&b, CKA_ENCRYPT, CK_FALSE);
	add_bool(&b, CKA_VERIFY, CK_TRUE);
	add_bool(&b, CKA_VERIFY_RECOVER, CK_FALSE);
	add_bool(&b, CKA_WRAP, CK_FALSE);
	add_bool(&b, CKA_TRUSTED, CK_FALSE);
	return finish(&b, o, CKO_PUBLIC_KEY, CK_FALSE);
}

int
tok_obj_privkey(struct tok_object *o, const struct tok_obj_src *s)
{
	struct builder b = { .n = 0 };
	CK_MECHANISM_TYPE mechs[8];
	size_t i, n = tok_mech_count();

	for (i = 0; i < n && i < 8; i++)
		mechs[i] = tok_mech_at(i)->type;
	add_common(&b, CKO_PRIVATE_KEY, CK_TRUE, s);
	add_rsa(&b, s);
	add_bool(&b, CKA_SIGN, CK_TRUE);
	add_bool(&b, CKA_SIGN_RECOVER, CK_FALSE);
	add_bool(&b, CKA_DECRYPT, CK_FALSE);
	add_bool(&b, CKA_UNWRAP, CK_FALSE);
	add_bool(&b, CKA_SENSITIVE, CK_TRUE);
	add_bool(&b, CKA_EXTRACTABLE, CK_FALSE);
	add_bool(&b, CKA_ALWAYS_SENSITIVE, CK_TRUE);
	add_bool(&b, CKA_NEVER_EXTRACTABLE, CK_TRUE);
	add_bool(&b, CKA_ALWAYS_AUTHENTICATE, s->always_auth);
	add_bool(&b, CKA_WRAP_WITH_TRUSTED, CK_FALSE);
	add(&b, CKA_ALLOWED_MECHANISMS, mechs, i * sizeof(mechs[0]));
	return finish(&b, o, CKO_PRIVATE_KEY, CK_TRUE);
}

void
tok_object_reset(struct tok_object *o)
{
	size_t i;

	for (i = 0; i < o->nattrs; i++)
		free(o->attrs[i].pValue);
	free(o->attrs);
	memset(o, 0, sizeof(*o));
}

const CK_ATTRIBUTE *
tok_object_attr(const struct tok_object *o, CK_ATTRIBUTE_TYPE type)
{
	size_t i;

	for (i = 0; i < o->nattrs; i++)
		if (o->attrs[i].type == type)
			return &o->attrs[i];
	return NULL;
}

/* Private key parts that exist on the card and never leave it. */
static int
is_sensitive(const struct tok_object *o, CK_ATTRIBUTE_TYPE t)
{
	if (o->cls != CKO_PRIVATE_KEY)
		return 0;
	return t == CKA_VALUE || t == CKA_PRIVATE_EXPONENT ||
	    t == CKA_PRIME_1 || t == CKA_PRIME_2 || t == CKA_EXPONENT_1 ||
	    t == CKA_EXPONENT_2 || t == CKA_COEFFICIENT;
}

static CK_RV
worse(CK_RV cur, CK_RV rv)
{
	static const CK_RV order[] = { CKR_OK, CKR_BUFFER_TOO_SMALL,
	    CKR_ATTRIBUTE_TYPE_INVALID, CKR_ATTRIBUTE_SENSITIVE };
	size_t i, ci = 0, ri = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i] == cur)
			ci = i;
		if (order[i] == rv)
			ri = i;
	}
	return ri > ci ? rv : cur;
}

static CK_RV
get_one(const struct tok_object *o, CK_ATTRIBUTE_PTR t)
{
	const CK_ATTRIBUTE *a;

	if (is_sensitive(o, t->type)) {
		t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
		return CKR_ATTRIBUTE_SENSITIVE;
	}
	if ((a = tok_object_attr(o, t->type)) == NULL) {
		t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
		return CKR_ATTRIBUTE_TYPE_INVALID;
	}
	if (t->pValue == NULL) {
		t->ulValueLen = a->ulValueLen;
		return CKR_OK;
	}
	if (t->ulValueLen < a->ulValueLen) {
		t->ulValueLen = CK_UNAVAILABLE_INFORMATION;
		return CKR_BUFFER_TOO_SMALL;
	}
	if (a->ulValueLen > 0)
		memcpy(t->pValue, a->pValue, a->ulValueLen);
	t->ulValueLen = a->ulValueLen;
	return CKR_OK;
}

CK_RV
tok_object_get(const struct tok_object *o, CK_ATTRIBUTE_PTR tmpl, CK_ULONG n)
{
	CK_RV rv = CKR_OK;
	CK_ULONG i;

	for (i = 0; i < n; i++)
		rv = worse(rv, get_one(o, &tmpl[i]));
	return rv;
}

int
tok_object_match(const struct tok_object *o, const CK_ATTRIBUTE *tmpl,
    CK_ULONG n)
{
	const CK_ATTRIBUTE *a;
	CK_ULONG i;

	for (i = 0; i < n; i++) {
		if ((a = tok_object_attr(o, tmpl[i].type)) == NULL ||
		    a->ulValueLen != tmpl[i].ulValueLen)
			return 0;
		if (a->ulValueLen > 0 && (tmpl[i].pValue == NULL ||
		    memcmp(a->pValue, tmpl[i].pValue, a->ulValueLen) != 0))
			return 0;
	}
	return 1;
}
