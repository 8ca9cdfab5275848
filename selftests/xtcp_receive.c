// SPDX-License-Identifier: GPL-2.0
/*
 * The receive side of xtcp's byte stream, fed by Linux's own TCP: Linux
 * (on pe0, 192.0.2.2, namespace "peer") sends, an xtcp socket (on xt0,
 * 192.0.2.1) receives.  Bulk data checked byte by byte, with and without
 * loss, reordering and duplication on the wire (netem on pe0); recv()
 * flags, SO_RCVLOWAT with poll(), SIOCINQ, a small SO_RCVBUF that stops
 * the sender until xtcp reads, receive buffer autotuning, end of stream
 * and reset.
 *
 * The Linux side runs in a child that joined the peer namespace; two pipes
 * carry "go" signals to it and numbers back from it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "xtcp_lib.h"


/* The byte at stream offset @i: position-dependent, so loss shows. */
static inline unsigned char pattern(uint64_t i)
{
	uint64_t x = (i >> 3) * 0x9e3779b97f4a7c15ull;

	return (unsigned char)((x >> 32) ^ (x >> (8 * (i & 7))));
}

/* Linux side: connect to xtcp's listener. */
static int peer_connect(struct peer *p)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, p->port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return -1;
	return fd;
}

static int send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, 0);

		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Send @total bytes of the pattern from stream offset @from. */
static int send_pattern(int fd, uint64_t from, uint64_t total)
{
	char buf[16384];

	while (total) {
		size_t n = total < sizeof(buf) ? total : sizeof(buf);

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(from + i);
		if (send_all(fd, buf, n))
			return -1;
		from += n;
		total -= n;
	}
	return 0;
}

/* The receive memory charged to the socket (truesize), from SO_MEMINFO. */
static long rmem_alloc(int fd)
{
	__u32 mem[SK_MEMINFO_VARS] = {};
	socklen_t len = sizeof(mem);

	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &len))
		return -errno;
	return mem[SK_MEMINFO_RMEM_ALLOC];
}

/*
 * Read to end of stream, checking every byte against the pattern.
 * Returns the bytes read, or -1 on a mismatch or an error.
 */
static long recv_pattern(int fd, uint64_t from, size_t bufsize, int flags)
{
	static char buf[1 << 20];
	long got = 0;

	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	for (;;) {
		ssize_t n = recv(fd, buf, bufsize, flags);

		if (n < 0)
			return -1;
		if (n == 0)
			return got;
		for (ssize_t i = 0; i < n; i++)
			if ((unsigned char)buf[i] != pattern(from + got + i)) {
				fprintf(stderr, "# byte %ld differs\n", got + i);
				return -1;
			}
		got += n;
	}
}

/* xtcp's listener on @port, with SO_RCVBUF @rcvbuf when not 0. */
static int xtcp_listener(int family, int port, int rcvbuf)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, port);
	int one = 1, fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		return -1;
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) || listen(fd, 8))
		return -1;
	return fd;
}

static int accept_timeout(int lfd)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };

	if (poll(&pfd, 1, 20000) != 1)
		return -1;
	return accept(lfd, NULL, NULL);
}

/* netem on the peer's pe0 (NULL: none); 0, or -1 when tc refused it. */
static int netem(const char *args)
{
	if (!args) {
		/* Whether there was one or not. */
		return system("ip netns exec peer tc qdisc del dev pe0 root 2>/dev/null") * 0;
	}
	return run_cmd("ip netns exec peer tc qdisc replace dev pe0 root netem %s", args);
}

FIXTURE(rx) {
	int family;
};

FIXTURE_SETUP(rx)
{
	self->family = xtcp_family();
	ASSERT_EQ(0, write_file(DEVICES_SYSCTL, "xt0")) {
		TH_LOG("cannot attach xt0 through %s", DEVICES_SYSCTL);
	}
	signal(SIGPIPE, SIG_IGN);
}

FIXTURE_TEARDOWN(rx)
{
	restore_settings();
	netem(NULL);
	write_file(DEVICES_SYSCTL, "");
}

