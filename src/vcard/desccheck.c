/*
 * desccheck.c - what can only be checked after the whole description
 * has been read: required keys, the ids each profile allows,
 * references between sections, and defaults.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcard/desc.h"
#include "vcard/descparse.h"
#include "vcard/load.h"

/* The JPKI application (domain.md §2). */
static const uint8_t jpki_aid[] = {
	0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
};
/* The reference JACIC profile's default (docs/card-profile.md). */
static const uint8_t jacic_aid[] = {
	0xD3, 0x92, 0xF0, 0x00, 0x45, 0x42, 0x49, 0x44, 0x01,
};
_Static_assert(sizeof(jpki_aid) <= VC_AID_MAX, "jpki AID fits");
_Static_assert(sizeof(jacic_aid) <= VC_AID_MAX, "jacic AID fits");

#define JPKI_AUTH_KEY	0x0017
#define JPKI_AUTH_PIN	0x0018
#define JPKI_SIGN_KEY	0x001A
#define JPKI_SIGN_PIN	0x001B
#define JACIC_REF_MAX	0x1F	/* VERIFY P2 = 0x80 | ref */

static void
check_required_in(struct desc_parser *p, enum desc_sect s, unsigned seen,
    unsigned line, const char *label)
{
	size_t i;
	int need;

	for (i = 0; i < vc_desc_nkey_rules; i++) {
		if (vc_desc_key_rules[i].sect != s || (seen & (1U << i)))
			continue;
		need = vc_desc_key_rules[i].req == REQ_ALWAYS ||
		    (vc_desc_key_rules[i].req == REQ_JACIC &&
		    p->d->profile == VC_PROFILE_JACIC);
		if (need)
			vc_desc_err(p, line, "[%s]: missing `%s'", label,
			    vc_desc_key_rules[i].name);
	}
}

static void
label(char *buf, size_t n, enum desc_sect s, uint16_t id, unsigned idw)
{
	snprintf(buf, n, "%s %0*X", vc_desc_sect_name(s), (int)(2 * idw),
	    (unsigned)id);
}

static void
check_required(struct desc_parser *p)
{
	struct vc_desc *d = p->d;
	char lb[16];
	size_t i;

	check_required_in(p, SECT_CARD, d->card_seen, d->card_line, "card");
	for (i = 0; i < d->npins; i++) {
		label(lb, sizeof(lb), SECT_PIN, d->pins[i].id, d->pins[i].idw);
		check_required_in(p, SECT_PIN, d->pins[i].seen,
		    d->pins[i].line, lb);
	}
	for (i = 0; i < d->nfiles; i++) {
		label(lb, sizeof(lb), SECT_FILE, d->files[i].fid,
		    d->files[i].idw);
		check_required_in(p, SECT_FILE, d->files[i].seen,
		    d->files[i].line, lb);
	}
	for (i = 0; i < d->nkeys; i++) {
		label(lb, sizeof(lb), SECT_KEY, d->keys[i].id, d->keys[i].idw);
		check_required_in(p, SECT_KEY, d->keys[i].seen,
		    d->keys[i].line, lb);
	}
}

static void
check_files(struct desc_parser *p)
{
	const struct vc_file *f;
	size_t i;

	for (i = 0; i < p->d->nfiles; i++) {
		f = &p->d->files[i];
		if (f->idw != 2)
			vc_desc_err(p, f->line, "[file %02X]: a FID has 4 hex "
			    "digits", (unsigned)f->fid);
		else if (f->fid == 0x3F00 || f->fid == 0x3FFF ||
		    f->fid == 0xFFFF)
			vc_desc_err(p, f->line, "[file %04X]: reserved FID",
			    (unsigned)f->fid);
	}
}

static void
check_jacic(struct desc_parser *p)
{
	struct vc_desc *d = p->d;
	size_t i;

	for (i = 0; i < d->npins; i++)
		if (d->pins[i].idw != 1 || d->pins[i].id > JACIC_REF_MAX)
			vc_desc_err(p, d->pins[i].line, "[pin %0*X]: with "
			    "profile jacic the id is a PIN reference, 00 to 1F",
			    (int)(2 * d->pins[i].idw), (unsigned)d->pins[i].id);
	for (i = 0; i < d->nkeys; i++)
		if (d->keys[i].idw != 1)
			vc_desc_err(p, d->keys[i].line, "[key %04X]: with "
			    "profile jacic the id is a key reference of 2 hex "
			    "digits",
			    (unsigned)d->keys[i].id);
	if (d->aid_len == 0) {
		memcpy(d->aid, jacic_aid, sizeof(jacic_aid));
		d->aid_len = sizeof(jacic_aid);
	}
}

static int
jpki_is_cert(uint16_t fid)
{
	return fid == 0x0001 || fid == 0x0002 || fid == 0x000A ||
	    fid == 0x000B;
}

