// SPDX-License-Identifier: GPL-2.0
/*
 * Connections on the wire between xtcp (on xt0, 192.0.2.1, main namespace)
 * and Linux's own TCP (on pe0, 192.0.2.2, namespace "peer"): active and
 * passive open, refusal, time-out, teardown in both directions, resets,
 * bind and listen rules with their errno.
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
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "xtcp_lib.h"

#define XTCP_ADDR	"192.0.2.1"
#define PEER_ADDR	"192.0.2.2"
#define DEVICES_SYSCTL	"/proc/sys/net/xtcp/devices"

static struct sockaddr_in addr_of(const char *ip, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &sin.sin_addr);
	return sin;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

static long read_stat(const char *name)
{
	char names[8192], values[8192];
	FILE *f = fopen("/proc/net/xtcp_stat", "r");
	long v = -1;
	char *n, *val, *sn, *sv;

	if (!f)
		return -1;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		n = strtok_r(names, " \n", &sn);
		val = strtok_r(values, " \n", &sv);
		while ((n = strtok_r(NULL, " \n", &sn)) &&
		       (val = strtok_r(NULL, " \n", &sv)))
			if (!strcmp(n, name))
				v = atol(val);
	}
	fclose(f);
	return v;
}

/* Run fn in a child inside namespace "peer"; *ready gets its pipe's read end. */
static pid_t peer_spawn(int (*fn)(int ready_fd, void *arg), void *arg, int *ready)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		int ns = open("/run/netns/peer", O_RDONLY);

		close(p[0]);
		if (ns < 0 || setns(ns, CLONE_NEWNET))
			_exit(99);
		alarm(60);
		_exit(fn(p[1], arg));
	}
	close(p[1]);
	*ready = p[0];
	return pid;
}

static int wait_ready(int ready)
{
	struct pollfd pfd = { .fd = ready, .events = POLLIN };
	char c;

	if (poll(&pfd, 1, 10000) != 1 || read(ready, &c, 1) != 1)
		return -1;
	return 0;
}

static int peer_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Linux side: listen on PEER_ADDR:port, tell the parent through @ready,
 * accept one connection.  Returns it, or -1.
 */
static int peer_accept_one(int port, int ready)
{
	struct sockaddr_in sin = addr_of(PEER_ADDR, port);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);

	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 16) ||
	    write(ready, "r", 1) != 1)
		return -1;
	return accept(lfd, NULL, NULL);
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

FIXTURE(wire) {
	int family;
};

FIXTURE_SETUP(wire)
{
	self->family = xtcp_family();
	ASSERT_EQ(0, write_file(DEVICES_SYSCTL, "xt0")) {
		TH_LOG("cannot attach xt0 through %s", DEVICES_SYSCTL);
	}
	signal(SIGPIPE, SIG_IGN);
}

FIXTURE_TEARDOWN(wire)
{
	write_file(DEVICES_SYSCTL, "");
}

/* Linux server: accepts, says hello, expects EOF. */
static int serve_hello(int ready, void *arg)
{
	int fd = peer_accept_one(*(int *)arg, ready);
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
	int port = 5001, ready, fd;
	char buf[8] = "";
	pid_t pid;

	pid = peer_spawn(serve_hello, &port, &ready);
	ASSERT_EQ(0, wait_ready(ready));
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
	EXPECT_EQ(0, peer_status(pid));
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

static void drop_syns_in_peer(int port, bool on)
{
	char cmd[256];

	if (on)
		snprintf(cmd, sizeof(cmd),
			 "ip netns exec peer nft -f - <<'EOF'\n"
			 "table inet xtcp_test { chain in { type filter hook input priority 0; tcp dport %d drop; }; }\n"
			 "EOF", port);
	else
		snprintf(cmd, sizeof(cmd),
			 "ip netns exec peer nft delete table inet xtcp_test");
	system(cmd);
}

TEST_F(wire, connect_nonblocking_then_timeout)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5003);
	struct pollfd pfd;
	int fd, syncnt = 1, err;
	socklen_t len = sizeof(err);
	time_t start;

	drop_syns_in_peer(5003, true);
	fd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syncnt, sizeof(syncnt)));
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EINPROGRESS, errno);
	EXPECT_EQ(-1, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(EALREADY, errno);
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	EXPECT_EQ(0, poll(&pfd, 1, 200));	/* nothing while SYN-SENT */

	/* One retransmission (1 s), then 2 s more: ETIMEDOUT. */
	start = time(NULL);
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_TRUE(pfd.revents & (POLLERR | POLLHUP));
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len));
	EXPECT_EQ(ETIMEDOUT, err);
	EXPECT_GE(time(NULL) - start, 1);
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
	int port = 5004, ready, fd, err;
	socklen_t len = sizeof(err);
	struct pollfd pfd;
	char buf[8];
	pid_t pid;

	pid = peer_spawn(serve_hello, &port, &ready);
	ASSERT_EQ(0, wait_ready(ready));
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
	EXPECT_EQ(0, peer_status(pid));
}

