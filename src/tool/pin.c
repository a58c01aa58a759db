/*
 * pin.c - ebid-tool pin [-r READER]: tries left on the card (an empty
 * VERIFY, which never spends a try), the authority's lock count, the
 * PIN guard's view (the module's pol_pin_guard) and what to do next.
 * For pin_status = counter profiles, the persistent count of wrong PINs
 * (conf/pinfile.h) stands in for the card's.
 */
#include "config.h"

#include <string.h>

#include "common/err.h"
#include "conf/pinfile.h"
#include "policy/pinguard.h"
#include "tool/tool.h"

/*
 * The persistent count of wrong PINs of this card (pin_status = counter),
 * the module's file for it (conf_pinfile_open_card).
 */
int
tool_pin_counter_open(struct tool *t, const struct tool_card *c,
    const struct pol_decision *d, struct conf_pinfile **pf)
{
	const struct conf_authority *a = d != NULL ? tool_authority(t, d) :
	    NULL;

	return conf_pinfile_open_card(t->conf, a != NULL ? a->id : "none",
	    c->serial, pf);
}

/* Tries left by the counter file: lock count - wrong; -1 unknown. */
static int
counter_left(struct tool *t, const struct tool_card *c,
    const struct pol_decision *d, int lock, int *wrong)
{
	struct conf_pinfile *pf = NULL;
	int w, rc;

	*wrong = -1;
	if ((rc = tool_pin_counter_open(t, c, d, &pf)) != EBID_OK) {
		if (rc == EBID_ERR_TIMEOUT)
			tool_warn(t, "%s", _("another process has held this "
			    "card's PIN counter for more than 10 s (a login in "
			    "progress?): its count is unknown for now"));
		else
			tool_warn(t, _("the PIN counter file of this card "
			    "cannot be used (%s): its count is unknown"),
			    ebid_strerr(rc));
		return -1;
	}
	w = conf_pinfile_wrong(pf);
	conf_pinfile_close(&pf);
	*wrong = w;
	return pol_pin_left_counted(w, lock);
}

static void
next_step(struct tool *t, const struct tool_card *c,
    const struct pol_pin_view *v, const char *ca)
{
	char msg[TOOL_DETAIL_MAX];
	const char *what;

	if (ca == NULL)
		ca = _("the certification authority");
	if (c->pin.blocked || v->left == 0) {
		snprintf(msg, sizeof(msg), _("The card is locked: contact %s "
		    "to unlock it or to issue a new card (a new card takes "
		    "weeks)."), ca);
		what = "card-locked";
	} else if (v->left < 0) {
		snprintf(msg, sizeof(msg), "%s", _("The card does not tell "
		    "how many tries are left, so the guard lets no PIN "
		    "through: check pin_lock_count and pin_status in the "
		    "configuration."));
		what = "unknown";
	} else if (!v->allowed) {
		snprintf(msg, sizeof(msg), _("The guard holds: no PIN is sent "
		    "to this card, so that it does not lock. Contact %s to "
		    "unlock the card."), ca);
		what = "guard-holds";
	} else if (v->flags & POL_PIN_FINAL_TRY) {
		snprintf(msg, sizeof(msg), "%s", _("One more wrong PIN and "
		    "the guard holds: make sure of the PIN before you try "
		    "again."));
		what = "final-try";
	} else if (v->flags & POL_PIN_COUNT_LOW) {
		snprintf(msg, sizeof(msg), _("Wrong PINs were entered: %d "
		    "more before the guard holds. A correct PIN resets the "
		    "count."), v->until_guard);
		what = "count-low";
	} else {
		snprintf(msg, sizeof(msg), "%s", _("Nothing to do: the PIN "
		    "counter is full."));
		what = "none";
	}
	if (t->json)
		out_str(t, "next", NULL, what);
	out_str(t, "advice", _("What to do"), msg);
}

static void
out_guard(struct tool *t, const struct pol_pin_view *v)
{
	out_obj_begin(t, "guard", _("PIN guard"));
	out_bool(t, "allowed", _("A PIN may be sent"), v->allowed);
	out_int(t, "until_guard", _("Wrong PINs before the guard holds"),
	    v->until_guard);
	out_bool(t, "count_low", _("Tries were spent"),
	    (v->flags & POL_PIN_COUNT_LOW) != 0);
	out_bool(t, "final_try", _("Final try"),
	    (v->flags & POL_PIN_FINAL_TRY) != 0);
	out_bool(t, "locked", _("Guard holds"),
	    (v->flags & POL_PIN_LOCKED) != 0);
	out_obj_end(t);
}

