/*
 * mech.c - the mechanism table.
 *
 * The card signs a DigestInfo with PKCS#1 v1.5 padding added on the card
 * (docs/card-profile.md), so CKM_RSA_PKCS passes the caller's data
 * through and the hash mechanisms hash on the host and prefix the
 * DigestInfo header (RFC 8017 §9.2, note 1).
 */
#include "config.h"

#include "common/dinfo.h"
#include "token/mech.h"

#define SIGN_FLAGS	(CKF_HW | CKF_SIGN)

static const struct tok_mech tok_mechs[] = {
	{ .type = CKM_RSA_PKCS, .flags = SIGN_FLAGS },
	{ .type = CKM_SHA1_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha1,
	    .prefix = ebid_di_sha1, .prefix_len = sizeof(ebid_di_sha1) },
	{ .type = CKM_SHA256_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha256,
	    .prefix = ebid_di_sha256, .prefix_len = sizeof(ebid_di_sha256) },
	{ .type = CKM_SHA384_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha384,
	    .prefix = ebid_di_sha384, .prefix_len = sizeof(ebid_di_sha384) },
	{ .type = CKM_SHA512_RSA_PKCS, .flags = SIGN_FLAGS, .md = EVP_sha512,
	    .prefix = ebid_di_sha512, .prefix_len = sizeof(ebid_di_sha512) },
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
