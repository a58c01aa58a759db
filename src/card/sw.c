/*
 * sw.c - ISO 7816-4 status words to EBID_ERR_* codes.
 *
 * This is the only file that knows what a status word means.
 */
#include "config.h"

#include <stddef.h>

#include "card/sw.h"
#include "common/err.h"

struct sw_map {
	uint16_t	sw;
	uint16_t	mask;
	int		rc;
};

static const struct sw_map sw_map[] = {
	{ 0x9000, 0xFFFF, EBID_OK },
	{ 0x63C0, 0xFFF0, EBID_ERR_PIN_INCORRECT },	/* x tries left */
	{ 0x6300, 0xFFFF, EBID_ERR_PIN_INCORRECT },	/* no count given */
	{ 0x6983, 0xFFFF, EBID_ERR_PIN_BLOCKED },
	{ 0x6984, 0xFFFF, EBID_ERR_PIN_BLOCKED },	/* reference data unusable */
	{ 0x6982, 0xFFFF, EBID_ERR_SECURITY },
	{ 0x6985, 0xFFFF, EBID_ERR_CONDITIONS },
	{ 0x6986, 0xFFFF, EBID_ERR_CONDITIONS },
	{ 0x6A82, 0xFFFF, EBID_ERR_NOT_FOUND },
	{ 0x6A88, 0xFFFF, EBID_ERR_NOT_FOUND },
	{ 0x6A83, 0xFFFF, EBID_ERR_NOT_FOUND },
	{ 0x6700, 0xFFFF, EBID_ERR_WRONG_LENGTH },
	{ 0x6A80, 0xFFFF, EBID_ERR_WRONG_PARAM },
	{ 0x6A86, 0xFFFF, EBID_ERR_WRONG_PARAM },
	{ 0x6B00, 0xFFFF, EBID_ERR_WRONG_PARAM },
	{ 0x6D00, 0xFFFF, EBID_ERR_INS },
	{ 0x6E00, 0xFFFF, EBID_ERR_CLA },
	{ 0x6581, 0xFFFF, EBID_ERR_MEMORY },
	{ 0x6400, 0xFFFF, EBID_ERR_TIMEOUT },	/* PIN pad: no entry in time */
	{ 0x6401, 0xFFFF, EBID_ERR_CANCELLED },	/* PIN pad: user cancelled */
	{ 0x6A84, 0xFFFF, EBID_ERR_MEMORY },
};

int
sw_to_rc(uint16_t sw, int *tries)
{
	size_t i;

	if (tries != NULL)
		*tries = -1;
	for (i = 0; i < sizeof(sw_map) / sizeof(sw_map[0]); i++) {
		if ((sw & sw_map[i].mask) != sw_map[i].sw)
			continue;
		if (sw_map[i].mask != 0xFFF0)
			return sw_map[i].rc;
		if (tries != NULL)
			*tries = sw & 0x0F;
		/* 63C0: that wrong PIN used the last try */
		return (sw & 0x0F) == 0 ? EBID_ERR_PIN_BLOCKED :
		    sw_map[i].rc;
	}
	return EBID_ERR_CARD;
}
