/*
 * p11.h - the C_* functions of the module, grouped by chapter of the
 * PKCS#11 2.40 specification; entry.c puts them in the function list.
 */
#ifndef EBID_PKCS11_P11_H
#define EBID_PKCS11_P11_H

#include <p11-kit/pkcs11.h>

#define X(name, args)	CK_RV name args;
#include "pkcs11/functions.h"
#undef X

#endif
