#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# States Linux's TCP cannot lead xtcp into on its own, with scapy playing the
# peer in namespace "peer": simultaneous open, RFC 5961 challenge ACKs,
# simultaneous close (CLOSING), then TIME-WAIT and its expiry; plus the
# ordinary active and passive closes against Linux's TCP, watched through
# the xtcp_state_change tracepoint.  RFC 5961's challenge ACKs are told
# apart from ordinary ACKs by xtcp's ChallengeAcks counter: one for each;
# the two refused for their ACK field are counted by reason.

. "$(dirname "$0")/lib.sh"

TRACEFS=/sys/kernel/tracing
BASE=$(port_base STATES) || exit "$KSFT_FAIL"
XPORT=$BASE
PPORT=$((BASE + 50))
TMP=$(mktemp -d)
at_exit rm -rf "$TMP"

ktap_print_header
ktap_set_plan 11

need "attach xt0" attach_devices xt0
need "time_wait_ms" set_param time_wait_ms 1500
# The challenge ACKs at once: no per-connection rate limit (Linux's
# tcp_invalid_ratelimit) holds the later ones back.
need "invalid_ratelimit_ms" set_param invalid_ratelimit_ms 0
need "tracing" set_file "$TRACEFS/events/xtcp/xtcp_state_change/enable" 1
need "tracing" set_file "$TRACEFS/tracing_on" 1
echo > "$TRACEFS/trace"

transitions() {
	grep -o "src=192.0.2.1:$1 dst=[0-9.]*:[0-9]* [A-Z0-9-]* -> [A-Z0-9-]*" \
		"$TRACEFS/trace" | grep -v "dst=0.0.0.0:" | sed 's/.* \([A-Z0-9-]* -> [A-Z0-9-]*\)$/\1/' | tr '\n' ','
}

# saw_transitions PORT SEQUENCE: the port's transitions so far include SEQUENCE.
saw_transitions() {
	[[ "$(transitions "$1")" == *"$2"* ]]
}

# --- scapy plays the peer ---------------------------------------------
# The peer's kernel has no socket for these segments and would reset them.
need "nft table in peer" peer_nft xtcp_states \
	"output: tcp sport $PPORT tcp flags & rst == rst counter drop"
ready=$TMP/ready
challenges=$(xtcp_stat ChallengeAcks)
too_old=$(xtcp_stat AckTooOld)
unsent=$(xtcp_stat AckUnsent)
ip netns exec peer "$PYTHON" "$SELFTEST_DIR/peer_scapy.py" "$ready" $XPORT $PPORT \
	> "$TMP/peer_scapy.log" 2>&1 &
SCAPY_PID=$!
at_exit kill "$SCAPY_PID"
wait_until "scapy to start" 120 test -s "$ready"

"$PYTHON" - $XPORT $PPORT "$ready" > "$TMP/xtcp_side.log" 2>&1 <<'PYEOF'
import select, socket, sys
from xtcp_py import wait_file, xtcp_socket
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
wait_file(sys.argv[3], "challenged", "the challenge-ACK exchange")
s.shutdown(socket.SHUT_WR)
s.setblocking(True)
s.settimeout(30)
got = b""
while True:
    b = s.recv(100)
    if not b:
        break
    got += b
print("read", got.decode(errors="replace"), flush=True)
print("eof", True, flush=True)
s.close()
PYEOF
wait_exit "$SCAPY_PID" 120
scapy_rc=$?
challenges=$(( $(xtcp_stat ChallengeAcks) - challenges ))
too_old=$(( $(xtcp_stat AckTooOld) - too_old ))
unsent=$(( $(xtcp_stat AckUnsent) - unsent ))
sed 's/^/# scapy: /' "$TMP/peer_scapy.log"
sed 's/^/# xtcp: /' "$TMP/xtcp_side.log"
echo "# states: $(transitions $XPORT)"
echo "# ChallengeAcks went up by $challenges, AckTooOld by $too_old, AckUnsent by $unsent"

