/*
 * test-name.c - holder names, normalisation, variants, name binding.
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

#include <uninorm.h>

#include "common/err.h"
#include "policy/name.h"
#include "certgen.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct pol_variants *
load_conf(void)
{
	char path[1024], err[256], *buf;
	const char *top = getenv("top_srcdir");
	struct pol_variants *vt = NULL;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/conf/kanji-variants.txt",
	    top ? top : ".");
	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	buf = malloc(65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65536, fp);
	fclose(fp);
	if (pol_variants_parse(buf, n, path, &vt, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	free(buf);
	return vt;
}

/* U+3000 is U+0020 after NFKC, as the normaliser relies on. */
static void
test_nfkc_space(void **state)
{
	uint8_t *out;
	size_t n;

	(void)state;
	out = u8_normalize(UNINORM_NFKC, (const uint8_t *)"\xe3\x80\x80", 3,
	    NULL, &n);
	assert_non_null(out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], ' ');
	free(out);
}

static const struct {
	const char	*in;
	const char	*out;
} norm[] = {
	{ "山田　太郎", "山田太郎" },
	{ " 山田 太郎 ", "山田太郎" },
	{ "ＹＡＭＡＤＡ　Ｔａｒｏ", "YAMADATaro" },
	{ "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ" },
	{ "髙橋", "髙橋" },		/* no table: kept */
	{ "", "" },
};

static void
test_normalize(void **state)
{
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < NELEM(norm); i++) {
		assert_int_equal(pol_name_normalize(norm[i].in, NULL, &out),
		    EBID_OK);
		assert_string_equal(out, norm[i].out);
		free(out);
	}
	assert_int_equal(pol_name_normalize("\xff", NULL, &out),
	    EBID_ERR_PARSE);
	assert_null(out);
}

static const struct {
	const char	*reg;
	const char	*cert;
	int		 with_table;
	int		 match;
} match[] = {
	{ "髙橋 一郎", "高橋一郎", 1, 1 },
	{ "髙橋 一郎", "高橋一郎", 0, 0 },
	{ "山﨑花子", "山崎 花子", 1, 1 },
	{ "山嵜花子", "山﨑花子", 1, 1 },
	{ "渡邉次郎", "渡辺次郎", 1, 1 },
	{ "渡邊次郎", "渡邉次郎", 1, 1 },
	{ "齋藤", "斉藤", 1, 1 },
	{ "𠮷田", "吉田", 1, 1 },
	{ "德川", "徳川", 1, 1 },
	{ "山田太郎", "山田　太郎", 0, 1 },
	{ "山田太郎", "山田太", 1, 0 },
	{ "山田太郎", "山田次郎", 1, 0 },
	{ "", "", 1, 0 },
	{ " ", "　", 1, 0 },
	{ "\xff", "\xff", 1, 0 },
	{ "山田", "\xe5\xb1", 1, 0 },
};

static void
test_match(void **state)
{
	struct pol_variants *vt = load_conf();
	size_t i;

	(void)state;
	assert_int_equal(pol_variants_count(vt), 18);
	for (i = 0; i < NELEM(match); i++) {
		print_message("'%s' vs '%s'\n", match[i].reg, match[i].cert);
		assert_int_equal(pol_name_match(match[i].reg, match[i].cert,
		    match[i].with_table ? vt : NULL), match[i].match);
	}
	pol_variants_free(&vt);
	assert_null(vt);
}

/* Malformed tables, one per line, with the line the error names. */
static const struct {
	const char	*text;
	const char	*err;
} bad_table[] = {
	{ "高\n", "t:1: a group needs at least two characters" },
	{ "# c\n高 髙\n髙 高\n", "t:3: already listed on line 2: '髙'" },
	{ "高 髙\n\n高 x\n", "t:3: already listed on line 1: '高'" },
	{ "ab 高\n", "t:1: not a single character: 'ab'" },
	{ "高 髙\n\xff 高\n", "t:2: invalid UTF-8" },
	{ "高 髙 \xe9\xab\n", "t:1: invalid UTF-8" },
};

static void
test_table_bad(void **state)
{
	struct pol_variants *vt;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad_table); i++) {
		assert_int_equal(pol_variants_parse(bad_table[i].text,
		    strlen(bad_table[i].text), "t", &vt, err, sizeof(err)),
		    EBID_ERR_CONFIG);
		assert_null(vt);
		assert_string_equal(err, bad_table[i].err);
	}
}

