#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Play the peer's side of TCP exchanges Linux's own TCP cannot be made to
produce, with scapy, from namespace "peer" (192.0.2.2 on pe0).

usage: peer_scapy.py READY_FILE XTCP_PORT PEER_PORT

Against an xtcp socket bound to 192.0.2.1:XTCP_PORT that connect()s to
192.0.2.2:PEER_PORT (the kernel's RSTs from 192.0.2.2 must be dropped by
the caller), it runs:
  1. simultaneous open: answers xtcp's SYN with a SYN of its own, then ACKs
     xtcp's SYN-ACK;
  2. RFC 5961: an in-window RST that is not at RCV.NXT, and a SYN, must each
     draw a challenge ACK and leave the connection up;
  3. simultaneous close: answers xtcp's FIN with its own FIN before ACKing,
     then ACKs xtcp's FIN.
Prints one line per step; exits 0 when every expected segment came.
"""
import select
import socket
import struct
import sys
import time

from scapy.all import IP, TCP, conf, send  # noqa: E402

conf.verb = 0
XTCP, PEER = "192.0.2.1", "192.0.2.2"
ready_file, xport, pport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
PEER_ISS = 1000000
FLAGS = "FSRPAUEC"

# Segments from xtcp are read from a packet socket on pe0 (scapy crafts and
# sends ours).
rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
rx.bind(("pe0", 0))
open(ready_file, "w").write("ready")


class Seg:
    def __init__(self, flags, seq, ack):
        self.flags, self.seq, self.ack = flags, seq, ack


def next_segment(deadline):
    """The next TCP segment from xtcp's port to ours, or None at deadline."""
    while time.time() < deadline:
        r, _, _ = select.select([rx], [], [], deadline - time.time())
        if not r:
            return None
        frame, addr = rx.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0f) * 4
        if ip[9] != 6 or socket.inet_ntoa(ip[12:16]) != XTCP:
            continue
        sport, dport, seq, ack, _, fl = struct.unpack("!HHIIBB", ip[ihl:ihl + 14])
        if sport != xport or dport != pport:
            continue
        return Seg("".join(c for i, c in enumerate(FLAGS) if fl & (1 << i)),
                   seq, ack)
    return None


def expect(what, pred, timeout=20.0):
    """Wait for the next segment from xtcp that satisfies pred."""
    deadline = time.time() + timeout
    while True:
        t = next_segment(deadline)
        if t is None:
            print(f"# timed out waiting for {what}", flush=True)
            sys.exit(1)
        if pred(t):
            print(f"# got {what}: flags={t.flags} seq={t.seq} ack={t.ack}",
                  flush=True)
            return t


def out(flags, seq, ack=0):
    send(IP(src=PEER, dst=XTCP) /
         TCP(sport=pport, dport=xport, flags=flags, seq=seq, ack=ack,
             window=65535))


syn = expect("xtcp's SYN", lambda t: t.flags == "S")
iss = syn.seq
# 1. Simultaneous open: our own SYN crosses theirs.
out("S", PEER_ISS)
expect("SYN-ACK to our SYN",
       lambda t: t.flags == "SA" and t.seq == iss and t.ack == PEER_ISS + 1)
out("A", PEER_ISS + 1, iss + 1)
print("ok simultaneous open", flush=True)

# 2. RFC 5961 3.2 and 4.2: challenge ACKs, connection stays.
out("R", PEER_ISS + 1 + 100)
expect("challenge ACK to an in-window RST",
       lambda t: t.flags == "A" and t.ack == PEER_ISS + 1)
# xtcp sends at most one challenge ACK per connection per 500 ms
# (invalid_ratelimit_ms, Linux's tcp_invalid_ratelimit).
time.sleep(0.6)
out("S", PEER_ISS + 5000)
expect("challenge ACK to a SYN",
       lambda t: t.flags == "A" and t.ack == PEER_ISS + 1)
print("ok challenge acks", flush=True)

# 3. Simultaneous close: xtcp shuts down its side; our FIN crosses its FIN.
fin = expect("xtcp's FIN", lambda t: "F" in t.flags)
out("FA", PEER_ISS + 1, fin.seq)          # does not acknowledge their FIN
expect("ACK of our FIN",
       lambda t: "A" in t.flags and t.ack == PEER_ISS + 2)
out("A", PEER_ISS + 2, fin.seq + 1)
print("ok simultaneous close", flush=True)
