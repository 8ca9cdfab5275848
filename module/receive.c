// SPDX-License-Identifier: GPL-2.0
/*
 * The receive side of the byte stream: the text and FIN of acceptable
 * segments go in sequence order onto sk_receive_queue for recvmsg()
 * (recv.c), through an out-of-order queue when they arrive early; the
 * window we offer and when we acknowledge are decided here.
 *
 * Queues.  sk_receive_queue holds in-order text only: every skb on it
 * starts at or before the end of the one before it (a retransmission may
 * overlap what we had; recvmsg() skips the overlap by sequence number) and
 * ends after it, and RCV.NXT is the end of the last one.  Segments beyond
 * RCV.NXT wait on ofo_queue, an rb-tree by sequence number, until the hole
 * before them is filled; one that another covers entirely is dropped at
 * insertion, one that covers others replaces them.  A FIN that arrives
 * early waits there too and is processed (xtcp_rcv_fin()) when the text
 * before it is in.  Text is accepted in ESTABLISHED, FIN-WAIT-1 and
 * FIN-WAIT-2 only (RFC 9293 3.10.7.4, seventh).
 *
 * Memory.  Every queued skb is charged to the socket (skb_set_owner_r(),
 * sk_rmem_alloc) against SO_RCVBUF, truesize and all.  The window offered
 * is half of the free buffer, as Linux's default tcp_adv_win_scale of 1
 * (the other half pays for skb overhead), never more than half of the
 * whole buffer: Linux's default buffer of 128 KiB gives 64 KiB.  When
 * the buffer is full, out-of-order data is pruned first; in-order data
 * is dropped only if that is not enough and the reader has something to
 * read.
 *
 * Window (RFC 9293 3.8.6.2.2, RFC 7323 2.3).  The right edge RCV.WUP +
 * RCV.WND never moves left.  It moves right only by at least
 * min(buffer/2, MSS) (receiver silly window syndrome avoidance); a window
 * that cannot move stays where it is and closes as data arrives.  With
 * window scaling the field is the window shifted right by rcv_wscale,
 * rounded up so the edge offered is never below the one promised; a SYN's
 * window is never scaled.
 *
 * ACKs (RFC 9293 3.8.6.3, RFC 5681 4.2, Linux's timing).  At once: while
 * the connection starts (quick ACKs, 16 segments), for out-of-order or
 * duplicate text, for text that fills a hole, for a FIN, and when more
 * than one full-sized segment is unacknowledged (so at least every second
 * one).  Otherwise the delayed-ACK timer sends it after delack_ms (40 ms,
 * Linux's minimum).  When recvmsg() frees space and the window could at
 * least double, a window update goes out at once (as tcp_cleanup_rbuf()).
 * Any segment that carries our ACK settles what is owed.
 *
 * Urgent data: xtcp follows RFC 6093 and leaves urgent bytes in the
 * stream.  The urgent pointer is ignored; the bytes are read in order by
 * recvmsg() like any other (as Linux with SO_OOBINLINE), and MSG_OOB
 * answers EINVAL.
 */
#include <linux/moduleparam.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <net/sock.h>

#include "core/ack_policy.h"
#include "core/ofo.h"
#include "core/options.h"
#include "core/rcv_window.h"
#include "core/seq.h"
#include "input.h"
#include "output.h"
#include "rcvbuf.h"
#include "receive.h"
#include "sock.h"
#include "stats.h"
#include "timer.h"
#include "wire.h"

/* Bits of xtcp_sock.ack_flags. */
#define XTCP_ACK_OWED		0x01	/* received text or FIN not yet acked */
#define XTCP_ACK_WUP_UNSET	0x02	/* our SYN's window awaits RCV.NXT */

/* The text one skb of a compacted receive queue holds: a page's worth. */
#define XTCP_COLLAPSE_SIZE	SKB_WITH_OVERHEAD(PAGE_SIZE)

static unsigned int delack_ms = 40;
module_param(delack_ms, uint, 0644);
MODULE_PARM_DESC(delack_ms, "delayed-ACK timeout in milliseconds (Linux: 40 to 200, starting at 40)");

static bool quickack = true;
module_param(quickack, bool, 0644);
MODULE_PARM_DESC(quickack, "acknowledge the first 16 segments of a connection at once (Linux does)");

/* ---- window (arithmetic in core/rcv_window.c) ---------------------- */

/* The largest window the field can carry on this connection. */
static u32 xtcp_max_window(const struct xtcp_sock *xs)
{
	return xtcp_rwnd_max(xs->wscale_ok, xs->rcv_wscale);
}

