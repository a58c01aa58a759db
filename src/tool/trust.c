/*
 * trust.c - ebid-tool trust: the configured authorities and their CA
 * certificates (FAQ Q2-4/5/7; JPKI and corporate-registry CAs refused,
 * Q2-6/Q2-19); here the options, list, show, policy and the dispatch
 * (add and remove: trustedit.c; the files they change: trustfile.c).
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
#include "tool/trust.h"
#include "tool/trustedit.h"
#include "tool/trustfile.h"

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */

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
int
tool_trust_opts_parse(struct tool *t, int argc, char **argv, int nmin, int nmax,
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

/* --- output ---------------------------------------------------------- */

void
tool_trust_out_cert_facts(struct tool *t, X509 *x)
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
	tool_trust_out_cert_facts(t, x);
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
	if (tool_tf_bundle_path(t, c, a, a->id, path,
	    sizeof(path)) != TOOL_EXIT_OK)
		path[0] = '\0';
	out_str(t, "ca_bundle", _("CA bundle"), path[0] != '\0' ? path :
	    NULL);
	if (path[0] != '\0' && tool_tf_bundle_read(t, path,
	    &b) == TOOL_EXIT_OK &&
	    b->c->n == 0)
		out_text(t, "%s", _("no CA certificate: no card belongs to "
		    "this authority"));
	out_list_begin(t, "ca_certs", _("CA certificates"));
	for (i = 0; b != NULL && i < b->c->n; i++)
		out_cert(t, b->c->x[i]);
	out_list_end(t);
	tool_tf_bundle_free(&b);
}

static int
cmd_list(struct tool *t, int argc, char **argv)
{
	struct topts o;
	size_t i;
	int rc;

	if ((rc = tool_trust_opts_parse(t, argc, argv, 0, 0,
	    &o)) != TOOL_EXIT_OK ||
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
	tool_tf_out_policies(t, "policies", _("accepted policies"),
	    a->policies);
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

	if ((rc = tool_trust_opts_parse(t, argc, argv, 1, 1,
	    &o)) != TOOL_EXIT_OK ||
	    (rc = tool_conf(t)) != TOOL_EXIT_OK ||
	    (rc = tool_tf_auth_get(t, t->conf, o.args[0], &a)) != TOOL_EXIT_OK)
		return rc;
	out_begin(t);
	out_authority(t, t->conf, a);
	out_policy(t, t->conf, a);
	out_end(t);
	return TOOL_EXIT_OK;
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

	tool_trust_section_span(e->text, e->len, a->line, &s, &end);
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

	tool_tf_out_policies(t, "old_policies", _("policies before"),
	    a->policies);
	if (strcmp(a->policies, pol) == 0) {
		out_text(t, "%s", _("the policies are already these: nothing "
		    "to do"));
		return TOOL_EXIT_OK;
	}
	if ((rc = policies_text(e, a, pol, &n, &nlen)) == TOOL_EXIT_OK &&
	    (rc = store_replace(t, t->conf->path, n, nlen, tool_tf_check_conf,
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

	if ((rc = tool_trust_opts_parse(t, argc, argv, 1, ARGS_MAX,
	    &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.clear == (o.nargs > 1) || o.npolicy > 0) {
		tool_error(t, "%s", _("usage: ebid-tool trust policy AUTHORITY "
		    "OID... (replaces the list) or --clear (any policy)"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = tool_trust_check_id(t, o.args[0])) != TOOL_EXIT_OK ||
	    (rc = tool_tf_policies_join(t, "trust policy",
	    (const char *const *)o.args + 1, (size_t)o.nargs - 1, pol,
	    sizeof(pol))) != TOOL_EXIT_OK)
		return rc;
	out_begin(t);
	out_str(t, "authority", _("authority"), o.args[0]);
	if ((rc = tool_tf_confedit_open(t, &e)) == TOOL_EXIT_OK &&
	    (rc = tool_tf_auth_get(t, e.conf, o.args[0], &a)) == TOOL_EXIT_OK &&
	    (rc = set_policies(t, &e, a, pol, &changed)) == TOOL_EXIT_OK)
		tool_tf_out_policies(t, "policies", _("accepted policies"),
		    pol);
	out_bool(t, "changed", _("changed"), changed);
	out_end(t);
	tool_tf_confedit_free(&e);
	return rc;
}

static const struct {
	const char	*name;
	int		(*fn)(struct tool *, int, char **);
} subs[] = {
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "add", tool_trust_add },
	{ "policy", cmd_policy },
	{ "remove", tool_trust_remove },
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
