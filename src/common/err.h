/*
 * err.h - return codes shared by every layer below pkcs11/.
 *
 * Functions in card/, transport/, policy/, conf/ and common/ return
 * EBID_OK (0) or one of the negative codes below.  Translation from card
 * status words happens only in card/sw.c; translation to CK_RV happens
 * only in token/rv.c.
 */
#ifndef EBID_COMMON_ERR_H
#define EBID_COMMON_ERR_H

enum {
	EBID_OK = 0,
	EBID_ERR_ARG = -1,		/* caller passed a bad argument */
	EBID_ERR_NOMEM = -2,
	EBID_ERR_PARSE = -3,		/* malformed untrusted input */
	EBID_ERR_INTERNAL = -4,
	EBID_ERR_CONFIG = -5,
	EBID_ERR_UNSUPPORTED = -6,
	EBID_ERR_BUFFER_SMALL = -7,
	EBID_ERR_TIMEOUT = -8,
	EBID_ERR_CANCELLED = -9,
	EBID_ERR_CRYPTO = -10,
	/* transport */
	EBID_ERR_NO_SERVICE = -20,	/* pcscd not running */
	EBID_ERR_NO_READER = -21,
	EBID_ERR_NO_CARD = -22,		/* no card, or card removed */
	EBID_ERR_CARD_RESET = -23,	/* card was reset by another process */
	EBID_ERR_SHARING = -24,		/* reader used exclusively elsewhere */
	EBID_ERR_IO = -25,		/* any other transport failure */
	/* card status words (card/sw.c) */
	EBID_ERR_PIN_INCORRECT = -40,	/* 63Cx */
	EBID_ERR_PIN_BLOCKED = -41,	/* 6983 */
	EBID_ERR_SECURITY = -42,	/* 6982 */
	EBID_ERR_NOT_FOUND = -43,	/* 6A82, 6A88 */
	EBID_ERR_WRONG_LENGTH = -44,	/* 6700 */
	EBID_ERR_WRONG_PARAM = -45,	/* 6A86, 6B00, 6A80 */
	EBID_ERR_INS = -46,		/* 6D00 */
	EBID_ERR_CLA = -47,		/* 6E00 */
	EBID_ERR_CONDITIONS = -48,	/* 6985, 6986 */
	EBID_ERR_MEMORY = -49,		/* 6581 */
	EBID_ERR_CARD = -50,		/* any other status word */
	/* checked by the host before anything is sent */
	EBID_ERR_PIN_LEN = -60,		/* PIN length outside the profile */
	EBID_ERR_PIN_FORMAT = -61,	/* PIN has characters the card refuses */
	/* policy */
	EBID_ERR_PIN_GUARD = -70,	/* the PIN guard holds: nothing sent */
	EBID_ERR_REFUSED = -71,		/* the card is refused by the policy */
	EBID_ERR_LOCKED = -72,		/* a lock file is held elsewhere */
};

const char *ebid_strerr(int rc);

#endif
