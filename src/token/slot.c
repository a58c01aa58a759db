/*
 * slot.c - slots (one per reader, stable IDs, never removed), presence,
 * slot and token information, mechanisms, C_WaitForSlotEvent.
 *
 * Slot IDs are index + 1: small, never 0, and a reader that comes back
 * under the same name gets its old slot.  Presence comes from PC/SC
 * status (no APDU); a change of the card's event counter or presence
 * ends the token, which invalidates its sessions.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/log.h"
#include "common/precond.h"
#include "token/rv.h"
#include "token/state.h"
#include "token/token.h"

#define WAIT_SLICE_MS	200	/* how soon a blocked wait sees C_Finalize */
#define PCSC_EVENT_MASK	0xFFFF0000U	/* pcsc-lite's card event counter */

void
tok_token_unref_inlock(struct tok_token **tp)
{
	struct tok_token *t = *tp;

	*tp = NULL;
	if (t == NULL || --t->refs > 0)
		return;
	tok_token_free(&t);
}

/* The card went away (or the module ends): its sessions become invalid. */
void
tok_token_gone_inlock(struct tok_slot *s)
{
	if (s->token == NULL)
		return;
	log_debug(LOG_TOKEN, "slot %lu: token gone", s->id);
	s->token->removed = 1;
	s->token->logged_in = 0;
	tok_token_unref_inlock(&s->token);
}

static struct tok_slot *
slot_for_reader_inlock(const char *name)
{
	struct tok_slot *s;
	size_t i;

	for (i = 0; i < tok_mod.nslots; i++)
		if (strcmp(tok_mod.slots[i].reader, name) == 0)
			return &tok_mod.slots[i];
	if (tok_mod.nslots == TOK_SLOTS_MAX || strlen(name) >= TP_READER_MAX)
		return NULL;
	s = &tok_mod.slots[tok_mod.nslots++];
	memset(s, 0, sizeof(*s));
	s->id = tok_mod.nslots;
	memcpy(s->reader, name, strlen(name) + 1);
	s->event = tok_mod.refreshed;	/* readers found at start: no event */
	log_debug(LOG_TOKEN, "slot %lu: reader \"%s\"", s->id, name);
	return s;
}

/* Apply one reader's PC/SC state to its slot. */
static void
slot_apply_inlock(struct tok_slot *s, const struct tp_rstate *st)
{
	int card = (st->state & TP_ST_PRESENT) != 0;
	int counted = (st->current & PCSC_EVENT_MASK) !=
	    (s->known & PCSC_EVENT_MASK);

	if (st->state & TP_ST_GONE)
		card = 0;
	if (card != s->card || (card && counted && s->known != 0)) {
		tok_token_gone_inlock(s);
		s->event |= s->known != 0;	/* not at the first look */
	}
	s->card = card;
	s->known = st->current;
}

void
tok_slot_poll_inlock(struct tok_slot *s)
{
	struct tp_rstate st;
	int rc;

	if (!s->attached)
		return;
	/*
	 * Ask as if we knew nothing: pcsc-lite answers that at once, while
	 * a zero-timeout wait on a known state costs about a millisecond.
	 */
	memset(&st, 0, sizeof(st));
	st.reader = s->reader;
	rc = tp_wait(tok_mod.tp, &st, 1, 0);
	if (rc == EBID_OK)
		slot_apply_inlock(s, &st);
	else if (rc != EBID_ERR_TIMEOUT)
		slot_apply_inlock(s, &(struct tp_rstate){ .state = 0 });
}

/* Mark every slot attached or not from the reader list, then poll. */
void
tok_slots_refresh_inlock(void)
{
	char **names = NULL;
	size_t n = 0, i;
	struct tok_slot *s;

	if (tp_readers(tok_mod.tp, &names, &n) != EBID_OK)
		n = 0;
	for (i = 0; i < tok_mod.nslots; i++)
		tok_mod.slots[i].attached = 0;
	for (i = 0; i < n; i++)
		if ((s = slot_for_reader_inlock(names[i])) != NULL)
			s->attached = 1;
	tp_readers_free(&names, n);
	tok_mod.refreshed = 1;
	for (i = 0; i < tok_mod.nslots; i++) {
		s = &tok_mod.slots[i];
		if (s->attached) {
			tok_slot_poll_inlock(s);
		} else if (s->card) {
			tok_token_gone_inlock(s);
			s->card = 0;
			s->known = 0;
			s->event = 1;
		}
	}
}

