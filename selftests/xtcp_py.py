# SPDX-License-Identifier: GPL-2.0
"""What xtcp's Python selftest helpers share: xtcp sockets, the test
network's addresses, waiting for a file's word, and the scapy peer's wire.

Python converts addresses only for the families it knows, so an AF_XTCP
socket is opened with its own family number and then wrapped as an AF_INET
socket object: xtcp takes AF_INET addresses and answers in AF_INET's
sockaddr_in, exactly what a redirected AF_INET program relies on.

Wire is the peer's side of a crafted exchange, run in namespace "peer":
segments from xtcp read from a packet socket on pe0, ours crafted and sent
with scapy (imported only then: it starts slowly in a TCG guest).  Every
wait is for a segment or a state, bounded by a generous time-out that ends
the program loudly, saying what never came.
"""
import os
import select
import socket
import struct
import sys
import time

FAMILY_SYSFS = "/sys/module/xtcp/parameters/family"
XTCP, PEER = "192.0.2.1", "192.0.2.2"
FLAGS = "FSRPAUEC"


def family():
    """The address family number the loaded module registered."""
    with open(FAMILY_SYSFS) as f:
        return int(f.read())


def xtcp_socket(type=socket.SOCK_STREAM):
    """A new xtcp stream socket that speaks AF_INET addresses."""
    fd = socket.socket(family(), type, 0).detach()
    return socket.socket(socket.AF_INET, type, 0, fileno=fd)


def fail(what):
    """End the program loudly: what never came."""
    print(f"# timed out waiting for {what}", flush=True)
    sys.exit(1)


def wait_file(path, word, what, timeout=60.0):
    """Wait until the file at path holds word (another process's signal)."""
    deadline = time.time() + timeout
    while True:
        try:
            with open(path) as f:
                if word in f.read():
                    return
        except OSError:
            pass
        if time.time() > deadline:
            fail(what)
        time.sleep(0.05)


def say(path, word):
    """Tell another process through a file (see wait_file)."""
    with open(path, "w") as f:
        f.write(word)


def echo_back(c):
    """Send back what the connection c reads until EOF, then close it.
    Returns how many bytes went back."""
    n = 0
    while True:
        b = c.recv(65536)
        if not b:
            break
        c.sendall(b)
        n += len(b)
    c.close()
    return n


def echo_listener(addr, port, log):
    """A Linux listener on addr:port (SO_REUSEADDR) for one connection,
    echoed until EOF; log gets "listening", then "accepted"."""
    out = open(log, "w", buffering=1)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((addr, int(port)))
    listener.listen(4)
    print("listening", file=out)
    c, _ = listener.accept()
    print("accepted", file=out)
    echo_back(c)


def echo_client(fam, addr, port, nbytes, log, timeout=60, pause_at=0,
                pause_dir=""):
    """Connect (an xtcp socket when fam is "xtcp", else Linux's TCP) to
    addr:port within timeout seconds, send nbytes of random data and read
    them back while writing, so that the echo never waits for buffers to
    hold it all.  log gets "connected", then "echo ok" or what mismatched
    and "mss N" (TCP_MAXSEG at the end); or "error ERRNO" ("error timeout")
    when connect() fails.  With pause_at, the first pause_at bytes go, then
    the client says "sent" in pause_dir/pause.sent and waits for "go" in
    pause_dir/pause.go before the rest."""
    import errno
    import hashlib
    import threading
    out = open(log, "w", buffering=1)
    s = xtcp_socket() if fam == "xtcp" else socket.socket()
    s.settimeout(float(timeout))
    try:
        s.connect((addr, int(port)))
    except OSError as e:
        name = "timeout" if isinstance(e, socket.timeout) else \
            errno.errorcode.get(e.errno, e.errno)
        print("error", name, file=out)
        return
    s.settimeout(120)
    print("connected", file=out)
    data = os.urandom(int(nbytes))
    chunks = []

    def read_back():
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    reader = threading.Thread(target=read_back)
    reader.start()
    first = int(pause_at)
    if first:
        s.sendall(data[:first])
        say(os.path.join(pause_dir, "pause.sent"), "sent")
        wait_file(os.path.join(pause_dir, "pause.go"), "go", "the go",
                  timeout=float(timeout))
    s.sendall(data[first:])
    s.shutdown(socket.SHUT_WR)
    reader.join()
    back = b"".join(chunks)
    same = hashlib.sha256(back).digest() == hashlib.sha256(data).digest()
    print("echo", "ok" if same else
          "mismatch %d of %d bytes" % (len(back), len(data)), file=out)
    print("mss", s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG),
          file=out)
    s.close()


