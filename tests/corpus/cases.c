/*
 * cases.c - the corpus, written from the rules (ebid-pkcs11.conf(5),
 * conf/ebid-pkcs11.conf, docs/registry-format.md, issue 10): each case
 * says what the documentation says must happen.  Tables of OID forms
 * and validity edges are expanded in every context they apply to.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

#define JP_SIGN		"1.2.392.200149.8.5.1.1.20"
#define DENY(sec)	A_ONE "\n[deny corpus]\n" sec "\n"
#define IN_ORG		"holder_in_org = yes\n"
#define VARIANTS	"variants = kanji-variants.txt\n"

static const struct ccase fixed[] = {
	/* the baseline, each way the tool reads it */
	{ .name = "base/file" },
	{ .name = "base/card", .card = 1 },
	{ .name = "base/card-ca-one", .card = 1, .card_ca = CA_ONE },
	/* trust */
	{ .name = "trust/stranger", .c = { .issuer = CA_STRANGER },
	  .fam = B(F_TRUST) },
	{ .name = "trust/forged", .c = { .forge = 1 }, .fam = B(F_TRUST) },
	{ .name = "trust/two-not-configured", .c = { .issuer = CA_TWO },
	  .fam = B(F_TRUST) },
	{ .name = "trust/two-of-two", .auths = A_ONE "\n" A_TWO,
	  .c = { .issuer = CA_TWO } },
	{ .name = "trust/one-second-authority", .auths = A_TWO "\n" A_ONE },
	{ .name = "trust/sub-bundle", .auths = AUTH("one", "ca-one-sub.pem"),
	  .c = { .issuer = CA_SUB } },
	{ .name = "trust/sub-missing", .c = { .issuer = CA_SUB },
	  .fam = B(F_TRUST) },
	{ .name = "trust/sub-from-card", .c = { .issuer = CA_SUB },
	  .card = 1, .card_ca = CA_SUB },
	{ .name = "trust/sub-as-anchor", .auths = AUTH("one", "ca-sub.pem"),
	  .c = { .issuer = CA_SUB } },
	{ .name = "trust/bundle-second", .auths = AUTH("one",
	  "ca-two-one.pem") },
	{ .name = "trust/bundle-first", .auths = AUTH("one",
	  "ca-two-one.pem"), .c = { .issuer = CA_TWO } },
	{ .name = "trust/ca-dir", .auths = A_ONE "\n[authority two]\n"
	  "profile = reference\npin_lock_count = 10\n", .policy =
	  "ca_dir = certs\n", .c = { .issuer = CA_TWO } },
	{ .name = "trust/stranger-card-ca", .c = { .issuer = CA_STRANGER },
	  .card = 1, .card_ca = CA_STRANGER, .fam = B(F_TRUST) },
	{ .name = "trust/crl-revoked", .auths = A_ONE
	  "crl_file = crl-revoked.pem\n", .c = { .serial = 0xC0FFEE01 },
	  .fam = B(F_VALIDITY) },
	{ .name = "trust/crl-other", .auths = A_ONE
	  "crl_file = crl-other.pem\n", .c = { .serial = 0xC0FFEE01 } },
	{ .name = "trust/untrusted-wrong-name", .c = { .issuer = CA_STRANGER,
	  .subj = { CN(U8, "佐藤次郎") } }, .fam = B(F_TRUST) },
	{ .name = "trust/untrusted-expired", .c = { .issuer = CA_STRANGER },
	  .at = 2 * YEAR, .fam = B(F_TRUST) | B(F_VALIDITY) },
	{ .name = "trust/policy-expired", .auths = A_ONE
	  "policies = 1.2.392.999.1\n", .at = 2 * YEAR,
	  .fam = B(F_VALIDITY) | B(F_POLICY) },
	/* JPKI */
	{ .name = "jpki/sign-policy-critical", .c = { .cp = { JP_SIGN },
	  .cp_crit = 1 }, .fam = B(F_JPKI) },
	{ .name = "jpki/sign-policy", .c = { .cp = { JP_SIGN } },
	  .fam = B(F_JPKI) },
	{ .name = "jpki/auth-policy", .c = { .cp =
	  { "1.2.392.200149.8.5.1.3.30" } }, .fam = B(F_JPKI) },
	{ .name = "jpki/test-policy", .c = { .cp =
	  { "1.2.392.200149.8.5.1.0.20" } }, .fam = B(F_JPKI) },
	{ .name = "jpki/future-child", .c = { .cp =
	  { "1.2.392.200149.8.5.1.99.1" } }, .fam = B(F_JPKI) },
	{ .name = "jpki/beside-good-policy", .auths = A_ONE
	  "policies = 1.2.392.999.1\n", .c = { .cp = { "1.2.392.999.1",
	  JP_SIGN } }, .fam = B(F_JPKI) },
	{ .name = "jpki/not-sibling-5.10", .c = { .cp =
	  { "1.2.392.200149.8.5.10.1" } } },
	{ .name = "jpki/not-lgpki-5.2", .c = { .cp =
	  { "1.2.392.200149.8.5.2.1" } } },
	{ .name = "jpki/issuer-sign", .auths = AUTH("jp", "ca-jsign.pem"),
	  .c = { .issuer = CA_JSIGN }, .fam = B(F_JPKI) },
	{ .name = "jpki/issuer-auth", .auths = AUTH("jp", "ca-jauth.pem"),
	  .c = { .issuer = CA_JAUTH }, .fam = B(F_JPKI) },
	{ .name = "jpki/aki-sign-2015", .c = { .aki = CA_REAL_SIGN15 },
	  .fam = B(F_JPKI) },
	{ .name = "jpki/aki-sign-2023", .c = { .aki = CA_REAL_SIGN23 },
	  .fam = B(F_JPKI) },
	{ .name = "jpki/aki-auth-2015", .c = { .aki = CA_REAL_AUTH15 },
	  .fam = B(F_JPKI) },
	{ .name = "jpki/aki-auth-2023", .c = { .aki = CA_REAL_AUTH23 },
	  .fam = B(F_JPKI) },
	{ .name = "jpki/card-ca-sign-2015", .card = 1,
	  .card_ca = CA_REAL_SIGN15, .fam = B(F_JPKI) },
	{ .name = "jpki/card-ca-sign-2023", .card = 1,
	  .card_ca = CA_REAL_SIGN23, .fam = B(F_JPKI) },
	{ .name = "jpki/card-ca-auth-2015", .card = 1,
	  .card_ca = CA_REAL_AUTH15, .fam = B(F_JPKI) },
	{ .name = "jpki/card-ca-auth-2023", .card = 1,
	  .card_ca = CA_REAL_AUTH23, .fam = B(F_JPKI) },
	{ .name = "jpki/aid", .card = 1, .aid = 1, .fam = B(F_JPKI) },
	{ .name = "jpki/aid-and-policy", .card = 1, .aid = 1,
	  .c = { .cp = { JP_SIGN } }, .fam = B(F_JPKI) },
	{ .name = "jpki/aid-untrusted", .card = 1, .aid = 1,
	  .c = { .issuer = CA_STRANGER }, .fam = B(F_JPKI) | B(F_TRUST) },
	{ .name = "jpki/policy-untrusted", .c = { .issuer = CA_STRANGER,
	  .cp = { JP_SIGN } }, .fam = B(F_JPKI) | B(F_TRUST) },
	{ .name = "jpki/policy-expired", .c = { .cp = { JP_SIGN } },
	  .at = 2 * YEAR, .fam = B(F_JPKI) | B(F_VALIDITY) },
	{ .name = "jpki/audit", .policy = "audit = yes\n",
	  .c = { .cp = { JP_SIGN } }, .fam = B(F_JPKI) },
	/* corporate registry */
	{ .name = "corp/cp-1.3.4", .c = { .cp = { "1.2.392.100300.1.3.4" } },
	  .fam = B(F_CORP) },
	{ .name = "corp/cp-1.3.2", .c = { .cp = { "1.2.392.100300.1.3.2" } },
	  .fam = B(F_CORP) },
	{ .name = "corp/cpjp-1.3.4", .c = { .cpjp =
	  { "1.2.392.100300.1.3.4" } }, .fam = B(F_CORP) },
	{ .name = "corp/cpjp-1.3.2", .c = { .cpjp =
	  { "1.2.392.100300.1.3.2" } }, .fam = B(F_CORP) },
	{ .name = "corp/cpjp-child", .c = { .cpjp =
	  { "1.2.392.100300.1.3.4.1" } }, .fam = B(F_CORP) },
	{ .name = "corp/info-critical", .c = { .corp_info = 1 },
	  .fam = B(F_CORP) },
	{ .name = "corp/info-noncritical", .c = { .corp_info = 2 },
	  .fam = B(F_CORP) },
	{ .name = "corp/issuer-moj", .auths = AUTH("moj", "ca-moj.pem"),
	  .c = { .issuer = CA_MOJ }, .fam = B(F_CORP) },
	{ .name = "corp/issuer-registrar", .auths = AUTH("moj",
	  "ca-registrar.pem"), .c = { .issuer = CA_REGISTRAR },
	  .fam = B(F_CORP) },
	{ .name = "corp/full", .auths = AUTH("moj", "ca-moj.pem"),
	  .c = { .issuer = CA_MOJ, .cpjp = { "1.2.392.100300.1.3.4" },
	  .corp_info = 1 }, .fam = B(F_CORP) },
	{ .name = "corp/not-sibling-1.30", .c = { .cp =
	  { "1.2.392.100300.1.30.1" } } },
	{ .name = "corp/and-jpki", .c = { .cp = { JP_SIGN,
	  "1.2.392.100300.1.3.4" } }, .fam = B(F_JPKI) | B(F_CORP) },
	{ .name = "corp/untrusted", .c = { .issuer = CA_STRANGER, .cpjp =
	  { "1.2.392.100300.1.3.4" } }, .fam = B(F_CORP) | B(F_TRUST) },
	/* malformed */
	{ .name = "malformed/cp-garbage", .c = { .bad = BAD_CP_GARBAGE },
	  .fam = B(F_MALFORMED) },
	{ .name = "malformed/cp-trailing", .c = { .bad = BAD_CP_TRAILING,
	  .cp = { "1.2.392.999.1" } }, .fam = B(F_MALFORMED) },
	{ .name = "malformed/cp-not-sequence", .c = { .bad = BAD_CP_NOT_SEQ },
	  .fam = B(F_MALFORMED) },
	{ .name = "malformed/cpjp-garbage", .c = { .bad = BAD_CPJP_GARBAGE },
	  .fam = B(F_MALFORMED) },
	/* administrator's deny by issuer */
	{ .name = "deny/issuer-prefix", .auths = AUTH("dn", "ca-deny.pem")
	  "\n[deny d]\nissuer = C=JP, O=Deny Me CA, CN=Deny*\n",
	  .c = { .issuer = CA_DENY }, .fam = B(F_DENIED) },
	{ .name = "deny/issuer-prefix-other-cn", .auths = AUTH("dn",
	  "ca-deny.pem") "\n[deny d]\nissuer = C=JP, O=Deny Me CA, "
	  "CN=Deny*\n", .c = { .issuer = CA_DENY2 } },
	{ .name = "deny/issuer-exact", .auths = AUTH("dn", "ca-deny.pem")
	  "\n[deny d]\nissuer = C=JP, O=Deny Me CA, CN=Deny Prefix One\n",
	  .c = { .issuer = CA_DENY }, .fam = B(F_DENIED) },
	{ .name = "deny/issuer-exact-is-no-prefix", .auths = AUTH("dn",
	  "ca-deny.pem") "\n[deny d]\nissuer = C=JP, O=Deny Me CA, "
	  "CN=Deny Prefix\n", .c = { .issuer = CA_DENY } },
	{ .name = "deny/issuer-o-only", .auths = AUTH("dn", "ca-deny.pem")
	  "\n[deny d]\nissuer = O=Deny Me CA\n", .c = { .issuer = CA_DENY2 },
	  .fam = B(F_DENIED) },
	{ .name = "deny/issuer-missing-ou", .auths = AUTH("dn", "ca-deny.pem")
	  "\n[deny d]\nissuer = O=Deny Me CA, OU=Sales\n",
	  .c = { .issuer = CA_DENY } },
	{ .name = "deny/issuer-other-country", .auths = AUTH("dn",
	  "ca-deny.pem") "\n[deny d]\nissuer = C=US, O=Deny Me CA\n",
	  .c = { .issuer = CA_DENY } },
	{ .name = "deny/issuer-sub-of-one", .auths = AUTH("one",
	  "ca-one-sub.pem") "\n[deny d]\nissuer = C=JP, O=Corpus CA One, "
	  "CN=Corpus Sub*\n", .c = { .issuer = CA_SUB }, .fam = B(F_DENIED) },
	{ .name = "deny/policy-expired", .auths = DENY("policy = 1.2.392.999.9"),
	  .c = { .cp = { "1.2.392.999.9" } }, .at = 2 * YEAR,
	  .fam = B(F_DENIED) | B(F_VALIDITY) },
	{ .name = "deny/policy-audit", .auths = DENY("policy = 1.2.392.999.9"),
	  .policy = "audit = yes\n", .c = { .cp = { "1.2.392.999.9" } },
	  .fam = B(F_DENIED) },
	/* sanity */
	{ .name = "key/rsa-1024", .c = { .key = K_1024 }, .fam = B(F_KEY) },
	{ .name = "key/rsa-1536", .c = { .key = K_1536 }, .fam = B(F_KEY) },
	{ .name = "key/rsa-2047", .c = { .key = K_2047 }, .fam = B(F_KEY) },
	{ .name = "key/ec-p256", .c = { .key = K_EC }, .fam = B(F_KEY) },
	{ .name = "key/rsa-1024-card", .card = 1, .c = { .key = K_1024 },
	  .fam = B(F_KEY) },
	{ .name = "sig/sha1", .c = { .md = MD_SHA1 }, .fam = B(F_SIGNATURE) },
	{ .name = "sig/md5", .c = { .md = MD_MD5 }, .fam = B(F_SIGNATURE) },
	{ .name = "sig/sha384", .c = { .md = MD_SHA384 } },
	{ .name = "sig/sha512", .c = { .md = MD_SHA512 } },
	{ .name = "ku/ds", .c = { .ku = KDS } },
	{ .name = "ku/nr", .c = { .ku = KNR } },
	{ .name = "ku/ds-nr", .c = { .ku = KDS | KNR } },
	{ .name = "ku/ds-ke", .c = { .ku = KDS | KKE } },
	{ .name = "ku/ke", .c = { .ku = KKE }, .fam = B(F_USAGE) },
	{ .name = "ku/de", .c = { .ku = KDE }, .fam = B(F_USAGE) },
	{ .name = "ku/ka", .c = { .ku = KKA }, .fam = B(F_USAGE) },
	{ .name = "ku/cs", .c = { .ku = KCS }, .fam = B(F_USAGE) },
	{ .name = "ku/crl", .c = { .ku = KCRL }, .fam = B(F_USAGE) },
	{ .name = "ku/ke-de", .c = { .ku = KKE | KDE }, .fam = B(F_USAGE) },
	{ .name = "bc/false", .c = { .bc = BC_FALSE } },
	{ .name = "bc/true", .c = { .bc = BC_TRUE, .ku = KDS },
	  .fam = B(F_CACERT) },
	{ .name = "bc/true-critical", .c = { .bc = BC_TRUE_CRIT },
	  .fam = B(F_CACERT) },
	{ .name = "cacert/root-one", .c = { .self = CA_ONE },
	  .fam = B(F_CACERT) | B(F_USAGE) },
	{ .name = "cacert/sub", .auths = AUTH("one", "ca-one-sub.pem"),
	  .c = { .self = CA_SUB }, .fam = B(F_CACERT) | B(F_USAGE) },
	{ .name = "cacert/no-basic-constraints", .auths = AUTH("three",
	  "ca-nobc.pem"), .c = { .self = CA_NOBC }, .fam = B(F_CACERT) },
	{ .name = "sanity/all-three", .c = { .key = K_1024, .md = MD_SHA1,
	  .ku = KKE }, .fam = B(F_KEY) | B(F_SIGNATURE) | B(F_USAGE) },
	{ .name = "sanity/weak-wrong-name", .c = { .key = K_1024,
	  .subj = { CN(U8, "佐藤次郎") } }, .fam = B(F_KEY) },
	{ .name = "sanity/sha1-unregistered", .c = { .md = MD_SHA1 },
	  .reg = REG_NOT, .fam = B(F_SIGNATURE) },
	{ .name = "sanity/ec-untrusted", .c = { .key = K_EC,
	  .issuer = CA_STRANGER }, .fam = B(F_KEY) | B(F_TRUST) },
	{ .name = "sanity/ke-expired", .c = { .ku = KKE }, .at = 2 * YEAR,
	  .fam = B(F_USAGE) | B(F_VALIDITY) },
	{ .name = "sanity/catrue-jpki", .c = { .bc = BC_TRUE,
	  .cp = { JP_SIGN } }, .fam = B(F_JPKI) | B(F_CACERT) },
	/* registry and binding rules */
	{ .name = "reg/not-registered", .reg = REG_NOT,
	  .fam = B(F_REGISTRY) },
	{ .name = "reg/no-registry-key", .reg = REG_NONE,
	  .fam = B(F_REGISTRY) },
	{ .name = "reg/registry-missing", .reg = REG_MISSING,
	  .fam = B(F_REGISTRY) },
	{ .name = "reg/not-registered-wrong-name", .reg = REG_NOT,
	  .c = { .subj = { CN(U8, "佐藤次郎") } }, .fam = B(F_REGISTRY) },
	{ .name = "reg/english-header", .reg = REG_EN },
	{ .name = "reg/bom", .reg = REG_BOM },
	{ .name = "reg/shift-jis", .reg = REG_SJIS },
	{ .name = "reg/fp-colons", .reg = REG_COLON },
	{ .name = "reg/fp-lower", .reg = REG_LOWER },
	{ .name = "reg/extra-column", .reg = REG_EXTRA },
	{ .name = "reg/empty-columns", .reg = REG_EMPTYCOLS },
	{ .name = "reg/quoted", .reg = REG_QUOTED, .rep = "山田 太郎" },
	{ .name = "reg/two-cards", .reg = REG_TWOCARDS },
	{ .name = "reg/full-width-header", .reg = REG_FULLWIDTH },
	{ .name = "reg/sjis-variant", .reg = REG_SJIS, .policy = VARIANTS,
	  .c = { .subj = { CN(U8, "髙橋一郎") } }, .rep = "高橋一郎" },
	{ .name = "bind/national-rep-with-delegate", .dels = "鈴木花子" },
	{ .name = "bind/strict-rep-with-delegate", .dels = "鈴木花子",
	  .policy = "binding = local-strict\n", .fam = B(F_BINDING) },
	{ .name = "bind/strict-rep-no-delegate",
	  .policy = "binding = local-strict\n" },
	{ .name = "bind/strict-delegate", .rep = "鈴木一郎", .dels = HOLDER,
	  .policy = "binding = local-strict\n" },
	{ .name = "bind/delegate-semicolon", .rep = "鈴木一郎",
	  .dels = "佐藤花子;" HOLDER },
	{ .name = "bind/delegate-fullwidth-semicolon", .rep = "鈴木一郎",
	  .dels = "佐藤花子；" HOLDER },
	{ .name = "bind/delegate-not-listed", .rep = "鈴木一郎",
	  .dels = "佐藤花子", .fam = B(F_BINDING) },
	{ .name = "bind/audit-wrong-name", .policy = "audit = yes\n",
	  .c = { .subj = { CN(U8, "佐藤次郎") } } },
	{ .name = "bind/audit-unregistered", .policy = "audit = yes\n",
	  .reg = REG_NOT },
	{ .name = "bind/audit-untrusted", .policy = "audit = yes\n",
	  .c = { .issuer = CA_STRANGER }, .fam = B(F_TRUST) },
	{ .name = "bind/audit-weak-key", .policy = "audit = yes\n",
	  .c = { .key = K_1024 }, .fam = B(F_KEY) },
};

