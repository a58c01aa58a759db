/*
 * load.h - the files a description names: EF contents (DER) and RSA
 * private keys (PEM).
 */
#ifndef EBID_VCARD_LOAD_H
#define EBID_VCARD_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* A whole regular file of at most max bytes. 0, or -1 with *why. */
int vc_load_file(const char *path, size_t max, uint8_t **, size_t *,
    const char **why);
/* The bytes are exactly one DER object (tag, definite length, value). */
int vc_load_der_check(const uint8_t *, size_t, const char **why);
/* The bytes are exactly one X.509 certificate. */
int vc_load_x509_check(const uint8_t *, size_t, const char **why);
/* An RSA private key, PEM (PKCS#8 or traditional), not encrypted. */
int vc_load_rsa_pem(const char *path, EVP_PKEY **, const char **why);

#endif
