/*
 * descval.c - one setter per "key = value" of the description file.
 * Each checks its value completely and reports at the current line.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vcard/atr.h"
#include "vcard/desc.h"
#include "vcard/descparse.h"
#include "vcard/hex.h"
#include "vcard/load.h"
#include "vcard/num.h"

static void
set_hex(struct desc_parser *p, const char *key, const char *v, uint8_t *out,
    size_t max, size_t *len)
{
	const char *why;

	if (vc_hex_parse(v, out, max, len, &why) != 0) {
		*len = 0;
		vc_desc_err(p, p->line, "%s: %s (1 to %zu hex bytes)", key, why,
		    max);
	}
}

static void
set_profile(struct desc_parser *p, const char *v)
{
	p->d->profile_line = p->line;
	if (strcmp(v, "jacic") == 0)
		p->d->profile = VC_PROFILE_JACIC;
	else if (strcmp(v, "jpki") == 0)
		p->d->profile = VC_PROFILE_JPKI;
	else
		vc_desc_err(p, p->line, "profile: `%s' is neither jacic nor "
		    "jpki", v);
}

/* A last byte written XX is the check byte, computed here. */
static int
atr_fill_tck(uint8_t *atr, size_t *len, const char **why)
{
	size_t body;
	int tck;

	if (vc_atr_layout(atr, *len, &body, &tck, why) != 0)
		return -1;
	if (!tck || body != *len) {
		*why = tck ? "XX must follow the last historical byte" :
		    "XX given, but only T=0 is indicated: no TCK";
		return -1;
	}
	if (*len == VC_ATR_MAX) {
		*why = "longer than 33 bytes";
		return -1;
	}
	atr[*len] = vc_atr_tck(atr, *len);
	(*len)++;
	return 0;
}

static void
set_atr(struct desc_parser *p, const char *v)
{
	struct vc_desc *d = p->d;
	char buf[4 * VC_ATR_MAX];
	const char *why = NULL;
	size_t n = strlen(v);
	int xx;

	xx = n >= 2 && strcasecmp(v + n - 2, "XX") == 0 &&
	    (n == 2 || v[n - 3] == ' ' || v[n - 3] == '\t');
	if (n >= sizeof(buf)) {
		vc_desc_err(p, p->line, "atr: longer than %d bytes",
		    VC_ATR_MAX);
		return;
	}
	memcpy(buf, v, n + 1);
	if (xx)
		buf[n - 2] = '\0';
	if (vc_hex_parse(buf, d->atr, VC_ATR_MAX, &d->atr_len, &why) != 0 ||
	    (xx && atr_fill_tck(d->atr, &d->atr_len, &why) != 0) ||
	    vc_atr_check(d->atr, d->atr_len, &why) != 0) {
		d->atr_len = 0;
		vc_desc_err(p, p->line, "atr: %s", why);
	}
}

static void
set_aid(struct desc_parser *p, const char *v)
{
	p->d->aid_line = p->line;
	set_hex(p, "aid", v, p->d->aid, VC_AID_MAX, &p->d->aid_len);
}

static void
set_serial(struct desc_parser *p, const char *v)
{
	set_hex(p, "serial", v, p->d->serial, VC_SERIAL_MAX,
	    &p->d->serial_len);
}

static void
set_state(struct desc_parser *p, const char *v)
{
	if ((p->d->state_path = vc_desc_path_join(p->d, v)) == NULL)
		vc_desc_err(p, p->line, "out of memory");
}

static void
set_pin_value(struct desc_parser *p, const char *v)
{
	struct vc_pin *pin = &p->d->pins[p->cur];
	size_t i, n = strlen(v);

	for (i = 0; i < n; i++)
		if (v[i] < 0x20 || v[i] > 0x7E)
			break;
	if (i != n || n > VC_PIN_MAX) {
		vc_desc_err(p, p->line, "value: the PIN must be 1 to %d "
		    "printable ASCII characters", VC_PIN_MAX);
		return;
	}
	memcpy(pin->value, v, n);
	pin->value_len = n;
}

static void
set_max_tries(struct desc_parser *p, const char *v)
{
	struct vc_pin *pin = &p->d->pins[p->cur];

	if (vc_num_parse(v, 1, VC_TRIES_MAX, &pin->max_tries) != 0)
		vc_desc_err(p, p->line, "max_tries: `%s' is not a number "
		    "from 1 to %d", v, VC_TRIES_MAX);
}

