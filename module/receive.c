// SPDX-License-Identifier: GPL-2.0
/*
 * The receive side of the byte stream: acceptable segment text is queued in
 * order on sk_receive_queue for recvmsg() (recv.c); the window we offer and
 * when we acknowledge are decided here.
 *
 * This first form queues in-order text only and acknowledges every segment
 * at once; the out-of-order queue, buffer-sized windows and delayed ACKs
 * replace it.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "core/seq.h"
#include "input.h"
#include "output.h"
#include "receive.h"
#include "sock.h"
#include "wire.h"

/* The window we offer until the receive path sizes it from the buffer. */
#define XTCP_INITIAL_RCV_WND	64240

/**
 * xtcp_receive_init() - set up a new socket's receive side
 * @sk: the socket
 */
void xtcp_receive_init(struct sock *sk)
{
	xtcp_sk(sk)->rcv_wnd = XTCP_INITIAL_RCV_WND;
}

/**
 * xtcp_receive_purge() - drop everything received and not read
 * @sk: the socket, locked
 */
void xtcp_receive_purge(struct sock *sk)
{
	__skb_queue_purge(&sk->sk_receive_queue);
}

/**
 * xtcp_receive_window() - how much beyond RCV.NXT the peer may send now
 * @sk: a synchronized connection
 *
 * Return: the window the acceptability test of RFC 9293 3.10.7.4 uses.
 */
u32 xtcp_receive_window(const struct sock *sk)
{
	return xtcp_sk(sk)->rcv_wnd;
}

/**
 * xtcp_select_window() - the window field of a segment about to be sent
 * @sk: the connection
 * @flags: the segment's flags (a SYN's window is never scaled)
 *
 * Return: the 16-bit field, already scaled.
 */
u16 xtcp_select_window(struct sock *sk, u8 flags)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 wnd = xs->rcv_wnd;

	if (!(flags & XTCP_FLAG_SYN) && xs->wscale_ok)
		wnd >>= xs->rcv_wscale;
	return min_t(u32, wnd, U16_MAX);
}

/**
 * xtcp_ack_sent() - a segment acknowledging RCV.NXT left
 * @sk: the connection
 */
void xtcp_ack_sent(struct sock *sk)
{
}

/**
 * xtcp_ack_schedule() - something received wants acknowledging
 * @sk: the connection, locked
 * @now: at once (out of order, FIN, window update) rather than delayed
 */
void xtcp_ack_schedule(struct sock *sk, bool now)
{
	xtcp_send_ack(sk);
}

/**
 * xtcp_receive_consumed() - recvmsg() took data off the receive queue
 * @sk: the connection, locked
 */
void xtcp_receive_consumed(struct sock *sk)
{
}

/**
 * xtcp_data_queue() - the text and FIN of an acceptable segment
 * @sk: a synchronized connection, locked
 * @skb: the segment, data at the payload; not consumed (the caller frees
 *	its reference; keep one with skb_get() to queue it)
 *
 * RFC 9293 3.10.7.4 steps seven and eight.
 */
void xtcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 len = skb->len;
	bool ack = false;

	if (len) {
		ack = true;
		if (sk->sk_state != XTCP_ESTABLISHED &&
		    sk->sk_state != XTCP_FIN_WAIT1 &&
		    sk->sk_state != XTCP_FIN_WAIT2)
			goto fin;
		if (cb->seq != xs->rcv_nxt) {
			u32 old = xs->rcv_nxt - cb->seq;

			/* A retransmission overlapping what we have. */
			if (!xtcp_seq_before(cb->seq, xs->rcv_nxt) || old >= len)
				goto fin;
			__skb_pull(skb, old);
			cb->seq = xs->rcv_nxt;
			len -= old;
		}
		skb_dst_drop(skb);
		skb_set_owner_r(skb_get(skb), sk);
		__skb_queue_tail(&sk->sk_receive_queue, skb);
		xs->rcv_nxt += len;
		sk->sk_data_ready(sk);
	}
fin:
	if ((cb->flags & XTCP_FLAG_FIN) && cb->end_seq - 1 == xs->rcv_nxt) {
		ack = true;
		xtcp_rcv_fin(sk);
	}
	if (ack && sk->sk_state != XTCP_CLOSE)
		xtcp_ack_schedule(sk, true);
}
