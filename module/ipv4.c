// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp's IPv4 layer.  In: validate the header of a frame the receive hook
 * claimed, pass it through netfilter's PRE_ROUTING hook, route it as
 * ip_rcv_finish() does, pass it through LOCAL_IN and hand the TCP segment
 * to the transport.  Out: look the route up in the FIB, build the IPv4
 * header, pass it through LOCAL_OUT and POST_ROUTING and give the frame to
 * the neighbour layer, which resolves the next hop, adds the link-layer
 * header and queues it on the device.  The four hooks run where Linux's
 * ip_rcv(), ip_local_deliver(), __ip_local_out() and ip_output() run them,
 * with the same devices and socket, so nftables, conntrack and NAT treat
 * xtcp's segments as Linux's TCP's.  Nothing here calls Linux's IP output
 * (ip_queue_xmit(), ip_local_out(), ip_output()) or its TCP: FIB, dst,
 * netfilter and neighbour are the ground xtcp stands on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/arp.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/dst_metadata.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>
#include <net/sock.h>

#include "compat.h"
#include "icmp.h"
#include "input.h"
#include "ipv4.h"
#include "netdev.h"
#include "pernet.h"
#include "stats.h"

/*
 * A source address no TCP peer can have: multicast, limited broadcast,
 * 0.0.0.0/8; and from the wire (not the loopback device) a loopback
 * address or the destination itself (a "land" segment).  Linux's input
 * route lookup refuses these as martians; xtcp claims frames before that
 * lookup, so it checks here.
 */
static bool xtcp_ip_bad_saddr(const struct net_device *dev, __be32 saddr,
			      __be32 daddr)
{
	if (ipv4_is_multicast(saddr) || ipv4_is_lbcast(saddr) ||
	    ipv4_is_zeronet(saddr))
		return true;
	if (dev->flags & IFF_LOOPBACK)
		return false;
	return ipv4_is_loopback(saddr) || saddr == daddr;
}

/* Segments in @skb: a GRO or GSO packet stands for gso_segs of them. */
static unsigned int xtcp_ip_segs(const struct sk_buff *skb)
{
	return skb_is_gso(skb) ? max_t(u16, 1, skb_shinfo(skb)->gso_segs) : 1;
}

/*
 * After LOCAL_IN (ip_local_deliver_finish()): the IPv4 header goes and the
 * segment goes to the transport, or the ICMP error to icmp.c.  Conntrack's
 * reference and the route go first, as in Linux's tcp_v4_rcv(): a segment
 * may wait in a socket's queues for long, and a noref route must not leave
 * this RCU section.
 */
static int xtcp_ip_local_deliver(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	/* The header is in the linear part: pskb_may_pull() in xtcp_ip_rcv(). */
	skb_pull_rcsum(skb, skb_network_header_len(skb));
	skb_reset_transport_header(skb);
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	if (ip_hdr(skb)->protocol == IPPROTO_ICMP) {
		xtcp_icmp_rcv(skb);
		return NET_RX_SUCCESS;
	}
	__xtcp_stat_add(net, XTCP_STAT_IP_IN_DELIVERS, xtcp_ip_segs(skb));
	xtcp_tcp_rcv(skb);
	return NET_RX_SUCCESS;
}

/*
 * A netfilter hook at @hook with okfn @okfn, which runs now when every
 * rule accepts, later when a rule queued the packet to user space
 * (nf_reinject() calls it, bottom halves off), never when a rule dropped
 * or stole it.  A drop counts @filtered.  Return: @okfn's value, 0 for a
 * stolen or queued packet, the hook's negative errno for a dropped one.
 */
static int xtcp_ip_hook(unsigned int hook, struct net *net, struct sock *sk,
			struct sk_buff *skb, struct net_device *in,
			struct net_device *out,
			int (*okfn)(struct net *, struct sock *,
				    struct sk_buff *),
			enum xtcp_stat_item filtered)
{
	int ret;

	/* Going away: nothing more may wait in a queue with @okfn. */
	if (unlikely(READ_ONCE(xtcp_net(net)->ip_closing))) {
		kfree_skb(skb);
		return -ENETDOWN;
	}
	ret = nf_hook(NFPROTO_IPV4, hook, net, sk, skb, in, out, okfn);
	if (ret == 1)
		return okfn(net, sk, skb);
	if (ret < 0)
		xtcp_stat_inc(net, filtered);
	return ret;
}

