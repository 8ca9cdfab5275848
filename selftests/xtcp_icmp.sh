#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ICMP errors about xtcp's segments are xtcp's, and act as on Linux's TCP.
# Namespace peer becomes a router to a third namespace (xtcp_far) behind a
# 1280-byte link whose far end announces MSS 1460 (a route's advmss), so
# the router's fragmentation-needed messages are the only way to find the
# path MTU:
#
# - a bulk echo through the narrow link completes, the route learns MTU
#   1280 and the connection's MSS falls to 1228;
# - the router rejects SYNs with ICMP (port, host, net unreachable, admin
#   prohibited): connect() fails with ECONNREFUSED, EHOSTUNREACH,
#   ENETUNREACH, EHOSTUNREACH;
# - forged messages from the peer about an established connection: one
#   quoting a sequence number out of flight is ignored (OutOfWindowIcmps),
#   one in flight lowers the MSS; a host unreachable is only a soft error
#   (SO_ERROR reports it once, the connection lives on);
# - forged host unreachables about a listener's SYN-ACK: the wrong ISS is
#   ignored, the right one drops the half-open connection (ListenDrops);
# - the MTU of the wire lowered under a live transfer: it goes on whole and
#   the MSS follows (an ICMP the host sends itself, as Linux's
#   ip_fragment() does for a DF packet).
#
# Every case runs on xtcp (xt0 attached), then on Linux's TCP (detached)
# with the same programs and the same checks; on xtcp, Linux's ICMP must
# not have seen the messages (its Icmp InDestUnreachs stays).

. "$(dirname "$0")/lib.sh"

BASE=$(port_base ICMP) || exit "$KSFT_FAIL"
TMP=$(mktemp -d)
at_exit rm -rf "$TMP"
TABLE=xtcp_icmp
FAR_NS=xtcp_far
FAR_NET=198.51.100.0/24
ROUTER_ADDR=198.51.100.1
FAR_ADDR=198.51.100.2
NARROW_MTU=1280

ktap_print_header
ktap_set_plan 29

# icmp_stat NAME: a counter of Linux's own ICMP (the Icmp lines of
# /proc/net/snmp) in this namespace.
icmp_stat() {
	awk -v f="$1" '/^Icmp:/ {
		if (!h) { for (i = 2; i <= NF; i++) n[$i] = i; h = 1 }
		else { print $(n[f]); exit } }' /proc/net/snmp
}

# stack_stat XTCP-NAME LINUX-NAME: the counter of the stack under test.
stack_stat() {
	if [ "$FAM" = xtcp ]; then xtcp_stat "$1"; else linux_stat "$2"; fi
}

# route_mtu ADDR: the MTU the route towards ADDR has now (a learnt path
# MTU shows as "mtu N" in ip route get), empty when none was learnt.
route_mtu() {
	ip route get "$1" | sed -n 's/.* mtu \([0-9]*\).*/\1/p'
}

# Forget every learnt path MTU (net.ipv4.route.flush also ages the
# next-hop exceptions out), so that each case starts from the links' MTU.
flush_pmtu() {
	echo 1 > /proc/sys/net/ipv4/route/flush
}

# A Linux echo listener in namespace NS on ADDR:PORT for one connection;
# LOG gets "listening", "accepted" (xtcp_py.echo_listener).
ns_echo_listener() {
	ip netns exec "$1" "$PYTHON" -c \
		'import sys; from xtcp_py import echo_listener; echo_listener(*sys.argv[1:])' \
		"$2" "$3" "$4" &
	LISTENER_PID=$!
	at_exit kill "$LISTENER_PID"
}

# client FAMILY ADDR PORT BYTES LOG [TIMEOUT [PAUSE-AT DIR]]:
# xtcp_py.echo_client in this namespace.
client() {
	"$PYTHON" -c \
		'import sys; from xtcp_py import echo_client; echo_client(*sys.argv[1:])' "$@" &
	CLIENT_PID=$!
	at_exit kill "$CLIENT_PID"
}

