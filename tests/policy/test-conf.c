/*
 * test-conf.c - the configuration keys of the policy: profile pin_status,
 * authority crl_file and policies, the [policy] section and [deny NAME]
 * sections.  Good values land in struct conf; every bad value refuses
 * the whole file with file:line and what is wrong (one table row each).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "allocfail.h"
#include "common/err.h"
#include "conf/conf.h"

/* Lines 1-3; a row's text goes on from line 4, inside [authority a]. */
#define BASE	"[profile p]\n[authority a]\nprofile = p\n"

static struct conf *
load(const char *text, int want, char *err, size_t errlen)
{
	struct conf *c = NULL;

	err[0] = '\0';
	assert_int_equal(conf_load_text("t.conf", text, strlen(text), &c, err,
	    errlen), want);
	if (want != EBID_OK)
		assert_null(c);
	else
		assert_non_null(c);
	return c;
}

/* Every section and key, written as conf(5) shows them. */
static const char every_form[] =
    "# comment\n; comment\n"
    "[profile reference]\naid = D3 92 F0 00 45 42 49 44 01\n"
    "cert_fid = 0001\nca_fid = 0002\nserial = getdata:0101\n"
    "pin_ref = 01\nkey_ref = 01\npin_min = 4\npin_max = 16\n"
    "pin_charset = alnum\npin_pad = none\nextended_apdu = yes\n"
    "always_authenticate = no\n"
    "[profile counted]\naid = D392F0004542494402\n"
    "atr = 3B 8F 80 01\natr_mask = FF FF FF 00\nserial = ef:0005\n"
    "pin_pad = ff:16\npin_status = counter\n"
    "[authority aosign]\nname_ja = AOSignサービス\n"
    "name_en = AOSign Service\nprofile = reference\n"
    "pin_lock_count = 10\nca_file = certs/aosign.pem\n"
    "crl_file = aosign.crl\npolicies = 1.2.392.200001.1.1 1.2.392.200001.2.\n"
    "[authority tdb]\nprofile = counted\npin_lock_count = unknown\n"
    "holder_in_org = yes\n"
    "[policy]\nregistry = ebid-pkcs11/registry.csv\n"
    "variants = ebid-pkcs11/kanji-variants.txt\nca_dir = certs\n"
    "binding = local-strict\naudit = no\npin_reserve = 2\n"
    "[deny old-test-ca]\nissuer = C=JP, O=Old Test CA\n"
    "[deny test-policy]\npolicy = 1.2.392.200001.9.\n";

static void
test_defaults(void **state)
{
	char err[CONF_ERR_MAX];
	struct conf *c;

	(void)state;
	c = load(BASE, EBID_OK, err, sizeof(err));
	assert_int_equal(c->policy.pin_reserve, 2);
	assert_int_equal(c->policy.binding, 0);
	assert_int_equal(c->policy.audit, 0);
	assert_string_equal(c->policy.registry, "");
	assert_string_equal(c->policy.variants, "");
	assert_string_equal(c->policy.ca_dir, "");
	assert_string_equal(c->policy.pin_state_dir, "");
	assert_int_equal(c->ndenies, 0);
	assert_null(c->denies);
	assert_int_equal(c->profiles[0].pin_counter, 0);
	assert_string_equal(c->auths[0].crl_file, "");
	assert_string_equal(c->auths[0].policies, "");
	conf_free(&c);
	assert_null(c);
	conf_free(&c);
	conf_free(NULL);
}

static const char good_text[] =
    "[profile card]\n"
    "pin_status = card\n"
    "[profile counted]\n"
    "pin_status = counter\n"
    "[authority a1]\n"
    "profile = counted\n"
    "ca_file = certs/a1.pem\n"
    "crl_file = /var/lib/a1.crl\n"
    "policies = 1.3.6.1.4.1.32473.1   1.2.392.1.\n"
    "[policy]\n"
    "registry = registry.csv\n"
    "variants = /etc/ebid-pkcs11/kanji-variants.txt\n"
    "ca_dir = certs\n"
    "pin_state_dir = /var/lib/ebid\n"
    "binding = local-strict\n"
    "audit = yes\n"
    "pin_reserve = 254\n"
    "[deny old-ca]\n"
    "issuer = C=JP, O=Old Example, CN=Old CA*\n"
    "[deny test_policy]\n"
    "policy = 1.3.6.1.4.1.32473.9\n";

