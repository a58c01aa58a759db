/*
 * test-decide.c - the one policy decision: accepted, or refused with
 * every reason, for trusted, untrusted, expired, revoked (CRL), My
 * Number, denied, unregistered, mismatched and audit-mode cards.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/err.h"
#include "policy/decide.h"

#include "certgen.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define TEST_POLICY	"1.3.6.1.4.1.32473.1.1.1"
#define JPKI_SIGN	"1.2.392.200149.8.5.1.1.20"

static X509 *ca;
static STACK_OF(X509) *cas;

static int
setup(void **state)
{
	X509_NAME *n;
	BASIC_CONSTRAINTS *bc;

	if (cg_setup(state) != 0)
		return 1;
	ca = cg_new();
	n = X509_get_subject_name(ca);
	cg_utf8(n, NID_countryName, "JP");
	cg_utf8(n, NID_commonName, "TEST AOSign CA");
	X509_set_issuer_name(ca, n);
	bc = BASIC_CONSTRAINTS_new();
	bc->ca = 1;
	X509_add1_ext_i2d(ca, NID_basic_constraints, bc, 1, 0);
	BASIC_CONSTRAINTS_free(bc);
	cg_sign(ca);
	cas = sk_X509_new_null();
	sk_X509_push(cas, ca);
	return 0;
}

static int
teardown(void **state)
{
	sk_X509_free(cas);
	X509_free(ca);
	return cg_teardown(state);
}

/* An end-entity certificate from the test CA for holder cn. */
static X509 *
ee_sn(const char *cn, const char *policy, long serial)
{
	X509 *x = cg_new();

	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	cg_utf8(X509_get_subject_name(x), NID_countryName, "JP");
	cg_utf8(X509_get_subject_name(x), NID_commonName, cn);
	X509_set_issuer_name(x, X509_get_subject_name(ca));
	if (policy != NULL)
		cg_ext_policies(x, "2.5.29.32", strcmp(policy, JPKI_SIGN) == 0,
		    &policy, 1);
	cg_sign(x);
	return x;
}

static X509 *
ee(const char *cn, const char *policy)
{
	return ee_sn(cn, policy, 7);
}

/* A registry of one bidder whose card is cert (NULL: another card). */
static struct pol_registry *
registry(const char *rep, const char *del, X509 *card)
{
	uint8_t fp[32];
	unsigned int len = 0;
	char csv[1024], hex[65];
	struct pol_registry *r = NULL;
	size_t i;

	memset(fp, 0x33, sizeof(fp));
	if (card != NULL)
		assert_int_equal(X509_digest(card, EVP_sha256(), fp, &len), 1);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", fp[i]);
	snprintf(csv, sizeof(csv), "業者番号,区分,商号,代表者,受任者,登録カード\n"
	    "00123,建設工事,株式会社山田試験建設,%s,%s,%s\n", rep, del, hex);
	assert_int_equal(pol_registry_parse((const uint8_t *)csv, strlen(csv),
	    &r), EBID_OK);
	assert_int_equal(r->nerrs, 0);
	assert_int_equal(r->nrows, 1);
	return r;
}

struct fixture {
	struct pol_authority	auth;
	struct pol_input	in;
	struct pol_decision	d;
};

static void
fix_init(struct fixture *f, X509 *cert, const struct pol_registry *reg)
{
	memset(f, 0, sizeof(*f));
	f->auth.id = "aosign";
	f->auth.cas = cas;
	f->in.cert = cert;
	f->in.auths = &f->auth;
	f->in.nauths = 1;
	f->in.registry = reg;
	f->in.rule = POL_BIND_NATIONAL;
	f->in.now = time(NULL);
}

static int
has_kind(const struct pol_decision *d, enum pol_deny_kind k)
{
	size_t i;

	for (i = 0; i < d->reasons->n; i++)
		if (d->reasons->r[i].kind == k)
			return 1;
	return 0;
}

static void
test_accepted_representative(void **state)
{
	X509 *x = ee("山田　太郎", TEST_POLICY);
	struct pol_registry *r = registry("山田 太郎", "", x);
	struct fixture f;

	(void)state;
	fix_init(&f, x, r);
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(f.d.accepted);
	assert_int_equal(f.d.reasons->n, 0);
	assert_ptr_equal(f.d.auth, &f.auth);
	assert_non_null(f.d.bidder);
	assert_string_equal(f.d.bidder->vendor, "00123");
	pol_decision_reset(&f.d);
	pol_registry_free(&r);
	X509_free(x);
}

