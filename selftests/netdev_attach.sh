#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Attaching xtcp to network devices and its receive hook: the sysctl
# net.xtcp.devices and /proc/net/xtcp_dev, TCP for xtcp's addresses kept
# from Linux's TCP while ARP, ICMP and UDP pass, bad IPv4 headers counted,
# devices that appear, move, are renamed or go away, loopback and tun,
# refusals, the devices= parameter, and rmmod leaving nothing behind.
#
#   main netns                                   netns "peer"
#   xt0 192.0.2.1/24 (xtcp attached) ---wire--- pe0 192.0.2.2/24 (Linux TCP)
#   lo (attached implicitly while xt0 is)
#   vh0 198.18.0.1/24 ------------veth--------- vh1 198.18.0.2/24
#   vx0/vx1, vy0/vy1, vb0/vb1 (veth), tun0, br-xt (bridge), netns xt-other:
#   made and removed here
#
# Expects xtcp loaded with default parameters and no device attached, and
# leaves it so (it reloads the module to test devices= and rmmod).

. "$(dirname "$0")/lib.sh"

PEER_NS=${PEER_NS:-peer}
XT_ADDR=192.0.2.1
DEVICES=/proc/sys/net/xtcp/devices
OTHER_NS=xt-other
TMP=$(mktemp -d)

ktap_print_header
ktap_set_plan 45

if ! xtcp_loaded; then
	ktap_exit_fail_msg "xtcp is not loaded"
fi