/* OID forms: the configured text, the certificate's, match or not. */
static const struct oidrow {
	const char	*id, *conf, *cert[2];
	int		 match;
} oids[] = {
	{ "exact-self", "1.2.392.999.1", { "1.2.392.999.1" }, 1 },
	{ "exact-child", "1.2.392.999.1", { "1.2.392.999.1.1" }, 0 },
	{ "exact-grandchild", "1.2.392.999.1", { "1.2.392.999.1.1.5" }, 0 },
	{ "exact-sibling-10", "1.2.392.999.1", { "1.2.392.999.10" }, 0 },
	{ "exact-parent", "1.2.392.999.1", { "1.2.392.999" }, 0 },
	{ "exact-10-vs-1", "1.2.392.999.10", { "1.2.392.999.1" }, 0 },
	{ "prefix-child", "1.2.392.999.1.", { "1.2.392.999.1.1" }, 1 },
	{ "prefix-deep", "1.2.392.999.1.", { "1.2.392.999.1.1.5.7" }, 1 },
	{ "prefix-self", "1.2.392.999.1.", { "1.2.392.999.1" }, 0 },
	{ "prefix-sibling-10", "1.2.392.999.1.", { "1.2.392.999.10" }, 0 },
	{ "prefix-sibling-10-child", "1.2.392.999.1.",
	  { "1.2.392.999.10.1" }, 0 },
	{ "prefix-other-branch", "1.2.392.999.1.", { "1.2.392.999.2.1" }, 0 },
	{ "short-exact", "1.2.3", { "1.2.3" }, 1 },
	{ "short-exact-vs-30", "1.2.3", { "1.2.30" }, 0 },
	{ "short-exact-child", "1.2.3", { "1.2.3.4" }, 0 },
	{ "short-prefix-vs-30", "1.2.3.", { "1.2.30" }, 0 },
	{ "short-prefix-child", "1.2.3.", { "1.2.3.4" }, 1 },
	{ "short-prefix-self", "1.2.3.", { "1.2.3" }, 0 },
	{ "bigarc-exact", "1.2.392.200000.128", { "1.2.392.200000.128" }, 1 },
	{ "bigarc-vs-1", "1.2.392.200000.128", { "1.2.392.200000.1" }, 0 },
	{ "bigarc-prefix-vs-128", "1.2.392.200000.1.",
	  { "1.2.392.200000.128" }, 0 },
	{ "bigarc-prefix-deep", "1.2.392.200000.",
	  { "1.2.392.200000.128.1" }, 1 },
	{ "joint-exact", "2.999.5", { "2.999.5" }, 1 },
	{ "joint-prefix", "2.999.", { "2.999.5" }, 1 },
	{ "joint-vs-50", "2.999.5", { "2.999.50" }, 0 },
	{ "cert-second-policy", "1.2.392.999.1", { "2.999.9",
	  "1.2.392.999.1" }, 1 },
	{ "cert-two-nomatch", "1.2.392.999.1", { "2.999.9",
	  "1.2.392.999.1.9" }, 0 },
	{ "cert-no-policies", "1.2.392.999.1", { NULL }, 0 },
};