/* Linux: send arg bytes of the pattern, then close. */
static int peer_bulk(struct peer *p)
{
	int fd = peer_connect(p);

	if (fd < 0)
		return 10 + errno;
	if (send_pattern(fd, 0, p->arg))
		return 3;
	close(fd);
	return 0;
}

static void bulk(struct __test_metadata *_metadata, int family, int port,
		 long total, size_t bufsize, int flags)
{
	struct child c;
	int lfd, fd;

	lfd = xtcp_listener(family, port, 0);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, peer_spawn(&c, peer_bulk, port, total));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);
	EXPECT_EQ(total, recv_pattern(fd, 0, bufsize, flags));
	EXPECT_EQ(0, recv(fd, &(char){0}, 1, 0));	/* EOF stays */
	EXPECT_EQ(0, child_status(&c));
	close(fd);
	close(lfd);
}

TEST_F_TIMEOUT(rx, bulk_from_linux, 120)
{
	long coalesce = xtcp_stat("RcvCoalesce");

	bulk(_metadata, self->family, 7001, 6L << 20, 65536, 0);
	TH_LOG("RcvCoalesce +%ld DelayedAcks %ld RcvQDrop %ld",
	       xtcp_stat("RcvCoalesce") - coalesce, xtcp_stat("DelayedAcks"),
	       xtcp_stat("RcvQDrop"));
}

TEST_F_TIMEOUT(rx, bulk_small_reads_waitall, 120)
{
	/* Odd-sized reads split segments; MSG_WAITALL fills each. */
	bulk(_metadata, self->family, 7002, 1L << 20, 1000, MSG_WAITALL);
}

TEST_F_TIMEOUT(rx, bulk_with_loss_reorder_duplicate, 180)
{
	long ofo = xtcp_stat("OfoQueue"), oow = xtcp_stat("OutOfWindow");

	ASSERT_EQ(0, netem("delay 2ms reorder 75% 50% loss 2% duplicate 2%")) {
		TH_LOG("netem unavailable");
	}
	bulk(_metadata, self->family, 7003, 3L << 20, 65536, 0);
	netem(NULL);
	/* How the Linux sender recovered: with xtcp's SACK blocks or not. */
	system("ip netns exec peer nstat -az TcpExtTCPSackRecovery "
	       "TcpExtTCPRenoRecovery TcpExtTCPLossProbes TcpRetransSegs "
	       "| sed 1d | sed 's/^/# peer: /' >&2");
	/* Reordering makes out-of-order arrivals certain. */
	EXPECT_LT(ofo, xtcp_stat("OfoQueue"));
	TH_LOG("OfoQueue +%ld OfoMerge %ld OfoDrop %ld OutOfWindow +%ld",
	       xtcp_stat("OfoQueue") - ofo, xtcp_stat("OfoMerge"),
	       xtcp_stat("OfoDrop"), xtcp_stat("OutOfWindow") - oow);
}

/* Linux: "hello world", then on each go the next piece, then shutdown. */
static int peer_pieces(struct peer *p)
{
	int fd = peer_connect(p);

	if (fd < 0)
		return 10 + errno;
	if (send_all(fd, "hello world", 11))
		return 3;
	if (peer_wait_go(p) || send_all(fd, "abc", 3))
		return 4;
	usleep(200000);
	if (send_all(fd, "defgh", 5))
		return 5;
	if (peer_wait_go(p))
		return 6;
	shutdown(fd, SHUT_WR);
	if (peer_wait_go(p))
		return 7;
	close(fd);
	return 0;
}

