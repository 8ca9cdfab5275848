// SPDX-License-Identifier: GPL-2.0
/*
 * Connections on the wire between xtcp (on xt0, 192.0.2.1, main namespace)
 * and Linux's own TCP (on pe0, 192.0.2.2, namespace "peer"): active and
 * passive open, refusal, time-out, teardown in both directions, resets,
 * bind and listen rules with their errno, ephemeral ports shared by
 * connections with distinct four-tuples, and /proc/net/xtcp.
 *
 * The Linux side of each test runs in a child process that has joined the
 * peer namespace; a pipe tells the parent when it listens.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>
#include <stdatomic.h>

#include "kselftest_harness.h"
#include "xtcp_lib.h"


static int local_port(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (getsockname(fd, (struct sockaddr *)&sin, &len))
		return -1;
	return ntohs(sin.sin_port);
}

/*
 * Linux side: listen on PEER_ADDR:port, tell the parent it is ready.
 * Returns the listener, or -1.
 */
static int peer_listen(struct peer *p)
{
	struct sockaddr_in sin = addr_of(PEER_ADDR, p->port);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);

	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 16) ||
	    peer_report(p, 0))
		return -1;
	return lfd;
}

/* Linux side: peer_listen(), then accept one connection; it, or -1. */
static int peer_accept_one(struct peer *p)
{
	int lfd = peer_listen(p);

	return lfd < 0 ? -1 : accept(lfd, NULL, NULL);
}

static int recv_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n <= 0)
			return n < 0 ? -errno : (int)got;
		got += n;
	}
	return got;
}

#define PORT_RANGE	"/proc/sys/net/ipv4/ip_local_port_range"

FIXTURE(wire) {
	int family;
	char saved_range[64];	/* ip_local_port_range, when a test changed it */
};

/*
 * XTCP_STREAM_FAMILY=inet runs a test with Linux's TCP in xtcp's place
 * (only some of these tests are written for that: relisten_* is).
 */
FIXTURE_SETUP(wire)
{
	self->family = family_under_test();
	if (!inet_mode()) {
		ASSERT_EQ(0, write_file(DEVICES_SYSCTL, "xt0")) {
			TH_LOG("cannot attach xt0 through %s", DEVICES_SYSCTL);
		}
	}
	signal(SIGPIPE, SIG_IGN);
}

/* What a test changed goes back even when it failed half-way. */
FIXTURE_TEARDOWN(wire)
{
	peer_nft_del("xtcp_test");
	peer_nft_del("xtcp_linger");
	if (self->saved_range[0])
		write_file(PORT_RANGE, self->saved_range);
	if (!inet_mode())
		write_file(DEVICES_SYSCTL, "");
}

/* Linux server: accepts, says hello, expects EOF. */
static int serve_hello(struct peer *p)
{
	int fd = peer_accept_one(p);
	char buf[16];

	if (fd < 0)
		return 2;
	if (send(fd, "hello", 5, 0) != 5)
		return 3;
	if (recv(fd, buf, sizeof(buf), 0) != 0)	/* xtcp's FIN */
		return 4;
	close(fd);
	return 0;
}

TEST_F(wire, connect_to_linux_and_close)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5001), name;
	socklen_t len = sizeof(name);
	int port = 5001, fd;
	char buf[8] = "";
	struct child c;

	ASSERT_EQ(0, peer_spawn(&c, serve_hello, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer))) {
		TH_LOG("connect: %s", strerror(errno));
	}
	ASSERT_EQ(0, getsockname(fd, (struct sockaddr *)&name, &len));
	EXPECT_EQ(AF_INET, name.sin_family);
	EXPECT_EQ(addr_of(XTCP_ADDR, 0).sin_addr.s_addr, name.sin_addr.s_addr);
	EXPECT_NE(0, name.sin_port);
	len = sizeof(name);
	ASSERT_EQ(0, getpeername(fd, (struct sockaddr *)&name, &len));
	EXPECT_EQ(peer.sin_addr.s_addr, name.sin_addr.s_addr);
	EXPECT_EQ(peer.sin_port, name.sin_port);
	EXPECT_EQ(5, recv_all(fd, buf, 5));
	EXPECT_STREQ("hello", buf);
	/* A second connect on a connected socket. */
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EISCONN, errno);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, child_status(&c));
}

