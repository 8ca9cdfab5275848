/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by xtcp's C selftests: the family under test, addresses,
 * the test network's names and every test's ports, sysctl-style files,
 * socket options, counters (xtcp's and Linux's), /proc/net/xtcp, waiting
 * for a state (never for a time), commands that must succeed, the peer's
 * nft tables, sockets and child processes in the peer's network namespace.
 */
#ifndef _XTCP_SELFTEST_LIB_H
#define _XTCP_SELFTEST_LIB_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/xtcp.h>

/* The test network of scripts/vm-run (see its topology drawing). */
#define XTCP_ADDR	"192.0.2.1"	/* xt0, main namespace: xtcp */
#define PEER_ADDR	"192.0.2.2"	/* pe0, namespace "peer": Linux */
#define SILENT_ADDR	"192.0.2.3"	/* on the link, nobody answers */
#define DEVICES_SYSCTL	"/proc/sys/net/xtcp/devices"
#define PEER_NETNS	"/run/netns/peer"

/*
 * The ports of every test, in one place: test NAME uses the hundred from
 * XTCP_PORTS_NAME for itself and its peer, so a connection one test leaves
 * in TIME-WAIT never meets the next.  The shell tests read this table too
 * (lib.sh's port_base NAME).  All below the ephemeral range (32768).
 */
#define XTCP_PORTS_CONNECT	5000	/* and 6000-6099 */
#define XTCP_PORTS_RECEIVE	7000
#define XTCP_PORTS_FUZZ		7600
#define XTCP_PORTS_NETDEV	7700	/* netdev_attach.sh */
/* xtcp_socket, xtcp_stream and xtcp_race bind ephemeral ports only. */
#define XTCP_PORTS_STATES	10000	/* xtcp_states.sh */
#define XTCP_PORTS_PROBES	10100	/* xtcp_probes.sh, peer_probes.py */
#define XTCP_PORTS_NETEM	10200	/* xtcp_netem.sh */
#define XTCP_PORTS_WIRE		10300	/* xtcp_wire.sh */
#define XTCP_PORTS_NETFILTER	10400	/* xtcp_netfilter.sh */
#define XTCP_PORTS_ORPHANS	10500	/* xtcp_orphans.sh */
#define XTCP_PORTS_SYNCOOKIES	10600	/* xtcp_syncookies.sh */
#define XTCP_PORTS_ICMP		10700	/* xtcp_icmp.sh */

/*
 * The address family the loaded module registered, from sysfs; the default
 * number when the module is not loaded (socket() then fails with
 * EAFNOSUPPORT, which the caller sees).
 */
static inline int xtcp_family(void)
{
	FILE *f = fopen(XTCP_FAMILY_SYSFS, "r");
	int family = AF_XTCP_DEFAULT;

	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XTCP_DEFAULT;
		fclose(f);
	}
	return family;
}

/*
 * XTCP_STREAM_FAMILY=inet: the "xtcp" end of a test is an AF_INET socket,
 * so the test runs against Linux's TCP on both ends and shows what Linux
 * does (the expectations were checked that way).
 */
static inline bool inet_mode(void)
{
	const char *f = getenv("XTCP_STREAM_FAMILY");

	return f && !strcmp(f, "inet");
}

/* The family of the "xtcp" end: xtcp's, or AF_INET in inet mode. */
static inline int family_under_test(void)
{
	return inet_mode() ? AF_INET : xtcp_family();
}

static inline struct sockaddr_in addr_of(const char *ip, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &sin.sin_addr);
	return sin;
}

/* Write @text to a /proc or /sys file; 0 or -1. */
static inline int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * Global settings a test changes (sysctls, module parameters) go through
 * set_setting(), which keeps the old value; commands that undo what a
 * test set up (a qdisc) through at_teardown().  Every fixture's teardown
 * calls restore_settings(), which puts them back, last first: the
 * harness runs the teardown after a failed ASSERT too, so a failing test
 * leaves the next one what it found.
 */
struct xtcp_saved_setting {
	char path[128];
	char value[256];
};

static struct xtcp_saved_setting xtcp_saved[8];
static int xtcp_nsaved;
static char xtcp_teardown_cmds[4][256];
static int xtcp_ncmds;