/* Holder names: where the name is, the registry's name, in_org, match. */
static const struct namerow {
	const char	*id;
	struct attr	 subj[3];
	struct attr	 san[2];
	const char	*rep;
	int		 in_org, variants, match;
} names[] = {
	{ "cn-utf8", { CN(U8, HOLDER) }, { { 0 } }, HOLDER, 0, 0, 1 },
	{ "cn-utf8-space", { CN(U8, "山田 太郎") }, { { 0 } }, HOLDER, 0, 0, 1 },
	{ "cn-utf8-ideo-space", { CN(U8, "山田　太郎") }, { { 0 } }, HOLDER,
	  0, 0, 1 },
	{ "reg-ideo-space", { CN(U8, HOLDER) }, { { 0 } }, "山田　太郎",
	  0, 0, 1 },
	{ "cn-bmp", { CN(BMP, HOLDER) }, { { 0 } }, HOLDER, 0, 0, 1 },
	{ "cn-bmp-space", { CN(BMP, "山田　太郎") }, { { 0 } }, HOLDER,
	  0, 0, 1 },
	{ "cn-universal", { CN(UNI, HOLDER) }, { { 0 } }, HOLDER, 0, 0, 1 },
	{ "cn-printable", { CN(PS, "YAMADA TARO") }, { { 0 } },
	  "YAMADA TARO", 0, 0, 1 },
	{ "cn-printable-fullwidth-reg", { CN(PS, "YAMADA TARO") }, { { 0 } },
	  "ＹＡＭＡＤＡ　ＴＡＲＯ", 0, 0, 1 },
	{ "cn-t61", { CN(T61, "YAMADA TARO") }, { { 0 } }, "YAMADATARO",
	  0, 0, 1 },
	{ "cn-t61-latin1", { CN(T61, "Müller Hans") }, { { 0 } },
	  "Müller Hans", 0, 0, 1 },
	{ "cn-halfwidth-kana", { CN(U8, "ﾔﾏﾀﾞ ﾀﾛｳ") }, { { 0 } },
	  "ヤマダ　タロウ", 0, 0, 1 },
	{ "cn-fullwidth-latin", { CN(U8, "ＹＡＭＡＤＡ ＴＡＲＯ") }, { { 0 } },
	  "YAMADA TARO", 0, 0, 1 },
	{ "cn-wrong", { CN(U8, "佐藤次郎") }, { { 0 } }, HOLDER, 0, 0, 0 },
	{ "cn-partial", { CN(U8, "山田") }, { { 0 } }, HOLDER, 0, 0, 0 },
	{ "cn-superset", { CN(U8, "山田太郎二") }, { { 0 } }, HOLDER, 0, 0, 0 },
	{ "variant-taka", { CN(U8, "髙橋一郎") }, { { 0 } }, "高橋一郎",
	  0, 1, 1 },
	{ "variant-taka-off", { CN(U8, "髙橋一郎") }, { { 0 } }, "高橋一郎",
	  0, 0, 0 },
	{ "variant-saki", { CN(U8, "山﨑花子") }, { { 0 } }, "山崎花子",
	  0, 1, 1 },
	{ "variant-reg-side", { CN(U8, "高橋一郎") }, { { 0 } }, "髙橋一郎",
	  0, 1, 1 },
	{ "variant-bmp", { CN(BMP, "渡邊次郎") }, { { 0 } }, "渡辺次郎",
	  0, 1, 1 },
	{ "san-utf8", { O_(U8, COMPANY), CN(PS, "Card Holder") },
	  { CN(U8, HOLDER) }, HOLDER, 0, 0, 1 },
	{ "san-bmp", { CN(PS, "Card Holder") }, { CN(BMP, HOLDER) }, HOLDER,
	  0, 0, 1 },
	{ "san-universal", { CN(PS, "Card Holder") }, { CN(UNI, HOLDER) },
	  HOLDER, 0, 0, 1 },
	{ "san-printable", { CN(PS, "Card Holder") },
	  { CN(PS, "YAMADA TARO") }, "YAMADA TARO", 0, 0, 1 },
	{ "san-second", { CN(PS, "Card Holder") }, { CN(U8, "別名"),
	  CN(U8, HOLDER) }, HOLDER, 0, 0, 1 },
	{ "san-space", { CN(PS, "Card Holder") }, { CN(U8, "山田　太郎") },
	  HOLDER, 0, 0, 1 },
	{ "san-wrong", { CN(PS, "Card Holder") }, { CN(U8, "佐藤次郎") },
	  HOLDER, 0, 0, 0 },
	{ "san-only", { O_(U8, COMPANY) }, { CN(U8, HOLDER) }, HOLDER,
	  0, 0, 1 },
	{ "org-trap", { O_(U8, HOLDER), CN(U8, "佐藤次郎") }, { { 0 } },
	  HOLDER, 0, 0, 0 },
	{ "org-trap-in-org", { O_(U8, HOLDER), CN(U8, "佐藤次郎") }, { { 0 } },
	  HOLDER, 1, 0, 1 },
	{ "org-trap-in-org-no", { O_(U8, HOLDER), CN(U8, "佐藤次郎") },
	  { { 0 } }, HOLDER, 2, 0, 0 },
	{ "ou-trap", { O_(U8, COMPANY), OU(U8, HOLDER), CN(U8, "佐藤次郎") },
	  { { 0 } }, HOLDER, 0, 0, 0 },
	{ "ou-trap-in-org", { O_(U8, COMPANY), OU(U8, HOLDER),
	  CN(U8, "佐藤次郎") }, { { 0 } }, HOLDER, 1, 0, 1 },
	{ "org-bmp-trap", { O_(BMP, HOLDER), CN(U8, "佐藤次郎") }, { { 0 } },
	  HOLDER, 0, 0, 0 },
	{ "org-bmp-in-org", { O_(BMP, HOLDER), CN(U8, "佐藤次郎") }, { { 0 } },
	  HOLDER, 1, 0, 1 },
	{ "ou-printable-trap", { OU(PS, "YAMADA TARO"), CN(PS, "SATO JIRO") },
	  { { 0 } }, "YAMADA TARO", 0, 0, 0 },
	{ "ou-printable-in-org", { OU(PS, "YAMADA TARO"),
	  CN(PS, "SATO JIRO") }, { { 0 } }, "YAMADA TARO", 1, 0, 1 },
	{ "org-only", { O_(U8, HOLDER) }, { { 0 } }, HOLDER, 0, 0, 0 },
	{ "org-only-in-org", { O_(U8, HOLDER) }, { { 0 } }, HOLDER, 1, 0, 1 },
	{ "in-org-cn-still-counts", { O_(U8, COMPANY), CN(U8, HOLDER) },
	  { { 0 } }, HOLDER, 1, 0, 1 },
	{ "in-org-nothing", { O_(U8, COMPANY), CN(U8, "佐藤次郎") }, { { 0 } },
	  HOLDER, 1, 0, 0 },
};

