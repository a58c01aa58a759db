/*
 * trust.h - everything a policy decision needs, read from the files the
 * configuration names: each authority's CA certificates (and CRLs), the
 * administrator's deny entries, the bidders' registry and the kanji
 * variant table.  The module and ebid-tool both build their
 * struct pol_input here, so that they decide the same way.
 *
 * A file that is named but unreadable or malformed refuses the whole
 * configuration, with the file (and line) and what is wrong.
 */
#ifndef EBID_CONF_TRUST_H
#define EBID_CONF_TRUST_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "conf/conf.h"
#include "policy/decide.h"

struct conf_trust {
	const struct conf	 *conf;
	struct pol_authority	 *auths;	/* those with CA certificates */
	const struct conf_authority **cauths;	/* parallel to auths */
	struct pol_oid_pat	**blocks;	/* parallel: policies (owned) */
	size_t			  nauths;
	struct pol_denylist	 *deny;		/* [deny] entries, or NULL */
	struct pol_registry	 *registry;	/* NULL: none configured */
	char			  registry_path[CONF_PATH_MAX];	/* "" none */
	struct pol_variants	 *variants;	/* NULL: no folding */
	enum pol_bind_rule	  rule;
	int			  audit;
	int			  reserve;	/* PIN tries never spent */
};

/* Reads every file c names.  err gets "file[:line]: what is wrong". */
int conf_trust_load(const struct conf *c, struct conf_trust **,
    char *err, size_t errlen);
void conf_trust_free(struct conf_trust **);

/* The input for a decision about cert (card_ca: the card's CA, or NULL). */
void conf_trust_input(const struct conf_trust *, X509 *cert, X509 *card_ca,
    time_t now, struct pol_input *);

/* The configured authority behind a decision's auth (NULL if none). */
const struct conf_authority *conf_trust_authority(const struct conf_trust *,
    const struct pol_authority *);

/* The CA certificates of authority id (NULL if none are configured). */
STACK_OF(X509) *conf_trust_cas(const struct conf_trust *, const char *id);

#endif