static void
test_table_ok(void **state)
{
	static const char text[] = "\xef\xbb\xbf# comment\r\n"
	    "\r\n  高\t髙　# trailing comment\r\n沢 澤";
	struct pol_variants *vt;
	char err[64];

	(void)state;
	assert_int_equal(pol_variants_parse(text, sizeof(text) - 1, "t", &vt,
	    err, sizeof(err)), EBID_OK);
	assert_int_equal(pol_variants_count(vt), 2);
	assert_true(pol_name_match("澤田", "沢田", vt));
	pol_variants_free(&vt);
}

/* UTF8String CN, PrintableString O, BMPString OU, T61 OU, SAN dirName. */
static X509 *
name_cert(void)
{
	static const uint8_t bmp[] = { 0x9a, 0xd9, 0x6a, 0x4b, 0x4e, 0x00,
	    0x90, 0xce };			/* 髙橋一郎 */
	static const char t61[] = "M\xfcller";	/* Latin-1 u umlaut */
	X509 *x = cg_new();
	X509_NAME *s = X509_get_subject_name(x), *dn = X509_NAME_new();
	GENERAL_NAMES *gns = GENERAL_NAMES_new();
	GENERAL_NAME *gn = GENERAL_NAME_new();

	cg_utf8(s, NID_commonName, "山田 太郎");
	cg_name_add(s, NID_organizationName, V_ASN1_PRINTABLESTRING,
	    "Example Corp", -1);
	cg_name_add(s, NID_organizationalUnitName, V_ASN1_BMPSTRING, bmp,
	    (int)sizeof(bmp));
	cg_name_add(s, NID_organizationalUnitName, V_ASN1_T61STRING, t61, -1);
	cg_name_add(s, NID_countryName, V_ASN1_PRINTABLESTRING, "JP", -1);
	cg_utf8(dn, NID_commonName, "佐藤 花子");
	GENERAL_NAME_set0_value(gn, GEN_DIRNAME, dn);
	assert_true(sk_GENERAL_NAME_push(gns, gn) > 0);
	assert_true(X509_add1_ext_i2d(x, NID_subject_alt_name, gns, 0, 0));
	GENERAL_NAMES_free(gns);
	cg_sign(x);
	return x;
}

/* Holder fields only by default; O and OU with POL_NAMES_ORG. */
static void
test_names(void **state)
{
	static const struct {
		enum pol_name_attr	 attr;
		enum pol_name_where	 where;
		const char		*utf8;
		int			 org;	/* only with POL_NAMES_ORG */
	} want[] = {
		{ POL_NAME_CN, POL_NAME_SUBJECT, "山田 太郎", 0 },
		{ POL_NAME_O, POL_NAME_SUBJECT, "Example Corp", 1 },
		{ POL_NAME_OU, POL_NAME_SUBJECT, "髙橋一郎", 1 },
		{ POL_NAME_OU, POL_NAME_SUBJECT, "Müller", 1 },
		{ POL_NAME_CN, POL_NAME_SAN, "佐藤 花子", 0 },
	};
	static const unsigned flags[] = { 0, POL_NAMES_ORG };
	struct pol_names *n = NULL;
	X509 *x = name_cert();
	size_t i, f, k;

	(void)state;
	for (f = 0; f < NELEM(flags); f++) {
		assert_int_equal(pol_names_from_cert(x, flags[f], &n),
		    EBID_OK);
		for (i = 0, k = 0; i < NELEM(want); i++) {
			if (want[i].org && !(flags[f] & POL_NAMES_ORG))
				continue;
			assert_true(k < n->n);
			assert_int_equal(n->v[k].attr, want[i].attr);
			assert_int_equal(n->v[k].where, want[i].where);
			assert_string_equal(n->v[k].utf8, want[i].utf8);
			k++;
		}
		assert_int_equal(n->n, k);
		pol_names_free(&n);
		assert_null(n);
	}
	X509_free(x);
}

/*
 * The sole proprietor's trap: the registered representative's name is
 * the company's (O) and a department's (OU) but not the holder's (CN):
 * refused unless the authority says holder_in_org.
 */
