/*
 * token.c - reading a card into a token: once per insertion.
 *
 * The end-entity certificate, the CA certificate when the profile has
 * one, the serial and the PIN status are read here; everything the
 * PKCS#11 functions answer later comes from memory.
 *
 * Each token has a PC/SC context of its own: pcsc-lite holds a context's
 * mutex while SCardBeginTransaction waits for another handle's
 * transaction to end, so two tokens (or two loads of one card) sharing a
 * context would deadlock.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "common/err.h"
#include "common/hex.h"
#include "common/log.h"
#include "token/rv.h"
#include "token/state.h"

/* A PKCS#11 text field: blank-padded, cut on a UTF-8 character boundary. */
void
tok_pad_utf8(CK_UTF8CHAR *dst, size_t n, const char *src)
{
	size_t l = strlen(src);

	if (l > n) {
		l = n;
		while (l > 0 && ((unsigned char)src[l] & 0xC0) == 0x80)
			l--;	/* do not cut a UTF-8 sequence */
	}
	memset(dst, ' ', n);
	memcpy(dst, src, l);
}

/*
 * The first of the wanted attributes (in order of preference) of name, as
 * UTF-8 without NUL; fallback when none is there or it does not convert.
 */
static void
name_text(const X509_NAME *name, const int *nids, size_t nnids,
    const char *fallback, char *out, size_t n)
{
	unsigned char *utf8 = NULL;
	size_t k;
	int i = -1, len;

	snprintf(out, n, "%s", fallback);
	for (k = 0; k < nnids && i < 0; k++)
		i = X509_NAME_get_index_by_NID(name, nids[k], -1);
	if (i < 0)
		return;
	len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
	    X509_NAME_get_entry(name, i)));
	if (len > 0 && (size_t)len < n && memchr(utf8, 0, (size_t)len) ==
	    NULL) {
		memcpy(out, utf8, (size_t)len);
		out[len] = '\0';
	}
	OPENSSL_free(utf8);
}

/* The holder's name: the subject CN. */
static void
subject_cn(X509 *x, char *out, size_t n)
{
	static const int cn[] = { NID_commonName };

	name_text(X509_get_subject_name(x), cn, 1, "IC card", out, n);
}

/* The issuer's organisation, else its CN. */
static void
issuer_name(X509 *x, char *out, size_t n)
{
	static const int o_cn[] = { NID_organizationName, NID_commonName };

	name_text(X509_get_issuer_name(x), o_cn, 2, "unknown authority", out,
	    n);
}

static void
fill_info(struct tok_token *t, X509 *x, const blob_t *serial)
{
	CK_TOKEN_INFO *i = &t->info;
	char text[256], hex[2 * CARD_SERIAL_MAX + 1];
	size_t off;

	memset(i, 0, sizeof(*i));
	/*
	 * The holder's name; a refused card's says so first, which also keeps
	 * it apart from an accepted card of the same holder where a program
	 * finds a token by its label (NSS "token:nickname").
	 */
	off = t->refused ? strlen(TOK_REFUSED_LABEL) : 0;
	memcpy(text, TOK_REFUSED_LABEL, off);
	subject_cn(x, text + off, sizeof(text) - off);
	tok_pad_utf8(i->label, sizeof(i->label), text);
	/* the authority's name, Japanese when it fits; else the issuer's */
	if (t->auth != NULL)
		snprintf(text, sizeof(text), "%s", strlen(t->auth->name_ja) <=
		    sizeof(i->manufacturerID) && t->auth->name_ja[0] ?
		    t->auth->name_ja : t->auth->name_en[0] ? t->auth->name_en :
		    t->auth->id);
	else
		issuer_name(x, text, sizeof(text));
	tok_pad_utf8(i->manufacturerID, sizeof(i->manufacturerID), text);
	tok_pad_utf8(i->model, sizeof(i->model), t->prof->name);
	hex_encode(serial->ptr, serial->len, hex, sizeof(hex), HEX_UPPER);
	memcpy(t->serial_hex, hex, sizeof(t->serial_hex));
	off = strlen(hex) > 16 ? strlen(hex) - 16 : 0;
	tok_pad_utf8(i->serialNumber, sizeof(i->serialNumber), hex + off);
	i->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
	i->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
	i->ulMaxPinLen = t->prof->card.pin_max;
	i->ulMinPinLen = t->prof->card.pin_min;
	i->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
	i->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
	i->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
	i->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
	i->hardwareVersion.major = 1;
	i->firmwareVersion.major = 1;
	memset(i->utcTime, '0', sizeof(i->utcTime));
}

