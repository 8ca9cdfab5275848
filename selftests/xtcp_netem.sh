#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The byte stream on a bad wire: with netem loss, reordering and
# duplication on both NICs' egress, every byte of a transfer each way
# arrives once and in order (hash checked at each end by xtcp_xfer), also
# under loss with CUBIC instead of the default NewReno; with
# every 50th segment xtcp sends dropped by nftables, SACK recovery repairs
# the holes (SackRecoveries); with every 50th segment Linux sends to xtcp
# dropped, xtcp's ACKs carry SACK blocks (counted on the wire by the peer's
# nft) and Linux recovers from them (its TCPSackRecovery); with the last two
# segments of a flight dropped, a tail loss probe brings the SACK that
# repairs them; and a peer that vanishes (link down in "peer") ends a
# connection with ETIMEDOUT, through keepalive (idle connection: the probes
# counted, answered while the peer lives) or TCP_USER_TIMEOUT (sending
# connection).  No check measures time: every wait is for a state, bounded
# by a generous time-out.
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
# way (default 4M).  Needs sch_netem; the netem cases skip without it, and
# the tail-loss cases without ethtool's GRO switch on pe0, saying so.

. "$(dirname "$0")/lib.sh"

XFER=$SELFTEST_DIR/xtcp_xfer
XT_DEV=${XTCP_DEV:-xt0}
PE_DEV=${PEER_DEV:-pe0}
PE_NS=$PEER_NS
PE_ADDR=$PEER_ADDR
FAMILY=${XTCP_STREAM_FAMILY:-xtcp}
BYTES=${XTCP_NETEM_BYTES:-4M}
BASE=$(port_base NETEM) || exit "$KSFT_FAIL"
TMP=$(mktemp -d)
at_exit rm -rf "$TMP"

IMPAIRMENTS=(
	"loss 2%"
	"delay 1ms reorder 25% 50%"
	"duplicate 5%"
)

