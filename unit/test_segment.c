// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/segment.[ch], state by state: what each kind
 * of arriving segment does (RFC 9293 3.10.7, RFC 5961, RFC 7323 PAWS) and
 * the closing sequence's transitions.
 */
#include "kselftest_harness.h"

#include "core/segment.h"
#include "core/state.h"

/* An established connection: ISS 1000 (100 bytes in flight), IRS 5000. */
static struct xtcp_seg_conn seg_conn(u8 state)
{
	struct xtcp_seg_conn c = {
		.state = state, .iss = 1000, .irs = 5000,
		.snd_una = 1001, .snd_nxt = 1101,
		.rcv_nxt = 5001, .rcv_wnd = 1000,
	};
	return c;
}

static struct xtcp_seg seg_make(u8 flags, u32 seq, u32 len, u32 ack)
{
	struct xtcp_seg s = {
		.seq = seq, .ack_seq = ack, .flags = flags,
		.end_seq = seq + len + !!(flags & XTCP_FLAG_SYN) +
			   !!(flags & XTCP_FLAG_FIN),
	};
	return s;
}

static int seg_action(const struct xtcp_seg_conn *c, struct xtcp_seg s)
{
	struct xtcp_seg_verdict v;

	xtcp_seg_check(c, &s, &v);
	return v.action;
}

TEST(seg_listen__only_a_syn_opens)
{
	struct xtcp_seg_conn c = { .state = XTCP_LISTEN };

	EXPECT_EQ(XTCP_SEG_PASSIVE_OPEN, seg_action(&c, seg_make(XTCP_FLAG_SYN, 7, 0, 0)));
	/* RFC 9293 3.10.7.2: an ACK gets <SEQ=SEG.ACK><CTL=RST>, a RST nothing. */
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_ACK, 7, 0, 9)));
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_ACK, 7, 0, 9)));
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_RST, 7, 0, 0)));
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_RST | XTCP_FLAG_SYN, 7, 0, 0)));
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(0, 7, 10, 0)));
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_FIN, 7, 0, 0)));
}

TEST(seg_closed__answered_as_if_no_socket)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_CLOSE);

	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 10, 1001)));
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_RST, 5001, 0, 0)));
}

TEST(seg_syn_sent__synack_for_our_syn_establishes)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_SYN_SENT);

	c.snd_una = c.iss;
	c.snd_nxt = c.iss + 1;
	EXPECT_EQ(XTCP_SEG_ESTABLISH, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_ACK, 9, 0, 1001)));
	EXPECT_EQ(XTCP_SEG_SIMULTANEOUS, seg_action(&c, seg_make(XTCP_FLAG_SYN, 9, 0, 0)));
	/* Unacceptable ACK: ISS itself, and beyond SND.NXT. */
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_ACK, 9, 0, 1000)));
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_ACK, 9, 0, 1002)));
	/* A bare ACK for our SYN, without SYN: nothing to do yet. */
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_ACK, 9, 0, 1001)));
}

TEST(seg_syn_sent__rst_counts_only_with_acceptable_ack)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_SYN_SENT);

	c.snd_una = c.iss;
	c.snd_nxt = c.iss + 1;
	EXPECT_EQ(XTCP_SEG_REFUSED, seg_action(&c, seg_make(XTCP_FLAG_RST | XTCP_FLAG_ACK, 0, 0, 1001)));
	/* RFC 5961 3.2 / RFC 9293: a RST without ACK is dropped in SYN-SENT. */
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_RST, 0, 0, 0)));
	/* A RST whose ACK is wrong is not ours, and no reset answers it. */
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_RST | XTCP_FLAG_ACK, 0, 0, 7)));
}

TEST(seg_syn_sent__ack_wraps_around_zero)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_SYN_SENT);

	c.iss = 0xffffffffU;
	c.snd_una = c.iss;
	c.snd_nxt = 0;
	EXPECT_EQ(XTCP_SEG_ESTABLISH, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_ACK, 9, 0, 0)));
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_ACK, 9, 0, 1)));
}

TEST(seg_established__in_window_data_is_processed)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);

	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 100, 1050)));
	/* Starting before RCV.NXT but reaching into the window. */
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 4950, 100, 1050)));
	/* Ending exactly at the right edge. */
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5901, 100, 1050)));
}

TEST(seg_established__outside_window_gets_dupack)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);
	struct xtcp_seg s = seg_make(XTCP_FLAG_ACK, 6001, 100, 1050);
	struct xtcp_seg_verdict v;

	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_DUPACK, v.action);
	EXPECT_EQ(XTCP_SEG_WHY_WINDOW, v.why);
	/* Entirely old: a retransmission of what we have. */
	EXPECT_EQ(XTCP_SEG_DUPACK, seg_action(&c, seg_make(XTCP_FLAG_ACK, 4001, 100, 1050)));
	/* RFC 9293: a RST outside the window is dropped without a word. */
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_RST, 6001, 0, 0)));
}

