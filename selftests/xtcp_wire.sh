#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xtcp on the wire, beyond single connections: xtcp talking to xtcp across
# the wire (each namespace with its own NIC attached), a packet capture
# checked by tshark, a device removed under a live connection, and a
# namespace deleted with live connections in it.
#
#   main ns: xt0 192.0.2.1  ======wire======  pe0 192.0.2.2 :ns peer
#            vx0 198.51.100.1 ---veth--- vx1 198.51.100.2 :ns far

. "$(dirname "$0")/lib.sh"

CAP=$(mktemp -d)
BASE=$(port_base WIRE) || exit "$KSFT_FAIL"
P1=$((BASE + 1)) P2=$((BASE + 2)) P3=$((BASE + 3))

ktap_print_header
ktap_set_plan 6

cleanup() {
	echo "" > /proc/sys/net/xtcp/devices
	ip netns exec peer sh -c 'echo "" > /proc/sys/net/xtcp/devices' 2>/dev/null
	ip link del vx0 2>/dev/null
	ip netns del far 2>/dev/null
	ip netns del xn 2>/dev/null
	echo 0 > /sys/kernel/tracing/events/xtcp/xtcp_state_change/enable
	rm -rf "$CAP"
}
trap cleanup EXIT

echo xt0 > /proc/sys/net/xtcp/devices
echo > /sys/kernel/tracing/trace
echo 1 > /sys/kernel/tracing/events/xtcp/xtcp_state_change/enable
echo 1 > /sys/kernel/tracing/tracing_on

# --- xtcp to xtcp across the wire, captured in the peer namespace ------
ip netns exec peer sh -c 'echo pe0 > /proc/sys/net/xtcp/devices'
# Each side's capture checks what it received: a host captures what it
# sends before the NIC fills in the offloaded checksum.
ip netns exec peer tcpdump -ni pe0 --immediate-mode -w "$CAP/peer.pcap" -U tcp port $P1 \
	2> "$CAP/tcpdump-peer.log" &
tcpdump_pid=$!
tcpdump -ni xt0 --immediate-mode -w "$CAP/main.pcap" -U tcp port $P1 2> "$CAP/tcpdump-main.log" &
tcpdump_main=$!
both_capturing() {
	grep -q "listening on" "$CAP/tcpdump-peer.log" && grep -q "listening on" "$CAP/tcpdump-main.log"
}
need "both tcpdumps capturing" wait_until "both tcpdumps to capture" 60 both_capturing
ip netns exec peer "$PYTHON" - $P1 <<'PYEOF' > "$CAP/server.log" 2>&1 &
import sys
from xtcp_py import xtcp_socket
l = xtcp_socket()
l.bind(("192.0.2.2", int(sys.argv[1])))
l.listen(1)
print("listening", flush=True)
c, peer = l.accept()
print("accepted", peer[0])
c.settimeout(20)
print("eof", c.recv(10) == b"")
c.close()
l.close()
PYEOF
server=$!
wait_line "$CAP/server.log" listening
"$PYTHON" - $P1 <<'PYEOF' > "$CAP/client.log" 2>&1
import sys
from xtcp_py import xtcp_socket
s = xtcp_socket()
s.connect(("192.0.2.2", int(sys.argv[1])))
print("connected", s.getpeername()[0])
s.shutdown(1)
s.settimeout(20)
print("eof", s.recv(10) == b"")
s.close()
PYEOF
client_rc=$?
wait_exit $server 60
server_rc=$?
# Each capture holds the whole connection once it has both FINs.
fins_in() {
	[ "$(tcpdump -n -r "$1" 'tcp[tcpflags] & tcp-fin != 0' 2>/dev/null | wc -l)" -ge 2 ]
}
wait_until "both FINs in the captures" 30 fins_in "$CAP/peer.pcap"
wait_until "both FINs in the captures" 30 fins_in "$CAP/main.pcap"
kill "$tcpdump_pid" "$tcpdump_main"; wait "$tcpdump_pid" "$tcpdump_main" 2>/dev/null
sed 's/^/# client: /' "$CAP/client.log"
sed 's/^/# server: /' "$CAP/server.log"
echo "# client exit $client_rc, server exit $server_rc"
both_ends() {
	[ "$client_rc" = 0 ] && [ "$server_rc" = 0 ] &&
	grep -q "connected 192.0.2.2" "$CAP/client.log" &&
	grep -q "eof True" "$CAP/client.log" &&
	grep -q "accepted 192.0.2.1" "$CAP/server.log" &&
	grep -q "eof True" "$CAP/server.log"
}
check "xtcp connects to xtcp across the wire and both close" both_ends

