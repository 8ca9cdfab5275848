#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Probe an xtcp listener on 192.0.2.1 from namespace "peer" (192.0.2.2 on
pe0) with segments crafted by scapy, for what Linux's own TCP will not send.

usage: peer_probes.py STATUS_FILE MODE:XTCP_PORT:PEER_PORT...

The modes run one after the other in one process (scapy takes long to
start in a TCG guest).  The caller drops the peer kernel's own RSTs from
each PEER_PORT (it has no socket for these connections).  Modes:
  synack     SYN, never ACKed: count xtcp's SYN-ACKs (STATUS_FILE gets
             "half-open" after the first one) until the caller, who
             watches /proc/net/xtcp, makes STATUS_FILE.gone; then ACK the
             SYN-ACK late: the half-open connection is gone, so xtcp must
             answer with RST.
  challenge  handshake, then 50 in-window RSTs that are not at RCV.NXT in
             one burst, then one byte of data at RCV.NXT: the ACKs of
             RCV.NXT before the ACK of that byte are the challenge ACKs
             (the byte's own ACK is the ordinary one, and comes after
             them); STATUS_FILE.challenged tells the caller to read its
             counters, STATUS_FILE.counted tells us it did; then reset for
             real.
  paws       handshake with timestamps, then data and a FIN, some with a
             timestamp older than the last one (RFC 7323 PAWS): those must
             be dropped and acknowledged without moving RCV.NXT.
  timewait   handshake with timestamps; xtcp closes first and its side
             ends in TIME-WAIT.  A new SYN beyond RCV.NXT with an older
             timestamp must not reopen it (PAWS); one with the same
             timestamp as the FIN must (Linux reconnects within the
             millisecond of its FIN like that), drawing a SYN-ACK.
Prints "mode NAME" before each mode, then "# ..." lines and "result KEY
VALUE" lines for the caller to check.
"""
import sys

from xtcp_py import Wire, file_exists, say, wait_file

status_file = sys.argv[1]
ISS = 2000000
w = Wire()
expect, seg_send = w.expect, w.send


def handshake(ts=None):
    """Open a connection to the listener; returns xtcp's ISS."""
    seg_send("S", ISS, ts=ts)
    sa = expect("SYN-ACK", lambda t: t.flags == "SA" and t.ack == ISS + 1)
    seg_send("A", ISS + 1, sa.seq + 1,
             ts=(ts[0] + 1, sa.tsval) if ts else None)
    return sa


def mode_synack():
    seg_send("S", ISS)
    first = expect("SYN-ACK", lambda t: t.flags == "SA" and t.ack == ISS + 1)
    say(status_file, "half-open")
    more = w.until("the caller to see the half-open connection gone",
                   lambda t: t.flags == "SA",
                   file_exists(status_file + ".gone"), timeout=60)
    print(f"result synacks {1 + len(more)}", flush=True)
    # Too late: the half-open connection has expired.
    seg_send("A", ISS + 1, first.seq + 1)
    rst = expect("RST to the late ACK", lambda t: "R" in t.flags)
    print(f"result rst_seq_ok {int(rst.seq == first.seq + 1)}", flush=True)


def mode_challenge():
    sa = handshake()
    nxt = ISS + 1
    w.send_many([("R", nxt + 1000 + i) for i in range(50)])
    seg_send("PA", nxt, sa.seq + 1, load=b"X")
    acks = w.until("the ACK of the byte sent after the RSTs",
                   lambda t: t.flags == "A" and t.ack == nxt and t.len == 0,
                   lambda t: t is not None and t.ack == nxt + 1)
    print("result probes 50", flush=True)
    print(f"result challenge_acks {len(acks)}", flush=True)
    say(status_file + ".challenged", "challenged")
    wait_file(status_file + ".counted", "counted",
              "the caller to read its counters")
    seg_send("R", nxt + 1)     # at RCV.NXT: the real thing
    print(f"# done, xtcp ISS {sa.seq}", flush=True)


def mode_paws():
    ts = 100000
    sa = handshake(ts=(ts, 0))
    nxt, una = ISS + 1, sa.seq + 1

    def data(load, seq, tsval, flags="PA"):
        seg_send(flags, seq, una, ts=(tsval, sa.tsval), load=load)

    data(b"AAAA", nxt, ts + 10)
    expect("ACK of AAAA", lambda t: t.ack == nxt + 4)
    nxt += 4
    data(b"BBBB", nxt, ts - 500)           # old timestamp, in window
    a = expect("ACK after old BBBB", lambda t: "A" in t.flags)
    print(f"result old_data_acked_at {a.ack - nxt}", flush=True)
    data(b"CCCC", nxt, ts + 20)
    a = expect("ACK after CCCC", lambda t: t.ack >= nxt + 4)
    print(f"result new_data_acked_at {a.ack - nxt}", flush=True)
    nxt += 4
    data(b"", nxt, ts - 500, flags="FA")   # an old FIN
    a = expect("ACK after old FIN", lambda t: "A" in t.flags)
    print(f"result old_fin_acked_at {a.ack - nxt}", flush=True)
    data(b"", nxt, ts + 30, flags="FA")
    a = expect("ACK of FIN", lambda t: t.ack == nxt + 1)
    print(f"result new_fin_acked_at {a.ack - nxt}", flush=True)
    # xtcp's own FIN (its side closes once it read everything): ACK it.
    fin = expect("xtcp's FIN", lambda t: "F" in t.flags)
    seg_send("A", nxt + 1, fin.seq + 1, ts=(ts + 40, fin.tsval))


def mode_timewait():
    ts = 300000
    sa = handshake(ts=(ts, 0))
    nxt = ISS + 1
    fin = expect("xtcp's FIN", lambda t: "F" in t.flags)
    seg_send("FA", nxt, fin.seq + 1, ts=(ts + 2, fin.tsval))
    expect("ACK of our FIN", lambda t: t.flags == "A" and t.ack == nxt + 1)
    new_iss = ISS + 100000
    seg_send("S", new_iss, ts=(ts - 500, 0))
    # xtcp answers the SYN at once, one way or the other.
    reply = expect("the answer to the old-timestamp SYN", lambda t: True)
    print(f"result old_ts_reply {reply.flags}", flush=True)
    seg_send("S", new_iss, ts=(ts + 2, 0))
    sa2 = expect("SYN-ACK of the new incarnation",
                 lambda t: t.flags == "SA" and t.ack == new_iss + 1)
    print("result same_ts_synack 1", flush=True)
    print(f"# old ISS {sa.seq}, new ISS {sa2.seq}", flush=True)
    seg_send("A", new_iss + 1, sa2.seq + 1, ts=(ts + 3, sa2.tsval))
    expect("the new incarnation's FIN", lambda t: "F" in t.flags)
    seg_send("R", new_iss + 1)


MODES = {"synack": mode_synack, "challenge": mode_challenge,
         "paws": mode_paws, "timewait": mode_timewait}
for arg in sys.argv[2:]:
    mode, x, p = arg.split(":")
    w.ports(int(x), int(p))
    print(f"mode {mode}", flush=True)
    MODES[mode]()