/*
 * After PRE_ROUTING (ip_rcv_finish()): a rule may have rewritten the
 * header (DNAT), so it is read again.  A frame the loopback device looped
 * back still carries its output route, as in Linux; any other is routed
 * here with ip_route_input_noref(), which applies the FIB, rp_filter and
 * the martian checks as for Linux's own input.  xtcp does not forward: a
 * route that is not local to this host (a DNAT to elsewhere) drops the
 * frame.  LOCAL_IN then sees the frame with its route, as Linux's rules
 * expect (the reject expression reads it).
 */
static int xtcp_ip_rcv_finish(struct net *net, struct sock *sk,
			      struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net_device *dev = skb->dev;

	if (!skb_valid_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos, dev))
		goto no_route;
	if (skb_rtable(skb)->rt_type != RTN_LOCAL)
		goto no_route;
	return xtcp_ip_hook(NF_INET_LOCAL_IN, net, NULL, skb, dev, NULL,
			    xtcp_ip_local_deliver, XTCP_STAT_IP_IN_FILTERED);

no_route:
	__xtcp_stat_inc(net, XTCP_STAT_IP_IN_NO_ROUTE);
	kfree_skb(skb);
	return NET_RX_DROP;
}

/**
 * xtcp_ip_rcv() - IPv4 input of a frame claimed for xtcp
 * @skb: the frame, not shared, skb->data at the IPv4 header; consumed
 *
 * Checks the header as ip_rcv() does: version 4, header length at least 5
 * words and present, header checksum, total length within the frame and
 * not shorter than the header.  The frame is trimmed to the total length
 * (link-layer padding goes).  Options are skipped, not interpreted.
 * Fragments are dropped: xtcp sends with DF and sizes segments to the path
 * MTU, so its peers' TCP never fragments towards it, and reassembly is left
 * out.  Each reason to drop has its own counter.
 *
 * Then the host's packet filter: netfilter's PRE_ROUTING hook, the input
 * route, LOCAL_IN, as ip_rcv() and ip_local_deliver() run them (a rule's
 * drop counts IpInFiltered, a missing or non-local route IpInNoRoute).
 *
 * A valid segment reaches xtcp_tcp_rcv() with skb->data at the TCP header,
 * the transport header set there, the network header still valid
 * (ip_hdr()), no dst and no conntrack entry attached, and skb->cb free for
 * the transport.  It may be a GRO aggregate of several segments
 * (skb_is_gso()), as Linux's TCP receives them.
 *
 * Context: softirq, from the receive hook; or process context with bottom
 * halves off, when a packet queued to user space by a rule is reinjected.
 */
void xtcp_ip_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	enum xtcp_stat_item why;
	const struct iphdr *iph;
	unsigned int ihl, len;

	skb_reset_network_header(skb);
	if (!pskb_may_pull(skb, sizeof(*iph))) {
		why = skb->len < sizeof(*iph) ? XTCP_STAT_IP_IN_TRUNCATED :
						XTCP_STAT_IP_IN_DISCARDS;
		goto drop;
	}
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5) {
		why = XTCP_STAT_IP_IN_HDR_ERRORS;
		goto drop;
	}
	ihl = iph->ihl * 4;
	if (!pskb_may_pull(skb, ihl)) {
		why = skb->len < ihl ? XTCP_STAT_IP_IN_TRUNCATED :
				       XTCP_STAT_IP_IN_DISCARDS;
		goto drop;
	}
	iph = ip_hdr(skb);
	if (unlikely(ip_fast_csum((const u8 *)iph, iph->ihl))) {
		why = XTCP_STAT_IP_IN_CSUM_ERRORS;
		goto drop;
	}
	len = ntohs(iph->tot_len);
	if (len > skb->len) {
		why = XTCP_STAT_IP_IN_TRUNCATED;
		goto drop;
	}
	if (len < ihl) {
		why = XTCP_STAT_IP_IN_HDR_ERRORS;
		goto drop;
	}
	if (ip_is_fragment(iph)) {
		why = XTCP_STAT_IP_IN_FRAG_DROPPED;
		goto drop;
	}
	if (xtcp_ip_bad_saddr(skb->dev, iph->saddr, iph->daddr)) {
		why = XTCP_STAT_IP_IN_ADDR_ERRORS;
		goto drop;
	}
	if (pskb_trim_rcsum(skb, len)) {
		why = XTCP_STAT_IP_IN_DISCARDS;
		goto drop;
	}

	/* As ip_rcv_core() leaves a frame for the hooks. */
	skb_set_transport_header(skb, ihl);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	IPCB(skb)->iif = skb->skb_iif;
	skb_orphan(skb);
	xtcp_ip_hook(NF_INET_PRE_ROUTING, net, NULL, skb, skb->dev, NULL,
		     xtcp_ip_rcv_finish, XTCP_STAT_IP_IN_FILTERED);
	return;