TEST_F(wire, connect_refused_by_linux)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5999);
	int fd = socket(self->family, SOCK_STREAM, 0);
	socklen_t len = sizeof(peer);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(ECONNREFUSED, errno);
	EXPECT_EQ(-1, getpeername(fd, (struct sockaddr *)&peer, &len));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
}

TEST_F(wire, connect_errors_before_the_wire)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5001);
	int fd = socket(self->family, SOCK_STREAM, 0);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer) - 1));
	EXPECT_EQ(EINVAL, errno);
	peer.sin_family = AF_INET6;
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* No route: the test VM has no default route. */
	peer = addr_of("203.0.113.7", 80);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(ENETUNREACH, errno);
	close(fd);
}

/*
 * The peer's namespace drops (and counts) every packet to @port, in its
 * own nft table (the fixture's teardown removes both tables).
 */
static int drop_in_peer(const char *table, int port, bool on)
{
	char rule[128];

	if (!on) {
		peer_nft_del(table);
		return 0;
	}
	snprintf(rule, sizeof(rule), "tcp dport %d counter drop", port);
	return peer_nft(table, "input", rule);
}

static int drop_syns_in_peer(int port, bool on)
{
	return drop_in_peer("xtcp_test", port, on);
}

TEST_F(wire, connect_nonblocking_then_timeout)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5003);
	struct pollfd pfd;
	int fd, syncnt = 1, err;
	socklen_t len = sizeof(err);

	ASSERT_EQ(0, drop_syns_in_peer(5003, true));
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syncnt, sizeof(syncnt)));
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EALREADY, errno);
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	EXPECT_EQ(0, poll(&pfd, 1, 0));		/* nothing while SYN-SENT */

	/* One retransmission (TCP_SYNCNT 1), then ETIMEDOUT. */
	EXPECT_EQ(1, poll(&pfd, 1, 60000));
	EXPECT_TRUE(pfd.revents & (POLLERR | POLLHUP));
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	EXPECT_EQ(ETIMEDOUT, err);
	/* The peer's nft saw the SYN and at least its one retransmission
	 * (Linux may send one more before its time-out fires).
	 */
	EXPECT_LE(2, peer_nft_count("xtcp_test"));
	close(fd);

	/* A blocking connect that times out. */
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syncnt, sizeof(syncnt)));
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(ETIMEDOUT, errno);
	close(fd);
	drop_syns_in_peer(5003, false);
}

TEST_F(wire, connect_nonblocking_completes)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5004);
	int port = 5004, fd, err;
	socklen_t len = sizeof(err);
	struct pollfd pfd;
	char buf[8];
	struct child c;

	ASSERT_EQ(0, peer_spawn(&c, serve_hello, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EINPROGRESS, errno);
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_TRUE(pfd.revents & POLLOUT);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	EXPECT_EQ(0, err);
	/* As AF_INET: the connect() after completion returns 0, then EISCONN. */
	EXPECT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EISCONN, errno);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_EQ(5, recv(fd, buf, sizeof(buf), 0));
	close(fd);
	EXPECT_EQ(0, child_status(&c));
}

/* Linux client: connects, sends "ping", half-closes, expects EOF back. */
static int client_ping(struct peer *p)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, p->port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char buf[8];

	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return 10 + errno;
	if (send(fd, "ping", 4, 0) != 4 || shutdown(fd, SHUT_WR))
		return 3;
	if (recv(fd, buf, sizeof(buf), 0) != 0)
		return 4;
	close(fd);
	return 0;
}

TEST_F(wire, accept_from_linux)
{
	struct sockaddr_in me = addr_of("0.0.0.0", 6001), from;
	socklen_t len = sizeof(from);
	int port = 6001, lfd, fd;
	struct pollfd pfd;
	char buf[8] = "";
	struct child c;

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 8));
	/* Nothing to accept yet (the listener's O_NONBLOCK decides). */
	fcntl(lfd, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, accept4(lfd, NULL, NULL, 0));
	EXPECT_EQ(EAGAIN, errno);
	fcntl(lfd, F_SETFL, 0);
	pfd = (struct pollfd){ .fd = lfd, .events = POLLIN };
	EXPECT_EQ(0, poll(&pfd, 1, 0));

	ASSERT_EQ(0, peer_spawn(&c, client_ping, port, 0));
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	fd = accept4(lfd, (struct sockaddr *)&from, &len, SOCK_CLOEXEC);
	ASSERT_LE(0, fd) {
		TH_LOG("accept4: %s", strerror(errno));
	}
	EXPECT_EQ(sizeof(from), len);
	EXPECT_EQ(AF_INET, from.sin_family);
	EXPECT_EQ(addr_of(PEER_ADDR, 0).sin_addr.s_addr, from.sin_addr.s_addr);
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(4, recv_all(fd, buf, 4));
	EXPECT_STREQ("ping", buf);
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), 0));	/* the peer's FIN */
	close(fd);
	EXPECT_EQ(0, child_status(&c));
	close(lfd);
}

