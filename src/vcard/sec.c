/*
 * sec.c - PIN verification and signing.  The PIN from the host is
 * copied once, compared in constant time and wiped; a counter change
 * reaches the state file before the answer leaves.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"
#include "vcard/card.h"
#include "vcard/rsa.h"
#include "vcard/sec.h"
#include "vcard/state.h"
#include "vcard/sw.h"

#define PKCS1_OVERHEAD	11	/* 00 01 FF*8 00 */

static uint16_t
status(const struct vc_card *c, int pin, enum sec_status how)
{
	const struct vc_pin *p = &c->desc->pins[pin];

	if (how == SEC_STATUS_ALWAYS_63)
		return (uint16_t)SW_VERIFY_FAIL(p->tries);
	if (p->tries == 0)
		return SW_PIN_BLOCKED;
	if (c->verified[pin])
		return SW_OK;
	return (uint16_t)SW_VERIFY_FAIL(p->tries);
}

/* Does the data field hold the PIN?  Padding FF bytes are stripped. */
static int
pin_matches(const struct vc_pin *p, const struct vc_apdu *a)
{
	uint8_t buf[VC_PAD_MAX];
	const uint8_t *cur = a->data;
	size_t len = a->lc, n = a->lc;
	int eq = 0;

	if (buf_read(&cur, &len, buf, n) != EBID_OK)
		goto out;
	if (p->pad_len != 0)
		while (n > 0 && buf[n - 1] == 0xFF)
			n--;
	eq = n == p->value_len && mem_equal_ct(buf, p->value, n);
out:
	mem_wipe(buf, sizeof(buf));
	return eq;
}

/* Set the counter and persist it; on failure the old value stays. */
static int
set_tries(struct vc_card *c, int pin, unsigned tries)
{
	struct vc_pin *p = &c->desc->pins[pin];
	unsigned old = p->tries;

	if (old == tries)
		return 0;
	p->tries = tries;
	if (vc_state_save(c->desc) == 0)
		return 0;
	if (tries > old)
		p->tries = old;	/* a decrement is kept in memory anyway */
	return -1;
}

static uint16_t
wrong_pin(struct vc_card *c, int pin)
{
	unsigned left = c->desc->pins[pin].tries - 1;

	if (set_tries(c, pin, left) != 0)
		return SW_MEMORY_FAILURE;
	return (uint16_t)SW_VERIFY_FAIL(left);
}

uint16_t
vc_sec_verify(struct vc_card *c, int pin, const struct vc_apdu *a,
    enum sec_status how)
{
	const struct vc_pin *p = &c->desc->pins[pin];

	if (a->ne != 0)
		return SW_WRONG_LENGTH;
	if (a->lc == 0)
		return status(c, pin, how);
	if (p->tries == 0)
		return SW_PIN_BLOCKED;
	if (a->lc > VC_PAD_MAX || (p->pad_len != 0 && a->lc != p->pad_len))
		return SW_WRONG_LENGTH;
	c->verified[pin] = 0;
	if (!pin_matches(p, a))
		return wrong_pin(c, pin);
	if (set_tries(c, pin, p->max_tries) != 0)
		return SW_MEMORY_FAILURE;
	c->verified[pin] = 1;
	return SW_OK;
}

uint16_t
vc_sec_sign(struct vc_card *c, int key, const struct vc_apdu *a, blob_t *out)
{
	const struct vc_key *k = &c->desc->keys[key];
	int pin = k->pin.idx;

	if (c->desc->pins[pin].tries == 0)
		return SW_PIN_BLOCKED;
	if (!c->verified[pin])
		return SW_SECURITY;
	if (a->lc == 0 || a->lc > k->sig_len - PKCS1_OVERHEAD)
		return SW_WRONG_LENGTH;
	if (vc_rsa_sign_pkcs1(k->pkey, a->data, a->lc, out) != 0)
		return SW_UNKNOWN;
	return SW_OK;
}
