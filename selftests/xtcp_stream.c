// SPDX-License-Identifier: GPL-2.0
/*
 * The byte stream between xtcp (192.0.2.1, main namespace, xt0) and Linux's
 * own TCP (192.0.2.2, namespace "peer", pe0), and xtcp with itself over its
 * own address: bulk data checked by hash, many connections at once,
 * half-close, a reader that stops reading, poll/epoll state tables, the
 * errno and flags of the data calls, socket options.
 *
 * Both ends live in this one process: a socket keeps the network namespace
 * it was created in, so the Linux end is a socket() made after setns() into
 * "peer" and back.  Every transfer runs through flows_run() (xtcp_data.h),
 * a poll loop that fails a stalled flow instead of hanging; every blocking
 * call has SO_RCVTIMEO/SO_SNDTIMEO set.
 *
 * XTCP_STREAM_FAMILY=inet makes the "xtcp" end an AF_INET socket, so the
 * whole file runs against Linux's TCP on both ends (no module needed, only
 * the two namespaces): that is how the expectations below were checked.
 * In inet mode the expected values are Linux's by definition; the tables
 * written here are what Linux 6.1, 6.12 and 6.18 answered.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "xtcp_lib.h"
#include "xtcp_data.h"

#define IO_TIMEOUT_MS	5000	/* SO_RCVTIMEO/SO_SNDTIMEO on every socket */
#define IDLE_MS		15000	/* a transfer making no progress this long fails */
#define MIB		(1024 * 1024)

/* The stream ends: xtcp (or AF_INET in inet mode) in main, Linux in peer. */
enum side { XT, PEER };

/* A stream socket of @side: xtcp in this namespace, or AF_INET in "peer". */
static int side_socket(enum side side)
{
	int fd = side == XT ? socket(family_under_test(), SOCK_STREAM, 0) :
			      socket_in_netns(PEER_NETNS, AF_INET);

	if (fd >= 0)
		set_timeouts(fd, IO_TIMEOUT_MS);
	return fd;
}

static const char *side_addr(enum side side)
{
	return side == XT ? XTCP_ADDR : PEER_ADDR;
}

/* Buffer sizes to set before connect/listen; 0 leaves the default. */
struct conn_opts {
	int client_sndbuf, client_rcvbuf;
	int server_sndbuf, server_rcvbuf;
};

static void set_bufs(int fd, int snd, int rcv)
{
	if (snd)
		setint(fd, SOL_SOCKET, SO_SNDBUF, snd);
	if (rcv)
		setint(fd, SOL_SOCKET, SO_RCVBUF, rcv);
}

/* A listener of @side on its address, any port; the port in *port. */
static int side_listen(enum side side, int *port, int backlog,
		       const struct conn_opts *o)
{
	struct sockaddr_in sin = addr_of(side_addr(side), 0);
	socklen_t len = sizeof(sin);
	int fd = side_socket(side);

	if (fd < 0)
		return -1;
	if (o)
		set_bufs(fd, o->server_sndbuf, o->server_rcvbuf);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, backlog) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static int side_connect(enum side side, enum side to, int port,
			const struct conn_opts *o)
{
	struct sockaddr_in sin = addr_of(side_addr(to), port);
	int fd = side_socket(side);

	if (fd < 0)
		return -1;
	if (o)
		set_bufs(fd, o->client_sndbuf, o->client_rcvbuf);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * An established connection from @client to @server; *c and *s are its
 * two ends.  Returns 0, or -1 with errno and a message in @what.
 */
static int make_conn(enum side client, enum side server, int *c, int *s,
		     const struct conn_opts *o, const char **what)
{
	int port, l = side_listen(server, &port, 16, o);

	*c = *s = -1;
	if (l < 0) {
		*what = "listen";
		return -1;
	}
	*c = side_connect(client, server, port, o);
	if (*c < 0) {
		*what = "connect";
		goto fail;
	}
	*s = accept(l, NULL, NULL);
	if (*s < 0) {
		*what = "accept";
		goto fail;
	}
	set_timeouts(*s, IO_TIMEOUT_MS);
	close(l);
	return 0;
fail:
	{
		int e = errno;

		if (*c >= 0)
			close(*c);
		close(l);
		errno = e;
	}
	return -1;
}

#define ASSERT_CONN(client, server, c, s, o) do {				\
	const char *_what = "";							\
	ASSERT_EQ(0, make_conn(client, server, c, s, o, &_what)) {		\
		TH_LOG("%s: %s", _what, strerror(errno));			\
	}									\
} while (0)

static void log_flow(struct __test_metadata *_metadata, const char *name,
		     const struct flow *f)
{
	TH_LOG("%s: sent %llu/%llu, received %llu/%llu%s, hash %s, first bad byte %lld, %s%s%s",
	       name, (unsigned long long)f->tx_done, (unsigned long long)f->tx_len,
	       (unsigned long long)f->rx_done, (unsigned long long)f->rx_len,
	       f->got_eof ? " + EOF" : "",
	       hash_final(&f->rx_hash) == pattern_hash(f->rx_seed, f->rx_len) ? "ok" : "WRONG",
	       (long long)f->rx_bad_at, f->err ? f->err_op : "no error",
	       f->err ? ": " : "", f->err ? strerror(f->err) : "");
}

/* Run @n flows; log every failed one (at most 5). Returns failures. */
static int run_flows(struct __test_metadata *_metadata, struct flow *f, int n)
{
	int failed = flows_run(f, n, IDLE_MS), logged = 0;

	/* The flows that failed first, then those stopped because of them. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n && failed && logged < 5; i++) {
			bool bad = f[i].err || f[i].tx_done != f[i].tx_len ||
				   ((f[i].rx_len || f[i].rx_eof) && !flow_rx_ok(&f[i]));
			char name[32];

			if (!bad || (f[i].err == ECANCELED) != pass)
				continue;
			snprintf(name, sizeof(name), "flow %d (fd %d)", i, f[i].fd);
			log_flow(_metadata, name, &f[i]);
			logged++;
		}
	}
	return failed;
}

/* @a sends @len bytes of @seed then shuts down; @b reads them to EOF. */
static void one_way(struct flow *f, int a, int b, uint64_t seed, uint64_t len)
{
	flow_init(&f[0], a);
	f[0].tx_seed = seed;
	f[0].tx_len = len;
	f[0].tx_shut = true;
	flow_init(&f[1], b);
	f[1].rx_seed = seed;
	f[1].rx_len = len;
	f[1].rx_eof = true;
}

/* Both ends send and shut down; both read the other's data to EOF. */
static void two_way(struct flow *f, int a, int b, uint64_t seed, uint64_t len_a,
		    uint64_t len_b)
{
	flow_init(&f[0], a);
	f[0].tx_seed = seed;
	f[0].tx_len = len_a;
	f[0].tx_shut = true;
	f[0].rx_seed = seed + 1;
	f[0].rx_len = len_b;
	f[0].rx_eof = true;
	flow_init(&f[1], b);
	f[1].tx_seed = seed + 1;
	f[1].tx_len = len_b;
	f[1].tx_shut = true;
	f[1].rx_seed = seed;
	f[1].rx_len = len_a;
	f[1].rx_eof = true;
}

/* Wait up to @ms for any of @events on @fd; returns revents (0 on time-out). */
static short wait_for(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, ms) != 1)
		return 0;
	return p.revents;
}

#define ALL_EVENTS (POLLIN | POLLPRI | POLLOUT | POLLRDHUP | POLLRDNORM | \
		    POLLRDBAND | POLLWRNORM | POLLWRBAND)

/* What poll() reports right now, every event asked for. */
static short poll_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = ALL_EVENTS };

	if (poll(&p, 1, 0) < 0)
		return -1;
	return p.revents;
}

/* What a level-triggered epoll reports right now, every event asked for. */
static int epoll_now(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDHUP |
				  EPOLLRDNORM | EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND };
	int ep = epoll_create1(0), n;

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		return -1;
	n = epoll_wait(ep, &ev, 1, 0);
	close(ep);
	return n == 1 ? (int)ev.events : n == 0 ? 0 : -1;
}

static const char *events_str(int ev, char *buf, size_t len)
{
	static const struct { int bit; const char *name; } names[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
		{ POLLERR, "ERR" }, { POLLHUP, "HUP" }, { POLLNVAL, "NVAL" },
		{ POLLRDNORM, "RDNORM" }, { POLLRDBAND, "RDBAND" },
		{ POLLWRNORM, "WRNORM" }, { POLLWRBAND, "WRBAND" },
		{ POLLRDHUP, "RDHUP" },
	};
	size_t off = 0;

	buf[0] = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ev & names[i].bit)
			off += snprintf(buf + off, len - off, "%s%s", off ? "|" : "",
					names[i].name);
	if (!off)
		snprintf(buf, len, "0");
	return buf;
}