static void
test_delegate_and_strict_rule(void **state)
{
	X509 *x = ee("佐藤　花子", NULL);
	struct pol_registry *r = registry("山田　太郎", "佐藤 花子", x);
	X509 *rep = ee("山田　太郎", NULL);
	struct pol_registry *r2 = registry("山田　太郎", "佐藤 花子", rep);
	struct fixture f;

	(void)state;
	fix_init(&f, x, r);
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(f.d.accepted);	/* the delegate's card */
	pol_decision_reset(&f.d);
	fix_init(&f, rep, r2);
	f.in.rule = POL_BIND_LOCAL_STRICT;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);	/* only the delegate, locally */
	assert_true(has_kind(&f.d, POL_REFUSE_BINDING));
	pol_decision_reset(&f.d);
	pol_registry_free(&r);
	pol_registry_free(&r2);
	X509_free(x);
	X509_free(rep);
}

static void
test_unregistered_and_wrong_holder(void **state)
{
	X509 *x = ee("加藤　三郎", NULL);
	struct pol_registry *other = registry("加藤 三郎", "", NULL);
	struct pol_registry *wrong = registry("山田 太郎", "", x);
	struct fixture f;

	(void)state;
	fix_init(&f, x, other);
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_REGISTRY));
	pol_decision_reset(&f.d);
	fix_init(&f, x, wrong);
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_BINDING));
	pol_decision_reset(&f.d);
	fix_init(&f, x, NULL);	/* no registry at all */
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	pol_decision_reset(&f.d);
	pol_registry_free(&other);
	pol_registry_free(&wrong);
	X509_free(x);
}

static void
test_untrusted_and_expired(void **state)
{
	X509 *x = ee("山田　太郎", NULL);
	struct pol_registry *r = registry("山田 太郎", "", x);
	struct fixture f;

	(void)state;
	fix_init(&f, x, r);
	f.in.nauths = 0;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_TRUST));
	assert_non_null(strstr(f.d.reasons->r[0].en, "TEST AOSign CA"));
	pol_decision_reset(&f.d);
	fix_init(&f, x, r);
	f.in.now = time(NULL) + 10 * 86400;	/* after notAfter */
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_VALIDITY));
	assert_non_null(strstr(f.d.reasons->r[0].en, "expired on 20"));
	assert_ptr_equal(f.d.auth, &f.auth);	/* still names its CA */
	pol_decision_reset(&f.d);
	pol_registry_free(&r);
	X509_free(x);
}

/* A My Number look-alike from a TRUSTED CA, even in audit mode. */
static void
test_jpki_refused_even_trusted_and_audit(void **state)
{
	X509 *x = ee("山田　太郎", JPKI_SIGN);
	struct pol_registry *r = registry("山田 太郎", "", x);
	struct fixture f;

	(void)state;
	fix_init(&f, x, r);
	f.in.audit = 1;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_DENY_JPKI));
	assert_non_null(strstr(f.d.reasons->r[0].en, JPKI_SIGN));
	pol_decision_reset(&f.d);
	pol_registry_free(&r);
	X509_free(x);
}

static void
test_audit_relaxes_binding_only(void **state)
{
	X509 *x = ee("加藤　三郎", NULL);
	struct fixture f;

	(void)state;
	fix_init(&f, x, NULL);
	f.in.audit = 1;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(f.d.accepted);
	assert_true(f.d.audit_relaxed);
	pol_decision_reset(&f.d);
	fix_init(&f, x, NULL);
	f.in.audit = 1;
	f.in.nauths = 0;	/* audit does not relax trust */
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	pol_decision_reset(&f.d);
	X509_free(x);
}

/*
 * Policies as ebid-pkcs11.conf(5) says an administrator writes them: an
 * OID matches itself only, "X." matches X's descendants only.
 */
