#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Crafted segments against xtcp listeners, scapy (peer_probes.py) playing
# the client in namespace "peer":
#   - SYN-ACK retransmission and expiry of a half-open connection after
#     synack_retries, then RST to an ACK that comes too late; the half-open
#     connection shows in /proc/net/xtcp as SYN_RECV (03) meanwhile;
#   - RFC 5961 section 7: a burst of in-window RSTs draws fewer challenge
#     ACKs than probes, the rest counted as ChallengeAcksSkipped;
#   - RFC 7323 PAWS: data and FIN with an old timestamp are dropped and
#     acknowledged; the reader sees only the good data;
#   - TIME-WAIT and a new SYN for the same 4-tuple: refused with an old
#     timestamp, accepted with the FIN's own timestamp and a higher
#     sequence number (as Linux).
#
#   main netns: xtcp on xt0 192.0.2.1 --- wire --- netns peer: pe0 192.0.2.2, scapy

. "$(dirname "$0")/lib.sh"

export PYTHONPATH=$SELFTEST_DIR
PARAMS=/sys/module/xtcp/parameters
PROBES=$SELFTEST_DIR/peer_probes.py
LOG=$(mktemp -d)

ktap_print_header
ktap_set_plan 11

saved_synack=$(cat $PARAMS/synack_retries)
saved_limit=$(cat $PARAMS/challenge_ack_limit)
saved_ratelimit=$(cat $PARAMS/invalid_ratelimit_ms)

cleanup() {
	ip netns exec peer nft delete table inet xtcp_probes 2>/dev/null
	echo "" > /proc/sys/net/xtcp/devices
	echo "$saved_synack" > $PARAMS/synack_retries
	echo "$saved_limit" > $PARAMS/challenge_ack_limit
	echo "$saved_ratelimit" > $PARAMS/invalid_ratelimit_ms
	# shellcheck disable=SC2086  # a list of pids
	[ -n "${SERVER_PID:-}" ] && kill $SERVER_PID 2>/dev/null
	rm -rf "$LOG"
}
trap cleanup EXIT

echo xt0 > /proc/sys/net/xtcp/devices
# The peer's kernel has no socket for scapy's connections: no RSTs from it.
ip netns exec peer nft -f - <<'NFT'
table inet xtcp_probes {
	chain out { type filter hook output priority 0; tcp sport 7350-7359 tcp flags & rst == rst drop; }
}
NFT

stat_of() {
	"$PYTHON" - "$1" <<'PYEOF'
import sys
lines = open("/proc/net/xtcp_stat").read().split("\n")
names, values = lines[0].split()[1:], lines[1].split()[1:]
print(values[names.index(sys.argv[1])])
PYEOF
}

