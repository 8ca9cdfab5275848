// SPDX-License-Identifier: GPL-2.0
/*
 * CUBIC congestion control (RFC 9438), Linux's default: after a loss the
 * window grows along a cubic curve of the time since that loss, flat
 * around the window where the loss happened (W_max) and steep away from
 * it, so that it does not depend on the round-trip time as Reno does.
 *
 *   W_cubic(t) = C * (t - K)^3 + W_max,   K = cbrt(W_max * (1 - beta) / C)
 *
 * with C = 0.4 and beta = 0.7 (a loss cuts the window to 70%), windows in
 * segments and t in seconds.  In the "Reno-friendly" region, where Reno's
 * estimate W_est (growing by 3 * (1 - beta) / (1 + beta) segments per
 * window) is above the curve, the window follows W_est.  Fast convergence
 * (RFC 9438 4.7): a loss below the previous W_max lowers W_max further,
 * giving up bandwidth to newer flows.  Slow start is RFC 5681's, as
 * NewReno's.  Recovery itself (SACK or NewReno) is in ack.c.
 *
 * Fixed point: windows are kept in segments times 1024, times in ms.
 * After an idle period the climb starts afresh (RFC 9438 5.8).  Not done:
 * HyStart (Linux ends slow start early on rising delay).
 */
#include <linux/build_bug.h>
#include <linux/jiffies.h>
#include <linux/math64.h>

#include "cong.h"
#include "sock.h"

#define CUBIC_SHIFT		10		/* segments << 10 */
#define CUBIC_ONE		(1U << CUBIC_SHIFT)
#define CUBIC_BETA_PCT		70		/* beta = 0.7 */
/* t - K is clamped to a minute either way: enough to saturate any window. */
#define CUBIC_MAX_DT_MS		60000

/**
 * struct xtcp_cubic - a connection's CUBIC state, in xtcp_sock.cong_priv
 * @w_max: window before the last loss, segments << 10
 * @w_last_max: @w_max before that (fast convergence)
 * @k_ms: time the curve takes to climb back to @w_max
 * @origin: the curve's plateau, segments << 10
 * @epoch_start: jiffies when the current climb began; 0 before
 * @w_est: Reno's window estimate, segments << 10
 * @acc: bytes of growth owed, short of a segment
 */
struct xtcp_cubic {
	u32 w_max;
	u32 w_last_max;
	u32 k_ms;
	u32 origin;
	unsigned long epoch_start;
	u32 w_est;
	u32 acc;
};

static struct xtcp_cubic *xtcp_cubic(struct sock *sk)
{
	BUILD_BUG_ON(sizeof(struct xtcp_cubic) >
		     sizeof(((struct xtcp_sock *)0)->cong_priv));
	return (struct xtcp_cubic *)xtcp_sk(sk)->cong_priv;
}

