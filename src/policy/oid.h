/*
 * oid.h - certificate policy OIDs, and the deny rules for cards that
 * must never be accepted (My Number / JPKI and corporate registry cards).
 *
 * Pure functions over a parsed X509: no card I/O, no configuration
 * files.  OIDs are handled as DER content bytes (no tag, no length).
 *
 * The built-in deny table is compiled in and always applied: nothing in
 * this API removes or weakens it.  Configuration can only add entries
 * (struct pol_denylist).
 */
#ifndef EBID_POLICY_OID_H
#define EBID_POLICY_OID_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#define POL_OID_DER_MAX		32	/* content bytes of one OID */
#define POL_OID_TXT_MAX		96	/* dotted text, NUL included */
#define POL_OIDS_MAX		16	/* policies per certificate */

/* Which extension a policy OID came from. */
enum pol_oid_src {
	POL_SRC_CP = 1,		/* certificatePolicies, 2.5.29.32 */
	POL_SRC_CPJP = 2,	/* certificatePoliciesJP, 1.2.392.100300.1.1.1 */
};

struct pol_oid {
	uint8_t			der[POL_OID_DER_MAX];
	size_t			len;
	char			txt[POL_OID_TXT_MAX];
	int			critical;	/* the extension was critical */
	enum pol_oid_src	src;
};

/* About 2.3 KiB: allocate it, do not put it on the stack. */
struct pol_oids {
	size_t		n;
	struct pol_oid	v[POL_OIDS_MAX];
};

/*
 * Collects the policy OIDs of both extensions, in certificate order.
 * EBID_ERR_PARSE if either extension does not decode as
 * CertificatePolicies (trailing bytes included) or holds more than
 * POL_OIDS_MAX policies in total.
 */
int pol_oid_collect(X509 *, struct pol_oids *);

/*
 * 1 if the OID (content bytes) lies strictly under the prefix, given as
 * the content bytes of whole arcs: 1.2.392.200149.8.5.1 has the
 * descendant 1.2.392.200149.8.5.1.1.20, not 1.2.392.200149.8.5.10.1 nor
 * itself.  0 otherwise, also for a prefix that does not end on an arc.
 */
int pol_oid_under(const uint8_t *, size_t, const uint8_t *, size_t);

/*
 * Dotted text ("1.2.3" or "1.2.3.", numeric only) to content bytes.
 * EBID_ERR_ARG for anything else, EBID_ERR_BUFFER_SMALL if too long.
 * Both forms give the same bytes: pol_oid_pat_parse keeps the form.
 */
int pol_oid_from_text(const char *, uint8_t *, size_t, size_t *);

/*
 * A policy OID as an administrator writes it, in every OID list of the
 * configuration (an authority's policies, a [deny] policy): "1.2.3"
 * matches exactly the OID 1.2.3; "1.2.3." (a trailing dot) matches every
 * descendant of 1.2.3 (1.2.3.4, 1.2.3.4.5, ...) but not 1.2.3 itself.
 */
struct pol_oid_pat {
	uint8_t		der[POL_OID_DER_MAX];	/* content bytes of the OID */
	size_t		len;
	int		descendants;	/* written with the trailing dot */
	char		text[POL_OID_TXT_MAX];	/* as written */
};

/* EBID_ERR_ARG when the text is neither form (pol_oid_from_text). */
int pol_oid_pat_parse(const char *, struct pol_oid_pat *);
/* 1 if the OID (content bytes) is one the pattern stands for, else 0. */
int pol_oid_pat_match(const struct pol_oid_pat *, const uint8_t *, size_t);

/* Why a certificate is refused. */
enum pol_deny_kind {
	POL_DENY_JPKI = 1,	/* My Number card */
	POL_DENY_CORP,		/* corporate registry (法人認証カード) */
	POL_DENY_MALFORMED,	/* policy extension unreadable: fail closed */
	POL_DENY_CONFIG,	/* an administrator's deny entry */
	/* refusals found by pol_decide (decide.c) */
	POL_REFUSE_TRUST,	/* no configured authority issued it */
	POL_REFUSE_VALIDITY,	/* expired, or not yet valid */
	POL_REFUSE_POLICY,	/* none of the authority's policies */
	POL_REFUSE_BINDING,	/* holder not the bidder's representative... */
	POL_REFUSE_REGISTRY,	/* card not registered to any bidder */
	/* certificate sanity (sanity.c): what no accredited CA issues */
	POL_REFUSE_KEY,		/* RSA key under 2048 bits */
	POL_REFUSE_SIGNATURE,	/* signed with MD5, SHA-1, ... */
	POL_REFUSE_USAGE,	/* keyUsage allows no signature */
	POL_REFUSE_CA,		/* a CA certificate, not a holder's */
	POL_KIND_END		/* one past the last kind */
};

/*
 * The kind as a stable ASCII word ("jpki", "corporate", "trust", ...):
 * the "kind" of a reason in ebid-tool's JSON, and the reason family the
 * module and the tool are compared by.
 */
const char *pol_kind_name(enum pol_deny_kind);

#define POL_REASON_LEN		256
#define POL_REASONS_MAX		8

struct pol_reason {
	enum pol_deny_kind	kind;
	char			en[POL_REASON_LEN];	/* UTF-8 */
	char			ja[POL_REASON_LEN];	/* UTF-8 */
};

/* Heap allocated (too large for a stack frame): see pol_reasons_new. */
struct pol_reasons {
	size_t			n;
	int			truncated;	/* more than POL_REASONS_MAX */
	struct pol_reason	r[POL_REASONS_MAX];
};

struct pol_reasons *pol_reasons_new(void);
/* Adds a reason given as whole sentences in English and Japanese. */
void pol_reasons_add(struct pol_reasons *, enum pol_deny_kind,
    const char *en, const char *ja);
void pol_reasons_reset(struct pol_reasons *);
void pol_reasons_free(struct pol_reasons **);

/* Administrator deny entries, added at run time. */
struct pol_denylist;

struct pol_denylist *pol_denylist_new(void);
void pol_denylist_free(struct pol_denylist **);
/* A policy OID (pol_oid_pat_parse form); label names the entry. */
int pol_denylist_add_policy(struct pol_denylist *, const char *,
    const char *);
/*
 * An issuer: "C=JP, O=Example, CN=Foo CA*" (keys C, ST, L, O, OU, CN;
 * a trailing '*' makes the value a prefix; no ',' inside values).
 * Every listed attribute must be present in the issuer name.
 */
int pol_denylist_add_issuer(struct pol_denylist *, const char *,
    const char *);

/*
 * Checks cert (and issuer, the issuing CA's certificate, if known)
 * against the built-in deny table.  EBID_OK when checked: out->n is 0
 * if nothing matched, else every reason found, each naming the real
 * cause (the policy OID, the issuer, the CA key).  An unreadable policy
 * extension is itself a reason (fail closed).  Negative on caller
 * error or lack of memory.
 */
int pol_deny_check(X509 *, X509 *, struct pol_reasons *);
/* The same, plus the administrator's entries (NULL: none). */
int pol_deny_check_with(const struct pol_denylist *, X509 *, X509 *,
    struct pol_reasons *);

#endif
