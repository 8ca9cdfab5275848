/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sender's loss detection rules, on plain numbers: what is a
 * duplicate ACK (RFC 5681 2) and when the third starts recovery; which
 * SACK blocks count and which segments they cover (RFC 2018, 2883); the
 * pipe, IsLost() and DupThresh of RFC 6675; and RACK's predicate (RFC
 * 8985): sent before the latest delivered transmission and missing for
 * longer than its round trip plus a reordering window.
 *
 * The scoreboard itself (the retransmit queue and its marks) is the
 * module's (sack.c); it walks the queue and asks these rules, all inline:
 * they run per ACK, or per segment of a walk.
 */
#ifndef _XTCP_CORE_LOSS_H
#define _XTCP_CORE_LOSS_H

#include "newreno.h"
#include "seq.h"
#include "types.h"

/**
 * struct xtcp_ack_view - what the duplicate-ACK rule looks at
 * @ack: SEG.ACK
 * @snd_una: SND.UNA before the segment
 * @snd_nxt: SND.NXT
 * @len: the segment's payload length
 * @syn_fin: it carries SYN or FIN
 * @wnd: the window it advertises, scaled
 * @snd_wnd: the send window before it
 */
struct xtcp_ack_view {
	u32 ack;
	u32 snd_una;
	u32 snd_nxt;
	u32 len;
	bool syn_fin;
	u32 wnd;
	u32 snd_wnd;
};

/*
 * RFC 5681 2's DUPLICATE ACKNOWLEDGMENT: data outstanding, no payload, no
 * SYN or FIN, the same acknowledgment number and the same window.
 */
static inline bool xtcp_ack_is_dup(const struct xtcp_ack_view *a)
{
	return a->ack == a->snd_una && a->snd_nxt != a->snd_una && !a->len &&
	       !a->syn_fin && a->wnd == a->snd_wnd;
}

/*
 * RFC 6582 3.2 (1) and 4.1: the DupThresh-th duplicate ACK starts fast
 * retransmit only when it acknowledges more than "recover" (the end of
 * the last recovery), else it is the echo of that recovery's resends.
 */
static inline bool xtcp_dupacks_start_recovery(u32 dupacks, u32 ack,
					       u32 recover)
{
	return dupacks == XTCP_DUPTHRESH && xtcp_seq_after(ack, recover);
}

/*
 * RFC 6675's pipe (RFC 5681's FlightSize less what is known to have left
 * the network): outstanding bytes less those marked lost or SACKed; a lost
 * segment may be partly acknowledged already, so never below 0.
 */
static inline u32 xtcp_pipe(u32 outstanding, u32 lost, u32 sacked)
{
	u32 gone = lost + sacked;

	return outstanding - xtcp_min_u32(gone, outstanding);
}

/*
 * A SACK block taken in: a nonempty range, not a D-SACK below SEG.ACK
 * (RFC 2883), not beyond SND.NXT.
 */
static inline bool xtcp_sack_block_valid(u32 start, u32 end, u32 ack,
					 u32 snd_nxt)
{
	return xtcp_seq_before(start, end) && !xtcp_seq_before(start, ack) &&
	       !xtcp_seq_after(end, snd_nxt);
}

/* The block [start, end) covers the segment [seq, end_seq) whole. */
static inline bool xtcp_sack_covers(u32 start, u32 end, u32 seq, u32 end_seq)
{
	return !xtcp_seq_before(seq, start) && !xtcp_seq_after(end_seq, end);
}

/*
 * RFC 6675 IsLost()'s byte rule: more than (DupThresh - 1) * SMSS bytes
 * above the segment are SACKed.
 */
static inline bool xtcp_sacked_above_lost(u32 sacked_above, u32 mss)
{
	return sacked_above > (XTCP_DUPTHRESH - 1) * mss;
}

/**
 * struct xtcp_rack - RACK's memory of the latest delivery (RFC 8985 6.2)
 * @xmit_ns: when the latest transmission known delivered was sent; 0 before
 * @rtt_us: that delivery's round trip
 */
struct xtcp_rack {
	u64 xmit_ns;
	u32 rtt_us;
};

/**
 * xtcp_rack_delivered() - a segment reached the peer (SACKed or acknowledged)
 * @r: RACK's state
 * @sent_ns: when it was last sent
 * @now_ns: the time now
 * @retransmitted: it was sent more than once
 * @tlp: it is the tail loss probe (its end is the probe's high sequence)
 * @min_rtt_us: the connection's smallest RTT sample
 *
 * RFC 8985 6.2 steps 1 and 2: only a transmission later than the one
 * remembered counts; a retransmitted segment delivered faster than any
 * round trip was the original's delivery, not the resend's, and does not
 * count, except the tail loss probe, which is sent because nothing came
 * back (a single small segment often makes a faster round trip than the
 * full flights that set the minimum).
 *
 * Return: true when @r now remembers this delivery.
 */
