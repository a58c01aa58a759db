/*
 * session.c - sessions, login and logout.
 *
 * Session handles come from a counter and are never reused.  A session
 * holds a reference to the token it was opened on; once that card is
 * pulled (token->removed) the handle is invalid.  Login state belongs to
 * the token, as PKCS#11 says: all of this process's sessions share it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/precond.h"
#include "token/rv.h"
#include "token/state.h"
#include "token/token.h"

static void
session_free(struct tok_session **sp)
{
	struct tok_session *s = *sp;

	if (s == NULL)
		return;
	tok_session_sign_end(s);
	tok_token_unref_inlock(&s->token);
	free(s);
	*sp = NULL;
}

static void
session_remove_inlock(size_t i)
{
	session_free(&tok_mod.sessions[i]);
	tok_mod.sessions[i] = tok_mod.sessions[--tok_mod.nsessions];
	if (tok_mod.nsessions == 0) {
		free(tok_mod.sessions);
		tok_mod.sessions = NULL;
	}
}

void
tok_sessions_free_inlock(void)
{
	while (tok_mod.nsessions > 0)
		session_remove_inlock(tok_mod.nsessions - 1);
}

struct tok_session *
tok_session_find_inlock(CK_SESSION_HANDLE h)
{
	size_t i;

	for (i = 0; i < tok_mod.nsessions; i++)
		if (tok_mod.sessions[i]->h == h)
			return tok_mod.sessions[i];
	return NULL;
}

void
tok_session_drop_inlock(struct tok_session *s)
{
	size_t i;

	for (i = 0; i < tok_mod.nsessions; i++)
		if (tok_mod.sessions[i] == s) {
			session_remove_inlock(i);
			return;
		}
}

static CK_RV
add_session_inlock(struct tok_session *s)
{
	struct tok_session **v;

	v = realloc(tok_mod.sessions, (tok_mod.nsessions + 1) * sizeof(*v));
	if (v == NULL)
		return CKR_HOST_MEMORY;
	tok_mod.sessions = v;
	s->h = tok_mod.next_session++;
	v[tok_mod.nsessions++] = s;
	return CKR_OK;
}

CK_RV
tok_session_open(CK_SLOT_ID id, CK_FLAGS flags, CK_SESSION_HANDLE_PTR out)
{
	struct tok_session *s = NULL;
	struct tok_slot *slot;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(out != NULL, CKR_ARGUMENTS_BAD);
	if (!(flags & CKF_SERIAL_SESSION))
		return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return CKR_HOST_MEMORY;
	s->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
	if ((rv = tok_slot_enter(id, TOK_POLL, &slot)) != CKR_OK) {
		free(s);
		return rv;
	}
	s->slot = slot;
	if ((rv = tok_slot_token_inlock(slot, &s->token)) == CKR_OK &&
	    (rv = add_session_inlock(s)) == CKR_OK) {
		*out = s->h;
		s = NULL;
	}
	if (s != NULL)
		tok_token_unref_inlock(&s->token);
	tok_leave();
	free(s);
	return rv;
}

static int
has_sessions_inlock(const struct tok_token *t)
{
	size_t i;

	for (i = 0; i < tok_mod.nsessions; i++)
		if (tok_mod.sessions[i]->token == t)
			return 1;
	return 0;
}

static void reset_card(struct tok_slot *, struct tok_token *);

/*
 * PKCS#11 2.40 §5.6: when an application's last session with a token
 * closes, it is logged out.  The card is reset so that it does not stay
 * verified for other programs.  Called with the token referenced; drops
 * that reference.
 */
static void
logout_if_last_inlock(struct tok_slot *slot, struct tok_token **tp)
{
	struct tok_token *t = *tp;

	if (t->logged_in && !t->removed && !has_sessions_inlock(t)) {
		t->logged_in = 0;
		tok_unlock(tok_mod.lock);
		reset_card(slot, t);
		tok_lock(tok_mod.lock);
	}
	tok_token_unref_inlock(tp);
}