static void
set_pad(struct desc_parser *p, const char *v)
{
	struct vc_pin *pin = &p->d->pins[p->cur];

	if (strcmp(v, "none") == 0)
		pin->pad_len = 0;
	else if (strncasecmp(v, "ff:", 3) != 0 ||
	    vc_num_parse(v + 3, 1, VC_PAD_MAX, &pin->pad_len) != 0)
		vc_desc_err(p, p->line, "pad: `%s' is neither none nor ff:N "
		    "(N from 1 to %d)", v, VC_PAD_MAX);
}

static void
set_der(struct desc_parser *p, const char *v)
{
	struct vc_file *f = &p->d->files[p->cur];
	const char *why;
	char *path;

	if ((path = vc_desc_path_join(p->d, v)) == NULL) {
		vc_desc_err(p, p->line, "out of memory");
		return;
	}
	if (vc_load_file(path, VC_FILE_MAX, &f->data, &f->len, &why) != 0)
		vc_desc_err(p, p->line, "der: %s: %s", path, why);
	else if (vc_load_der_check(f->data, f->len, &why) != 0)
		vc_desc_err(p, p->line, "der: %s: %s", path, why);
	free(path);
}

static void
set_pinref(struct desc_parser *p, struct vc_pinref *ref, const char *key,
    const char *v)
{
	size_t n = strlen(v);

	ref->line = p->line;
	ref->idw = (unsigned)(n / 2);
	if ((n != 2 && n != 4) || vc_hex_id(v, n / 2, &ref->id) != 0) {
		ref->line = 0;
		vc_desc_err(p, p->line, "%s: `%s' is not a PIN id (2 or 4 hex "
		    "digits)", key, v);
	}
}

static void
set_read_pin(struct desc_parser *p, const char *v)
{
	set_pinref(p, &p->d->files[p->cur].read_pin, "read_pin", v);
}

static void
set_pem(struct desc_parser *p, const char *v)
{
	struct vc_key *k = &p->d->keys[p->cur];
	const char *why;
	char *path;

	if ((path = vc_desc_path_join(p->d, v)) == NULL) {
		vc_desc_err(p, p->line, "out of memory");
		return;
	}
	if (vc_load_rsa_pem(path, &k->pkey, &why) != 0)
		vc_desc_err(p, p->line, "pem: %s: %s", path, why);
	else
		k->sig_len = (size_t)EVP_PKEY_get_size(k->pkey);
	free(path);
}

static void
set_key_pin(struct desc_parser *p, const char *v)
{
	set_pinref(p, &p->d->keys[p->cur].pin, "pin", v);
}

const struct desc_key_rule vc_desc_key_rules[] = {
	{ .sect = SECT_CARD, .name = "profile", .req = REQ_ALWAYS,
	  .set = set_profile },
	{ .sect = SECT_CARD, .name = "atr", .req = REQ_ALWAYS,
	  .set = set_atr },
	{ .sect = SECT_CARD, .name = "aid", .req = REQ_OPTIONAL,
	  .set = set_aid },
	{ .sect = SECT_CARD, .name = "serial", .req = REQ_JACIC,
	  .set = set_serial },
	{ .sect = SECT_CARD, .name = "state", .req = REQ_OPTIONAL,
	  .set = set_state },
	{ .sect = SECT_PIN, .name = "value", .req = REQ_ALWAYS,
	  .set = set_pin_value },
	{ .sect = SECT_PIN, .name = "max_tries", .req = REQ_ALWAYS,
	  .set = set_max_tries },
	{ .sect = SECT_PIN, .name = "pad", .req = REQ_OPTIONAL,
	  .set = set_pad },
	{ .sect = SECT_FILE, .name = "der", .req = REQ_ALWAYS,
	  .set = set_der },
	{ .sect = SECT_FILE, .name = "read_pin", .req = REQ_OPTIONAL,
	  .set = set_read_pin },
	{ .sect = SECT_KEY, .name = "pem", .req = REQ_ALWAYS,
	  .set = set_pem },
	{ .sect = SECT_KEY, .name = "pin", .req = REQ_ALWAYS,
	  .set = set_key_pin },
};
#define DESC_NKEY_RULES	12
_Static_assert(sizeof(vc_desc_key_rules) / sizeof(vc_desc_key_rules[0]) ==
    DESC_NKEY_RULES, "vc_desc_key_rules: one row per key");
_Static_assert(DESC_NKEY_RULES <= 32, "seen bits fit an unsigned");
const size_t vc_desc_nkey_rules = DESC_NKEY_RULES;
