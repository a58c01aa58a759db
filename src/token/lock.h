/*
 * lock.h - mutexes, either the application's (CK_C_INITIALIZE_ARGS
 * callbacks) or the operating system's.
 */
#ifndef EBID_TOKEN_LOCK_H
#define EBID_TOKEN_LOCK_H

#include <p11-kit/pkcs11.h>

typedef struct tok_lock tok_lock_t;

/* Choose the mutex kind from the C_Initialize arguments. */
CK_RV tok_lock_setup(const CK_C_INITIALIZE_ARGS *);
void tok_lock_teardown(void);
CK_RV tok_lock_new(tok_lock_t **);
void tok_lock_free(tok_lock_t **);
void tok_lock(tok_lock_t *);
void tok_unlock(tok_lock_t *);

#endif
