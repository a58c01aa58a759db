/*
 * oid.c - certificate policy OIDs and the built-in deny table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "common/err.h"
#include "common/log.h"
#include "policy/oid.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* 2.5.29.32: certificatePolicies, RFC 5280 4.2.1.4 */
static const uint8_t oid_cp[] = { 0x55, 0x1d, 0x20 };
/* 1.2.392.100300.1.1.1: certificatePoliciesJP, domain.md §3 (MOJ CPS) */
static const uint8_t oid_cpjp[] = {
	0x2a, 0x83, 0x08, 0x86, 0x8f, 0x4c, 0x01, 0x01, 0x01,
};
/* 1.2.392.100300.1.1.3: registered corporation information, domain.md §3 */
static const uint8_t oid_corpinfo[] = {
	0x2a, 0x83, 0x08, 0x86, 0x8f, 0x4c, 0x01, 0x01, 0x03,
};

struct deny_pol {
	enum pol_deny_kind	kind;
	struct pol_oid_pat	pat;
};

/* Built-in deny rules match descendants: each has the trailing dot. */
static const struct deny_pol deny_pols[] = {
	/* 1.2.392.200149.8.5.1.: JPKI policies, domain.md §2 */
	{ .kind = POL_DENY_JPKI, .pat = { .len = 9, .descendants = 1,
	  .text = "1.2.392.200149.8.5.1.",
	  .der = { 0x2a, 0x83, 0x08, 0x8c, 0x9b, 0x55, 0x08, 0x05, 0x01 } } },
	/* 1.2.392.100300.1.3.: corporate registry policies, domain.md §3 */
	{ .kind = POL_DENY_CORP, .pat = { .len = 8, .descendants = 1,
	  .text = "1.2.392.100300.1.3.",
	  .der = { 0x2a, 0x83, 0x08, 0x86, 0x8f, 0x4c, 0x01, 0x03 } } },
};
_Static_assert(NELEM(deny_pols) == 2, "deny_pols");

/* SHA-256 of the SubjectPublicKeyInfo of the real JPKI CAs. */
static const struct {
	const char	*file;
	uint8_t		 spki_sha256[32];
} deny_keys[] = {
	{ .file = "sign_ca_2015.pem", .spki_sha256 = {	/* sign_ca_2015.pem */
	  0x1e, 0x72, 0xc2, 0x9c, 0x1d, 0x99, 0x0f, 0xa8, 0xc0, 0x03, 0x95,
	  0xf1, 0x38, 0x0d, 0xbb, 0x17, 0x4a, 0xc2, 0x5d, 0x9b, 0x4f, 0xa6,
	  0x10, 0x34, 0x4c, 0x02, 0x0b, 0x5f, 0xbf, 0x3a, 0xd2, 0x3a } },
	{ .file = "sign_ca_2023.pem", .spki_sha256 = {	/* sign_ca_2023.pem */
	  0x96, 0x85, 0x9c, 0x87, 0x94, 0xdd, 0x91, 0x91, 0x72, 0xcc, 0xce,
	  0xe9, 0xe3, 0x5c, 0x1d, 0x93, 0xe0, 0xbd, 0xc4, 0x29, 0x81, 0x64,
	  0xc2, 0x4b, 0xe9, 0x46, 0x88, 0x61, 0x65, 0xda, 0xaf, 0xf9 } },
	{ .file = "auth_ca_2015.pem", .spki_sha256 = {	/* auth_ca_2015.pem */
	  0xca, 0x1b, 0x80, 0xdb, 0xe6, 0xeb, 0x20, 0x40, 0xd8, 0x25, 0x8e,
	  0xc9, 0x64, 0x74, 0xfe, 0xbf, 0xd3, 0xb8, 0x76, 0x45, 0x26, 0xa1,
	  0xcb, 0x6a, 0x90, 0xaa, 0x0a, 0x80, 0x42, 0x6f, 0x43, 0xb0 } },
	{ .file = "auth_ca_2023.pem", .spki_sha256 = {	/* auth_ca_2023.pem */
	  0x22, 0xfc, 0x93, 0xa1, 0x1e, 0xb2, 0x72, 0xbc, 0xb3, 0xd2, 0x58,
	  0x6a, 0x8f, 0x2d, 0xb8, 0xd2, 0xaa, 0x60, 0xc7, 0xc2, 0xa0, 0xe7,
	  0x62, 0x1a, 0x03, 0xdb, 0xab, 0x0c, 0x8e, 0x5a, 0xb5, 0x7a } },
};
_Static_assert(NELEM(deny_keys) == 4, "deny_keys");