/* The window the whole receive buffer backs. */
static u32 xtcp_full_space(const struct sock *sk)
{
	return xtcp_rwnd_full(READ_ONCE(sk->sk_rcvbuf),
			      xtcp_max_window(xtcp_sk(sk)));
}

/* The window the free part of the receive buffer backs. */
static u32 xtcp_free_space(const struct sock *sk)
{
	return xtcp_rwnd_free(READ_ONCE(sk->sk_rcvbuf),
			      READ_ONCE(sk->sk_backlog.len) +
			      atomic_read(&sk->sk_rmem_alloc),
			      xtcp_max_window(xtcp_sk(sk)));
}

/* What is left of the window offered, from RCV.NXT to the right edge. */
static u32 xtcp_cur_window(const struct xtcp_sock *xs)
{
	if (xs->ack_flags & XTCP_ACK_WUP_UNSET)
		return xs->rcv_wnd;
	return xtcp_rwnd_left(xs->rcv_wup, xs->rcv_wnd, xs->rcv_nxt);
}

/* The window to offer now, before scaling (receiver SWS avoidance). */
static u32 xtcp_new_window(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return xtcp_rwnd_choose(xtcp_cur_window(xs), xtcp_free_space(sk),
				xtcp_full_space(sk), xs->rcv_mss);
}

/**
 * xtcp_receive_window() - how much beyond RCV.NXT the peer may send now
 * @sk: a synchronized connection
 *
 * Return: the window the acceptability test of RFC 9293 3.10.7.4 uses:
 * what is left of the one last offered.
 */
u32 xtcp_receive_window(const struct sock *sk)
{
	return xtcp_cur_window(xtcp_sk(sk));
}

/**
 * xtcp_syn_window_of() - the window of a listener's SYN-ACK sent from no
 *	connection (a SYN cookie's)
 * @listener: the listener, whose receive buffer its connections inherit
 *	(their shift is XTCP_RCV_WSCALE)
 * @wscale_ok: the SYN offered window scaling
 * @adv_mss: the MSS the SYN-ACK announces
 *
 * Return: the field the SYN-ACK of a connection made by @listener would
 * carry; the connection the cookie later makes records the same.
 */
u16 xtcp_syn_window_of(const struct sock *listener, bool wscale_ok,
		       u16 adv_mss)
{
	u32 full = xtcp_rwnd_full(READ_ONCE(listener->sk_rcvbuf),
				  xtcp_rwnd_max(wscale_ok, XTCP_RCV_WSCALE));

	return xtcp_rwnd_syn(full, adv_mss);
}

/* The window of our SYN or SYN-ACK: unscaled, whole segments (as Linux). */
static u16 xtcp_syn_window(struct sock *sk, u8 flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u16 wnd = xtcp_rwnd_syn(xtcp_full_space(sk), xs->adv_mss);

	xs->rcv_wnd = wnd;
	if (flags & XTCP_FLAG_ACK) {
		xs->rcv_wup = xs->rcv_nxt;
		xs->ack_flags &= ~XTCP_ACK_WUP_UNSET;
	} else {
		/* RCV.NXT is learnt from the SYN-ACK. */
		xs->ack_flags |= XTCP_ACK_WUP_UNSET;
	}
	return wnd;
}

/**
 * xtcp_select_window() - the window field of a segment about to be sent
 * @sk: the connection
 * @flags: the segment's flags (a SYN's window is never scaled)
 *
 * Chooses the window to offer (never moving the right edge left) and
 * records it: RCV.WND becomes the window the field advertises, RCV.WUP
 * the RCV.NXT it counts from.
 *
 * Return: the 16-bit field, already scaled.
 */
u16 xtcp_select_window(struct sock *sk, u8 flags)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u8 shift = xs->wscale_ok ? xs->rcv_wscale : 0;
	u16 field;

	if (flags & XTCP_FLAG_SYN)
		return xtcp_syn_window(sk, flags);

	/* Rounded up: the edge offered must not fall short of the last one. */
	field = xtcp_rwnd_field(xtcp_new_window(sk), shift, &xs->rcv_wnd);
	xs->rcv_wup = xs->rcv_nxt;
	xs->ack_flags &= ~XTCP_ACK_WUP_UNSET;
	return field;
}

/* ---- acknowledgments ----------------------------------------------- */

/**
 * xtcp_ack_sent() - a segment acknowledging RCV.NXT left
 * @sk: the connection, locked
 *
 * Whatever ACK was owed has been sent with it.
 */
