// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace setup and teardown of xtcp's state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/netns/generic.h>

#include "ipv4.h"
#include "netdev.h"
#include "pernet.h"
#include "proc.h"
#include "stats.h"

static unsigned int xtcp_net_id __read_mostly;

/**
 * xtcp_net() - xtcp's state in a network namespace
 * @net: the namespace
 *
 * Return: the namespace's &struct xtcp_net; valid while @net is alive.
 */
struct xtcp_net *xtcp_net(const struct net *net)
{
	return net_generic(net, xtcp_net_id);
}

/*
 * A new namespace, or every namespace when the module loads: the counters
 * first, since everything else counts into them.
 */
static int __net_init xtcp_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_net(net);
	int err;

	atomic_set(&xn->sockets, 0);
	err = xtcp_stats_net_init(net);
	if (err)
		return err;
	err = xtcp_proc_net_init(net);
	if (err)
		goto err_stats;
	err = xtcp_netdev_net_init(net);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	xtcp_proc_net_exit(net);
err_stats:
	xtcp_stats_net_exit(net);
	return err;
}

static void __net_exit xtcp_net_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_net(net);

	xtcp_netdev_net_exit(net);
	xtcp_ip_net_exit(net);
	xtcp_proc_net_exit(net);
	xtcp_stats_net_exit(net);
	/*
	 * User sockets pin their namespace, so only a socket that was
	 * leaked can still be counted here.
	 */
	WARN(atomic_read(&xn->sockets), "xtcp: %d sockets left in netns %u\n",
	     atomic_read(&xn->sockets), net->ns.inum);
}

static struct pernet_operations xtcp_net_ops = {
	.init = xtcp_net_init,
	.exit = xtcp_net_exit,
	.id = &xtcp_net_id,
	.size = sizeof(struct xtcp_net),
};

/**
 * xtcp_pernet_init() - set up xtcp's state in every network namespace
 *
 * Return: 0 or a negative errno from register_pernet_subsys().
 */
int xtcp_pernet_init(void)
{
	return register_pernet_subsys(&xtcp_net_ops);
}

/**
 * xtcp_pernet_exit() - tear xtcp's state down in every network namespace
 */
void xtcp_pernet_exit(void)
{
	unregister_pernet_subsys(&xtcp_net_ops);
}
