#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SYN cookies (RFC 4987): a listener whose SYN queue is full answers from
# no state, and the handshake's ACK makes the connection.  A listener with
# backlog 0 and one spoofed half-open connection (its SYN queue full, as
# Linux counts it) takes a Linux client through a cookie, with timestamps (SACK and window scaling come
# back through the cookie's TSval) and without them (neither does); a
# crafted SYN and ACK show the MSS the cookie carries and data in the ACK;
# a forged ACK is reset and counted; with net.ipv4.tcp_syncookies 0 the
# SYN is dropped, and with 2 every SYN gets a cookie.  Then a flood of
# spoofed SYNs (a raw socket in namespace peer) against a listener with
# backlog 8: its SYN queue stays at 9 (Linux holds one more than the
# backlog), a transfer that was running goes on and a new client still
# connects, through a cookie.
# Every case runs on xtcp (xt0 attached), then on Linux's TCP (xt0
# detached) with the same programs and the same checks.

. "$(dirname "$0")/lib.sh"

BASE=$(port_base SYNCOOKIES) || exit "$KSFT_FAIL"
TMP=$(mktemp -d)
at_exit rm -rf "$TMP"
SYNCOOKIES=/proc/sys/net/ipv4/tcp_syncookies
FLOOD_NET=198.18.0.0/15

ktap_print_header
ktap_set_plan 22

need "scapy in the peer's Python" ip netns exec "$PEER_NS" "$PYTHON" -c "import scapy"

# server FAMILY PORT BACKLOG COUNT LOG: a listener on XTCP_ADDR:PORT (in
# the background, SERVER_PID) that accepts COUNT connections and, for each,
# says what TCP_INFO shows ("accepted opts=ts,sack,ws sndws=N mss=N") and
# echoes what it reads until EOF ("echoed N"), each in its own thread, then
# stays listening until killed.
server() {
	"$PYTHON" - "$@" <<'PYEOF' &
import socket, struct, sys, threading, time
from xtcp_py import XTCP, echo_back, xtcp_socket
fam, port, backlog, count, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
out = open(log, "w", buffering=1)
l = xtcp_socket() if fam == "xtcp" else socket.socket()
l.bind((XTCP, port))
l.listen(backlog)
print("listening", file=out)
for _ in range(count):
    c, _ = l.accept()
    info = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    opts, ws = info[5], info[6]
    names = [n for b, n in ((1, "ts"), (2, "sack"), (4, "ws")) if opts & b]
    snd_mss = struct.unpack_from("I", info, 16)[0]
    print("accepted opts=%s sndws=%d mss=%d" % (",".join(names) or "-", ws & 15, snd_mss), file=out)
    threading.Thread(target=lambda c: print("echoed", echo_back(c), file=out),
                     args=(c,)).start()
time.sleep(3600)
PYEOF
	SERVER_PID=$!
	at_exit kill "$SERVER_PID"
}

# client PORT BYTES LOG [TIMEOUT]: a Linux client in namespace peer that
# connects to XTCP_ADDR:PORT, sends BYTES and reads them back while it
# writes; LOG says "connected", then "echo ok" (or a mismatch), or
# "error ERRNO" when connect() fails (after TIMEOUT seconds, default 60).
client() {
	ip netns exec "$PEER_NS" "$PYTHON" -c \
		'import sys; from xtcp_py import XTCP, echo_client; echo_client("inet", XTCP, *sys.argv[1:])' \
		"$@" &
	CLIENT_PID=$!
	at_exit kill "$CLIENT_PID"
}

