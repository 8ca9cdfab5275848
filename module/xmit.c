// SPDX-License-Identifier: GPL-2.0
/*
 * Sending the byte stream: which queued segments may leave now (receive
 * window, congestion window, Nagle, cork), sending them, sending them again
 * (retransmission) and probing a closed window or an idle peer.
 *
 * Segments wait on sk_write_queue until first sent, then on rtx_queue
 * until acknowledged; each is at most one MSS of payload, and the copy kept
 * on the queue is never sent itself: a clone (or a copy, while an earlier
 * clone is still in a device queue) gets the TCP header in front.
 */
#include <linux/skbuff.h>
#include <net/checksum.h>

#include "cong.h"
#include "core/options.h"
#include "core/seq.h"
#include "ipv4.h"
#include "isn.h"
#include "output.h"
#include "receive.h"
#include "sock.h"
#include "stats.h"
#include "timer.h"
#include "trace.h"
#include "wire.h"
#include "xmit.h"

/**
 * xtcp_send_mss() - payload bytes per data segment
 * @sk: a synchronized connection
 *
 * Return: the effective MSS (the peer's, our route's and TCP_MAXSEG's,
 * less the timestamp option when it is on every segment).
 */
u32 xtcp_send_mss(const struct sock *sk)
{
	return max_t(u32, xtcp_sk(sk)->mss, XTCP_MIN_MSS - XTCP_TS_ALIGNED_LEN);
}

/* Put the TCP header and options in front of a data segment and send it. */
static int xtcp_transmit_data(struct sock *sk, struct sk_buff *skb)
{
	const struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u8 flags = XTCP_FLAG_ACK | tcb->flags;
	u8 opts[XTCP_MAX_OPT_LEN];
	unsigned int optlen = 0;
	struct sk_buff *out;
	struct tcphdr *th;

	/* Two clones in flight would share the header room: copy instead. */
	if (skb_cloned(skb))
		out = pskb_copy(skb, GFP_ATOMIC);
	else
		out = skb_clone(skb, GFP_ATOMIC);
	if (!out)
		return -ENOBUFS;

	if (xs->ts_ok)
		optlen = xtcp_options_build_ack(opts, true,
						xtcp_ts_clock() + xs->ts_offset,
						xs->ts_recent, NULL, 0);
	if (out->len)
		flags |= XTCP_FLAG_PSH;
	th = skb_push(out, XTCP_HLEN + optlen);
	skb_reset_transport_header(out);
	memset(th, 0, XTCP_HLEN);
	th->source = htons(sk->sk_num);
	th->dest = sk->sk_dport;
	th->seq = htonl(tcb->seq);
	th->ack_seq = htonl(xs->rcv_nxt);
	th->doff = (XTCP_HLEN + optlen) / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(xtcp_select_window(sk, flags));
	memcpy(th + 1, opts, optlen);

	th->check = ~csum_tcpudp_magic(sk->sk_rcv_saddr, sk->sk_daddr, out->len,
				       IPPROTO_TCP, 0);
	out->ip_summed = CHECKSUM_PARTIAL;
	out->csum_start = skb_transport_header(out) - out->head;
	out->csum_offset = offsetof(struct tcphdr, check);
	skb_set_owner_w(out, sk);

	trace_xtcp_segment_send(sk->sk_rcv_saddr, sk->sk_daddr, th,
				out->len - XTCP_HLEN - optlen);
	xtcp_ack_sent(sk);
	xs->bytes_sent += tcb->end_seq - tcb->seq;
	return xtcp_ip_send_sock(sk, out, 0, 0);
}

/* A segment leaves for the first time: it moves to the retransmit queue. */
static int xtcp_send_new(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err;

	tcb->first_sent = jiffies;
	tcb->sent_ns = ktime_get_ns();
	err = xtcp_transmit_data(sk, skb);
	if (err == -ENOBUFS)
		return err;	/* try again later; the segment stays queued */
	__skb_unlink(skb, &sk->sk_write_queue);
	__skb_queue_tail(&xs->rtx_queue, skb);
	xs->snd_nxt = tcb->end_seq;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_OUT_SEGS);
	xtcp_timer_data_sent(sk);
	return 0;
}

/**
 * xtcp_retransmit_skb() - send a segment of the retransmit queue again
 * @sk: the connection, locked
 * @skb: a segment on rtx_queue
 *
 * Return: 0 or a negative errno (the segment stays where it is).
 */
int xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	int err;

	/* The peer may have acknowledged part of it (a smaller MSS on its
	 * side): send only the rest.
	 */
	if (xtcp_seq_before(tcb->seq, xs->snd_una) && skb->len) {
		u32 done = min_t(u32, xs->snd_una - tcb->seq, skb->len);

		if (skb_unclone(skb, GFP_ATOMIC))
			return -ENOBUFS;
		__skb_pull(skb, done);
		tcb->seq += done;
	}
	tcb->sent_ns = ktime_get_ns();
	err = xtcp_transmit_data(sk, skb);
	if (err == -ENOBUFS)
		return err;
	if (tcb->lost) {
		tcb->lost = 0;
		xs->lost_bytes -= tcb->end_seq - tcb->seq;
	}
	tcb->retransmitted = 1;
	xs->total_retrans++;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_RETRANS_SEGS);
	trace_xtcp_retransmit(sk, tcb->seq, tcb->end_seq - tcb->seq);
	return 0;
}

/* Nagle (RFC 9293 3.7.4) and cork: may a segment shorter than MSS go now? */
static bool xtcp_nagle_allows(const struct sock *sk, const struct sk_buff *skb,
			      u32 mss, int nonagle)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (skb->len >= mss || (XTCP_TX_CB(skb)->flags & XTCP_FLAG_FIN))
		return true;
	/* More data is coming right behind (MSG_MORE, TCP_CORK). */
	if (nonagle & XTCP_NAGLE_CORK)
		return false;
	/* Only a full segment can follow this one on the queue. */
	if (!skb_queue_is_last(&sk->sk_write_queue, skb))
		return true;
	if (nonagle & XTCP_NAGLE_OFF)
		return true;
	/* Nagle: no small segment while data is unacknowledged. */
	return xs->snd_nxt == xs->snd_una;
}

/**
 * xtcp_push() - send what the windows and Nagle allow
 * @sk: a connection, locked
 * @nonagle: XTCP_NAGLE_* bits for this call, on top of the socket's own
 *	(MSG_MORE corks; the last write of a corked sequence passes 0)
 *
 * Segments marked lost by a timeout go first, then new data.  When the
 * peer's window stops new data and nothing is in flight, the persist timer
 * probes the window.
 */
void xtcp_push(struct sock *sk, int nonagle)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xtcp_send_mss(sk);
	struct sk_buff *skb;

	if ((1 << sk->sk_state) & ((1 << XTCP_CLOSE) | (1 << XTCP_LISTEN) |
				   (1 << XTCP_SYN_SENT) | (1 << XTCP_SYN_RECV)))
		return;
	nonagle |= xs->nonagle;

	/* After a timeout: go back and send again what was lost. */
	if (xs->lost_bytes) {
		skb_queue_walk(&xs->rtx_queue, skb) {
			struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

			if (!tcb->lost)
				continue;
			if (xtcp_flight_size(sk) + (tcb->end_seq - tcb->seq) >
			    xs->snd_cwnd && xtcp_flight_size(sk))
				return;
			if (xtcp_retransmit_skb(sk, skb))
				return;
		}
	}

	while ((skb = skb_peek(&sk->sk_write_queue))) {
		struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
		u32 len = tcb->end_seq - tcb->seq;

		/* The peer's window (RFC 9293 3.8.6.2.1 for the sender). */
		if (xtcp_seq_after(tcb->end_seq - !!(tcb->flags & XTCP_FLAG_FIN),
				   xs->snd_una + xs->snd_wnd)) {
			if (xs->snd_nxt == xs->snd_una)
				xtcp_timer_persist(sk);
			return;
		}
		if (xtcp_flight_size(sk) + len > xs->snd_cwnd &&
		    xtcp_flight_size(sk))
			return;
		if (!xtcp_nagle_allows(sk, skb, mss, nonagle))
			return;
		if (xtcp_send_new(sk, skb))
			return;
	}
}

/**
 * xtcp_send_probe() - a window or keepalive probe
 * @sk: a synchronized connection, locked
 *
 * A segment with the sequence number just below SND.UNA and no data, as
 * Linux sends: the peer finds it old and answers with an ACK that carries
 * its current window.
 *
 * Return: 0 or a negative errno.
 */
int xtcp_send_probe(struct sock *sk)
{
	return xtcp_send_ack_at(sk, xtcp_sk(sk)->snd_una - 1);
}
