// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/newreno.[ch]: RFC 5681 slow start and
 * congestion avoidance, the threshold after a loss, RFC 6582's windows
 * through fast recovery, and the restart after idle.
 */
#include "kselftest_harness.h"

#include "core/newreno.h"

#define MSS	1448U

TEST(newreno__slow_start_adds_what_is_acked_up_to_two_mss)
{
	/* RFC 5681 (2) with RFC 3465's L = 2 SMSS. */
	EXPECT_EQ(10 * MSS + 100, xtcp_slow_start(10 * MSS, 100, MSS));
	EXPECT_EQ(11 * MSS, xtcp_slow_start(10 * MSS, MSS, MSS));
	EXPECT_EQ(12 * MSS, xtcp_slow_start(10 * MSS, 2 * MSS, MSS));
	EXPECT_EQ(12 * MSS, xtcp_slow_start(10 * MSS, 7 * MSS, MSS));
	/* mss 0 (never on a connection): no growth, no fault. */
	EXPECT_EQ(10U, xtcp_slow_start(10, 5, 0));
}

TEST(newreno__slow_start_doubles_per_round_trip)
{
	u32 cwnd = 10 * MSS, acks = cwnd / MSS, i;

	/* One ACK per segment: one window's ACKs double the window. */
	for (i = 0; i < acks; i++)
		cwnd = xtcp_slow_start(cwnd, MSS, MSS);
	EXPECT_EQ(20 * MSS, cwnd);
}

TEST(newreno__avoidance_adds_one_mss_per_window)
{
	u32 cwnd = 10 * MSS, counted = 0, i;

	/* RFC 5681 (3), byte counting: nine ACKs give nothing... */
	for (i = 0; i < 9; i++)
		cwnd = xtcp_reno_avoid(cwnd, &counted, MSS, MSS);
	EXPECT_EQ(10 * MSS, cwnd);
	EXPECT_EQ(9 * MSS, counted);
	/* ...the tenth one MSS, the count keeping what was beyond. */
	cwnd = xtcp_reno_avoid(cwnd, &counted, MSS + 10, MSS);
	EXPECT_EQ(11 * MSS, cwnd);
	EXPECT_EQ(10U, counted);
	/* A stretch ACK of a whole window still adds only one MSS. */
	cwnd = xtcp_reno_avoid(cwnd, &counted, 30 * MSS, MSS);
	EXPECT_EQ(12 * MSS, cwnd);
}

TEST(newreno__ssthresh_half_the_flight_at_least_two_mss)
{
	/* RFC 5681 (4): max(FlightSize / 2, 2 * SMSS). */
	EXPECT_EQ(10 * MSS, xtcp_reno_ssthresh(20 * MSS, MSS));
	EXPECT_EQ(10 * MSS, xtcp_reno_ssthresh(20 * MSS + 1, MSS));
	EXPECT_EQ(2 * MSS, xtcp_reno_ssthresh(3 * MSS, MSS));
	EXPECT_EQ(2 * MSS, xtcp_reno_ssthresh(0, MSS));
	EXPECT_EQ(U32_MAX / 2, xtcp_reno_ssthresh(U32_MAX, MSS));
	EXPECT_EQ(0U, xtcp_reno_ssthresh(0, 0));
}

TEST(newreno__fast_recovery_windows_rfc6582)
{
	u32 ssthresh = xtcp_reno_ssthresh(20 * MSS, MSS);

	/* 3.2 (2): ssthresh + 3 * SMSS, for the three duplicates. */
	EXPECT_EQ(13 * MSS, xtcp_newreno_recovery_cwnd(ssthresh, MSS));
	/* 3.2 (3) option 1: min(ssthresh, max(FlightSize, SMSS) + SMSS). */
	EXPECT_EQ(10 * MSS, xtcp_newreno_full_ack_cwnd(ssthresh, 15 * MSS, MSS));
	EXPECT_EQ(5 * MSS, xtcp_newreno_full_ack_cwnd(ssthresh, 4 * MSS, MSS));
	EXPECT_EQ(2 * MSS, xtcp_newreno_full_ack_cwnd(ssthresh, 0, MSS));
}

TEST(newreno__partial_ack_deflates_and_adds_one_back)
{
	/* 3.2 (5): cwnd - acked + SMSS when at least a segment was acked. */
	EXPECT_EQ(10 * MSS, xtcp_newreno_partial_ack(12 * MSS, 3 * MSS, MSS));
	/* Less than a segment: deflate only. */
	EXPECT_EQ(12 * MSS - 100, xtcp_newreno_partial_ack(12 * MSS, 100, MSS));
	/* Never below one MSS before the segment added back. */
	EXPECT_EQ(2 * MSS, xtcp_newreno_partial_ack(4 * MSS, 10 * MSS, MSS));
	/* A window at or below one MSS is not deflated (no wrap). */
	EXPECT_EQ(2 * MSS, xtcp_newreno_partial_ack(MSS, 5 * MSS, MSS));
	EXPECT_EQ(100U, xtcp_newreno_partial_ack(100, 50, MSS));
}

TEST(newreno__dupack_inflation_and_window_in_use)
{
	/* RFC 5681 3.2 (4): one SMSS per further duplicate. */
	EXPECT_EQ(14 * MSS, xtcp_newreno_dupack(13 * MSS, MSS));
	/* The window grows only when the flight was within 2 MSS of it. */
	EXPECT_TRUE(xtcp_cwnd_in_use(8 * MSS, 10 * MSS, MSS));
	EXPECT_FALSE(xtcp_cwnd_in_use(8 * MSS - 1, 10 * MSS, MSS));
	EXPECT_TRUE(xtcp_cwnd_in_use(0, 0, 0));
}

TEST(newreno__restart_after_idle_rfc5681_4_1)
{
	struct xtcp_cwnd_restart w = { .cwnd = 100 * MSS, .ssthresh = 20 * MSS };

	/* Idle no longer than an RTO: nothing changes. */
	EXPECT_FALSE(xtcp_cwnd_after_idle(&w, 50, 50, 10 * MSS));
	EXPECT_EQ(100 * MSS, w.cwnd);
	EXPECT_EQ(20 * MSS, w.ssthresh);

	/* 2.5 RTOs: halved twice; ssthresh keeps 3/4 of the old window. */
	EXPECT_TRUE(xtcp_cwnd_after_idle(&w, 125, 50, 10 * MSS));
	EXPECT_EQ(25 * MSS, w.cwnd);
	EXPECT_EQ(75 * MSS, w.ssthresh);

	/* A long silence: down to the initial window, not below. */
	w.cwnd = 100 * MSS;
	EXPECT_TRUE(xtcp_cwnd_after_idle(&w, 1000000, 50, 10 * MSS));
	EXPECT_EQ(10 * MSS, w.cwnd);
	EXPECT_EQ(75 * MSS, w.ssthresh);

	/* A window already below the initial one stays as it is. */
	w.cwnd = 4 * MSS;
	w.ssthresh = U32_MAX;
	EXPECT_TRUE(xtcp_cwnd_after_idle(&w, 1000, 50, 10 * MSS));
	EXPECT_EQ(4 * MSS, w.cwnd);
	EXPECT_EQ(U32_MAX, w.ssthresh);

	/* A zero RTO ends (the halving stops at the initial window). */
	w.cwnd = 100 * MSS;
	EXPECT_TRUE(xtcp_cwnd_after_idle(&w, 1, 0, 10 * MSS));
	EXPECT_EQ(10 * MSS, w.cwnd);
}

#undef MSS