static void
test_good_values(void **state)
{
	char err[CONF_ERR_MAX];
	struct conf *c;

	(void)state;
	c = load(good_text, EBID_OK, err, sizeof(err));
	assert_int_equal(c->nprofiles, 2);
	assert_int_equal(c->profiles[0].pin_counter, 0);
	assert_int_equal(c->profiles[1].pin_counter, 1);
	assert_int_equal(c->nauths, 1);
	assert_string_equal(c->auths[0].ca_file, "certs/a1.pem");
	assert_string_equal(c->auths[0].crl_file, "/var/lib/a1.crl");
	assert_string_equal(c->auths[0].policies,
	    "1.3.6.1.4.1.32473.1   1.2.392.1.");
	assert_string_equal(c->policy.registry, "registry.csv");
	assert_string_equal(c->policy.variants,
	    "/etc/ebid-pkcs11/kanji-variants.txt");
	assert_string_equal(c->policy.ca_dir, "certs");
	assert_string_equal(c->policy.pin_state_dir, "/var/lib/ebid");
	assert_int_equal(c->policy.binding, 1);
	assert_int_equal(c->policy.audit, 1);
	assert_int_equal(c->policy.pin_reserve, 254);
	assert_int_equal(c->ndenies, 2);
	assert_string_equal(c->denies[0].name, "old-ca");
	assert_string_equal(c->denies[0].issuer,
	    "C=JP, O=Old Example, CN=Old CA*");
	assert_string_equal(c->denies[0].policy, "");
	assert_int_equal(c->denies[0].line, 18);
	assert_string_equal(c->denies[1].name, "test_policy");
	assert_string_equal(c->denies[1].policy, "1.3.6.1.4.1.32473.9");
	assert_string_equal(c->denies[1].issuer, "");
	assert_int_equal(c->denies[1].line, 20);
	conf_free(&c);
}

/* The other value of each two-valued key, and the smallest reserve. */
static void
test_other_values(void **state)
{
	char err[CONF_ERR_MAX];
	struct conf *c;

	(void)state;
	c = load(BASE "policies = 1.2\n[policy]\nbinding = national\n"
	    "audit = no\npin_reserve = 1\n", EBID_OK, err, sizeof(err));
	assert_string_equal(c->auths[0].policies, "1.2");
	assert_int_equal(c->policy.binding, 0);
	assert_int_equal(c->policy.audit, 0);
	assert_int_equal(c->policy.pin_reserve, 1);
	conf_free(&c);
	/* an empty [policy] keeps the defaults */
	c = load(BASE "[policy]\n", EBID_OK, err, sizeof(err));
	assert_int_equal(c->policy.pin_reserve, 2);
	conf_free(&c);
}

struct bad {
	const char	*text;	/* after BASE: line 4 is its first line */
	const char	*want;	/* in the error message */
};

