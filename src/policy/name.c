/*
 * name.c - certificate holder names, normalisation, name binding.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>
#include <uninorm.h>
#include <unistr.h>

#include "common/err.h"
#include "common/log.h"
#include "policy/name.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NAMES_MAX	64	/* names kept per certificate */
#define NAME_MAX_LEN	1024	/* bytes of one name, UTF-8 */
#define VARIANTS_MAX	4096

/*
 * The holder's name is in CN.  O is the company and OU a department: a
 * sole proprietor's trade name is often the owner's own name, so an
 * employee's card would bind to the owner (domain.md §4).  They count
 * only where an authority's holder_in_org says so.
 */
static const struct {
	int			nid;
	enum pol_name_attr	attr;
	int			org;	/* only with POL_NAMES_ORG */
} name_nids[] = {
	{ NID_commonName, POL_NAME_CN, 0 },
	{ NID_organizationName, POL_NAME_O, 1 },
	{ NID_organizationalUnitName, POL_NAME_OU, 1 },
};
_Static_assert(NELEM(name_nids) == 3, "name_nids");

struct vpair {
	ucs4_t	from;
	ucs4_t	to;
	size_t	line;
};

struct pol_variants {
	size_t		 n;
	struct vpair	*v;	/* sorted by from once parsed */
};

void
pol_names_free(struct pol_names **np)
{
	size_t i;

	if (np == NULL || *np == NULL)
		return;
	for (i = 0; i < (*np)->n; i++)
		free((*np)->v[i].utf8);
	free((*np)->v);
	free(*np);
	*np = NULL;
}

static int
valid_utf8(const unsigned char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL && u8_check(s, n) == NULL;
}

static int
add_name(struct pol_names *out, const ASN1_STRING *s, enum pol_name_attr a,
    enum pol_name_where w)
{
	unsigned char *u = NULL;
	char *copy;
	int n;

	if (out->n >= NAMES_MAX)
		return EBID_OK;
	if ((n = ASN1_STRING_to_UTF8(&u, s)) < 0)
		return EBID_OK;		/* not convertible: skipped */
	if (n > NAME_MAX_LEN || !valid_utf8(u, (size_t)n)) {
		OPENSSL_free(u);
		return EBID_OK;
	}
	copy = strndup((const char *)u, (size_t)n);
	OPENSSL_free(u);
	if (copy == NULL)
		return EBID_ERR_NOMEM;
	out->v[out->n].attr = a;
	out->v[out->n].where = w;
	out->v[out->n].utf8 = copy;
	out->n++;
	return EBID_OK;
}

static int
add_x509_name(struct pol_names *out, const X509_NAME *name,
    enum pol_name_where w, unsigned flags)
{
	const X509_NAME_ENTRY *e;
	size_t k;
	int i, rc, nid;

	for (i = 0; i < X509_NAME_entry_count(name); i++) {
		e = X509_NAME_get_entry(name, i);
		nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		for (k = 0; k < NELEM(name_nids); k++) {
			if (name_nids[k].nid != nid || (name_nids[k].org &&
			    !(flags & POL_NAMES_ORG)))
				continue;
			rc = add_name(out, X509_NAME_ENTRY_get_data(e),
			    name_nids[k].attr, w);
			if (rc != EBID_OK)
				return rc;
		}
	}
	return EBID_OK;
}

static int
add_san(struct pol_names *out, X509 *cert, unsigned flags)
{
	GENERAL_NAMES *gns;
	GENERAL_NAME *gn;
	int i, rc = EBID_OK;

	gns = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (i = 0; gns != NULL && i < sk_GENERAL_NAME_num(gns); i++) {
		gn = sk_GENERAL_NAME_value(gns, i);
		if (gn->type != GEN_DIRNAME)
			continue;
		if ((rc = add_x509_name(out, gn->d.directoryName,
		    POL_NAME_SAN, flags)) != EBID_OK)
			break;
	}
	GENERAL_NAMES_free(gns);
	return rc;
}

