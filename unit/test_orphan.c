// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/orphan.h: the orphan rules of Linux's
 * tcp_orphan_retries(), tcp_probe_timer(), tcp_out_of_resources() and
 * tcp_too_many_orphans().
 */
#include "kselftest_harness.h"

#include "core/orphan.h"

TEST(orphan__retries_follow_the_sysctl)
{
	EXPECT_EQ(3U, xtcp_orphan_retries(3, false, true));
	EXPECT_EQ(3U, xtcp_orphan_retries(3, false, false));
	EXPECT_EQ(15U, xtcp_orphan_retries(15, false, true));
}

TEST(orphan__sysctl_zero_gives_an_alive_orphan_eight)
{
	EXPECT_EQ(8U, xtcp_orphan_retries(0, false, true));
	EXPECT_EQ(0U, xtcp_orphan_retries(0, false, false));
	/* Negative (never, from a u8 sysctl) counts as 0. */
	EXPECT_EQ(8U, xtcp_orphan_retries(-1, false, true));
}

TEST(orphan__soft_error_ends_an_orphan_that_is_not_alive)
{
	EXPECT_EQ(0U, xtcp_orphan_retries(5, true, false));
	/* Alive, the soft error changes nothing. */
	EXPECT_EQ(5U, xtcp_orphan_retries(5, true, true));
	EXPECT_EQ(8U, xtcp_orphan_retries(0, true, true));
}

TEST(orphan__answered_probes_end_once_the_interval_is_at_the_ceiling)
{
	/*
	 * RTO 200 ms doubling: 200 ms << 10 = 204.8 s is the first interval
	 * at the 120 s ceiling; before it the orphan is alive and stays.
	 */
	unsigned int backoff;

	for (backoff = 0; backoff < 10; backoff++) {
		bool alive = (200U << backoff) < 120000U;

		EXPECT_TRUE(alive);
		EXPECT_FALSE(xtcp_orphan_probe_abort(backoff, alive,
				xtcp_orphan_retries(0, false, alive)));
	}
	EXPECT_FALSE((200U << 10) < 120000U);
	EXPECT_TRUE(xtcp_orphan_probe_abort(10, false,
					    xtcp_orphan_retries(0, false, false)));
	/* A sysctl above the probes so far keeps it a while longer. */
	EXPECT_FALSE(xtcp_orphan_probe_abort(10, false,
					     xtcp_orphan_retries(12, false, false)));
	EXPECT_TRUE(xtcp_orphan_probe_abort(12, false,
					    xtcp_orphan_retries(12, false, false)));
	/* Alive, never by this rule. */
	EXPECT_FALSE(xtcp_orphan_probe_abort(100, true, 8));
}

TEST(orphan__shift_counts_idle_unreset_and_soft_error)
{
	const u32 limit = 240000;

	EXPECT_EQ(0U, xtcp_orphans_shift(1000, limit, true, false));
	EXPECT_EQ(0U, xtcp_orphans_shift(limit, limit, true, false));
	EXPECT_EQ(1U, xtcp_orphans_shift(limit + 1, limit, true, false));
	EXPECT_EQ(1U, xtcp_orphans_shift(0, limit, false, false));
	EXPECT_EQ(1U, xtcp_orphans_shift(limit + 1, limit, false, false));
	EXPECT_EQ(1U, xtcp_orphans_shift(0, limit, true, true));
	EXPECT_EQ(2U, xtcp_orphans_shift(limit + 1, limit, true, true));
}

TEST(orphan__allowed_count_is_the_limit_shifted)
{
	/* count << shift > max  <=>  count > max >> shift */
	for (s64 max = 0; max < 40; max++) {
		for (unsigned int shift = 0; shift <= 2; shift++) {
			for (s64 count = 0; count < 50; count++)
				EXPECT_EQ((count << shift) > max,
					  count > xtcp_orphans_allowed(max, shift));
		}
	}
	EXPECT_EQ(0, xtcp_orphans_allowed(0, 0));
	EXPECT_EQ(-1, xtcp_orphans_allowed(-1, 0));
	EXPECT_EQ(1024, xtcp_orphans_allowed(2048, 1));
}

TEST(orphan__drop_resets_a_peer_that_is_there)
{
	const u32 tw = 60000;

	EXPECT_TRUE(xtcp_orphan_drop_resets(true, 999999, tw, 1000, 1000));
	/* Data left recently. */
	EXPECT_TRUE(xtcp_orphan_drop_resets(false, tw, tw, 1000, 1000));
	/* A zero window with nothing in flight: the peer holds us off. */
	EXPECT_TRUE(xtcp_orphan_drop_resets(false, tw + 1, tw, 0, 0));
	EXPECT_FALSE(xtcp_orphan_drop_resets(false, tw + 1, tw, 0, 100));
	EXPECT_FALSE(xtcp_orphan_drop_resets(false, tw + 1, tw, 1000, 0));
}