static int
report(struct tool *t, const struct tool_card *c, const struct pol_decision *d)
{
	const struct conf_authority *a = tool_authority(t, d);
	struct pol_pin_view v;
	int conf = a != NULL ? a->pin_lock_count : 0;
	int left = c->pin.tries, wrong = -1, counter, lock, bad;

	lock = pol_pin_lock_count(conf, left, &bad);
	if (bad)
		tool_warn(t, _("the card reports %d tries left, more than the "
		    "%d configured for %s: check pin_lock_count"), left, conf,
		    a->id);
	left = pol_pin_left(c->pin.tries, c->pin.verified, c->pin.blocked,
	    lock);		/* as the module counts them */
	if (c->prof != NULL && c->prof->pin_counter)
		left = counter_left(t, c, d, lock, &wrong);
	if (pol_pin_guard(left, lock, t->trust->reserve, &v) != EBID_OK) {
		memset(&v, 0, sizeof(v));
		v.left = left;
		v.flags = POL_PIN_LOCKED;
	}
	if (!d->accepted)
		v.allowed = 0;	/* the module never sends it a PIN */
	out_begin(t);
	out_str(t, "reader", _("Reader"), c->reader);
	out_str(t, "authority", _("Authority"), tool_auth_name(t, a));
	counter = c->prof != NULL && c->prof->pin_counter;
	if (t->json)
		out_str(t, "source", NULL, counter ? "counter" : "card");
	else
		out_str(t, "source", _("Count from"), counter ?
		    _("the count of wrong PINs kept on this computer") :
		    _("the card"));
	if (wrong >= 0)
		out_int(t, "wrong", _("Wrong PINs counted"), wrong);
	if (left >= 0)
		out_int(t, "tries_left", _("Tries left"), left);
	else
		out_str(t, "tries_left", _("Tries left"), NULL);
	out_bool(t, "verified", _("Verified now"), c->pin.verified);
	out_bool(t, "blocked", _("Blocked"), c->pin.blocked);
	if (lock > 0)
		out_int(t, "lock_count", _("Authority's lock count"), lock);
	else
		out_str(t, "lock_count", _("Authority's lock count"), NULL);
	out_int(t, "reserve", _("Tries the guard keeps"), t->trust->reserve);
	out_bool(t, "accepted", _("Accepted by the policy"), d->accepted);
	out_guard(t, &v);
	if (d->accepted)
		next_step(t, c, &v, tool_auth_name(t, a));
	else
		out_text(t, "%s", _("This card is refused by the policy: no PIN "
		    "is ever sent to it (ebid-tool readers shows why)."));
	out_end(t);
	return v.allowed ? TOOL_EXIT_OK : TOOL_EXIT_FAIL;
}

int
tool_cmd_pin(struct tool *t, int argc, char **argv)
{
	struct tool_card c;
	struct pol_decision d;
	const char *reader;
	int i, rc;

	memset(&c, 0, sizeof(c));
	memset(&d, 0, sizeof(d));
	if ((i = tool_opt_reader(t, argc, argv, &reader)) < 0)
		return TOOL_EXIT_USAGE;
	if (i < argc) {
		tool_error(t, "%s", _("usage: ebid-tool pin [-r READER]"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = tool_trust(t)) != TOOL_EXIT_OK ||
	    (rc = tool_card_read(t, reader, &c)) != TOOL_EXIT_OK)
		goto out;
	if (c.cert == NULL) {	/* a JPKI card: not ours to count */
		tool_error(t, _("reader \"%s\": %s"), c.reader,
		    _("My Number card (JPKI): not usable for e-bidding "
		    "(FAQ Q2-6)"));
		rc = TOOL_EXIT_FAIL;
		goto out;
	}
	if ((rc = tool_card_decide(t, &c, &d)) == TOOL_EXIT_OK)
		rc = report(t, &c, &d);
out:
	pol_decision_reset(&d);
	tool_card_reset(&c);
	return rc;
}