/* poll() and epoll both report exactly @want on @fd (stage @stage). */
#define EXPECT_EVENTS(fd, want, stage) do {					\
	int _p = poll_now(fd), _e = epoll_now(fd);				\
	char _b1[96], _b2[96], _b3[96];						\
	EXPECT_EQ((want), _p) {							\
		TH_LOG("%s: poll %s, expected %s", stage,			\
		       events_str(_p, _b1, 96), events_str(want, _b2, 96));	\
	}									\
	EXPECT_EQ(_p, _e) {							\
		TH_LOG("%s: epoll %s, poll %s", stage,				\
		       events_str(_e, _b3, 96), events_str(_p, _b1, 96));	\
	}									\
} while (0)

/* Reset the connection from @fd's end: SO_LINGER 0 and close. */
static void close_with_rst(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* @fd and an AF_INET socket answer setsockopt(@level, @opt, @val) alike. */
static void same_as_inet(struct __test_metadata *_metadata, int fd, int level,
			 int opt, int val, const char *name)
{
	int in = socket(AF_INET, SOCK_STREAM, 0), r1, e1, r2, e2;

	ASSERT_LE(0, in);
	errno = 0;
	r1 = setint(in, level, opt, val);
	e1 = errno;
	errno = 0;
	r2 = setint(fd, level, opt, val);
	e2 = errno;
	EXPECT_EQ(r1, r2) {
		TH_LOG("set %s %d: AF_INET %d, xtcp %d (%s)", name, val, r1, r2, strerror(e2));
	}
	if (r1) {
		EXPECT_EQ(e1, e2) {
			TH_LOG("set %s %d: AF_INET %s, xtcp %s", name, val,
			       strerror(e1), strerror(e2));
		}
	}
	EXPECT_EQ(getint(in, level, opt), getint(fd, level, opt)) {
		TH_LOG("get %s after setting %d", name, val);
	}
	close(in);
}

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	sigpipes++;
}

FIXTURE(stream) {
	int family;
};

FIXTURE_SETUP(stream)
{
	int fd;

	self->family = family_under_test();
	signal(SIGPIPE, SIG_IGN);
	ASSERT_EQ(0, access(PEER_NETNS, R_OK)) {
		TH_LOG("no network namespace \"peer\" (%s)", PEER_NETNS);
	}
	if (!inet_mode()) {
		ASSERT_EQ(0, write_file(DEVICES_SYSCTL, "xt0")) {
			TH_LOG("cannot attach xt0 through %s", DEVICES_SYSCTL);
		}
	}
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, fd) {
		TH_LOG("socket(%d): %s", self->family, strerror(errno));
	}
	close(fd);
}

/* Global settings a test changed go back even when it fails. */
FIXTURE_TEARDOWN(stream)
{
	restore_settings();
	if (!inet_mode())
		write_file(DEVICES_SYSCTL, "");
}

/* ---- what a failed transmission or copy leaves behind ---------------- */

/* TCP_INFO's tcpi_data_segs_out: the u32 at 156 of the kernel's uapi struct
 * (glibc's struct tcp_info is older).
 */
static int data_segs_out(int fd)
{
	unsigned char ti[232] = { 0 };
	socklen_t len = sizeof(ti);
	uint32_t v;

	if (getsockopt(fd, SOL_TCP, TCP_INFO, ti, &len) || len < 160)
		return -1;
	memcpy(&v, ti + 156, sizeof(v));
	return v;
}

/* Read exactly @len bytes (or to EOF/error); the count read. */
static size_t read_full(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len && (n = recv(fd, buf + got, len - got, 0)) > 0)
		got += n;
	return got;
}

/*
 * A write whose second part faults after the first part filled a whole
 * segment.  xtcp copies segment by segment: the first part is sent and
 * reported; Linux copies both parts in one go and reports EFAULT with
 * nothing sent.  Either way what the write reports is what arrives, and
 * the segment opened for the part that faulted is neither sent (empty)
 * nor kept (as Linux's tcp_remove_empty_skb()): the data segments that
 * leave are the full one, if any, and the next write's.
 */
TEST_F(stream, write_faulting_after_a_full_segment_sends_no_empty_one)
{
	struct iovec iov[2];
	int c, s, mss, before, full;
	ssize_t ret;
	char *buf;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	ASSERT_EQ(0, setint(c, SOL_TCP, TCP_NODELAY, 1));
	mss = getint(c, SOL_TCP, TCP_MAXSEG);
	ASSERT_LT(500, mss);
	buf = malloc(mss);
	ASSERT_NE(NULL, buf);
	memset(buf, 'a', mss);
	iov[0] = (struct iovec){ .iov_base = buf, .iov_len = mss };
	iov[1] = (struct iovec){ .iov_base = (void *)16, .iov_len = 100 };
	before = data_segs_out(c);
	ret = writev(c, iov, 2);
	if (ret < 0) {
		EXPECT_EQ(EFAULT, errno);
	} else {
		EXPECT_EQ(mss, ret);
	}
	full = ret == mss;
	if (full) {
		EXPECT_EQ((size_t)mss, read_full(s, buf, mss));
	}
	/* The stream goes on normally behind it. */
	EXPECT_EQ(5, write(c, "after", 5));
	EXPECT_EQ(5U, read_full(s, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "after", 5));
	EXPECT_EQ(full + 1, data_segs_out(c) - before) {
		TH_LOG("%d data segments for %d full one(s) and one of 5 bytes",
		       data_segs_out(c) - before, full);
	}
	free(buf);
	close(c);
	close(s);
}

/* Packets xt0's root qdisc dropped (tc -s), or -1. */
static long xt0_qdisc_drops(void)
{
	FILE *f = popen("tc -s qdisc show dev xt0 root", "r");
	char line[512], *p;
	long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (n < 0 && (p = strstr(line, "(dropped ")))
			n = atol(p + strlen("(dropped "));
	pclose(f);
	return n;
}

static int xt0_qdisc(const char *what)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "tc qdisc %s dev xt0 root%s >/dev/null 2>&1",
		 what, strcmp(what, "del") ? " pfifo limit 0" : "");
	return system(cmd);
}

/*
 * Data written, and then the FIN of close(), while the device's queue drops
 * every packet (a pfifo of length 0: NET_XMIT_DROP, -ENOBUFS to the sender)
 * and nothing is in flight: no ACK and no retransmission timer would send
 * them; as Linux's probe timer, a timer must, once the queue takes packets
 * again.  The orphan's FIN-WAIT-1 does not last for ever.
 */
TEST_F_TIMEOUT(stream, local_drops_with_nothing_in_flight_are_retried, 90)
{
	char buf[4096];
	long first = -1;
	size_t got;
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	at_teardown("tc qdisc del dev xt0 root 2>/dev/null");
	ASSERT_EQ(0, xt0_qdisc("replace")) {
		TH_LOG("tc qdisc replace dev xt0 root pfifo limit 0 failed");
	}
	memset(buf, 'q', sizeof(buf));
	EXPECT_EQ((ssize_t)sizeof(buf), write(c, buf, sizeof(buf)));
	close(c);
	/* Dropped, and dropped again: something retries while nothing is in
	 * flight (the first drops are the write's, a later one the retry's).
	 */
	EXPECT_TRUE(WAIT_UNTIL((first = xt0_qdisc_drops()) > 0, 60,
			       "the queue to drop the data"));
	EXPECT_TRUE(WAIT_UNTIL(xt0_qdisc_drops() > first, 60,
			       "a retry, dropped again (drops stay at %ld)", first));
	EXPECT_EQ(0, xt0_qdisc("del"));
	set_timeouts(s, 30000);
	got = read_full(s, buf, sizeof(buf));
	EXPECT_EQ(sizeof(buf), got);
	EXPECT_EQ(0, recv(s, buf, 1, 0)) {
		TH_LOG("no FIN from the orphan: %s", strerror(errno));
	}
	close(s);
}

/* ---- bulk data ------------------------------------------------------ */

TEST_F_TIMEOUT(stream, bulk_64m_xtcp_to_linux, 240)
{
	struct flow f[2];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	one_way(f, c, s, 0x5eed01, 64 * MIB);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	close(c);
	close(s);
}

/* The sender's congestion window in segments (TCP_INFO). */
static unsigned int snd_cwnd(int fd)
{
	struct tcp_info ti = { 0 };
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return 0;
	return ti.tcpi_snd_cwnd;
}

/*
 * 4 MiB from xtcp grow its window; after 2 s of silence (several RTOs)
 * the next write finds it restarted: halved per RTO, down to the initial
 * ten segments (RFC 5681 4.1, as Linux); not so with
 * net.ipv4.tcp_slow_start_after_idle 0.
 */