/* Linux client that connects and waits for a reset. */
static int client_expect_reset(struct peer *p)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, p->port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char buf[8];

	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		return 10 + errno;
	if (send(fd, "data", 4, 0) != 4)
		return 3;
	if (recv(fd, buf, sizeof(buf), 0) != -1 || errno != ECONNRESET)
		return 4;
	return 0;
}

TEST_F(wire, close_with_unread_data_resets)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6002);
	int port = 6002, lfd, fd;
	long before = xtcp_stat("AbortOnData");
	struct pollfd pfd;
	struct child c;

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 8));
	ASSERT_EQ(0, peer_spawn(&c, client_expect_reset, port, 0));
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 10000));	/* the data is there, unread */
	close(fd);
	EXPECT_EQ(0, child_status(&c));
	EXPECT_LT(before, xtcp_stat("AbortOnData"));
	close(lfd);
}

TEST_F(wire, linger_zero_resets)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6003);
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int port = 6003, lfd, fd;
	char buf[4];
	struct child c;

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 8));
	ASSERT_EQ(0, peer_spawn(&c, client_expect_reset, port, 0));
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	EXPECT_EQ(4, recv_all(fd, buf, 4));	/* read it: only linger resets */
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(fd);
	EXPECT_EQ(0, child_status(&c));
	close(lfd);
}

/* Linux server that resets the connection it accepts. */
static int serve_reset(struct peer *p)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int fd = peer_accept_one(p);

	if (fd < 0)
		return 2;
	/* Only once xtcp's connect() returned: a reset arriving before the
	 * process wakes would make connect() itself fail (as on AF_INET).
	 */
	if (peer_wait_go(p))
		return 3;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	return 0;
}

TEST_F(wire, reset_by_linux)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5005);
	int port = 5005, fd;
	socklen_t len = sizeof(peer);
	struct pollfd pfd;
	char buf[4];
	struct child c;

	ASSERT_EQ(0, peer_spawn(&c, serve_reset, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer))) {
		TH_LOG("connect: %s", strerror(errno));
	}
	child_go(&c);
	EXPECT_EQ(0, child_status(&c));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_TRUE(pfd.revents & POLLERR);
	EXPECT_EQ(-1, recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(ECONNRESET, errno);
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), 0));	/* error reported once */
	EXPECT_EQ(-1, getpeername(fd, (struct sockaddr *)&peer, &len));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
}

/* Linux server: reads to EOF, then sends "bye" and closes. */
static int serve_half_close(struct peer *p)
{
	int fd = peer_accept_one(p);
	char buf[8];

	if (fd < 0)
		return 2;
	if (recv(fd, buf, sizeof(buf), 0) != 0)
		return 4;
	if (send(fd, "bye", 3, 0) != 3)
		return 5;
	close(fd);
	return 0;
}

TEST_F(wire, shutdown_write_then_read_to_end)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5006);
	int port = 5006, fd;
	char buf[8] = "";
	struct child c;

	ASSERT_EQ(0, peer_spawn(&c, serve_half_close, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(0, shutdown(fd, SHUT_WR));
	EXPECT_EQ(-1, send(fd, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(3, recv_all(fd, buf, 3));
	EXPECT_STREQ("bye", buf);
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), 0));
	close(fd);
	EXPECT_EQ(0, child_status(&c));
}

