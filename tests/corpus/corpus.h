/*
 * corpus.h - the adversarial certificate corpus (issue 10): certificates,
 * configurations and registries generated at test time from the rules
 * as ebid-pkcs11.conf(5), conf/ebid-pkcs11.conf and
 * docs/registry-format.md state them, each decided by ebid-tool (in
 * process) and by the module (its function list on the scripted card),
 * and compared with the verdict written in the case table.
 *
 * Nothing here calls the policy code to compute an expectation: every
 * expected verdict and reason family is written by hand from the rules.
 */
#ifndef EBID_TESTS_CORPUS_CORPUS_H
#define EBID_TESTS_CORPUS_CORPUS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* The reference time of the corpus: 2027-04-01T00:00:00Z. */
#define CORPUS_T0	((time_t)1806537600)
#define DAY		86400L
#define YEAR		(365L * DAY)

/* Reason families, by the names ebid-tool's JSON and pol_kind_name use. */
enum fam {
	F_JPKI, F_CORP, F_MALFORMED, F_DENIED, F_TRUST, F_VALIDITY,
	F_POLICY, F_BINDING, F_REGISTRY, F_KEY, F_SIGNATURE, F_USAGE,
	F_CACERT, F_OTHER, F_COUNT,
};
#define B(f)		(1u << (f))
const char *fam_name(enum fam);
/* A family by name; F_OTHER for a name the corpus does not know. */
enum fam fam_of(const char *);
/* "trust+validity" into out; "-" for none. */
void fam_text(unsigned, char *out, size_t n);

/* Keys, made once (RSA through fx_keygen, which caches them). */
enum key {
	K_CA1, K_CA2, K_SUB, K_MISC, K_USER, K_FORGE, K_1024, K_1536,
	K_2047, K_EC, K_COUNT,
};

/* Certification authorities the corpus makes (0: none). */
enum ca {
	CA_NONE,
	CA_ONE,		/* root, configured as [authority one] */
	CA_TWO,		/* root, [authority two] */
	CA_SUB,		/* intermediate under CA_ONE */
	CA_STRANGER,	/* never configured */
	CA_JSIGN,	/* a test CA named as the JPKI signature CA */
	CA_JAUTH,	/* named as the JPKI user-authentication CA */
	CA_MOJ,		/* named as a Ministry of Justice registrar */
	CA_REGISTRAR,	/* C=JP, O=Japanese Government, CN=Registrar of ... */
	CA_DENY,	/* a CA an administrator denies by issuer */
	CA_NOBC,	/* a root without basicConstraints */
	CA_DENY2,	/* C=JP, O=Deny Me CA, CN=Other Name */
	/* the real J-LIS CA certificates (public; no key) */
	CA_REAL_SIGN15, CA_REAL_SIGN23, CA_REAL_AUTH15, CA_REAL_AUTH23,
	CA_COUNT,
};

/* A subject or SAN attribute: NID, ASN.1 string type, UTF-8 value. */
struct attr {
	int		 nid;
	int		 type;	/* V_ASN1_UTF8STRING, V_ASN1_BMPSTRING, ... */
	const char	*val;
};
#define CN(t, v)	{ NID_commonName, (t), (v) }
#define O_(t, v)	{ NID_organizationName, (t), (v) }
#define OU(t, v)	{ NID_organizationalUnitName, (t), (v) }
#define U8		V_ASN1_UTF8STRING
#define PS		V_ASN1_PRINTABLESTRING
#define BMP		V_ASN1_BMPSTRING
#define UNI		V_ASN1_UNIVERSALSTRING
#define T61		V_ASN1_T61STRING

enum md { MD_SHA256, MD_SHA1, MD_MD5, MD_SHA384, MD_SHA512 };
enum bad {
	BAD_NONE, BAD_CP_GARBAGE, BAD_CP_TRAILING, BAD_CPJP_GARBAGE,
	BAD_CP_NOT_SEQ,
};
enum bc { BC_NONE, BC_FALSE, BC_TRUE, BC_TRUE_CRIT };
/* keyUsage (critical): KUP (present) plus the bits that are set. */
#define KUP		(1 << 16)
#define KDS		(KUP | 1 << 0)	/* digitalSignature */
#define KNR		(KUP | 1 << 1)	/* nonRepudiation */
#define KKE		(KUP | 1 << 2)	/* keyEncipherment */
#define KDE		(KUP | 1 << 3)	/* dataEncipherment */
#define KKA		(KUP | 1 << 4)	/* keyAgreement */
#define KCS		(KUP | 1 << 5)	/* keyCertSign */
#define KCRL		(KUP | 1 << 6)	/* cRLSign */

