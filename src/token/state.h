/*
 * state.h - the token layer's shared state.  Private to src/token/.
 *
 * Locks: the module lock (tok_mod.lock) guards the slot table, the
 * session table, token pointers, reference counts and login flags; it is
 * held briefly and never during card I/O.  Each token's io lock
 * serializes APDUs to its card.  Order: module lock, then io lock; a
 * thread holding an io lock never takes the module lock.
 */
#ifndef EBID_TOKEN_STATE_H
#define EBID_TOKEN_STATE_H

#include <stddef.h>
#include <sys/types.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

#include "card/card.h"
#include "common/buf.h"
#include "conf/conf.h"
#include "conf/pinfile.h"
#include "conf/trust.h"
#include "inspect/inspect.h"
#include "policy/pinguard.h"
#include "token/lock.h"
#include "token/mech.h"
#include "token/object.h"
#include "transport/tp.h"

#define TOK_SLOTS_MAX	32
#define TOK_OBJS_MAX	8
#define TOK_WHY_MAX	1024	/* a refusal's reasons, one sentence */
/* Before the holder's name in a refused card's token label: "unusable". */
#define TOK_REFUSED_LABEL	"使用不可 "

struct tok_token {
	unsigned		 refs;
	int			 removed;	/* card gone: sessions invalid */
	int			 logged_in;	/* CKU_USER, for this process */
	int			 verified;	/* we verified the card's PIN */
	int			 max_tries;	/* the lock count, if known */
	int			 pin_wrong;	/* wrong PIN since the last good */
	int			 refused;	/* by the policy: no key, no PIN */
	unsigned		 kinds;		/* 1u << pol_deny_kind of why */
	int			 warned_count;	/* pin_lock_count warning given */
	char			 why[TOK_WHY_MAX];	/* the reasons */
	char			 serial_hex[2 * CARD_SERIAL_MAX + 1];
	tok_lock_t		*io;
	tp_t			*tp;	/* own PC/SC context: see token.c */
	tp_card_t		*tc;
	card_t			*card;
	const struct conf_profile *prof;
	const struct conf_authority *auth;	/* NULL: not configured */
	CK_TOKEN_INFO		 info;		/* answered from memory */
	struct card_pin_status	 pin;
	struct tok_object	 objs[TOK_OBJS_MAX];
	size_t			 nobjs;
	size_t			 key_bytes;
	CK_BBOOL		 always_auth;
	struct tp_features	 feat;
};

struct tok_slot {
	CK_SLOT_ID		 id;
	char			 reader[TP_READER_MAX];
	int			 attached;	/* the reader is there */
	int			 card;		/* a card is in it */
	uint32_t		 known;		/* PC/SC event state */
	int			 event;		/* for C_WaitForSlotEvent */
	struct tok_token	*token;		/* NULL until read */
};

struct tok_session {
	CK_SESSION_HANDLE	 h;
	struct tok_slot		*slot;
	struct tok_token	*token;		/* holds a reference */
	CK_FLAGS		 flags;
	/* C_FindObjects */
	int			 finding;
	CK_OBJECT_HANDLE	 found[TOK_OBJS_MAX];
	size_t			 nfound;
	size_t			 fpos;
	/* C_Sign */
	int			 signing;
	int			 multipart;
	int			 ctx_auth;	/* CKU_CONTEXT_SPECIFIC done */
	const struct tok_mech	*mech;
	struct tok_object	*key;
	EVP_MD_CTX		*md;
	blob_t			 data;
};

struct tok_module {
	int			 init;
	pid_t			 pid;
	int			 finalizing;
	int			 refreshed;	/* the reader list was read */
	unsigned		 waiters;
	tok_lock_t		*lock;
	struct conf		*conf;
	struct conf_trust	*trust;		/* CAs, registry, rules */
	tp_t			*tp;
	const struct tp_ops	*ops;
	void			*ops_arg;
	struct tok_slot		 slots[TOK_SLOTS_MAX];
	size_t			 nslots;
	struct tok_session	**sessions;
	size_t			 nsessions;
	CK_SESSION_HANDLE	 next_session;
	CK_OBJECT_HANDLE	 next_object;
};

extern struct tok_module tok_mod;

/*
 * enter.c: the entry and exit of every slot and session entry point.
 * CKR_OK: the module lock is held, *out is set, tok_leave() follows.
 * Otherwise the lock is not held.  TOK_POLL looks at the reader first
 * (PC/SC status, no APDU): a pulled card's sessions become invalid.
 */
enum tok_poll {
	TOK_NO_POLL,
	TOK_POLL,
};
CK_RV tok_slot_enter(CK_SLOT_ID, enum tok_poll, struct tok_slot **out);
CK_RV tok_session_enter(CK_SESSION_HANDLE, enum tok_poll,
    struct tok_session **out);
void tok_leave(void);

/* slot.c */
void tok_slots_refresh_inlock(void);
void tok_slot_poll_inlock(struct tok_slot *);
CK_RV tok_slot_token_inlock(struct tok_slot *, struct tok_token **);
void tok_token_unref_inlock(struct tok_token **);
void tok_token_gone_inlock(struct tok_slot *);
void tok_token_pin_flags(struct tok_token *);

/* session.c */
/* A lookup and nothing else: NULL when no session has handle h. */
struct tok_session *tok_session_find_inlock(CK_SESSION_HANDLE);
/* Closes the session (it must be in the table) and frees it. */
void tok_session_drop_inlock(struct tok_session *);
void tok_session_sign_end(struct tok_session *);
void tok_sessions_free_inlock(void);

/* policy.c */
int tok_policy_load(char *err, size_t errlen);
void tok_policy_free(void);
void tok_policy_decide(struct tok_token *, const struct insp_card *,
    const char *reader);
int tok_policy_left(struct tok_token *, const struct card_pin_status *);
void tok_policy_guard(struct tok_token *, int left,
    struct pol_pin_view *);
int tok_policy_counter_left(const struct tok_token *, int wrong);
int tok_policy_counter_open(const struct tok_token *, struct conf_pinfile **);
/* Why no PIN was sent: the guard's view, or the card is blocked. */
void tok_policy_guard_log(const struct tok_token *,
    const struct pol_pin_view *, int blocked);

/* token.c */
void tok_pad_utf8(CK_UTF8CHAR *, size_t, const char *);

/* token.c: card I/O; called with the token referenced, module unlocked */
CK_RV tok_token_load(struct tok_slot *, struct tok_token **);
void tok_token_free(struct tok_token **);
struct tok_object *tok_token_object(struct tok_token *, CK_OBJECT_HANDLE);

#endif
