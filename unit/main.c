// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol-core unit-test binary.  kselftest_harness.h keeps its test
 * list in static storage, so every test_*.c is included into this one
 * translation unit; the core sources themselves are compiled separately,
 * exactly as the module compiles them.
 */
#include "kselftest_harness.h"

#include "test_seq.c"
#include "test_state.c"
#include "test_options.c"
#include "test_timer_rule.c"

TEST_HARNESS_MAIN