void xtcp_ack_sent(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->ack_flags & XTCP_ACK_OWED) {
		xs->ack_flags &= ~XTCP_ACK_OWED;
		xtcp_timer_delack_cancel(sk);
	}
}

/**
 * xtcp_ack_schedule() - something received wants acknowledging
 * @sk: the connection, locked
 * @now: at once (out of order, FIN, window update) rather than delayed
 *
 * Without @now the ACK still goes at once in quick ACK mode or when more
 * than one full-sized segment is unacknowledged; otherwise the
 * delayed-ACK timer sends it.
 */
void xtcp_ack_schedule(struct sock *sk, bool now)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->ack_flags |= XTCP_ACK_OWED;
	if (xtcp_ack_at_once(now, &xs->quickacks, xs->rcv_nxt - xs->rcv_wup,
			     xs->rcv_mss)) {
		xtcp_send_ack(sk);
		return;
	}
	xtcp_timer_delack_arm(sk, jiffies +
			      max_t(unsigned long, 1,
				    msecs_to_jiffies(READ_ONCE(delack_ms))));
}

/**
 * xtcp_receive_delack_expired() - the delayed-ACK timer fired
 * @sk: the connection, locked, not owned by a process
 */
void xtcp_receive_delack_expired(struct sock *sk)
{
	if (!(xtcp_sk(sk)->ack_flags & XTCP_ACK_OWED))
		return;
	switch (sk->sk_state) {
	case XTCP_CLOSE:
	case XTCP_LISTEN:
	case XTCP_SYN_SENT:
		return;
	default:
		break;
	}
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_DELAYED_ACKS);
	xtcp_send_ack(sk);
}

/**
 * xtcp_receive_consumed() - recvmsg() took data off the receive queue
 * @sk: the connection, locked
 *
 * Sends what is owed if more than a full segment waits for its ACK, or a
 * window update when the window offered is at most half the buffer and
 * reading made room to double it (as Linux's tcp_cleanup_rbuf()).  No
 * update once the peer has sent its FIN: it will not send more.
 */
void xtcp_receive_consumed(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 cur;

	switch (sk->sk_state) {
	case XTCP_ESTABLISHED:
	case XTCP_FIN_WAIT1:
	case XTCP_FIN_WAIT2:
		break;
	default:
		return;
	}
	xtcp_rcvbuf_adjust(sk);
	if (xtcp_ack_owed_flush(xs->ack_flags & XTCP_ACK_OWED,
				xs->rcv_nxt - xs->rcv_wup, xs->rcv_mss)) {
		xtcp_send_ack(sk);
		return;
	}
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return;
	cur = xtcp_cur_window(xs);
	if (xtcp_rwnd_update_worth(cur, xtcp_new_window(sk),
				   xtcp_full_space(sk), xs->rcv_mss))
		xtcp_send_ack(sk);
}

/* ---- queues -------------------------------------------------------- */

/* Learn the peer's segment size from what it sends (GRO keeps gso_size). */
static void xtcp_measure_rcv_mss(struct sock *sk, const struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned int len = skb_shinfo(skb)->gso_size ? : skb->len;

	if (len > xs->rcv_mss)
		xs->rcv_mss = min_t(unsigned int, len,
				    max_t(u16, xs->adv_mss, XTCP_MIN_MSS));
}

/* The sequence number after the last byte of text of @skb. */
static u32 xtcp_text_end(const struct sk_buff *skb)
{
	return XTCP_SKB_CB(skb)->seq + skb->len;
}

static void xtcp_ofo_purge(struct sock *sk)
{
	struct rb_root *root = &xtcp_sk(sk)->ofo_queue;
	struct rb_node *node = rb_first(root);

	while (node) {
		struct sk_buff *skb = rb_to_skb(node);

		node = rb_next(node);
		rb_erase(&skb->rbnode, root);
		kfree_skb(skb);
	}
}

/*
 * Try to append @skb (in order, charged to the socket) to the last skb of
 * the receive queue.  The caller may hold a reference of its own: then the
 * head of @skb is never stolen.  Return: true when @skb was absorbed (and
 * our reference to it dropped).
 */
