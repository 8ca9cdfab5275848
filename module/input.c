// SPDX-License-Identifier: GPL-2.0
/*
 * Segment arrival (RFC 9293 3.10.7): the TCP header is checked, the
 * segment finds its connection (or listener, or none), and the state
 * machine processes it, organised as the RFC's "SEGMENT ARRIVES" is:
 * CLOSED, LISTEN, SYN-SENT, then the synchronized states step by step
 * (sequence check, RST, SYN, ACK, text, FIN).
 *
 * Called by the network layer (ipv4.c) in softirq context with skb->data
 * at the TCP header.  A segment for a connection a process holds waits in
 * the socket's backlog and is processed when the process releases it.  A
 * segment for a listener is processed at once, whoever holds the listener:
 * the listener's state is not the connection's (sock.c).
 */
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "ack.h"
#include "core/options.h"
#include "core/segment.h"
#include "core/seq.h"
#include "input.h"
#include "output.h"
#include "receive.h"
#include "sock.h"
#include "stats.h"
#include "syncookie.h"
#include "tables.h"
#include "timer.h"
#include "trace.h"
#include "wire.h"
#include "xmit.h"

/* Is the TCP checksum right?  Devices and loopback may have vouched for it. */
static bool xtcp_checksum_ok(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	switch (skb->ip_summed) {
	case CHECKSUM_UNNECESSARY:
	case CHECKSUM_PARTIAL:		/* our own, looped back locally */
		return true;
	case CHECKSUM_COMPLETE:
		if (!csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len,
				       IPPROTO_TCP, skb->csum))
			return true;
		fallthrough;
	default:
		return !csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len,
					  IPPROTO_TCP,
					  skb_checksum(skb, 0, skb->len, 0));
	}
}

/* Parse the header and options into the control block. */
static int xtcp_parse_segment(struct sk_buff *skb)
{
	struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	unsigned int hlen = th->doff * 4;
	struct xtcp_options opt;
	u8 flags = xtcp_flags(th);

	if (xtcp_options_parse((const u8 *)(th + 1), hlen - XTCP_HLEN,
			       flags & XTCP_FLAG_SYN, &opt) < 0)
		return -EINVAL;

	memset(cb, 0, sizeof(*cb));
	cb->seq = ntohl(th->seq);
	cb->end_seq = cb->seq + (skb->len - hlen) +
		      !!(flags & XTCP_FLAG_SYN) + !!(flags & XTCP_FLAG_FIN);
	cb->ack_seq = ntohl(th->ack_seq);
	cb->wnd = ntohs(th->window);
	cb->flags = flags;
	if (opt.seen & XTCP_OPTF_TS) {
		cb->has_ts = 1;
		cb->tsval = opt.tsval;
		cb->tsecr = opt.tsecr;
	}
	if (opt.seen & XTCP_OPTF_MSS) {
		cb->has_mss = 1;
		cb->mss = opt.mss;
	}
	if (opt.seen & XTCP_OPTF_WSCALE) {
		cb->has_wscale = 1;
		cb->wscale = opt.wscale;
	}
	cb->sack_perm = !!(opt.seen & XTCP_OPTF_SACK_PERM);
	cb->has_sack = !!(opt.seen & XTCP_OPTF_SACK);
	return 0;
}

/* The segment as the checks of core/segment.c read it. */
static void xtcp_seg_view(const struct sk_buff *skb, struct xtcp_seg *seg)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);

	seg->seq = cb->seq;
	seg->end_seq = cb->end_seq;
	seg->ack_seq = cb->ack_seq;
	seg->tsval = cb->tsval;
	seg->flags = cb->flags;
	seg->has_ts = cb->has_ts;
}

/* The connection as the checks of core/segment.c read it. */
static void xtcp_conn_view(const struct sock *sk, struct xtcp_seg_conn *c)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	c->state = sk->sk_state;
	c->iss = xs->iss;
	c->irs = xs->irs;
	c->snd_una = xs->snd_una;
	c->snd_nxt = xs->snd_nxt;
	c->rcv_nxt = xs->rcv_nxt;
	c->rcv_wnd = xtcp_receive_window(sk);
	c->ts_recent = xs->ts_recent;
	c->max_snd_wnd = xs->max_snd_wnd;
	c->bytes_acked = xs->bytes_acked;
	c->ts_ok = xs->ts_ok;
}

