/*
 * test-trust.c - conf_trust_load over files written at test time: CA
 * bundles (ca_file, else <ca_dir>/<id>.pem), CRLs, policies, [deny]
 * entries, the bidders' registry and the kanji variant table; every
 * named file that is missing or malformed refuses the configuration
 * with the file (and line).  Then one decision through conf_trust_input.
 */
#include "config.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include <openssl/pem.h>

#include "common/err.h"
#include "conf/trust.h"

#include "certgen.h"

#define PROFILE	"[profile p]\n"
#define AUTH(id) "[authority " id "]\nprofile = p\n"

static X509 *ca1, *ca2;		/* same key, two names */
static X509 *good, *stranger, *revoked;	/* from ca1: serials 7, 8, 99 */
static char root[256];		/* a fresh directory per test */

static X509 *
make_ca(const char *cn)
{
	BASIC_CONSTRAINTS *bc = BASIC_CONSTRAINTS_new();
	X509 *x = cg_new();
	X509_NAME *n = X509_get_subject_name(x);

	cg_utf8(n, NID_countryName, "JP");
	cg_utf8(n, NID_commonName, cn);
	assert_true(X509_set_issuer_name(x, n));
	assert_non_null(bc);
	bc->ca = 1;
	assert_true(X509_add1_ext_i2d(x, NID_basic_constraints, bc, 1, 0));
	BASIC_CONSTRAINTS_free(bc);
	cg_sign(x);
	return x;
}

static X509 *
make_ee(const char *cn, long serial)
{
	X509 *x = cg_new();

	assert_true(ASN1_INTEGER_set(X509_get_serialNumber(x), serial));
	cg_utf8(X509_get_subject_name(x), NID_countryName, "JP");
	cg_utf8(X509_get_subject_name(x), NID_commonName, cn);
	assert_true(X509_set_issuer_name(x, X509_get_subject_name(ca1)));
	cg_sign(x);
	return x;
}

static int
group_setup(void **state)
{
	if (cg_setup(state) != 0)
		return 1;
	ca1 = make_ca("TEST Trust CA 1");
	ca2 = make_ca("TEST Trust CA 2");
	good = make_ee("山田　太郎", 7);
	stranger = make_ee("加藤　三郎", 8);
	revoked = make_ee("山田　太郎", 99);
	return 0;
}

