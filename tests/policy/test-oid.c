/*
 * test-oid.c - policy OIDs and the deny table (JPKI, corporate registry).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/pem.h>

#include "common/err.h"
#include "policy/oid.h"
#include "certgen.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define CP		"2.5.29.32"
#define CPJP		"1.2.392.100300.1.1.1"
#define CORPINFO	"1.2.392.100300.1.1.3"
#define JPKI_SIGN	"1.2.392.200149.8.5.1.1.20"
#define CORP_POL	"1.2.392.100300.1.3.4"
#define TEST_POL	"1.3.6.1.4.1.32473.1.1.1"

static X509 *
load_ca(const char *file)
{
	char path[1024];
	const char *top = getenv("top_srcdir");
	X509 *x;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/policy/data/%s",
	    top ? top : ".", file);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	assert_non_null(x);
	return x;
}

static X509 *
jpki_like(void)
{
	const char *pol[] = { JPKI_SIGN };
	X509 *x = cg_new();

	cg_utf8(X509_get_subject_name(x), NID_commonName, "JPKI test");
	cg_ext_policies(x, CP, 1, pol, 1);
	cg_sign(x);
	return x;
}

static X509 *
corp_like(void)
{
	const char *pol[] = { CORP_POL };
	static const uint8_t info[] = { 0x30, 0x03, 0x0c, 0x01, 'A' };
	X509 *x = cg_new();

	cg_utf8(X509_get_subject_name(x), NID_commonName, "株式会社テスト");
	assert_true(X509_set_issuer_name(x, X509_get_subject_name(x)));
	cg_ext_policies(x, CPJP, 1, pol, 1);
	cg_ext_raw(x, CORPINFO, 1, info, sizeof(info));
	cg_sign(x);
	return x;
}

static X509 *
normal(void)
{
	const char *pol[] = { TEST_POL };
	X509 *x = cg_new();

	cg_utf8(X509_get_subject_name(x), NID_commonName, "山田 太郎");
	cg_utf8(X509_get_issuer_name(x), NID_commonName, "Test CA");
	cg_ext_policies(x, CP, 0, pol, 1);
	cg_sign(x);
	return x;
}

static const struct {
	const char	*oid;
	const char	*prefix;
	int		 under;
} under[] = {
	{ JPKI_SIGN, "1.2.392.200149.8.5.1.", 1 },
	{ "1.2.392.200149.8.5.1.3.30", "1.2.392.200149.8.5.1.", 1 },
	{ "1.2.392.200149.8.5.1.0.20", "1.2.392.200149.8.5.1", 1 },
	{ "1.2.392.200149.8.5.1.128.1", "1.2.392.200149.8.5.1.", 1 },
	{ "1.2.392.200149.8.5.10.1", "1.2.392.200149.8.5.1.", 0 },
	{ "1.2.392.200149.8.5.129", "1.2.392.200149.8.5.1.", 0 },
	{ "1.2.392.200149.8.5.1", "1.2.392.200149.8.5.1.", 0 },
	{ "1.2.392.200149.8.6.1.1", "1.2.392.200149.8.5.1.", 0 },
	{ "1.2.392.200149.1.1", "1.2.392.200149.8.5.1.", 0 },
	{ CORP_POL, "1.2.392.100300.1.3.", 1 },
	{ "1.2.392.100300.1.30.4", "1.2.392.100300.1.3.", 0 },
};

static void
test_under(void **state)
{
	uint8_t a[POL_OID_DER_MAX], b[POL_OID_DER_MAX];
	size_t i, alen, blen;

	(void)state;
	for (i = 0; i < NELEM(under); i++) {
		assert_int_equal(pol_oid_from_text(under[i].oid, a, sizeof(a),
		    &alen), EBID_OK);
		assert_int_equal(pol_oid_from_text(under[i].prefix, b,
		    sizeof(b), &blen), EBID_OK);
		print_message("%s under %s\n", under[i].oid, under[i].prefix);
		assert_int_equal(pol_oid_under(a, alen, b, blen),
		    under[i].under);
	}
	b[0] = 0x2a;
	b[1] = 0x83;	/* ends inside an arc */
	assert_int_equal(pol_oid_under(a, alen, b, 2), 0);
}