/* ---- LISTEN (RFC 9293 3.10.7.2) ------------------------------------ */

/* @sk listens; it is not locked (any context: see xtcp_passive_open()). */
static void xtcp_rcv_listen(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_seg_conn c = { .state = XTCP_LISTEN };
	struct xtcp_seg_verdict v;
	struct xtcp_seg seg;

	xtcp_seg_view(skb, &seg);
	xtcp_seg_check(&c, &seg, &v);
	/* An ACK may bring back a SYN cookie (syncookie.c). */
	if (v.action == XTCP_SEG_RESET_REPLY && !xtcp_cookie_ack(sk, skb))
		xtcp_send_reset_reply(sock_net(sk), skb);
	else if (v.action == XTCP_SEG_PASSIVE_OPEN)
		xtcp_passive_open(sk, skb);
}

/* ---- SYN-SENT (RFC 9293 3.10.7.3) ---------------------------------- */

static void xtcp_rcv_syn_sent(struct sock *sk, struct sk_buff *skb,
			      const struct xtcp_seg_verdict *v)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	switch (v->action) {
	case XTCP_SEG_RESET_REPLY:
		xtcp_send_reset_reply(sock_net(sk), skb);
		break;
	case XTCP_SEG_REFUSED:
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_IN_RSTS);
		xtcp_done(sk, ECONNREFUSED);
		break;
	case XTCP_SEG_ESTABLISH:
		xtcp_take_peer_syn(sk, skb);
		xs->snd_una = XTCP_SKB_CB(skb)->ack_seq;
		xtcp_timer_control_acked(sk);
		xtcp_established(sk);
		xtcp_send_ack(sk);
		break;
	case XTCP_SEG_SIMULTANEOUS:
		/* Both SYNs crossed.  Answer with SYN-ACK. */
		xtcp_take_peer_syn(sk, skb);
		xtcp_set_state(sk, XTCP_SYN_RECV);
		xtcp_send_syn(sk);
		xtcp_timer_control_sent(sk);
		break;
	default:
		break;
	}
}

/* ---- synchronized states (RFC 9293 3.10.7.4) ----------------------- */

/* Second: an acceptable RST (RFC 5961 3.2's exact match) ends it. */
static void xtcp_rcv_rst(struct sock *sk)
{
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_IN_RSTS);
	xtcp_done(sk, xtcp_state_reset_error(sk->sk_state,
					     xtcp_sk(sk)->parent));
}

/* Fifth, our FIN: its ACK moves the closing sequence on. */
static bool xtcp_rcv_fin_acked(struct sock *sk)
{
	u8 next = xtcp_state_after_fin_acked(sk->sk_state);

	if (next == sk->sk_state)
		return true;
	if (next == XTCP_CLOSE) {
		xtcp_done(sk, 0);
		return false;
	}
	xtcp_set_state(sk, next);
	if (next == XTCP_TIME_WAIT)
		xtcp_timer_time_wait(sk);
	else if (sock_flag(sk, SOCK_DEAD))
		xtcp_timer_fin_wait2(sk);
	else
		sk->sk_state_change(sk);
	return true;
}

/* Fifth: the ACK field.  Return false when the segment is done with. */
static bool xtcp_rcv_ack(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (sk->sk_state == XTCP_SYN_RECV) {
		/* With the accept queue full it stays half-open; the ACK
		 * is dropped.
		 */
		if (!xtcp_established(sk))
			return false;
		xtcp_timer_control_acked(sk);
	}
	xtcp_ack_process(sk, skb);
	if (!xs->fin_sent || xs->snd_una != xs->write_seq)
		return true;
	return xtcp_rcv_fin_acked(sk);
}

/**
 * xtcp_rcv_fin() - the peer's FIN is next in sequence (RFC 9293 3.10.7.4,
 *	eighth): it takes its sequence number and moves the state on
 * @sk: a synchronized connection, locked
 *
 * Called by the receive side (receive.c) once everything before the FIN
 * has been received; it acknowledges the FIN.
 */
