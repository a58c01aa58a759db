/*
 * regcard.c - ebid-tool registry register, update and unregister: the
 * card read or given, judged by the module's decision, then written.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "policy/registry.h"
#include "tool/regcard.h"
#include "tool/regfile.h"
#include "tool/registry.h"
#include "tool/store.h"

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))

/* A card given on the command line or read from a reader. */
struct cand {
	X509	*cert;
	X509	*ca;
	uint8_t	 fp[STORE_FP_LEN];
	char	 hex[STORE_FP_HEX];
};

/* --- register, update, unregister ---------------------------------- */

static void
cand_reset(struct cand *c)
{
	X509_free(c->cert);
	X509_free(c->ca);
	memset(c, 0, sizeof(*c));
}

static NOINLINE int
cand_card(struct tool *t, const char *reader, struct cand *c)
{
	struct tool_card card;
	int rc;

	memset(&card, 0, sizeof(card));
	if ((rc = tool_card_read(t, reader, &card)) == TOOL_EXIT_OK &&
	    card.jpki) {
		tool_error(t, _("%s: this is a My Number card (JPKI): it can "
		    "never be registered (FAQ Q2-6)"), card.reader);
		rc = TOOL_EXIT_FAIL;
	} else if (rc == TOOL_EXIT_OK && card.cert == NULL) {
		tool_error(t, _("%s: no certificate could be read from the "
		    "card"), card.reader);
		rc = TOOL_EXIT_CARD;
	}
	if (rc == TOOL_EXIT_OK) {	/* taken from the read */
		c->cert = card.ic.cert;
		c->ca = card.ic.ca;
		card.ic.cert = card.ic.ca = NULL;
	}
	tool_card_reset(&card);
	return rc;
}

/* The card: from a certificate file, or from the card in a reader. */
static int
cand_get(struct tool *t, const char *reader, const char *file,
    struct cand *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	rc = file != NULL ? store_x509_read(t, file, &c->cert) :
	    cand_card(t, reader, c);
	if (rc == TOOL_EXIT_OK && store_x509_fp(c->cert, c->fp) != 0) {
		tool_error(t, "%s", _("cannot compute the card's "
		    "fingerprint"));
		rc = TOOL_EXIT_INTERNAL;
	}
	if (rc != TOOL_EXIT_OK)
		cand_reset(c);
	else
		store_fp_hex(c->fp, c->hex, sizeof(c->hex));
	return rc;
}

/* The module's decision, with b (holding only this card) as registry. */
static NOINLINE int
card_decide(struct tool *t, const struct pol_bidder *b, struct cand *c,
    struct pol_decision *d)
{
	struct pol_registry one;
	struct pol_bidder row = *b;
	struct insp_card ic;

	row.cards = &c->fp;
	row.ncards = 1;
	memset(&one, 0, sizeof(one));
	one.encoding = POL_ENC_UTF8;
	one.nrows = 1;
	one.rows = &row;
	memset(&ic, 0, sizeof(ic));	/* the card's facts, as read */
	ic.cert = c->cert;
	ic.ca = c->ca;
	if (insp_card_decide_for(&ic, t->trust, tool_now(t), &one, d) !=
	    EBID_OK) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	return TOOL_EXIT_OK;
}

static void
out_reasons(struct tool *t, const struct pol_reasons *r)
{
	size_t i;

	out_list_begin(t, "reasons", _("reasons"));
	for (i = 0; r != NULL && i < r->n; i++) {
		if (!t->json) {
			out_str(t, NULL, NULL, tool_lang(t, r->r[i].en,
			    r->r[i].ja));
			continue;
		}
		out_obj_begin(t, NULL, NULL);
		out_str(t, "kind", NULL, pol_kind_name(r->r[i].kind));
		out_str(t, "text", NULL, tool_lang(t, r->r[i].en,
		    r->r[i].ja));
		out_obj_end(t);
	}
	out_list_end(t);
}

static void
out_card(struct tool *t, const char *key, const char *label,
    const struct cand *c)
{
	char subj[512];

	store_name(X509_get_subject_name(c->cert), subj, sizeof(subj));
	out_obj_begin(t, key, label);
	out_str(t, "subject", _("holder"), subj);
	out_str(t, "fingerprint", _("SHA-256"), c->hex);
	out_obj_end(t);
}

/* Every register check; TOOL_EXIT_FAIL with the reasons printed. */
static NOINLINE int
check_card(struct tool *t, const struct regctx *x, const struct pol_bidder *b,
    struct cand *c)
{
	const struct pol_bidder *other = NULL;
	struct pol_decision d;
	struct pol_bidder row = *b;
	int rc;

