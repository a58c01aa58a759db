/*
 * hex.h - bytes as hex text, for serials, fingerprints and test scripts.
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

#endif
