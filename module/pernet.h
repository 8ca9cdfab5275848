/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-network-namespace state of xtcp.
 */
#ifndef _XTCP_PERNET_H
#define _XTCP_PERNET_H

#include <linux/atomic.h>
#include <net/net_namespace.h>

#include "netdev.h"

struct xtcp_mib;

/**
 * struct xtcp_net - what xtcp keeps for one network namespace
 * @sockets: xtcp sockets alive in this namespace; checked to be zero when
 *	the namespace goes away
 * @mib: the per-CPU counters (stats.c)
 * @netdev: configured and attached devices (netdev.c)
 * @challenge_second: the second (jiffies / HZ) @challenge_count is for
 * @challenge_count: challenge ACKs this namespace may still send in that
 *	second (output.c, RFC 5961 section 7)
 * @ip_closing: the namespace (or the module) is going: the IPv4 layer
 *	hands nothing more to netfilter (ipv4.c, xtcp_ip_net_exit())
 */
struct xtcp_net {
	atomic_t sockets;
	struct xtcp_mib __percpu *mib;
	struct xtcp_netdev_net netdev;
	unsigned long challenge_second;
	unsigned int challenge_count;
	bool ip_closing;
};

struct xtcp_net *xtcp_net(const struct net *net);
int xtcp_pernet_init(void);
void xtcp_pernet_exit(void);

#endif /* _XTCP_PERNET_H */