/* pol_oid_from_text agrees with OpenSSL's encoder. */
static void
test_from_text(void **state)
{
	static const char *ok[] = { "1.2.392.200149.8.5.1", "2.5.29.32",
	    "2.999.1", "0.39", "1.2.840.113549.1.1.11",
	    "1.3.6.1.4.1.32473.1.1.1", "1.2.3.18446744073709551615" };
	uint8_t der[POL_OID_DER_MAX];
	ASN1_OBJECT *obj;
	size_t i, len;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		assert_int_equal(pol_oid_from_text(ok[i], der, sizeof(der),
		    &len), EBID_OK);
		obj = OBJ_txt2obj(ok[i], 1);
		assert_non_null(obj);
		assert_int_equal(OBJ_length(obj), len);
		assert_memory_equal(OBJ_get0_data(obj), der, len);
		ASN1_OBJECT_free(obj);
	}
	assert_int_equal(pol_oid_from_text("1.2.3.4.5.6.7.8", der, 3, &len),
	    EBID_ERR_BUFFER_SMALL);
}

static const char *bad_text[] = {
	"", "1", "3.1", "1.40", "1..2", "1.2..", ".1.2", "1.2.a", "01.2",
	"1.02", "1.2.-3", "1.2.18446744073709551616", " 1.2", "1.2 ",
	"1.2.3.", /* fine */
};

static void
test_from_text_bad(void **state)
{
	uint8_t der[POL_OID_DER_MAX];
	size_t i, len;

	(void)state;
	for (i = 0; i + 1 < NELEM(bad_text); i++) {
		print_message("bad: '%s'\n", bad_text[i]);
		assert_int_equal(pol_oid_from_text(bad_text[i], der,
		    sizeof(der), &len), EBID_ERR_ARG);
	}
	assert_int_equal(pol_oid_from_text(bad_text[i], der, sizeof(der),
	    &len), EBID_OK);
}

static void
test_collect(void **state)
{
	struct pol_oids *o = calloc(1, sizeof(*o));
	X509 *j = jpki_like(), *c = corp_like(), *n = normal();

	(void)state;
	assert_non_null(o);
	assert_int_equal(pol_oid_collect(j, o), EBID_OK);
	assert_int_equal(o->n, 1);
	assert_string_equal(o->v[0].txt, JPKI_SIGN);
	assert_int_equal(o->v[0].critical, 1);
	assert_int_equal(o->v[0].src, POL_SRC_CP);
	assert_int_equal(pol_oid_collect(c, o), EBID_OK);
	assert_int_equal(o->n, 1);
	assert_string_equal(o->v[0].txt, CORP_POL);
	assert_int_equal(o->v[0].critical, 1);
	assert_int_equal(o->v[0].src, POL_SRC_CPJP);
	assert_int_equal(pol_oid_collect(n, o), EBID_OK);
	assert_int_equal(o->n, 1);
	assert_string_equal(o->v[0].txt, TEST_POL);
	assert_int_equal(o->v[0].critical, 0);
	X509_free(j);
	X509_free(c);
	X509_free(n);
	free(o);
}

static const char *
find_reason(const struct pol_reasons *r, enum pol_deny_kind k,
    const char *en, const char *ja)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		print_message("  reason: %s / %s\n", r->r[i].en, r->r[i].ja);
		if (r->r[i].kind == k && strstr(r->r[i].en, en) &&
		    (ja == NULL || strstr(r->r[i].ja, ja)))
			return r->r[i].en;
	}
	return NULL;
}

static void
test_deny_jpki(void **state)
{
	struct pol_reasons *r = pol_reasons_new();
	X509 *x = jpki_like();

	(void)state;
	assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
	assert_int_equal(r->n, 1);
	assert_non_null(find_reason(r, POL_DENY_JPKI,
	    "My Number card (JPKI): policy " JPKI_SIGN,
	    "マイナンバーカード（公的個人認証）: ポリシー " JPKI_SIGN));
	X509_free(x);
	pol_reasons_free(&r);
	assert_null(r);
}

