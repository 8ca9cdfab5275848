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

#include "ack.h"
#include "cong.h"
#include "core/icmp.h"
#include "core/newreno.h"
#include "core/options.h"
#include "core/seq.h"
#include "ipv4.h"
#include "isn.h"
#include "output.h"
#include "receive.h"
#include "sock.h"
#include "send.h"
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

/**
 * xtcp_mss_for_mtu() - the MSS a connection gets over a path MTU
 * @sk: the connection, its peer's MSS known (@mss_clamp) or the default
 * @pmtu: the path MTU
 *
 * core/icmp.h's xtcp_mtu_to_mss() with the connection's inputs: IPv4 and
 * TCP headers, the peer's MSS (and TCP_MAXSEG), the namespace's
 * net.ipv4.tcp_min_snd_mss and the timestamp option when negotiated.
 *
 * Return: payload bytes per segment, at most U16_MAX (&xtcp_sock.mss).
 */
u16 xtcp_mss_for_mtu(const struct sock *sk, u32 pmtu)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss;

	mss = xtcp_mtu_to_mss(pmtu, sizeof(struct iphdr) + XTCP_HLEN,
			      xs->mss_clamp,
			      READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_min_snd_mss),
			      xs->ts_ok ? XTCP_TS_ALIGNED_LEN : 0);
	return min_t(u32, mss, U16_MAX);
}

/**
 * xtcp_sync_mss() - the path MTU changed: so does the MSS
 * @sk: the connection, locked
 * @pmtu: the new path MTU
 *
 * As Linux's tcp_sync_mss(): the MTU is remembered (@pmtu_cookie) and,
 * once the peer's MSS is known (past SYN-SENT), the MSS follows it.
 * Segments already queued keep their size until they are sent: xtcp_push()
 * and xtcp_retransmit_skb() cut them to the new MSS.
 */
void xtcp_sync_mss(struct sock *sk, u32 pmtu)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->pmtu_cookie = pmtu;
	/* What the route says now: xtcp_push() must not take it back. */
	xs->route_mtu = pmtu;
	if (sk->sk_state != XTCP_SYN_SENT)
		WRITE_ONCE(xs->mss, xtcp_mss_for_mtu(sk, pmtu));
}

/* The most payload one GSO packet carries (Linux's legacy GSO limit, less
 * room for the headers).
 */
#define XTCP_GSO_MAX_PAYLOAD	(GSO_LEGACY_MAX_SIZE - XTCP_MAX_HEADER)

/*
 * Put the TCP header and options in front of @out, a packet carrying the
 * payload of queued segments from @seq on, and send it.
 */
static int xtcp_send_packet(struct sock *sk, struct sk_buff *out, u32 seq,
			    u8 seg_flags, u32 seq_len)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u8 flags = XTCP_FLAG_ACK | seg_flags;
	u8 opts[XTCP_MAX_OPT_LEN];
	unsigned int optlen = 0, segs;
	struct tcphdr *th;

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
	th->seq = htonl(seq);
	th->ack_seq = htonl(xs->rcv_nxt);
	th->doff = (XTCP_HLEN + optlen) / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(xtcp_select_window(sk, flags));
	memcpy(th + 1, opts, optlen);

	/* The pseudo-header sum; GSO adjusts it for each segment's length. */
	th->check = ~csum_tcpudp_magic(sk->sk_rcv_saddr, sk->sk_daddr, out->len,
				       IPPROTO_TCP, 0);
	out->ip_summed = CHECKSUM_PARTIAL;
	out->csum_start = skb_transport_header(out) - out->head;
	out->csum_offset = offsetof(struct tcphdr, check);
	skb_set_owner_w(out, sk);

	trace_xtcp_segment_send(sk->sk_rcv_saddr, sk->sk_daddr, th,
				out->len - XTCP_HLEN - optlen);
	xtcp_ack_sent(sk);
	xs->bytes_sent += seq_len;
	segs = skb_is_gso(out) ? skb_shinfo(out)->gso_segs : 1;
	xs->segs_out += segs;
	if (out->len > XTCP_HLEN + optlen)
		xs->data_segs_out += segs;
	return xtcp_ip_send_sock(sk, out, 0, 0, &xs->route_mtu);
}

/* Send one queued segment as it is. */
static int xtcp_transmit_one(struct sock *sk, struct sk_buff *skb)
{
	const struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
	struct sk_buff *out;

	/* Two clones in flight would share the header room: copy instead. */
	if (skb_cloned(skb))
		out = pskb_copy(skb, GFP_ATOMIC);
	else
		out = skb_clone(skb, GFP_ATOMIC);
	if (!out)
		return -ENOBUFS;
	return xtcp_send_packet(sk, out, tcb->seq, tcb->flags,
				tcb->end_seq - tcb->seq);
}

