/*
 * certgen.h - test certificates made with the OpenSSL API (shared by
 * test-oid.c and test-name.c; static functions, included once each).
 */
#ifndef EBID_TESTS_POLICY_CERTGEN_H
#define EBID_TESTS_POLICY_CERTGEN_H

#include <openssl/evp.h>
#include <openssl/x509v3.h>

static EVP_PKEY *cg_key;

static int __attribute__((unused))
cg_setup(void **state)
{
	(void)state;
	cg_key = EVP_RSA_gen(2048);	/* what the module can sign with */
	return cg_key == NULL;
}

static int __attribute__((unused))
cg_teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(cg_key);
	cg_key = NULL;
	return 0;
}

/* A certificate signed by cg_key; names are "CN=..." style via add. */
static X509 * __attribute__((unused))
cg_new(void)
{
	X509 *x = X509_new();

	assert_non_null(x);
	assert_true(X509_set_version(x, X509_VERSION_3));
	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(x), 1));
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), 0));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), 86400));
	assert_true(X509_set_pubkey(x, cg_key));
	return x;
}

static void __attribute__((unused))
cg_name_add(X509_NAME *n, int nid, int type, const void *v, int len)
{
	assert_true(X509_NAME_add_entry_by_NID(n, nid, type,
	    (const unsigned char *)v, len, -1, 0));
}

static void __attribute__((unused))
cg_utf8(X509_NAME *n, int nid, const char *v)
{
	cg_name_add(n, nid, MBSTRING_UTF8, v, -1);
}

static void __attribute__((unused))
cg_ext_raw(X509 *x, const char *oid, int crit, const uint8_t *der,
    size_t len)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *ext;

	assert_non_null(obj);
	assert_non_null(os);
	assert_true(ASN1_OCTET_STRING_set(os, der, (int)len));
	ext = X509_EXTENSION_create_by_OBJ(NULL, obj, crit, os);
	assert_non_null(ext);
	assert_true(X509_add_ext(x, ext, -1));
	X509_EXTENSION_free(ext);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(obj);
}

/* A CertificatePolicies-syntax extension oid holding the n policies. */
static void __attribute__((unused))
cg_ext_policies(X509 *x, const char *oid, int crit,
    const char *const *pols, size_t n)
{
	CERTIFICATEPOLICIES *cp = CERTIFICATEPOLICIES_new();
	POLICYINFO *pi;
	unsigned char *der = NULL;
	size_t i;
	int len;

	assert_non_null(cp);
	for (i = 0; i < n; i++) {
		pi = POLICYINFO_new();
		assert_non_null(pi);
		ASN1_OBJECT_free(pi->policyid);
		pi->policyid = OBJ_txt2obj(pols[i], 1);
		assert_non_null(pi->policyid);
		assert_true(sk_POLICYINFO_push(cp, pi) > 0);
	}
	len = i2d_CERTIFICATEPOLICIES(cp, &der);
	assert_true(len > 0);
	cg_ext_raw(x, oid, crit, der, (size_t)len);
	OPENSSL_free(der);
	CERTIFICATEPOLICIES_free(cp);
}

static void __attribute__((unused))
cg_sign(X509 *x)
{
	assert_true(X509_sign(x, cg_key, EVP_sha256()) > 0);
}

#endif