ktap_print_header
ktap_set_plan $((2 * ${#IMPAIRMENTS[@]} + 9))

# Whatever the test changed goes back at exit (lib.sh's at_exit), even
# when it fails half-way.
at_exit ip -n "$PE_NS" link set "$PE_DEV" up
if [ "$FAMILY" != inet ]; then
	need "attach $XT_DEV to xtcp" attach_devices "$XT_DEV"
fi

# Linux's end in the peer namespace: xtcp_xfer ARGS in the background.
peer_xfer() {
	local out=$1
	shift
	ip netns exec "$PE_NS" timeout 150 "$XFER" --family inet "$@" > "$out" 2>&1 &
	PEER_PID=$!
	at_exit kill "$PEER_PID"
	wait_line "$out" listening
}

# netem DEV NS ARGS...: a netem root qdisc (NS "" for this namespace),
# removed at exit; a failure to add it fails the test.
netem() {
	local run=() dev=$1 ns=$2
	shift 2
	[ -n "$ns" ] && run=(ip netns exec "$ns")
	at_exit "${run[@]}" tc qdisc del dev "$dev" root
	need "netem $* on $dev" "${run[@]}" tc qdisc add dev "$dev" root netem "$@"
}
netem_del() {
	local run=()
	[ -n "$2" ] && run=(ip netns exec "$2")
	"${run[@]}" tc qdisc del dev "$1" root
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

port=$BASE
for imp in "${IMPAIRMENTS[@]}"; do
	port=$((port + 1))
	if [ "$netem_ok" = 0 ]; then
		ktap_test_skip "netem $imp: $BYTES each way, intact (no sch_netem)"
		ktap_test_skip "netem $imp: xt0's qdisc saw the transfer (no sch_netem)"
		continue
	fi
	# shellcheck disable=SC2086  # the impairment is several words
	netem "$XT_DEV" "" $imp
	# shellcheck disable=SC2086
	netem "$PE_DEV" "$PE_NS" $imp
	peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --send "$BYTES" --recv "$BYTES" \
		--seed 2 --peer-seed 1 --timeout 60
	timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send "$BYTES" \
		--recv "$BYTES" --seed 1 --peer-seed 2 --timeout 60 > "$TMP/xt.$port" 2>&1
	wait_exit "$PEER_PID" 200
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
	netem_del "$XT_DEV" ""
	netem_del "$PE_DEV" "$PE_NS"
done

# The same loss with CUBIC on xtcp's side (TCP_CONGESTION, read back).
port=$((BASE + 40))
if [ "$netem_ok" = 0 ]; then
	ktap_test_skip "netem loss 2%, CUBIC: $BYTES each way, intact (no sch_netem)"
else
	netem "$XT_DEV" "" loss 2%
	netem "$PE_DEV" "$PE_NS" loss 2%
	peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --send "$BYTES" --recv "$BYTES" \
		--seed 2 --peer-seed 1 --timeout 60
	timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send "$BYTES" \
		--recv "$BYTES" --seed 1 --peer-seed 2 --timeout 60 --congestion cubic \
		> "$TMP/xt.$port" 2>&1
	wait_exit "$PEER_PID" 200
	cubic_ok() {
		ok_result "$TMP/xt.$port" && ok_result "$TMP/peer.$port"
	}
	check "netem loss 2%, CUBIC: $BYTES each way, intact" cubic_ok
	netem_del "$XT_DEV" ""
	netem_del "$PE_DEV" "$PE_NS"
fi

# nft_drops_done: how many packets the peer's xtcp_netem table dropped;
# the table goes.
nft_drops_done() {
	peer_nft_count xtcp_netem
	peer_nft_del xtcp_netem
}

# Deterministic loss: the peer drops every 50th data segment from xtcp as
# it arrives (after GRO, so sometimes several at once).  Each drop is a
# hole in the middle of a flight; the SACK blocks of Linux's ACKs show it.
port=$((BASE + 50))
need "nft drop table in $PE_NS" peer_nft xtcp_netem \
	"input: ip saddr 192.0.2.1 tcp dport $port meta length > 200 numgen inc mod 50 == 0 counter drop"
if [ "$FAMILY" != inet ]; then
	sack_before=$(xtcp_stat SackRecoveries) rto_before=$(xtcp_stat RtoRecoveries)
fi
peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --recv "$BYTES" --seed 1 --timeout 60
timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send "$BYTES" \
	--recv 0 --seed 1 --timeout 60 > "$TMP/xt.$port" 2>&1
wait_exit "$PEER_PID" 200
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
	sacks=$(( $(xtcp_stat SackRecoveries) - sack_before ))
	rtos=$(( $(xtcp_stat RtoRecoveries) - rto_before ))
	echo "# SackRecoveries +$sacks, RtoRecoveries +$rtos, TailLossProbes $(xtcp_stat TailLossProbes)"
	check "SACK recovery repaired the drops (SackRecoveries grew)" [ "$sacks" -gt 0 ]
fi

# The other way: every 50th data packet Linux sends to xtcp is dropped as
# it comes in on xt0 (nft's netdev ingress hook, before xtcp's rx_handler
# and before Linux's IP; a drop on the sender's side would be a local
# drop, which the sender's TCP retries, never a hole), so xtcp as the
# receiver has holes to report.  Its ACKs must carry SACK blocks (counted
# by the peer's nft as they arrive: the option on the wire) and Linux must
# recover through them (TCPSackRecovery of the peer's namespace).
port=$((BASE + 55))
at_exit nft delete table netdev xtcp_netem_in
need "nft ingress drop table on $XT_DEV" nft -f - <<NFT
table netdev xtcp_netem_in {
	chain in { type filter hook ingress device $XT_DEV priority 0; ip saddr $PE_ADDR tcp sport $port meta length > 200 numgen inc mod 50 == 0 counter drop; }
}
NFT
need "nft SACK counter in $PE_NS" peer_nft xtcp_netem \
	"input: ip saddr 192.0.2.1 tcp dport $port tcp option sack exists counter"
linux_sack_before=$(linux_stat TCPSackRecovery "$PE_NS")
peer_xfer "$TMP/peer.$port" --listen "$PE_ADDR:$port" --send "$BYTES" --recv 0 --seed 3 --timeout 60
timeout 150 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --send 0 \
	--recv "$BYTES" --peer-seed 3 --timeout 60 > "$TMP/xt.$port" 2>&1
wait_exit "$PEER_PID" 200
dropped=$(nft list table netdev xtcp_netem_in | awk '{ for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) } END { print n + 0 }')
nft delete table netdev xtcp_netem_in
sack_acks=$(peer_nft_count xtcp_netem)
peer_nft_del xtcp_netem
linux_sacks=$(( $(linux_stat TCPSackRecovery "$PE_NS") - linux_sack_before ))
echo "# nft dropped ${dropped:-?} packets to xtcp; xtcp sent $sack_acks ACKs with SACK blocks; Linux's TCPSackRecovery +$linux_sacks"
rx_ok() {
	ok_result "$TMP/xt.$port" && ok_result "$TMP/peer.$port" && [ "${dropped:-0}" -gt 0 ]
}
check "every 50th segment to xtcp dropped: $BYTES to xtcp intact" rx_ok
sack_seen() {
	[ "$sack_acks" -gt 0 ] && [ "$linux_sacks" -gt 0 ]
}
check "xtcp's ACKs carried SACK blocks and Linux recovered through them" sack_seen

# Tail loss: after a small exchange (an RTT estimate), xtcp sends seven
# segments at once and the peer drops the sixth and seventh (GRO off, so
# it counts segments).  No duplicate ACK can tell; the tail loss probe
# resends the seventh, the peer SACKs it, and the sixth is found lost.
port=$((BASE + 60))
tlp_skip=
if ip netns exec "$PE_NS" ethtool -K "$PE_DEV" gro off; then
	at_exit ip netns exec "$PE_NS" ethtool -K "$PE_DEV" gro on
else
	tlp_skip="ethtool cannot turn GRO off on $PE_DEV"
fi
# tail_loss: the two cases below, when GRO could be turned off.
tail_loss() {
	need "nft drop table in $PE_NS" peer_nft xtcp_netem \
		"input: ip saddr 192.0.2.1 tcp dport $port meta length > 1000 numgen inc mod 1000 5-6 counter drop"
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
	PEER_PID=$!
	at_exit kill "$PEER_PID"
	wait_line "$TMP/tlp.peer" listening
	if [ "$FAMILY" != inet ]; then
		tlp_before=$(xtcp_stat TailLossProbes) rto_before=$(xtcp_stat RtoRecoveries)
	fi
	"$PYTHON" - "$port" "$FAMILY" > "$TMP/tlp.xt" 2>&1 <<'PYEOF'
import fcntl, socket, struct, sys, termios, time
if sys.argv[2] == "inet":
    s = socket.socket()
else:
    from xtcp_py import xtcp_socket
    s = xtcp_socket()


def wait_acked(what):
    """Until SIOCOUTQ says nothing is unacknowledged (60 s at most)."""
    deadline = time.time() + 60
    while struct.unpack("i", fcntl.ioctl(s, termios.TIOCOUTQ, b"\0" * 4))[0]:
        if time.time() > deadline:
            print(f"# timed out waiting for {what}", flush=True)
            sys.exit(1)
        time.sleep(0.01)


s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.connect(("192.0.2.2", int(sys.argv[1])))
s.sendall(b"w" * 100)               # one round trip: an RTT estimate
assert s.recv(2) == b"go"
wait_acked("the ACK of the first 100 bytes")
s.sendall(b"t" * (7 * 1448))        # one flight of seven segments
wait_acked("the flight to be repaired and acknowledged")
s.close()
print("sent", 100 + 7 * 1448, flush=True)
PYEOF
	wait_exit "$PEER_PID" 120
	dropped=$(nft_drops_done)
	sed 's/^/# /' "$TMP/tlp.xt" "$TMP/tlp.peer"
	echo "# nft dropped ${dropped:-?} packets from xtcp"
	tlp_ok() {
		grep -qx "received $((100 + 7 * 1448))" "$TMP/tlp.peer" && [ "${dropped:-0}" -eq 2 ]
	}
	check "last two segments of a flight dropped: every byte arrives" tlp_ok
	if [ "$FAMILY" = inet ]; then
		ktap_test_skip "a tail loss probe repaired it (xtcp's counters only)"
	else
		tlps=$(( $(xtcp_stat TailLossProbes) - tlp_before ))
		rtos=$(( $(xtcp_stat RtoRecoveries) - rto_before ))
		echo "# TailLossProbes +$tlps, RtoRecoveries +$rtos"
		tlp_repaired() {
			[ "$tlps" -ge 1 ] && [ "$rtos" -eq 0 ]
		}
		check "a tail loss probe repaired it, no retransmission timeout" tlp_repaired
	fi
}
if [ -n "$tlp_skip" ]; then
	ktap_test_skip "last two segments of a flight dropped: every byte arrives ($tlp_skip)"
	ktap_test_skip "a tail loss probe repaired it ($tlp_skip)"
else
	tail_loss
	ip netns exec "$PE_NS" ethtool -K "$PE_DEV" gro on
fi

# keepalive_probes: the keepalive probes sent from this namespace so far
# (xtcp's KeepAliveProbes; Linux's TCPKeepAlive in inet mode).
keepalive_probes() {
	if [ "$FAMILY" = inet ]; then
		linux_stat TCPKeepAlive
	else
		xtcp_stat KeepAliveProbes
	fi
}

# probes_beyond N: more keepalive probes sent than N.
probes_beyond() {
	[ "$(keepalive_probes)" -gt "$1" ]
}

link_up() {
	ip -n "$PE_NS" link show "$PE_DEV" | grep -q LOWER_UP &&
		ip link show "$XT_DEV" | grep -q LOWER_UP
}

# dead_peer NAME PORT CLIENT-ARGS...: connect, take the peer's link down,
# expect the client to end with ETIMEDOUT (the client's own 60 s bound
# fails it loudly otherwise; how long it took is printed, never checked).
# With keepalive, the link goes down only once a probe was sent and
# answered (the connection stays up through it), and the connection must
# end after its probes, counted.  The peer's MAC is pinned in the
# neighbour table meanwhile: when ARP for a dead peer fails, Linux records
# EHOSTUNREACH as a soft error and reports that instead of ETIMEDOUT;
# pinned, the outcome is the time-out alone.
dead_peer() {
	local name=$1 port=$2 t0 out=$TMP/dead.$2 mac probes0 probes_live=0 probes_dead=0
	shift 2

	mac=$(ip -n "$PE_NS" -br link show "$PE_DEV" | awk '{print $3}')
	at_exit ip neigh del "$PE_ADDR" dev "$XT_DEV"
	ip neigh replace "$PE_ADDR" lladdr "$mac" dev "$XT_DEV" nud permanent

	peer_xfer "$TMP/deadpeer.$port" --listen "$PE_ADDR:$port" --hold --recv 1G --timeout 120
	probes0=$(keepalive_probes)
	timeout 90 "$XFER" --family "$FAMILY" --connect "$PE_ADDR:$port" --timeout 60 "$@" \
		> "$out" 2>&1 &
	local client=$!
	at_exit kill "$client"
	wait_line "$out" connected
	if [ "$name" = keepalive ]; then
		# A probe went out and the live peer answered it: still up.
		wait_until "a keepalive probe to the live peer" 60 probes_beyond "$probes0" || return 1
		probes_live=$(( $(keepalive_probes) - probes0 ))
		if ! kill -0 "$client" 2>/dev/null; then
			echo "# the connection ended while the peer was alive"
			sed 's/^/# /' "$out"
			return 1
		fi
	fi
	probes0=$(keepalive_probes)
	ip -n "$PE_NS" link set "$PE_DEV" down
	t0=$SECONDS
	wait_exit "$client" 120
	probes_dead=$(( $(keepalive_probes) - probes0 ))
	ip -n "$PE_NS" link set "$PE_DEV" up
	ip neigh del "$PE_ADDR" dev "$XT_DEV"
	kill "$PEER_PID" 2>/dev/null
	wait "$PEER_PID" 2>/dev/null
	sed 's/^/# /' "$out"
	echo "# $name: ended about $((SECONDS - t0)) s after the link went down;" \
		"keepalive probes: $probes_live while the peer lived, $probes_dead after"
	grep -q '^result .*error=ETIMEDOUT' "$out" || return 1
	# TCP_KEEPCNT 3: three unanswered probes before it gives up.
	[ "$name" != keepalive ] || [ "$probes_dead" -ge 3 ]
}

check "dead peer: keepalive (idle 1, interval 1, count 3) probes, then ends an idle connection with ETIMEDOUT" \
	dead_peer keepalive $((BASE + 71)) --hold --recv 0 --keepalive 1,1,3
# The peer's link comes back before the next connection.
wait_until "$PE_DEV and $XT_DEV to have carrier again" 60 link_up
check "dead peer: TCP_USER_TIMEOUT 3000 ends a sending connection with ETIMEDOUT" \
	dead_peer user-timeout $((BASE + 72)) --hold --send 1G --recv 0 --user-timeout 3000

ktap_finished
