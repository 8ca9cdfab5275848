#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs last: unloads xtcp and checks that nothing of it is left in the
# kernel (module, family, tracepoints, proto, slab cache).

. "$(dirname "$0")/lib.sh"

ktap_print_header
ktap_set_plan 6

check "module is loaded before unloading" xtcp_loaded
wait_xtcp_unused
rmmod xtcp
check "rmmod succeeds" [ ! -d /sys/module/xtcp ]
check "family unregistered: socket() gives EAFNOSUPPORT" [ "$(socket_errno 25)" = 97 ]
check "tracepoints removed" [ ! -d /sys/kernel/tracing/events/xtcp ]
absent() { ! grep -q "^XTCP " "$1"; }
check "proto unregistered from /proc/net/protocols" absent /proc/net/protocols
check "slab cache destroyed" absent /proc/slabinfo

ktap_finished
