// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/rtt.[ch]: RFC 6298's estimator and RTO, its
 * bounds and back-off, and RFC 8985's probe timeout.
 */
#include "kselftest_harness.h"

#include "core/rtt.h"

#define MS	1000U		/* microseconds */
#define G_US	4000U		/* one tick at HZ=250 */

static struct xtcp_rtt fresh_rtt(void)
{
	struct xtcp_rtt r = { .srtt_us = 0, .rttvar_us = 0,
			      .min_rtt_us = U32_MAX };

	return r;
}

TEST(rtt__initial_rto_is_one_second)
{
	/* RFC 6298 2.1: until a measurement, RTO = 1 s. */
	EXPECT_EQ(1000, XTCP_RTO_INIT_MS);
	EXPECT_EQ(200, XTCP_RTO_MIN_MS);
	EXPECT_EQ(120000, XTCP_RTO_MAX_MS);
}

TEST(rtt__first_sample_rfc6298_2_2)
{
	struct xtcp_rtt r = fresh_rtt();

	/* SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 * RTTVAR) = 3R. */
	xtcp_rtt_sample(&r, 100 * MS);
	EXPECT_EQ(100 * MS, r.srtt_us);
	EXPECT_EQ(50 * MS, r.rttvar_us);
	EXPECT_EQ(100 * MS, r.min_rtt_us);
	EXPECT_EQ(300 * MS, xtcp_rto_us(&r, G_US));
}

TEST(rtt__later_sample_rfc6298_2_3)
{
	struct xtcp_rtt r = fresh_rtt();

	xtcp_rtt_sample(&r, 100 * MS);
	xtcp_rtt_sample(&r, 140 * MS);
	/*
	 * RTTVAR = 3/4 * 50 + 1/4 * |100 - 140| = 47.5 ms (with the old
	 * SRTT), SRTT = 7/8 * 100 + 1/8 * 140 = 105 ms.
	 */
	EXPECT_EQ(47500U, r.rttvar_us);
	EXPECT_EQ(105000U, r.srtt_us);
	EXPECT_EQ(105000U + 4 * 47500U, xtcp_rto_us(&r, G_US));
	EXPECT_EQ(100 * MS, r.min_rtt_us);

	/* A faster sample lowers the minimum; |SRTT - R| either way. */
	xtcp_rtt_sample(&r, 65 * MS);
	EXPECT_EQ(47500U - 11875U + 10000U, r.rttvar_us);
	EXPECT_EQ(105000U - 13125U + 8125U, r.srtt_us);
	EXPECT_EQ(65 * MS, r.min_rtt_us);
}

TEST(rtt__steady_samples_converge_to_the_floor)
{
	struct xtcp_rtt r = fresh_rtt();
	int i;

	for (i = 0; i < 200; i++)
		xtcp_rtt_sample(&r, 20 * MS);
	EXPECT_EQ(20 * MS, r.srtt_us);
	/* x - x/4 in integers stops at 3: a few microseconds, no more. */
	EXPECT_GE(3U, r.rttvar_us);
	/* SRTT + G is 24 ms: Linux's 200 ms floor applies (RFC 6298 2.4). */
	EXPECT_EQ(XTCP_RTO_MIN_MS * MS, xtcp_rto_us(&r, G_US));
}

TEST(rtt__granularity_when_variation_is_small)
{
	struct xtcp_rtt r = { .srtt_us = 500 * MS, .rttvar_us = 100,
			      .min_rtt_us = 500 * MS };

	/* max(G, 4 * RTTVAR) = G. */
	EXPECT_EQ(500 * MS + G_US, xtcp_rto_us(&r, G_US));
	EXPECT_EQ(500 * MS + 400, xtcp_rto_us(&r, 1));
}

TEST(rtt__rto_ceiling)
{
	struct xtcp_rtt r = fresh_rtt();

	xtcp_rtt_sample(&r, 50000 * MS);	/* 50 s: 150 s by 2.2 */
	EXPECT_EQ(XTCP_RTO_MAX_MS * MS, xtcp_rto_us(&r, G_US));
}

TEST(rtt__zero_sample_counts_as_one)
{
	struct xtcp_rtt r = fresh_rtt();

	xtcp_rtt_sample(&r, 0);
	EXPECT_EQ(1U, r.srtt_us);
	EXPECT_EQ(0U, r.rttvar_us);
	EXPECT_EQ(1U, r.min_rtt_us);
	EXPECT_EQ(XTCP_RTO_MIN_MS * MS, xtcp_rto_us(&r, G_US));
}