drop:
	__xtcp_stat_inc(net, why);
	kfree_skb(skb);
}

/**
 * xtcp_ip_net_exit() - forget a namespace's packets queued to user space
 * @net: the namespace, going away or left by the module
 *
 * A packet a rule queued (nftables' queue, NFQUEUE) waits in
 * nfnetlink_queue with one of this file's functions as the okfn that
 * continues it; once the module is gone that pointer must not be called.
 * So every packet queued in @net is dropped, as netfilter itself does when
 * a hook goes away (nf_queue_nf_hook_drop()): xtcp's, and also other
 * protocols' packets waiting in the same queues, which their senders
 * retransmit.
 *
 * A verdict being reinjected at that moment (nf_reinject() runs under the
 * RCU read lock) may queue its packet again: through the next hook it
 * reaches, or the next rule of the same hook.  So first @ip_closing stops
 * xtcp from handing anything more to netfilter; then drop, a grace period
 * (every reinjection under way has ended), drop what those queued again,
 * and a second grace period, after which nothing runs in the namespace's
 * xtcp input or output.  What remains is a verdict that arrives exactly
 * during the second drop and that netfilter itself queues again (a queue
 * rule after a queue rule): not covered.
 *
 * Context: process; sleeps (two grace periods).
 */
void xtcp_ip_net_exit(struct net *net)
{
	if (!IS_ENABLED(CONFIG_NETFILTER))
		return;
	WRITE_ONCE(xtcp_net(net)->ip_closing, true);
	nf_queue_nf_hook_drop(net);
	synchronize_net();
	nf_queue_nf_hook_drop(net);
	synchronize_net();
}

/*
 * A FIB lookup for a TCP flow, of a socket if @sk is given (its mark and
 * owner select policy routes, as in Linux); the route or an ERR_PTR().  The
 * lookup ignores TOS: the two kernels give flowi4_tos different meanings
 * (6.1 reads its lowest bit as RTO_ONLINK), and TOS-based policy routing
 * is rare.
 */
static struct rtable *xtcp_ip_lookup(struct net *net, const struct sock *sk,
				     __be32 daddr, __be32 saddr, int oif,
				     struct flowi4 *fl4)
{
	memset(fl4, 0, sizeof(*fl4));
	fl4->flowi4_oif = oif;
	fl4->flowi4_mark = sk ? READ_ONCE(sk->sk_mark) : 0;
	fl4->flowi4_proto = IPPROTO_TCP;
	fl4->flowi4_scope = RT_SCOPE_UNIVERSE;
	fl4->flowi4_uid = sock_net_uid(net, sk);
	fl4->daddr = daddr;
	fl4->saddr = saddr;
	return ip_route_output_key(net, fl4);
}

/*
 * A TCP connection to a broadcast or multicast address is refused with
 * ENETUNREACH, as Linux's tcp_v4_connect() does: only unicast and local
 * routes are usable.
 */
static int xtcp_ip_route_type_ok(const struct rtable *rt)
{
	if (rt->rt_type != RTN_UNICAST && rt->rt_type != RTN_LOCAL)
		return -ENETUNREACH;
	return 0;
}

/*
 * The route must leave through a device xtcp is attached to (the loopback
 * device for a local destination): the replies must come back to xtcp's
 * receive hook.
 */
