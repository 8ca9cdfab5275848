// SPDX-License-Identifier: GPL-2.0
/*
 * Which network devices xtcp is attached to, per network namespace, and the
 * receive hook on them.
 *
 * The configuration is a list of device names per namespace: the module
 * parameter devices= for the initial namespace at load time, and the sysctl
 * net.xtcp.devices in every namespace.  A named device is attached when it
 * exists: at configuration time, or later when it registers (or is renamed
 * or moved) into the namespace.  Attaching installs xtcp's rx_handler on the
 * device; the namespace's loopback device gets the handler too, implicitly,
 * while any other device is attached, because the FIB sends traffic to the
 * host's own addresses through it.
 *
 * Every change happens under RTNL: sysctl writes, the netdevice notifier,
 * namespace exit.  The receive path runs under RCU and finds a device's
 * &struct xtcp_dev through dev->rx_handler_data; detaching unregisters the
 * handler, which waits for those readers (synchronize_net()) before the
 * structure is freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "icmp.h"
#include "ipv4.h"
#include "netdev.h"
#include "pernet.h"
#include "stats.h"

/* What separates names in devices= and net.xtcp.devices. */
#define XTCP_NETDEV_SEP		" ,\t\n"
/* Room for the longest configuration, read back comma-separated. */
#define XTCP_NETDEV_STRLEN	(XTCP_NETDEV_MAX * IFNAMSIZ + 1)

/**
 * struct xtcp_dev - xtcp's state for one attached device
 * @node: in &struct xtcp_netdev_net.devs (RTNL)
 * @dev: the device, held (@tracker) while attached
 * @tracker: the reference on @dev
 * @named: attached because the configuration names it; false only for a
 *	loopback device attached implicitly.  Read under RCU by the loopback
 *	receive path, so written with WRITE_ONCE().
 */
struct xtcp_dev {
	struct list_head node;
	struct net_device *dev;
	netdevice_tracker tracker;
	bool named;
};

/* Set under RTNL when the module unloads: attach nothing more anywhere. */
static bool xtcp_netdev_closing;

static rx_handler_result_t xtcp_handle_frame(struct sk_buff **pskb);

static struct xtcp_netdev_net *xtcp_netdev_net(const struct net *net)
{
	return &xtcp_net(net)->netdev;
}

/* The device's xtcp state if it is attached; under RCU or RTNL. */
static struct xtcp_dev *xtcp_dev_get(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != xtcp_handle_frame)
		return NULL;
	/*
	 * netdev_rx_handler_unregister() clears rx_handler, waits for RCU
	 * readers, then clears rx_handler_data: a reader that saw our
	 * handler sees our data (or NULL if it raced with a detach).
	 */
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

/**
 * xtcp_netdev_is_attached() - whether xtcp is attached to a device
 * @dev: the device
 *
 * True for named devices and for the loopback device attached implicitly.
 *
 * Context: RCU read side or RTNL.
 * Return: true if xtcp's receive hook is on @dev.
 */
bool xtcp_netdev_is_attached(const struct net_device *dev)
{
	return xtcp_dev_get(dev);
}

/**
 * xtcp_netdev_owns_addr() - whether an address belongs to xtcp
 * @net: the namespace
 * @addr: a local IPv4 address
 *
 * An address belongs to xtcp when the device that owns it (__ip_dev_find():
 * the device it is configured on, or for addresses that are local only
 * through a local route, such as 127.0.0.2, that route's device) is
 * attached because the configuration names it.  The implicitly attached
 * loopback device owns nothing: 127.0.0.1 stays Linux's unless "lo" is
 * named.
 *
 * Context: any but hard IRQ; takes the RCU read lock itself.
 * Return: true if xtcp owns @addr in @net.
 */
bool xtcp_netdev_owns_addr(struct net *net, __be32 addr)
{
	struct net_device *dev;
	struct xtcp_dev *xd;
	bool owns = false;

	rcu_read_lock();
	dev = __ip_dev_find(net, addr, false);
	xd = dev ? xtcp_dev_get(dev) : NULL;
	if (xd)
		owns = READ_ONCE(xd->named);
	rcu_read_unlock();
	return owns;
}

/* Whether @addr is one of @dev's own IPv4 addresses; under RCU. */
static bool xtcp_dev_has_addr(struct net_device *dev, __be32 addr)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (ifa->ifa_local == addr)
			return true;
	}
	return false;
}

