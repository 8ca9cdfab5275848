# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by xtcp's shell selftests: KTAP output (the kernel's own
# ktap_helpers.sh), the module file, sockets opened from Python, kernel log
# checks, counters, waiting for a state (never for a time), the ports each
# test uses, nft tables (the peer's or this namespace's), and the teardown
# that puts back every global setting a test changed, even when it fails.
# Sourced, never run.

SELFTEST_DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$SELFTEST_DIR/.." && pwd)
KSFT_DIR=${KSFT_DIR:-$TOP/build/ksft}
# shellcheck source=/dev/null
. "$KSFT_DIR/kselftest/ktap_helpers.sh"

PYTHON=/usr/bin/python3
XTCP_KO=${XTCP_KO:-$TOP/build/$(uname -r)/module/xtcp.ko}
FAMILY_SYSFS=/sys/module/xtcp/parameters/family
XTCP_PARAMS=/sys/module/xtcp/parameters
XTCP_DEVICES=/proc/sys/net/xtcp/devices
# The test network of scripts/vm-run (xtcp_lib.h has the same for C).
XTCP_ADDR=192.0.2.1
PEER_ADDR=192.0.2.2
PEER_NS=${PEER_NS:-peer}
export PYTHONPATH=$SELFTEST_DIR

# --- teardown ---------------------------------------------------------
# at_exit COMMAND...: run COMMAND when the test exits, however it exits;
# the last registered runs first.  Every global setting a test changes
# (module parameters, sysctls, qdiscs, nft tables, links) is put back
# through here, so a failing test leaves the next one what it found.
AT_EXIT=()
at_exit() {
	local q
	printf -v q '%q ' "$@"
	AT_EXIT+=("$q")
}
run_at_exit() {
	local i
	for ((i = ${#AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${AT_EXIT[$i]}" 2>/dev/null
	done
	AT_EXIT=()
}
trap run_at_exit EXIT

# set_file FILE VALUE: write VALUE to a sysctl, sysfs or tracefs file; the
# old value comes back at exit.  Fails when the write fails.
set_file() {
	local old
	old=$(cat "$1") || return 1
	at_exit restore_file "$1" "$old"
	echo "$2" > "$1"
}
restore_file() {
	echo "$2" > "$1"
}

# set_param NAME VALUE: set_file on a parameter of the loaded xtcp.
set_param() {
	set_file "$XTCP_PARAMS/$1" "$2"
}

# attach_devices "DEV...": attach xtcp to the devices (net.xtcp.devices of
# this namespace), detached again at exit.
attach_devices() {
	at_exit restore_file "$XTCP_DEVICES" ""
	echo "$1" > "$XTCP_DEVICES"
}

# --- ports ------------------------------------------------------------
# port_base NAME: the first of the hundred ports test NAME may use (for
# itself and its peer).  Every test's range is in this one table, together
# with the C tests' (xtcp_lib.h, XTCP_PORTS_*): no two tests share a port,
# so a connection one test leaves in TIME-WAIT never meets the next test.
port_base() {
	local base
	base=$(sed -n "s/^#define XTCP_PORTS_$1[[:space:]]*\([0-9]*\).*/\1/p" \
		"$SELFTEST_DIR/xtcp_lib.h")
	[ -n "$base" ] || { echo "port_base: no XTCP_PORTS_$1 in xtcp_lib.h" >&2; return 1; }
	echo "$base"
}

# --- waiting for a state ----------------------------------------------
# wait_until WHAT SECONDS COMMAND...: run COMMAND every 0.1 s until it
# succeeds.  SECONDS is a generous bound, never a measurement: when it
# passes, the wait fails loudly with a line saying what never came.
wait_until() {
	local what=$1 end=$((SECONDS + $2))
	shift 2
	until "$@"; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "# timed out waiting for $what"
			return 1
		fi
		sleep 0.1
	done
}

# has_line FILE WORD: FILE has a line beginning with WORD.
has_line() {
	grep -q "^$2" "$1" 2>/dev/null
}

# wait_line FILE WORD [SECONDS]: wait for a line beginning with WORD in
# FILE (a helper process saying "listening", "connected"...).
wait_line() {
	wait_until "'$2' in $1" "${3:-60}" has_line "$1" "$2"
}

# wait_exit PID [SECONDS]: wait for a background process to end; its exit
# status, or 124 (and it is killed) when it outlives SECONDS.
wait_exit() {
	if ! wait_until "process $1 to end" "${2:-120}" proc_gone "$1"; then
		kill "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		return 124
	fi
	wait "$1"
}
proc_gone() {
	! kill -0 "$1" 2>/dev/null
}

# wait_listening NETNS PORT [SECONDS]: wait for a TCP listener of Linux's
# on PORT in NETNS ("" for this one).
listening() {
	local run=()
	[ -n "$1" ] && run=(ip netns exec "$1")
	"${run[@]}" ss -ltnH "sport = :$2" | grep -q .
}
wait_listening() {
	wait_until "a listener on port $2${1:+ in $1}" "${3:-60}" listening "$1" "$2"
}

# --- counters ---------------------------------------------------------
# xtcp_stat NAME [NETNS]: a counter of /proc/net/xtcp_stat.
xtcp_stat() {
	local run=()
	[ -n "${2:-}" ] && run=(ip netns exec "$2")
	"${run[@]}" awk -v f="$1" '/^XtcpExt:/ {
		if (!h) { for (i = 2; i <= NF; i++) n[$i] = i; h = 1 }
		else if (f in n) print $(n[f]) }' /proc/net/xtcp_stat
}

# linux_stat NAME [NETNS]: a counter of Linux's own TCP, from the TcpExt
# lines of /proc/net/netstat or the Tcp lines of /proc/net/snmp.
linux_stat() {
	local run=()
	[ -n "${2:-}" ] && run=(ip netns exec "$2")
	"${run[@]}" awk -v f="$1" '/^(TcpExt|Tcp):/ {
		if (!(($1) in h)) { for (i = 2; i <= NF; i++) n[$1, $i] = i; h[$1] = 1 }
		else if (($1, f) in n) { print $(n[$1, f]); exit } }' \
		/proc/net/netstat /proc/net/snmp
}

# --- nft tables -------------------------------------------------------
# ns_nft NETNS TABLE RULE...: a table "inet TABLE" in NETNS ("" for this
# one) with one chain per RULE (c0, c1...), each "HOOK: MATCH counter
# [VERDICT]" (HOOK input or output); deleted at exit.  Fails when nft
# refuses it.
ns_nft() {
	local ns=$1 table=$2 rule hook i=0 text run=()
	shift 2
	[ -n "$ns" ] && run=(ip netns exec "$ns")
	text="table inet $table {"
	for rule in "$@"; do
		hook=${rule%%:*}
		text+=" chain c$i { type filter hook $hook priority 0; ${rule#*:}; };"
		i=$((i + 1))
	done
	text+=" }"
	at_exit ns_nft_del "$ns" "$table"
	"${run[@]}" nft -f - <<< "$text"
}

# ns_nft_count NETNS TABLE [CHAIN]: the packets the table's counters (or
# one chain's) matched, summed.
ns_nft_count() {
	local what=(table inet "$2") run=()
	[ -n "$1" ] && run=(ip netns exec "$1")
	[ -n "${3:-}" ] && what=(chain inet "$2" "$3")
	"${run[@]}" nft list "${what[@]}" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) }
		END { print n + 0 }'
}

