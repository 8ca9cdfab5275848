// SPDX-License-Identifier: GPL-2.0
/*
 * Standalone driver of the options fuzz target, for hosts without clang's
 * libFuzzer: runs fuzz_options.c over its deterministic corpus (every 0-, 1-
 * and 2-byte option list, then N pseudo-random inputs, N from the command
 * line, 200000 by default).  Any inconsistency abort()s.
 */
#include <stdio.h>
#include <stdlib.h>

unsigned long xtcp_fuzz_options_corpus(unsigned long nrandom);

int main(int argc, char **argv)
{
	unsigned long nrandom = argc > 1 ? strtoul(argv[1], NULL, 0) : 200000;

	printf("fuzz_options: %lu inputs, no inconsistency\n",
	       xtcp_fuzz_options_corpus(nrandom));
	return 0;
}