int
pol_names_from_cert(X509 *cert, unsigned flags, struct pol_names **out)
{
	struct pol_names *n = NULL;
	int ok = EBID_ERR_NOMEM;

	if (cert == NULL || out == NULL)
		return EBID_ERR_ARG;
	*out = NULL;
	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (n->v = calloc(NAMES_MAX, sizeof(*n->v))) == NULL)
		goto fail;
	if ((ok = add_x509_name(n, X509_get_subject_name(cert),
	    POL_NAME_SUBJECT, flags)) != EBID_OK ||
	    (ok = add_san(n, cert, flags)) != EBID_OK)
		goto fail;
	*out = n;
	n = NULL;
fail:
	pol_names_free(&n);
	return ok;
}

static int
vpair_cmp(const void *a, const void *b)
{
	const struct vpair *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static ucs4_t
fold(const struct pol_variants *vt, ucs4_t c)
{
	struct vpair key = { .from = c };
	const struct vpair *hit;

	if (vt == NULL || vt->n == 0)
		return c;
	hit = bsearch(&key, vt->v, vt->n, sizeof(*vt->v), vpair_cmp);
	return hit ? hit->to : c;
}

static int
is_space(ucs4_t c)
{
	return c == 0x20 || c == 0x09 || c == 0x3000;
}

/* NFKC of n bytes of valid UTF-8 into a new buffer (*outlen bytes). */
static int
nfkc(const uint8_t *s, size_t n, uint8_t **out, size_t *outlen)
{
	if (n == 0) {
		*outlen = 0;
		return (*out = malloc(1)) ? EBID_OK : EBID_ERR_NOMEM;
	}
	*out = u8_normalize(UNINORM_NFKC, s, n, NULL, outlen);
	return *out ? EBID_OK : EBID_ERR_NOMEM;
}

int
pol_name_normalize(const char *in, const struct pol_variants *vt, char **out)
{
	uint8_t *norm = NULL, *res = NULL;
	size_t len, i = 0, o = 0;
	ucs4_t c;
	int k, ok = EBID_ERR_PARSE;

	if (in == NULL || out == NULL)
		return EBID_ERR_ARG;
	*out = NULL;
	len = strlen(in);
	if (len > NAME_MAX_LEN || u8_check((const uint8_t *)in, len) != NULL)
		goto fail;
	if ((ok = nfkc((const uint8_t *)in, len, &norm, &len)) != EBID_OK)
		goto fail;
	ok = EBID_ERR_NOMEM;
	if (len > (SIZE_MAX - 1) / 4 || (res = malloc(len * 4 + 1)) == NULL)
		goto fail;
	while (i < len) {
		i += (size_t)u8_mbtouc(&c, norm + i, len - i);
		if (is_space(c))
			continue;
		if ((k = u8_uctomb(res + o, fold(vt, c), 4)) < 0)
			goto fail;
		o += (size_t)k;
	}
	res[o] = '\0';
	*out = (char *)res;
	res = NULL;
	ok = EBID_OK;
fail:
	free(norm);
	free(res);
	return ok;
}

int
pol_name_match(const char *a, const char *b, const struct pol_variants *vt)
{
	char *na = NULL, *nb = NULL;
	int hit = 0;

	if (pol_name_normalize(a, vt, &na) == EBID_OK &&
	    pol_name_normalize(b, vt, &nb) == EBID_OK)
		hit = na[0] != '\0' && strcmp(na, nb) == 0;
	free(na);
	free(nb);
	return hit;
}

void
pol_variants_free(struct pol_variants **vp)
{
	if (vp == NULL || *vp == NULL)
		return;
	free((*vp)->v);
	free(*vp);
	*vp = NULL;
}

size_t
pol_variants_count(const struct pol_variants *vt)
{
	size_t i, n = 0;

	for (i = 0; vt != NULL && i < vt->n; i++)
		if (vt->v[i].from != vt->v[i].to)
			n++;
	return n;
}

struct vparse {
	struct pol_variants	*vt;
	const char		*file;
	size_t			 line;
	char			*err;
	size_t			 errlen;
};

static int
verr(struct vparse *p, const char *what, const char *tok, size_t toklen)
{
	snprintf(p->err, p->errlen, "%s:%zu: %s%s%.*s%s", p->file, p->line,
	    what, toklen ? " '" : "", (int)toklen, tok, toklen ? "'" : "");
	return EBID_ERR_CONFIG;
}

/* One token: NFKC must leave exactly one code point. */
static int
token_char(struct vparse *p, const char *tok, size_t n, ucs4_t *c)
{
	uint8_t *norm = NULL;
	size_t len;
	int k, rc;

	if ((rc = nfkc((const uint8_t *)tok, n, &norm, &len)) != EBID_OK)
		return rc;
	k = len ? u8_mbtouc(c, norm, len) : 0;
	free(norm);
	if (k <= 0 || (size_t)k != len)
		return verr(p, "not a single character:", tok, n);
	return EBID_OK;
}

static int
add_pair(struct vparse *p, ucs4_t from, ucs4_t to, const char *tok,
    size_t n)
{
	struct pol_variants *vt = p->vt;
	char msg[64];
	size_t i;

	for (i = 0; i < vt->n; i++) {
		if (vt->v[i].from != from)
			continue;
		snprintf(msg, sizeof(msg), "already listed on line %zu:",
		    vt->v[i].line);
		return verr(p, msg, tok, n);
	}
	if (vt->n >= VARIANTS_MAX)
		return verr(p, "too many characters", "", 0);
	vt->v[vt->n].from = from;
	vt->v[vt->n].to = to;
	vt->v[vt->n].line = p->line;
	vt->n++;
	return EBID_OK;
}

static size_t
token_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ' ' && s[i] != '\t' &&
	    !(n - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0))
		i++;
	return i;
}

