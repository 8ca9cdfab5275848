// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/autotune.[ch]: the receiver RTT estimator and
 * the buffer size a round trip's reading asks for.
 */
#include "kselftest_harness.h"

#include "core/autotune.h"

TEST(rcv_rtt__first_sample_then_eighth_gain)
{
	u32 est = xtcp_rcv_rtt_update(0, 1000, false);

	EXPECT_EQ(8000U, est);
	/* 7/8 of 1000 plus 1/8 of 2000 = 1125. */
	est = xtcp_rcv_rtt_update(est, 2000, false);
	EXPECT_EQ(9000U, est);
	EXPECT_EQ(1125U, est >> 3);
	/* A zero sample counts as one microsecond. */
	EXPECT_EQ(8U, xtcp_rcv_rtt_update(0, 0, false));
}

TEST(rcv_rtt__upper_bounds_only_lower)
{
	EXPECT_EQ(4000U, xtcp_rcv_rtt_update(8000, 500, true));
	EXPECT_EQ(8000U, xtcp_rcv_rtt_update(8000, 5000, true));
	/* A huge bound (a window that took ten minutes) neither wraps ... */
	EXPECT_EQ(8000U, xtcp_rcv_rtt_update(8000, 600000000U, true));
	/* ... nor overflows a first estimate. */
	EXPECT_EQ(0xffffffffU, xtcp_rcv_rtt_update(0, 0xffffffffU, true));
}

TEST(rcvbuf__round_waits_one_rtt)
{
	EXPECT_FALSE(xtcp_rcvbuf_round_done(1000, 0, 0));	/* no estimate */
	EXPECT_FALSE(xtcp_rcvbuf_round_done(999, 0, 8000));
	EXPECT_TRUE(xtcp_rcvbuf_round_done(1000, 0, 8000));
}

TEST(rcvbuf__twice_the_reading_plus_slack)
{
	/* No growth measured: 2 * 100000 + 16 * 1000 = 216 segments. */
	EXPECT_EQ(216ULL * 4000, xtcp_rcvbuf_wanted(100000, 0, 1000, 4000));
	/* Same as the round before: no growth term. */
	EXPECT_EQ(216ULL * 4000, xtcp_rcvbuf_wanted(100000, 100000, 1000, 4000));
	/* Doubled since: 216000 + 2 * 216000 = 648 segments. */
	EXPECT_EQ(648ULL * 4000, xtcp_rcvbuf_wanted(100000, 50000, 1000, 4000));
	/* Rounded up to whole segments. */
	EXPECT_EQ(17ULL * 10, xtcp_rcvbuf_wanted(1, 0, 1000, 10));
	/* A zero MSS does not divide by zero. */
	EXPECT_EQ(218ULL, xtcp_rcvbuf_wanted(101, 0, 0, 1));
}
