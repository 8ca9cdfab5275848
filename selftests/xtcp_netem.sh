#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The byte stream on a bad wire: with netem loss, reordering and
# duplication on both NICs' egress, every byte of a transfer each way
# arrives once and in order (hash checked at each end by xtcp_xfer), also
# under loss with CUBIC instead of the default NewReno; with
# every 50th segment xtcp sends dropped by nftables, SACK recovery repairs
# the holes (SackRecoveries); with the last two segments of a flight
# dropped, a tail loss probe brings the SACK that repairs them; and a
# peer that vanishes (link down in "peer") ends a connection with ETIMEDOUT
# in bounded time, through keepalive (idle connection) or TCP_USER_TIMEOUT
# (sending connection).
#
#   main ns: xt0 192.0.2.1 (xtcp)  ==== wire ====  pe0 192.0.2.2 (Linux) :ns peer
#            netem on xt0 egress                   netem on pe0 egress
#
# The netem qdisc on xt0 also proves that xtcp's segments go through the
# device's qdisc (neighbour layer -> dev_queue_xmit): its counters must see
# the transfer, and under loss it must have dropped some of it.
#
# XTCP_STREAM_FAMILY=inet runs the same with Linux's TCP on xt0's side too
# (no module; validates the script).  XTCP_NETEM_BYTES sets the size each
# way (default 4M).  Needs sch_netem; the netem cases skip without it.

. "$(dirname "$0")/lib.sh"

XFER=$SELFTEST_DIR/xtcp_xfer
XT_DEV=${XTCP_DEV:-xt0}
PE_DEV=${PEER_DEV:-pe0}
PE_NS=${PEER_NS:-peer}
PE_ADDR=192.0.2.2
FAMILY=${XTCP_STREAM_FAMILY:-xtcp}
BYTES=${XTCP_NETEM_BYTES:-4M}
TMP=$(mktemp -d)
PIDS=()

IMPAIRMENTS=(
	"loss 2%"
	"delay 1ms reorder 25% 50%"
	"duplicate 5%"
)

