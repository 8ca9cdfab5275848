/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's IPv4 layer: header parsing, netfilter and the input route on the way
 * in; route lookup, header building, netfilter and hand-off to the neighbour
 * layer on the way out.
 */
#ifndef _XTCP_IPV4_H
#define _XTCP_IPV4_H

#include <linux/cache.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/sock.h>

/*
 * Headroom the transport reserves in every segment it builds: the largest
 * link-layer header (MAX_HEADER, which covers tunnel encapsulations), the
 * largest IPv4 header (60) and the largest TCP header (60).  Linux's own
 * MAX_TCP_HEADER is the same idea.
 */
#define XTCP_MAX_HEADER		L1_CACHE_ALIGN(MAX_HEADER + 60 + 60)

/**
 * struct xtcp_route - what the FIB chose for a destination
 * @saddr: the source address to use: the caller's, or the FIB's choice
 *	(always an address of a device xtcp is attached to)
 * @daddr: the destination as routed (0.0.0.0 becomes a local address,
 *	as for Linux's connect())
 * @nexthop: the gateway, or @daddr when the destination is on link
 * @oif: the output device's ifindex (the loopback device for a local
 *	destination)
 * @mtu: the path MTU (dst_mtu(): device MTU, route metric or learnt PMTU)
 * @advmss: the MSS to announce for this route (dst_metric_advmss(), what
 *	Linux's TCP puts in its SYN)
 * @type: RTN_UNICAST, or RTN_LOCAL for one of this host's own addresses
 */
struct xtcp_route {
	__be32 saddr;
	__be32 daddr;
	__be32 nexthop;
	int oif;
	unsigned int mtu;
	unsigned int advmss;
	u8 type;
};

/**
 * xtcp_route_adv_mss() - the MSS a SYN or SYN-ACK announces over a route
 * @rt: the route
 * @user_mss: the socket's TCP_MAXSEG, or 0
 *
 * Return: the route's advmss, at most its MTU less the IPv4 and TCP
 * headers, and at most @user_mss when it is set.
 */
static inline u16 xtcp_route_adv_mss(const struct xtcp_route *rt,
				     u32 user_mss)
{
	unsigned int mss = min_t(unsigned int, rt->advmss,
				 rt->mtu - sizeof(struct iphdr) -
				 sizeof(struct tcphdr));

	if (user_mss)
		mss = min_t(unsigned int, mss, user_mss);
	return mss;
}

int xtcp_ip_route(struct net *net, __be32 daddr, __be32 saddr, int oif,
		  struct xtcp_route *rt);
int xtcp_ip_send(struct net *net, struct sk_buff *skb, __be32 saddr,
		 __be32 daddr, u8 tos, u8 ttl);
int xtcp_ip_send_sock(struct sock *sk, struct sk_buff *skb, u8 tos, u8 ttl,
		      u32 *path_mtu);
int xtcp_ip_send_listener(struct sock *sk, struct sk_buff *skb, __be32 saddr,
			  __be32 daddr);
u32 xtcp_ip_update_pmtu(struct sock *sk, u32 mtu);
void xtcp_ip_rcv(struct sk_buff *skb);
void xtcp_ip_net_exit(struct net *net);

#endif /* _XTCP_IPV4_H */