/* subjectKeyIdentifier of the same CAs: matched against a leaf's AKI. */
static const struct {
	const char	*file;
	uint8_t		 ski[20];
} deny_skis[] = {
	{ .file = "sign_ca_2015.pem", .ski = {		/* sign_ca_2015.pem */
	  0x0d, 0x03, 0x4c, 0xbb, 0x34, 0xd0, 0x71, 0x4f, 0x45, 0xe4,
	  0x5a, 0x1c, 0xaf, 0xd8, 0xfd, 0x14, 0x3f, 0xab, 0x54, 0xa7 } },
	{ .file = "sign_ca_2023.pem", .ski = {		/* sign_ca_2023.pem */
	  0xd2, 0x1e, 0xa5, 0x58, 0x95, 0x61, 0x7e, 0x93, 0xad, 0xbf,
	  0x96, 0x6b, 0x94, 0x1a, 0xb4, 0xed, 0xf6, 0x53, 0xf0, 0x8f } },
	{ .file = "auth_ca_2015.pem", .ski = {		/* auth_ca_2015.pem */
	  0x95, 0x67, 0x95, 0x1b, 0x5c, 0xa7, 0x0d, 0x84, 0xa0, 0xff,
	  0xf1, 0xd8, 0x5a, 0x87, 0xf1, 0xaa, 0xb1, 0x34, 0x03, 0x85 } },
	{ .file = "auth_ca_2023.pem", .ski = {		/* auth_ca_2023.pem */
	  0x1a, 0xc1, 0x00, 0xf5, 0x96, 0xa3, 0xbc, 0x8c, 0x4b, 0x3d,
	  0xf1, 0x95, 0xe3, 0x26, 0x99, 0x24, 0x9e, 0x9e, 0x30, 0x8a } },
};
_Static_assert(NELEM(deny_skis) == NELEM(deny_keys), "deny_skis");

#define ATTRS_MAX	6

struct name_attr {
	int		 nid;
	const char	*val;
	int		 prefix;	/* val is a prefix */
};

struct deny_iss {
	enum pol_deny_kind	kind;
	const char		*label;
	size_t			n;
	struct name_attr	a[ATTRS_MAX];
};

#define JLIS	"Japan Agency for Local Authority Information Systems"
static const struct deny_iss deny_issuers[] = {
	{ .kind = POL_DENY_JPKI, .n = 4, .label = "C=JP, O=JPKI, "
	  "OU=JPKI for digital signature, OU=" JLIS, .a = {
	  { NID_countryName, "JP", 0 }, { NID_organizationName, "JPKI", 0 },
	  { NID_organizationalUnitName, "JPKI for digital signature", 0 },
	  { NID_organizationalUnitName, JLIS, 0 } } },
	{ .kind = POL_DENY_JPKI, .n = 4, .label = "C=JP, O=JPKI, "
	  "OU=JPKI for user authentication, OU=" JLIS, .a = {
	  { NID_countryName, "JP", 0 }, { NID_organizationName, "JPKI", 0 },
	  { NID_organizationalUnitName, "JPKI for user authentication", 0 },
	  { NID_organizationalUnitName, JLIS, 0 } } },
	{ .kind = POL_DENY_CORP, .n = 3, .label = "C=JP, "
	  "O=Japanese Government, OU=Ministry of Justice", .a = {
	  { NID_countryName, "JP", 0 },
	  { NID_organizationName, "Japanese Government", 0 },
	  { NID_organizationalUnitName, "Ministry of Justice", 0 } } },
	{ .kind = POL_DENY_CORP, .n = 3, .label = "C=JP, "
	  "O=Japanese Government, CN=Registrar of ...", .a = {
	  { NID_countryName, "JP", 0 },
	  { NID_organizationName, "Japanese Government", 0 },
	  { NID_commonName, "Registrar of ", 1 } } },
};
_Static_assert(NELEM(deny_issuers) == 4, "deny_issuers");