	if ((rc = card_decide(t, b, c, &d)) != TOOL_EXIT_OK)
		return rc;
	out_bool(t, "accepted", _("card accepted"), d.accepted);
	out_reasons(t, d.reasons);
	if (!d.accepted) {
		tool_error(t, _("the card cannot be registered to vendor %s "
		    "(%s): %s"), b->vendor, tool_reg_cat_label(b->category),
		    tool_lang(t, d.reasons->r[0].en, d.reasons->r[0].ja));
		rc = TOOL_EXIT_FAIL;
	}
	pol_decision_reset(&d);
	row.cards = &c->fp;
	row.ncards = 1;
	if (rc == TOOL_EXIT_OK &&
	    pol_registry_card_conflict(x->reg, &row, &other)) {
		tool_error(t, _("this card is already registered to vendor "
		    "%s (%s, line %zu): construction and consulting need "
		    "separate cards (FAQ Q2-14)"), other->vendor,
		    tool_reg_cat_label(other->category), other->line);
		out_str(t, "conflict", _("FAQ Q2-14 conflict with vendor"),
		    other->vendor);
		rc = TOOL_EXIT_FAIL;
	}
	return rc;
}

/* Parses VENDOR --category, loads trust if needed, opens the registry. */
static int
begin_edit(struct tool *t, const struct ropts *o, int trust,
    struct regctx *x, const struct pol_bidder **b)
{
	enum pol_category cat;
	char *v;
	int rc;

