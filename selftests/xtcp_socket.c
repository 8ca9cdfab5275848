// SPDX-License-Identifier: GPL-2.0
/*
 * socket() on AF_XTCP and the calls on a socket that never connected,
 * checked errno for errno against what AF_INET's TCP answers on the same
 * kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "xtcp_lib.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef SOCK_MAX
#define SOCK_MAX (SOCK_PACKET + 1)
#endif

/* socket() and its errno: 0 on success (the fd is closed). */
static int socket_errno(int family, int type, int protocol)
{
	int fd = socket(family, type, protocol);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

TEST(family__sysfs_number_is_in_range_and_default)
{
	int family = xtcp_family();

	ASSERT_EQ(0, access(XTCP_FAMILY_SYSFS, R_OK)) {
		TH_LOG("module not loaded: %s missing", XTCP_FAMILY_SYSFS);
	}
	EXPECT_GT(family, AF_UNSPEC);
	EXPECT_LT(family, AF_MAX);
	/* The runner loads the module without parameters. */
	EXPECT_EQ(AF_XTCP_DEFAULT, family);
}

TEST(socket__stream_protocols_that_work)
{
	int family = xtcp_family();

	EXPECT_EQ(0, socket_errno(family, SOCK_STREAM, 0));
	EXPECT_EQ(0, socket_errno(family, SOCK_STREAM, IPPROTO_TCP));
}

/* Each row: type, protocol, errno from AF_XTCP. */
static const struct {
	int type, protocol, err;
} socket_table[] = {
	{ SOCK_STREAM, IPPROTO_UDP, EPROTONOSUPPORT },
	{ SOCK_STREAM, IPPROTO_SCTP, EPROTONOSUPPORT },
	{ SOCK_STREAM, IPPROTO_RAW, EPROTONOSUPPORT },
	{ SOCK_STREAM, IPPROTO_MPTCP, EPROTONOSUPPORT },
	{ SOCK_STREAM, 200, EPROTONOSUPPORT },
	{ SOCK_STREAM, 1000, EINVAL },
	{ SOCK_STREAM, -1, EINVAL },
	{ SOCK_STREAM, IPPROTO_MAX, EINVAL },
	/* Types xtcp has no protosw entry for: inet_create()'s answer for a
	 * type it has no entry for.
	 */
	{ SOCK_DGRAM, 0, ESOCKTNOSUPPORT },
	{ SOCK_DGRAM, IPPROTO_UDP, ESOCKTNOSUPPORT },
	{ SOCK_DGRAM, IPPROTO_TCP, ESOCKTNOSUPPORT },
	{ SOCK_RAW, IPPROTO_TCP, ESOCKTNOSUPPORT },
	{ SOCK_RAW, 0, ESOCKTNOSUPPORT },
	{ SOCK_SEQPACKET, 0, ESOCKTNOSUPPORT },
	{ SOCK_SEQPACKET, IPPROTO_TCP, ESOCKTNOSUPPORT },
	{ SOCK_RDM, 0, ESOCKTNOSUPPORT },
	{ SOCK_DCCP, 0, ESOCKTNOSUPPORT },
	{ SOCK_PACKET, 0, ESOCKTNOSUPPORT },
	/* The generic socket layer rejects these before the family sees them. */
	{ SOCK_MAX, 0, EINVAL },
	{ -1, 0, EINVAL },
};

TEST(socket__every_type_protocol_errno)
{
	int family = xtcp_family();

	for (size_t i = 0; i < sizeof(socket_table) / sizeof(socket_table[0]); i++) {
		int got = socket_errno(family, socket_table[i].type,
				       socket_table[i].protocol);

		EXPECT_EQ(socket_table[i].err, got) {
			TH_LOG("socket(%d, %d, %d): expected %s, got %s", family,
			       socket_table[i].type, socket_table[i].protocol,
			       strerror(socket_table[i].err), strerror(got));
		}
	}
}

/*
 * AF_INET's refusals make the kernel look for a module for each unknown
 * protocol (request_module(), a modprobe each): on the debug kernel under
 * TCG a dozen of them can take longer than the harness's default 30 s.
 */
FIXTURE(module_probing) {};
FIXTURE_SETUP(module_probing) {}
FIXTURE_TEARDOWN(module_probing) {}

/*
 * Where AF_INET itself refuses a stream socket, or the generic layer
 * refuses a type, AF_XTCP answers alike.  (For the types AF_INET has and
 * xtcp has not, AF_INET's answer depends on its own protocols.)
 */
TEST_F_TIMEOUT(module_probing, socket__refusals_match_af_inet, 300)
{
	int family = xtcp_family();

	for (size_t i = 0; i < sizeof(socket_table) / sizeof(socket_table[0]); i++) {
		int type = socket_table[i].type, proto = socket_table[i].protocol;
		int inet = socket_errno(AF_INET, type, proto);

		if (!inet || (type != SOCK_STREAM && type >= 0 && type < SOCK_MAX))
			continue;
		EXPECT_EQ(inet, socket_errno(family, type, proto)) {
			TH_LOG("type %d protocol %d: AF_INET says %s", type, proto,
			       strerror(inet));
		}
	}
}

TEST(socket__nonblock_and_cloexec_flags)
{
	int fd = socket(xtcp_family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	ASSERT_LE(0, fd);
	EXPECT_TRUE(fcntl(fd, F_GETFL) & O_NONBLOCK);
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

TEST(socket__sol_socket_identity)
{
	int family = xtcp_family();
	int fd = socket(family, SOCK_STREAM, 0);
	int val;
	socklen_t len = sizeof(val);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_TYPE, &val, &len));
	EXPECT_EQ(SOCK_STREAM, val);
	len = sizeof(val);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &val, &len));
	EXPECT_EQ(IPPROTO_TCP, val);
	len = sizeof(val);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &val, &len));
	EXPECT_EQ(family, val);
	len = sizeof(val);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &val, &len));
	EXPECT_EQ(0, val);
	val = 65536;
	EXPECT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val)));
	close(fd);
}

