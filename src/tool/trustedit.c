/*
 * trustedit.c - ebid-tool trust add and trust remove: each certificate
 * judged, the bundle and the configuration changed together or not at
 * all.
 */
#include "config.h"

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
		    tool_tf_certs_find(j->in, i, fp) >= 0)
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
		tool_trust_out_cert_facts(t, j->in->x[i]);
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

int
tool_trust_check_id(struct tool *t, const char *id)
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

	if ((rc = tool_trust_check_id(t, id)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--name-ja", o->name_ja)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--name-en", o->name_en)) != TOOL_EXIT_OK ||
	    (rc = valid_text(t, "--lock-count", o->lock)) != TOOL_EXIT_OK)
		return rc;
	return tool_tf_policies_join(t, "--policy", o->policy, o->npolicy, pol,
	    n);
}

/* The options that describe a new authority, given for an existing one. */
static int
check_existing(struct tool *t, const struct confedit *e,
    const struct topts *o)
{
	const char *id = o->args[0];

	if (tool_tf_auth_find(e->conf, id) == NULL)
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
	rc = store_replace(t, path, all, len + (size_t)plen,
	    tool_tf_check_bundle,
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
		    tool_tf_bundle_find(b, fp) >= 0 ? V_PRESENT : V_NEW;
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
	    nlen, tool_tf_check_conf, ex)) != TOOL_EXIT_OK)
		bundle_undo(path, existed);
	else
		j->added = j->nnew;
	return rc;
}

static NOINLINE int
add_certs(struct tool *t, struct confedit *e, const struct topts *o,
    const char *pol, struct judged *j)
{
	const struct conf_authority *a = tool_tf_auth_find(e->conf, o->args[0]);
	struct conf_expect ex = { o->args[0], 1, pol };
	struct store_lock lk = { -1 };
	struct bundle *b = NULL;
	char path[CONF_PATH_MAX], *ntext = NULL;
	size_t nlen = 0;
	int rc;

	if ((rc = tool_tf_bundle_path(t, e->conf, a, o->args[0], path,
	    sizeof(path))) != TOOL_EXIT_OK ||
	    (a == NULL && (rc = new_section(t, e, o, pol, &ntext, &nlen)) !=
	    TOOL_EXIT_OK) ||
	    (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK ||
	    (rc = tool_tf_bundle_read(t, path, &b)) != TOOL_EXIT_OK)
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
	tool_tf_bundle_free(&b);
	free(ntext);
	return rc;
}

int
tool_trust_add(struct tool *t, int argc, char **argv)
{
	struct confedit e = { { -1 }, NULL, 0, NULL };
	struct judged *j = NULL;
	char pol[CONF_TEXT_MAX];
	struct topts o;
	int rc;

	if ((rc = tool_trust_opts_parse(t, argc, argv, 2, 2,
	    &o)) != TOOL_EXIT_OK ||
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
	else if ((rc = tool_tf_confedit_open(t, &e)) == TOOL_EXIT_OK &&
	    (rc = check_existing(t, &e, &o)) == TOOL_EXIT_OK)
		rc = add_certs(t, &e, &o, pol, j);
	out_int(t, "added", _("certificates added"), (long long)j->added);
	out_bool(t, "changed", _("changed"), j->added > 0);
	out_end(t);
out:
	tool_tf_confedit_free(&e);
	judged_free(&j);
	return rc;
}

/* --- remove --------------------------------------------------------- */

/*
 * The [authority] section whose header is on line (1-based): up to its
 * last key line; comments and blank lines before the next section stay
 * (they describe the next one).
 */
void
tool_trust_section_span(const char *s, size_t len, unsigned line, size_t *start,
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

	tool_trust_section_span(e->text, e->len, a->line, &s, &end);
	if (end == e->len && s >= 2 && e->text[s - 1] == '\n' &&
	    e->text[s - 2] == '\n')
		s--;	/* the blank line trust add put before it */
	if ((n = malloc(e->len - (end - s) + 1)) == NULL)
		return TOOL_EXIT_INTERNAL;
	memcpy(n, e->text, s);
	memcpy(n + s, e->text + end, e->len - end);
	n[e->len - (end - s)] = '\0';
	rc = store_replace(t, t->conf->path, n, e->len - (end - s),
	    tool_tf_check_conf,
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
		    tool_tf_bundle_path(t, c, &c->auths[i], c->auths[i].id,
		    other,
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

	have_path = tool_tf_bundle_path(t, e->conf, a, a->id, path,
	    sizeof(path)) ==
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

	if ((rc = tool_tf_bundle_path(t, e->conf, a, a->id, path,
	    sizeof(path))) !=
	    TOOL_EXIT_OK || (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK ||
	    (rc = tool_tf_bundle_read(t, path, &b)) != TOOL_EXIT_OK)
		goto out;
	if ((i = tool_tf_bundle_find(b, fp)) < 0) {
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
		rc = store_replace(t, path, n, nlen, tool_tf_check_bundle,
		    &want);
	} else {
		rc = TOOL_EXIT_INTERNAL;
	}
out:
	free(n);
	store_unlock(&lk);
	tool_tf_bundle_free(&b);
	return rc;
}

int
tool_trust_remove(struct tool *t, int argc, char **argv)
{
	struct confedit e = { { -1 }, NULL, 0, NULL };
	const struct conf_authority *a;
	uint8_t fp[STORE_FP_LEN];
	struct topts o;
	int rc;

	if ((rc = tool_trust_opts_parse(t, argc, argv, 1, 1,
	    &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.fp != NULL && store_fp_parse(o.fp, fp) != 0) {
		tool_error(t, _("bad fingerprint '%s' (SHA-256: 64 hex "
		    "digits)"), o.fp);
		return TOOL_EXIT_USAGE;
	}
	out_begin(t);
	out_str(t, "authority", _("authority"), o.args[0]);
	if ((rc = tool_tf_confedit_open(t, &e)) == TOOL_EXIT_OK &&
	    (rc = tool_tf_auth_get(t, e.conf, o.args[0], &a)) == TOOL_EXIT_OK)
		rc = o.fp != NULL ? remove_cert(t, &e, a, fp) :
		    remove_authority(t, &e, a);
	if (rc == TOOL_EXIT_OK)
		out_text(t, "%s", _("removed"));
	out_bool(t, "changed", _("changed"), rc == TOOL_EXIT_OK);
	out_end(t);
	tool_tf_confedit_free(&e);
	return rc;
}