void xtcp_rcv_fin(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u8 next = xtcp_state_after_fin(sk->sk_state);

	if (!xs->fin_rcvd) {
		xs->fin_rcvd = true;
		xs->rcv_nxt++;
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
	}
	if (next != sk->sk_state)
		xtcp_set_state(sk, next);
	/* In TIME-WAIT a retransmitted FIN restarts the 2 MSL wait. */
	if (next == XTCP_TIME_WAIT)
		xtcp_timer_time_wait(sk);
	/*
	 * One wake-up, without a key, reaches every kind of waiter (readers,
	 * poll and epoll for EPOLLIN or EPOLLRDHUP alone).  A second one
	 * (sk_data_ready()) could land after an edge-triggered epoll_wait()
	 * took the first, and report the same FIN twice.
	 */
	if (!sock_flag(sk, SOCK_DEAD)) {
		sk->sk_state_change(sk);
		sk_wake_async(sk, SOCK_WAKE_WAITD,
			      sk->sk_shutdown == SHUTDOWN_MASK ||
			      sk->sk_state == XTCP_CLOSE ? POLL_HUP : POLL_IN);
	}
}

/*
 * New data for a connection whose receive side is shut while our FIN is
 * out (after close(), or SHUT_RD then SHUT_WR): nobody will ever read it.
 */
static bool xtcp_data_after_close(struct sock *sk, struct sk_buff *skb,
				  const struct xtcp_seg *seg)
{
	if (!xtcp_seg_data_after_close(sk->sk_state,
				       sk->sk_shutdown & RCV_SHUTDOWN, seg,
				       skb->len, xtcp_sk(sk)->rcv_nxt))
		return false;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_ABORT_ON_DATA);
	xtcp_send_reset_reply(sock_net(sk), skb);
	xtcp_done(sk, ECONNRESET);
	return true;
}

static void xtcp_rcv_synchronized(struct sock *sk, struct sk_buff *skb,
				  const struct xtcp_seg *seg,
				  const struct xtcp_seg_verdict *v)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (v->why == XTCP_SEG_WHY_PAWS)
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_PAWS_ESTAB);
	else if (v->why == XTCP_SEG_WHY_WINDOW)
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_OUT_OF_WINDOW);
	else if (v->why == XTCP_SEG_WHY_ACK_TOO_OLD)
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_ACK_TOO_OLD);
	else if (v->why == XTCP_SEG_WHY_ACK_UNSENT)
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_ACK_UNSENT);
	if (v->take_ts)
		xs->ts_recent = seg->tsval;

	switch (v->action) {
	case XTCP_SEG_RESEND_SYNACK:
		xtcp_send_syn(sk);
		return;
	case XTCP_SEG_DUPACK:
		xtcp_send_dupack(sk, skb);
		return;
	case XTCP_SEG_RESET:
		xtcp_rcv_rst(sk);
		return;
	case XTCP_SEG_CHALLENGE_ACK:
		xtcp_send_challenge_ack(sk);
		return;
	case XTCP_SEG_RESET_REPLY:
		xtcp_send_reset_reply(sock_net(sk), skb);
		return;
	case XTCP_SEG_PROCESS:
		break;
	default:
		return;
	}
	if (!xtcp_rcv_ack(sk, skb))
		return;
	if (xtcp_data_after_close(sk, skb, seg))
		return;
	/* Seventh and eighth: segment text and FIN. */
	xtcp_data_queue(sk, skb);
	/* What the ACK made room for goes out now. */
	xtcp_push(sk, 0);
}

/* TIME-WAIT meets a new SYN for the same 4-tuple (core/segment.c). */
static bool xtcp_time_wait_reusable(struct sock *sk, const struct sk_buff *skb)
{
	struct xtcp_seg_conn c;
	struct xtcp_seg seg;

	xtcp_conn_view(sk, &c);
	xtcp_seg_view(skb, &seg);
	return xtcp_seg_time_wait_reusable(&c, &seg);
}

/**
 * xtcp_rcv_state_process() - process one segment for its socket
 * @sk: the socket, locked and not owned by a process
 * @skb: the segment, parsed (XTCP_SKB_CB), data at the payload; consumed
 */
void xtcp_rcv_state_process(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_seg_verdict v;
	struct xtcp_seg_conn c;
	struct xtcp_seg seg;

	if (sk->sk_state == XTCP_LISTEN) {
		xtcp_rcv_listen(sk, skb);
		goto out;
	}
	xtcp_conn_view(sk, &c);
	xtcp_seg_view(skb, &seg);
	xtcp_seg_check(&c, &seg, &v);
	switch (sk->sk_state) {
	case XTCP_CLOSE:
		/* Closed while the segment waited: as if no socket existed. */
		if (v.action == XTCP_SEG_RESET_REPLY)
			xtcp_send_reset_reply(sock_net(sk), skb);
		break;
	case XTCP_SYN_SENT:
		xtcp_rcv_syn_sent(sk, skb, &v);
		break;
	default:
		xtcp_rcv_synchronized(sk, skb, &seg, &v);
		break;
	}
out:
	consume_skb(skb);
}

