// SPDX-License-Identifier: GPL-2.0
/*
 * Segment building and sending: SYN, SYN-ACK, ACK, FIN and RST, with their
 * options in Linux's order, handed to the network layer (ipv4.c).
 *
 * Every segment is built from the connection's state at the time it is
 * sent: a retransmitted SYN or FIN is built again with its original
 * sequence number.
 */
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "core/options.h"
#include "ipv4.h"
#include "isn.h"
#include "output.h"
#include "pernet.h"
#include "receive.h"
#include "sock.h"
#include "stats.h"
#include "trace.h"
#include "wire.h"

static u32 xtcp_tsval(const struct xtcp_sock *xs)
{
	return xtcp_ts_clock() + xs->ts_offset;
}

/* The options of a segment with @flags in the connection's state. */
static unsigned int xtcp_build_options(const struct xtcp_sock *xs, u8 flags,
				       u8 *buf)
{
	struct xtcp_syn_options syn = {
		.mss = xs->adv_mss,
		.tsval = xtcp_tsval(xs),
		.tsecr = xs->ts_recent,
	};

	if (flags & XTCP_FLAG_SYN) {
		if (!(flags & XTCP_FLAG_ACK)) {
			/* Our SYN offers everything; the peer picks. */
			syn.sack_ok = true;
			syn.ts = true;
			syn.ws = true;
			syn.wscale = xs->rcv_wscale;
			syn.tsecr = 0;
			return xtcp_options_build_syn(buf, &syn);
		}
		/* A SYN-ACK answers only what the SYN offered. */
		syn.sack_ok = xs->sack_ok;
		syn.ts = xs->ts_ok;
		syn.ws = xs->wscale_ok;
		syn.wscale = xs->rcv_wscale;
		return xtcp_options_build_synack(buf, &syn);
	}
	/* A bare ACK tells where the holes are (RFC 2018), the most recent
	 * block first.
	 */
	if (flags == XTCP_FLAG_ACK && xs->sack_ok) {
		struct xtcp_sack_block blocks[XTCP_MAX_SACK_BLOCKS];
		unsigned int n;

		n = xtcp_receive_sack_blocks(&xs->inet.sk, blocks,
					     xtcp_options_max_sack(xs->ts_ok));
		if (n)
			return xtcp_options_build_ack(buf, xs->ts_ok, syn.tsval,
						      syn.tsecr, blocks, n);
	}
	if (xs->ts_ok && !(flags & XTCP_FLAG_RST))
		return xtcp_options_build_ack(buf, true, syn.tsval, syn.tsecr,
					      NULL, 0);
	return 0;
}

/* Fill in the checksum for the device (or the stack's fallback) to finish. */
static void xtcp_csum_partial(struct sk_buff *skb, __be32 saddr, __be32 daddr)
{
	struct tcphdr *th = tcp_hdr(skb);

	th->check = ~csum_tcpudp_magic(saddr, daddr, skb->len, IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
}

/* Allocate a segment with room for every header below TCP. */
static struct sk_buff *xtcp_alloc_segment(unsigned int tcp_hlen, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(XTCP_MAX_HEADER + tcp_hlen, gfp);

	if (!skb)
		return NULL;
	skb_reserve(skb, XTCP_MAX_HEADER + tcp_hlen);
	skb_push(skb, tcp_hlen);
	skb_reset_transport_header(skb);
	return skb;
}

static void xtcp_fill_header(struct tcphdr *th, __be16 sport, __be16 dport,
			     u32 seq, u32 ack, u8 flags, u16 window,
			     unsigned int hlen)
{
	memset(th, 0, XTCP_HLEN);
	th->source = sport;
	th->dest = dport;
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = hlen / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(window);
}

/* Build and send one segment of a connection without payload. */
static int xtcp_transmit(struct sock *sk, u32 seq, u8 flags, gfp_t gfp)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u8 opts[XTCP_MAX_OPT_LEN];
	unsigned int optlen, hlen;
	struct sk_buff *skb;

	optlen = xtcp_build_options(xs, flags, opts);
	hlen = XTCP_HLEN + optlen;
	skb = xtcp_alloc_segment(hlen, gfp);
	if (!skb)
		return -ENOBUFS;
	skb_set_owner_w(skb, sk);

	xtcp_fill_header(tcp_hdr(skb), htons(sk->sk_num), sk->sk_dport, seq,
			 (flags & XTCP_FLAG_ACK) ? xs->rcv_nxt : 0, flags,
			 xtcp_select_window(sk, flags), hlen);
	memcpy(tcp_hdr(skb) + 1, opts, optlen);
	xtcp_csum_partial(skb, sk->sk_rcv_saddr, sk->sk_daddr);
	trace_xtcp_segment_send(sk->sk_rcv_saddr, sk->sk_daddr, tcp_hdr(skb), 0);
	if (flags & XTCP_FLAG_ACK)
		xtcp_ack_sent(sk);
	xs->segs_out++;
	return xtcp_ip_send_sock(sk, skb, 0, 0, &xtcp_sk(sk)->route_mtu);
}