static void idle_restart(struct __test_metadata *_metadata, bool restart)
{
	const char *knob = "/proc/sys/net/ipv4/tcp_slow_start_after_idle";
	unsigned int before, after;
	struct flow f[2];
	char buf[16];
	int c, s;

	ASSERT_EQ(0, set_setting(knob, restart ? "1" : "0"));
	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	one_way(f, c, s, 0x5eed11, 4 * MIB);
	f[0].tx_shut = false;
	f[1].rx_eof = false;
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	before = snd_cwnd(c);
	sleep(2);
	EXPECT_EQ(1, send(c, "x", 1, 0));
	after = snd_cwnd(c);
	EXPECT_EQ(1, recv(s, buf, sizeof(buf), 0));
	TH_LOG("congestion window %u segments before 2 s idle, %u after", before, after);
	EXPECT_LT(11U, before);
	if (restart) {
		EXPECT_GE(before / 2 > 11 ? before / 2 : 11, after);
	} else {
		EXPECT_LE(before, after);
	}
	close(c);
	close(s);
}

TEST_F_TIMEOUT(stream, cwnd_restarts_after_idle, 60)
{
	idle_restart(_metadata, true);
}

TEST_F_TIMEOUT(stream, cwnd_kept_without_slow_start_after_idle, 60)
{
	idle_restart(_metadata, false);
}

TEST_F_TIMEOUT(stream, bulk_64m_linux_to_xtcp, 240)
{
	struct flow f[2];
	int c, s;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	one_way(f, c, s, 0x5eed02, 64 * MIB);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	close(c);
	close(s);
}

TEST_F_TIMEOUT(stream, bulk_both_ways_at_once, 120)
{
	struct flow f[2];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	two_way(f, c, s, 0x5eed03, 8 * MIB, 8 * MIB + 4321);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	close(c);
	close(s);
}

TEST_F_TIMEOUT(stream, loopback_xtcp_to_xtcp_bulk, 120)
{
	struct flow f[2];
	int c, s;

	/* Both ends xtcp, on xtcp's own address: through lo. */
	ASSERT_CONN(XT, XT, &c, &s, NULL);
	two_way(f, c, s, 0x5eed04, 8 * MIB + 17, 8 * MIB);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	close(c);
	close(s);
}

/* ---- many connections at once --------------------------------------- */

#define NCONN 100

/*
 * NCONN connections from @client to @server, all open at once; each end
 * sends a distinct pattern of a distinct length and reads the other's to
 * EOF, all moving together in one poll loop.
 */
static void many_conns(struct __test_metadata *_metadata, enum side client,
		       enum side server, uint64_t size)
{
	int port, l = side_listen(server, &port, NCONN + 28, NULL);
	int cfd[NCONN], sfd[NCONN], cport[NCONN];
	struct flow *f = calloc(2 * NCONN, sizeof(*f));
	int i, j;

	ASSERT_LE(0, l);
	ASSERT_NE(NULL, f);
	for (i = 0; i < NCONN; i++) {
		struct sockaddr_in sin;
		socklen_t len = sizeof(sin);

		cfd[i] = side_connect(client, server, port, NULL);
		ASSERT_LE(0, cfd[i]) {
			TH_LOG("connection %d: connect: %s", i, strerror(errno));
		}
		ASSERT_EQ(0, getsockname(cfd[i], (struct sockaddr *)&sin, &len));
		cport[i] = sin.sin_port;
	}
	/* Pair each accepted socket with its client by the client's port. */
	for (j = 0; j < NCONN; j++) {
		struct sockaddr_in sin;
		socklen_t len = sizeof(sin);
		int fd = accept(l, (struct sockaddr *)&sin, &len);

		ASSERT_LE(0, fd) {
			TH_LOG("accept %d: %s", j, strerror(errno));
		}
		for (i = 0; i < NCONN && cport[i] != sin.sin_port; i++)
			;
		ASSERT_LT(i, NCONN) {
			TH_LOG("accepted a connection from unknown port %d",
			       ntohs(sin.sin_port));
		}
		sfd[i] = fd;
	}
	close(l);
	for (i = 0; i < NCONN; i++)
		two_way(&f[2 * i], cfd[i], sfd[i], 1000 + 2 * i, size + 331 * i,
			size + 97 * (NCONN - i));
	EXPECT_EQ(0, run_flows(_metadata, f, 2 * NCONN));
	for (i = 0; i < NCONN; i++) {
		close(cfd[i]);
		close(sfd[i]);
	}
	free(f);
}

TEST_F_TIMEOUT(stream, many_conns_xtcp_clients, 120)
{
	many_conns(_metadata, XT, PEER, 16384);
}

TEST_F_TIMEOUT(stream, many_conns_xtcp_server, 120)
{
	many_conns(_metadata, PEER, XT, 16384);
}

TEST_F_TIMEOUT(stream, loopback_xtcp_to_xtcp_many_conns, 120)
{
	many_conns(_metadata, XT, XT, 8192);
}

/* ---- half-close ----------------------------------------------------- */

/*
 * @first writes and shuts down its sending side while still reading; the
 * other end reads to EOF, then answers and closes; @first reads the answer
 * to the end.  Checks what each end sees in between.
 */
static void half_close(struct __test_metadata *_metadata, enum side client,
		       enum side server, enum side first)
{
	struct flow f[2];
	int c, s, a, b;

	ASSERT_CONN(client, server, &c, &s, NULL);
	a = first == client ? c : s;		/* shuts down first */
	b = a == c ? s : c;

	one_way(f, a, b, 0xc105e1, MIB + 5);
	ASSERT_EQ(0, run_flows(_metadata, f, 2));

