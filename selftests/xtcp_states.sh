#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# States Linux's TCP cannot lead xtcp into on its own, with scapy playing the
# peer in namespace "peer": simultaneous open, RFC 5961 challenge ACKs,
# simultaneous close (CLOSING), then TIME-WAIT and its expiry; plus the
# ordinary active and passive closes against Linux's TCP, watched through
# the xtcp_state_change tracepoint.

. "$(dirname "$0")/lib.sh"

TRACEFS=/sys/kernel/tracing
export PYTHONPATH=$SELFTEST_DIR
XPORT=7100
PPORT=7200

ktap_print_header
ktap_set_plan 8

cleanup() {
	echo 0 > "$TRACEFS/events/xtcp/enable" 2>/dev/null
	ip netns exec peer nft delete table inet xtcp_states 2>/dev/null
	echo "" > /proc/sys/net/xtcp/devices
	echo 60000 > /sys/module/xtcp/parameters/time_wait_ms
	[ -n "${SCAPY_PID:-}" ] && kill "$SCAPY_PID" 2>/dev/null
}
trap cleanup EXIT

echo xt0 > /proc/sys/net/xtcp/devices
echo 1500 > /sys/module/xtcp/parameters/time_wait_ms
echo > "$TRACEFS/trace"
echo 1 > "$TRACEFS/events/xtcp/xtcp_state_change/enable"
echo 1 > "$TRACEFS/tracing_on"

transitions() {
	grep -o "src=192.0.2.1:$1 dst=[0-9.]*:[0-9]* [A-Z0-9-]* -> [A-Z0-9-]*" \
		"$TRACEFS/trace" | grep -v "dst=0.0.0.0:" | sed 's/.* \([A-Z0-9-]* -> [A-Z0-9-]*\)$/\1/' | tr '\n' ','
}

# --- scapy plays the peer ---------------------------------------------
# The peer's kernel has no socket for these segments and would reset them.
ip netns exec peer nft -f - <<'NFT'
table inet xtcp_states {
	chain out { type filter hook output priority 0; tcp sport 7200 tcp flags & rst == rst drop; }
}
NFT
ip netns exec peer nft list table inet xtcp_states | sed 's/^/# /'
ready=$(mktemp)
rm -f "$ready"
ip netns exec peer "$PYTHON" "$SELFTEST_DIR/peer_scapy.py" "$ready" $XPORT $PPORT \
	> /tmp/peer_scapy.log 2>&1 &
SCAPY_PID=$!
for _ in $(seq 600); do [ -s "$ready" ] && break; sleep 0.1; done

"$PYTHON" - $XPORT $PPORT > /tmp/xtcp_side.log 2>&1 <<'PYEOF'
import select, socket, sys, time
from xtcp_py import xtcp_socket
s = xtcp_socket()
s.bind(("192.0.2.1", int(sys.argv[1])))
s.setblocking(False)
try:
    s.connect(("192.0.2.2", int(sys.argv[2])))
except BlockingIOError:
    pass
select.select([], [s], [], 60)
err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
print("connect", err, flush=True)
time.sleep(3)          # the challenge-ACK exchange happens meanwhile
s.shutdown(socket.SHUT_WR)
s.setblocking(True)
s.settimeout(30)
print("eof", s.recv(10) == b"", flush=True)
s.close()
PYEOF
wait "$SCAPY_PID"
scapy_rc=$?
SCAPY_PID=
sed 's/^/# scapy: /' /tmp/peer_scapy.log
sed 's/^/# xtcp: /' /tmp/xtcp_side.log
echo "# states: $(transitions $XPORT)"

check "scapy peer saw every segment it expected" [ "$scapy_rc" = 0 ]
check "simultaneous open: SYN-SENT -> SYN-RECEIVED -> ESTABLISHED" \
	grep -q "ok simultaneous open" /tmp/peer_scapy.log
check "in-window RST and SYN draw challenge ACKs" grep -q "ok challenge acks" /tmp/peer_scapy.log
check "simultaneous close: FIN-WAIT-1 -> CLOSING -> TIME-WAIT" \
	grep -q "SYN-SENT -> SYN-RECEIVED,SYN-RECEIVED -> ESTABLISHED,ESTABLISHED -> FIN-WAIT-1,FIN-WAIT-1 -> CLOSING,CLOSING -> TIME-WAIT" <<< "$(transitions $XPORT)"
sleep 2.5
check "TIME-WAIT ends after time_wait_ms" grep -q "TIME-WAIT -> CLOSED" <<< "$(transitions $XPORT)"
xtcp_side_ok() {
	grep -q "connect 0" /tmp/xtcp_side.log && grep -q "eof True" /tmp/xtcp_side.log
}
check "the xtcp side saw the connection and the peer's FIN" xtcp_side_ok

# --- Linux's TCP on the other side ------------------------------------
ip netns exec peer nft delete table inet xtcp_states
# Active close by xtcp: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSED.
ip netns exec peer timeout 20 socat -u TCP-LISTEN:7201,reuseaddr OPEN:/dev/null &
for _ in $(seq 300); do
	ip netns exec peer ss -ltnH 'sport = :7201' | grep -q . && break
	sleep 0.1
done
"$PYTHON" - <<'PYEOF'
import socket, time
from xtcp_py import xtcp_socket
s = xtcp_socket()
s.bind(("192.0.2.1", 7101))
s.connect(("192.0.2.2", 7201))
s.close()
time.sleep(3)
PYEOF
check "active close: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSED" \
	grep -q "ESTABLISHED -> FIN-WAIT-1,FIN-WAIT-1 -> FIN-WAIT-2,FIN-WAIT-2 -> TIME-WAIT,TIME-WAIT -> CLOSED" <<< "$(transitions 7101)"

# Passive close by xtcp: Linux closes first; CLOSE-WAIT, LAST-ACK, CLOSED.
"$PYTHON" - <<'PYEOF' &
import socket
from xtcp_py import xtcp_socket
l = xtcp_socket()
l.bind(("192.0.2.1", 7102))
l.listen(1)
open("/tmp/xtcp_states.listening", "w").close()
l.settimeout(30)
c, _ = l.accept()
c.settimeout(20)
assert c.recv(10) == b""
c.close()
l.close()
PYEOF
server=$!
# A loaded machine can take a while to start Python: wait for the listener.
for _ in $(seq 300); do
	[ -e /tmp/xtcp_states.listening ] && break
	sleep 0.1
done
rm -f /tmp/xtcp_states.listening
ip netns exec peer timeout 10 socat -u OPEN:/dev/null TCP:192.0.2.1:7102
wait $server
sleep 0.5
check "passive close: CLOSE-WAIT, LAST-ACK, CLOSED" \
	grep -q "SYN-RECEIVED -> ESTABLISHED,ESTABLISHED -> CLOSE-WAIT,CLOSE-WAIT -> LAST-ACK,LAST-ACK -> CLOSED" <<< "$(transitions 7102)"

ktap_finished