/* Texts of the reasons, by kind: English then Japanese. */
static const struct {
	const char	*en;
	const char	*ja;
} kind_text[] = {
	[POL_DENY_JPKI] = { "My Number card (JPKI)",
	    "マイナンバーカード（公的個人認証）" },
	[POL_DENY_CORP] = { "corporate registry certificate",
	    "法人認証カード（商業登記電子証明書）" },
	[POL_DENY_MALFORMED] = { "unreadable certificate policies",
	    "証明書ポリシーを解析できない証明書" },
	[POL_DENY_CONFIG] = { "denied by configuration",
	    "設定により拒否" },
	[POL_REFUSE_TRUST] = { "not issued by a trusted authority",
	    "信頼する認証局の発行ではない" },
	[POL_REFUSE_VALIDITY] = { "outside its validity period",
	    "有効期間外" },
	[POL_REFUSE_POLICY] = { "policy not accepted", "ポリシーが対象外" },
	[POL_REFUSE_BINDING] = { "holder not registered",
	    "名義人が登録されていない" },
	[POL_REFUSE_REGISTRY] = { "card not registered",
	    "カードが登録されていない" },
	[POL_REFUSE_KEY] = { "key too weak", "鍵が弱すぎる" },
	[POL_REFUSE_SIGNATURE] = { "weak signature algorithm",
	    "署名アルゴリズムが弱い" },
	[POL_REFUSE_USAGE] = { "key not for signatures",
	    "署名用の鍵ではない" },
	[POL_REFUSE_CA] = { "a CA certificate", "認証局の証明書" },
};
_Static_assert(NELEM(kind_text) == POL_KIND_END, "kind_text");

static const char *const kind_names[] = {
	[POL_DENY_JPKI] = "jpki",
	[POL_DENY_CORP] = "corporate",
	[POL_DENY_MALFORMED] = "malformed",
	[POL_DENY_CONFIG] = "denied",
	[POL_REFUSE_TRUST] = "trust",
	[POL_REFUSE_VALIDITY] = "validity",
	[POL_REFUSE_POLICY] = "policy",
	[POL_REFUSE_BINDING] = "binding",
	[POL_REFUSE_REGISTRY] = "registry",
	[POL_REFUSE_KEY] = "key",
	[POL_REFUSE_SIGNATURE] = "signature",
	[POL_REFUSE_USAGE] = "usage",
	[POL_REFUSE_CA] = "ca-cert",
};
_Static_assert(NELEM(kind_names) == NELEM(kind_text), "kind_names");

const char *
pol_kind_name(enum pol_deny_kind k)
{
	if ((size_t)k >= NELEM(kind_names) || kind_names[k] == NULL)
		return "other";
	return kind_names[k];
}

#define CFG_MAX		32
#define CFG_VAL_MAX	128
#define CFG_LABEL_MAX	64

struct cfg_pol {
	struct pol_oid_pat	pat;
	char			label[CFG_LABEL_MAX];
};

struct cfg_iss {
	struct deny_iss	rule;
	char		vals[ATTRS_MAX][CFG_VAL_MAX];
	char		text[POL_REASON_LEN / 2];
	char		label[CFG_LABEL_MAX];
};