static size_t
space_len(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		if (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		else if (n - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0)
			i += 3;
		else
			return i;
	}
}

static int
parse_line(struct vparse *p, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n);
	size_t k, count = 0;
	ucs4_t c, canon = 0;
	int rc;

	if (hash != NULL)
		n = (size_t)(hash - s);
	if (u8_check((const uint8_t *)s, n) != NULL)
		return verr(p, "invalid UTF-8", "", 0);
	for (;;) {
		k = space_len(s, n);
		s += k;
		n -= k;
		if (n == 0 || s[0] == '\r')
			break;
		k = token_len(s, n);
		if ((rc = token_char(p, s, k, &c)) != EBID_OK)
			return rc;
		if (count++ == 0)
			canon = c;
		if ((rc = add_pair(p, c, canon, s, k)) != EBID_OK)
			return rc;
		s += k;
		n -= k;
	}
	if (count == 1)
		return verr(p, "a group needs at least two characters", "", 0);
	return EBID_OK;
}

int
pol_variants_parse(const char *text, size_t len, const char *file,
    struct pol_variants **out, char *err, size_t errlen)
{
	struct vparse p = { .file = file ? file : "-", .err = err,
	    .errlen = errlen };
	const char *nl;
	size_t n;
	int ok = EBID_ERR_NOMEM;

	if (text == NULL || out == NULL || err == NULL || errlen == 0)
		return EBID_ERR_ARG;
	*out = NULL;
	err[0] = '\0';
	if ((p.vt = calloc(1, sizeof(*p.vt))) == NULL ||
	    (p.vt->v = calloc(VARIANTS_MAX, sizeof(*p.vt->v))) == NULL)
		goto fail;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	while (len > 0) {
		p.line++;
		nl = memchr(text, '\n', len);
		n = nl ? (size_t)(nl - text) : len;
		if ((ok = parse_line(&p, text, n)) != EBID_OK)
			goto fail;
		text += n;
		len -= n;
		if (len > 0) {
			text++;
			len--;
		}
	}
	qsort(p.vt->v, p.vt->n, sizeof(*p.vt->v), vpair_cmp);
	*out = p.vt;
	p.vt = NULL;
	ok = EBID_OK;
fail:
	pol_variants_free(&p.vt);
	return ok;
}

