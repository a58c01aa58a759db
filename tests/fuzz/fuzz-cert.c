/*
 * fuzz-cert.c - holder names and policy OIDs taken from a certificate.
 *
 * Input: one DER certificate (anything d2i_X509 does not take is
 * dropped).  What the module and ebid-tool read from a card's
 * certificate is fed through:
 *
 *   pol_names_from_cert   with and without POL_NAMES_ORG: every name is
 *                         valid UTF-8 without NUL; without the flag only
 *                         CNs; the flag only adds names; each normalizes
 *                         and matches itself unless it folds to nothing
 *   pol_name_text         subject and issuer, in RFC 2253 and one-line
 *                         form, into buffers of several sizes: valid
 *                         UTF-8, never longer than the buffer
 *   pol_oid_collect       each OID is 1-32 DER bytes whose dotted text
 *                         goes back to the same bytes through
 *                         pol_oid_pat_parse (the form an administrator
 *                         writes in `policies`), matches exactly itself,
 *                         and is no descendant of itself
 *   pol_deny_check        ends, with at most POL_REASONS_MAX reasons of
 *                         known kinds in valid UTF-8; a certificate whose
 *                         policies do not collect is refused as malformed
 *                         (fail closed), unless it has two policy
 *                         extensions that only together hold too many
 *   pol_cert_sanity       the same promises for its reasons
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistr.h>

#include "common/err.h"
#include "common/log.h"
#include "fuzz.h"
#include "policy/name.h"
#include "policy/oid.h"
#include "policy/sanity.h"

static int
utf8_ok(const char *s)
{
	return u8_check((const uint8_t *)s, strlen(s)) == NULL;
}

static void
check_names(X509 *x, unsigned flags, size_t *count)
{
	struct pol_names *names = (struct pol_names *)&names;
	char *norm;
	size_t i;
	int rc;

	rc = pol_names_from_cert(x, flags, &names);
	FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_NOMEM);
	if (rc != EBID_OK) {
		FUZZ_ASSERT(names == NULL);
		return;
	}
	FUZZ_ASSERT(names != NULL);
	for (i = 0; i < names->n; i++) {
		const struct pol_name *nm = &names->v[i];

		FUZZ_ASSERT(nm->utf8 != NULL && utf8_ok(nm->utf8));
		FUZZ_ASSERT(nm->where == POL_NAME_SUBJECT ||
		    nm->where == POL_NAME_SAN);
		FUZZ_ASSERT(nm->attr == POL_NAME_CN || ((flags &
		    POL_NAMES_ORG) && (nm->attr == POL_NAME_O ||
		    nm->attr == POL_NAME_OU)));
		norm = NULL;
		rc = pol_name_normalize(nm->utf8, NULL, &norm);
		FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_NOMEM);
		if (rc == EBID_OK) {
			FUZZ_ASSERT(norm != NULL && utf8_ok(norm));
			FUZZ_ASSERT(pol_name_match(nm->utf8, nm->utf8, NULL) ==
			    (norm[0] != '\0'));
		}
		free(norm);
	}
	*count = names->n;
	pol_names_free(&names);
	FUZZ_ASSERT(names == NULL);
}

static void
check_text(const X509_NAME *name)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 17, 64, 256, 1024 };
	static const unsigned long forms[] = { XN_FLAG_RFC2253,
	    XN_FLAG_ONELINE };
	char out[1024];
	size_t i, j;
	int rc;

	for (j = 0; j < sizeof(forms) / sizeof(forms[0]); j++)
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			memset(out, 'X', sizeof(out));
			rc = pol_name_text(name, forms[j], out, sizes[i]);
			FUZZ_ASSERT(memchr(out, '\0', sizes[i]) != NULL);
			FUZZ_ASSERT(rc == EBID_OK || out[0] == '\0');
			FUZZ_ASSERT(utf8_ok(out));
		}
}

/* The dotted text has an arc beyond 64 bits (pol_oid_from_text's). */
static int
has_huge_arc(const char *txt)
{
	size_t n;

	while (*txt != '\0') {
		n = strspn(txt, "0123456789");
		if (n > 20 || (n == 20 && strncmp(txt, "18446744073709551615",
		    20) > 0))
			return 1;
		txt += n;
		txt += *txt == '.';
	}
	return 0;
}

