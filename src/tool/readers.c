/*
 * readers.c - ebid-tool readers: every reader, the card in it, its
 * authority, and whether the card is accepted, with every reason.
 */
#include "config.h"

#include <string.h>

#include "common/err.h"
#include "tool/tool.h"

static void
atr_hex(const struct tool_card *c, char *out, size_t n)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < c->atr_len && 3 * i + 4 <= n; i++)
		snprintf(out + 3 * i, 4, "%02X ", c->atr[i]);
	if (i > 0)
		out[3 * i - 1] = '\0';
}

/* The card part of one reader's entry: what the one read found. */
static int
card_entry(struct tool *t, struct tool_card *c)
{
	struct pol_decision d;
	char text[CONF_TEXT_MAX];
	int rc = EBID_OK;

	memset(&d, 0, sizeof(d));
	atr_hex(c, text, sizeof(text));
	out_str(t, "atr", _("ATR"), text);
	out_str(t, "profile", _("Card profile"),
	    c->prof != NULL ? c->prof->name : NULL);
	out_bool(t, "jpki", _("My Number (JPKI) application"), c->jpki);
	text[0] = '\0';
	if (c->cert != NULL)
		tool_cert_text(c->cert, NID_commonName, text, sizeof(text));
	out_str(t, "holder", _("Holder"), c->cert != NULL ? text : NULL);
	if (c->rc == EBID_OK &&
	    tool_card_decide(t, c, &d) != TOOL_EXIT_OK)
		return EBID_ERR_CONFIG;
	out_str(t, "authority", _("Authority"),
	    tool_auth_name(t, tool_authority(t, &d)));
	if (c->rc == EBID_OK) {
		tool_out_decision(t, &d);
	} else {	/* no profile of the configuration matches it */
		out_obj_begin(t, "verdict", _("Verdict"));
		out_bool(t, "accepted", _("Accepted"), 0);
		out_list_begin(t, "reasons", _("Reasons"));
		out_str(t, NULL, NULL, _("no card profile in the "
		    "configuration reads this card"));
		out_list_end(t);
		out_obj_end(t);
	}
	pol_decision_reset(&d);
	return rc;
}

/* One reader; returns 1 if its card is accepted, <0 on config errors. */
static int
reader_entry(struct tool *t, const char *name, int *card_err)
{
	struct tool_card c;
	int rc, ok = 0;

	memset(&c, 0, sizeof(c));
	out_obj_begin(t, NULL, name);
	out_str(t, "reader", _("Reader"), name);
	rc = tool_card_open(t, name, &c);
	if (rc == EBID_ERR_NO_CARD && c.ic.tc == NULL) {
		out_bool(t, "card", _("Card present"), 0);
	} else if (rc != EBID_OK && rc != EBID_ERR_UNSUPPORTED) {
		/* gone, or the card failed a step it must answer */
		out_bool(t, "card", _("Card present"), c.ic.tc != NULL);
		out_str(t, "error", _("Error"), tool_card_strerr(rc));
		*card_err = rc;
	} else {
		out_bool(t, "card", _("Card present"), 1);
		if (card_entry(t, &c) == EBID_ERR_CONFIG)
			ok = -1;
	}
	out_obj_end(t);
	tool_card_reset(&c);
	return ok;
}

int
tool_cmd_readers(struct tool *t, int argc, char **argv)
{
	tp_t *tp = NULL;
	char **names = NULL;
	size_t n = 0, i;
	int rc, card_err = 0;

	if (argc > 1) {
		tool_error(t, _("%s: unexpected argument \"%s\""), argv[0],
		    argv[1]);
		return TOOL_EXIT_USAGE;
	}
	if ((rc = tool_trust(t)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = tool_tp_new(t, &tp)) != EBID_OK ||
	    ((rc = tp_readers(tp, &names, &n)) != EBID_OK &&
	    rc != EBID_ERR_NO_READER)) {
		tp_free(&tp);
		return tool_card_error(t, NULL, rc);
	}
	out_begin(t);
	out_list_begin(t, "readers", NULL);
	for (i = 0; i < n; i++)
		if (reader_entry(t, names[i], &card_err) < 0) {
			rc = TOOL_EXIT_CONFIG;
			break;
		}
	out_list_end(t);
	if (n == 0)
		out_text(t, "%s", _("No card reader is connected."));
	out_end(t);
	tp_readers_free(&names, n);
	tp_free(&tp);
	if (rc == TOOL_EXIT_CONFIG)
		return rc;
	if (card_err != 0)
		return tool_card_error(t, NULL, card_err);
	return TOOL_EXIT_OK;
}