TEST(socket__many_open_and_closed)
{
	enum { N = 1000 };	/* below the default RLIMIT_NOFILE */
	static int fds[N];
	int family = xtcp_family();

	for (int i = 0; i < N; i++) {
		fds[i] = socket(family, SOCK_STREAM, 0);
		ASSERT_LE(0, fds[i]);
	}
	for (int i = 0; i < N; i++)
		ASSERT_EQ(0, close(fds[i]));
}

TEST(socket__dup_and_fork_share_one_socket)
{
	int fd = socket(xtcp_family(), SOCK_STREAM, 0);
	int fd2;
	pid_t pid;
	int status;

	ASSERT_LE(0, fd);
	fd2 = dup(fd);
	ASSERT_LE(0, fd2);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(fd);
		_exit(close(fd2) == 0 ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, close(fd2));
}

/*
 * One xtcp socket and one AF_INET TCP socket, both fresh, so that each call
 * can be made on both and the answers compared.
 */
FIXTURE(fresh) {
	int xtcp;
	int inet;
};

FIXTURE_SETUP(fresh)
{
	self->xtcp = socket(xtcp_family(), SOCK_STREAM, 0);
	ASSERT_LE(0, self->xtcp);
	self->inet = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_LE(0, self->inet);
}

FIXTURE_TEARDOWN(fresh)
{
	close(self->xtcp);
	close(self->inet);
}

/* Run EXPR with fd = each socket; both must give the same result and errno. */
#define EXPECT_SAME_AS_INET(expr) do {					\
	int fd, r_x, e_x, r_i, e_i;					\
	fd = self->xtcp; errno = 0; r_x = (expr); e_x = errno;		\
	fd = self->inet; errno = 0; r_i = (expr); e_i = errno;		\
	EXPECT_EQ(r_i, r_x) { TH_LOG("%s", #expr); }			\
	EXPECT_EQ(e_i, e_x) {						\
		TH_LOG("%s: AF_INET errno %s, xtcp errno %s", #expr,	\
		       strerror(e_i), strerror(e_x));			\
	}								\
} while (0)

TEST_F(fresh, getsockname_is_unbound_af_inet)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(&sin, 0xa5, sizeof(sin));
	ASSERT_EQ(0, getsockname(self->xtcp, (struct sockaddr *)&sin, &len));
	EXPECT_EQ(sizeof(sin), len);
	EXPECT_EQ(AF_INET, sin.sin_family);
	EXPECT_EQ(0, sin.sin_port);
	EXPECT_EQ(htonl(INADDR_ANY), sin.sin_addr.s_addr);
}

