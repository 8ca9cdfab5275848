// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/cubic.[ch]: RFC 9438's curve (W_cubic(0) is
 * the window after the reduction, W_cubic(K) is W_max), K, fast
 * convergence, the Reno-friendly region and the growth per ACK.
 */
#include "kselftest_harness.h"

#include "core/cubic.h"

#define MSS	1448U
#define SEG	XTCP_CUBIC_ONE		/* one segment in the curve's units */

static u32 absdiff(u64 a, u64 b)
{
	return a > b ? a - b : b - a;
}

/*
 * One round trip of @rtt_ms at time @now_ms: an ACK per segment of the
 * window.  Return: the window after it.
 */
static u32 round_trip(struct xtcp_cubic *c, u32 cwnd, u32 ssthresh,
		      u32 now_ms, u32 rtt_ms)
{
	u32 n = cwnd / MSS, i;

	for (i = 0; i < n; i++)
		cwnd = xtcp_cubic_cong_avoid(c, cwnd, ssthresh, MSS, MSS,
					     now_ms, rtt_ms * 1000);
	return cwnd;
}

TEST(cubic__cbrt)
{
	EXPECT_EQ(0U, xtcp_cubic_cbrt(0));
	EXPECT_EQ(1U, xtcp_cubic_cbrt(1));
	EXPECT_EQ(1U, xtcp_cubic_cbrt(7));
	EXPECT_EQ(2U, xtcp_cubic_cbrt(8));
	EXPECT_EQ(99U, xtcp_cubic_cbrt(999999));
	EXPECT_EQ(100U, xtcp_cubic_cbrt(1000000));
	EXPECT_EQ(4217U, xtcp_cubic_cbrt(75000000000ULL));
	/* The largest cube in 64 bits, and the top of the range. */
	EXPECT_EQ(2642245U, xtcp_cubic_cbrt(2642245ULL * 2642245 * 2642245));
	EXPECT_EQ(2642244U, xtcp_cubic_cbrt(2642245ULL * 2642245 * 2642245 - 1));
	EXPECT_EQ(2642245U, xtcp_cubic_cbrt(U64_MAX));
}

TEST(cubic__segments_fixed_point)
{
	EXPECT_EQ(10 * SEG, xtcp_cubic_segs(10 * MSS, MSS));
	EXPECT_EQ(SEG / 2, xtcp_cubic_segs(MSS / 2, MSS));
	/* mss 0 counts as 1, no division by zero. */
	EXPECT_EQ(5 * SEG, xtcp_cubic_segs(5, 0));
	EXPECT_EQ((u32)(((u64)U32_MAX << 10) / 536), xtcp_cubic_segs(U32_MAX, 536));
}

TEST(cubic__k_rfc9438_eq2)
{
	/*
	 * K = cbrt(W_max * (1 - beta) / C): W_max 100 segments, the
	 * window after the reduction 70: cbrt(75) = 4.2172 s.
	 */
	EXPECT_EQ(4217U, xtcp_cubic_k_ms(100 * SEG, 70 * SEG));
	/* W_max 1000: cbrt(750) = 9.0856 s. */
	EXPECT_EQ(9085U, xtcp_cubic_k_ms(1000 * SEG, 700 * SEG));
	/* At or above W_max, no climb back. */
	EXPECT_EQ(0U, xtcp_cubic_k_ms(100 * SEG, 100 * SEG));
	EXPECT_EQ(0U, xtcp_cubic_k_ms(100 * SEG, 200 * SEG));
	/* The largest W_max: no overflow (cbrt(2^32 / 1024 / 0.4) s). */
	EXPECT_EQ(xtcp_cubic_cbrt((u64)U32_MAX * 2500000000ULL / 1024),
		  xtcp_cubic_k_ms(U32_MAX, 0));
}

TEST(cubic__loss_cuts_to_beta_and_remembers_w_max)
{
	struct xtcp_cubic c;

	xtcp_cubic_reset(&c);
	/* RFC 9438 4.6: ssthresh = 0.7 cwnd; W_max = cwnd. */
	EXPECT_EQ(70 * MSS, xtcp_cubic_ssthresh(&c, 100 * MSS, MSS));
	EXPECT_EQ(100 * SEG, c.w_max);
	EXPECT_EQ(100 * SEG, c.w_last_max);
	EXPECT_FALSE(c.in_epoch);
	/* At least two segments. */
	xtcp_cubic_reset(&c);
	EXPECT_EQ(2 * MSS, xtcp_cubic_ssthresh(&c, 2 * MSS, MSS));
	/* Huge windows do not overflow. */
	xtcp_cubic_reset(&c);
	EXPECT_EQ((u32)((u64)U32_MAX * 70 / 100),
		  xtcp_cubic_ssthresh(&c, U32_MAX, 65535));
}

