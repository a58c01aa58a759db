/*
 * lab-demo.c - what the project can do today, shown on the lab's cards.
 *
 *   lab-demo [PIN]
 *
 * For every reader pcscd knows: the card's ATR, serial and certificate
 * holder, read with our transport and card layer, and the PIN tries left
 * (asked with an empty VERIFY, which spends no try).  The first
 * reference-profile card is then signed with (PIN, default 1234) and the
 * signature verified with OpenSSL against the certificate read from it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "card/apdu.h"
#include "card/card.h"
#include "common/err.h"
#include "common/log.h"
#include "transport/tp.h"

static void
print_hex(const char *label, const uint8_t *p, size_t n)
{
	size_t i;

	printf("  %-10s", label);
	for (i = 0; i < n; i++)
		printf("%02X", p[i]);
	printf("\n");
}

static X509 *
show_cert(card_t *card)
{
	blob_t der = { 0 };
	const uint8_t *p;
	X509 *x = NULL;
	BIO *out;
	int rc;

	if ((rc = card_read_ef(card, 0x0001, &der)) != EBID_OK) {
		printf("  %-10s%s\n", "cert:", ebid_strerr(rc));
		return NULL;
	}
	p = der.ptr;
	if ((x = d2i_X509(NULL, &p, (long)der.len)) == NULL ||
	    p != der.ptr + der.len) {
		printf("  %-10snot a DER certificate\n", "cert:");
		X509_free(x);
		blob_reset(&der);
		return NULL;
	}
	printf("  %-10s%zu bytes, RSA-%d\n  %-10s", "cert:", der.len,
	    EVP_PKEY_get_bits(X509_get0_pubkey(x)), "holder:");
	out = BIO_new_fp(stdout, BIO_NOCLOSE);
	X509_NAME_print_ex(out, X509_get_subject_name(x), 0,
	    XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
	BIO_free(out);
	printf("\n");
	blob_reset(&der);
	return x;
}

static void
show_pin(card_t *card)
{
	struct card_pin_status st;
	int rc;

	if ((rc = card_pin_status(card, &st)) != EBID_OK)
		printf("  %-10s%s\n", "PIN:", ebid_strerr(rc));
	else if (st.blocked)
		printf("  %-10sBLOCKED\n", "PIN:");
	else
		printf("  %-10s%d tries left (asked without spending one)\n",
		    "PIN:", st.tries);
}

static int
sign_verify(card_t *card, X509 *x, const char *pin)
{
	static const uint8_t pfx[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09,
	    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
	    0x04, 0x20 };
	uint8_t di[sizeof(pfx) + 32];
	unsigned int mdlen = 32;
	EVP_PKEY_CTX *v = NULL;
	blob_t sig = { 0 };
	int tries, rc, ok;

	memcpy(di, pfx, sizeof(pfx));
	EVP_Digest("demo bid", 8, di + sizeof(pfx), &mdlen, EVP_sha256(),
	    NULL);
	if ((rc = card_pin_verify(card, (const uint8_t *)pin, strlen(pin),
	    &tries)) != EBID_OK || (rc = card_sign(card, di, sizeof(di),
	    (size_t)EVP_PKEY_get_size(X509_get0_pubkey(x)), &sig)) != EBID_OK) {
		printf("  %-10s%s\n", "sign:", ebid_strerr(rc));
		return 1;
	}
	v = EVP_PKEY_CTX_new(X509_get0_pubkey(x), NULL);
	ok = v != NULL && EVP_PKEY_verify_init(v) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(v, RSA_PKCS1_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_signature_md(v, EVP_sha256()) == 1 &&
	    EVP_PKEY_verify(v, sig.ptr, sig.len, di + sizeof(pfx), 32) == 1;
	printf("  %-10sSHA-256 DigestInfo signed on the card, %zu bytes; "
	    "OpenSSL verification: %s\n", "sign:", sig.len, ok ? "OK" :
	    "FAILED");
	EVP_PKEY_CTX_free(v);
	blob_reset(&sig);
	return !ok;
}

static int
show_reader(tp_t *tp, const char *reader, const char *pin, int *signed_one)
{
	struct card_profile prof;
	tp_card_t *tc = NULL;
	card_t *card = NULL;
	const uint8_t *atr;
	size_t atr_len;
	X509 *x = NULL;
	blob_t serial = { 0 };
	int rc, bad = 0;

	printf("%s\n", reader);
	if ((rc = tp_connect(tp, reader, &tc)) != EBID_OK) {
		printf("  %s\n", ebid_strerr(rc));
		return 0;
	}
	atr = tp_card_atr(tc, &atr_len);
	print_hex("ATR:", atr, atr_len);
	card_profile_default(&prof);
	card_new(tc, &prof, &card);
	if ((rc = card_select_app(card)) != EBID_OK) {
		printf("  %-10snot a reference-profile card (%s)\n", "app:",
		    ebid_strerr(rc));
		goto out;
	}
	if (card_read_serial(card, &serial) == EBID_OK)
		print_hex("serial:", serial.ptr, serial.len);
	x = show_cert(card);
	show_pin(card);
	if (x != NULL && !*signed_one) {
		bad = sign_verify(card, x, pin);
		*signed_one = 1;
	}
out:
	X509_free(x);
	blob_reset(&serial);
	card_free(&card);
	tp_disconnect(&tc, 1);
	return bad;
}

int
main(int argc, char **argv)
{
	const char *pin = argc > 1 ? argv[1] : "1234";
	char **names = NULL;
	size_t n = 0, i;
	tp_t *tp = NULL;
	int bad = 0, signed_one = 0, rc;

	log_init("lab-demo", LOG_SINK_STDERR);
	if ((rc = tp_new(&tp_pcsc_ops, NULL, &tp)) != EBID_OK ||
	    (rc = tp_readers(tp, &names, &n)) != EBID_OK) {
		fprintf(stderr, "lab-demo: %s\n", ebid_strerr(rc));
		tp_free(&tp);
		return 1;
	}
	for (i = 0; i < n; i++)
		bad |= show_reader(tp, names[i], pin, &signed_one);
	tp_readers_free(&names, n);
	tp_free(&tp);
	return bad || !signed_one;
}
