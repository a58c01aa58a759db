/*
 * fuzz-module.c - the whole module through its function list, with a
 * card that answers anything (the scripted transport in raw mode).
 *
 * Input: a control byte, then the card's answers in the scripted
 * transport's raw mode (each a 2-byte big-endian length and that many
 * bytes; the card is gone when they run out).  Transmit and part 10
 * control calls each take the next answer, in the order the module asks.
 *
 *   control bits 0-1: the PIN given to C_Login: 0 "1234abcd", 1 "1234",
 *                     2 none (the reader's PIN pad), 3 65 bytes (too long)
 *   control bit 2:    CKM_RSA_PKCS (else CKM_SHA256_RSA_PKCS)
 *   control bit 3:    no C_Login at all
 *   control bit 4:    C_Login a second time after C_Logout
 *
 * The configuration is tests/fuzz/module/ebid-pkcs11.conf: the shipped
 * profiles, one authority whose CA is module/ca.pem, and a registry that
 * binds the holder's certificate the seeds carry (mkseeds-docs.py).
 *
 * The calls: C_Initialize, C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,
 * C_GetMechanismList, C_OpenSession, C_FindObjects (all), every
 * attribute of every object (the two-call protocol), C_Login, C_FindObjects
 * again, C_SignInit and C_Sign (two calls), C_Logout, C_CloseAllSessions,
 * C_Finalize.
 *
 * Checks: C_Initialize and C_Finalize succeed whatever the card says; no
 * call answers a correct call with CKR_ARGUMENTS_BAD or
 * CKR_CRYPTOKI_NOT_INITIALIZED; token labels are UTF-8, blank-padded and
 * cut on a character; an attribute's length is the same in both calls,
 * its value fits, and one byte less is CKR_BUFFER_TOO_SMALL; a
 * certificate's CKA_VALUE is DER that OpenSSL takes whole; no private key
 * is visible before C_Login succeeds; a card labelled refused
 * ("使用不可 ") is never sent a PIN and shows no private key; a signature
 * is as long as the key's modulus; after C_Finalize every transport
 * handle, card connection and transaction the module opened is closed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>
#include <unistr.h>

#include "common/err.h"
#include "fuzz.h"
#include "token/token.h"
#include "transport/script.h"
#include "transport/tp.h"

#ifndef FUZZ_TOP_SRCDIR
#define FUZZ_TOP_SRCDIR	"."
#endif

#define OBJS_MAX	16
#define REFUSED		"使用不可 "

static CK_FUNCTION_LIST_PTR p11;
static struct tp_ops ops;
static struct {
	unsigned	ctx_new, ctx_free, connect, disconnect, begin, end;
	unsigned	pin_sent;	/* VERIFY commands with data */
} n;
static int verbose;

/* ---- the counting transport ------------------------------------------ */

static int
c_ctx_new(void *arg, void **ctx)
{
	int rc = tp_script_ops.ctx_new(arg, ctx);

	if (rc == EBID_OK)
		__atomic_add_fetch(&n.ctx_new, 1, __ATOMIC_SEQ_CST);
	return rc;
}

static void
c_ctx_free(void **ctx)
{
	if (*ctx != NULL)
		__atomic_add_fetch(&n.ctx_free, 1, __ATOMIC_SEQ_CST);
	tp_script_ops.ctx_free(ctx);
}

static int
c_connect(void *ctx, const char *reader, void **hdl, uint8_t *atr,
    size_t *atr_len)
{
	int rc = tp_script_ops.connect(ctx, reader, hdl, atr, atr_len);

	n.connect += rc == EBID_OK;
	return rc;
}

static void
c_disconnect(void **hdl, int reset)
{
	n.disconnect += *hdl != NULL;
	tp_script_ops.disconnect(hdl, reset);
}

static int
c_begin(void *hdl)
{
	int rc = tp_script_ops.begin(hdl);

	n.begin += rc == EBID_OK;
	return rc;
}

static int
c_end(void *hdl)
{
	n.end++;
	return tp_script_ops.end(hdl);
}

