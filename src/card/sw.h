/*
 * sw.h - ISO 7816-4 status words to EBID_ERR_* codes (the only place).
 */
#ifndef EBID_CARD_SW_H
#define EBID_CARD_SW_H

#include <stdint.h>

#define SW_OK			0x9000
#define SW_BYTES_REMAINING(sw)	(((sw) & 0xFF00) == 0x6100)
#define SW_WRONG_LE(sw)		(((sw) & 0xFF00) == 0x6C00)

/*
 * Translate a status word.  For 63Cx, *tries (when not NULL) receives x;
 * otherwise it is set to -1.
 */
int sw_to_rc(uint16_t sw, int *tries);

#endif