TEST(seg_established__zero_window_takes_only_rcv_nxt)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);

	c.rcv_wnd = 0;
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 0, 1050)));
	/* A zero-window probe with data is not acceptable, but acknowledged. */
	EXPECT_EQ(XTCP_SEG_DUPACK, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 1, 1050)));
	EXPECT_EQ(XTCP_SEG_DUPACK, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5002, 0, 1050)));
}

TEST(seg_established__rst_exact_resets_in_window_challenges)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);

	/* RFC 5961 3.2: exactly RCV.NXT resets ... */
	EXPECT_EQ(XTCP_SEG_RESET, seg_action(&c, seg_make(XTCP_FLAG_RST, 5001, 0, 0)));
	EXPECT_EQ(XTCP_SEG_RESET, seg_action(&c, seg_make(XTCP_FLAG_RST | XTCP_FLAG_ACK, 5001, 0, 1)));
	/* ... elsewhere in the window it draws a challenge ACK. */
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_RST, 5002, 0, 0)));
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_RST, 6000, 0, 0)));
}

TEST(seg_established__syn_draws_challenge_ack)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);

	/* RFC 5961 4.2: any SYN in a synchronized state, in window or not. */
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_SYN, 5001, 0, 0)));
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_ACK, 5500, 0, 1050)));
	/* With RST too, the RST rule decides first. */
	EXPECT_EQ(XTCP_SEG_RESET, seg_action(&c, seg_make(XTCP_FLAG_SYN | XTCP_FLAG_RST, 5001, 0, 0)));
}

TEST(seg_established__no_ack_flag_is_dropped)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);

	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(0, 5001, 10, 0)));
	EXPECT_EQ(XTCP_SEG_DROP, seg_action(&c, seg_make(XTCP_FLAG_FIN | XTCP_FLAG_PSH, 5001, 10, 0)));
}

TEST(seg_established__ack_of_unsent_data_is_challenged_and_dropped)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);
	struct xtcp_seg s = seg_make(XTCP_FLAG_ACK, 5001, 100, 1102);
	struct xtcp_seg_verdict v;

	/* RFC 5961 5.2: SEG.ACK > SND.NXT: the data goes with it. */
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, v.action);
	EXPECT_EQ(XTCP_SEG_WHY_ACK_UNSENT, v.why);
	/* SND.NXT itself acknowledges everything sent. */
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 100, 1101)));
}

TEST(seg_established__ack_older_than_the_window_is_challenged)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);
	struct xtcp_seg_verdict v;
	struct xtcp_seg s;

	c.snd_una = 100001;
	c.snd_nxt = 100101;
	c.max_snd_wnd = 20000;
	c.bytes_acked = 99000;
	/* RFC 5961 5.2: SND.UNA - MAX.SND.WND is the oldest acceptable. */
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 10, 80001)));
	s = seg_make(XTCP_FLAG_ACK, 5001, 10, 80000);
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, v.action);
	EXPECT_EQ(XTCP_SEG_WHY_ACK_TOO_OLD, v.why);
	/* Early on the bound is what was acknowledged, as Linux's tcp_ack(). */
	c.bytes_acked = 500;
	EXPECT_EQ(500U, xtcp_seg_ack_window(&c));
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 10, 99501)));
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 10, 99500)));
	/* A fresh connection accepts no ACK below SND.UNA at all. */
	c.bytes_acked = 0;
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 10, 100000)));
}

TEST(seg_established__ts_recent_moves_only_on_acceptable_segments)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);
	struct xtcp_seg_verdict v;
	struct xtcp_seg s;

	c.ts_ok = true;
	c.ts_recent = 1000;
	s = seg_make(XTCP_FLAG_ACK, 5001, 10, 1102);	/* unsent data ACKed */
	s.has_ts = true;
	s.tsval = 2000;
	xtcp_seg_check(&c, &s, &v);
	EXPECT_FALSE(v.take_ts);
	s = seg_make(XTCP_FLAG_SYN, 5001, 0, 0);	/* RFC 5961 4.2 */
	s.has_ts = true;
	s.tsval = 2000;
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, v.action);
	EXPECT_FALSE(v.take_ts);
	s = seg_make(XTCP_FLAG_ACK, 5001, 10, 1050);
	s.has_ts = true;
	s.tsval = 2000;
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_PROCESS, v.action);
	EXPECT_TRUE(v.take_ts);
}