/**
 * xtcp_send_syn() - send (or send again) the connection's SYN
 * @sk: a socket in SYN-SENT (sends SYN) or SYN-RECEIVED (sends SYN-ACK)
 *
 * Return: 0 or a negative errno from allocation or the network layer.
 */
int xtcp_send_syn(struct sock *sk)
{
	u8 flags = XTCP_FLAG_SYN;

	if (sk->sk_state == XTCP_SYN_RECV)
		flags |= XTCP_FLAG_ACK;
	return xtcp_transmit(sk, xtcp_sk(sk)->iss, flags, GFP_ATOMIC);
}

/**
 * xtcp_send_ack() - send a bare ACK for everything received so far
 * @sk: a synchronized connection
 *
 * Return: 0 or a negative errno.
 */
int xtcp_send_ack(struct sock *sk)
{
	return xtcp_transmit(sk, xtcp_sk(sk)->snd_nxt, XTCP_FLAG_ACK,
			     GFP_ATOMIC);
}

static unsigned int challenge_ack_limit = 1000;
module_param(challenge_ack_limit, uint, 0644);
MODULE_PARM_DESC(challenge_ack_limit, "challenge ACKs a namespace sends per second, on average (RFC 5961 7; Linux: tcp_challenge_ack_limit)");

static unsigned int invalid_ratelimit_ms = 500;
module_param(invalid_ratelimit_ms, uint, 0644);
MODULE_PARM_DESC(invalid_ratelimit_ms, "least time between two ACKs a connection sends to unacceptable segments (Linux: tcp_invalid_ratelimit)");

/*
 * The per-connection limit: at most one ACK to unacceptable segments per
 * invalid_ratelimit_ms, so two ends that disagree cannot loop ACKs at wire
 * speed.  Return: true when this ACK must not be sent.
 */
static bool xtcp_oow_ack_limited(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 now = (u32)jiffies;
	u32 last = READ_ONCE(xs->last_oow_ack_time);

	/* 0 means "never"; a real stamp of 0 just loses one limit. */
	if (last) {
		s32 elapsed = (s32)(now - last);

		if (elapsed >= 0 &&
		    elapsed < (s32)msecs_to_jiffies(READ_ONCE(invalid_ratelimit_ms)))
			return true;
	}
	WRITE_ONCE(xs->last_oow_ack_time, now);
	return false;
}

/*
 * The per-namespace limit of RFC 5961 section 7: a budget of challenge ACKs
 * per second, drawn at random between half and one and a half times
 * challenge_ack_limit each second, so an off-path attacker cannot count
 * the budget and infer from the ACKs it does not see whether its guesses
 * hit a connection (CVE-2016-5696).  Return: true when one may be sent.
 */