static const struct {
	const char	*conf;		/* the authority's policies, as written */
	const char	*cert;		/* the card certificate's policy */
	int		 accepted;
} policy_forms[] = {
	{ "1.3.6.1.4.1.32473.1.1.1", TEST_POLICY, 1 },	/* exact */
	{ "1.3.6.1.4.1.32473.1.1.1", "1.3.6.1.4.1.32473.1.1.1.5", 0 },
	{ "1.3.6.1.4.1.32473.1.1.1", "1.3.6.1.4.1.32473.1.1", 0 },
	{ "1.3.6.1.4.1.32473.1.1.1", "1.3.6.1.4.1.32473.1.1.10", 0 },
	{ "1.3.6.1.4.1.32473.1.1.", TEST_POLICY, 1 },	/* a child */
	{ "1.3.6.1.4.1.32473.1.", TEST_POLICY, 1 },	/* a grandchild */
	{ "1.3.6.1.4.1.32473.1.1.1.", TEST_POLICY, 0 },	/* not itself */
	{ "1.3.6.1.4.1.32473.1.1.", "1.3.6.1.4.1.32473.1.10.1", 0 },
	{ "1.3.6.1.4.1.32473.1.1", "1.3.6.1.4.1.32473.1.10", 0 },
	{ "1.2.3 1.3.6.1.4.1.32473.1.1.1", TEST_POLICY, 1 },	/* the second */
	{ "1.2.3. 1.3.6.1.4.1.32473.1.", TEST_POLICY, 1 },
	{ "1.2.3 1.2.4.", TEST_POLICY, 0 },
	{ "2.5.29.32.0", TEST_POLICY, 0 },	/* anyPolicy is just an OID */
	{ "1.3.6.1.4.1.32473.1.1.1", NULL, 0 },	/* no policy at all */
};

static void
test_policy_forms(void **state)
{
	struct pol_oid_pat pats[4];
	struct fixture f;
	char copy[128], *tok, *save;
	size_t i, n;
	X509 *x;
	struct pol_registry *r;

	(void)state;
	for (i = 0; i < NELEM(policy_forms); i++) {
		x = ee("山田　太郎", policy_forms[i].cert);
		r = registry("山田 太郎", "", x);
		snprintf(copy, sizeof(copy), "%s", policy_forms[i].conf);
		for (n = 0, tok = strtok_r(copy, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save))
			assert_int_equal(pol_oid_pat_parse(tok, &pats[n++]),
			    EBID_OK);
		fix_init(&f, x, r);
		f.auth.policies = pats;
		f.auth.npolicies = n;
		assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
		print_message("%s / %s: %s\n", policy_forms[i].conf,
		    policy_forms[i].cert ? policy_forms[i].cert : "-",
		    f.d.accepted ? "accepted" : f.d.reasons->r[0].en);
		assert_int_equal(f.d.accepted, policy_forms[i].accepted);
		if (!policy_forms[i].accepted) {
			assert_int_equal(f.d.reasons->n, 1);
			assert_true(has_kind(&f.d, POL_REFUSE_POLICY));
		}
		pol_decision_reset(&f.d);
		pol_registry_free(&r);
		X509_free(x);
	}
}

/* A certificate of the test CA, changed by fn before it is signed. */
static X509 *
ee_with(void (*fn)(X509 *), const EVP_MD *md, EVP_PKEY *key)
{
	X509 *x = cg_new();

	cg_utf8(X509_get_subject_name(x), NID_commonName, "山田　太郎");
	X509_set_issuer_name(x, X509_get_subject_name(ca));
	if (key != NULL)
		assert_true(X509_set_pubkey(x, key));
	if (fn != NULL)
		fn(x);
	assert_true(X509_sign(x, cg_key, md) > 0);
	return x;
}

static void
ku_add(X509 *x, const char *text)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, NULL, NID_key_usage,
	    text);

	assert_non_null(e);
	assert_true(X509_add_ext(x, e, -1));
	X509_EXTENSION_free(e);
}

static void ku_sign(X509 *x) { ku_add(x, "critical,digitalSignature"); }
static void ku_nr(X509 *x) { ku_add(x, "nonRepudiation"); }
static void ku_enc(X509 *x) { ku_add(x, "keyEncipherment,dataEncipherment"); }
static void ku_certsign(X509 *x) { ku_add(x, "keyCertSign,cRLSign"); }

static void
bc_add(X509 *x, int is_ca)
{
	BASIC_CONSTRAINTS *bc = BASIC_CONSTRAINTS_new();

	bc->ca = is_ca;
	assert_true(X509_add1_ext_i2d(x, NID_basic_constraints, bc, 1, 0));
	BASIC_CONSTRAINTS_free(bc);
}

static void bc_ca(X509 *x) { bc_add(x, 1); }
static void bc_ee(X509 *x) { bc_add(x, 0); }

