/*
 * rsa.h - the card's signature: PKCS#1 v1.5 type 1 padding of what the
 * host sent (a DigestInfo), then the RSA private key operation.
 */
#ifndef EBID_VCARD_RSA_H
#define EBID_VCARD_RSA_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "common/buf.h"

/* Append the signature (EVP_PKEY_get_size bytes) to out. 0 or -1. */
int vc_rsa_sign_pkcs1(EVP_PKEY *, const uint8_t *, size_t, blob_t *out);

#endif