/* Linux client: connects, sends "ping", half-closes, expects EOF back. */
static int client_ping(int ready, void *arg)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, *(int *)arg);
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
	int port = 6001, ready, lfd, fd;
	struct pollfd pfd;
	char buf[8] = "";
	pid_t pid;

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

	pid = peer_spawn(client_ping, &port, &ready);
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
	EXPECT_EQ(0, peer_status(pid));
	close(lfd);
}

/* Linux client that connects and waits for a reset. */
static int client_expect_reset(int ready, void *arg)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, *(int *)arg);
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
	int port = 6002, ready, lfd, fd;
	long before = read_stat("AbortOnData");
	struct pollfd pfd;
	pid_t pid;

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 8));
	pid = peer_spawn(client_expect_reset, &port, &ready);
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 10000));	/* the data is there, unread */
	close(fd);
	EXPECT_EQ(0, peer_status(pid));
	EXPECT_LT(before, read_stat("AbortOnData"));
	close(lfd);
}

TEST_F(wire, linger_zero_resets)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6003);
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int port = 6003, ready, lfd, fd;
	char buf[4];
	pid_t pid;

	lfd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 8));
	pid = peer_spawn(client_expect_reset, &port, &ready);
	fd = accept(lfd, NULL, NULL);
	ASSERT_LE(0, fd);
	EXPECT_EQ(4, recv_all(fd, buf, 4));	/* read it: only linger resets */
	ASSERT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(fd);
	EXPECT_EQ(0, peer_status(pid));
	close(lfd);
}

/* Linux server that resets the connection it accepts. */
static int serve_reset(int ready, void *arg)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int fd = peer_accept_one(*(int *)arg, ready);

	if (fd < 0)
		return 2;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	return 0;
}

TEST_F(wire, reset_by_linux)
{
	struct sockaddr_in peer = addr_of(PEER_ADDR, 5005);
	int port = 5005, ready, fd;
	socklen_t len = sizeof(peer);
	struct pollfd pfd;
	char buf[4];
	pid_t pid;

	pid = peer_spawn(serve_reset, &port, &ready);
	ASSERT_EQ(0, wait_ready(ready));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(0, peer_status(pid));
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
static int serve_half_close(int ready, void *arg)
{
	int fd = peer_accept_one(*(int *)arg, ready);
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
	int port = 5006, ready, fd;
	char buf[8] = "";
	pid_t pid;

	pid = peer_spawn(serve_half_close, &port, &ready);
	ASSERT_EQ(0, wait_ready(ready));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, connect(fd, (struct sockaddr *)&peer, sizeof(peer)));
	EXPECT_EQ(0, shutdown(fd, SHUT_WR));
	EXPECT_EQ(-1, send(fd, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(3, recv_all(fd, buf, 3));
	EXPECT_STREQ("bye", buf);
	EXPECT_EQ(0, recv(fd, buf, sizeof(buf), 0));
	close(fd);
	EXPECT_EQ(0, peer_status(pid));
}

TEST_F(wire, bind_rules_and_errno)
{
	struct sockaddr_in any = addr_of("0.0.0.0", 7001), sin, name;
	socklen_t len = sizeof(name);
	int a, b, c, one = 1;

	a = socket(self->family, SOCK_STREAM, 0);
	b = socket(self->family, SOCK_STREAM, 0);
	ASSERT_EQ(0, bind(a, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(-1, bind(a, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EINVAL, errno);		/* bound already */
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&any, sizeof(any)));
	EXPECT_EQ(EADDRINUSE, errno);
	sin = addr_of(XTCP_ADDR, 7001);
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRINUSE, errno);		/* overlaps INADDR_ANY */
	sin = addr_of("198.51.100.9", 7002);
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	EXPECT_EQ(-1, bind(b, (struct sockaddr *)&sin, 8));
	EXPECT_EQ(EINVAL, errno);
	sin = addr_of(XTCP_ADDR, 7003);
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
	any = addr_of("0.0.0.0", 7004);
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
	any = addr_of("0.0.0.0", 7005);
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

/* Linux client opening several connections to a listener that does not accept. */
static int client_many(int ready, void *arg)
{
	struct sockaddr_in sin = addr_of(XTCP_ADDR, *(int *)arg);
	int i, fds[6];

	for (i = 0; i < 6; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fds[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	sleep(3);
	return 0;
}

TEST_F(wire, backlog_is_enforced)
{
	struct sockaddr_in me = addr_of(XTCP_ADDR, 6004);
	long before = read_stat("ListenOverflows");
	int port = 6004, ready, lfd, fd, accepted = 0;
	pid_t pid;

	lfd = socket(self->family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ASSERT_EQ(0, bind(lfd, (struct sockaddr *)&me, sizeof(me)));
	ASSERT_EQ(0, listen(lfd, 1));
	pid = peer_spawn(client_many, &port, &ready);
	sleep(2);
	while ((fd = accept(lfd, NULL, NULL)) >= 0) {
		accepted++;
		close(fd);
	}
	EXPECT_EQ(EAGAIN, errno);
	/* backlog 1: at most 2 established ones wait, as on Linux. */
	EXPECT_LE(1, accepted);
	EXPECT_GE(2, accepted);
	EXPECT_LT(before, read_stat("ListenOverflows"));
	close(lfd);
	EXPECT_EQ(0, peer_status(pid));
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

TEST_HARNESS_MAIN
