// SPDX-License-Identifier: GPL-2.0
/*
 * What an acknowledgment does on the sending side: it frees acknowledged
 * segments, gives RTT samples to the retransmission timeout (RFC 6298),
 * updates the send window, grows the congestion window through the
 * connection's algorithm (cong.c), and drives loss recovery: fast
 * retransmit on the third duplicate ACK (or, with SACK, as soon as the
 * scoreboard shows a loss), then fast recovery: with SACK RFC 6675's,
 * which resends every hole the scoreboard (sack.c) finds lost while the
 * pipe is below the window; without it NewReno's (RFC 5681 3.2, RFC 6582),
 * one hole per round trip; and the go-back after a timeout.
 */
#include <linux/skbuff.h>

#include "ack.h"
#include "cong.h"
#include "core/loss.h"
#include "core/newreno.h"
#include "core/rtt.h"
#include "core/seq.h"
#include "output.h"
#include "sack.h"
#include "send.h"
#include "sock.h"
#include "stats.h"
#include "timer.h"
#include "wire.h"
#include "xmit.h"

/*
 * An RTT sample moves the estimate (core/rtt.h); the RTO follows, in
 * jiffies, the clock's tick as RFC 6298's granularity G.
 */
static void xtcp_rtt_sample_sk(struct sock *sk, u32 rtt_us)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 rto_us;

	xtcp_rtt_sample(&xs->rtt, rtt_us);
	rto_us = xtcp_rto_us(&xs->rtt, jiffies_to_usecs(1));
	xtcp_timer_set_rto(sk, usecs_to_jiffies(rto_us));
}

/*
 * Free what @ack covers.  Return: the RTT sample of the newest segment
 * acknowledged that was sent only once (Karn), or 0.
 */
static u32 xtcp_clean_rtx_queue(struct sock *sk, u32 ack)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u64 sent_ns = 0, now_ns = ktime_get_ns();
	struct sk_buff *skb;

	while ((skb = skb_peek(&xs->rtx_queue))) {
		struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

		if (xtcp_seq_after(tcb->end_seq, ack))
			break;
		if (tcb->lost)
			xs->lost_bytes -= tcb->end_seq - tcb->seq;
		if (tcb->sacked)
			xs->sacked_bytes -= tcb->end_seq - tcb->seq;
		else if (xs->sack_ok)
			xtcp_sack_delivered(sk, skb, now_ns);
		sent_ns = tcb->retransmitted ? 0 : tcb->sent_ns;
		__skb_unlink(skb, &xs->rtx_queue);
		xtcp_send_free_acked(sk, skb);
	}
	if (!sent_ns)
		return 0;
	return div_u64(now_ns - sent_ns, NSEC_PER_USEC);
}

/* Retransmit the first unacknowledged segment (fast retransmit, partial ACK). */
static void xtcp_retransmit_head(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(&xtcp_sk(sk)->rtx_queue);

	if (skb)
		xtcp_retransmit_skb(sk, skb);
}

/*
 * Third duplicate ACK, or the SACK scoreboard shows a loss: fast
 * retransmit, then fast recovery.  NewReno (RFC 6582 3.2) inflates the
 * window by the three segments that left; with SACK the pipe counts what
 * left instead, and the window is the new threshold (RFC 6675 5).
 */
static void xtcp_enter_recovery(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->snd_ssthresh = xs->cong->ssthresh(sk);
	xs->recover = xs->snd_nxt;
	xs->ca_state = XTCP_CA_RECOVERY;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_FAST_RETRANS);
	if (!xs->sack_ok) {
		xs->snd_cwnd = xtcp_newreno_recovery_cwnd(xs->snd_ssthresh,
							  xs->mss);
		xtcp_retransmit_head(sk);
		return;
	}
	xs->snd_cwnd = xs->snd_ssthresh;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_SACK_RECOVERIES);
	xtcp_sack_recovery_start(sk);
	xtcp_sack_mark_lost(sk, true);
	/* The first hole goes at once, whatever the pipe (RFC 6675 5 (4.3)). */
	xtcp_retransmit_head(sk);
}

/**
 * xtcp_enter_loss() - the retransmission timer expired with data in flight
 * @sk: the connection, locked
 *
 * RFC 5681 3.1 (4): the slow start threshold drops to half the flight (once
 * per episode), the window to one segment, and everything unacknowledged
 * counts as lost: it is sent again, oldest first, as the window grows.
 */
void xtcp_enter_loss(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	if (xs->ca_state != XTCP_CA_LOSS) {
		xs->snd_ssthresh = xs->cong->ssthresh(sk);
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_RTO_RECOVERIES);
	}
	xs->snd_cwnd = xs->mss;
	xs->snd_cwnd_acked = 0;
	xs->ca_state = XTCP_CA_LOSS;
	xs->recover = xs->snd_nxt;
	xs->tlp_high_seq = 0;
	xs->dupacks = 0;
	/* The peer may have dropped what it SACKed (RFC 2018 8). */
	xtcp_sack_clear(sk);
	skb_queue_walk(&xs->rtx_queue, skb) {
		struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

		if (!tcb->lost) {
			tcb->lost = 1;
			xs->lost_bytes += tcb->end_seq - tcb->seq;
		}
	}
}