TEST_F(wire, bind_rules_and_errno)
{
	struct sockaddr_in any = addr_of("0.0.0.0", 6031), sin, name;
	socklen_t len = sizeof(name);
	int a, b, c, one = 1;

	a = socket(self->family, SOCK_STREAM, 0);
	b = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(a, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(-1, bind(a, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EINVAL, errno);		/* bound already */
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EADDRINUSE, errno);
	sin = addr_of(XTCP_ADDR, 6031);
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRINUSE, errno);		/* overlaps INADDR_ANY */
	sin = addr_of("198.51.100.9", 6032);
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, 8));
	EXPECT_EQ(EINVAL, errno);
	sin = addr_of(XTCP_ADDR, 6033);
	sin.sin_family = AF_UNIX;
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* sin_family AF_XTCP is as good as AF_INET. */
	sin.sin_family = self->family;
	EXPECT_EQ(0, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	close(a);
	close(b);

	/* Port 0: an ephemeral port, shown by getsockname(). */
	a = socket(self->family, SOCK_STREAM, 0);
	sin = addr_of(XTCP_ADDR, 0);
	ASSERT_EQ(0, bind(a, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(0, getsockname(a, (struct sockaddr *)&name, &len));
	EXPECT_NE(0, name.sin_port);
	EXPECT_EQ(sin.sin_addr.s_addr, name.sin_addr.s_addr);
	close(a);

	/* SO_REUSEADDR: two may bind, only one may listen. */
	a = socket(self->family, SOCK_STREAM, 0);
	b = socket(self->family, SOCK_STREAM, 0);
	setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	any = addr_of("0.0.0.0", 6034);
	ASSERT_EQ(0, bind(a, (struct sockaddr *)&any, sizeof(any)));
	ASSERT_EQ(0, bind(b, (struct sockaddr *)&any, sizeof(any)));
	ASSERT_EQ(0, listen(a, 1));
	EXPECT_EQ(-1, listen(b, 1));
	EXPECT_EQ(EADDRINUSE, errno);
	c = socket(self->family, SOCK_STREAM, 0);
	setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	EXPECT_EQ(-1, bind(c, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EADDRINUSE, errno);		/* a listener holds it */
	close(a);
	close(b);
	close(c);

	/* SO_REUSEPORT: several listeners of one user.  Linux 6.1's generic
	 * SOL_SOCKET code refuses it to families other than AF_INET/AF_INET6
	 * and lets no family override that (see module/compat.h).
	 */
	a = socket(self->family, SOCK_STREAM, 0);
	b = socket(self->family, SOCK_STREAM, 0);
	if (setsockopt(a, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))) {
		struct utsname u;

		uname(&u);
		EXPECT_EQ(EOPNOTSUPP, errno);
		EXPECT_EQ(0, strncmp(u.release, "6.1.", 4)) {
			TH_LOG("SO_REUSEPORT refused on %s", u.release);
		}
		close(a);
		close(b);
		goto listen_autobind;
	}
	ASSERT_EQ(0, setsockopt(b, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)));
	any = addr_of("0.0.0.0", 6035);
	ASSERT_EQ(0, bind(a, (struct sockaddr *)&any, sizeof(any)));
	ASSERT_EQ(0, bind(b, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(0, listen(a, 1));
	EXPECT_EQ(0, listen(b, 1));
	close(a);
	close(b);

listen_autobind:
	/* listen() without bind() picks a port. */
	a = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, listen(a, 1));
	len = sizeof(name);
	ASSERT_EQ(0, getsockname(a, (struct sockaddr *)&name, &len));
	EXPECT_NE(0, name.sin_port);
	EXPECT_EQ(-1, connect(a, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EISCONN, errno);
	close(a);
}

/* A connection waits to be accepted on @lfd. */
static bool listener_ready(int lfd)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };

	return poll(&pfd, 1, 0) == 1;
}

/* Linux client opening several connections to a listener that does not accept. */
static int client_many(struct peer *p)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, p->port);
	int i, fds[6];

	for (i = 0; i < 6; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fds[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	/* Hold them until the parent is done (it kills us). */
	pause();
	return 0;
}

TEST_F(wire, backlog_is_enforced)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6004);
	long before = stat_under_test("ListenOverflows", "ListenOverflows");
	int port = 6004, lfd, fd, accepted = 0;
	struct child c;

	lfd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 1));
	ASSERT_EQ(0, peer_spawn(&c, client_many, port, 0));
	/*
	 * The queue is full once a connection waits in it and another found
	 * no room (counted when its SYN or its handshake's ACK came).
	 */
	EXPECT_TRUE(WAIT_UNTIL(listener_ready(lfd) &&
			       stat_under_test("ListenOverflows", "ListenOverflows") > before,
			       60, "a connection to accept and ListenOverflows to grow"));
	/*
	 * The client's retransmitted SYNs and handshake ACKs would complete
	 * more connections as the drain below makes room (a slow debug VM
	 * saw 3): from now on the peer sends nothing more to the port.
	 */
	ASSERT_EQ(0, peer_nft("xtcp_test", "output",
			      "tcp dport 6004 counter drop"));
	while ((fd = accept(lfd, NULL, NULL)) >= 0) {
		accepted++;
		close(fd);
	}
	EXPECT_EQ(EAGAIN, errno);
	/* backlog 1: at most 2 established ones wait, as on Linux. */
	EXPECT_LE(1, accepted);
	EXPECT_GE(2, accepted);
	close(lfd);
	EXPECT_TRUE(child_kill(&c));
}

