/*
 * pinguard.c - the per-authority PIN guard.
 */
#include "config.h"

#include <string.h>

#include "common/err.h"
#include "policy/pinguard.h"

int
pol_pin_guard(int left, int lock_count, int reserve, struct pol_pin_view *v)
{
	if (v == NULL || reserve < 0 || lock_count < 0 || left < -1 ||
	    (lock_count > 0 && left > lock_count))
		return EBID_ERR_ARG;
	memset(v, 0, sizeof(*v));
	v->left = left;
	if (left < 0) {		/* unknown: never guess */
		v->flags = POL_PIN_LOCKED;
		return EBID_OK;
	}
	v->until_guard = left - reserve > 0 ? left - reserve : 0;
	v->allowed = v->until_guard > 0;
	if (!v->allowed)
		v->flags |= POL_PIN_LOCKED;
	else if (v->until_guard == 1)
		v->flags |= POL_PIN_FINAL_TRY;
	if (lock_count > 0 && left < lock_count)
		v->flags |= POL_PIN_COUNT_LOW;
	return EBID_OK;
}

int
pol_pin_left(int tries, int verified, int blocked, int lock_count)
{
	if (blocked)
		return 0;
	if (tries >= 0)
		return tries;
	return verified && lock_count > 0 ? lock_count : -1;
}

int
pol_pin_left_counted(int wrong, int lock_count)
{
	if (wrong < 0 || lock_count <= 0)
		return -1;
	return wrong >= lock_count ? 0 : lock_count - wrong;
}

int
pol_pin_lock_count(int configured, int left, int *mismatch)
{
	int bad = configured > 0 && left > configured;

	if (mismatch != NULL)
		*mismatch = bad;
	return configured > 0 && !bad ? configured : 0;
}