static int
group_teardown(void **state)
{
	X509_free(ca1);
	X509_free(ca2);
	X509_free(good);
	X509_free(stranger);
	X509_free(revoked);
	return cg_teardown(state);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(root, sizeof(root), "%s/ebid-trust-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	return mkdtemp(root) == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *
in_root(const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", root, name);
	return out;
}

static FILE *
create(const char *name)
{
	char path[512];
	FILE *f = fopen(in_root(name, path, sizeof(path)), "w");

	assert_non_null(f);
	return f;
}

static void
put_text(const char *name, const char *text)
{
	FILE *f = create(name);

	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* A PEM bundle of one or two certificates. */
static void
put_certs(const char *name, X509 *a, X509 *b)
{
	FILE *f = create(name);

	assert_true(PEM_write_X509(f, a));
	if (b != NULL)
		assert_true(PEM_write_X509(f, b));
	assert_int_equal(fclose(f), 0);
}

/* A CRL of issuer, valid now, revoking serial. */
static X509_CRL *
make_crl(X509 *issuer, long serial)
{
	X509_CRL *crl = X509_CRL_new();
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	ASN1_TIME *t = ASN1_TIME_new();
	time_t now = time(NULL);

	assert_non_null(crl);
	assert_non_null(r);
	assert_non_null(sn);
	assert_non_null(t);
	assert_true(X509_CRL_set_version(crl, 1));	/* v2 */
	assert_true(X509_CRL_set_issuer_name(crl,
	    X509_get_subject_name(issuer)));
	assert_non_null(ASN1_TIME_set(t, now - 3600));
	assert_true(X509_CRL_set1_lastUpdate(crl, t));
	assert_true(X509_REVOKED_set_revocationDate(r, t));
	assert_non_null(ASN1_TIME_set(t, now + 30 * 86400));
	assert_true(X509_CRL_set1_nextUpdate(crl, t));
	assert_true(ASN1_INTEGER_set(sn, serial));
	assert_true(X509_REVOKED_set_serialNumber(r, sn));
	assert_true(X509_CRL_add0_revoked(crl, r));
	assert_true(X509_CRL_sort(crl));
	assert_true(X509_CRL_sign(crl, cg_key, EVP_sha256()) > 0);
	ASN1_INTEGER_free(sn);
	ASN1_TIME_free(t);
	return crl;
}

/* A PEM file of CRLs of ca1 revoking each serial (0 ends the list). */
static void
put_crls(const char *name, long s1, long s2)
{
	FILE *f = create(name);
	X509_CRL *crl;

	crl = make_crl(ca1, s1);
	assert_true(PEM_write_X509_CRL(f, crl));
	X509_CRL_free(crl);
	if (s2 != 0) {
		crl = make_crl(ca2, s2);
		assert_true(PEM_write_X509_CRL(f, crl));
		X509_CRL_free(crl);
	}
	assert_int_equal(fclose(f), 0);
}

/* A one-row registry: vendor 00123, whose representative's card is x. */
static void
put_registry(const char *name, X509 *x)
{
	char csv[1024], hex[65];
	uint8_t fp[32];
	unsigned int len = 0;
	size_t i;

	assert_int_equal(X509_digest(x, EVP_sha256(), fp, &len), 1);
	for (i = 0; i < sizeof(fp); i++)
		snprintf(hex + 2 * i, 3, "%02x", fp[i]);
	snprintf(csv, sizeof(csv), "%s\n%s%s\n",
	    "業者番号,区分,商号,代表者,受任者,登録カード",
	    "00123,建設工事,株式会社山田試験建設,山田 太郎,,", hex);
	put_text(name, csv);
}

static struct conf *
conf_of(const char *text)
{
	char path[512], err[CONF_ERR_MAX] = "";
	struct conf *c = NULL;

	put_text("ebid.conf", text);
	if (conf_load(in_root("ebid.conf", path, sizeof(path)), &c, err,
	    sizeof(err)) != EBID_OK)
		fail_msg("conf: %s", err);
	return c;
}

/* conf_trust_load of text: want, and when it fails, err has every want. */
static struct conf_trust *
trust_of(const char *text, struct conf **c, int want, const char *want1,
    const char *want2)
{
	char err[CONF_ERR_MAX + CONF_PATH_MAX] = "";
	struct conf_trust *t = NULL;
	int rc;

	*c = conf_of(text);
	rc = conf_trust_load(*c, &t, err, sizeof(err));
	if (rc != want)
		fail_msg("conf_trust_load: %d, not %d (%s)", rc, want, err);
	if (want != EBID_OK) {
		assert_null(t);
		if (want1 != NULL && strstr(err, want1) == NULL)
			fail_msg("\"%s\" not in \"%s\"", want1, err);
		if (want2 != NULL && strstr(err, want2) == NULL)
			fail_msg("\"%s\" not in \"%s\"", want2, err);
		conf_free(c);
		return NULL;
	}
	assert_non_null(t);
	assert_ptr_equal(t->conf, *c);
	return t;
}

static void
done(struct conf_trust **t, struct conf **c)
{
	conf_trust_free(t);
	assert_null(*t);
	conf_free(c);
}

static void
test_bad_args(void **state)
{
	char err[64];
	struct conf *c = conf_of(PROFILE);
	struct conf_trust *t = NULL;

	(void)state;
	assert_int_equal(conf_trust_load(NULL, &t, err, sizeof(err)),
	    EBID_ERR_ARG);
	assert_int_equal(conf_trust_load(c, NULL, err, sizeof(err)),
	    EBID_ERR_ARG);
	assert_int_equal(conf_trust_load(c, &t, NULL, 0), EBID_ERR_ARG);
	assert_null(t);
	conf_trust_free(&t);
	conf_trust_free(NULL);
	conf_free(&c);
}

static void
test_ca_files_in_order(void **state)
{
	char text[1024];
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_certs("first.pem", ca1, ca2);
	put_certs("second.pem", ca2, NULL);
	snprintf(text, sizeof(text), PROFILE
	    AUTH("first") "ca_file = first.pem\n"
	    AUTH("none")
	    AUTH("second") "ca_file = %s/second.pem\n", root);
	t = trust_of(text, &c, EBID_OK, NULL, NULL);
	assert_int_equal(t->nauths, 2);
	assert_string_equal(t->auths[0].id, "first");
	assert_int_equal(sk_X509_num(t->auths[0].cas), 2);
	assert_int_equal(X509_cmp(sk_X509_value(t->auths[0].cas, 0), ca1), 0);
	assert_int_equal(X509_cmp(sk_X509_value(t->auths[0].cas, 1), ca2), 0);
	assert_string_equal(t->auths[1].id, "second");
	assert_int_equal(sk_X509_num(t->auths[1].cas), 1);
	assert_int_equal(X509_cmp(sk_X509_value(t->auths[1].cas, 0), ca2), 0);
	assert_ptr_equal(t->cauths[0], &c->auths[0]);
	assert_ptr_equal(t->cauths[1], &c->auths[2]);
	assert_ptr_equal(conf_trust_cas(t, "second"), t->auths[1].cas);
	assert_null(conf_trust_cas(t, "none"));
	assert_null(conf_trust_cas(t, "nobody"));
	assert_null(t->auths[0].crls);
	assert_int_equal(t->auths[0].npolicies, 0);
	assert_null(t->deny);
	assert_null(t->registry);
	assert_string_equal(t->registry_path, "");
	assert_null(t->variants);
	assert_int_equal(t->rule, POL_BIND_NATIONAL);
	assert_int_equal(t->audit, 0);
	assert_int_equal(t->reserve, 2);
	done(&t, &c);
}

static void
test_ca_dir(void **state)
{
	char path[512];
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	assert_int_equal(mkdir(in_root("certs", path, sizeof(path)), 0700), 0);
	put_certs("certs/b.pem", ca1, NULL);
	put_certs("certs/c.pem", ca1, NULL);
	put_certs("c.pem", ca2, NULL);
	t = trust_of(PROFILE
	    AUTH("a")				/* no certs/a.pem: ignored */
	    AUTH("b")				/* certs/b.pem */
	    AUTH("c") "ca_file = c.pem\n"	/* ca_file comes first */
	    "[policy]\nca_dir = certs\nbinding = local-strict\naudit = yes\n"
	    "pin_reserve = 3\n", &c, EBID_OK, NULL, NULL);
	assert_int_equal(t->nauths, 2);
	assert_string_equal(t->auths[0].id, "b");
	assert_int_equal(X509_cmp(sk_X509_value(t->auths[0].cas, 0), ca1), 0);
	assert_string_equal(t->auths[1].id, "c");
	assert_int_equal(sk_X509_num(t->auths[1].cas), 1);
	assert_int_equal(X509_cmp(sk_X509_value(t->auths[1].cas, 0), ca2), 0);
	assert_null(conf_trust_cas(t, "a"));
	assert_int_equal(t->rule, POL_BIND_LOCAL_STRICT);
	assert_int_equal(t->audit, 1);
	assert_int_equal(t->reserve, 3);
	done(&t, &c);
}

struct bad {
	const char	*text;	/* after PROFILE AUTH("a") */
	const char	*file;	/* the file the error names */
	const char	*what;
};

#define NOCERT	": authority a: no readable PEM certificate"
#define NOCRL	": authority a: no readable PEM CRL"

static const struct bad bad_rows[] = {
	{ "ca_file = missing.pem\n", "/missing.pem", NOCERT },
	{ "ca_file = empty.pem\n", "/empty.pem", NOCERT },
	{ "ca_file = text.pem\n", "/text.pem", NOCERT },
	{ "ca_file = crl.pem\n", "/crl.pem", NOCERT },
	{ "ca_file = certs\n", "/certs", NOCERT },
	{ "[policy]\nca_dir = bad\n", "/bad/a.pem", NOCERT },
	{ "ca_file = ca.pem\ncrl_file = missing.crl\n", "/missing.crl", NOCRL },
	{ "ca_file = ca.pem\ncrl_file = empty.pem\n", "/empty.pem", NOCRL },
	{ "ca_file = ca.pem\ncrl_file = ca.pem\n", "/ca.pem", NOCRL },
	{ "ca_file = ca.pem\ncrl_file = certs\n", "/certs", NOCRL },
};

static void
test_bad_files(void **state)
{
	char text[512], path[512];
	struct conf *c;
	size_t i;

	(void)state;
	assert_int_equal(mkdir(in_root("certs", path, sizeof(path)), 0700), 0);
	assert_int_equal(mkdir(in_root("bad", path, sizeof(path)), 0700), 0);
	put_text("empty.pem", "");
	put_text("text.pem", "not a certificate\n");
	put_text("bad/a.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n"
	    "-----END CERTIFICATE-----\n");
	put_crls("crl.pem", 8, 0);
	put_certs("ca.pem", ca1, NULL);
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		snprintf(text, sizeof(text), PROFILE AUTH("a") "%s",
		    bad_rows[i].text);
		snprintf(path, sizeof(path), "%s%s%s", root, bad_rows[i].file,
		    bad_rows[i].what);
		trust_of(text, &c, EBID_ERR_CONFIG, path, NULL);
	}
}

static void
test_crls(void **state)
{
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_certs("ca.pem", ca1, ca2);
	put_crls("crl.pem", 8, 9);
	t = trust_of(PROFILE AUTH("a") "ca_file = ca.pem\ncrl_file = crl.pem\n"
	    AUTH("b") "ca_file = ca.pem\n", &c, EBID_OK, NULL, NULL);
	assert_int_equal(t->nauths, 2);
	assert_non_null(t->auths[0].crls);
	assert_int_equal(sk_X509_CRL_num(t->auths[0].crls), 2);
	assert_null(t->auths[1].crls);
	done(&t, &c);
}

/* "1.1 1.2 ... 1.n" */
static void
oid_list(char *out, size_t size, int n)
{
	size_t off = 0;
	int i;

	out[0] = '\0';
	for (i = 1; i <= n; i++)
		off += (size_t)snprintf(out + off, size - off, "%s1.%d",
		    i > 1 ? " " : "", i);
}

/* holder_in_org as ebid-pkcs11.conf(5) writes it; no by default. */
static void
test_holder_in_org(void **state)
{
	static const struct {
		const char	*line;
		int		 org;
	} rows[] = {
		{ "", 0 }, { "holder_in_org = no\n", 0 },
		{ "holder_in_org = yes\n", 1 },
	};
	char text[512];
	struct conf_trust *t;
	struct conf *c;
	size_t i;

	(void)state;
	put_certs("ca.pem", ca1, NULL);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		snprintf(text, sizeof(text), PROFILE AUTH("a")
		    "ca_file = ca.pem\n%s", rows[i].line);
		t = trust_of(text, &c, EBID_OK, NULL, NULL);
		assert_int_equal(t->auths[0].holder_org, rows[i].org);
		done(&t, &c);
	}
}

static void
test_policies(void **state)
{
	char text[1024], oids[200];
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_certs("ca.pem", ca1, NULL);
	t = trust_of(PROFILE AUTH("a") "ca_file = ca.pem\n"
	    "policies = 1.3.6.1.4.1.32473.1  1.2.392.1.\n", &c, EBID_OK, NULL,
	    NULL);
	assert_int_equal(t->auths[0].npolicies, 2);
	/* each kept as written: exact, then descendants */
	assert_string_equal(t->auths[0].policies[0].text,
	    "1.3.6.1.4.1.32473.1");
	assert_false(t->auths[0].policies[0].descendants);
	assert_string_equal(t->auths[0].policies[1].text, "1.2.392.1.");
	assert_true(t->auths[0].policies[1].descendants);
	done(&t, &c);
	oid_list(oids, sizeof(oids), 16);
	snprintf(text, sizeof(text), PROFILE AUTH("a") "ca_file = ca.pem\n"
	    "policies = %s\n", oids);
	t = trust_of(text, &c, EBID_OK, NULL, NULL);
	assert_int_equal(t->auths[0].npolicies, 16);
	assert_string_equal(t->auths[0].policies[15].text, "1.16");
	done(&t, &c);
	oid_list(oids, sizeof(oids), 17);
	snprintf(text, sizeof(text), PROFILE "\n" AUTH("a")
	    "ca_file = ca.pem\npolicies = %s\n", oids);
	trust_of(text, &c, EBID_ERR_CONFIG, "/ebid.conf:3: authority a: "
	    "policies: more than 16, or one is not an OID", NULL);
	/* dotted digits that are no OID: one arc, a first arc above 2 */
	trust_of(PROFILE "\n" AUTH("a") "ca_file = ca.pem\npolicies = 1\n",
	    &c, EBID_ERR_CONFIG, "/ebid.conf:3: authority a: policies: more "
	    "than 16, or one is not an OID", NULL);
	trust_of(PROFILE "\n" AUTH("a") "ca_file = ca.pem\n"
	    "policies = 1.2.3 7.1\n", &c, EBID_ERR_CONFIG, "/ebid.conf:3: "
	    "authority a: policies: more than 16, or one is not an OID",
	    NULL);
}

static void
test_denies(void **state)
{
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	t = trust_of(PROFILE
	    "[deny old]\nissuer = C=JP, O=Old Example, CN=Old CA*\n"
	    "[deny pol]\npolicy = 1.3.6.1.4.1.32473.9\n", &c, EBID_OK, NULL,
	    NULL);
	assert_non_null(t->deny);
	done(&t, &c);
}

static const char *const bad_denies[] = {
	"issuer = garbage",
	"issuer = XX=JP",
	"issuer = C=",
	"issuer = C=JP,,O=X",
	"issuer = C=*",
	"policy = 1",
	"policy = 3.1",
};

static void
test_bad_denies(void **state)
{
	char text[256];
	struct conf *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_denies) / sizeof(bad_denies[0]); i++) {
		snprintf(text, sizeof(text), PROFILE "[deny ok]\npolicy = 1.2\n"
		    "[deny bad]\n%s\n", bad_denies[i]);
		trust_of(text, &c, EBID_ERR_CONFIG, "/ebid.conf:4: [deny bad]: "
		    "not a valid policy prefix or issuer", NULL);
	}
}

