// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/syncookie.[ch]: a SYN cookie made, checked and
 * decoded, its age limit, forgeries, and the options in its timestamp.
 */
#include "kselftest_harness.h"

#include "core/syncookie.h"

/* Stand-ins for the keyed hashes: anything that depends on the count. */
static u32 h2_of(u32 count)
{
	return 0x9e3779b9U * (count + 1) ^ 0x5bd1e995U;
}

static int check(u32 cookie, u32 h1, u32 isn, u32 now)
{
	u32 count;

	if (xtcp_cookie_count(cookie, h1, isn, now, &count))
		return -2;
	return xtcp_cookie_data(cookie, h1, h2_of(count), isn);
}

TEST(syncookie__round_trip_every_mss_index)
{
	u32 h1 = 0xdeadbeef, isn = 0xfffffff0, now = 12345;
	u32 data;

	for (data = 0; data < XTCP_COOKIE_MSS_VALUES; data++) {
		u32 c = xtcp_cookie_make(h1, h2_of(now), isn, now, data);

		EXPECT_EQ((int)data, check(c, h1, isn, now));
	}
}

TEST(syncookie__accepted_for_two_minutes_only)
{
	u32 h1 = 77, isn = 1000, made = 0xff;	/* the counter's byte wraps */
	u32 c = xtcp_cookie_make(h1, h2_of(made), isn, made, 3);

	EXPECT_EQ(3, check(c, h1, isn, made));
	EXPECT_EQ(3, check(c, h1, isn, made + 1));
	EXPECT_EQ(-2, check(c, h1, isn, made + 2));
	EXPECT_EQ(-2, check(c, h1, isn, made + 200));
	/* From the future (a clock gone back, or a guess): refused. */
	EXPECT_EQ(-2, check(c, h1, isn, made - 1));
}

TEST(syncookie__forgeries_fail)
{
	u32 h1 = 0x12345678, isn = 42, now = 900;
	u32 c = xtcp_cookie_make(h1, h2_of(now), isn, now, 2);
	unsigned int bit, passed = 0;

	/* Another four-tuple (another H1), another peer ISN. */
	EXPECT_GT(0, check(c, h1 ^ 0x5a5a5a5a, isn, now));
	EXPECT_GT(0, check(c, h1, isn + 0x10000, now));
	EXPECT_GT(0, check(c, h1, isn + 100, now));
	/* Flipping any one of the 24 low bits leaves data out of range,
	 * except where it lands on another index by chance: at most the
	 * two lowest bits.
	 */
	for (bit = 0; bit < XTCP_COOKIE_BITS; bit++)
		passed += check(c ^ (1U << bit), h1, isn, now) >= 0;
	EXPECT_GE(2U, passed);
}

TEST(syncookie__mss_index_is_the_largest_not_above)
{
	EXPECT_EQ(3U, xtcp_cookie_mss_index(1460));
	EXPECT_EQ(3U, xtcp_cookie_mss_index(9000));
	EXPECT_EQ(2U, xtcp_cookie_mss_index(1459));
	EXPECT_EQ(2U, xtcp_cookie_mss_index(1440));
	EXPECT_EQ(1U, xtcp_cookie_mss_index(1300));
	EXPECT_EQ(0U, xtcp_cookie_mss_index(1299));
	/* Below the smallest, Linux still says 536. */
	EXPECT_EQ(0U, xtcp_cookie_mss_index(100));
	EXPECT_EQ(536, xtcp_cookie_mss_table[0]);
}

TEST(syncookie__timestamp_carries_the_options)
{
	struct xtcp_cookie_opts in = { .ts = true, .sack_ok = true,
				       .ws = true, .snd_wscale = 7 }, out;
	u32 now = 0x10000040, ts = xtcp_cookie_tsval(now, &in);

	EXPECT_EQ(0x10000017U, ts);	/* 7 | SACK, below now */
	ASSERT_EQ(0, xtcp_cookie_ts_decode(true, ts, &out));
	EXPECT_TRUE(out.ts);
	EXPECT_TRUE(out.sack_ok);
	EXPECT_TRUE(out.ws);
	EXPECT_EQ(7, out.snd_wscale);

	/* Neither SACK nor scaling: 0xf says no shift. */
	in = (struct xtcp_cookie_opts){ .ts = true };
	ts = xtcp_cookie_tsval(now, &in);
	EXPECT_EQ(0x0fU, ts & XTCP_COOKIE_TS_MASK);
	ASSERT_EQ(0, xtcp_cookie_ts_decode(true, ts, &out));
	EXPECT_FALSE(out.sack_ok);
	EXPECT_FALSE(out.ws);
	/* A shift of 0 is a shift, not "none". */
	in = (struct xtcp_cookie_opts){ .ts = true, .ws = true };
	ASSERT_EQ(0, xtcp_cookie_ts_decode(true, xtcp_cookie_tsval(now, &in), &out));
	EXPECT_TRUE(out.ws);
	EXPECT_EQ(0, out.snd_wscale);
}

TEST(syncookie__tsval_never_after_the_clock)
{
	struct xtcp_cookie_opts in = { .ts = true, .ws = true, .snd_wscale = 14 };
	u32 now;

	for (now = 0xffffff00U; now != 0x100; now++) {
		u32 ts = xtcp_cookie_tsval(now, &in);

		EXPECT_GE(0, (s32)(ts - now));
		EXPECT_LT((s32)(now - ts), 64);
		EXPECT_EQ(14U, ts & XTCP_COOKIE_TS_WSCALE);
	}
}

TEST(syncookie__ack_without_timestamp_keeps_only_the_mss)
{
	struct xtcp_cookie_opts out = { .sack_ok = true, .ws = true };

	ASSERT_EQ(0, xtcp_cookie_ts_decode(false, 0x1f, &out));
	EXPECT_FALSE(out.ts);
	EXPECT_FALSE(out.sack_ok);
	EXPECT_FALSE(out.ws);
}

TEST(syncookie__impossible_bits_fail)
{
	struct xtcp_cookie_opts out;

	/* Shift 15 is "none"; there is no way to say 15 itself, and 14 is
	 * the most.  ECN was never offered.
	 */
	EXPECT_EQ(-1, xtcp_cookie_ts_decode(true, 0x0e | XTCP_COOKIE_TS_ECN, &out));
	EXPECT_EQ(0, xtcp_cookie_ts_decode(true, 0x0e, &out));
	EXPECT_EQ(14, out.snd_wscale);
	EXPECT_EQ(0, xtcp_cookie_ts_decode(true, 0x0f, &out));
	EXPECT_FALSE(out.ws);
}
