/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors about xtcp's segments, and the path MTU they lower.
 */
#ifndef _XTCP_ICMP_H
#define _XTCP_ICMP_H

#include <linux/skbuff.h>
#include <net/sock.h>

bool xtcp_icmp_claims(const struct sk_buff *skb, const struct iphdr *iph);
void xtcp_icmp_rcv(struct sk_buff *skb);
void xtcp_mtu_reduced(struct sock *sk);

#endif /* _XTCP_ICMP_H */