# craft PORT LOG: from namespace peer, a crafted SYN (MSS 1400, SACK,
# timestamps, window scale 3) and, on its SYN-ACK, the handshake's ACK with
# 5 bytes of data ("hello"); LOG has the SYN-ACK's options ("synack ws=N
# sack=True"), then a forged ACK (a sequence and acknowledgment number never
# sent) and the reset it got ("forged rst ok").  The peer's own TCP is kept
# from resetting the crafted connection by an nft drop of its resets.
craft() {
	ip netns exec "$PEER_NS" "$PYTHON" - "$@" <<'PYEOF'
import random, sys, time
from scapy.all import IP, TCP, conf, sr1, send
from xtcp_py import PEER, XTCP
conf.verb = 0
port, log = int(sys.argv[1]), sys.argv[2]
out = open(log, "w", buffering=1)
sport = 41000 + random.randrange(998)
isn = random.getrandbits(32)
syn = IP(src=PEER, dst=XTCP) / TCP(sport=sport, dport=port, flags="S", seq=isn,
      window=65535, options=[("MSS", 1400), ("SAckOK", b""),
                             ("Timestamp", (1000, 0)), ("NOP", None), ("WScale", 3)])
sa = sr1(syn, timeout=20)
if sa is None or sa[TCP].flags != "SA":
    print("no synack", file=out)
    sys.exit(1)
opts = dict((k, v) for k, v in sa[TCP].options)
tsval = opts["Timestamp"][0]
print("synack ws=%s sack=%s" % (opts.get("WScale"), "SAckOK" in opts), file=out)
ack = IP(src=PEER, dst=XTCP) / TCP(sport=sport, dport=port, flags="PA", seq=isn + 1,
      ack=sa[TCP].seq + 1, window=1024, options=[("NOP", None), ("NOP", None),
                                                  ("Timestamp", (1001, tsval))]) / b"hello"
send(ack)
# Its FIN: the listener's connection reads "hello", then EOF.
send(IP(src=PEER, dst=XTCP) / TCP(sport=sport, dport=port, flags="FA", seq=isn + 6,
     ack=sa[TCP].seq + 1, window=1024, options=[("NOP", None), ("NOP", None),
                                               ("Timestamp", (1002, tsval))]))
print("acked", file=out)
# A forged ACK from another port: never a SYN-ACK for it.
fseq, fack = random.getrandbits(32), random.getrandbits(32)
forged = IP(src=PEER, dst=XTCP) / TCP(sport=sport + 1, dport=port, flags="A",
         seq=fseq, ack=fack, window=1024)
rst = sr1(forged, timeout=20)
ok = rst is not None and "R" in str(rst[TCP].flags) and rst[TCP].seq == fack
print("forged rst", "ok" if ok else "missing: %r" % (rst and rst.summary()), file=out)
# The crafted connection ends with a reset at exactly RCV.NXT.
time.sleep(1)
send(IP(src=PEER, dst=XTCP) / TCP(sport=sport, dport=port, flags="R", seq=isn + 7))
PYEOF
}

# flood PORT N [STOP [FROM]]: up to N SYNs to XTCP_ADDR:PORT from
# addresses of FLOOD_NET after FROM (spoofed: nobody answers their
# SYN-ACKs), sent by xtcp_synflood from a raw socket in namespace peer as
# fast as it can, in the background (FLOOD_PID); it stops early once the
# file STOP exists and says how many it sent at what rate.
flood() {
	ip netns exec "$PEER_NS" "$SELFTEST_DIR/xtcp_synflood" "$XTCP_ADDR" "$1" "$2" \
		"${4:-${FLOOD_NET%/*}}" "${3:-}" &
	FLOOD_PID=$!
	at_exit kill "$FLOOD_PID"
}

# fill PORT: a spoofed half-open connection or two on PORT's new listener,
# so that with backlog 0 its SYN queue is full (they stay there for the
# SYN-ACK retransmissions, about a minute, longer than a case takes even
# on the debug kernel); each case has its own listener, filled once, from
# new addresses each time (198.19.N.2 and .3).  The same two SYNs are sent
# again until the first one's half-open connection is seen (one can be
# lost on a busy VM's emulated NIC, as seen right after a flood).
FILLS=0
fill() {
	local try from
	FILLS=$((FILLS + 1))
	from=198.19.$FILLS.0
	for try in 1 2 3 4 5; do
		flood "$1" 2 "" "$from"
		wait_exit "$FLOOD_PID" 60
		wait_until "a half-open connection from 198.19.$FILLS.2 on port $1" 10 \
			syn_recv_from "$1" "198.19.$FILLS.2" && return 0
	done
	return 1
}

# stat XTCP_NAME LINUX_NAME: the counter of the stack under test.
stat() {
	if [ "$FAM" = xtcp ]; then xtcp_stat "$1"; else linux_stat "$2"; fi
}
stat_at_least() {	# stat_at_least XTCP_NAME LINUX_NAME N
	[ "$(stat "$1" "$2")" -ge "$3" ]
}
grew() {	# grew XTCP_NAME LINUX_NAME BEFORE [AT_LEAST]
	local now
	now=$(stat "$1" "$2")
	echo "# $FAM: ${1} grew by $((now - $3))"
	[ "$((now - $3))" -ge "${4:-1}" ]
}

# The half-open connections on PORT: xtcp's in SYN-RECEIVED, or Linux's
# request sockets.
syn_recv() {
	if [ "$FAM" = xtcp ]; then
		awk -v p="$(printf '%04X' "$1")" '$4 == "03" && $2 ~ ":" p "$"' /proc/net/xtcp | wc -l
	else
		ss -Htn state syn-recv "sport = :$1" | wc -l
	fi
}
syn_recv_from() {	# syn_recv_from PORT ADDR: one from ADDR is half-open
	if [ "$FAM" = xtcp ]; then
		local a
		IFS=. read -r -a a <<< "$2"
		awk -v p="$(printf '%04X' "$1")" \
			-v r="$(printf '%02X%02X%02X%02X' "${a[3]}" "${a[2]}" "${a[1]}" "${a[0]}")" \
			'$4 == "03" && $2 ~ ":" p "$" && $3 ~ "^" r ":"' /proc/net/xtcp | grep -q .
	else
		ss -Htn state syn-recv "sport = :$1" "dst $2" | grep -q .
	fi
}
MAX_SYN_RECV=0
watch_syn_recv() {	# the most seen so far, kept in MAX_SYN_RECV
	local n
	n=$(syn_recv "$1")
	[ "$n" -le "$MAX_SYN_RECV" ] || MAX_SYN_RECV=$n
}