struct pol_denylist {
	size_t		npol;
	size_t		niss;
	struct cfg_pol	pol[CFG_MAX];
	struct cfg_iss	iss[CFG_MAX];
};

int
pol_oid_under(const uint8_t *oid, size_t len, const uint8_t *pfx, size_t plen)
{
	if (oid == NULL || pfx == NULL || plen == 0 || len <= plen)
		return 0;
	if (pfx[plen - 1] & 0x80)	/* prefix ends inside an arc */
		return 0;
	return memcmp(oid, pfx, plen) == 0;
}

static int
put_arc(uint64_t v, uint8_t *out, size_t cap, size_t *off)
{
	uint8_t tmp[10];
	size_t n = 0;

	do {
		tmp[n++] = (uint8_t)(v & 0x7f);
		v >>= 7;
	} while (v != 0);
	if (n > cap - *off)
		return EBID_ERR_BUFFER_SMALL;
	while (n > 0) {
		n--;
		out[(*off)++] = (uint8_t)(tmp[n] | (n ? 0x80 : 0));
	}
	return EBID_OK;
}

static int
get_arc(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t d;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return EBID_ERR_ARG;
	for (*v = 0; *p >= '0' && *p <= '9'; p++) {
		d = (uint64_t)(*p - '0');
		if (*v > UINT64_MAX / 10 || *v * 10 > UINT64_MAX - d)
			return EBID_ERR_ARG;
		*v = *v * 10 + d;
	}
	*s = p;
	return EBID_OK;
}

int
pol_oid_from_text(const char *s, uint8_t *out, size_t cap, size_t *outlen)
{
	uint64_t v, first = 0;
	size_t off = 0, narc = 0;
	int rc;

	if (s == NULL || out == NULL || outlen == NULL)
		return EBID_ERR_ARG;
	for (;;) {
		if ((rc = get_arc(&s, &v)) != EBID_OK)
			return rc;
		if (narc == 0) {
			if (v > 2)
				return EBID_ERR_ARG;
			first = v;
		} else if (narc == 1) {
			if ((first < 2 && v >= 40) || v > UINT64_MAX - 80)
				return EBID_ERR_ARG;
			if ((rc = put_arc(first * 40 + v, out, cap, &off)) != 0)
				return rc;
		} else if ((rc = put_arc(v, out, cap, &off)) != EBID_OK)
			return rc;
		narc++;
		if (*s == '\0' || (*s == '.' && s[1] == '\0'))
			break;
		if (*s++ != '.')
			return EBID_ERR_ARG;
	}
	if (narc < 2)
		return EBID_ERR_ARG;
	*outlen = off;
	return EBID_OK;
}

int
pol_oid_pat_parse(const char *s, struct pol_oid_pat *p)
{
	size_t n;
	int rc;

	if (s == NULL || p == NULL)
		return EBID_ERR_ARG;
	memset(p, 0, sizeof(*p));
	n = strlen(s);
	if (n >= sizeof(p->text))
		return EBID_ERR_ARG;
	if ((rc = pol_oid_from_text(s, p->der, sizeof(p->der), &p->len)) !=
	    EBID_OK) {
		memset(p, 0, sizeof(*p));
		return rc == EBID_ERR_BUFFER_SMALL ? EBID_ERR_ARG : rc;
	}
	p->descendants = s[n - 1] == '.';
	memcpy(p->text, s, n + 1);
	return EBID_OK;
}

int
pol_oid_pat_match(const struct pol_oid_pat *p, const uint8_t *oid, size_t len)
{
	if (p == NULL || oid == NULL || p->len == 0)
		return 0;
	if (p->descendants)
		return pol_oid_under(oid, len, p->der, p->len);
	return len == p->len && memcmp(oid, p->der, len) == 0;
}

static int
ext_is(X509_EXTENSION *ext, const uint8_t *der, size_t len)
{
	const ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);

	return OBJ_length(obj) == len &&
	    memcmp(OBJ_get0_data(obj), der, len) == 0;
}

