/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by xtcp's C selftests: the family under test, addresses,
 * the test network's names, sysctl-style files, socket options, counters,
 * and sockets in the peer's network namespace.
 */
#ifndef _XTCP_SELFTEST_LIB_H
#define _XTCP_SELFTEST_LIB_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/xtcp.h>

/* The test network of scripts/vm-run (see its topology drawing). */
#define XTCP_ADDR	"192.0.2.1"	/* xt0, main namespace: xtcp */
#define PEER_ADDR	"192.0.2.2"	/* pe0, namespace "peer": Linux */
#define SILENT_ADDR	"192.0.2.3"	/* on the link, nobody answers */
#define DEVICES_SYSCTL	"/proc/sys/net/xtcp/devices"
#define PEER_NETNS	"/run/netns/peer"

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
 * A counter of /proc/net/xtcp_stat (nstat's format: a line of names, a
 * line of values); -1 when there is no such counter (or no module).
 */
static inline long xtcp_stat(const char *name)
{
	char names[8192], values[8192], *n, *v, *sn, *sv;
	FILE *f = fopen("/proc/net/xtcp_stat", "r");
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

#endif /* _XTCP_SELFTEST_LIB_H */
