// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/ofo.[ch]: where an early segment goes among
 * those held, and the SACK blocks of an ACK, with RFC 2018 section 5's
 * examples.
 */
#include "kselftest_harness.h"

#include "core/ofo.h"

TEST(ofo_fit__placement)
{
	/* Held: [100, 200). */
	EXPECT_EQ((int)XTCP_OFO_LEFT, (int)xtcp_ofo_fit(50, 150, 100, 200));
	EXPECT_EQ((int)XTCP_OFO_LEFT, (int)xtcp_ofo_fit(50, 250, 100, 200));
	EXPECT_EQ((int)XTCP_OFO_COVERED, (int)xtcp_ofo_fit(100, 200, 100, 200));
	EXPECT_EQ((int)XTCP_OFO_COVERED, (int)xtcp_ofo_fit(120, 180, 100, 200));
	EXPECT_EQ((int)XTCP_OFO_REPLACES, (int)xtcp_ofo_fit(100, 250, 100, 200));
	EXPECT_EQ((int)XTCP_OFO_RIGHT, (int)xtcp_ofo_fit(150, 250, 100, 200));
	EXPECT_EQ((int)XTCP_OFO_RIGHT, (int)xtcp_ofo_fit(200, 300, 100, 200));
	/* Across the sequence wrap. */
	EXPECT_EQ((int)XTCP_OFO_COVERED, (int)xtcp_ofo_fit(0xfffffff8U, 0x4, 0xfffffff0U, 0x10));
	EXPECT_EQ((int)XTCP_OFO_LEFT, (int)xtcp_ofo_fit(0xffffffe0U, 0x4, 0xfffffff0U, 0x10));
}

/* Feed intervals in order, as receive.c walks its rb-tree. */
static unsigned int pick(u32 last, const u32 (*iv)[2], int n,
			 struct xtcp_sack_block *out, unsigned int max,
			 int *consumed)
{
	struct xtcp_sack_picker p;
	int i;

	xtcp_sack_pick_init(&p, last, out, max);
	for (i = 0; i < n; i++)
		if (!xtcp_sack_pick_add(&p, iv[i][0], iv[i][1])) {
			i++;
			break;
		}
	if (consumed)
		*consumed = i;
	return xtcp_sack_pick_finish(&p);
}

/*
 * RFC 2018 section 5, second case: 500-byte segments from 5000, every
 * other one lost, so 5500, 6500 and 7500 are held.  The block of the
 * segment that arrived last comes first, as the RFC requires.  The RFC's
 * example then repeats the most recently reported blocks (a SHOULD, and
 * what Linux's tcp_sack_new_ofo_skb() does); xtcp lists the others in
 * sequence order, a documented difference.
 */
TEST(sack_pick__rfc2018_triggering_block_first)
{
	static const u32 iv[][2] = { { 5500, 6000 }, { 6500, 7000 }, { 7500, 8000 } };
	struct xtcp_sack_block b[4];

	EXPECT_EQ(1U, pick(5500, iv, 1, b, 4, NULL));
	EXPECT_EQ(5500U, b[0].start);
	EXPECT_EQ(6000U, b[0].end);

	EXPECT_EQ(3U, pick(7500, iv, 3, b, 4, NULL));
	EXPECT_EQ(7500U, b[0].start);
	EXPECT_EQ(5500U, b[1].start);
	EXPECT_EQ(6500U, b[2].start);

	EXPECT_EQ(3U, pick(6500, iv, 3, b, 4, NULL));
	EXPECT_EQ(6500U, b[0].start);
	EXPECT_EQ(5500U, b[1].start);
	EXPECT_EQ(7500U, b[2].start);
}

TEST(sack_pick__touching_and_overlapping_intervals_merge)
{
	static const u32 iv[][2] = { { 100, 200 }, { 200, 300 }, { 250, 400 }, { 500, 600 } };
	struct xtcp_sack_block b[4];

	EXPECT_EQ(2U, pick(250, iv, 4, b, 4, NULL));
	EXPECT_EQ(100U, b[0].start);
	EXPECT_EQ(400U, b[0].end);
	EXPECT_EQ(500U, b[1].start);
	EXPECT_EQ(600U, b[1].end);
}

TEST(sack_pick__room_limits_blocks_and_the_walk_stops)
{
	static const u32 iv[][2] = {
		{ 100, 200 }, { 300, 400 }, { 500, 600 }, { 700, 800 },
		{ 900, 1000 }, { 1100, 1200 },
	};
	struct xtcp_sack_block b[4];
	int used;

	/* With timestamps only three blocks fit. */
	EXPECT_EQ(3U, pick(100, iv, 6, b, 3, &used));
	EXPECT_EQ(100U, b[0].start);
	EXPECT_EQ(300U, b[1].start);
	EXPECT_EQ(500U, b[2].start);
	/* The newest block first, the walk stopping once all is decided. */
	EXPECT_LE(used, 4);
	/* The newest is far right: it leads, then the lowest ones. */
	EXPECT_EQ(3U, pick(1100, iv, 6, b, 3, &used));
	EXPECT_EQ(1100U, b[0].start);
	EXPECT_EQ(100U, b[1].start);
	EXPECT_EQ(300U, b[2].start);
	EXPECT_EQ(6, used);
}

TEST(sack_pick__no_room_or_nothing_held)
{
	static const u32 iv[][2] = { { 100, 200 } };
	struct xtcp_sack_block b[4];

	EXPECT_EQ(0U, pick(100, iv, 1, b, 0, NULL));
	EXPECT_EQ(0U, pick(100, iv, 0, b, 4, NULL));
	/* The newest segment no longer held (drained): lowest blocks only. */
	EXPECT_EQ(1U, pick(50, iv, 1, b, 4, NULL));
	EXPECT_EQ(100U, b[0].start);
	/* Room beyond the option's limit is cut to it. */
	EXPECT_EQ(1U, pick(100, iv, 1, b, 99, NULL));
}

TEST(sack_pick__across_the_sequence_wrap)
{
	static const u32 iv[][2] = { { 0xfffffff0U, 0x10 }, { 0x20, 0x30 } };
	struct xtcp_sack_block b[4];

	EXPECT_EQ(2U, pick(0x20, iv, 2, b, 4, NULL));
	EXPECT_EQ(0x20U, b[0].start);
	EXPECT_EQ(0xfffffff0U, b[1].start);
	EXPECT_EQ(0x10U, b[1].end);
}