static int xtcp_ip_route_dev_ok(const struct rtable *rt)
{
	bool attached;

	rcu_read_lock();
	attached = xtcp_netdev_is_attached(rt->dst.dev);
	rcu_read_unlock();
	return attached ? 0 : -ENETUNREACH;
}

/**
 * xtcp_ip_route() - choose a route and a source address for a destination
 * @net: the namespace
 * @daddr: the destination
 * @saddr: the source address the socket is bound to, or INADDR_ANY to let
 *	the FIB choose
 * @oif: the output device's ifindex the socket is bound to, or 0
 * @rt: filled in on success
 *
 * One FIB lookup, as for a TCP connect(); no route is kept (each
 * xtcp_ip_send() looks its route up again; caching a dst per socket is an
 * optimisation left for later).  A failed lookup counts IpOutNoRoute.
 *
 * Context: process or softirq.
 * Return: 0; the FIB's error (-ENETUNREACH, -EHOSTUNREACH, -EACCES,
 * -EINVAL...); -ENETUNREACH for a broadcast or multicast destination;
 * -EADDRNOTAVAIL when the source address (given or chosen) does not belong
 * to a named attached device (so with nothing attached, connect() fails
 * with EADDRNOTAVAIL); -ENETUNREACH for a route through a device xtcp is
 * not attached to.
 */
int xtcp_ip_route(struct net *net, __be32 daddr, __be32 saddr, int oif,
		  struct xtcp_route *rt)
{
	struct flowi4 fl4;
	struct rtable *r;
	int err;

	if (saddr != htonl(INADDR_ANY) && !xtcp_netdev_owns_addr(net, saddr))
		return -EADDRNOTAVAIL;

	r = xtcp_ip_lookup(net, NULL, daddr, saddr, oif, &fl4);
	if (IS_ERR(r)) {
		err = PTR_ERR(r);
		goto no_route;
	}
	err = xtcp_ip_route_type_ok(r);
	if (err)
		goto put_no_route;
	if (!xtcp_netdev_owns_addr(net, fl4.saddr)) {
		ip_rt_put(r);
		return -EADDRNOTAVAIL;
	}
	err = xtcp_ip_route_dev_ok(r);
	if (err)
		goto put_no_route;

	rt->saddr = fl4.saddr;
	rt->daddr = fl4.daddr;
	rt->nexthop = rt_nexthop(r, fl4.daddr);
	rt->oif = r->dst.dev->ifindex;
	rt->mtu = dst_mtu(&r->dst);
	rt->advmss = dst_metric_advmss(&r->dst);
	rt->type = r->rt_type;
	ip_rt_put(r);
	return 0;

put_no_route:
	ip_rt_put(r);
no_route:
	xtcp_stat_inc(net, XTCP_STAT_IP_OUT_NO_ROUTE);
	return err;
}

/**
 * xtcp_ip_update_pmtu() - teach a connection's route a lower path MTU
 * @sk: the connection: its addresses, bound device, mark and owner
 * @mtu: what a fragmentation-needed message reported; 0 for "lower, by
 *	how much unknown"
 *
 * The route the connection's segments take (looked up as
 * xtcp_ip_send_sock() looks it up) learns it the way Linux's TCP teaches
 * its own route (inet_csk_update_pmtu()): through the route's
 * update_pmtu operation, which records a next-hop exception in the FIB
 * that every later lookup towards the peer sees, for anyone's traffic, for
 * net.ipv4.route.mtu_expires.  It never raises the MTU, and one below
 * net.ipv4.route.min_pmtu becomes that minimum, locked.
 *
 * Context: process or softirq.
 * Return: the route's MTU after the update, or 0 when there is no route.
 */
