// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol-core unit-test binary.  kselftest_harness.h keeps its test
 * list in static storage, so every test_*.c is included into this one
 * translation unit (tests.inc, written by the Makefile); the core sources themselves are compiled separately,
 * exactly as the module compiles them.
 */
#include "kselftest_harness.h"

/* Every test_*.c of this directory, listed by the Makefile. */
#include "tests.inc"

TEST_HARNESS_MAIN
