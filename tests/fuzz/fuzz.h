/*
 * fuzz.h - the libFuzzer entry point every fuzz-<parser>.c defines.
 *
 * Without -DEBID_LIBFUZZER, main.c supplies a main() that feeds each file
 * named on the command line (or stdin) to it, so that `make check`
 * replays the seed corpus (tests/fuzz/replay.sh).
 */
#ifndef EBID_TESTS_FUZZ_H
#define EBID_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A broken invariant: a bug the fuzzer must report as a crash. */
#define FUZZ_ASSERT(x)							\
	do {								\
		if (!(x))						\
			fuzz_fail(__FILE__, __LINE__, #x);		\
	} while (0)

void fuzz_fail(const char *, int, const char *) __attribute__((noreturn));

#endif