static void
test_registry_missing(void **state)
{
	char path[512];
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	t = trust_of(PROFILE "[policy]\nregistry = registry.csv\n", &c,
	    EBID_OK, NULL, NULL);
	assert_null(t->registry);	/* every card refused: see e2e */
	assert_string_equal(t->registry_path, in_root("registry.csv", path,
	    sizeof(path)));
	done(&t, &c);
}

static void
test_registry(void **state)
{
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_registry("registry.csv", good);
	t = trust_of(PROFILE "[policy]\nregistry = registry.csv\n", &c,
	    EBID_OK, NULL, NULL);
	assert_non_null(t->registry);
	assert_int_equal(t->registry->nrows, 1);
	assert_string_equal(t->registry->rows[0].vendor, "00123");
	done(&t, &c);
}

static void
test_registry_malformed(void **state)
{
	char want[512], path[512];
	struct conf *c;

	(void)state;
	/* the same vendor number and category twice, line 3 */
	put_text("registry.csv", "業者番号,区分,商号,代表者\n"
	    "00123,建設工事,株式会社山田試験建設,山田 太郎\n"
	    "00123,建設工事,株式会社山田試験建設,山田 次郎\n");
	snprintf(want, sizeof(want), "%s/registry.csv:3:", root);
	trust_of(PROFILE "[policy]\nregistry = registry.csv\n", &c,
	    EBID_ERR_CONFIG, want, "(1 error in the registry;");
	/* path:line:col, the column a number */
	put_text("registry.csv", "業者番号,区分,商号,代表者\n"
	    "00123,建設工事,\"株式会社\"山田,山田 太郎\n"
	    "00124,建設工事,株式会社山田試験建設\n");
	snprintf(want, sizeof(want), "%s/registry.csv:2:", root);
	trust_of(PROFILE "[policy]\nregistry = registry.csv\n", &c,
	    EBID_ERR_CONFIG, want, "errors in the registry;");
	/* a directory cannot be read */
	assert_int_equal(mkdir(in_root("dir.csv", path, sizeof(path)), 0700),
	    0);
	trust_of(PROFILE "[policy]\nregistry = dir.csv\n", &c,
	    EBID_ERR_CONFIG, "/dir.csv: bidders' registry cannot be read",
	    NULL);
}