/* The reason names the policy, although OpenSSL stops at the extension. */
static void
test_deny_corp(void **state)
{
	struct pol_reasons *r = pol_reasons_new();
	X509 *x = corp_like();
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();

	(void)state;
	assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
	assert_int_equal(r->n, 2);
	assert_non_null(find_reason(r, POL_DENY_CORP,
	    "corporate registry certificate: policy " CORP_POL,
	    "法人認証カード（商業登記電子証明書）: ポリシー " CORP_POL));
	assert_non_null(find_reason(r, POL_DENY_CORP, CORPINFO, "拡張"));
	/* a plain verification fails for another reason */
	assert_true(X509_STORE_add_cert(st, x));
	assert_true(X509_STORE_CTX_init(ctx, st, x, NULL));
	assert_true(X509_verify_cert(ctx) <= 0);
	assert_int_equal(X509_STORE_CTX_get_error(ctx),
	    X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	X509_free(x);
	pol_reasons_free(&r);
}

static void
test_deny_normal(void **state)
{
	struct pol_reasons *r = pol_reasons_new();
	X509 *x = normal();

	(void)state;
	assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
	assert_int_equal(r->n, 0);
	X509_free(x);
	pol_reasons_free(&r);
}

/* Issuer names alone, with no policy at all. */
static const struct {
	const char		*dn[5];	/* C, O, OU, OU, CN */
	enum pol_deny_kind	 kind;	/* 0: not denied */
} issuers[] = {
	{ { "JP", "JPKI", "JPKI for digital signature",
	    "Japan Agency for Local Authority Information Systems", NULL },
	    POL_DENY_JPKI },
	{ { "JP", "JPKI", "JPKI for user authentication",
	    "Japan Agency for Local Authority Information Systems", NULL },
	    POL_DENY_JPKI },
	{ { "JP", "JPKI", "JPKI for something else",
	    "Japan Agency for Local Authority Information Systems", NULL },
	    0 },
	{ { "JP", "Japanese Government", "Ministry of Justice", NULL,
	    "Registrar of Tokyo Legal Affairs Bureau" }, POL_DENY_CORP },
	{ { "JP", "Japanese Government", "Other", NULL,
	    "Registrar of Osaka Legal Affairs Bureau" }, POL_DENY_CORP },
	{ { "JP", "Example CA", NULL, NULL, "Registrar of Nothing" }, 0 },
};

static void
test_deny_issuer(void **state)
{
	static const int nids[] = { NID_countryName, NID_organizationName,
	    NID_organizationalUnitName, NID_organizationalUnitName,
	    NID_commonName };
	struct pol_reasons *r = pol_reasons_new();
	X509_NAME *in;
	size_t i, k;
	X509 *x;

	(void)state;
	for (i = 0; i < NELEM(issuers); i++) {
		x = cg_new();
		in = X509_get_issuer_name(x);
		for (k = 0; k < NELEM(nids); k++)
			if (issuers[i].dn[k] != NULL)
				cg_name_add(in, nids[k], k == 0 ?
				    V_ASN1_PRINTABLESTRING : MBSTRING_UTF8,
				    issuers[i].dn[k], -1);
		cg_sign(x);
		assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
		print_message("issuer %zu: %zu reasons\n", i, r->n);
		if (issuers[i].kind == 0)
			assert_int_equal(r->n, 0);
		else
			assert_non_null(find_reason(r, issuers[i].kind,
			    "issuer", "発行者"));
		X509_free(x);
	}
	pol_reasons_free(&r);
}

/* The real JPKI CA: by its key (issuer given) and by AKI (issuer not). */
static void
test_deny_real_ca(void **state)
{
	struct pol_reasons *r = pol_reasons_new();
	X509 *ca = load_ca("sign_ca_2023.pem"), *x = cg_new();
	X509_EXTENSION *ext;
	X509V3_CTX v3;

	(void)state;
	cg_utf8(X509_get_subject_name(x), NID_commonName, "leaf");
	X509V3_set_ctx(&v3, ca, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_authority_key_identifier,
	    "keyid:always");
	assert_non_null(ext);
	assert_true(X509_add_ext(x, ext, -1));
	X509_EXTENSION_free(ext);
	cg_sign(x);
	assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
	assert_non_null(find_reason(r, POL_DENY_JPKI, "sign_ca_2023.pem",
	    "発行元CA鍵"));
	assert_int_equal(pol_deny_check(x, ca, r), EBID_OK);
	assert_non_null(find_reason(r, POL_DENY_JPKI,
	    "issuing CA key sign_ca_2023.pem", NULL));
	assert_non_null(find_reason(r, POL_DENY_JPKI,
	    "issuer C=JP, O=JPKI, OU=JPKI for digital signature", NULL));
	X509_free(ca);
	ca = load_ca("auth_ca_2015.pem");
	assert_int_equal(pol_deny_check(x, ca, r), EBID_OK);
	assert_non_null(find_reason(r, POL_DENY_JPKI,
	    "issuing CA key auth_ca_2015.pem", NULL));
	X509_free(ca);
	X509_free(x);
	pol_reasons_free(&r);
}

/* Malformed policy extension contents, one per line: fail closed. */
static const struct {
	const char	*ext;
	uint8_t		 der[8];
	size_t		 len;
} bad_ext[] = {
	{ CP, { 0x00 }, 0 },
	{ CP, { 0x04, 0x00 }, 2 },
	{ CP, { 0x30, 0x03, 0x30, 0x01, 0x06 }, 5 },
	{ CP, { 0x30, 0x02, 0x30, 0x00, 0x00 }, 5 },
	{ CPJP, { 0x30, 0x04, 0x30, 0x02, 0x06, 0x00 }, 6 },
	{ CPJP, { 0x30, 0x80, 0x00, 0x00 }, 4 },
	{ CPJP, { 0xff }, 1 },
};

static void
test_deny_malformed(void **state)
{
	struct pol_reasons *r = pol_reasons_new();
	struct pol_oids *o = calloc(1, sizeof(*o));
	size_t i;
	X509 *x;

	(void)state;
	for (i = 0; i < NELEM(bad_ext); i++) {
		print_message("malformed %zu\n", i);
		x = cg_new();
		cg_ext_raw(x, bad_ext[i].ext, 1, bad_ext[i].der,
		    bad_ext[i].len);
		cg_sign(x);
		assert_int_equal(pol_oid_collect(x, o), EBID_ERR_PARSE);
		assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
		assert_non_null(find_reason(r, POL_DENY_MALFORMED,
		    bad_ext[i].ext, NULL));
		X509_free(x);
	}
	free(o);
	pol_reasons_free(&r);
}

/* More policies than fit: refused, not truncated silently. */
static void
test_too_many(void **state)
{
	const char *pols[POL_OIDS_MAX + 1];
	struct pol_reasons *r = pol_reasons_new();
	struct pol_oids *o = calloc(1, sizeof(*o));
	char txt[POL_OIDS_MAX + 1][32];
	size_t i;
	X509 *x = cg_new();

	(void)state;
	for (i = 0; i < NELEM(pols); i++) {
		snprintf(txt[i], sizeof(txt[i]), "1.3.6.1.4.1.32473.%zu", i);
		pols[i] = txt[i];
	}
	cg_ext_policies(x, CP, 0, pols, NELEM(pols));
	cg_sign(x);
	assert_int_equal(pol_oid_collect(x, o), EBID_ERR_PARSE);
	assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->r[0].kind, POL_DENY_MALFORMED);
	X509_free(x);
	free(o);
	pol_reasons_free(&r);
}

