#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The connection tables under pressure: xtcp reloaded with the smallest
# established table (ehash_entries=2, every connection in one of two
# chains), then xtcp_race's lookup test: a connection carrying data both
# ways while other sockets move between the chains (connect() refused,
# then connect() again on the same socket) is never missed by a lookup
# (nulls lists, tables.c).  xtcp is reloaded with its defaults afterwards.

. "$(dirname "$0")/lib.sh"

ktap_print_header
ktap_set_plan 3

# reload ARGS...: rmmod once the connections earlier tests left closing are
# gone, then insmod with ARGS.
reload() {
	if xtcp_loaded; then
		wait_xtcp_unused && rmmod xtcp
	fi
	! xtcp_loaded && insmod "$XTCP_KO" "$@"
}

check "xtcp reloads with ehash_entries=2" reload ehash_entries=2
check "the table has two buckets" \
	[ "$(cat /sys/module/xtcp/parameters/ehash_entries)" = 2 ]
XTCP_RACE_CHAIN_MIB=64 "$SELFTEST_DIR/xtcp_race" -t lookups_survive_sockets_moving_chains 2>&1 |
	sed 's/^/# /'
rc=${PIPESTATUS[0]}
reload
check "a connection is never missed while others move chains" [ "$rc" = 0 ]
ktap_finished