# tshark_clean PCAP SENDER: segments from SENDER, checksums verified.
tshark_clean() {
	local opts=(-o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE)
	local all bad
	all=$(tshark -r "$1" "${opts[@]}" -Y "ip.src == $2" 2>/dev/null | wc -l)
	bad=$(tshark -r "$1" "${opts[@]}" -Y "ip.src == $2 && (_ws.malformed ||
		tcp.checksum.status == 0 || ip.checksum.status == 0)" 2>/dev/null)
	echo "# tshark: $all segments from $2 received"
	[ -n "$bad" ] && echo "$bad" | sed 's/^/# bad: /'
	[ "$all" -ge 3 ] && [ -z "$bad" ]
}
both_captures_clean() {
	tshark_clean "$CAP/peer.pcap" 192.0.2.1 && tshark_clean "$CAP/main.pcap" 192.0.2.2
}
check "tshark finds no malformed segment and no bad checksum" both_captures_clean
ip netns exec peer sh -c 'echo "" > /proc/sys/net/xtcp/devices'

# --- a device removed under a live connection -------------------------
ip netns add far
ip link add vx0 type veth peer name vx1
ip link set vx1 netns far
ip addr add 198.51.100.1/24 dev vx0
ip link set vx0 up
ip -n far addr add 198.51.100.2/24 dev vx1
ip -n far link set vx1 up
ip -n far link set lo up
echo "xt0 vx0" > /proc/sys/net/xtcp/devices
ip netns exec far timeout 60 socat -u TCP-LISTEN:$P2,reuseaddr OPEN:/dev/null &
wait_listening far $P2
"$PYTHON" - $P2 <<'PYEOF' > "$CAP/gone.log" 2>&1 &
import errno, sys
from xtcp_py import xtcp_socket
s = xtcp_socket()
s.connect(("198.51.100.2", int(sys.argv[1])))
print("connected", flush=True)
s.settimeout(30)
try:
    s.recv(10)
    print("recv returned")
except OSError as e:
    print("recv error", errno.errorcode.get(e.errno, e.errno))
PYEOF
client=$!
wait_line "$CAP/gone.log" connected
ip link del vx0
wait_exit $client 60
client_rc=$?
sed 's/^/# /' "$CAP/gone.log"
gone_enetdown() {
	[ "$client_rc" = 0 ] && grep -q "recv error ENETDOWN" "$CAP/gone.log"
}
check "deleting the device ends its connection with ENETDOWN" gone_enetdown
vx0_detached() {
	grep -q "^vx0 .* yes *no$" /proc/net/xtcp_dev && return 0
	sed 's/^/# /' /proc/net/xtcp_dev
	return 1
}
check "the device is still configured but no longer attached" vx0_detached
ip netns del far

# --- a namespace deleted with live connections in it -----------------
# Detaching here also ends the first part's TIME-WAIT connection (it left by
# xt0), so the reference count below is this part's alone.
echo "" > /proc/sys/net/xtcp/devices
ip netns add xn
ip link add vy0 type veth peer name vy1
ip link set vy0 netns xn
ip link set vy1 netns peer
ip -n xn addr add 203.0.113.1/24 dev vy0
ip -n xn link set vy0 up
ip -n xn link set lo up
ip -n peer addr add 203.0.113.2/24 dev vy1
ip -n peer link set vy1 up
ip netns exec xn sh -c 'echo vy0 > /proc/sys/net/xtcp/devices'
ip netns exec peer timeout 120 socat -u TCP-LISTEN:$P3,reuseaddr,fork OPEN:/dev/null &
listener=$!
wait_listening peer $P3
ip netns exec xn "$PYTHON" - $P3 <<'PYEOF' > "$CAP/ns.log" 2>&1 &
import sys, time
from xtcp_py import xtcp_socket
socks = []
for _ in range(3):
    s = xtcp_socket()
    s.connect(("203.0.113.2", int(sys.argv[1])))
    socks.append(s)
print("connected", len(socks), flush=True)
time.sleep(60)
PYEOF
holder=$!
wait_line "$CAP/ns.log" connected
sed 's/^/# /' "$CAP/ns.log"
check "three connections live in namespace xn" grep -q "connected 3" "$CAP/ns.log"
ip netns del xn
kill "$holder"; wait "$holder" 2>/dev/null
kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null
ip -n peer link del vy1 2>/dev/null
# The closed connections finish with the peer, or are reset when their
# device goes with the namespace; either way no xtcp socket may remain.
unused() {
	[ "$(cat /sys/module/xtcp/refcnt)" = 0 ]
}
no_sockets_left() {
	wait_until "the module's references to go" 60 unused && return 0
	echo "# module references left: $(cat /sys/module/xtcp/refcnt)"
	grep "203.0.113" /sys/kernel/tracing/trace | sed 's/^ */# /' 
	return 1
}
check "after the namespace is gone, no xtcp socket is left" no_sockets_left

ktap_finished