/* No poll: a card pulled since the last look still closes with CKR_OK. */
CK_RV
tok_session_close(CK_SESSION_HANDLE h)
{
	struct tok_session *s;
	struct tok_token *t;
	struct tok_slot *slot;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_NO_POLL, &s)) != CKR_OK)
		return rv;
	t = s->token;
	slot = s->slot;
	t->refs++;
	tok_session_drop_inlock(s);
	logout_if_last_inlock(slot, &t);
	tok_leave();
	return CKR_OK;
}

CK_RV
tok_session_close_all(CK_SLOT_ID id)
{
	struct tok_token *t = NULL;
	struct tok_slot *slot;
	CK_RV rv;
	size_t i;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_slot_enter(id, TOK_NO_POLL, &slot)) != CKR_OK)
		return rv;
	if ((t = slot->token) != NULL)
		t->refs++;
	i = 0;
	while (i < tok_mod.nsessions)		/* the bound is read anew */
		if (tok_mod.sessions[i]->slot == slot)
			session_remove_inlock(i);	/* the last moves to i */
		else
			i++;
	if (t != NULL)
		logout_if_last_inlock(slot, &t);
	tok_leave();
	return CKR_OK;
}

/* Answered from memory and the reader's PC/SC status: no APDU. */
CK_RV
tok_session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info)
{
	struct tok_session *s = NULL;
	CK_RV rv;
	int rw;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(info != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	rw = (s->flags & CKF_RW_SESSION) != 0;
	info->slotID = s->slot->id;
	info->flags = s->flags;
	info->ulDeviceError = 0;
	if (s->token->logged_in)
		info->state = rw ? CKS_RW_USER_FUNCTIONS :
		    CKS_RO_USER_FUNCTIONS;
	else
		info->state = rw ? CKS_RW_PUBLIC_SESSION :
		    CKS_RO_PUBLIC_SESSION;
	tok_leave();
	return CKR_OK;
}

CK_RV
tok_session_valid(CK_SESSION_HANDLE h)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	tok_leave();
	return CKR_OK;
}

/* For functions that would write to the token: it is read-only. */
CK_RV
tok_session_write(CK_SESSION_HANDLE h)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	rv = (s->flags & CKF_RW_SESSION) ? CKR_TOKEN_WRITE_PROTECTED :
	    CKR_SESSION_READ_ONLY;
	tok_leave();
	return rv;
}

struct guard_arg {
	struct tok_token	*t;
	struct pol_pin_view	 view;
	int			 counter_left;	/* -2: ask the card */
	int			 blocked;	/* the empty VERIFY: blocked */
};

/*
 * The PIN guard, asked inside the VERIFY's card transaction.  A card that
 * answers the empty VERIFY as blocked is locked for good (until its CA
 * unlocks it): EBID_ERR_PIN_BLOCKED, which the token then remembers.
 */
static int
guard_gate(const struct card_pin_status *st, void *arg)
{
	struct guard_arg *g = arg;
	int left;

	if (st != NULL && st->blocked) {
		g->blocked = 1;
		g->view = (struct pol_pin_view){ .left = 0,
		    .flags = POL_PIN_LOCKED };
		return EBID_ERR_PIN_BLOCKED;
	}

	left = g->counter_left != -2 ? g->counter_left :
	    tok_policy_left(g->t, st);
	tok_policy_guard(g->t, left, &g->view);
	return g->view.allowed ? EBID_OK : EBID_ERR_PIN_GUARD;
}

/*
 * What a VERIFY taught us about the PIN counter.  It is worked out with
 * the io lock held and published by tok_login under the module lock,
 * where C_GetTokenInfo reads it.
 */
struct pin_news {
	int			known;
	struct card_pin_status	pin;
	int			wrong;		/* a wrong PIN: pin_wrong */
	int			good;		/* a good PIN: clears it */
};

