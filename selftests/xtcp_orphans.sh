#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Orphans held open by a peer: a Linux peer that never reads closes its
# window, our side fills it and close()s with data still queued, and the
# orphan lives on in FIN-WAIT-1, its window probes answered (Sockstress's
# hold).  The orphan limit ends it: lowered under a live orphan, the next
# probe drops it with a reset; at 0, close() itself resets.  Each case
# runs on xtcp (max_orphans) and on Linux's TCP (net.ipv4.tcp_max_orphans)
# with the same programs; Linux's results are reported, not asserted
# (linux_reported).  Counted: AbortOnMemory and Linux's
# TCPAbortOnMemory, the resets by the peer's nft.
#
# XTCP_SLOW_TESTS=1 adds the case without a limit: answered probes end the
# orphan once the probe interval reaches the 120 s ceiling (about 200 s at
# the minimum RTO; otherwise skipped, saying so).

. "$(dirname "$0")/lib.sh"

BASE=$(port_base ORPHANS) || exit "$KSFT_FAIL"
TMP=$(mktemp -d)
at_exit rm -rf "$TMP"
TABLE=xtcp_orphans

ktap_print_header
if [ "${XTCP_ORPHANS_LINUX:-0}" = 1 ]; then ktap_set_plan 10; else ktap_set_plan 5; fi

# A Linux listener in peer that accepts and never reads, its receive
# buffer small so the window closes soon (LISTENER_PID).
peer_sink() {
	ip netns exec "$PEER_NS" "$PYTHON" - "$@" <<'PYEOF' &
import socket, sys, time
from xtcp_py import PEER
port, log = int(sys.argv[1]), sys.argv[2]
out = open(log, "w", buffering=1)
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
l.bind((PEER, port))
l.listen(1)
print("listening", file=out)
c, _ = l.accept()
print("accepted", file=out)
time.sleep(600)
PYEOF
	LISTENER_PID=$!
	at_exit kill "$LISTENER_PID"
}

# filler FAMILY PORT LOG: connect, write until the peer's window and our
# send buffer are full (EAGAIN), say "full", close() when told "close" in
# LOG.go, say "closed" and exit (the connection is an orphan then).
filler() {
	"$PYTHON" - "$@" <<'PYEOF' &
import errno, socket, sys
from xtcp_py import PEER, xtcp_socket, wait_file
fam, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = open(log, "w", buffering=1)
s = xtcp_socket() if fam == "xtcp" else socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
s.settimeout(60)
s.connect((PEER, port))
s.setblocking(False)
sent = 0
while True:
    try:
        sent += s.send(b"x" * 4096)
    except BlockingIOError:
        break
print("full", sent, file=out)
wait_file(log + ".go", "close", "the word to close")
s.close()
print("closed", file=out)
PYEOF
	FILLER_PID=$!
	at_exit kill "$FILLER_PID"
}

# stat NAME: the abort counter of the family under test.
abort_count() {
	if [ "$FAM" = xtcp ]; then xtcp_stat AbortOnMemory; else linux_stat TCPAbortOnMemory; fi
}
probe_count() {
	if [ "$FAM" = xtcp ]; then xtcp_stat WinProbes; else linux_stat TCPWinProbe; fi
}
probes_beyond() {
	[ "$(probe_count)" -gt "$1" ]
}
# orphan_alive PORT: a connection to PORT is still in FIN-WAIT-1.
orphan_alive() {
	if [ "$FAM" = xtcp ]; then
		grep -q ":$(printf %04X "$1") 04 " /proc/net/xtcp
	else
		ss -tnH state fin-wait-1 "dport = :$1" | grep -q .
	fi
}
# probing_orphan PORT PROBES: the orphan is alive and, on xtcp, has sent
# a window probe beyond PROBES.  Linux's probes are not asserted: its
# persist timer may send a sliver of data instead (tcp_write_wakeup())
# and it counts TCPWinProbe only for a bare probe.
probing_orphan() {
	orphan_alive "$1" || return 1
	[ "$FAM" = inet ] || probes_beyond "$2"
}
set_limit() {
	if [ "$FAM" = xtcp ]; then
		echo "$1" > "$XTCP_PARAMS/max_orphans"
	else
		echo "$1" > /proc/sys/net/ipv4/tcp_max_orphans
	fi
}
limit_file() {
	if [ "$FAM" = xtcp ]; then echo "$XTCP_PARAMS/max_orphans"; else echo /proc/sys/net/ipv4/tcp_max_orphans; fi
}
resets_seen() {
	[ "$(peer_nft_count "$TABLE")" -ge 1 ]
}

# fill_and_wait PORT TAG: a peer sink and a filler; returns once the
# window is closed and the filler is ready to close.
fill_and_wait() {
	peer_sink "$1" "$TMP/$2.peer"
	wait_line "$TMP/$2.peer" listening
	filler "$FAM" "$1" "$TMP/$2"
	wait_line "$TMP/$2" full
}

end_case() {
	kill "$LISTENER_PID" 2>/dev/null
	wait "$LISTENER_PID" 2>/dev/null
	wait_exit "$FILLER_PID" 30
	peer_nft_del "$TABLE"
}