static void
check_oid(const struct pol_oid *o)
{
	struct pol_oid_pat pat, under;
	char dotted[POL_OID_TXT_MAX + 1];
	int rc;

	FUZZ_ASSERT(o->len >= 1 && o->len <= POL_OID_DER_MAX);
	FUZZ_ASSERT(memchr(o->txt, '\0', sizeof(o->txt)) != NULL);
	FUZZ_ASSERT(o->src == POL_SRC_CP || o->src == POL_SRC_CPJP);
	rc = pol_oid_pat_parse(o->txt, &pat);
	if (rc != EBID_OK) {
		/* only an OID no administrator can write in 64-bit arcs */
		FUZZ_ASSERT(has_huge_arc(o->txt));
		return;
	}
	FUZZ_ASSERT(!pat.descendants && strcmp(pat.text, o->txt) == 0);
	FUZZ_ASSERT(pat.len == o->len && memcmp(pat.der, o->der, o->len) == 0);
	FUZZ_ASSERT(pol_oid_pat_match(&pat, o->der, o->len) == 1);
	FUZZ_ASSERT(pol_oid_under(o->der, o->len, o->der, o->len) == 0);
	/* "1.2.3." stands for what is under 1.2.3, never 1.2.3 itself */
	snprintf(dotted, sizeof(dotted), "%s.", o->txt);
	if (pol_oid_pat_parse(dotted, &under) == EBID_OK) {
		FUZZ_ASSERT(under.descendants && under.len == o->len);
		FUZZ_ASSERT(pol_oid_pat_match(&under, o->der, o->len) == 0);
	}
}

static void
check_reasons(const struct pol_reasons *r)
{
	size_t i;

	FUZZ_ASSERT(r->n <= POL_REASONS_MAX);
	for (i = 0; i < r->n; i++) {
		FUZZ_ASSERT(r->r[i].kind >= POL_DENY_JPKI &&
		    r->r[i].kind < POL_KIND_END);
		FUZZ_ASSERT(memchr(r->r[i].en, '\0', POL_REASON_LEN) != NULL);
		FUZZ_ASSERT(memchr(r->r[i].ja, '\0', POL_REASON_LEN) != NULL);
		FUZZ_ASSERT(utf8_ok(r->r[i].en) && utf8_ok(r->r[i].ja));
		FUZZ_ASSERT(pol_kind_name(r->r[i].kind) != NULL);
	}
}

static int
has_kind(const struct pol_reasons *r, enum pol_deny_kind k)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->r[i].kind == k)
			return 1;
	return 0;
}

/* How many of the certificate's extensions hold policies. */
static int
policy_exts(X509 *x)
{
	ASN1_OBJECT *jp;
	int i, n = 0;

	for (i = -1; (i = X509_get_ext_by_NID(x, NID_certificate_policies,
	    i)) >= 0;)
		n++;
	/* certificatePoliciesJP (domain.md §3) */
	if ((jp = OBJ_txt2obj("1.2.392.100300.1.1.1", 1)) == NULL)
		abort();
	for (i = -1; (i = X509_get_ext_by_OBJ(x, jp, i)) >= 0;)
		n++;
	ASN1_OBJECT_free(jp);
	return n;
}

static void
check_policies(X509 *x)
{
	struct pol_reasons *r;
	struct pol_oids *o;
	size_t i;
	int rc, drc;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (r = pol_reasons_new()) == NULL)
		abort();
	rc = pol_oid_collect(x, o);
	FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_PARSE);
	FUZZ_ASSERT(o->n <= POL_OIDS_MAX);
	if (rc == EBID_OK)
		for (i = 0; i < o->n; i++)
			check_oid(&o->v[i]);
	drc = pol_deny_check(x, NULL, r);
	FUZZ_ASSERT(drc == EBID_OK || drc == EBID_ERR_NOMEM);
	check_reasons(r);
	if (drc == EBID_OK && rc != EBID_OK && !r->truncated)
		FUZZ_ASSERT(has_kind(r, POL_DENY_MALFORMED) ||
		    policy_exts(x) >= 2);
	pol_reasons_reset(r);
	/* the certificate as its own issuer (a self-signed card) */
	drc = pol_deny_check(x, x, r);
	FUZZ_ASSERT(drc == EBID_OK || drc == EBID_ERR_NOMEM);
	check_reasons(r);
	pol_reasons_reset(r);
	pol_cert_sanity(x, NULL, 0, r);
	check_reasons(r);
	pol_reasons_free(&r);
	free(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int logging;
	const unsigned char *p = data;
	size_t cn_only = 0, all = 0;
	X509 *x;

	if (!logging) {
		log_init("fuzz-cert", LOG_SINK_STDERR);	/* EBID_DEBUG */
		logging = 1;
	}
	if (size > 65536)
		return 0;
	if ((x = d2i_X509(NULL, &p, (long)size)) == NULL)
		return 0;
	check_names(x, 0, &cn_only);
	check_names(x, POL_NAMES_ORG, &all);
	FUZZ_ASSERT(cn_only <= all);
	check_text(X509_get_subject_name(x));
	check_text(X509_get_issuer_name(x));
	check_policies(x);
	X509_free(x);
	return 0;
}
