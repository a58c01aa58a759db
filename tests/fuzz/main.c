/*
 * main.c - replay inputs through a fuzz target without libFuzzer.
 *
 * Each file named on the command line, or stdin when there is none, is
 * read whole into a heap block of exactly its size (so that ASan and
 * valgrind see any read past the end) and passed to
 * LLVMFuzzerTestOneInput.  A broken invariant aborts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "fuzz.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

/*
 * The module's (and the loaders') warnings go to the syslog socket: not
 * from a fuzzer, thousands a second, unless FUZZ_VERBOSE is set.
 */
__attribute__((constructor)) static void
fuzz_quiet_syslog(void)
{
	if (getenv("FUZZ_VERBOSE") == NULL)
		log_set_syslog_path(NULL);
}

#ifndef EBID_LIBFUZZER
static int
run(FILE *fp, const char *name)
{
	uint8_t *buf, *exact;
	size_t n;

	if ((buf = malloc(FUZZ_INPUT_MAX + 1)) == NULL)
		return -1;
	n = fread(buf, 1, FUZZ_INPUT_MAX + 1, fp);
	if (ferror(fp) || n > FUZZ_INPUT_MAX) {
		fprintf(stderr, "%s: unreadable or larger than %d bytes\n",
		    name, FUZZ_INPUT_MAX);
		free(buf);
		return -1;
	}
	/* malloc(0) may be NULL: keep one byte, outside the input. */
	if ((exact = malloc(n ? n : 1)) == NULL) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, n);
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
		return run(stdin, "<stdin>") == 0 ? 0 : 1;
	for (i = 1; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (run(fp, argv[i]) != 0)
			bad = 1;
		fclose(fp);
	}
	return bad;
}
#endif