	/* a: own SHUT_WR, peer still open: writable (to get EPIPE), no HUP. */
	EXPECT_EVENTS(a, POLLOUT | POLLWRNORM, "after own SHUT_WR");
	EXPECT_EQ(-1, send(a, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	/* b: read to EOF: readable, RDHUP, still writable. */
	EXPECT_EVENTS(b, POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM,
		      "after the peer's FIN");

	/* The answer, after the first end has shut down. */
	one_way(f, b, a, 0xc105e2, 2 * MIB + 3);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	EXPECT_EVENTS(a, POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM | POLLHUP,
		      "both ways shut down (first end)");
	EXPECT_EVENTS(b, POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM | POLLHUP,
		      "both ways shut down (second end)");
	close(a);
	close(b);
}

TEST_F(stream, half_close_xtcp_client_shuts_first)
{
	half_close(_metadata, XT, PEER, XT);
}

TEST_F(stream, half_close_linux_server_shuts_first)
{
	half_close(_metadata, XT, PEER, PEER);
}

TEST_F(stream, half_close_xtcp_server_shuts_first)
{
	half_close(_metadata, PEER, XT, XT);
}

TEST_F(stream, half_close_linux_client_shuts_first)
{
	half_close(_metadata, PEER, XT, PEER);
}

/* ---- a reader that stops reading ------------------------------------ */

/*
 * @writer's end fills the connection while the other end reads nothing:
 * non-blocking sends end in a partial write then EAGAIN, POLLOUT goes away,
 * a blocking send times out after SO_SNDTIMEO with EAGAIN, the data sits
 * in the sender's SIOCOUTQ and the reader's SIOCINQ (bounded by its
 * SO_RCVBUF).  After a while (zero window, probes) the reader resumes and
 * every byte arrives once, in order.
 */
static void stop_reading(struct __test_metadata *_metadata, enum side writer)
{
	struct conn_opts o = { 0 };
	const size_t chunk = 256 * 1024;
	unsigned char *buf = malloc(chunk);
	uint64_t seed = 0x570b + writer, total = 0;
	int c, s, w, r, partial = 0, rcvbuf, in, out;
	bool settled = false;
	struct timeval tv = { .tv_sec = 0, .tv_usec = 500000 };
	struct flow f[2];
	ssize_t n;

	ASSERT_NE(NULL, buf);
	/* Small buffers keep it quick; the writer is the client. */
	o.client_sndbuf = 64 * 1024;
	o.server_rcvbuf = 64 * 1024;
	ASSERT_CONN(writer, writer == XT ? PEER : XT, &c, &s, &o);
	w = c;
	r = s;
	rcvbuf = getint(r, SOL_SOCKET, SO_RCVBUF);

	/*
	 * Fill until a send still fails after a second with nothing read.
	 * (Not "until POLLOUT stays away": Linux reports POLLOUT only with a
	 * third of the buffer free, while send() takes bytes as soon as any
	 * space is free, so a send may succeed with POLLOUT off.)
	 */
	for (;;) {
		pattern_fill(seed, total, buf, chunk);
		n = send(w, buf, chunk, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0) {
			partial += (size_t)n < chunk;
			total += n;
			settled = false;
			ASSERT_LT(total, 32ULL * MIB) {
				TH_LOG("the writer never blocked");
			}
			continue;
		}
		ASSERT_EQ(-1, n);
		ASSERT_EQ(EAGAIN, errno);
		if (settled)
			break;
		wait_for(w, POLLOUT, 1000);
		settled = true;
	}
	EXPECT_LT(0, partial) {
		TH_LOG("no partial write on the non-blocking socket");
	}
	EXPECT_EQ(0, poll_now(w) & POLLOUT);

	/* A blocking send waits SO_SNDTIMEO, copies nothing, says EAGAIN. */
	ASSERT_EQ(0, setsockopt(w, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	pattern_fill(seed, total, buf, chunk);
	n = send(w, buf, chunk, MSG_NOSIGNAL);
	EXPECT_EQ(-1, n) {
		TH_LOG("a blocking send on a full connection took %zd bytes", n);
	}
	if (n > 0)
		total += n;
	else
		EXPECT_EQ(EAGAIN, errno);	/* SO_SNDTIMEO ended the wait */

	/* Where the bytes are: all of them either unacked or unread. */
	out = outq(w);
	in = inq(r);
	TH_LOG("writer blocked after %llu bytes: SIOCOUTQ %d, reader SIOCINQ %d, SO_RCVBUF %d",
	       (unsigned long long)total, out, in, rcvbuf);
	EXPECT_LT(0, out);
	EXPECT_LT(0, in);
	EXPECT_GE(rcvbuf, in);
	EXPECT_EQ(total, (uint64_t)in + out);

	/* Let the zero window and the probes run a little, then resume. */
	if (writer == PEER) {
		/* struct tcp_info of the kernel's uapi (glibc's is older):
		 * tcpi_snd_wnd, the peer's window, is the u32 at 228.
		 */
		unsigned char ti[232] = { 0 };
		socklen_t tl = sizeof(ti);
		uint32_t snd_wnd;

		/* The reader's window is closed: the writer sees zero. */
		ASSERT_EQ(0, getsockopt(w, IPPROTO_TCP, TCP_INFO, ti, &tl));
		ASSERT_EQ((socklen_t)sizeof(ti), tl);
		memcpy(&snd_wnd, ti + 228, sizeof(snd_wnd));
		EXPECT_EQ(0U, snd_wnd);
		sleep(1);
	} else {
		long probes = stat_under_test("WinProbes", "TCPWinProbe");

		/* Linux's window is closed: the persist timer probes it. */
		EXPECT_TRUE(WAIT_UNTIL(stat_under_test("WinProbes", "TCPWinProbe") > probes,
				       60, "a window probe (from %ld)", probes));
	}
	flow_init(&f[0], w);
	f[0].tx_seed = seed;
	f[0].tx_done = total;
	f[0].tx_len = total + MIB;
	f[0].tx_shut = true;
	flow_init(&f[1], r);
	f[1].rx_seed = seed;
	f[1].rx_len = total + MIB;
	f[1].rx_eof = true;
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	EXPECT_EQ(0, wait_outq_empty(w));
	close(w);
	close(r);
	free(buf);
}

TEST_F_TIMEOUT(stream, linux_stops_reading_xtcp_writes, 60)
{
	stop_reading(_metadata, XT);
}

TEST_F_TIMEOUT(stream, xtcp_stops_reading_linux_writes, 60)
{
	stop_reading(_metadata, PEER);
}

/* ---- poll and epoll through a connection's life -------------------- */

/*
 * The table, as Linux reports it for AF_INET (tcp_poll), with every event
 * asked for:
 *
 *   fresh socket (CLOSE)                 OUT|WRNORM|HUP
 *   listening, queue empty               0
 *   listening, a connection queued       IN|RDNORM
 *   connecting (SYN-SENT, no answer)     0
 *   established, idle                    OUT|WRNORM
 *   data to read                         IN|RDNORM|OUT|WRNORM
 *   peer's FIN (data read)               IN|RDNORM|RDHUP|OUT|WRNORM
 *   own SHUT_WR only                     OUT|WRNORM
 *   peer's FIN and own SHUT_WR           IN|RDNORM|RDHUP|OUT|WRNORM|HUP
 *   peer's RST, error not yet read       IN|RDNORM|RDHUP|OUT|WRNORM|HUP|ERR
 *   peer's RST, error read               IN|RDNORM|RDHUP|OUT|WRNORM|HUP
 *
 * and at the Linux end, after the other end's close():
 *
 *   the FIN arrived                      IN|RDNORM|RDHUP|OUT|WRNORM
 *   its write drew a RST (CLOSE-WAIT)    IN|RDNORM|RDHUP|OUT|WRNORM|HUP|ERR
 *                                        with SO_ERROR EPIPE, not ECONNRESET
 *
 * epoll (level-triggered) reports the same bits.
 */
#define P_OUT	(POLLOUT | POLLWRNORM)
#define P_IN	(POLLIN | POLLRDNORM)

static void poll_table(struct __test_metadata *_metadata, enum side client,
		       enum side server)
{
	int l, port, c, s, x, p, fd;
	struct sockaddr_in sin;
	char buf[64];

	fd = side_socket(XT);
	ASSERT_LE(0, fd);
	EXPECT_EVENTS(fd, P_OUT | POLLHUP, "fresh socket");
	close(fd);

	/* Connecting to an address nobody answers: SYN-SENT. */
	fd = side_socket(XT);
	ASSERT_LE(0, fd);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	sin = addr_of(SILENT_ADDR, 9);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EVENTS(fd, 0, "connecting");
	close(fd);

	/* The listener, when the xtcp end is the server. */
	l = side_listen(server, &port, 4, NULL);
	ASSERT_LE(0, l);
	if (server == XT)
		EXPECT_EVENTS(l, 0, "listening, nothing queued");
	c = side_connect(client, server, port, NULL);
	ASSERT_LE(0, c);
	if (server == XT) {
		ASSERT_NE(0, wait_for(l, POLLIN, 5000));
		EXPECT_EVENTS(l, P_IN, "listening, one connection queued");
	}
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);
	close(l);
	x = client == XT ? c : s;
	p = x == c ? s : c;

	EXPECT_EVENTS(x, P_OUT, "established, idle");

	ASSERT_EQ(5, send(p, "hello", 5, 0));
	ASSERT_NE(0, wait_for(x, POLLIN, 5000));
	EXPECT_EVENTS(x, P_IN | P_OUT, "data to read");
	EXPECT_EQ(5, recv(x, buf, sizeof(buf), 0));
	EXPECT_EVENTS(x, P_OUT, "data read");

	ASSERT_EQ(0, shutdown(p, SHUT_WR));
	ASSERT_NE(0, wait_for(x, POLLRDHUP, 5000));
	EXPECT_EVENTS(x, P_IN | POLLRDHUP | P_OUT, "peer's FIN");
	EXPECT_EQ(0, recv(x, buf, sizeof(buf), 0));
	EXPECT_EVENTS(x, P_IN | POLLRDHUP | P_OUT, "peer's FIN, EOF read");

	ASSERT_EQ(0, shutdown(x, SHUT_WR));
	ASSERT_NE(0, wait_for(p, POLLRDHUP, 5000));
	EXPECT_EVENTS(x, P_IN | POLLRDHUP | P_OUT | POLLHUP, "peer's FIN and own SHUT_WR");
	EXPECT_EVENTS(p, P_IN | POLLRDHUP | P_OUT | POLLHUP, "Linux end, both FINs");
	close(x);
	close(p);

	/* Own SHUT_WR alone, then the peer's RST. */
	ASSERT_CONN(client, server, &c, &s, NULL);
	x = client == XT ? c : s;
	p = x == c ? s : c;
	ASSERT_EQ(0, shutdown(x, SHUT_WR));
	ASSERT_NE(0, wait_for(p, POLLRDHUP, 5000));
	EXPECT_EVENTS(x, P_OUT, "own SHUT_WR only");
	close_with_rst(p);
	ASSERT_NE(0, wait_for(x, POLLERR, 5000));
	EXPECT_EVENTS(x, P_IN | POLLRDHUP | P_OUT | POLLHUP | POLLERR, "peer's RST");
	EXPECT_EQ(-1, recv(x, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EVENTS(x, P_IN | POLLRDHUP | P_OUT | POLLHUP, "peer's RST, error read");
	close(x);

	/*
	 * After xtcp's close: the Linux end sees the FIN; its write draws a
	 * RST, which in CLOSE-WAIT Linux reports as EPIPE, not ECONNRESET.
	 */
	ASSERT_CONN(client, server, &c, &s, NULL);
	x = client == XT ? c : s;
	p = x == c ? s : c;
	close(x);
	ASSERT_NE(0, wait_for(p, POLLRDHUP, 5000));
	EXPECT_EVENTS(p, P_IN | POLLRDHUP | P_OUT, "Linux end after xtcp's close");
	EXPECT_EQ(1, send(p, "x", 1, MSG_NOSIGNAL));
	ASSERT_NE(0, wait_for(p, POLLERR, 5000)) {
		TH_LOG("the closed xtcp end did not answer data with a RST");
	}
	/*
	 * Linux's tcp_reset() sets the error before tcp_done() closes the
	 * socket, and tcp_poll() reads the state first: a poll on another
	 * CPU in between sees ERR without HUP (seen on the debug kernel).
	 */
	ASSERT_TRUE(WAIT_UNTIL((poll_now(p) & POLLHUP) != 0, 5,
			       "HUP after the reset's ERR"));
	EXPECT_EVENTS(p, P_IN | POLLRDHUP | P_OUT | POLLHUP | POLLERR,
		      "Linux end after writing to the closed xtcp end");
	EXPECT_EQ(EPIPE, getint(p, SOL_SOCKET, SO_ERROR));
	EXPECT_EQ(-1, send(p, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	close(p);
}

TEST_F(stream, poll_table_xtcp_client)
{
	poll_table(_metadata, XT, PEER);
}

TEST_F(stream, poll_table_xtcp_server)
{
	poll_table(_metadata, PEER, XT);
}

/* Edge-triggered epoll: one event per arrival, none for data left unread. */
TEST_F(stream, epoll_edge_triggered_one_event_per_arrival)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET };
	int c, s, ep, i;
	char buf[64];

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	ep = epoll_create1(0);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(1, send(c, "a", 1, 0));
		EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 30000));
		EXPECT_EQ(EPOLLIN, (int)ev.events);
		/* Unread data does not report again without a new arrival. */
		EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	}
	EXPECT_EQ(3, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));

	/* The FIN is one more edge: IN|RDHUP. */
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 30000));
	EXPECT_EQ(EPOLLIN | EPOLLRDHUP, (int)ev.events);
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	close(ep);
	close(c);
	close(s);
}

