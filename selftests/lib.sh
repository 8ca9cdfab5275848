# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by xtcp's shell selftests: KTAP output (the kernel's own
# ktap_helpers.sh), the module file, sockets opened from Python, and kernel
# log checks.  Sourced, never run.

SELFTEST_DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$SELFTEST_DIR/.." && pwd)
KSFT_DIR=${KSFT_DIR:-$TOP/build/ksft}
# shellcheck source=/dev/null
. "$KSFT_DIR/kselftest/ktap_helpers.sh"

PYTHON=/usr/bin/python3
XTCP_KO=${XTCP_KO:-$TOP/build/$(uname -r)/module/xtcp.ko}
FAMILY_SYSFS=/sys/module/xtcp/parameters/family

xtcp_loaded() {
	[ -d /sys/module/xtcp ]
}

# wait_xtcp_unused [SECONDS]: wait (90 s at most by default) until no socket
# holds the module: connections earlier tests closed may still be closing
# (FIN-WAIT, LAST-ACK, TIME-WAIT), and each holds a reference.
wait_xtcp_unused() {
	local i
	for i in $(seq "${1:-90}"); do
		[ "$(cat /sys/module/xtcp/refcnt 2>/dev/null || echo 0)" = 0 ] && return 0
		sleep 1
	done
	return 1
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