/**
 * xtcp_mark_too_big_lost() - the MSS fell: what no longer fits is lost
 * @sk: the connection, locked; xtcp_sync_mss() has lowered its MSS
 *
 * The marking half of Linux's tcp_simple_retransmit(): every segment in
 * flight longer than the new MSS was dropped (by a router that said so, or
 * by this host's own output), so it is lost unless SACKed.  The
 * congestion window stays: the data in flight is no more than before,
 * only in smaller units.  Unless a timeout's recovery is already under
 * way, recovery starts at SND.NXT with the threshold kept at no less than
 * three quarters of the window (Linux's tcp_current_ssthresh()), so that
 * the window's growth is not cut short.
 *
 * Return: true when something is marked lost (the next xtcp_push()
 * resends it first, cut to size).
 */
bool xtcp_mark_too_big_lost(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xtcp_send_mss(sk);
	struct sk_buff *skb;

	skb_queue_walk(&xs->rtx_queue, skb) {
		struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

		if (skb->len > mss && !tcb->lost && !tcb->sacked) {
			tcb->lost = 1;
			xs->lost_bytes += tcb->end_seq - tcb->seq;
		}
	}
	if (!xs->lost_bytes)
		return false;
	if (xs->ca_state != XTCP_CA_LOSS) {
		if (xs->ca_state != XTCP_CA_RECOVERY)
			xs->snd_ssthresh = max(xs->snd_ssthresh,
					       (xs->snd_cwnd >> 1) +
					       (xs->snd_cwnd >> 2));
		xs->recover = xs->snd_nxt;
		xs->ca_state = XTCP_CA_LOSS;
	}
	return true;
}

/**
 * xtcp_simple_retransmit() - the path MTU fell: send again what no longer fits
 * @sk: the connection, locked; xtcp_sync_mss() has lowered its MSS
 *
 * As Linux's tcp_simple_retransmit(): xtcp_mark_too_big_lost(), then what
 * is lost goes again at once.
 */
void xtcp_simple_retransmit(struct sock *sk)
{
	if (xtcp_mark_too_big_lost(sk))
		xtcp_push(sk, XTCP_NAGLE_OFF);
}

/* New data acknowledged: the window grows or recovery moves on. */
static void xtcp_ack_advanced(struct sock *sk, u32 acked, u32 prior_flight)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xs->mss;

	switch (xs->ca_state) {
	case XTCP_CA_RECOVERY:
		if (!xtcp_seq_before(xs->snd_una, xs->recover)) {
			/* Full acknowledgment (RFC 6582 3.2 (3), option 1). */
			xs->snd_cwnd = xtcp_newreno_full_ack_cwnd(xs->snd_ssthresh,
								  xtcp_flight_size(sk),
								  mss);
			xs->ca_state = XTCP_CA_OPEN;
			xs->dupacks = 0;
			break;
		}
		/* Partial acknowledgment: the next hole is lost too. */
		if (xs->sack_ok) {
			/* The pipe already shrank by what was acknowledged. */
			xtcp_sack_mark_lost(sk, true);
			break;
		}
		/* NewReno: deflate by what was acknowledged, add one
		 * segment back.
		 */
		xtcp_retransmit_head(sk);
		xs->snd_cwnd = xtcp_newreno_partial_ack(xs->snd_cwnd, acked, mss);
		break;
	case XTCP_CA_LOSS:
		if (!xtcp_seq_before(xs->snd_una, xs->recover))
			xs->ca_state = XTCP_CA_OPEN;
		xs->cong->cong_avoid(sk, acked);
		xs->dupacks = 0;
		break;
	default:
		xs->dupacks = 0;
		/* Grow only a window that was in use (RFC 7661's spirit). */
		if (xtcp_cwnd_in_use(prior_flight, xs->snd_cwnd, mss))
			xs->cong->cong_avoid(sk, acked);
		break;
	}
}

/* RFC 5681 2: a duplicate ACK, as the loss detection counts them. */
static bool xtcp_is_dupack(const struct sock *sk, const struct sk_buff *skb,
			   u32 wnd)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_ack_view a = {
		.ack = cb->ack_seq,
		.snd_una = xs->snd_una,
		.snd_nxt = xs->snd_nxt,
		.len = skb->len,
		.syn_fin = cb->flags & (XTCP_FLAG_SYN | XTCP_FLAG_FIN),
		.wnd = wnd,
		.snd_wnd = xs->snd_wnd,
	};

	return xtcp_ack_is_dup(&a);
}

/*
 * With SACK, loss shows before the third duplicate ACK when segments
 * after a hole were SACKed (RFC 6675 5 (b)): recovery starts then.
 */