/* EPOLLOUT edge-triggered: once when established, again when space frees. */
TEST_F_TIMEOUT(stream, epoll_edge_triggered_pollout_after_full, 60)
{
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
	struct conn_opts o = { .client_sndbuf = 32768, .server_rcvbuf = 32768 };
	char buf[65536] = { 0 };
	int c, s, ep, n = 0;

	ASSERT_CONN(XT, PEER, &c, &s, &o);
	ep = epoll_create1(0);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev));
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 30000));
	EXPECT_EQ(EPOLLOUT, (int)ev.events);
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));

	while (send(c, buf, sizeof(buf), MSG_DONTWAIT) > 0 && n++ < 10000)
		;
	EXPECT_EQ(EAGAIN, errno);
	/* Let the in-flight data settle: no edge while nothing is read. */
	while (epoll_wait(ep, &ev, 1, 500) == 1)
		while (send(c, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	/* The reader drains: space frees, one edge. */
	while (recv(s, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 30000));
	EXPECT_EQ(EPOLLOUT, (int)ev.events);
	close(ep);
	close(c);
	close(s);
}

/* ---- errno and flags of the data calls ------------------------------ */

TEST_F(stream, epipe_and_sigpipe_after_own_shutdown)
{
	struct sigaction sa = { .sa_handler = on_sigpipe };
	char buf[4];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigpipes = 0;
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	EXPECT_EQ(-1, send(c, "x", 1, 0));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(1, sigpipes);
	EXPECT_EQ(-1, write(c, "x", 1));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(2, sigpipes);
	EXPECT_EQ(-1, send(c, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(2, sigpipes);
	/* Reading still works: the Linux end can answer. */
	EXPECT_EQ(2, send(s, "ok", 2, 0));
	ASSERT_NE(0, wait_for(c, POLLIN, 5000));
	EXPECT_EQ(2, recv(c, buf, sizeof(buf), 0));
	close(c);
	close(s);
}

/*
 * After the peer's RST, Linux's first send reports the pending error
 * (ECONNRESET, no signal); later sends get EPIPE and SIGPIPE unless
 * MSG_NOSIGNAL.  Reads: ECONNRESET once, then end of file.
 */
TEST_F(stream, epipe_and_sigpipe_after_peer_reset)
{
	struct sigaction sa = { .sa_handler = on_sigpipe };
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigpipes = 0;
	close_with_rst(s);
	ASSERT_NE(0, wait_for(c, POLLERR, 5000));
	EXPECT_EQ(-1, send(c, "x", 1, 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, sigpipes);
	EXPECT_EQ(-1, send(c, "x", 1, 0));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(1, sigpipes);
	EXPECT_EQ(-1, send(c, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(1, sigpipes);
	EXPECT_EQ(0, getint(c, SOL_SOCKET, SO_ERROR));
	close(c);
}

TEST_F(stream, econnreset_on_read_after_reset)
{
	char buf[16];
	int c, s;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	close_with_rst(c);
	ASSERT_NE(0, wait_for(s, POLLERR, 5000));
	EXPECT_EQ(ECONNRESET, getint(s, SOL_SOCKET, SO_ERROR));
	/* SO_ERROR consumed the error: the next read is end of file. */
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), 0));
	close(s);

	/* Without SO_ERROR: ECONNRESET once, then end of file. */
	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	close_with_rst(c);
	ASSERT_NE(0, wait_for(s, POLLERR, 5000));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(-1, send(s, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	close(s);

	/*
	 * Data unread when the RST arrives stays readable (Linux keeps the
	 * receive queue); the error comes after it, then end of file.
	 */
	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	ASSERT_EQ(5, send(c, "hello", 5, 0));
	ASSERT_EQ(5, wait_inq(s, 5));
	close_with_rst(c);
	ASSERT_NE(0, wait_for(s, POLLERR, 5000));
	EXPECT_EQ(5, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), 0));
	close(s);
}

TEST_F(stream, eagain_without_data)
{
	char buf[16];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	EXPECT_EQ(-1, recv(c, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	fcntl(c, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(-1, read(c, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
	close(c);
	close(s);
}

TEST_F(stream, rcvtimeo_gives_eagain_after_the_timeout)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 300000 }, got;
	socklen_t len = sizeof(got);
	char buf[16];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	ASSERT_EQ(0, setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	ASSERT_EQ(0, getsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &got, &len));
	EXPECT_EQ(0, got.tv_sec);
	EXPECT_EQ(300000, got.tv_usec);
	/* A blocking recv() with nothing coming: the time-out ends it. */
	EXPECT_EQ(-1, recv(c, buf, sizeof(buf), 0));
	EXPECT_EQ(EAGAIN, errno);
	/* MSG_WAITALL with a time-out returns what came. */
	ASSERT_EQ(3, send(s, "abc", 3, 0));
	ASSERT_EQ(3, wait_inq(c, 3));
	EXPECT_EQ(3, recv(c, buf, 10, MSG_WAITALL));
	close(c);
	close(s);
}

TEST_F(stream, msg_peek)
{
	char buf[32] = "";
	int c, s;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	ASSERT_EQ(11, send(c, "hello world", 11, 0));
	ASSERT_EQ(11, wait_inq(s, 11));
	EXPECT_EQ(5, recv(s, buf, 5, MSG_PEEK));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(11, recv(s, buf, sizeof(buf), MSG_PEEK));
	EXPECT_EQ(11, inq(s));
	EXPECT_EQ(6, recv(s, buf, 6, 0));
	EXPECT_EQ(5, recv(s, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT));
	EXPECT_EQ(0, memcmp(buf, "world", 5));
	EXPECT_EQ(5, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(-1, recv(s, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	/* Peek at end of file: 0. */
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	ASSERT_NE(0, wait_for(s, POLLRDHUP, 5000));
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), MSG_PEEK));
	close(c);
	close(s);
}

struct dripper {
	int fd, chunks, chunk_len, delay_ms;
	uint64_t seed;
	bool shut;
	pthread_t thread;
};

/* Send @chunks pieces of the pattern with a pause before each, then shut. */
static void *drip(void *arg)
{
	struct dripper *d = arg;
	unsigned char buf[65536];
	uint64_t off = 0;

	for (int i = 0; i < d->chunks; i++) {
		usleep(d->delay_ms * 1000);
		pattern_fill(d->seed, off, buf, d->chunk_len);
		if (send(d->fd, buf, d->chunk_len, MSG_NOSIGNAL) != d->chunk_len)
			break;
		off += d->chunk_len;
	}
	if (d->shut)
		shutdown(d->fd, SHUT_WR);
	return NULL;
}

TEST_F(stream, msg_waitall)
{
	struct dripper d = { .chunks = 4, .chunk_len = 1000, .delay_ms = 50, .seed = 77 };
	unsigned char buf[8192];
	int c, s;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	d.fd = c;
	d.shut = true;
	ASSERT_EQ(0, pthread_create(&d.thread, NULL, drip, &d));
	/* Four pieces 50 ms apart: one call returns all of them. */
	EXPECT_EQ(3000, recv(s, buf, 3000, MSG_WAITALL));
	EXPECT_EQ(-1, pattern_check(77, 0, buf, 3000));
	/* End of file ends a MSG_WAITALL early with what there is. */
	EXPECT_EQ(1000, recv(s, buf, sizeof(buf), MSG_WAITALL));
	EXPECT_EQ(-1, pattern_check(77, 3000, buf, 1000));
	EXPECT_EQ(0, recv(s, buf, sizeof(buf), MSG_WAITALL));
	pthread_join(d.thread, NULL);
	close(c);
	close(s);
}

/* On a TCP socket, MSG_TRUNC throws the bytes away and counts them. */
TEST_F(stream, msg_trunc_discards)
{
	char buf[32] = "";
	int c, s;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	ASSERT_EQ(10, send(c, "0123456789", 10, 0));
	ASSERT_EQ(10, wait_inq(s, 10));
	EXPECT_EQ(4, recv(s, NULL, 4, MSG_TRUNC));
	EXPECT_EQ(6, inq(s));
	EXPECT_EQ(3, recv(s, buf, 3, MSG_TRUNC | MSG_PEEK));
	EXPECT_EQ(6, inq(s));
	EXPECT_EQ(6, recv(s, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "456789", 6));
	close(c);
	close(s);
}

TEST_F(stream, so_rcvlowat)
{
	char buf[4096];
	int c, s;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	EXPECT_EQ(1, getint(s, SOL_SOCKET, SO_RCVLOWAT));
	ASSERT_EQ(0, setint(s, SOL_SOCKET, SO_RCVLOWAT, 1000));
	EXPECT_EQ(1000, getint(s, SOL_SOCKET, SO_RCVLOWAT));
	memset(buf, 'l', sizeof(buf));
	ASSERT_EQ(500, send(c, buf, 500, 0));
	ASSERT_EQ(500, wait_inq(s, 500));
	/* 500 < 1000: not readable for poll. */
	EXPECT_EQ(0, wait_for(s, POLLIN, 200));
	ASSERT_EQ(600, send(c, buf, 600, 0));
	ASSERT_NE(0, wait_for(s, POLLIN, 5000));
	EXPECT_EQ(1100, recv(s, buf, sizeof(buf), 0));
	/* A blocking read waits for the low-water mark (here until end of file). */
	ASSERT_EQ(300, send(c, buf, 300, 0));
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	EXPECT_EQ(300, recv(s, buf, sizeof(buf), 0));
	/*
	 * 0 means 1; a negative value means INT_MAX, which TCP caps at half
	 * the largest receive buffer (tcp_rmem[2] / 2, or SO_RCVBUF / 2 when
	 * set): compared with AF_INET.
	 */
	ASSERT_EQ(0, setint(s, SOL_SOCKET, SO_RCVLOWAT, 0));
	EXPECT_EQ(1, getint(s, SOL_SOCKET, SO_RCVLOWAT));
	same_as_inet(_metadata, s, SOL_SOCKET, SO_RCVLOWAT, -1, "SO_RCVLOWAT");
	same_as_inet(_metadata, s, SOL_SOCKET, SO_RCVLOWAT, 1 << 30, "SO_RCVLOWAT");
	close(c);
	close(s);
}

TEST_F(stream, siocinq_siocoutq)
{
	int c, s, l, port, v;
	char buf[2000];

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	EXPECT_EQ(0, inq(s));
	EXPECT_EQ(0, outq(s));
	memset(buf, 'q', sizeof(buf));
	ASSERT_EQ(1234, send(c, buf, 1234, 0));
	ASSERT_EQ(1234, wait_inq(s, 1234));
	EXPECT_EQ(234, recv(s, buf, 234, 0));
	EXPECT_EQ(1000, inq(s));
	/* The FIN is not a byte. */
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	ASSERT_NE(0, wait_for(s, POLLRDHUP, 5000));
	EXPECT_EQ(1000, inq(s));
	/* Sent and acked: SIOCOUTQ back to 0. */
	ASSERT_EQ(1500, send(s, buf, 1500, 0));
	EXPECT_EQ(0, wait_outq_empty(s));
	ASSERT_EQ(1500, wait_inq(c, 1500));
	close(c);
	close(s);

	/* Listening socket: SIOCINQ is EINVAL, as in Linux. */
	l = side_listen(XT, &port, 1, NULL);
	ASSERT_LE(0, l);
	EXPECT_EQ(-1, ioctl(l, SIOCINQ, &v));
	EXPECT_EQ(EINVAL, errno);
	close(l);
}

static int memfd_with_pattern(uint64_t seed, size_t len)
{
	int fd = memfd_create("xtcp-stream", 0);
	unsigned char buf[65536];

	if (fd < 0)
		return -1;
	for (size_t off = 0; off < len; off += sizeof(buf)) {
		size_t n = len - off < sizeof(buf) ? len - off : sizeof(buf);

		pattern_fill(seed, off, buf, n);
		if (write(fd, buf, n) != (ssize_t)n)
			return -1;
	}
	return fd;
}

struct feeder {
	int sock, kind;
	uint64_t seed;
	size_t len;
	int err;
	pthread_t thread;
};

enum { FEED_SENDFILE, FEED_SPLICE, FEED_WRITEV, FEED_SEND };

/* Send the pattern through sendfile(), splice(), writev() or send(), then shut. */
static void *feed(void *arg)
{
	struct feeder *f = arg;
	size_t done = 0;

	if (f->kind == FEED_SENDFILE) {
		int file = memfd_with_pattern(f->seed, f->len);
		off_t off = 0;

		while (file >= 0 && done < f->len) {
			ssize_t n = sendfile(f->sock, file, &off, f->len - done);

			if (n <= 0) {
				f->err = n ? errno : EIO;
				break;
			}
			done += n;
		}
		if (file < 0)
			f->err = errno;
		else
			close(file);
	} else if (f->kind == FEED_SPLICE) {
		unsigned char buf[16384];
		int pfd[2];

		if (pipe(pfd)) {
			f->err = errno;
			return NULL;
		}
		while (done < f->len && !f->err) {
			size_t n = f->len - done < sizeof(buf) ? f->len - done : sizeof(buf);
			ssize_t left = n;

			pattern_fill(f->seed, done, buf, n);
			if (write(pfd[1], buf, n) != (ssize_t)n) {
				f->err = errno;
				break;
			}
			while (left > 0) {
				ssize_t m = splice(pfd[0], NULL, f->sock, NULL, left, 0);

				if (m <= 0) {
					f->err = m ? errno : EIO;
					break;
				}
				left -= m;
			}
			done += n;
		}
		close(pfd[0]);
		close(pfd[1]);
	} else if (f->kind == FEED_SEND) {
		unsigned char buf[65536];

		while (done < f->len) {
			size_t n = f->len - done < sizeof(buf) ? f->len - done : sizeof(buf);
			ssize_t m;

			pattern_fill(f->seed, done, buf, n);
			m = send(f->sock, buf, n, MSG_NOSIGNAL);
			if (m <= 0) {
				f->err = m ? errno : EIO;
				break;
			}
			done += m;
		}
	} else {
		/* Odd-sized pieces: 1, 100, 4096, 7, 60000 bytes per call. */
		static const size_t sizes[] = { 1, 100, 4096, 7, 60000 };
		unsigned char *buf = malloc(f->len);
		struct iovec iov[5];

		pattern_fill(f->seed, 0, buf, f->len);
		while (done < f->len) {
			size_t off = done;
			int k = 0;
			ssize_t n;

			for (; k < 5 && off < f->len; k++) {
				size_t m = f->len - off < sizes[k] ? f->len - off : sizes[k];

				iov[k] = (struct iovec){ buf + off, m };
				off += m;
			}
			n = writev(f->sock, iov, k);
			if (n <= 0) {
				f->err = n ? errno : EIO;
				break;
			}
			done += n;
		}
		free(buf);
	}
	shutdown(f->sock, SHUT_WR);
	return NULL;
}

static void feed_through(struct __test_metadata *_metadata, int kind, uint64_t seed)
{
	struct feeder fe = { .kind = kind, .seed = seed, .len = MIB + 4567 };
	struct flow f[1];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	fe.sock = c;
	ASSERT_EQ(0, pthread_create(&fe.thread, NULL, feed, &fe));
	flow_init(&f[0], s);
	f[0].rx_seed = seed;
	f[0].rx_len = fe.len;
	f[0].rx_eof = true;
	EXPECT_EQ(0, run_flows(_metadata, f, 1));
	pthread_join(fe.thread, NULL);
	EXPECT_EQ(0, fe.err) {
		TH_LOG("%s", strerror(fe.err));
	}
	close(c);
	close(s);
}

TEST_F(stream, sendfile_into_the_socket)
{
	feed_through(_metadata, FEED_SENDFILE, 0xf11e);
}

TEST_F(stream, splice_from_a_pipe_into_the_socket)
{
	feed_through(_metadata, FEED_SPLICE, 0x919e);
}

TEST_F(stream, writev_odd_pieces)
{
	feed_through(_metadata, FEED_WRITEV, 0x3717e);
}

TEST_F(stream, readv_odd_pieces)
{
	struct feeder fe = { .kind = FEED_SEND, .seed = 0x7ead, .len = MIB + 1 };
	unsigned char *buf = malloc(fe.len + 1);
	size_t done = 0;
	int c, s;

	ASSERT_NE(NULL, buf);
	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	fe.sock = c;
	ASSERT_EQ(0, pthread_create(&fe.thread, NULL, feed, &fe));
	for (;;) {
		unsigned char *p = buf + done;
		struct iovec iov[3] = {
			{ p, 3 }, { p + 3, 1000 }, { p + 1003, 50000 },
		};
		ssize_t n;

		if (fe.len + 1 - done < 51003)
			iov[2].iov_len = 0;
		n = readv(s, iov, 3);
		ASSERT_LE(0, n) {
			TH_LOG("readv after %zu bytes: %s", done, strerror(errno));
		}
		if (!n)
			break;
		done += n;
	}
	pthread_join(fe.thread, NULL);
	EXPECT_EQ(fe.len, done);
	EXPECT_EQ(-1, pattern_check(0x7ead, 0, buf, done));
	free(buf);
	close(c);
	close(s);
}

/* ---- socket options ------------------------------------------------- */

TEST_F(stream, tcp_option_values)
{
	int fd = side_socket(XT), v;
	socklen_t len;

	ASSERT_LE(0, fd);
	/* Linux's defaults. */
	EXPECT_EQ(0, getint(fd, IPPROTO_TCP, TCP_NODELAY));
	EXPECT_EQ(0, getint(fd, IPPROTO_TCP, TCP_CORK));
	EXPECT_EQ(7200, getint(fd, IPPROTO_TCP, TCP_KEEPIDLE));
	EXPECT_EQ(75, getint(fd, IPPROTO_TCP, TCP_KEEPINTVL));
	EXPECT_EQ(9, getint(fd, IPPROTO_TCP, TCP_KEEPCNT));
	EXPECT_EQ(0, getint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));
	EXPECT_EQ(0, getint(fd, SOL_SOCKET, SO_KEEPALIVE));
	EXPECT_EQ(536, getint(fd, IPPROTO_TCP, TCP_MAXSEG));

	/* Boolean options: any non-zero is on, reads back as 1. */
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_NODELAY, 5));
	EXPECT_EQ(1, getint(fd, IPPROTO_TCP, TCP_NODELAY));
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_NODELAY, 0));
	EXPECT_EQ(0, getint(fd, IPPROTO_TCP, TCP_NODELAY));
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_CORK, 1));
	EXPECT_EQ(1, getint(fd, IPPROTO_TCP, TCP_CORK));
	EXPECT_EQ(0, setint(fd, SOL_SOCKET, SO_KEEPALIVE, 7));
	EXPECT_EQ(1, getint(fd, SOL_SOCKET, SO_KEEPALIVE));

	/* Keepalive timing: 1..32767 s, count 1..127. */
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 32768));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 32767));
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 1));
	EXPECT_EQ(1, getint(fd, IPPROTO_TCP, TCP_KEEPIDLE));
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPINTVL, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPINTVL, 32768));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_KEEPINTVL, 2));
	EXPECT_EQ(2, getint(fd, IPPROTO_TCP, TCP_KEEPINTVL));
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 128));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 127));
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_KEEPCNT, 3));
	EXPECT_EQ(3, getint(fd, IPPROTO_TCP, TCP_KEEPCNT));

	/* TCP_USER_TIMEOUT: milliseconds, >= 0. */
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, -1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 3000));
	EXPECT_EQ(3000, getint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 0));
	EXPECT_EQ(0, getint(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));

	/* TCP_MAXSEG: 88..32767 (before connect). */
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_MAXSEG, 87));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, TCP_MAXSEG, 32768));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, setint(fd, IPPROTO_TCP, TCP_MAXSEG, 1000));

	/* An optlen shorter than an int: EINVAL on set; get truncates. */
	v = 1;
	EXPECT_EQ(-1, setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, 3));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, 3));
	EXPECT_EQ(EINVAL, errno);
	v = 0;
	len = 1;
	EXPECT_EQ(0, getsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len));
	EXPECT_EQ(1, (int)len);
	EXPECT_EQ(1, v);
	len = -1;
	EXPECT_EQ(-1, getsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len));
	EXPECT_EQ(EINVAL, errno);

	/* Unknown options at SOL_TCP (6). */
	EXPECT_EQ(-1, setint(fd, IPPROTO_TCP, 9999, 1));
	EXPECT_EQ(ENOPROTOOPT, errno);
	len = sizeof(v);
	EXPECT_EQ(-1, getsockopt(fd, IPPROTO_TCP, 9999, &v, &len));
	EXPECT_EQ(ENOPROTOOPT, errno);
	close(fd);
}