static int
match_any(const char *who, const struct pol_names *names,
    const struct pol_variants *vt, const char **hit)
{
	size_t i;

	for (i = 0; who != NULL && i < names->n; i++)
		if (pol_name_match(who, names->v[i].utf8, vt)) {
			*hit = names->v[i].utf8;
			return 1;
		}
	return 0;
}

static void
bind_refuse(struct pol_bind_result *out, enum pol_bind_who who)
{
	out->accepted = 0;
	out->who = who;
	if (who == POL_BIND_REPRESENTATIVE) {
		snprintf(out->en, sizeof(out->en), "refused: the certificate "
		    "is the representative's, but a delegate is registered "
		    "and the local rule accepts only the delegate's card");
		snprintf(out->ja, sizeof(out->ja), "拒否: 代表者の証明書ですが、"
		    "受任者が登録されているため受任者のカードのみ使用できます"
		    "（地域の規則）");
		return;
	}
	snprintf(out->en, sizeof(out->en), "refused: no name in the "
	    "certificate matches the representative or a delegate");
	snprintf(out->ja, sizeof(out->ja), "拒否: 証明書の名義が代表者・"
	    "受任者のいずれとも一致しません");
}

static void
bind_accept(struct pol_bind_result *out, enum pol_bind_who who,
    const char *hit)
{
	int rep = who == POL_BIND_REPRESENTATIVE;

	out->accepted = 1;
	out->who = who;
	snprintf(out->en, sizeof(out->en), "accepted: certificate name "
	    "\"%s\" matches the %s", hit, rep ? "representative" : "delegate");
	snprintf(out->ja, sizeof(out->ja), "受理: 証明書の名義「%s」が%sと"
	    "一致します", hit, rep ? "代表者" : "受任者");
}

int
pol_bind_decide(const char *rep, const char *const *dels, size_t ndels,
    const struct pol_names *names, enum pol_bind_rule rule,
    const struct pol_variants *vt, struct pol_bind_result *out)
{
	const char *hit = NULL;
	size_t i;

	if (names == NULL || out == NULL || (ndels > 0 && dels == NULL) ||
	    (rule != POL_BIND_NATIONAL && rule != POL_BIND_LOCAL_STRICT))
		return EBID_ERR_ARG;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < ndels; i++)
		if (match_any(dels[i], names, vt, &hit)) {
			bind_accept(out, POL_BIND_DELEGATE, hit);
			return EBID_OK;
		}
	if (match_any(rep, names, vt, &hit)) {
		if (rule == POL_BIND_LOCAL_STRICT && ndels > 0)
			bind_refuse(out, POL_BIND_REPRESENTATIVE);
		else
			bind_accept(out, POL_BIND_REPRESENTATIVE, hit);
		return EBID_OK;
	}
	bind_refuse(out, POL_BIND_NONE);
	return EBID_OK;
}

/*
 * The length of the longest prefix of s (len bytes, valid UTF-8 cut
 * short) that ends on a whole character.
 */
static int
utf8_cut(const char *s, size_t len)
{
	size_t i = len, lead, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;			/* back to the last lead byte */
	if (i == 0)
		return 0;
	lead = i - 1;
	c = (unsigned char)s[lead];
	need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	return (int)(len - lead >= need ? len : lead);
}

int
pol_name_text(const X509_NAME *name, unsigned long flags, char *out,
    size_t n)
{
	BIO *b;
	int len, rc = EBID_ERR_CRYPTO;

	if (name == NULL || out == NULL || n == 0 || n > INT_MAX)
		return EBID_ERR_ARG;
	out[0] = '\0';
	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return EBID_ERR_NOMEM;
	if (X509_NAME_print_ex(b, name, 0, flags &
	    ~(unsigned long)ASN1_STRFLGS_ESC_MSB) >= 0 &&
	    (len = BIO_read(b, out, (int)n - 1)) >= 0) {
		if (BIO_pending(b) > 0)
			len = utf8_cut(out, (size_t)len);
		out[len] = '\0';
		rc = EBID_OK;
	}
	BIO_free(b);
	return rc;
}
