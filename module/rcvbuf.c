// SPDX-License-Identifier: GPL-2.0
/*
 * Receive buffer autotuning: SO_RCVBUF grows with what the reader takes in
 * one round trip, so the window offered keeps up with the sender instead
 * of staying at tcp_rmem[1]'s 64 KiB.
 *
 * The idea is Linux's dynamic right-sizing (tcp_rcv_space_adjust(),
 * net/ipv4/tcp_input.c).  Once per receiver round trip the bytes the
 * reader consumed in it are compared with those of the round trip before.
 * When they grew, the buffer is sized for twice that much (a lost segment
 * holds a window of data back for a round trip) plus sixteen segments of
 * slack, and more in proportion to the growth (a sender in slow start
 * doubles every round trip, and the window we offer now is for the next
 * one).  The buffer only grows, up to net.ipv4.tcp_rmem[2]; not at all
 * when SO_RCVBUF was set or net.ipv4.tcp_moderate_rcvbuf is 0.
 *
 * The receiver's round-trip time comes from the peer echoing our
 * timestamps when it has them (RFC 7323 4.1), else from the time a whole
 * window takes to arrive, an upper bound that is only ever lowered.
 * Every growth fires the xtcp_rcvbuf_grow tracepoint.
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <net/sock.h>

#include "core/autotune.h"
#include "core/seq.h"
#include "isn.h"
#include "rcvbuf.h"
#include "sock.h"
#include "trace.h"
#include "wire.h"

static u64 xtcp_now_us(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_USEC);
}

/* A new receiver RTT sample in microseconds (core/autotune.c). */
static void xtcp_rcv_rtt_sample(struct xtcp_sock *xs, u32 sample_us,
				bool upper_bound)
{
	xs->rcv_rtt_us8 = xtcp_rcv_rtt_update(xs->rcv_rtt_us8, sample_us,
					      upper_bound);
}

/**
 * xtcp_rcvbuf_init() - start measuring when the connection is established
 * @sk: the connection, locked
 */
void xtcp_rcvbuf_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 now = xtcp_now_us();

	xs->rcv_rtt_us8 = 0;
	xs->rcv_rtt_seq = xs->rcv_nxt + xs->rcv_wnd;
	xs->rcv_rtt_time_us = now;
	xs->rcv_rtt_last_tsecr = 0;
	/* What the first round trip is measured against: an initial window. */
	xs->rcvq_space = min_t(u32, xs->rcv_wnd, 10U * xs->rcv_mss);
	xs->rcvq_seq = xs->copied_seq;
	xs->rcvq_time_us = now;
}

/**
 * xtcp_rcvbuf_rtt_measure() - in-order text arrived: sample the RTT
 * @sk: the connection, locked
 * @skb: the segment, parsed; its text starts at or before RCV.NXT
 *
 * Called before RCV.NXT moves past the segment.
 */
void xtcp_rcvbuf_rtt_measure(struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 now = xtcp_now_us();

	/* The peer echoes our clock: one round trip, to the millisecond. */
	if (xs->ts_ok && cb->has_ts && cb->tsecr &&
	    cb->tsecr != xs->rcv_rtt_last_tsecr && skb->len >= xs->rcv_mss) {
		s32 ms = xtcp_ts_clock() + xs->ts_offset - cb->tsecr;

		xs->rcv_rtt_last_tsecr = cb->tsecr;
		/* Under a tick is a tick, as Linux's tcp_rtt_tsopt_us(). */
		if (ms >= 0 && ms < 60 * MSEC_PER_SEC)
			xtcp_rcv_rtt_sample(xs, max(ms, 1) * USEC_PER_MSEC,
					    false);
	}
	/* The window offered a while ago has all come in. */
	if (!xtcp_seq_before(cb->seq + skb->len, xs->rcv_rtt_seq)) {
		if (!xs->ts_ok)
			xtcp_rcv_rtt_sample(xs, min_t(u64, now -
						      xs->rcv_rtt_time_us,
						      U32_MAX), true);
		xs->rcv_rtt_seq = xs->rcv_nxt + xs->rcv_wnd;
		xs->rcv_rtt_time_us = now;
	}
}

/* The buffer, truesize and all, that one segment of @mss bytes of window needs. */
static u32 xtcp_rcvbuf_seg_cost(u32 mss)
{
	/*
	 * Half the buffer is offered as window (receive.c): each segment
	 * of window needs twice its text in buffer, or its skb's truesize
	 * when that is more.
	 */
	return max_t(u32, 2 * mss, SKB_TRUESIZE(mss + MAX_HEADER));
}

/**
 * xtcp_rcvbuf_adjust() - the reader took data: grow the buffer if needed
 * @sk: the connection, locked
 *
 * Once per receiver round trip, as described at the top of this file.
 */
void xtcp_rcvbuf_adjust(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 now = xtcp_now_us();
	u32 copied, mss;
	int max, old;
	u64 want;

	if (!xtcp_rcvbuf_round_done(now, xs->rcvq_time_us, xs->rcv_rtt_us8))
		return;
	copied = xs->copied_seq - xs->rcvq_seq;
	if (copied <= xs->rcvq_space)
		goto new_round;

	old = READ_ONCE(sk->sk_rcvbuf);
	max = READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_rmem[2]);
	if (READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_moderate_rcvbuf) &&
	    !(sk->sk_userlocks & SOCK_RCVBUF_LOCK) && old < max) {
		mss = max_t(u32, xs->rcv_mss, 1);
		want = min_t(u64, xtcp_rcvbuf_wanted(copied, xs->rcvq_space, mss,
						     xtcp_rcvbuf_seg_cost(mss)),
			     max);
		if (want > old) {
			WRITE_ONCE(sk->sk_rcvbuf, (int)want);
			trace_xtcp_rcvbuf_grow(sk, old, copied,
					       xs->rcv_rtt_us8 >> 3);
		}
	}
	xs->rcvq_space = copied;
new_round:
	xs->rcvq_seq = xs->copied_seq;
	xs->rcvq_time_us = now;
}
