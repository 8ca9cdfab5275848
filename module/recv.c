// SPDX-License-Identifier: GPL-2.0
/*
 * Handing received data to the user: recvmsg(), and what poll() and
 * ioctl(SIOCINQ) report about it, with the semantics of Linux's
 * tcp_recvmsg() (net/ipv4/tcp.c).
 *
 * The receive queue holds in-order text (receive.c), each skb starting at
 * its control block's seq, possibly before the end of the previous one; a
 * read starts at copied_seq and skips what it already passed.  Urgent
 * data is ordinary data here (RFC 6093): MSG_OOB is refused by the socket
 * layer and the urgent pointer is ignored.
 */
#include <linux/skbuff.h>
#include <linux/uaccess.h>
#include <net/sock.h>

#include "core/seq.h"
#include "receive.h"
#include "recv.h"
#include "sock.h"
#include "wire.h"

/* Bytes in order and not yet read: RCV.NXT less what was read and the FIN. */
static u32 xtcp_unread(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 n;

	if (skb_queue_empty_lockless(&sk->sk_receive_queue))
		return 0;
	n = READ_ONCE(xs->rcv_nxt) - READ_ONCE(xs->copied_seq);
	if (n && READ_ONCE(xs->fin_rcvd))
		n--;
	return n;
}

/**
 * xtcp_readable() - would a read find what it waits for?
 * @sk: a connection (not a listener)
 *
 * As Linux's tcp_stream_is_readable(): at least SO_RCVLOWAT bytes are
 * waiting, or some are and no more can come for now (the receive buffer
 * is full or the window offered is down to less than a segment).  End of
 * stream and errors are for the caller to add.
 *
 * Return: true when poll() should report POLLIN for data.
 */
bool xtcp_readable(const struct sock *sk)
{
	int state = READ_ONCE(sk->sk_state);
	u32 avail;

	if (state == XTCP_SYN_SENT || state == XTCP_SYN_RECV ||
	    state == XTCP_LISTEN)
		return false;
	avail = xtcp_unread(sk);
	if (!avail)
		return false;
	return avail >= (u32)max(READ_ONCE(sk->sk_rcvlowat), 1) ||
	       atomic_read(&sk->sk_rmem_alloc) >= READ_ONCE(sk->sk_rcvbuf) ||
	       xtcp_receive_window(sk) < READ_ONCE(xtcp_sk(sk)->rcv_mss);
}

/**
 * xtcp_ioctl_inq() - ioctl(SIOCINQ), alias FIONREAD
 * @sk: the socket
 * @arg: where the user wants the count
 *
 * Return: 0 with the number of bytes a read would find (without the FIN)
 * stored, -EINVAL on a listener (as Linux), -EFAULT.
 */
int xtcp_ioctl_inq(struct sock *sk, int __user *arg)
{
	bool slow;
	int n;

	if (READ_ONCE(sk->sk_state) == XTCP_LISTEN)
		return -EINVAL;
	slow = lock_sock_fast(sk);
	n = sk->sk_state == XTCP_SYN_SENT || sk->sk_state == XTCP_SYN_RECV ?
	    0 : min_t(u32, xtcp_unread(sk), INT_MAX);
	unlock_sock_fast(sk, slow);
	return put_user(n, arg);
}

/* The error or end of stream that ends a read with nothing copied, if any. */
static int xtcp_recv_stop(struct sock *sk, bool *stop)
{
	*stop = true;
	/* The FIN was read before anything went wrong: end of stream. */
	if (sock_flag(sk, SOCK_DONE))
		return 0;
	if (sk->sk_err)
		return sock_error(sk);
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return 0;
	if (sk->sk_state == XTCP_CLOSE)
		return -ENOTCONN;
	*stop = false;
	return 0;
}

