/*
 * atr.h - the structure of an answer-to-reset (ISO 7816-3 §8.2).
 */
#ifndef EBID_VCARD_ATR_H
#define EBID_VCARD_ATR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Walk TS, T0 and the interface bytes: *body is the length up to the
 * last historical byte, *tck whether a check byte must follow (any
 * protocol other than T=0 indicated).  0, or -1 with *why set.
 */
int vc_atr_layout(const uint8_t *, size_t, size_t *body, int *tck,
    const char **why);
/* The check byte for atr[0 .. len), len including TS. */
uint8_t vc_atr_tck(const uint8_t *, size_t);
/* The whole ATR is well formed, with the right TCK if one is needed. */
int vc_atr_check(const uint8_t *, size_t, const char **why);

#endif
