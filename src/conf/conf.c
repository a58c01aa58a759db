/*
 * conf.c - the module configuration: one table of keys.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/apdu.h"
#include "common/err.h"
#include "common/hex.h"
#include "conf/conf.h"
#include "conf/ini.h"

#define CONF_SECTIONS_MAX	64

enum conf_sect {
	SECT_NONE,
	SECT_PROFILE,
	SECT_AUTHORITY,
	SECT_POLICY,
	SECT_DENY,
};

struct conf_ctx {
	struct conf	*conf;
	enum conf_sect	 sect;
	void		*cur;	/* the section's struct */
	uint64_t	 seen;	/* keys of conf_keys[] set in this section */
	int		 policy_seen;
};

typedef int (*conf_parse_fn)(const char *val, void *field, char *what,
    size_t wlen);

struct conf_key {
	enum conf_sect	 sect;
	const char	*key;
	conf_parse_fn	 parse;
	size_t		 off;	/* of the field in the section's struct */
};

static int
parse_uint(const char *val, unsigned long max, int base, unsigned long *out)
{
	char *end;

	if (*val == '\0' || *val == '-' || *val == '+')
		return EBID_ERR_CONFIG;
	errno = 0;
	*out = strtoul(val, &end, base);
	if (errno != 0 || *end != '\0' || *out > max)
		return EBID_ERR_CONFIG;
	return EBID_OK;
}

static int
p_text(const char *val, void *field, char *what, size_t wlen)
{
	if (strlen(val) >= CONF_TEXT_MAX) {
		snprintf(what, wlen, "text longer than %d bytes",
		    CONF_TEXT_MAX - 1);
		return EBID_ERR_CONFIG;
	}
	memcpy(field, val, strlen(val) + 1);
	return EBID_OK;
}

static int
p_name(const char *val, void *field, char *what, size_t wlen)
{
	if (*val == '\0' || strlen(val) >= CONF_NAME_MAX ||
	    strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
	    strlen(val)) {
		snprintf(what, wlen, "\"%s\" is not a name ([a-z0-9_-], at "
		    "most %d)", val, CONF_NAME_MAX - 1);
		return EBID_ERR_CONFIG;
	}
	memcpy(field, val, strlen(val) + 1);
	return EBID_OK;
}

static int
p_fid(const char *val, void *field, char *what, size_t wlen)
{
	unsigned long v;

	if (strlen(val) != 4 || parse_uint(val, 0xFFFF, 16, &v) != EBID_OK) {
		snprintf(what, wlen, "\"%s\" is not a file ID (4 hex digits)",
		    val);
		return EBID_ERR_CONFIG;
	}
	*(uint16_t *)field = (uint16_t)v;
	return EBID_OK;
}

static int
p_ref(const char *val, void *field, char *what, size_t wlen)
{
	unsigned long v;

	if (strlen(val) != 2 || parse_uint(val, 0x7F, 16, &v) != EBID_OK) {
		snprintf(what, wlen, "\"%s\" is not a reference (2 hex "
		    "digits, 00-7F)", val);
		return EBID_ERR_CONFIG;
	}
	*(uint8_t *)field = (uint8_t)v;
	return EBID_OK;
}

static int
p_pinlen(const char *val, void *field, char *what, size_t wlen)
{
	unsigned long v;

	if (parse_uint(val, CARD_PIN_MAX, 10, &v) != EBID_OK || v == 0) {
		snprintf(what, wlen, "\"%s\" is not a PIN length (1-%d)", val,
		    CARD_PIN_MAX);
		return EBID_ERR_CONFIG;
	}
	*(size_t *)field = v;
	return EBID_OK;
}

static int
p_lockcount(const char *val, void *field, char *what, size_t wlen)
{
	unsigned long v;

	if (strcmp(val, "unknown") == 0) {
		*(int *)field = 0;
		return EBID_OK;
	}
	if (parse_uint(val, 255, 10, &v) != EBID_OK || v == 0) {
		snprintf(what, wlen, "\"%s\" is not a lock count (1-255 or "
		    "unknown)", val);
		return EBID_ERR_CONFIG;
	}
	*(int *)field = (int)v;
	return EBID_OK;
}