/* Every sanity rule, each refused with its own kind (or accepted). */
static void
test_sanity(void **state)
{
	EVP_PKEY *k1024 = EVP_RSA_gen(1024), *k2048 = EVP_RSA_gen(2048);
	EVP_PKEY *kec = EVP_EC_gen("P-256");
	const struct {
		const char	*what;
		void		(*fn)(X509 *);
		const EVP_MD	*md;
		EVP_PKEY	*key;
		int		 kind;	/* 0: accepted */
	} rows[] = {
		{ "RSA-2048, SHA-256, no extensions", NULL, EVP_sha256(),
		  NULL, 0 },
		{ "P-256", NULL, EVP_sha256(), kec, POL_REFUSE_KEY },
		{ "RSA-2048", NULL, EVP_sha256(), k2048, 0 },
		{ "RSA-1024", NULL, EVP_sha256(), k1024, POL_REFUSE_KEY },
		{ "SHA-1 signature", NULL, EVP_sha1(), NULL,
		  POL_REFUSE_SIGNATURE },
		{ "SHA-384 signature", NULL, EVP_sha384(), NULL, 0 },
		{ "keyUsage digitalSignature", ku_sign, EVP_sha256(), NULL,
		  0 },
		{ "keyUsage nonRepudiation", ku_nr, EVP_sha256(), NULL, 0 },
		{ "keyUsage encipherment only", ku_enc, EVP_sha256(), NULL,
		  POL_REFUSE_USAGE },
		{ "keyUsage keyCertSign", ku_certsign, EVP_sha256(), NULL,
		  POL_REFUSE_USAGE },
		{ "CA:TRUE", bc_ca, EVP_sha256(), NULL, POL_REFUSE_CA },
		{ "CA:FALSE", bc_ee, EVP_sha256(), NULL, 0 },
	};
	struct pol_registry *r;
	struct fixture f;
	size_t i;
	X509 *x;

	(void)state;
	assert_non_null(k1024);
	assert_non_null(k2048);
	for (i = 0; i < NELEM(rows); i++) {
		x = ee_with(rows[i].fn, rows[i].md, rows[i].key);
		r = registry("山田 太郎", "", x);
		fix_init(&f, x, r);
		assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
		print_message("%s: %s\n", rows[i].what, f.d.accepted ?
		    "accepted" : f.d.reasons->r[0].en);
		assert_int_equal(f.d.accepted, rows[i].kind == 0);
		if (rows[i].kind != 0) {
			assert_int_equal(f.d.reasons->n, 1);
			assert_true(has_kind(&f.d, rows[i].kind));
		}
		pol_decision_reset(&f.d);
		pol_registry_free(&r);
		X509_free(x);
	}
	/* the configured CA certificate itself, offered as a card */
	r = registry("TEST AOSign CA", "", ca);
	fix_init(&f, ca, r);
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_CA));
	pol_decision_reset(&f.d);
	pol_registry_free(&r);
	EVP_PKEY_free(k1024);
	EVP_PKEY_free(k2048);
	EVP_PKEY_free(kec);
}

/* Valid from notBefore through notAfter, both inclusive (RFC 5280). */
static void
test_validity_edges(void **state)
{
	const time_t nb = 1893456000;	/* 2030-01-01 00:00:00 UTC */
	const time_t na = nb + 86400 * 365;
	const struct {
		time_t	now;
		int	accepted;
	} rows[] = {
		{ nb - 1, 0 }, { nb, 1 }, { nb + 1, 1 }, { na - 1, 1 },
		{ na, 1 }, { na + 1, 0 },
	};
	struct pol_registry *r;
	struct fixture f;
	size_t i;
	X509 *x = cg_new(), *c = cg_new();
	STACK_OF(X509) *sk = sk_X509_new_null();

	(void)state;
	/* a CA valid over the same span, so that both edges are shared */
	X509_set_subject_name(c, X509_get_subject_name(ca));
	X509_set_issuer_name(c, X509_get_subject_name(ca));
	bc_ca(c);
	cg_utf8(X509_get_subject_name(x), NID_commonName, "山田　太郎");
	X509_set_issuer_name(x, X509_get_subject_name(ca));
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(x), nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(x), na));
	assert_non_null(ASN1_TIME_set(X509_getm_notBefore(c), nb));
	assert_non_null(ASN1_TIME_set(X509_getm_notAfter(c), na));
	cg_sign(x);
	cg_sign(c);
	sk_X509_push(sk, c);
	r = registry("山田 太郎", "", x);
	for (i = 0; i < NELEM(rows); i++) {
		fix_init(&f, x, r);
		f.auth.cas = sk;
		f.in.now = rows[i].now;
		assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
		print_message("at %+lld s: %s\n",
		    (long long)(rows[i].now - (rows[i].now < na - 1 ? nb : na)),
		    f.d.accepted ? "accepted" : f.d.reasons->r[0].en);
		assert_int_equal(f.d.accepted, rows[i].accepted);
		if (!rows[i].accepted)
			assert_true(has_kind(&f.d, POL_REFUSE_VALIDITY));
		pol_decision_reset(&f.d);
	}
	pol_registry_free(&r);
	sk_X509_pop_free(sk, X509_free);
	X509_free(x);
}