u32 xtcp_ip_update_pmtu(struct sock *sk, u32 mtu)
{
	int oif = READ_ONCE(sk->sk_bound_dev_if);
	struct net *net = sock_net(sk);
	struct flowi4 fl4;
	struct rtable *rt;

	rt = xtcp_ip_lookup(net, sk, sk->sk_daddr, sk->sk_rcv_saddr, oif,
			    &fl4);
	if (IS_ERR(rt))
		return 0;
	if (rt->dst.ops->update_pmtu)
		rt->dst.ops->update_pmtu(&rt->dst, sk, NULL, mtu, true);
	ip_rt_put(rt);
	/* The exception replaces the cached route: look it up again. */
	rt = xtcp_ip_lookup(net, sk, sk->sk_daddr, sk->sk_rcv_saddr, oif,
			    &fl4);
	if (IS_ERR(rt))
		return 0;
	mtu = dst_mtu(&rt->dst);
	ip_rt_put(rt);
	return mtu;
}

/*
 * After POST_ROUTING (ip_finish_output()): the path MTU check, then the
 * neighbour layer.  The route is the skb's: a rule in LOCAL_OUT may have
 * rerouted it (ip_route_me_harder() after a mark or NAT change).
 */
static int xtcp_ip_finish_output(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev = rt->dst.dev;
	unsigned int mtu = dst_mtu(&rt->dst);
	unsigned int hh_len = LL_RESERVED_SPACE(dev);
	struct neighbour *neigh;
	bool is_v6gw = false;
	int err;

	/*
	 * A rule rerouted it (ip_route_me_harder()): an IPsec bundle xtcp
	 * cannot send through (refused, never sent in clear), or a device
	 * xtcp is not attached to (the replies would go to Linux's TCP).
	 */
	if (unlikely(dst_xfrm(&rt->dst))) {
		pr_warn_once("a netfilter reroute chose an IPsec route: xtcp does not use IPsec, the packets are dropped\n");
		goto discard;
	}
	if (unlikely(xtcp_ip_route_dev_ok(rt))) {
		xtcp_stat_inc(net, XTCP_STAT_IP_OUT_NO_ROUTE);
		kfree_skb(skb);
		return -ENETUNREACH;
	}
	/* The device may be another than the one headroom was made for. */
	if (unlikely(skb_headroom(skb) < hh_len && dev->header_ops)) {
		skb = skb_expand_head(skb, hh_len);
		if (!skb) {
			xtcp_stat_inc(net, XTCP_STAT_IP_OUT_DISCARDS);
			return -ENOMEM;
		}
	}

	if (skb->len > IP_MAX_MTU ||
	    (skb->len > mtu &&
	     (!skb_is_gso(skb) || !skb_gso_validate_network_len(skb, mtu)))) {
		xtcp_stat_inc(net, XTCP_STAT_IP_OUT_TOO_BIG);
		/*
		 * As ip_fragment() answers a DF packet: a fragmentation-
		 * needed error to its own source, which comes back through
		 * lo to icmp.c, so that a connection learns a lower MTU of
		 * its own device (or route) as of a router's.
		 */
		if (skb->len <= IP_MAX_MTU)
			icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				  htonl(mtu));
		kfree_skb(skb);
		return -EMSGSIZE;
	}

	xtcp_stat_add(net, XTCP_STAT_IP_OUT_SEGS, xtcp_ip_segs(skb));
	rcu_read_lock();
	neigh = ip_neigh_for_gw(rt, skb, &is_v6gw);
	if (IS_ERR(neigh)) {
		rcu_read_unlock();
		xtcp_stat_inc(net, XTCP_STAT_IP_OUT_DISCARDS);
		kfree_skb(skb);
		return PTR_ERR(neigh);
	}
	/* A gateway of the other family cannot use the cached header. */
	err = neigh_output(neigh, skb, is_v6gw);
	rcu_read_unlock();
	if (err > 0)
		err = net_xmit_errno(err);
	if (err)
		xtcp_stat_inc(net, XTCP_STAT_IP_OUT_DISCARDS);
	return err;

discard:
	xtcp_stat_inc(net, XTCP_STAT_IP_OUT_DISCARDS);
	kfree_skb(skb);
	return -EHOSTUNREACH;
}

/* After LOCAL_OUT (ip_output()): POST_ROUTING, towards the route's device. */
static int xtcp_ip_post_routing(struct net *net, struct sock *sk,
				struct sk_buff *skb)
{
	struct net_device *dev = skb_dst(skb)->dev;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	return xtcp_ip_hook(NF_INET_POST_ROUTING, net, sk, skb, NULL, dev,
			    xtcp_ip_finish_output, XTCP_STAT_IP_OUT_FILTERED);
}

