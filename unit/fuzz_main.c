// SPDX-License-Identifier: GPL-2.0
/*
 * Standalone driver of a fuzz target, for hosts without clang's libFuzzer:
 * runs the target's deterministic corpus function (FUZZ_CORPUS, given by
 * the Makefile) over N pseudo-random inputs, N from the command line,
 * 200000 by default.  Any inconsistency abort()s.
 */
#include <stdio.h>
#include <stdlib.h>

unsigned long FUZZ_CORPUS(unsigned long nrandom);

int main(int argc, char **argv)
{
	unsigned long nrandom = argc > 1 ? strtoul(argv[1], NULL, 0) : 200000;

	printf("%s: %lu inputs, no inconsistency\n", FUZZ_NAME,
	       FUZZ_CORPUS(nrandom));
	return 0;
}