/* Validity: the leaf's dates and the decision times around them. */
#define NB	3600L
#define NA	(30 * DAY + 7)
#define Y2050	718070400L	/* 2050-01-01T00:00:00Z - T0 */

static const struct valrow {
	const char	*id;
	long		 nb, na, at;
	int		 ok;
} vals[] = {
	{ "nb-minus-1s", NB, NA, NB - 1, 0 },
	{ "nb-exact", NB, NA, NB, 1 },
	{ "nb-plus-1s", NB, NA, NB + 1, 1 },
	{ "na-minus-1s", NB, NA, NA - 1, 1 },
	{ "na-exact", NB, NA, NA, 1 },
	{ "na-plus-1s", NB, NA, NA + 1, 0 },
	{ "long-before", NB, NA, -YEAR, 0 },
	{ "long-after", NB, NA, 2 * YEAR, 0 },
	{ "utc-nb-exact", Y2050 - 1, Y2050, Y2050 - 1, 1 },
	{ "utc-nb-minus-1s", Y2050 - 1, Y2050, Y2050 - 2, 0 },
	{ "gt-na-exact", Y2050 - 1, Y2050, Y2050, 1 },
	{ "gt-na-plus-1s", Y2050 - 1, Y2050, Y2050 + 1, 0 },
};

