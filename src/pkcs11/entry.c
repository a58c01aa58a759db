/*
 * entry.c - the function list, and C_GetFunctionList: the only symbol
 * the module exports (see ebid-pkcs11.map).
 */
#include "config.h"

#include "common/precond.h"
#include "pkcs11/p11.h"

static CK_FUNCTION_LIST p11_functions = {
	.version = { CRYPTOKI_VERSION_MAJOR, CRYPTOKI_VERSION_MINOR },
	.C_Initialize = p11_Initialize,
	.C_Finalize = p11_Finalize,
	.C_GetInfo = p11_GetInfo,
	.C_GetFunctionList = p11_GetFunctionList,
	.C_GetSlotList = p11_GetSlotList,
	.C_GetSlotInfo = p11_GetSlotInfo,
	.C_GetTokenInfo = p11_GetTokenInfo,
	.C_GetMechanismList = p11_GetMechanismList,
	.C_GetMechanismInfo = p11_GetMechanismInfo,
	.C_InitToken = p11_InitToken,
	.C_InitPIN = p11_InitPIN,
	.C_SetPIN = p11_SetPIN,
	.C_OpenSession = p11_OpenSession,
	.C_CloseSession = p11_CloseSession,
	.C_CloseAllSessions = p11_CloseAllSessions,
	.C_GetSessionInfo = p11_GetSessionInfo,
	.C_GetOperationState = p11_GetOperationState,
	.C_SetOperationState = p11_SetOperationState,
	.C_Login = p11_Login,
	.C_Logout = p11_Logout,
	.C_CreateObject = p11_CreateObject,
	.C_CopyObject = p11_CopyObject,
	.C_DestroyObject = p11_DestroyObject,
	.C_GetObjectSize = p11_GetObjectSize,
	.C_GetAttributeValue = p11_GetAttributeValue,
	.C_SetAttributeValue = p11_SetAttributeValue,
	.C_FindObjectsInit = p11_FindObjectsInit,
	.C_FindObjects = p11_FindObjects,
	.C_FindObjectsFinal = p11_FindObjectsFinal,
	.C_EncryptInit = p11_EncryptInit,
	.C_Encrypt = p11_Encrypt,
	.C_EncryptUpdate = p11_EncryptUpdate,
	.C_EncryptFinal = p11_EncryptFinal,
	.C_DecryptInit = p11_DecryptInit,
	.C_Decrypt = p11_Decrypt,
	.C_DecryptUpdate = p11_DecryptUpdate,
	.C_DecryptFinal = p11_DecryptFinal,
	.C_DigestInit = p11_DigestInit,
	.C_Digest = p11_Digest,
	.C_DigestUpdate = p11_DigestUpdate,
	.C_DigestKey = p11_DigestKey,
	.C_DigestFinal = p11_DigestFinal,
	.C_SignInit = p11_SignInit,
	.C_Sign = p11_Sign,
	.C_SignUpdate = p11_SignUpdate,
	.C_SignFinal = p11_SignFinal,
	.C_SignRecoverInit = p11_SignRecoverInit,
	.C_SignRecover = p11_SignRecover,
	.C_VerifyInit = p11_VerifyInit,
	.C_Verify = p11_Verify,
	.C_VerifyUpdate = p11_VerifyUpdate,
	.C_VerifyFinal = p11_VerifyFinal,
	.C_VerifyRecoverInit = p11_VerifyRecoverInit,
	.C_VerifyRecover = p11_VerifyRecover,
	.C_DigestEncryptUpdate = p11_DigestEncryptUpdate,
	.C_DecryptDigestUpdate = p11_DecryptDigestUpdate,
	.C_SignEncryptUpdate = p11_SignEncryptUpdate,
	.C_DecryptVerifyUpdate = p11_DecryptVerifyUpdate,
	.C_GenerateKey = p11_GenerateKey,
	.C_GenerateKeyPair = p11_GenerateKeyPair,
	.C_WrapKey = p11_WrapKey,
	.C_UnwrapKey = p11_UnwrapKey,
	.C_DeriveKey = p11_DeriveKey,
	.C_SeedRandom = p11_SeedRandom,
	.C_GenerateRandom = p11_GenerateRandom,
	.C_GetFunctionStatus = p11_GetFunctionStatus,
	.C_CancelFunction = p11_CancelFunction,
	.C_WaitForSlotEvent = p11_WaitForSlotEvent,
};

CK_RV
p11_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
	return_val_if_fail(list != NULL, CKR_ARGUMENTS_BAD);
	*list = &p11_functions;
	return CKR_OK;
}

/* The exported entry point. */
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR);

CK_RV
C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
	return p11_GetFunctionList(list);
}