/*
 * The receive hook, called by __netif_receive_skb_core() for every frame on
 * an attached device, after the packet taps (tcpdump sees everything) and
 * the ingress qdisc, before the IP layer.  It claims IPv4 TCP segments sent
 * to this host (PACKET_HOST, no unhandled VLAN tag) for one of the device's
 * own addresses, and the ICMP errors that quote a TCP segment
 * (xtcp_icmp_claims()); on the loopback device, which carries the host's
 * traffic to itself, for an address of any named device.  Everything else
 * (other ICMP messages too) passes on to the kernel untouched.
 *
 * The decision reads the header through skb_header_pointer() and changes
 * nothing; only a claimed frame is unshared (a tap may hold a reference)
 * before the IPv4 input pulls and trims it.
 */
static rx_handler_result_t xtcp_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct net_device *dev = skb->dev;
	struct net *net = dev_net(dev);
	const struct iphdr *iph;
	struct iphdr _iph;
	bool ours;

	if (skb->protocol != htons(ETH_P_IP) ||
	    skb->pkt_type != PACKET_HOST || skb_vlan_tag_present(skb))
		goto pass;
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || (iph->protocol != IPPROTO_TCP &&
		     (iph->protocol != IPPROTO_ICMP ||
		      !xtcp_icmp_claims(skb, iph))))
		goto pass;
	if (dev->flags & IFF_LOOPBACK)
		ours = xtcp_netdev_owns_addr(net, iph->daddr);
	else
		ours = xtcp_dev_has_addr(dev, iph->daddr);
	if (!ours)
		goto pass;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		__xtcp_stat_inc(net, XTCP_STAT_IP_IN_DISCARDS);
		return RX_HANDLER_CONSUMED;
	}
	__xtcp_stat_inc(net, XTCP_STAT_IP_IN_FRAMES);
	xtcp_ip_rcv(skb);
	return RX_HANDLER_CONSUMED;

pass:
	__xtcp_stat_inc(net, XTCP_STAT_IP_IN_NOT_OURS);
	return RX_HANDLER_PASS;
}

/* How /proc/net/xtcp_dev names the kind of a device. */
static const char *xtcp_dev_kind(const struct net_device *dev)
{
	if (dev->flags & IFF_LOOPBACK)
		return "loopback";
	if (!dev->header_ops || !dev->hard_header_len)
		return "l3";
	if (dev->type == ARPHRD_ETHER)
		return "ether";
	return "other";
}

/*
 * Whether xtcp's rx_handler can go on @dev; says why not in the log.  The
 * kernel allows one rx_handler per device, and bridge, bond, team,
 * macvlan, ipvlan and openvswitch ports already carry theirs.
 */
static int xtcp_dev_check(struct net_device *dev)
{
	ASSERT_RTNL();
	if (xtcp_dev_get(dev))
		return 0;
	if (netdev_is_rx_handler_busy(dev)) {
		pr_err("cannot attach to %s: it already has a receive handler (a bridge, bond, team, macvlan or openvswitch port?); attach the upper device instead\n",
		       dev->name);
		return -EBUSY;
	}
	if (dev->priv_flags & IFF_NO_RX_HANDLER) {
		pr_err("cannot attach to %s: the device takes no receive handler\n",
		       dev->name);
		return -EINVAL;
	}
	return 0;
}

/* Attach xtcp to @dev, or mark it named if it is attached already. */
static int xtcp_dev_attach(struct net_device *dev, bool named)
{
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(dev_net(dev));
	struct xtcp_dev *xd;
	int err;

	ASSERT_RTNL();
	xd = xtcp_dev_get(dev);
	if (xd) {
		if (named)
			WRITE_ONCE(xd->named, true);
		return 0;
	}
	err = xtcp_dev_check(dev);
	if (err)
		return err;

	xd = kzalloc(sizeof(*xd), GFP_KERNEL);
	if (!xd)
		return -ENOMEM;
	xd->dev = dev;
	xd->named = named;
	err = netdev_rx_handler_register(dev, xtcp_handle_frame, xd);
	if (err) {
		pr_err("cannot attach to %s: %d\n", dev->name, err);
		kfree(xd);
		return err;
	}
	netdev_hold(dev, &xd->tracker, GFP_KERNEL);
	list_add_tail(&xd->node, &xnd->devs);
	pr_info("attached to %s (ifindex %d, %s%s)\n", dev->name,
		dev->ifindex, xtcp_dev_kind(dev), named ? "" : ", implicit");
	return 0;
}

