/*
 * iso.c - SELECT (by AID, by FID), READ BINARY, GET DATA (serial) and
 * GET RESPONSE, as docs/card-profile.md describes them.
 */
#include "config.h"

#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/apdu.h"
#include "vcard/card.h"
#include "vcard/iso.h"
#include "vcard/sw.h"

#define SEL_P1_AID	0x04
#define SEL_P1_EF	0x02
#define SEL_P2_NONE	0x0C	/* no response data */
#define SEL_P2_FCI	0x00
#define SEL_P2_FCP	0x04
#define TAG_FCI		0x6F
#define TAG_FCP		0x62
#define TAG_DF_NAME	0x84
#define TAG_SIZE	0x80
#define TAG_FDB		0x82
#define TAG_FID		0x83
#define FDB_TRANSPARENT	0x01
#define FDB_INTERNAL	0x08
#define SERIAL_P1P2	0x0101

uint16_t
vc_iso_put(blob_t *out, const uint8_t *p, size_t n)
{
	return blob_append(out, p, n) == EBID_OK ? SW_OK : SW_UNKNOWN;
}

static uint16_t
p1p2(const struct vc_apdu *a)
{
	return (uint16_t)((unsigned)a->p1 << 8 | a->p2);
}

/* 6F L 84 L AID */
static uint16_t
put_fci(const struct vc_desc *d, blob_t *out)
{
	uint8_t hdr[4];

	hdr[0] = TAG_FCI;
	hdr[1] = (uint8_t)(2 + d->aid_len);
	hdr[2] = TAG_DF_NAME;
	hdr[3] = (uint8_t)d->aid_len;
	if (vc_iso_put(out, hdr, sizeof(hdr)) != SW_OK)
		return SW_UNKNOWN;
	return vc_iso_put(out, d->aid, d->aid_len);
}

static uint16_t
select_aid(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	const struct vc_desc *d = c->desc;

	if (a->p2 != SEL_P2_NONE && a->p2 != SEL_P2_FCI)
		return SW_WRONG_P1P2;
	if (a->lc == 0)
		return SW_WRONG_LENGTH;
	if (a->lc != d->aid_len || memcmp(a->data, d->aid, a->lc) != 0)
		return SW_NOT_FOUND;
	c->app = 1;
	c->sel = SEL_NONE;
	if (a->p2 == SEL_P2_FCI)
		return put_fci(d, out);
	return SW_OK;
}

/* Look fid up among the EFs; PIN and key EFs only where selectable. */
static int
find_ef(const struct vc_card *c, uint16_t fid, enum vc_sel *sel, size_t *idx)
{
	const struct vc_desc *d = c->desc;
	int i;

	if ((i = vc_desc_file_index(d, fid)) >= 0)
		*sel = SEL_FILE;
	else if (c->ops->secret_efs && (i = vc_desc_pin_index(d, fid)) >= 0)
		*sel = SEL_PIN;
	else if (c->ops->secret_efs && (i = vc_desc_key_index(d, fid)) >= 0)
		*sel = SEL_KEY;
	else
		return -1;
	*idx = (size_t)i;
	return 0;
}

/* 62 L [80 02 SIZE] 82 01 FDB 83 02 FID */
static uint16_t
put_fcp(const struct vc_card *c, uint16_t fid, blob_t *out)
{
	uint8_t b[2 + 4 + 3 + 4];
	size_t n = 2, size;

	if (c->sel == SEL_FILE) {
		size = c->desc->files[c->sel_idx].len;
		b[n++] = TAG_SIZE;
		b[n++] = 2;
		b[n++] = (uint8_t)(size >> 8);
		b[n++] = (uint8_t)size;
	}
	b[n++] = TAG_FDB;
	b[n++] = 1;
	b[n++] = c->sel == SEL_FILE ? FDB_TRANSPARENT : FDB_INTERNAL;
	b[n++] = TAG_FID;
	b[n++] = 2;
	b[n++] = (uint8_t)(fid >> 8);
	b[n++] = (uint8_t)fid;
	b[0] = TAG_FCP;
	b[1] = (uint8_t)(n - 2);
	return vc_iso_put(out, b, n);
}

static uint16_t
select_ef(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	const uint8_t *p = a->data;
	size_t len = a->lc, idx;
	enum vc_sel sel;
	uint16_t fid;

	if (a->p2 != SEL_P2_NONE && a->p2 != SEL_P2_FCP)
		return SW_WRONG_P1P2;
	if (buf_u16be(&p, &len, &fid) != EBID_OK || len != 0)
		return SW_WRONG_LENGTH;
	if (!c->app || find_ef(c, fid, &sel, &idx) != 0)
		return SW_NOT_FOUND;
	c->sel = sel;
	c->sel_idx = idx;
	if (a->p2 == SEL_P2_FCP)
		return put_fcp(c, fid, out);
	return SW_OK;
}

uint16_t
vc_iso_select(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	switch (a->p1) {
	case SEL_P1_AID:
		return select_aid(c, a, out);
	case SEL_P1_EF:
		return select_ef(c, a, out);
	default:
		return SW_WRONG_P1P2;
	}
}

uint16_t
vc_iso_read_binary(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	const struct vc_file *f;
	size_t off, n;
	int pin;

	if (a->p1 & 0x80)
		return SW_WRONG_P1P2;	/* short EF identifiers: none */
	if (a->lc != 0 || a->ne == 0)
		return SW_WRONG_LENGTH;
	if (c->sel == SEL_NONE)
		return SW_NO_CURRENT_EF;
	if (c->sel != SEL_FILE)
		return SW_FILE_INCOMPATIBLE;
	f = &c->desc->files[c->sel_idx];
	pin = f->read_pin.idx;
	if (pin >= 0 && !c->verified[pin])
		return SW_SECURITY;
	if ((off = p1p2(a)) >= f->len)
		return SW_WRONG_OFFSET;
	n = f->len - off < a->ne ? f->len - off : a->ne;
	return vc_iso_put(out, f->data + off, n);
}

uint16_t
vc_iso_get_data(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	const struct vc_desc *d = c->desc;

	if (p1p2(a) != SERIAL_P1P2)
		return SW_WRONG_P1P2;
	if (a->lc != 0 || a->ne == 0)
		return SW_WRONG_LENGTH;
	if (d->serial_len == 0)
		return SW_REF_NOT_FOUND;
	return vc_iso_put(out, d->serial, d->serial_len);
}

uint16_t
vc_iso_get_response(struct vc_card *c, const struct vc_apdu *a, blob_t *out)
{
	uint16_t sw;

	if (p1p2(a) != 0)
		return SW_WRONG_P1P2;
	if (a->lc != 0 || a->ne == 0)
		return SW_WRONG_LENGTH;
	if (c->pending->len == 0)
		return SW_CONDITIONS;
	sw = vc_iso_put(out, c->pending->ptr, c->pending->len);
	blob_reset(c->pending);
	return sw;
}
