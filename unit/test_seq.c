// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/seq.[ch]: sequence comparisons across the 2^32
 * wrap and the RFC 9293 segment acceptability test.
 */
#include "kselftest_harness.h"

#include "core/seq.h"

/* Points all around the circle, the wrap and the sign boundary included. */
static const u32 bases[] = {
	0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
	0x12345678, 0xdeadbeef,
};

/* Distances ahead, all below 2^31. */
static const u32 deltas[] = { 1, 2, 1000, 65535, 0x40000000, 0x7fffffff };

TEST(seq__before_after_around_wrap)
{
	ASSERT_TRUE(xtcp_seq_before(0xfffffff0, 0x10));
	ASSERT_TRUE(xtcp_seq_after(0x10, 0xfffffff0));
	ASSERT_FALSE(xtcp_seq_after(0xfffffff0, 0x10));
	ASSERT_TRUE(xtcp_seq_before(0xffffffff, 0));
	ASSERT_TRUE(xtcp_seq_after(0, 0xffffffff));
}

TEST(seq__ordering_is_antisymmetric_below_half_circle)
{
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		for (size_t j = 0; j < sizeof(deltas) / sizeof(deltas[0]); j++) {
			u32 a = bases[i], b = a + deltas[j];

			EXPECT_TRUE(xtcp_seq_before(a, b));
			EXPECT_FALSE(xtcp_seq_before(b, a));
			EXPECT_TRUE(xtcp_seq_after(b, a));
			EXPECT_FALSE(xtcp_seq_after(a, b));
			EXPECT_TRUE(xtcp_seq_before_eq(a, b));
			EXPECT_TRUE(xtcp_seq_after_eq(b, a));
			EXPECT_EQ(b, xtcp_seq_max(a, b));
			EXPECT_EQ(b, xtcp_seq_max(b, a));
			EXPECT_EQ(a, xtcp_seq_min(a, b));
			EXPECT_EQ(a, xtcp_seq_min(b, a));
		}
	}
}

TEST(seq__equal_is_neither_before_nor_after)
{
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		u32 a = bases[i];

		EXPECT_FALSE(xtcp_seq_before(a, a));
		EXPECT_FALSE(xtcp_seq_after(a, a));
		EXPECT_TRUE(xtcp_seq_before_eq(a, a));
		EXPECT_TRUE(xtcp_seq_after_eq(a, a));
	}
}

/* Documented edge: 2^31 apart, each counts as before the other. */
TEST(seq__half_circle_apart_is_before_both_ways)
{
	EXPECT_TRUE(xtcp_seq_before(5, 5 + 0x80000000u));
	EXPECT_TRUE(xtcp_seq_before(5 + 0x80000000u, 5));
}

TEST(seq__in_range_is_half_open_and_wraps)
{
	/* [0xfffffff0, 0x10) straddles the wrap. */
	EXPECT_TRUE(xtcp_seq_in_range(0xfffffff0, 0xfffffff0, 0x10));
	EXPECT_TRUE(xtcp_seq_in_range(0xffffffff, 0xfffffff0, 0x10));
	EXPECT_TRUE(xtcp_seq_in_range(0, 0xfffffff0, 0x10));
	EXPECT_TRUE(xtcp_seq_in_range(0xf, 0xfffffff0, 0x10));
	EXPECT_FALSE(xtcp_seq_in_range(0x10, 0xfffffff0, 0x10));
	EXPECT_FALSE(xtcp_seq_in_range(0xffffffef, 0xfffffff0, 0x10));
	/* An empty range holds nothing. */
	EXPECT_FALSE(xtcp_seq_in_range(7, 7, 7));
	EXPECT_TRUE(xtcp_seq_in_closed_range(7, 7, 7));
	EXPECT_TRUE(xtcp_seq_in_closed_range(0x10, 0xfffffff0, 0x10));
	EXPECT_FALSE(xtcp_seq_in_closed_range(0x11, 0xfffffff0, 0x10));
}

TEST(seq__acceptable_zero_length_zero_window)
{
	EXPECT_TRUE(xtcp_seq_segment_acceptable(1000, 0, 1000, 0));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(999, 0, 1000, 0));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(1001, 0, 1000, 0));
}

TEST(seq__acceptable_zero_length_open_window)
{
	EXPECT_TRUE(xtcp_seq_segment_acceptable(1000, 0, 1000, 100));
	EXPECT_TRUE(xtcp_seq_segment_acceptable(1099, 0, 1000, 100));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(1100, 0, 1000, 100));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(999, 0, 1000, 100));
}

TEST(seq__data_never_acceptable_in_zero_window)
{
	EXPECT_FALSE(xtcp_seq_segment_acceptable(1000, 1, 1000, 0));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(1000, 1460, 1000, 0));
}

TEST(seq__data_acceptable_when_either_end_in_window)
{
	/* Entirely inside. */
	EXPECT_TRUE(xtcp_seq_segment_acceptable(1000, 50, 1000, 100));
	/* Starts before RCV.NXT, ends inside: a partial retransmission. */
	EXPECT_TRUE(xtcp_seq_segment_acceptable(900, 150, 1000, 100));
	/* Starts inside, ends beyond the window. */
	EXPECT_TRUE(xtcp_seq_segment_acceptable(1050, 500, 1000, 100));
	/* Entirely old. */
	EXPECT_FALSE(xtcp_seq_segment_acceptable(900, 100, 1000, 100));
	/* Entirely beyond. */
	EXPECT_FALSE(xtcp_seq_segment_acceptable(1100, 10, 1000, 100));
}

TEST(seq__acceptable_across_wrap)
{
	u32 nxt = 0xffffff00;

	EXPECT_TRUE(xtcp_seq_segment_acceptable(0xffffffff, 10, nxt, 0x1000));
	EXPECT_TRUE(xtcp_seq_segment_acceptable(0x10, 10, nxt, 0x1000));
	EXPECT_TRUE(xtcp_seq_segment_acceptable(0xfffffe00, 0x101, nxt, 0x1000));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(0xfffffe00, 0x100, nxt, 0x1000));
	EXPECT_FALSE(xtcp_seq_segment_acceptable(0xf00, 1, nxt, 0x1000));
	EXPECT_TRUE(xtcp_seq_segment_acceptable(0xeff, 1, nxt, 0x1000));
}