/* err is "<root>/registry.csv:<line>:<col>: ..."; the column. */
static unsigned long
reg_column(const char *err, unsigned line)
{
	char pre[512], *end;
	unsigned long col;

	snprintf(pre, sizeof(pre), "%s/registry.csv:%u:", root, line);
	if (strncmp(err, pre, strlen(pre)) != 0)
		fail_msg("\"%s\" does not start \"%s\"", err, pre);
	col = strtoul(err + strlen(pre), &end, 10);
	assert_true(end > err + strlen(pre));
	assert_memory_equal(end, ": ", 2);
	return col;
}

/* Errors give path:line:col (column 0: the whole line). */
static void
test_registry_position(void **state)
{
	char err[CONF_ERR_MAX + CONF_PATH_MAX] = "";
	struct conf_trust *t = NULL;
	struct conf *c;

	(void)state;
	put_text("registry.csv", "業者番号,区分,商号,代表者\n"
	    "00123,建設工事,株式会社山田試験建設,山田 太郎\n"
	    "00123,建設工事,株式会社山田試験建設,山田 次郎\n");
	c = conf_of(PROFILE "[policy]\nregistry = registry.csv\n");
	assert_int_equal(conf_trust_load(c, &t, err, sizeof(err)),
	    EBID_ERR_CONFIG);
	assert_int_equal(reg_column(err, 3), 0);	/* duplicate: the row */
	assert_non_null(strstr(err, "first on line 2"));
	put_text("registry.csv", "業者番号,区分,商号,代表者\n"
	    "00123,建設工事,\"株式会社\"山田,山田 太郎\n");
	assert_int_equal(conf_trust_load(c, &t, err, sizeof(err)),
	    EBID_ERR_CONFIG);
	assert_int_equal(reg_column(err, 2), 3);	/* the third field */
	assert_null(t);
	conf_free(&c);
}