/*
 * Take xtcp off a device, then tell the transport.  The device may be on its
 * way out of the namespace: dev_net() still names the one it leaves.
 */
static void xtcp_dev_detach(struct xtcp_dev *xd)
{
	struct net_device *dev = xd->dev;
	struct net *net = dev_net(dev);
	int ifindex = dev->ifindex;

	ASSERT_RTNL();
	/* Waits until no receive path can still see @xd. */
	netdev_rx_handler_unregister(dev);
	list_del(&xd->node);
	pr_info("detached from %s (ifindex %d)\n", dev->name, ifindex);
	netdev_put(dev, &xd->tracker);
	kfree(xd);
	xtcp_netdev_detached(net, ifindex);
}

/*
 * Keep the loopback device attached exactly while another device is (or
 * while "lo" is named): it carries the traffic xtcp sends to the host's
 * own addresses back to the receive hook.
 */
static void xtcp_netdev_sync_lo(struct net *net)
{
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(net);
	struct net_device *lo = net->loopback_dev;
	struct xtcp_dev *xd, *lo_xd = NULL;
	bool want = false;

	ASSERT_RTNL();
	list_for_each_entry(xd, &xnd->devs, node) {
		if (xd->dev == lo)
			lo_xd = xd;
		else
			want = true;
	}
	if (want && !lo_xd) {
		/* Not while the namespace or the module is going away. */
		if (lo && lo->reg_state == NETREG_REGISTERED &&
		    !xnd->dead && !xtcp_netdev_closing)
			xtcp_dev_attach(lo, false);
	} else if (!want && lo_xd && !lo_xd->named) {
		xtcp_dev_detach(lo_xd);
	}
}

static bool xtcp_netdev_conf_has(const struct xtcp_netdev_conf *conf,
				 const char *name)
{
	unsigned int i;

	for (i = 0; i < conf->n; i++)
		if (!strcmp(conf->names[i], name))
			return true;
	return false;
}

/*
 * Parse a list of interface names separated by spaces, tabs, newlines or
 * commas.  Duplicates are dropped; an invalid name fails the whole list.
 */
static int xtcp_netdev_parse(const char *s, struct xtcp_netdev_conf *conf)
{
	char name[IFNAMSIZ];
	size_t len;

	conf->n = 0;
	for (;;) {
		s += strspn(s, XTCP_NETDEV_SEP);
		len = strcspn(s, XTCP_NETDEV_SEP);
		if (!len)
			return 0;
		if (len >= IFNAMSIZ) {
			pr_err("devices: '%.*s' is too long for an interface name\n",
			       (int)len, s);
			return -EINVAL;
		}
		memcpy(name, s, len);
		name[len] = '\0';
		s += len;
		if (!dev_valid_name(name)) {
			pr_err("devices: '%s' is not a valid interface name\n",
			       name);
			return -EINVAL;
		}
		if (xtcp_netdev_conf_has(conf, name))
			continue;
		if (conf->n == XTCP_NETDEV_MAX) {
			pr_err("devices: more than %d names\n",
			       XTCP_NETDEV_MAX);
			return -E2BIG;
		}
		strscpy(conf->names[conf->n++], name, IFNAMSIZ);
	}
}

/*
 * Replace a namespace's configuration: attach the named devices that exist,
 * detach the attached devices no longer named.  Every device to attach is
 * checked first, so a device that cannot take the hook (-EBUSY, -EINVAL)
 * fails the whole change and leaves the old configuration in force.
 */
static int xtcp_netdev_configure(struct net *net, const char *s)
{
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(net);
	struct xtcp_netdev_conf *conf;
	struct net_device *dev;
	struct xtcp_dev *xd, *tmp;
	unsigned int i;
	int err, ret = 0;

	conf = kmalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;
	err = xtcp_netdev_parse(s, conf);
	if (err)
		goto out;

	rtnl_lock();
	if (xnd->dead || xtcp_netdev_closing) {
		err = -ENODEV;
		goto unlock;
	}
	for (i = 0; i < conf->n; i++) {
		dev = __dev_get_by_name(net, conf->names[i]);
		if (dev) {
			err = xtcp_dev_check(dev);
			if (err)
				goto unlock;
		}
	}

	xnd->conf = *conf;
	for (i = 0; i < conf->n; i++) {
		dev = __dev_get_by_name(net, conf->names[i]);
		if (dev) {
			/* Only -ENOMEM is left; report it after the rest. */
			err = xtcp_dev_attach(dev, true);
			if (err && !ret)
				ret = err;
		}
	}
	list_for_each_entry_safe(xd, tmp, &xnd->devs, node) {
		if (!xd->named || xtcp_netdev_conf_has(conf, xd->dev->name))
			continue;
		if (xd->dev == net->loopback_dev)
			WRITE_ONCE(xd->named, false);	/* sync_lo decides */
		else
			xtcp_dev_detach(xd);
	}
	xtcp_netdev_sync_lo(net);
	err = ret;
unlock:
	rtnl_unlock();
out:
	kfree(conf);
	return err;
}