/* xtcp to xtcp on one host: local delivery through the loopback device. */
TEST_F(wire, xtcp_to_itself)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6005), from;
	socklen_t len = sizeof(from);
	int lfd, cfd, afd;
	char buf[4];

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 4));
	cfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&me, sizeof(me))) {
		TH_LOG("connect: %s", strerror(errno));
	}
	afd = accept(lfd, (struct sockaddr *)&from, &len);
	ASSERT_LE(0, afd);
	EXPECT_EQ(me.sin_addr.s_addr, from.sin_addr.s_addr);
	EXPECT_EQ(0, shutdown(cfd, SHUT_WR));
	EXPECT_EQ(0, recv(afd, buf, sizeof(buf), 0));
	close(afd);
	EXPECT_EQ(0, recv(cfd, buf, sizeof(buf), 0));
	close(cfd);
	close(lfd);
}

/* Linux's TCP states, as /proc/net/tcp and /proc/net/xtcp show them. */
enum { ST_ESTABLISHED = 1, ST_SYN_SENT, ST_SYN_RECV, ST_FIN_WAIT1,
       ST_FIN_WAIT2, ST_TIME_WAIT, ST_CLOSE, ST_CLOSE_WAIT, ST_LAST_ACK,
       ST_LISTEN, ST_CLOSING };

TEST_F(wire, proc_net_xtcp_lists_sockets)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6020);
	int lfd, cfd, afd, cport;
	char header[256] = "";
	FILE *f;

	f = fopen("/proc/net/xtcp", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(header, sizeof(header), f));
	fclose(f);
	EXPECT_EQ(0, strncmp(header, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode", 96));

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	EXPECT_EQ(-1, proc_state(6020, 0));	/* bound only: not listed */
	ASSERT_EQ(0, listen(lfd, 4));
	EXPECT_EQ(ST_LISTEN, proc_state(6020, 0));

	cfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(cfd, (struct sockaddr *)&me, sizeof(me)));
	cport = local_port(cfd);
	afd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, afd);
	EXPECT_EQ(ST_ESTABLISHED, proc_state(cport, 6020));
	EXPECT_EQ(ST_ESTABLISHED, proc_state(6020, cport));

	close(cfd);		/* the client closes first */
	EXPECT_EQ(ST_FIN_WAIT2, wait_proc_state(cport, 6020, ST_FIN_WAIT2));
	EXPECT_EQ(ST_CLOSE_WAIT, wait_proc_state(6020, cport, ST_CLOSE_WAIT));
	close(afd);
	EXPECT_EQ(ST_TIME_WAIT, wait_proc_state(cport, 6020, ST_TIME_WAIT));
	EXPECT_EQ(-1, wait_proc_state(6020, cport, -1));
	close(lfd);
	EXPECT_EQ(-1, proc_state(6020, 0));
}

static void on_alarm(int sig)
{
}

/*
 * A signal ends a blocking connect() with EINTR (no SA_RESTART) while the
 * attempt goes on: a second connect() finds it in progress.  AF_INET runs
 * the same steps first, as the reference.
 */
TEST_F(wire, connect_interrupted_by_signal)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5010);
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { .it_value = { .tv_usec = 300000 } };
	int families[2] = { AF_INET, self->family };
	int i, fd;

	ASSERT_EQ(0, drop_syns_in_peer(5010, true));
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, &old));
	for (i = 0; i < 2; i++) {
		fd = socket(families[i], SOCK_STREAM, 0);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
		EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
		EXPECT_EQ(EINTR, errno) {
			TH_LOG("family %d: connect: %s", families[i], strerror(errno));
		}
		EXPECT_EQ(ST_SYN_SENT, i ? proc_state(local_port(fd), 5010) : ST_SYN_SENT);
		fcntl(fd, F_SETFL, O_NONBLOCK);
		EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
		EXPECT_EQ(EALREADY, errno) {
			TH_LOG("family %d: second connect: %s", families[i], strerror(errno));
		}
		close(fd);
	}
	sigaction(SIGALRM, &old, NULL);
	drop_syns_in_peer(5010, false);
}