static int
jpki_is_secret(uint16_t fid)
{
	return fid == JPKI_AUTH_KEY || fid == JPKI_AUTH_PIN ||
	    fid == JPKI_SIGN_KEY || fid == JPKI_SIGN_PIN;
}

/* OpenSC sizes a JPKI certificate from its first 4 bytes, 30 82 LL LL. */
static void
check_jpki_file(struct desc_parser *p, const struct vc_file *f)
{
	const char *why;

	if (jpki_is_cert(f->fid) && f->len > 0 &&
	    vc_load_x509_check(f->data, f->len, &why) != 0)
		vc_desc_err(p, f->line, "[file %04X]: %s", (unsigned)f->fid,
		    why);
	else if (jpki_is_secret(f->fid))
		vc_desc_err(p, f->line, "[file %04X]: with profile jpki this "
		    "FID is a PIN or key EF", (unsigned)f->fid);
	else if (jpki_is_cert(f->fid) && f->len > 0 &&
	    (f->len < 4 || f->data[0] != 0x30 || f->data[1] != 0x82))
		vc_desc_err(p, f->line, "[file %04X]: a JPKI certificate must "
		    "start 30 82 (a 2-byte DER length)", (unsigned)f->fid);
}

static void
check_jpki(struct desc_parser *p)
{
	struct vc_desc *d = p->d;
	size_t i;

	for (i = 0; i < d->npins; i++)
		if (d->pins[i].idw != 2 || (d->pins[i].id != JPKI_AUTH_PIN &&
		    d->pins[i].id != JPKI_SIGN_PIN))
			vc_desc_err(p, d->pins[i].line, "[pin %0*X]: with "
			    "profile jpki the id is a PIN EF, 0018 or 001B",
			    (int)(2 * d->pins[i].idw), (unsigned)d->pins[i].id);
	for (i = 0; i < d->nkeys; i++)
		if (d->keys[i].idw != 2 || (d->keys[i].id != JPKI_AUTH_KEY &&
		    d->keys[i].id != JPKI_SIGN_KEY))
			vc_desc_err(p, d->keys[i].line, "[key %0*X]: with "
			    "profile jpki the id is a key EF, 0017 or 001A",
			    (int)(2 * d->keys[i].idw), (unsigned)d->keys[i].id);
	for (i = 0; i < d->nfiles; i++)
		check_jpki_file(p, &d->files[i]);
	if (d->aid_len != 0)
		vc_desc_err(p, d->aid_line,
		    "aid: profile jpki has a fixed AID");
	memcpy(d->aid, jpki_aid, sizeof(jpki_aid));
	d->aid_len = sizeof(jpki_aid);
}

static void
resolve(struct desc_parser *p, struct vc_pinref *ref)
{
	if (ref->line == 0)
		return;
	if ((ref->idx = vc_desc_pin_index(p->d, ref->id)) < 0)
		vc_desc_err(p, ref->line, "no [pin %0*X] section",
		    (int)(2 * ref->idw), (unsigned)ref->id);
}

static void
check_refs(struct desc_parser *p)
{
	struct vc_desc *d = p->d;
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		resolve(p, &d->files[i].read_pin);
	for (i = 0; i < d->nkeys; i++)
		resolve(p, &d->keys[i].pin);
	for (i = 0; i < d->npins; i++)
		if (d->pins[i].pad_len != 0 &&
		    d->pins[i].pad_len < d->pins[i].value_len)
			vc_desc_err(p, d->pins[i].line, "[pin %0*X]: the value "
			    "is longer than its padding (pad = ff:%u)",
			    (int)(2 * d->pins[i].idw), (unsigned)d->pins[i].id,
			    d->pins[i].pad_len);
}

/* <description>.state, with a final ".card" dropped. */
static void
default_state(struct desc_parser *p)
{
	struct vc_desc *d = p->d;
	size_t n = strlen(d->path);

	if (d->state_path != NULL)
		return;
	if (n > 5 && strcmp(d->path + n - 5, ".card") == 0)
		n -= 5;
	if ((d->state_path = malloc(n + sizeof(".state"))) == NULL) {
		vc_desc_err(p, 0, "out of memory");
		return;
	}
	memcpy(d->state_path, d->path, n);
	memcpy(d->state_path + n, ".state", sizeof(".state"));
}

void
vc_desc_check(struct desc_parser *p)
{
	struct vc_desc *d = p->d;

	if (d->card_line == 0) {
		vc_desc_err(p, 0, "no [card] section");
		return;
	}
	check_required(p);
	check_files(p);
	if (d->profile == VC_PROFILE_JACIC)
		check_jacic(p);
	else if (d->profile == VC_PROFILE_JPKI)
		check_jpki(p);
	check_refs(p);
	default_state(p);
}
