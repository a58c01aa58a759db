/*
 * hex.h - bytes as hex text and back, for serials, fingerprints, profile
 * fields (AIDs, ATRs) and test scripts.
 */
#ifndef EBID_COMMON_HEX_H
#define EBID_COMMON_HEX_H

#include <stddef.h>
#include <stdint.h>

enum { HEX_UPPER = 0, HEX_LOWER = 1 };

/*
 * Writes as many whole bytes of p as fit in out (two digits each, no
 * separator) and a NUL; out is "" when outn is too small for one byte.
 */
void hex_encode(const uint8_t *p, size_t n, char *out, size_t outn,
    int lower);

/* The value of one hex digit (either case), or -1. */
int hex_digit(int c);

/*
 * Hex digits in s into out (at most max bytes), skipping every character
 * of seps (NULL: none) wherever it stands; *len gets the byte count, which
 * may be 0.  EBID_ERR_PARSE for any other character or an odd number of
 * digits, EBID_ERR_BUFFER_SMALL past max bytes; *len is then untouched.
 */
int hex_decode(const char *s, const char *seps, uint8_t *out, size_t max,
    size_t *len);

#endif