TEST(seg_syn_recv__duplicate_syn_resends_synack)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_SYN_RECV);

	c.snd_una = c.iss;
	c.snd_nxt = c.iss + 1;
	EXPECT_EQ(XTCP_SEG_RESEND_SYNACK, seg_action(&c, seg_make(XTCP_FLAG_SYN, 5000, 0, 0)));
	/* A different SYN is a challenge. */
	EXPECT_EQ(XTCP_SEG_CHALLENGE_ACK, seg_action(&c, seg_make(XTCP_FLAG_SYN, 5001, 0, 0)));
}

TEST(seg_syn_recv__ack_must_cover_our_syn)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_SYN_RECV);

	c.snd_una = c.iss;
	c.snd_nxt = c.iss + 1;
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 0, 1001)));
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 0, 1000)));
	EXPECT_EQ(XTCP_SEG_RESET_REPLY, seg_action(&c, seg_make(XTCP_FLAG_ACK, 5001, 0, 1002)));
}

TEST(seg_paws__older_timestamp_is_dupacked)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);
	struct xtcp_seg s = seg_make(XTCP_FLAG_ACK, 5001, 100, 1050);
	struct xtcp_seg_verdict v;

	c.ts_ok = true;
	c.ts_recent = 1000;
	s.has_ts = true;
	s.tsval = 998;
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_DUPACK, v.action);
	EXPECT_EQ(XTCP_SEG_WHY_PAWS, v.why);
	EXPECT_FALSE(v.take_ts);
	/* One tick behind is tolerated, as Linux. */
	s.tsval = 999;
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_PROCESS, v.action);
	EXPECT_FALSE(v.take_ts);	/* older: TS.Recent stays */
	/* Across the 32-bit wrap, newer is newer. */
	c.ts_recent = 0xfffffff0U;
	s.tsval = 5;
	xtcp_seg_check(&c, &s, &v);
	EXPECT_EQ(XTCP_SEG_PROCESS, v.action);
	EXPECT_TRUE(v.take_ts);
	/* A RST is exempt from PAWS (RFC 7323 5.2). */
	s = seg_make(XTCP_FLAG_RST, 5001, 0, 0);
	s.has_ts = true;
	s.tsval = 1;
	c.ts_recent = 1000;
	EXPECT_EQ(XTCP_SEG_RESET, seg_action(&c, s));
	/* Without negotiated timestamps nothing is compared. */
	c.ts_ok = false;
	s = seg_make(XTCP_FLAG_ACK, 5001, 10, 1050);
	s.has_ts = true;
	s.tsval = 1;
	EXPECT_EQ(XTCP_SEG_PROCESS, seg_action(&c, s));
}

TEST(seg_ts_recent__taken_only_from_segments_covering_rcv_nxt)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_ESTABLISHED);
	struct xtcp_seg s = seg_make(XTCP_FLAG_ACK, 5001, 100, 1050);

	c.ts_ok = true;
	c.ts_recent = 1000;
	s.has_ts = true;
	s.tsval = 1001;
	EXPECT_TRUE(xtcp_seg_ts_recent_ok(&c, &s));
	s.seq = 5101;	/* out of order: RFC 7323 4.3 keeps TS.Recent */
	EXPECT_FALSE(xtcp_seg_ts_recent_ok(&c, &s));
	s.seq = 4990;	/* overlapping RCV.NXT */
	EXPECT_TRUE(xtcp_seg_ts_recent_ok(&c, &s));
	s.has_ts = false;
	EXPECT_FALSE(xtcp_seg_ts_recent_ok(&c, &s));
}

TEST(seg_time_wait__new_syn_reuses_only_when_newer)
{
	struct xtcp_seg_conn c = seg_conn(XTCP_TIME_WAIT);
	struct xtcp_seg s = seg_make(XTCP_FLAG_SYN, 6000, 0, 0);

	EXPECT_TRUE(xtcp_seg_time_wait_reusable(&c, &s));
	s.seq = 5000;			/* below RCV.NXT, no timestamps */
	EXPECT_FALSE(xtcp_seg_time_wait_reusable(&c, &s));
	c.ts_ok = true;
	c.ts_recent = 100;
	s.has_ts = true;
	s.tsval = 101;			/* newer timestamp: reusable */
	EXPECT_TRUE(xtcp_seg_time_wait_reusable(&c, &s));
	s.tsval = 100;			/* same millisecond, old sequence */
	EXPECT_FALSE(xtcp_seg_time_wait_reusable(&c, &s));
	s.seq = 6000;			/* same millisecond, beyond */
	EXPECT_TRUE(xtcp_seg_time_wait_reusable(&c, &s));
	s.tsval = 99;			/* PAWS: an old duplicate */
	EXPECT_FALSE(xtcp_seg_time_wait_reusable(&c, &s));
	s.tsval = 101;
	s.flags = XTCP_FLAG_SYN | XTCP_FLAG_ACK;
	EXPECT_FALSE(xtcp_seg_time_wait_reusable(&c, &s));
}

