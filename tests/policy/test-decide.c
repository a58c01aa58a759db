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

static void
test_policy_required(void **state)
{
	static const char *const want[] = { "1.3.6.1.4.1.32473.1.1" };
	X509 *with = ee("山田　太郎", TEST_POLICY);
	X509 *without = ee("山田　太郎", NULL);
	struct pol_registry *r1 = registry("山田 太郎", "", with);
	struct pol_registry *r2 = registry("山田 太郎", "", without);
	struct fixture f;

	(void)state;
	fix_init(&f, with, r1);
	f.auth.policies = want;
	f.auth.npolicies = 1;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_true(f.d.accepted);
	pol_decision_reset(&f.d);
	fix_init(&f, without, r2);
	f.auth.policies = want;
	f.auth.npolicies = 1;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_REFUSE_POLICY));
	pol_decision_reset(&f.d);
	pol_registry_free(&r1);
	pol_registry_free(&r2);
	X509_free(with);
	X509_free(without);
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
 * A card a deny rule refuses is not also "not a configured authority":
 * the deny rule is the cause.  A card no rule refuses still is.
 */
static void
test_deny_without_untrusted(void **state)
{
	X509 *jpki = ee("山田　太郎", JPKI_SIGN);
	X509 *plain = ee("山田　太郎", NULL);
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
	assert_false(has_kind(&f.d, POL_REFUSE_TRUST));
	assert_int_equal(f.d.reasons->n, 1);
	pol_decision_reset(&f.d);
	fix_init(&f, plain, NULL);		/* an administrator's entry */
	f.in.nauths = 0;
	f.in.deny = deny;
	assert_int_equal(pol_decide(&f.in, &f.d), EBID_OK);
	assert_false(f.d.accepted);
	assert_true(has_kind(&f.d, POL_DENY_CONFIG));
	assert_false(has_kind(&f.d, POL_REFUSE_TRUST));
	assert_int_equal(f.d.reasons->n, 1);
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
		cmocka_unit_test(test_policy_required),
		cmocka_unit_test(test_crl_revoked),
		cmocka_unit_test(test_crl_stale_refused),
		cmocka_unit_test(test_deny_without_untrusted),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests_name("decide", tests, setup, teardown);
}