static bool xtcp_try_coalesce(struct sock *sk, struct sk_buff *skb)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_receive_queue);
	bool stolen;
	int delta;

	if (!tail || xtcp_text_end(tail) != XTCP_SKB_CB(skb)->seq)
		return false;
	if (skb_shared(skb) && skb_headlen(skb) &&
	    skb->len > skb_tailroom(tail))
		return false;
	if (!skb_try_coalesce(tail, skb, &stolen, &delta))
		return false;
	XTCP_SKB_CB(tail)->end_seq = xtcp_text_end(tail);
	/* The tail's destructor gives back its grown truesize. */
	atomic_add(delta, &sk->sk_rmem_alloc);
	if (stolen)
		kfree_skb_partial(skb, true);
	else
		consume_skb(skb);
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_RCV_COALESCE);
	return true;
}

/*
 * Queue in-order @skb (our reference, charged) for the reader and move
 * RCV.NXT past its text.  Return: whether it carries the FIN.
 */
static bool xtcp_queue_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool fin = XTCP_SKB_CB(skb)->flags & XTCP_FLAG_FIN;
	u32 end = xtcp_text_end(skb);

	if (xtcp_seq_after(end, xs->rcv_nxt)) {
		XTCP_SKB_CB(skb)->end_seq = end;
		xs->rcv_nxt = end;
		if (!xtcp_try_coalesce(sk, skb))
			__skb_queue_tail(&sk->sk_receive_queue, skb);
	} else {
		kfree_skb(skb);		/* a FIN alone */
	}
	return fin;
}

/*
 * Move what the out-of-order queue holds at RCV.NXT to the receive queue.
 * Return: whether the FIN came with it.
 */
static bool xtcp_ofo_drain(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;

	while ((skb = skb_rb_first(&xs->ofo_queue))) {
		const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

		if (xtcp_seq_after(cb->seq, xs->rcv_nxt))
			break;
		rb_erase(&skb->rbnode, &xs->ofo_queue);
		skb->dev = NULL;	/* it shared its space with rbnode */
		if (!xtcp_seq_after(cb->end_seq, xs->rcv_nxt)) {
			/* Covered by what came meanwhile. */
			xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_MERGE);
			kfree_skb(skb);
			continue;
		}
		if (xtcp_queue_rcv(sk, skb))
			return true;
	}
	return false;
}

/*
 * May one more skb be charged?  As Linux, while the buffer is not over
 * its size: the last skb may overshoot it, the window having promised
 * the peer its room.
 */
static bool xtcp_rmem_fits(const struct sock *sk)
{
	return atomic_read(&sk->sk_rmem_alloc) <= READ_ONCE(sk->sk_rcvbuf);
}

/* Make room by dropping out-of-order data from the highest sequence down. */
static bool xtcp_prune_ofo(struct sock *sk, const struct sk_buff *keep)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb;
	bool pruned = false;

	while ((skb = skb_rb_last(&xs->ofo_queue)) && skb != keep) {
		if (keep && !xtcp_seq_after(XTCP_SKB_CB(skb)->seq,
					    XTCP_SKB_CB(keep)->seq))
			break;
		rb_erase(&skb->rbnode, &xs->ofo_queue);
		kfree_skb(skb);
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_DROP);
		pruned = true;
		if (xtcp_rmem_fits(sk))
			break;
	}
	if (pruned)
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_RCV_PRUNED);
	return xtcp_rmem_fits(sk);
}

/*
 * Copy the unread text of the receive queue into page-sized skbs when
 * small segments made it cost far more memory than that would (Linux's
 * tcp_collapse() does the same).  Nothing changes if memory runs short.
 */
static void xtcp_collapse(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff_head compact;
	struct sk_buff *skb, *nskb, *tmp;
	unsigned int truesize = 0, count = 0;
	u32 seq = xs->copied_seq;
	u32 unread = xs->rcv_nxt - seq;

	skb_queue_walk(&sk->sk_receive_queue, skb) {
		truesize += skb->truesize;
		count++;
	}
	/* Worth it only if it saves a third or more. */
	if (!count || 2 * truesize < 3 * SKB_TRUESIZE(XTCP_COLLAPSE_SIZE) *
			 DIV_ROUND_UP(unread, XTCP_COLLAPSE_SIZE))
		return;

	__skb_queue_head_init(&compact);
	nskb = NULL;
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		while (xtcp_seq_before(seq, xtcp_text_end(skb))) {
			u32 off = seq - XTCP_SKB_CB(skb)->seq;
			u32 n = xtcp_text_end(skb) - seq;

			if (!nskb || !skb_tailroom(nskb)) {
				nskb = alloc_skb(XTCP_COLLAPSE_SIZE, GFP_ATOMIC);
				if (!nskb) {
					__skb_queue_purge(&compact);
					return;
				}
				XTCP_SKB_CB(nskb)->seq = seq;
				XTCP_SKB_CB(nskb)->flags = 0;
				__skb_queue_tail(&compact, nskb);
			}
			n = min_t(u32, n, skb_tailroom(nskb));
			if (skb_copy_bits(skb, off, skb_put(nskb, n), n)) {
				__skb_queue_purge(&compact);
				return;
			}
			seq += n;
			XTCP_SKB_CB(nskb)->end_seq = seq;
		}
	}
	skb_queue_walk_safe(&sk->sk_receive_queue, skb, tmp) {
		__skb_unlink(skb, &sk->sk_receive_queue);
		consume_skb(skb);
	}
	skb_queue_walk(&compact, skb)
		skb_set_owner_r(skb, sk);
	skb_queue_splice(&compact, &sk->sk_receive_queue);
	xtcp_stat_add(sock_net(sk), XTCP_STAT_RCV_COLLAPSED, count);
}