show() {
	local f
	for f in "$@"; do
		sed "s|^|# $(basename "$f"): |" "$f"
	done
}

stop_server() {
	kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
}

# --- one family -------------------------------------------------------
run_cases() {
	FAM=$1
	local p=$2 sent recv failed drop ok log
	# The other family's logs go: a helper's "listening" left from the
	# first pass would let a wait end before this pass's helper is up.
	rm -f "$TMP"/*

	# Backlog 0 and a half-open connection: the SYN queue is full and
	# every SYN gets a cookie.  A Linux client with timestamps: SACK and
	# window scaling survive.
	sent=$(stat SyncookiesSent SyncookiesSent)
	recv=$(stat SyncookiesRecv SyncookiesRecv)
	server "$FAM" "$p" 0 1 "$TMP/s1"
	wait_line "$TMP/s1" listening
	need "a half-open connection fills the SYN queue" fill "$p"
	client "$p" 200000 "$TMP/c1"
	wait_exit "$CLIENT_PID" 120
	wait_until "the echo to be counted" 30 has_line "$TMP/s1" echoed
	show "$TMP/c1" "$TMP/s1"
	ok=0
	has_line "$TMP/c1" "echo ok" && grep -q "accepted opts=ts,sack,ws sndws=[1-9]" "$TMP/s1" &&
		grew SyncookiesSent SyncookiesSent "$sent" && grew SyncookiesRecv SyncookiesRecv "$recv" || ok=1
	check "$FAM: backlog 0: a client connects through a cookie, with timestamps, SACK and window scaling" \
		test "$ok" = 0
	stop_server

	# Without timestamps the cookie brings back only the MSS.
	server "$FAM" "$((p + 4))" 0 1 "$TMP/s2"
	wait_line "$TMP/s2" listening
	at_exit ip netns exec "$PEER_NS" sysctl -qw net.ipv4.tcp_timestamps=1
	ip netns exec "$PEER_NS" sysctl -qw net.ipv4.tcp_timestamps=0
	need "a half-open connection fills the SYN queue" fill "$((p + 4))"
	client "$((p + 4))" 200000 "$TMP/c2"
	wait_exit "$CLIENT_PID" 120
	ip netns exec "$PEER_NS" sysctl -qw net.ipv4.tcp_timestamps=1
	wait_until "the second echo to be counted" 30 has_line "$TMP/s2" echoed
	show "$TMP/c2" "$TMP/s2"
	ok=0
	has_line "$TMP/c2" "echo ok" && grep -q "accepted opts=- sndws=0" "$TMP/s2" || ok=1
	check "$FAM: backlog 0: a client without timestamps connects through a cookie, without SACK or scaling" \
		test "$ok" = 0
	stop_server

	# Crafted: the cookie carries MSS 1300 (the largest of its four values
	# not above 1400), the timestamp the offer (window scale 3, SACK), as
	# the accepted connection shows; data in the handshake's ACK is
	# delivered; a forged ACK is reset.
	failed=$(stat SyncookiesFailed SyncookiesFailed)
	server "$FAM" "$((p + 5))" 0 1 "$TMP/s6"
	wait_line "$TMP/s6" listening
	peer_nft xtcp_cookie_rst "output: tcp flags & rst == rst tcp sport 41000-41999 counter drop"
	need "a half-open connection fills the SYN queue" fill "$((p + 5))"
	craft "$((p + 5))" "$TMP/craft"
	show "$TMP/craft"
	wait_until "the crafted connection to be accepted" 30 has_line "$TMP/s6" accepted
	show "$TMP/s6"
	ok=0
	grep -q "synack ws=[0-9]* sack=True" "$TMP/craft" &&
		grep -q "accepted opts=ts,sack,ws sndws=3 mss=1288" "$TMP/s6" || ok=1
	check "$FAM: a cookie carries MSS 1300 and the SYN's options in its TSval" test "$ok" = 0
	check "$FAM: data in the cookie's ACK reaches the listener's connection" \
		wait_until "hello echoed" 30 grep -q "echoed 5" "$TMP/s6"
	ok=0
	grep -q "forged rst ok" "$TMP/craft" && grew SyncookiesFailed SyncookiesFailed "$failed" || ok=1
	check "$FAM: a forged ACK is reset and counted as a failed cookie" test "$ok" = 0
	ns_nft_del "$PEER_NS" xtcp_cookie_rst
	stop_server

	# tcp_syncookies 0: a full SYN queue drops the SYN.
	set_file "$SYNCOOKIES" 0
	drop=$(stat ReqQFullDrop TCPReqQFullDrop)
	server "$FAM" "$((p + 1))" 0 1 "$TMP/s3"
	wait_line "$TMP/s3" listening
	need "a half-open connection fills the SYN queue" fill "$((p + 1))"
	client "$((p + 1))" 1000 "$TMP/c3" 4
	wait_exit "$CLIENT_PID" 60
	show "$TMP/c3"
	ok=0
	grep -q "error timeout" "$TMP/c3" && grew ReqQFullDrop TCPReqQFullDrop "$drop" || ok=1
	check "$FAM: tcp_syncookies 0: with the SYN queue full the SYN is dropped" test "$ok" = 0
	stop_server

	# tcp_syncookies 2: every SYN gets a cookie, even with room.
	echo 2 > "$SYNCOOKIES"
	sent=$(stat SyncookiesSent SyncookiesSent)
	server "$FAM" "$((p + 2))" 16 1 "$TMP/s4"
	wait_line "$TMP/s4" listening
	client "$((p + 2))" 1000 "$TMP/c4"
	wait_exit "$CLIENT_PID" 60
	show "$TMP/c4"
	ok=0
	has_line "$TMP/c4" "echo ok" && grew SyncookiesSent SyncookiesSent "$sent" || ok=1
	check "$FAM: tcp_syncookies 2: a SYN gets a cookie though the queue has room" test "$ok" = 0
	stop_server
	echo 1 > "$SYNCOOKIES"

	# A flood of spoofed SYNs against backlog 8, until a new client has
	# connected.
	sent=$(stat SyncookiesSent SyncookiesSent)
	recv=$(stat SyncookiesRecv SyncookiesRecv)
	server "$FAM" "$((p + 3))" 8 2 "$TMP/s5"
	wait_line "$TMP/s5" listening
	client "$((p + 3))" 8000000 "$TMP/c5"
	local running=$CLIENT_PID
	wait_line "$TMP/c5" connected
	MAX_SYN_RECV=0
	rm -f "$TMP/stop"
	flood "$((p + 3))" 100000000 "$TMP/stop"
	wait_until "the flood to fill the SYN queue" 120 \
		stat_at_least SyncookiesSent SyncookiesSent "$((sent + 100))"
	watch_syn_recv "$((p + 3))"
	# A new client, while the flood goes on.
	client "$((p + 3))" 100000 "$TMP/c6"
	local end=$((SECONDS + 600))
	while ! proc_gone "$CLIENT_PID" && [ "$SECONDS" -lt "$end" ]; do
		watch_syn_recv "$((p + 3))"
		sleep 0.5
	done
	watch_syn_recv "$((p + 3))"
	touch "$TMP/stop"
	wait_exit "$CLIENT_PID" 1
	wait_exit "$FLOOD_PID" 120
	wait_exit "$running" 300
	show "$TMP/c5" "$TMP/c6"
	echo "# $FAM: most half-open connections seen: $MAX_SYN_RECV;" \
		"cookies sent $(($(stat SyncookiesSent SyncookiesSent) - sent))"
	check "$FAM: flood: the transfer that was running arrives whole" has_line "$TMP/c5" "echo ok"
	ok=0
	has_line "$TMP/c6" "echo ok" && grew SyncookiesRecv SyncookiesRecv "$recv" || ok=1
	check "$FAM: flood: a new client connects through a cookie" test "$ok" = 0
	check "$FAM: flood: the SYN queue holds at most the backlog + 1 (9)" \
		test "$MAX_SYN_RECV" -le 9 -a "$MAX_SYN_RECV" -ge 8
	stop_server
}

set_file "$SYNCOOKIES" 1
ip route add "$FLOOD_NET" via "$PEER_ADDR"
at_exit ip route del "$FLOOD_NET" via "$PEER_ADDR"
kmsg_mark

attach_devices xt0
run_cases xtcp "$BASE"
flooding_said() {
	kmsg_since | grep -c "xtcp: possible SYN flooding on port $XTCP_ADDR:$((BASE + 3)), sending cookies"
}
check "xtcp: the log says once that the flooded listener sends cookies" test "$(flooding_said)" = 1
echo "" > "$XTCP_DEVICES"

run_cases inet "$((BASE + 10))"
check_dmesg_clean() {
	! kmsg_since | grep -E "BUG|WARNING|KASAN|UBSAN|lockdep|leak|circular"
}
check "the kernel log has no warning" check_dmesg_clean
ktap_finished