/* The work of xtcp_ip_send() and xtcp_ip_send_sock(). */
static int xtcp_ip_output(struct net *net, struct sock *sk,
			  struct sk_buff *skb, __be32 saddr, __be32 daddr,
			  int oif, u8 tos, u8 ttl, u32 *path_mtu)
{
	struct net_device *dev;
	struct flowi4 fl4;
	struct iphdr *iph;
	struct rtable *rt;
	int err;

	if (!saddr || !daddr) {
		err = -EINVAL;
		goto discard;
	}
	rt = xtcp_ip_lookup(net, sk, daddr, saddr, oif, &fl4);
	if (IS_ERR(rt)) {
		err = PTR_ERR(rt);
		goto no_route;
	}
	err = xtcp_ip_route_type_ok(rt) ?: xtcp_ip_route_dev_ok(rt);
	if (err) {
		ip_rt_put(rt);
		goto no_route;
	}
	if (path_mtu)
		*path_mtu = dst_mtu(&rt->dst);
	/* The skb holds the route from here on; kfree_skb() releases it. */
	skb_dst_set(skb, &rt->dst);
	dev = rt->dst.dev;

	/* Room for our header and the device's, and ours to write. */
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev) + sizeof(*iph))) {
		err = -ENOMEM;
		goto discard;
	}

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = tos;
	iph->tot_len = htons(skb->len);
	iph->id = htons(get_random_u16());
	iph->frag_off = htons(IP_DF);
	iph->ttl = ttl ?: ip4_dst_hoplimit(&rt->dst);
	iph->protocol = IPPROTO_TCP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->check = 0;
	iph->check = ip_fast_csum((const u8 *)iph, iph->ihl);

	skb->protocol = htons(ETH_P_IP);
	/* The hooks and what lies below read IPCB() (loopback: ip_rcv()). */
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	return xtcp_ip_hook(NF_INET_LOCAL_OUT, net, sk, skb, NULL, dev,
			    xtcp_ip_post_routing, XTCP_STAT_IP_OUT_FILTERED);

no_route:
	xtcp_stat_inc(net, XTCP_STAT_IP_OUT_NO_ROUTE);
	kfree_skb(skb);
	return err;
discard:
	xtcp_stat_inc(net, XTCP_STAT_IP_OUT_DISCARDS);
	kfree_skb(skb);
	return err;
}

/**
 * xtcp_ip_send() - send one TCP segment (or GSO packet) over IPv4
 * @net: the namespace
 * @skb: the segment; consumed in every case
 * @saddr: the source address (from xtcp_ip_route())
 * @daddr: the destination (from xtcp_ip_route())
 * @tos: the TOS byte (DSCP and ECN bits)
 * @ttl: the TTL, or 0 for the route's hop limit, which defaults to the
 *	namespace's net.ipv4.ip_default_ttl
 *
 * @skb->data is at the TCP header, the transport header is set, the TCP
 * checksum is done or prepared (CHECKSUM_PARTIAL with csum_start and
 * csum_offset, which the device or dev_queue_xmit() completes), a GSO
 * packet carries gso_size, gso_segs and SKB_GSO_TCPV4, and there is
 * headroom for XTCP_MAX_HEADER.  The skb must not be shared; a clone must
 * own its header room (as after Linux's skb_header_release()), else the
 * header is copied first.
 *
 * The route is looked up again (see xtcp_ip_route()), the IPv4 header
 * pushed: version 4, IHL 5, @tos, total length, a random ID, DF, the TTL,
 * protocol TCP, the addresses and the header checksum.  The ID of a DF
 * packet means nothing to the receiver (RFC 6864); a random one, instead
 * of Linux's per-socket counter, leaks no packet count and needs no shared
 * state.  Netfilter's LOCAL_OUT and POST_ROUTING hooks run next, as
 * for Linux's ip_local_out() (with the socket, for owner and cgroup
 * matches; none for xtcp_ip_send()); a rule may drop the packet, queue
 * it, or rewrite and reroute it.  Then the next hop's neighbour entry is
 * found or created and neigh_output() takes the frame: ARP resolution and
 * queueing while unresolved, the link-layer header (Ethernet, none for L3
 * devices, the loopback device's) and dev_queue_xmit() all belong to the
 * neighbour layer, as in Linux's ip_finish_output2().  A segment to a
 * local address goes out on the loopback device and comes back through
 * the receive hook.
 *
 * Counts IpOutSegs for what reaches the neighbour layer (a GSO packet counts
 * its segments), and IpOutNoRoute, IpOutFiltered, IpOutTooBig or
 * IpOutDiscards for what does not get through.  A packet too big for the
 * path MTU (the device's MTU was lowered under a connection) is answered
 * with a fragmentation-needed error to this host, as Linux's ip_fragment()
 * answers a DF packet: the connection learns the MTU from it (icmp.c).
 *
 * Context: process or softirq (not hard IRQ).
 * Return: 0 (also when the device queue signals congestion, NET_XMIT_CN,
 * and when a rule queued the packet to user space); -EINVAL for a zero
 * address; the route errors of xtcp_ip_route() other than -EADDRNOTAVAIL;
 * a rule's error (-EPERM) when one dropped it; -EMSGSIZE when the packet
 * does not fit the path MTU; -ENOMEM; -ENOBUFS when the queue dropped it;
 * or the neighbour layer's or device's error.  The transport treats every
 * error but -ENOBUFS as a loss on the path: the retransmission timer
 * sends the segment again, as Linux's TCP does behind a filter.
 */