/*
 * Is there room for @skb in the receive buffer?  The receive queue is
 * compacted first, then out-of-order data beyond @skb makes way; in-order
 * data is always taken when the reader has nothing else, so a small
 * buffer cannot stall the connection.
 */
static bool xtcp_rmem_schedule(struct sock *sk, struct sk_buff *skb,
			       bool in_order)
{
	if (xtcp_rmem_fits(sk))
		return true;
	xtcp_collapse(sk);
	if (xtcp_rmem_fits(sk))
		return true;
	if (xtcp_prune_ofo(sk, in_order ? NULL : skb))
		return true;
	return in_order && skb_queue_empty(&sk->sk_receive_queue);
}

/*
 * Keep @skb, which starts beyond RCV.NXT, until the text before it comes.
 * Return: false when it was dropped for lack of room.
 */
static bool xtcp_ofo_insert(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct rb_node **p = &xs->ofo_queue.rb_node, *parent = NULL;
	u32 seq = XTCP_SKB_CB(skb)->seq, end = XTCP_SKB_CB(skb)->end_seq;
	struct sk_buff *s1, *next;

	if (!xtcp_rmem_schedule(sk, skb, false)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_DROP);
		return false;
	}
	xs->ofo_last_seq = seq;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_QUEUE);

	while (*p) {
		parent = *p;
		s1 = rb_to_skb(parent);
		switch (xtcp_ofo_fit(seq, end, XTCP_SKB_CB(s1)->seq,
				     XTCP_SKB_CB(s1)->end_seq)) {
		case XTCP_OFO_LEFT:
			p = &parent->rb_left;
			continue;
		case XTCP_OFO_COVERED:
			/* All of it is here already. */
			xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_MERGE);
			return true;
		case XTCP_OFO_REPLACES:
			/* It covers s1 and more: it takes s1's place. */
			skb_set_owner_r(skb_get(skb), sk);
			rb_replace_node(&s1->rbnode, &skb->rbnode,
					&xs->ofo_queue);
			kfree_skb(s1);
			xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_MERGE);
			goto merge_right;
		case XTCP_OFO_RIGHT:
			p = &parent->rb_right;
			continue;
		}
	}
	skb_set_owner_r(skb_get(skb), sk);
	rb_link_node(&skb->rbnode, parent, p);
	rb_insert_color(&skb->rbnode, &xs->ofo_queue);

merge_right:
	/* Those it covers entirely go. */
	while ((next = skb_rb_next(skb))) {
		if (xtcp_seq_after(XTCP_SKB_CB(next)->end_seq, end))
			break;
		rb_erase(&next->rbnode, &xs->ofo_queue);
		kfree_skb(next);
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_OFO_MERGE);
	}
	return true;
}

/**
 * xtcp_receive_sack_blocks() - the SACK blocks an ACK should carry now
 * @sk: the connection, locked
 * @blocks: where to write them
 * @max: room in @blocks
 *
 * RFC 2018 4: the block holding the segment that arrived last goes first,
 * the others follow in sequence order (core/ofo.c chooses them).  The walk
 * stops as soon as the blocks are decided.
 *
 * Return: how many blocks were written (0 when nothing is out of order or
 * SACK was not negotiated).
 */
