#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xtcp's tracepoints: present under tracefs, firing on socket create and
# destroy with the socket's identity, usable from trace-cmd.

. "$(dirname "$0")/lib.sh"

TRACEFS=/sys/kernel/tracing
EVENTS=$TRACEFS/events/xtcp

ktap_print_header
ktap_set_plan 6

check "events/xtcp/xtcp_sock_create exists" [ -d "$EVENTS/xtcp_sock_create" ]
check "events/xtcp/xtcp_sock_destroy exists" [ -d "$EVENTS/xtcp_sock_destroy" ]

echo 0 > "$TRACEFS/tracing_on"
echo > "$TRACEFS/trace"
echo 1 > "$EVENTS/enable"
echo 1 > "$TRACEFS/tracing_on"
socket_errno 25 1 6 > /dev/null
socket_errno 25 2 0 > /dev/null		# refused: must fire nothing
echo 0 > "$TRACEFS/tracing_on"
echo 0 > "$EVENTS/enable"
echo 1 > "$TRACEFS/tracing_on"	# as it was: later tests trace too
trace=$(grep -E 'xtcp_sock_(create|destroy)' "$TRACEFS/trace")
echo "$trace" | sed 's/^/# /'

created=$(echo "$trace" | grep xtcp_sock_create)
destroyed=$(echo "$trace" | grep xtcp_sock_destroy)
check "one socket() fires one create event" [ "$(echo "$created" | grep -c .)" = 1 ]
check "create event carries family, type, protocol and CLOSED state" \
	grep -q "family=25 type=1 protocol=6 state=7" <<< "$created"
same_socket() {
	local a b
	a=$(grep -o 'skaddr=[0-9a-fx]*' <<< "$created")
	b=$(grep -o 'skaddr=[0-9a-fx]*' <<< "$destroyed")
	[ -n "$a" ] && [ "$a" = "$b" ]
}
check "the destroy event names the same socket" same_socket

trace_cmd_records() {
	local dir
	dir=$(mktemp -d)
	(cd "$dir" && trace-cmd record -q -e xtcp "$PYTHON" -c \
		'import socket; socket.socket(25, socket.SOCK_STREAM, 0).close()' > /dev/null 2>&1 &&
	 trace-cmd report 2>/dev/null) > "$dir/report"
	grep -q xtcp_sock_create "$dir/report" && grep -q xtcp_sock_destroy "$dir/report"
	local rc=$?
	rm -rf "$dir"
	return $rc
}
if command -v trace-cmd > /dev/null; then
	check "trace-cmd record -e xtcp captures both events" trace_cmd_records
else
	ktap_test_skip "trace-cmd record -e xtcp (trace-cmd not installed)"
fi

ktap_finished