static void xtcp_sack_check_loss(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->ca_state == XTCP_CA_OPEN && xs->sack_ok &&
	    xtcp_seq_after(xs->snd_una, xs->recover) &&
	    xtcp_sack_loss_detected(sk))
		xtcp_enter_recovery(sk);
}

/**
 * xtcp_ack_process() - the ACK field of a segment (RFC 9293 3.10.7.4, fifth)
 * @sk: a synchronized connection past SYN-RECEIVED, locked
 * @skb: the segment, parsed, data at the payload
 *
 * The segment passed the core's checks (core/segment.c): its ACK lies in
 * [SND.UNA - MAX.SND.WND, SND.NXT] (RFC 5961 5.2).
 */
void xtcp_ack_process(struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 wnd = (u32)cb->wnd << xs->snd_wscale;
	u32 prior_flight = xtcp_flight_size(sk);
	u32 ack = cb->ack_seq;
	u32 newly_sacked = 0;
	bool dupack;

	xs->rcv_tstamp = jiffies;
	xs->probes_out = 0;
	/* Older than SND.UNA: a duplicate from the past, nothing to learn. */
	if (xtcp_seq_before(ack, xs->snd_una))
		return;

	dupack = xtcp_is_dupack(sk, skb, wnd);
	if (xs->sack_ok)
		newly_sacked = xtcp_sack_update(sk, skb);

	/* Window update (RFC 9293 3.10.7.4, fifth, ESTABLISHED). */
	if (xtcp_seq_before(xs->snd_wl1, cb->seq) ||
	    (xs->snd_wl1 == cb->seq &&
	     xtcp_seq_before_eq(xs->snd_wl2, ack))) {
		xs->snd_wnd = wnd;
		xs->max_snd_wnd = max(xs->max_snd_wnd, wnd);
		xs->snd_wl1 = cb->seq;
		xs->snd_wl2 = ack;
	}

	if (xtcp_seq_after(ack, xs->snd_una)) {
		u32 acked = ack - xs->snd_una;
		u32 rtt_us;

		xs->snd_una = ack;
		xs->bytes_acked += acked;
		/* The tail loss probe was answered: another may follow. */
		if (xs->tlp_high_seq && !xtcp_seq_before(ack, xs->tlp_high_seq))
			xs->tlp_high_seq = 0;
		rtt_us = xtcp_clean_rtx_queue(sk, ack);
		if (rtt_us)
			xtcp_rtt_sample_sk(sk, rtt_us);
		xtcp_ack_advanced(sk, acked, prior_flight);
		xtcp_sack_check_loss(sk);
		xtcp_timer_data_acked(sk);
		if (sk->sk_socket &&
		    test_bit(SOCK_NOSPACE, &sk->sk_socket->flags)) {
			/* A writer waits: let the buffer follow the window. */
			if (xs->ca_state == XTCP_CA_OPEN)
				xtcp_sndbuf_expand(sk);
			sk->sk_write_space(sk);
		}
		return;
	}

	/*
	 * Nothing new acknowledged.  A receiver that opens its window as it
	 * goes sends no duplicate ACKs by RFC 5681's definition, but its
	 * SACK blocks still show the holes.
	 */
	if (dupack)
		xs->dupacks = min_t(u32, xs->dupacks + 1, U8_MAX);
	if (xs->ca_state == XTCP_CA_RECOVERY) {
		if (xs->sack_ok)	/* new holes, or resends lost again */
			xtcp_sack_mark_lost(sk, false);
		else if (dupack)
			xs->snd_cwnd = xtcp_newreno_dupack(xs->snd_cwnd, xs->mss);
	} else if (dupack &&
		   xtcp_dupacks_start_recovery(xs->dupacks, ack, xs->recover)) {
		xtcp_enter_recovery(sk);
	} else if (newly_sacked) {
		xtcp_sack_check_loss(sk);
	}
}

/**
 * xtcp_ack_init() - the sending side of a connection that just opened
 * @sk: the connection, locked
 *
 * RFC 6928's initial window of ten segments (Linux's), an unbounded slow
 * start threshold, and the connection's congestion control.
 */
void xtcp_ack_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->write_seq = xs->snd_nxt;
	xs->snd_cwnd = XTCP_INIT_CWND_SEGS * xs->mss;
	xs->snd_ssthresh = U32_MAX;
	xs->snd_cwnd_acked = 0;
	xs->recover = xs->iss;
	xs->ca_state = XTCP_CA_OPEN;
	xs->dupacks = 0;
	xs->rtt.min_rtt_us = U32_MAX;
	xs->rack.xmit_ns = 0;
	xs->rack.rtt_us = 0;
	xs->tlp_high_seq = 0;
	xs->tlp_pending = false;
	xs->rcv_tstamp = jiffies;
	xs->lsndtime = jiffies;
	if (xs->cong && xs->cong->init)
		xs->cong->init(sk);
	xtcp_sndbuf_expand(sk);
}