TEST_F_TIMEOUT(rx, recv_flags, 60)
{
	struct timeval tv = { .tv_usec = 200000 };
	struct pollfd pfd;
	char buf[32] = "";
	struct child c;
	int lfd, fd;

	lfd = xtcp_listener(self->family, 7004, 0);
	ASSERT_LE(0, lfd);
	EXPECT_EQ(-EINVAL, inq(lfd));		/* as Linux on a listener */
	ASSERT_EQ(0, peer_spawn(&c, peer_pieces, 7004, 0));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);

	ASSERT_EQ(11, wait_inq(fd, 11));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	/* MSG_PEEK leaves it there. */
	EXPECT_EQ(5, recv(fd, buf, 5, MSG_PEEK));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(11, inq(fd));
	EXPECT_EQ(11, recv(fd, buf, sizeof(buf), MSG_PEEK));
	/* MSG_TRUNC discards and counts, as Linux's TCP. */
	EXPECT_EQ(6, recv(fd, NULL, 6, MSG_TRUNC));
	EXPECT_EQ(5, inq(fd));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(5, recv(fd, buf, sizeof(buf), 0));
	EXPECT_STREQ("world", buf);
	EXPECT_EQ(0, inq(fd));
	/* Nothing there. */
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(EAGAIN, errno);
	tv.tv_usec = 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	/* MSG_WAITALL waits for both pieces (3, then 5 bytes 200 ms later). */
	child_go(&c);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(8, recv(fd, buf, 8, MSG_WAITALL));
	EXPECT_STREQ("abcdefgh", buf);

	/* End of stream: 0, again and again, and poll says so. */
	child_go(&c);
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), MSG_WAITALL));
	pfd.events = POLLIN | POLLRDHUP;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN | POLLRDHUP, pfd.revents & (POLLIN | POLLRDHUP));
	EXPECT_EQ(0, inq(fd));
	child_go(&c);
	EXPECT_EQ(0, child_status(&c));
	close(fd);
	close(lfd);
}

/* Linux: 500 bytes, then 600 more on go, then close on go. */
static int peer_lowat(struct peer *p)
{
	char buf[600];
	int fd = peer_connect(p);

	if (fd < 0)
		return 10 + errno;
	memset(buf, 'x', sizeof(buf));
	if (send_all(fd, buf, 500))
		return 3;
	if (peer_wait_go(p) || send_all(fd, buf, 600))
		return 4;
	if (peer_wait_go(p))
		return 5;
	close(fd);
	return 0;
}

TEST_F_TIMEOUT(rx, rcvlowat_poll_and_inq, 60)
{
	int lowat = 1000, lfd, fd;
	struct pollfd pfd;
	char buf[4096];
	struct child c;

	lfd = xtcp_listener(self->family, 7005, 0);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, peer_spawn(&c, peer_lowat, 7005, 0));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof(lowat)));

	ASSERT_EQ(500, wait_inq(fd, 500));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&pfd, 1, 200));	/* 500 < SO_RCVLOWAT */
	child_go(&c);
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_TRUE(pfd.revents & POLLIN);
	EXPECT_EQ(1100, wait_inq(fd, 1100));
	/* A blocking read returns once SO_RCVLOWAT bytes are there. */
	EXPECT_EQ(1100, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(0, inq(fd));
	child_go(&c);
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(0, child_status(&c));
	close(fd);
	close(lfd);
}

/*
 * Linux: send without blocking until the window and its send buffer are
 * full, report how much it got rid of; after 500 ms report its SIOCOUTQ;
 * then send the rest blocking and close.
 */
static int peer_fill(struct peer *p)
{
	int fd = peer_connect(p), outq = -1;
	char buf[16384];
	long sent = 0;

	if (fd < 0)
		return 10 + errno;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (sent < p->arg) {
		size_t n = sizeof(buf);
		ssize_t r;

		if (p->arg - sent < (long)n)
			n = p->arg - sent;
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		r = send(fd, buf, n, 0);
		if (r < 0 && errno == EAGAIN) {
			/* Full?  Give the window a moment to open, once. */
			usleep(300000);
			r = send(fd, buf, n, 0);
			if (r < 0 && errno == EAGAIN)
				break;
		}
		if (r <= 0)
			return 3;
		sent += r;
	}
	peer_report(p, sent);
	usleep(500000);
	ioctl(fd, SIOCOUTQ, &outq);
	peer_report(p, outq);
	fcntl(fd, F_SETFL, 0);
	if (send_pattern(fd, sent, p->arg - sent))
		return 4;
	close(fd);
	return 0;
}