static int
c_transmit(void *hdl, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
    size_t *resp_len)
{
	/* VERIFY with a data field: a PIN (an empty one asks the tries) */
	if (cmd_len > 5 && cmd[1] == 0x20)
		n.pin_sent++;
	return tp_script_ops.transmit(hdl, cmd, cmd_len, resp, resp_len);
}

static void
setup(void)
{
	static char conf[1024];
	const char *top = getenv("top_srcdir");

	if (top == NULL || *top == '\0')
		top = FUZZ_TOP_SRCDIR;
	snprintf(conf, sizeof(conf), "%s/tests/fuzz/module/ebid-pkcs11.conf",
	    top);
	setenv("EBID_PKCS11_CONF", conf, 1);
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	ops = tp_script_ops;
	ops.name = "fuzz";
	ops.ctx_new = c_ctx_new;
	ops.ctx_free = c_ctx_free;
	ops.connect = c_connect;
	ops.disconnect = c_disconnect;
	ops.begin = c_begin;
	ops.end = c_end;
	ops.transmit = c_transmit;
	if (C_GetFunctionList(&p11) != CKR_OK || p11 == NULL)
		abort();
}

/* ---- checks ------------------------------------------------------------ */

static CK_RV
seen(CK_RV rv, const char *what)
{
	if (verbose && strstr(what, "GetAttributeValue") == NULL)
		fprintf(stderr, "fuzz-module: %s: 0x%lx\n", what, rv);
	FUZZ_ASSERT(rv != CKR_ARGUMENTS_BAD);
	FUZZ_ASSERT(rv != CKR_CRYPTOKI_NOT_INITIALIZED);
	FUZZ_ASSERT(rv != CKR_CRYPTOKI_ALREADY_INITIALIZED);
	return rv;
}
#define CALL(x)	seen((x), #x)

/* A blank-padded UTF-8 field: valid, cut on a character. */
static void
check_padded(const CK_UTF8CHAR *p, size_t len)
{
	while (len > 0 && p[len - 1] == ' ')
		len--;
	FUZZ_ASSERT(u8_check(p, len) == NULL);
}

static int
refused_label(const CK_TOKEN_INFO *ti)
{
	return memcmp(ti->label, REFUSED, strlen(REFUSED)) == 0;
}

static int
still_refused(CK_SLOT_ID slot)
{
	CK_TOKEN_INFO ti;

	return CALL(p11->C_GetTokenInfo(slot, &ti)) == CKR_OK &&
	    refused_label(&ti);
}

static const CK_ATTRIBUTE_TYPE attr_types[] = {
	CKA_CLASS, CKA_TOKEN, CKA_PRIVATE, CKA_LABEL, CKA_ID, CKA_VALUE,
	CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_CERTIFICATE_TYPE,
	CKA_CERTIFICATE_CATEGORY, CKA_TRUSTED, CKA_KEY_TYPE, CKA_MODULUS,
	CKA_MODULUS_BITS, CKA_PUBLIC_EXPONENT, CKA_SIGN, CKA_DECRYPT,
	CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_AUTHENTICATE,
	CKA_MODIFIABLE, CKA_START_DATE, CKA_VENDOR_DEFINED,
};

static void
check_value(CK_ATTRIBUTE_TYPE type, CK_OBJECT_CLASS cls, const uint8_t *v,
    CK_ULONG len)
{
	const unsigned char *p = v;
	X509 *x;

	if (type == CKA_LABEL)
		FUZZ_ASSERT(u8_check(v, len) == NULL);
	if (type == CKA_VALUE && cls == CKO_CERTIFICATE) {
		x = d2i_X509(NULL, &p, (long)len);
		FUZZ_ASSERT(x != NULL && p == v + len);
		X509_free(x);
	}
}