/* The first skb with data at @seq, dropping those read already. */
static struct sk_buff *xtcp_recv_find(struct sock *sk, u32 seq, bool peek,
				      u32 *offset)
{
	struct sk_buff *skb, *tmp;

	skb_queue_walk_safe(&sk->sk_receive_queue, skb, tmp) {
		u32 off = seq - XTCP_SKB_CB(skb)->seq;

		if (off < skb->len) {
			*offset = off;
			return skb;
		}
		/* Read through; a peek must leave it to the real read. */
		if (!peek) {
			__skb_unlink(skb, &sk->sk_receive_queue);
			__kfree_skb(skb);
		}
	}
	return NULL;
}

/**
 * xtcp_recvmsg() - the transport side of recvmsg()
 * @sk: the socket
 * @msg: where to copy
 * @len: how much the user asked for
 * @flags: MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_TRUNC
 *
 * Waits until SO_RCVLOWAT bytes (all @len with MSG_WAITALL) are read, the
 * stream ends, an error or a signal comes, or SO_RCVTIMEO runs out; with
 * something read, those end the read early without an error.  MSG_PEEK
 * leaves the data queued; MSG_TRUNC discards it instead of copying it
 * (and counts it, as Linux's TCP).  What is read opens the window.
 *
 * Return: bytes read (or discarded); 0 at end of stream; -ENOTCONN when
 * never connected or listening; -EAGAIN when nothing is there and waiting
 * is not allowed or timed out; the pending socket error (ECONNRESET after
 * a reset); or -EINTR/-ERESTARTSYS on a signal.
 */
int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool peek = flags & MSG_PEEK;
	u32 peek_seq, *seq;
	int copied = 0;
	long timeo;
	int target;
	int err;

	lock_sock(sk);
	if (sk->sk_state == XTCP_LISTEN) {
		err = -ENOTCONN;
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	peek_seq = xs->copied_seq;
	seq = peek ? &peek_seq : &xs->copied_seq;
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, min_t(size_t, len, INT_MAX));
	len = min_t(size_t, len, INT_MAX);

	while (len > 0) {
		struct sk_buff *skb, *last;
		u32 offset;
		size_t chunk;
		bool stop;

		skb = xtcp_recv_find(sk, *seq, peek, &offset);
		if (skb) {
			chunk = min_t(size_t, skb->len - offset, len);
			if (!(flags & MSG_TRUNC) &&
			    skb_copy_datagram_msg(skb, offset, msg, chunk)) {
				if (!copied)
					copied = -EFAULT;
				break;
			}
			WRITE_ONCE(*seq, *seq + chunk);
			copied += chunk;
			len -= chunk;
			/* Consumed data leaves the queue at once: close()
			 * reads a non-empty queue as unread data.
			 */
			if (!peek && offset + chunk == skb->len) {
				__skb_unlink(skb, &sk->sk_receive_queue);
				__kfree_skb(skb);
			}
			continue;
		}

		/* Nothing more queued.  Enough, unless the backlog has more. */
		if (copied >= target && !READ_ONCE(sk->sk_backlog.tail))
			break;
		if (copied) {
			if (!timeo || sk->sk_err || sk->sk_state == XTCP_CLOSE ||
			    (sk->sk_shutdown & RCV_SHUTDOWN) ||
			    signal_pending(current))
				break;
		} else {
			err = xtcp_recv_stop(sk, &stop);
			if (stop) {
				copied = err;
				break;
			}
			if (!timeo) {
				copied = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				copied = sock_intr_errno(timeo);
				break;
			}
		}

		if (copied >= target) {
			/* Take in what waits in the backlog, without sleeping. */
			__sk_flush_backlog(sk);
		} else {
			/* Open the window before sleeping on it. */
			if (copied && !peek)
				xtcp_receive_consumed(sk);
			last = skb_peek_tail(&sk->sk_receive_queue);
			sk_wait_data(sk, &timeo, last);
		}
		/* Another reader may have taken what was peeked at. */
		if (peek && xtcp_seq_before(peek_seq, xs->copied_seq))
			peek_seq = xs->copied_seq;
	}
	if (copied > 0 && !peek)
		xtcp_receive_consumed(sk);
	err = copied;
out:
	release_sock(sk);
	return err;
}
