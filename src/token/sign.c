/*
 * sign.c - C_SignInit, C_Sign, C_SignUpdate, C_SignFinal.
 *
 * The hash mechanisms hash on the host and send the DigestInfo; the card
 * pads and signs.  CKR_BUFFER_TOO_SMALL and a length query keep the
 * operation; any other result ends it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "common/err.h"
#include "common/log.h"
#include "common/precond.h"
#include "token/rv.h"
#include "token/state.h"
#include "token/token.h"

#define SIGN_INPUT_MAX	(1024 - 11)	/* CKM_RSA_PKCS, RSA-8192 bound */

void
tok_session_sign_end(struct tok_session *s)
{
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
	blob_reset(&s->data);
	s->signing = 0;
	s->multipart = 0;
	s->ctx_auth = 0;
	s->mech = NULL;
	s->key = NULL;
}

static CK_RV
check_key(struct tok_session *s, CK_OBJECT_HANDLE kh)
{
	const CK_ATTRIBUTE *a;
	struct tok_object *o;

	if ((o = tok_token_object(s->token, kh)) == NULL)
		return CKR_KEY_HANDLE_INVALID;
	if (o->is_private && !s->token->logged_in)
		return CKR_USER_NOT_LOGGED_IN;	/* NSS then asks for the PIN */
	if (o->cls != CKO_PRIVATE_KEY)
		return CKR_KEY_TYPE_INCONSISTENT;
	if ((a = tok_object_attr(o, CKA_SIGN)) == NULL ||
	    *(CK_BBOOL *)a->pValue != CK_TRUE)
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	s->key = o;
	return CKR_OK;
}

static CK_RV
start_inlock(struct tok_session *s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE kh)
{
	const struct tok_mech *tm;
	CK_RV rv;

	if (s->signing)
		return CKR_OPERATION_ACTIVE;
	if ((tm = tok_mech_find(m->mechanism)) == NULL ||
	    !(tm->flags & CKF_SIGN))
		return CKR_MECHANISM_INVALID;
	if (m->pParameter != NULL || m->ulParameterLen != 0)
		return CKR_MECHANISM_PARAM_INVALID;
	if ((rv = check_key(s, kh)) != CKR_OK)
		return rv;
	if (!s->token->logged_in)
		return CKR_USER_NOT_LOGGED_IN;
	if (tm->md != NULL && ((s->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(s->md, tm->md(), NULL) != 1)) {
		tok_session_sign_end(s);
		return CKR_HOST_MEMORY;
	}
	s->mech = tm;
	s->signing = 1;
	return CKR_OK;
}

CK_RV
tok_sign_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE kh)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	return_val_if_fail(m != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) == CKR_OK) {
		rv = start_inlock(s, m, kh);
		tok_leave();
	}
	log_debug(LOG_P11, "mechanism 0x%lx: rv=0x%lx", m->mechanism, rv);
	return rv;
}

static CK_RV
absorb(struct tok_session *s, const uint8_t *p, size_t n)
{
	if (s->md != NULL)
		return EVP_DigestUpdate(s->md, p, n) == 1 ? CKR_OK :
		    CKR_GENERAL_ERROR;
	if (SIGN_INPUT_MAX - s->data.len < n)
		return CKR_DATA_LEN_RANGE;
	return tok_rv(blob_append(&s->data, p, n));
}

/* What the card is to sign: the DigestInfo, or the raw data. */
static CK_RV
to_be_signed(struct tok_session *s, blob_t *tbs)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (s->md == NULL) {
		if (s->data.len == 0 || s->data.len > s->token->key_bytes - 11)
			return CKR_DATA_LEN_RANGE;
		return tok_rv(blob_set(tbs, s->data.ptr, s->data.len));
	}
	if (EVP_DigestFinal_ex(s->md, md, &mdlen) != 1)
		return CKR_GENERAL_ERROR;
	if (blob_set(tbs, s->mech->prefix, s->mech->prefix_len) != EBID_OK ||
	    blob_append(tbs, md, mdlen) != EBID_OK)
		return CKR_HOST_MEMORY;
	return CKR_OK;
}

