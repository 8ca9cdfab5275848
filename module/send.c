// SPDX-License-Identifier: GPL-2.0
/*
 * sendmsg(): the user's bytes become MSS-sized segments on the socket's
 * write queue, charged to its send buffer (SO_SNDBUF), and xmit.c sends
 * them as the windows allow.  A writer that fills the buffer waits (or gets
 * EAGAIN) until acknowledgments free it.  Our FIN is queued behind the data
 * in the same way.
 */
#include <linux/skbuff.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "core/options.h"
#include "ipv4.h"
#include "send.h"
#include "sock.h"
#include "stats.h"
#include "timer.h"
#include "wire.h"
#include "xmit.h"

/* Room for every header (link, IPv4, TCP with options) in front of the
 * payload of a queued segment.
 */
#define XTCP_TX_HEADROOM	XTCP_MAX_HEADER

/* A new, empty segment at the tail of the write queue, charged to @sk. */
static struct sk_buff *xtcp_new_segment(struct sock *sk, gfp_t gfp)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	skb = alloc_skb_fclone(XTCP_TX_HEADROOM, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, XTCP_TX_HEADROOM);
	/* The device (or the stack's fallback) sums the payload. */
	skb->ip_summed = CHECKSUM_PARTIAL;
	memset(skb->cb, 0, sizeof(skb->cb));
	XTCP_TX_CB(skb)->seq = xs->write_seq;
	XTCP_TX_CB(skb)->end_seq = xs->write_seq;
	sk_wmem_queued_add(sk, skb->truesize);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	return skb;
}

/* Free a segment that left the queues, returning its charge. */
static void xtcp_free_segment(struct sock *sk, struct sk_buff *skb)
{
	sk_wmem_queued_add(sk, -skb->truesize);
	__kfree_skb(skb);
}

/*
 * A segment sendmsg() queued and then could not put a byte in (the copy
 * faulted, or no page was to be had): it must never be sent, nor reach
 * the retransmission queue (as Linux's tcp_remove_empty_skb()).
 */
static void xtcp_remove_empty_tail(struct sock *sk)
{
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);

	if (skb && !skb->len && !(XTCP_TX_CB(skb)->flags & XTCP_FLAG_FIN)) {
		__skb_unlink(skb, &sk->sk_write_queue);
		xtcp_free_segment(sk, skb);
	}
}

/**
 * xtcp_send_free_acked() - free a segment the peer acknowledged entirely
 * @sk: the connection, locked
 * @skb: the segment, already unlinked from rtx_queue
 */
void xtcp_send_free_acked(struct sock *sk, struct sk_buff *skb)
{
	xtcp_free_segment(sk, skb);
}

/**
 * xtcp_split_segment() - cut a segment in two
 * @sk: the connection, locked
 * @queue: the queue @skb is on: sk_write_queue, or the retransmit queue
 * @skb: a segment on @queue, longer than @len
 * @len: payload bytes it keeps; the rest (and its FIN) go to a new segment
 *	queued right after it
 *
 * The new segment inherits everything else @skb's control block says
 * (when it was sent, lost, SACKed, retransmitted), so the scoreboard's
 * byte counts stay what they were.  A segment that was sent may still
 * have a clone in a device queue sharing its fragment list: it gets its
 * own first (as Linux's tcp_fragment() does).
 *
 * Return: 0, -ENOBUFS when no memory could be had, or -ENOMEM when the
 * connection's queued memory is already past its bound (WQueueTooBig).
 */
int xtcp_split_segment(struct sock *sk, struct sk_buff_head *queue,
		       struct sk_buff *skb, u32 len)
{
	struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb), *ncb;
	u32 nlen = skb->len - len;
	struct sk_buff *buff;

	/*
	 * As Linux's tcp_fragment(): a peer that lowers the path MTU step by
	 * step (forged fragmentation-needed messages) would have every
	 * segment in flight cut again each time; past twice the send buffer
	 * (and a GSO packet's allowance) only the queue's ends are cut.
	 */
	if (queue != &sk->sk_write_queue &&
	    (READ_ONCE(sk->sk_wmem_queued) >> 1) >
	    READ_ONCE(sk->sk_sndbuf) + 2 * SKB_TRUESIZE(GSO_LEGACY_MAX_SIZE) &&
	    skb != skb_peek(queue) && skb != skb_peek_tail(queue)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_WQUEUE_TOO_BIG);
		return -ENOMEM;
	}
	if (skb_cloned(skb)) {
		unsigned int truesize = skb->truesize;

		if (pskb_expand_head(skb, 0, 0, GFP_ATOMIC))
			return -ENOBUFS;
		/* A new head, maybe a larger one: charged as it is. */
		sk_wmem_queued_add(sk, skb->truesize - truesize);
	}
	buff = alloc_skb_fclone(XTCP_TX_HEADROOM, GFP_ATOMIC);
	if (!buff)
		return -ENOBUFS;
	skb_reserve(buff, XTCP_TX_HEADROOM);
	buff->ip_summed = CHECKSUM_PARTIAL;
	memset(buff->cb, 0, sizeof(buff->cb));
	sk_wmem_queued_add(sk, buff->truesize);
	/* The payload moves, and its charge with it. */
	skb_split(skb, buff, len);
	buff->truesize += nlen;
	skb->truesize -= nlen;

	ncb = XTCP_TX_CB(buff);
	*ncb = *tcb;
	ncb->seq = tcb->seq + len;
	tcb->end_seq = ncb->seq;
	tcb->flags = 0;
	__skb_queue_after(queue, skb, buff);
	return 0;
}

