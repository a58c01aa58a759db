/*
 * rsa.c - raw PKCS#1 v1.5 signatures with the OpenSSL 3 EVP API: no
 * message digest is set, so the input is padded as it is.
 */
#include "config.h"

#include <stdint.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/rsa.h"

int
vc_rsa_sign_pkcs1(EVP_PKEY *pk, const uint8_t *tbs, size_t n, blob_t *out)
{
	EVP_PKEY_CTX *ctx;
	size_t siglen;
	int ok = -1;

	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL)) == NULL)
		goto fail;
	if (EVP_PKEY_sign_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_sign(ctx, NULL, &siglen, tbs, n) <= 0)
		goto fail;
	if (SIZE_MAX - out->len < siglen ||
	    blob_reserve(out, out->len + siglen) != EBID_OK)
		goto fail;
	if (EVP_PKEY_sign(ctx, out->ptr + out->len, &siglen, tbs, n) <= 0)
		goto fail;
	out->len += siglen;
	ok = 0;
fail:
	ERR_clear_error();
	EVP_PKEY_CTX_free(ctx);
	return ok;
}