static bool xtcp_challenge_ack_budget(struct net *net)
{
	struct xtcp_net *xn = xtcp_net(net);
	unsigned int limit = READ_ONCE(challenge_ack_limit);
	unsigned long now = jiffies / HZ;
	unsigned int count;

	if (limit == UINT_MAX)
		return true;
	if (now != READ_ONCE(xn->challenge_second)) {
		WRITE_ONCE(xn->challenge_second, now);
		WRITE_ONCE(xn->challenge_count,
			   (limit + 1) / 2 + (limit ? get_random_u32_below(limit) : 0));
	}
	/* Lockless, as Linux's: a race costs one ACK more or less. */
	count = READ_ONCE(xn->challenge_count);
	if (!count)
		return false;
	WRITE_ONCE(xn->challenge_count, count - 1);
	return true;
}

/**
 * xtcp_send_ack_at() - send a bare ACK with a chosen sequence number
 * @sk: a synchronized connection
 * @seq: its sequence number (a probe uses SND.UNA - 1)
 *
 * Return: 0 or a negative errno.
 */
int xtcp_send_ack_at(struct sock *sk, u32 seq)
{
	return xtcp_transmit(sk, seq, XTCP_FLAG_ACK, GFP_ATOMIC);
}

/**
 * xtcp_send_challenge_ack() - the ACK of RFC 5961 3.2, 4.2 and 5.2,
 *	within its rate limits
 * @sk: a synchronized connection that received a suspicious RST or SYN
 *
 * It tells a genuine peer where the connection is, so that its next RST
 * carries the exact sequence number.  As Linux, two limits apply, and this
 * is the one place that decides: the connection's own (one per
 * invalid_ratelimit_ms) and the namespace's (challenge_ack_limit per
 * second, RFC 5961 section 7).  A suppressed one is counted in
 * ChallengeAcksSkipped.
 *
 * Return: 0 (also when suppressed) or a negative errno.
 */
int xtcp_send_challenge_ack(struct sock *sk)
{
	struct net *net = sock_net(sk);

	if (xtcp_oow_ack_limited(sk) || !xtcp_challenge_ack_budget(net)) {
		xtcp_stat_inc(net, XTCP_STAT_CHALLENGE_ACKS_SKIPPED);
		return 0;
	}
	xtcp_stat_inc(net, XTCP_STAT_CHALLENGE_ACKS);
	return xtcp_send_ack(sk);
}

/**
 * xtcp_send_dupack() - acknowledge an unacceptable segment
 * @sk: a synchronized connection
 * @skb: the segment (out of window, or refused by PAWS), parsed
 *
 * RFC 9293 3.10.7.4 and RFC 7323 5.3 answer with an ACK.  As Linux's
 * tcp_oow_rate_limited(), a segment that occupies no sequence space, or
 * a SYN (what two confused ends would bounce between them), gets at most
 * one ACK per invalid_ratelimit_ms; data and FIN are always answered.
 *
 * Return: 0 (also when suppressed) or a negative errno.
 */
int xtcp_send_dupack(struct sock *sk, const struct sk_buff *skb)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(skb);
	bool loopable = cb->seq == cb->end_seq || (cb->flags & XTCP_FLAG_SYN);

	if (loopable && xtcp_oow_ack_limited(sk)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_OOW_ACKS_SKIPPED);
		return 0;
	}
	return xtcp_send_ack(sk);
}

/**
 * xtcp_send_active_reset() - abort a connection towards the peer
 * @sk: a synchronized connection
 * @gfp: allocation context
 *
 * RST|ACK at SND.NXT, as Linux sends on abort (SO_LINGER 0, unread data at
 * close); the RST needs no ACK, which keeps the peer's check simple.
 *
 * Return: 0 or a negative errno.
 */
int xtcp_send_active_reset(struct sock *sk, gfp_t gfp)
{
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_OUT_RSTS);
	return xtcp_transmit(sk, xtcp_sk(sk)->snd_nxt,
			     XTCP_FLAG_RST | XTCP_FLAG_ACK, gfp);
}

