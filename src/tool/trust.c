/*
 * trust.c - ebid-tool trust: the configured authorities and their CA
 * certificates (FAQ Q2-4/5/7; JPKI and corporate-registry CAs refused,
 * Q2-6/Q2-19).
 *
 *   trust list
 *   trust show AUTHORITY
 *   trust add AUTHORITY FILE [--name-ja T] [--name-en T] [--lock-count N]
 *	[--policy OID]...
 *   trust policy AUTHORITY (OID... | --clear)
 *   trust remove AUTHORITY [--fingerprint FP]
 *
 * An authority's CA bundle is its ca_file, else <ca_dir>/<id>.pem (the
 * rule of conf_trust_load).  trust add takes every certificate of FILE
 * (PEM blocks, or one DER certificate) and installs all of them or none:
 * one refused certificate refuses the file.  A new authority is a new
 * [authority ID] section appended to the configuration file; trust
 * policy replaces, adds or removes the policies line of an existing
 * section, leaving every other byte of the file as it was.  Every change
 * is made under the file's lock and checked (the configuration must
 * load and say what was meant, the bundle must hold only readable
 * certificates) before rename (store.c).
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

#define POLICY_ARGS	16
#define ARGS_MAX	(1 + POLICY_ARGS)

struct topts {
	const char	*name_ja;
	const char	*name_en;
	const char	*fp;
	const char	*lock;
	const char	*policy[POLICY_ARGS];
	size_t		 npolicy;
	int		 clear;
	int		 nargs;
	char		*args[ARGS_MAX];
};

/* A CA bundle: its text and its certificates with their PEM spans. */
struct bundle {
	char			*text;
	size_t			 len;
	struct store_certs	*c;
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
	{ "clear", no_argument, NULL, 'C' },
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
	case 'C': o->clear = 1; break;
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

/* Options, then between nmin and nmax arguments (at most ARGS_MAX). */
static int
topt_parse(struct tool *t, int argc, char **argv, int nmin, int nmax,
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
		if (o->nargs == nmax) {
			tool_error(t, _("trust %s: unexpected argument '%s'"),
			    argv[0], argv[optind]);
			return TOOL_EXIT_USAGE;
		}
		o->args[o->nargs++] = argv[optind];
	}
	if (o->nargs < nmin) {
		tool_error(t, _("trust %s: missing argument"), argv[0]);
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

/* --- bundles -------------------------------------------------------- */

static void
bundle_free(struct bundle **bp)
{
	if (*bp == NULL)
		return;
	store_certs_free(&(*bp)->c);
	free((*bp)->text);
	free(*bp);
	*bp = NULL;
}

/* An installed bundle (text around the blocks allowed); t NULL: quiet. */
static int
bundle_parse(struct tool *t, const char *path, const char *data, size_t len,
    struct bundle **out)
{
	struct bundle *b;
	int rc = TOOL_EXIT_INTERNAL;

	*out = NULL;
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->text = malloc(len + 1)) == NULL)
		goto fail;
	memcpy(b->text, data, len);
	b->text[len] = '\0';
	b->len = len;
	if ((rc = store_certs_parse(t, path, data, len, STORE_CERTS_BUNDLE,
	    &b->c)) != TOOL_EXIT_OK)
		goto fail;
	*out = b;
	b = NULL;
fail:
	bundle_free(&b);
	return rc;
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
	if ((rc = bundle_parse(t, path, data != NULL ? data : "", len,
	    out)) == TOOL_EXIT_CONFIG)
		tool_error(t, _("%s: not a bundle of PEM certificates; it is "
		    "left as it is"), path);
	free(data);
	return rc;
}

static long
certs_find(const struct store_certs *c, size_t n, const uint8_t *fp)
{
	uint8_t f[STORE_FP_LEN];
	size_t i;

	for (i = 0; i < n && i < c->n; i++)
		if (store_x509_fp(c->x[i], f) == 0 &&
		    memcmp(f, fp, STORE_FP_LEN) == 0)
			return (long)i;
	return -1;
}

static long
bundle_find(const struct bundle *b, const uint8_t *fp)
{
	return certs_find(b->c, b->c->n, fp);
}

