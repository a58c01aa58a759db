/*
 * unsupported.c - functions these cards cannot perform.
 *
 * The cards sign and nothing else: each of these checks that the module
 * is initialized and the session valid, then answers
 * CKR_FUNCTION_NOT_SUPPORTED, as PKCS#11 2.40 §5.1 allows.
 */
#include "config.h"

#include "pkcs11/p11.h"
#include "token/token.h"

static CK_RV
unsupported(CK_SESSION_HANDLE h)
{
	CK_RV rv;

	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_SUPPORTED;
}

/* PKCS#11 2.40 §5.15: a token without a random number generator. */
static CK_RV
no_rng(CK_SESSION_HANDLE h)
{
	CK_RV rv;

	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_RANDOM_NO_RNG;
}

CK_RV
p11_EncryptInit(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_OBJECT_HANDLE a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_Encrypt(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2, CK_BYTE_PTR a3,
    CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_EncryptUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_EncryptFinal(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG_PTR a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_DecryptInit(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_OBJECT_HANDLE a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_Decrypt(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2, CK_BYTE_PTR a3,
    CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_DecryptUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_DecryptFinal(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG_PTR a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_DigestInit(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1)
{
	(void)a1;
	return unsupported(a0);
}

CK_RV
p11_Digest(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2, CK_BYTE_PTR a3,
    CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_DigestUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_DigestKey(CK_SESSION_HANDLE a0, CK_OBJECT_HANDLE a1)
{
	(void)a1;
	return unsupported(a0);
}

CK_RV
p11_DigestFinal(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG_PTR a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_SignRecoverInit(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1,
    CK_OBJECT_HANDLE a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_SignRecover(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_VerifyInit(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_OBJECT_HANDLE a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_Verify(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2, CK_BYTE_PTR a3,
    CK_ULONG a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_VerifyUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_VerifyFinal(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_VerifyRecoverInit(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1,
    CK_OBJECT_HANDLE a2)
{
	(void)a1, (void)a2;
	return unsupported(a0);
}

CK_RV
p11_VerifyRecover(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_DigestEncryptUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_DecryptDigestUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_SignEncryptUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_DecryptVerifyUpdate(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2,
    CK_BYTE_PTR a3, CK_ULONG_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_GenerateKey(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_ATTRIBUTE_PTR a2,
    CK_ULONG a3, CK_OBJECT_HANDLE_PTR a4)
{
	(void)a1, (void)a2, (void)a3, (void)a4;
	return unsupported(a0);
}

CK_RV
p11_GenerateKeyPair(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1,
    CK_ATTRIBUTE_PTR a2, CK_ULONG a3, CK_ATTRIBUTE_PTR a4, CK_ULONG a5,
    CK_OBJECT_HANDLE_PTR a6, CK_OBJECT_HANDLE_PTR a7)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7;
	return unsupported(a0);
}

CK_RV
p11_WrapKey(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_OBJECT_HANDLE a2,
    CK_OBJECT_HANDLE a3, CK_BYTE_PTR a4, CK_ULONG_PTR a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return unsupported(a0);
}

CK_RV
p11_UnwrapKey(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_OBJECT_HANDLE a2,
    CK_BYTE_PTR a3, CK_ULONG a4, CK_ATTRIBUTE_PTR a5, CK_ULONG a6,
    CK_OBJECT_HANDLE_PTR a7)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7;
	return unsupported(a0);
}

CK_RV
p11_DeriveKey(CK_SESSION_HANDLE a0, CK_MECHANISM_PTR a1, CK_OBJECT_HANDLE a2,
    CK_ATTRIBUTE_PTR a3, CK_ULONG a4, CK_OBJECT_HANDLE_PTR a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return unsupported(a0);
}

CK_RV
p11_SeedRandom(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2)
{
	(void)a1, (void)a2;
	return no_rng(a0);
}

CK_RV
p11_GenerateRandom(CK_SESSION_HANDLE a0, CK_BYTE_PTR a1, CK_ULONG a2)
{
	(void)a1, (void)a2;
	return no_rng(a0);
}
