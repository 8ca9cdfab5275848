#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Crafted segments against xtcp listeners, scapy (peer_probes.py) playing
# the client in namespace "peer":
#   - SYN-ACK retransmission and expiry of a half-open connection after
#     synack_retries, then RST to an ACK that comes too late; the half-open
#     connection shows in /proc/net/xtcp as SYN_RECV (03) meanwhile;
#   - RFC 5961 section 7: a burst of in-window RSTs draws fewer challenge
#     ACKs than probes, each counted as ChallengeAcks (told apart from the
#     ordinary ACK of a byte sent after the burst), the rest counted as
#     ChallengeAcksSkipped;
#   - RFC 7323 PAWS: data and FIN with an old timestamp are dropped and
#     acknowledged; the reader sees only the good data;
#   - TIME-WAIT and a new SYN for the same 4-tuple: refused with an old
#     timestamp, accepted with the FIN's own timestamp and a higher
#     sequence number (as Linux).
#
#   main netns: xtcp on xt0 192.0.2.1 --- wire --- netns peer: pe0 192.0.2.2, scapy

. "$(dirname "$0")/lib.sh"

PROBES=$SELFTEST_DIR/peer_probes.py
BASE=$(port_base PROBES) || exit "$KSFT_FAIL"
LOG=$(mktemp -d)
at_exit rm -rf "$LOG"
# xtcp's listeners on BASE..BASE+3, scapy's ports 50 above theirs.
SYNACK=$BASE CHALLENGE=$((BASE + 1)) PAWS=$((BASE + 2)) TIMEWAIT=$((BASE + 3))
P=50

ktap_print_header
ktap_set_plan 12

need "attach xt0" attach_devices xt0
# The peer's kernel has no socket for scapy's connections: no RSTs from it.
need "nft table in peer" peer_nft xtcp_probes \
	"output: tcp sport $((BASE + P))-$((BASE + P + 9)) tcp flags & rst == rst counter drop"

# xtcp_server PORT MODE: an xtcp listener in the background.  MODE read:
# it accepts one connection, prints what it reads until EOF (or the error),
# and closes.  MODE close: it closes each connection it accepts at once,
# twice (the first leaves TIME-WAIT behind).
xtcp_server() {
	"$PYTHON" - "$1" "$2" > "$LOG/server-$1" 2>&1 <<'PYEOF' &
import sys
from xtcp_py import xtcp_socket
l = xtcp_socket()
l.bind(("192.0.2.1", int(sys.argv[1])))
l.listen(4)
print("listening", flush=True)
if sys.argv[2] == "close":
    for n in ("first", "second"):
        c, _ = l.accept()
        print("accepted", n, flush=True)
        c.close()
    sys.exit(0)
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
	at_exit kill "$SERVER_PID"
	wait_line "$LOG/server-$1" listening
}

# Every probe in one scapy process (it starts slowly under TCG), each
# against its own listener.  synack_retries=1: the SYN-ACK, one
# retransmission after 1 s, the half-open connection dropped 2 s later.
# For the challenge ACKs only the namespace's limit applies: the
# per-connection one is off (it would also hold them back).
need "synack_retries" set_param synack_retries 1
need "challenge_ack_limit" set_param challenge_ack_limit 4
need "invalid_ratelimit_ms" set_param invalid_ratelimit_ms 0
paws=$(xtcp_stat PAWSEstab)
reused=$(xtcp_stat TimeWaitReused)
pids=()
for port in $SYNACK $CHALLENGE $PAWS; do
	xtcp_server "$port" read
	pids+=("$SERVER_PID")
done
xtcp_server $TIMEWAIT close
pids+=("$SERVER_PID")

ip netns exec peer "$PYTHON" "$PROBES" "$LOG/status" synack:$SYNACK:$((SYNACK + P)) \
	challenge:$CHALLENGE:$((CHALLENGE + P)) paws:$PAWS:$((PAWS + P)) \
	timewait:$TIMEWAIT:$((TIMEWAIT + P)) > "$LOG/probes" 2>&1 &
