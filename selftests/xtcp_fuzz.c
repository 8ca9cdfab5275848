// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded system-call fuzzer for xtcp sockets: several threads share a
 * table of xtcp sockets and call random socket functions on random slots
 * with edge-case and random arguments (lengths, flags, option levels,
 * names and values, addresses, bad user pointers), while slots are closed
 * and refilled under the other threads.  Connections go to xtcp itself
 * over loopback and to Linux's TCP in the peer namespace (a thread there
 * accepts, reads and writes), so the calls race real traffic.
 *
 * It runs for XTCP_FUZZ_SECONDS (default 30) from XTCP_FUZZ_SEED (default:
 * the time), both printed first: each thread's sequence of calls follows
 * from the seed, so a failure can be run again (the interleaving of the
 * threads is the machine's).  It fails when a thread stops making progress
 * (a hang; the call it is in is printed) or when, at the end, xtcp still
 * holds sockets of this process; the kernel's reports (oops, WARN,
 * lockdep, KASAN, kmemleak after rmmod) fail the run in scripts/vm-run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <linux/sockios.h>

#include "kselftest_harness.h"
#include "xtcp_lib.h"

#define SLOTS		24
#define THREADS		4
#define PORT_BASE	XTCP_PORTS_FUZZ	/* xtcp listeners bind 8 from here */
#define PORTS		8
#define PEER_PORT	(XTCP_PORTS_FUZZ + 50)	/* Linux's listener in "peer" */
#define STALL_S		30	/* no call returns this long: a hang */

static atomic_int slots[SLOTS];		/* fd, or -1 */
static atomic_int stop;
static int family;
static void *bad_page;			/* unmapped: EFAULT */

struct worker {
	pthread_t t;
	int id;
	uint64_t rng;
	atomic_ulong calls;
	atomic_int in_call;		/* index in call_names, -1 when none */
	atomic_long since;		/* when the current call began, s */
};

static struct worker workers[THREADS];

static uint64_t rnd(struct worker *w)
{
	/* xorshift64* */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ULL;
}

static uint32_t below(struct worker *w, uint32_t n)
{
	return n ? rnd(w) % n : 0;
}

static long now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* A length: mostly small and edge values, sometimes anything. */
static size_t fuzz_len(struct worker *w)
{
	static const size_t edge[] = { 0, 1, 2, 3, 4, 7, 8, 15, 16, 100, 536,
				       1448, 1460, 4096, 65535, 65536, 1 << 20 };

	if (below(w, 8))
		return edge[below(w, sizeof(edge) / sizeof(edge[0]))];
	return below(w, 1 << 18);
}

