/*
 * hex.h - hex strings of the description file ("D3 92 F0"), and hex
 * dumps for the trace.
 */
#ifndef EBID_VCARD_HEX_H
#define EBID_VCARD_HEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Parse whitespace-separated tokens of an even number of hex digits
 * into out (at most max bytes).  Returns 0, or -1 with *why set to a
 * static reason.
 */
int vc_hex_parse(const char *, uint8_t *out, size_t max, size_t *outlen,
    const char **why);
/* Parse exactly 2 * n hex digits (one token) into a number. */
int vc_hex_id(const char *, size_t n, uint16_t *);
void vc_hex_print(FILE *, const uint8_t *, size_t);

#endif