cleanup() {
	ip netns del "$OTHER_NS" 2>/dev/null
	for d in vx0 vy0 vb0 vh0 tun0 br-xt; do
		ip link del "$d" 2>/dev/null
	done
	if xtcp_loaded; then
		echo > "$DEVICES" 2>/dev/null
	else
		insmod "$XTCP_KO" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

# dev_row NAME [NETNS]: the /proc/net/xtcp_dev line of a device, if any.
dev_row() {
	local run=()
	[ -n "${2:-}" ] && run=(ip netns exec "$2")
	"${run[@]}" awk -v d="$1" 'NR > 1 && $1 == d' /proc/net/xtcp_dev
}

# attached NAME [NETNS]: the device is attached (its row says Attached yes).
attached() {
	[ "$(dev_row "$@" | awk '{ print $5 }')" = yes ]
}

# no_devices [NETNS]: /proc/net/xtcp_dev lists nothing.
no_devices() {
	local run=()
	[ -n "${1:-}" ] && run=(ip netns exec "$1")
	[ "$("${run[@]}" awk 'END { print NR }' /proc/net/xtcp_dev)" = 1 ]
}

# peer_ping ADDR: one ping from the peer namespace.
peer_ping() {
	ip netns exec "$PEER_NS" ping -c 1 -W 3 -q "$1" > /dev/null
}

set_devices() {
	echo "$1" > "$DEVICES"
}

# peer_connect PORT: Linux's TCP in the peer connects to xtcp's address;
# prints socat's complaint ("refused" or "timed out").
peer_connect() {
	ip netns exec "$PEER_NS" timeout 6 socat -u - \
		"TCP:$XT_ADDR:$1,connect-timeout=2" < /dev/null 2>&1 |
		grep -o -E 'refused|timed out'
}

# --- attaching through the sysctl ------------------------------------------

check "nothing attached after a plain insmod" no_devices
check "net.xtcp.devices is mode 644 and empty" \
	[ "$(stat -c %a "$DEVICES")" = 644 -a -z "$(cat "$DEVICES")" ]

sysctl -q -w net.xtcp.devices=xt0
attach_xt0() {
	[ "$(sysctl -n net.xtcp.devices)" = xt0 ] && attached xt0 &&
		dev_row xt0 | grep -q -E '^xt0 +[0-9]+ ether +yes +yes$'
}
check "sysctl -w net.xtcp.devices=xt0 attaches xt0 (ether)" attach_xt0
check "lo is attached implicitly while xt0 is" \
	grep -q -E '^lo +1 loopback +no +yes$' <<< "$(dev_row lo)"

check "ping from the peer still works (ARP, ICMP pass)" peer_ping "$XT_ADDR"

udp_passes() {
	timeout 8 socat -u UDP4-RECVFROM:7778,reuseaddr - > "$TMP/udp" 2>/dev/null &
	local pid=$!
	for _ in 1 2 3 4 5; do
		sleep 0.3
		echo hello | ip netns exec "$PEER_NS" socat -u - "UDP:$XT_ADDR:7778" 2>/dev/null
		grep -q hello "$TMP/udp" && break
	done
	wait "$pid"
	grep -q hello "$TMP/udp"
}
check "UDP from the peer still reaches Linux" udp_passes

# The peer's SYN: tcpdump in the peer watches the wire meanwhile.
tcp_in0=$(linux_stat InSegs) tcp_rst0=$(linux_stat OutRsts)
frames0=$(xtcp_stat IpInFrames) delivers0=$(xtcp_stat IpInDelivers)
xrst0=$(xtcp_stat OutRsts)
have_tcpdump=0
if command -v tcpdump > /dev/null; then
	have_tcpdump=1
	ip netns exec "$PEER_NS" timeout 40 tcpdump -n -U --immediate-mode -i pe0 -c 20 \
		-w "$TMP/peer.pcap" 'tcp port 7777' 2> "$TMP/tcpdump.err" &
	dump_pid=$!
	for _ in $(seq 250); do
		grep -q listening "$TMP/tcpdump.err" && break
		sleep 0.1
	done
fi
answer=$(peer_connect 7777)
peer_syns_captured() {
	[ "$(tcpdump -n -r "$TMP/peer.pcap" "src host 192.0.2.2 and tcp[tcpflags] & tcp-syn != 0" 2>/dev/null |
		wc -l)" -ge 1 ]
}
if [ $have_tcpdump = 1 ]; then
	# The connect is over; the capture has it once the SYN is in the file.
	wait_until "the peer's SYN in the capture" 30 peer_syns_captured
	kill -INT "$dump_pid" 2>/dev/null
	wait "$dump_pid"
	echo "# tcpdump exit status $? (130: interrupted as meant)"
fi
echo "# peer's connect to $XT_ADDR:7777: ${answer:-no answer}"
xrsts=$(($(xtcp_stat OutRsts) - xrst0))

# Without a transport xtcp stays silent (timeout); with one it may answer
# with its own RST.  Either way, Linux's TCP must not have answered.
not_refused_by_linux() {
	[ "$answer" = "timed out" ] || [ "$xrsts" -gt 0 ]
}
check "the peer's TCP connect is not refused by Linux's TCP" not_refused_by_linux
check "Linux's TCP saw no segment and sent no RST" \
	[ "$(linux_stat InSegs)" = "$tcp_in0" -a "$(linux_stat OutRsts)" = "$tcp_rst0" ]
check "xtcp claimed the SYN (IpInFrames, IpInDelivers grew)" \
	[ "$(xtcp_stat IpInFrames)" -gt "$frames0" -a "$(xtcp_stat IpInDelivers)" -gt "$delivers0" ]
no_linux_rst_on_wire() {
	local syns rsts
	syns=$(tcpdump -n -r "$TMP/peer.pcap" "src host 192.0.2.2 and tcp[tcpflags] & tcp-syn != 0" 2>/dev/null | wc -l)
	rsts=$(tcpdump -n -r "$TMP/peer.pcap" "src host $XT_ADDR and tcp[tcpflags] & tcp-rst != 0" 2>/dev/null | wc -l)
	echo "# on the wire: $syns SYN from the peer, $rsts RST from $XT_ADDR (xtcp sent $xrsts)"
	if [ "$syns" -lt 1 ]; then
		sed 's/^/# tcpdump: /' "$TMP/tcpdump.err"
		tcpdump -n -r "$TMP/peer.pcap" 2>&1 | head -5 | sed 's/^/# pcap: /'
	fi
	[ "$syns" -ge 1 ] && [ "$rsts" -le "$xrsts" ]
}
if [ $have_tcpdump = 1 ]; then
	check "tcpdump in the peer sees the SYN and no RST but xtcp's" no_linux_rst_on_wire
else
	ktap_test_skip "tcpdump in the peer sees no RST (tcpdump not installed)"
fi

nstat_reads() {
	PROC_NET_NETSTAT=/proc/net/xtcp_stat PROC_NET_SNMP=/dev/null \
	PROC_NET_SNMP6=/dev/null PROC_NET_SCTP_SNMP=/dev/null nstat -a -s |
		grep -q -E '^XtcpExtIpInFrames +[1-9]'
}
if command -v nstat > /dev/null; then
	check "nstat reads /proc/net/xtcp_stat (PROC_NET_NETSTAT)" nstat_reads
else
	ktap_test_skip "nstat reads /proc/net/xtcp_stat (nstat not installed)"
fi

# Local traffic to xtcp's address goes through lo, whose hook claims it.
local_claimed() {
	local in0 f0 out
	in0=$(linux_stat InSegs) f0=$(xtcp_stat IpInFrames)
	out=$(timeout 6 socat -u - "TCP:$XT_ADDR:7779,connect-timeout=2" < /dev/null 2>&1)
	echo "# local connect: $out" | head -n 1
	grep -q "timed out" <<< "$out" &&
		[ "$(linux_stat InSegs)" = "$in0" ] &&
		[ "$(xtcp_stat IpInFrames)" -gt "$f0" ]
}
check "Linux's TCP on this host cannot reach xtcp's address (lo hook claims it)" local_claimed
loopback_stays_linux() {
	timeout 6 socat -u - TCP:127.0.0.1:7779,connect-timeout=2 < /dev/null 2>&1 |
		grep -q refused
}
check "127.0.0.1 stays Linux's while lo is attached only implicitly" loopback_stays_linux

# --- detaching ----------------------------------------------------------------

set_devices ""
check "writing an empty string detaches xt0 and lo" no_devices
refused_by_linux() {
	local rst0 answer
	rst0=$(linux_stat OutRsts)
	answer=$(peer_connect 7777)
	[ "$answer" = refused ] && [ "$(linux_stat OutRsts)" -gt "$rst0" ]
}
check "detached: Linux's TCP refuses the peer's connect with a RST" refused_by_linux

# --- bad IPv4 headers ------------------------------------------------------
#
# Sent from the peer over a veth pair, vh1 -> vh0 (198.18.0.2 -> .1): the
# test VM's NICs meet on a host bridge whose br_netfilter may drop
# malformed IPv4 before it reaches xt0.

ip link add vh0 type veth peer name vh1
ip link set vh1 netns "$PEER_NS"
ip addr add 198.18.0.1/24 dev vh0
ip link set vh0 up
ip -n "$PEER_NS" addr add 198.18.0.2/24 dev vh1
ip -n "$PEER_NS" link set vh1 up
set_devices "xt0 vh0"
if "$PYTHON" -c 'import scapy' 2>/dev/null; then
	declare -A before
	for c in IpInCsumErrors IpInHdrErrors IpInTruncated IpInFragDropped IpInAddrErrors; do
		before[$c]=$(xtcp_stat "$c")
	done
	ip netns exec "$PEER_NS" "$PYTHON" - "$(cat /sys/class/net/vh0/address)" \
		198.18.0.2 198.18.0.1 > /dev/null 2>&1 <<'PYEOF'
import sys
from scapy.all import Ether, IP, TCP, Raw, sendp, raw
mac, src, dst = sys.argv[1:4]
eth = Ether(dst=mac)
seg = TCP(sport=40000, dport=7777, flags="S")
frames = [
    eth / IP(src=src, dst=dst, chksum=0x1234) / seg,            # checksum
    eth / IP(src=src, dst=dst, ihl=4) / seg,                    # IHL < 5
    eth / IP(src=src, dst=dst, version=6) / seg,                # version
    eth / IP(src=src, dst=dst, len=1000) / seg,                 # truncated
    eth / IP(src=src, dst=dst, flags="MF") / seg,               # first fragment
    eth / IP(src=src, dst=dst, frag=100, proto=6) / Raw(b"x" * 16),  # a later one
    eth / IP(src="224.0.0.5", dst=dst) / seg,                   # multicast source
]
# A header shorter than its IHL: IHL 15 in a 40-byte packet.
short = bytearray(raw(IP(src=src, dst=dst) / seg))
short[0] = 0x4f
frames.append(Ether(dst=mac, type=0x0800) / Raw(bytes(short)))
sendp(frames, iface="vh1", verbose=False)
PYEOF
	# Eight bad frames, each counted once somewhere: wait for all eight.
	bad_frames_counted() {
		local c n=0
		for c in "${!before[@]}"; do
			n=$((n + $(xtcp_stat "$c") - ${before[$c]}))
		done
		[ "$n" -ge 8 ]
	}
	wait_until "the eight bad frames counted" 30 bad_frames_counted
	grew() {
		local d=$(($(xtcp_stat "$1") - ${before[$1]}))
		echo "# $1 grew by $d (expected $2)"
		[ "$d" = "$2" ]
	}
	check "bad header checksum counted in IpInCsumErrors" grew IpInCsumErrors 1
	check "IHL 4 and version 6 counted in IpInHdrErrors" grew IpInHdrErrors 2
	check "total length beyond the frame and IHL beyond the packet counted in IpInTruncated" \
		grew IpInTruncated 2
	check "fragments dropped and counted in IpInFragDropped" grew IpInFragDropped 2
	check "multicast source counted in IpInAddrErrors" grew IpInAddrErrors 1
else
	for t in IpInCsumErrors IpInHdrErrors IpInTruncated IpInFragDropped IpInAddrErrors; do
		ktap_test_skip "$t from bad frames (python3-scapy not installed)"
	done
fi
check "ping still works after the bad frames" \
	eval 'peer_ping 198.18.0.1 && peer_ping "$XT_ADDR"'
ip link del vh0

# --- devices that appear, move, are renamed, go away -------------------------

set_devices "xt0 vx0"
check "net.xtcp.devices reads back comma-separated; vx0 waits, unattached" \
	[ "$(cat "$DEVICES")" = "xt0,vx0" -a "$(dev_row vx0 | awk '{ print $2, $3, $4, $5 }')" = "0 - yes no" ]
ip link add vx0 type veth peer name vx1
check "vx0 is attached when it registers" attached vx0
ip link del vx0
check "vx0 is detached when deleted; xt0 stays attached" \
	eval '! attached vx0 && attached xt0'

ip link add vy0 type veth peer name vy1
ip link set vy0 name vx0
check "a device renamed to a configured name is attached" attached vx0
ip link set vx0 name vy0
check "renamed away from it, it is detached" eval '! attached vx0 && [ -z "$(dev_row vy0)" ]'
ip link set vy0 name vx0

ip netns add "$OTHER_NS"
ip link set vx0 netns "$OTHER_NS"
check "moved to another namespace, vx0 is detached here" eval '! attached vx0 && attached xt0'
check "and not attached there, where nothing is configured" no_devices "$OTHER_NS"
ip -n "$OTHER_NS" link set vx0 netns 1
ip netns exec "$OTHER_NS" sysctl -q -w net.xtcp.devices=vx0
check "each namespace has its own net.xtcp.devices" \
	[ "$(ip netns exec "$OTHER_NS" cat "$DEVICES")" = vx0 -a "$(cat "$DEVICES")" = "xt0,vx0" ]
check "moved back home, vx0 is attached again" attached vx0
ip link set vx0 netns "$OTHER_NS"
moved_in() {
	attached vx0 "$OTHER_NS" && attached lo "$OTHER_NS" && ! attached vx0
}
check "moved into a namespace that names it, vx0 is attached there (with its lo)" moved_in
ip netns del "$OTHER_NS"
peer_gone() {
	for _ in $(seq 50); do
		ip link show vx1 > /dev/null 2>&1 || return 0
		sleep 0.2
	done
	return 1
}
check "deleting that namespace with vx0 attached is clean (its veth is gone)" peer_gone

# --- loopback and a device without a link-layer header -----------------------

set_devices lo
named_lo() {
	dev_row lo | grep -q -E '^lo +1 loopback +yes +yes$' && ! attached xt0
}
check "lo can be named explicitly" named_lo
lo_is_xtcps() {
	local in0 out
	in0=$(linux_stat InSegs)
	out=$(timeout 6 socat -u - TCP:127.0.0.1:7779,connect-timeout=1 < /dev/null 2>&1)
	! grep -q refused <<< "$out" && [ "$(linux_stat InSegs)" = "$in0" ]
}
check "with lo named, 127.0.0.1 is xtcp's: Linux's TCP sees nothing" lo_is_xtcps

modprobe -q tun 2> /dev/null
if ip tuntap add dev tun0 mode tun 2> /dev/null; then
	ip addr add 198.51.100.1/24 dev tun0
	ip link set tun0 up
	set_devices tun0
	tun_attached() {
		dev_row tun0 | grep -q -E '^tun0 +[0-9]+ l3 +yes +yes$' && attached lo
	}
	check "tun0 (no link-layer header) attaches as l3, with lo implicitly" tun_attached
	set_devices ""
	ip tuntap del dev tun0 mode tun
	check "tun0 detaches" no_devices
else
	ktap_test_skip "tun0 attaches (cannot create a tun device)"
	ktap_test_skip "tun0 detaches (cannot create a tun device)"
fi

# --- refusals -------------------------------------------------------------

ip link add br-xt type bridge
ip link add vb0 type veth peer name vb1
ip link set vb0 master br-xt
set_devices xt0
bridge_port_refused() {
	kmsg_mark
	! echo vb0 > "$DEVICES" 2> "$TMP/err" && grep -q "busy" "$TMP/err" &&
		kmsg_since | grep -q "xtcp: cannot attach to vb0: it already has a receive handler" &&
		[ "$(cat "$DEVICES")" = xt0 ] && attached xt0
}
check "a bridge port is refused (EBUSY, logged), the configuration unchanged" bridge_port_refused
check "an attached device cannot become a bridge port" \
	eval '! ip link set xt0 master br-xt 2> /dev/null'
bad_names_refused() {
	! echo "xt0 a/b" > "$DEVICES" 2> /dev/null &&
		! echo "averyveryverylongname" > "$DEVICES" 2> /dev/null &&
		[ "$(cat "$DEVICES")" = xt0 ]
}
check "invalid interface names are refused (EINVAL)" bad_names_refused

# --- rmmod with devices attached, and the devices= parameter ---------------

rmmod xtcp
check "rmmod with xt0 attached succeeds" [ ! -d /sys/module/xtcp ]
bridge_after_rmmod() {
	ip link set xt0 master br-xt && ip link set xt0 nomaster
}
check "after rmmod xt0's receive handler is free: it can be a bridge port" bridge_after_rmmod
check "after rmmod no xtcp sysctl or proc file is left" \
	[ ! -e "$DEVICES" -a ! -e /proc/net/xtcp_dev -a ! -e /proc/net/xtcp_stat ]

insmod "$XTCP_KO" devices=xt0
param_attaches() {
	[ "$(cat /sys/module/xtcp/parameters/devices)" = xt0 ] &&
		[ "$(cat "$DEVICES")" = xt0 ] && attached xt0 && attached lo
}
check "insmod devices=xt0 attaches xt0 at load" param_attaches
rmmod xtcp

refused_param() {
	kmsg_mark
	if insmod "$XTCP_KO" devices=xt0,vb0 2> /dev/null; then
		rmmod xtcp
		return 1
	fi
	! xtcp_loaded && kmsg_since | grep -q "cannot attach to vb0"
}
check "insmod devices= naming a bridge port fails, leaving nothing" refused_param
ip link del vb0
ip link del br-xt

insmod "$XTCP_KO"
check "reloaded with defaults: nothing attached" no_devices

ktap_finished