ktap_print_header
ktap_set_plan $((2 * ${#IMPAIRMENTS[@]} + 7))

cleanup() {
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	tc qdisc del dev "$XT_DEV" root 2>/dev/null
	ip netns exec "$PE_NS" tc qdisc del dev "$PE_DEV" root 2>/dev/null
	ip netns exec "$PE_NS" nft delete table inet xtcp_netem 2>/dev/null
	ip -n "$PE_NS" link set "$PE_DEV" up 2>/dev/null
	ip neigh del "$PE_ADDR" dev "$XT_DEV" 2>/dev/null
	[ "$FAMILY" = inet ] || echo "" > /proc/sys/net/xtcp/devices 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

if [ "$FAMILY" != inet ]; then
	if ! echo "$XT_DEV" > /proc/sys/net/xtcp/devices; then
		ktap_exit_fail_msg "cannot attach $XT_DEV to xtcp"
	fi
fi

# wait_line FILE WORD: wait (10 s at most) until FILE has a line WORD.
wait_line() {
	for _ in $(seq 100); do
		grep -q "^$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# Linux's end in the peer namespace: xtcp_xfer ARGS in the background.
peer_xfer() {
	local out=$1
	shift
	ip netns exec "$PE_NS" timeout 150 "$XFER" --family inet "$@" > "$out" 2>&1 &
	PIDS+=($!)
	PEER_PID=$!
	wait_line "$out" listening
}

# ok_result FILE: the xtcp_xfer in FILE got all its data, intact, no error.
ok_result() {
	sed 's/^/# /' "$1"
	grep -q '^result .* rx_ok=1 .*error=none' "$1"
}

# qdisc_stat DEV NS FIELD: "bytes", "pkt" or "dropped" from tc -s.
qdisc_stat() {
	local cmd=(tc -s qdisc show dev "$1")

	[ -n "$2" ] && cmd=(ip netns exec "$2" "${cmd[@]}")
	"${cmd[@]}" | awk -v f="$3" '
		/Sent/ { for (i = 1; i < NF; i++) {
			if ($(i + 1) == "bytes" && f == "bytes") print $i
			if ($(i + 1) == "pkt" && f == "pkt") print $i
			if ($i == "(dropped" && f == "dropped") { v = $(i + 1); sub(",", "", v); print v }
		} exit }'
}

netem_ok=1
if ! tc qdisc add dev "$XT_DEV" root netem delay 0ms 2>/dev/null; then
	netem_ok=0
fi
tc qdisc del dev "$XT_DEV" root 2>/dev/null

port=7100
for imp in "${IMPAIRMENTS[@]}"; do
	port=$((port + 1))
	if [ "$netem_ok" = 0 ]; then
		ktap_test_skip "netem $imp: $BYTES each way, intact (no sch_netem)"
		ktap_test_skip "netem $imp: xt0's qdisc saw the transfer (no sch_netem)"
		continue
	fi
	# shellcheck disable=SC2086  # the impairment is several words
	tc qdisc add dev "$XT_DEV" root netem $imp
	# shellcheck disable=SC2086
	ip netns exec "$PE_NS" tc qdisc add dev "$PE_DEV" root netem $imp
	peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --send "$BYTES" --recv "$BYTES" \
		--seed 2 --peer-seed 1 --timeout 60
	timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send "$BYTES" \
		--recv "$BYTES" --seed 1 --peer-seed 2 --timeout 60 > "$TMP/xt.$port" 2>&1
	wait "$PEER_PID"
	both_ok() {
		ok_result "$TMP/xt.$port" && ok_result "$TMP/peer.$port"
	}
	check "netem $imp: $BYTES each way, intact" both_ok

	sent=$(qdisc_stat "$XT_DEV" "" bytes)
	pkts=$(qdisc_stat "$XT_DEV" "" pkt)
	dropped=$(qdisc_stat "$XT_DEV" "" dropped)
	echo "# $XT_DEV netem: sent ${sent:-?} bytes in ${pkts:-?} packets, dropped ${dropped:-?}"
	# All the bytes went through the qdisc, and under loss it dropped
	# some (tc counts GSO segments as packets but drops whole GSO packets:
	# a few MiB still make several drops likely, seven at the fewest seen).
	qdisc_saw() {
		local want
		want=$(numfmt --from=iec "$BYTES")
		[ "${sent:-0}" -ge "$want" ] || return 1
		case $imp in
		loss*) [ "${dropped:-0}" -gt 0 ] ;;
		esac
	}
	check "netem $imp: xt0's qdisc saw the transfer" qdisc_saw
	tc qdisc del dev "$XT_DEV" root
	ip netns exec "$PE_NS" tc qdisc del dev "$PE_DEV" root
done

# The same loss with CUBIC on xtcp's side (TCP_CONGESTION, read back).
port=7140
if [ "$netem_ok" = 0 ]; then
	ktap_test_skip "netem loss 2%, CUBIC: $BYTES each way, intact (no sch_netem)"
else
	tc qdisc add dev "$XT_DEV" root netem loss 2%
	ip netns exec "$PE_NS" tc qdisc add dev "$PE_DEV" root netem loss 2%
	peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --send "$BYTES" --recv "$BYTES" \
		--seed 2 --peer-seed 1 --timeout 60
	timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send "$BYTES" \
		--recv "$BYTES" --seed 1 --peer-seed 2 --timeout 60 --congestion cubic \
		> "$TMP/xt.$port" 2>&1
	wait "$PEER_PID"
	cubic_ok() {
		ok_result "$TMP/xt.$port" && ok_result "$TMP/peer.$port"
	}
	check "netem loss 2%, CUBIC: $BYTES each way, intact" cubic_ok
	tc qdisc del dev "$XT_DEV" root
	ip netns exec "$PE_NS" tc qdisc del dev "$PE_DEV" root
fi

# nft_drops_done: how many packets the peer's xtcp_netem table dropped;
# the table goes.
nft_drops_done() {
	ip netns exec "$PE_NS" nft list table inet xtcp_netem |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
	ip netns exec "$PE_NS" nft delete table inet xtcp_netem
}

# xstat NAME: a counter of /proc/net/xtcp_stat.
xstat() {
	awk -v n="$1" 'NR == 1 { for (i = 2; i <= NF; i++) if ($i == n) c = i }
		NR == 2 { print $c; exit }' /proc/net/xtcp_stat
}

# Deterministic loss: the peer drops every 50th data segment from xtcp as
# it arrives (after GRO, so sometimes several at once).  Each drop is a
# hole in the middle of a flight; the SACK blocks of Linux's ACKs show it.
port=7150
ip netns exec "$PE_NS" nft -f - <<NFT
table inet xtcp_netem {
	chain in { type filter hook input priority 0; ip saddr 192.0.2.1 tcp dport $port meta length > 200 numgen inc mod 50 == 0 counter drop; }
}
NFT
if [ "$FAMILY" != inet ]; then
	sack_before=$(xstat SackRecoveries) rto_before=$(xstat RtoRecoveries)
fi
peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --recv "$BYTES" --seed 1 --timeout 60
timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send "$BYTES" \
	--recv 0 --seed 1 --timeout 60 > "$TMP/xt.$port" 2>&1
wait "$PEER_PID"
dropped=$(nft_drops_done)
echo "# nft dropped ${dropped:-?} packets from xtcp"
sack_ok() {
	ok_result "$TMP/xt.$port" && ok_result "$TMP/peer.$port" &&
		[ "${dropped:-0}" -gt 0 ]
}
check "every 50th segment dropped: $BYTES from xtcp intact" sack_ok
if [ "$FAMILY" = inet ]; then
	ktap_test_skip "SACK recovery repaired the drops (xtcp's counters only)"
else
	sacks=$(( $(xstat SackRecoveries) - sack_before ))
	rtos=$(( $(xstat RtoRecoveries) - rto_before ))
	echo "# SackRecoveries +$sacks, RtoRecoveries +$rtos, TailLossProbes $(xstat TailLossProbes)"
	check "SACK recovery repaired the drops (SackRecoveries grew)" [ "$sacks" -gt 0 ]
fi

# Tail loss: after a small exchange (an RTT estimate), xtcp sends seven
# segments at once and the peer drops the sixth and seventh (GRO off, so
# it counts segments).  No duplicate ACK can tell; the tail loss probe
# resends the seventh, the peer SACKs it, and the sixth is found lost.
port=7160
ip netns exec "$PE_NS" ethtool -K "$PE_DEV" gro off 2>/dev/null
ip netns exec "$PE_NS" nft -f - <<NFT
table inet xtcp_netem {
	chain in { type filter hook input priority 0; ip saddr 192.0.2.1 tcp dport $port meta length > 1000 numgen inc mod 1000 5-6 counter drop; }
}
NFT
ip netns exec "$PE_NS" "$PYTHON" - "$port" > "$TMP/tlp.peer" 2>&1 <<'PYEOF' &
import socket, sys
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("192.0.2.2", int(sys.argv[1])))
l.listen(1)
print("listening", flush=True)
c, _ = l.accept()
c.settimeout(30)
n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    n += len(b)
    if n == 100:
        c.sendall(b"go")
print("received", n, flush=True)
PYEOF
PIDS+=($!)
PEER_PID=$!
wait_line "$TMP/tlp.peer" listening
if [ "$FAMILY" != inet ]; then
	tlp_before=$(xstat TailLossProbes) rto_before=$(xstat RtoRecoveries)
fi
PYTHONPATH=$SELFTEST_DIR "$PYTHON" - "$port" "$FAMILY" > "$TMP/tlp.xt" 2>&1 <<'PYEOF'
import socket, sys, time
if sys.argv[2] == "inet":
    s = socket.socket()
else:
    from xtcp_py import xtcp_socket
    s = xtcp_socket()
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.connect(("192.0.2.2", int(sys.argv[1])))
s.sendall(b"w" * 100)               # one round trip: an RTT estimate
assert s.recv(2) == b"go"
time.sleep(0.1)
s.sendall(b"t" * (7 * 1448))        # one flight of seven segments
time.sleep(1.5)                     # let the probe (or the RTO) repair it
s.close()
print("sent", 100 + 7 * 1448, flush=True)
PYEOF
wait "$PEER_PID"
dropped=$(nft_drops_done)
ip netns exec "$PE_NS" ethtool -K "$PE_DEV" gro on 2>/dev/null
sed 's/^/# /' "$TMP/tlp.xt" "$TMP/tlp.peer"
echo "# nft dropped ${dropped:-?} packets from xtcp"
tlp_ok() {
	grep -qx "received $((100 + 7 * 1448))" "$TMP/tlp.peer" && [ "${dropped:-0}" -eq 2 ]
}
check "last two segments of a flight dropped: every byte arrives" tlp_ok
if [ "$FAMILY" = inet ]; then
	ktap_test_skip "a tail loss probe repaired it (xtcp's counters only)"
else
	tlps=$(( $(xstat TailLossProbes) - tlp_before ))
	rtos=$(( $(xstat RtoRecoveries) - rto_before ))
	echo "# TailLossProbes +$tlps, RtoRecoveries +$rtos"
	tlp_repaired() {
		[ "$tlps" -ge 1 ] && [ "$rtos" -eq 0 ]
	}
	check "a tail loss probe repaired it, no retransmission timeout" tlp_repaired
fi

# dead_peer NAME PORT CLIENT-ARGS...: connect, take the peer's link down,
# expect the client to end with ETIMEDOUT within 30 s.  The peer's MAC is
# pinned in the neighbour table meanwhile: when ARP for a dead peer fails,
# Linux records EHOSTUNREACH as a soft error and reports that instead of
# ETIMEDOUT; pinned, the outcome is the time-out alone.
dead_peer() {
	local name=$1 port=$2 t0 t1 out=$TMP/dead.$2 mac
	shift 2

	mac=$(ip -n "$PE_NS" -br link show "$PE_DEV" | awk '{print $3}')
	ip neigh replace "$PE_ADDR" lladdr "$mac" dev "$XT_DEV" nud permanent

	peer_xfer "$TMP/deadpeer.$port" --listen "$PE_ADDR:$port" --hold --recv 1G --timeout 120
	timeout 60 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --timeout 60 "$@" \
		> "$out" 2>&1 &
	local client=$!
	PIDS+=("$client")
	wait_line "$out" connected
	sleep 1
	ip -n "$PE_NS" link set "$PE_DEV" down
	t0=$(date +%s)
	wait "$client"
	t1=$(date +%s)
	ip -n "$PE_NS" link set "$PE_DEV" up
	ip neigh del "$PE_ADDR" dev "$XT_DEV"
	kill "$PEER_PID" 2>/dev/null
	wait "$PEER_PID" 2>/dev/null
	sed 's/^/# /' "$out"
	echo "# $name: ended $((t1 - t0)) s after the link went down"
	grep -q '^result .*error=ETIMEDOUT' "$out" && [ $((t1 - t0)) -le 30 ]
}

check "dead peer: keepalive (idle 1, interval 1, count 3) ends an idle connection with ETIMEDOUT" \
	dead_peer keepalive 7201 --hold --recv 0 --keepalive 1,1,3
# Give the peer's link time to come back before the next connection.
sleep 2
check "dead peer: TCP_USER_TIMEOUT 3000 ends a sending connection with ETIMEDOUT" \
	dead_peer user-timeout 7202 --hold --send 1G --recv 0 --user-timeout 3000

ktap_finished