# linux_reported DESCRIPTION WHY: the result of a case ($ok), asserted on
# xtcp; on Linux's TCP reported as a skip saying what Linux did and why it
# is not asserted.  Linux compares a count it refreshes from a deferrable
# 100 ms timer (tcp_orphan_cache), which an idle CPU may not run for long:
# with one orphan its answer comes late or not at all; and its orphan was
# at times not seen in FIN-WAIT-1 at all (on 6.12; not understood yet).
linux_reported() {
	if [ "$FAM" = xtcp ]; then
		check "$1" [ "$ok" = 1 ]
	elif [ "$ok" = 1 ]; then
		ktap_test_skip "$1 (Linux: yes; $2, not asserted)"
	else
		ktap_test_skip "$1 (Linux: not within the wait; $2, not asserted)"
	fi
}
limit_check() {
	linux_reported "$1" "its orphan count is a deferrable cache"
}

run_cases() {
	FAM=$1
	local p=$2 before probes

	# A live orphan, its probes answered, then the limit lowered to 0:
	# the next probe drops it with a reset.
	need "peer RST counter" peer_nft "$TABLE" \
		"input: tcp dport $p tcp flags & rst == rst counter"
	fill_and_wait "$p" a
	probes=$(probe_count)
	say_close() { echo close > "$TMP/$1.go"; }
	say_close a
	wait_line "$TMP/a" closed
	ok=0
	wait_until "a window probe from the orphan" 120 probing_orphan "$p" "$probes" && ok=1
	linux_reported "$FAM: the orphan's window probes are answered and it lives on" \
		"not seen in FIN-WAIT-1 on 6.12"
	before=$(abort_count)
	set_file "$(limit_file)" 0
	ok=0
	wait_until "the orphan's reset at the peer" 60 resets_seen &&
		[ "$(abort_count)" -ge $((before + 1)) ] && ok=1
	echo "# $FAM: resets seen $(peer_nft_count "$TABLE"), aborts $before -> $(abort_count)"
	limit_check "$FAM: over the limit, the orphan's next probe drops it with a reset"
	end_case

	# The limit at 0 when close() is called: reset at once.
	p=$((p + 1))
	need "peer RST counter" peer_nft "$TABLE" \
		"input: tcp dport $p tcp flags & rst == rst counter"
	fill_and_wait "$p" b
	before=$(abort_count)
	say_close b
	wait_line "$TMP/b" closed
	ok=0
	wait_until "the reset at the peer" 60 resets_seen &&
		[ "$(abort_count)" -ge $((before + 1)) ] && ok=1
	echo "# $FAM: resets seen $(peer_nft_count "$TABLE"), aborts $before -> $(abort_count)"
	limit_check "$FAM: with the limit at 0, a connection closed with data queued is reset"
	end_case
	run_at_exit_limit

	# The limit back where it was: an orphan is not dropped for it.
	p=$((p + 1))
	need "peer RST counter" peer_nft "$TABLE" \
		"input: tcp dport $p tcp flags & rst == rst counter"
	fill_and_wait "$p" c
	before=$(abort_count)
	probes=$(probe_count)
	say_close c
	wait_line "$TMP/c" closed
	ok=0
	wait_until "a window probe from the orphan" 120 probing_orphan "$p" "$probes" &&
		[ "$(peer_nft_count "$TABLE")" = 0 ] && [ "$(abort_count)" = "$before" ] && ok=1
	linux_reported "$FAM: within the limit the orphan keeps probing, no reset" \
		"flaky on Linux after the limit cases"

	if [ "${XTCP_SLOW_TESTS:-0}" = 1 ]; then
		# Without a limit answered probes end it once the interval
		# reaches the ceiling: Linux's tcp_probe_timer() rule.
		gone() {
			if [ "$FAM" = xtcp ]; then
				! grep -q ":$(printf %04X "$p") " /proc/net/xtcp
			else
				! ss -tnH state all "dport = :$p" | grep -q .
			fi
		}
		check "$FAM: an orphan whose probes are all answered still ends" \
			wait_until "the orphan to end" 600 gone
	else
		ktap_test_skip "$FAM: an orphan whose probes are all answered still ends (about 200 s: XTCP_SLOW_TESTS=1)"
	fi
	end_case
}

# set_file registers the restore; the middle case puts the limit back
# before the next one.
run_at_exit_limit() {
	restore_file "$(limit_file)" "$LIMIT_WAS"
}

# Linux's TCP only with XTCP_ORPHANS_LINUX=1 (run by hand inside the VM):
# its results are reported, not asserted, and cost minutes per pass.
attach_devices xt0
FAM=xtcp LIMIT_WAS=$(cat "$XTCP_PARAMS/max_orphans")
run_cases xtcp "$((BASE + 1))"
echo "" > "$XTCP_DEVICES"
if [ "${XTCP_ORPHANS_LINUX:-0}" = 1 ]; then
	FAM=inet LIMIT_WAS=$(cat /proc/sys/net/ipv4/tcp_max_orphans)
	run_cases inet "$((BASE + 51))"
fi
ktap_finished
