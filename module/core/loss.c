// SPDX-License-Identifier: GPL-2.0
/*
 * The loss rules that are more than a comparison: RACK's choice of the
 * delivery it remembers (RFC 8985 6.2), the start of a scoreboard walk,
 * and whether the oldest outstanding segment is lost before the third
 * duplicate ACK (RFC 6675 5 (b), or RACK after a tail loss probe).
 */
#include "loss.h"

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
bool xtcp_rack_delivered(struct xtcp_rack *r, u64 sent_ns, u64 now_ns,
			 bool retransmitted, bool tlp, u32 min_rtt_us)
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

/**
 * xtcp_loss_scan_start() - begin a walk of the scoreboard, newest first
 * @s: the walk
 * @mss: the sender's MSS
 * @rack: RACK's state (copied)
 * @min_rtt_us: the connection's smallest RTT sample
 * @now_ns: the time now
 */
void xtcp_loss_scan_start(struct xtcp_loss_scan *s, u32 mss,
			  const struct xtcp_rack *rack, u32 min_rtt_us,
			  u64 now_ns)
{
	s->sacked_above = 0;
	s->mss = mss;
	s->now_ns = now_ns;
	s->rack = *rack;
	s->rack_wait_ns = xtcp_rack_wait_ns(rack, min_rtt_us);
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
bool xtcp_loss_head_lost(u32 sacked_bytes, u32 mss, bool head_sacked,
			 u64 head_sent_ns, const struct xtcp_rack *rack,
			 u32 min_rtt_us, u64 now_ns)
{
	if (xtcp_sacked_above_lost(sacked_bytes, mss))
		return true;
	return sacked_bytes && !head_sacked &&
	       xtcp_rack_lost(rack, xtcp_rack_wait_ns(rack, min_rtt_us),
			      head_sent_ns, now_ns);
}