/*
 * A device appeared, went away or changed its name.  NETDEV_REGISTER and
 * NETDEV_UNREGISTER also mark a move between namespaces: the device leaves
 * the old one (UNREGISTER, dev_net() still the old) and enters the new one
 * (REGISTER).  Registration and renames are never refused: a configured
 * device that cannot be attached is logged and left unattached.
 */
static int xtcp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct net *net = dev_net(dev);
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(net);
	struct xtcp_dev *xd;
	bool named;

	if (xnd->dead)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_CHANGENAME:
		xd = xtcp_dev_get(dev);
		named = xtcp_netdev_conf_has(&xnd->conf, dev->name);
		if (named && !(xd && xd->named)) {
			if (!xtcp_netdev_closing)
				xtcp_dev_attach(dev, true);
		} else if (!named && xd && xd->named) {
			if (dev == net->loopback_dev)
				WRITE_ONCE(xd->named, false);
			else
				xtcp_dev_detach(xd);
		}
		xtcp_netdev_sync_lo(net);
		break;
	case NETDEV_UNREGISTER:
		xd = xtcp_dev_get(dev);
		if (xd) {
			xtcp_dev_detach(xd);
			xtcp_netdev_sync_lo(net);
		}
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block xtcp_netdev_notifier = {
	.notifier_call = xtcp_netdev_event,
};

/* Print the configuration, comma-separated, into @buf (RTNL held). */
static void xtcp_netdev_conf_print(const struct xtcp_netdev_conf *conf,
				   char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < conf->n; i++)
		len += scnprintf(buf + len, size - len, "%s%s", i ? "," : "",
				 conf->names[i]);
}

/*
 * net.xtcp.devices.  Reading shows the configured names, comma-separated;
 * writing a list (spaces or commas) replaces the configuration.  A write
 * must be whole: at file offset 0, in one call.
 */
