/*
 * bench-lab.c - figures for the virtual card lab, printed, not asserted.
 *
 *   bench-lab READER [ROUNDS]
 *
 * Prints the median and 90th percentile APDU round trip through pcscd,
 * vpcd and ebid-vcard (SELECT of the application, ROUNDS times, default
 * 500), and the median time of one RSA-2048 PSO: COMPUTE DIGITAL SIGNATURE
 * (the emulator's signing time plus one round trip).  The card in READER
 * must be a reference-profile card with the demo PIN 1234.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card/apdu.h"
#include "card/card.h"
#include "common/err.h"
#include "common/log.h"
#include "transport/tp.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%-44s median %9.1f us  p90 %9.1f us  min %9.1f us  (n=%zu)\n",
	    what, v[n / 2], v[n * 9 / 10], v[0], n);
	return v[n / 2];
}

static int
bench_rtt(tp_card_t *tc, double *v, size_t n)
{
	static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x0C, 0x09, 0xD3,
	    0x92, 0xF0, 0x00, 0x45, 0x42, 0x49, 0x44, 0x01 };
	uint8_t resp[258];
	size_t i, len;
	double t;

	for (i = 0; i < n; i++) {
		len = sizeof(resp);
		t = now_us();
		if (tp_transmit(tc, sel, sizeof(sel), resp, &len) != EBID_OK ||
		    len != 2 || resp[0] != 0x90)
			return -1;
		v[i] = now_us() - t;
	}
	return 0;
}

static int
bench_sign(card_t *card, double *v, size_t n)
{
	uint8_t di[51];
	blob_t sig = { 0 };
	size_t i;
	double t;
	int tries;

	memset(di, 0x5A, sizeof(di));
	if (card_pin_verify(card, (const uint8_t *)"1234", 4, &tries) !=
	    EBID_OK)
		return -1;
	for (i = 0; i < n; i++) {
		t = now_us();
		if (card_sign(card, di, sizeof(di), 256, &sig) != EBID_OK)
			return -1;
		v[i] = now_us() - t;
	}
	blob_reset(&sig);
	return 0;
}

int
main(int argc, char **argv)
{
	struct card_profile prof;
	size_t rounds = 500, nsig = 50;
	tp_card_t *tc = NULL;
	card_t *card = NULL;
	tp_t *tp = NULL;
	double *v = NULL, rtt, sign;
	int ok = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-lab READER [ROUNDS]\n");
		return 2;
	}
	if (argc > 2 && (rounds = strtoul(argv[2], NULL, 10)) < 200)
		rounds = 200;
	log_init("bench-lab", LOG_SINK_STDERR);
	card_profile_default(&prof);
	if ((v = calloc(rounds, sizeof(*v))) == NULL ||
	    tp_new(&tp_pcsc_ops, NULL, &tp) != EBID_OK ||
	    tp_connect(tp, argv[1], &tc) != EBID_OK ||
	    card_new(tc, &prof, &card) != EBID_OK) {
		fprintf(stderr, "bench-lab: cannot reach a card in \"%s\"\n",
		    argv[1]);
		goto fail;
	}
	if (bench_rtt(tc, v, rounds) != 0)
		goto fail;
	rtt = report("APDU round trip (pcscd+vpcd+ebid-vcard)", v, rounds);
	if (bench_sign(card, v, nsig) != 0)
		goto fail;
	sign = report("RSA-2048 sign (SELECT+MSE+PSO, on card)", v, nsig);
	printf("%-44s median %9.1f us  (sign minus 3 round trips)\n",
	    "emulator time per RSA-2048 signature", sign - 3 * rtt);
	ok = 0;
fail:
	if (ok)
		fprintf(stderr, "bench-lab: failed\n");
	card_free(&card);
	tp_disconnect(&tc, 1);
	tp_free(&tp);
	free(v);
	return ok;
}
