/*
 * trust.c - the files a policy decision needs, read once: each
 * authority's CA certificates and CRLs, the [deny] entries, the bidders'
 * registry and the kanji variant table (trust.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/err.h"
#include "common/log.h"
#include "conf/trust.h"

#define TRUST_FILE_MAX	(16u << 20)	/* registry, variants */
#define TRUST_POLICIES_MAX	16

/* Whole file into memory; EBID_ERR_NOT_FOUND when it does not exist. */
static int
slurp(const char *path, uint8_t **out, size_t *len)
{
	struct stat sb;
	uint8_t *buf = NULL;
	FILE *f;
	int rc = EBID_ERR_CONFIG;

	if ((f = fopen(path, "rbe")) == NULL)
		return errno == ENOENT ? EBID_ERR_NOT_FOUND : EBID_ERR_CONFIG;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size > TRUST_FILE_MAX)
		goto out;
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		rc = EBID_ERR_NOMEM;
		goto out;
	}
	if (fread(buf, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size)
		goto out;
	buf[sb.st_size] = '\0';
	*out = buf;
	*len = (size_t)sb.st_size;
	buf = NULL;
	rc = EBID_OK;
out:
	free(buf);
	fclose(f);
	return rc;
}

static int
load_certs(const char *path, STACK_OF(X509) **out)
{
	STACK_OF(X509) *sk;
	X509 *x;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return errno == ENOENT ? EBID_ERR_NOT_FOUND : EBID_ERR_CONFIG;
	if ((sk = sk_X509_new_null()) == NULL) {
		fclose(f);
		return EBID_ERR_NOMEM;
	}
	while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL)
		if (sk_X509_push(sk, x) <= 0)
			X509_free(x);
	fclose(f);
	if (sk_X509_num(sk) == 0) {
		sk_X509_free(sk);
		return EBID_ERR_CONFIG;
	}
	*out = sk;
	return EBID_OK;
}

static int
load_crls(const char *path, STACK_OF(X509_CRL) **out)
{
	STACK_OF(X509_CRL) *sk;
	X509_CRL *x;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return EBID_ERR_CONFIG;
	if ((sk = sk_X509_CRL_new_null()) == NULL) {
		fclose(f);
		return EBID_ERR_NOMEM;
	}
	while ((x = PEM_read_X509_CRL(f, NULL, NULL, NULL)) != NULL)
		if (sk_X509_CRL_push(sk, x) <= 0)
			X509_CRL_free(x);
	fclose(f);
	if (sk_X509_CRL_num(sk) == 0) {
		sk_X509_CRL_free(sk);
		return EBID_ERR_CONFIG;
	}
	*out = sk;
	return EBID_OK;
}

/* "1.2.3 4.5." into patterns, each keeping its written form. */
static int
split_oids(const char *text, struct pol_oid_pat **out, size_t *n)
{
	char copy[CONF_TEXT_MAX], *tok, *save = NULL;
	struct pol_oid_pat *v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (text[0] == '\0')
		return EBID_OK;
	if ((v = calloc(TRUST_POLICIES_MAX, sizeof(*v))) == NULL)
		return EBID_ERR_NOMEM;
	snprintf(copy, sizeof(copy), "%s", text);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (k == TRUST_POLICIES_MAX ||
		    pol_oid_pat_parse(tok, &v[k]) != EBID_OK) {
			free(v);
			return EBID_ERR_CONFIG;
		}
		k++;
	}
	*out = v;
	*n = k;
	return EBID_OK;
}

/* The CA file of an authority: ca_file, else <ca_dir>/<id>.pem if there. */
static int
ca_path(const struct conf *c, const struct conf_authority *a, char *path,
    size_t n, int *explicit)
{
	char rel[CONF_PATH_MAX];

	*explicit = a->ca_file[0] != '\0';
	if (*explicit)
		return conf_path(c, a->ca_file, path, n);
	if (c->policy.ca_dir[0] == '\0')
		return EBID_ERR_NOT_FOUND;
	snprintf(rel, sizeof(rel), "%s/%s.pem", c->policy.ca_dir, a->id);
	return conf_path(c, rel, path, n);
}

