/*
 * sw.h - the status words the emulated cards answer.
 */
#ifndef EBID_VCARD_SW_H
#define EBID_VCARD_SW_H

#define SW_OK			0x9000
#define SW_MORE(n)		(0x6100 | ((n) > 0xFF ? 0 : (n)))
#define SW_VERIFY_FAIL(n)	(0x63C0 | ((n) & 0x0F))
#define SW_MEMORY_FAILURE	0x6581
#define SW_WRONG_LENGTH		0x6700
#define SW_FILE_INCOMPATIBLE	0x6981
#define SW_SECURITY		0x6982
#define SW_PIN_BLOCKED		0x6983
#define SW_CONDITIONS		0x6985
#define SW_NO_CURRENT_EF	0x6986
#define SW_WRONG_DATA		0x6A80
#define SW_NOT_FOUND		0x6A82
#define SW_WRONG_P1P2		0x6A86
#define SW_REF_NOT_FOUND	0x6A88
#define SW_WRONG_OFFSET		0x6B00
#define SW_INS_UNKNOWN		0x6D00
#define SW_CLA_UNKNOWN		0x6E00
#define SW_UNKNOWN		0x6F00

#endif
