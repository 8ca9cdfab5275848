// SPDX-License-Identifier: GPL-2.0
/*
 * The sender's SACK scoreboard: the blocks a peer's ACKs carry (RFC 2018)
 * mark segments of the retransmit queue as received, and RFC 6675's loss
 * rule picks from the gaps between them what to send again, so one round
 * trip of fast recovery repairs several losses instead of NewReno's one.
 *
 * A segment is SACKed when one block covers it whole; a block that covers
 * only part of a segment (the peer's MSS is smaller) marks nothing.  A
 * segment that is neither acknowledged nor SACKed is deemed lost when
 * more than DupThresh - 1 segments' worth of bytes above it are SACKed
 * (RFC 6675 IsLost()).  Lost segments go out again first, as the pipe
 * (xtcp_flight_size(): what is outstanding less what is SACKed or lost)
 * falls below the congestion window.
 *
 * A retransmission can be lost too, and the rule above never marks a
 * segment twice in one recovery.  So, as RACK (RFC 8985) does, the time
 * of the latest transmission known delivered (SACKed, or acknowledged
 * without ambiguity) is kept: a segment sent before it, still missing a
 * round trip plus a quarter of the minimum RTT after it was sent, is lost
 * again and goes out again.
 *
 * The timer forgets the scoreboard (xtcp_sack_clear()): a receiver may
 * drop data it SACKed (RFC 2018 8), and after a timeout everything not
 * acknowledged is sent again.  Walks of the retransmit queue are linear;
 * during recovery the window, and so the queue, is small.
 *
 * This file holds the queue and its marks; the rules it asks (which
 * blocks count, IsLost(), RACK's predicate) are in core/loss.h.
 */
#include <linux/skbuff.h>
#include <linux/tcp.h>

#include "core/loss.h"
#include "core/options.h"
#include "core/seq.h"
#include "sack.h"
#include "sock.h"
#include "stats.h"
#include "wire.h"

static u32 xtcp_tx_len(const struct sk_buff *skb)
{
	return XTCP_TX_CB(skb)->end_seq - XTCP_TX_CB(skb)->seq;
}

/**
 * xtcp_sack_delivered() - a segment reached the peer: remember when it left
 * @sk: the connection, locked
 * @skb: a segment of the retransmit queue, newly SACKed or acknowledged
 * @now_ns: the time now
 */
void xtcp_sack_delivered(struct sock *sk, const struct sk_buff *skb,
			 u64 now_ns)
{
	const struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_rack_delivered(&xs->rack, tcb->sent_ns, now_ns,
			    tcb->retransmitted,
			    tcb->end_seq == xs->tlp_high_seq,
			    xs->rtt.min_rtt_us);
}

/* Mark the segments [start, end) covers whole.  Return: bytes newly marked. */
static u32 xtcp_sack_mark_block(struct sock *sk, u32 start, u32 end)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 now_ns = ktime_get_ns();
	struct sk_buff *skb;
	u32 marked = 0;

	/* Blocks are mostly near SND.NXT: walk from the newest segment. */
	skb_queue_reverse_walk(&xs->rtx_queue, skb) {
		struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

		if (!xtcp_seq_after(tcb->end_seq, start))
			break;
		if (tcb->sacked ||
		    !xtcp_sack_covers(start, end, tcb->seq, tcb->end_seq))
			continue;
		tcb->sacked = 1;
		marked += xtcp_tx_len(skb);
		xtcp_sack_delivered(sk, skb, now_ns);
		if (tcb->lost) {
			tcb->lost = 0;
			xs->lost_bytes -= xtcp_tx_len(skb);
		}
	}
	return marked;
}

/**
 * xtcp_sack_update() - take in the SACK blocks of an arriving ACK
 * @sk: a connection that negotiated SACK, locked
 * @skb: the segment, parsed; its TCP header is still in place
 *
 * Blocks that are D-SACKs (RFC 2883: below SEG.ACK) or reach beyond
 * SND.NXT are ignored.
 *
 * Return: bytes newly SACKed.
 */