/* TCP_CONGESTION: "cubic" exists on both stacks; an unknown name is ENOENT. */
TEST_F(stream, congestion_control_choice)
{
	int fd = side_socket(XT), c, s;
	char name[16];
	socklen_t len = sizeof(name);

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len));
	/* xtcp's default is the congestion_control parameter, NewReno. */
	if (self->family != AF_INET)
		EXPECT_STREQ("newreno", name);
	EXPECT_EQ(0, setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5));
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("cubic", name);
	EXPECT_EQ(-1, setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "no-such-cc", 10));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "cubic", 0));
	EXPECT_EQ(EINVAL, errno);
	len = sizeof(name);
	EXPECT_EQ(0, getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len));
	EXPECT_STREQ("cubic", name);
	close(fd);

	/* A connection can switch algorithms; data still flows. */
	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	EXPECT_EQ(0, setsockopt(c, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5));
	EXPECT_EQ(5, send(c, "hello", 5, 0));
	EXPECT_EQ(5, recv(s, name, 5, MSG_WAITALL));
	close(c);
	close(s);
}

TEST_F(stream, buffer_sizes_like_af_inet)
{
	static const int vals[] = { 1, 1000, 4096, 65536, 1 << 20, 64 << 20, -5 };
	int fd = side_socket(XT), in;

	ASSERT_LE(0, fd);
	/* Linux doubles the value asked for, within [min, 2 * max]. */
	EXPECT_EQ(0, setint(fd, SOL_SOCKET, SO_SNDBUF, 65536));
	EXPECT_EQ(131072, getint(fd, SOL_SOCKET, SO_SNDBUF));
	EXPECT_EQ(0, setint(fd, SOL_SOCKET, SO_RCVBUF, 65536));
	EXPECT_EQ(131072, getint(fd, SOL_SOCKET, SO_RCVBUF));
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		same_as_inet(_metadata, fd, SOL_SOCKET, SO_SNDBUF, vals[i], "SO_SNDBUF");
		same_as_inet(_metadata, fd, SOL_SOCKET, SO_RCVBUF, vals[i], "SO_RCVBUF");
	}
	close(fd);

	/* Defaults on a fresh socket are the sysctls' (tcp_wmem/tcp_rmem[1]). */
	fd = side_socket(XT);
	ASSERT_LE(0, fd);
	same_as_inet(_metadata, fd, SOL_SOCKET, SO_KEEPALIVE, 0, "SO_KEEPALIVE");
	in = socket(AF_INET, SOCK_STREAM, 0);
	EXPECT_EQ(getint(in, SOL_SOCKET, SO_SNDBUF), getint(fd, SOL_SOCKET, SO_SNDBUF));
	EXPECT_EQ(getint(in, SOL_SOCKET, SO_RCVBUF), getint(fd, SOL_SOCKET, SO_RCVBUF));
	close(in);
	close(fd);
}