probe=$!
at_exit kill "$probe"
# /proc/net/xtcp's state column for the half-open connection.
proc_state() {
	awk -v l="$(printf ':%04X' $SYNACK)" -v r="$(printf ':%04X' $((SYNACK + P)))" \
		'substr($2, 9) == l && substr($3, 9) == r { print $4 }' /proc/net/xtcp
}
half_open_gone() {
	[ -z "$(proc_state)" ]
}
wait_until "scapy's SYN to be answered" 120 test -s "$LOG/status"
half_open=$(proc_state)
# synack_retries (1) retransmissions, then the half-open connection goes;
# scapy counts the SYN-ACKs until we say it is gone.
wait_until "the half-open connection to expire" 60 half_open_gone
gone=$(proc_state)
# The challenge ACKs: read the counters before scapy goes on to them, and
# again when it says they all came, before anything else can draw one.
challenges=$(xtcp_stat ChallengeAcks)
skipped=$(xtcp_stat ChallengeAcksSkipped)
touch "$LOG/status.gone"
wait_until "scapy's challenge-ACK probe" 120 test -s "$LOG/status.challenged"
challenges=$(( $(xtcp_stat ChallengeAcks) - challenges ))
skipped=$(( $(xtcp_stat ChallengeAcksSkipped) - skipped ))
echo counted > "$LOG/status.counted"
wait_exit $probe 300
probe_rc=$?
wait_exit "${pids[1]}" 60
challenge_server_rc=$?
wait_exit "${pids[2]}" 60
paws_server_rc=$?
echo "# exit status of the challenge server $challenge_server_rc, of the PAWS server $paws_server_rc"
# The TIME-WAIT server is done once both its connections came and went.
wait_line "$LOG/server-$TIMEWAIT" "accepted second" 60
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
check "the scapy peer saw every segment it waited for" [ "$probe_rc" = 0 ]
check "half-open connection listed as SYN_RECV in /proc/net/xtcp" [ "$half_open" = 03 ]
check "SYN-ACK sent once and retransmitted synack_retries (1) times" \
	[ "$(result synacks "$LOG/synack")" = 2 ]
check "half-open connection gone after its retransmissions" [ -z "$gone" ]
check "late ACK answered with RST" [ "$(result rst_seq_ok "$LOG/synack")" = 1 ]

acks=$(result challenge_acks "$LOG/challenge")
echo "# challenge ACKs on the wire: ${acks:-none} for 50 probes; ChallengeAcks +$challenges, ChallengeAcksSkipped +$skipped"
challenge_ok() {
	[ -n "$acks" ] && [ "$acks" -ge 1 ] && [ "$acks" -lt 50 ]
}
check "challenge ACKs limited per namespace: some, fewer than probes" challenge_ok
# Each ACK of RCV.NXT on the wire before the ordinary ACK of the next byte
# is a challenge ACK, counted as one; each probe is answered or skipped.
counted_ok() {
	[ "$challenges" = "${acks:-x}" ] && [ $((challenges + skipped)) = 50 ]
}
check "every challenge ACK counted, every suppressed one counted as skipped" counted_ok

sed 's/^/# paws server: /' "$LOG/server-$PAWS"
paws=$(( $(xtcp_stat PAWSEstab) - paws ))
paws_ok() {
	[ "$(result old_data_acked_at "$LOG/paws")" = 0 ] &&
	[ "$(result old_fin_acked_at "$LOG/paws")" = 0 ] &&
	[ "$(result new_fin_acked_at "$LOG/paws")" = 1 ]
}
check "PAWS: old-timestamp data and FIN dropped and acknowledged" paws_ok
paws_reader_ok() {
	[ "$paws_server_rc" = 0 ] && grep -qx "eof AAAACCCC" "$LOG/server-$PAWS"
}
check "PAWS: the reader sees only the in-time data" paws_reader_ok
check "PAWS drops counted in PAWSEstab" [ "$paws" -ge 2 ]

sed 's/^/# time-wait server: /' "$LOG/server-$TIMEWAIT"
reused=$(( $(xtcp_stat TimeWaitReused) - reused ))
echo "# TimeWaitReused went up by $reused"
old_syn_refused() {
	[ "$(result old_ts_reply "$LOG/timewait")" = A ]
}
check "TIME-WAIT: a SYN with an older timestamp is answered with an ACK, not reused" old_syn_refused
same_ts_reused() {
	[ "$(result same_ts_synack "$LOG/timewait")" = 1 ] &&
	[ "$reused" = 1 ] && grep -q "accepted second" "$LOG/server-$TIMEWAIT"
}
check "TIME-WAIT: a higher SYN with the FIN's timestamp starts a new connection" same_ts_reused

ktap_finished
