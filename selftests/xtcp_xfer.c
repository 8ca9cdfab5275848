// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp_xfer: one TCP connection moving patterned data, checked byte for
 * byte and by hash at the receiving end.  A helper for xtcp_netem.sh and
 * scripts/bench, not a test of its own.
 *
 *   xtcp_xfer --family xtcp|inet|NUMBER (--listen|--connect) ADDR:PORT
 *             [--send BYTES] [--recv BYTES] [--seed S] [--peer-seed S]
 *             [--keepalive IDLE,INTVL,CNT] [--user-timeout MS] [--nodelay]
 *             [--sndbuf B] [--rcvbuf B] [--timeout SECONDS] [--mem] [--no-check]
 *             [--hold] [--duration SECONDS] [--congestion NAME]
 *
 * The end sends BYTES of pattern S (--send) then shuts down its sending
 * side, and expects BYTES of pattern --peer-seed (default S) then end of
 * file (--recv), both at once; --hold keeps its sending side open (no
 * shutdown), so the connection stays up until the peer ends it or it
 * fails.  For benchmarks: --no-check sends zeros and only counts what
 * arrives (any amount), --duration stops sending after that many seconds.
 * --congestion sets TCP_CONGESTION before connect() or listen() (a
 * listener's connection inherits it) and checks that it reads back.
 * A listener accepts one connection.  It prints "listening" or
 * "connected" when the connection can be used, then one line of key=value
 * results:
 *
 *   result sent=N received=N rx_hash=0x... rx_ok=1 seconds=S rx_MBps=X
 *          tx_MBps=X mem_rmem_peak=B mem_wmem_peak=B error=none
 *
 * Exit status: 0 when everything was sent and everything expected arrived
 * intact, 1 for wrong data, 2 for an error (its errno name in error=), 3
 * for bad usage or a failed setup.  With --hold --recv 0 it waits for the
 * peer's end of file: keepalive or the user time-out then end the
 * connection with an error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <getopt.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "xtcp_lib.h"
#include "xtcp_data.h"

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

static int family = AF_INET, fd = -1;
static volatile int sampling = 1;
static uint32_t rmem_peak, wmem_peak;

static void usage(void)
{
	fprintf(stderr,
		"usage: xtcp_xfer --family xtcp|inet|N (--listen|--connect) ADDR:PORT\n"
		"       [--send B] [--recv B] [--seed S] [--peer-seed S] [--nodelay]\n"
		"       [--keepalive IDLE,INTVL,CNT] [--user-timeout MS]\n"
		"       [--sndbuf B] [--rcvbuf B] [--timeout S] [--mem] [--no-check] [--hold]\n"
		"       [--congestion NAME]\n"
		"       [--duration S]\n");
	exit(3);
}

static void die(const char *what)
{
	printf("result error=%s during=%s\n", strerrorname_np(errno) ?: "?", what);
	fflush(stdout);
	exit(errno ? 2 : 3);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'K': case 'k': v <<= 10; break;
	case 'M': case 'm': v <<= 20; break;
	case 'G': case 'g': v <<= 30; break;
	case 0: break;
	default: usage();
	}
	return v;
}

static struct sockaddr_in parse_addr(char *s)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char *colon = strrchr(s, ':');

	if (!colon)
		usage();
	*colon = 0;
	if (inet_pton(AF_INET, s, &sin.sin_addr) != 1)
		usage();
	sin.sin_port = htons(atoi(colon + 1));
	return sin;
}

