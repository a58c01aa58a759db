/*
 * object.h - token objects: CK_ATTRIBUTE arrays built once, when a card
 * is read, and answered from memory afterwards.
 */
#ifndef EBID_TOKEN_OBJECT_H
#define EBID_TOKEN_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

#define TOK_ID_LEN	20	/* SHA-1 of the RSA modulus */
#define TOK_LABEL_MAX	256	/* CKA_LABEL, UTF-8, with its NUL */

struct tok_object {
	CK_OBJECT_HANDLE	 handle;
	CK_OBJECT_CLASS		 cls;
	CK_BBOOL		 is_private;
	CK_ATTRIBUTE		*attrs;
	size_t			 nattrs;
};

struct tok_obj_src {
	const uint8_t	*der;		/* the certificate */
	size_t		 der_len;
	X509		*x509;
	char		 label[TOK_LABEL_MAX];	/* UTF-8; owned: see add_cert */
	uint8_t		 id[TOK_ID_LEN];
	CK_BBOOL	 always_auth;
	CK_ULONG	 category;	/* CK_CERTIFICATE_CATEGORY_* */
	int		 rsa;		/* an RSA key: key objects possible */
};

int tok_obj_src_init(struct tok_obj_src *, const uint8_t *der, size_t len);
void tok_obj_src_reset(struct tok_obj_src *);
int tok_obj_cert(struct tok_object *, const struct tok_obj_src *);
int tok_obj_pubkey(struct tok_object *, const struct tok_obj_src *);
int tok_obj_privkey(struct tok_object *, const struct tok_obj_src *);
void tok_object_reset(struct tok_object *);

const CK_ATTRIBUTE *tok_object_attr(const struct tok_object *,
    CK_ATTRIBUTE_TYPE);
CK_RV tok_object_get(const struct tok_object *, CK_ATTRIBUTE_PTR, CK_ULONG);
int tok_object_match(const struct tok_object *, const CK_ATTRIBUTE *,
    CK_ULONG);

#endif