TEST_F_TIMEOUT(rx, small_rcvbuf_stops_the_sender, 120)
{
	long total = 1L << 20, sent, outq;
	int lfd, fd, rcvbuf = 8192, got;
	socklen_t len = sizeof(got);
	struct child c;

	lfd = xtcp_listener(self->family, 7006, rcvbuf);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, peer_spawn(&c, peer_fill, 7006, total));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len));
	EXPECT_EQ(2 * rcvbuf, got);		/* inherited, doubled as Linux */

	/* xtcp does not read: the sender stops with data unacknowledged. */
	sent = child_read(&c);
	EXPECT_LT(0, sent);
	EXPECT_GT(total, sent);
	outq = child_read(&c);
	EXPECT_LT(0, outq);
	TH_LOG("sender stopped after %ld bytes, %ld in its queue; xtcp holds %d",
	       sent, outq, inq(fd));
	EXPECT_GE(2 * rcvbuf, inq(fd));
	/* Reading opens the window; everything arrives in order. */
	EXPECT_EQ(total, recv_pattern(fd, 0, 4096, 0));
	EXPECT_EQ(0, child_status(&c));
	close(fd);
	close(lfd);
}

/* The second field of net.ipv4.tcp_rmem here: a new socket's SO_RCVBUF. */
static int tcp_rmem_default(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_rmem", "r");
	int lo = 0, def = 0;

	if (f) {
		if (fscanf(f, "%d %d", &lo, &def) != 2)
			def = 0;
		fclose(f);
	}
	return def;
}

/*
 * Receive buffer autotuning: Linux sends 8 MiB as fast as it can, xtcp
 * reads as fast as it can.  Return SO_RCVBUF after the transfer; *ti gets
 * TCP_INFO.  @rcvbuf: SO_RCVBUF on the listener first, when not 0.
 */
static int autotuned_rcvbuf(struct __test_metadata *_metadata, int family,
			    int port, int rcvbuf, struct tcp_info *ti)
{
	socklen_t len = sizeof(int), tlen = sizeof(*ti);
	long total = 8L << 20;
	int lfd, fd, got = -1;
	struct child c;

	memset(ti, 0, sizeof(*ti));
	lfd = xtcp_listener(family, port, rcvbuf);
	EXPECT_LE(0, lfd);
	if (lfd < 0)
		return -1;
	EXPECT_EQ(0, peer_spawn(&c, peer_bulk, port, total));
	fd = accept_timeout(lfd);
	EXPECT_LE(0, fd);
	if (fd >= 0) {
		EXPECT_EQ(total, recv_pattern(fd, 0, 65536, 0));
		EXPECT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len));
		EXPECT_EQ(0, getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &tlen));
		TH_LOG("SO_RCVBUF %d after 8 MiB; rcv_rtt %u us, rcv_space %u",
		       got, ti->tcpi_rcv_rtt, ti->tcpi_rcv_space);
		close(fd);
	}
	EXPECT_EQ(0, child_status(&c));
	close(lfd);
	return got;
}

TEST_F_TIMEOUT(rx, rcvbuf_grows_with_the_transfer, 120)
{
	int before = tcp_rmem_default();
	struct tcp_info ti;

	ASSERT_LT(0, before);
	/* Linux's sender outruns a 64 KiB window: the buffer must grow. */
	EXPECT_LT(before, autotuned_rcvbuf(_metadata, self->family, 7020, 0, &ti));
	EXPECT_LT(0U, ti.tcpi_rcv_rtt);
	EXPECT_LT(0U, ti.tcpi_rcv_space);
}

TEST_F_TIMEOUT(rx, rcvbuf_set_by_the_user_stays, 120)
{
	struct tcp_info ti;

	/* SO_RCVBUF locks the size (doubled, as Linux). */
	EXPECT_EQ(2 * 65536,
		  autotuned_rcvbuf(_metadata, self->family, 7021, 65536, &ti));
}