/**
 * xtcp_send_synack_stateless() - answer a SYN from no connection (a SYN
 *	cookie's SYN-ACK)
 * @listener: the listener the SYN reached
 * @syn: the SYN, with its IPv4 and TCP headers and its control block
 * @iss: our sequence number (the cookie)
 * @opts: the options, @opts->mss and the window left for this to fill in
 *	from the route, as a connection's SYN-ACK has them
 *
 * Return: 0 or a negative errno from routing, allocation or the network
 * layer.
 */
int xtcp_send_synack_stateless(struct sock *listener, const struct sk_buff *syn,
			       u32 iss, struct xtcp_syn_options *opts)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(syn);
	const struct tcphdr *th = tcp_hdr(syn);
	const struct iphdr *iph = ip_hdr(syn);
	struct net *net = sock_net(listener);
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int optlen, hlen;
	struct xtcp_route rt;
	struct sk_buff *skb;
	u16 window;
	int err;

	err = xtcp_ip_route(net, iph->saddr, iph->daddr,
			    READ_ONCE(listener->sk_bound_dev_if), &rt);
	if (err)
		return err;
	/* What the connection the cookie makes will take as its adv_mss. */
	opts->mss = xtcp_route_adv_mss(&rt,
				       READ_ONCE(xtcp_sk(listener)->user_mss));
	window = xtcp_syn_window_of(listener, opts->ws, opts->mss);
	optlen = xtcp_options_build_synack(buf, opts);
	hlen = XTCP_HLEN + optlen;
	skb = xtcp_alloc_segment(hlen, GFP_ATOMIC);
	if (!skb)
		return -ENOBUFS;
	xtcp_fill_header(tcp_hdr(skb), th->dest, th->source, iss,
			 cb->seq + 1, XTCP_FLAG_SYN | XTCP_FLAG_ACK, window,
			 hlen);
	memcpy(tcp_hdr(skb) + 1, buf, optlen);
	xtcp_csum_partial(skb, iph->daddr, iph->saddr);
	trace_xtcp_segment_send(iph->daddr, iph->saddr, tcp_hdr(skb), 0);
	return xtcp_ip_send_listener(listener, skb, iph->daddr, iph->saddr);
}

/**
 * xtcp_send_reset_reply() - answer a segment that has no connection
 * @net: the namespace the segment arrived in
 * @in: the segment, with its IPv4 and TCP headers and its control block
 *
 * RFC 9293 3.10.7.1: if the segment carries an ACK, the reset takes its
 * sequence number from SEG.ACK; otherwise it has sequence number zero and
 * acknowledges SEG.SEQ + SEG.LEN.  A reset is never answered.
 */
void xtcp_send_reset_reply(struct net *net, const struct sk_buff *in)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(in);
	const struct tcphdr *th = tcp_hdr(in);
	const struct iphdr *iph = ip_hdr(in);
	struct sk_buff *skb;
	u32 seq = 0, ack = 0;
	u8 flags = XTCP_FLAG_RST;

	if (cb->flags & XTCP_FLAG_RST)
		return;
	if (cb->flags & XTCP_FLAG_ACK) {
		seq = cb->ack_seq;
	} else {
		ack = cb->end_seq;
		flags |= XTCP_FLAG_ACK;
	}

	skb = xtcp_alloc_segment(XTCP_HLEN, GFP_ATOMIC);
	if (!skb)
		return;
	xtcp_fill_header(tcp_hdr(skb), th->dest, th->source, seq, ack, flags,
			 0, XTCP_HLEN);
	xtcp_csum_partial(skb, iph->daddr, iph->saddr);
	trace_xtcp_segment_send(iph->daddr, iph->saddr, tcp_hdr(skb), 0);
	xtcp_stat_inc(net, XTCP_STAT_OUT_RSTS);
	xtcp_ip_send(net, skb, iph->daddr, iph->saddr, 0, 0);
}
