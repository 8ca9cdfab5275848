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
 */
struct xtcp_net {
	atomic_t sockets;
	struct xtcp_mib __percpu *mib;
	struct xtcp_netdev_net netdev;
};

struct xtcp_net *xtcp_net(const struct net *net);
int xtcp_pernet_init(void);
void xtcp_pernet_exit(void);

#endif /* _XTCP_PERNET_H */