/* Write @value to @path, keeping what was there; 0 or -1. */
static inline int set_setting(const char *path, const char *value)
{
	struct xtcp_saved_setting *sv;
	FILE *f;

	if (xtcp_nsaved == (int)(sizeof(xtcp_saved) / sizeof(xtcp_saved[0])))
		return -1;
	sv = &xtcp_saved[xtcp_nsaved];
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(sv->value, sizeof(sv->value), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(sv->path, sizeof(sv->path), "%s", path);
	xtcp_nsaved++;
	return write_file(path, value);
}

/* Run @cmd (a shell command) at teardown. */
static inline void at_teardown(const char *cmd)
{
	if (xtcp_ncmds < (int)(sizeof(xtcp_teardown_cmds) / sizeof(xtcp_teardown_cmds[0])))
		snprintf(xtcp_teardown_cmds[xtcp_ncmds++], sizeof(xtcp_teardown_cmds[0]),
			 "%s", cmd);
}

static inline void restore_settings(void)
{
	while (xtcp_ncmds > 0)
		if (system(xtcp_teardown_cmds[--xtcp_ncmds]))
			fprintf(stderr, "# teardown: '%s' failed\n",
				xtcp_teardown_cmds[xtcp_ncmds]);
	while (xtcp_nsaved > 0) {
		struct xtcp_saved_setting *sv = &xtcp_saved[--xtcp_nsaved];

		if (write_file(sv->path, sv->value))
			fprintf(stderr, "# teardown: cannot restore %s\n", sv->path);
	}
}

/* SO_RCVTIMEO and SO_SNDTIMEO of @ms milliseconds. */
static inline void set_timeouts(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static inline int setint(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val));
}

static inline int getint(int fd, int level, int opt)
{
	int val = -1;
	socklen_t len = sizeof(val);

	if (getsockopt(fd, level, opt, &val, &len))
		return -1;
	return val;
}

/*
 * A counter of a file in nstat's format (pairs of lines: "Prefix:" and
 * names, "Prefix:" and values), /proc/net/xtcp_stat, /proc/net/netstat or
 * /proc/net/snmp; -1 when there is no such counter (or no file).
 */
static inline long nstat_file(const char *path, const char *name)
{
	char names[8192], values[8192], *n, *v, *sn, *sv;
	FILE *f = fopen(path, "r");
	long found = -1;

	if (!f)
		return -1;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		n = strtok_r(names, " \n", &sn);
		v = strtok_r(values, " \n", &sv);
		while (n && v) {
			if (!strcmp(n, name))
				found = atol(v);
			n = strtok_r(NULL, " \n", &sn);
			v = strtok_r(NULL, " \n", &sv);
		}
	}
	fclose(f);
	return found;
}

/* A counter of xtcp's /proc/net/xtcp_stat; -1 without it. */
static inline long xtcp_stat(const char *name)
{
	return nstat_file("/proc/net/xtcp_stat", name);
}

/* A counter of Linux's own TCP (TcpExt of netstat, else Tcp of snmp). */
static inline long linux_stat(const char *name)
{
	long v = nstat_file("/proc/net/netstat", name);

	return v >= 0 ? v : nstat_file("/proc/net/snmp", name);
}

/*
 * The counter of the stack under test: xtcp's @xtcp_name, or Linux's
 * @linux_name in inet mode, so a check holds for both.
 */
