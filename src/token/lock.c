/*
 * lock.c - mutexes, either the application's or the operating system's.
 *
 * PKCS#11 2.40 §5.4: with CKF_OS_LOCKING_OK, or with no callbacks, we use
 * pthreads; with callbacks and without the flag, we must use the
 * application's.  Callbacks must be given all four or none.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "common/precond.h"
#include "token/lock.h"

struct tok_lock {
	pthread_mutex_t	 mtx;
	void		*app;	/* the application's mutex, or NULL */
};

static CK_CREATEMUTEX lock_create;
static CK_DESTROYMUTEX lock_destroy;
static CK_LOCKMUTEX lock_lock;
static CK_UNLOCKMUTEX lock_unlock;

CK_RV
tok_lock_setup(const CK_C_INITIALIZE_ARGS *a)
{
	int n;

	lock_create = NULL;
	lock_destroy = NULL;
	lock_lock = NULL;
	lock_unlock = NULL;
	if (a == NULL)
		return CKR_OK;
	return_val_if_fail(a->pReserved == NULL, CKR_ARGUMENTS_BAD);
	n = (a->CreateMutex != NULL) + (a->DestroyMutex != NULL) +
	    (a->LockMutex != NULL) + (a->UnlockMutex != NULL);
	return_val_if_fail(n == 0 || n == 4, CKR_ARGUMENTS_BAD);
	if (n == 4 && !(a->flags & CKF_OS_LOCKING_OK)) {
		lock_create = a->CreateMutex;
		lock_destroy = a->DestroyMutex;
		lock_lock = a->LockMutex;
		lock_unlock = a->UnlockMutex;
	}
	return CKR_OK;
}

void
tok_lock_teardown(void)
{
	lock_create = NULL;
	lock_destroy = NULL;
	lock_lock = NULL;
	lock_unlock = NULL;
}

CK_RV
tok_lock_new(tok_lock_t **out)
{
	tok_lock_t *l;
	CK_RV rv;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return CKR_HOST_MEMORY;
	if (lock_create != NULL) {
		if ((rv = lock_create(&l->app)) != CKR_OK) {
			free(l);
			return rv;
		}
	} else if (pthread_mutex_init(&l->mtx, NULL) != 0) {
		free(l);
		return CKR_CANT_LOCK;
	}
	*out = l;
	return CKR_OK;
}

void
tok_lock_free(tok_lock_t **lp)
{
	if (lp == NULL || *lp == NULL)
		return;
	if ((*lp)->app != NULL)
		lock_destroy((*lp)->app);
	else
		pthread_mutex_destroy(&(*lp)->mtx);
	free(*lp);
	*lp = NULL;
}

void
tok_lock(tok_lock_t *l)
{
	if (l->app != NULL)
		lock_lock(l->app);
	else
		pthread_mutex_lock(&l->mtx);
}

void
tok_unlock(tok_lock_t *l)
{
	if (l->app != NULL)
		lock_unlock(l->app);
	else
		pthread_mutex_unlock(&l->mtx);
}