/* The new bundle must hold exactly *arg certificates, all readable. */
static int
check_bundle(struct tool *t, const char *path, const char *data, size_t len,
    void *arg)
{
	struct bundle *b = NULL;
	int bad;

	(void)t;
	if (bundle_parse(NULL, path, data, len, &b) != TOOL_EXIT_OK)
		return 1;
	bad = b->c->n != *(size_t *)arg;
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

/* What a changed configuration must say; policies NULL: not checked. */
struct conf_expect {
	const char	*id;
	int		 present;
	const char	*policies;
};

static NOINLINE int
check_conf(struct tool *t, const char *path, const char *data, size_t len,
    void *arg)
{
	const struct conf_expect *ex = arg;
	const struct conf_authority *a;
	char err[CONF_ERR_MAX];
	struct conf *c = NULL;
	int bad;

	if (conf_load_text(path, data, len, &c, err, sizeof(err)) !=
	    EBID_OK) {
		tool_error(t, "%s", err);
		return 1;
	}
	a = auth_find(c, ex->id);
	bad = (a != NULL) != ex->present || (a != NULL &&
	    ex->policies != NULL && strcmp(a->policies, ex->policies) != 0);
	conf_free(&c);
	return bad;
}

/* --- policy OIDs, as written ----------------------------------------- */

/*
 * Arcs whose policies the deny rules always refuse: an authority's
 * policy there could only ever accept a card that is refused anyway.
 */
static const struct {
	const char	*arc;	/* dotted */
	const char	*what;	/* N_() */
} denied_arcs[] = {
	{ "1.2.392.200149.8.5.1", N_("a My Number card (JPKI) policy") },
	{ "1.2.392.100300.1.3", N_("a corporate registry card policy") },
};

/* 1 if oid (DER content bytes) is the arc or lies under it. */
static int
in_arc(const uint8_t *der, size_t len, const char *arc)
{
	uint8_t a[POL_OID_DER_MAX];
	size_t alen;

	return pol_oid_from_text(arc, a, sizeof(a), &alen) == EBID_OK &&
	    len >= alen && memcmp(der, a, alen) == 0;
}

/* One OID as an administrator writes it: "1.2.3" or "1.2.3.". */
static int
check_oid(struct tool *t, const char *what, const char *s)
{
	uint8_t der[POL_OID_DER_MAX];
	size_t len, i;

	if (strlen(s) >= POL_OID_TXT_MAX ||
	    pol_oid_from_text(s, der, sizeof(der), &len) != EBID_OK) {
		tool_error(t, _("%s: '%s' is not a policy OID: write dotted "
		    "numbers, 1.2.3 for exactly that OID or 1.2.3. for any "
		    "OID under it; nothing was changed"), what, s);
		return TOOL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(denied_arcs) / sizeof(denied_arcs[0]); i++)
		if (in_arc(der, len, denied_arcs[i].arc)) {
			tool_error(t, _("%s: %s is %s: such cards are always "
			    "refused, so it would accept no card; nothing was "
			    "changed"), what, s, _(denied_arcs[i].what));
			return TOOL_EXIT_FAIL;
		}
	return TOOL_EXIT_OK;
}

/* The OIDs, checked, joined by spaces into out, each as written. */
static NOINLINE int
policies_join(struct tool *t, const char *what, const char *const *v,
    size_t n, char *out, size_t cap)
{
	size_t i, j, used = 0;
	int rc;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if ((rc = check_oid(t, what, v[i])) != TOOL_EXIT_OK)
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(v[i], v[j]) == 0) {
				tool_error(t, _("%s: %s is given twice"), what,
				    v[i]);
				return TOOL_EXIT_USAGE;
			}
		if ((size_t)snprintf(out + used, cap - used, "%s%s",
		    i > 0 ? " " : "", v[i]) >= cap - used) {
			/* cut short, a prefix would accept more: refuse */
			tool_error(t, _("%s: the policies do not fit in %d "
			    "bytes"), what, (int)cap - 1);
			return TOOL_EXIT_USAGE;
		}
		used += strlen(out + used);
	}
	return TOOL_EXIT_OK;
}

