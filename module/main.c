// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry and exit of xtcp: parameters, then each subsystem brought up
 * in order and taken down in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include <linux/xtcp.h>

#include "af_xtcp.h"
#include "cong.h"
#include "isn.h"
#include "netdev.h"
#include "orphan.h"
#include "pernet.h"
#include "syncookie.h"
#include "tables.h"

static int family = AF_XTCP_DEFAULT;
module_param(family, int, 0444);
MODULE_PARM_DESC(family, "address family number to register (default "
		 __stringify(AF_XTCP_DEFAULT) ", AF_WANPIPE)");

static char *devices;
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "network devices to attach in the initial namespace at load, separated by commas (default none; see the sysctl net.xtcp.devices)");

static int __init xtcp_init(void)
{
	int err;

	xtcp_isn_init();
	xtcp_cookie_init();
	err = xtcp_cong_init();
	if (err)
		return err;
	err = xtcp_tables_init();
	if (err)
		goto err_cong;

	err = xtcp_orphan_init();
	if (err)
		goto err_tables;

	err = xtcp_pernet_init();
	if (err)
		goto err_orphan;

	err = xtcp_netdev_init(devices);
	if (err)
		goto err_pernet;

	err = xtcp_family_register(family);
	if (err)
		goto err_netdev;

	return 0;

err_netdev:
	xtcp_netdev_exit();
err_pernet:
	xtcp_pernet_exit();
err_orphan:
	xtcp_orphan_exit();
err_tables:
	xtcp_tables_exit();
err_cong:
	xtcp_cong_exit();
	return err;
}

static void __exit xtcp_exit(void)
{
	xtcp_family_unregister();
	xtcp_netdev_exit();
	xtcp_pernet_exit();
	xtcp_orphan_exit();
	xtcp_tables_exit();
	xtcp_cong_exit();
}

module_init(xtcp_init);
module_exit(xtcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: an independent TCP/IPv4 behind its own address family");
MODULE_AUTHOR("The xtcp developers");