/*
 * Send @n queued segments from @first on (all but the last a full @mss) as
 * one GSO packet: the device, or the stack's GSO fallback, cuts it back
 * into those segments.  The payload pages are shared, not copied.
 */
static int xtcp_transmit_gso(struct sock *sk, struct sk_buff *first,
			     unsigned int n, u32 mss)
{
	struct sk_buff *out, *skb = first, *last = first;
	u32 seq = XTCP_TX_CB(first)->seq;
	unsigned int k, f, nfrags = 0;
	u8 seg_flags;
	u32 len = 0;

	out = alloc_skb(XTCP_MAX_HEADER, GFP_ATOMIC);
	if (!out)
		return -ENOBUFS;
	skb_reserve(out, XTCP_MAX_HEADER);
	for (k = 0; k < n; k++, skb = skb->next) {
		const struct skb_shared_info *si = skb_shinfo(skb);

		for (f = 0; f < si->nr_frags; f++) {
			const skb_frag_t *frag = &si->frags[f];

			get_page(skb_frag_page(frag));
			skb_fill_page_desc(out, nfrags++, skb_frag_page(frag),
					   skb_frag_off(frag),
					   skb_frag_size(frag));
		}
		len += skb->len;
		last = skb;
	}
	seg_flags = XTCP_TX_CB(last)->flags;
	out->len += len;
	out->data_len += len;
	out->truesize += len;
	skb_shinfo(out)->gso_size = mss;
	skb_shinfo(out)->gso_segs = n;
	skb_shinfo(out)->gso_type = SKB_GSO_TCPV4;
	return xtcp_send_packet(sk, out, seq, seg_flags,
				XTCP_TX_CB(last)->end_seq - seq);
}

/* Segments leave for the first time: they move to the retransmit queue. */
static int xtcp_send_new(struct sock *sk, struct sk_buff *first,
			 unsigned int n, u32 mss)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned long now = jiffies;
	u64 now_ns = ktime_get_ns();
	unsigned int k;
	int err;

	err = n > 1 ? xtcp_transmit_gso(sk, first, n, mss) :
		      xtcp_transmit_one(sk, first);
	if (err == -ENOBUFS)
		return err;	/* try again later; the segments stay queued */
	for (k = 0; k < n; k++) {
		struct sk_buff *skb = skb_peek(&sk->sk_write_queue);
		struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);

		tcb->first_sent = now;
		tcb->sent_ns = now_ns;
		__skb_unlink(skb, &sk->sk_write_queue);
		__skb_queue_tail(&xs->rtx_queue, skb);
		xs->snd_nxt = tcb->end_seq;
	}
	xs->lsndtime = now;
	xtcp_stat_add(sock_net(sk), XTCP_STAT_OUT_SEGS, n);
	xtcp_timer_data_sent(sk);
	return 0;
}

/*
 * Restart after idle (RFC 5681 4.1, Linux's tcp_cwnd_restart() and
 * net.ipv4.tcp_slow_start_after_idle): a window unused for an RTO no
 * longer says what the path takes.  It halves for each RTO of silence,
 * down to the initial window; the threshold keeps three quarters of the
 * old window, so slow start climbs back quickly (core/newreno.c).
 */
static void xtcp_cwnd_restart(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_cwnd_restart w = {
		.cwnd = xs->snd_cwnd,
		.ssthresh = xs->snd_ssthresh,
	};

	if (!READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_slow_start_after_idle) ||
	    xs->snd_nxt != xs->snd_una ||
	    !xtcp_cwnd_after_idle(&w, jiffies - xs->lsndtime, xs->rto,
				  XTCP_INIT_CWND_SEGS * xs->mss))
		return;
	xs->snd_cwnd = w.cwnd;
	xs->snd_ssthresh = w.ssthresh;
	xs->snd_cwnd_acked = 0;
	if (xs->cong->restart)
		xs->cong->restart(sk);
}

/**
 * xtcp_retransmit_skb() - send a segment of the retransmit queue again
 * @sk: the connection, locked
 * @skb: a segment on rtx_queue
 *
 * It goes whole even when the peer acknowledged its beginning (a smaller
 * MSS on the peer's side); the peer drops what it has.  A segment longer
 * than the MSS (queued before the path MTU fell) is cut first, and its
 * tail stays queued, as lost as it was, for the next retransmission.
 *
 * Return: 0 or a negative errno (the segment stays where it is).
 */
int xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb)
{
	struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xtcp_send_mss(sk);
	int err;

	/* Sent before the path MTU fell: only one MSS of it fits now. */
	if (skb->len > mss) {
		err = xtcp_split_segment(sk, &xs->rtx_queue, skb, mss);
		if (err)
			return err;
	}
	tcb->sent_ns = ktime_get_ns();
	err = xtcp_transmit_one(sk, skb);
	if (err == -ENOBUFS)
		return err;
	if (tcb->lost) {
		tcb->lost = 0;
		xs->lost_bytes -= tcb->end_seq - tcb->seq;
	}
	tcb->retransmitted = 1;
	if (xs->ca_state == XTCP_CA_RECOVERY)
		tcb->recovery_rexmit = 1;
	xs->total_retrans++;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_RETRANS_SEGS);
	trace_xtcp_retransmit(sk, tcb->seq, tcb->end_seq - tcb->seq);
	return 0;
}

static struct sk_buff *xtcp_write_queue_next(const struct sock *sk,
					     struct sk_buff *skb)
{
	return skb_queue_is_last(&sk->sk_write_queue, skb) ? NULL : skb->next;
}

/*
 * Nagle (RFC 9293 3.7.4) and cork: may a segment shorter than MSS go now?
 * (core/send_rule.h; the cork's time is up with XTCP_NAGLE_PUSH, from
 * xtcp_send_window_fill().)
 */
static bool xtcp_nagle_allows(const struct sock *sk, const struct sk_buff *skb,
			      u32 mss, int nonagle)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	const struct xtcp_nagle_view v = {
		.len = skb->len,
		.mss = mss,
		.fin = XTCP_TX_CB(skb)->flags & XTCP_FLAG_FIN,
		.nonagle = nonagle,
		.last = skb_queue_is_last(&sk->sk_write_queue, skb),
		.idle = xs->snd_nxt == xs->snd_una,
	};

	return xtcp_send_nagle_ok(&v);
}

/**
 * xtcp_push() - send what the windows and Nagle allow
 * @sk: a connection, locked
 * @nonagle: XTCP_NAGLE_* bits for this call, on top of the socket's own
 *	(MSG_MORE corks; the last write of a corked sequence passes 0)
 *
 * Segments marked lost by a timeout go first, then new data.  When the
 * peer's window stops new data and nothing is in flight, the persist timer
 * probes the window; it also tries again when new data could not leave
 * (-ENOBUFS: no memory, or a queue drop) with nothing in flight.
 */