/* A CRL of the test CA revoking serial; next update at now + next. */
static STACK_OF(X509_CRL) *
crl_of(long serial, time_t now, long next)
{
	STACK_OF(X509_CRL) *sk = sk_X509_CRL_new_null();
	X509_CRL *crl = X509_CRL_new();
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	ASN1_TIME *t = ASN1_TIME_new();

	assert_non_null(sk);
	assert_non_null(crl);
	assert_non_null(r);
	assert_non_null(sn);
	assert_non_null(t);
	assert_true(X509_CRL_set_version(crl, 1));	/* v2 */
	assert_true(X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)));
	assert_non_null(ASN1_TIME_set(t, now - 7200));
	assert_true(X509_CRL_set1_lastUpdate(crl, t));
	assert_true(X509_REVOKED_set_revocationDate(r, t));
	assert_non_null(ASN1_TIME_set(t, now + next));
	assert_true(X509_CRL_set1_nextUpdate(crl, t));
	assert_true(ASN1_INTEGER_set(sn, serial));
	assert_true(X509_REVOKED_set_serialNumber(r, sn));
	assert_true(X509_CRL_add0_revoked(crl, r));
	assert_true(X509_CRL_sort(crl));
	assert_true(X509_CRL_sign(crl, cg_key, EVP_sha256()) > 0);
	assert_true(sk_X509_CRL_push(sk, crl) > 0);
	ASN1_INTEGER_free(sn);
	ASN1_TIME_free(t);
	return sk;
}

/* Under one CRL of its authority: serial 8 refused, serial 7 accepted. */
/*
 * Two authorities with the same CA, the first without a CRL: the second's
 * revocation is final, in either order.
 */
static void
revoked_is_final(X509 *bad, const struct pol_registry *reg,
    STACK_OF(X509_CRL) *crls)
{
	struct pol_authority two[2];
	struct fixture f;
	int order;

	for (order = 0; order < 2; order++) {
		fix_init(&f, bad, reg);
		two[0] = f.auth;
		two[1] = f.auth;
		two[1].id = "same-ca";
		two[order].crls = crls;
		f.in.auths = two;
		f.in.nauths = 2;
		assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
		assert_false(f.d.accepted);
		assert_string_equal(f.d.reasons->r[0].en,
		    "certificate revoked by its authority (CRL)");
		pol_decision_reset(&f.d);
	}
}

static void
test_crl_revoked(void **state)
{
	X509 *ok = ee_sn("山田　太郎", NULL, 7);
	X509 *bad = ee_sn("山田　太郎", NULL, 8);
	struct pol_registry *r_ok = registry("山田 太郎", "", ok);
	struct pol_registry *r_bad = registry("山田 太郎", "", bad);
	STACK_OF(X509_CRL) *crls = crl_of(8, time(NULL), 30 * 86400);
	struct fixture f;

	(void)state;
	fix_init(&f, bad, r_bad);
	f.auth.crls = crls;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_int_equal(f.d.reasons->n, 1);
	assert_int_equal(f.d.reasons->r[0].kind, POL_REFUSE_VALIDITY);
	assert_string_equal(f.d.reasons->r[0].en,
	    "certificate revoked by its authority (CRL)");
	assert_ptr_equal(f.d.auth, &f.auth);	/* still names its CA */
	assert_null(f.d.bidder);
	pol_decision_reset(&f.d);
	fix_init(&f, ok, r_ok);
	f.auth.crls = crls;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(f.d.accepted);
	assert_ptr_equal(f.d.auth, &f.auth);
	pol_decision_reset(&f.d);
	fix_init(&f, bad, r_bad);		/* no CRL: not checked */
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(f.d.accepted);
	pol_decision_reset(&f.d);
	revoked_is_final(bad, r_bad, crls);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	pol_registry_free(&r_ok);
	pol_registry_free(&r_bad);
	X509_free(ok);
	X509_free(bad);
}