/* The integer cube root of @x (bisection: only once per loss). */
static u32 xtcp_cbrt(u64 x)
{
	u32 lo = 0, hi = 2642245;	/* cbrt(2^64) */

	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if ((u64)mid * mid * mid <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static u32 xtcp_segs(const struct xtcp_sock *xs, u32 bytes)
{
	return div_u64((u64)bytes << CUBIC_SHIFT, max_t(u32, xs->mss, 1));
}

static void xtcp_cubic_init(struct sock *sk)
{
	memset(xtcp_cubic(sk), 0, sizeof(struct xtcp_cubic));
}

/* A loss (RFC 9438 4.6, 4.7): remember W_max, cut to beta times cwnd. */
static u32 xtcp_cubic_ssthresh(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_cubic *c = xtcp_cubic(sk);
	u32 cwnd = xtcp_segs(xs, xs->snd_cwnd);

	if (cwnd < c->w_last_max)
		c->w_max = div_u64((u64)cwnd * (100 + CUBIC_BETA_PCT), 200);
	else
		c->w_max = cwnd;
	c->w_last_max = cwnd;
	c->epoch_start = 0;
	return max_t(u32, div_u64((u64)xs->snd_cwnd * CUBIC_BETA_PCT, 100),
		     2U * xs->mss);
}

/* Idle: the curve's clock must not run on (RFC 9438 5.8). */
static void xtcp_cubic_restart(struct sock *sk)
{
	xtcp_cubic(sk)->epoch_start = 0;
}

/* A new climb: where the curve starts, its plateau and K. */
static void xtcp_cubic_epoch(struct xtcp_cubic *c, u32 cwnd)
{
	c->epoch_start = jiffies ? : 1;
	c->acc = 0;
	c->w_est = cwnd;
	if (cwnd < c->w_max) {
		/*
		 * K = cbrt((W_max - cwnd) / C) s; in ms that is the cube root
		 * of (W_max - cwnd) segments * 2.5e9, the segments << 10.
		 */
		u64 diff = c->w_max - cwnd;

		c->k_ms = xtcp_cbrt(div_u64(diff * 2500000000ULL, CUBIC_ONE));
		c->origin = c->w_max;
	} else {
		c->k_ms = 0;
		c->origin = cwnd;
	}
}

/* W_cubic(t) in segments << 10, t in ms since the epoch. */
static u64 xtcp_cubic_target(const struct xtcp_cubic *c, u32 t_ms)
{
	s64 dt = (s64)t_ms - c->k_ms, off;

	dt = clamp_t(s64, dt, -CUBIC_MAX_DT_MS, CUBIC_MAX_DT_MS);
	/* C * dt^3 segments with dt in ms: 0.4 * dt^3 / 1e9, << 10. */
	off = div64_s64(dt * dt * dt * 4096, 10000000000LL);
	if (off < 0 && -off >= c->origin)
		return 0;
	return (u64)((s64)c->origin + off);
}

static void xtcp_cubic_cong_avoid(struct sock *sk, u32 acked)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_cubic *c = xtcp_cubic(sk);
	u32 mss = xs->mss, cwnd, t_ms;
	u64 target, grow;

	if (xs->snd_cwnd < xs->snd_ssthresh) {
		/* Slow start, as NewReno (RFC 3465's L = 2 SMSS). */
		xs->snd_cwnd += min(acked, 2 * mss);
		return;
	}
	cwnd = xtcp_segs(xs, xs->snd_cwnd);
	if (!c->epoch_start)
		xtcp_cubic_epoch(c, cwnd);
	/* Where the curve will be one round trip from now (RFC 9438 4.2). */
	t_ms = jiffies_to_msecs(jiffies - c->epoch_start) +
	       (xs->srtt_us ? xs->srtt_us / USEC_PER_MSEC : 0);
	target = xtcp_cubic_target(c, t_ms);
	/* At most half a window more per round trip (RFC 9438 4.2). */
	target = clamp_t(u64, target, cwnd, cwnd + cwnd / 2);

	/* Reno-friendly estimate: 3 (1 - beta) / (1 + beta) = 9/17 segment
	 * per window acknowledged.
	 */
	c->w_est += div_u64((u64)xtcp_segs(xs, acked) * 9,
			    17 * max(cwnd >> CUBIC_SHIFT, 1U));
	if (c->w_est > target)
		target = min_t(u64, c->w_est, cwnd + cwnd / 2);

	/* Grow by (target - cwnd) / cwnd of what was acknowledged; barely
	 * (1% of it) on the plateau.
	 */
	if (target > cwnd)
		grow = div_u64((u64)acked * (target - cwnd), cwnd);
	else
		grow = acked / 100;
	c->acc += min_t(u64, grow, U32_MAX - c->acc);
	while (c->acc >= mss) {
		c->acc -= mss;
		xs->snd_cwnd += mss;
	}
}

struct xtcp_cong_ops xtcp_cubic_ops = {
	.name		= "cubic",
	.init		= xtcp_cubic_init,
	.ssthresh	= xtcp_cubic_ssthresh,
	.cong_avoid	= xtcp_cubic_cong_avoid,
	.restart	= xtcp_cubic_restart,
};
