// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/loss.[ch]: RFC 5681's duplicate ACK, RFC
 * 6582's start of recovery, RFC 6675's pipe, IsLost() and DupThresh on a
 * scoreboard, the SACK block rules, and RACK's (RFC 8985) lost predicate
 * with its reordering window.
 */
#include "kselftest_harness.h"

#include "core/loss.h"

#define MSS	1000U
#define US	1000ULL		/* ns */
#define MS	(1000 * US)

/* A segment of a test scoreboard, oldest first. */
struct seg {
	bool sacked;
	bool rexmit;		/* resent in this recovery */
	u64 sent_ns;
};

/*
 * Walk @n segments of MSS bytes newest first, as sack.c walks its queue;
 * fill @lost with the verdicts.  Return: how many are lost.
 */
static int scan(const struct seg *segs, int n, bool *lost,
		const struct xtcp_rack *rack, u32 min_rtt_us, u64 now_ns)
{
	struct xtcp_loss_scan s;
	int i, count = 0;

	xtcp_loss_scan_start(&s, MSS, rack, min_rtt_us, now_ns);
	for (i = n - 1; i >= 0; i--) {
		lost[i] = xtcp_loss_scan_next(&s, MSS, segs[i].sent_ns,
					      segs[i].sacked, segs[i].rexmit);
		count += lost[i];
	}
	return count;
}

static const struct xtcp_rack no_rack = { 0, 0 };

#define HOLE	{ false, false, 0 }
#define SACKED	{ true, false, 0 }

TEST(loss__dupack_rfc5681_2)
{
	struct xtcp_ack_view a = {
		.ack = 1000, .snd_una = 1000, .snd_nxt = 5000, .len = 0,
		.syn_fin = false, .wnd = 65535, .snd_wnd = 65535,
	};
	struct xtcp_ack_view b;

	EXPECT_TRUE(xtcp_ack_is_dup(&a));
	/* (a) nothing outstanding */
	b = a; b.snd_nxt = 1000;
	EXPECT_FALSE(xtcp_ack_is_dup(&b));
	/* (b) carries data */
	b = a; b.len = 1;
	EXPECT_FALSE(xtcp_ack_is_dup(&b));
	/* (c) SYN or FIN */
	b = a; b.syn_fin = true;
	EXPECT_FALSE(xtcp_ack_is_dup(&b));
	/* (d) another acknowledgment number */
	b = a; b.ack = 2000;
	EXPECT_FALSE(xtcp_ack_is_dup(&b));
	b = a; b.ack = 999;
	EXPECT_FALSE(xtcp_ack_is_dup(&b));
	/* (e) a window update */
	b = a; b.wnd = 65536;
	EXPECT_FALSE(xtcp_ack_is_dup(&b));
	/* Across the sequence wrap. */
	b = a; b.ack = b.snd_una = 0xfffffff0; b.snd_nxt = 0x100;
	EXPECT_TRUE(xtcp_ack_is_dup(&b));
}

TEST(loss__third_dupack_starts_recovery_past_recover)
{
	EXPECT_EQ(3, XTCP_DUPTHRESH);
	EXPECT_FALSE(xtcp_dupacks_start_recovery(2, 5000, 1000));
	EXPECT_TRUE(xtcp_dupacks_start_recovery(3, 5000, 1000));
	EXPECT_FALSE(xtcp_dupacks_start_recovery(4, 5000, 1000));
	/* RFC 6582 4.1: duplicates of the last recovery's resends, not a loss. */
	EXPECT_FALSE(xtcp_dupacks_start_recovery(3, 1000, 1000));
	EXPECT_FALSE(xtcp_dupacks_start_recovery(3, 900, 1000));
	EXPECT_TRUE(xtcp_dupacks_start_recovery(3, 5, 0xfffffff0));
}

TEST(loss__pipe_rfc6675)
{
	EXPECT_EQ(10 * MSS, xtcp_pipe(10 * MSS, 0, 0));
	EXPECT_EQ(6 * MSS, xtcp_pipe(10 * MSS, MSS, 3 * MSS));
	/* A lost segment partly acknowledged: never below 0. */
	EXPECT_EQ(0U, xtcp_pipe(2 * MSS, 2 * MSS, MSS));
	EXPECT_EQ(0U, xtcp_pipe(0, 0, 0));
	EXPECT_EQ(0U, xtcp_pipe(0x80000000U, 0x7fffffffU, 0x7fffffffU));
}