int xtcp_ip_send(struct net *net, struct sk_buff *skb, __be32 saddr,
		 __be32 daddr, u8 tos, u8 ttl)
{
	return xtcp_ip_output(net, NULL, skb, saddr, daddr, 0, tos, ttl, NULL);
}

/**
 * xtcp_ip_send_listener() - send a segment a listener answers from no
 *	connection (a SYN cookie's SYN-ACK)
 * @sk: the listener: its bound device, mark and priority
 * @skb: the segment, as for xtcp_ip_send(); consumed in every case
 * @saddr: our address (the one the peer's segment was sent to)
 * @daddr: the peer's address
 *
 * Routed and marked as the listener's connections are (see
 * xtcp_ip_send_sock()); the skb has no owner, as Linux leaves a cookie's
 * SYN-ACK unowned so that a flood does not share one socket's counters.
 *
 * Context: process or softirq; the listener is not locked.
 * Return: as xtcp_ip_send().
 */
int xtcp_ip_send_listener(struct sock *sk, struct sk_buff *skb, __be32 saddr,
			  __be32 daddr)
{
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	return xtcp_ip_output(sock_net(sk), sk, skb, saddr, daddr,
			      READ_ONCE(sk->sk_bound_dev_if), 0, 0, NULL);
}

/**
 * xtcp_ip_send_sock() - send one segment of a connection over IPv4
 * @sk: the connection: its bound addresses, its bound device
 *	(sk_bound_dev_if), mark, owner and priority
 * @skb: the segment, as for xtcp_ip_send(); consumed in every case
 * @tos: the TOS byte
 * @ttl: the TTL, or 0 for the route's
 * @path_mtu: set to the MTU of the route the segment took (dst_mtu()),
 *	when a route was found; the transport's MSS follows it
 *
 * xtcp_ip_send() from @sk->sk_rcv_saddr to @sk->sk_daddr, routed as the
 * socket's: its bound device, mark and owner select the route, as for
 * Linux's sockets (xtcp_ip_send() routes with none of them).  The skb
 * gets the socket's priority and mark, as Linux's ip_queue_xmit() sets
 * them.
 *
 * Context: process or softirq, socket locked or owned.
 * Return: as xtcp_ip_send().
 */
int xtcp_ip_send_sock(struct sock *sk, struct sk_buff *skb, u8 tos, u8 ttl,
		      u32 *path_mtu)
{
	skb->priority = READ_ONCE(sk->sk_priority);
	skb->mark = READ_ONCE(sk->sk_mark);
	return xtcp_ip_output(sock_net(sk), sk, skb, sk->sk_rcv_saddr,
			      sk->sk_daddr, READ_ONCE(sk->sk_bound_dev_if),
			      tos, ttl, path_mtu);
}