unsigned int xtcp_receive_sack_blocks(const struct sock *sk,
				      struct xtcp_sack_block *blocks,
				      unsigned int max)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_sack_picker pick;
	struct sk_buff *skb;

	if (!xs->sack_ok || !max)
		return 0;
	xtcp_sack_pick_init(&pick, xs->ofo_last_seq, blocks, max);
	skb_rbtree_walk(skb, &xs->ofo_queue)
		if (!xtcp_sack_pick_add(&pick, XTCP_SKB_CB(skb)->seq,
					XTCP_SKB_CB(skb)->end_seq))
			break;
	return xtcp_sack_pick_finish(&pick);
}

/**
 * xtcp_receive_init() - set up a connection's receive side
 * @sk: the socket, before its SYN or SYN-ACK is sent
 */
void xtcp_receive_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->rcv_wnd = 0;
	xs->rcv_wup = 0;
	xs->ack_flags = 0;
	xs->rcv_mss = XTCP_DEFAULT_MSS;
	if (xs->adv_mss)
		xs->rcv_mss = min_t(u16, xs->rcv_mss, xs->adv_mss);
	xs->quickacks = READ_ONCE(quickack) ? XTCP_QUICKACKS : 0;
}

/**
 * xtcp_receive_sock_init() - receive-side defaults of a new socket
 * @sk: a socket socket() just created (a listener's connections inherit
 *	the listener's buffer sizes instead)
 *
 * As Linux's TCP, the receive buffer starts at net.ipv4.tcp_rmem[1]
 * (131072 by default) rather than net.core.rmem_default.
 */
void xtcp_receive_sock_init(struct sock *sk)
{
	int rmem = READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_rmem[1]);

	if (sk->sk_socket && rmem > 0)
		WRITE_ONCE(sk->sk_rcvbuf, rmem);
}

/**
 * xtcp_receive_purge() - drop everything received and not read
 * @sk: the socket, locked (or being destroyed)
 */
void xtcp_receive_purge(struct sock *sk)
{
	__skb_queue_purge(&sk->sk_receive_queue);
	xtcp_ofo_purge(sk);
}

/**
 * xtcp_data_queue() - the text and FIN of an acceptable segment
 * @sk: a synchronized connection, locked
 * @skb: the segment, data at the payload; not consumed (the caller frees
 *	its reference; the receive side takes one of its own to keep it)
 *
 * RFC 9293 3.10.7.4 steps seven and eight.
 */
void xtcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool fin = cb->flags & XTCP_FLAG_FIN;
	bool had_ofo, now = false;
	u32 end = xtcp_text_end(skb);

	if (!skb->len && !fin)
		return;			/* a bare ACK: nothing to acknowledge */

	if (!xtcp_state_takes_text(sk->sk_state)) {
		/* The peer's FIN came before: nothing more is taken. */
		if (fin && cb->end_seq - 1 == xs->rcv_nxt)
			xtcp_rcv_fin(sk);
		if (sk->sk_state != XTCP_CLOSE)
			xtcp_ack_schedule(sk, true);
		return;
	}
	xtcp_measure_rcv_mss(sk, skb);

	/* A retransmission of what we have (the acceptability test lets
	 * none through today): the peer missed our ACK.
	 */
	if (!xtcp_seq_after(cb->end_seq, xs->rcv_nxt)) {
		xtcp_ack_schedule(sk, true);
		return;
	}
	cb->end_seq = end + fin;

	/* Early: wait for the hole to be filled, and say where it is. */
	if (xtcp_seq_after(cb->seq, xs->rcv_nxt)) {
		skb_dst_drop(skb);
		xtcp_ofo_insert(sk, skb);
		xtcp_ack_schedule(sk, true);
		return;
	}

	/* In order (it may overlap what we have at its start). */
	if (!xtcp_rmem_schedule(sk, skb, true)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_RCV_Q_DROP);
		xtcp_ack_schedule(sk, true);
		return;
	}
	had_ofo = !RB_EMPTY_ROOT(&xs->ofo_queue);
	xtcp_rcvbuf_rtt_measure(sk, skb);
	skb_dst_drop(skb);
	skb_set_owner_r(skb_get(skb), sk);
	fin = xtcp_queue_rcv(sk, skb);
	if (!fin && had_ofo) {
		fin = xtcp_ofo_drain(sk);
		now = true;		/* a hole filled (RFC 5681 4.2) */
	}
	if (fin) {
		/* Nothing can follow the FIN. */
		xtcp_ofo_purge(sk);
		xtcp_rcv_fin(sk);
		now = true;
	} else {
		sk->sk_data_ready(sk);
	}
	if (sk->sk_state != XTCP_CLOSE)
		xtcp_ack_schedule(sk, now);
}