/* The card's certificate. */
struct cspec {
	enum ca		 issuer;	/* 0: CA_ONE */
	enum key	 key;		/* 0 (K_CA1) means K_USER */
	enum md		 md;
	long		 nb, na;	/* from T0; both 0: -1 year, +1 year */
	struct attr	 subj[5];	/* empty: C, O, CN = the default holder */
	struct attr	 san[2];	/* directoryName entries, one CN each */
	const char	*cp[4];		/* certificatePolicies (2.5.29.32) */
	int		 cp_crit;
	const char	*cpjp[2];	/* 1.2.392.100300.1.1.1, critical */
	int		 corp_info;	/* 1.2.392.100300.1.1.3: 1 crit, 2 not */
	enum bad	 bad;
	int		 ku;		/* 0: no keyUsage */
	enum bc		 bc;
	enum ca		 aki;		/* AKI keyid = that real CA's SKI */
	int		 forge;		/* signed by another key */
	uint64_t	 serial;	/* 0: a fresh one */
	enum ca		 self;		/* the card holds this CA's cert */
};

enum reg {
	REG_OK,			/* registered (header in Japanese, CRLF) */
	REG_NOT,		/* another card registered, not this one */
	REG_NONE,		/* no registry key in [policy] */
	REG_MISSING,		/* registry names a file that does not exist */
	REG_EN,			/* English column names, LF */
	REG_BOM,		/* UTF-8 with a BOM */
	REG_SJIS,		/* Shift_JIS (CP932) as Windows writes it */
	REG_COLON,		/* fingerprint as 32 ':'-separated pairs */
	REG_LOWER,		/* fingerprint in lower case */
	REG_EXTRA,		/* an unknown column (備考): reported, ignored */
	REG_EMPTYCOLS,		/* empty trailing header columns (Excel) */
	REG_QUOTED,		/* quoted fields, a comma inside the company */
	REG_TWOCARDS,		/* two fingerprints in the cards field */
	REG_FULLWIDTH,		/* full-width vendor number and header */
};

struct ccase {
	const char	*name;
	const char	*auths;		/* authority and deny sections */
	const char	*policy;	/* more [policy] lines */
	struct cspec	 c;
	enum ca		 card_ca;	/* EF 0002 holds it (tool: the card) */
	int		 aid;		/* answers the JPKI AID */
	int		 card;		/* tool reads the card, not a file */
	long		 at;		/* decision time, from T0 */
	const char	*rep;		/* NULL: the default holder */
	const char	*dels;		/* delegates column, or NULL */
	enum reg	 reg;
	int		 ok;		/* expected: accepted */
	unsigned	 fam;		/* expected: the reason families */
};

/* The default holder, company, and configuration snippets. */
#define HOLDER		"山田太郎"
#define COMPANY		"株式会社コーパス建設"
#define PROFILE \
	"[profile reference]\n" \
	"aid = D3 92 F0 00 45 42 49 44 01\n" \
	"cert_fid = 0001\n" \
	"ca_fid = 0002\n" \
	"serial = getdata:0101\n" \
	"pin_ref = 01\n" \
	"key_ref = 01\n" \
	"pin_min = 4\n" \
	"pin_max = 16\n" \
	"pin_charset = alnum\n" \
	"pin_pad = none\n" \
	"extended_apdu = yes\n" \
	"always_authenticate = no\n\n"
#define AUTH(id, file) \
	"[authority " id "]\nname_ja = コーパス認証局 " id "\n" \
	"name_en = Corpus authority " id "\nprofile = reference\n" \
	"pin_lock_count = 10\nca_file = " file "\n"
#define A_ONE		AUTH("one", "ca-one.pem")
#define A_TWO		AUTH("two", "ca-two.pem")

/* cases.c: the table; *n cases, owned by cases.c. */
const struct ccase *corpus_cases(size_t *n);
void corpus_cases_free(void);

/* gen.c */
int gen_init(const char *dir, const char *srcdir);
void gen_free(void);
X509 *gen_ca(enum ca);				/* borrowed */
X509 *gen_card(const struct cspec *);		/* new reference */
EVP_PKEY *gen_key(enum key);			/* borrowed */
/* SHA-256 of the DER, 64 upper-case hex digits. */
void gen_fp(X509 *, char out[65]);
int gen_write_file(const char *path, const void *, size_t);
int gen_write_pem(const char *path, X509 *);

/* simcard.c: a card answering by content, for ebid-tool's readers. */
struct simcard {
	const uint8_t	*cert;
	size_t		 cert_len;
	const uint8_t	*ca;		/* NULL: EF 0002 not found */
	size_t		 ca_len;
	int		 jpki;		/* answers the JPKI AID */
	/* state */
	int		 app;		/* 1 reference, 2 JPKI */
	const uint8_t	*ef;
	size_t		 ef_len;
	int		 handles;	/* open connections */
};
struct tp_ops;
extern const struct tp_ops corpus_sim_ops;
#define SIM_READER	"Corpus Sim Reader 0"

#endif
