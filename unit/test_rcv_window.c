// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/rcv_window.[ch] and ack_policy.[ch]: the
 * receive window offered (buffer halves, receiver SWS avoidance, scaling)
 * and when received text is acknowledged.
 */
#include "kselftest_harness.h"

#include "core/ack_policy.h"
#include "core/rcv_window.h"

TEST(rwnd__half_the_buffer_is_window)
{
	/* Linux's default tcp_rmem[1] of 131072 offers 65536 (adv_win_scale 1). */
	EXPECT_EQ(65536U, xtcp_rwnd_full(131072, xtcp_rwnd_max(true, 7)));
	/* Without scaling the field caps it. */
	EXPECT_EQ(65535U, xtcp_rwnd_full(131072, xtcp_rwnd_max(false, 7)));
	EXPECT_EQ(0U, xtcp_rwnd_full(0, 65535));
	EXPECT_EQ(0U, xtcp_rwnd_full(-5, 65535));
	EXPECT_EQ(1U, xtcp_rwnd_full(1, 65535));
	EXPECT_EQ(65535U << 14, xtcp_rwnd_max(true, 14));
}

TEST(rwnd__free_space_never_exceeds_full_or_goes_negative)
{
	u32 max = xtcp_rwnd_max(true, 7);

	EXPECT_EQ(65536U, xtcp_rwnd_free(131072, 0, max));
	EXPECT_EQ(32768U, xtcp_rwnd_free(131072, 65536, max));
	EXPECT_EQ(0U, xtcp_rwnd_free(131072, 131072, max));
	/* Overcommitted (truesize beyond SO_RCVBUF): no window, not a huge one. */
	EXPECT_EQ(0U, xtcp_rwnd_free(131072, 200000, max));
	EXPECT_EQ(0U, xtcp_rwnd_free(131072, 0, 0));
}

TEST(rwnd__left_counts_down_to_zero)
{
	EXPECT_EQ(1000U, xtcp_rwnd_left(100, 1000, 100));
	EXPECT_EQ(400U, xtcp_rwnd_left(100, 1000, 700));
	EXPECT_EQ(0U, xtcp_rwnd_left(100, 1000, 1100));
	/* The peer sent beyond the edge: nothing left, not a wrap. */
	EXPECT_EQ(0U, xtcp_rwnd_left(100, 1000, 1200));
	/* Across the sequence wrap. */
	EXPECT_EQ(0x20U, xtcp_rwnd_left(0xfffffff0U, 0x30, 0x0));
}

TEST(rwnd__sws_right_edge_moves_only_by_a_segment)
{
	/* RFC 9293 3.8.6.2.2: move when free - cur >= min(full/2, MSS). */
	EXPECT_EQ(2000U, xtcp_rwnd_choose(1000, 2000, 65536, 1000));
	EXPECT_EQ(1000U, xtcp_rwnd_choose(1000, 1999, 65536, 1000));
	EXPECT_EQ(2460U, xtcp_rwnd_choose(1000, 2460, 65536, 1460));
	EXPECT_EQ(1000U, xtcp_rwnd_choose(1000, 2459, 65536, 1460));
	/* A small buffer: half of it is step enough. */
	EXPECT_EQ(1500U, xtcp_rwnd_choose(1000, 1500, 1000, 1460));
	EXPECT_EQ(1000U, xtcp_rwnd_choose(1000, 1499, 1000, 1460));
	/* Less free than promised: the edge stays where it is. */
	EXPECT_EQ(1000U, xtcp_rwnd_choose(1000, 10, 65536, 1460));
	/* A closed window stays closed until a segment's worth is free. */
	EXPECT_EQ(0U, xtcp_rwnd_choose(0, 1459, 65536, 1460));
	EXPECT_EQ(1460U, xtcp_rwnd_choose(0, 1460, 65536, 1460));
}

TEST(rwnd__field_rounds_up_and_caps)
{
	u32 offered;

	EXPECT_EQ(1000, xtcp_rwnd_field(1000, 0, &offered));
	EXPECT_EQ(1000U, offered);
	/* RFC 7323 2.3: scaled, rounded up so the edge is not below the promise. */
	EXPECT_EQ(8, xtcp_rwnd_field(1000, 7, &offered));
	EXPECT_EQ(1024U, offered);
	EXPECT_EQ(0, xtcp_rwnd_field(0, 7, &offered));
	EXPECT_EQ(0U, offered);
	EXPECT_EQ(0xffff, xtcp_rwnd_field(0xffffffffU, 0, &offered));
	EXPECT_EQ(0xffffU, offered);
	EXPECT_EQ(0xffff, xtcp_rwnd_field(0xffffffffU, 14, &offered));
	EXPECT_EQ(0xffffU << 14, offered);
}

TEST(rwnd__syn_window_in_whole_segments)
{
	EXPECT_EQ(64240, xtcp_rwnd_syn(65536, 1460));	/* Linux's 64240 */
	EXPECT_EQ(65535, xtcp_rwnd_syn(65536, 0));
	EXPECT_EQ(1000, xtcp_rwnd_syn(1000, 1460));	/* less than one segment */
	EXPECT_EQ(0, xtcp_rwnd_syn(0, 1460));
}

TEST(rwnd__update_after_reading_only_when_worth_it)
{
	/* Half the buffer or less offered, and the new one doubles it. */
	EXPECT_TRUE(xtcp_rwnd_update_worth(1000, 2000, 65536, 1460));
	/* Or opens it by two segments. */
	EXPECT_TRUE(xtcp_rwnd_update_worth(20000, 22920, 65536, 1460));
	EXPECT_FALSE(xtcp_rwnd_update_worth(20000, 22919, 65536, 1460));
	/* More than half the buffer still offered: no update. */
	EXPECT_FALSE(xtcp_rwnd_update_worth(40000, 65536, 65536, 1460));
	EXPECT_FALSE(xtcp_rwnd_update_worth(1000, 1000, 65536, 1460));
	/* A closed window that opens. */
	EXPECT_TRUE(xtcp_rwnd_update_worth(0, 1460, 65536, 1460));
	EXPECT_FALSE(xtcp_rwnd_update_worth(0, 0, 65536, 1460));
}

TEST(ack_policy__quick_acks_then_every_second_segment)
{
	u8 quick = 2;

	/* Quick ACKs while the connection starts, each used up. */
	EXPECT_TRUE(xtcp_ack_at_once(false, &quick, 100, 1460));
	EXPECT_TRUE(xtcp_ack_at_once(false, &quick, 100, 1460));
	EXPECT_EQ(0, quick);
	/* Then one segment waits for the timer ... */
	EXPECT_FALSE(xtcp_ack_at_once(false, &quick, 1460, 1460));
	/* ... and the second full one is acknowledged (RFC 5681 4.2). */
	EXPECT_TRUE(xtcp_ack_at_once(false, &quick, 2920, 1460));
	/* Urgent reasons do not use up quick ACKs. */
	quick = 1;
	EXPECT_TRUE(xtcp_ack_at_once(true, &quick, 1, 1460));
	EXPECT_EQ(1, quick);
	EXPECT_EQ(XTCP_QUICKACKS, 16);
}

TEST(ack_policy__reading_flushes_only_what_is_owed)
{
	EXPECT_TRUE(xtcp_ack_owed_flush(true, 2920, 1460));
	EXPECT_FALSE(xtcp_ack_owed_flush(true, 1460, 1460));
	EXPECT_FALSE(xtcp_ack_owed_flush(false, 100000, 1460));
}
