/*
 * fuzz-trust.c - the trust loader (conf_trust_load): the files a
 * configuration names, read and judged as the module and ebid-tool do.
 *
 * Input: a configuration text, then the files it may name, each after a
 * line "--- NAME" (NAME one of ca.pem, ca2.pem, crl.pem, registry.csv,
 * variants.txt):
 *
 *   [authority one]
 *   ...
 *   ca_file = ca.pem
 *   --- ca.pem
 *   -----BEGIN CERTIFICATE-----
 *   ...
 *
 * The files are written into a private directory, the configuration's
 * directory; a file not given does not exist.  A configuration with an
 * absolute path (a value starting with '/') or ".." is dropped, so that
 * every path stays in that directory (a "dir/file" path names a file
 * that does not exist).
 *
 * Checks: a refused load leaves nothing and says why; an accepted one
 * has, for each authority it keeps, at least one CA certificate, found
 * again by conf_trust_cas and conf_trust_authority, at most 16 policies
 * each written as in the configuration and parsing to the same OID; the
 * policy values are copied; a registry that could not be read is gone
 * and says why; a variant table is there when one is named.  And what
 * ebid-pkcs11.conf(5) promises of every configuration: a configured CA
 * certificate offered as a card is refused, with reasons in UTF-8.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/x509.h>
#include <unistr.h>

#include "common/err.h"
#include "common/log.h"
#include "conf/conf.h"
#include "conf/trust.h"
#include "fuzz.h"
#include "policy/decide.h"
#include "policy/oid.h"

static const char *const file_names[] = {
	"ca.pem", "ca2.pem", "crl.pem", "registry.csv", "variants.txt",
};
#define NFILES	(sizeof(file_names) / sizeof(file_names[0]))

static char dir[64];

static void
cleanup(void)
{
	char path[128];
	size_t i;

	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, file_names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void
put_file(size_t k, const uint8_t *p, size_t n)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file_names[k]);
	if ((f = fopen(path, "wb")) == NULL || (n > 0 && fwrite(p, 1, n, f) !=
	    n) || fclose(f) != 0)
		abort();
}

/* Which file a "--- NAME\n" line at p names (NFILES: none). */
static size_t
file_line(const uint8_t *p, size_t n, size_t *linelen)
{
	size_t i, k;

	for (i = 0; i < NFILES; i++) {
		k = strlen(file_names[i]);
		if (n >= 5 + k && memcmp(p, "--- ", 4) == 0 &&
		    memcmp(p + 4, file_names[i], k) == 0 && p[4 + k] == '\n') {
			*linelen = 5 + k;
			return i;
		}
	}
	return NFILES;
}

/* No value starts with '/', no "..": the paths stay in dir. */
static int
contained(const uint8_t *p, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (p[i] == '.' && i + 1 < n && p[i + 1] == '.')
			return 0;
		if (p[i] != '=')
			continue;
		for (j = i + 1; j < n && (p[j] == ' ' || p[j] == '\t'); j++)
			;
		if (j < n && p[j] == '/')
			return 0;
	}
	return 1;
}

/*
 * Splits the input: the configuration's length, the files written.
 * Returns 0 for an input to drop.
 */
static int
split(const uint8_t *data, size_t size, size_t *conf_len)
{
	const uint8_t *start[NFILES] = { 0 };
	size_t len[NFILES] = { 0 }, i, k, cur = NFILES, ll;
	int given[NFILES] = { 0 };

	*conf_len = size;
	for (i = 0; i < size; i++) {
		if (i != 0 && data[i - 1] != '\n')
			continue;
		if ((k = file_line(data + i, size - i, &ll)) == NFILES)
			continue;
		if (cur == NFILES)
			*conf_len = i;
		else
			len[cur] = i - (size_t)(start[cur] - data);
		cur = k;
		given[k] = 1;
		start[k] = data + i + ll;
		len[k] = size - i - ll;
		i += ll - 1;
	}
	if (!contained(data, *conf_len))
		return 0;
	for (i = 0; i < NFILES; i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", dir, file_names[i]);
		if (given[i])
			put_file(i, start[i], len[i]);
		else
			unlink(path);
	}
	return 1;
}

static int
utf8_ok(const char *s)
{
	return u8_check((const uint8_t *)s, strlen(s)) == NULL;
}

/* A pattern's text is one of the space-separated words of the list. */
static int
listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

