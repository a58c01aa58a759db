/*
 * pinguard.h - the per-authority PIN guard, as a pure function.
 *
 * Each authority locks its cards after its own number of wrong PINs
 * (AOSign: 10).  The guard never lets a PIN be sent that could leave the
 * card with fewer than `reserve` tries: with `left` tries left on the
 * card, a wrong PIN leaves left - 1, so a PIN may be sent only while
 * left - 1 >= reserve.
 */
#ifndef EBID_POLICY_PINGUARD_H
#define EBID_POLICY_PINGUARD_H

#define POL_PIN_RESERVE_DEFAULT	2

enum pol_pin_flag {
	POL_PIN_COUNT_LOW = 1 << 0,	/* tries were spent */
	POL_PIN_FINAL_TRY = 1 << 1,	/* one more wrong PIN and it holds */
	POL_PIN_LOCKED = 1 << 2,	/* the guard holds (or the card is) */
};

struct pol_pin_view {
	int		allowed;	/* a PIN may be sent now */
	int		left;		/* the card's tries left, -1 unknown */
	int		until_guard;	/* wrong PINs before the guard holds */
	unsigned	flags;		/* POL_PIN_* */
};

/*
 * left: tries left (-1 unknown); lock_count: the authority's count
 * (0 unknown); reserve: tries never to spend.  Returns EBID_OK or
 * EBID_ERR_ARG.  With left unknown the guard refuses: a PIN is sent only
 * when the card's own counter has been read.
 */
int pol_pin_guard(int left, int lock_count, int reserve,
    struct pol_pin_view *);

/*
 * The tries left the guard works from, given what an empty VERIFY said
 * (tries: 63Cx, or -1; verified: 9000; blocked: 6983): 0 when blocked;
 * the card's count; a card verified in this power cycle has a full
 * counter, lock_count when that is known (> 0); else -1 (unknown).
 */
int pol_pin_left(int tries, int verified, int blocked, int lock_count);

/*
 * The tries left of a card that does not tell them, by a count of wrong
 * PINs kept for it: lock_count - wrong, never below 0; -1 when either is
 * unknown (wrong < 0, lock_count <= 0).
 */
int pol_pin_left_counted(int wrong, int lock_count);

/*
 * The lock count to work from: the authority's configured count (0:
 * unknown), unless the card reports more tries left than that, which
 * means the configuration is wrong for this card: then 0 (unknown) and
 * *mismatch = 1 (mismatch may be NULL), for the caller to say so.
 */
int pol_pin_lock_count(int configured, int left, int *mismatch);

#endif