static int
add_oid(struct pol_oids *out, const ASN1_OBJECT *obj, int crit,
    enum pol_oid_src src)
{
	struct pol_oid *o;
	size_t len = OBJ_length(obj);
	int n;

	if (out->n >= POL_OIDS_MAX || len == 0 || len > POL_OID_DER_MAX)
		return EBID_ERR_PARSE;
	o = &out->v[out->n];
	n = OBJ_obj2txt(o->txt, (int)sizeof(o->txt), obj, 1);
	if (n <= 0 || (size_t)n >= sizeof(o->txt))
		return EBID_ERR_PARSE;
	memcpy(o->der, OBJ_get0_data(obj), len);
	o->len = len;
	o->critical = crit;
	o->src = src;
	out->n++;
	return EBID_OK;
}

/* 1 if cp re-encodes to exactly the len bytes at der (no BER forms). */
static int
strict_der(CERTIFICATEPOLICIES *cp, const unsigned char *der, long len)
{
	unsigned char *re = NULL;
	int rl, same;

	rl = i2d_CERTIFICATEPOLICIES(cp, &re);
	same = rl > 0 && rl == len && memcmp(re, der, (size_t)rl) == 0;
	OPENSSL_free(re);
	return same;
}

/* Decodes one CertificatePolicies-syntax extension into out. */
static int
collect_ext(X509_EXTENSION *ext, enum pol_oid_src src, struct pol_oids *out)
{
	const ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(ext);
	const unsigned char *p, *start;
	CERTIFICATEPOLICIES *cp = NULL;
	long len;
	int i, crit, ok = EBID_ERR_PARSE;

	crit = X509_EXTENSION_get_critical(ext) ? 1 : 0;
	if (os == NULL || (len = ASN1_STRING_length(os)) <= 0)
		goto fail;
	start = p = ASN1_STRING_get0_data(os);
	if ((cp = d2i_CERTIFICATEPOLICIES(NULL, &p, len)) == NULL ||
	    p - start != len) {
		log_debug(LOG_POLICY, "bogus policies extension len=%ld", len);
		goto fail;
	}
	if (sk_POLICYINFO_num(cp) < 1 || !strict_der(cp, start, len)) {
		log_debug(LOG_POLICY, "policies not in DER or empty");
		goto fail;
	}
	for (i = 0; i < sk_POLICYINFO_num(cp); i++)
		if (add_oid(out, sk_POLICYINFO_value(cp, i)->policyid, crit,
		    src) != EBID_OK)
			goto fail;
	ok = EBID_OK;
fail:
	CERTIFICATEPOLICIES_free(cp);
	return ok;
}

static int
ext_src(X509_EXTENSION *ext, enum pol_oid_src *src)
{
	if (ext_is(ext, oid_cp, sizeof(oid_cp)))
		*src = POL_SRC_CP;
	else if (ext_is(ext, oid_cpjp, sizeof(oid_cpjp)))
		*src = POL_SRC_CPJP;
	else
		return 0;
	return 1;
}

int
pol_oid_collect(X509 *cert, struct pol_oids *out)
{
	enum pol_oid_src src;
	X509_EXTENSION *ext;
	int i, rc;

	if (cert == NULL || out == NULL)
		return EBID_ERR_ARG;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < X509_get_ext_count(cert); i++) {
		ext = X509_get_ext(cert, i);
		if (!ext_src(ext, &src))
			continue;
		if ((rc = collect_ext(ext, src, out)) != EBID_OK)
			return rc;
	}
	return EBID_OK;
}

struct pol_reasons *
pol_reasons_new(void)
{
	return calloc(1, sizeof(struct pol_reasons));
}

void
pol_reasons_reset(struct pol_reasons *r)
{
	if (r != NULL)
		memset(r, 0, sizeof(*r));
}