/* TCP_MAXSEG set before connect is what the peer learns from the SYN. */
TEST_F(stream, tcp_maxseg_reaches_the_peer)
{
	int port, l = side_listen(PEER, &port, 1, NULL), c, s;
	struct sockaddr_in sin = addr_of(PEER_ADDR, port);
	struct flow f[2];

	ASSERT_LE(0, l);
	c = side_socket(XT);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_MAXSEG, 1000));
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);
	EXPECT_GE(1000, getint(c, IPPROTO_TCP, TCP_MAXSEG));
	EXPECT_GE(1000, getint(s, IPPROTO_TCP, TCP_MAXSEG));
	EXPECT_LT(500, getint(s, IPPROTO_TCP, TCP_MAXSEG));
	/* And data still flows, in segments of that size. */
	two_way(f, c, s, 0x3a5, 200000, 100000);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	close(c);
	close(s);
	close(l);
}

/*
 * A peer whose window never reaches one MSS (the smallest SO_RCVBUF):
 * RFC 9293 3.8.6.2.1's override timeout sends what fits, so the transfer
 * completes instead of probing a too-small window for ever.
 */
TEST_F(stream, window_smaller_than_mss)
{
	int port, l = side_listen(PEER, &port, 1, NULL), c, s;
	struct sockaddr_in sin = addr_of(PEER_ADDR, port);
	struct flow f[2];

	ASSERT_LE(0, l);
	/* Linux's floor: SOCK_MIN_RCVBUF, a window of about 1 KiB. */
	ASSERT_EQ(0, setint(l, SOL_SOCKET, SO_RCVBUF, 1));
	c = side_socket(XT);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);
	two_way(f, c, s, 0x5a5, 40000, 0);
	EXPECT_EQ(0, run_flows(_metadata, f, 2));
	close(c);
	close(s);
	close(l);
}

/* The local port of @fd. */
static int port_of(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	return getsockname(fd, (struct sockaddr *)&sin, &len) ? -1 : ntohs(sin.sin_port);
}