/* One attribute through the two-call protocol. */
static void
check_attr(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_OBJECT_CLASS cls,
    CK_ATTRIBUTE_TYPE type, CK_ULONG *modulus)
{
	CK_ATTRIBUTE a = { type, NULL, 0 };
	CK_ULONG len;
	uint8_t *v;
	CK_RV rv;

	rv = CALL(p11->C_GetAttributeValue(h, o, &a, 1));
	if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE)
		FUZZ_ASSERT(a.ulValueLen == CK_UNAVAILABLE_INFORMATION);
	if (rv != CKR_OK)
		return;
	FUZZ_ASSERT(a.ulValueLen < (1UL << 20));
	len = a.ulValueLen;
	if ((v = malloc(len + 1)) == NULL)
		abort();
	if (len > 0) {
		a.pValue = v;
		a.ulValueLen = len - 1;
		rv = CALL(p11->C_GetAttributeValue(h, o, &a, 1));
		FUZZ_ASSERT(rv == CKR_BUFFER_TOO_SMALL || rv ==
		    CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID ||
		    rv == CKR_OBJECT_HANDLE_INVALID);
	}
	a.pValue = v;
	a.ulValueLen = len;
	rv = CALL(p11->C_GetAttributeValue(h, o, &a, 1));
	if (rv == CKR_OK) {
		FUZZ_ASSERT(a.ulValueLen == len);
		check_value(type, cls, v, len);
		if (type == CKA_MODULUS)
			*modulus = len;
	}
	free(v);
}

/* Every object of the session; returns how many private keys. */
static size_t
walk_objects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *priv, CK_ULONG *modulus)
{
	CK_OBJECT_HANDLE o[OBJS_MAX];
	CK_OBJECT_CLASS cls;
	CK_ATTRIBUTE a = { CKA_CLASS, &cls, sizeof(cls) };
	CK_ULONG got = 0, i, j, mod;
	size_t npriv = 0;

	if (CALL(p11->C_FindObjectsInit(h, NULL, 0)) != CKR_OK)
		return 0;
	if (CALL(p11->C_FindObjects(h, o, OBJS_MAX, &got)) != CKR_OK)
		got = 0;
	FUZZ_ASSERT(got <= OBJS_MAX);
	CALL(p11->C_FindObjectsFinal(h));
	for (i = 0; i < got; i++) {
		a.ulValueLen = sizeof(cls);
		if (CALL(p11->C_GetAttributeValue(h, o[i], &a, 1)) != CKR_OK)
			continue;
		mod = 0;
		for (j = 0; j < sizeof(attr_types) / sizeof(attr_types[0]);
		    j++)
			check_attr(h, o[i], cls, attr_types[j], &mod);
		if (cls == CKO_PRIVATE_KEY) {
			*priv = o[i];
			*modulus = mod;
			npriv++;
		}
	}
	return npriv;
}

/* ---- the session ----------------------------------------------------- */

static void
sign(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key, CK_ULONG modulus,
    uint8_t ctl)
{
	static CK_BYTE di[] = {	/* SHA-256 DigestInfo of "" */
		0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
		0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20, 0xe3,
		0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
		0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64,
		0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8,
		0x55,
	};
	static CK_BYTE bid[] = "入札書 案件番号 0001 金額 1,000,000 円";
	CK_MECHANISM m = { (ctl & 4) ? CKM_RSA_PKCS : CKM_SHA256_RSA_PKCS,
	    NULL, 0 };
	CK_BYTE_PTR data = (ctl & 4) ? di : bid;
	CK_ULONG dlen = (ctl & 4) ? sizeof(di) : sizeof(bid) - 1;
	static uint8_t sig[1024];
	CK_ULONG slen = 0;
	CK_RV rv;

	if (CALL(p11->C_SignInit(h, &m, key)) != CKR_OK)
		return;
	rv = CALL(p11->C_Sign(h, data, dlen, NULL, &slen));
	if (rv != CKR_OK)
		return;
	FUZZ_ASSERT(modulus == 0 || slen == modulus);
	FUZZ_ASSERT(slen <= sizeof(sig));
	rv = CALL(p11->C_Sign(h, data, dlen, sig, &slen));
	if (rv == CKR_OK)
		FUZZ_ASSERT(modulus == 0 || slen == modulus);
	else if (rv == CKR_BUFFER_TOO_SMALL)
		FUZZ_ASSERT(0);
}

