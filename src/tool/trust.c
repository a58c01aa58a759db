/*
 * trust.c - ebid-tool trust: the configured authorities and their CA
 * certificates (FAQ Q2-4/5/7; JPKI and corporate-registry CAs refused,
 * Q2-6/Q2-19).
 *
 *   trust list
 *   trust show AUTHORITY
 *   trust add AUTHORITY CERT [--name-ja T] [--name-en T] [--lock-count N]
 *	[--policy OID]...
 *   trust remove AUTHORITY [--fingerprint FP]
 *
 * An authority's CA bundle is its ca_file, else <ca_dir>/<id>.pem (the
 * rule of conf_trust_load).  A new authority is a new [authority ID]
 * section appended to the configuration file.  Every change is made
 * under the file's lock and checked (the configuration must load, the
 * bundle must hold only readable certificates) before rename (store.c).
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "common/err.h"
#include "policy/oid.h"
#include "tool/store.h"

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))

#define BUNDLE_MAX	64
#define POLICY_ARGS	16
#define PEM_BEGIN	"-----BEGIN CERTIFICATE-----"
#define PEM_END		"-----END CERTIFICATE-----"

struct topts {
	const char	*name_ja;
	const char	*name_en;
	const char	*fp;
	const char	*lock;
	const char	*policy[POLICY_ARGS];
	size_t		 npolicy;
	int		 nargs;
	char		*args[2];
};

/* A CA bundle: its text and each certificate's PEM block in it. */
struct bundle {
	char	*text;
	size_t	 len;
	size_t	 n;
	X509	*x[BUNDLE_MAX];
	size_t	 s[BUNDLE_MAX], e[BUNDLE_MAX];	/* block spans */
};

/* A configuration file read under its lock. */
struct confedit {
	struct store_lock	 lock;
	char			*text;
	size_t			 len;
	struct conf		*conf;
};

/* --- options -------------------------------------------------------- */