TEST(seg_data_after_close__resets_only_for_new_text)
{
	struct xtcp_seg s = seg_make(XTCP_FLAG_ACK, 5001, 10, 1050);

	EXPECT_TRUE(xtcp_seg_data_after_close(XTCP_FIN_WAIT1, true, &s, 10, 5001));
	EXPECT_TRUE(xtcp_seg_data_after_close(XTCP_FIN_WAIT2, true, &s, 10, 5001));
	EXPECT_FALSE(xtcp_seg_data_after_close(XTCP_FIN_WAIT1, false, &s, 10, 5001));
	EXPECT_FALSE(xtcp_seg_data_after_close(XTCP_ESTABLISHED, true, &s, 10, 5001));
	/* A retransmission of what we had is no news. */
	EXPECT_FALSE(xtcp_seg_data_after_close(XTCP_FIN_WAIT2, true, &s, 10, 5011));
	/* The FIN does not count as text. */
	s = seg_make(XTCP_FLAG_ACK | XTCP_FLAG_FIN, 5001, 0, 1050);
	EXPECT_FALSE(xtcp_seg_data_after_close(XTCP_FIN_WAIT2, true, &s, 0, 5001));
}

TEST(state__closing_sequence)
{
	/* RFC 9293 figure 5, the peer's FIN ... */
	EXPECT_EQ(XTCP_CLOSE_WAIT, xtcp_state_after_fin(XTCP_ESTABLISHED));
	EXPECT_EQ(XTCP_CLOSE_WAIT, xtcp_state_after_fin(XTCP_SYN_RECV));
	EXPECT_EQ(XTCP_CLOSING, xtcp_state_after_fin(XTCP_FIN_WAIT1));
	EXPECT_EQ(XTCP_TIME_WAIT, xtcp_state_after_fin(XTCP_FIN_WAIT2));
	EXPECT_EQ(XTCP_TIME_WAIT, xtcp_state_after_fin(XTCP_TIME_WAIT));
	EXPECT_EQ(XTCP_CLOSE_WAIT, xtcp_state_after_fin(XTCP_CLOSE_WAIT));
	EXPECT_EQ(XTCP_LAST_ACK, xtcp_state_after_fin(XTCP_LAST_ACK));
	/* ... and the ACK of ours. */
	EXPECT_EQ(XTCP_FIN_WAIT2, xtcp_state_after_fin_acked(XTCP_FIN_WAIT1));
	EXPECT_EQ(XTCP_TIME_WAIT, xtcp_state_after_fin_acked(XTCP_CLOSING));
	EXPECT_EQ(XTCP_CLOSE, xtcp_state_after_fin_acked(XTCP_LAST_ACK));
	EXPECT_EQ(XTCP_ESTABLISHED, xtcp_state_after_fin_acked(XTCP_ESTABLISHED));
	EXPECT_EQ(XTCP_TIME_WAIT, xtcp_state_after_fin_acked(XTCP_TIME_WAIT));
}

TEST(state__text_only_while_the_peer_may_send)
{
	int s, n = 0;

	for (s = XTCP_ESTABLISHED; s < XTCP_STATE_MAX; s++)
		n += xtcp_state_takes_text(s);
	EXPECT_EQ(3, n);
	EXPECT_TRUE(xtcp_state_takes_text(XTCP_ESTABLISHED));
	EXPECT_TRUE(xtcp_state_takes_text(XTCP_FIN_WAIT1));
	EXPECT_TRUE(xtcp_state_takes_text(XTCP_FIN_WAIT2));
}

TEST(state__reset_errors_as_linux)
{
	EXPECT_EQ(ECONNRESET, xtcp_state_reset_error(XTCP_ESTABLISHED, false));
	EXPECT_EQ(ECONNRESET, xtcp_state_reset_error(XTCP_FIN_WAIT1, false));
	EXPECT_EQ(ECONNRESET, xtcp_state_reset_error(XTCP_FIN_WAIT2, false));
	EXPECT_EQ(EPIPE, xtcp_state_reset_error(XTCP_CLOSE_WAIT, false));
	EXPECT_EQ(0, xtcp_state_reset_error(XTCP_SYN_RECV, true));
	EXPECT_EQ(ECONNREFUSED, xtcp_state_reset_error(XTCP_SYN_RECV, false));
	EXPECT_EQ(0, xtcp_state_reset_error(XTCP_LAST_ACK, false));
	EXPECT_EQ(0, xtcp_state_reset_error(XTCP_CLOSING, false));
	EXPECT_EQ(0, xtcp_state_reset_error(XTCP_TIME_WAIT, false));
}
