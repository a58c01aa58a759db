/*
 * enter.c - the one way into the token layer's shared state, and out.
 *
 * An entry point that works on a slot or a session first calls
 * tok_check and checks its own arguments, then tok_slot_enter or
 * tok_session_enter.  Those take the module lock, look the slot or the
 * session up and check it; on CKR_OK they return with the lock held,
 * and tok_leave releases it.  On any other value they return with the
 * lock released and nothing to undo.
 *
 * The lookups themselves have no side effects.  Looking at the reader
 * (PC/SC status, no APDU), which may end the token and so invalidate
 * the session, is the separate step enter_poll_inlock, done when the
 * entry point asks with TOK_POLL.  It is the only place an entry point
 * polls, so a cheaper way to learn of a removal is made here.
 */
#include "config.h"

#include "token/state.h"

/* Slot IDs are index + 1 (slot.c): never 0. */
static struct tok_slot *
slot_get_inlock(CK_SLOT_ID id)
{
	if (id == 0 || id > tok_mod.nslots)
		return NULL;
	return &tok_mod.slots[id - 1];
}

static void
enter_poll_inlock(struct tok_slot *s, enum tok_poll poll)
{
	if (poll == TOK_POLL)
		tok_slot_poll_inlock(s);
}

CK_RV
tok_slot_enter(CK_SLOT_ID id, enum tok_poll poll, struct tok_slot **out)
{
	struct tok_slot *s;

	tok_lock(tok_mod.lock);
	if ((s = slot_get_inlock(id)) == NULL) {
		tok_unlock(tok_mod.lock);
		return CKR_SLOT_ID_INVALID;
	}
	enter_poll_inlock(s, poll);
	*out = s;
	return CKR_OK;
}

/* The session, if its handle is known and its card is still there. */
CK_RV
tok_session_enter(CK_SESSION_HANDLE h, enum tok_poll poll,
    struct tok_session **out)
{
	struct tok_session *s;

	tok_lock(tok_mod.lock);
	if ((s = tok_session_find_inlock(h)) != NULL) {
		enter_poll_inlock(s->slot, poll);
		if (!s->token->removed) {
			*out = s;
			return CKR_OK;
		}
		tok_session_drop_inlock(s);	/* its card was pulled */
	}
	tok_unlock(tok_mod.lock);
	return CKR_SESSION_HANDLE_INVALID;
}

void
tok_leave(void)
{
	tok_unlock(tok_mod.lock);
}