static void
test_bind_org_trap(void **state)
{
	static const char *const none[] = { NULL };
	struct pol_bind_result res;
	struct pol_names *n = NULL;
	X509 *x = name_cert();

	(void)state;
	assert_int_equal(pol_names_from_cert(x, 0, &n), EBID_OK);
	assert_int_equal(pol_bind_decide("Example Corp", none, 0, n,
	    POL_BIND_NATIONAL, NULL, &res), EBID_OK);
	assert_false(res.accepted);
	assert_int_equal(pol_bind_decide("髙橋一郎", none, 0, n,
	    POL_BIND_NATIONAL, NULL, &res), EBID_OK);
	assert_false(res.accepted);
	assert_int_equal(pol_bind_decide("佐藤花子", none, 0, n,
	    POL_BIND_NATIONAL, NULL, &res), EBID_OK);
	assert_true(res.accepted);	/* the SAN directoryName's CN */
	pol_names_free(&n);
	assert_int_equal(pol_names_from_cert(x, POL_NAMES_ORG, &n), EBID_OK);
	assert_int_equal(pol_bind_decide("Example Corp", none, 0, n,
	    POL_BIND_NATIONAL, NULL, &res), EBID_OK);
	assert_true(res.accepted);
	pol_names_free(&n);
	X509_free(x);
}

static const char *const dels[] = { "高橋　一郎" };

static const struct {
	enum pol_bind_rule	 rule;
	size_t			 ndels;
	const char		*rep;
	int			 accepted;
	enum pol_bind_who	 who;
	const char		*en;
} bind[] = {
	{ POL_BIND_NATIONAL, 1, "山田太郎", 1, POL_BIND_DELEGATE,
	    "matches the delegate" },
	{ POL_BIND_NATIONAL, 0, "山田太郎", 1, POL_BIND_REPRESENTATIVE,
	    "matches the representative" },
	{ POL_BIND_LOCAL_STRICT, 0, "山田太郎", 1, POL_BIND_REPRESENTATIVE,
	    "representative" },
	{ POL_BIND_NATIONAL, 0, "鈴木一郎", 0, POL_BIND_NONE,
	    "refused: no name" },
	{ POL_BIND_LOCAL_STRICT, 0, "鈴木一郎", 0, POL_BIND_NONE,
	    "refused: no name" },
};

static void
test_bind(void **state)
{
	struct pol_variants *vt = load_conf();
	struct pol_bind_result res;
	struct pol_names *n = NULL;
	X509 *x = name_cert();
	size_t i;

	(void)state;
	/* the delegate's name is only in an OU: these rows count OU */
	assert_int_equal(pol_names_from_cert(x, POL_NAMES_ORG, &n), EBID_OK);
	for (i = 0; i < NELEM(bind); i++) {
		assert_int_equal(pol_bind_decide(bind[i].rep, dels,
		    bind[i].ndels, n, bind[i].rule, vt, &res), EBID_OK);
		print_message("%s / %s\n", res.en, res.ja);
		assert_int_equal(res.accepted, bind[i].accepted);
		assert_int_equal(res.who, bind[i].who);
		assert_non_null(strstr(res.en, bind[i].en));
	}
	/* strict local: the representative's card once a delegate exists */
	assert_int_equal(pol_bind_decide("山田太郎", dels + 0, 0, n,
	    POL_BIND_LOCAL_STRICT, vt, &res), EBID_OK);
	assert_true(res.accepted);
	{
		static const char *const other[] = { "鈴木一郎" };

		assert_int_equal(pol_bind_decide("山田太郎", other, 1, n,
		    POL_BIND_LOCAL_STRICT, vt, &res), EBID_OK);
		assert_false(res.accepted);
		assert_int_equal(res.who, POL_BIND_REPRESENTATIVE);
		assert_non_null(strstr(res.ja, "受任者のカードのみ"));
		assert_int_equal(pol_bind_decide("山田太郎", other, 1, n,
		    POL_BIND_NATIONAL, vt, &res), EBID_OK);
		assert_true(res.accepted);
	}
	/* the delegate's name needs the variant table (髙/高) */
	assert_int_equal(pol_bind_decide("鈴木一郎", dels, 1, n,
	    POL_BIND_NATIONAL, NULL, &res), EBID_OK);
	assert_false(res.accepted);
	assert_int_equal(pol_bind_decide("x", NULL, 1, n, POL_BIND_NATIONAL,
	    vt, &res), EBID_ERR_ARG);
	pol_names_free(&n);
	pol_variants_free(&vt);
	X509_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfkc_space),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_table_bad),
		cmocka_unit_test(test_table_ok),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bind_org_trap),
		cmocka_unit_test(test_bind),
	};

	return cmocka_run_group_tests(tests, cg_setup, cg_teardown);
}