static void
test_denylist(void **state)
{
	struct pol_denylist *d = pol_denylist_new();
	struct pol_reasons *r = pol_reasons_new();
	X509 *x = normal(), *j = jpki_like();

	(void)state;
	assert_int_equal(pol_denylist_add_policy(d, "1.3.6.1.4.1.32473.1.",
	    "test CA"), EBID_OK);
	assert_int_equal(pol_deny_check_with(d, x, NULL, r), EBID_OK);
	assert_int_equal(r->n, 1);
	assert_non_null(find_reason(r, POL_DENY_CONFIG,
	    "denied by configuration: policy " TEST_POL " (test CA)",
	    "設定により拒否"));
	assert_int_equal(pol_deny_check(x, NULL, r), EBID_OK);
	assert_int_equal(r->n, 0);
	pol_denylist_free(&d);
	d = pol_denylist_new();
	assert_int_equal(pol_denylist_add_issuer(d, " CN = Test C* ",
	    "old CA"), EBID_OK);
	assert_int_equal(pol_deny_check_with(d, x, NULL, r), EBID_OK);
	assert_non_null(find_reason(r, POL_DENY_CONFIG, "old CA", "発行者"));
	/* an empty list leaves the built-in table in force */
	pol_denylist_free(&d);
	d = pol_denylist_new();
	assert_int_equal(pol_deny_check_with(d, j, NULL, r), EBID_OK);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->r[0].kind, POL_DENY_JPKI);
	pol_denylist_free(&d);
	assert_null(d);
	X509_free(x);
	X509_free(j);
	pol_reasons_free(&r);
}