static int xtcp_netdev_sysctl(XTCP_CTL_TABLE_CONST struct ctl_table *table,
			      int write, void *buffer, size_t *lenp,
			      loff_t *ppos)
{
	struct net *net = table->extra1;
	struct ctl_table tbl = {
		.maxlen = XTCP_NETDEV_STRLEN,
	};
	char *buf;
	int err;

	if (write) {
		if (*ppos)
			return -EINVAL;
		if (*lenp >= PAGE_SIZE)
			return -E2BIG;
		buf = kmemdup_nul(buffer, *lenp, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		err = xtcp_netdev_configure(net, buf);
		kfree(buf);
		if (err)
			return err;
		*ppos += *lenp;
		return 0;
	}

	buf = kmalloc(XTCP_NETDEV_STRLEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	rtnl_lock();
	xtcp_netdev_conf_print(&xtcp_netdev_net(net)->conf, buf,
			       XTCP_NETDEV_STRLEN);
	rtnl_unlock();
	tbl.data = buf;
	err = proc_dostring(&tbl, 0, buffer, lenp, ppos);
	kfree(buf);
	return err;
}

static const struct ctl_table xtcp_netdev_sysctl_template[] = {
	{
		.procname	= "devices",
		.maxlen		= XTCP_NETDEV_STRLEN,
		.mode		= 0644,
		.proc_handler	= xtcp_netdev_sysctl,
	},
	{ }
};

/*
 * /proc/net/xtcp_dev: one line per configured name (attached or not) and
 * one for the loopback device when it is attached only implicitly.
 */
static int xtcp_netdev_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(net);
	struct net_device *dev;
	struct xtcp_dev *xd;
	unsigned int i;

	seq_printf(seq, "%-15s %7s %-8s %-10s %s\n",
		   "Name", "Ifindex", "Kind", "Configured", "Attached");
	rtnl_lock();
	for (i = 0; i < xnd->conf.n; i++) {
		dev = __dev_get_by_name(net, xnd->conf.names[i]);
		seq_printf(seq, "%-15s %7d %-8s %-10s %s\n",
			   xnd->conf.names[i], dev ? dev->ifindex : 0,
			   dev ? xtcp_dev_kind(dev) : "-", "yes",
			   dev && xtcp_dev_get(dev) ? "yes" : "no");
	}
	list_for_each_entry(xd, &xnd->devs, node) {
		if (xd->named)
			continue;
		seq_printf(seq, "%-15s %7d %-8s %-10s %s\n", xd->dev->name,
			   xd->dev->ifindex, xtcp_dev_kind(xd->dev), "no",
			   "yes");
	}
	rtnl_unlock();
	return 0;
}

/**
 * xtcp_netdev_net_init() - network-layer state of a new namespace
 * @net: the namespace
 *
 * Starts with nothing configured, and registers net.xtcp.devices and
 * /proc/net/xtcp_dev for @net.
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_netdev_net_init(struct net *net)
{
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(net);
	struct ctl_table *table;

	xnd->conf.n = 0;
	INIT_LIST_HEAD(&xnd->devs);
	xnd->dead = false;

	table = kmemdup(xtcp_netdev_sysctl_template,
			sizeof(xtcp_netdev_sysctl_template), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table[0].extra1 = net;
	xnd->sysctl_hdr = xtcp_register_net_sysctl(net, "net/xtcp", table,
						   ARRAY_SIZE(xtcp_netdev_sysctl_template) - 1);
	if (!xnd->sysctl_hdr)
		goto err_table;
	xnd->sysctl_table = table;

	if (!proc_create_net_single("xtcp_dev", 0444, net->proc_net,
				    xtcp_netdev_show, NULL))
		goto err_sysctl;
	return 0;

err_sysctl:
	unregister_net_sysctl_table(xnd->sysctl_hdr);
err_table:
	kfree(table);
	return -ENOMEM;
}

/**
 * xtcp_netdev_net_exit() - tear down a namespace's network-layer state
 * @net: the namespace
 *
 * Removes the sysctl and the proc file first (which waits for calls in
 * progress), without RTNL since those calls take it.  Then nothing should
 * be attached any more: when a namespace is dismantled, its devices are
 * unregistered (or moved home) by default_device_exit_batch(), a pernet
 * *device* operation that runs before every pernet *subsystem* exit such as
 * this one, and the notifier has already detached them; when the module
 * unloads, unregistering the notifier has replayed NETDEV_UNREGISTER for
 * every device.  Whatever is still attached is detached here all the same,
 * with a warning.
 */
void xtcp_netdev_net_exit(struct net *net)
{
	struct xtcp_netdev_net *xnd = xtcp_netdev_net(net);
	struct xtcp_dev *xd, *tmp;

	remove_proc_entry("xtcp_dev", net->proc_net);
	unregister_net_sysctl_table(xnd->sysctl_hdr);
	kfree(xnd->sysctl_table);

	rtnl_lock();
	xnd->dead = true;
	WARN_ON_ONCE(!list_empty(&xnd->devs));
	list_for_each_entry_safe(xd, tmp, &xnd->devs, node)
		xtcp_dev_detach(xd);
	rtnl_unlock();
}

/**
 * xtcp_netdev_init() - start following devices, attach the initial ones
 * @devices: the devices= module parameter: names for the initial
 *	namespace, or NULL
 *
 * Registers the netdevice notifier (which replays NETDEV_REGISTER for every
 * existing device: nothing is configured anywhere yet, unless a sysctl
 * write came first) and then configures the initial namespace.
 *
 * Return: 0, or the error of the notifier registration or of the
 * configuration (an invalid name, a device that cannot be attached).
 */
int xtcp_netdev_init(const char *devices)
{
	int err;

	err = register_netdevice_notifier(&xtcp_netdev_notifier);
	if (err)
		return err;
	if (devices && *devices) {
		err = xtcp_netdev_configure(&init_net, devices);
		if (err) {
			pr_err("devices=%s: error %d\n", devices, err);
			xtcp_netdev_exit();
			return err;
		}
	}
	return 0;
}

/**
 * xtcp_netdev_exit() - detach from every device in every namespace
 *
 * After this no device is attached and none will be: the namespaces'
 * configurations stay until their pernet exit but are not acted on.
 */
void xtcp_netdev_exit(void)
{
	rtnl_lock();
	xtcp_netdev_closing = true;
	rtnl_unlock();
	/* Replays NETDEV_UNREGISTER for every device: each is detached. */
	unregister_netdevice_notifier(&xtcp_netdev_notifier);
}
