/*
 * gen.c - the corpus's keys, certification authorities and card
 * certificates, made with OpenSSL at test time from a struct cspec.
 * RSA keys come from fx_keygen, which keeps them in the build tree
 * between runs (key generation is most of the cost under valgrind);
 * nothing is committed but the public J-LIS CA certificates.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "corpus.h"
#include "../module/p11-fixture.h"

static EVP_PKEY *keys[K_COUNT];
static X509 *cas[CA_COUNT];
static uint64_t next_serial = 0x10000;

static const unsigned key_bits[K_COUNT] = {
	[K_CA1] = 2048, [K_CA2] = 2048, [K_SUB] = 2048, [K_MISC] = 2048,
	[K_USER] = 2048, [K_FORGE] = 2048, [K_1024] = 1024, [K_1536] = 1536,
	[K_2047] = 2047, [K_EC] = 0,
};

/* Each CA: its subject (C, O, OU, OU, CN; NULL: absent), key, issuer. */
static const struct ca_row {
	const char	*c, *o, *ou1, *ou2, *cn;
	enum key	 key;
	enum ca		 issuer;	/* CA_NONE: self-signed */
	int		 nobc;
	const char	*file;		/* the real ones: tests/corpus/jpki-ca/ */
} ca_rows[CA_COUNT] = {
	[CA_ONE] = { "JP", "Corpus CA One", NULL, NULL, "Corpus Root One",
	    K_CA1, CA_NONE, 0, NULL },
	[CA_TWO] = { "JP", "Corpus CA Two", NULL, NULL, "Corpus Root Two",
	    K_CA2, CA_NONE, 0, NULL },
	[CA_SUB] = { "JP", "Corpus CA One", NULL, NULL, "Corpus Sub One",
	    K_SUB, CA_ONE, 0, NULL },
	[CA_STRANGER] = { "JP", "Stranger CA", NULL, NULL, "Stranger Root",
	    K_MISC, CA_NONE, 0, NULL },
	[CA_JSIGN] = { "JP", "JPKI", "JPKI for digital signature",
	    "Japan Agency for Local Authority Information Systems", NULL,
	    K_MISC, CA_NONE, 0, NULL },
	[CA_JAUTH] = { "JP", "JPKI", "JPKI for user authentication",
	    "Japan Agency for Local Authority Information Systems", NULL,
	    K_MISC, CA_NONE, 0, NULL },
	[CA_MOJ] = { "JP", "Japanese Government", "Ministry of Justice", NULL,
	    "Registrar of Tokyo Legal Affairs Bureau", K_MISC, CA_NONE, 0,
	    NULL },
	[CA_REGISTRAR] = { "JP", "Japanese Government", NULL, NULL,
	    "Registrar of Osaka Legal Affairs Bureau", K_MISC, CA_NONE, 0,
	    NULL },
	[CA_DENY] = { "JP", "Deny Me CA", NULL, NULL, "Deny Prefix One",
	    K_MISC, CA_NONE, 0, NULL },
	[CA_NOBC] = { "JP", "Corpus CA Three", NULL, NULL,
	    "Corpus Root Three", K_MISC, CA_NONE, 1, NULL },
	[CA_DENY2] = { "JP", "Deny Me CA", NULL, NULL, "Other Name",
	    K_MISC, CA_NONE, 0, NULL },
	[CA_REAL_SIGN15] = { .file = "sign_ca_2015.pem" },
	[CA_REAL_SIGN23] = { .file = "sign_ca_2023.pem" },
	[CA_REAL_AUTH15] = { .file = "auth_ca_2015.pem" },
	[CA_REAL_AUTH23] = { .file = "auth_ca_2023.pem" },
};

EVP_PKEY *
gen_key(enum key k)
{
	return keys[k];
}

X509 *
gen_ca(enum ca c)
{
	return c > CA_NONE && c < CA_COUNT ? cas[c] : NULL;
}

void
gen_fp(X509 *x, char out[65])
{
	uint8_t fp[32];
	unsigned int n = 0;
	size_t i;

	out[0] = '\0';
	if (X509_digest(x, EVP_sha256(), fp, &n) != 1 || n != sizeof(fp))
		return;
	for (i = 0; i < sizeof(fp); i++)
		snprintf(out + 2 * i, 3, "%02X", fp[i]);
}