/* Linux server: reads to EOF, then closes. */
static int serve_until_eof(struct peer *p)
{
	int fd = peer_accept_one(p);
	char buf[64];

	if (fd < 0)
		return 2;
	while (recv(fd, buf, sizeof(buf), 0) > 0)
		;
	close(fd);
	return 0;
}

static int drop_all_in_peer(int port, bool on)
{
	return drop_in_peer("xtcp_linger", port, on);
}

struct closer {
	int fd;
	int ret;
	atomic_int done;
};

static void *close_thread(void *arg)
{
	struct closer *cl = arg;

	cl->ret = close(cl->fd);
	atomic_store(&cl->done, 1);
	return NULL;
}

/*
 * SO_LINGER with a timeout: close() returns once our FIN is acknowledged,
 * or when the time is up.  No time is measured; the order of events is
 * what counts.  With the peer alive and a linger time far beyond the
 * test's own time-out, close() returns (the harness would end a close()
 * that waited it out) and the FIN is acknowledged (FIN-WAIT-2 or later).
 * With the peer silent, close() (in a thread) is still blocked once the
 * socket is in FIN-WAIT-1, returns 0 when the linger time is up, and the
 * peer's nft dropped the FIN, still unacknowledged (FIN-WAIT-1).  Nothing
 * forks while close() runs: a child holding the descriptor would make the
 * child's exit, not close(), release the socket (without lingering).
 */
TEST_F(wire, linger_timeout_waits_for_fin_ack)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5011);
	struct linger lg = { .l_onoff = 1, .l_linger = 3600 };
	int port = 5011, fd, lport, st;
	struct closer cl = { 0 };
	struct child c;
	pthread_t t;

	/* Peer alive. */
	ASSERT_EQ(0, peer_spawn(&c, serve_until_eof, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	lport = local_port(fd);
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	EXPECT_EQ(0, close(fd));
	st = state_under_test(lport, 5011);
	EXPECT_TRUE(st == ST_FIN_WAIT2 || st == ST_TIME_WAIT) {
		TH_LOG("state %d after close() returned", st);
	}
	EXPECT_EQ(0, child_status(&c));

	/* Peer silent once connected: close() waits out the linger time. */
	port = 5012;
	peer = addr_of(PEER_ADDR, port);
	ASSERT_EQ(0, peer_spawn(&c, serve_until_eof, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	lport = local_port(fd);
	ASSERT_EQ(0, drop_all_in_peer(port, true));
	lg.l_linger = 5;
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	cl.fd = fd;
	ASSERT_EQ(0, pthread_create(&t, NULL, close_thread, &cl));
	EXPECT_TRUE(WAIT_UNTIL(state_under_test(lport, port) == ST_FIN_WAIT1, 60,
			       "FIN-WAIT-1 after close()"));
	EXPECT_FALSE(atomic_load(&cl.done)) {
		TH_LOG("close() returned before the linger time, FIN unacknowledged");
	}
	pthread_join(t, NULL);
	EXPECT_EQ(0, cl.ret);
	EXPECT_EQ(ST_FIN_WAIT1, state_under_test(lport, port));
	EXPECT_LE(1, peer_nft_count("xtcp_linger"));
	/*
	 * Kill the peer while its drop rule still stands: once the rule is
	 * gone the orphan's next FIN retransmission reaches it, and a peer
	 * that saw EOF exits on its own rather than by the signal.
	 */
	EXPECT_TRUE(child_kill(&c));
	drop_all_in_peer(port, false);
}

/*
 * Linux client: twice from 192.0.2.2:41000 to the xtcp server, which
 * closes first each time; the second SYN finds xtcp's TIME-WAIT.
 */
static int client_same_port_twice(struct peer *p)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, p->port);
	struct sockaddr_in me = addr_of(PEER_ADDR, 41000);
	int round, try, fd, one = 1;
	char buf[8];

	for (round = 0; round < 2; round++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&me, sizeof(me)))
			return 10 + errno;
		/* Our own LAST-ACK may linger a moment: EADDRNOTAVAIL. */
		for (try = 0; try < 50; try++) {
			if (!connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
				break;
			if (errno != EADDRNOTAVAIL)
				return 30 + errno;
			usleep(100000);
		}
		if (try == 50)
			return 5;
		if (recv(fd, buf, sizeof(buf), 0) != 0)
			return 4;
		close(fd);
		if (round == 0 && peer_report(p, 0))
			return 6;
	}
	return 0;
}

