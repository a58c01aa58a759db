/*
 * fuzz-conf.c - the configuration parser (ebid-pkcs11.conf) over
 * arbitrary text.
 *
 * Input: the file's bytes.  They are read twice: from memory
 * (conf_load_text) and from a file (conf_load, through a memfd), and the
 * two must agree on the verdict and the message.
 *
 * Checks, as ebid-pkcs11.conf(5) states the rules: a refused file leaves
 * no configuration and a "file:line: what" (or "file: what") message; an
 * accepted one holds only what the page allows: names [a-z0-9_-], AIDs
 * of 5-16 bytes, PIN lengths 1-64 with pin_min <= pin_max and a pad no
 * shorter than pin_max, an ATR mask as long as its ATR, references 00-7F,
 * each authority's profile defined and its id unique, lock counts 0-255,
 * display names in UTF-8, policies of digits and dots whose parsed
 * patterns keep their text, exactly one of policy and issuer per [deny],
 * pin_reserve 1-254; each profile is found by its name, and one with an
 * ATR matches a card with that ATR.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <unistr.h>

#include "common/err.h"
#include "conf/conf.h"
#include "fuzz.h"
#include "policy/oid.h"

static int
utf8_ok(const char *s)
{
	return u8_check((const uint8_t *)s, strlen(s)) == NULL;
}

static int
is_name(const char *s)
{
	return s[0] != '\0' && strlen(s) < CONF_NAME_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(s);
}

static void
check_profile(const struct conf *c, const struct conf_profile *p)
{
	const struct card_profile *k = &p->card;

	FUZZ_ASSERT(is_name(p->name));
	FUZZ_ASSERT(conf_profile_find(c, p->name) == p);
	FUZZ_ASSERT(k->aid_len >= 5 && k->aid_len <= CARD_AID_MAX);
	FUZZ_ASSERT(k->pin_min >= 1 && k->pin_min <= k->pin_max &&
	    k->pin_max <= CARD_PIN_MAX);
	FUZZ_ASSERT(k->pin_pad_len == 0 || (k->pin_pad_len >= k->pin_max &&
	    k->pin_pad_len <= CARD_PIN_MAX));
	FUZZ_ASSERT(k->pin_ref <= 0x7F && k->key_ref <= 0x7F);
	FUZZ_ASSERT(k->serial_src == CARD_SERIAL_GETDATA ||
	    k->serial_src == CARD_SERIAL_EF);
	FUZZ_ASSERT(k->pin_charset == CARD_PIN_DIGITS ||
	    k->pin_charset == CARD_PIN_ALNUM || k->pin_charset ==
	    CARD_PIN_ASCII);
	FUZZ_ASSERT(p->atr_len <= TP_ATR_MAX);
	FUZZ_ASSERT(p->atr_mask_len == 0 || p->atr_mask_len == p->atr_len);
	if (p->atr_len > 0)
		FUZZ_ASSERT(conf_profile_match(c, p->atr, p->atr_len) != NULL);
}

/* Every space-separated OID as written: digits and dots. */
static void
check_oids(const char *text)
{
	char copy[CONF_TEXT_MAX], *tok, *save = NULL;
	struct pol_oid_pat pat;

	FUZZ_ASSERT(strlen(text) < sizeof(copy));
	memcpy(copy, text, strlen(text) + 1);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		FUZZ_ASSERT(strspn(tok, "0123456789.") == strlen(tok));
		FUZZ_ASSERT(tok[0] != '.' && strstr(tok, "..") == NULL);
		if (pol_oid_pat_parse(tok, &pat) == EBID_OK)
			FUZZ_ASSERT(strcmp(pat.text, tok) == 0 &&
			    pat.descendants == (tok[strlen(tok) - 1] == '.'));
	}
}

static void
check_path(const struct conf *c, const char *rel)
{
	char out[CONF_PATH_MAX];

	if (rel[0] == '\0')
		return;
	memset(out, 'X', sizeof(out));
	if (conf_path(c, rel, out, sizeof(out)) == EBID_OK)
		FUZZ_ASSERT(strlen(out) < sizeof(out) && strstr(out, rel) !=
		    NULL);
}

