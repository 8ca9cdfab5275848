/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attaching xtcp to network devices, per network namespace, and the
 * receive hook that claims xtcp's TCP segments on attached devices.
 */
#ifndef _XTCP_NETDEV_H
#define _XTCP_NETDEV_H

#include <linux/if.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/net_namespace.h>

/* At most this many device names configured per namespace. */
#define XTCP_NETDEV_MAX		32

/**
 * struct xtcp_netdev_conf - the device names configured in a namespace
 * @n: how many names @names holds
 * @names: the names, NUL-terminated, without duplicates, in the order given
 */
struct xtcp_netdev_conf {
	unsigned int n;
	char names[XTCP_NETDEV_MAX][IFNAMSIZ];
};

/**
 * struct xtcp_netdev_net - the network-layer state of one namespace
 * @conf: the configured device names (net.xtcp.devices)
 * @devs: attached devices (&struct xtcp_dev), named or the implicit
 *	loopback device
 * @sysctl_table: this namespace's copy of the sysctl table
 * @sysctl_hdr: its registration
 * @dead: the namespace is going away: attach nothing more
 *
 * Everything here is changed under RTNL only.  The receive path never
 * reads it: it finds a device's state through the device's rx_handler_data.
 */
struct xtcp_netdev_net {
	struct xtcp_netdev_conf conf;
	struct list_head devs;
	struct ctl_table *sysctl_table;
	struct ctl_table_header *sysctl_hdr;
	bool dead;
};

int xtcp_netdev_init(const char *devices);
void xtcp_netdev_exit(void);
int xtcp_netdev_net_init(struct net *net);
void xtcp_netdev_net_exit(struct net *net);

bool xtcp_netdev_is_attached(const struct net_device *dev);
bool xtcp_netdev_owns_addr(struct net *net, __be32 addr);

/*
 * Implemented by the transport: a device stopped being attached (it went
 * away, moved to another namespace, was renamed or taken out of the
 * configuration, or the module is unloading).
 */
void xtcp_netdev_detached(struct net *net, int ifindex);

#endif /* _XTCP_NETDEV_H */
