// SPDX-License-Identifier: GPL-2.0
/*
 * Autotuning arithmetic: the receiver RTT estimator and the buffer size
 * one round trip's reading asks for.
 */
#include "autotune.h"

/**
 * xtcp_rcv_rtt_update() - fold a receiver RTT sample into the estimate
 * @est_us8: the estimate in microseconds times 8, 0 before the first
 * @sample_us: the sample
 * @upper_bound: the sample is the time a whole window took to arrive, an
 *	upper bound: it can only lower the estimate
 *
 * Timestamp samples are averaged in with a gain of 1/8.
 *
 * Return: the new estimate, times 8.
 */
u32 xtcp_rcv_rtt_update(u32 est_us8, u32 sample_us, bool upper_bound)
{
	u64 s8;

	if (!sample_us)
		sample_us = 1;
	s8 = (u64)sample_us << 3;
	if (s8 > 0xffffffffULL)
		s8 = 0xffffffffULL;
	if (!est_us8)
		return (u32)s8;
	if (!upper_bound) {
		u64 est = (u64)est_us8 - (est_us8 >> 3) + sample_us;

		return est > 0xffffffffULL ? 0xffffffffU : (u32)est;
	}
	return s8 < est_us8 ? (u32)s8 : est_us8;
}

/**
 * xtcp_rcvbuf_round_done() - has a receiver round trip passed?
 * @now_us: the time now
 * @start_us: when the current round began
 * @est_us8: the receiver RTT estimate times 8 (0: none yet)
 *
 * Return: true once a whole estimated RTT has gone by.
 */
bool xtcp_rcvbuf_round_done(u64 now_us, u64 start_us, u32 est_us8)
{
	return est_us8 && now_us - start_us >= (est_us8 >> 3);
}

/**
 * xtcp_rcvbuf_wanted() - the buffer a round trip's reading calls for
 * @copied: bytes the reader took in the round just ended
 * @prev_copied: bytes it took in the round before (0: none measured)
 * @mss: the peer's segment size
 * @seg_cost: the buffer one segment of window needs, truesize included
 *
 * Twice what was read (a lost segment holds a window back for a round
 * trip) plus sixteen segments of slack, and more in proportion to the
 * growth since the round before (a sender in slow start doubles every
 * round trip), in whole segments of @seg_cost each.
 *
 * Return: the buffer size in bytes; the caller clamps it to tcp_rmem[2]
 * and only ever grows the buffer.
 */
u64 xtcp_rcvbuf_wanted(u32 copied, u32 prev_copied, u32 mss, u32 seg_cost)
{
	u64 win, segs;

	if (!mss)
		mss = 1;
	win = 2ULL * copied + (u64)XTCP_RCVBUF_SLACK_SEGS * mss;
	if (prev_copied && copied > prev_copied)
		win += 2 * xtcp_div_u64(win * (copied - prev_copied), prev_copied);
	segs = xtcp_div_u64(win + mss - 1, mss);
	return segs * seg_cost;
}