void
pol_reasons_free(struct pol_reasons **rp)
{
	if (rp == NULL || *rp == NULL)
		return;
	free(*rp);
	*rp = NULL;
}

void
pol_reasons_add(struct pol_reasons *out, enum pol_deny_kind kind,
    const char *en, const char *ja)
{
	struct pol_reason *r;

	if (out == NULL)
		return;
	if (out->n >= POL_REASONS_MAX) {
		out->truncated = 1;
		return;
	}
	r = &out->r[out->n++];
	r->kind = kind;
	snprintf(r->en, sizeof(r->en), "%s", en);
	snprintf(r->ja, sizeof(r->ja), "%s", ja);
	log_debug(LOG_POLICY, "refuse: %s", r->en);
}

/* Adds "<kind text>: <what_en> <detail>" and its Japanese twin. */
static void
add_reason(struct pol_reasons *out, enum pol_deny_kind kind,
    const char *what_en, const char *what_ja, const char *detail)
{
	struct pol_reason *r;

	if (out->n >= POL_REASONS_MAX) {
		out->truncated = 1;
		return;
	}
	r = &out->r[out->n++];
	r->kind = kind;
	snprintf(r->en, sizeof(r->en), "%s: %s %s", kind_text[kind].en,
	    what_en, detail);
	snprintf(r->ja, sizeof(r->ja), "%s: %s %s", kind_text[kind].ja,
	    what_ja, detail);
	log_debug(LOG_POLICY, "deny: %s", r->en);
}

static int
name_has(const X509_NAME *name, const struct name_attr *a)
{
	const ASN1_STRING *s;
	unsigned char *u;
	size_t vlen = strlen(a->val);
	int idx = -1, n, hit = 0;

	while (!hit &&
	    (idx = X509_NAME_get_index_by_NID(name, a->nid, idx)) >= 0) {
		s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
		if ((n = ASN1_STRING_to_UTF8(&u, s)) < 0)
			continue;
		if (a->prefix)
			hit = (size_t)n >= vlen && memcmp(u, a->val, vlen) == 0;
		else
			hit = (size_t)n == vlen && memcmp(u, a->val, vlen) == 0;
		OPENSSL_free(u);
	}
	return hit;
}

static int
name_matches(const X509_NAME *name, const struct deny_iss *rule)
{
	size_t i;

	if (name == NULL || rule->n == 0)
		return 0;
	for (i = 0; i < rule->n; i++)
		if (!name_has(name, &rule->a[i]))
			return 0;
	return 1;
}

static int
issuer_matches(X509 *cert, X509 *issuer, const struct deny_iss *rule)
{
	return name_matches(X509_get_issuer_name(cert), rule) ||
	    (issuer != NULL &&
	    name_matches(X509_get_subject_name(issuer), rule));
}

static void
check_policy(const struct pol_denylist *cfg, const struct pol_oid *o,
    struct pol_reasons *out)
{
	char detail[POL_REASON_LEN];
	size_t i;

	for (i = 0; i < NELEM(deny_pols); i++)
		if (pol_oid_pat_match(&deny_pols[i].pat, o->der, o->len))
			add_reason(out, deny_pols[i].kind, "policy",
			    "ポリシー", o->txt);
	for (i = 0; cfg != NULL && i < cfg->npol; i++) {
		if (!pol_oid_pat_match(&cfg->pol[i].pat, o->der, o->len))
			continue;
		snprintf(detail, sizeof(detail), "%s (%s)", o->txt,
		    cfg->pol[i].label);
		add_reason(out, POL_DENY_CONFIG, "policy", "ポリシー", detail);
	}
}

static int
check_exts(const struct pol_denylist *cfg, X509 *cert,
    struct pol_reasons *out)
{
	struct pol_oids *oids;
	enum pol_oid_src src;
	X509_EXTENSION *ext;
	size_t j;
	int i;