TEST(loss__sack_block_rules)
{
	/* Inside [SEG.ACK, SND.NXT]. */
	EXPECT_TRUE(xtcp_sack_block_valid(2000, 3000, 1000, 5000));
	EXPECT_TRUE(xtcp_sack_block_valid(1000, 5000, 1000, 5000));
	/* Empty or reversed. */
	EXPECT_FALSE(xtcp_sack_block_valid(2000, 2000, 1000, 5000));
	EXPECT_FALSE(xtcp_sack_block_valid(3000, 2000, 1000, 5000));
	/* A D-SACK below SEG.ACK (RFC 2883). */
	EXPECT_FALSE(xtcp_sack_block_valid(500, 1000, 1000, 5000));
	EXPECT_FALSE(xtcp_sack_block_valid(500, 2000, 1000, 5000));
	/* Beyond what was sent. */
	EXPECT_FALSE(xtcp_sack_block_valid(4000, 5001, 1000, 5000));
	/* Across the wrap. */
	EXPECT_TRUE(xtcp_sack_block_valid(0xffffff00, 0x100, 0xfffff000, 0x1000));

	/* Only a whole segment is marked. */
	EXPECT_TRUE(xtcp_sack_covers(1000, 3000, 1000, 2000));
	EXPECT_TRUE(xtcp_sack_covers(1000, 3000, 2000, 3000));
	EXPECT_FALSE(xtcp_sack_covers(1000, 3000, 2500, 3500));
	EXPECT_FALSE(xtcp_sack_covers(1500, 3000, 1000, 2000));
	EXPECT_TRUE(xtcp_sack_covers(0xfffffc00, 0x400, 0xfffffe00, 0x200));
}

TEST(loss__islost_rfc6675_dupthresh)
{
	/* Segment 0 missing; two segments above it SACKed: not yet lost. */
	struct seg segs[6] = {
		HOLE, SACKED, SACKED, HOLE, HOLE, HOLE,
	};
	bool lost[6];

	EXPECT_EQ(0, scan(segs, 6, lost, &no_rack, U32_MAX, 0));
	/* A third: more than (DupThresh - 1) * SMSS bytes above it. */
	segs[3].sacked = true;
	EXPECT_EQ(1, scan(segs, 6, lost, &no_rack, U32_MAX, 0));
	EXPECT_TRUE(lost[0]);
	/* Nothing above the SACKed ones is lost. */
	EXPECT_FALSE(lost[4]);
	EXPECT_FALSE(lost[5]);
	/* The SACKed ones are never lost. */
	EXPECT_FALSE(lost[1] || lost[2] || lost[3]);

	/* The byte rule alone: 2 MSS + 1 byte above is enough. */
	EXPECT_FALSE(xtcp_sacked_above_lost(2 * MSS, MSS));
	EXPECT_TRUE(xtcp_sacked_above_lost(2 * MSS + 1, MSS));
	EXPECT_TRUE(xtcp_sacked_above_lost(1, 0));
}

TEST(loss__islost_several_holes)
{
	/*
	 * 0 and 4 missing, 1-3 and 5-7 SACKed, 8 unsent-looking (not
	 * SACKed, nothing above): 4 has three SACKed above, 0 has six; 8
	 * has none.
	 */
	struct seg segs[9] = {
		HOLE, SACKED, SACKED, SACKED, HOLE,
		SACKED, SACKED, SACKED, HOLE,
	};
	bool lost[9];

	EXPECT_EQ(2, scan(segs, 9, lost, &no_rack, U32_MAX, 0));
	EXPECT_TRUE(lost[0]);
	EXPECT_TRUE(lost[4]);
	EXPECT_FALSE(lost[8]);

	/* Only two SACKed above the upper hole: it waits, the lower does not. */
	segs[7].sacked = false;
	EXPECT_EQ(1, scan(segs, 9, lost, &no_rack, U32_MAX, 0));
	EXPECT_FALSE(lost[4]);
	EXPECT_TRUE(lost[0]);
}

TEST(loss__resend_not_judged_twice_by_islost)
{
	struct seg segs[5] = {
		{ false, true, 10 * MS }, SACKED, SACKED, SACKED, SACKED,
	};
	bool lost[5];

	/* Resent in this recovery: IsLost() does not mark it again. */
	EXPECT_EQ(0, scan(segs, 5, lost, &no_rack, U32_MAX, 11 * MS));
}