TEST_F(wire, time_wait_reused_by_new_syn)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6010);
	long before = xtcp_stat("TimeWaitReused");
	int port = 6010, lfd, fd;
	struct pollfd pfd;
	struct child c;

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 4));
	ASSERT_EQ(0, peer_spawn(&c, client_same_port_twice, port, 0));
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	close(fd);		/* xtcp closes first: TIME-WAIT on our side */
	ASSERT_EQ(0, child_ready(&c));
	pfd = (struct pollfd){ .fd = lfd, .events = POLLIN };
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(0, child_status(&c));
	EXPECT_EQ(before + 1, xtcp_stat("TimeWaitReused"));
	close(lfd);
}

/* Linux side: listeners on ports arg[0]..arg[0]+3 that never accept. */
static int listen_on_four(struct peer *p)
{
	int base = p->port, i, one = 1;

	for (i = 0; i < 4; i++) {
		struct sockaddr_in sin = addr_of(PEER_ADDR, base + i);
		int lfd = socket(AF_INET, SOCK_STREAM, 0);

		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
		    listen(lfd, 16))
			return 2;
	}
	if (peer_report(p, 0))
		return 3;
	pause();
	return 0;
}

static int xtcp_connect_to(int family, int port)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, port);
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&peer, sizeof(peer))) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

/*
 * With net.ipv4.ip_local_port_range narrowed to two ports, connect()
 * shares a port among connections to different peers, as Linux does; a
 * port bind() took is not shared; a four-tuple in use, or a range with no
 * unique four-tuple left, is EADDRNOTAVAIL.
 */