static void
check_authority(const struct conf *c, size_t i)
{
	const struct conf_authority *a = &c->auths[i];
	size_t j;

	FUZZ_ASSERT(is_name(a->id) && is_name(a->profile));
	for (j = 0; j < i; j++)
		FUZZ_ASSERT(strcmp(c->auths[j].id, a->id) != 0);
	FUZZ_ASSERT(conf_profile_find(c, a->profile) != NULL);
	FUZZ_ASSERT(a->pin_lock_count >= 0 && a->pin_lock_count <= 255);
	FUZZ_ASSERT(a->line >= 1);
	FUZZ_ASSERT(utf8_ok(a->name_ja) && utf8_ok(a->name_en));
	check_oids(a->policies);
	check_path(c, a->ca_file);
	check_path(c, a->crl_file);
}

static void
check_conf(const struct conf *c)
{
	size_t i;

	FUZZ_ASSERT(c->nprofiles <= 64 && c->nauths <= 64 && c->ndenies <= 64);
	for (i = 0; i < c->nprofiles; i++)
		check_profile(c, &c->profiles[i]);
	for (i = 0; i < c->nauths; i++)
		check_authority(c, i);
	for (i = 0; i < c->ndenies; i++) {
		FUZZ_ASSERT(is_name(c->denies[i].name));
		FUZZ_ASSERT((c->denies[i].policy[0] == '\0') !=
		    (c->denies[i].issuer[0] == '\0'));
		check_oids(c->denies[i].policy);
	}
	FUZZ_ASSERT(c->policy.pin_reserve >= 1 && c->policy.pin_reserve <= 254);
	FUZZ_ASSERT(c->policy.binding == 0 || c->policy.binding == 1);
	FUZZ_ASSERT(c->policy.audit == 0 || c->policy.audit == 1);
	check_path(c, c->policy.registry);
	check_path(c, c->policy.variants);
	check_path(c, c->policy.ca_dir);
}

static void
check_verdict(int rc, const struct conf *c, const char *err, const char *name)
{
	FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_CONFIG ||
	    rc == EBID_ERR_NOMEM);
	if (rc != EBID_OK) {
		FUZZ_ASSERT(c == NULL);
		FUZZ_ASSERT(memchr(err, '\0', CONF_ERR_MAX) != NULL);
		if (rc == EBID_ERR_CONFIG)
			FUZZ_ASSERT(strncmp(err, name, strlen(name)) == 0 &&
			    err[strlen(name)] == ':');
		return;
	}
	FUZZ_ASSERT(c != NULL);
	check_conf(c);
}

/* The same bytes through conf_load: the same verdict, the same words. */
static void
check_file(const uint8_t *data, size_t size, int rc, const char *err)
{
	char path[64], err2[CONF_ERR_MAX] = "";
	struct conf *c = NULL;
	size_t n;
	int fd, rc2;

	if ((fd = memfd_create("fuzz-conf", 0)) < 0)
		return;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc2 = conf_load(path, &c, err2, sizeof(err2));
	close(fd);
	FUZZ_ASSERT(rc2 == rc);
	if (rc == EBID_ERR_CONFIG) {
		/* the messages differ only in the file's name (and where the
		 * longer name made the message cut earlier) */
		FUZZ_ASSERT(strncmp(err2, path, strlen(path)) == 0);
		n = strlen(err2 + strlen(path));
		FUZZ_ASSERT(strncmp(err2 + strlen(path), err + 9,
		    n < strlen(err + 9) ? n : strlen(err + 9)) == 0);
	}
	if (c != NULL)
		check_conf(c);
	conf_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[CONF_ERR_MAX];
	struct conf *c;
	int rc;

	if (size > 256 * 1024)
		return 0;
	memset(err, 'X', sizeof(err));
	c = (struct conf *)&c;
	rc = conf_load_text("fuzz.conf", (const char *)data, size, &c, err,
	    sizeof(err));
	if (rc != EBID_OK && rc != EBID_ERR_NOMEM)
		FUZZ_ASSERT(c == (struct conf *)&c || c == NULL);
	if (c == (struct conf *)&c)
		c = NULL;
	check_verdict(rc, c, err, "fuzz.conf");
	check_file(data, size, rc, err);
	conf_free(&c);
	FUZZ_ASSERT(c == NULL);
	return 0;
}
