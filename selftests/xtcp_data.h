/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Byte-stream checking shared by xtcp_stream and xtcp_xfer: a deterministic
 * data pattern (any byte of it computable from a seed and an offset), a
 * 64-bit FNV-1a style hash, and a poll(2) loop that moves patterned data over
 * any number of non-blocking sockets at once, in both directions, checking
 * every received byte against the pattern the other end sent.
 *
 * No kernel, no library beyond libc: the same code checks Linux's TCP
 * (family inet) and xtcp.
 */
#ifndef _XTCP_SELFTEST_DATA_H
#define _XTCP_SELFTEST_DATA_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "xtcp_lib.h"	/* now_s() */

#define FNV64_OFFSET	0xcbf29ce484222325ULL
#define FNV64_PRIME	0x100000001b3ULL

/*
 * FNV-1a, 64-bit, taking the stream eight bytes at a time (a little-endian
 * word per step, eight times fewer steps than byte-wise FNV, which matters
 * under QEMU TCG).  The result does not depend on how the stream was cut
 * into reads: bytes short of a word wait in @pend.
 */
struct hash64 {
	uint64_t h, pend;
	unsigned int npend;
	uint64_t len;
};

static inline void hash_init(struct hash64 *s)
{
	s->h = FNV64_OFFSET;
	s->pend = 0;
	s->npend = 0;
	s->len = 0;
}

static inline void hash_word(struct hash64 *s, uint64_t w)
{
	s->h ^= w;
	s->h *= FNV64_PRIME;
	s->h ^= s->h >> 29;
}

static inline void hash_update(struct hash64 *s, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t w;

	s->len += len;
	for (; len && s->npend; len--) {
		s->pend |= (uint64_t)*p++ << (8 * s->npend);
		if (++s->npend == 8) {
			hash_word(s, s->pend);
			s->pend = 0;
			s->npend = 0;
		}
	}
	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&w, p, 8);
		hash_word(s, w);
	}
	for (; len; len--)
		s->pend |= (uint64_t)*p++ << (8 * s->npend++);
}

static inline uint64_t hash_final(const struct hash64 *s)
{
	struct hash64 t = *s;

	hash_word(&t, t.pend);
	hash_word(&t, t.len);
	return t.h;
}

/* The pattern's 64-bit word number @k for @seed (splitmix64). */
static inline uint64_t pattern_word(uint64_t seed, uint64_t k)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + k * 0xbf58476d1ce4e5b9ULL + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fill @buf with the pattern's bytes [off, off + len). */
static inline void pattern_fill(uint64_t seed, uint64_t off, void *buf, size_t len)
{
	unsigned char *p = buf;
	uint64_t w;

	/* Byte n of word k is bits 8n..8n+7: memcpy on little-endian x86. */
	for (; len && off % 8; len--, off++)
		*p++ = pattern_word(seed, off / 8) >> (8 * (off % 8));
	for (; len >= 8; len -= 8, off += 8, p += 8) {
		w = pattern_word(seed, off / 8);
		memcpy(p, &w, 8);
	}
	for (; len; len--, off++)
		*p++ = pattern_word(seed, off / 8) >> (8 * (off % 8));
}

/* Offset in the pattern of the first byte of @buf that differs, or -1. */
static inline int64_t pattern_check(uint64_t seed, uint64_t off, const void *buf, size_t len)
{
	unsigned char want[4096];
	const unsigned char *p = buf;

	while (len) {
		size_t n = len < sizeof(want) ? len : sizeof(want);

		pattern_fill(seed, off, want, n);
		if (memcmp(want, p, n))
			for (size_t i = 0; i < n; i++)
				if (want[i] != p[i])
					return off + i;
		off += n;
		p += n;
		len -= n;
	}
	return -1;
}

/* The hash of the pattern's first @len bytes: what the receiver must get. */
static inline uint64_t pattern_hash(uint64_t seed, uint64_t len)
{
	unsigned char buf[4096];
	struct hash64 h;
	uint64_t off = 0;

	hash_init(&h);
	while (off < len) {
		size_t n = len - off < sizeof(buf) ? len - off : sizeof(buf);

		pattern_fill(seed, off, buf, n);
		hash_update(&h, buf, n);
		off += n;
	}
	return hash_final(&h);
}