static void
check_authority(const struct conf_trust *t, size_t i)
{
	const struct pol_authority *a = &t->auths[i];
	const struct conf_authority *ca = t->cauths[i];
	struct pol_oid_pat again;
	size_t j;

	FUZZ_ASSERT(ca != NULL && a->id == ca->id);
	FUZZ_ASSERT(a->cas != NULL && sk_X509_num(a->cas) >= 1);
	FUZZ_ASSERT(conf_trust_authority(t, a) == ca);
	FUZZ_ASSERT(a->holder_org == ca->holder_in_org);
	FUZZ_ASSERT(a->npolicies <= 16);
	FUZZ_ASSERT((a->npolicies == 0) == (ca->policies[0] == '\0'));
	for (j = 0; j < a->npolicies; j++) {
		FUZZ_ASSERT(listed(ca->policies, a->policies[j].text));
		FUZZ_ASSERT(pol_oid_pat_parse(a->policies[j].text, &again) ==
		    EBID_OK);
		FUZZ_ASSERT(again.len == a->policies[j].len && memcmp(
		    again.der, a->policies[j].der, again.len) == 0);
		FUZZ_ASSERT(again.descendants == a->policies[j].descendants);
	}
	/* the first authority of that id is the one conf_trust_cas finds */
	for (j = 0; j < i; j++)
		if (strcmp(t->auths[j].id, a->id) == 0)
			return;
	FUZZ_ASSERT(conf_trust_cas(t, a->id) == a->cas);
}

/* A configured CA certificate offered as a card is refused. */
static void
check_ca_refused(const struct conf_trust *t, X509 *ca)
{
	struct pol_decision d;
	struct pol_input in;
	size_t i;
	int rc;

	conf_trust_input(t, ca, NULL, time(NULL), &in);
	memset(&d, 0, sizeof(d));
	rc = pol_decide(&in, &d);
	FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_NOMEM);
	if (rc == EBID_OK) {
		FUZZ_ASSERT(!d.accepted);
		FUZZ_ASSERT(d.reasons != NULL && d.reasons->n >= 1);
		for (i = 0; i < d.reasons->n; i++)
			FUZZ_ASSERT(utf8_ok(d.reasons->r[i].en) &&
			    utf8_ok(d.reasons->r[i].ja));
	}
	pol_decision_reset(&d);
}

static void
check_trust(const struct conf *c, const struct conf_trust *t)
{
	size_t i;
	int k;

	FUZZ_ASSERT(t->conf == c && t->nauths <= c->nauths);
	FUZZ_ASSERT(t->reserve == c->policy.pin_reserve);
	FUZZ_ASSERT(t->audit == c->policy.audit);
	FUZZ_ASSERT((c->ndenies > 0) == (t->deny != NULL));
	FUZZ_ASSERT((c->policy.variants[0] != '\0') == (t->variants != NULL));
	if (c->policy.registry[0] == '\0')
		FUZZ_ASSERT(t->registry == NULL && t->registry_path[0] == '\0');
	if (t->registry_error[0] != '\0')
		FUZZ_ASSERT(t->registry == NULL && t->registry_error_ja[0] !=
		    '\0' && utf8_ok(t->registry_error_ja));
	if (t->registry != NULL)
		FUZZ_ASSERT(!t->registry->unreadable);
	for (i = 0; i < t->nauths; i++)
		check_authority(t, i);
	for (i = 0; i < t->nauths && i < 2; i++)
		for (k = 0; k < sk_X509_num(t->auths[i].cas) && k < 2; k++)
			check_ca_refused(t, sk_X509_value(t->auths[i].cas, k));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[CONF_ERR_MAX];
	struct conf *c = NULL;
	struct conf_trust *t;
	size_t conf_len;
	int rc;

	if (dir[0] == '\0') {
		log_init("fuzz-trust", LOG_SINK_SYSLOG);
		snprintf(dir, sizeof(dir), "/tmp/ebid-fuzz-trust-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(cleanup);
	}
	if (size > 1024 * 1024 || !split(data, size, &conf_len))
		return 0;
	if (conf_load_text("fuzz.conf", (const char *)data, conf_len, &c, err,
	    sizeof(err)) != EBID_OK)
		return 0;
	snprintf(c->dir, sizeof(c->dir), "%s", dir);
	memset(err, 'X', sizeof(err));
	t = (struct conf_trust *)&t;
	rc = conf_trust_load(c, &t, err, sizeof(err));
	FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_CONFIG ||
	    rc == EBID_ERR_NOMEM);
	if (rc == EBID_OK) {
		FUZZ_ASSERT(t != NULL && t != (struct conf_trust *)&t);
		check_trust(c, t);
		conf_trust_free(&t);
		FUZZ_ASSERT(t == NULL);
	} else {
		/* nothing handed out, and a reason */
		FUZZ_ASSERT(t == (struct conf_trust *)&t || t == NULL);
		FUZZ_ASSERT(memchr(err, '\0', sizeof(err)) != NULL &&
		    err[0] != '\0' && err[0] != 'X');
	}
	conf_free(&c);
	return 0;
}
