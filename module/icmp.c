// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors about xtcp's segments.  The receive hook claims every
 * destination-unreachable, source-quench, time-exceeded and
 * parameter-problem message that quotes a TCP segment and is addressed to
 * one of xtcp's addresses, as it claims TCP segments: Linux's own ICMP and
 * TCP never see them.  The network layer checks and filters them as any
 * claimed frame; here they are checked as Linux's icmp_rcv() and
 * icmp_unreach() check them, matched to the connection the quoted header
 * names, and acted on as Linux's tcp_v4_err() acts (core/icmp.h has the
 * rules):
 *
 * - a quoted sequence number that is not in flight makes the message a
 *   forgery or stale (RFC 5927 4.1): ignored, counted;
 * - fragmentation needed (RFC 1191): the route learns the lower MTU, the
 *   connection's MSS follows and what was too big is sent again at once;
 * - in SYN-SENT (and a simultaneous open's SYN-RECEIVED) an unreachable,
 *   a time exceeded or a parameter problem ends the connection: connect()
 *   fails with the errno Linux gives (ECONNREFUSED for a port
 *   unreachable, EHOSTUNREACH, ENETUNREACH...);
 * - on a synchronized connection it is only a soft error (RFC 1122
 *   4.2.3.9): SO_ERROR reports it, and it replaces ETIMEDOUT if the
 *   connection times out; a net or host unreachable about SND.UNA undoes
 *   one RTO back-off (RFC 6069);
 * - a half-open connection a listener holds is dropped silently for a net
 *   or host unreachable, time exceeded or parameter problem about its
 *   SYN-ACK (Linux's tcp_req_err()).
 *
 * A message that finds a process holding the connection acts as Linux's
 * does then: a hard error becomes a soft one, and the path MTU work waits
 * for release_sock() (xtcp_release_cb(), sock.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/sock.h>

#include "ack.h"
#include "core/icmp.h"
#include "icmp.h"
#include "ipv4.h"
#include "sock.h"
#include "stats.h"
#include "tables.h"
#include "timer.h"
#include "xmit.h"

/**
 * xtcp_icmp_claims() - is a frame an ICMP error xtcp takes?
 * @skb: a frame the receive hook sees, skb->data at its IPv4 header
 * @iph: its IPv4 header (protocol ICMP)
 *
 * Reads the ICMP type and the protocol of the quoted header without
 * changing the frame.  A fragment is left to the kernel, which
 * reassembles it; so is a message too short to quote a header.
 *
 * Return: true for destination unreachable, source quench, time exceeded
 * or parameter problem quoting a TCP header.
 */
bool xtcp_icmp_claims(const struct sk_buff *skb, const struct iphdr *iph)
{
	unsigned int ihl = iph->ihl * 4;
	const struct icmphdr *icmph;
	const struct iphdr *qiph;
	struct icmphdr _icmph;
	struct iphdr _qiph;

	if (iph->ihl < 5 || ip_is_fragment(iph))
		return false;
	icmph = skb_header_pointer(skb, ihl, sizeof(_icmph), &_icmph);
	if (!icmph || !xtcp_icmp_is_error(icmph->type))
		return false;
	qiph = skb_header_pointer(skb, ihl + sizeof(_icmph), sizeof(_qiph),
				  &_qiph);
	return qiph && qiph->protocol == IPPROTO_TCP;
}

/* The errno an error gives a connection, as Linux's tcp_v4_err() maps it. */
static int xtcp_icmp_errno(enum xtcp_icmp_kind kind, u8 code)
{
	switch (kind) {
	case XTCP_ICMP_KIND_UNREACH:
		return icmp_err_convert[code].errno;
	case XTCP_ICMP_KIND_TIME_EXCEEDED:
		return EHOSTUNREACH;
	case XTCP_ICMP_KIND_PARAM_PROBLEM:
		return EPROTO;
	default:
		return 0;
	}
}

/**
 * xtcp_mtu_reduced() - a fragmentation-needed message about the connection
 *	arrived: learn the lower path MTU and resend what it drops
 * @sk: the connection, locked: in softirq context, or by its owner's
 *	release_sock() when the message found the socket owned
 *
 * As Linux's tcp_v4_mtu_reduced(): the route learns the MTU in
 * &xtcp_sock.mtu_info (xtcp_ip_update_pmtu()); when the route would not go
 * as low (net.ipv4.route.min_pmtu), EMSGSIZE becomes the soft error.  If
 * the route's MTU is now below the one the MSS was made for, the MSS
 * follows (xtcp_sync_mss()) and every segment in flight too big for it is
 * sent again at once (xtcp_simple_retransmit()).  xtcp always sends with
 * DF, so there is no "may fragment" case.
 */
void xtcp_mtu_reduced(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mtu = READ_ONCE(xs->mtu_info);
	u32 route_mtu;

	if ((1 << sk->sk_state) & ((1 << XTCP_LISTEN) | (1 << XTCP_CLOSE) |
				   (1 << XTCP_TIME_WAIT)))
		return;
	route_mtu = xtcp_ip_update_pmtu(sk, mtu);
	if (!route_mtu)
		return;
	if (mtu < route_mtu)
		WRITE_ONCE(sk->sk_err_soft, EMSGSIZE);
	if (xs->pmtu_cookie <= route_mtu)
		return;
	xtcp_sync_mss(sk, route_mtu);
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_PMTU_UPDATES);
	xtcp_simple_retransmit(sk);
}

/*
 * A half-open connection a listener holds (Linux's request sock): only a
 * message about its SYN-ACK counts, and only one saying the peer cannot
 * be reached drops it; the listener counts the drop.
 */
static void xtcp_icmp_req_err(struct sock *child, enum xtcp_icmp_kind kind,
			      u8 code, u32 seq)
{
	struct net *net = sock_net(child);

	if (seq != xtcp_sk(child)->iss) {
		__xtcp_stat_inc(net, XTCP_STAT_OUT_OF_WINDOW_ICMPS);
		return;
	}
	if (!xtcp_icmp_req_abort(kind, code))
		return;
	__xtcp_stat_inc(net, XTCP_STAT_ICMP_REQ_DROPS);
	__xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
	xtcp_done(child, 0);
}

/* Linux's tcp_v4_err() for one of xtcp's connections. */
static void xtcp_icmp_err(struct sock *sk, enum xtcp_icmp_kind kind, u8 code,
			  u32 info, u32 seq)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct net *net = sock_net(sk);
	bool owned;
	int err;

	bh_lock_sock(sk);
	owned = sock_owned_by_user(sk);
	if (sk->sk_state == XTCP_TIME_WAIT)
		goto out;
	if (!owned && sk->sk_state == XTCP_SYN_RECV && xs->parent) {
		xtcp_icmp_req_err(sk, kind, code, seq);
		goto out;
	}
	if (owned && kind != XTCP_ICMP_KIND_PMTU)
		__xtcp_stat_inc(net, XTCP_STAT_LOCK_DROPPED_ICMPS);
	if (sk->sk_state == XTCP_CLOSE || sk->sk_state == XTCP_LISTEN)
		goto out;
	if (!xtcp_icmp_seq_ok(seq, xs->snd_una, xs->snd_nxt)) {
		__xtcp_stat_inc(net, XTCP_STAT_OUT_OF_WINDOW_ICMPS);
		goto out;
	}

	switch (kind) {
	case XTCP_ICMP_KIND_IGNORE:
		goto out;
	case XTCP_ICMP_KIND_PMTU:
		WRITE_ONCE(xs->mtu_info, info);
		if (!owned)
			xtcp_mtu_reduced(sk);
		else
			set_bit(XTCP_DEFER_MTU_REDUCED, &xs->deferred);
		goto out;
	case XTCP_ICMP_KIND_UNREACH:
		if (!owned && xtcp_icmp_reverts_rto(kind, code, seq, xs->snd_una,
						    xs->backoff) &&
		    xtcp_timer_rto_revert(sk))
			__xtcp_stat_inc(net, XTCP_STAT_ICMP_RTO_REVERTS);
		break;
	default:
		break;
	}

	err = xtcp_icmp_errno(kind, code);
	if (sk->sk_state == XTCP_SYN_SENT || sk->sk_state == XTCP_SYN_RECV) {
		if (!owned) {
			__xtcp_stat_inc(net, XTCP_STAT_ICMP_HARD_ERRORS);
			xtcp_done(sk, err);
			goto out;
		}
	}
	/*
	 * RFC 1122 4.2.3.9: on a synchronized connection (or one a process
	 * holds) only a soft error; with IP_RECVERR Linux would report it at
	 * once, but xtcp has no SOL_IP options yet.
	 */
	__xtcp_stat_inc(net, XTCP_STAT_ICMP_SOFT_ERRORS);
	WRITE_ONCE(sk->sk_err_soft, err);
out:
	bh_unlock_sock(sk);
}

/**
 * xtcp_icmp_rcv() - an ICMP error claimed for xtcp arrived
 * @skb: the message, skb->data and the transport header at the ICMP
 *	header, the network header valid; consumed
 *
 * Checked as Linux's icmp_rcv() and icmp_unreach() check it: room for the
 * ICMP header, the checksum, a destination-unreachable code that exists,
 * the MTU field as net.ipv4.ip_no_pmtu_disc says, a quoted IPv4 header
 * with room for the 8 bytes of TCP header RFC 792 guarantees (ports and
 * sequence number).  Then the connection the quoted header names: the
 * quoted segment went from us to the peer.
 *
 * Context: softirq, or process context with bottom halves off (a packet
 * reinjected after a netfilter queue).
 */
void xtcp_icmp_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct icmphdr *icmph;
	const struct iphdr *qiph;
	const struct tcphdr *qth;
	enum xtcp_icmp_kind kind;
	unsigned int qihl;
	u32 info = 0;
	struct sock *sk;
	u8 type, code;

	__xtcp_stat_inc(net, XTCP_STAT_ICMP_IN_ERRORS);
	if (!pskb_may_pull(skb, sizeof(*icmph)))
		goto malformed;
	if (skb_checksum_simple_validate(skb)) {
		__xtcp_stat_inc(net, XTCP_STAT_ICMP_IN_CSUM_ERRORS);
		goto drop;
	}
	icmph = icmp_hdr(skb);
	type = icmph->type;
	code = icmph->code;
	if (type == XTCP_ICMP_DEST_UNREACH && code > XTCP_ICMP_UNREACH_MAX)
		goto malformed;
	kind = xtcp_icmp_kind(type, code);
	if (kind == XTCP_ICMP_KIND_PMTU &&
	    !xtcp_icmp_frag_mtu(ntohs(icmph->un.frag.mtu),
				READ_ONCE(net->ipv4.sysctl_ip_no_pmtu_disc),
				&info))
		goto drop;

	__skb_pull(skb, sizeof(*icmph));
	if (!pskb_may_pull(skb, sizeof(*qiph)))
		goto malformed;
	qiph = (const struct iphdr *)skb->data;
	qihl = qiph->ihl * 4;
	if (qiph->ihl < 5 || qiph->protocol != IPPROTO_TCP ||
	    !pskb_may_pull(skb, qihl + 8))
		goto malformed;
	qiph = (const struct iphdr *)skb->data;
	qth = (const struct tcphdr *)(skb->data + qihl);

	sk = xtcp_lookup_established(net, qiph->daddr, qth->dest, qiph->saddr,
				     ntohs(qth->source));
	if (!sk) {
		__xtcp_stat_inc(net, XTCP_STAT_ICMP_NO_SOCKET);
		goto drop;
	}
	xtcp_icmp_err(sk, kind, code, info, ntohl(qth->seq));
	sock_put(sk);
	consume_skb(skb);
	return;

malformed:
	__xtcp_stat_inc(net, XTCP_STAT_ICMP_IN_MALFORMED);
drop:
	kfree_skb(skb);
}