static inline long stat_under_test(const char *xtcp_name, const char *linux_name)
{
	return inet_mode() ? linux_stat(linux_name) : xtcp_stat(xtcp_name);
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * WAIT_UNTIL(cond, seconds, what...): poll @cond every 10 ms until it
 * holds; true then.  @seconds is a generous bound, never a measurement:
 * past it, a line says what never came ("what" is printf-style) and the
 * value is false, for the caller's ASSERT or EXPECT.
 */
#define WAIT_UNTIL(cond, seconds, ...)					\
({									\
	double __end = now_s() + (seconds);				\
	bool __ok;							\
									\
	while (!(__ok = (cond)) && now_s() < __end)			\
		usleep(10000);						\
	if (!__ok) {							\
		fprintf(stderr, "# timed out after %d s waiting for ",	\
			(int)(seconds));				\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
	}								\
	__ok;								\
})

/* SIOCINQ and SIOCOUTQ: bytes to read, bytes sent and not acknowledged. */
static inline int inq(int fd)
{
	int v = -1;

	return ioctl(fd, SIOCINQ, &v) ? -errno : v;
}

static inline int outq(int fd)
{
	int v = -1;

	return ioctl(fd, SIOCOUTQ, &v) ? -errno : v;
}

/* Wait (60 s at most) until @fd has @n bytes to read; SIOCINQ then. */
static inline int wait_inq(int fd, int n)
{
	WAIT_UNTIL(inq(fd) >= n, 60, "%d bytes to read (SIOCINQ %d)", n, inq(fd));
	return inq(fd);
}

/* Wait (60 s at most) until everything sent was acknowledged; SIOCOUTQ. */
static inline int wait_outq_empty(int fd)
{
	WAIT_UNTIL(outq(fd) == 0, 60, "SIOCOUTQ to be 0 (it is %d)", outq(fd));
	return outq(fd);
}

/*
 * A socket list in /proc/net/tcp's format (xtcp's /proc/net/xtcp has it,
 * and Linux's state numbers): the state of the socket on local port
 * @lport with remote port @rport (0 for a listener), or -1.
 */
static inline int proc_state_in(const char *path, int lport, int rport)
{
	unsigned int laddr, lp, raddr, rp, st;
	FILE *f = fopen(path, "r");
	char line[512];
	int state = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %X:%X %X:%X %X", &laddr, &lp, &raddr,
			   &rp, &st) == 5 &&
		    (int)lp == lport && (int)rp == rport)
			state = st;
	fclose(f);
	return state;
}

/* The state of a socket of xtcp's (/proc/net/xtcp), or -1. */
static inline int proc_state(int lport, int rport)
{
	return proc_state_in("/proc/net/xtcp", lport, rport);
}

/* The state of a socket of the stack under test (Linux's in inet mode). */
static inline int state_under_test(int lport, int rport)
{
	return proc_state_in(inet_mode() ? "/proc/net/tcp" : "/proc/net/xtcp", lport, rport);
}

/*
 * /proc/net/xtcp: the sockets on local port @lport (any when -1) in state
 * @st (any when -1); -1 without the file.
 */
static inline int proc_count(int lport, int st)
{
	unsigned int laddr, lp, raddr, rp, state;
	FILE *f = fopen("/proc/net/xtcp", "r");
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*d: %X:%X %X:%X %X", &laddr, &lp, &raddr,
			   &rp, &state) == 5 &&
		    (lport < 0 || (int)lp == lport) && (st < 0 || (int)state == st))
			n++;
	fclose(f);
	return n;
}

/* Wait (60 s at most) for the socket to show @state (-1: to go away). */
static inline int wait_proc_state(int lport, int rport, int state)
{
	WAIT_UNTIL(proc_state(lport, rport) == state, 60,
		   "port %d<->%d in state %d of /proc/net/xtcp", lport, rport, state);
	return proc_state(lport, rport);
}

/*
 * A shell command that must succeed (printf-style): 0 when it ran and
 * exited 0; otherwise -1, with a line saying what failed.
 */
static inline int __attribute__((format(printf, 1, 2))) run_cmd(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	fprintf(stderr, "# command failed (status %d): %s\n", st, cmd);
	return -1;
}

/*
 * The peer's nft tables: peer_nft(TABLE, HOOK, RULE) adds table "inet
 * TABLE" to namespace peer with one chain on HOOK ("input" or "output")
 * holding RULE (with a "counter" to count with peer_nft_count); 0, or -1
 * when nft refused it.  peer_nft_del() removes it (teardowns call it).
 */
static inline int peer_nft(const char *table, const char *hook, const char *rule)
{
	return run_cmd("ip netns exec peer nft -f - <<'EOF'\n"
		       "table inet %s { chain c0 { type filter hook %s priority 0; %s; }; }\n"
		       "EOF", table, hook, rule);
}

static inline void peer_nft_del(const char *table)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "ip netns exec peer nft delete table inet %s 2>/dev/null", table);
	if (system(cmd))
		return;	/* a table that was never made */
}

/* The packets the table's counters matched, or -1. */
static inline long peer_nft_count(const char *table)
{
	char cmd[256], line[512], *p;
	long n = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ip netns exec peer nft list table inet %s", table);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "counter packets ");
		if (p)
			n = (n < 0 ? 0 : n) + atol(p + strlen("counter packets "));
	}
	if (pclose(f))
		return -1;
	return n;
}

