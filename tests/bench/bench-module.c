/*
 * bench-module.c - figures for the module, printed, not asserted.
 *
 *   bench-module MODULE READER [ROUNDS]
 *
 * Loads MODULE as an application does and prints: the time from
 * C_Initialize to the first certificate's CKA_VALUE and the APDUs sent
 * for it; the median time and APDU count of one C_Sign
 * (CKM_SHA256_RSA_PKCS, RSA-2048) after login; and, for comparison, the
 * same card commands sent by our card layer directly, without the module.
 * APDUs are counted from the module's own trace (EBID_DEBUG=apdu).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "card/card.h"
#include "common/err.h"
#include "transport/tp.h"

static CK_FUNCTION_LIST_PTR f;
static char trace[] = "/tmp/bench-module-XXXXXX";
static CK_UTF8CHAR pin[] = "1234";
static CK_BYTE bid[] = "bid";

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Command APDUs in the module's trace so far. */
static unsigned long
apdus(void)
{
	char line[512];
	unsigned long n = 0;
	FILE *fp;

	if ((fp = fopen(trace, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strstr(line, "C-APDU[0]") != NULL)
			n++;
	fclose(fp);
	return n;
}

static CK_SLOT_ID
find_slot(const char *reader)
{
	CK_SLOT_ID list[64];
	CK_ULONG n = 64, i;
	CK_SLOT_INFO si;

	if (f->C_GetSlotList(CK_TRUE, list, &n) != CKR_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (f->C_GetSlotInfo(list[i], &si) == CKR_OK &&
		    strncmp((char *)si.slotDescription, reader,
		    strlen(reader)) == 0)
			return list[i];
	return 0;
}

static CK_OBJECT_HANDLE
find_one(CK_SESSION_HANDLE h, CK_OBJECT_CLASS cls)
{
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o = CK_INVALID_HANDLE;
	CK_ULONG n = 0;

	if (f->C_FindObjectsInit(h, &t, 1) == CKR_OK) {
		f->C_FindObjects(h, &o, 1, &n);
		f->C_FindObjectsFinal(h);
	}
	return n == 1 ? o : CK_INVALID_HANDLE;
}

static int
first_cert(const char *reader, CK_SESSION_HANDLE *h)
{
	CK_ATTRIBUTE v = { CKA_VALUE, NULL, 0 };
	CK_OBJECT_HANDLE o;
	CK_SLOT_ID id;
	double t0 = now_ms();
	unsigned long a0 = apdus();
	int ok = -1;

	if (f->C_Initialize(NULL) != CKR_OK || (id = find_slot(reader)) ==
	    0 || f->C_OpenSession(id, CKF_SERIAL_SESSION, NULL, NULL, h) !=
	    CKR_OK || (o = find_one(*h, CKO_CERTIFICATE)) ==
	    CK_INVALID_HANDLE || f->C_GetAttributeValue(*h, o, &v, 1) !=
	    CKR_OK || (v.pValue = malloc(v.ulValueLen)) == NULL)
		return -1;
	if (f->C_GetAttributeValue(*h, o, &v, 1) == CKR_OK) {
		printf("%-52s %8.2f ms  %3lu APDUs  (%lu-byte certificate)\n",
		    "module: C_Initialize to first CKA_VALUE", now_ms() - t0,
		    apdus() - a0, v.ulValueLen);
		ok = 0;
	}
	free(v.pValue);
	return ok;
}

static int
signs(CK_SESSION_HANDLE h, size_t rounds)
{
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_BYTE sig[512];
	CK_ULONG len;
	CK_OBJECT_HANDLE k;
	double *v, t;
	unsigned long a0;
	size_t i;

	if (f->C_Login(h, CKU_USER, pin, 4) != CKR_OK ||
	    (k = find_one(h, CKO_PRIVATE_KEY)) == CK_INVALID_HANDLE ||
	    (v = calloc(rounds, sizeof(*v))) == NULL)
		return -1;
	a0 = apdus();
	for (i = 0; i < rounds; i++) {
		len = sizeof(sig);
		t = now_ms();
		if (f->C_SignInit(h, &m, k) != CKR_OK ||
		    f->C_Sign(h, bid, 3, sig, &len) != CKR_OK)
			return -1;
		v[i] = now_ms() - t;
	}
	printf("%-52s %8.2f ms  %5.1f APDUs  (n=%zu)\n",
	    "module: C_Sign, SHA256-RSA-PKCS, after login", median(v, rounds),
	    (double)(apdus() - a0) / (double)rounds, rounds);
	free(v);
	return 0;
}

/* The same card commands through our card layer, without the module. */
static int
raw(const char *reader, size_t rounds)
{
	struct card_profile prof;
	struct card_pin_status st;
	blob_t b = { 0 };
	tp_card_t *tc = NULL;
	card_t *c = NULL;
	tp_t *tp = NULL;
	double t0, *v;
	size_t i;
	int tries, ok = -1;
	uint8_t di[51] = { 0x30, 0x31 };

	card_profile_default(&prof);
	if ((v = calloc(rounds, sizeof(*v))) == NULL ||
	    tp_new(&tp_pcsc_ops, NULL, &tp) != EBID_OK)
		goto out;
	t0 = now_ms();
	if (tp_connect(tp, reader, &tc) != EBID_OK ||
	    card_new(tc, &prof, &c) != EBID_OK ||
	    card_read_serial(c, &b) != EBID_OK ||
	    card_read_ef(c, 0x0001, &b) != EBID_OK ||
	    card_read_ef(c, 0x0002, &b) != EBID_OK ||
	    card_pin_status(c, &st) != EBID_OK)
		goto out;
	printf("%-52s %8.2f ms  %3lu APDUs\n",
	    "card layer alone: connect, serial, 2 certs, PIN status",
	    now_ms() - t0, card_apdu_count(c));
	if (card_pin_verify(c, pin, 4, &tries) != EBID_OK)
		goto out;
	for (i = 0; i < rounds; i++) {
		t0 = now_ms();
		if (card_sign(c, di, sizeof(di), 256, &b) != EBID_OK)
			goto out;
		v[i] = now_ms() - t0;
	}
	printf("%-52s %8.2f ms    3 APDUs  (n=%zu)\n",
	    "card layer alone: SELECT + MSE:SET + PSO:CDS", median(v, rounds),
	    rounds);
	ok = 0;
out:
	blob_reset(&b);
	card_free(&c);
	tp_disconnect(&tc, 1);
	tp_free(&tp);
	free(v);
	return ok;
}

int
main(int argc, char **argv)
{
	CK_RV (*get)(CK_FUNCTION_LIST_PTR_PTR);
	CK_SESSION_HANDLE h;
	size_t rounds = argc > 3 ? strtoul(argv[3], NULL, 10) : 50;
	void *dl;
	int fd, ok = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-module MODULE READER [ROUNDS]\n");
		return 2;
	}
	if (rounds < 10)
		rounds = 10;
	if ((fd = mkstemp(trace)) < 0)
		return 1;
	close(fd);
	setenv("EBID_DEBUG", "apdu", 1);
	setenv("EBID_DEBUG_FILE", trace, 1);
	if ((dl = dlopen(argv[1], RTLD_NOW)) == NULL ||
	    (*(void **)&get = dlsym(dl, "C_GetFunctionList")) == NULL ||
	    get(&f) != CKR_OK) {
		fprintf(stderr, "bench-module: cannot load %s\n", argv[1]);
		goto out;
	}
	if (first_cert(argv[2], &h) != 0 || signs(h, rounds) != 0) {
		fprintf(stderr, "bench-module: module run failed\n");
		goto out;
	}
	f->C_Finalize(NULL);
	if (raw(argv[2], rounds) != 0) {
		fprintf(stderr, "bench-module: card layer run failed\n");
		goto out;
	}
	ok = 0;
out:
	unlink(trace);
	return ok;
}