static const struct option topt_long[] = {
	{ "name-ja", required_argument, NULL, 'J' },
	{ "name-en", required_argument, NULL, 'E' },
	{ "lock-count", required_argument, NULL, 'L' },
	{ "policy", required_argument, NULL, 'P' },
	{ "fingerprint", required_argument, NULL, 'F' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

static int
topt_set(struct tool *t, struct topts *o, int c)
{
	switch (c) {
	case 'J': o->name_ja = optarg; break;
	case 'E': o->name_en = optarg; break;
	case 'L': o->lock = optarg; break;
	case 'F': o->fp = optarg; break;
	case 'j': t->json = 1; break;
	case 'P':
		if (o->npolicy == POLICY_ARGS) {
			tool_error(t, _("at most %d --policy options"),
			    POLICY_ARGS);
			return TOOL_EXIT_USAGE;
		}
		o->policy[o->npolicy++] = optarg;
		break;
	default:
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

static int
topt_parse(struct tool *t, int argc, char **argv, int nargs,
    struct topts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", topt_long, NULL)) != -1)
		if (topt_set(t, o, c) != TOOL_EXIT_OK) {
			if (c == '?' || c == ':')
				tool_error(t, _("trust %s: bad option '%s'"),
				    argv[0], argv[optind - 1]);
			return TOOL_EXIT_USAGE;
		}
	for (; optind < argc; optind++) {
		if (o->nargs == nargs) {
			tool_error(t, _("trust %s: unexpected argument '%s'"),
			    argv[0], argv[optind]);
			return TOOL_EXIT_USAGE;
		}
		o->args[o->nargs++] = argv[optind];
	}
	if (o->nargs < nargs) {
		tool_error(t, _("trust %s: missing argument"), argv[0]);
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

/* --- bundles -------------------------------------------------------- */

static void
bundle_free(struct bundle **bp)
{
	size_t i;

	if (*bp == NULL)
		return;
	for (i = 0; i < (*bp)->n; i++)
		X509_free((*bp)->x[i]);
	free((*bp)->text);
	free(*bp);
	*bp = NULL;
}

static X509 *
pem_block(const char *s, size_t len)
{
	BIO *bio;
	X509 *x = NULL;

	if (len < INT_MAX && (bio = BIO_new_mem_buf(s, (int)len)) != NULL) {
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	return x;
}

/* Every PEM certificate block of text; -1 if one does not decode. */
static int
bundle_scan(struct bundle *b)
{
	const char *p = b->text, *q;

	while ((p = strstr(p, PEM_BEGIN)) != NULL) {
		if ((q = strstr(p, PEM_END)) == NULL || b->n == BUNDLE_MAX)
			return -1;
		q += strlen(PEM_END);
		if (*q == '\r')
			q++;
		if (*q == '\n')
			q++;
		b->s[b->n] = (size_t)(p - b->text);
		b->e[b->n] = (size_t)(q - b->text);
		if ((b->x[b->n] = pem_block(p, (size_t)(q - p))) == NULL)
			return -1;
		b->n++;
		p = q;
	}
	return 0;
}

static int
bundle_parse(const char *data, size_t len, struct bundle **out)
{
	struct bundle *b;

	*out = NULL;
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->text = malloc(len + 1)) == NULL) {
		free(b);
		return -1;
	}
	memcpy(b->text, data, len);
	b->text[len] = '\0';
	b->len = len;
	if (strlen(b->text) != len || bundle_scan(b) != 0) {
		bundle_free(&b);
		return -1;
	}
	*out = b;
	return 0;
}

/* The bundle at path (empty when missing); malformed: TOOL_EXIT_CONFIG. */
static int
bundle_read(struct tool *t, const char *path, struct bundle **out)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = store_read(t, path, 1, &data, &len)) != TOOL_EXIT_OK)
		return rc;
	if (bundle_parse(data != NULL ? data : "", len, out) != 0) {
		tool_error(t, _("%s: not a bundle of PEM certificates; it is "
		    "left as it is"), path);
		rc = TOOL_EXIT_CONFIG;
	}
	free(data);
	return rc;
}

static long
bundle_find(const struct bundle *b, const uint8_t *fp)
{
	uint8_t f[STORE_FP_LEN];
	size_t i;

	for (i = 0; i < b->n; i++)
		if (store_x509_fp(b->x[i], f) == 0 &&
		    memcmp(f, fp, STORE_FP_LEN) == 0)
			return (long)i;
	return -1;
}

/* The new bundle must hold exactly *arg certificates, all readable. */
static int
check_bundle(struct tool *t, const char *path, const char *data, size_t len,
    void *arg)
{
	struct bundle *b = NULL;
	int bad;

	(void)t;
	(void)path;
	if (bundle_parse(data, len, &b) != 0)
		return 1;
	bad = b->n != *(size_t *)arg;
	bundle_free(&b);
	return bad;
}

/* --- the configuration ---------------------------------------------- */

static const struct conf_authority *
auth_find(const struct conf *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nauths; i++)
		if (strcmp(c->auths[i].id, id) == 0)
			return &c->auths[i];
	return NULL;
}

static int
auth_get(struct tool *t, const struct conf *c, const char *id,
    const struct conf_authority **a)
{
	if ((*a = auth_find(c, id)) == NULL) {
		tool_error(t, _("%s: no authority '%s'"), c->path, id);
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

/* The CA bundle of authority id (a NULL: not configured yet). */
static NOINLINE int
bundle_path(struct tool *t, const struct conf *c,
    const struct conf_authority *a, const char *id, char *out, size_t n)
{
	char rel[CONF_PATH_MAX];

	if (a != NULL && a->ca_file[0] != '\0')
		snprintf(rel, sizeof(rel), "%s", a->ca_file);
	else if (c->policy.ca_dir[0] != '\0')
		snprintf(rel, sizeof(rel), "%s/%s.pem", c->policy.ca_dir, id);
	else if (a == NULL)
		snprintf(rel, sizeof(rel), "%s.pem", id);
	else {
		tool_error(t, _("%s: authority %s has no ca_file and [policy] "
		    "ca_dir is not set: no place for its CA certificates"),
		    c->path, id);
		return TOOL_EXIT_CONFIG;
	}
	if (conf_path(c, rel, out, n) != EBID_OK) {
		tool_error(t, _("%s: path too long"), rel);
		return TOOL_EXIT_CONFIG;
	}
	return TOOL_EXIT_OK;
}

static void
confedit_free(struct confedit *e)
{
	store_unlock(&e->lock);
	conf_free(&e->conf);
	free(e->text);
	e->text = NULL;
}

/* Locks and re-reads the configuration; a malformed one is left alone. */
static NOINLINE int
confedit_open(struct tool *t, struct confedit *e)
{
	char err[CONF_ERR_MAX];
	int rc;

	memset(e, 0, sizeof(*e));
	e->lock.fd = -1;
	if ((rc = tool_conf(t)) != TOOL_EXIT_OK ||
	    (rc = store_lock(t, t->conf->path, &e->lock)) != TOOL_EXIT_OK ||
	    (rc = store_read(t, t->conf->path, 0, &e->text, &e->len)) !=
	    TOOL_EXIT_OK)
		return rc;
	if (conf_load_text(t->conf->path, e->text, e->len, &e->conf, err,
	    sizeof(err)) != EBID_OK) {
		tool_error(t, _("%s; the configuration is left as it is"),
		    err);
		return TOOL_EXIT_CONFIG;
	}
	/* conf_load_text knows no directory: relative paths as conf_load */
	memcpy(e->conf->dir, t->conf->dir, sizeof(e->conf->dir));
	return TOOL_EXIT_OK;
}

struct conf_expect {
	const char	*id;
	int		 present;
};

static NOINLINE int
check_conf(struct tool *t, const char *path, const char *data, size_t len,
    void *arg)
{
	const struct conf_expect *ex = arg;
	char err[CONF_ERR_MAX];
	struct conf *c = NULL;
	int bad;

	if (conf_load_text(path, data, len, &c, err, sizeof(err)) !=
	    EBID_OK) {
		tool_error(t, "%s", err);
		return 1;
	}
	bad = (auth_find(c, ex->id) != NULL) != ex->present;
	conf_free(&c);
	return bad;
}

/* --- output ---------------------------------------------------------- */

static void
out_cert(struct tool *t, X509 *x)
{
	char buf[512], hex[STORE_FP_HEX];
	uint8_t fp[STORE_FP_LEN];

	store_name(X509_get_subject_name(x), buf, sizeof(buf));
	out_obj_begin(t, NULL, buf);
	if (t->json)
		out_str(t, "subject", _("subject"), buf);
	store_date(X509_get0_notBefore(x), buf, sizeof(buf));
	out_str(t, "not_before", _("valid from"), buf);
	store_date(X509_get0_notAfter(x), buf, sizeof(buf));
	out_str(t, "not_after", _("valid until"), buf);
	out_bool(t, "expired", _("expired"),
	    X509_cmp_current_time(X509_get0_notAfter(x)) < 0);
	if (store_x509_fp(x, fp) == 0)
		store_fp_hex(fp, hex, sizeof(hex));
	else
		hex[0] = '\0';
	out_str(t, "fingerprint", _("SHA-256"), hex);
	out_obj_end(t);
}

static void
out_authority(struct tool *t, const struct conf *c,
    const struct conf_authority *a)
{
	struct bundle *b = NULL;
	char path[CONF_PATH_MAX];
	size_t i;

	out_str(t, "id", _("authority"), a->id);
	out_str(t, "name_ja", _("name (Japanese)"), a->name_ja);
	out_str(t, "name_en", _("name (English)"), a->name_en);
	out_str(t, "profile", _("card profile"), a->profile);
	if (a->pin_lock_count > 0)
		out_int(t, "pin_lock_count", _("PIN lock count"),
		    a->pin_lock_count);
	else
		out_str(t, "pin_lock_count", _("PIN lock count"),
		    t->json ? NULL : _("unknown"));
	if (bundle_path(t, c, a, a->id, path, sizeof(path)) != TOOL_EXIT_OK)
		path[0] = '\0';
	out_str(t, "ca_bundle", _("CA bundle"), path[0] != '\0' ? path :
	    NULL);
	if (path[0] != '\0' && bundle_read(t, path, &b) == TOOL_EXIT_OK &&
	    b->n == 0)
		out_text(t, "%s", _("no CA certificate: no card belongs to "
		    "this authority"));
	out_list_begin(t, "ca_certs", _("CA certificates"));
	for (i = 0; b != NULL && i < b->n; i++)
		out_cert(t, b->x[i]);
	out_list_end(t);
	bundle_free(&b);
}

static int
cmd_list(struct tool *t, int argc, char **argv)
{
	struct topts o;
	size_t i;
	int rc;

	if ((rc = topt_parse(t, argc, argv, 0, &o)) != TOOL_EXIT_OK ||
	    (rc = tool_conf(t)) != TOOL_EXIT_OK)
		return rc;
	out_begin(t);
	out_str(t, "conf", _("configuration"), t->conf->path);
	out_list_begin(t, "authorities", _("authorities"));
	for (i = 0; i < t->conf->nauths; i++) {
		out_obj_begin(t, NULL, t->conf->auths[i].id);
		out_authority(t, t->conf, &t->conf->auths[i]);
		out_obj_end(t);
	}
	out_list_end(t);
	out_end(t);
	return TOOL_EXIT_OK;
}

/* The deny rules compiled into the module (src/policy/oid.c). */
static const char *const builtin_deny[] = {
	N_("My Number card (JPKI): any certificate policy under "
	    "1.2.392.200149.8.5.1."),
	N_("My Number card (JPKI): issuer C=JP, O=JPKI, OU=JPKI for digital "
	    "signature or OU=JPKI for user authentication"),
	N_("My Number card (JPKI): issued by the key of a real JPKI CA "
	    "(2015 and 2023 generations)"),
	N_("corporate registry card (法人認証カード): any policy under "
	    "1.2.392.100300.1.3., in certificatePolicies or in the private "
	    "extension 1.2.392.100300.1.1.1"),
	N_("corporate registry card: issuer C=JP, O=Japanese Government, "
	    "OU=Ministry of Justice, or CN=Registrar of ..."),
	N_("a certificate whose policy extensions cannot be read"),
};

static void
out_policy(struct tool *t, const struct conf *c,
    const struct conf_authority *a)
{
	size_t i;

	out_str(t, "crl_file", _("CRL file"), a->crl_file[0] != '\0' ?
	    a->crl_file : NULL);
	out_str(t, "policies", _("accepted policies"), a->policies[0] !=
	    '\0' ? a->policies : t->json ? "" : _("any"));
	out_int(t, "pin_reserve", _("PIN tries never spent"),
	    c->policy.pin_reserve);
	out_str(t, "binding", _("name binding"), c->policy.binding == 1 ?
	    "local-strict" : "national");
	out_bool(t, "audit", _("audit mode (binding not enforced)"),
	    c->policy.audit);
	out_list_begin(t, "deny_builtin", _("deny rules that always apply"));
	for (i = 0; i < sizeof(builtin_deny) / sizeof(builtin_deny[0]); i++)
		out_str(t, NULL, NULL, _(builtin_deny[i]));
	out_list_end(t);
	out_list_begin(t, "deny_config", _("deny rules of the configuration"));
	for (i = 0; i < c->ndenies; i++)
		out_str(t, NULL, NULL, c->denies[i].policy[0] != '\0' ?
		    c->denies[i].policy : c->denies[i].issuer);
	out_list_end(t);
}

static int
cmd_show(struct tool *t, int argc, char **argv)
{
	const struct conf_authority *a;
	struct topts o;
	int rc;

	if ((rc = topt_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK ||
	    (rc = tool_conf(t)) != TOOL_EXIT_OK ||
	    (rc = auth_get(t, t->conf, o.args[0], &a)) != TOOL_EXIT_OK)
		return rc;
	out_begin(t);
	out_authority(t, t->conf, a);
	out_policy(t, t->conf, a);
	out_end(t);
	return TOOL_EXIT_OK;
}

/* --- add ------------------------------------------------------------ */

static void
print_reasons(struct tool *t, const struct pol_reasons *r)
{
	size_t i;

	if (r->n == 0 && !t->json)
		return;
	out_list_begin(t, "reasons", _("reasons"));
	for (i = 0; i < r->n; i++)
		out_str(t, NULL, NULL, tool_lang(t, r->r[i].en, r->r[i].ja));
	out_list_end(t);
}

/* No deny rule matches the CA itself (its names, policies, key). */
static int
check_deny(struct tool *t, X509 *x)
{
	struct pol_reasons *r;
	int rc = TOOL_EXIT_FAIL;

	if ((r = pol_reasons_new()) == NULL ||
	    pol_deny_check(x, x, r) != EBID_OK) {
		pol_reasons_free(&r);
		tool_error(t, "%s", _("the CA certificate could not be "
		    "checked"));
		return rc;
	}
	print_reasons(t, r);
	if (r->n > 0)
		tool_error(t, _("refused: this CA must never be trusted: %s"),
		    tool_lang(t, r->r[0].en, r->r[0].ja));
	else
		rc = TOOL_EXIT_OK;
	pol_reasons_free(&r);
	return rc;
}

/* A CA certificate, valid now, of no denied kind (JPKI, MoJ). */
static NOINLINE int
check_ca(struct tool *t, X509 *x)
{
	char d[32];

	if (check_deny(t, x) != TOOL_EXIT_OK)
		return TOOL_EXIT_FAIL;
	if ((X509_get_extension_flags(x) & EXFLAG_CA) == 0) {
		tool_error(t, "%s", _("not a CA certificate (basicConstraints "
		    "CA:TRUE is missing)"));
		return TOOL_EXIT_FAIL;
	}
	if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		store_date(X509_get0_notAfter(x), d, sizeof(d));
		tool_error(t, _("the CA certificate expired on %s"), d);
		return TOOL_EXIT_FAIL;
	}
	if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0) {
		store_date(X509_get0_notBefore(x), d, sizeof(d));
		tool_error(t, _("the CA certificate is not valid before %s"),
		    d);
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

static int
valid_text(struct tool *t, const char *what, const char *s)
{
	if (s != NULL && (strpbrk(s, "\r\n#") != NULL ||
	    strlen(s) >= CONF_TEXT_MAX)) {
		tool_error(t, _("%s: no line break or '#', at most %d bytes"),
		    what, CONF_TEXT_MAX - 1);
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

static int
check_opts(struct tool *t, const struct topts *o, const char *id)
{
	size_t i;
	int rc;

	if (id[0] == '\0' || strlen(id) >= CONF_NAME_MAX ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
	    strlen(id)) {
		tool_error(t, _("'%s' is not an authority name ([a-z0-9_-])"),
		    id);
		return TOOL_EXIT_USAGE;
	}
	if ((rc = valid_text(t, "--name-ja", o->name_ja)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--name-en", o->name_en)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--lock-count", o->lock)) != TOOL_EXIT_OK)
		return rc;
	for (i = 0; i < o->npolicy; i++)
		if ((rc = valid_text(t, "--policy", o->policy[i])) !=
		    TOOL_EXIT_OK)
			return rc;
	return TOOL_EXIT_OK;
}

/* The configuration with a new [authority id] section at its end. */
static NOINLINE int
new_section(struct tool *t, const struct confedit *e, const struct topts *o,
    const char *id, char **out, size_t *olen)
{
	char pol[CONF_TEXT_MAX], *sect;
	size_t i, n, cap = 6 * CONF_TEXT_MAX;

	if (e->conf->nprofiles == 0) {
		tool_error(t, _("%s: no [profile] section for a new authority"),
		    t->conf->path);
		return TOOL_EXIT_CONFIG;
	}
	pol[0] = '\0';
	for (i = 0; i < o->npolicy; i++)
		if ((size_t)snprintf(pol + strlen(pol), sizeof(pol) -
		    strlen(pol), "%s%s", i > 0 ? " " : "", o->policy[i]) >=
		    sizeof(pol) - strlen(pol)) {
			/* cut short, a prefix would accept more: refuse */
			tool_error(t, _("--policy: the policies do not fit in "
			    "%d bytes"), CONF_TEXT_MAX - 1);
			return TOOL_EXIT_USAGE;
		}
	if ((*out = malloc(e->len + cap)) == NULL)
		return TOOL_EXIT_INTERNAL;
	memcpy(*out, e->text, e->len);
	sect = *out + e->len;
	n = (size_t)snprintf(sect, cap, "%s\n[authority %s]\n"
	    "name_ja = %s\nname_en = %s\nprofile = %s\npin_lock_count = %s\n"
	    "%s%s%s%s%s%s", e->len > 0 && e->text[e->len - 1] != '\n' ?
	    "\n" : "", id, o->name_ja != NULL ? o->name_ja : id,
	    o->name_en != NULL ? o->name_en : id, e->conf->profiles[0].name,
	    o->lock != NULL ? o->lock : "unknown", pol[0] ? "policies = " :
	    "", pol, pol[0] ? "\n" : "", e->conf->policy.ca_dir[0] ? "" :
	    "ca_file = ", e->conf->policy.ca_dir[0] ? "" : id,
	    e->conf->policy.ca_dir[0] ? "" : ".pem\n");
	if (n >= cap) {
		free(*out);
		*out = NULL;
		return TOOL_EXIT_INTERNAL;
	}
	*olen = e->len + n;
	return TOOL_EXIT_OK;
}

/* The bundle with x appended. */
static NOINLINE int
bundle_append(struct tool *t, const char *path, const struct bundle *b,
    X509 *x)
{
	BIO *bio;
	char *pem = NULL, *all = NULL;
	long plen;
	size_t want = b->n + 1, len = b->len;
	int rc = TOOL_EXIT_INTERNAL;

	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_X509(bio, x) != 1 ||
	    (plen = BIO_get_mem_data(bio, &pem)) <= 0 ||
	    (all = malloc(len + (size_t)plen + 2)) == NULL)
		goto out;
	memcpy(all, b->text, len);
	if (len > 0 && all[len - 1] != '\n')
		all[len++] = '\n';
	memcpy(all + len, pem, (size_t)plen);
	rc = store_replace(t, path, all, len + (size_t)plen, check_bundle,
	    &want);
out:
	free(all);
	BIO_free(bio);
	return rc;
}

/* Puts the old bundle back after the configuration could not change. */
static void
bundle_undo(const char *path, int existed)
{
	char bak[STORE_PATH_MAX];

	snprintf(bak, sizeof(bak), "%s~", path);
	if (existed)
		(void)rename(bak, path);
	else
		(void)unlink(path);
}

static NOINLINE int
add_cert(struct tool *t, struct confedit *e, const struct topts *o,
    X509 *x, int *added)
{
	const struct conf_authority *a = auth_find(e->conf, o->args[0]);
	struct conf_expect ex = { o->args[0], 1 };
	struct store_lock lk = { -1 };
	struct bundle *b = NULL;
	char path[CONF_PATH_MAX], *ntext = NULL;
	size_t nlen = 0;
	uint8_t fp[STORE_FP_LEN];
	int rc, existed;

	if ((rc = bundle_path(t, e->conf, a, o->args[0], path,
	    sizeof(path))) != TOOL_EXIT_OK ||
	    (a == NULL && (rc = new_section(t, e, o, o->args[0], &ntext,
	    &nlen)) != TOOL_EXIT_OK) ||
	    (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK ||
	    (rc = bundle_read(t, path, &b)) != TOOL_EXIT_OK)
		goto out;
	out_str(t, "ca_bundle", _("CA bundle"), path);
	if (store_x509_fp(x, fp) == 0 && bundle_find(b, fp) >= 0) {
		out_text(t, "%s", _("already trusted: nothing to do"));
		goto out;
	}
	existed = access(path, F_OK) == 0;
	if ((rc = bundle_append(t, path, b, x)) != TOOL_EXIT_OK)
		goto out;
	if (ntext != NULL && (rc = store_replace(t, t->conf->path, ntext,
	    nlen, check_conf, &ex)) != TOOL_EXIT_OK)
		bundle_undo(path, existed);
	else
		*added = 1;
out:
	store_unlock(&lk);
	bundle_free(&b);
	free(ntext);
	return rc;
}

static int
cmd_add(struct tool *t, int argc, char **argv)
{
	struct confedit e = { { -1 }, NULL, 0, NULL };
	struct topts o;
	X509 *x = NULL;
	int rc, added = 0;

	if ((rc = topt_parse(t, argc, argv, 2, &o)) != TOOL_EXIT_OK ||
	    (rc = check_opts(t, &o, o.args[0])) != TOOL_EXIT_OK ||
	    (rc = store_x509_read(t, o.args[1], &x)) != TOOL_EXIT_OK)
		goto out;
	out_begin(t);
	out_str(t, "authority", _("authority"), o.args[0]);
	if ((rc = check_ca(t, x)) != TOOL_EXIT_OK ||
	    (rc = confedit_open(t, &e)) != TOOL_EXIT_OK)
		goto end;
	if (auth_find(e.conf, o.args[0]) != NULL && (o.name_ja != NULL ||
	    o.name_en != NULL || o.lock != NULL || o.npolicy > 0)) {
		tool_error(t, _("authority %s exists: --name-ja, --name-en, "
		    "--lock-count and --policy only describe a new one (edit "
		    "%s to change them)"), o.args[0], t->conf->path);
		rc = TOOL_EXIT_USAGE;
		goto end;
	}
	if ((rc = add_cert(t, &e, &o, x, &added)) == TOOL_EXIT_OK && added)
		out_text(t, "%s", _("added"));
end:
	out_bool(t, "changed", _("changed"), added);
	out_end(t);
out:
	confedit_free(&e);
	X509_free(x);
	return rc;
}

/* --- remove --------------------------------------------------------- */

/*
 * The [authority] section whose header is on line (1-based): up to its
 * last key line; comments and blank lines before the next section stay
 * (they describe the next one).
 */
static void
section_span(const char *s, size_t len, unsigned line, size_t *start,
    size_t *end)
{
	size_t i = 0, l = 1, p, next;

	while (i < len && l < line)
		if (s[i++] == '\n')
			l++;
	*start = i;
	while (i < len && s[i] != '\n')
		i++;
	*end = i = i < len ? i + 1 : len;
	for (; i < len; i = next) {
		for (next = i; next < len && s[next] != '\n'; next++)
			;
		next = next < len ? next + 1 : len;
		for (p = i; p < next && (s[p] == ' ' || s[p] == '\t'); p++)
			;
		if (p < next && s[p] == '[')
			break;
		if (p < next && s[p] != '#' && s[p] != '\n' && s[p] != '\r')
			*end = next;
	}
}

static NOINLINE int
remove_section(struct tool *t, struct confedit *e,
    const struct conf_authority *a)
{
	struct conf_expect ex = { a->id, 0 };
	size_t s, end;
	char *n;
	int rc;

	section_span(e->text, e->len, a->line, &s, &end);
	if (end == e->len && s >= 2 && e->text[s - 1] == '\n' &&
	    e->text[s - 2] == '\n')
		s--;	/* the blank line trust add put before it */
	if ((n = malloc(e->len - (end - s) + 1)) == NULL)
		return TOOL_EXIT_INTERNAL;
	memcpy(n, e->text, s);
	memcpy(n + s, e->text + end, e->len - end);
	n[e->len - (end - s)] = '\0';
	rc = store_replace(t, t->conf->path, n, e->len - (end - s), check_conf,
	    &ex);
	free(n);
	return rc;
}

static NOINLINE int
shared_bundle(struct tool *t, const struct conf *c,
    const struct conf_authority *a, const char *path)
{
	char other[CONF_PATH_MAX];
	size_t i;

	for (i = 0; i < c->nauths; i++)
		if (&c->auths[i] != a && c->auths[i].ca_file[0] != '\0' &&
		    bundle_path(t, c, &c->auths[i], c->auths[i].id, other,
		    sizeof(other)) == TOOL_EXIT_OK && strcmp(other, path) == 0)
			return 1;
	return 0;
}

static NOINLINE int
remove_authority(struct tool *t, struct confedit *e,
    const struct conf_authority *a)
{
	char path[CONF_PATH_MAX];
	int rc, have_path;

	have_path = bundle_path(t, e->conf, a, a->id, path, sizeof(path)) ==
	    TOOL_EXIT_OK && !shared_bundle(t, e->conf, a, path);
	if ((rc = remove_section(t, e, a)) != TOOL_EXIT_OK)
		return rc;
	if (have_path && (rc = store_remove(t, path)) == TOOL_EXIT_OK)
		out_str(t, "removed_bundle", _("CA bundle removed (kept as "
		    "FILE~)"), path);
	return rc;
}

static NOINLINE int
remove_cert(struct tool *t, struct confedit *e,
    const struct conf_authority *a, const uint8_t *fp)
{
	struct store_lock lk = { -1 };
	struct bundle *b = NULL;
	char path[CONF_PATH_MAX], hex[STORE_FP_HEX], *n = NULL;
	size_t want, nlen;
	long i;
	int rc;

	if ((rc = bundle_path(t, e->conf, a, a->id, path, sizeof(path))) !=
	    TOOL_EXIT_OK || (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK ||
	    (rc = bundle_read(t, path, &b)) != TOOL_EXIT_OK)
		goto out;
	if ((i = bundle_find(b, fp)) < 0) {
		store_fp_hex(fp, hex, sizeof(hex));
		tool_error(t, _("%s: no such CA certificate in %s"), hex,
		    path);
		rc = TOOL_EXIT_FAIL;
	} else if (b->n == 1 && a->ca_file[0] != '\0') {
		tool_error(t, _("that is the last CA certificate of authority "
		    "%s (ca_file %s): remove the authority instead (trust "
		    "remove %s)"), a->id, path, a->id);
		rc = TOOL_EXIT_FAIL;
	} else if (b->n == 1) {
		rc = store_remove(t, path);
	} else if ((n = malloc(b->len + 1)) != NULL) {
		nlen = b->len - (b->e[i] - b->s[i]);
		memcpy(n, b->text, b->s[i]);
		memcpy(n + b->s[i], b->text + b->e[i], b->len - b->e[i]);
		want = b->n - 1;
		rc = store_replace(t, path, n, nlen, check_bundle, &want);
	} else {
		rc = TOOL_EXIT_INTERNAL;
	}
out:
	free(n);
	store_unlock(&lk);
	bundle_free(&b);
	return rc;
}

static int
cmd_remove(struct tool *t, int argc, char **argv)
{
	struct confedit e = { { -1 }, NULL, 0, NULL };
	const struct conf_authority *a;
	uint8_t fp[STORE_FP_LEN];
	struct topts o;
	int rc;

	if ((rc = topt_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.fp != NULL && store_fp_parse(o.fp, fp) != 0) {
		tool_error(t, _("bad fingerprint '%s' (SHA-256: 64 hex "
		    "digits)"), o.fp);
		return TOOL_EXIT_USAGE;
	}
	out_begin(t);
	out_str(t, "authority", _("authority"), o.args[0]);
	if ((rc = confedit_open(t, &e)) == TOOL_EXIT_OK &&
	    (rc = auth_get(t, e.conf, o.args[0], &a)) == TOOL_EXIT_OK)
		rc = o.fp != NULL ? remove_cert(t, &e, a, fp) :
		    remove_authority(t, &e, a);
	if (rc == TOOL_EXIT_OK)
		out_text(t, "%s", _("removed"));
	out_bool(t, "changed", _("changed"), rc == TOOL_EXIT_OK);
	out_end(t);
	confedit_free(&e);
	return rc;
}

static const struct {
	const char	*name;
	int		(*fn)(struct tool *, int, char **);
} subs[] = {
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "add", cmd_add },
	{ "remove", cmd_remove },
};

int
tool_cmd_trust(struct tool *t, int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		tool_error(t, "%s", _("trust: give a subcommand: list, show, "
		    "add or remove"));
		return TOOL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(t, argc - 1, argv + 1);
	tool_error(t, _("trust: unknown subcommand '%s'"), argv[1]);
	return TOOL_EXIT_USAGE;
}