TEST_F_TIMEOUT(rx, rcvbuf_stays_without_tcp_moderate_rcvbuf, 120)
{
	const char *knob = "/proc/sys/net/ipv4/tcp_moderate_rcvbuf";
	int before = tcp_rmem_default();
	struct tcp_info ti;

	ASSERT_EQ(0, set_setting(knob, "0"));
	EXPECT_EQ(before,
		  autotuned_rcvbuf(_metadata, self->family, 7022, 0, &ti));
}

/* Pause between the small writes, set before the child forks. */
static int small_write_pace_us;

/*
 * Linux: the pattern in 20-byte writes, each its own segment (TCP_NODELAY,
 * no autocorking, paced), then close.
 */
static int peer_small_writes(struct peer *p)
{
	const char *cork = "/proc/sys/net/ipv4/tcp_autocorking";
	int one = 1, fd, rc = 0;
	char old[8] = "1";
	FILE *f = fopen(cork, "r");
	char buf[20];

	if (f) {
		if (!fgets(old, sizeof(old), f))
			strcpy(old, "1");
		fclose(f);
	}
	write_file(cork, "0");
	fd = peer_connect(p);
	if (fd < 0) {
		rc = 10 + errno;
		goto out;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (long off = 0; off < p->arg; off += sizeof(buf)) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(off + i);
		if (send_all(fd, buf, sizeof(buf))) {
			rc = 3;
			goto out;
		}
		if (small_write_pace_us)
			usleep(small_write_pace_us);
	}
	close(fd);
out:
	write_file(cork, old);
	return rc;
}

static void small_segments(struct __test_metadata *_metadata, int family,
			   int port, int rcvbuf, long total, int pace_us)
{
	long collapsed = xtcp_stat("RcvCollapsed"), qdrop = xtcp_stat("RcvQDrop");

	struct child c;
	int lfd, fd;

	lfd = xtcp_listener(family, port, rcvbuf);
	ASSERT_LE(0, lfd);
	small_write_pace_us = pace_us;
	ASSERT_EQ(0, peer_spawn(&c, peer_small_writes, port, total));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);
	/*
	 * Small segments pile up unread.  In a buffer of the default size
	 * they all fit (coalesced): wait until every byte is queued.  In a
	 * small one their overhead overflows it long before the text does:
	 * wait until the buffer was compacted or a segment dropped, counted
	 * either way, before anything is read.
	 */
	if (!rcvbuf) {
		WAIT_UNTIL(inq(fd) == total, 60, "all %ld bytes queued unread (SIOCINQ %d)",
			   total, inq(fd));
		EXPECT_EQ(total, inq(fd));
	} else {
		EXPECT_TRUE(WAIT_UNTIL(xtcp_stat("RcvCollapsed") > collapsed ||
				       xtcp_stat("RcvQDrop") > qdrop, 60,
				       "RcvCollapsed or RcvQDrop to grow while nothing is read"));
	}
	TH_LOG("unread: %d bytes in %ld bytes of buffer", inq(fd), rmem_alloc(fd));
	EXPECT_EQ(total, recv_pattern(fd, 0, 65536, 0));
	EXPECT_EQ(0, child_status(&c));
	TH_LOG("RcvCollapsed +%ld RcvQDrop +%ld",
	       xtcp_stat("RcvCollapsed") - collapsed,
	       xtcp_stat("RcvQDrop") - qdrop);
	close(fd);
	close(lfd);
}

TEST_F_TIMEOUT(rx, small_segments_unread, 120)
{
	small_segments(_metadata, self->family, 7008, 0, 3000 * 20, 0);
}

TEST_F_TIMEOUT(rx, small_segments_small_rcvbuf, 120)
{
	/* One segment at a time: a buffer of 8 KiB fills with skb overhead
	 * long before text, and is compacted or drops (both counted).
	 */
	small_segments(_metadata, self->family, 7009, 4096, 1000 * 20, 500);
}