TEST_F(wire, ephemeral_ports_shared_by_distinct_tuples)
{
	struct sockaddr_in sin, any = addr_of("0.0.0.0", 0);
	int base = 5020, i, one = 1, held, fds[6], a, b, fd;
	struct child c;
	FILE *f;

	/* The teardown puts the range back, whatever happens here. */
	f = fopen(PORT_RANGE, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(self->saved_range, sizeof(self->saved_range), f));
	fclose(f);
	ASSERT_EQ(0, write_file(PORT_RANGE, "40000 40001"));
	ASSERT_EQ(0, peer_spawn(&c, listen_on_four, base, 0));
	ASSERT_EQ(0, child_ready(&c));

	/* bind() holds 40000: connect() keeps off it. */
	held = socket(self->family, SOCK_STREAM, 0);
	sin = addr_of(XTCP_ADDR, 40000);
	ASSERT_EQ(0, bind(held, (struct sockaddr *)&sin, sizeof(sin)));
	for (i = 0; i < 4; i++) {
		fds[i] = xtcp_connect_to(self->family, base + i);
		EXPECT_LE(0, fds[i]) {
			TH_LOG("connect %d: %s", i, strerror(-fds[i]));
		}
		EXPECT_EQ(40001, local_port(fds[i]));
	}
	/* Every four-tuple of the range to base is taken. */
	EXPECT_EQ(-EADDRNOTAVAIL, xtcp_connect_to(self->family, base));
	close(held);
	fds[4] = xtcp_connect_to(self->family, base);
	EXPECT_LE(0, fds[4]);
	EXPECT_EQ(40000, local_port(fds[4]));
	EXPECT_EQ(-EADDRNOTAVAIL, xtcp_connect_to(self->family, base));
	/* bind(port 0) finds every port of the range held. */
	fd = socket(self->family, SOCK_STREAM, 0);
	EXPECT_EQ(-1, bind(fd, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EADDRINUSE, errno);
	close(fd);

	/* Two sockets sharing an explicit port: one four-tuple each. */
	a = socket(self->family, SOCK_STREAM, 0);
	b = socket(self->family, SOCK_STREAM, 0);
	setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin = addr_of(XTCP_ADDR, 40100);
	ASSERT_EQ(0, bind(a, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(0, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	sin = addr_of(PEER_ADDR, base + 1);
	EXPECT_EQ(0, connect(a, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(-1, connect(b, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	sin = addr_of(PEER_ADDR, base + 2);
	EXPECT_EQ(0, connect(b, (struct sockaddr *)&sin, sizeof(sin)));
	close(a);
	close(b);

	for (i = 0; i < 5; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	EXPECT_TRUE(child_kill(&c));
}

/* Linux server: the first connection must be reset, the second closed. */
static int serve_reset_then_eof(struct peer *p)
{
	int lfd = peer_listen(p), fd, fd2;
	char buf[8];

	fd = lfd < 0 ? -1 : accept(lfd, NULL, NULL);
	if (fd < 0)
		return 2;
	if (recv(fd, buf, sizeof(buf), 0) != -1 || errno != ECONNRESET)
		return 3;
	close(fd);
	fd2 = accept(lfd, NULL, NULL);
	if (fd2 < 0)
		return 4;
	if (recv(fd2, buf, sizeof(buf), 0) != 0)
		return 5;
	return 0;
}

/* connect(AF_UNSPEC): as Linux, a connection is reset and the socket reusable. */
TEST_F(wire, connect_unspec_disconnects)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5013);
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	socklen_t len = sizeof(peer);
	int families[2] = { AF_INET, self->family };
	int port = 5013, fd, i;
	struct child c;

	/* Unconnected: nothing to dissolve, success (AF_INET as reference). */
	for (i = 0; i < 2; i++) {
		fd = socket(families[i], SOCK_STREAM, 0);
		EXPECT_EQ(0, connect(fd, &unspec, sizeof(unspec)));
		EXPECT_EQ(-1, connect(fd, &unspec, 1));
		EXPECT_EQ(EINVAL, errno);
		close(fd);
	}

	ASSERT_EQ(0, peer_spawn(&c, serve_reset_then_eof, port, 0));
	ASSERT_EQ(0, child_ready(&c));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(0, connect(fd, &unspec, sizeof(unspec)));
	EXPECT_EQ(-1, getpeername(fd, (struct sockaddr *)&peer, &len));
	EXPECT_EQ(ENOTCONN, errno);
	peer = addr_of(PEER_ADDR, port);
	EXPECT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer))) {
		TH_LOG("connect after AF_UNSPEC: %s", strerror(errno));
	}
	close(fd);
	EXPECT_EQ(0, child_status(&c));
}

/*
 * iperf3's way: a server closes its listener while connections it accepted
 * (and closed first) wait in TIME-WAIT, then listens on the port again.
 * The connections inherited the listener's SO_REUSEADDR, as Linux's do,
 * so the new socket binds with SO_REUSEADDR; without it, EADDRINUSE.
 */
TEST_F(wire, relisten_with_reuseaddr_over_time_wait_children)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, 6090);
	int l, l2, c, a, cport;
	char byte;

	l = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, l);
	ASSERT_EQ(0, setint(l, SOL_SOCKET, SO_REUSEADDR, 1));
	ASSERT_EQ(0, bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(0, listen(l, 4));
	c = socket_in_netns(PEER_NETNS, AF_INET);
	ASSERT_LE(0, c);
	set_timeouts(c, 5000);
	ASSERT_EQ(0, connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	cport = local_port(c);
	a = accept(l, NULL, NULL);
	ASSERT_LE(0, a);
	EXPECT_EQ(1, getint(a, SOL_SOCKET, SO_REUSEADDR));	/* inherited */
	close(a);				/* the server closes first */
	EXPECT_EQ(0, read(c, &byte, 1));
	close(c);
	if (!inet_mode()) {
		EXPECT_EQ(6, wait_proc_state(6090, cport, 6));	/* TIME-WAIT */
	} else {
		usleep(300000);
	}
	close(l);

	l2 = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, l2);
	EXPECT_EQ(-1, bind(l2, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRINUSE, errno);
	ASSERT_EQ(0, setint(l2, SOL_SOCKET, SO_REUSEADDR, 1));
	EXPECT_EQ(0, bind(l2, (struct sockaddr *)&sin, sizeof(sin))) {
		TH_LOG("bind over the TIME-WAIT child: %s", strerror(errno));
	}
	EXPECT_EQ(0, listen(l2, 4));
	/* And it serves. */
	c = socket_in_netns(PEER_NETNS, AF_INET);
	set_timeouts(c, 5000);
	EXPECT_EQ(0, connect(c, (struct sockaddr *)&sin, sizeof(sin)));
	a = accept(l2, NULL, NULL);
	EXPECT_LE(0, a);
	close(a);
	close(c);
	close(l2);
}

TEST_HARNESS_MAIN
