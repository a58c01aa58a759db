/*
 * session.c - PKCS#11 2.40 §5.6 session management.
 */
#include "config.h"

#include "common/log.h"
#include "pkcs11/p11.h"
#include "token/token.h"

CK_RV
p11_OpenSession(CK_SLOT_ID id, CK_FLAGS flags, CK_VOID_PTR app,
    CK_NOTIFY notify, CK_SESSION_HANDLE_PTR h)
{
	CK_RV rv;

	(void)app, (void)notify;	/* no callbacks are ever made */
	rv = tok_session_open(id, flags, h);
	log_debug(LOG_P11, "slot %lu: rv=0x%lx", id, rv);
	return rv;
}

CK_RV
p11_CloseSession(CK_SESSION_HANDLE h)
{
	return tok_session_close(h);
}

CK_RV
p11_CloseAllSessions(CK_SLOT_ID id)
{
	return tok_session_close_all(id);
}

CK_RV
p11_GetSessionInfo(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info)
{
	return tok_session_info(h, info);
}

CK_RV
p11_GetOperationState(CK_SESSION_HANDLE h, CK_BYTE_PTR state,
    CK_ULONG_PTR len)
{
	CK_RV rv;

	(void)state, (void)len;
	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_SUPPORTED;
}

CK_RV
p11_SetOperationState(CK_SESSION_HANDLE h, CK_BYTE_PTR state, CK_ULONG len,
    CK_OBJECT_HANDLE ek, CK_OBJECT_HANDLE ak)
{
	CK_RV rv;

	(void)state, (void)len, (void)ek, (void)ak;
	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_SUPPORTED;
}

/* The PIN is passed on as (pointer, length) and never logged. */
CK_RV
p11_Login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin,
    CK_ULONG len)
{
	CK_RV rv = tok_login(h, user, pin, len);

	log_debug(LOG_P11, "user type %lu: rv=0x%lx", user, rv);
	return rv;
}

CK_RV
p11_Logout(CK_SESSION_HANDLE h)
{
	return tok_logout(h);
}

/* PKCS#11 2.40 §5.16: legacy functions. */
CK_RV
p11_GetFunctionStatus(CK_SESSION_HANDLE h)
{
	CK_RV rv;

	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_PARALLEL;
}

CK_RV
p11_CancelFunction(CK_SESSION_HANDLE h)
{
	CK_RV rv;

	if ((rv = tok_session_valid(h)) != CKR_OK)
		return rv;
	return CKR_FUNCTION_NOT_PARALLEL;
}
