// SPDX-License-Identifier: GPL-2.0
/*
 * recvmsg(): copy in-order data from the receive queue to the user.
 *
 * The receive queue holds segments in sequence order, each starting at its
 * control block's seq; copied_seq marks what the user has read.  This is
 * the first, simple form of the receive side (no out-of-order queue, no
 * window management); the byte stream work extends it.
 */
#include <linux/skbuff.h>
#include <net/sock.h>

#include "recv.h"
#include "sock.h"
#include "wire.h"

/* The error or end of stream that ends a read with nothing copied, if any. */
static int xtcp_recv_stop(struct sock *sk, bool *stop)
{
	*stop = true;
	if (sk->sk_err)
		return sock_error(sk);
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return 0;
	if (sk->sk_state == XTCP_CLOSE)
		return -ENOTCONN;
	*stop = false;
	return 0;
}

/**
 * xtcp_recvmsg() - the transport side of recvmsg()
 * @sk: the socket
 * @msg: where to copy
 * @len: how much the user asked for
 * @flags: MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL
 *
 * Return: bytes copied; 0 at end of stream; -ENOTCONN when never
 * connected; -EAGAIN when nothing is there and waiting is not allowed;
 * the pending socket error; or -EINTR/-ERESTARTSYS on a signal.
 */
int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	u32 peek_seq;
	int copied = 0;
	int err = 0;

	lock_sock(sk);
	if (sk->sk_state == XTCP_LISTEN) {
		err = -ENOTCONN;
		goto out;
	}
	peek_seq = xs->copied_seq;

	while (copied < len) {
		u32 *seq = (flags & MSG_PEEK) ? &peek_seq : &xs->copied_seq;
		struct sk_buff *skb, *tmp;
		bool stop;
		int ret;

		skb_queue_walk_safe(&sk->sk_receive_queue, skb, tmp) {
			u32 offset = *seq - XTCP_SKB_CB(skb)->seq;
			size_t chunk;

			if (offset >= skb->len) {
				if (!(flags & MSG_PEEK)) {
					__skb_unlink(skb, &sk->sk_receive_queue);
					__kfree_skb(skb);
				}
				continue;
			}
			chunk = min_t(size_t, skb->len - offset, len - copied);
			if (skb_copy_datagram_msg(skb, offset, msg, chunk)) {
				if (!copied)
					copied = -EFAULT;
				goto out;
			}
			*seq += chunk;
			copied += chunk;
			/* Consumed data leaves the queue at once: close() reads
			 * a non-empty queue as unread data.
			 */
			if (!(flags & MSG_PEEK) && offset + chunk == skb->len) {
				__skb_unlink(skb, &sk->sk_receive_queue);
				__kfree_skb(skb);
			}
			if (copied == len)
				break;
		}
		if (copied == len)
			break;
		if (copied && !(flags & MSG_WAITALL))
			break;

		ret = xtcp_recv_stop(sk, &stop);
		if (stop) {
			if (!copied)
				err = ret;
			break;
		}
		if (!timeo) {
			if (!copied)
				err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			if (!copied)
				err = sock_intr_errno(timeo);
			break;
		}
		sk_wait_data(sk, &timeo, skb_peek_tail(&sk->sk_receive_queue));
	}
out:
	release_sock(sk);
	return copied ? copied : err;
}