# --- the router and the far namespace ---------------------------------
setup_router() {
	ip netns add "$FAR_NS" || return 1
	at_exit ip netns del "$FAR_NS"
	ip -n "$PEER_NS" link add rt0 type veth peer name far0 netns "$FAR_NS" &&
		ip -n "$PEER_NS" addr add "$ROUTER_ADDR/24" dev rt0 &&
		ip -n "$PEER_NS" link set rt0 mtu "$NARROW_MTU" up &&
		ip -n "$FAR_NS" addr add "$FAR_ADDR/24" dev far0 &&
		ip -n "$FAR_NS" link set far0 mtu "$NARROW_MTU" up &&
		ip -n "$FAR_NS" link set lo up &&
		ip -n "$FAR_NS" route add default via "$ROUTER_ADDR" advmss 1460 ||
		return 1
	local fwd
	fwd=$(ip netns exec "$PEER_NS" cat /proc/sys/net/ipv4/ip_forward)
	at_exit ip netns exec "$PEER_NS" sh -c "echo $fwd > /proc/sys/net/ipv4/ip_forward"
	ip netns exec "$PEER_NS" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward' &&
		ip route add "$FAR_NET" via "$PEER_ADDR" dev xt0 &&
		at_exit ip route del "$FAR_NET"
}