/*
 * PIN flags from the PIN guard's view of the last known count.  A refused
 * card has nothing a login would open (no private key), so it does not
 * ask for one: browsers then never prompt for a PIN that C_Login would
 * refuse anyway.
 */
void
tok_token_pin_flags(struct tok_token *t)
{
	struct pol_pin_view v;
	CK_FLAGS f = CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED |
	    CKF_WRITE_PROTECTED;

	if (!t->refused)
		f |= CKF_LOGIN_REQUIRED;

	if (t->feat.verify_pin_direct != 0)
		f |= CKF_PROTECTED_AUTHENTICATION_PATH;
	tok_policy_guard(t, tok_policy_left(t, &t->pin), &v);
	if (t->pin.blocked || (v.flags & POL_PIN_LOCKED))
		f |= CKF_USER_PIN_LOCKED;	/* the card's or the guard's */
	else if (v.flags & POL_PIN_FINAL_TRY)
		f |= CKF_USER_PIN_FINAL_TRY;
	if ((v.flags & POL_PIN_COUNT_LOW) || t->pin_wrong)
		f |= CKF_USER_PIN_COUNT_LOW;	/* PKCS#11 2.40 table 17 */
	t->info.flags = f;
}

static int
add_objects(struct tok_token *t, struct tok_obj_src *src)
{
	int rc;

	if ((rc = tok_obj_cert(&t->objs[t->nobjs], src)) != EBID_OK)
		return rc;
	t->nobjs++;
	if (src->category != 1 || !src->rsa)	/* a CA's, or no RSA key */
		return EBID_OK;
	if ((rc = tok_obj_pubkey(&t->objs[t->nobjs], src)) != EBID_OK)
		return rc;
	t->nobjs++;
	if (t->refused)		/* no usable private key, ever */
		return EBID_OK;
	if ((rc = tok_obj_privkey(&t->objs[t->nobjs], src)) != EBID_OK)
		return rc;
	t->nobjs++;
	return EBID_OK;
}

/*
 * The certificate's objects; label: its subject CN, written into src
 * itself (it once pointed at this function's stack: scan-build).
 */
static int
add_cert(struct tok_token *t, struct tok_obj_src *src, CK_ULONG category)
{
	subject_cn(src->x509, src->label, sizeof(src->label));
	src->category = category;
	src->always_auth = t->always_auth;
	return add_objects(t, src);
}

/*
 * The PIN count at load for a profile whose card does not tell it: our
 * persistent counter (the authority's lock count less the wrong tries).
 */
static void
read_pin_counter(struct tok_token *t)
{
	struct conf_pinfile *pf = NULL;

	memset(&t->pin, 0, sizeof(t->pin));
	t->pin.tries = -1;
	if (tok_policy_counter_open(t, &pf) == EBID_OK)
		t->pin.tries = tok_policy_counter_left(t,
		    conf_pinfile_wrong(pf));
	conf_pinfile_close(&pf);
}

/*
 * The card is read and judged by insp_card_read and insp_card_decide
 * (src/inspect/), exactly as ebid-tool reads and judges it; then the
 * objects are made: a refused card's private key is never made.
 */
