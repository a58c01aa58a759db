/*
 * find.c - C_FindObjects* and C_GetAttributeValue, from memory.
 *
 * Private objects (the private key) are visible only while logged in.
 */
#include "config.h"

#include <string.h>

#include "common/precond.h"
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
	return_val_if_fail(tmpl != NULL || n == 0, CKR_ARGUMENTS_BAD);
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
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
	tok_leave();
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
	return_val_if_fail(out != NULL && count != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if (!s->finding) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else {
		*count = 0;
		while (*count < max && s->fpos < s->nfound)
			out[(*count)++] = s->found[s->fpos++];
	}
	tok_leave();
	return rv;
}

CK_RV
tok_find_final(CK_SESSION_HANDLE h)
{
	struct tok_session *s;
	CK_RV rv;

	if ((rv = tok_check()) != CKR_OK)
		return rv;
	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if (!s->finding)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	else
		s->finding = 0;
	tok_leave();
	return rv;
}

/*
 * tok_session_enter, then the object if this session may see it.  As
 * there: CKR_OK returns with the module lock held, for tok_leave.
 */
static CK_RV
object_enter(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE oh,
    struct tok_object **out)
{
	struct tok_session *s;
	struct tok_object *o;
	CK_RV rv;

	if ((rv = tok_session_enter(h, TOK_POLL, &s)) != CKR_OK)
		return rv;
	if ((o = tok_token_object(s->token, oh)) == NULL ||
	    !visible(s->token, o)) {
		tok_leave();
		return CKR_OBJECT_HANDLE_INVALID;
	}
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
	return_val_if_fail(tmpl != NULL || n == 0, CKR_ARGUMENTS_BAD);
	if ((rv = object_enter(h, oh, &o)) != CKR_OK)
		return rv;
	rv = tok_object_get(o, tmpl, n);
	tok_leave();
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
	return_val_if_fail(size != NULL, CKR_ARGUMENTS_BAD);
	if ((rv = object_enter(h, oh, &o)) != CKR_OK)
		return rv;
	*size = 0;
	for (i = 0; i < o->nattrs; i++)
		*size += o->attrs[i].ulValueLen;
	tok_leave();
	return CKR_OK;
}
