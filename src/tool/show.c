/*
 * show.c - ebid-tool show [-r READER | FILE]: a card's certificate for
 * a person: holder, organisation, authority, validity with days left,
 * policy OIDs, key, fingerprint (the registry's card key) and verdict.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "common/err.h"
#include "policy/oid.h"
#include "tool/store.h"
#include "tool/tool.h"

#define EXPIRY_WARN_DAYS	60	/* a new card takes weeks: FAQ Q2-8 */

static void
out_validity(struct tool *t, X509 *x)
{
	char text[64];
	int days = 0, secs = 0;

	tool_time_text(X509_get0_notBefore(x), text, sizeof(text));
	out_str(t, "not_before", _("Valid from"), text);
	tool_time_text(X509_get0_notAfter(x), text, sizeof(text));
	out_str(t, "not_after", _("Valid until"), text);
	if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x)) != 1)
		return;
	if (days < 0 || (days == 0 && secs < 0)) {
		out_int(t, "days_left", _("Days left"), 0);
		out_text(t, "%s", _("The certificate has EXPIRED: register a "
		    "new card (FAQ Q2-11)."));
		return;
	}
	out_int(t, "days_left", _("Days left"), days);
	if (t->json)
		out_bool(t, "expires_soon", NULL, days < EXPIRY_WARN_DAYS);
	if (days < EXPIRY_WARN_DAYS)
		out_text(t, _("WARNING: the certificate expires in %d days; a "
		    "new card takes weeks to issue: apply for it now."), days);
}

static void
out_policies(struct tool *t, X509 *x)
{
	struct pol_oids *o;
	size_t i;

	if ((o = calloc(1, sizeof(*o))) == NULL)
		return;
	out_list_begin(t, "policies", _("Certificate policies"));
	if (pol_oid_collect(x, o) != EBID_OK)
		out_str(t, NULL, NULL, _("(the policy extension cannot be "
		    "read)"));
	for (i = 0; i < o->n; i++) {
		if (t->json) {
			out_str(t, NULL, NULL, o->v[i].txt);
			continue;
		}
		out_text(t, "- %s%s%s", o->v[i].txt,
		    o->v[i].src == POL_SRC_CPJP ? " (certificatePoliciesJP)" :
		    "", o->v[i].critical ? _(" (critical)") : "");
	}
	out_list_end(t);
	free(o);
}

static void
out_key(struct tool *t, X509 *x)
{
	EVP_PKEY *k = X509_get0_pubkey(x);

	out_str(t, "key_type", _("Key type"), k == NULL ? NULL :
	    EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA ? "RSA" :
	    OBJ_nid2sn(EVP_PKEY_get_base_id(k)));
	out_int(t, "key_bits", _("Key size (bits)"),
	    k != NULL ? EVP_PKEY_get_bits(k) : 0);
}

static void
out_cert(struct tool *t, X509 *x, const struct pol_decision *d)
{
	char text[CONF_TEXT_MAX];

	tool_cert_text(x, NID_commonName, text, sizeof(text));
	out_str(t, "holder", _("Holder"), text);
	tool_cert_text(x, NID_organizationName, text, sizeof(text));
	out_str(t, "organisation", _("Organisation"), text[0] ? text : NULL);
	tool_cert_text(x, NID_organizationalUnitName, text, sizeof(text));
	if (text[0] != '\0')
		out_str(t, "unit", _("Unit"), text);
	out_str(t, "authority", _("Authority"),
	    tool_auth_name(t, tool_authority(t, d)));
	(void)pol_name_text(X509_get_issuer_name(x), XN_FLAG_ONELINE |
	    ASN1_STRFLGS_UTF8_CONVERT, text, sizeof(text));
	out_str(t, "issuer", _("Issuer"), text);
	out_validity(t, x);
	out_policies(t, x);
	out_key(t, x);
	tool_cert_fp(x, text, sizeof(text));
	out_str(t, "sha256", _("SHA-256 fingerprint"), text);
}

int
tool_cmd_show(struct tool *t, int argc, char **argv)
{
	struct tool_card c;
	struct pol_decision d;
	const char *reader;
	X509 *x = NULL;
	int i, rc;

	memset(&c, 0, sizeof(c));
	memset(&d, 0, sizeof(d));
	if ((i = tool_opt_reader(t, argc, argv, &reader)) < 0)
		return TOOL_EXIT_USAGE;
	if (argc - i > 1 || (argc - i == 1 && (reader != NULL ||
	    argv[i][0] == '-'))) {
		tool_error(t, "%s", _("usage: ebid-tool show [-r READER | "
		    "FILE]"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = tool_trust(t)) != TOOL_EXIT_OK)
		return rc;
	if (i < argc) {
		if ((rc = store_x509_read(t, argv[i], &x)) != TOOL_EXIT_OK)
			return rc;
		rc = tool_decide(t, x, NULL, &d);
	} else if ((rc = tool_card_read(t, reader, &c)) == TOOL_EXIT_OK) {
		rc = tool_card_decide(t, &c, &d);	/* the module's */
	}
	if (rc != TOOL_EXIT_OK)
		goto out;
	out_begin(t);
	if (c.reader[0] != '\0')
		out_str(t, "reader", _("Reader"), c.reader);
	if (c.serial[0] != '\0')
		out_str(t, "serial", _("Card serial"), c.serial);
	if (x != NULL || c.cert != NULL)
		out_cert(t, x != NULL ? x : c.cert, &d);
	tool_out_decision(t, &d);
	out_end(t);
	rc = d.accepted ? TOOL_EXIT_OK : TOOL_EXIT_FAIL;
out:
	pol_decision_reset(&d);
	X509_free(x);
	tool_card_reset(&c);
	return rc;
}
