/*
 * apdu.h - command APDUs as the card sees them (ISO 7816-4 §5.1):
 * the four cases, short and extended.
 */
#ifndef EBID_VCARD_APDU_H
#define EBID_VCARD_APDU_H

#include <stddef.h>
#include <stdint.h>

#define INS_VERIFY		0x20
#define INS_VERIFY_ODD		0x21	/* not answered; redacted all the same */
#define INS_MSE			0x22
#define INS_CHANGE_REF		0x24
#define INS_PSO			0x2A
#define INS_RESET_RETRY		0x2C
#define INS_SELECT		0xA4
#define INS_READ_BINARY		0xB0
#define INS_GET_RESPONSE	0xC0
#define INS_GET_DATA		0xCA

struct vc_apdu {
	uint8_t		 cla;
	uint8_t		 ins;
	uint8_t		 p1;
	uint8_t		 p2;
	const uint8_t	*data;	/* points into the command */
	size_t		 lc;
	size_t		 ne;	/* 0: no Le field; else 1 to 65536 */
	int		 ext;	/* extended length fields */
};

/* 0, or -1 when the bytes are no well-formed APDU (answer 67 00). */
int vc_apdu_parse(const uint8_t *, size_t, struct vc_apdu *);
/* The data field may carry a PIN (VERIFY, CHANGE, RESET RETRY). */
int vc_apdu_is_secret(uint8_t ins);

#endif