/*
 * One socket's part of a transfer.  The caller sets fd and the tx/rx
 * fields; flows_run() fills the rest.
 *
 * tx: send tx_len bytes of pattern tx_seed, then shutdown(SHUT_WR) when
 *     tx_shut.
 * rx: expect rx_len bytes of pattern rx_seed, then (when rx_eof) end of
 *     file; every byte is checked against the pattern and hashed.  tx_done
 *     may start above 0 to resume sending where the caller left off.
 */
struct flow {
	int fd;
	uint64_t tx_seed, tx_len;
	bool tx_shut;
	uint64_t rx_seed, rx_len;
	bool rx_eof;
	bool nocheck;			/* benchmark: send zeros; count, any length */
	double tx_until;		/* benchmark: stop sending then (now_s()) */

	uint64_t tx_done, rx_done;
	struct hash64 rx_hash;		/* of what arrived */
	int64_t rx_bad_at;		/* first wrong byte, or -1 */
	bool tx_finished, rx_finished;
	bool got_eof;
	int err;			/* errno that ended it, 0 if none */
	const char *err_op;		/* "send", "recv", "shutdown", "poll" */
	double t_first, t_last;		/* first and last byte received */
};

static inline void flow_init(struct flow *f, int fd)
{
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	hash_init(&f->rx_hash);
	f->rx_bad_at = -1;
}

static inline bool flow_done(const struct flow *f)
{
	return f->err || (f->tx_finished && f->rx_finished);
}

/* The receive side is complete and correct. */
static inline bool flow_rx_ok(const struct flow *f)
{
	if (f->nocheck)
		return !f->err && f->rx_finished;
	return !f->err && f->rx_finished && f->rx_done == f->rx_len &&
	       f->rx_bad_at < 0 && hash_final(&f->rx_hash) == pattern_hash(f->rx_seed, f->rx_len);
}

static inline void flow_fail(struct flow *f, const char *op, int err)
{
	if (!f->err) {
		f->err = err;
		f->err_op = op;
	}
}

static inline void flow_tx(struct flow *f, unsigned char *buf, size_t bufsz)
{
	if (f->tx_until && now_s() >= f->tx_until)
		f->tx_len = f->tx_done;
	while (f->tx_done < f->tx_len) {
		size_t n = f->tx_len - f->tx_done < bufsz ? f->tx_len - f->tx_done : bufsz;
		ssize_t r;

		if (!f->nocheck)
			pattern_fill(f->tx_seed, f->tx_done, buf, n);
		r = send(f->fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			if (errno != EAGAIN && errno != EINTR)
				flow_fail(f, "send", errno);
			return;
		}
		f->tx_done += r;
	}
	if (f->tx_shut && shutdown(f->fd, SHUT_WR))
		flow_fail(f, "shutdown", errno);
	f->tx_finished = true;
}

static inline void flow_rx(struct flow *f, unsigned char *buf, size_t bufsz)
{
	for (;;) {
		ssize_t r = recv(f->fd, buf, bufsz, MSG_DONTWAIT);
		int64_t bad;

		if (r < 0) {
			if (errno != EAGAIN && errno != EINTR)
				flow_fail(f, "recv", errno);
			return;
		}
		if (r == 0) {
			f->got_eof = true;
			f->rx_finished = true;
			if (!f->rx_eof && f->rx_done < f->rx_len)
				flow_fail(f, "recv (early EOF)", EPIPE);
			return;
		}
		if (!f->rx_done)
			f->t_first = now_s();
		f->t_last = now_s();
		if (!f->nocheck) {
			hash_update(&f->rx_hash, buf, r);
			bad = pattern_check(f->rx_seed, f->rx_done, buf, r);
			if (bad >= 0 && f->rx_bad_at < 0)
				f->rx_bad_at = bad;
		}
		f->rx_done += r;
		if (f->rx_done > f->rx_len && !f->nocheck) {
			flow_fail(f, "recv (too much data)", EPROTO);
			return;
		}
		if (!f->rx_eof && f->rx_done == f->rx_len) {
			f->rx_finished = true;
			return;
		}
	}
}

