/*
 * mech.h - the mechanism table: one row per mechanism drives
 * C_GetMechanismList, C_GetMechanismInfo and signing.
 */
#ifndef EBID_TOKEN_MECH_H
#define EBID_TOKEN_MECH_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <p11-kit/pkcs11.h>

struct tok_mech {
	CK_MECHANISM_TYPE	 type;
	CK_FLAGS		 flags;
	const EVP_MD		*(*md)(void);	/* NULL: data is signed as is */
	const uint8_t		*prefix;	/* DigestInfo before the hash */
	size_t			 prefix_len;
};

size_t tok_mech_count(void);
const struct tok_mech *tok_mech_at(size_t);
const struct tok_mech *tok_mech_find(CK_MECHANISM_TYPE);

#endif
