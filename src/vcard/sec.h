/*
 * sec.h - the security commands both profiles share: PIN verification
 * against the persistent counter, and the PKCS#1 v1.5 signature.
 */
#ifndef EBID_VCARD_SEC_H
#define EBID_VCARD_SEC_H

#include <stddef.h>
#include <stdint.h>

#include "vcard/card.h"

enum sec_status {
	SEC_STATUS_ISO,		/* 90 00 when verified, else 63 Cx */
	SEC_STATUS_ALWAYS_63,	/* 63 Cx even when verified (JPKI) */
};

/* VERIFY of PIN index pin, with data or (status) without. */
uint16_t vc_sec_verify(struct vc_card *, int pin, const struct vc_apdu *,
    enum sec_status);
/* Sign the command data with key index key; the signature goes to out. */
uint16_t vc_sec_sign(struct vc_card *, int key, const struct vc_apdu *,
    blob_t *out);

#endif
