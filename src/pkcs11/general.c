/*
 * general.c - PKCS#11 2.40 §5.4 general-purpose and §5.5 slot and token
 * functions: forwarded to the token layer, the result traced.
 */
#include "config.h"

#include "common/log.h"
#include "common/precond.h"
#include "pkcs11/p11.h"
#include "token/token.h"

#define TRACE(rv)	log_debug(LOG_P11, "rv=0x%lx", (unsigned long)(rv))

CK_RV
p11_Initialize(CK_VOID_PTR args)
{
	return tok_initialize(args);
}

CK_RV
p11_Finalize(CK_VOID_PTR reserved)
{
	return tok_finalize(reserved);
}

CK_RV
p11_GetInfo(CK_INFO_PTR info)
{
	return tok_get_info(info);
}

CK_RV
p11_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count)
{
	CK_RV rv = tok_slot_list(present, list, count);

	TRACE(rv);
	return rv;
}

CK_RV
p11_GetSlotInfo(CK_SLOT_ID id, CK_SLOT_INFO_PTR info)
{
	return tok_slot_info(id, info);
}

CK_RV
p11_GetTokenInfo(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info)
{
	CK_RV rv = tok_token_info(id, info);

	TRACE(rv);
	return rv;
}

CK_RV
p11_GetMechanismList(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list,
    CK_ULONG_PTR count)
{
	return tok_mech_list(id, list, count);
}

CK_RV
p11_GetMechanismInfo(CK_SLOT_ID id, CK_MECHANISM_TYPE type,
    CK_MECHANISM_INFO_PTR info)
{
	return tok_mech_info(id, type, info);
}

CK_RV
p11_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot,
    CK_VOID_PTR reserved)
{
	return_val_if_fail(reserved == NULL, CKR_ARGUMENTS_BAD);
	return tok_wait_slot(flags, slot);
}

/* The cards are issued by their CA: no initialization, no PIN setting. */
CK_RV
p11_InitToken(CK_SLOT_ID id, CK_UTF8CHAR_PTR pin, CK_ULONG len,
    CK_UTF8CHAR_PTR label)
{
	CK_RV rv;

	(void)id, (void)pin, (void)len, (void)label;
	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_SUPPORTED;
}

CK_RV
p11_InitPIN(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	CK_RV rv;

	(void)pin, (void)len;
	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_SUPPORTED;
}

CK_RV
p11_SetPIN(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR old, CK_ULONG oldlen,
    CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	CK_RV rv;

	(void)old, (void)oldlen, (void)pin, (void)len;
	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_SUPPORTED;
}
