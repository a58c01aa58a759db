/*
 * mech.c - the mechanism table.
 *
 * The card signs a DigestInfo with PKCS#1 v1.5 padding added on the card
 * (docs/card-profile.md), so CKM_RSA_PKCS passes the caller's data
 * through and the hash mechanisms hash on the host and prefix the
 * DigestInfo header (RFC 8017 §9.2, note 1).
 */
#include "config.h"

#include "token/mech.h"

/* DigestInfo headers, DER: SEQUENCE { AlgorithmIdentifier, OCTET STRING } */
static const uint8_t di_sha1[] = {	/* 1.3.14.3.2.26 */
	0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
	0x05, 0x00, 0x04, 0x14,
};
static const uint8_t di_sha256[] = {	/* 2.16.840.1.101.3.4.2.1 */
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
};
static const uint8_t di_sha384[] = {	/* 2.16.840.1.101.3.4.2.2 */
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
};
static const uint8_t di_sha512[] = {	/* 2.16.840.1.101.3.4.2.3 */
	0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
};

#define SIGN_FLAGS	(CKF_HW | CKF_SIGN)

static const struct tok_mech tok_mechs[] = {
	{ .type = CKM_RSA_PKCS, .flags = SIGN_FLAGS },
	{ .type = CKM_SHA1_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha1,
	    .prefix = di_sha1, .prefix_len = sizeof(di_sha1) },
	{ .type = CKM_SHA256_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha256,
	    .prefix = di_sha256, .prefix_len = sizeof(di_sha256) },
	{ .type = CKM_SHA384_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha384,
	    .prefix = di_sha384, .prefix_len = sizeof(di_sha384) },
	{ .type = CKM_SHA512_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha512,
	    .prefix = di_sha512, .prefix_len = sizeof(di_sha512) },
};

_Static_assert(sizeof(tok_mechs) / sizeof(tok_mechs[0]) == 5,
    "five mechanisms, as documented in ebid-pkcs11(8)");

size_t
tok_mech_count(void)
{
	return sizeof(tok_mechs) / sizeof(tok_mechs[0]);
}

const struct tok_mech *
tok_mech_at(size_t i)
{
	return i < tok_mech_count() ? &tok_mechs[i] : NULL;
}

const struct tok_mech *
tok_mech_find(CK_MECHANISM_TYPE type)
{
	size_t i;

	for (i = 0; i < tok_mech_count(); i++)
		if (tok_mechs[i].type == type)
			return &tok_mechs[i];
	return NULL;
}