# wait_listening FILE: wait (10 s at most) for a server to say "listening".
wait_listening() {
	for _ in $(seq 100); do
		grep -q listening "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# xtcp_server PORT: a listener that accepts one connection, prints what it
# reads until EOF (or the error), and closes.
xtcp_server() {
	"$PYTHON" - "$1" > "$LOG/server-$1" 2>&1 <<'PYEOF' &
import sys
from xtcp_py import xtcp_socket
l = xtcp_socket()
l.bind(("192.0.2.1", int(sys.argv[1])))
l.listen(4)
print("listening", flush=True)
c, _ = l.accept()
c.settimeout(20)
data = b""
try:
    while True:
        b = c.recv(100)
        if not b:
            break
        data += b
    print("eof", data.decode(), flush=True)
except OSError as e:
    print("error", e.errno, data.decode(), flush=True)
c.close()
l.close()
PYEOF
	SERVER_PID=$!
	wait_listening "$LOG/server-$1"
}

# xtcp_closing_server PORT: a listener that closes each connection it
# accepts at once, twice (the first leaves TIME-WAIT behind).
xtcp_closing_server() {
	"$PYTHON" - "$1" > "$LOG/server-$1" 2>&1 <<'PYEOF' &
import sys
from xtcp_py import xtcp_socket
l = xtcp_socket()
l.bind(("192.0.2.1", int(sys.argv[1])))
l.listen(4)
print("listening", flush=True)
for n in ("first", "second"):
    c, _ = l.accept()
    print("accepted", n, flush=True)
    c.close()
l.close()
PYEOF
	SERVER_PID=$!
	wait_listening "$LOG/server-$1"
}

# Every probe in one scapy process (it starts slowly under TCG), each
# against its own listener.  synack_retries=1: the SYN-ACK, one
# retransmission after 1 s, the half-open connection dropped 2 s later.
# For the challenge ACKs only the namespace's limit applies: the
# per-connection one is off (it would also hold them back).
echo 1 > $PARAMS/synack_retries
echo 4 > $PARAMS/challenge_ack_limit
echo 0 > $PARAMS/invalid_ratelimit_ms
skipped=$(stat_of ChallengeAcksSkipped)
paws=$(stat_of PAWSEstab)
reused=$(stat_of TimeWaitReused)
pids=()
for port in 7300 7301 7302; do
	xtcp_server $port
	pids+=("$SERVER_PID")
done
xtcp_closing_server 7303
pids+=("$SERVER_PID")
SERVER_PID="${pids[*]}"

ip netns exec peer "$PYTHON" "$PROBES" "$LOG/status" synack:7300:7350 \
	challenge:7301:7351 paws:7302:7352 timewait:7303:7353 \
	> "$LOG/probes" 2>&1 &
probe=$!
# /proc/net/xtcp's state column for 192.0.2.1:7300 <-> 192.0.2.2:7350.
proc_state() {
	awk -v l="$(printf ':%04X' 7300)" -v r="$(printf ':%04X' 7350)" \
		'substr($2, 9) == l && substr($3, 9) == r { print $4 }' /proc/net/xtcp
}
for _ in $(seq 300); do [ -s "$LOG/status" ] && break; sleep 0.1; done
half_open=$(proc_state)
grep -i ":1C84 " /proc/net/xtcp | sed 's/^/# proc: /'
wait $probe
gone=$(proc_state)
wait "${pids[1]}" "${pids[2]}"
# The TIME-WAIT server is done once both its connections came and went.
for _ in $(seq 50); do
	grep -q "accepted second" "$LOG/server-7303" && break
	sleep 0.1
done
kill "${pids[3]}" 2>/dev/null
wait "${pids[3]}" 2>/dev/null
kill "${pids[0]}" 2>/dev/null
wait "${pids[0]}" 2>/dev/null
SERVER_PID=
sed -n '/^mode synack/,/^mode challenge/p' "$LOG/probes" | sed 's/^/# /' > "$LOG/synack"
sed -n '/^mode challenge/,/^mode paws/p' "$LOG/probes" | sed 's/^/# /' > "$LOG/challenge"
sed -n '/^mode paws/,/^mode timewait/p' "$LOG/probes" | sed 's/^/# /' > "$LOG/paws"
sed -n '/^mode timewait/,$p' "$LOG/probes" | sed 's/^/# /' > "$LOG/timewait"
sed 's/^/# /' "$LOG/probes"

# result NAME FILE: a "result NAME VALUE" line of a probe's output.
result() {
	sed -n "s/^# result $1 //p" "$2"
}

echo "# /proc/net/xtcp state while half-open: '$half_open', after: '$gone'"
check "half-open connection listed as SYN_RECV in /proc/net/xtcp" [ "$half_open" = 03 ]
check "SYN-ACK sent once and retransmitted synack_retries (1) times" \
	[ "$(result synacks "$LOG/synack")" = 2 ]
check "half-open connection gone after its retransmissions" [ -z "$gone" ]
check "late ACK answered with RST" [ "$(result rst_seq_ok "$LOG/synack")" = 1 ]

acks=$(result challenge_acks "$LOG/challenge")
skipped=$(( $(stat_of ChallengeAcksSkipped) - skipped ))
echo "# challenge ACKs: ${acks:-none} for 50 probes; skipped: $skipped"
challenge_ok() {
	[ -n "$acks" ] && [ "$acks" -ge 1 ] && [ "$acks" -lt 50 ]
}
check "challenge ACKs limited per namespace: some, fewer than probes" challenge_ok
check "suppressed challenge ACKs counted" [ "$skipped" -ge $(( 50 - ${acks:-50} )) ]

sed 's/^/# paws server: /' "$LOG/server-7302"
paws=$(( $(stat_of PAWSEstab) - paws ))
paws_ok() {
	[ "$(result old_data_acked_at "$LOG/paws")" = 0 ] &&
	[ "$(result old_fin_acked_at "$LOG/paws")" = 0 ] &&
	[ "$(result new_fin_acked_at "$LOG/paws")" = 1 ]
}
check "PAWS: old-timestamp data and FIN dropped and acknowledged" paws_ok
check "PAWS: the reader sees only the in-time data" grep -qx "eof AAAACCCC" "$LOG/server-7302"
check "PAWS drops counted in PAWSEstab" [ "$paws" -ge 2 ]

sed 's/^/# time-wait server: /' "$LOG/server-7303"
reused=$(( $(stat_of TimeWaitReused) - reused ))
echo "# TimeWaitReused went up by $reused"
old_syn_refused() {
	[ "$(result old_ts_synacks "$LOG/timewait")" = 0 ] &&
	[ "$(result old_ts_acks "$LOG/timewait")" -ge 1 ]
}
check "TIME-WAIT: a SYN with an older timestamp is answered with an ACK, not reused" old_syn_refused
same_ts_reused() {
	[ "$(result same_ts_synack "$LOG/timewait")" = 1 ] &&
	[ "$reused" = 1 ] && grep -q "accepted second" "$LOG/server-7303"
}
check "TIME-WAIT: a higher SYN with the FIN's timestamp starts a new connection" same_ts_reused

ktap_finished