static struct ccase *v;
static size_t nv, cap;
static char **strs;
static size_t nstrs;

static const char *
own(char *s)
{
	char **n;

	if (s == NULL || (n = realloc(strs, (nstrs + 1) * sizeof(*n))) ==
	    NULL)
		abort();
	strs = n;
	strs[nstrs++] = s;
	return s;
}

static const char *
fmt2(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s%s", a, b) < 0)
		abort();
	return own(s);
}

static struct ccase *
add(const struct ccase *k)
{
	struct ccase *n;

	if (nv == cap) {
		cap = cap ? 2 * cap : 256;
		if ((n = realloc(v, cap * sizeof(*n))) == NULL)
			abort();
		v = n;
	}
	v[nv] = *k;
	v[nv].ok = k->fam == 0;
	return &v[nv++];
}

static void
add_oids(void)
{
	struct ccase k;
	size_t i;

	for (i = 0; i < sizeof(oids) / sizeof(oids[0]); i++) {
		memset(&k, 0, sizeof(k));
		k.c.cp[0] = oids[i].cert[0];
		k.c.cp[1] = oids[i].cert[1];
		k.name = fmt2("oid/authority/", oids[i].id);
		k.auths = fmt2(A_ONE "policies = ", fmt2(oids[i].conf, "\n"));
		k.fam = oids[i].match ? 0 : B(F_POLICY);
		add(&k);
		k.name = fmt2("oid/deny/", oids[i].id);
		k.auths = fmt2(A_ONE "\n[deny corpus]\npolicy = ",
		    fmt2(oids[i].conf, "\n"));
		k.fam = oids[i].match ? B(F_DENIED) : 0;
		add(&k);
	}
}

