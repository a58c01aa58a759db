/*
 * find.c - C_FindObjects* and C_GetAttributeValue, from memory.
 *
 * Private objects (the private key) are visible only while logged in.
 */
#include "config.h"

#include <string.h>

#include "token/state.h"
#include "token/token.h"

static int
visible(const struct tok_token *t, const struct tok_object *o)
{
	return !o->is_private || t->logged_in;
}

CK_RV
tok_find_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG n)
{
	struct tok_session *s;
	struct tok_token *t;
	CK_RV rv;
	size_t i;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if (tmpl == NULL && n > 0)
		return CKR_ARGUMENTS_BAD;
	tok_lock(tok_mod.lock);
	if ((rv = tok_session_get_inlock(h, &s)) != CKR_OK)
		goto out;
	if (s->finding) {
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	t = s->token;
	s->nfound = 0;
	s->fpos = 0;
	for (i = 0; i < t->nobjs; i++)
		if (visible(t, &t->objs[i]) &&
		    tok_object_match(&t->objs[i], tmpl, n))
			s->found[s->nfound++] = t->objs[i].handle;
	s->finding = 1;
out:
	tok_unlock(tok_mod.lock);
	return rv;
}

CK_RV
tok_find(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max,
    CK_ULONG_PTR count)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if (out == NULL || count == NULL)
		return CKR_ARGUMENTS_BAD;
	tok_lock(tok_mod.lock);
	if ((rv = tok_session_get_inlock(h, &s)) == CKR_OK && !s->finding)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	if (rv == CKR_OK) {
		*count = 0;
		while (*count < max && s->fpos < s->nfound)
			out[(*count)++] = s->found[s->fpos++];
	}
	tok_unlock(tok_mod.lock);
	return rv;
}

CK_RV
tok_find_final(CK_SESSION_HANDLE h)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	tok_lock(tok_mod.lock);
	if ((rv = tok_session_get_inlock(h, &s)) == CKR_OK && !s->finding)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	if (rv == CKR_OK)
		s->finding = 0;
	tok_unlock(tok_mod.lock);
	return rv;
}

/* The object, if this session may see it. */
static CK_RV
object_inlock(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh,
    struct tok_object **out)
{
	struct tok_session *s;
	struct tok_object *o;
	CK_RV rv;

	if ((rv = tok_session_get_inlock(h, &s)) != CKR_OK)
		return rv;
	if ((o = tok_token_object(s->token, oh)) == NULL ||
	    !visible(s->token, o))
		return CKR_OBJECT_HANDLE_INVALID;
	*out = o;
	return CKR_OK;
}

CK_RV
tok_get_attrs(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh, CK_ATTRIBUTE_PTR tmpl,
    CK_ULONG n)
{
	struct tok_object *o;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if (tmpl == NULL && n > 0)
		return CKR_ARGUMENTS_BAD;
	tok_lock(tok_mod.lock);
	if ((rv = object_inlock(h, oh, &o)) == CKR_OK)
		rv = tok_object_get(o, tmpl, n);
	tok_unlock(tok_mod.lock);
	return rv;
}

CK_RV
tok_object_size(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh, CK_ULONG_PTR size)
{
	struct tok_object *o;
	CK_RV rv;
	size_t i;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if (size == NULL)
		return CKR_ARGUMENTS_BAD;
	tok_lock(tok_mod.lock);
	if ((rv = object_inlock(h, oh, &o)) == CKR_OK) {
		*size = 0;
		for (i = 0; i < o->nattrs; i++)
			*size += o->attrs[i].ulValueLen;
	}
	tok_unlock(tok_mod.lock);
	return rv;
}
