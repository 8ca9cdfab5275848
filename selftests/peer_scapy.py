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
     draw a challenge ACK and leave the connection up; so must data whose
     ACK covers bytes xtcp never sent, and data whose ACK lies below
     SND.UNA - MAX.SND.WND (5.2): neither's data is taken.  Then the same
     data with an acceptable ACK is taken and acknowledged: the caller
     reads exactly DATA;
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

# RFC 5961 5.2: the ACK field must be acceptable too, or the data goes.
# xtcp has sent nothing yet: SND.UNA = SND.NXT = ISS + 1, nothing was
# acknowledged, so no ACK below SND.UNA is acceptable either.
DATA = b"hello"
out("PA", PEER_ISS + 1, iss + 2, load=b"XXXXX")
expect("challenge ACK to data acknowledging unsent bytes",
       lambda t: t.flags == "A" and t.ack == PEER_ISS + 1)
out("PA", PEER_ISS + 1, iss - 70000, load=b"YYYYY")
expect("challenge ACK to data with an ACK below SND.UNA - MAX.SND.WND",
       lambda t: t.flags == "A" and t.ack == PEER_ISS + 1)
out("PA", PEER_ISS + 1, iss + 1, load=DATA)
expect("ACK of the acceptable data",
       lambda t: "A" in t.flags and t.ack == PEER_ISS + 1 + len(DATA))
print("ok unacceptable acks", flush=True)
say(ready_file, "challenged")

# 3. Simultaneous close: xtcp shuts down its side; our FIN crosses its FIN.
seq = PEER_ISS + 1 + len(DATA)
fin = expect("xtcp's FIN", lambda t: "F" in t.flags)
out("FA", seq, fin.seq)                   # does not acknowledge their FIN
expect("ACK of our FIN",
       lambda t: "A" in t.flags and t.ack == seq + 1)
out("A", seq + 1, fin.seq + 1)
print("ok simultaneous close", flush=True)
