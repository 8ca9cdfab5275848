#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Probe an xtcp listener on 192.0.2.1 from namespace "peer" (192.0.2.2 on
pe0) with segments crafted by scapy, for what Linux's own TCP will not send.

usage: peer_probes.py STATUS_FILE MODE:XTCP_PORT:PEER_PORT...

The modes run one after the other in one process (scapy takes long to
start in a TCG guest).  The caller drops the peer kernel's own RSTs from
each PEER_PORT (it has no socket for these connections).  Modes:
  synack     SYN, never ACKed: count xtcp's SYN-ACKs for 4.5 s (STATUS_FILE
             gets "half-open" after the first one), then ACK the SYN-ACK
             late: the half-open connection is gone, so xtcp must answer
             with RST.
  challenge  handshake, then 50 in-window RSTs that are not at RCV.NXT in
             one burst: count xtcp's challenge ACKs; then reset for real.
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
import select
import socket
import struct
import sys
import time

from scapy.all import IP, TCP, conf, send  # noqa: E402

conf.verb = 0
XTCP, PEER = "192.0.2.1", "192.0.2.2"
status_file = sys.argv[1]
xport = pport = 0
ISS = 2000000
FLAGS = "FSRPAUEC"

rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
rx.bind(("pe0", 0))


class Seg:
    def __init__(self, flags, seq, ack, tsval):
        self.flags, self.seq, self.ack, self.tsval = flags, seq, ack, tsval

    def __str__(self):
        return f"flags={self.flags} seq={self.seq} ack={self.ack}"


def tsval_of(opts):
    """The TSval of a TCP option block, or None."""
    i = 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        if kind == 8 and opts[i + 1] == 10:
            return struct.unpack("!I", opts[i + 2:i + 6])[0]
        i += opts[i + 1]
    return None


def next_segment(deadline):
    """The next segment from xtcp's port to ours, or None at deadline."""
    while True:
        left = deadline - time.time()
        if left <= 0:
            return None
        r, _, _ = select.select([rx], [], [], left)
        if not r:
            return None
        frame, addr = rx.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0f) * 4
        if ip[9] != 6 or socket.inet_ntoa(ip[12:16]) != XTCP:
            continue
        tcp = ip[ihl:]
        sport, dport, seq, ack, off, fl = struct.unpack("!HHIIBB", tcp[:14])
        if sport != xport or dport != pport:
            continue
        flags = "".join(c for i, c in enumerate(FLAGS) if fl & (1 << i))
        return Seg(flags, seq, ack, tsval_of(tcp[20:(off >> 4) * 4]))


def expect(what, pred, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        t = next_segment(deadline)
        if t is None:
            print(f"# timed out waiting for {what}", flush=True)
            sys.exit(1)
        if pred(t):
            print(f"# got {what}: {t}", flush=True)
            return t


def collect(seconds, pred):
    """Every segment satisfying pred that comes within seconds."""
    deadline, got = time.time() + seconds, []
    while True:
        t = next_segment(deadline)
        if t is None:
            return got
        if pred(t):
            got.append(t)


def seg(flags, seq, ack=0, ts=None, load=b""):
    opts = [("Timestamp", ts)] if ts else []
    p = IP(src=PEER, dst=XTCP) / TCP(sport=pport, dport=xport, flags=flags,
                                     seq=seq, ack=ack, window=65535,
                                     options=opts)
    return p / load if load else p


def handshake(ts=None):
    """Open a connection to the listener; returns xtcp's ISS."""
    send(seg("S", ISS, ts=ts))
    sa = expect("SYN-ACK", lambda t: t.flags == "SA" and t.ack == ISS + 1)
    send(seg("A", ISS + 1, sa.seq + 1,
             ts=(ts[0] + 1, sa.tsval) if ts else None))
    return sa


def mode_synack():
    send(seg("S", ISS))
    first = expect("SYN-ACK", lambda t: t.flags == "SA" and t.ack == ISS + 1)
    open(status_file, "w").write("half-open")
    more = collect(4.5, lambda t: t.flags == "SA")
    print(f"result synacks {1 + len(more)}", flush=True)
    # Too late: the half-open connection has expired.
    send(seg("A", ISS + 1, first.seq + 1))
    rst = collect(2.0, lambda t: "R" in t.flags)
    print(f"result rst_after_expiry {len(rst)}", flush=True)
    if rst:
        print(f"# RST: {rst[0]}", flush=True)
        print(f"result rst_seq_ok {int(rst[0].seq == first.seq + 1)}",
              flush=True)


def mode_challenge():
    sa = handshake()
    nxt = ISS + 1
    time.sleep(0.5)
    burst = [seg("R", nxt + 1000 + i) for i in range(50)]
    send(burst)
    acks = collect(2.0, lambda t: t.flags == "A" and t.ack == nxt)
    print(f"result probes {len(burst)}", flush=True)
    print(f"result challenge_acks {len(acks)}", flush=True)
    send(seg("R", nxt))        # at RCV.NXT: the real thing
    print(f"# done, xtcp ISS {sa.seq}", flush=True)


def mode_paws():
    ts = 100000
    sa = handshake(ts=(ts, 0))
    nxt, una = ISS + 1, sa.seq + 1

    def data(load, seq, tsval, flags="PA"):
        send(seg(flags, seq, una, ts=(tsval, sa.tsval), load=load))

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
    send(seg("A", nxt + 1, fin.seq + 1, ts=(ts + 40, fin.tsval)))


def mode_timewait():
    ts = 300000
    sa = handshake(ts=(ts, 0))
    nxt = ISS + 1
    fin = expect("xtcp's FIN", lambda t: "F" in t.flags)
    send(seg("FA", nxt, fin.seq + 1, ts=(ts + 2, fin.tsval)))
    expect("ACK of our FIN", lambda t: t.flags == "A" and t.ack == nxt + 1)
    new_iss = ISS + 100000
    send(seg("S", new_iss, ts=(ts - 500, 0)))
    got = collect(1.0, lambda t: True)
    print(f"result old_ts_synacks {sum(t.flags == 'SA' for t in got)}",
          flush=True)
    print(f"result old_ts_acks {sum(t.flags == 'A' for t in got)}",
          flush=True)
    send(seg("S", new_iss, ts=(ts + 2, 0)))
    sa2 = expect("SYN-ACK of the new incarnation",
                 lambda t: t.flags == "SA" and t.ack == new_iss + 1)
    print("result same_ts_synack 1", flush=True)
    print(f"# old ISS {sa.seq}, new ISS {sa2.seq}", flush=True)
    send(seg("A", new_iss + 1, sa2.seq + 1, ts=(ts + 3, sa2.tsval)))
    expect("the new incarnation's FIN", lambda t: "F" in t.flags)
    send(seg("R", new_iss + 1))


MODES = {"synack": mode_synack, "challenge": mode_challenge,
         "paws": mode_paws, "timewait": mode_timewait}
for arg in sys.argv[2:]:
    mode, x, p = arg.split(":")
    xport, pport = int(x), int(p)
    print(f"mode {mode}", flush=True)
    MODES[mode]()