	if ((oids = calloc(1, sizeof(*oids))) == NULL)
		return EBID_ERR_NOMEM;
	for (i = 0; i < X509_get_ext_count(cert); i++) {
		ext = X509_get_ext(cert, i);
		if (ext_is(ext, oid_corpinfo, sizeof(oid_corpinfo)))
			add_reason(out, POL_DENY_CORP, "extension",
			    "拡張", "1.2.392.100300.1.1.3");
		if (!ext_src(ext, &src))
			continue;
		memset(oids, 0, sizeof(*oids));
		if (collect_ext(ext, src, oids) != EBID_OK)
			add_reason(out, POL_DENY_MALFORMED, "extension",
			    "拡張", src == POL_SRC_CP ? "2.5.29.32" :
			    "1.2.392.100300.1.1.1");
		for (j = 0; j < oids->n; j++)
			check_policy(cfg, &oids->v[j], out);
	}
	free(oids);
	return EBID_OK;
}

static int
check_keys(X509 *cert, X509 *issuer, struct pol_reasons *out)
{
	const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(cert);
	unsigned char *der = NULL;
	uint8_t md[32];
	size_t i;
	int len;

	for (i = 0; aki != NULL && i < NELEM(deny_skis); i++)
		if (ASN1_STRING_length(aki) == 20 &&
		    memcmp(ASN1_STRING_get0_data(aki), deny_skis[i].ski,
		    20) == 0)
			add_reason(out, POL_DENY_JPKI, "issued by the key of",
			    "発行元CA鍵", deny_skis[i].file);
	if (issuer == NULL)
		return EBID_OK;
	if ((len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &der)) <= 0)
		return EBID_ERR_NOMEM;
	if (!EVP_Digest(der, (size_t)len, md, NULL, EVP_sha256(), NULL)) {
		OPENSSL_free(der);
		return EBID_ERR_CRYPTO;
	}
	OPENSSL_free(der);
	for (i = 0; i < NELEM(deny_keys); i++)
		if (memcmp(md, deny_keys[i].spki_sha256, sizeof(md)) == 0)
			add_reason(out, POL_DENY_JPKI, "issuing CA key",
			    "発行元CA公開鍵", deny_keys[i].file);
	return EBID_OK;
}

int
pol_deny_check_with(const struct pol_denylist *cfg, X509 *cert,
    X509 *issuer, struct pol_reasons *out)
{
	size_t i;
	int rc;

	if (cert == NULL || out == NULL)
		return EBID_ERR_ARG;
	pol_reasons_reset(out);
	if ((rc = check_exts(cfg, cert, out)) != EBID_OK)
		return rc;
	for (i = 0; i < NELEM(deny_issuers); i++)
		if (issuer_matches(cert, issuer, &deny_issuers[i]))
			add_reason(out, deny_issuers[i].kind, "issuer",
			    "発行者", deny_issuers[i].label);
	for (i = 0; cfg != NULL && i < cfg->niss; i++)
		if (issuer_matches(cert, issuer, &cfg->iss[i].rule))
			add_reason(out, POL_DENY_CONFIG, "issuer", "発行者",
			    cfg->iss[i].text);
	return check_keys(cert, issuer, out);
}

int
pol_deny_check(X509 *cert, X509 *issuer, struct pol_reasons *out)
{
	return pol_deny_check_with(NULL, cert, issuer, out);
}

struct pol_denylist *
pol_denylist_new(void)
{
	return calloc(1, sizeof(struct pol_denylist));
}

void
pol_denylist_free(struct pol_denylist **dp)
{
	if (dp == NULL || *dp == NULL)
		return;
	free(*dp);
	*dp = NULL;
}

static int
copy_str(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		return EBID_ERR_CONFIG;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return EBID_OK;
}