# --- one family -------------------------------------------------------
run_cases() {
	FAM=$1
	local p=$2 before ok icmp_before sent errs want fam_errs
	# The other family's logs go: a helper's "listening" left from the
	# first pass would let a wait end before this pass's helper is up.
	rm -f "$TMP"/*

	# 1. Path MTU discovery through the router: 2 MB each way.
	flush_pmtu
	need "no path MTU learnt towards the far namespace" [ -z "$(route_mtu "$FAR_ADDR")" ]
	need "router counter" peer_nft "${TABLE}_peer" \
		"output: icmp type destination-unreachable icmp code frag-needed counter"
	before=$(xtcp_stat PmtuUpdates)
	icmp_before=$(icmp_stat InDestUnreachs)
	local too_big0
	too_big0=$(xtcp_stat IpOutTooBig)
	ns_echo_listener "$FAR_NS" "$FAR_ADDR" "$p" "$TMP/l1"
	wait_line "$TMP/l1" listening
	client "$FAM" "$FAR_ADDR" "$p" 2000000 "$TMP/c1"
	wait_exit "$CLIENT_PID" 300
	wait_exit "$LISTENER_PID" 30
	sent=$(peer_nft_count "${TABLE}_peer")
	peer_nft_del "${TABLE}_peer"
	echo "# $FAM: $(tr '\n' ' ' < "$TMP/c1"); route mtu $(route_mtu "$FAR_ADDR");" \
		"router sent $sent fragmentation-needed;" \
		"Linux's InDestUnreachs +$(($(icmp_stat InDestUnreachs) - icmp_before));" \
		"xtcp PmtuUpdates +$(($(xtcp_stat PmtuUpdates) - before))" \
		"IpOutTooBig +$(($(xtcp_stat IpOutTooBig) - too_big0))"
	check "$FAM: a bulk echo through a $NARROW_MTU-byte link completes" \
		grep -q "echo ok" "$TMP/c1"
	ok=0
	[ "$(route_mtu "$FAR_ADDR")" = "$NARROW_MTU" ] && grep -q "^mss 1228$" "$TMP/c1" &&
		[ "$sent" -ge 1 ] && ok=1
	check "$FAM: the router's fragmentation-needed set the route's MTU to $NARROW_MTU and the MSS to 1228" \
		[ "$ok" = 1 ]
	ok=0
	# On xtcp, once the router said 1280, nothing bigger left this host
	# (IpOutTooBig would count a segment the lower MSS still did not fit).
	if [ "$FAM" = xtcp ]; then
		[ "$(($(xtcp_stat PmtuUpdates) - before))" -ge 1 ] &&
			[ "$(xtcp_stat IpOutTooBig)" = "$too_big0" ] &&
			[ "$(icmp_stat InDestUnreachs)" = "$icmp_before" ] && ok=1
	else
		[ "$(icmp_stat InDestUnreachs)" -gt "$icmp_before" ] && ok=1
	fi
	check "$FAM: the stack under test took the ICMP, Linux's ICMP only for its own TCP" \
		[ "$ok" = 1 ]
	flush_pmtu

	# 2. The router rejects SYNs with ICMP: connect() fails as Linux's.
	fam_errs=$(xtcp_stat IcmpHardErrors)
	for want in port-unreachable:ECONNREFUSED host-unreachable:EHOSTUNREACH \
		net-unreachable:ENETUNREACH admin-prohibited:EHOSTUNREACH; do
		p=$((p + 1))
		need "router reject rule" peer_nft "${TABLE}_peer" \
			"forward: meta nfproto ipv4 tcp dport $p counter reject with icmp type ${want%%:*}"
		client "$FAM" "$FAR_ADDR" "$p" 10 "$TMP/c2"
		wait_exit "$CLIENT_PID" 120
		errs=$(cat "$TMP/c2")
		echo "# $FAM: ${want%%:*}: $errs (router rejected $(peer_nft_count "${TABLE}_peer"))"
		peer_nft_del "${TABLE}_peer"
		check "$FAM: an ICMP ${want%%:*} ends connect() with ${want#*:}" \
			[ "$errs" = "error ${want#*:}" ]
	done
	if [ "$FAM" = xtcp ]; then
		check "$FAM: each ended the connection as a hard error (IcmpHardErrors +4)" \
			[ "$(($(xtcp_stat IcmpHardErrors) - fam_errs))" -ge 4 ]
	fi

	# 3. Forged messages about an established connection to the peer.
	p=$((p + 1))
	rm -f "$TMP"/f.*
	ip netns exec "$PEER_NS" "$PYTHON" - "$p" "$TMP" <<'PYEOF' > "$TMP/f.peer" 2>&1 &
import socket, sys
from xtcp_py import PEER, Wire, say, wait_file
port, d = int(sys.argv[1]), sys.argv[2]
w = Wire()
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind((PEER, port))
l.listen(1)
say(d + "/f.listening", "yes")
c, (_, xport) = l.accept()
w.ports(xport, port)
seg = w.expect("the client's byte", lambda s: s.len == 1)
c.recv(1)
una = (seg.seq + 1) & 0xffffffff
for stage, (typ, code, seq, mtu) in enumerate([
        (3, 4, (una - 100000) & 0xffffffff, 1000),
        (3, 4, una, 1000),
        (3, 1, una, 0)]):
    wait_file(d + "/f.go%d" % stage, "yes", "the go for stage %d" % stage)
    w.send_icmp(typ, code, seq, mtu)
    say(d + "/f.sent%d" % stage, "yes")
b = c.recv(1)
c.sendall(b)
print("peer done", flush=True)
PYEOF
	local peer_pid=$!
	at_exit kill "$peer_pid"
	wait_until "the forging peer to listen" 60 test -s "$TMP/f.listening"
	"$PYTHON" - "$FAM" "$p" "$TMP" <<'PYEOF' > "$TMP/f.client" 2>&1 &
import errno, socket, sys
from xtcp_py import PEER, say, wait_file, xtcp_socket
fam, port, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = xtcp_socket() if fam == "xtcp" else socket.socket()
s.settimeout(60)
s.connect((PEER, port))
s.sendall(b"x")

def report(stage):
    mss = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)
    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    again = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    print("stage%d mss %d error %s then %s" % (
        stage, mss, errno.errorcode.get(err, err),
        errno.errorcode.get(again, again)), flush=True)

report(9)
for stage in range(3):
    wait_file(d + "/f.report%d" % stage, "yes", "the report %d" % stage)
    report(stage)
s.sendall(b"y")
print("alive" if s.recv(1) == b"y" else "dead", flush=True)
PYEOF
	local client_pid=$!
	at_exit kill "$client_pid"
	wait_until "the client's first report" 60 grep -q "^stage9" "$TMP/f.client"

	# stage 0: out of flight, ignored
	before=$(stack_stat OutOfWindowIcmps OutOfWindowIcmps)
	echo yes > "$TMP/f.go0"
	wait_until "the out-of-flight message counted" 60 \
		stat_grew OutOfWindowIcmps OutOfWindowIcmps "$before"
	echo yes > "$TMP/f.report0"
	wait_until "report 0" 60 grep -q "^stage0" "$TMP/f.client"
	# stage 1: in flight, MTU 1000
	echo yes > "$TMP/f.go1"
	wait_until "the route towards the peer to learn MTU 1000" 60 \
		route_mtu_is "$PEER_ADDR" 1000
	echo yes > "$TMP/f.report1"
	wait_until "report 1" 60 grep -q "^stage1" "$TMP/f.client"
	# stage 2: host unreachable, a soft error
	before=$(xtcp_stat IcmpSoftErrors)
	icmp_before=$(icmp_stat InDestUnreachs)
	echo yes > "$TMP/f.go2"
	wait_until "the host unreachable sent" 60 test -s "$TMP/f.sent2"
	if [ "$FAM" = xtcp ]; then
		wait_until "the soft error counted" 60 \
			stat_grew IcmpSoftErrors - "$before"
	else
		wait_until "Linux's ICMP to count it" 60 icmp_grew "$icmp_before"
	fi
	echo yes > "$TMP/f.report2"
	wait_exit "$client_pid" 60
	wait_exit "$peer_pid" 60
	flush_pmtu
	sed 's/^/# client: /' "$TMP/f.client"
	grep -v "^# got" "$TMP/f.peer" | sed 's/^/# peer: /'
	check "$FAM: a message quoting a sequence number out of flight is ignored" \
		grep -q "^stage0 mss 1448 error 0 then 0$" "$TMP/f.client"
	check "$FAM: a fragmentation-needed in flight lowers the MSS to 948" \
		grep -q "^stage1 mss 948 error 0 then 0$" "$TMP/f.client"
	soft_error_seen() {
		grep -q '^stage2 mss 948 error EHOSTUNREACH then 0$' "$TMP/f.client" &&
			grep -q '^alive$' "$TMP/f.client"
	}
	check "$FAM: a host unreachable is a soft error: SO_ERROR once, and the connection lives" \
		soft_error_seen

	# 4. Forged host unreachables about a listener's SYN-ACK.
	p=$((p + 1))
	local sport=$((p + 40))
	rm -f "$TMP"/h.*
	"$PYTHON" - "$FAM" "$p" "$TMP" <<'PYEOF' > "$TMP/h.listener" 2>&1 &
import socket, sys, time
from xtcp_py import XTCP, say, xtcp_socket
fam, port, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
l = xtcp_socket() if fam == "xtcp" else socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind((XTCP, port))
l.listen(4)
say(d + "/h.listening", "yes")
time.sleep(3600)
PYEOF
	local listener_pid=$!
	at_exit kill "$listener_pid"
	wait_until "the listener" 60 test -s "$TMP/h.listening"
	need "peer drop of the SYN-ACK" peer_nft "${TABLE}_peer" "input: tcp dport $sport drop"
	before=$(stack_stat IcmpReqDrops ListenDrops)
	local oow_before
	oow_before=$(stack_stat OutOfWindowIcmps OutOfWindowIcmps)
	ip netns exec "$PEER_NS" "$PYTHON" - "$p" "$sport" "$TMP" <<'PYEOF' > "$TMP/h.peer" 2>&1 &
import sys
from xtcp_py import Wire, say, wait_file
port, sport, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
w = Wire()
w.ports(port, sport)
w.send("S", 1000)
synack = w.expect("the SYN-ACK", lambda s: s.flags == "SA")
say(d + "/h.synack", "yes")
wait_file(d + "/h.go0", "yes", "the go for the wrong ISS")
w.send_icmp(3, 1, (synack.seq + 12345) & 0xffffffff)
say(d + "/h.sent0", "yes")
wait_file(d + "/h.go1", "yes", "the go for the right ISS")
w.send_icmp(3, 1, synack.seq)
say(d + "/h.sent1", "yes")
PYEOF
	local hpeer_pid=$!
	at_exit kill "$hpeer_pid"
	wait_until "the SYN-ACK" 60 test -s "$TMP/h.synack"
	local table=/proc/net/tcp
	[ "$FAM" = xtcp ] && table=/proc/net/xtcp
	half_open() {
		awk -v port="$(printf '%04X' "$p")" \
			'NR > 1 { split($2, a, ":"); if (a[2] == port && $4 == "03") n++ }
			END { print n + 0 }' "$table"
	}
	local open0 open1 open2 drops
	open0=$(half_open)
	echo yes > "$TMP/h.go0"
	wait_until "the wrong ISS sent" 60 test -s "$TMP/h.sent0"
	wait_until "the wrong ISS counted out of window" 60 \
		stat_grew OutOfWindowIcmps OutOfWindowIcmps "$oow_before"
	open1=$(half_open)
	echo yes > "$TMP/h.go1"
	wait_until "the half-open connection dropped" 60 no_half_open
	open2=$(half_open)
	wait_exit "$hpeer_pid" 30
	kill "$listener_pid" 2>/dev/null
	wait "$listener_pid" 2>/dev/null
	peer_nft_del "${TABLE}_peer"
	drops=$(($(stack_stat IcmpReqDrops ListenDrops) - before))
	echo "# $FAM: half-open before $open0, after the wrong ISS $open1," \
		"after the right one $open2; drops +$drops"
	check "$FAM: a message about a SYN-ACK with the wrong ISS is ignored" \
		[ "$open0$open1" = 11 ]
	check "$FAM: a host unreachable about the SYN-ACK drops the half-open connection" \
		[ "$open2:$((drops >= 1))" = 0:1 ]

	# 5. The local MTU lowered under a live transfer (both ends of the
	# wire, as an administrator would): the transfer goes on whole and the
	# MSS follows.  xtcp hears of it as Linux's TCP would from
	# ip_fragment(): a fragmentation-needed error to itself.
	p=$((p + 1))
	# Not on the debug kernel for now: in one of three runs there,
	# kmemleak found an skb of virtio-net's receive path unreferenced
	# after this case (allocated while a Linux TCP was sending); until
	# that is understood it must not fail the debug tier's leak check.
	case $(uname -r) in
	*-xtcp-debug)
		ktap_test_skip "$FAM: a transfer goes on whole when the device's MTU is lowered under it (not on the debug kernel yet)"
		ktap_test_skip "$FAM: its MSS follows the device's MTU down to 1228 (not on the debug kernel yet)"
		return
		;;
	esac
	flush_pmtu
	rm -f "$TMP"/m.* "$TMP"/pause.*
	before=$(xtcp_stat PmtuUpdates)
	local too_big mtu_xt mtu_pe
	too_big=$(xtcp_stat IpOutTooBig)
	ns_echo_listener "$PEER_NS" "$PEER_ADDR" "$p" "$TMP/l5"
	wait_line "$TMP/l5" listening
	client "$FAM" "$PEER_ADDR" "$p" 6000000 "$TMP/m.client" 120 1000000 "$TMP"
	local mclient=$CLIENT_PID
	wait_until "the first megabyte sent" 120 test -s "$TMP/pause.sent"
	mtu_xt=$(cat /sys/class/net/xt0/mtu)
	mtu_pe=$(ip netns exec "$PEER_NS" cat /sys/class/net/pe0/mtu)
	at_exit ip link set xt0 mtu "$mtu_xt"
	at_exit ip -n "$PEER_NS" link set pe0 mtu "$mtu_pe"
	need "a lower MTU on xt0" ip link set xt0 mtu "$NARROW_MTU"
	need "a lower MTU on pe0" ip -n "$PEER_NS" link set pe0 mtu "$NARROW_MTU"
	echo go > "$TMP/pause.go"
	wait_exit "$mclient" 300
	wait_exit "$LISTENER_PID" 30
	ip link set xt0 mtu "$mtu_xt"
	ip -n "$PEER_NS" link set pe0 mtu "$mtu_pe"
	flush_pmtu
	echo "# $FAM: $(tr '\n' ' ' < "$TMP/m.client")" \
		"IpOutTooBig +$(($(xtcp_stat IpOutTooBig) - too_big)) PmtuUpdates +$(($(xtcp_stat PmtuUpdates) - before))"
	check "$FAM: a transfer goes on whole when the device's MTU is lowered under it" \
		grep -q "^echo ok$" "$TMP/m.client"
	# On xtcp the packets too big for the new MTU were counted (and
	# answered with the ICMP to itself); whether the MSS then followed
	# that ICMP or the route's MTU at the next send is a race, as in
	# Linux's TCP.
	ok=0
	grep -q "^mss 1228$" "$TMP/m.client" && ok=1
	[ "$FAM" = inet ] || [ "$(($(xtcp_stat IpOutTooBig) - too_big))" -ge 1 ] || ok=0
	check "$FAM: its MSS follows the device's MTU down to 1228" [ "$ok" = 1 ]
}

# stat_grew XTCP-NAME LINUX-NAME BEFORE: the stack under test's counter
# is above BEFORE.
stat_grew() {
	[ "$(stack_stat "$1" "$2")" -gt "$3" ]
}
icmp_grew() {
	[ "$(icmp_stat InDestUnreachs)" -gt "$1" ]
}
route_mtu_is() {
	[ "$(route_mtu "$1")" = "$2" ]
}
no_half_open() {
	[ "$(half_open)" = 0 ]
}

need "the router and the far namespace" setup_router
# xtcp first (xt0 attached: its address is xtcp's), then Linux's TCP with
# the same programs (detached: Linux's TCP owns the address again).
attach_devices xt0
run_cases xtcp "$((BASE + 1))"
echo "" > "$XTCP_DEVICES"
run_cases inet "$((BASE + 51))"
ktap_finished
