#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Play the peer's side of TCP exchanges Linux's own TCP cannot be made to
produce, with scapy, from namespace "peer" (192.0.2.2 on pe0).

usage: peer_scapy.py READY_FILE XTCP_PORT PEER_PORT

READY_FILE gets "ready" once it listens, then "challenged" once the
challenge ACKs came (the xtcp side shuts down only then).  The caller sets
invalid_ratelimit_ms to 0, so the second challenge ACK is not held back.

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
import sys

from xtcp_py import Wire, say

ready_file, xport, pport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
PEER_ISS = 1000000

w = Wire()
w.ports(xport, pport)
expect, out = w.expect, w.send
say(ready_file, "ready")

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
out("S", PEER_ISS + 5000)
expect("challenge ACK to a SYN",
       lambda t: t.flags == "A" and t.ack == PEER_ISS + 1)
print("ok challenge acks", flush=True)
say(ready_file, "challenged")

# 3. Simultaneous close: xtcp shuts down its side; our FIN crosses its FIN.
fin = expect("xtcp's FIN", lambda t: "F" in t.flags)
out("FA", PEER_ISS + 1, fin.seq)          # does not acknowledge their FIN
expect("ACK of our FIN",
       lambda t: "A" in t.flags and t.ack == PEER_ISS + 2)
out("A", PEER_ISS + 2, fin.seq + 1)
print("ok simultaneous close", flush=True)