/* Hex bytes, spaces allowed: "D3 92 F0 00"; at least one. */
static int
p_hex(const char *val, uint8_t *out, size_t max, size_t *len)
{
	size_t n;

	if (hex_decode(val, " ", out, max, &n) != EBID_OK || n == 0)
		return EBID_ERR_CONFIG;
	*len = n;
	return EBID_OK;
}

static int
p_aid(const char *val, void *field, char *what, size_t wlen)
{
	struct card_profile *p = field;

	if (p_hex(val, p->aid, CARD_AID_MAX, &p->aid_len) != EBID_OK ||
	    p->aid_len < 5) {
		snprintf(what, wlen, "\"%s\" is not an AID (5-16 hex bytes)",
		    val);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
p_atr(const char *val, void *field, char *what, size_t wlen)
{
	struct conf_profile *p = field;

	if (p_hex(val, p->atr, TP_ATR_MAX, &p->atr_len) != EBID_OK) {
		snprintf(what, wlen, "\"%s\" is not an ATR (1-33 hex bytes)",
		    val);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
p_atr_mask(const char *val, void *field, char *what, size_t wlen)
{
	struct conf_profile *p = field;

	if (p_hex(val, p->atr_mask, TP_ATR_MAX, &p->atr_mask_len) !=
	    EBID_OK) {
		snprintf(what, wlen, "\"%s\" is not an ATR mask", val);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
p_serial(const char *val, void *field, char *what, size_t wlen)
{
	struct card_profile *p = field;

	if (strncmp(val, "getdata:", 8) == 0 &&
	    p_fid(val + 8, &p->serial_id, what, wlen) == EBID_OK) {
		p->serial_src = CARD_SERIAL_GETDATA;
		return EBID_OK;
	}
	if (strncmp(val, "ef:", 3) == 0 &&
	    p_fid(val + 3, &p->serial_id, what, wlen) == EBID_OK) {
		p->serial_src = CARD_SERIAL_EF;
		return EBID_OK;
	}
	snprintf(what, wlen, "\"%s\": serial is getdata:P1P2 or ef:FID", val);
	return EBID_ERR_CONFIG;
}

static int
p_charset(const char *val, void *field, char *what, size_t wlen)
{
	enum card_pin_charset *cs = field;

	if (strcmp(val, "digits") == 0)
		*cs = CARD_PIN_DIGITS;
	else if (strcmp(val, "alnum") == 0)
		*cs = CARD_PIN_ALNUM;
	else if (strcmp(val, "ascii") == 0)
		*cs = CARD_PIN_ASCII;
	else {
		snprintf(what, wlen, "\"%s\": pin_charset is digits, alnum "
		    "or ascii", val);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
p_pad(const char *val, void *field, char *what, size_t wlen)
{
	struct card_profile *p = field;
	unsigned long n;

	if (strcmp(val, "none") == 0) {
		p->pin_pad_len = 0;
		return EBID_OK;
	}
	if (strncmp(val, "ff:", 3) == 0 && parse_uint(val + 3, CARD_PIN_MAX,
	    10, &n) == EBID_OK && n > 0) {
		p->pin_pad_len = n;
		p->pin_pad_byte = 0xFF;
		return EBID_OK;
	}
	snprintf(what, wlen, "\"%s\": pin_pad is none or ff:N (N 1-%d)", val,
	    CARD_PIN_MAX);
	return EBID_ERR_CONFIG;
}

static int
p_bool_ext(const char *val, void *field, char *what, size_t wlen)
{
	unsigned *flags = field;

	if (strcmp(val, "yes") == 0)
		*flags |= APDU_F_EXTENDED;
	else if (strcmp(val, "no") == 0)
		*flags &= ~(unsigned)APDU_F_EXTENDED;
	else {
		snprintf(what, wlen, "\"%s\": expected yes or no", val);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
p_yesno(const char *val, void *field, char *what, size_t wlen)
{
	if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0) {
		*(int *)field = strcmp(val, "yes") == 0;
		return EBID_OK;
	}
	snprintf(what, wlen, "\"%s\": expected yes or no", val);
	return EBID_ERR_CONFIG;
}

static int
p_binding(const char *val, void *field, char *what, size_t wlen)
{
	if (strcmp(val, "national") == 0)
		*(int *)field = 0;	/* POL_BIND_NATIONAL */
	else if (strcmp(val, "local-strict") == 0)
		*(int *)field = 1;	/* POL_BIND_LOCAL_STRICT */
	else {
		snprintf(what, wlen, "\"%s\": binding is national or "
		    "local-strict", val);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
p_reserve(const char *val, void *field, char *what, size_t wlen)
{
	unsigned long v;

	if (parse_uint(val, 254, 10, &v) != EBID_OK || v == 0) {
		snprintf(what, wlen, "\"%s\": pin_reserve is a number of "
		    "tries, 1-254 (never 0: a PIN may never lock the card)",
		    val);
		return EBID_ERR_CONFIG;
	}
	*(int *)field = (int)v;
	return EBID_OK;
}

static int
p_pinstatus(const char *val, void *field, char *what, size_t wlen)
{
	if (strcmp(val, "card") == 0 || strcmp(val, "counter") == 0) {
		*(int *)field = strcmp(val, "counter") == 0;
		return EBID_OK;
	}
	snprintf(what, wlen, "\"%s\": pin_status is card or counter", val);
	return EBID_ERR_CONFIG;
}

/* Space-separated dotted OID prefixes: checked here, used by policy/. */
static int
p_oids(const char *val, void *field, char *what, size_t wlen)
{
	if (*val == '\0' || strspn(val, "0123456789. ") != strlen(val) ||
	    *val == '.' || strstr(val, "..") != NULL ||
	    strstr(val, " .") != NULL) {
		snprintf(what, wlen, "\"%s\": expected dotted OIDs "
		    "separated by spaces", val);
		return EBID_ERR_CONFIG;
	}
	return p_text(val, field, what, wlen);
}

#define PROF(f)		offsetof(struct conf_profile, f)
#define CARD(f)		(PROF(card) + offsetof(struct card_profile, f))
#define AUTH(f)		offsetof(struct conf_authority, f)
#define POLI(f)		offsetof(struct conf_policy, f)
#define DENY(f)		offsetof(struct conf_deny, f)

static const struct conf_key conf_keys[] = {
	{ SECT_PROFILE, "aid", p_aid, PROF(card) },
	{ SECT_PROFILE, "atr", p_atr, 0 },
	{ SECT_PROFILE, "atr_mask", p_atr_mask, 0 },
	{ SECT_PROFILE, "cert_fid", p_fid, CARD(cert_fid) },
	{ SECT_PROFILE, "ca_fid", p_fid, CARD(ca_fid) },
	{ SECT_PROFILE, "serial", p_serial, PROF(card) },
	{ SECT_PROFILE, "pin_ref", p_ref, CARD(pin_ref) },
	{ SECT_PROFILE, "key_ref", p_ref, CARD(key_ref) },
	{ SECT_PROFILE, "pin_min", p_pinlen, CARD(pin_min) },
	{ SECT_PROFILE, "pin_max", p_pinlen, CARD(pin_max) },
	{ SECT_PROFILE, "pin_charset", p_charset, CARD(pin_charset) },
	{ SECT_PROFILE, "pin_pad", p_pad, PROF(card) },
	{ SECT_PROFILE, "extended_apdu", p_bool_ext, CARD(apdu_flags) },
	{ SECT_PROFILE, "always_authenticate", p_yesno, PROF(always_auth) },
	{ SECT_PROFILE, "pin_status", p_pinstatus, PROF(pin_counter) },
	{ SECT_AUTHORITY, "name_ja", p_text, AUTH(name_ja) },
	{ SECT_AUTHORITY, "name_en", p_text, AUTH(name_en) },
	{ SECT_AUTHORITY, "profile", p_name, AUTH(profile) },
	{ SECT_AUTHORITY, "pin_lock_count", p_lockcount, AUTH(pin_lock_count) },
	{ SECT_AUTHORITY, "ca_file", p_text, AUTH(ca_file) },
	{ SECT_AUTHORITY, "crl_file", p_text, AUTH(crl_file) },
	{ SECT_AUTHORITY, "policies", p_oids, AUTH(policies) },
	{ SECT_AUTHORITY, "holder_in_org", p_yesno, AUTH(holder_in_org) },
	{ SECT_POLICY, "registry", p_text, POLI(registry) },
	{ SECT_POLICY, "variants", p_text, POLI(variants) },
	{ SECT_POLICY, "ca_dir", p_text, POLI(ca_dir) },
	{ SECT_POLICY, "pin_state_dir", p_text, POLI(pin_state_dir) },
	{ SECT_POLICY, "binding", p_binding, POLI(binding) },
	{ SECT_POLICY, "audit", p_yesno, POLI(audit) },
	{ SECT_POLICY, "pin_reserve", p_reserve, POLI(pin_reserve) },
	{ SECT_DENY, "policy", p_oids, DENY(policy) },
	{ SECT_DENY, "issuer", p_text, DENY(issuer) },
};

_Static_assert(sizeof(conf_keys) / sizeof(conf_keys[0]) <= 64,
    "conf_ctx.seen has one bit per key");

static void *
grow(void *v, size_t n, size_t size)
{
	if (n >= CONF_SECTIONS_MAX)
		return NULL;
	return realloc(v, (n + 1) * size);
}

/* Why grow() gave NULL: n sections already, or no memory. */
static int
grow_failed(size_t n, const char *full, char *what, size_t wlen)
{
	if (n < CONF_SECTIONS_MAX) {
		snprintf(what, wlen, "out of memory");
		return EBID_ERR_NOMEM;
	}
	snprintf(what, wlen, "%s", full);
	return EBID_ERR_CONFIG;
}

static int
new_profile(struct conf_ctx *cx, const char *name, char *what, size_t wlen)
{
	struct conf *c = cx->conf;
	struct conf_profile *p;

	if ((p = grow(c->profiles, c->nprofiles, sizeof(*p))) == NULL) {
		return grow_failed(c->nprofiles, "too many profiles", what, wlen);
	}
	c->profiles = p;
	p = &c->profiles[c->nprofiles++];
	memset(p, 0, sizeof(*p));
	card_profile_default(&p->card);
	cx->cur = p;
	return p_name(name, p->name, what, wlen);
}

static int
new_authority(struct conf_ctx *cx, const struct ini_pos *pos,
    const char *id, char *what, size_t wlen)
{
	struct conf *c = cx->conf;
	struct conf_authority *a;

	if ((a = grow(c->auths, c->nauths, sizeof(*a))) == NULL) {
		return grow_failed(c->nauths, "too many authorities", what, wlen);
	}
	c->auths = a;
	a = &c->auths[c->nauths++];
	memset(a, 0, sizeof(*a));
	a->line = pos->line;
	cx->cur = a;
	return p_name(id, a->id, what, wlen);
}

static int
new_policy(struct conf_ctx *cx, const char *name, char *what, size_t wlen)
{
	if (*name != '\0') {
		snprintf(what, wlen, "[policy] takes no name");
		return EBID_ERR_CONFIG;
	}
	if (cx->policy_seen++) {
		snprintf(what, wlen, "[policy] given twice");
		return EBID_ERR_CONFIG;
	}
	cx->sect = SECT_POLICY;
	cx->cur = &cx->conf->policy;
	return EBID_OK;
}

static int
new_deny(struct conf_ctx *cx, const struct ini_pos *pos, const char *name,
    char *what, size_t wlen)
{
	struct conf *c = cx->conf;
	struct conf_deny *d;

	if ((d = grow(c->denies, c->ndenies, sizeof(*d))) == NULL) {
		return grow_failed(c->ndenies, "too many [deny] sections", what, wlen);
	}
	c->denies = d;
	d = &c->denies[c->ndenies++];
	memset(d, 0, sizeof(*d));
	d->line = pos->line;
	cx->cur = d;
	return p_name(name, d->name, what, wlen);
}

static int
on_section(void *arg, const struct ini_pos *pos, const char *type,
    const char *name, char *what, size_t wlen)
{
	struct conf_ctx *cx = arg;

	cx->seen = 0;
	if (strcmp(type, "profile") == 0) {
		cx->sect = SECT_PROFILE;
		if (conf_profile_find(cx->conf, name) != NULL) {
			snprintf(what, wlen, "profile \"%s\" defined twice",
			    name);
			return EBID_ERR_CONFIG;
		}
		return new_profile(cx, name, what, wlen);
	}
	if (strcmp(type, "authority") == 0) {
		cx->sect = SECT_AUTHORITY;
		return new_authority(cx, pos, name, what, wlen);
	}
	if (strcmp(type, "policy") == 0)
		return new_policy(cx, name, what, wlen);
	if (strcmp(type, "deny") == 0) {
		cx->sect = SECT_DENY;
		return new_deny(cx, pos, name, what, wlen);
	}
	snprintf(what, wlen, "unknown section [%s]", type);
	return EBID_ERR_CONFIG;
}

static int
on_entry(void *arg, const struct ini_pos *pos, const char *key,
    const char *val, char *what, size_t wlen)
{
	struct conf_ctx *cx = arg;
	size_t i;

	(void)pos;
	for (i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++) {
		if (conf_keys[i].sect != cx->sect ||
		    strcmp(conf_keys[i].key, key) != 0)
			continue;
		if (cx->seen & (1ULL << i)) {
			snprintf(what, wlen, "\"%s\" given twice", key);
			return EBID_ERR_CONFIG;
		}
		cx->seen |= 1ULL << i;
		return conf_keys[i].parse(val, (char *)cx->cur +
		    conf_keys[i].off, what, wlen);
	}
	snprintf(what, wlen, "unknown key \"%s\" in this section", key);
	return EBID_ERR_CONFIG;
}

static const struct ini_ops conf_ini_ops = {
	.section = on_section,
	.entry = on_entry,
};

static int
check_profile(const struct conf_profile *p, char *what, size_t wlen)
{
	if (p->card.pin_min > p->card.pin_max) {
		snprintf(what, wlen, "profile %s: pin_min > pin_max", p->name);
		return EBID_ERR_CONFIG;
	}
	if (p->atr_mask_len != 0 && p->atr_mask_len != p->atr_len) {
		snprintf(what, wlen, "profile %s: atr_mask and atr differ in "
		    "length", p->name);
		return EBID_ERR_CONFIG;
	}
	if (p->card.pin_pad_len != 0 && p->card.pin_pad_len <
	    p->card.pin_max) {
		snprintf(what, wlen, "profile %s: pin_pad shorter than "
		    "pin_max", p->name);
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

/* Whole-file rules, once every section is read. */
static int
check_conf(const struct conf *c, const char *file, char *err, size_t elen)
{
	char what[CONF_ERR_MAX] = "";
	size_t i, j;

	for (i = 0; i < c->nprofiles; i++)
		if (check_profile(&c->profiles[i], what, sizeof(what)) != 0)
			goto fail;
	for (i = 0; i < c->nauths; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(c->auths[i].id, c->auths[j].id) == 0) {
				snprintf(what, sizeof(what), "authority %s "
				    "defined twice", c->auths[i].id);
				goto fail_line;
			}
		if (conf_profile_find(c, c->auths[i].profile) == NULL) {
			snprintf(what, sizeof(what), "authority %s: profile "
			    "\"%s\" is not defined", c->auths[i].id,
			    c->auths[i].profile);
			goto fail_line;
		}
	}
	for (i = 0; i < c->ndenies; i++)
		if ((c->denies[i].policy[0] == '\0') ==
		    (c->denies[i].issuer[0] == '\0')) {
			snprintf(err, elen, "%s:%u: [deny %s] needs exactly one "
			    "of policy or issuer", file, c->denies[i].line,
			    c->denies[i].name);
			return EBID_ERR_CONFIG;
		}
	return EBID_OK;
fail_line:
	snprintf(err, elen, "%s:%u: %s", file, c->auths[i].line, what);
	return EBID_ERR_CONFIG;
fail:
	snprintf(err, elen, "%s: %s", file, what);
	return EBID_ERR_CONFIG;
}

static int
finish(struct conf_ctx *cx, int rc, const char *file, struct conf **out,
    char *err, size_t errlen)
{
	if (rc == EBID_OK)
		rc = check_conf(cx->conf, file, err, errlen);
	if (rc != EBID_OK) {
		conf_free(&cx->conf);
		return rc;
	}
	*out = cx->conf;
	return EBID_OK;
}

static struct conf *
conf_new(const char *path)
{
	struct conf *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	snprintf(c->path, sizeof(c->path), "%s", path);
	c->policy.pin_reserve = 2;	/* POL_PIN_RESERVE_DEFAULT */
	return c;
}

int
conf_load_text(const char *name, const char *text, size_t len,
    struct conf **out, char *err, size_t errlen)
{
	struct conf_ctx cx = { 0 };
	int rc;

	if (name == NULL || text == NULL || out == NULL)
		return EBID_ERR_ARG;
	if ((cx.conf = conf_new(name)) == NULL)
		return EBID_ERR_NOMEM;
	rc = ini_parse(name, text, len, &conf_ini_ops, &cx, err, errlen);
	return finish(&cx, rc, name, out, err, errlen);
}

/* The directory part of path, or "." */
static void
set_dir(struct conf *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) {
		snprintf(c->dir, sizeof(c->dir), ".");
		return;
	}
	n = (size_t)(slash - path);
	if (n == 0)
		n = 1;		/* "/file" */
	if (n >= sizeof(c->dir))
		n = sizeof(c->dir) - 1;
	memcpy(c->dir, path, n);
	c->dir[n] = '\0';
}

/* A path from the file, relative to the file's directory. */
int
conf_path(const struct conf *c, const char *rel, char *out, size_t n)
{
	int w;

	if (rel[0] == '/')
		w = snprintf(out, n, "%s", rel);
	else
		w = snprintf(out, n, "%s/%s", c->dir[0] ? c->dir : ".", rel);
	return w < 0 || (size_t)w >= n ? EBID_ERR_CONFIG : EBID_OK;
}

int
conf_load(const char *path, struct conf **out, char *err, size_t errlen)
{
	struct conf_ctx cx = { 0 };
	int rc;

	if (path == NULL || out == NULL)
		return EBID_ERR_ARG;
	if ((cx.conf = conf_new(path)) == NULL)
		return EBID_ERR_NOMEM;
	set_dir(cx.conf, path);
	rc = ini_parse_file(path, &conf_ini_ops, &cx, err, errlen);
	return finish(&cx, rc, path, out, err, errlen);
}

void
conf_free(struct conf **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	free((*cp)->profiles);
	free((*cp)->auths);
	free((*cp)->denies);
	free(*cp);
	*cp = NULL;
}

const struct conf_profile *
conf_profile_find(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nprofiles; i++)
		if (strcmp(c->profiles[i].name, name) == 0)
			return &c->profiles[i];
	return NULL;
}

static int
atr_matches(const struct conf_profile *p, const uint8_t *atr, size_t len)
{
	size_t i;
	uint8_t m;

	if (p->atr_len == 0 || p->atr_len != len)
		return 0;
	for (i = 0; i < len; i++) {
		m = p->atr_mask_len ? p->atr_mask[i] : 0xFF;
		if ((atr[i] & m) != (p->atr[i] & m))
			return 0;
	}
	return 1;
}

/* The profile whose ATR matches, else the first without an ATR. */
const struct conf_profile *
conf_profile_match(const struct conf *c, const uint8_t *atr, size_t len)
{
	size_t i;

	for (i = 0; i < c->nprofiles; i++)
		if (atr_matches(&c->profiles[i], atr, len))
			return &c->profiles[i];
	for (i = 0; i < c->nprofiles; i++)
		if (c->profiles[i].atr_len == 0)
			return &c->profiles[i];
	return NULL;
}