static int
load_authority(struct conf_trust *t, const struct conf_authority *a,
    char *err, size_t errlen)
{
	struct pol_authority *pa = &t->auths[t->nauths];
	char path[CONF_PATH_MAX];
	int rc, explicit;

	if (ca_path(t->conf, a, path, sizeof(path), &explicit) != EBID_OK)
		return EBID_OK;		/* no CA: no card belongs to it */
	rc = load_certs(path, &pa->cas);
	if (rc == EBID_ERR_NOT_FOUND && !explicit)
		return EBID_OK;
	if (rc != EBID_OK) {
		snprintf(err, errlen, "%s: authority %s: no readable PEM "
		    "certificate", path, a->id);
		return rc == EBID_ERR_NOMEM ? rc : EBID_ERR_CONFIG;
	}
	pa->id = a->id;
	t->cauths[t->nauths++] = a;
	if (a->crl_file[0] != '\0' && (conf_path(t->conf, a->crl_file, path,
	    sizeof(path)) != EBID_OK || load_crls(path, &pa->crls) !=
	    EBID_OK)) {
		snprintf(err, errlen, "%s: authority %s: no readable PEM CRL",
		    path, a->id);
		return EBID_ERR_CONFIG;
	}
	pa->holder_org = a->holder_in_org;
	if ((rc = split_oids(a->policies, &t->blocks[t->nauths - 1],
	    &pa->npolicies)) != EBID_OK) {
		if (rc == EBID_ERR_NOMEM)
			return rc;
		snprintf(err, errlen, "%s:%u: authority %s: policies: more "
		    "than %d, or one is not an OID (at least two arcs, "
		    "first 0-2)", t->conf->path, a->line, a->id,
		    TRUST_POLICIES_MAX);
		return EBID_ERR_CONFIG;
	}
	pa->policies = t->blocks[t->nauths - 1];
	return EBID_OK;
}

static int
load_denies(struct conf_trust *t, char *err, size_t errlen)
{
	const struct conf *c = t->conf;
	const struct conf_deny *d;
	size_t i;
	int rc;

	if (c->ndenies == 0)
		return EBID_OK;
	if ((t->deny = pol_denylist_new()) == NULL)
		return EBID_ERR_NOMEM;
	for (i = 0; i < c->ndenies; i++) {
		d = &c->denies[i];
		rc = d->policy[0] != '\0' ?
		    pol_denylist_add_policy(t->deny, d->policy, d->name) :
		    pol_denylist_add_issuer(t->deny, d->issuer, d->name);
		if (rc != EBID_OK) {
			snprintf(err, errlen, "%s:%u: [deny %s]: %s",
			    c->path, d->line, d->name, rc == EBID_ERR_NOMEM ?
			    "out of memory" : "not a valid policy prefix or "
			    "issuer (C=JP, O=Name, CN=Prefix*)");
			return rc == EBID_ERR_NOMEM ? rc : EBID_ERR_CONFIG;
		}
	}
	return EBID_OK;
}

static int
load_registry(struct conf_trust *t, char *err, size_t errlen)
{
	const struct pol_reg_error *e;
	uint8_t *data = NULL;
	size_t len = 0;
	int rc;

	if (t->conf->policy.registry[0] == '\0')
		return EBID_OK;
	if (conf_path(t->conf, t->conf->policy.registry, t->registry_path,
	    sizeof(t->registry_path)) != EBID_OK)
		return EBID_ERR_CONFIG;
	rc = slurp(t->registry_path, &data, &len);
	if (rc == EBID_ERR_NOT_FOUND) {
		log_warn("%s: the bidders' registry does not exist yet: every "
		    "card is refused until it does", t->registry_path);
		return EBID_OK;		/* an empty registry */
	}
	if (rc != EBID_OK) {
		snprintf(err, errlen, "%s: bidders' registry %s",
		    t->registry_path, rc == EBID_ERR_NOT_FOUND ?
		    "does not exist" : "cannot be read");
		return rc == EBID_ERR_NOMEM ? rc : EBID_ERR_CONFIG;
	}
	rc = pol_registry_parse(data, len, &t->registry);
	free(data);
	if (rc != EBID_OK)
		return rc;
	if (t->registry->nerrs > 0) {
		e = &t->registry->errs[0];
		snprintf(err, errlen, "%s:%zu:%zu: %s (%zu error%s in the "
		    "registry; ebid-tool registry import shows them all)",
		    t->registry_path, e->line, e->column, e->msg,
		    t->registry->nerrs, t->registry->nerrs > 1 ? "s" : "");
		return EBID_ERR_CONFIG;
	}
	return EBID_OK;
}