static void
add_names(void)
{
	struct ccase k;
	size_t i;
	int role;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (role = 0; role < 2; role++) {
			memset(&k, 0, sizeof(k));
			memcpy(k.c.subj, names[i].subj, sizeof(names[i].subj));
			memcpy(k.c.san, names[i].san, sizeof(names[i].san));
			k.name = fmt2(role ? "name/delegate/" :
			    "name/representative/", names[i].id);
			k.auths = names[i].in_org == 1 ? A_ONE IN_ORG :
			    names[i].in_org == 2 ? A_ONE "holder_in_org = no\n" :
			    A_ONE;
			k.policy = names[i].variants ? VARIANTS : NULL;
			k.rep = role ? "代表花子" : names[i].rep;
			k.dels = role ? fmt2("鈴木一郎、", names[i].rep) : NULL;
			k.fam = names[i].match ? 0 : B(F_BINDING);
			add(&k);
		}
}

static void
add_validity(void)
{
	static const char *const ctx[] = { "one/", "sub-bundle/", "card/" };
	struct ccase k;
	size_t i, c;

	for (c = 0; c < 3; c++)
		for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			memset(&k, 0, sizeof(k));
			k.name = fmt2(fmt2("validity/", ctx[c]), vals[i].id);
			k.c.nb = vals[i].nb;
			k.c.na = vals[i].na;
			k.at = vals[i].at;
			if (c == 1) {
				k.auths = AUTH("one", "ca-one-sub.pem");
				k.c.issuer = CA_SUB;
			}
			k.card = c == 2;
			k.fam = vals[i].ok ? 0 : B(F_VALIDITY);
			add(&k);
		}
}

const struct ccase *
corpus_cases(size_t *n)
{
	size_t i;

	if (nv == 0) {
		for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			add(&fixed[i]);
		add_oids();
		add_names();
		add_validity();
	}
	*n = nv;
	return v;
}

void
corpus_cases_free(void)
{
	size_t i;

	for (i = 0; i < nstrs; i++)
		free(strs[i]);
	free(strs);
	free(v);
	strs = NULL;
	v = NULL;
	nstrs = nv = cap = 0;
}
