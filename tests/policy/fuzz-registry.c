/*
 * fuzz-registry.c - the bidders' registry CSV reader under arbitrary
 * bytes.  With -DEBID_LIBFUZZER it is a libFuzzer target; otherwise
 * main() replays each file named on the command line, or stdin.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "policy/registry.h"

#define INPUT_MAX	(1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz-registry: invariant broken: %s\n", what);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct pol_registry *reg = NULL;
	size_t i;
	int rc;

	rc = pol_registry_parse(data, len, &reg);
	check(rc == EBID_OK || rc == EBID_ERR_NOMEM, "return code");
	if (reg == NULL)
		return 0;
	check(reg->nerrs <= POL_REG_ERRORS_MAX + 1, "error count");
	for (i = 0; i < reg->nrows; i++) {
		check(reg->rows[i].vendor[0] != '\0', "empty vendor");
		check(reg->rows[i].representative[0] != '\0', "empty name");
		check(!pol_registry_card_conflict(reg, &reg->rows[i], NULL),
		    "FAQ Q2-14 conflict accepted");
	}
	for (i = 0; i < reg->nerrs; i++)
		check(memchr(reg->errs[i].msg, '\0',
		    sizeof(reg->errs[i].msg)) != NULL, "message");
	pol_registry_free(&reg);
	return 0;
}

#ifndef EBID_LIBFUZZER
static int
run(FILE *fp)
{
	uint8_t *buf, *exact;
	size_t n;

	if ((buf = malloc(INPUT_MAX + 1)) == NULL)
		return 1;
	n = fread(buf, 1, INPUT_MAX + 1, fp);
	if (ferror(fp) || n > INPUT_MAX || (exact = malloc(n ? n : 1)) ==
	    NULL) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, n);	/* exact size: overreads are seen */
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *fp;
	int i, bad = 0;

	if (argc < 2)
		return run(stdin);
	for (i = 1; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		bad |= run(fp);
		fclose(fp);
	}
	return bad;
}
#endif