check "scapy peer saw every segment it expected" [ "$scapy_rc" = 0 ]
check "simultaneous open: SYN-SENT -> SYN-RECEIVED -> ESTABLISHED" \
	grep -q "ok simultaneous open" "$TMP/peer_scapy.log"
check "in-window RST and SYN draw challenge ACKs" grep -q "ok challenge acks" "$TMP/peer_scapy.log"
check "data with an unacceptable ACK draws challenge ACKs (RFC 5961 5.2)" \
	grep -q "ok unacceptable acks" "$TMP/peer_scapy.log"
check "the four ACKs were challenge ACKs (ChallengeAcks +4)" [ "$challenges" = 4 ]
counted_by_reason() {
	[ "$too_old" = 1 ] && [ "$unsent" = 1 ]
}
check "counted by reason (AckTooOld +1, AckUnsent +1)" counted_by_reason
check "simultaneous close: FIN-WAIT-1 -> CLOSING -> TIME-WAIT" \
	saw_transitions $XPORT "SYN-SENT -> SYN-RECEIVED,SYN-RECEIVED -> ESTABLISHED,ESTABLISHED -> FIN-WAIT-1,FIN-WAIT-1 -> CLOSING,CLOSING -> TIME-WAIT"
check "TIME-WAIT ends (time_wait_ms)" \
	wait_until "TIME-WAIT -> CLOSED on port $XPORT" 60 saw_transitions $XPORT "TIME-WAIT -> CLOSED"
xtcp_side_ok() {
	grep -q "connect 0" "$TMP/xtcp_side.log" && grep -qx "read hello" "$TMP/xtcp_side.log" &&
		grep -q "eof True" "$TMP/xtcp_side.log"
}
check "the xtcp side read only the acceptable data, then the peer's FIN" xtcp_side_ok

# --- Linux's TCP on the other side ------------------------------------
peer_nft_del xtcp_states
# Active close by xtcp: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSED.
ip netns exec peer timeout 60 socat -u TCP-LISTEN:$((PPORT + 1)),reuseaddr OPEN:/dev/null &
at_exit kill $!
wait_listening peer $((PPORT + 1))
"$PYTHON" - $((XPORT + 1)) $((PPORT + 1)) <<'PYEOF'
import sys
from xtcp_py import xtcp_socket
s = xtcp_socket()
s.bind(("192.0.2.1", int(sys.argv[1])))
s.connect(("192.0.2.2", int(sys.argv[2])))
s.close()
PYEOF
check "active close: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSED" \
	wait_until "the active close's transitions" 60 saw_transitions $((XPORT + 1)) \
	"ESTABLISHED -> FIN-WAIT-1,FIN-WAIT-1 -> FIN-WAIT-2,FIN-WAIT-2 -> TIME-WAIT,TIME-WAIT -> CLOSED"

# Passive close by xtcp: Linux closes first; CLOSE-WAIT, LAST-ACK, CLOSED.
"$PYTHON" - $((XPORT + 2)) > "$TMP/passive.log" 2>&1 <<'PYEOF' &
import sys
from xtcp_py import xtcp_socket
l = xtcp_socket()
l.bind(("192.0.2.1", int(sys.argv[1])))
l.listen(1)
print("listening", flush=True)
l.settimeout(30)
c, _ = l.accept()
c.settimeout(20)
assert c.recv(10) == b""
c.close()
l.close()
PYEOF
server=$!
wait_line "$TMP/passive.log" listening
ip netns exec peer timeout 30 socat -u OPEN:/dev/null TCP:192.0.2.1:$((XPORT + 2))
wait_exit $server 60
server_rc=$?
sed 's/^/# passive: /' "$TMP/passive.log"
passive_close() {
	[ "$server_rc" = 0 ] &&
	wait_until "the passive close's transitions" 60 saw_transitions $((XPORT + 2)) \
		"SYN-RECEIVED -> ESTABLISHED,ESTABLISHED -> CLOSE-WAIT,CLOSE-WAIT -> LAST-ACK,LAST-ACK -> CLOSED"
}
check "passive close: CLOSE-WAIT, LAST-ACK, CLOSED" passive_close

ktap_finished
