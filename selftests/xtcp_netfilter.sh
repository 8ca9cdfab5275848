#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The host's packet filter applies to xtcp as to Linux's TCP: nftables rules
# in this namespace (where xtcp owns xt0's address) on the way in and out.
# A drop rule on a listener's port holds a peer's SYNs off it; a drop rule
# on a destination port keeps xtcp's SYNs off the wire; reject rules answer
# with a reset, which ends connect() with ECONNREFUSED on either side;
# conntrack follows a transfer both ways and finds no segment invalid.
# Every case runs twice: on xtcp (xt0 attached), then on Linux's TCP (xt0
# detached) with the same rules and the same programs, which shows the
# test itself is right.  The peer is always Linux's TCP, across the wire.

. "$(dirname "$0")/lib.sh"

BASE=$(port_base NETFILTER) || exit "$KSFT_FAIL"
TMP=$(mktemp -d)
at_exit rm -rf "$TMP"
TABLE=xtcp_nf

ktap_print_header
ktap_set_plan 16

# listener FAMILY PORT LOG: a listener in this namespace (FAMILY xtcp or
# inet) on XTCP_ADDR:PORT, in the background (LISTENER_PID), that accepts
# one connection, echoes what it receives until EOF and says each step in
# LOG ("listening", "accepted", "echoed N").
listener() {
	"$PYTHON" - "$@" <<'PYEOF' &
import socket, sys
from xtcp_py import XTCP, echo_back, xtcp_socket
fam, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = open(log, "w", buffering=1)
l = xtcp_socket() if fam == "xtcp" else socket.socket()
l.bind((XTCP, port))
l.listen(4)
print("listening", file=out)
c, _ = l.accept()
print("accepted", file=out)
print("echoed", echo_back(c), file=out)
PYEOF
	LISTENER_PID=$!
	at_exit kill "$LISTENER_PID"
}

# client NETNS FAMILY ADDR PORT BYTES LOG: connect (in NETNS, "" for this
# one) to ADDR:PORT with a generous time-out, send BYTES and read them back
# (checked), in the background (CLIENT_PID); LOG says "connected", "echo ok"
# or "error ERRNO".
client() {
	local run=()
	[ -n "$1" ] && run=(ip netns exec "$1")
	shift
	"${run[@]}" "$PYTHON" -c \
		'import sys; from xtcp_py import echo_client; echo_client(*sys.argv[1:])' "$@" &
	CLIENT_PID=$!
	at_exit kill "$CLIENT_PID"
}

# A Linux listener in namespace peer, the same program.
peer_listener() {
	ip netns exec "$PEER_NS" "$PYTHON" -c \
		'import sys; from xtcp_py import PEER, echo_listener; echo_listener(PEER, *sys.argv[1:])' \
		"$@" &
	LISTENER_PID=$!
	at_exit kill "$LISTENER_PID"
}

count() {
	ns_nft_count "" "$TABLE" "$1"
}
count_at_least() {
	[ "$(count "$1")" -ge "$2" ]
}
peer_count() {
	peer_nft_count "${TABLE}_peer" "$1"
}

# stat_delta NAME BEFORE: how much an xtcp counter grew (0 on Linux's TCP).
stat_delta() {
	if [ "$FAM" = xtcp ]; then
		echo $(($(xtcp_stat "$1") - $2))
	else
		echo 0
	fi
}
stat_now() {
	if [ "$FAM" = xtcp ]; then xtcp_stat "$1"; else echo 0; fi
}

finish() {
	wait_exit "$CLIENT_PID" 90
	wait_exit "$LISTENER_PID" 90
	ns_nft_del "" "$TABLE"
	peer_nft_del "${TABLE}_peer"
}

show() {
	local f
	for f in "$@"; do
		sed "s|^|# $(basename "$f"): |" "$f"
	done
}

