// SPDX-License-Identifier: GPL-2.0
/*
 * CUBIC (RFC 9438) as arithmetic on struct xtcp_cubic: after a loss the
 * window grows along a cubic curve of the time since that loss, flat
 * around the window where the loss happened (W_max) and steep away from
 * it; where Reno's estimate is above the curve the window follows Reno
 * (the Reno-friendly region); a loss below the previous W_max lowers W_max
 * further (fast convergence).  Slow start is RFC 5681's, as NewReno's.
 */
#include "cubic.h"
#include "newreno.h"

/**
 * xtcp_cubic_cbrt() - the integer cube root
 * @x: any value
 *
 * Bisection: it runs once per loss, not per ACK.
 *
 * Return: the largest r with r^3 <= @x.
 */
u32 xtcp_cubic_cbrt(u64 x)
{
	u32 lo = 0, hi = 2642245;	/* floor(cbrt(2^64 - 1)) */

	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if ((u64)mid * mid * mid <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/**
 * xtcp_cubic_segs() - a byte count in segments << 10
 * @bytes: the count
 * @mss: the segment size; 0 counts as 1
 *
 * Return: @bytes / @mss in the curve's fixed point.
 */
u32 xtcp_cubic_segs(u32 bytes, u32 mss)
{
	return xtcp_div_u64((u64)bytes << XTCP_CUBIC_SHIFT,
			    xtcp_max_u32(mss, 1));
}

/**
 * xtcp_cubic_k_ms() - K, the time the curve takes back to W_max
 * @w_max: the plateau, segments << 10
 * @cwnd: the window the climb starts from, segments << 10
 *
 * RFC 9438 4.2 (eq. 2): K = cbrt((W_max - cwnd_epoch) / C) seconds, with
 * cwnd_epoch the window after the reduction; in ms that is the cube root
 * of (W_max - cwnd) segments * 2.5e9.
 *
 * Return: K, ms; 0 when @cwnd is at or above @w_max.
 */
u32 xtcp_cubic_k_ms(u32 w_max, u32 cwnd)
{
	if (cwnd >= w_max)
		return 0;
	return xtcp_cubic_cbrt(xtcp_div_u64((u64)(w_max - cwnd) * 2500000000ULL,
					    XTCP_CUBIC_ONE));
}

/**
 * xtcp_cubic_reset() - the state of a connection that starts with CUBIC
 * @c: the state
 */
void xtcp_cubic_reset(struct xtcp_cubic *c)
{
	*c = (struct xtcp_cubic){ 0 };
}

/**
 * xtcp_cubic_ssthresh() - a loss: remember W_max, cut the window
 * @c: the state
 * @cwnd_bytes: the congestion window when the loss was detected
 * @mss: the sender's MSS
 *
 * RFC 9438 4.6: ssthresh = beta * cwnd (at least two segments); 4.7, fast
 * convergence: when the window did not get back to the previous W_max,
 * W_max = cwnd * (1 + beta) / 2, else W_max = cwnd.  The next climb starts
 * afresh.
 *
 * Return: the new slow start threshold, bytes.
 */
u32 xtcp_cubic_ssthresh(struct xtcp_cubic *c, u32 cwnd_bytes, u32 mss)
{
	u32 cwnd = xtcp_cubic_segs(cwnd_bytes, mss);

	if (cwnd < c->w_last_max)
		c->w_max = xtcp_div_u64((u64)cwnd * (100 + XTCP_CUBIC_BETA_PCT),
					200);
	else
		c->w_max = cwnd;
	c->w_last_max = cwnd;
	c->in_epoch = false;
	return xtcp_max_u32(xtcp_div_u64((u64)cwnd_bytes * XTCP_CUBIC_BETA_PCT,
					 100),
			    2 * mss);
}

/**
 * xtcp_cubic_epoch() - a new climb: where the curve starts, its plateau, K
 * @c: the state
 * @cwnd: the window now, segments << 10
 * @now_ms: the time now
 *
 * Below W_max the curve climbs back to it in K (RFC 9438 4.2); at or
 * above it (no loss yet, or the window grew past it) the plateau is the
 * window itself and the curve starts convex at once (4.5).  Reno's
 * estimate starts from the window (4.3).
 */
void xtcp_cubic_epoch(struct xtcp_cubic *c, u32 cwnd, u32 now_ms)
{
	c->in_epoch = true;
	c->epoch_start_ms = now_ms;
	c->acc = 0;
	c->w_est = cwnd;
	c->k_ms = xtcp_cubic_k_ms(c->w_max, cwnd);
	c->origin = cwnd < c->w_max ? c->w_max : cwnd;
}

/**
 * xtcp_cubic_target() - W_cubic(t)
 * @c: the state, in a climb
 * @t_ms: the time since the climb began
 *
 * RFC 9438 4.2 (eq. 1): C * (t - K)^3 + W_max, the plateau standing for
 * W_max; t - K is clamped to XTCP_CUBIC_MAX_DT_MS either way.
 *
 * Return: the window the curve gives, segments << 10, never below 0.
 */
u64 xtcp_cubic_target(const struct xtcp_cubic *c, u32 t_ms)
{
	s64 dt = (s64)t_ms - c->k_ms, off;

	if (dt > XTCP_CUBIC_MAX_DT_MS)
		dt = XTCP_CUBIC_MAX_DT_MS;
	else if (dt < -XTCP_CUBIC_MAX_DT_MS)
		dt = -XTCP_CUBIC_MAX_DT_MS;
	/* C * dt^3 segments with dt in ms: 0.4 * dt^3 / 1e9, << 10. */
	off = xtcp_div64_s64(dt * dt * dt * 4096, 10000000000LL);
	if (off < 0 && -off >= c->origin)
		return 0;
	return (u64)((s64)c->origin + off);
}

/**
 * xtcp_cubic_cong_avoid() - the window after an ACK outside recovery
 * @c: the state
 * @cwnd_bytes: the congestion window
 * @ssthresh: the slow start threshold, bytes
 * @acked: bytes newly acknowledged
 * @mss: the sender's MSS; 0 counts as 1
 * @now_ms: the time now
 * @srtt_us: the smoothed round-trip time, 0 before a sample
 *
 * Below the threshold, slow start.  Above it the window aims where the
 * curve will be one round trip from now (RFC 9438 4.2), at most half a
 * window more, or at Reno's estimate when that is higher (4.3: it grows by
 * 3 (1 - beta) / (1 + beta) = 9/17 segment per window acknowledged); it
 * grows by (target - cwnd) / cwnd of what was acknowledged, in whole
 * segments.  While the target is not above the window (the curve's
 * plateau) it grows by one segment per 100 windows acknowledged, as
 * Linux's bictcp_update() (RFC 9438 4.2 would add nothing).
 *
 * Return: the new congestion window, bytes.
 */
u32 xtcp_cubic_cong_avoid(struct xtcp_cubic *c, u32 cwnd_bytes, u32 ssthresh,
			  u32 acked, u32 mss, u32 now_ms, u32 srtt_us)
{
	u32 cwnd, t_ms, segs;
	u64 target, grow;

	if (cwnd_bytes < ssthresh)
		return xtcp_slow_start(cwnd_bytes, acked, mss);
	mss = xtcp_max_u32(mss, 1);
	cwnd = xtcp_cubic_segs(cwnd_bytes, mss);
	if (!c->in_epoch)
		xtcp_cubic_epoch(c, cwnd, now_ms);
	t_ms = now_ms - c->epoch_start_ms + srtt_us / 1000;
	target = xtcp_cubic_target(c, t_ms);
	if (target < cwnd)
		target = cwnd;
	else if (target > cwnd + cwnd / 2)
		target = cwnd + cwnd / 2;

	c->w_est += xtcp_div_u64((u64)xtcp_cubic_segs(acked, mss) * 9,
				 17 * xtcp_max_u32(cwnd >> XTCP_CUBIC_SHIFT, 1));
	if (c->w_est > target)
		target = xtcp_min_u64(c->w_est, cwnd + cwnd / 2);

	/* Growth owed, in 1/1024 bytes (a fraction of a byte per ACK adds up). */
	if (target > cwnd)
		grow = xtcp_div_u64(((u64)acked * (target - cwnd)) << 10,
				    xtcp_max_u32(cwnd, 1));
	else	/* on the plateau: a segment per 100 windows, as Linux */
		grow = xtcp_div_u64((u64)acked << (XTCP_CUBIC_SHIFT + 10),
				    100 * xtcp_max_u32(cwnd, 1));
	c->acc += xtcp_min_u64(grow, U32_MAX - c->acc);
	if (c->acc >= (u64)mss << 10) {
		segs = c->acc / (mss << 10);
		c->acc -= segs * (mss << 10);
		cwnd_bytes += segs * mss;
	}
	return cwnd_bytes;
}