TEST(cubic__fast_convergence_rfc9438_4_7)
{
	struct xtcp_cubic c;

	xtcp_cubic_reset(&c);
	xtcp_cubic_ssthresh(&c, 100 * MSS, MSS);
	/* The next loss comes below the last W_max: W_max = cwnd (1 + beta) / 2. */
	xtcp_cubic_ssthresh(&c, 80 * MSS, MSS);
	EXPECT_EQ(80 * SEG * 170 / 200, c.w_max);
	EXPECT_EQ(80 * SEG, c.w_last_max);
	/* One above it: W_max = cwnd. */
	xtcp_cubic_ssthresh(&c, 90 * MSS, MSS);
	EXPECT_EQ(90 * SEG, c.w_max);
	EXPECT_EQ(90 * SEG, c.w_last_max);
}

TEST(cubic__curve_rfc9438_eq1)
{
	struct xtcp_cubic c;
	u64 w0;

	xtcp_cubic_reset(&c);
	xtcp_cubic_ssthresh(&c, 100 * MSS, MSS);
	xtcp_cubic_epoch(&c, 70 * SEG, 1000);
	EXPECT_EQ(4217U, c.k_ms);
	EXPECT_EQ(100 * SEG, c.origin);
	EXPECT_EQ(70 * SEG, c.w_est);

	/* W_cubic(0) is the window after the reduction (to 1/200 segment). */
	w0 = xtcp_cubic_target(&c, 0);
	EXPECT_GE(5U, absdiff(w0, 70 * SEG));
	/* W_cubic(K) = W_max. */
	EXPECT_EQ(100 * SEG, xtcp_cubic_target(&c, c.k_ms));
	/* One second either side of K: C * 1^3 = 0.4 segment. */
	EXPECT_EQ(100 * SEG + 409, xtcp_cubic_target(&c, c.k_ms + 1000));
	EXPECT_EQ(100 * SEG - 409, xtcp_cubic_target(&c, c.k_ms - 1000));
	/* Concave below K, convex above: increasing all the way. */
	for (u32 t = 0; t < 20000; t += 100)
		EXPECT_LE(xtcp_cubic_target(&c, t), xtcp_cubic_target(&c, t + 100));
	/* Far beyond K, t - K is clamped at a minute. */
	EXPECT_EQ(xtcp_cubic_target(&c, c.k_ms + XTCP_CUBIC_MAX_DT_MS),
		  xtcp_cubic_target(&c, U32_MAX));
	EXPECT_EQ(100 * SEG + 88473600ULL,
		  xtcp_cubic_target(&c, c.k_ms + XTCP_CUBIC_MAX_DT_MS));
}

TEST(cubic__curve_never_below_zero)
{
	struct xtcp_cubic c = { .origin = SEG, .k_ms = XTCP_CUBIC_MAX_DT_MS };

	EXPECT_EQ(0ULL, xtcp_cubic_target(&c, 0));
}

TEST(cubic__epoch_without_loss_starts_convex)
{
	struct xtcp_cubic c;

	xtcp_cubic_reset(&c);
	xtcp_cubic_epoch(&c, 50 * SEG, 7);
	EXPECT_EQ(0U, c.k_ms);
	EXPECT_EQ(50 * SEG, c.origin);
	EXPECT_EQ(7U, c.epoch_start_ms);
	EXPECT_TRUE(c.in_epoch);
	EXPECT_EQ(50 * SEG, xtcp_cubic_target(&c, 0));
	xtcp_cubic_restart(&c);
	EXPECT_FALSE(c.in_epoch);
}

TEST(cubic__slow_start_below_ssthresh)
{
	struct xtcp_cubic c;

	xtcp_cubic_reset(&c);
	EXPECT_EQ(12 * MSS, xtcp_cubic_cong_avoid(&c, 10 * MSS, U32_MAX,
						  5 * MSS, MSS, 0, 0));
	EXPECT_FALSE(c.in_epoch);
}

TEST(cubic__climbs_back_to_w_max_near_k_then_beyond)
{
	struct xtcp_cubic c;
	u32 cwnd, ssthresh, now = 5000, t, at_k = 0;

	xtcp_cubic_reset(&c);
	ssthresh = xtcp_cubic_ssthresh(&c, 100 * MSS, MSS);
	cwnd = ssthresh;
	for (t = 0; t <= 12000; t += 100) {
		u32 before = cwnd;

		cwnd = round_trip(&c, cwnd, ssthresh, now + t, 100);
		/* Never more than half a window per round trip. */
		EXPECT_LE(cwnd, before + before / 2 + MSS);
		EXPECT_LE(before, cwnd);
		if (t == 4200)
			at_k = cwnd;
	}
	/* The plateau: about W_max around K (the target looks an RTT ahead). */
	EXPECT_LE(98 * MSS, at_k);
	EXPECT_GE(101 * MSS, at_k);
	/* Then the convex region probes well beyond it. */
	EXPECT_LT(200 * MSS, cwnd);
}