def parse_options(opts):
    """The TSval (or None) and the SACK blocks of a TCP option block."""
    tsval, sacks, i = None, [], 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        size = opts[i + 1]
        if kind == 8 and size == 10:
            tsval = struct.unpack("!I", opts[i + 2:i + 6])[0]
        elif kind == 5:
            body = opts[i + 2:i + size]
            sacks = [struct.unpack("!II", body[j:j + 8])
                     for j in range(0, len(body) - 7, 8)]
        i += size
    return tsval, sacks


class Seg:
    """One segment from xtcp, as the peer received it."""

    def __init__(self, flags, seq, ack, tsval, sacks, length):
        self.flags, self.seq, self.ack = flags, seq, ack
        self.tsval, self.sacks, self.len = tsval, sacks, length

    def __str__(self):
        return f"flags={self.flags} seq={self.seq} ack={self.ack} len={self.len}"


class Wire:
    """The peer's end of crafted exchanges with xtcp, on pe0."""

    def __init__(self, dev="pe0"):
        from scapy.all import conf
        conf.verb = 0
        self.rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                socket.htons(0x0800))
        self.rx.bind((dev, 0))
        self.xport = self.pport = 0

    def ports(self, xport, pport):
        """The connection to watch: xtcp's port and ours."""
        self.xport, self.pport = xport, pport

    def next_segment(self, deadline):
        """The next segment from xtcp's port to ours, or None at deadline."""
        while True:
            left = deadline - time.time()
            if left < 0:
                return None
            r, _, _ = select.select([self.rx], [], [], left)
            if not r:
                return None
            frame, addr = self.rx.recvfrom(65535)
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            ip = frame[14:]
            ihl = (ip[0] & 0x0f) * 4
            if ip[9] != 6 or socket.inet_ntoa(ip[12:16]) != XTCP:
                continue
            tcp = ip[ihl:]
            sport, dport, seq, ack, off, fl = struct.unpack("!HHIIBB",
                                                            tcp[:14])
            if sport != self.xport or dport != self.pport:
                continue
            hlen = (off >> 4) * 4
            total = struct.unpack("!H", ip[2:4])[0]
            flags = "".join(c for i, c in enumerate(FLAGS) if fl & (1 << i))
            tsval, sacks = parse_options(tcp[20:hlen])
            return Seg(flags, seq, ack, tsval, sacks, total - ihl - hlen)

    def expect(self, what, pred, timeout=20.0):
        """The next segment that satisfies pred; fails loudly without."""
        deadline = time.time() + timeout
        while True:
            t = self.next_segment(deadline)
            if t is None:
                fail(what)
            if pred(t):
                print(f"# got {what}: {t}", flush=True)
                return t

    def until(self, what, pred, stop, timeout=30.0):
        """The segments satisfying pred that come before stop() is true,
        stop() asked between segments and once more when nothing is left
        to read; fails loudly when stop() stays false."""
        deadline, got = time.time() + timeout, []
        while True:
            t = self.next_segment(min(deadline, time.time() + 0.05))
            if t is None:
                if stop(None):
                    return got
                if time.time() > deadline:
                    fail(what)
                continue
            if pred(t):
                got.append(t)
            if stop(t):
                return got

    def send(self, flags, seq, ack=0, ts=None, load=b"", window=65535):
        """Send a crafted segment to xtcp's port from ours."""
        from scapy.all import IP, TCP, send
        opts = [("Timestamp", ts)] if ts else []
        p = IP(src=PEER, dst=XTCP) / TCP(sport=self.pport, dport=self.xport,
                                         flags=flags, seq=seq, ack=ack,
                                         window=window, options=opts)
        send(p / load if load else p)

    def send_icmp(self, type, code, seq, mtu=0):
        """Send xtcp an ICMP error (from our address, as a router on the
        path would) about a segment xtcp sent on the watched connection:
        its IPv4 header and first 8 TCP bytes quoted, with sequence number
        seq; mtu is a fragmentation-needed message's next-hop MTU."""
        from scapy.all import ICMP, IP, TCP, Raw, raw, send
        quoted = raw(IP(src=XTCP, dst=PEER, flags="DF") /
                     TCP(sport=self.xport, dport=self.pport, seq=seq,
                         flags="A"))[:28]
        icmp = ICMP(type=type, code=code, nexthopmtu=mtu) if type == 3 \
            else ICMP(type=type, code=code)
        send(IP(src=PEER, dst=XTCP) / icmp / Raw(quoted))

    def send_many(self, segs):
        """Send several crafted segments (flags, seq) at once."""
        from scapy.all import IP, TCP, send
        send([IP(src=PEER, dst=XTCP) /
              TCP(sport=self.pport, dport=self.xport, flags=f, seq=s,
                  window=65535) for f, s in segs])


def file_exists(path):
    """A stop condition for Wire.until: another process made path."""
    return lambda seg: os.path.exists(path)