/**
 * xtcp_send_purge() - drop everything queued to send
 * @sk: the connection, locked; it is closing or aborted
 */
void xtcp_send_purge(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_write_queue)))
		xtcp_free_segment(sk, skb);
	while ((skb = __skb_dequeue(&xs->rtx_queue)))
		xtcp_free_segment(sk, skb);
	xs->lost_bytes = 0;
	xs->sacked_bytes = 0;
}


/**
 * xtcp_send_sock_init() - send-side defaults of a new socket
 * @sk: a socket socket() just created (a listener's connections inherit
 *	the listener's buffer sizes instead)
 *
 * As Linux's TCP, the send buffer starts at net.ipv4.tcp_wmem[1] (16384)
 * and grows with the congestion window (xtcp_sndbuf_expand()).
 */
void xtcp_send_sock_init(struct sock *sk)
{
	int wmem = READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_wmem[1]);

	if (sk->sk_socket && wmem > 0)
		WRITE_ONCE(sk->sk_sndbuf, wmem);
}

/**
 * xtcp_sndbuf_expand() - grow the send buffer with the congestion window
 * @sk: a connection, locked
 *
 * Unless the user fixed SO_SNDBUF: room for twice the congestion window
 * (at least ten segments) in queued segments, what fast recovery needs to
 * keep sending, up to net.ipv4.tcp_wmem[2] (Linux's tcp_sndbuf_expand()).
 */
void xtcp_sndbuf_expand(struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xtcp_send_mss(sk);
	u32 segs = max_t(u32, xs->snd_cwnd / mss, 10);
	u64 per_seg = SKB_TRUESIZE(XTCP_TX_HEADROOM) + mss;
	int limit = READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_wmem[2]);
	u64 want = 2 * segs * per_seg;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	want = min_t(u64, want, limit);
	if (want > READ_ONCE(sk->sk_sndbuf))
		WRITE_ONCE(sk->sk_sndbuf, want);
}

/**
 * xtcp_write_space() - sk_write_space of an xtcp socket
 * @sk: the socket; acknowledgments just freed send buffer space
 *
 * Writers and pollers waiting for POLLOUT wake once the free space is at
 * least a third of the buffer in use, the stream sockets' usual rule
 * (6.1 does not export the generic sk_stream_write_space()).
 */
