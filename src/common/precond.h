/*
 * precond.h - caller bugs: checked, reported, and fatal in strict mode.
 *
 * A precondition is what only a buggy caller breaks: a NULL pointer
 * where PKCS#11 forbids one, an argument no correct program passes.  A
 * broken one makes the function return its documented error (usually
 * CKR_ARGUMENTS_BAD), after a debug trace line (category p11).  In
 * strict mode it aborts instead, after a line on standard error, so a
 * test stops where the bug is.  Strict mode: EBID_STRICT=1 (anything
 * but "0"); EBID_STRICT=0 turns it off; unset or empty, a debug build
 * (--enable-debug) is strict and any other build is not.  make check
 * sets EBID_STRICT=1.  The variable is read with secure_getenv(3), and
 * only when a precondition is broken.  After p11-kit's common/debug.h.
 *
 * Errors that a correct program can meet (a PIN too long, a token that
 * has no PIN pad) are not preconditions: they return their code always.
 */
#ifndef EBID_COMMON_PRECOND_H
#define EBID_COMMON_PRECOND_H

/* Strict mode, as above. */
int precond_strict(void);
/* Report the broken precondition expr in func; abort in strict mode. */
void precond_fail(const char *expr, const char *func);

/* Return v from the calling function when x is false. */
#define return_val_if_fail(x, v)					\
	do {								\
		if (!(x)) {						\
			precond_fail(#x, __func__);			\
			return (v);					\
		}							\
	} while (0)

/* x, as 1 or 0; a false x is reported as by return_val_if_fail. */
#define precond_ok(x)	((x) ? 1 : (precond_fail(#x, __func__), 0))

#endif
