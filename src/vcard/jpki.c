/*
 * jpki.c - the My Number card as OpenSC's jpki driver talks to it
 * (domain.md §2): VERIFY and the signature act on the PIN or key EF
 * selected last; the PIN status (VERIFY without data) answers 63 Cx
 * even after a successful VERIFY; the signature uses CLA 80.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "vcard/apdu.h"
#include "vcard/card.h"
#include "vcard/iso.h"
#include "vcard/sec.h"
#include "vcard/sw.h"

#define JPKI_VERIFY_P1P2	0x0080
#define JPKI_SIGN_P1P2		0x0080

static uint16_t
jpki_verify(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	(void)out;
	if (((unsigned)a->p1 << 8 | a->p2) != JPKI_VERIFY_P1P2)
		return SW_WRONG_P1P2;
	if (c->sel != SEL_PIN)
		return SW_NO_CURRENT_EF;
	return vc_sec_verify(c, (int)c->sel_idx, a, SEC_STATUS_ALWAYS_63);
}

static uint16_t
jpki_sign(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	if (((unsigned)a->p1 << 8 | a->p2) != JPKI_SIGN_P1P2)
		return SW_WRONG_P1P2;
	if (c->sel != SEL_KEY)
		return SW_CONDITIONS;
	return vc_sec_sign(c, (int)c->sel_idx, a, out);
}

static const struct vc_cmd jpki_cmds[] = {
	{ .cla = 0x00, .ins = INS_SELECT, .fn = vc_iso_select },
	{ .cla = 0x00, .ins = INS_READ_BINARY, .fn = vc_iso_read_binary },
	{ .cla = 0x00, .ins = INS_GET_DATA, .fn = vc_iso_get_data },
	{ .cla = 0x00, .ins = INS_GET_RESPONSE, .fn = vc_iso_get_response },
	{ .cla = 0x00, .ins = INS_VERIFY, .fn = jpki_verify },
	{ .cla = 0x80, .ins = INS_PSO, .fn = jpki_sign },
};
#define JPKI_NCMDS	6
_Static_assert(sizeof(jpki_cmds) / sizeof(jpki_cmds[0]) == JPKI_NCMDS,
    "jpki_cmds: one row per command");

const struct vc_ops vc_jpki_ops = {
	.cmds = jpki_cmds,
	.ncmds = JPKI_NCMDS,
	.secret_efs = 1,
};