/*
 * Run @n flows until all are done or one failed (which stops the others,
 * ECANCELED).  A flow that makes no progress for @idle_ms fails with
 * ETIMEDOUT ("stalled"), so a broken stack ends the test instead of
 * hanging it.  Returns the number of flows
 * that failed (error, wrong byte, wrong hash or wrong length).
 */
static inline int flows_run(struct flow *f, int n, int idle_ms)
{
	size_t bufsz = 256 * 1024;
	unsigned char *buf = calloc(1, bufsz);
	struct pollfd *p = calloc(n, sizeof(*p));
	int *idx = calloc(n, sizeof(*idx));
	int *fl = calloc(n, sizeof(*fl));
	bool abort_all = false;
	int failed = 0;

	if (!buf || !p || !idx || !fl) {
		free(buf), free(p), free(idx), free(fl);
		return n;
	}
	for (int i = 0; i < n; i++) {
		fl[i] = fcntl(f[i].fd, F_GETFL);
		fcntl(f[i].fd, F_SETFL, fl[i] | O_NONBLOCK);
		if (!f[i].tx_len && !f[i].tx_shut)
			f[i].tx_finished = true;
		if (!f[i].rx_len && !f[i].rx_eof)
			f[i].rx_finished = true;
		/* Start sending now: a full buffer is the normal state. */
		if (!f[i].tx_finished)
			flow_tx(&f[i], buf, bufsz);
		if (f[i].err)
			abort_all = true;
	}
	for (;;) {
		int m = 0, r;

		/*
		 * One failed flow: the others (its other end at least) would
		 * only stall until idle_ms; stop them all now.
		 */
		if (abort_all) {
			for (int i = 0; i < n; i++)
				if (!flow_done(&f[i]))
					flow_fail(&f[i], "aborted (another flow failed)",
						  ECANCELED);
			break;
		}
		for (int i = 0; i < n; i++) {
			if (flow_done(&f[i]))
				continue;
			p[m].fd = f[i].fd;
			p[m].events = (f[i].tx_finished ? 0 : POLLOUT) |
				      (f[i].rx_finished ? 0 : POLLIN);
			p[m].revents = 0;
			idx[m++] = i;
		}
		if (!m)
			break;
		r = poll(p, m, idle_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			for (int j = 0; j < m; j++)
				flow_fail(&f[idx[j]], "poll (stalled)", r ? errno : ETIMEDOUT);
			break;
		}
		for (int j = 0; j < m; j++) {
			struct flow *x = &f[idx[j]];

			if (!p[j].revents)
				continue;
			if (!x->rx_finished && (p[j].revents & (POLLIN | POLLERR | POLLHUP)))
				flow_rx(x, buf, bufsz);
			if (!x->tx_finished && (p[j].revents & (POLLOUT | POLLERR | POLLHUP)))
				flow_tx(x, buf, bufsz);
			/* POLLERR with neither side able to progress. */
			if ((p[j].revents & (POLLERR | POLLNVAL)) && !flow_done(x)) {
				int err = 0;
				socklen_t len = sizeof(err);

				getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &len);
				flow_fail(x, "poll (POLLERR)", err ? err : EIO);
			}
			if (x->err)
				abort_all = true;
		}
	}
	for (int i = 0; i < n; i++)
		fcntl(f[i].fd, F_SETFL, fl[i]);
	for (int i = 0; i < n; i++)
		if (f[i].err || (f[i].rx_len || f[i].rx_eof ? !flow_rx_ok(&f[i]) : false) ||
		    f[i].tx_done != f[i].tx_len)
			failed++;
	free(buf), free(p), free(idx), free(fl);
	return failed;
}

#endif /* _XTCP_SELFTEST_DATA_H */