static void
test_variants(void **state)
{
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	trust_of(PROFILE "[policy]\nvariants = kv.txt\n", &c,
	    EBID_ERR_CONFIG, "/kv.txt: kanji variant table cannot be read",
	    NULL);
	put_text("kv.txt", "# test\n高 髙\n崎 﨑 嵜\n");
	t = trust_of(PROFILE "[policy]\nvariants = kv.txt\n", &c, EBID_OK,
	    NULL, NULL);
	assert_non_null(t->variants);
	assert_int_equal(pol_variants_count(t->variants), 3);	/* folded */
	done(&t, &c);
	put_text("kv.txt", "高 髙\n崎 髙\n");	/* 髙 in two groups */
	trust_of(PROFILE "[policy]\nvariants = kv.txt\n", &c,
	    EBID_ERR_CONFIG, "/kv.txt", NULL);
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

static const char e2e_text[] = PROFILE
    AUTH("other") "ca_file = ca2.pem\n"
    AUTH("aosign") "ca_file = ca1.pem\ncrl_file = crl.pem\n"
    "[policy]\nregistry = registry.csv\n";

/* The decision of the module and the tool: from the files to a verdict. */
static void
test_end_to_end(void **state)
{
	struct pol_decision d;
	struct pol_input in;
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_certs("ca1.pem", ca1, NULL);
	put_certs("ca2.pem", ca2, NULL);
	put_crls("crl.pem", 99, 0);
	put_registry("registry.csv", good);
	t = trust_of(e2e_text, &c, EBID_OK, NULL, NULL);
	conf_trust_input(t, good, NULL, time(NULL), &in);
	assert_int_equal(pol_decide(&in, &d), EBID_OK);
	assert_true(d.accepted);
	assert_ptr_equal(d.auth, &t->auths[1]);
	assert_ptr_equal(conf_trust_authority(t, d.auth), &c->auths[1]);
	assert_string_equal(conf_trust_authority(t, d.auth)->id, "aosign");
	assert_non_null(d.bidder);
	assert_string_equal(d.bidder->vendor, "00123");
	pol_decision_reset(&d);
	conf_trust_input(t, stranger, NULL, time(NULL), &in);
	assert_int_equal(pol_decide(&in, &d), EBID_OK);
	assert_false(d.accepted);
	assert_true(has_kind(&d, POL_REFUSE_REGISTRY));
	assert_ptr_equal(conf_trust_authority(t, d.auth), &c->auths[1]);
	pol_decision_reset(&d);
	conf_trust_input(t, revoked, NULL, time(NULL), &in);
	assert_int_equal(pol_decide(&in, &d), EBID_OK);
	assert_false(d.accepted);
	assert_true(has_kind(&d, POL_REFUSE_VALIDITY));
	pol_decision_reset(&d);
	assert_null(conf_trust_authority(t, NULL));
	done(&t, &c);
}

/* No registry file yet: the warning, and every card refused. */
static void
test_end_to_end_no_registry(void **state)
{
	struct pol_decision d;
	struct pol_input in;
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_certs("ca1.pem", ca1, NULL);
	put_certs("ca2.pem", ca2, NULL);
	put_crls("crl.pem", 99, 0);
	t = trust_of(e2e_text, &c, EBID_OK, NULL, NULL);
	conf_trust_input(t, good, NULL, time(NULL), &in);
	assert_null(in.registry);
	assert_int_equal(pol_decide(&in, &d), EBID_OK);
	assert_false(d.accepted);
	assert_true(has_kind(&d, POL_REFUSE_REGISTRY));
	pol_decision_reset(&d);
	done(&t, &c);
}

/* A [deny] entry from the file refuses a card of a trusted authority. */
static void
test_end_to_end_deny(void **state)
{
	struct pol_decision d;
	struct pol_input in;
	struct conf_trust *t;
	struct conf *c;

	(void)state;
	put_certs("ca1.pem", ca1, NULL);
	put_registry("registry.csv", good);
	t = trust_of(PROFILE AUTH("aosign") "ca_file = ca1.pem\n"
	    "[policy]\nregistry = registry.csv\n"
	    "[deny retired]\nissuer = C=JP, CN=TEST Trust CA 1\n", &c, EBID_OK,
	    NULL, NULL);
	conf_trust_input(t, good, NULL, time(NULL), &in);
	assert_int_equal(pol_decide(&in, &d), EBID_OK);
	assert_false(d.accepted);
	assert_true(has_kind(&d, POL_DENY_CONFIG));
	assert_false(has_kind(&d, POL_REFUSE_TRUST));
	assert_non_null(strstr(d.reasons->r[0].en, "retired"));
	pol_decision_reset(&d);
	done(&t, &c);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bad_args),
		T(test_ca_files_in_order),
		T(test_ca_dir),
		T(test_bad_files),
		T(test_crls),
		T(test_policies),
		T(test_holder_in_org),
		T(test_denies),
		T(test_bad_denies),
		T(test_registry_missing),
		T(test_registry),
		T(test_registry_malformed),
		T(test_registry_position),
		T(test_variants),
		T(test_end_to_end),
		T(test_end_to_end_no_registry),
		T(test_end_to_end_deny),
	};

	return cmocka_run_group_tests_name("trust", tests, group_setup,
	    group_teardown);
}
