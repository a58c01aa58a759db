/*
 * bench-registry.c - figures for reading the bidders' registry, printed,
 * not asserted.
 *
 *   bench-registry [ROWS...]	(default: 1000 10000 100000)
 *
 * For each size, a registry of that many rows (one card each, the three
 * categories in turn, every card distinct) is made in memory and read with
 * pol_registry_parse, as the module does at C_Initialize and ebid-tool at
 * every registry command.  Prints the median of three reads, rows per
 * second, and the process's peak resident memory after the reads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common/err.h"
#include "policy/registry.h"

#define HEADER	"業者番号,区分,商号,代表者,受任者,連絡先メール,登録カード\n"
#define RUNS	3

static const char *const cats[] = { "建設工事", "コンサル", "物品" };

static char *
make_csv(size_t rows, size_t *len)
{
	size_t cap = strlen(HEADER) + rows * 192 + 1, off;
	char *buf = malloc(cap);
	size_t i;

	if (buf == NULL)
		return NULL;
	off = (size_t)snprintf(buf, cap, "%s", HEADER);
	for (i = 0; i < rows; i++)
		off += (size_t)snprintf(buf + off, cap - off,
		    "V%07zu,%s,株式会社%zu,山田　太郎,佐藤　花子,"
		    "v%zu@example.jp,%064zx\n", i, cats[i % 3], i, i, i);
	*len = off;
	return buf;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
bench(size_t rows)
{
	struct pol_registry *reg = NULL;
	struct rusage ru;
	double t[RUNS], t0;
	size_t len, n = 0, errs = 0;
	char *csv = make_csv(rows, &len);
	int i;

	if (csv == NULL)
		return 1;
	for (i = 0; i < RUNS; i++) {
		t0 = now();
		if (pol_registry_parse((const uint8_t *)csv, len, &reg) !=
		    EBID_OK) {
			free(csv);
			return 1;
		}
		t[i] = now() - t0;
		n = reg->nrows;
		errs = reg->nerrs;
		pol_registry_free(&reg);
	}
	free(csv);
	qsort(t, RUNS, sizeof(t[0]), cmp);
	getrusage(RUSAGE_SELF, &ru);
	printf("%8zu rows (%6.1f MB CSV): %9.1f ms, %9.0f rows/s, "
	    "%zu accepted, %zu errors, peak RSS %ld MB\n", rows,
	    (double)len / 1e6, t[RUNS / 2] * 1e3,
	    (double)rows / t[RUNS / 2], n, errs, ru.ru_maxrss / 1024);
	return 0;
}

int
main(int argc, char **argv)
{
	static const size_t dflt[] = { 1000, 10000, 100000 };
	size_t i, rows;
	char *end;

	if (argc == 1) {
		for (i = 0; i < sizeof(dflt) / sizeof(dflt[0]); i++)
			if (bench(dflt[i]) != 0)
				return 1;
		return 0;
	}
	for (i = 1; i < (size_t)argc; i++) {
		rows = strtoul(argv[i], &end, 10);
		if (*end != '\0' || rows == 0 || rows > 100000) {
			fprintf(stderr, "bench-registry: ROWS is 1 to "
			    "100000, not \"%s\"\n", argv[i]);
			return 2;
		}
		if (bench(rows) != 0)
			return 1;
	}
	return 0;
}