/* [deny] policy, both forms ebid-pkcs11.conf(5) allows, on TEST_POL. */
static const struct {
	const char	*entry;
	int		 denied;
} deny_forms[] = {
	{ TEST_POL, 1 },			/* exact: itself */
	{ "1.3.6.1.4.1.32473.1", 0 },		/* exact parent: not a child */
	{ "1.3.6.1.4.1.32473.1.", 1 },		/* descendants */
	{ "1.3.6.1.4.1.32473.", 1 },
	{ TEST_POL ".", 0 },			/* descendants, not itself */
	{ "1.3.6.1.4.1.32473.10.", 0 },		/* a sibling arc */
};

static void
test_denylist_forms(void **state)
{
	struct pol_reasons *r = pol_reasons_new();
	struct pol_denylist *d;
	X509 *x = normal();
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(deny_forms); i++) {
		d = pol_denylist_new();
		assert_int_equal(pol_denylist_add_policy(d,
		    deny_forms[i].entry, "form"), EBID_OK);
		assert_int_equal(pol_deny_check_with(d, x, NULL, r), EBID_OK);
		print_message("[deny] policy = %s: %zu reason(s)\n",
		    deny_forms[i].entry, r->n);
		assert_int_equal(r->n, (size_t)deny_forms[i].denied);
		pol_denylist_free(&d);
	}
	X509_free(x);
	pol_reasons_free(&r);
}

/* pol_oid_pat_parse keeps the form; matching follows it. */
static void
test_pat(void **state)
{
	struct pol_oid_pat p, q;
	uint8_t der[32];
	size_t len;

	(void)state;
	assert_int_equal(pol_oid_pat_parse("1.2.392.1", &p), EBID_OK);
	assert_false(p.descendants);
	assert_string_equal(p.text, "1.2.392.1");
	assert_int_equal(pol_oid_pat_parse("1.2.392.1.", &q), EBID_OK);
	assert_true(q.descendants);
	assert_string_equal(q.text, "1.2.392.1.");
	assert_memory_equal(p.der, q.der, p.len);
	assert_int_equal(pol_oid_from_text("1.2.392.1", der, sizeof(der),
	    &len), EBID_OK);
	assert_true(pol_oid_pat_match(&p, der, len));
	assert_false(pol_oid_pat_match(&q, der, len));
	assert_int_equal(pol_oid_from_text("1.2.392.1.7", der, sizeof(der),
	    &len), EBID_OK);
	assert_false(pol_oid_pat_match(&p, der, len));
	assert_true(pol_oid_pat_match(&q, der, len));
	assert_int_equal(pol_oid_pat_parse("1.2..", &p), EBID_ERR_ARG);
	assert_int_equal(pol_oid_pat_parse("1.", &p), EBID_ERR_ARG);
	assert_int_equal(pol_oid_pat_parse(".1.2", &p), EBID_ERR_ARG);
	assert_int_equal(pol_oid_pat_parse("1.2. ", &p), EBID_ERR_ARG);
}

static const struct {
	int		 issuer;
	const char	*entry;
} bad_cfg[] = {
	{ 0, "" }, { 0, "1" }, { 0, "x.y" }, { 0, "1.2..3" },
	{ 1, "" }, { 1, "CN" }, { 1, "CN=" }, { 1, "Z=1" }, { 1, "CN=*" },
	{ 1, "C=JP,,O=x" }, { 1, "C=1,C=2,C=3,C=4,C=5,C=6,C=7" },
};

static void
test_denylist_bad(void **state)
{
	struct pol_denylist *d = pol_denylist_new();
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(bad_cfg); i++) {
		print_message("bad entry: '%s'\n", bad_cfg[i].entry);
		rc = bad_cfg[i].issuer ?
		    pol_denylist_add_issuer(d, bad_cfg[i].entry, "x") :
		    pol_denylist_add_policy(d, bad_cfg[i].entry, "x");
		assert_int_equal(rc, EBID_ERR_CONFIG);
	}
	assert_int_equal(pol_deny_check(NULL, NULL, NULL), EBID_ERR_ARG);
	pol_denylist_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_under),
		cmocka_unit_test(test_pat),
		cmocka_unit_test(test_denylist_forms),
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_from_text_bad),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_deny_jpki),
		cmocka_unit_test(test_deny_corp),
		cmocka_unit_test(test_deny_normal),
		cmocka_unit_test(test_deny_issuer),
		cmocka_unit_test(test_deny_real_ca),
		cmocka_unit_test(test_deny_malformed),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_denylist),
		cmocka_unit_test(test_denylist_bad),
	};

	return cmocka_run_group_tests(tests, cg_setup, cg_teardown);
}