u32 xtcp_sack_update(struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_options opt;
	u32 marked = 0;
	unsigned int i;

	if (!cb->has_sack ||
	    xtcp_options_parse((const u8 *)(th + 1), th->doff * 4 - sizeof(*th),
			       false, &opt) < 0)
		return 0;
	for (i = 0; i < opt.num_sack; i++) {
		u32 start = opt.sack[i].start, end = opt.sack[i].end;

		if (!xtcp_sack_block_valid(start, end, cb->ack_seq,
					   xs->snd_nxt))
			continue;
		marked += xtcp_sack_mark_block(sk, start, end);
	}
	if (marked) {
		xs->sacked_bytes += marked;
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_SACKS_RCVD);
	}
	return marked;
}

/**
 * xtcp_sack_loss_detected() - does the scoreboard say the oldest segment
 *	is lost?
 * @sk: the connection
 *
 * Return: true when more than DupThresh - 1 segments' worth of bytes are
 * SACKed (all of them above SND.UNA), RFC 6675 IsLost(SND.UNA), or by
 * RACK's rule (after a tail loss probe fewer may be SACKed).
 */
bool xtcp_sack_loss_detected(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct sk_buff *head = skb_peek(&xs->rtx_queue);

	if (!head)
		return xtcp_sacked_above_lost(xs->sacked_bytes, xs->mss);
	return xtcp_loss_head_lost(xs->sacked_bytes, xs->mss,
				   XTCP_TX_CB(head)->sacked,
				   XTCP_TX_CB(head)->sent_ns, &xs->rack,
				   xs->rtt.min_rtt_us, ktime_get_ns());
}

/* Mark @skb lost, unless it is already, or SACKed. */
static void xtcp_sack_mark_one_lost(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

	if (tcb->sacked || tcb->lost)
		return;
	tcb->lost = 1;
	xtcp_sk(sk)->lost_bytes += xtcp_tx_len(skb);
}

/**
 * xtcp_sack_mark_lost() - mark what the scoreboard says is lost
 * @sk: a connection in fast recovery, locked
 * @head_too: mark the oldest unacknowledged segment even if the rule does
 *	not (the third duplicate ACK, or a partial ACK, says it is)
 */
void xtcp_sack_mark_lost(struct sock *sk, bool head_too)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_loss_scan scan;
	struct sk_buff *skb;

	skb = skb_peek(&xs->rtx_queue);
	if (head_too && skb && !XTCP_TX_CB(skb)->recovery_rexmit)
		xtcp_sack_mark_one_lost(sk, skb);
	xtcp_loss_scan_start(&scan, xs->mss, &xs->rack, xs->rtt.min_rtt_us,
			     ktime_get_ns());
	skb_queue_reverse_walk(&xs->rtx_queue, skb) {
		const struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

		if (xtcp_loss_scan_next(&scan, xtcp_tx_len(skb), tcb->sent_ns,
					tcb->sacked, tcb->recovery_rexmit))
			xtcp_sack_mark_one_lost(sk, skb);
	}
}

/**
 * xtcp_sack_recovery_start() - a new fast recovery begins
 * @sk: the connection, locked
 *
 * Every segment may be retransmitted once in it.
 */
void xtcp_sack_recovery_start(struct sock *sk)
{
	struct sk_buff *skb;

	skb_queue_walk(&xtcp_sk(sk)->rtx_queue, skb)
		XTCP_TX_CB(skb)->recovery_rexmit = 0;
}

/**
 * xtcp_sack_clear() - forget the scoreboard (retransmission timeout)
 * @sk: the connection, locked
 */
void xtcp_sack_clear(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	if (!xs->sacked_bytes)
		return;
	skb_queue_walk(&xs->rtx_queue, skb)
		XTCP_TX_CB(skb)->sacked = 0;
	xs->sacked_bytes = 0;
}
