/*
 * rv.h - EBID_ERR_* to CK_RV: the only place where that happens.
 */
#ifndef EBID_TOKEN_RV_H
#define EBID_TOKEN_RV_H

#include <p11-kit/pkcs11.h>

CK_RV tok_rv(int rc);

#endif
