/*
 * authority.c - which configured authority issued a card's certificate.
 *
 * Each [authority] may name a PEM bundle of its CA certificates
 * (ca_file).  A certificate belongs to the authority one of whose CA
 * certificates issued it: names chain and the signature verifies.  This
 * names the token's manufacturer; whether the card is accepted is the
 * policy layer's decision, not this file's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "common/err.h"
#include "common/log.h"
#include "token/state.h"

static int
load_bundle(const char *path, STACK_OF(X509) **out)
{
	STACK_OF(X509) *sk;
	X509 *x;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return EBID_ERR_CONFIG;
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

/* Load every authority's CA bundle; any failure refuses the file. */
int
tok_authorities_load(char *err, size_t errlen)
{
	const struct conf *c = tok_mod.conf;
	char path[CONF_TEXT_MAX * 2];
	size_t i;

	if ((tok_mod.cas = calloc(c->nauths + 1, sizeof(*tok_mod.cas))) ==
	    NULL)
		return EBID_ERR_NOMEM;
	for (i = 0; i < c->nauths; i++) {
		if (c->auths[i].ca_file[0] == '\0')
			continue;
		if (conf_path(c, c->auths[i].ca_file, path, sizeof(path)) !=
		    EBID_OK || load_bundle(path, &tok_mod.cas[i]) != EBID_OK) {
			snprintf(err, errlen, "authority %s: ca_file %s: no "
			    "readable PEM certificate", c->auths[i].id,
			    c->auths[i].ca_file);
			return EBID_ERR_CONFIG;
		}
	}
	return EBID_OK;
}

void
tok_authorities_free(void)
{
	size_t i;

	if (tok_mod.cas == NULL)
		return;
	for (i = 0; tok_mod.conf != NULL && i < tok_mod.conf->nauths; i++)
		sk_X509_pop_free(tok_mod.cas[i], X509_free);
	free(tok_mod.cas);
	tok_mod.cas = NULL;
}

static int
issued_by(X509 *cert, STACK_OF(X509) *cas)
{
	X509 *ca;
	int i;

	for (i = 0; cas != NULL && i < sk_X509_num(cas); i++) {
		ca = sk_X509_value(cas, i);
		if (X509_check_issued(ca, cert) == X509_V_OK &&
		    X509_verify(cert, X509_get0_pubkey(ca)) == 1)
			return 1;
	}
	return 0;
}

const struct conf_authority *
tok_authority_of(X509 *cert)
{
	size_t i;

	for (i = 0; tok_mod.cas != NULL && i < tok_mod.conf->nauths; i++)
		if (issued_by(cert, tok_mod.cas[i])) {
			log_debug(LOG_TOKEN, "issued by authority %s",
			    tok_mod.conf->auths[i].id);
			return &tok_mod.conf->auths[i];
		}
	return NULL;
}