static int
load_variants(struct conf_trust *t, char *err, size_t errlen)
{
	char path[CONF_PATH_MAX];
	uint8_t *data = NULL;
	size_t len = 0;
	int rc;

	if (t->conf->policy.variants[0] == '\0')
		return EBID_OK;
	if (conf_path(t->conf, t->conf->policy.variants, path, sizeof(path))
	    != EBID_OK)
		return EBID_ERR_CONFIG;
	if ((rc = slurp(path, &data, &len)) != EBID_OK) {
		snprintf(err, errlen, "%s: kanji variant table cannot be "
		    "read", path);
		return rc == EBID_ERR_NOMEM ? rc : EBID_ERR_CONFIG;
	}
	rc = pol_variants_parse((const char *)data, len, path, &t->variants,
	    err, errlen);
	free(data);
	return rc;
}

int
conf_trust_load(const struct conf *c, struct conf_trust **out, char *err,
    size_t errlen)
{
	struct conf_trust *t;
	size_t i;
	int rc = EBID_ERR_NOMEM;

	if (c == NULL || out == NULL || err == NULL)
		return EBID_ERR_ARG;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return EBID_ERR_NOMEM;
	t->conf = c;
	t->rule = c->policy.binding == 1 ? POL_BIND_LOCAL_STRICT :
	    POL_BIND_NATIONAL;
	t->audit = c->policy.audit;
	t->reserve = c->policy.pin_reserve;
	if ((t->auths = calloc(c->nauths + 1, sizeof(*t->auths))) == NULL ||
	    (t->cauths = calloc(c->nauths + 1, sizeof(*t->cauths))) == NULL ||
	    (t->blocks = calloc(c->nauths + 1, sizeof(*t->blocks))) == NULL)
		goto fail;
	for (i = 0; i < c->nauths; i++)
		if ((rc = load_authority(t, &c->auths[i], err, errlen)) !=
		    EBID_OK)
			goto fail;
	if ((rc = load_denies(t, err, errlen)) != EBID_OK ||
	    (rc = load_registry(t, err, errlen)) != EBID_OK ||
	    (rc = load_variants(t, err, errlen)) != EBID_OK)
		goto fail;
	*out = t;
	return EBID_OK;
fail:
	if (rc == EBID_ERR_NOMEM)
		snprintf(err, errlen, "out of memory");
	conf_trust_free(&t);
	return rc;
}

void
conf_trust_free(struct conf_trust **tp)
{
	struct conf_trust *t;
	size_t i;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (i = 0; t->auths != NULL && i <= t->nauths; i++) {
		sk_X509_pop_free(t->auths[i].cas, X509_free);
		sk_X509_CRL_pop_free(t->auths[i].crls, X509_CRL_free);
		free(t->blocks != NULL ? t->blocks[i] : NULL);
	}
	free(t->auths);
	free(t->blocks);
	free(t->cauths);
	pol_denylist_free(&t->deny);
	pol_registry_free(&t->registry);
	pol_variants_free(&t->variants);
	free(t);
	*tp = NULL;
}

void
conf_trust_input(const struct conf_trust *t, X509 *cert, X509 *card_ca,
    time_t now, struct pol_input *in)
{
	memset(in, 0, sizeof(*in));
	in->cert = cert;
	in->card_ca = card_ca;
	in->auths = t->auths;
	in->nauths = t->nauths;
	in->deny = t->deny;
	in->registry = t->registry;
	in->rule = t->rule;
	in->variants = t->variants;
	in->audit = t->audit;
	in->now = now;
}

const struct conf_authority *
conf_trust_authority(const struct conf_trust *t, const struct pol_authority *a)
{
	size_t i;

	for (i = 0; a != NULL && i < t->nauths; i++)
		if (&t->auths[i] == a)
			return t->cauths[i];
	return NULL;
}

STACK_OF(X509) *
conf_trust_cas(const struct conf_trust *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nauths; i++)
		if (strcmp(t->auths[i].id, id) == 0)
			return t->auths[i].cas;
	return NULL;
}