void xtcp_push(struct sock *sk, int nonagle)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *skb, *first;
	u32 mss;

	if ((1 << sk->sk_state) & ((1 << XTCP_CLOSE) | (1 << XTCP_LISTEN) |
				   (1 << XTCP_SYN_SENT) | (1 << XTCP_SYN_RECV)))
		return;
	/*
	 * The route's MTU moved since the MSS was made for it (a learnt path
	 * MTU expired, a device's MTU changed): the MSS follows, up or down,
	 * as Linux's tcp_current_mss() has it follow on every send.
	 */
	if (xs->route_mtu && xs->route_mtu != xs->pmtu_cookie) {
		bool lower = xs->route_mtu < xs->pmtu_cookie;

		xtcp_sync_mss(sk, xs->route_mtu);
		/*
		 * Lower: what was in flight at the old size was dropped here
		 * (IpOutTooBig); it goes again below, cut to size, whether
		 * or not the ICMP this host sent itself comes first.
		 */
		if (lower)
			xtcp_mark_too_big_lost(sk);
	}
	mss = xtcp_send_mss(sk);
	nonagle |= xs->nonagle;

	/* After a timeout: go back and send again what was lost. */
	if (xs->lost_bytes) {
		skb_queue_walk(&xs->rtx_queue, skb) {
			struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
			u32 flight;

			if (!tcb->lost)
				continue;
			flight = xtcp_flight_size(sk);
			if (!xtcp_send_in_cwnd(flight, tcb->end_seq - tcb->seq,
					       xs->snd_cwnd, !flight))
				return;
			if (xtcp_retransmit_skb(sk, skb))
				return;
		}
	}

	if (!skb_queue_empty(&sk->sk_write_queue))
		xtcp_cwnd_restart(sk);

	/* New data: a run of segments that may all go leaves as one packet;
	 * the loop ends at the first segment that may not go.
	 */
	while ((first = skb_peek(&sk->sk_write_queue))) {
		u32 flight = xtcp_flight_size(sk), len = 0;
		unsigned int n = 0, frags = 0;

		for (skb = first; skb; skb = xtcp_write_queue_next(sk, skb)) {
			struct xtcp_tx_cb *tcb = XTCP_TX_CB(skb);
			u32 seg;

			/* Queued before the path MTU fell: cut to size. */
			if (skb->len > mss &&
			    xtcp_split_segment(sk, &sk->sk_write_queue, skb,
					       mss)) {
				/* Nothing in flight would call us again. */
				if (!n && xs->snd_nxt == xs->snd_una &&
				    !xs->persist_pending)
					xtcp_timer_persist(sk);
				break;
			}
			seg = tcb->end_seq - tcb->seq;

			/* The peer's window (RFC 9293 3.8.6.2.1, sender). */
			if (!xtcp_send_in_rwnd(tcb->end_seq,
					       tcb->flags & XTCP_FLAG_FIN,
					       xs->snd_una, xs->snd_wnd)) {
				if (!n && xs->snd_nxt == xs->snd_una)
					xtcp_timer_persist(sk);
				break;
			}
			/* The congestion window; one segment may always go
			 * when nothing is in flight.
			 */
			if (!xtcp_send_in_cwnd(flight + len, seg, xs->snd_cwnd,
					       !flight && !n))
				break;
			if (!xtcp_nagle_allows(sk, skb, mss, nonagle)) {
				/*
				 * Corked with nothing in flight: the persist
				 * timer sends it after an RTO, as Linux's
				 * probe timer does (its "200 ms ceiling").
				 */
				if (!n && xs->snd_nxt == xs->snd_una)
					xtcp_timer_persist(sk);
				break;
			}
			/* One packet: a bounded size and fragment count. */
			if (n && (len + skb->len > XTCP_GSO_MAX_PAYLOAD ||
				  frags + skb_shinfo(skb)->nr_frags >
				  MAX_SKB_FRAGS))
				break;
			n++;
			len += seg;
			frags += skb_shinfo(skb)->nr_frags;
			/* Only the last segment of a GSO packet may be short. */
			if (skb->len != mss || (tcb->flags & XTCP_FLAG_FIN))
				break;
		}
		if (!n)
			return;
		if (xtcp_send_new(sk, first, n, mss)) {
			/*
			 * Dropped here (no memory, or the device's queue
			 * refused it).  With nothing in flight no ACK and
			 * no retransmission timer would ever send it: the
			 * persist timer tries again, as Linux's probe timer
			 * does (tcp_check_probe_timer()).
			 */
			if (xs->snd_nxt == xs->snd_una)
				xtcp_timer_persist(sk);
			return;
		}
	}
}

/**
 * xtcp_send_window_fill() - send what a window smaller than the next
 *	segment takes, or what a cork held back
 * @sk: a connection with nothing in flight, locked; the persist timer fired
 *
 * RFC 9293 3.8.6.2.1's override: a peer whose window stays below one
 * segment (a tiny receive buffer) would otherwise only ever be probed.
 * The first unsent segment is cut to the window and that part is sent.
 * Likewise a segment TCP_CORK or MSG_MORE held back for an RTO goes now.
 *
 * Return: true when data went out (it probes the window too).
 */
bool xtcp_send_window_fill(struct sock *sk)
{
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 room;

	if (!skb || xs->snd_nxt != xs->snd_una || !xs->snd_wnd)
		return false;
	room = xs->snd_una + xs->snd_wnd - XTCP_TX_CB(skb)->seq;
	if ((s32)room <= 0)
		return false;
	if (skb->len > room &&
	    xtcp_split_segment(sk, &sk->sk_write_queue, skb, room))
		return false;
	xtcp_push(sk, XTCP_NAGLE_OFF | XTCP_NAGLE_PUSH);
	return xs->snd_nxt != xs->snd_una;
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

/**
 * xtcp_send_loss_probe() - a tail loss probe (RFC 8985 7.3)
 * @sk: a synchronized connection with data in flight, locked; the probe
 *	timer fired
 *
 * A new segment if the windows let one go, else the last one sent goes
 * again.  Its ACK carries SACK blocks that let the scoreboard (sack.c)
 * find what was lost before it, without waiting for the RTO.
 */
void xtcp_send_loss_probe(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 before = xs->snd_nxt;
	struct sk_buff *skb;

	if (!skb_queue_empty(&sk->sk_write_queue))
		xtcp_push(sk, XTCP_NAGLE_OFF);
	if (xs->snd_nxt == before) {
		skb = skb_peek_tail(&xs->rtx_queue);
		if (!skb || xtcp_retransmit_skb(sk, skb))
			return;
	}
	xs->tlp_high_seq = xs->snd_nxt;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_TLP_PROBES);
}
