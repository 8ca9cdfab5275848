// SPDX-License-Identifier: GPL-2.0
/*
 * xtcp's per-namespace counters: their per-CPU storage and
 * /proc/net/xtcp_stat, which shows them in /proc/net/netstat's format so
 * that nstat-style parsers read it unchanged.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "stats.h"

#define XTCP_STAT_NAME(item, name)	[item] = name,

static const char * const xtcp_stat_names[XTCP_STAT_MAX] = {
	XTCP_STAT_LIST(XTCP_STAT_NAME)
};

#undef XTCP_STAT_NAME

/**
 * xtcp_stat_read() - the current value of one counter
 * @net: the namespace
 * @item: the counter
 *
 * Return: the sum over all CPUs.  Like every SNMP counter, the sum is not
 * a snapshot: events counted meanwhile may or may not be in it.
 */
unsigned long xtcp_stat_read(const struct net *net, enum xtcp_stat_item item)
{
	struct xtcp_mib __percpu *mib = xtcp_stats_mib(net);
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(mib, cpu)->mibs[item]);
	return sum;
}

/*
 * Two lines, as /proc/net/netstat: "XtcpExt:" and the names, then
 * "XtcpExt:" and the values in the same order.
 */
static int xtcp_stat_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	int i;

	seq_puts(seq, "XtcpExt:");
	for (i = 0; i < XTCP_STAT_MAX; i++)
		seq_printf(seq, " %s", xtcp_stat_names[i]);
	seq_puts(seq, "\nXtcpExt:");
	for (i = 0; i < XTCP_STAT_MAX; i++)
		seq_printf(seq, " %lu", xtcp_stat_read(net, i));
	seq_putc(seq, '\n');
	return 0;
}

/**
 * xtcp_stats_net_init() - counters for a new namespace
 * @net: the namespace
 *
 * Allocates the per-CPU counters, zeroed, and creates
 * /proc/net/xtcp_stat.  Runs before anything can count in @net.
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_stats_net_init(struct net *net)
{
	struct xtcp_net *xn = xtcp_net(net);

	xn->mib = alloc_percpu(struct xtcp_mib);
	if (!xn->mib)
		return -ENOMEM;
	if (!proc_create_net_single("xtcp_stat", 0444, net->proc_net,
				    xtcp_stat_show, NULL)) {
		free_percpu(xn->mib);
		xn->mib = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * xtcp_stats_net_exit() - free a namespace's counters
 * @net: the namespace, where nothing counts any more
 */
void xtcp_stats_net_exit(struct net *net)
{
	struct xtcp_net *xn = xtcp_net(net);

	remove_proc_entry("xtcp_stat", net->proc_net);
	free_percpu(xn->mib);
	xn->mib = NULL;
}