/* A CRL that cannot vouch for the card fails closed: refused. */
static void
test_crl_stale_refused(void **state)
{
	X509 *x = ee_sn("山田　太郎", NULL, 7);
	struct pol_registry *r = registry("山田 太郎", "", x);
	STACK_OF(X509_CRL) *stale = crl_of(8, time(NULL), -3600);
	struct fixture f;

	(void)state;
	fix_init(&f, x, r);
	f.auth.crls = stale;			/* next update is past */
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_int_equal(f.d.reasons->n, 1);	/* the CRL, not the trust */
	assert_int_equal(f.d.reasons->r[0].kind, POL_REFUSE_VALIDITY);
	assert_non_null(strstr(f.d.reasons->r[0].en, "CRL (crl_file) is out "
	    "of date"));
	pol_decision_reset(&f.d);
	sk_X509_CRL_pop_free(stale, X509_CRL_free);
	pol_registry_free(&r);
	X509_free(x);
}

/*
 * Every cause is shown: a card a deny rule refuses and that no
 * configured authority issued says both (issue 10's corpus).  But where
 * the chain failed only on the deny rule's own critical private
 * extension (a corporate card from a trusted CA), the deny rule is the
 * one cause, not "untrusted".
 */
static void
test_deny_and_untrusted(void **state)
{
	static const uint8_t null_der[] = { 0x05, 0x00 };
	X509 *jpki = ee("山田　太郎", JPKI_SIGN);
	X509 *plain = ee("山田　太郎", NULL);
	X509 *corp = cg_new();
	struct pol_denylist *deny = pol_denylist_new();
	struct fixture f;

	(void)state;
	assert_non_null(deny);
	assert_int_equal(pol_denylist_add_issuer(deny, "C=JP, CN=TEST AO*",
	    "retired"), EBID_OK);
	fix_init(&f, jpki, NULL);
	f.in.nauths = 0;			/* and untrusted */
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_DENY_JPKI));
	assert_true(has_kind(&f.d, POL_REFUSE_TRUST));
	assert_int_equal(f.d.reasons->n, 2);
	pol_decision_reset(&f.d);
	fix_init(&f, plain, NULL);		/* an administrator's entry */
	f.in.nauths = 0;
	f.in.deny = deny;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(has_kind(&f.d, POL_DENY_CONFIG));
	assert_true(has_kind(&f.d, POL_REFUSE_TRUST));
	pol_decision_reset(&f.d);
	/* a trusted CA's card with the corporate critical extension */
	cg_utf8(X509_get_subject_name(corp), NID_commonName, "山田　太郎");
	X509_set_issuer_name(corp, X509_get_subject_name(ca));
	cg_ext_raw(corp, "1.2.392.100300.1.1.3", 1, null_der,
	    sizeof(null_der));
	cg_sign(corp);
	fix_init(&f, corp, NULL);
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(has_kind(&f.d, POL_DENY_CORP));
	assert_false(has_kind(&f.d, POL_REFUSE_TRUST));
	pol_decision_reset(&f.d);
	fix_init(&f, plain, NULL);		/* no rule: untrusted */
	f.in.nauths = 0;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_TRUST));
	assert_int_equal(f.d.reasons->n, 1);
	pol_decision_reset(&f.d);
	pol_denylist_free(&deny);
	X509_free(jpki);
	X509_free(plain);
	X509_free(corp);
}

static void
test_bad_args(void **state)
{
	struct pol_decision d;
	struct pol_input in;

	(void)state;
	memset(&in, 0, sizeof(in));
	assert_int_equal(pol_decide(NULL, &d), EBID_ERR_ARG);
	assert_int_equal(pol_decide(&in, NULL), EBID_ERR_ARG);
	assert_int_equal(pol_decide(&in, &d), EBID_ERR_ARG);	/* no cert */
	pol_decision_reset(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_representative),
		cmocka_unit_test(test_delegate_and_strict_rule),
		cmocka_unit_test(test_unregistered_and_wrong_holder),
		cmocka_unit_test(test_untrusted_and_expired),
		cmocka_unit_test(test_jpki_refused_even_trusted_and_audit),
		cmocka_unit_test(test_audit_relaxes_binding_only),
		cmocka_unit_test(test_policy_forms),
		cmocka_unit_test(test_sanity),
		cmocka_unit_test(test_validity_edges),
		cmocka_unit_test(test_crl_revoked),
		cmocka_unit_test(test_crl_stale_refused),
		cmocka_unit_test(test_deny_and_untrusted),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests_name("decide", tests, setup, teardown);
}