/* Card I/O with the token referenced and the module unlocked. */
static CK_RV
card_signs(struct tok_token *t, const blob_t *tbs, blob_t *sig)
{
	int rc;

	tok_lock(t->io);
	rc = card_sign(t->card, tbs->ptr, tbs->len, t->key_bytes, sig);
	tok_unlock(t->io);
	log_debug(LOG_TOKEN, "PSO:CDS: %s", ebid_strerr(rc));
	if (rc == EBID_ERR_CARD_RESET)
		rc = EBID_ERR_SECURITY;	/* the card forgot our PIN */
	return tok_rv(rc);
}

/* Length query and buffer check: these keep the operation alive. */
static int
keep_alive(struct tok_session *s, CK_BYTE_PTR sig, CK_ULONG_PTR siglen,
    CK_RV *rv)
{
	CK_ULONG need = (CK_ULONG)s->token->key_bytes;

	if (sig == NULL) {
		*siglen = need;
		*rv = CKR_OK;
		return 1;
	}
	if (*siglen < need) {
		*siglen = need;
		*rv = CKR_BUFFER_TOO_SMALL;
		return 1;
	}
	if (s->token->always_auth && !s->ctx_auth) {
		*rv = CKR_USER_NOT_LOGGED_IN;
		return 1;
	}
	return 0;
}

static CK_RV
finish(CK_SESSION_HANDLE h, struct tok_session *s, CK_BYTE_PTR out,
    CK_ULONG_PTR outlen)
{
	blob_t tbs = { 0 }, sig = { 0 };
	struct tok_token *t = s->token;
	CK_RV rv;

	if ((rv = to_be_signed(s, &tbs)) != CKR_OK)
		goto end;
	t->refs++;
	tok_unlock(tok_mod.lock);
	rv = card_signs(t, &tbs, &sig);
	tok_lock(tok_mod.lock);
	if (rv == CKR_USER_NOT_LOGGED_IN)
		t->logged_in = 0;
	tok_token_unref_inlock(&t);
	if (rv == CKR_OK) {
		memcpy(out, sig.ptr, sig.len);
		*outlen = (CK_ULONG)sig.len;
	}
end:
	blob_reset(&tbs);
	blob_reset(&sig);
	if ((s = tok_session_find_inlock(h)) != NULL)
		tok_session_sign_end(s);	/* unless closed meanwhile */
	return rv;
}

CK_RV
tok_sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig,
    CK_ULONG_PTR siglen)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if (!s->signing) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else if (!precond_ok(siglen != NULL && (data != NULL || len == 0)) ||
	    s->multipart) {
		rv = s->multipart ? CKR_OPERATION_ACTIVE : CKR_ARGUMENTS_BAD;
		tok_session_sign_end(s);
	} else if (!keep_alive(s, sig, siglen, &rv)) {
		if ((rv = absorb(s, data, len)) == CKR_OK)
			rv = finish(h, s, sig, siglen);
		else
			tok_session_sign_end(s);
	}
	tok_leave();
	return rv;
}

CK_RV
tok_sign_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if (!s->signing)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	else if (!precond_ok(data != NULL || len == 0))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = absorb(s, data, len);
	if (rv == CKR_OK)
		s->multipart = 1;
	else if (s->signing)
		tok_session_sign_end(s);
	tok_leave();
	return rv;
}

CK_RV
tok_sign_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR siglen)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if (!s->signing) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else if (!precond_ok(siglen != NULL)) {
		rv = CKR_ARGUMENTS_BAD;
		tok_session_sign_end(s);
	} else if (!keep_alive(s, sig, siglen, &rv)) {
		rv = finish(h, s, sig, siglen);
	}
	tok_leave();
	return rv;
}
