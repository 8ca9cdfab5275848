// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/isn.[ch]: RFC 6528's ISN = M + F.
 */
#include "kselftest_harness.h"

#include "core/isn.h"

TEST(isn__clock_plus_hash)
{
	EXPECT_EQ(0x12345678U, xtcp_isn_compute(0x12345678, 0));
	EXPECT_EQ(0x12345678U, xtcp_isn_compute(0x12345678, 63));
	/* M ticks every 64 ns. */
	EXPECT_EQ(0x12345679U, xtcp_isn_compute(0x12345678, 64));
	EXPECT_EQ(0U, xtcp_isn_compute(0, 0));
}

TEST(isn__grows_at_least_once_per_4us)
{
	u64 t;

	/* RFC 6528 3 (RFC 9293 3.4.1): M at least every 4 microseconds. */
	for (t = 0; t < 1000000; t += 997)
		EXPECT_LT(xtcp_isn_compute(7, t), xtcp_isn_compute(7, t + 4000));
}

TEST(isn__sum_wraps_modulo_2_32)
{
	/* F near the top plus the clock wraps, as sequence numbers do. */
	EXPECT_EQ(0x3fU, xtcp_isn_compute(0xffffffff, 64 * 0x40ULL));
	/* The clock itself is truncated to 32 bits of ticks. */
	EXPECT_EQ(5U, xtcp_isn_compute(5, 64ULL << 32));
	EXPECT_EQ(xtcp_isn_compute(9, 1000), xtcp_isn_compute(9, 1000 + (64ULL << 32)));
	EXPECT_EQ((u32)(0xabcdef01U + (u32)(U64_MAX >> 6)),
		  xtcp_isn_compute(0xabcdef01, U64_MAX));
}
