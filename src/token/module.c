/*
 * module.c - C_Initialize, C_Finalize, C_GetInfo, and fork safety.
 *
 * C_Initialize and C_Finalize are serialized by a mutex of our own, since
 * the application's mutexes exist only after C_Initialize.  The process
 * ID at C_Initialize is remembered: a forked child sees
 * CKR_CRYPTOKI_NOT_INITIALIZED until it initializes again, and the
 * parent's PC/SC handles are abandoned there, never used or released.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "common/err.h"
#include "common/log.h"
#include "common/precond.h"
#include "conf/conf.h"
#include "token/rv.h"
#include "token/state.h"
#include "token/token.h"

#define TOK_DEFAULT_CONF	SYSCONFDIR "/ebid-pkcs11.conf"

struct tok_module tok_mod;

static pthread_mutex_t init_mtx = PTHREAD_MUTEX_INITIALIZER;
static const struct tp_ops *next_ops;
static void *next_ops_arg;

void
tok_set_transport(const struct tp_ops *ops, void *arg)
{
	pthread_mutex_lock(&init_mtx);
	next_ops = ops;
	next_ops_arg = arg;
	pthread_mutex_unlock(&init_mtx);
}

CK_RV
tok_check(void)
{
	if (!__atomic_load_n(&tok_mod.init, __ATOMIC_ACQUIRE) ||
	    tok_mod.pid != getpid())
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	return CKR_OK;
}

static CK_RV
load_conf(struct conf **out)
{
	const char *path = secure_getenv("EBID_PKCS11_CONF");
	char err[CONF_ERR_MAX] = "";

	if (path == NULL || *path == '\0')
		path = TOK_DEFAULT_CONF;
	if (conf_load(path, out, err, sizeof(err)) != EBID_OK) {
		log_warn("configuration refused, module not initialized: %s",
		    err);
		return CKR_GENERAL_ERROR;
	}
	if ((*out)->nprofiles == 0) {
		log_warn("%s: no [profile] section; module not initialized",
		    path);
		conf_free(out);
		return CKR_GENERAL_ERROR;
	}
	log_debug(LOG_CONF, "%s: %zu profiles, %zu authorities", path,
	    (*out)->nprofiles, (*out)->nauths);
	return CKR_OK;
}

static CK_RV
init_inlock(CK_C_INITIALIZE_ARGS *args)
{
	char err[CONF_ERR_MAX];
	CK_RV rv;

	if ((rv = tok_lock_setup(args)) != CKR_OK)
		return rv;
	memset(&tok_mod, 0, sizeof(tok_mod));
	tok_mod.ops = next_ops != NULL ? next_ops : &tp_pcsc_ops;
	tok_mod.ops_arg = next_ops_arg;
	tok_mod.next_session = 1;
	tok_mod.next_object = 1;
	if ((rv = load_conf(&tok_mod.conf)) != CKR_OK)
		goto fail;
	if (tok_policy_load(err, sizeof(err)) != EBID_OK) {
		log_warn("configuration refused, module not initialized: %s",
		    err);
		rv = CKR_GENERAL_ERROR;
		goto fail;
	}
	if ((rv = tok_lock_new(&tok_mod.lock)) != CKR_OK)
		goto fail;
	if ((rv = tok_rv(tp_new(tok_mod.ops, tok_mod.ops_arg,
	    &tok_mod.tp))) != CKR_OK)
		goto fail;
	tok_mod.pid = getpid();
	/* Slot IDs are known from the start (Java asks C_GetSlotInfo
	 * before any C_GetSlotList); PC/SC status only, no APDU. */
	tok_lock(tok_mod.lock);
	tok_slots_refresh_inlock();
	tok_unlock(tok_mod.lock);
	__atomic_store_n(&tok_mod.init, 1, __ATOMIC_RELEASE);
	return CKR_OK;
fail:
	tok_lock_free(&tok_mod.lock);
	tok_policy_free();
	conf_free(&tok_mod.conf);
	tok_lock_teardown();
	return rv;
}

CK_RV
tok_initialize(CK_VOID_PTR p)
{
	CK_C_INITIALIZE_ARGS *args = p;
	CK_RV rv;

	pthread_mutex_lock(&init_mtx);
	if (tok_mod.init && tok_mod.pid == getpid()) {
		rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
	} else {
		/* A forked child: abandon the parent's state untouched. */
		if (tok_mod.init)
			log_debug(LOG_P11, "new process; parent state left");
		log_init("ebid-pkcs11", LOG_SINK_SYSLOG);
		rv = init_inlock(args);
	}
	pthread_mutex_unlock(&init_mtx);
	log_debug(LOG_P11, "rv=0x%lx", rv);
	return rv;
}

/* Wake C_WaitForSlotEvent callers and wait until they have left. */
static void
stop_waiters(void)
{
	unsigned n;

	tok_lock(tok_mod.lock);
	tok_mod.finalizing = 1;
	tok_unlock(tok_mod.lock);
	for (;;) {
		tok_lock(tok_mod.lock);
		n = tok_mod.waiters;
		tok_unlock(tok_mod.lock);
		if (n == 0)
			break;
		usleep(10000);
	}
}

static void
free_slots_inlock(void)
{
	size_t i;

	for (i = 0; i < tok_mod.nslots; i++)
		tok_token_gone_inlock(&tok_mod.slots[i]);
}

CK_RV
tok_finalize(CK_VOID_PTR reserved)
{
	CK_RV rv;

	return_val_if_fail(reserved == NULL, CKR_ARGUMENTS_BAD);
	pthread_mutex_lock(&init_mtx);
	if ((rv = tok_check()) == CKR_OK) {
		stop_waiters();
		__atomic_store_n(&tok_mod.init, 0, __ATOMIC_RELEASE);
		tok_lock(tok_mod.lock);
		tok_sessions_free_inlock();
		free_slots_inlock();
		tok_unlock(tok_mod.lock);
		tp_free(&tok_mod.tp);
		tok_lock_free(&tok_mod.lock);
		tok_policy_free();
		conf_free(&tok_mod.conf);
		tok_lock_teardown();
		memset(&tok_mod, 0, sizeof(tok_mod));
		log_fini();
	}
	pthread_mutex_unlock(&init_mtx);
	return rv;
}

CK_RV
tok_get_info(CK_INFO_PTR info)
{
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(info != NULL, CKR_ARGUMENTS_BAD);
	memset(info, 0, sizeof(*info));
	info->cryptokiVersion.major = 2;
	info->cryptokiVersion.minor = 40;
	tok_pad_utf8(info->manufacturerID, sizeof(info->manufacturerID),
	    "ebid-pkcs11 project");
	tok_pad_utf8(info->libraryDescription,
	    sizeof(info->libraryDescription),
	    "JACIC e-bidding IC cards");
	info->libraryVersion.major = 0;
	info->libraryVersion.minor = 1;
	return CKR_OK;
}