ns_nft_del() {
	local run=()
	[ -n "$1" ] && run=(ip netns exec "$1")
	"${run[@]}" nft delete table inet "$2" 2>/dev/null
}

# peer_nft, peer_nft_count, peer_nft_del: the same in namespace peer.
peer_nft() {
	ns_nft "$PEER_NS" "$@"
}
peer_nft_count() {
	ns_nft_count "$PEER_NS" "$@"
}
peer_nft_del() {
	ns_nft_del "$PEER_NS" "$@"
}

# --- setup steps that must work ---------------------------------------
# need DESCRIPTION COMMAND...: a setup step; when it fails the whole test
# stops as failed, saying which step (never a silent half-set-up run).
need() {
	local desc=$1
	shift
	if ! "$@"; then
		ktap_exit_fail_msg "setup failed: $desc: $*"
	fi
}

xtcp_loaded() {
	[ -d /sys/module/xtcp ]
}

# wait_xtcp_unused [SECONDS]: wait (90 s at most by default) until no socket
# holds the module: connections earlier tests closed may still be closing
# (FIN-WAIT, LAST-ACK, TIME-WAIT), and each holds a reference.
xtcp_unused() {
	[ "$(cat /sys/module/xtcp/refcnt 2>/dev/null || echo 0)" = 0 ]
}
wait_xtcp_unused() {
	wait_until "no socket to hold xtcp (refcnt $(cat /sys/module/xtcp/refcnt 2>/dev/null))" \
		"${1:-90}" xtcp_unused
}

xtcp_family() {
	cat "$FAMILY_SYSFS"
}

# socket_errno FAMILY [TYPE [PROTO]]: print 0 when socket() works, else its errno.
socket_errno() {
	"$PYTHON" - "$1" "${2:-1}" "${3:-0}" <<'PYEOF'
import socket, sys
try:
    socket.socket(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])).close()
    print(0)
except OSError as e:
    print(e.errno)
PYEOF
}

# hold_socket FAMILY: open a socket in a background process that keeps it
# until killed; sets HOLD_PID once the socket exists.
hold_socket() {
	local ready
	ready=$(mktemp)
	"$PYTHON" -c '
import socket, sys, time
s = socket.socket(int(sys.argv[1]), socket.SOCK_STREAM, 0)
open(sys.argv[2], "w").write("ready")
time.sleep(3600)
' "$1" "$ready" &
	HOLD_PID=$!
	for _ in $(seq 100); do
		[ -s "$ready" ] && break
		kill -0 "$HOLD_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -s "$ready" ]
	local rc=$?
	rm -f "$ready"
	return $rc
}

release_socket() {
	kill "$HOLD_PID" 2>/dev/null
	wait "$HOLD_PID" 2>/dev/null
	HOLD_PID=
}

# kmsg_mark: put a unique line in the kernel log; kmsg_since prints what
# came after the last mark.
kmsg_mark() {
	KMSG_MARK="xtcp-selftest-mark-$$-$RANDOM"
	echo "$KMSG_MARK" > /dev/kmsg
}

kmsg_since() {
	dmesg | sed -n "/$KMSG_MARK/,\$p" | tail -n +2
}

# check DESCRIPTION COMMAND...: one KTAP result from a command's status.
check() {
	local desc=$1
	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}
