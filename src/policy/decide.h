/*
 * decide.h - one policy decision per card: accepted, or refused with
 * every reason.  Pure: the caller supplies the certificate, the
 * configured authorities, the registry and the time.  The module and the
 * administrators' tool call the same function.
 */
#ifndef EBID_POLICY_DECIDE_H
#define EBID_POLICY_DECIDE_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "policy/name.h"
#include "policy/oid.h"
#include "policy/registry.h"

struct pol_authority {
	const char		 *id;
	STACK_OF(X509)		 *cas;		/* its CA certificates */
	STACK_OF(X509_CRL)	 *crls;		/* NULL: no revocation check */
	const struct pol_oid_pat *policies;	/* accepted policies */
	size_t			  npolicies;	/* 0: any policy */
	int			  holder_org;	/* match names in O/OU too */
};

struct pol_input {
	X509				*cert;		/* NULL: only with card_jpki 1 */
	int				 card_jpki;	/* the card answers the My
							 * Number AID: 1 yes, 0 no,
							 * -1 it could not tell */
	X509				*card_ca;	/* from the card, or NULL */
	const struct pol_authority	*auths;
	size_t				 nauths;
	const struct pol_denylist	*deny;		/* extra entries, or NULL */
	const struct pol_registry	*registry;	/* NULL: none */
	enum pol_bind_rule		 rule;
	const struct pol_variants	*variants;	/* NULL: no folding */
	int				 audit;		/* relax binding only */
	time_t				 now;
};

struct pol_decision {
	int				 accepted;
	int				 audit_relaxed;	/* binding skipped */
	const struct pol_authority	*auth;		/* NULL: none matched */
	const struct pol_bidder		*bidder;	/* the binding's bidder */
	struct pol_reasons		*reasons;	/* owned */
};

int pol_decide(const struct pol_input *, struct pol_decision *);

/* A certificate date as "YYYY-MM-DD" (UTC), as the reasons write it. */
int pol_date_text(const ASN1_TIME *, char *out, size_t n);
void pol_decision_reset(struct pol_decision *);

#endif