TEST(cubic__reno_friendly_region_rfc9438_4_3)
{
	struct xtcp_cubic c;
	u32 cwnd, ssthresh, now = 0, i;
	u64 curve;

	/*
	 * A small W_max and a short RTT: Reno would grow faster than the
	 * curve, by alpha = 3 (1 - beta) / (1 + beta) = 0.53 segment per
	 * round trip, and CUBIC follows it.
	 */
	xtcp_cubic_reset(&c);
	ssthresh = xtcp_cubic_ssthresh(&c, 10 * MSS, MSS);
	cwnd = ssthresh;
	for (i = 0; i < 100; i++, now += 10)
		cwnd = round_trip(&c, cwnd, ssthresh, now, 10);
	curve = xtcp_cubic_target(&c, now - c.epoch_start_ms);
	EXPECT_LT(curve, (u64)xtcp_cubic_segs(cwnd, MSS));
	/* 7 + 100 * 0.53 = 60 segments, give or take rounding. */
	EXPECT_LE(55 * SEG, c.w_est);
	EXPECT_GE(61 * SEG, c.w_est);
	EXPECT_GE(2U * MSS, absdiff(cwnd, (u64)c.w_est * MSS / SEG));
}

TEST(cubic__plateau_grows_a_segment_per_100_windows)
{
	struct xtcp_cubic c;
	u32 cwnd = 100 * MSS, i;

	/*
	 * Time frozen at K: the target is the window itself; Reno's
	 * estimate far below (it does not lift the target here).
	 */
	xtcp_cubic_reset(&c);
	c.w_max = 100 * SEG;
	c.w_last_max = 100 * SEG;
	c.in_epoch = true;
	c.epoch_start_ms = 0;
	c.k_ms = 1000;
	c.origin = 100 * SEG;
	c.w_est = 0;
	/* 99 windows of ACKs: not yet a segment (Linux's cnt = 100 * cwnd). */
	for (i = 0; i < 99 * 100; i++)
		cwnd = xtcp_cubic_cong_avoid(&c, cwnd, 70 * MSS, MSS, MSS,
					     1000, 0);
	EXPECT_EQ(100 * MSS, cwnd);
	/* About the hundredth window brings one (to the rounding). */
	for (i = 0; i < 200; i++)
		cwnd = xtcp_cubic_cong_avoid(&c, cwnd, 70 * MSS, MSS, MSS,
					     1000, 0);
	EXPECT_EQ(101 * MSS, cwnd);
}

TEST(cubic__time_wraps_and_edge_inputs)
{
	struct xtcp_cubic a, b;
	u32 wa, wb;

	/* The ms clock wraps between the epoch and now: t is the same. */
	xtcp_cubic_reset(&a);
	xtcp_cubic_ssthresh(&a, 100 * MSS, MSS);
	b = a;
	wa = xtcp_cubic_cong_avoid(&a, 70 * MSS, 70 * MSS, MSS, MSS,
				   U32_MAX - 10, 0);
	wb = xtcp_cubic_cong_avoid(&b, 70 * MSS, 70 * MSS, MSS, MSS, 1000, 0);
	EXPECT_EQ(wa, wb);
	EXPECT_EQ(U32_MAX - 10, a.epoch_start_ms);
	wa = round_trip(&a, wa, 70 * MSS, 4206, 0);	/* t = K, wrapped */
	wb = round_trip(&b, wb, 70 * MSS, 5217, 0);
	EXPECT_EQ(wa, wb);
	EXPECT_EQ(a.w_est, b.w_est);
	EXPECT_LT(70 * MSS, wa);

	/* mss 0 and a zero window: no hang, no division by zero. */
	xtcp_cubic_reset(&a);
	EXPECT_LE(0U, xtcp_cubic_cong_avoid(&a, 0, 0, 1000, 0, 5, 0));
	xtcp_cubic_reset(&a);
	EXPECT_LE(10U, xtcp_cubic_cong_avoid(&a, 10, 0, U32_MAX, 0, 5, 0));

	/* One ACK for the whole window: at most half a window more. */
	xtcp_cubic_reset(&a);
	a.in_epoch = true;
	a.origin = 1000 * SEG;
	a.k_ms = 0;
	a.epoch_start_ms = 0;
	wa = xtcp_cubic_cong_avoid(&a, 100 * MSS, 0, 100 * MSS, MSS, 60000, 0);
	EXPECT_EQ(150 * MSS, wa);
	/* An impossible 4 GB one does not wrap the growth owed. */
	wa = xtcp_cubic_cong_avoid(&a, 100 * MSS, 0, U32_MAX, MSS, 60000, 0);
	EXPECT_LT(100 * MSS, wa);
	EXPECT_GT(MSS << 10, a.acc);
}

#undef MSS
#undef SEG