/* One OID of a list: "exact" or "descendants" (a trailing dot). */
static void
out_oid_form(struct tool *t, const char *oid, size_t n)
{
	char text[CONF_TEXT_MAX], bare[CONF_TEXT_MAX];
	int desc = n > 1 && oid[n - 1] == '.';

	snprintf(bare, sizeof(bare), "%.*s", (int)(desc ? n - 1 : n), oid);
	if (t->json) {
		out_obj_begin(t, NULL, NULL);
		out_str(t, "oid", NULL, bare);
		out_str(t, "match", NULL, desc ? "descendants" : "exact");
		out_obj_end(t);
		return;
	}
	if (desc)
		snprintf(text, sizeof(text), _("%s. (any OID under %s)"), bare,
		    bare);
	else
		snprintf(text, sizeof(text), _("%s (exactly this OID)"), bare);
	out_str(t, NULL, NULL, text);
}

/* A policies line's OIDs, each with its form; "" is any policy. */
static void
out_policies(struct tool *t, const char *key, const char *label,
    const char *list)
{
	const char *p = list;
	size_t n;

	out_list_begin(t, key, label);
	for (p += strspn(p, " \t"); *p != '\0'; p += strspn(p, " \t")) {
		n = strcspn(p, " \t");
		out_oid_form(t, p, n);
		p += n;
	}
	if (list[0] == '\0' && !t->json)
		out_str(t, NULL, NULL, _("any (no policies line: a "
		    "certificate with any policy, or none, is accepted)"));
	out_list_end(t);
}

/* --- output ---------------------------------------------------------- */

static void
out_cert_facts(struct tool *t, X509 *x)
{
	char buf[512], hex[STORE_FP_HEX];
	uint8_t fp[STORE_FP_LEN];

	if (t->json) {
		store_name(X509_get_subject_name(x), buf, sizeof(buf));
		out_str(t, "subject", _("subject"), buf);
	}
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
}

static void
out_cert(struct tool *t, X509 *x)
{
	char buf[512];

	store_name(X509_get_subject_name(x), buf, sizeof(buf));
	out_obj_begin(t, NULL, buf);
	out_cert_facts(t, x);
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
	    b->c->n == 0)
		out_text(t, "%s", _("no CA certificate: no card belongs to "
		    "this authority"));
	out_list_begin(t, "ca_certs", _("CA certificates"));
	for (i = 0; b != NULL && i < b->c->n; i++)
		out_cert(t, b->c->x[i]);
	out_list_end(t);
	bundle_free(&b);
}

