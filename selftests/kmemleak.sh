#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs after everything else, xtcp unloaded: kmemleak (the debug kernel of
# scripts/debug-kernel has it) must find no object left unreferenced since
# scripts/vm-selftests cleared its list before loading xtcp.  Skipped on a
# kernel without kmemleak (Debian's own).

. "$(dirname "$0")/lib.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak

ktap_print_header
if [ ! -w "$KMEMLEAK" ]; then
	ktap_skip_all "this kernel has no kmemleak ($KMEMLEAK)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 2

if xtcp_loaded; then
	rmmod xtcp
fi
check "xtcp is unloaded" [ ! -d /sys/module/xtcp ]

# kmemleak reports an object once it is older than five seconds and a
# scan found no pointer to it; a second scan settles pointers that were
# only in flight (registers, stacks) during the first.
sleep 6
echo scan > "$KMEMLEAK"
echo scan > "$KMEMLEAK"
report=$(cat "$KMEMLEAK")
if [ -n "$report" ]; then
	echo "$report" | sed 's/^/# /'
	ktap_test_fail "kmemleak finds no unreferenced object"
else
	ktap_test_pass "kmemleak finds no unreferenced object"
fi
ktap_finished
