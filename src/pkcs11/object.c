/*
 * object.c - PKCS#11 2.40 §5.7 object management.  The token is
 * read-only: functions that would write answer accordingly.
 */
#include "config.h"

#include "pkcs11/p11.h"
#include "token/token.h"

CK_RV
p11_CreateObject(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n,
    CK_OBJECT_HANDLE_PTR o)
{
	(void)t, (void)n, (void)o;
	return tok_session_write(h);
}

CK_RV
p11_CopyObject(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE src, CK_ATTRIBUTE_PTR t,
    CK_ULONG n, CK_OBJECT_HANDLE_PTR o)
{
	(void)src, (void)t, (void)n, (void)o;
	return tok_session_write(h);
}

CK_RV
p11_DestroyObject(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o)
{
	(void)o;
	return tok_session_write(h);
}

CK_RV
p11_SetAttributeValue(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
    CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
	(void)o, (void)t, (void)n;
	return tok_session_write(h);
}

CK_RV
p11_GetObjectSize(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ULONG_PTR size)
{
	return tok_object_size(h, o, size);
}

CK_RV
p11_GetAttributeValue(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o,
    CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
	return tok_get_attrs(h, o, t, n);
}

CK_RV
p11_FindObjectsInit(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
	return tok_find_init(h, t, n);
}

CK_RV
p11_FindObjects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR o, CK_ULONG max,
    CK_ULONG_PTR count)
{
	return tok_find(h, o, max, count);
}

CK_RV
p11_FindObjectsFinal(CK_SESSION_HANDLE h)
{
	return tok_find_final(h);
}