static int
cmd_list(struct tool *t, int argc, char **argv)
{
	struct topts o;
	size_t i;
	int rc;

	if ((rc = topt_parse(t, argc, argv, 0, 0, &o)) != TOOL_EXIT_OK ||
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
	out_policies(t, "policies", _("accepted policies"), a->policies);
	if (t->json)
		out_bool(t, "any_policy", NULL, a->policies[0] == '\0');
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

	if ((rc = topt_parse(t, argc, argv, 1, 1, &o)) != TOOL_EXIT_OK ||
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

/* What trust add makes of each certificate of the file. */
enum verdict {
	V_OK = 0,	/* passes the checks; the file is refused for another */
	V_NEW,		/* to be added */
	V_PRESENT,	/* already in the authority's bundle */
	V_REPEATED,	/* the same as an earlier one of the file */
	V_REFUSED,
	V_COUNT
};

static const struct {
	const char	*key;	/* JSON */
	const char	*text;	/* N_() */
} verdicts[] = {
	[V_OK] = { "acceptable", N_("passes the checks") },
	[V_NEW] = { "new", N_("new: to be added") },
	[V_PRESENT] = { "present", N_("already trusted") },
	[V_REPEATED] = { "repeated", N_("repeated in this file: added "
	    "once") },
	[V_REFUSED] = { "refused", N_("refused") },
};

_Static_assert(sizeof(verdicts) / sizeof(verdicts[0]) == V_COUNT,
    "one row per verdict");

#define WHY_MAX	(2 * POL_REASON_LEN)

/* About 33 KiB: allocated. */
struct judged {
	struct store_certs	*in;
	enum verdict		 v[STORE_CERTS_MAX];
	char			 why[STORE_CERTS_MAX][WHY_MAX];
	size_t			 nrefused;
	size_t			 nnew;
	size_t			 added;
};

static void
judged_free(struct judged **jp)
{
	if (*jp == NULL)
		return;
	store_certs_free(&(*jp)->in);
	free(*jp);
	*jp = NULL;
}

/* The deny rules' reasons for the CA itself (its names, policies, key). */
static int
deny_why(struct tool *t, X509 *x, char *why, size_t n)
{
	struct pol_reasons *r;
	size_t i, used = 0;
	int denied = 1;

	if ((r = pol_reasons_new()) == NULL ||
	    pol_deny_check(x, x, r) != EBID_OK) {
		snprintf(why, n, "%s", _("the CA certificate could not be "
		    "checked"));
		goto out;
	}
	why[0] = '\0';
	for (i = 0; i < r->n && used < n; i++) {
		snprintf(why + used, n - used, "%s%s", i > 0 ? "; " : "",
		    tool_lang(t, r->r[i].en, r->r[i].ja));
		used += strlen(why + used);
	}
	denied = r->n > 0;
out:
	pol_reasons_free(&r);
	return denied;
}

/* 0 for a CA certificate, valid now, of no denied kind; else why not. */
static NOINLINE int
judge_ca(struct tool *t, X509 *x, char *why, size_t n)
{
	char d[32], deny[WHY_MAX];

	if (deny_why(t, x, deny, sizeof(deny)))
		snprintf(why, n, _("this CA must never be trusted: %s"), deny);
	else if ((X509_get_extension_flags(x) & EXFLAG_CA) == 0)
		snprintf(why, n, "%s", _("not a CA certificate "
		    "(basicConstraints CA:TRUE is missing)"));
	else if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		store_date(X509_get0_notAfter(x), d, sizeof(d));
		snprintf(why, n, _("the CA certificate expired on %s"), d);
	} else if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0) {
		store_date(X509_get0_notBefore(x), d, sizeof(d));
		snprintf(why, n, _("the CA certificate is not valid before %s"),
		    d);
	} else
		return 0;
	return -1;
}

/* Every certificate of the file, checked on its own. */
static int
judged_read(struct tool *t, const char *path, struct judged **out)
{
	struct judged *j;
	uint8_t fp[STORE_FP_LEN];
	size_t i;
	int rc;

	if ((*out = j = calloc(1, sizeof(*j))) == NULL) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	if ((rc = store_certs_read(t, path, &j->in)) != TOOL_EXIT_OK)
		return rc;
	for (i = 0; i < j->in->n; i++) {
		if (judge_ca(t, j->in->x[i], j->why[i], WHY_MAX) != 0) {
			j->v[i] = V_REFUSED;
			j->nrefused++;
		} else if (store_x509_fp(j->in->x[i], fp) == 0 &&
		    certs_find(j->in, i, fp) >= 0)
			j->v[i] = V_REPEATED;
	}
	return TOOL_EXIT_OK;
}

static void
out_judged(struct tool *t, const struct judged *j)
{
	char subj[512];
	size_t i;

	out_list_begin(t, "certificates", _("certificates"));
	for (i = 0; i < j->in->n; i++) {
		store_name(X509_get_subject_name(j->in->x[i]), subj,
		    sizeof(subj));
		out_obj_begin(t, NULL, subj);
		out_cert_facts(t, j->in->x[i]);
		if (t->json)
			out_str(t, "verdict", NULL, verdicts[j->v[i]].key);
		else
			out_str(t, NULL, _("verdict"),
			    _(verdicts[j->v[i]].text));
		if (j->v[i] == V_REFUSED || t->json)
			out_str(t, "reason", _("reason"), j->v[i] ==
			    V_REFUSED ? j->why[i] : NULL);
		out_obj_end(t);
	}
	out_list_end(t);
}

/* A file with a refused certificate: each reason, and nothing written. */
static int
refuse_file(struct tool *t, const struct judged *j, const char *path)
{
	char subj[512];
	size_t i;

	out_judged(t, j);
	for (i = 0; i < j->in->n; i++) {
		if (j->v[i] != V_REFUSED)
			continue;
		store_name(X509_get_subject_name(j->in->x[i]), subj,
		    sizeof(subj));
		tool_error(t, _("%s: certificate %zu (%s): refused: %s"),
		    path, i + 1, subj, j->why[i]);
	}
	tool_error(t, _("%s: %zu of %zu certificates refused: the file is "
	    "refused as a whole and nothing was written"), path, j->nrefused,
	    j->in->n);
	return TOOL_EXIT_FAIL;
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
check_id(struct tool *t, const char *id)
{
	if (id[0] == '\0' || strlen(id) >= CONF_NAME_MAX ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
	    strlen(id)) {
		tool_error(t, _("'%s' is not an authority name ([a-z0-9_-])"),
		    id);
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

/* The options of trust add; pol: the --policy OIDs joined. */
static int
check_opts(struct tool *t, const struct topts *o, const char *id,
    char *pol, size_t n)
{
	int rc;

	if ((rc = check_id(t, id)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--name-ja", o->name_ja)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--name-en", o->name_en)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--lock-count", o->lock)) != TOOL_EXIT_OK)
		return rc;
	return policies_join(t, "--policy", o->policy, o->npolicy, pol, n);
}

/* The options that describe a new authority, given for an existing one. */
static int
check_existing(struct tool *t, const struct confedit *e,
    const struct topts *o)
{
	const char *id = o->args[0];

	if (auth_find(e->conf, id) == NULL)
		return TOOL_EXIT_OK;
	if (o->npolicy > 0) {
		tool_error(t, _("authority %s exists: set its policies with "
		    "'ebid-tool trust policy %s OID...'; nothing was changed"),
		    id, id);
		return TOOL_EXIT_USAGE;
	}
	if (o->name_ja != NULL || o->name_en != NULL || o->lock != NULL) {
		tool_error(t, _("authority %s exists: --name-ja, --name-en "
		    "and --lock-count only describe a new one (edit %s to "
		    "change them); nothing was changed"), id, t->conf->path);
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

/* The configuration with a new [authority id] section at its end. */
static NOINLINE int
new_section(struct tool *t, const struct confedit *e, const struct topts *o,
    const char *pol, char **out, size_t *olen)
{
	const char *id = o->args[0], *cd = e->conf->policy.ca_dir;
	size_t n, cap = 6 * CONF_TEXT_MAX;
	char *sect;

	if (e->conf->nprofiles == 0) {
		tool_error(t, _("%s: no [profile] section for a new authority"),
		    t->conf->path);
		return TOOL_EXIT_CONFIG;
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
	    "", pol, pol[0] ? "\n" : "", cd[0] ? "" : "ca_file = ",
	    cd[0] ? "" : id, cd[0] ? "" : ".pem\n");
	if (n >= cap) {
		free(*out);
		*out = NULL;
		return TOOL_EXIT_INTERNAL;
	}
	*olen = e->len + n;
	return TOOL_EXIT_OK;
}

/* The bundle with every V_NEW certificate of j appended, in file order. */
static NOINLINE int
bundle_append(struct tool *t, const char *path, const struct bundle *b,
    const struct judged *j)
{
	BIO *bio;
	char *pem = NULL, *all = NULL;
	long plen = 0;
	size_t i, want = b->c->n + j->nnew, len = b->len;
	int rc = TOOL_EXIT_INTERNAL;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		goto out;
	for (i = 0; i < j->in->n; i++)
		if (j->v[i] == V_NEW && PEM_write_bio_X509(bio,
		    j->in->x[i]) != 1)
			goto out;
	if ((plen = BIO_get_mem_data(bio, &pem)) <= 0 ||
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

/* Which of the file's certificates the bundle holds already. */
static int
mark_present(struct tool *t, const struct bundle *b, struct judged *j)
{
	uint8_t fp[STORE_FP_LEN];
	size_t i;

	for (i = 0; i < j->in->n; i++) {
		if (j->v[i] == V_REPEATED)
			continue;
		j->v[i] = store_x509_fp(j->in->x[i], fp) == 0 &&
		    bundle_find(b, fp) >= 0 ? V_PRESENT : V_NEW;
		j->nnew += j->v[i] == V_NEW;
	}
	if (b->c->n + j->nnew > STORE_CERTS_MAX) {
		tool_error(t, _("the CA bundle would hold more than %d "
		    "certificates; nothing was written"), STORE_CERTS_MAX);
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

/* Writes the bundle, then (a new authority) the configuration. */
static NOINLINE int
write_add(struct tool *t, const char *path, const struct bundle *b,
    struct judged *j, const char *ntext, size_t nlen, void *ex)
{
	int rc, existed = access(path, F_OK) == 0;

	if ((rc = bundle_append(t, path, b, j)) != TOOL_EXIT_OK)
		return rc;
	if (ntext != NULL && (rc = store_replace(t, t->conf->path, ntext,
	    nlen, check_conf, ex)) != TOOL_EXIT_OK)
		bundle_undo(path, existed);
	else
		j->added = j->nnew;
	return rc;
}

static NOINLINE int
add_certs(struct tool *t, struct confedit *e, const struct topts *o,
    const char *pol, struct judged *j)
{
	const struct conf_authority *a = auth_find(e->conf, o->args[0]);
	struct conf_expect ex = { o->args[0], 1, pol };
	struct store_lock lk = { -1 };
	struct bundle *b = NULL;
	char path[CONF_PATH_MAX], *ntext = NULL;
	size_t nlen = 0;
	int rc;

	if ((rc = bundle_path(t, e->conf, a, o->args[0], path,
	    sizeof(path))) != TOOL_EXIT_OK ||
	    (a == NULL && (rc = new_section(t, e, o, pol, &ntext, &nlen)) !=
	    TOOL_EXIT_OK) ||
	    (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK ||
	    (rc = bundle_read(t, path, &b)) != TOOL_EXIT_OK)
		goto out;
	out_str(t, "ca_bundle", _("CA bundle"), path);
	rc = mark_present(t, b, j);
	out_judged(t, j);
	if (rc != TOOL_EXIT_OK)
		goto out;
	if (j->nnew == 0)
		out_text(t, "%s", _("already trusted: nothing to do"));
	else
		rc = write_add(t, path, b, j, ntext, nlen, &ex);
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
	struct judged *j = NULL;
	char pol[CONF_TEXT_MAX];
	struct topts o;
	int rc;

	if ((rc = topt_parse(t, argc, argv, 2, 2, &o)) != TOOL_EXIT_OK ||
	    (rc = check_opts(t, &o, o.args[0], pol, sizeof(pol))) !=
	    TOOL_EXIT_OK ||
	    (rc = judged_read(t, o.args[1], &j)) != TOOL_EXIT_OK)
		goto out;
	out_begin(t);
	out_str(t, "authority", _("authority"), o.args[0]);
	out_str(t, "file", _("file"), o.args[1]);
	out_int(t, "count", _("certificates in the file"),
	    (long long)j->in->n);
	if (j->nrefused > 0)
		rc = refuse_file(t, j, o.args[1]);
	else if ((rc = confedit_open(t, &e)) == TOOL_EXIT_OK &&
	    (rc = check_existing(t, &e, &o)) == TOOL_EXIT_OK)
		rc = add_certs(t, &e, &o, pol, j);
	out_int(t, "added", _("certificates added"), (long long)j->added);
	out_bool(t, "changed", _("changed"), j->added > 0);
	out_end(t);
out:
	confedit_free(&e);
	judged_free(&j);
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
	struct conf_expect ex = { a->id, 0, NULL };
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
	} else if (b->c->n == 1 && a->ca_file[0] != '\0') {
		tool_error(t, _("that is the last CA certificate of authority "
		    "%s (ca_file %s): remove the authority instead (trust "
		    "remove %s)"), a->id, path, a->id);
		rc = TOOL_EXIT_FAIL;
	} else if (b->c->n == 1) {
		rc = store_remove(t, path);
	} else if ((n = malloc(b->len + 1)) != NULL) {
		nlen = b->len - (b->c->e[i] - b->c->s[i]);
		memcpy(n, b->text, b->c->s[i]);
		memcpy(n + b->c->s[i], b->text + b->c->e[i], b->len -
		    b->c->e[i]);
		want = b->c->n - 1;
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

	if ((rc = topt_parse(t, argc, argv, 1, 1, &o)) != TOOL_EXIT_OK)
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

/* --- policy ---------------------------------------------------------- */

/*
 * The line of key in the section [s, end) (its header line first), from
 * its first byte to after its newline: 1 if found.
 */
static int
find_key(const char *text, size_t s, size_t end, const char *key,
    size_t *ls, size_t *le)
{
	size_t i, next, p, kl = strlen(key);

	for (i = s; i < end; i = next) {
		for (next = i; next < end && text[next] != '\n'; next++)
			;
		next = next < end ? next + 1 : end;
		for (p = i; p < next && (text[p] == ' ' || text[p] == '\t');
		    p++)
			;
		if (next - p > kl && memcmp(text + p, key, kl) == 0 &&
		    strchr("= \t", text[p + kl]) != NULL) {
			*ls = i;
			*le = next;
			return 1;
		}
	}
	return 0;
}

/* The line ending used at the end of text[0, at): "\r\n" or "\n". */
static const char *
eol_at(const char *text, size_t at)
{
	return at >= 2 && text[at - 1] == '\n' && text[at - 2] == '\r' ?
	    "\r\n" : "\n";
}

/*
 * The configuration with the authority's policies line set to pol, or
 * removed (pol ""), every other byte as it was: an existing line is
 * replaced where it is; a new one goes after the section's last key.
 */
static NOINLINE int
policies_text(const struct confedit *e, const struct conf_authority *a,
    const char *pol, char **out, size_t *olen)
{
	char line[CONF_TEXT_MAX + 32];
	size_t s, end, ls, le;
	int found;

	section_span(e->text, e->len, a->line, &s, &end);
	if (!(found = find_key(e->text, s, end, "policies", &ls, &le)))
		ls = le = end;
	line[0] = '\0';
	if (pol[0] != '\0')
		snprintf(line, sizeof(line), "%spolicies = %s%s",
		    ls > 0 && e->text[ls - 1] != '\n' ? "\n" : "", pol,
		    found && e->text[le - 1] != '\n' ? "" :
		    eol_at(e->text, found ? le : s + 1 + strcspn(e->text + s,
		    "\n")));
	if ((*out = malloc(e->len - (le - ls) + strlen(line) + 1)) == NULL)
		return TOOL_EXIT_INTERNAL;
	memcpy(*out, e->text, ls);
	memcpy(*out + ls, line, strlen(line));
	memcpy(*out + ls + strlen(line), e->text + le, e->len - le);
	*olen = e->len - (le - ls) + strlen(line);
	(*out)[*olen] = '\0';
	return TOOL_EXIT_OK;
}

static NOINLINE int
set_policies(struct tool *t, const struct confedit *e,
    const struct conf_authority *a, const char *pol, int *changed)
{
	struct conf_expect ex = { a->id, 1, pol };
	char *n = NULL;
	size_t nlen = 0;
	int rc;

	out_policies(t, "old_policies", _("policies before"), a->policies);
	if (strcmp(a->policies, pol) == 0) {
		out_text(t, "%s", _("the policies are already these: nothing "
		    "to do"));
		return TOOL_EXIT_OK;
	}
	if ((rc = policies_text(e, a, pol, &n, &nlen)) == TOOL_EXIT_OK &&
	    (rc = store_replace(t, t->conf->path, n, nlen, check_conf,
	    &ex)) == TOOL_EXIT_OK)
		*changed = 1;
	free(n);
	return rc;
}

static int
cmd_policy(struct tool *t, int argc, char **argv)
{
	struct confedit e = { { -1 }, NULL, 0, NULL };
	const struct conf_authority *a;
	char pol[CONF_TEXT_MAX];
	struct topts o;
	int rc, changed = 0;

	if ((rc = topt_parse(t, argc, argv, 1, ARGS_MAX, &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.clear == (o.nargs > 1) || o.npolicy > 0) {
		tool_error(t, "%s", _("usage: ebid-tool trust policy AUTHORITY "
		    "OID... (replaces the list) or --clear (any policy)"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = check_id(t, o.args[0])) != TOOL_EXIT_OK ||
	    (rc = policies_join(t, "trust policy",
	    (const char *const *)o.args + 1, (size_t)o.nargs - 1, pol,
	    sizeof(pol))) != TOOL_EXIT_OK)
		return rc;
	out_begin(t);
	out_str(t, "authority", _("authority"), o.args[0]);
	if ((rc = confedit_open(t, &e)) == TOOL_EXIT_OK &&
	    (rc = auth_get(t, e.conf, o.args[0], &a)) == TOOL_EXIT_OK &&
	    (rc = set_policies(t, &e, a, pol, &changed)) == TOOL_EXIT_OK)
		out_policies(t, "policies", _("accepted policies"), pol);
	out_bool(t, "changed", _("changed"), changed);
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
	{ "policy", cmd_policy },
	{ "remove", cmd_remove },
};

int
tool_cmd_trust(struct tool *t, int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		tool_error(t, "%s", _("trust: give a subcommand: list, show, "
		    "add, policy or remove"));
		return TOOL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(t, argc - 1, argv + 1);
	tool_error(t, _("trust: unknown subcommand '%s'"), argv[1]);
	return TOOL_EXIT_USAGE;
}