/* Deliver to a connection now, or through its backlog if a process holds it. */
static void xtcp_deliver(struct sock *sk, struct sk_buff *skb)
{
	bh_lock_sock(sk);
	if (unlikely(sk->sk_state == XTCP_LISTEN)) {
		/*
		 * The connection it was found as became a listener meanwhile
		 * (connect(AF_UNSPEC), then listen()): a listener's segments
		 * are processed unlocked, and its children's locks never nest
		 * in its own.
		 */
		bh_unlock_sock(sk);
		xtcp_rcv_listen(sk, skb);
		consume_skb(skb);
		return;
	}
	if (!sock_owned_by_user(sk)) {
		xtcp_rcv_state_process(sk, skb);
	} else if (sk_add_backlog(sk, skb, READ_ONCE(sk->sk_rcvbuf) +
				  READ_ONCE(sk->sk_sndbuf))) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_BACKLOG_DROPS);
		kfree_skb(skb);
	}
	bh_unlock_sock(sk);
}

/**
 * xtcp_tcp_rcv() - a TCP segment for one of xtcp's addresses arrived
 * @skb: the segment; skb->data at the TCP header, network and transport
 *	headers set, skb->dev the device it came in by; consumed
 */
void xtcp_tcp_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct iphdr *iph;
	const struct tcphdr *th;
	struct sock *sk;

	__xtcp_stat_inc(net, XTCP_STAT_IN_SEGS);
	if (!pskb_may_pull(skb, XTCP_HLEN))
		goto bad_header;
	th = tcp_hdr(skb);
	if (th->doff < XTCP_HLEN / 4 || !pskb_may_pull(skb, th->doff * 4))
		goto bad_header;
	if (!xtcp_checksum_ok(skb)) {
		xtcp_stat_inc(net, XTCP_STAT_IN_CSUM_ERRORS);
		goto drop;
	}
	if (xtcp_parse_segment(skb)) {
		xtcp_stat_inc(net, XTCP_STAT_IN_BAD_OPTIONS);
		goto drop;
	}
	th = tcp_hdr(skb);
	iph = ip_hdr(skb);
	trace_xtcp_segment_recv(iph->saddr, iph->daddr, th,
				skb->len - th->doff * 4);
	__skb_pull(skb, th->doff * 4);

	sk = xtcp_lookup_established(net, iph->saddr, th->source, iph->daddr,
				     ntohs(th->dest));
	if (sk && READ_ONCE(sk->sk_state) == XTCP_TIME_WAIT &&
	    xtcp_time_wait_reusable(sk, skb)) {
		bool owned;

		bh_lock_sock(sk);
		owned = sock_owned_by_user(sk);
		if (!owned && sk->sk_state == XTCP_TIME_WAIT) {
			xtcp_stat_inc(net, XTCP_STAT_TIME_WAIT_REUSED);
			xtcp_done(sk, 0);
		}
		bh_unlock_sock(sk);
		if (!owned) {
			sock_put(sk);
			sk = NULL;
		}
		/*
		 * Otherwise a process holds the old incarnation: the SYN
		 * waits in its backlog as any segment would, rather than
		 * giving the listener a second socket for the same 4-tuple.
		 */
	}
	if (sk) {
		xtcp_deliver(sk, skb);
		sock_put(sk);
		return;
	}
	sk = xtcp_lookup_listener(net, iph->saddr, th->source, iph->daddr,
				  ntohs(th->dest), skb->skb_iif ? : skb->dev->ifindex);
	if (!sk) {
		xtcp_stat_inc(net, XTCP_STAT_NO_SOCKET);
		xtcp_send_reset_reply(net, skb);
		goto drop;
	}
	/* Not locked, not through the backlog: see xtcp_passive_open(). */
	xtcp_rcv_listen(sk, skb);
	consume_skb(skb);
	sock_put(sk);
	return;

bad_header:
	xtcp_stat_inc(net, XTCP_STAT_IN_BAD_HEADERS);
drop:
	kfree_skb(skb);
}
