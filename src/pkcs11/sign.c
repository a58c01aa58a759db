/*
 * sign.c - PKCS#11 2.40 §5.11 signing.
 */
#include "config.h"

#include "pkcs11/p11.h"
#include "token/token.h"

CK_RV
p11_SignInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k)
{
	return tok_sign_init(h, m, k);
}

CK_RV
p11_Sign(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG n, CK_BYTE_PTR sig,
    CK_ULONG_PTR len)
{
	return tok_sign(h, d, n, sig, len);
}

CK_RV
p11_SignUpdate(CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG n)
{
	return tok_sign_update(h, d, n);
}

CK_RV
p11_SignFinal(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR len)
{
	return tok_sign_final(h, sig, len);
}