TEST(rtt__huge_values_do_not_wrap)
{
	struct xtcp_rtt r = fresh_rtt();

	/* 4 * RTTVAR and SRTT + 4 * RTTVAR exceed 32 bits: the ceiling holds. */
	xtcp_rtt_sample(&r, U32_MAX);
	EXPECT_EQ(U32_MAX, r.srtt_us);
	EXPECT_EQ(U32_MAX / 2, r.rttvar_us);
	EXPECT_EQ(XTCP_RTO_MAX_MS * MS, xtcp_rto_us(&r, G_US));

	/* |SRTT - R| beyond 2^31 is still a distance, not a negative one. */
	r = fresh_rtt();
	xtcp_rtt_sample(&r, 10);
	xtcp_rtt_sample(&r, 0xf0000000U);
	EXPECT_EQ(5U - 1U + ((0xf0000000U - 10U) >> 2), r.rttvar_us);
	EXPECT_EQ(10U - 1U + (0xf0000000U >> 3), r.srtt_us);
}

TEST(rto_backoff__doubles_up_to_the_ceiling)
{
	unsigned long rto = 250, max = 30000;	/* 1 s and 120 s at HZ=250 */
	int n = 0;

	while (rto < max) {
		unsigned long next = xtcp_rto_backoff(rto, max);

		EXPECT_EQ(next, rto * 2 < max ? rto * 2 : max);
		rto = next;
		n++;
	}
	EXPECT_EQ(7, n);	/* 1, 2, 4 ... 64 s, then 120 s */
	EXPECT_EQ(max, xtcp_rto_backoff(max, max));
	/* An odd ceiling: 3 doubles to 6, 4 stops at 7. */
	EXPECT_EQ(6UL, xtcp_rto_backoff(3, 7));
	EXPECT_EQ(7UL, xtcp_rto_backoff(4, 7));
	/* No wrap, even from a value beyond the ceiling. */
	EXPECT_EQ(max, xtcp_rto_backoff((unsigned long)-1, max));
	EXPECT_EQ(0UL, xtcp_rto_backoff(0, max));
}

TEST(tlp_pto__rfc8985_7_2)
{
	/* Two round trips with several segments in flight. */
	EXPECT_EQ(200 * MS, xtcp_tlp_pto_us(100 * MS, 10 * 1448, 1448));
	/* At least 10 ms. */
	EXPECT_EQ(10 * MS, xtcp_tlp_pto_us(2 * MS, 10 * 1448, 1448));
	/* One segment out: its ACK may be delayed, WCDelAckT is added. */
	EXPECT_EQ(400 * MS, xtcp_tlp_pto_us(100 * MS, 1448, 1448));
	EXPECT_EQ(400 * MS, xtcp_tlp_pto_us(100 * MS, 1, 1448));
	EXPECT_EQ(200 * MS, xtcp_tlp_pto_us(100 * MS, 1449, 1448));
	/* Saturates instead of wrapping. */
	EXPECT_EQ(U32_MAX, xtcp_tlp_pto_us(U32_MAX, 0, 1448));
	/* mss 0: only nothing in flight counts as one segment. */
	EXPECT_EQ(210 * MS, xtcp_tlp_pto_us(1, 0, 0));
	EXPECT_EQ(10 * MS, xtcp_tlp_pto_us(1, 1, 0));
}

#undef MS
#undef G_US

TEST(rtt__model_timeout_is_linux_s)
{
	/* tcp_retries2 15 from 200 ms: 9 doublings, then 6 at 120 s. */
	EXPECT_EQ(924600U, xtcp_model_timeout(15, 200, 120000));
	/* A SYN's 6 retries from 1 s: 127 s. */
	EXPECT_EQ(127000U, xtcp_model_timeout(6, 1000, 120000));
	/* Within the doublings: (2^(n+1) - 1) x base. */
	EXPECT_EQ(200U, xtcp_model_timeout(0, 200, 120000));
	EXPECT_EQ(3000U, xtcp_model_timeout(3, 200, 120000));
	EXPECT_EQ(204600U, xtcp_model_timeout(9, 200, 120000));
	EXPECT_EQ(204600U + 120000U, xtcp_model_timeout(10, 200, 120000));
	/* A base at the ceiling: linear from the start. */
	EXPECT_EQ(3U * 120000U, xtcp_model_timeout(2, 120000, 120000));
	EXPECT_EQ(0U, xtcp_model_timeout(15, 0, 120000));
}