TEST_F(fresh, getpeername_enotconn)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	EXPECT_SAME_AS_INET(getpeername(fd, (struct sockaddr *)&sin, &len));
	EXPECT_EQ(-1, getpeername(self->xtcp, (struct sockaddr *)&sin, &len));
	EXPECT_EQ(ENOTCONN, errno);
}

TEST_F(fresh, send_epipe_without_signal)
{
	char c = 'x';

	EXPECT_SAME_AS_INET((int)send(fd, &c, 1, MSG_NOSIGNAL));
	EXPECT_EQ(-1, send(self->xtcp, &c, 1, MSG_NOSIGNAL));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_SAME_AS_INET((int)send(fd, &c, 0, MSG_NOSIGNAL | MSG_DONTWAIT));
}

static volatile sig_atomic_t sigpipes;

static void count_sigpipe(int sig)
{
	sigpipes++;
}

TEST_F(fresh, send_raises_sigpipe)
{
	char c = 'x';

	signal(SIGPIPE, count_sigpipe);
	sigpipes = 0;
	EXPECT_EQ(-1, write(self->xtcp, &c, 1));
	EXPECT_EQ(EPIPE, errno);
	EXPECT_EQ(1, sigpipes);
	EXPECT_EQ(-1, write(self->inet, &c, 1));
	EXPECT_EQ(2, sigpipes);
	signal(SIGPIPE, SIG_DFL);
}

TEST_F(fresh, recv_enotconn_and_oob)
{
	char buf[16];

	EXPECT_SAME_AS_INET((int)recv(fd, buf, sizeof(buf), 0));
	EXPECT_SAME_AS_INET((int)recv(fd, buf, sizeof(buf), MSG_DONTWAIT));
	EXPECT_SAME_AS_INET((int)recv(fd, buf, sizeof(buf), MSG_PEEK));
	EXPECT_SAME_AS_INET((int)recv(fd, buf, sizeof(buf), MSG_OOB));
	EXPECT_SAME_AS_INET((int)recv(fd, buf, sizeof(buf), MSG_ERRQUEUE));
	EXPECT_SAME_AS_INET((int)read(fd, buf, sizeof(buf)));
	EXPECT_EQ(-1, recv(self->xtcp, buf, sizeof(buf), 0));
	EXPECT_EQ(ENOTCONN, errno);
}

TEST_F(fresh, shutdown_enotconn_and_einval)
{
	EXPECT_SAME_AS_INET(shutdown(fd, SHUT_RDWR));
	EXPECT_EQ(-1, shutdown(self->xtcp, SHUT_WR));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_SAME_AS_INET(shutdown(fd, 3));
	EXPECT_SAME_AS_INET(shutdown(fd, -1));
	EXPECT_SAME_AS_INET(shutdown(fd, 0x7fffffff));
}

static short poll_events(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP | POLLPRI };

	if (poll(&p, 1, 0) < 0)
		return -1;
	return p.revents;
}