TEST(loss__rack_predicate_rfc8985)
{
	struct xtcp_rack r = { .xmit_ns = 100 * MS, .rtt_us = 50000 };
	u32 min_rtt = 40000;
	u64 wait = xtcp_rack_wait_ns(&r, min_rtt);

	/* Wait: the delivered one's RTT plus min_RTT / 4. */
	EXPECT_EQ(60 * MS, wait);
	/* Sent before the delivered transmission, missing longer: lost. */
	EXPECT_TRUE(xtcp_rack_lost(&r, wait, 90 * MS, 151 * MS));
	/* Exactly the wait: not yet. */
	EXPECT_FALSE(xtcp_rack_lost(&r, wait, 90 * MS, 150 * MS));
	/* Sent at or after it: RACK says nothing. */
	EXPECT_FALSE(xtcp_rack_lost(&r, wait, 100 * MS, 500 * MS));
	EXPECT_FALSE(xtcp_rack_lost(&r, wait, 101 * MS, 500 * MS));
	/* No RTT sample yet: min_RTT is U32_MAX, the window is ~18 min. */
	EXPECT_EQ((50000ULL + U32_MAX / 4) * 1000, xtcp_rack_wait_ns(&r, U32_MAX));
	/* Nothing delivered yet: nothing is lost by RACK. */
	EXPECT_FALSE(xtcp_rack_lost(&no_rack, 0, 0, U64_MAX));
}

TEST(loss__rack_marks_a_lost_resend)
{
	/* 0 was resent at 10 ms; 1-4, sent at 20 ms, were SACKed since. */
	struct seg segs[5] = {
		{ false, true, 10 * MS }, SACKED, SACKED, SACKED, SACKED,
	};
	struct xtcp_rack r = { .xmit_ns = 20 * MS, .rtt_us = 30000 };
	bool lost[5];

	/* Wait 30 + 40 / 4 = 40 ms: at 45 ms it is not lost yet... */
	EXPECT_EQ(0, scan(segs, 5, lost, &r, 40000, 45 * MS));
	/* ...at 51 ms it is, though IsLost() may not judge it again. */
	EXPECT_EQ(1, scan(segs, 5, lost, &r, 40000, 51 * MS));
	EXPECT_TRUE(lost[0]);
}

TEST(loss__rack_remembers_the_latest_delivery)
{
	struct xtcp_rack r = { 0, 0 };

	EXPECT_TRUE(xtcp_rack_delivered(&r, 10 * MS, 60 * MS, false, false,
					U32_MAX));
	EXPECT_EQ(10 * MS, r.xmit_ns);
	EXPECT_EQ(50000U, r.rtt_us);
	/* An older or the same transmission: ignored. */
	EXPECT_FALSE(xtcp_rack_delivered(&r, 10 * MS, 70 * MS, false, false,
					 U32_MAX));
	EXPECT_FALSE(xtcp_rack_delivered(&r, 5 * MS, 70 * MS, false, false,
					 U32_MAX));
	EXPECT_EQ(50000U, r.rtt_us);
	/* A resend delivered faster than any round trip: the original's. */
	EXPECT_FALSE(xtcp_rack_delivered(&r, 65 * MS, 70 * MS, true, false,
					 40000));
	/* Unless it is the tail loss probe. */
	EXPECT_TRUE(xtcp_rack_delivered(&r, 65 * MS, 70 * MS, true, true,
					40000));
	EXPECT_EQ(5000U, r.rtt_us);
	/* A resend slower than the minimum counts. */
	EXPECT_TRUE(xtcp_rack_delivered(&r, 80 * MS, 130 * MS, true, false,
					40000));
	EXPECT_EQ(80 * MS, r.xmit_ns);
	/* A round trip beyond 32 bits of microseconds saturates. */
	EXPECT_TRUE(xtcp_rack_delivered(&r, 81 * MS, U64_MAX, false, false,
					40000));
	EXPECT_EQ(U32_MAX, r.rtt_us);
}

TEST(loss__head_lost_before_the_third_dupack)
{
	struct xtcp_rack r = { .xmit_ns = 20 * MS, .rtt_us = 10000 };

	/* RFC 6675 5 (b): three segments SACKed. */
	EXPECT_TRUE(xtcp_loss_head_lost(3 * MSS, MSS, false, 0, &no_rack,
					U32_MAX, 0));
	EXPECT_FALSE(xtcp_loss_head_lost(2 * MSS, MSS, false, 0, &no_rack,
					 U32_MAX, 0));
	/* After a tail loss probe one SACKed segment and RACK suffice. */
	EXPECT_TRUE(xtcp_loss_head_lost(MSS, MSS, false, 10 * MS, &r, 8000,
					40 * MS));
	/* ...not when the head is the one SACKed, nor with nothing SACKed. */
	EXPECT_FALSE(xtcp_loss_head_lost(MSS, MSS, true, 10 * MS, &r, 8000,
					 40 * MS));
	EXPECT_FALSE(xtcp_loss_head_lost(0, MSS, false, 10 * MS, &r, 8000,
					 40 * MS));
	/* ...nor before the reordering window has passed. */
	EXPECT_FALSE(xtcp_loss_head_lost(MSS, MSS, false, 10 * MS, &r, 8000,
					 22 * MS));
}

#undef MSS
#undef US
#undef MS
#undef HOLE
#undef SACKED
