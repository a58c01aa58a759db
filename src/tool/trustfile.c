/*
 * trustfile.c - the files ebid-tool trust changes: CA bundles, the
 * configuration under edit, and policy OIDs as an administrator writes
 * them.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "common/err.h"
#include "policy/oid.h"
#include "tool/store.h"
#include "tool/trust.h"
#include "tool/trustfile.h"

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))
/* --- bundles -------------------------------------------------------- */

void
tool_tf_bundle_free(struct bundle **bp)
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
	tool_tf_bundle_free(&b);
	return rc;
}

/* The bundle at path (empty when missing); malformed: TOOL_EXIT_CONFIG. */
int
tool_tf_bundle_read(struct tool *t, const char *path, struct bundle **out)
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

long
tool_tf_certs_find(const struct store_certs *c, size_t n, const uint8_t *fp)
{
	uint8_t f[STORE_FP_LEN];
	size_t i;

	for (i = 0; i < n && i < c->n; i++)
		if (store_x509_fp(c->x[i], f) == 0 &&
		    memcmp(f, fp, STORE_FP_LEN) == 0)
			return (long)i;
	return -1;
}

long
tool_tf_bundle_find(const struct bundle *b, const uint8_t *fp)
{
	return tool_tf_certs_find(b->c, b->c->n, fp);
}

/* The new bundle must hold exactly *arg certificates, all readable. */
int
tool_tf_check_bundle(struct tool *t, const char *path, const char *data,
    size_t len,
    void *arg)
{
	struct bundle *b = NULL;
	int bad;

	(void)t;
	if (bundle_parse(NULL, path, data, len, &b) != TOOL_EXIT_OK)
		return 1;
	bad = b->c->n != *(size_t *)arg;
	tool_tf_bundle_free(&b);
	return bad;
}

/* --- the configuration ---------------------------------------------- */

const struct conf_authority *
tool_tf_auth_find(const struct conf *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nauths; i++)
		if (strcmp(c->auths[i].id, id) == 0)
			return &c->auths[i];
	return NULL;
}

int
tool_tf_auth_get(struct tool *t, const struct conf *c, const char *id,
    const struct conf_authority **a)
{
	if ((*a = tool_tf_auth_find(c, id)) == NULL) {
		tool_error(t, _("%s: no authority '%s'"), c->path, id);
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

/* The CA bundle of authority id (a NULL: not configured yet). */
NOINLINE int
tool_tf_bundle_path(struct tool *t, const struct conf *c,
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

void
tool_tf_confedit_free(struct confedit *e)
{
	store_unlock(&e->lock);
	conf_free(&e->conf);
	free(e->text);
	e->text = NULL;
}

/* Locks and re-reads the configuration; a malformed one is left alone. */
NOINLINE int
tool_tf_confedit_open(struct tool *t, struct confedit *e)
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

NOINLINE int
tool_tf_check_conf(struct tool *t, const char *path, const char *data,
    size_t len,
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
	a = tool_tf_auth_find(c, ex->id);
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
NOINLINE int
tool_tf_policies_join(struct tool *t, const char *what, const char *const *v,
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
void
tool_tf_out_policies(struct tool *t, const char *key, const char *label,
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