static int
make_token(struct tok_token *t, struct insp_card *ic)
{
	struct tok_obj_src ee = { 0 }, ca = { 0 };
	int rc, have_ca;

	if ((rc = tok_obj_src_init(&ee, ic->cert_der.ptr, ic->cert_der.len))
	    != EBID_OK)
		goto out;
	have_ca = ic->ca != NULL && tok_obj_src_init(&ca, ic->ca_der.ptr,
	    ic->ca_der.len) == EBID_OK;
	t->key_bytes = (size_t)EVP_PKEY_get_size(X509_get0_pubkey(ee.x509));
	t->pin = ic->pin;
	t->feat = ic->feat;
	fill_info(t, ee.x509, &ic->serial);
	if (t->prof->pin_counter)
		read_pin_counter(t);
	if ((rc = add_cert(t, &ee, 1)) != EBID_OK)	/* token user */
		goto out;
	if (have_ca)
		rc = add_cert(t, &ca, 2);		/* authority */
out:
	tok_obj_src_reset(&ee);
	tok_obj_src_reset(&ca);
	return rc;
}

/* Reads and judges the card; the token keeps its connection. */
static CK_RV
read_card(struct tok_slot *s, struct tok_token *t)
{
	struct insp_card ic;
	int rc;

	if ((rc = tp_new(tok_mod.ops, tok_mod.ops_arg, &t->tp)) != EBID_OK)
		return tok_rv(rc);
	rc = insp_card_read(t->tp, s->reader, tok_mod.conf, NULL, &ic);
	t->tc = ic.tc;			/* the token owns the connection */
	t->card = ic.card;
	ic.tc = NULL;
	ic.card = NULL;
	t->prof = ic.prof;
	if (rc == EBID_OK)
		tok_policy_decide(t, &ic, s->reader);
	if (rc == EBID_OK && ic.cert == NULL) {	/* My Number: said why */
		insp_card_reset(&ic);
		return CKR_TOKEN_NOT_RECOGNIZED;
	}
	if (rc == EBID_OK) {
		t->always_auth = t->prof->always_auth ? CK_TRUE : CK_FALSE;
		rc = make_token(t, &ic);
	}
	insp_card_reset(&ic);
	if (rc == EBID_OK)
		return CKR_OK;
	if (t->tc != NULL)
		log_warn("card in \"%s\" could not be read: %s", s->reader,
		    ebid_strerr(rc));
	return rc == EBID_ERR_NOT_FOUND || rc == EBID_ERR_PARSE ||
	    rc == EBID_ERR_CRYPTO || rc == EBID_ERR_UNSUPPORTED ||
	    rc == EBID_ERR_SECURITY ? CKR_TOKEN_NOT_RECOGNIZED : tok_rv(rc);
}

CK_RV
tok_token_load(struct tok_slot *s, struct tok_token **out)
{
	struct tok_token *t;
	CK_RV rv;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return CKR_HOST_MEMORY;
	if ((rv = tok_lock_new(&t->io)) != CKR_OK ||
	    (rv = read_card(s, t)) != CKR_OK)
		goto fail;
	t->max_tries = t->pin.tries;
	if (t->auth != NULL && t->auth->pin_lock_count > 0)
		t->max_tries = t->auth->pin_lock_count;	/* the CA's count */
	tok_token_pin_flags(t);
	log_debug(LOG_TOKEN, "slot %lu: token read, %zu objects", s->id,
	    t->nobjs);
	*out = t;
	return CKR_OK;
fail:
	tok_token_free(&t);
	return rv;
}

void
tok_token_free(struct tok_token **tp)
{
	struct tok_token *t = *tp;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nobjs; i++)
		tok_object_reset(&t->objs[i]);
	card_free(&t->card);
	/* leave the card reset: nothing stays verified behind us */
	tp_disconnect(&t->tc, t->verified);
	tp_free(&t->tp);
	tok_lock_free(&t->io);
	free(t);
	*tp = NULL;
}

struct tok_object *
tok_token_object(struct tok_token *t, CK_OBJECT_HANDLE h)
{
	size_t i;

	for (i = 0; i < t->nobjs; i++)
		if (t->objs[i].handle == h)
			return &t->objs[i];
	return NULL;
}