static const struct bad bad_rows[] = {
	{ "# 山田 \xf0\x9f\x98\x80 is UTF-8\n[policy]\nbinding = wrong\n",
	    "t.conf:6: \"wrong\": binding is" },
	{ "[policy]\nbinding = wrong\n", "t.conf:5: \"wrong\": binding is" },
	{ "[policy]\nbinding =\n", "t.conf:5: \"\": binding is" },
	{ "[policy]\npin_reserve = 0\n", "t.conf:5: \"0\": pin_reserve is" },
	{ "[policy]\npin_reserve = 255\n", "t.conf:5: \"255\": pin_reserve" },
	{ "[policy]\npin_reserve = x\n", "t.conf:5: \"x\": pin_reserve is" },
	{ "[policy]\npin_reserve = -1\n", "t.conf:5: \"-1\": pin_reserve" },
	{ "[policy]\npin_reserve = 2x\n", "t.conf:5: \"2x\": pin_reserve" },
	{ "[policy]\naudit = maybe\n", "t.conf:5: \"maybe\": expected yes" },
	{ "[policy]\naudit = YES\n", "t.conf:5: \"YES\": expected yes or" },
	{ "[profile q]\npin_status = x\n", "t.conf:5: \"x\": pin_status is" },
	{ "[profile q]\npin_status =\n", "t.conf:5: \"\": pin_status is" },
	{ "policies = 1..2\n", "t.conf:4: \"1..2\": expected dotted OIDs" },
	{ "policies = a.b\n", "t.conf:4: \"a.b\": expected dotted OIDs" },
	{ "policies = \"\"\n", "t.conf:4: \"\"\"\": expected dotted OIDs" },
	{ "policies =\n", "t.conf:4: \"\": expected dotted OIDs" },
	{ "policies = .1.2\n", "t.conf:4: \".1.2\": expected dotted OIDs" },
	{ "policies = 1.2 .3\n", "t.conf:4: \"1.2 .3\": expected dotted" },
	{ "policies = 1.2,1.3\n", "t.conf:4: \"1.2,1.3\": expected dotted" },
	{ "policies = 1.2\npolicies = 1.3\n", "t.conf:5: \"policies\" given" },
	{ "crl_file = a\ncrl_file = b\n", "t.conf:5: \"crl_file\" given tw" },
	{ "holder_in_org = maybe\n", "t.conf:4: \"maybe\": expected yes" },
	{ "holder_in_org = yes\nholder_in_org = no\n", "t.conf:5: \"holder_in_o" },
	{ "[policy]\n[policy]\n", "t.conf:5: [policy] given twice" },
	{ "[policy]\n[deny d]\npolicy = 1.2\n[policy]\n", "t.conf:7: [pol" },
	{ "[policy name]\n", "t.conf:4: [policy] takes no name" },
	{ "[policy]\nfoo = 1\n", "t.conf:5: unknown key \"foo\" in this" },
	{ "[policy]\ncrl_file = x\n", "t.conf:5: unknown key \"crl_file\"" },
	{ "[policy]\npolicy = 1.2\n", "t.conf:5: unknown key \"policy\" in" },
	{ "[policy]\nregistry = a\nregistry = b\n", "t.conf:6: \"registry\"" },
	{ "ca_dir = certs\n", "t.conf:4: unknown key \"ca_dir\" in this" },
	{ "pin_status = card\n", "t.conf:4: unknown key \"pin_status\" in" },
	{ "[deny x]\npolicy = 1.2\nissuer = C=JP\n", "t.conf:4: [deny x] needs"
	    " exactly one of policy or issuer" },
	{ "[deny x]\n", "t.conf:4: [deny x] needs exactly one of policy or" },
	{ "[deny ok]\nissuer = C=JP\n[deny y]\n", "t.conf:6: [deny y] needs" },
	{ "[deny x]\npolicy = a.b\n", "t.conf:5: \"a.b\": expected dotted" },
	{ "[deny x]\npolicy =\n", "t.conf:5: \"\": expected dotted OIDs" },
	{ "[deny x]\nregistry = r.csv\n", "t.conf:5: unknown key \"regis" },
	{ "[deny]\npolicy = 1.2\n", "t.conf:4: \"\" is not a name" },
	{ "[deny X]\npolicy = 1.2\n", "t.conf:4: \"X\" is not a name" },
	{ "[deny x]\nissuer = C=JP\nissuer = O=X\n", "t.conf:6: \"issuer\"" },
	/* bytes that are not UTF-8, on the line they are on */
	{ "# \x93\xfc\x8e\x44 (Shift_JIS)\n", "t.conf:4: not UTF-8 text" },
	{ "\n# overlong \xc0\xaf\n", "t.conf:5: not UTF-8 text" },
	{ "# surrogate \xed\xa0\x80\n", "t.conf:4: not UTF-8 text" },
	{ "# past U+10FFFF \xf4\x90\x80\x80\n", "t.conf:4: not UTF-8" },
	{ "# cut \xe5\xb1\n", "t.conf:4: not UTF-8 text" },
	{ "# stray \x80\n", "t.conf:4: not UTF-8 text" },
};

static void
test_bad_values(void **state)
{
	char text[1024], err[CONF_ERR_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", BASE, bad_rows[i].text);
		load(text, EBID_ERR_CONFIG, err, sizeof(err));
		if (strstr(err, bad_rows[i].want) == NULL)
			fail_msg("row %zu: \"%s\" not in \"%s\"", i,
			    bad_rows[i].want, err);
	}
}

/*
 * Issue 11: each allocation of conf_load_text failing in turn gives
 * EBID_ERR_NOMEM, no configuration and no leak; then the whole file.
 */
static void
test_alloc_failures(void **state)
{
	char err[CONF_ERR_MAX];
	struct conf *c;
	long n;
	int rc;

	(void)state;
	c = load(every_form, EBID_OK, err, sizeof(err));	/* warm up */
	assert_int_equal(c->nprofiles, 2);
	conf_free(&c);
	for (n = 0;; n++) {
		err[0] = '\0';
		allocfail_arm(n);
		rc = conf_load_text("t.conf", every_form, strlen(every_form),
		    &c, err, sizeof(err));
		allocfail_disarm();
		if (allocfail_calls() <= n)
			break;			/* no allocation failed */
		if (rc != EBID_ERR_NOMEM || c != NULL)
			fail_msg("allocation %ld failing: rc %d (%s), conf %p",
			    n, rc, err, (void *)c);
		if (allocfail_live() != 0)
			fail_msg("allocation %ld failing: %zu blocks leaked", n,
			    allocfail_live());
	}
	assert_int_equal(rc, EBID_OK);
	assert_int_equal(c->nprofiles, 2);
	assert_int_equal(c->nauths, 2);
	assert_int_equal(c->ndenies, 2);
	conf_free(&c);
	assert_true(n >= 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_other_values),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}