	memset(x, 0, sizeof(*x));
	x->lock.fd = -1;
	if ((rc = tool_reg_cat_parse(t, o->category, &cat)) != TOOL_EXIT_OK ||
	    (trust && (rc = tool_trust(t)) != TOOL_EXIT_OK) ||
	    (rc = tool_regfile_open(t, x, 1)) != TOOL_EXIT_OK)
		return rc;
	if ((v = pol_vendor_form(o->args[0])) == NULL) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	*b = tool_regfile_bidder(x->reg, v, cat);
	free(v);
	if (*b == NULL) {
		tool_error(t, _("no bidder with vendor number %s in category "
		    "%s in %s"), o->args[0], tool_reg_cat_label(cat), x->path);
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

static void
out_target(struct tool *t, const struct pol_bidder *b)
{
	out_str(t, "vendor", _("vendor number"), b->vendor);
	out_str(t, "category", _("category"), t->json ?
	    pol_category_name(b->category) : tool_reg_cat_label(b->category));
}

/*
 * The end of every edit: write the cards ex asks for (none when ex is
 * NULL or rc already failed), say done_msg once written, and release x.
 */
static int
end_edit(struct tool *t, struct regctx *x, const struct pol_bidder *b,
    const struct expect *ex, int rc, const char *done_msg)
{
	int done = 0;

	if (rc == TOOL_EXIT_OK && ex != NULL &&
	    (rc = tool_regfile_write_cards(t, x, b, ex)) == TOOL_EXIT_OK) {
		done = 1;
		out_text(t, "%s", done_msg);
	}
	out_bool(t, "changed", _("registry changed"), done);
	out_end(t);
	tool_regfile_close(x);
	return rc;
}

static int
do_register(struct tool *t, const struct ropts *o, struct cand *c)
{
	const struct pol_bidder *b = NULL;
	struct expect ex, *want = NULL;
	struct regctx x;
	int rc;

	out_begin(t);
	if ((rc = begin_edit(t, o, 1, &x, &b)) != TOOL_EXIT_OK)
		goto out;
	out_target(t, b);
	out_card(t, "card", _("card"), c);
	if (tool_regfile_has_card(b, c->fp)) {
		out_text(t, "%s", _("already registered: nothing to do"));
		goto out;
	}
	if ((rc = check_card(t, &x, b, c)) != TOOL_EXIT_OK)
		goto out;
	ex = (struct expect){ b->vendor, b->category, c->fp, NULL };
	want = &ex;
out:
	return end_edit(t, &x, b, want, rc, _("registered"));
}

int
tool_reg_register(struct tool *t, int argc, char **argv)
{
	struct ropts o;
	struct cand c;
	int rc;

	if ((rc = tool_reg_opts_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.reader != NULL && o.cert != NULL) {
		tool_error(t, "%s", _("registry register: give -r READER or "
		    "--cert FILE, not both"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = cand_get(t, o.reader, o.cert, &c)) != TOOL_EXIT_OK)
		return rc;
	rc = do_register(t, &o, &c);
	cand_reset(&c);
	return rc;
}

/* FAQ Q2-11: the old card must be registered here and still valid. */
static int
check_old(struct tool *t, const struct pol_bidder *b, struct cand *old)
{
	struct pol_decision d;
	size_t i;
	int rc;

	if (!tool_regfile_has_card(b, old->fp)) {
		tool_error(t, _("the old card is not registered to vendor %s "
		    "(%s): nothing to update (to add a card, use registry "
		    "register)"), b->vendor, tool_reg_cat_label(b->category));
		return TOOL_EXIT_FAIL;
	}
	if ((rc = card_decide(t, b, old, &d)) != TOOL_EXIT_OK)
		return rc;
	for (i = 0; i < d.reasons->n; i++)
		if (d.reasons->r[i].kind == POL_REFUSE_VALIDITY) {
			tool_error(t, _("the old card is no longer valid (%s): "
			    "an expired or revoked card cannot be updated; "
			    "register the new card instead (FAQ Q2-11)"),
			    tool_lang(t, d.reasons->r[i].en,
			    d.reasons->r[i].ja));
			rc = TOOL_EXIT_FAIL;
			break;
		}
	pol_decision_reset(&d);
	return rc;
}

static int
do_update(struct tool *t, const struct ropts *o, struct cand *old,
    struct cand *nw)
{
	const struct pol_bidder *b = NULL;
	struct expect ex, *want = NULL;
	struct regctx x;
	int rc;

	out_begin(t);
	if ((rc = begin_edit(t, o, 1, &x, &b)) != TOOL_EXIT_OK)
		goto out;
	out_target(t, b);
	out_card(t, "old_card", _("old card"), old);
	out_card(t, "new_card", _("new card"), nw);
	if ((rc = check_old(t, b, old)) != TOOL_EXIT_OK)
		goto out;
	if (tool_regfile_has_card(b, nw->fp)) {
		tool_error(t, _("the new card is already registered to vendor "
		    "%s; to stop accepting the old one, use registry "
		    "unregister"), b->vendor);
		rc = TOOL_EXIT_FAIL;
		goto out;
	}
	if ((rc = check_card(t, &x, b, nw)) != TOOL_EXIT_OK)
		goto out;
	ex = (struct expect){ b->vendor, b->category, nw->fp, old->fp };
	want = &ex;
out:
	return end_edit(t, &x, b, want, rc,
	    _("updated: the old card is no longer accepted"));
}

static int
update_cards(struct tool *t, const struct ropts *o, struct cand *old,
    struct cand *nw)
{
	int rc;

	if ((o->old_reader == NULL && o->old_cert == NULL) ||
	    (o->new_reader == NULL && o->new_cert == NULL)) {
		tool_error(t, "%s", _("registry update needs both cards: the "
		    "registered one (--old-reader) and the new one "
		    "(--new-reader) (FAQ Q2-11)"));
		return TOOL_EXIT_USAGE;
	}
	if (o->old_reader != NULL && o->new_reader != NULL &&
	    strcmp(o->old_reader, o->new_reader) == 0) {
		tool_error(t, "%s", _("the old and the new card must be in two "
		    "different readers (FAQ Q2-11)"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = cand_get(t, o->old_reader != NULL ? o->old_reader : "",
	    o->old_cert, old)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = cand_get(t, o->new_reader != NULL ? o->new_reader : "",
	    o->new_cert, nw)) != TOOL_EXIT_OK)
		return rc;
	if (memcmp(old->fp, nw->fp, STORE_FP_LEN) == 0) {
		tool_error(t, "%s", _("the old and the new card are the same "
		    "card"));
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

int
tool_reg_update(struct tool *t, int argc, char **argv)
{
	struct cand old, nw;
	struct ropts o;
	int rc;

	memset(&old, 0, sizeof(old));
	memset(&nw, 0, sizeof(nw));
	if ((rc = tool_reg_opts_parse(t, argc, argv, 1, &o)) == TOOL_EXIT_OK &&
	    (rc = update_cards(t, &o, &old, &nw)) == TOOL_EXIT_OK)
		rc = do_update(t, &o, &old, &nw);
	cand_reset(&old);
	cand_reset(&nw);
	return rc;
}

static int
do_unregister(struct tool *t, const struct ropts *o, const uint8_t *fp)
{
	const struct pol_bidder *b = NULL;
	char hex[STORE_FP_HEX];
	struct expect ex, *want = NULL;
	struct regctx x;
	int rc;

	out_begin(t);
	store_fp_hex(fp, hex, sizeof(hex));
	if ((rc = begin_edit(t, o, 0, &x, &b)) != TOOL_EXIT_OK)
		goto out;
	out_target(t, b);
	out_str(t, "fingerprint", _("SHA-256"), hex);
	if (!tool_regfile_has_card(b, fp)) {
		tool_error(t, _("card %s is not registered to vendor %s (%s)"),
		    hex, b->vendor, tool_reg_cat_label(b->category));
		rc = TOOL_EXIT_FAIL;
		goto out;
	}
	ex = (struct expect){ b->vendor, b->category, NULL, fp };
	want = &ex;
out:
	return end_edit(t, &x, b, want, rc, _("unregistered: the card is no "
	    "longer accepted for this bidder"));
}

int
tool_reg_unregister(struct tool *t, int argc, char **argv)
{
	uint8_t fp[STORE_FP_LEN];
	struct ropts o;
	struct cand c;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = tool_reg_opts_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.fp != NULL && store_fp_parse(o.fp, fp) != 0) {
		tool_error(t, _("bad fingerprint '%s' (SHA-256: 64 hex "
		    "digits)"), o.fp);
		return TOOL_EXIT_USAGE;
	}
	if (o.fp == NULL) {
		if ((rc = cand_get(t, o.reader, o.cert, &c)) != TOOL_EXIT_OK)
			return rc;
		memcpy(fp, c.fp, sizeof(fp));
	}
	rc = do_unregister(t, &o, fp);
	cand_reset(&c);
	return rc;
}