static void
verify_done(struct tok_token *t, int rc, int tries, struct pin_news *n)
{
	struct card_pin_status st;
	int max = __atomic_load_n(&t->max_tries, __ATOMIC_RELAXED);

	memset(n, 0, sizeof(*n));
	n->pin.tries = -1;
	if (rc == EBID_OK) {
		t->verified = 1;
		n->known = 1;
		n->good = 1;
		if (!t->prof->pin_counter &&
		    card_pin_status(t->card, &st) == EBID_OK)
			n->pin = st;
		n->pin.blocked = 0;
		/*
		 * A good PIN resets the card's counter (and ours) to the lock
		 * count; a verified card's empty VERIFY (90 00) gives none.
		 */
		if (n->pin.tries < 0 || t->prof->pin_counter)
			n->pin.tries = max;
		if (n->pin.tries > max)
			__atomic_store_n(&t->max_tries, n->pin.tries,
			    __ATOMIC_RELAXED);
	} else if (rc == EBID_ERR_PIN_INCORRECT ||
	    rc == EBID_ERR_PIN_BLOCKED || rc == EBID_ERR_PIN_GUARD) {
		n->known = 1;
		n->pin.tries = tries;
		n->pin.blocked = rc == EBID_ERR_PIN_BLOCKED;
		n->wrong = rc != EBID_ERR_PIN_GUARD;
	}
}

/* Under the module lock: C_GetTokenInfo sees the news. */
static void
pin_news_publish_inlock(struct tok_token *t, const struct pin_news *n)
{
	if (!n->known)
		return;
	t->pin = n->pin;
	if (n->wrong)
		t->pin_wrong = 1;
	else if (n->good)
		t->pin_wrong = 0;
}

/*
 * A profile whose card does not count for us: the per-card counter file
 * is locked across the guard, the VERIFY and its update.
 */
static int
verify_counted(struct tok_token *t, const uint8_t *pin, size_t len,
    struct guard_arg *g, int *tries)
{
	struct conf_pinfile *pf = NULL;
	int rc;

	if ((rc = tok_policy_counter_open(t, &pf)) != EBID_OK) {
		log_warn("PIN counter file for the card \"%.32s\" cannot be "
		    "used: %s", t->info.label, ebid_strerr(rc));
		g->counter_left = -1;	/* unknown: the guard refuses */
	} else {
		g->counter_left = tok_policy_counter_left(t,
		    conf_pinfile_wrong(pf));
	}
	if ((rc = guard_gate(NULL, g)) == EBID_OK &&
	    (rc = conf_pinfile_begin(pf)) == EBID_OK) {
		rc = card_pin_verify_gated(t->card, pin, len,
		    t->feat.verify_pin_direct, NULL, NULL, tries);
		conf_pinfile_end(pf, rc);
		if (rc != EBID_OK)
			*tries = tok_policy_counter_left(t,
			    conf_pinfile_wrong(pf));
	} else if (rc == EBID_ERR_PIN_GUARD && pf != NULL &&
	    g->view.allowed) {
		log_warn("PIN not sent to the card \"%.32s\": its PIN counter "
		    "file cannot be written", t->info.label);
	}
	conf_pinfile_close(&pf);
	return rc;
}

/*
 * VERIFY on the card, the token referenced and the module unlocked, behind
 * the PIN guard.  A NULL PIN means the reader's PIN pad: only the token's
 * io lock is held while the user types.
 */
static int
verify(struct tok_token *t, const uint8_t *pin, size_t len,
    struct pin_news *news)
{
	struct guard_arg g = { .t = t, .view = { .left = -1 },
	    .counter_left = -2 };
	int rc, tries = -1;

	tok_lock(t->io);
	if (t->prof->pin_counter)
		rc = verify_counted(t, pin, len, &g, &tries);
	else
		rc = card_pin_verify_gated(t->card, pin, len,
		    t->feat.verify_pin_direct, guard_gate, &g, &tries);
	if (!t->prof->pin_counter && g.view.left >
	    __atomic_load_n(&t->max_tries, __ATOMIC_RELAXED))
		__atomic_store_n(&t->max_tries, g.view.left,
		    __ATOMIC_RELAXED);	/* the highest count seen */
	if (rc == EBID_ERR_PIN_GUARD || g.blocked) {
		tries = g.view.left;
		tok_policy_guard_log(t, &g.view, g.blocked);
	}
	verify_done(t, rc, tries, news);
	tok_unlock(t->io);
	log_debug(LOG_TOKEN, "VERIFY: %s", ebid_strerr(rc));
	return rc;
}