/* The peer's ACKs of connection @s (its end) dropped, or let through. */
static int hold_peer_acks(int s, bool on)
{
	char rule[128];

	if (!on) {
		peer_nft_del("xtcp_nagle");
		return 0;
	}
	snprintf(rule, sizeof(rule), "ip daddr %s tcp sport %d counter drop",
		 XTCP_ADDR, port_of(s));
	return peer_nft("xtcp_nagle", "output", rule);
}

/*
 * Small writes counted on the way out (tcpi_data_segs_out, retransmissions
 * included), each check made right after the writes, long before any
 * retransmission timer (200 ms at least) could add one:
 *  - TCP_CORK holds three writes of 100 bytes: no segment until the cork
 *    comes off, then one;
 *  - Nagle (the default) holds small writes while one is unacknowledged:
 *    with the peer's ACKs dropped (its nft), eleven one-byte writes leave
 *    as one segment;
 *  - TCP_NODELAY sends each write at once: eight writes, eight segments.
 * Nothing is lost: every byte arrives once the ACKs flow again.
 */
TEST_F(stream, tcp_cork_and_nodelay_deliver)
{
	char buf[512];
	int c, s, n, got = 0, segs;

	at_teardown("ip netns exec peer nft delete table inet xtcp_nagle 2>/dev/null");
	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	ASSERT_EQ(0, wait_outq_empty(c));
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_CORK, 1));
	segs = data_segs_out(c);
	ASSERT_LE(0, segs);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(100, send(c, buf, 100, 0));
	EXPECT_EQ(segs, data_segs_out(c)) {
		TH_LOG("corked writes went out");
	}
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_CORK, 0));
	EXPECT_EQ(segs + 1, data_segs_out(c));
	while (got < 300 && (n = recv(s, buf, sizeof(buf), 0)) > 0)
		got += n;
	EXPECT_EQ(300, got);

	/* Nagle, nothing acknowledged from the first byte on. */
	ASSERT_EQ(0, wait_outq_empty(c));
	ASSERT_EQ(0, hold_peer_acks(s, true));
	segs = data_segs_out(c);
	for (int i = 0; i < 11; i++)
		ASSERT_EQ(1, send(c, "n", 1, 0));
	EXPECT_EQ(segs + 1, data_segs_out(c)) {
		TH_LOG("Nagle let %d small segments out, not 1",
		       data_segs_out(c) - segs);
	}
	ASSERT_EQ(0, hold_peer_acks(s, false));
	EXPECT_EQ(11, wait_inq(s, 11));
	EXPECT_EQ(11, recv(s, buf, sizeof(buf), 0));

	/* TCP_NODELAY, still nothing acknowledged: each write goes. */
	ASSERT_EQ(0, wait_outq_empty(c));
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_NODELAY, 1));
	ASSERT_EQ(0, hold_peer_acks(s, true));
	segs = data_segs_out(c);
	for (int i = 0; i < 8; i++)
		ASSERT_EQ(1, send(c, "d", 1, 0));
	EXPECT_EQ(segs + 8, data_segs_out(c));
	ASSERT_EQ(0, hold_peer_acks(s, false));
	EXPECT_EQ(8, wait_inq(s, 8));
	EXPECT_EQ(8, recv(s, buf, sizeof(buf), 0));
	for (int i = 0; i < 50; i++) {
		ASSERT_EQ(1, send(c, "n", 1, 0));
		EXPECT_EQ(1, recv(s, buf, 1, 0));
	}
	close(c);
	close(s);
}

/*
 * A cork or MSG_MORE with nothing in flight gives way after an RTO (the
 * "200 ms ceiling"; Linux's probe timer sends it): the data arrives
 * without uncorking.
 */
TEST_F(stream, cork_and_msg_more_give_way)
{
	char buf[128] = { 0 };
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	set_timeouts(s, 5000);
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_CORK, 1));
	ASSERT_EQ(100, send(c, buf, 100, 0));
	EXPECT_EQ(100, recv(s, buf, 100, MSG_WAITALL));
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_CORK, 0));
	ASSERT_EQ(100, send(c, buf, 100, MSG_MORE));
	EXPECT_EQ(100, recv(s, buf, 100, MSG_WAITALL));
	/* A write without MSG_MORE sends what the earlier one held. */
	ASSERT_EQ(50, send(c, buf, 50, MSG_MORE));
	ASSERT_EQ(50, send(c, buf, 50, 0));
	EXPECT_EQ(100, recv(s, buf, 100, MSG_WAITALL));
	close(c);
	close(s);
}

/*
 * Keepalive probes every second to a live peer: probes go out (counted:
 * xtcp's KeepAliveProbes, Linux's TCPKeepAlive), the peer answers them,
 * and the connection lives on.
 */
TEST_F(stream, keepalive_to_a_live_peer_keeps_the_connection)
{
	long probes = stat_under_test("KeepAliveProbes", "TCPKeepAlive");
	char buf[4];
	int c, s;

	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	ASSERT_EQ(0, setint(c, SOL_SOCKET, SO_KEEPALIVE, 1));
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_KEEPIDLE, 1));
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_KEEPINTVL, 1));
	ASSERT_EQ(0, setint(c, IPPROTO_TCP, TCP_KEEPCNT, 1));
	/* Two probes: with TCP_KEEPCNT 1 an unanswered first one would have
	 * ended the connection before the second.
	 */
	EXPECT_TRUE(WAIT_UNTIL(stat_under_test("KeepAliveProbes", "TCPKeepAlive") >= probes + 2,
			       60, "two keepalive probes (from %ld)", probes));
	EXPECT_EQ(0, getint(c, SOL_SOCKET, SO_ERROR));
	ASSERT_EQ(2, send(s, "ok", 2, 0));
	EXPECT_EQ(2, recv(c, buf, sizeof(buf), 0));
	close(c);
	close(s);
}

/*
 * Urgent data with SO_OOBINLINE: the urgent byte stays in the stream, in
 * order.  This is what xtcp does for every socket (RFC 6093, urgent data
 * inline), so the case holds for both families.
 */
TEST_F(stream, urgent_data_inline_with_oobinline)
{
	char buf[16] = "";
	int c, s, got = 0, n;

	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	ASSERT_EQ(0, setint(s, SOL_SOCKET, SO_OOBINLINE, 1));
	EXPECT_EQ(1, getint(s, SOL_SOCKET, SO_OOBINLINE));
	ASSERT_EQ(3, send(c, "abc", 3, 0));
	ASSERT_EQ(1, send(c, "d", 1, MSG_OOB));
	ASSERT_EQ(3, send(c, "efg", 3, 0));
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	while (got < (int)sizeof(buf) - 1 && (n = recv(s, buf + got, sizeof(buf) - 1 - got, 0)) > 0)
		got += n;
	EXPECT_EQ(7, got);
	EXPECT_STREQ("abcdefg", buf);
	close(c);
	close(s);
}

/*
 * MSG_OOB as Linux answers it (AF_INET only; xtcp keeps urgent data
 * inline and documents its own answers, to be checked by a case of its
 * own): without SO_OOBINLINE the urgent byte leaves the stream and is read
 * with MSG_OOB, once, with POLLPRI until then; reading it again, or before
 * any arrived, is EINVAL.  send(MSG_OOB) makes the last byte sent urgent.
 */
TEST_F(stream, msg_oob_as_linux_answers)
{
	char buf[16] = "", oob = 0;
	int c, s, got = 0, n;

	if (!inet_mode())
		SKIP(return, "Linux's out-of-band semantics; xtcp keeps urgent data inline (RFC 6093)");
	ASSERT_CONN(PEER, XT, &c, &s, NULL);
	EXPECT_EQ(-1, recv(s, &oob, 1, MSG_OOB));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(3, send(c, "abc", 3, 0));
	ASSERT_EQ(1, send(c, "d", 1, MSG_OOB));
	ASSERT_EQ(3, send(c, "efg", 3, 0));
	ASSERT_NE(0, wait_for(s, POLLPRI, 5000));
	EXPECT_TRUE(poll_now(s) & POLLPRI);
	EXPECT_EQ(1, recv(s, &oob, 1, MSG_OOB));
	EXPECT_EQ('d', oob);
	EXPECT_EQ(-1, recv(s, &oob, 1, MSG_OOB));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, shutdown(c, SHUT_WR));
	while ((n = recv(s, buf + got, sizeof(buf) - 1 - got, 0)) > 0)
		got += n;
	EXPECT_STREQ("abcefg", buf);
	close(c);
	close(s);

	/* Sending: MSG_OOB on the "xtcp" end marks its last byte urgent. */
	ASSERT_CONN(XT, PEER, &c, &s, NULL);
	ASSERT_EQ(2, send(c, "xy", 2, MSG_OOB));
	ASSERT_NE(0, wait_for(s, POLLPRI, 5000));
	EXPECT_EQ(1, recv(s, &oob, 1, MSG_OOB));
	EXPECT_EQ('y', oob);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(1, recv(s, buf, sizeof(buf), 0));
	EXPECT_STREQ("x", buf);
	close(c);
	close(s);
}

TEST_HARNESS_MAIN