static CK_RV
login(CK_SESSION_HANDLE h, uint8_t ctl)
{
	static CK_UTF8CHAR pin8[] = "1234abcd", pin4[] = "1234", long_pin[65];
	CK_UTF8CHAR_PTR pin;
	CK_ULONG len;

	switch (ctl & 3) {
	case 0:
		pin = pin8;
		len = 8;
		break;
	case 1:
		pin = pin4;
		len = 4;
		break;
	case 2:
		pin = NULL;
		len = 0;
		break;
	default:
		memset(long_pin, '7', sizeof(long_pin));
		pin = long_pin;
		len = sizeof(long_pin);
		break;
	}
	return CALL(p11->C_Login(h, CKU_USER, pin, len));
}

static void
session(CK_SLOT_ID slot, int refused, uint8_t ctl)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE;
	CK_ULONG modulus = 0;
	CK_RV rv;

	if (CALL(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &h)) != CKR_OK)
		return;
	/* before C_Login: certificates and public keys only */
	FUZZ_ASSERT(walk_objects(h, &priv, &modulus) == 0);
	if (ctl & 8)
		goto out;
	rv = login(h, ctl);
	if (rv == CKR_OK && (ctl & 0x10)) {
		CALL(p11->C_Logout(h));
		rv = login(h, ctl);
	}
	/* still the refused card (not one read again since) */
	if (refused && still_refused(slot)) {
		FUZZ_ASSERT(rv != CKR_OK && n.pin_sent == 0);
		FUZZ_ASSERT(walk_objects(h, &priv, &modulus) == 0);
	}
	if (rv != CKR_OK) {
		FUZZ_ASSERT(walk_objects(h, &priv, &modulus) == 0);
		goto out;
	}
	if (walk_objects(h, &priv, &modulus) > 0)
		sign(h, priv, modulus, ctl);
	CALL(p11->C_Logout(h));
out:
	CALL(p11->C_CloseSession(h));
}

static void
slot_info(CK_SLOT_ID slot, int *refused)
{
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_MECHANISM_TYPE mech[32];
	CK_ULONG nmech = 32;

	*refused = 0;
	if (CALL(p11->C_GetSlotInfo(slot, &si)) == CKR_OK) {
		check_padded(si.slotDescription, sizeof(si.slotDescription));
		check_padded(si.manufacturerID, sizeof(si.manufacturerID));
	}
	if (CALL(p11->C_GetTokenInfo(slot, &ti)) == CKR_OK) {
		check_padded(ti.label, sizeof(ti.label));
		check_padded(ti.manufacturerID, sizeof(ti.manufacturerID));
		check_padded(ti.model, sizeof(ti.model));
		check_padded(ti.serialNumber, sizeof(ti.serialNumber));
		*refused = refused_label(&ti);
	}
	if (CALL(p11->C_GetMechanismList(slot, mech, &nmech)) == CKR_OK)
		FUZZ_ASSERT(nmech <= 32);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const readers[] = { "Fuzz Reader 0", NULL };
	static struct ts_script ts;	/* off the stack: 2 KiB frames */
	CK_SLOT_ID slots[4];
	CK_ULONG nslots = 4;
	int refused;

	if (p11 == NULL)
		setup();
	if (size < 1 || size > 70000)
		return 0;
	memset(&n, 0, sizeof(n));
	memset(&ts, 0, sizeof(ts));
	ts.readers = readers;
	ts.idle_state = TP_ST_PRESENT;
	ts.raw = data + 1;
	ts.raw_len = size - 1;
	tok_set_transport(&ops, &ts);
	FUZZ_ASSERT(CALL(p11->C_Initialize(NULL)) == CKR_OK);
	if (CALL(p11->C_GetSlotList(CK_FALSE, slots, &nslots)) == CKR_OK &&
	    nslots >= 1) {
		FUZZ_ASSERT(nslots == 1 && slots[0] != 0);
		slot_info(slots[0], &refused);
		session(slots[0], refused, data[0]);
		CALL(p11->C_CloseAllSessions(slots[0]));
	}
	FUZZ_ASSERT(CALL(p11->C_Finalize(NULL)) == CKR_OK);
	tok_set_transport(NULL, NULL);
	FUZZ_ASSERT(n.ctx_new == n.ctx_free);
	FUZZ_ASSERT(n.connect == n.disconnect);
	FUZZ_ASSERT(n.begin == n.end);
	return 0;
}