static CK_RV
login_check_inlock(struct tok_session *s, CK_USER_TYPE user)
{
	if (user == CKU_SO)
		return CKR_USER_TYPE_INVALID;	/* no SO on these cards */
	if (user == CKU_CONTEXT_SPECIFIC)
		return s->signing && s->key != NULL && s->token->always_auth &&
		    s->token->logged_in ? CKR_OK :
		    CKR_OPERATION_NOT_INITIALIZED;
	if (user != CKU_USER)
		return CKR_USER_TYPE_INVALID;
	if (s->token->logged_in)
		return CKR_USER_ALREADY_LOGGED_IN;
	if (s->token->refused)
		return CKR_ACTION_PROHIBITED;	/* never a PIN: policy.c */
	if (s->token->pin.blocked)
		return CKR_PIN_LOCKED;
	return CKR_OK;
}

CK_RV
tok_login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin,
    CK_ULONG len)
{
	uint8_t buf[CARD_PIN_MAX];
	struct tok_token *t = NULL;
	struct tok_session *s;
	struct pin_news news;
	CK_RV rv;
	int rc;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	log_debug(LOG_P11, "user type %lu", user);
	if (pin != NULL && len > sizeof(buf))
		return CKR_PIN_LEN_RANGE;
	if (pin != NULL)
		memcpy(buf, pin, len);
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		goto out;
	if ((rv = login_check_inlock(s, user)) == CKR_OK) {
		if (pin == NULL && s->token->feat.verify_pin_direct == 0)
			rv = CKR_ARGUMENTS_BAD;	/* no PIN pad to ask */
		else
			t = s->token;
	}
	if (t != NULL)
		t->refs++;
	tok_leave();
	if (t == NULL)
		goto out;
	rc = verify(t, pin != NULL ? buf : NULL, len, &news);
	rv = tok_rv(rc);
	tok_lock(tok_mod.lock);		/* back after the card I/O */
	pin_news_publish_inlock(t, &news);
	if (rc == EBID_OK && user == CKU_USER)
		t->logged_in = 1;
	else if (rc == EBID_OK && (s = tok_session_find_inlock(h)) != NULL)
		s->ctx_auth = 1;	/* still open: give it the right */
	tok_token_pin_flags(t);
	tok_token_unref_inlock(&t);
	tok_unlock(tok_mod.lock);
out:
	mem_wipe(buf, sizeof(buf));
	return rv;
}

/* Reset the card so that nothing stays verified behind us. */
static void
reset_card(struct tok_slot *slot, struct tok_token *t)
{
	tok_lock(t->io);
	card_free(&t->card);
	tp_disconnect(&t->tc, 1);
	t->verified = 0;
	if (tp_connect(t->tp, slot->reader, &t->tc) == EBID_OK &&
	    card_new(t->tc, &t->prof->card, &t->card) != EBID_OK)
		tp_disconnect(&t->tc, 0);
	tok_unlock(t->io);
}

CK_RV
tok_logout(CK_SESSION_HANDLE h)
{
	struct tok_token *t = NULL;
	struct tok_slot *slot = NULL;
	struct tok_session *s;
	CK_RV rv;
	size_t i;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if (!s->token->logged_in) {
		rv = CKR_USER_NOT_LOGGED_IN;
	} else {
		t = s->token;
		slot = s->slot;
		t->refs++;
		t->logged_in = 0;
		for (i = 0; i < tok_mod.nsessions; i++)
			if (tok_mod.sessions[i]->token == t)
				tok_session_sign_end(tok_mod.sessions[i]);
	}
	tok_leave();
	if (t == NULL)
		return rv;
	reset_card(slot, t);
	tok_lock(tok_mod.lock);
	tok_token_unref_inlock(&t);
	tok_unlock(tok_mod.lock);
	return CKR_OK;
}