int
pol_denylist_add_policy(struct pol_denylist *d, const char *dotted,
    const char *label)
{
	struct cfg_pol *p;

	if (d == NULL || dotted == NULL || label == NULL)
		return EBID_ERR_ARG;
	if (d->npol >= CFG_MAX)
		return EBID_ERR_CONFIG;
	p = &d->pol[d->npol];
	if (pol_oid_pat_parse(dotted, &p->pat) != EBID_OK ||
	    copy_str(p->label, sizeof(p->label), label,
	    strlen(label)) != EBID_OK) {
		memset(p, 0, sizeof(*p));
		return EBID_ERR_CONFIG;
	}
	d->npol++;
	return EBID_OK;
}

static const struct {
	const char	*key;
	int		 nid;
} dn_keys[] = {
	{ "C", NID_countryName },
	{ "ST", NID_stateOrProvinceName },
	{ "L", NID_localityName },
	{ "O", NID_organizationName },
	{ "OU", NID_organizationalUnitName },
	{ "CN", NID_commonName },
};
_Static_assert(NELEM(dn_keys) == 6, "dn_keys");

static size_t
trim(const char **s, size_t n)
{
	while (n > 0 && **s == ' ') {
		(*s)++;
		n--;
	}
	while (n > 0 && (*s)[n - 1] == ' ')
		n--;
	return n;
}

/* One "KEY=value" of n bytes into attribute i of c. */
static int
parse_attr(struct cfg_iss *c, size_t i, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n), *v;
	size_t klen, vlen, k;

	if (eq == NULL)
		return EBID_ERR_CONFIG;
	v = eq + 1;
	vlen = trim(&v, n - (size_t)(eq - s) - 1);
	klen = trim(&s, (size_t)(eq - s));
	for (k = 0; k < NELEM(dn_keys); k++)
		if (strlen(dn_keys[k].key) == klen &&
		    strncmp(dn_keys[k].key, s, klen) == 0)
			break;
	if (k == NELEM(dn_keys) || vlen == 0)
		return EBID_ERR_CONFIG;
	c->rule.a[i].nid = dn_keys[k].nid;
	if (v[vlen - 1] == '*') {
		c->rule.a[i].prefix = 1;
		vlen--;
	}
	if (vlen == 0 || copy_str(c->vals[i], CFG_VAL_MAX, v, vlen) != 0)
		return EBID_ERR_CONFIG;
	c->rule.a[i].val = c->vals[i];
	return EBID_OK;
}

static int
parse_dn(struct cfg_iss *c, const char *dn)
{
	const char *comma;
	size_t n;

	while (*dn != '\0') {
		if (c->rule.n >= ATTRS_MAX)
			return EBID_ERR_CONFIG;
		comma = strchr(dn, ',');
		n = comma ? (size_t)(comma - dn) : strlen(dn);
		if (parse_attr(c, c->rule.n, dn, n) != EBID_OK)
			return EBID_ERR_CONFIG;
		c->rule.n++;
		dn += n;
		if (*dn == ',')
			dn++;
	}
	return c->rule.n > 0 ? EBID_OK : EBID_ERR_CONFIG;
}

int
pol_denylist_add_issuer(struct pol_denylist *d, const char *dn,
    const char *label)
{
	struct cfg_iss *c;
	int ok = EBID_ERR_CONFIG;

	if (d == NULL || dn == NULL || label == NULL)
		return EBID_ERR_ARG;
	if (d->niss >= CFG_MAX)
		return EBID_ERR_CONFIG;
	c = &d->iss[d->niss];
	memset(c, 0, sizeof(*c));
	c->rule.kind = POL_DENY_CONFIG;
	if (parse_dn(c, dn) != EBID_OK ||
	    copy_str(c->label, sizeof(c->label), label,
	    strlen(label)) != EBID_OK)
		goto fail;
	snprintf(c->text, sizeof(c->text), "%s (%s)", dn, label);
	c->rule.label = c->text;
	d->niss++;
	ok = EBID_OK;
fail:
	if (ok != EBID_OK)
		memset(c, 0, sizeof(*c));
	return ok;
}