static void
install_inlock(struct tok_slot *s, struct tok_token *t)
{
	size_t i;

	for (i = 0; i < t->nobjs; i++)
		t->objs[i].handle = tok_mod.next_object++;
	t->refs = 1;
	s->token = t;
}

/*
 * The slot's token, read from the card on first use.  Called and
 * returns with the module lock held, but drops it while the card is read.
 */
CK_RV
tok_slot_token_inlock(struct tok_slot *s, struct tok_token **out)
{
	struct tok_token *t = NULL;
	CK_RV rv;

	if (s->token == NULL) {
		if (!s->card)
			return CKR_TOKEN_NOT_PRESENT;
		tok_unlock(tok_mod.lock);
		rv = tok_token_load(s, &t);
		tok_lock(tok_mod.lock);
		if (rv != CKR_OK)
			return rv;
		if (s->token != NULL || !s->card) {
			tok_unlock(tok_mod.lock);
			tok_token_free(&t);	/* lost a race, or pulled */
			tok_lock(tok_mod.lock);
			if (s->token == NULL)
				return CKR_TOKEN_NOT_PRESENT;
		} else {
			install_inlock(s, t);
		}
	}
	s->token->refs++;
	*out = s->token;
	return CKR_OK;
}

CK_RV
tok_slot_list(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count)
{
	CK_ULONG n = 0;
	CK_RV rv;
	size_t i;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(count != NULL, CKR_ARGUMENTS_BAD);
	tok_lock(tok_mod.lock);
	tok_slots_refresh_inlock();
	for (i = 0; i < tok_mod.nslots; i++) {
		if (present && !tok_mod.slots[i].card)
			continue;
		if (list != NULL && n < *count)
			list[n] = tok_mod.slots[i].id;
		n++;
	}
	tok_unlock(tok_mod.lock);
	rv = list != NULL && n > *count ? CKR_BUFFER_TOO_SMALL : CKR_OK;
	*count = n;
	return rv;
}

CK_RV
tok_slot_info(CK_SLOT_ID id, CK_SLOT_INFO_PTR info)
{
	struct tok_slot *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(info != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_slot_enter(id, TOK_POLL, &s)) != CKR_OK)
		return rv;
	memset(info, 0, sizeof(*info));
	tok_pad_utf8(info->slotDescription, sizeof(info->slotDescription),
	    s->reader);
	tok_pad_utf8(info->manufacturerID, sizeof(info->manufacturerID),
	    "PC/SC reader");
	info->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT |
	    (s->card ? CKF_TOKEN_PRESENT : 0);
	tok_leave();
	return CKR_OK;
}