void xtcp_write_space(struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_wq *wq;

	if (!sock || !__sk_stream_is_writeable(sk, 1))
		return;
	clear_bit(SOCK_NOSPACE, &sock->flags);
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT |
					   EPOLLWRNORM | EPOLLWRBAND);
	if (wq && wq->fasync_list && !(sk->sk_shutdown & SEND_SHUTDOWN))
		sock_wake_async(wq, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

/**
 * xtcp_sendmsg() - the transport side of sendmsg()
 * @sk: the socket
 * @msg: the user's data and flags
 * @size: its length
 *
 * Waits for a connection still opening, as tcp_sendmsg() does; then copies
 * as much as the send buffer takes, waiting for room unless the socket is
 * non-blocking (MSG_DONTWAIT, O_NONBLOCK) or SO_SNDTIMEO runs out.
 *
 * Return: bytes queued (a short count when interrupted after some), or
 * -EPIPE (and SIGPIPE unless MSG_NOSIGNAL) once the send side is shut or
 * the connection is gone, the pending error, -EAGAIN, -EINTR, -EFAULT,
 * -EOPNOTSUPP for MSG_OOB.
 */
int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int flags = msg->msg_flags;
	size_t copied = 0;
	long timeo;
	int err = 0;

	/* Urgent data is not sent (RFC 6093 advises against new uses). */
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);

	/* Not connected: the pending error (ECONNRESET once after a reset),
	 * EPIPE, or a wait while the handshake runs.  xtcp's state numbers
	 * are Linux's, which the generic stream helpers test.
	 */
	if (!((1 << sk->sk_state) & ((1 << XTCP_ESTABLISHED) |
				     (1 << XTCP_CLOSE_WAIT)))) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto out_err;
	}

	while (msg_data_left(msg)) {
		struct page_frag *pfrag = sk_page_frag(sk);
		u32 mss = xtcp_send_mss(sk);
		struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);
		bool merge;
		size_t chunk;
		int i;

		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN)) {
			err = -EPIPE;
			goto out_err;
		}

		/* The tail segment is unsent (it is on the write queue): fill
		 * it up to the MSS before starting another.
		 */
		if (!skb || skb->len >= mss ||
		    (XTCP_TX_CB(skb)->flags & XTCP_FLAG_FIN) ||
		    skb_shinfo(skb)->nr_frags >= MAX_SKB_FRAGS) {
			if (!sk_stream_memory_free(sk))
				goto wait_for_memory;
			skb = xtcp_new_segment(sk, sk->sk_allocation);
			if (!skb)
				goto wait_for_memory;
		}
		/* The payload lives in page fragments: a run of segments can
		 * then leave as one GSO packet (xmit.c).
		 */
		if (!sk_page_frag_refill(sk, pfrag))
			goto wait_for_memory;
		chunk = min_t(size_t, msg_data_left(msg),
			      min_t(u32, mss - skb->len,
				    pfrag->size - pfrag->offset));
		i = skb_shinfo(skb)->nr_frags;
		merge = skb_can_coalesce(skb, i, pfrag->page, pfrag->offset);
		if (skb_copy_to_page_nocache(sk, &msg->msg_iter, skb,
					     pfrag->page, pfrag->offset,
					     chunk)) {
			err = -EFAULT;
			goto out_err;
		}
		if (merge) {
			skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], chunk);
		} else {
			skb_fill_page_desc(skb, i, pfrag->page, pfrag->offset,
					   chunk);
			get_page(pfrag->page);
		}
		pfrag->offset += chunk;
		XTCP_TX_CB(skb)->end_seq += chunk;
		xs->write_seq += chunk;
		copied += chunk;
		continue;

wait_for_memory:
		/* Send what is queued; acknowledgments will make room. */
		xtcp_remove_empty_tail(sk);
		xtcp_push(sk, 0);
		err = sk_stream_wait_memory(sk, &timeo);
		if (err)
			goto out_err;
	}
	xtcp_push(sk, (flags & MSG_MORE) ? XTCP_NAGLE_CORK : 0);
	release_sock(sk);
	return copied;

out_err:
	xtcp_remove_empty_tail(sk);
	if (copied) {
		xtcp_push(sk, 0);
		release_sock(sk);
		return copied;
	}
	err = sk_stream_error(sk, flags, err);
	release_sock(sk);
	return err;
}

/**
 * xtcp_queue_fin() - our FIN goes behind the data queued (RFC 9293 3.10.4)
 * @sk: a synchronized connection, locked
 *
 * It rides on the last unsent segment when there is one, else on a
 * segment of its own; either way it takes the sequence number after the
 * last byte and is sent, and sent again, like data.
 */
void xtcp_queue_fin(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	if (xs->fin_sent)
		return;
	skb = skb_peek_tail(&sk->sk_write_queue);
	if (!skb) {
		/* The FIN must go out even when the send buffer is full. */
		skb = xtcp_new_segment(sk, sk->sk_allocation | __GFP_NOFAIL);
	}
	XTCP_TX_CB(skb)->flags |= XTCP_FLAG_FIN;
	XTCP_TX_CB(skb)->end_seq++;
	xs->write_seq++;
	xs->fin_sent = true;
	xtcp_push(sk, XTCP_NAGLE_OFF);
}

/**
 * xtcp_outq() - SIOCOUTQ: bytes queued and not yet acknowledged
 * @sk: the socket
 *
 * Return: that count (our FIN included once queued, as Linux counts it).
 */
int xtcp_outq(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return READ_ONCE(xs->write_seq) - READ_ONCE(xs->snd_una);
}

/**
 * xtcp_outq_unsent() - SIOCOUTQNSD: bytes queued and not yet sent
 * @sk: the socket
 *
 * Return: that count.
 */
int xtcp_outq_unsent(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return READ_ONCE(xs->write_seq) - READ_ONCE(xs->snd_nxt);
}
