/*
 * policy.c - the token layer's use of the policy: one decision per card
 * insertion, and the PIN guard in front of every VERIFY.
 *
 * The decision itself is pol_decide (src/policy/decide.c) over the files
 * conf_trust read at C_Initialize, the same code ebid-tool runs.  A
 * refused card keeps its certificate visible for diagnosis but gets no
 * private-key object and never receives a PIN; the reason is logged once,
 * as one sentence, when the card is read.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "common/log.h"
#include "conf/pinfile.h"
#include "policy/pinguard.h"
#include "token/state.h"
#include "token/token.h"

static time_t (*clock_fn)(void);

void
tok_set_clock(time_t (*fn)(void))
{
	__atomic_store_n(&clock_fn, fn, __ATOMIC_RELEASE);
}

static time_t
policy_now(void)
{
	time_t (*fn)(void) = __atomic_load_n(&clock_fn, __ATOMIC_ACQUIRE);

	return fn != NULL ? fn() : time(NULL);
}

int
tok_policy_load(char *err, size_t errlen)
{
	int rc;

	if ((rc = conf_trust_load(tok_mod.conf, &tok_mod.trust, err, errlen))
	    != EBID_OK)
		return rc;
	if (tok_mod.trust->audit)
		log_warn("AUDIT MODE (%s): name binding is NOT checked; the "
		    "deny rules and the PIN guard still apply.  Never use "
		    "audit mode for bidders", tok_mod.conf->path);
	if (tok_mod.trust->registry == NULL && !tok_mod.trust->audit)
		log_debug(LOG_POLICY, "no bidders' registry configured: every "
		    "card will be refused");
	return EBID_OK;
}

void
tok_policy_free(void)
{
	conf_trust_free(&tok_mod.trust);
}

/* The reasons as one sentence: "r1; r2; ...". */
static void
reasons_text(const struct pol_reasons *r, char *out, size_t n)
{
	size_t i, used = 0;
	int w;

	out[0] = '\0';
	for (i = 0; r != NULL && i < r->n && used < n; i++) {
		w = snprintf(out + used, n - used, "%s%s", i ? "; " : "",
		    r->r[i].en);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/*
 * Decides about the card just read, as ebid-tool does (insp_card_decide
 * over the files conf_trust read at C_Initialize).
 */
void
tok_policy_decide(struct tok_token *t, const struct insp_card *ic,
    const char *reader)
{
	struct pol_decision d = { 0 };
	char why[TOK_WHY_MAX];
	size_t i;

	if (insp_card_decide(ic, tok_mod.trust, policy_now(), &d) !=
	    EBID_OK) {
		t->refused = 1;
		snprintf(t->why, sizeof(t->why), "policy decision failed "
		    "(out of memory)");
		goto out;
	}
	t->auth = conf_trust_authority(tok_mod.trust, d.auth);
	t->refused = !d.accepted;
	reasons_text(d.reasons, why, sizeof(why));
	snprintf(t->why, sizeof(t->why), "%s", why);
	for (i = 0; i < d.reasons->n; i++)
		t->kinds |= 1u << d.reasons->r[i].kind;
out:
	if (t->refused)
		log_warn("card in \"%s\" refused: %s", reader, t->why);
	else
		log_debug(LOG_POLICY, "card in \"%s\" accepted (%s)%s", reader,
		    t->auth != NULL ? t->auth->id : "?",
		    d.audit_relaxed ? ", AUDIT MODE: binding not checked" :
		    "");
	pol_decision_reset(&d);
}

/* The count the guard works from: the authority's, else the most seen. */
static int
lock_count(struct tok_token *t, int left)
{
	int conf = t->auth != NULL ? t->auth->pin_lock_count : 0, n, max, bad;

	n = pol_pin_lock_count(conf, left, &bad);
	if (bad && !__atomic_exchange_n(&t->warned_count, 1, __ATOMIC_RELAXED))
		log_warn("card reports %d PIN tries left, more than the %d "
		    "configured for %s: check pin_lock_count", left, conf,
		    t->auth->id);
	max = __atomic_load_n(&t->max_tries, __ATOMIC_RELAXED);
	if (n == 0 && max >= left)
		n = max;
	return n;
}

/*
 * Tries left as the guard counts them.  A card that answers the empty
 * VERIFY with 9000 was verified in this power cycle (by us or another
 * application), which leaves its counter full: the lock count, when it
 * is known.
 */
int
tok_policy_left(struct tok_token *t, const struct card_pin_status *st)
{
	return pol_pin_left(st->tries, st->verified, st->blocked,
	    lock_count(t, -1));
}

/* The guard's view for `left` tries left (-1: unknown). */
void
tok_policy_guard(struct tok_token *t, int left, struct pol_pin_view *v)
{
	if (pol_pin_guard(left, lock_count(t, left), tok_mod.trust->reserve, v)
	    != EBID_OK) {
		memset(v, 0, sizeof(*v));
		v->left = left;
		v->flags = POL_PIN_LOCKED;
	}
}

/* Tries left by the persistent counter: lock count - wrong; -1 unknown. */
int
tok_policy_counter_left(const struct tok_token *t, int wrong)
{
	return pol_pin_left_counted(wrong, t->auth != NULL ?
	    t->auth->pin_lock_count : 0);
}

/* The per-card counter file (conf/pinfile.c: shared with ebid-tool). */
int
tok_policy_counter_open(const struct tok_token *t, struct conf_pinfile **pf)
{
	return conf_pinfile_open_card(tok_mod.conf, t->auth != NULL ?
	    t->auth->id : "none", t->serial_hex, pf);
}

void
tok_policy_guard_log(const struct tok_token *t, const struct pol_pin_view *v,
    int blocked)
{
	const char *ca = t->auth == NULL ? "the certification authority" :
	    t->auth->name_en[0] ? t->auth->name_en : t->auth->id;

	if (blocked)
		log_warn("PIN not sent to the card \"%.32s\": the card itself "
		    "is locked (its PIN is blocked); the bidder should contact "
		    "%s", t->info.label, ca);
	else if (v->left < 0)
		log_warn("PIN not sent to the card \"%.32s\": its tries left "
		    "are unknown, and the guard never guesses", t->info.label);
	else
		log_warn("PIN not sent to the card \"%.32s\": the card has %d "
		    "tries left and the module keeps %d in reserve so that it "
		    "never locks; the bidder should contact %s", t->info.label,
		    v->left, tok_mod.trust->reserve, ca);
}