CK_RV
tok_test_verdict(CK_SLOT_ID id, int *accepted, unsigned *kinds)
{
	struct tok_token *t = NULL;
	struct tok_slot *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(accepted != NULL && kinds != NULL,
	    CKR_ARGUMENTS_BAD);
	if ((rv = tok_slot_enter(id, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if ((rv = tok_slot_token_inlock(s, &t)) == CKR_OK) {
		*accepted = !t->refused;
		*kinds = t->kinds;
		tok_token_unref_inlock(&t);	/* the lookup's reference */
	}
	tok_leave();
	return rv;
}

CK_RV
tok_token_info(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info)
{
	struct tok_token *t = NULL;
	struct tok_slot *s;
	CK_RV rv;
	size_t i;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(info != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_slot_enter(id, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if ((rv = tok_slot_token_inlock(s, &t)) == CKR_OK) {
		tok_token_pin_flags(t);
		*info = t->info;
		info->ulSessionCount = 0;
		info->ulRwSessionCount = 0;
		for (i = 0; i < tok_mod.nsessions; i++) {
			if (tok_mod.sessions[i]->token != t)
				continue;
			info->ulSessionCount++;
			if (tok_mod.sessions[i]->flags & CKF_RW_SESSION)
				info->ulRwSessionCount++;
		}
		tok_token_unref_inlock(&t);
	}
	tok_leave();
	return rv;
}

CK_RV
tok_mech_list(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count)
{
	CK_ULONG n = (CK_ULONG)tok_mech_count(), i;
	struct tok_slot *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(count != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_slot_enter(id, TOK_NO_POLL, &s)) != CKR_OK)
		return rv;
	tok_leave();		/* the table is the same for every slot */
	if (list != NULL && *count < n)
		rv = CKR_BUFFER_TOO_SMALL;
	else if (list != NULL)
		for (i = 0; i < n; i++)
			list[i] = tok_mech_at(i)->type;
	*count = n;
	return rv;
}

CK_RV
tok_mech_info(CK_SLOT_ID id, CK_MECHANISM_TYPE type,
    CK_MECHANISM_INFO_PTR info)
{
	const struct tok_mech *m;
	struct tok_token *t = NULL;
	struct tok_slot *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(info != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_slot_enter(id, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if ((m = tok_mech_find(type)) == NULL) {
		rv = CKR_MECHANISM_INVALID;
	} else {
		/* key sizes from the card when there is one */
		info->ulMinKeySize = 1024;
		info->ulMaxKeySize = 4096;
		if (s->card && tok_slot_token_inlock(s, &t) == CKR_OK)
			info->ulMinKeySize = info->ulMaxKeySize =
			    (CK_ULONG)t->key_bytes * 8;
		tok_token_unref_inlock(&t);
		info->flags = m->flags;
	}
	tok_leave();
	return rv;
}

static int
pending_event_inlock(CK_SLOT_ID_PTR id)
{
	size_t i;

	for (i = 0; i < tok_mod.nslots; i++) {
		if (tok_mod.slots[i].event) {
			tok_mod.slots[i].event = 0;
			*id = tok_mod.slots[i].id;
			return 1;
		}
	}
	return 0;
}

/* Block on PC/SC (own context) until a reader or card changes. */
static void
wait_change(tp_t *wtp)
{
	struct tp_rstate *st;
	size_t i, n = 0;

	if ((st = calloc(TOK_SLOTS_MAX + 1, sizeof(*st))) == NULL)
		return;
	tok_lock(tok_mod.lock);
	for (i = 0; i < tok_mod.nslots; i++) {
		if (!tok_mod.slots[i].attached)
			continue;
		st[n].reader = tok_mod.slots[i].reader;
		st[n++].known = tok_mod.slots[i].known;
	}
	tok_unlock(tok_mod.lock);
	st[n].reader = TP_PNP_READER;
	n++;
	(void)tp_wait(wtp, st, n, WAIT_SLICE_MS);
	free(st);
}

CK_RV
tok_wait_slot(CK_FLAGS flags, CK_SLOT_ID_PTR id)
{
	tp_t *wtp = NULL;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(id != NULL, CKR_ARGUMENTS_BAD);
	tok_lock(tok_mod.lock);
	tok_mod.waiters++;
	for (;;) {
		if (tok_mod.finalizing) {
			rv = CKR_CRYPTOKI_NOT_INITIALIZED;
			break;
		}
		tok_slots_refresh_inlock();
		if (pending_event_inlock(id)) {
			rv = CKR_OK;
			break;
		}
		if (flags & CKF_DONT_BLOCK) {
			rv = CKR_NO_EVENT;
			break;
		}
		if (wtp == NULL && tp_new(tok_mod.ops, tok_mod.ops_arg,
		    &wtp) != EBID_OK) {
			rv = CKR_GENERAL_ERROR;
			break;
		}
		tok_unlock(tok_mod.lock);
		wait_change(wtp);
		tok_lock(tok_mod.lock);
	}
	tok_mod.waiters--;
	tok_unlock(tok_mod.lock);
	tp_free(&wtp);
	return rv;
}
