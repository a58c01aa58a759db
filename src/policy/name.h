/*
 * name.h - holder names of a certificate, their normalisation and
 * comparison, and the name-binding decision (domain.md §4, FAQ Q2-2).
 *
 * Names are compared after Unicode NFKC, with ASCII spaces, tabs and
 * U+3000 removed, and, when a variant table is given, each kanji
 * variant replaced by its canonical form.  Pure functions: the variant
 * table is parsed from a buffer the caller has read.
 */
#ifndef EBID_POLICY_NAME_H
#define EBID_POLICY_NAME_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

enum pol_name_attr {
	POL_NAME_CN = 1,
	POL_NAME_O,
	POL_NAME_OU,
};

enum pol_name_where {
	POL_NAME_SUBJECT = 1,
	POL_NAME_SAN,		/* a subjectAltName directoryName */
};

struct pol_name {
	enum pol_name_attr	 attr;
	enum pol_name_where	 where;
	char			*utf8;	/* as in the certificate, UTF-8 */
};

struct pol_names {
	size_t		 n;
	struct pol_name	*v;
};

#define POL_NAMES_ORG	0x1u	/* O and OU too (holder_in_org) */

/*
 * The holder's names: every CN of the subject and of each
 * subjectAltName directoryName (with POL_NAMES_ORG, every O and OU as
 * well), whatever the string type (PrintableString, UTF8String,
 * BMPString, UniversalString, ...), converted to UTF-8.  Values that do
 * not convert to valid UTF-8 without NUL are skipped.
 */
int pol_names_from_cert(X509 *, unsigned, struct pol_names **);
void pol_names_free(struct pol_names **);

/* Kanji variant table (conf/kanji-variants.txt). */
struct pol_variants;

/*
 * Parses the table text (len bytes, UTF-8).  On EBID_ERR_CONFIG, err
 * holds "file:line: reason" (file is only used in that message).
 */
int pol_variants_parse(const char *, size_t, const char *,
    struct pol_variants **, char *, size_t);
void pol_variants_free(struct pol_variants **);
size_t pol_variants_count(const struct pol_variants *);

/*
 * The comparison form of a UTF-8 name, in a new string (free it).
 * Variants may be NULL.  EBID_ERR_PARSE for invalid UTF-8.
 */
int pol_name_normalize(const char *, const struct pol_variants *, char **);

/*
 * 1 if both names are equal in comparison form and not empty, else 0
 * (also when either is not valid UTF-8).
 */
int pol_name_match(const char *, const char *, const struct pol_variants *);

/*
 * A name as text in OpenSSL's print format flags (XN_FLAG_RFC2253,
 * XN_FLAG_ONELINE, ...), with UTF-8 left as it is (never \xE5 escapes)
 * and, when it does not fit, cut before a whole character.  out is ""
 * on failure.
 */
int pol_name_text(const X509_NAME *, unsigned long flags, char *out,
    size_t n);

enum pol_bind_rule {
	POL_BIND_NATIONAL = 0,	/* representative or delegate (default) */
	POL_BIND_LOCAL_STRICT,	/* only the delegate, once one exists */
};

enum pol_bind_who {
	POL_BIND_NONE = 0,
	POL_BIND_REPRESENTATIVE,
	POL_BIND_DELEGATE,
};

#define POL_BIND_TEXT	384

struct pol_bind_result {
	int			accepted;
	enum pol_bind_who	who;		/* whose name matched */
	char			en[POL_BIND_TEXT];	/* reason, UTF-8 */
	char			ja[POL_BIND_TEXT];
};

/*
 * Decides whether a certificate with these names may be used for a
 * bidder whose registry entry names this representative and these
 * delegates.  EBID_OK with out filled, or EBID_ERR_ARG.
 */
int pol_bind_decide(const char *, const char *const *, size_t,
    const struct pol_names *, enum pol_bind_rule,
    const struct pol_variants *, struct pol_bind_result *);

#endif