TEST_F(fresh, poll_matches_af_inet_through_shutdowns)
{
	char buf[4];

	EXPECT_EQ(poll_events(self->inet), poll_events(self->xtcp));
	EXPECT_TRUE(poll_events(self->xtcp) & POLLHUP);

	shutdown(self->xtcp, SHUT_RD);
	shutdown(self->inet, SHUT_RD);
	EXPECT_EQ(poll_events(self->inet), poll_events(self->xtcp));
	EXPECT_TRUE(poll_events(self->xtcp) & POLLRDHUP);
	/* Reading after SHUT_RD is end of file, not an error. */
	EXPECT_SAME_AS_INET((int)recv(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(0, recv(self->xtcp, buf, sizeof(buf), 0));

	shutdown(self->xtcp, SHUT_WR);
	shutdown(self->inet, SHUT_WR);
	EXPECT_EQ(poll_events(self->inet), poll_events(self->xtcp));
}

TEST_F(fresh, socketpair_mmap_unsupported)
{
	int sv[2];
	void *p;

	EXPECT_EQ(socketpair(AF_INET, SOCK_STREAM, 0, sv),
		  socketpair(xtcp_family(), SOCK_STREAM, 0, sv));
	EXPECT_EQ(EOPNOTSUPP, errno);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->xtcp, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, errno);
}

/*
 * The connection calls with no device attached (xtcp_connect.c covers
 * them on the wire): errno for errno, and nothing crashes.
 */
TEST_F(fresh, connection_calls_without_devices)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(80),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct sockaddr_in name;
	socklen_t len = sizeof(name);

	/* 127.0.0.1 is no address of an attached device. */
	EXPECT_EQ(-1, bind(self->xtcp, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	EXPECT_EQ(-1, bind(self->xtcp, (struct sockaddr *)&sin, 2));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, connect(self->xtcp, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EADDRNOTAVAIL, errno);
	/* Not listening: accept() is EINVAL, as on AF_INET. */
	EXPECT_SAME_AS_INET(accept4(fd, NULL, NULL, SOCK_NONBLOCK));
	/* listen() binds a port by itself; nothing to accept yet. */
	EXPECT_EQ(0, listen(self->xtcp, 5));
	ASSERT_EQ(0, getsockname(self->xtcp, (struct sockaddr *)&name, &len));
	EXPECT_NE(0, name.sin_port);
	fcntl(self->xtcp, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, accept4(self->xtcp, NULL, NULL, 0));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(-1, connect(self->xtcp, (struct sockaddr *)&sin, sizeof(sin)));
	EXPECT_EQ(EISCONN, errno);
	/* The generic layer checks address lengths before the family. */
	EXPECT_EQ(-1, connect(self->xtcp, (struct sockaddr *)&sin, 100000));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, connect(self->xtcp, NULL, sizeof(sin)));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(fresh, tcp_and_ip_options)
{
	int one = 1, cnt = 3;
	socklen_t len = sizeof(one);


	EXPECT_EQ(0, setsockopt(self->xtcp, IPPROTO_TCP, TCP_SYNCNT, &cnt, sizeof(cnt)));
	EXPECT_EQ(0, getsockopt(self->xtcp, IPPROTO_TCP, TCP_SYNCNT, &cnt, &len));
	EXPECT_EQ(3, cnt);
	cnt = 0;
	EXPECT_SAME_AS_INET(setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &cnt, sizeof(cnt)));
	cnt = 128;
	EXPECT_SAME_AS_INET(setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &cnt, sizeof(cnt)));
	len = sizeof(one);
	EXPECT_EQ(0, setsockopt(self->xtcp, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	one = 0;
	EXPECT_EQ(0, getsockopt(self->xtcp, IPPROTO_TCP, TCP_NODELAY, &one, &len));
	EXPECT_EQ(1, one);
	/* An option number no TCP has: ENOPROTOOPT both ways, as AF_INET. */
	EXPECT_SAME_AS_INET(setsockopt(fd, IPPROTO_TCP, 999, &one, sizeof(one)));
	len = sizeof(one);
	EXPECT_SAME_AS_INET(getsockopt(fd, IPPROTO_TCP, 999, &one, &len));
	EXPECT_EQ(-1, setsockopt(self->xtcp, IPPROTO_IP, IP_TOS, &one, sizeof(one)));
	EXPECT_EQ(ENOPROTOOPT, errno);
	/* A level nobody knows: AF_INET also answers ENOPROTOOPT. */
	EXPECT_SAME_AS_INET(setsockopt(fd, 4242, 1, &one, sizeof(one)));
}

TEST_F(fresh, unknown_ioctl_is_enotty_and_harmless)
{
	int n = 0;

	EXPECT_EQ(-1, ioctl(self->xtcp, _IO('x', 1), &n));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_HARNESS_MAIN