/* An integer option value: edges, small, random. */
static int fuzz_int(struct worker *w)
{
	static const int edge[] = { 0, 1, -1, 2, 3, 7, 8, 255, 256, 536, 1460,
				    4096, 65535, 65536, 0x7fffffff, (int)0x80000000 };

	switch (below(w, 3)) {
	case 0:
		return edge[below(w, sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return below(w, 64);
	default:
		return (int)rnd(w);
	}
}

/* A user pointer for @len bytes: @buf mostly, else a bad one. */
static void *fuzz_ptr(struct worker *w, void *buf)
{
	switch (below(w, 16)) {
	case 0:
		return NULL;
	case 1:
		return (void *)1;
	case 2:
		return bad_page;
	case 3:
		return (void *)0xffffffff81000000UL;	/* the kernel's */
	default:
		return buf;
	}
}

static int fuzz_slot(struct worker *w)
{
	return below(w, SLOTS);
}

static int slot_fd(struct worker *w)
{
	/* Sometimes a descriptor that is not a socket, or not open. */
	switch (below(w, 32)) {
	case 0:
		return -1;
	case 1:
		return 0;
	default:
		return atomic_load(&slots[fuzz_slot(w)]);
	}
}

static struct sockaddr_in fuzz_addr(struct worker *w)
{
	static const char *ips[] = { XTCP_ADDR, XTCP_ADDR, PEER_ADDR, PEER_ADDR,
				     "0.0.0.0", "127.0.0.1", SILENT_ADDR,
				     "255.255.255.255", "198.51.100.7" };
	const char *ip = ips[below(w, sizeof(ips) / sizeof(ips[0]))];
	int port = below(w, 4) ? PORT_BASE + below(w, PORTS) :
		   below(w, 2) ? PEER_PORT : below(w, 65536);

	if (!strcmp(ip, PEER_ADDR) && below(w, 4))
		port = PEER_PORT;
	return addr_of(ip, port);
}

/* Keep a call from blocking long: the fuzzer checks progress. */
static void bound_timeouts(int fd)
{
	struct timeval tv = { .tv_usec = 100 * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static void put_fd(struct worker *w, int fd)
{
	int old;

	if (fd < 0)
		return;
	bound_timeouts(fd);
	old = atomic_exchange(&slots[fuzz_slot(w)], fd);
	if (old >= 0)
		close(old);
}

static const char *const call_names[] = {
	"socket", "close", "bind", "listen", "connect", "accept", "send",
	"recv", "sendmsg", "recvmsg", "setsockopt", "getsockopt", "shutdown",
	"poll", "ioctl", "getname", "fcntl",
};

enum { C_SOCKET, C_CLOSE, C_BIND, C_LISTEN, C_CONNECT, C_ACCEPT, C_SEND,
       C_RECV, C_SENDMSG, C_RECVMSG, C_SETSOCKOPT, C_GETSOCKOPT, C_SHUTDOWN,
       C_POLL, C_IOCTL, C_GETNAME, C_FCNTL, C_MAX };

static const int tcp_opts[] = {
	TCP_NODELAY, TCP_MAXSEG, TCP_CORK, TCP_KEEPIDLE, TCP_KEEPINTVL,
	TCP_KEEPCNT, TCP_SYNCNT, TCP_LINGER2, TCP_DEFER_ACCEPT, TCP_WINDOW_CLAMP,
	TCP_INFO, TCP_QUICKACK, TCP_CONGESTION, TCP_USER_TIMEOUT,
	TCP_NOTSENT_LOWAT, TCP_INQ, TCP_CC_INFO, TCP_MD5SIG, TCP_FASTOPEN,
};

static const int sol_opts[] = {
	/*
	 * Not SO_SNDBUFFORCE: a send buffer beyond wmem_max would let one
	 * socket queue more than the VM has (a global bound is still to
	 * come).  Not SO_TIMESTAMP or SO_BUSY_POLL: they flip static keys
	 * (netstamp_needed_key...), and QEMU TCG has been seen, twice, to
	 * oops in the code being live-patched (an int3 in
	 * __netif_receive_skb_core(), as vm-init notes for __schedule()),
	 * which is no finding about xtcp.
	 */
	SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF,
	SO_LINGER, SO_RCVLOWAT, SO_PRIORITY,
	SO_MARK, SO_ERROR, SO_TYPE, SO_PROTOCOL, SO_DOMAIN, SO_ACCEPTCONN,
	SO_BINDTODEVICE, SO_OOBINLINE, SO_ZEROCOPY,
	SO_INCOMING_CPU, SO_PEEK_OFF, SO_MAX_PACING_RATE, SO_TXTIME,
};

static int fuzz_level(struct worker *w, int *opt)
{
	switch (below(w, 8)) {
	case 0:
		*opt = below(w, 100);
		return IPPROTO_IP;
	case 1:
		*opt = fuzz_int(w);
		return below(w, 2) ? SOL_TCP : (int)rnd(w);
	case 2:
	case 3:
	case 4:
		*opt = sol_opts[below(w, sizeof(sol_opts) / sizeof(sol_opts[0]))];
		return SOL_SOCKET;
	default:
		*opt = tcp_opts[below(w, sizeof(tcp_opts) / sizeof(tcp_opts[0]))];
		return SOL_TCP;
	}
}

static void fuzz_setsockopt(struct worker *w, int fd, unsigned char *buf)
{
	static const char *ccs[] = { "newreno", "cubic", "reno", "", "nosuch",
				     "cubiccubiccubiccubic" };
	int opt, level = fuzz_level(w, &opt), v = fuzz_int(w);
	socklen_t len = below(w, 4) ? sizeof(int) : fuzz_len(w);

	if (level == SOL_SOCKET &&
	    (opt == SO_RCVTIMEO_OLD || opt == SO_SNDTIMEO_OLD ||
	     opt == SO_RCVTIMEO_NEW || opt == SO_SNDTIMEO_NEW))
		return;		/* bound_timeouts() keeps the calls short */
	if (level == SOL_SOCKET && opt == SO_LINGER) {
		struct linger lg = { .l_onoff = below(w, 2), .l_linger = below(w, 2) };

		setsockopt(fd, level, opt, &lg, sizeof(lg));
		return;
	}
	if (level == SOL_TCP && opt == TCP_CONGESTION) {
		const char *cc = ccs[below(w, sizeof(ccs) / sizeof(ccs[0]))];

		setsockopt(fd, level, opt, fuzz_ptr(w, (void *)cc),
			   below(w, 4) ? strlen(cc) : fuzz_len(w) % 64);
		return;
	}
	memcpy(buf, &v, sizeof(v));
	if (len > 65536)
		len = 65536;
	setsockopt(fd, level, opt, fuzz_ptr(w, buf), len);
}

static void fuzz_getsockopt(struct worker *w, int fd, unsigned char *buf)
{
	int opt, level = fuzz_level(w, &opt);
	socklen_t len = below(w, 2) ? 4 : fuzz_len(w) % 65536;

	if (below(w, 16))
		getsockopt(fd, level, opt, fuzz_ptr(w, buf), &len);
	else
		getsockopt(fd, level, opt, buf, below(w, 2) ? NULL : bad_page);
}

static int fuzz_flags(struct worker *w)
{
	static const int f[] = { 0, MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL,
				 MSG_TRUNC, MSG_OOB, MSG_MORE, MSG_NOSIGNAL,
				 MSG_ERRQUEUE, MSG_ZEROCOPY, MSG_FASTOPEN };
	int flags = MSG_NOSIGNAL;

	for (int i = below(w, 3); i > 0; i--)
		flags |= f[below(w, sizeof(f) / sizeof(f[0]))];
	if (below(w, 16) == 0)
		flags |= (int)rnd(w);
	return flags;
}

static void fuzz_msg(struct worker *w, struct msghdr *m, struct iovec *iov,
		     unsigned char *buf, size_t bufsz)
{
	int n = below(w, 4);

	memset(m, 0, sizeof(*m));
	for (int i = 0; i < n; i++) {
		iov[i].iov_base = fuzz_ptr(w, buf + below(w, bufsz / 2));
		iov[i].iov_len = fuzz_len(w) % (bufsz / 2);
	}
	m->msg_iov = below(w, 16) ? iov : bad_page;
	m->msg_iovlen = n;
	if (below(w, 8) == 0) {
		m->msg_control = fuzz_ptr(w, buf);
		m->msg_controllen = fuzz_len(w) % 256;
	}
}

static void one_call(struct worker *w, int call, unsigned char *buf,
		     size_t bufsz)
{
	struct sockaddr_in sin;
	struct msghdr m;
	struct iovec iov[4];
	socklen_t len;
	int fd = slot_fd(w), v;

	switch (call) {
	case C_SOCKET:
		put_fd(w, socket(family, below(w, 16) ? SOCK_STREAM :
				 SOCK_STREAM | SOCK_NONBLOCK,
				 below(w, 8) ? 0 : IPPROTO_TCP));
		break;
	case C_CLOSE:
		v = atomic_exchange(&slots[fuzz_slot(w)], -1);
		if (v >= 0)
			close(v);
		break;
	case C_BIND:
		sin = fuzz_addr(w);
		if (below(w, 8) == 0)
			sin.sin_family = below(w, 2) ? AF_UNSPEC : family;
		bind(fd, fuzz_ptr(w, &sin), below(w, 8) ? sizeof(sin) : fuzz_len(w) % 32);
		break;
	case C_LISTEN:
		listen(fd, below(w, 4) ? (int)below(w, 8) : fuzz_int(w));
		break;
	case C_CONNECT:
		sin = fuzz_addr(w);
		if (below(w, 10) == 0)
			sin.sin_family = AF_UNSPEC;
		connect(fd, fuzz_ptr(w, &sin), below(w, 8) ? sizeof(sin) : fuzz_len(w) % 32);
		break;
	case C_ACCEPT:
		len = below(w, 4) ? sizeof(sin) : fuzz_len(w) % 32;
		put_fd(w, accept4(fd, below(w, 2) ? fuzz_ptr(w, &sin) : NULL,
				  below(w, 8) ? &len : bad_page,
				  SOCK_NONBLOCK * below(w, 2)));
		break;
	case C_SEND:
		send(fd, fuzz_ptr(w, buf), fuzz_len(w) % bufsz, fuzz_flags(w));
		break;
	case C_RECV:
		recv(fd, fuzz_ptr(w, buf), fuzz_len(w) % bufsz, fuzz_flags(w));
		break;
	case C_SENDMSG:
		fuzz_msg(w, &m, iov, buf, bufsz);
		sendmsg(fd, &m, fuzz_flags(w));
		break;
	case C_RECVMSG:
		fuzz_msg(w, &m, iov, buf, bufsz);
		recvmsg(fd, &m, fuzz_flags(w));
		break;
	case C_SETSOCKOPT:
		fuzz_setsockopt(w, fd, buf);
		break;
	case C_GETSOCKOPT:
		fuzz_getsockopt(w, fd, buf);
		break;
	case C_SHUTDOWN:
		shutdown(fd, below(w, 8) ? (int)below(w, 3) : fuzz_int(w));
		break;
	case C_POLL: {
		struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP | POLLPRI };

		poll(&p, 1, below(w, 50));
		break;
	}
	case C_IOCTL: {
		/* Not SIOCGSTAMP: it turns timestamps on, a static key (see
		 * sol_opts[]).
		 */
		static const unsigned long cmds[] = { SIOCINQ, SIOCOUTQ,
						      SIOCOUTQNSD, SIOCATMARK,
						      FIONBIO };
		unsigned long cmd = (uint32_t)rnd(w);

		/* Random commands, but never the device ioctls (type 0x89). */
		if (_IOC_TYPE(cmd) == 0x89)
			cmd ^= 0x100;
		if (below(w, 8))
			cmd = cmds[below(w, sizeof(cmds) / sizeof(cmds[0]))];
		v = fuzz_int(w);
		ioctl(fd, cmd, fuzz_ptr(w, &v));
		break;
	}
	case C_GETNAME:
		len = below(w, 4) ? sizeof(sin) : fuzz_len(w) % 32;
		if (below(w, 2))
			getsockname(fd, fuzz_ptr(w, &sin), &len);
		else
			getpeername(fd, fuzz_ptr(w, &sin), &len);
		break;
	case C_FCNTL:
		fcntl(fd, F_SETFL, below(w, 2) ? O_NONBLOCK : 0);
		break;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	size_t bufsz = 1 << 18;
	unsigned char *buf = malloc(bufsz);

	if (!buf)
		return NULL;
	memset(buf, 0x5a, bufsz);
	while (!atomic_load(&stop)) {
		/* Sockets are made more often than anything is closed. */
		int call = below(w, 8) == 0 ? C_SOCKET : (int)below(w, C_MAX);

		atomic_store(&w->since, now_sec());
		atomic_store(&w->in_call, call);
		one_call(w, call, buf, bufsz);
		atomic_store(&w->in_call, -1);
		atomic_fetch_add(&w->calls, 1);
	}
	free(buf);
	return NULL;
}

/* Linux's end in "peer": accepts, reads a little, writes a little, closes. */
static void *peer_main(void *arg)
{
	struct sockaddr_in sin = addr_of(PEER_ADDR, PEER_PORT);
	int lfd = socket_in_netns(PEER_NETNS, AF_INET), one = 1;
	char buf[4096] = { 0 };
	unsigned int n = 0;

	if (lfd < 0)
		return NULL;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 64)) {
		close(lfd);
		return NULL;
	}
	while (!atomic_load(&stop)) {
		struct pollfd p = { .fd = lfd, .events = POLLIN };
		int fd;

		if (poll(&p, 1, 100) <= 0)
			continue;
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
		if (fd < 0)
			continue;
		recv(fd, buf, sizeof(buf), 0);
		send(fd, buf, (n++ % 4) * 1000, MSG_NOSIGNAL);
		if (n % 3 == 0) {
			struct linger lg = { .l_onoff = 1, .l_linger = 0 };

			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		}
		close(fd);
	}
	close(lfd);
	return NULL;
}

/*
 * The run leaves connections closing (TIME-WAIT, FIN-WAIT-2 of orphans);
 * short waits let them go before the next test and the module's unload.
 */
#define PARAMS	"/sys/module/xtcp/parameters/"

static void set_short_waits(void)
{
	set_setting(PARAMS "time_wait_ms", "1000");
	set_setting(PARAMS "fin_timeout_ms", "1000");
}

static unsigned long env_ul(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : dflt;
}

FIXTURE(fuzz) {
};

FIXTURE_SETUP(fuzz)
{
}

/* Global settings the test changed go back even when it fails. */
FIXTURE_TEARDOWN(fuzz)
{
	if (!inet_mode()) {
		restore_settings();
		write_file(DEVICES_SYSCTL, "");
	}
}

/* The harness's time-out: the run, the wait for hangs, the cleanup. */
TEST_F_TIMEOUT(fuzz, syscalls, 900)
{
	unsigned long seconds = env_ul("XTCP_FUZZ_SECONDS", 30);
	unsigned long seed = env_ul("XTCP_FUZZ_SEED", (unsigned long)time(NULL));
	unsigned long total = 0;
	pthread_t peer;
	long start = now_sec();
	int i, hung = -1, listed = -1;

	family = family_under_test();
	signal(SIGPIPE, SIG_IGN);
	TH_LOG("seed %lu, %lu s, %d threads (XTCP_FUZZ_SEED=%lu XTCP_FUZZ_SECONDS=%lu replays)",
	       seed, seconds, THREADS, seed, seconds);
	if (!inet_mode()) {
		ASSERT_EQ(0, write_file(DEVICES_SYSCTL, "xt0"));
		set_short_waits();
	}
	bad_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, bad_page);
	munmap(bad_page, 4096);
	for (i = 0; i < SLOTS; i++)
		atomic_store(&slots[i], -1);
	ASSERT_EQ(0, pthread_create(&peer, NULL, peer_main, NULL));
	for (i = 0; i < THREADS; i++) {
		workers[i].id = i;
		workers[i].rng = seed * 0x9e3779b97f4a7c15ULL + i + 1;
		atomic_store(&workers[i].in_call, -1);
		ASSERT_EQ(0, pthread_create(&workers[i].t, NULL, worker_main, &workers[i]));
	}
	while (now_sec() - start < (long)seconds && hung < 0) {
		sleep(1);
		for (i = 0; i < THREADS; i++)
			if (atomic_load(&workers[i].in_call) >= 0 &&
			    now_sec() - atomic_load(&workers[i].since) > STALL_S)
				hung = i;
	}
	if (hung >= 0) {
		/* Leave the threads: the hang is the finding. */
		TH_LOG("thread %d has been in %s() for over %d s: a hang",
		       hung, call_names[atomic_load(&workers[hung].in_call)], STALL_S);
		ASSERT_LT(hung, 0);
	}
	atomic_store(&stop, 1);
	for (i = 0; i < THREADS; i++) {
		pthread_join(workers[i].t, NULL);
		total += atomic_load(&workers[i].calls);
	}
	pthread_join(peer, NULL);
	for (i = 0; i < SLOTS; i++) {
		int fd = atomic_exchange(&slots[i], -1);

		if (fd >= 0)
			close(fd);
	}
	TH_LOG("%lu calls in %ld s (%.0f per second)", total, now_sec() - start,
	       (double)total / (now_sec() - start ? : 1));
	EXPECT_LT(1000UL, total);
	if (!inet_mode()) {
		/*
		 * Every socket of ours is closed: what is still listed is
		 * closing on its own (FIN-WAIT, LAST-ACK, TIME-WAIT) and
		 * goes within the timers' bounds; nothing may listen or stay
		 * established, with no process left to own it.
		 */
		for (i = 0; i < 120; i++) {
			FILE *f = fopen("/proc/net/xtcp", "r");
			char line[512];
			unsigned int st;
			int bad = 0;

			if (!f)
				break;
			while (fgets(line, sizeof(line), f))
				if (sscanf(line, " %*d: %*x:%*x %*x:%*x %x", &st) == 1 &&
				    (st == 0xA || st == 1 || st == 2))
					bad++;
			fclose(f);
			if (!bad)
				break;
			sleep(1);
		}
		EXPECT_GT(120, i) {
			TH_LOG("listeners or established connections outlived their sockets");
		}
		/* What is left closes on its own; give it a while. */
		for (i = 0; i < 60 && (listed = proc_count(-1, -1)) > 0; i++)
			sleep(1);
		TH_LOG("after close: %d sockets still listed in /proc/net/xtcp after %d s (closing)",
		       listed, i);
	}
}

TEST_HARNESS_MAIN
