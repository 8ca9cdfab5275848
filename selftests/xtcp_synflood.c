// SPDX-License-Identifier: GPL-2.0
/*
 * A SYN flood for xtcp_syncookies.sh: SYNs to one port from spoofed
 * source addresses, as fast as a raw socket sends them (sendmmsg() in
 * batches), until a count is reached or a file appears; it prints how many
 * it sent and at what rate.  Run it only inside the test VM's namespaces.
 *
 *	xtcp_synflood DADDR DPORT COUNT SNET [STOPFILE]
 *
 * SNET is the first address of the spoofed range (a /15: source i is
 * SNET + i); each SYN has its own source port and sequence number and an
 * MSS option, with correct checksums.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64
#define SYN_LEN	(sizeof(struct iphdr) + sizeof(struct tcphdr) + 4)

/* The Internet checksum's ones'-complement sum, over big-endian words. */
static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	return sum;
}

/* The folded, complemented checksum, in network byte order. */
static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* SYN number @i from the spoofed range, to @daddr:@dport, into @buf. */
static void build_syn(uint8_t *buf, uint32_t i, uint32_t snet, uint32_t daddr,
		      uint16_t dport)
{
	struct iphdr *iph = (struct iphdr *)buf;
	struct tcphdr *th = (struct tcphdr *)(iph + 1);
	uint8_t *opt = (uint8_t *)(th + 1);
	uint8_t pseudo[12];
	uint32_t sum;

	memset(buf, 0, SYN_LEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(SYN_LEN);
	iph->id = htons(i & 0xffff);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = htonl(snet + 1 + (i % 131070));	/* inside the /15 */
	iph->daddr = daddr;
	th->source = htons(1024 + (i * 7919) % 60000);
	th->dest = htons(dport);
	th->seq = htonl(i * 2654435761u);
	th->doff = (sizeof(*th) + 4) / 4;
	th->syn = 1;
	th->window = htons(64240);
	opt[0] = 2;			/* MSS 1460 */
	opt[1] = 4;
	opt[2] = 1460 >> 8;
	opt[3] = 1460 & 0xff;
	memcpy(pseudo, &iph->saddr, 4);
	memcpy(pseudo + 4, &iph->daddr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	pseudo[10] = 0;
	pseudo[11] = sizeof(*th) + 4;
	sum = csum_add(0, pseudo, sizeof(pseudo));
	sum = csum_add(sum, th, sizeof(*th) + 4);
	th->check = csum_fold(sum);
}

int main(int argc, char **argv)
{
	static uint8_t bufs[BATCH][SYN_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iovs[BATCH];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct in_addr snet;
	unsigned long count, sent = 0, rounds = 0;
	struct timespec t0, t1;
	const char *stop;
	double secs;
	int fd, i;

	if (argc < 5 || inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[4], &snet) != 1) {
		fprintf(stderr, "usage: %s DADDR DPORT COUNT SNET [STOPFILE]\n",
			argv[0]);
		return 2;
	}
	count = strtoul(argv[3], NULL, 0);
	stop = argc > 5 && argv[5][0] ? argv[5] : NULL;
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("socket(SOCK_RAW)");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iovs[i].iov_base = bufs[i];
		iovs[i].iov_len = SYN_LEN;
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < count) {
		int n = count - sent < BATCH ? (int)(count - sent) : BATCH;

		if (stop && rounds++ % 64 == 0 && access(stop, F_OK) == 0)
			break;
		for (i = 0; i < n; i++)
			build_syn(bufs[i], sent + i + 1, ntohl(snet.s_addr),
				  dst.sin_addr.s_addr, atoi(argv[2]));
		n = sendmmsg(fd, msgs, n, 0);
		if (n < 0 && errno != ENOBUFS && errno != EAGAIN) {
			perror("sendmmsg");
			return 1;
		}
		if (n < 0) {
			/* A full device queue: the rate the VM can send. */
			usleep(100);
			continue;
		}
		sent += n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# flood: sent %lu SYNs in %.1f s (%.0f/s)\n", sent, secs,
	       sent / (secs > 0 ? secs : 1e-9));
	close(fd);
	return 0;
}