/*
 * A socket of @family made in the network namespace at @netns_path; the
 * calling thread comes back to its own namespace (a socket keeps the one
 * it was made in).  -1 on failure.
 */
static inline int socket_in_netns(const char *netns_path, int family)
{
	int self, ns, fd = -1;

	self = open("/proc/self/ns/net", O_RDONLY);
	ns = open(netns_path, O_RDONLY);
	if (self >= 0 && ns >= 0 && !setns(ns, CLONE_NEWNET)) {
		fd = socket(family, SOCK_STREAM, 0);
		if (setns(self, CLONE_NEWNET))
			abort();	/* never run on in the wrong namespace */
	}
	if (self >= 0)
		close(self);
	if (ns >= 0)
		close(ns);
	return fd;
}

/*
 * A child process in namespace "peer" (Linux's end of a test), with two
 * pipes: "go" signals from the parent, numbers back from the child.
 */
struct peer {
	int go;		/* parent -> child */
	int report;	/* child -> parent */
	int port;
	long arg;
};

struct child {
	pid_t pid;
	int go;		/* the parent's ends */
	int report;
};

/* In the child: wait for the parent's go. */
static inline int peer_wait_go(struct peer *p)
{
	char c;

	return read(p->go, &c, 1) == 1 ? 0 : -1;
}

/* In the child: report a number (0 for "ready"). */
static inline int peer_report(struct peer *p, long v)
{
	return write(p->report, &v, sizeof(v)) == sizeof(v) ? 0 : -1;
}

/*
 * Run @fn in a child inside namespace "peer"; its return value is the
 * child's exit status (99: it could not join the namespace).  An alarm
 * ends a child that hangs.
 */
static inline int peer_spawn(struct child *c, int (*fn)(struct peer *), int port,
			     long arg)
{
	int go[2], rep[2];

	*c = (struct child){ .pid = -1, .go = -1, .report = -1 };
	if (pipe(go) || pipe(rep))
		return -1;
	c->pid = fork();
	if (c->pid == 0) {
		int ns = open(PEER_NETNS, O_RDONLY);
		struct peer p = { .go = go[0], .report = rep[1], .port = port,
				  .arg = arg };

		close(go[1]);
		close(rep[0]);
		if (ns < 0 || setns(ns, CLONE_NEWNET))
			_exit(99);
		alarm(100);
		_exit(fn(&p));
	}
	close(go[0]);
	close(rep[1]);
	c->go = go[1];
	c->report = rep[0];
	return c->pid < 0 ? -1 : 0;
}

static inline void child_go(struct child *c)
{
	if (write(c->go, "g", 1) != 1)
		perror("write go");
}

/* The child's next number (60 s at most); -999 when none came. */
static inline long child_read(struct child *c)
{
	struct pollfd pfd = { .fd = c->report, .events = POLLIN };
	long v;

	if (poll(&pfd, 1, 60000) != 1 || read(c->report, &v, sizeof(v)) != sizeof(v))
		return -999;
	return v;
}

/* The child said it is ready (its first number, 0): 0, or -1. */
static inline int child_ready(struct child *c)
{
	return child_read(c) == 0 ? 0 : -1;
}

/*
 * Reap the child: its exit status; -1 when it was killed or could not be
 * waited for (never swallowed: the caller checks it), with a line saying
 * which.
 */
static inline int child_status(struct child *c)
{
	int status;

	close(c->go);
	close(c->report);
	if (c->pid <= 0) {
		fprintf(stderr, "# no peer child to wait for\n");
		return -1;
	}
	if (waitpid(c->pid, &status, 0) != c->pid) {
		fprintf(stderr, "# waitpid %d: %s\n", c->pid, strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status)) {
		fprintf(stderr, "# peer child %d killed by signal %d\n", c->pid,
			WIFSIGNALED(status) ? WTERMSIG(status) : -1);
		return -1;
	}
	return WEXITSTATUS(status);
}

/* End a child that waits for ever (kill) and reap it: true when it was
 * still there to be killed (it had not failed on its own before). */
static inline bool child_kill(struct child *c)
{
	int status;

	if (c->pid <= 0)
		return false;
	kill(c->pid, SIGKILL);
	close(c->go);
	close(c->report);
	return waitpid(c->pid, &status, 0) == c->pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGKILL;
}

#endif /* _XTCP_SELFTEST_LIB_H */
