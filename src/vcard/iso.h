/*
 * iso.h - the commands both profiles answer the same way: SELECT, READ
 * BINARY, GET DATA and GET RESPONSE.
 */
#ifndef EBID_VCARD_ISO_H
#define EBID_VCARD_ISO_H

#include "vcard/card.h"

vc_cmd_fn vc_iso_select;
vc_cmd_fn vc_iso_read_binary;
vc_cmd_fn vc_iso_get_data;
vc_cmd_fn vc_iso_get_response;

/* Append bytes to a response: SW_OK, or SW_UNKNOWN out of memory. */
uint16_t vc_iso_put(blob_t *, const uint8_t *, size_t);

#endif