# --- one family -------------------------------------------------------
run_cases() {
	FAM=$1
	local p=$2 before ok
	# The other family's logs go: a helper's "listening" left from the
	# first pass would let a wait end before this pass's helper is up.
	rm -f "$TMP"/*

	# An input drop rule on a listener's port: the peer's SYN is dropped
	# before xtcp sees it (IpInFiltered), the peer retransmits it, the
	# listener accepts nothing; with the rule gone the next retransmission
	# connects.
	need "input drop rule" ns_nft "" "$TABLE" "input: tcp dport $p counter drop"
	before=$(stat_now IpInFiltered)
	listener "$FAM" "$p" "$TMP/l1"
	wait_line "$TMP/l1" listening
	client "$PEER_NS" inet "$XTCP_ADDR" "$p" 1000 "$TMP/c1"
	ok=0
	wait_until "two SYNs dropped by the input rule" 60 count_at_least c0 2 &&
		! has_line "$TMP/l1" accepted && ! has_line "$TMP/c1" connected &&
		{ [ "$FAM" = inet ] || [ "$(stat_delta IpInFiltered "$before")" -ge 2 ]; } &&
		ok=1
	echo "# $FAM: input rule dropped $(count c0), IpInFiltered +$(stat_delta IpInFiltered "$before")"
	ns_nft_del "" "$TABLE"
	check "$FAM: an input drop rule holds a peer's SYNs off the listener" [ "$ok" = 1 ]
	wait_line "$TMP/c1" echo 90
	finish
	show "$TMP/l1" "$TMP/c1"
	check "$FAM: with the rule gone the peer connects and the echo is whole" \
		grep -q "echo ok" "$TMP/c1"

	# An output drop rule on a destination port: the SYN never reaches
	# the wire (the peer's own counter stays 0), IpOutFiltered counts it,
	# connect() retries; with the rule gone it connects.
	p=$((p + 1))
	need "peer counter" peer_nft "${TABLE}_peer" "input: tcp dport $p counter"
	peer_listener "$p" "$TMP/l2"
	wait_line "$TMP/l2" listening
	need "output drop rule" ns_nft "" "$TABLE" "output: tcp dport $p counter drop"
	before=$(stat_now IpOutFiltered)
	client "" "$FAM" "$PEER_ADDR" "$p" 100000 "$TMP/c2"
	ok=0
	wait_until "two SYNs dropped by the output rule" 60 count_at_least c0 2 &&
		[ "$(peer_count c0)" = 0 ] && ! has_line "$TMP/c2" connected &&
		{ [ "$FAM" = inet ] || [ "$(stat_delta IpOutFiltered "$before")" -ge 2 ]; } &&
		ok=1
	echo "# $FAM: output rule dropped $(count c0), the peer saw $(peer_count c0)," \
		"IpOutFiltered +$(stat_delta IpOutFiltered "$before")"
	ns_nft_del "" "$TABLE"
	check "$FAM: an output drop rule keeps the SYNs off the wire" [ "$ok" = 1 ]
	wait_line "$TMP/c2" echo 90
	finish
	show "$TMP/l2" "$TMP/c2"
	check "$FAM: with the rule gone connect() completes and the echo is whole" \
		grep -q "echo ok" "$TMP/c2"

	# reject with tcp reset, on output: the reset comes back to this host
	# (through the loopback device) and ends connect() with ECONNREFUSED;
	# nothing reaches the peer.
	p=$((p + 1))
	need "peer counter" peer_nft "${TABLE}_peer" "input: tcp dport $p counter"
	need "output reject rule" ns_nft "" "$TABLE" \
		"output: tcp dport $p counter reject with tcp reset"
	client "" "$FAM" "$PEER_ADDR" "$p" 10 "$TMP/c3"
	LISTENER_PID=
	wait_exit "$CLIENT_PID" 90
	show "$TMP/c3"
	echo "# $FAM: output reject matched $(count c0), the peer saw $(peer_count c0)"
	rejected() {
		grep -q "error ECONNREFUSED" "$1" && [ "$(count c0)" -ge 1 ] &&
			[ "$(peer_count c0)" = 0 ]
	}
	check "$FAM: an output reject rule makes connect() fail with ECONNREFUSED" \
		rejected "$TMP/c3"
	ns_nft_del "" "$TABLE"
	peer_nft_del "${TABLE}_peer"

	# reject with tcp reset, on input to a listener: the peer's connect()
	# fails with ECONNREFUSED and the listener accepts nothing.
	p=$((p + 1))
	need "input reject rule" ns_nft "" "$TABLE" \
		"input: tcp dport $p counter reject with tcp reset"
	listener "$FAM" "$p" "$TMP/l4"
	wait_line "$TMP/l4" listening
	client "$PEER_NS" inet "$XTCP_ADDR" "$p" 10 "$TMP/c4"
	wait_exit "$CLIENT_PID" 90
	show "$TMP/c4"
	ok=0
	grep -q "error ECONNREFUSED" "$TMP/c4" && [ "$(count c0)" -ge 1 ] &&
		! has_line "$TMP/l4" accepted && ok=1
	kill "$LISTENER_PID" 2>/dev/null
	wait "$LISTENER_PID" 2>/dev/null
	ns_nft_del "" "$TABLE"
	check "$FAM: an input reject rule refuses the peer's connect()" [ "$ok" = 1 ]

	# conntrack: a 2 MB echo through a listener here, rules counting by
	# conntrack state both ways.  The first SYN is new, everything after
	# the handshake established, nothing invalid (conntrack's TCP tracking
	# checks every segment's sequence numbers against the windows seen).
	# meta skuid shows the output hooks see the sending socket.
	p=$((p + 1))
	# Only a kernel without conntrack skips; any other refusal fails.
	if ! ns_nft "" "${TABLE}_ct" "input: ct state new counter" 2> "$TMP/nft.err"; then
		show "$TMP/nft.err"
		ktap_test_skip "$FAM: conntrack follows the flow (this kernel has no nft ct)"
		ktap_test_skip "$FAM: no segment is invalid to conntrack (this kernel has no nft ct)"
		return
	fi
	ns_nft_del "" "${TABLE}_ct"
	need "conntrack rules" ns_nft "" "$TABLE" \
		"input: tcp dport $p ct state new counter" \
		"input: tcp dport $p ct state established counter" \
		"input: tcp dport $p ct state invalid counter" \
		"output: tcp sport $p ct state established counter" \
		"output: tcp sport $p ct state invalid counter" \
		"output: tcp sport $p meta skuid 0 counter"
	listener "$FAM" "$p" "$TMP/l5"
	wait_line "$TMP/l5" listening
	client "$PEER_NS" inet "$XTCP_ADDR" "$p" 2000000 "$TMP/c5"
	finish_ct() {
		wait_exit "$CLIENT_PID" 120
		wait_exit "$LISTENER_PID" 60
	}
	finish_ct
	show "$TMP/l5" "$TMP/c5"
	local new est invalid oest oinvalid owner
	new=$(count c0) est=$(count c1) invalid=$(count c2)
	oest=$(count c3) oinvalid=$(count c4) owner=$(count c5)
	echo "# $FAM: in: new $new established $est invalid $invalid;" \
		"out: established $oest invalid $oinvalid, skuid 0 $owner"
	ns_nft_del "" "$TABLE"
	tracked() {
		grep -q "echo ok" "$TMP/c5" && [ "$new" -ge 1 ] && [ "$est" -ge 10 ] &&
			[ "$oest" -ge 10 ] && [ "$owner" -ge 1 ]
	}
	check "$FAM: conntrack follows the flow both ways, the owner is seen" tracked
	none_invalid() {
		tracked && [ "$invalid" = 0 ] && [ "$oinvalid" = 0 ]
	}
	check "$FAM: no segment is invalid to conntrack" none_invalid
}

# xtcp first (xt0 attached: its address is xtcp's), then Linux's TCP with
# the same rules (detached: Linux's TCP owns the address again).
attach_devices xt0
run_cases xtcp "$((BASE + 1))"
echo "" > "$XTCP_DEVICES"
run_cases inet "$((BASE + 51))"
ktap_finished