static inline bool xtcp_rack_delivered(struct xtcp_rack *r, u64 sent_ns,
				       u64 now_ns, bool retransmitted, bool tlp,
				       u32 min_rtt_us)
{
	u64 rtt_us = xtcp_div_u64(now_ns - sent_ns, 1000);

	if (sent_ns <= r->xmit_ns)
		return false;
	if (retransmitted && rtt_us < min_rtt_us && !tlp)
		return false;
	r->xmit_ns = sent_ns;
	r->rtt_us = xtcp_min_u64(rtt_us, U32_MAX);
	return true;
}

/*
 * RFC 8985 6.2 step 4's reordering window is a quarter of the minimum
 * RTT: a segment is lost once it is missing for the delivered one's round
 * trip plus that.  Return: the wait, ns.
 */
static inline u64 xtcp_rack_wait_ns(const struct xtcp_rack *r, u32 min_rtt_us)
{
	return ((u64)r->rtt_us + min_rtt_us / 4) * 1000;
}

/*
 * RACK's lost predicate: a segment sent (last) at @sent_ns before the
 * latest delivered transmission, and missing for longer than @wait_ns.
 */
static inline bool xtcp_rack_lost(const struct xtcp_rack *r, u64 wait_ns,
				  u64 sent_ns, u64 now_ns)
{
	return sent_ns < r->xmit_ns && now_ns - sent_ns > wait_ns;
}

/**
 * struct xtcp_loss_scan - one walk of the scoreboard, newest segment first
 * @sacked_above: bytes SACKed above the segment being looked at
 * @mss: the sender's MSS
 * @now_ns: the time of the walk
 * @rack: RACK's state
 * @rack_wait_ns: its wait, computed once for the walk
 */
struct xtcp_loss_scan {
	u32 sacked_above;
	u32 mss;
	u64 now_ns;
	struct xtcp_rack rack;
	u64 rack_wait_ns;
};

/**
 * xtcp_loss_scan_start() - begin a walk of the scoreboard, newest first
 * @s: the walk
 * @mss: the sender's MSS
 * @rack: RACK's state (copied)
 * @min_rtt_us: the connection's smallest RTT sample
 * @now_ns: the time now
 */
static inline void xtcp_loss_scan_start(struct xtcp_loss_scan *s, u32 mss,
					const struct xtcp_rack *rack,
					u32 min_rtt_us, u64 now_ns)
{
	s->sacked_above = 0;
	s->mss = mss;
	s->now_ns = now_ns;
	s->rack = *rack;
	s->rack_wait_ns = xtcp_rack_wait_ns(rack, min_rtt_us);
}

/*
 * The next older segment of the walk: @len bytes, last sent at @sent_ns,
 * already SACKed or not, already resent in this recovery or not.  A
 * SACKed one counts for those below it; any other is lost when IsLost()
 * says so (once per recovery: a resend is not judged by it again) or
 * RACK does (a resend lost again).  Return: the segment is lost.
 */
static inline bool xtcp_loss_scan_next(struct xtcp_loss_scan *s, u32 len,
				       u64 sent_ns, bool sacked,
				       bool recovery_rexmit)
{
	if (sacked) {
		s->sacked_above += len;
		return false;
	}
	return (!recovery_rexmit &&
		xtcp_sacked_above_lost(s->sacked_above, s->mss)) ||
	       xtcp_rack_lost(&s->rack, s->rack_wait_ns, sent_ns, s->now_ns);
}

/**
 * xtcp_loss_head_lost() - does the scoreboard say the oldest segment is lost?
 * @sacked_bytes: bytes SACKed (all of them above SND.UNA)
 * @mss: the sender's MSS
 * @head_sacked: the oldest outstanding segment is itself SACKed
 * @head_sent_ns: when it was last sent
 * @rack: RACK's state
 * @min_rtt_us: the connection's smallest RTT sample
 * @now_ns: the time now
 *
 * RFC 6675 IsLost(SND.UNA): more than DupThresh - 1 segments' worth of
 * bytes SACKed; or, with something SACKed, RACK's rule (after a tail loss
 * probe fewer may be SACKed).
 *
 * Return: true when recovery is to start.
 */
static inline bool xtcp_loss_head_lost(u32 sacked_bytes, u32 mss,
				       bool head_sacked, u64 head_sent_ns,
				       const struct xtcp_rack *rack,
				       u32 min_rtt_us, u64 now_ns)
{
	if (xtcp_sacked_above_lost(sacked_bytes, mss))
		return true;
	return sacked_bytes && !head_sacked &&
	       xtcp_rack_lost(rack, xtcp_rack_wait_ns(rack, min_rtt_us),
			      head_sent_ns, now_ns);
}

#endif /* _XTCP_CORE_LOSS_H */
