/*
 * sanity.c - certificate sanity: what no accredited CA issues on a
 * bidder's card today (Electronic Signatures Act accreditation requires
 * RSA-2048 and SHA-2, domain.md §1), refused even when the chain holds.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "common/err.h"
#include "policy/decide.h"
#include "policy/sanity.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define TEXT_MAX	POL_REASON_LEN

/* Digests too weak to sign a bid: collisions are practical. */
static const struct {
	int		 nid;
	const char	*name;
} weak_mds[] = {
	{ NID_md2, "MD2" },
	{ NID_md4, "MD4" },
	{ NID_md5, "MD5" },
	{ NID_md5_sha1, "MD5+SHA-1" },
	{ NID_sha1, "SHA-1" },
};
_Static_assert(NELEM(weak_mds) == 5, "weak_mds");

/* "EC", "ED25519", ...: the key's type as people know it. */
static const char *
key_type(const EVP_PKEY *k)
{
	const char *s = EVP_PKEY_get0_type_name(k);

	return s != NULL ? s : OBJ_nid2sn(EVP_PKEY_get_base_id(k));
}

static void
check_key(X509 *cert, struct pol_reasons *out)
{
	char en[TEXT_MAX], ja[TEXT_MAX];
	EVP_PKEY *k = X509_get0_pubkey(cert);
	int bits;

	if (k == NULL) {
		pol_reasons_add(out, POL_REFUSE_KEY, "the certificate's public "
		    "key cannot be read", "証明書の公開鍵を読めません");
		return;
	}
	if (EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) {
		/* the module signs with RSA keys only (CKM_RSA_PKCS) */
		snprintf(en, sizeof(en), "%s key: the module signs with RSA "
		    "keys only", key_type(k));
		snprintf(ja, sizeof(ja), "%s 鍵です（このモジュールは RSA 鍵"
		    "の署名のみに対応）", key_type(k));
		pol_reasons_add(out, POL_REFUSE_KEY, en, ja);
		return;
	}
	if ((bits = EVP_PKEY_get_bits(k)) >= POL_RSA_BITS_MIN)
		return;
	snprintf(en, sizeof(en), "RSA key of %d bits: at least %d are "
	    "required", bits, POL_RSA_BITS_MIN);
	snprintf(ja, sizeof(ja), "RSA 鍵が %d ビットです（%d ビット以上が必要）",
	    bits, POL_RSA_BITS_MIN);
	pol_reasons_add(out, POL_REFUSE_KEY, en, ja);
}

static void
check_signature(X509 *cert, struct pol_reasons *out)
{
	char en[TEXT_MAX], ja[TEXT_MAX];
	const char *name = NULL;
	int mdnid = NID_undef;
	size_t i;

	if (X509_get_signature_info(cert, &mdnid, NULL, NULL, NULL) != 1) {
		pol_reasons_add(out, POL_REFUSE_SIGNATURE, "the certificate's "
		    "signature algorithm is not known",
		    "証明書の署名アルゴリズムが不明です");
		return;
	}
	for (i = 0; i < NELEM(weak_mds); i++)
		if (weak_mds[i].nid == mdnid)
			name = weak_mds[i].name;
	if (name == NULL)
		return;
	snprintf(en, sizeof(en), "certificate signed with %s, which is no "
	    "longer safe", name);
	snprintf(ja, sizeof(ja), "証明書の署名に安全でない %s が使われています",
	    name);
	pol_reasons_add(out, POL_REFUSE_SIGNATURE, en, ja);
}

/* keyUsage, when present, must allow a signature. */
static void
check_usage(X509 *cert, struct pol_reasons *out)
{
	ASN1_BIT_STRING *ku;
	int crit = -1, sig;

	ku = X509_get_ext_d2i(cert, NID_key_usage, &crit, NULL);
	if (ku == NULL) {
		if (crit != -1)		/* present, but not one, or broken */
			pol_reasons_add(out, POL_DENY_MALFORMED, "keyUsage "
			    "extension unreadable or repeated",
			    "keyUsage 拡張を解析できません");
		return;
	}
	sig = ASN1_BIT_STRING_get_bit(ku, 0) ||	/* digitalSignature */
	    ASN1_BIT_STRING_get_bit(ku, 1);	/* nonRepudiation */
	ASN1_BIT_STRING_free(ku);
	if (!sig)
		pol_reasons_add(out, POL_REFUSE_USAGE, "keyUsage allows "
		    "neither digitalSignature nor nonRepudiation: the key is "
		    "not for signing", "keyUsage に digitalSignature も "
		    "nonRepudiation もなく、署名用の鍵ではありません");
}

static int
is_configured_ca(X509 *cert, const struct pol_authority *a, size_t n)
{
	size_t i;
	int j;

	for (i = 0; i < n; i++)
		for (j = 0; a[i].cas != NULL && j < sk_X509_num(a[i].cas); j++)
			if (X509_cmp(cert, sk_X509_value(a[i].cas, j)) == 0)
				return 1;
	return 0;
}

static void
check_ca(X509 *cert, const struct pol_authority *a, size_t n,
    struct pol_reasons *out)
{
	BASIC_CONSTRAINTS *bc;
	int crit = -1, ca = 0;

	bc = X509_get_ext_d2i(cert, NID_basic_constraints, &crit, NULL);
	if (bc == NULL && crit != -1)
		pol_reasons_add(out, POL_DENY_MALFORMED, "basicConstraints "
		    "extension unreadable or repeated",
		    "basicConstraints 拡張を解析できません");
	if (bc != NULL)
		ca = bc->ca != 0;
	BASIC_CONSTRAINTS_free(bc);
	if (ca)
		pol_reasons_add(out, POL_REFUSE_CA, "the certificate is a CA "
		    "certificate (basicConstraints CA:TRUE), not a holder's",
		    "この証明書は認証局の証明書（basicConstraints CA:TRUE）で、"
		    "名義人の証明書ではありません");
	else if (is_configured_ca(cert, a, n))
		pol_reasons_add(out, POL_REFUSE_CA, "the certificate is one of "
		    "the configured CA certificates, not a holder's",
		    "この証明書は設定された認証局の証明書そのもので、名義人の"
		    "証明書ではありません");
}

void
pol_cert_sanity(X509 *cert, const struct pol_authority *auths, size_t n,
    struct pol_reasons *out)
{
	if (cert == NULL || out == NULL)
		return;
	check_key(cert, out);
	check_signature(cert, out);
	check_usage(cert, out);
	check_ca(cert, auths, n, out);
}
