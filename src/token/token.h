/*
 * token.h - the token layer as the pkcs11 layer sees it.
 *
 * Each function checks the module's state (tok_check) and its
 * arguments, enters through enter.c (tok_slot_enter, tok_session_enter:
 * lock, look up, check) and leaves through tok_leave, and returns a
 * CK_RV.  The pkcs11 layer only forwards.
 */
#ifndef EBID_TOKEN_TOKEN_H
#define EBID_TOKEN_TOKEN_H

#include <time.h>

#include <p11-kit/pkcs11.h>

#include "transport/tp.h"

/* For tests: the transport C_Initialize will use (default: PC/SC). */
void tok_set_transport(const struct tp_ops *, void *arg);

/* For tests: the clock the policy decides by (NULL: time(2)). */
void tok_set_clock(time_t (*)(void));
/*
 * For tests: the module's verdict on the card in slot: accepted, and
 * the reason kinds as bits (1u << enum pol_deny_kind).
 * CKR_TOKEN_NOT_PRESENT when no card was read into a token.
 */
CK_RV tok_test_verdict(CK_SLOT_ID, int *accepted, unsigned *kinds);

/* module.c */
CK_RV tok_initialize(CK_VOID_PTR);
CK_RV tok_finalize(CK_VOID_PTR);
CK_RV tok_get_info(CK_INFO_PTR);
CK_RV tok_check(void);

/* slot.c */
CK_RV tok_slot_list(CK_BBOOL, CK_SLOT_ID_PTR, CK_ULONG_PTR);
CK_RV tok_slot_info(CK_SLOT_ID, CK_SLOT_INFO_PTR);
CK_RV tok_token_info(CK_SLOT_ID, CK_TOKEN_INFO_PTR);
CK_RV tok_mech_list(CK_SLOT_ID, CK_MECHANISM_TYPE_PTR, CK_ULONG_PTR);
CK_RV tok_mech_info(CK_SLOT_ID, CK_MECHANISM_TYPE, CK_MECHANISM_INFO_PTR);
CK_RV tok_wait_slot(CK_FLAGS, CK_SLOT_ID_PTR);

/* session.c */
CK_RV tok_session_open(CK_SLOT_ID, CK_FLAGS, CK_SESSION_HANDLE_PTR);
CK_RV tok_session_close(CK_SESSION_HANDLE);
CK_RV tok_session_close_all(CK_SLOT_ID);
CK_RV tok_session_info(CK_SESSION_HANDLE, CK_SESSION_INFO_PTR);
CK_RV tok_session_write(CK_SESSION_HANDLE);
CK_RV tok_session_valid(CK_SESSION_HANDLE);
CK_RV tok_login(CK_SESSION_HANDLE, CK_USER_TYPE, CK_UTF8CHAR_PTR, CK_ULONG);
CK_RV tok_logout(CK_SESSION_HANDLE);

/* find.c */
CK_RV tok_find_init(CK_SESSION_HANDLE, CK_ATTRIBUTE_PTR, CK_ULONG);
CK_RV tok_find(CK_SESSION_HANDLE, CK_OBJECT_HANDLE_PTR, CK_ULONG,
    CK_ULONG_PTR);
CK_RV tok_find_final(CK_SESSION_HANDLE);
CK_RV tok_get_attrs(CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_ATTRIBUTE_PTR,
    CK_ULONG);
CK_RV tok_object_size(CK_SESSION_HANDLE, CK_OBJECT_HANDLE, CK_ULONG_PTR);

/* sign.c */
CK_RV tok_sign_init(CK_SESSION_HANDLE, CK_MECHANISM_PTR, CK_OBJECT_HANDLE);
CK_RV tok_sign(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR,
    CK_ULONG_PTR);
CK_RV tok_sign_update(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG);
CK_RV tok_sign_final(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG_PTR);

#endif