/* Peak socket memory while the transfer runs (SO_MEMINFO, any family). */
static void *sample_mem(void *arg)
{
	while (sampling) {
		uint32_t m[SK_MEMINFO_VARS] = { 0 };
		socklen_t len = sizeof(m);

		if (!getsockopt(fd, SOL_SOCKET, SO_MEMINFO, m, &len)) {
			if (m[SK_MEMINFO_RMEM_ALLOC] > rmem_peak)
				rmem_peak = m[SK_MEMINFO_RMEM_ALLOC];
			if (m[SK_MEMINFO_WMEM_QUEUED] > wmem_peak)
				wmem_peak = m[SK_MEMINFO_WMEM_QUEUED];
		}
		usleep(20000);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "family", required_argument, NULL, 'f' },
		{ "listen", required_argument, NULL, 'l' },
		{ "connect", required_argument, NULL, 'c' },
		{ "send", required_argument, NULL, 's' },
		{ "recv", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'S' },
		{ "peer-seed", required_argument, NULL, 'P' },
		{ "keepalive", required_argument, NULL, 'k' },
		{ "user-timeout", required_argument, NULL, 'u' },
		{ "nodelay", no_argument, NULL, 'n' },
		{ "sndbuf", required_argument, NULL, 'B' },
		{ "rcvbuf", required_argument, NULL, 'R' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mem", no_argument, NULL, 'm' },
		{ "no-check", no_argument, NULL, 'N' },
		{ "hold", no_argument, NULL, 'H' },
		{ "duration", required_argument, NULL, 'D' },
		{ "congestion", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t send_len = 0, recv_len = 0, seed = 1, peer_seed = 0;
	int listening = -1, idle = 0, intvl = 0, cnt = 0, user_timeout = -1;
	int nodelay = 0, sndbuf = 0, rcvbuf = 0, timeout = 30, mem = 0, one = 1;
	int nocheck = 0, hold = 0;
	double duration = 0;
	const char *cong = NULL;
	bool have_peer_seed = false;
	struct sockaddr_in sin = { 0 };
	struct flow f;
	pthread_t sampler;
	double t0, dt;
	int o, bad;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			if (!strcmp(optarg, "xtcp"))
				family = xtcp_family();
			else if (!strcmp(optarg, "inet"))
				family = AF_INET;
			else
				family = atoi(optarg);
			break;
		case 'l': listening = 1; sin = parse_addr(optarg); break;
		case 'c': listening = 0; sin = parse_addr(optarg); break;
		case 's': send_len = parse_size(optarg); break;
		case 'r': recv_len = parse_size(optarg); break;
		case 'S': seed = strtoull(optarg, NULL, 0); break;
		case 'P': peer_seed = strtoull(optarg, NULL, 0); have_peer_seed = true; break;
		case 'k':
			if (sscanf(optarg, "%d,%d,%d", &idle, &intvl, &cnt) != 3)
				usage();
			break;
		case 'u': user_timeout = atoi(optarg); break;
		case 'n': nodelay = 1; break;
		case 'B': sndbuf = parse_size(optarg); break;
		case 'R': rcvbuf = parse_size(optarg); break;
		case 't': timeout = atoi(optarg); break;
		case 'm': mem = 1; break;
		case 'N': nocheck = 1; break;
		case 'H': hold = 1; break;
		case 'D': duration = atof(optarg); break;
		case 'C': cong = optarg; break;
		default: usage();
		}
	}
	if (listening < 0 || optind != argc)
		usage();
	if (!have_peer_seed)
		peer_seed = seed;
	signal(SIGPIPE, SIG_IGN);

	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (sndbuf && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)))
		die("SO_SNDBUF");
	if (rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		die("SO_RCVBUF");
	if (cong && setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cong, strlen(cong)))
		die("TCP_CONGESTION");
	if (listening) {
		int l = fd;

		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(l, (struct sockaddr *)&sin, sizeof(sin)) || listen(l, 1))
			die("listen");
		printf("listening\n");
		fflush(stdout);
		fd = accept(l, NULL, NULL);
		if (fd < 0)
			die("accept");
		close(l);
	} else {
		struct timeval tv = { .tv_sec = timeout };

		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			die("connect");
	}
	if (nodelay && setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
	if (idle) {
		if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) ||
		    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle)) ||
		    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl)) ||
		    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt)))
			die("keepalive options");
	}
	if (user_timeout >= 0 && setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT,
					    &user_timeout, sizeof(user_timeout)))
		die("TCP_USER_TIMEOUT");
	if (cong) {
		char name[16] = "";
		socklen_t len = sizeof(name);

		if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len))
			die("TCP_CONGESTION");
		if (strncmp(name, cong, sizeof(name))) {
			errno = 0;
			die("TCP_CONGESTION reads back another name");
		}
	}
	printf("connected\n");
	fflush(stdout);

	flow_init(&f, fd);
	f.tx_seed = seed;
	f.tx_len = send_len;
	f.tx_shut = !hold;
	f.rx_seed = peer_seed;
	f.rx_len = recv_len;
	f.rx_eof = true;
	f.nocheck = nocheck;
	if (mem)
		pthread_create(&sampler, NULL, sample_mem, NULL);
	t0 = now_s();
	if (duration)
		f.tx_until = t0 + duration;
	bad = flows_run(&f, 1, timeout * 1000);
	dt = now_s() - t0;
	if (mem) {
		sampling = 0;
		pthread_join(sampler, NULL);
	}
	printf("result sent=%llu received=%llu", (unsigned long long)f.tx_done,
	       (unsigned long long)f.rx_done);
	if (nocheck)
		printf(" rx_hash=unchecked");
	else
		printf(" rx_hash=0x%016llx", (unsigned long long)hash_final(&f.rx_hash));
	printf(" rx_ok=%d seconds=%.3f rx_MBps=%.1f tx_MBps=%.1f", flow_rx_ok(&f), dt,
	       f.rx_done && f.t_last > f.t_first ? f.rx_done / (f.t_last - t0) / 1e6 : 0.0,
	       f.tx_done ? f.tx_done / dt / 1e6 : 0.0);
	if (mem)
		printf(" mem_rmem_peak=%u mem_wmem_peak=%u", rmem_peak, wmem_peak);
	printf(" error=%s", f.err ? strerrorname_np(f.err) ?: "?" : "none");
	if (f.err)
		printf(" during=\"%s\"", f.err_op);
	if (f.rx_bad_at >= 0)
		printf(" first_bad_byte=%lld", (long long)f.rx_bad_at);
	printf("\n");
	fflush(stdout);
	close(fd);
	if (f.err)
		return 2;
	return bad ? 1 : 0;
}