int
gen_write_file(const char *path, const void *p, size_t n)
{
	FILE *f;
	int ok;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int
gen_write_pem(const char *path, X509 *x)
{
	FILE *f;
	int ok;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	ok = PEM_write_X509(f, x) == 1;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* One attribute in its string type (BMP and Universal re-encoded). */
static int
name_add(X509_NAME *nm, int nid, int type, const char *val)
{
	ASN1_STRING *s = NULL;
	int ok;

	if (ASN1_mbstring_copy(&s, (const unsigned char *)val, -1,
	    MBSTRING_UTF8, ASN1_tag2bit(type)) < 0)
		return 0;
	ok = X509_NAME_add_entry_by_NID(nm, nid, ASN1_STRING_type(s),
	    ASN1_STRING_get0_data(s), ASN1_STRING_length(s), -1, 0);
	ASN1_STRING_free(s);
	return ok;
}

static int
set_times(X509 *x, long nb, long na)
{
	return ASN1_TIME_set(X509_getm_notBefore(x), CORPUS_T0 + nb) != NULL &&
	    ASN1_TIME_set(X509_getm_notAfter(x), CORPUS_T0 + na) != NULL;
}

static int
add_ku(X509 *x, int ku)
{
	ASN1_BIT_STRING *b = ASN1_BIT_STRING_new();
	int i, ok = b != NULL;

	for (i = 0; ok && i < 9; i++)
		if (ku & (1 << i))
			ok = ASN1_BIT_STRING_set_bit(b, i, 1);
	ok = ok && X509_add1_ext_i2d(x, NID_key_usage, b, 1, X509V3_ADD_DEFAULT);
	ASN1_BIT_STRING_free(b);
	return ok;
}

static int
add_bc(X509 *x, enum bc bc)
{
	BASIC_CONSTRAINTS *c;
	int ok;

	if (bc == BC_NONE)
		return 1;
	if ((c = BASIC_CONSTRAINTS_new()) == NULL)
		return 0;
	c->ca = bc != BC_FALSE ? 0xFF : 0;
	ok = X509_add1_ext_i2d(x, NID_basic_constraints, c, bc == BC_TRUE_CRIT,
	    X509V3_ADD_DEFAULT);
	BASIC_CONSTRAINTS_free(c);
	return ok;
}

static X509 *
ca_make(const struct ca_row *r)
{
	X509 *x = X509_new(), *up = r->issuer ? cas[r->issuer] : NULL;
	X509_NAME *nm = X509_NAME_new();
	int ok;

	ok = x != NULL && nm != NULL && X509_set_version(x, X509_VERSION_3) &&
	    ASN1_INTEGER_set_uint64(X509_get_serialNumber(x),
	    next_serial++) && set_times(x, -20 * YEAR, 40 * YEAR) &&
	    name_add(nm, NID_countryName, PS, r->c) &&
	    name_add(nm, NID_organizationName, PS, r->o) &&
	    (r->ou1 == NULL ||
	    name_add(nm, NID_organizationalUnitName, PS, r->ou1)) &&
	    (r->ou2 == NULL ||
	    name_add(nm, NID_organizationalUnitName, PS, r->ou2)) &&
	    (r->cn == NULL || name_add(nm, NID_commonName, PS, r->cn)) &&
	    X509_set_subject_name(x, nm) &&
	    X509_set_issuer_name(x, up ? X509_get_subject_name(up) : nm) &&
	    X509_set_pubkey(x, keys[r->key]) &&
	    add_ku(x, r->nobc ? KDS | KNR | KCS : KCS | KCRL) &&
	    add_bc(x, r->nobc ? BC_NONE : BC_TRUE_CRIT) &&
	    X509_sign(x, keys[up ? ca_rows[r->issuer].key : r->key],
	    EVP_sha256()) > 0;
	X509_NAME_free(nm);
	if (!ok) {
		X509_free(x);
		x = NULL;
	}
	return x;
}

static X509 *
ca_read(const char *srcdir, const char *file)
{
	char path[1024];
	X509 *x = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/corpus/jpki-ca/%s", srcdir,
	    file);
	if ((f = fopen(path, "r")) != NULL) {
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (x == NULL)
		fprintf(stderr, "corpus: cannot read %s\n", path);
	return x;
}

static int
keys_make(void)
{
	size_t i;

	for (i = 0; i < K_COUNT; i++) {
		keys[i] = key_bits[i] ? fx_keygen(key_bits[i]) :
		    EVP_EC_gen("P-256");
		if (keys[i] == NULL)
			return -1;
	}
	return 0;
}

int
gen_init(const char *dir, const char *srcdir)
{
	size_t i;

	(void)dir;
	if (keys_make() != 0)
		return -1;
	for (i = 1; i < CA_COUNT; i++) {
		cas[i] = ca_rows[i].file != NULL ? ca_read(srcdir,
		    ca_rows[i].file) : ca_make(&ca_rows[i]);
		if (cas[i] == NULL)
			return -1;
	}
	return 0;
}

void
gen_free(void)
{
	size_t i;

	for (i = 0; i < CA_COUNT; i++) {
		X509_free(cas[i]);
		cas[i] = NULL;
	}
	for (i = 0; i < K_COUNT; i++) {
		EVP_PKEY_free(keys[i]);
		keys[i] = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* Card certificates                                                   */

static int
subject_make(X509_NAME *nm, const struct cspec *s)
{
	size_t i;

	if (s->subj[0].nid == 0)
		return name_add(nm, NID_countryName, PS, "JP") &&
		    name_add(nm, NID_organizationName, U8, COMPANY) &&
		    name_add(nm, NID_commonName, U8, HOLDER);
	if (!name_add(nm, NID_countryName, PS, "JP"))
		return 0;
	for (i = 0; i < 5 && s->subj[i].nid != 0; i++)
		if (!name_add(nm, s->subj[i].nid, s->subj[i].type,
		    s->subj[i].val))
			return 0;
	return 1;
}

static int
add_san(X509 *x, const struct cspec *s)
{
	GENERAL_NAMES *gs;
	GENERAL_NAME *g;
	X509_NAME *nm;
	size_t i;
	int ok = 1;

	if (s->san[0].nid == 0)
		return 1;
	if ((gs = sk_GENERAL_NAME_new_null()) == NULL)
		return 0;
	for (i = 0; ok && i < 2 && s->san[i].nid != 0; i++) {
		ok = (g = GENERAL_NAME_new()) != NULL;
		if (ok && ((nm = X509_NAME_new()) == NULL ||
		    !name_add(nm, s->san[i].nid, s->san[i].type,
		    s->san[i].val))) {
			X509_NAME_free(nm);
			ok = 0;
		} else if (ok) {
			GENERAL_NAME_set0_value(g, GEN_DIRNAME, nm);
		}
		if (g != NULL && (!ok || !sk_GENERAL_NAME_push(gs, g))) {
			GENERAL_NAME_free(g);
			ok = 0;
		}
	}
	ok = ok && X509_add1_ext_i2d(x, NID_subject_alt_name, gs, 0,
	    X509V3_ADD_DEFAULT);
	GENERAL_NAMES_free(gs);
	return ok;
}

/* The DER of a CertificatePolicies SEQUENCE of these OIDs. */
static int
policies_der(const char *const *oids, size_t n, unsigned char **der)
{
	CERTIFICATEPOLICIES *cp = sk_POLICYINFO_new_null();
	POLICYINFO *pi;
	size_t i;
	int len = -1, ok = cp != NULL;

	for (i = 0; ok && i < n && oids[i] != NULL; i++) {
		ok = (pi = POLICYINFO_new()) != NULL;
		if (ok) {
			ASN1_OBJECT_free(pi->policyid);
			pi->policyid = OBJ_txt2obj(oids[i], 1);
			ok = pi->policyid != NULL;
		}
		if (pi != NULL && (!ok || !sk_POLICYINFO_push(cp, pi))) {
			POLICYINFO_free(pi);
			ok = 0;
		}
	}
	*der = NULL;
	if (ok)
		len = i2d_CERTIFICATEPOLICIES(cp, der);
	CERTIFICATEPOLICIES_free(cp);
	return len;
}

/* An extension by dotted OID with these content bytes. */
static int
add_raw(X509 *x, const char *oid, int crit, const unsigned char *p, int n)
{
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *v = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e = NULL;
	int ok;

	ok = o != NULL && v != NULL && ASN1_OCTET_STRING_set(v, p, n) &&
	    (e = X509_EXTENSION_create_by_OBJ(NULL, o, crit, v)) != NULL &&
	    X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(v);
	ASN1_OBJECT_free(o);
	return ok;
}

#define OID_CP		"2.5.29.32"
#define OID_CPJP	"1.2.392.100300.1.1.1"
#define OID_CORPINFO	"1.2.392.100300.1.1.3"

static const unsigned char garbage[] = { 0x30, 0x05, 0x06, 0x03, 0x2A };
static const unsigned char not_seq[] = { 0x02, 0x01, 0x05 };

static int
add_policies(X509 *x, const struct cspec *s)
{
	unsigned char *der = NULL, *tail;
	int n, ok = 1;

	if (s->cp[0] != NULL || s->bad == BAD_CP_TRAILING) {
		if ((n = policies_der(s->cp, 4, &der)) < 0)
			return 0;
		if (s->bad == BAD_CP_TRAILING &&
		    (tail = OPENSSL_realloc(der, (size_t)n + 2)) != NULL) {
			der = tail;
			der[n++] = 0x05;	/* a NULL after the SEQUENCE */
			der[n++] = 0x00;
		}
		ok = add_raw(x, OID_CP, s->cp_crit, der, n);
		OPENSSL_free(der);
	} else if (s->bad == BAD_CP_GARBAGE) {
		ok = add_raw(x, OID_CP, s->cp_crit, garbage, sizeof(garbage));
	} else if (s->bad == BAD_CP_NOT_SEQ) {
		ok = add_raw(x, OID_CP, s->cp_crit, not_seq, sizeof(not_seq));
	}
	if (ok && s->cpjp[0] != NULL) {
		if ((n = policies_der(s->cpjp, 2, &der)) < 0)
			return 0;
		ok = add_raw(x, OID_CPJP, 1, der, n);
		OPENSSL_free(der);
	} else if (ok && s->bad == BAD_CPJP_GARBAGE) {
		ok = add_raw(x, OID_CPJP, 1, garbage, sizeof(garbage));
	}
	return ok;
}

/* Registered corporation info: SEQUENCE { UTF8String company }. */
static int
add_corp_info(X509 *x, int how)
{
	unsigned char v[64];
	size_t n = strlen(COMPANY);

	if (how == 0)
		return 1;
	v[0] = 0x30;
	v[1] = (unsigned char)(n + 2);
	v[2] = 0x0C;
	v[3] = (unsigned char)n;
	memcpy(v + 4, COMPANY, n);
	return add_raw(x, OID_CORPINFO, how == 1, v, (int)n + 4);
}

static int
add_aki(X509 *x, enum ca real)
{
	const ASN1_OCTET_STRING *ski;
	AUTHORITY_KEYID *a;
	int ok;

	if (real == CA_NONE)
		return 1;
	if ((ski = X509_get0_subject_key_id(cas[real])) == NULL ||
	    (a = AUTHORITY_KEYID_new()) == NULL)
		return 0;
	ok = (a->keyid = ASN1_OCTET_STRING_dup(ski)) != NULL &&
	    X509_add1_ext_i2d(x, NID_authority_key_identifier, a, 0,
	    X509V3_ADD_DEFAULT);
	AUTHORITY_KEYID_free(a);
	return ok;
}

static const EVP_MD *
md_of(enum md m)
{
	switch (m) {
	case MD_SHA1:
		return EVP_sha1();
	case MD_MD5:
		return EVP_md5();
	case MD_SHA384:
		return EVP_sha384();
	case MD_SHA512:
		return EVP_sha512();
	default:
		return EVP_sha256();
	}
}

static int
card_fill(X509 *x, const struct cspec *s, X509_NAME *nm)
{
	enum ca iss = s->issuer ? s->issuer : CA_ONE;
	enum key k = s->key ? s->key : K_USER;
	long nb = s->nb, na = s->na;

	if (nb == 0 && na == 0) {
		nb = -YEAR;
		na = YEAR;
	}
	return X509_set_version(x, X509_VERSION_3) &&
	    ASN1_INTEGER_set_uint64(X509_get_serialNumber(x),
	    s->serial ? s->serial : next_serial++) &&
	    set_times(x, nb, na) && subject_make(nm, s) &&
	    X509_set_subject_name(x, nm) &&
	    X509_set_issuer_name(x, X509_get_subject_name(cas[iss])) &&
	    X509_set_pubkey(x, keys[k]) && add_san(x, s) &&
	    add_policies(x, s) && add_corp_info(x, s->corp_info) &&
	    (s->ku == 0 || add_ku(x, s->ku)) && add_bc(x, s->bc) &&
	    add_aki(x, s->aki) &&
	    X509_sign(x, keys[s->forge ? K_FORGE : ca_rows[iss].key],
	    md_of(s->md)) > 0;
}

X509 *
gen_card(const struct cspec *s)
{
	X509_NAME *nm;
	X509 *x;

	if (s->self != CA_NONE)
		return X509_up_ref(cas[s->self]) ? cas[s->self] : NULL;
	if ((x = X509_new()) == NULL || (nm = X509_NAME_new()) == NULL) {
		X509_free(x);
		return NULL;
	}
	if (!card_fill(x, s, nm)) {
		X509_free(x);
		x = NULL;
	}
	X509_NAME_free(nm);
	return x;
}