/* Linux: 40 writes of 100 bytes, 20 ms apart, each its own segment. */
static int peer_trickle(struct peer *p)
{
	int one = 1, fd = peer_connect(p);
	char buf[100];

	if (fd < 0)
		return 10 + errno;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (long off = 0; off < p->arg; off += sizeof(buf)) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(off + i);
		if (send_all(fd, buf, sizeof(buf)))
			return 3;
		usleep(20000);
	}
	close(fd);
	return 0;
}

TEST_F_TIMEOUT(rx, delayed_acks_for_small_segments, 60)
{
	long delayed = xtcp_stat("DelayedAcks");
	struct child c;
	int lfd, fd;

	lfd = xtcp_listener(self->family, 7010, 0);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, peer_spawn(&c, peer_trickle, 7010, 40 * 100));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);
	EXPECT_EQ(40 * 100, recv_pattern(fd, 0, 65536, 0));
	EXPECT_EQ(0, child_status(&c));
	/* Past the quick ACKs of the start, a lone small segment waits for
	 * the delayed-ACK timer.
	 */
	EXPECT_LT(delayed, xtcp_stat("DelayedAcks"));
	TH_LOG("DelayedAcks +%ld", xtcp_stat("DelayedAcks") - delayed);
	close(fd);
	close(lfd);
}

/* The sequence a reader sees when data is followed by a reset. */
struct reset_seen {
	ssize_t r1, r2, r3;
	int e2;
};

static void read_after_reset(int fd, struct reset_seen *s)
{
	char buf[64];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	/* The reset follows the data: wait until the socket shows it. */
	WAIT_UNTIL(poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP)), 30,
		   "the reset after the data (poll revents %#x)", pfd.revents);
	s->r1 = recv(fd, buf, sizeof(buf), 0);
	s->r2 = recv(fd, buf, sizeof(buf), 0);
	s->e2 = errno;
	s->r3 = recv(fd, buf, sizeof(buf), 0);
}

static void abort_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/* Linux: 10 bytes, then close with SO_LINGER 0: a reset. */
static int peer_reset(struct peer *p)
{
	int fd = peer_connect(p);

	if (fd < 0)
		return 10 + errno;
	if (send_all(fd, "0123456789", 10))
		return 3;
	usleep(100000);
	abort_close(fd);
	return 0;
}

TEST_F_TIMEOUT(rx, data_then_reset_like_linux, 60)
{
	struct sockaddr_in lo = addr_of("127.0.0.1", 0);
	socklen_t len = sizeof(lo);
	struct reset_seen want, seen;
	int lfd, fd, cfd;
	struct child c;

	/* What AF_INET shows, over loopback. */
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&lo, sizeof(lo)));
	ASSERT_EQ(0, listen(lfd, 1));
	ASSERT_EQ(0, getsockname(lfd, (struct sockaddr *)&lo, &len));
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&lo, sizeof(lo)));
	fd = accept(lfd, NULL, NULL);
	ASSERT_EQ(10, send(cfd, "0123456789", 10, 0));
	usleep(100000);
	abort_close(cfd);
	read_after_reset(fd, &want);
	close(fd);
	close(lfd);
	EXPECT_EQ(10, want.r1);
	EXPECT_EQ(-1, want.r2);
	EXPECT_EQ(ECONNRESET, want.e2);

	lfd = xtcp_listener(self->family, 7007, 0);
	ASSERT_LE(0, lfd);
	ASSERT_EQ(0, peer_spawn(&c, peer_reset, 7007, 0));
	fd = accept_timeout(lfd);
	ASSERT_LE(0, fd);
	read_after_reset(fd, &seen);
	EXPECT_EQ(want.r1, seen.r1);
	EXPECT_EQ(want.r2, seen.r2);
	EXPECT_EQ(want.e2, seen.e2);
	EXPECT_EQ(want.r3, seen.r3);
	EXPECT_EQ(0, child_status(&c));
	close(fd);
	close(lfd);
}

TEST_HARNESS_MAIN
