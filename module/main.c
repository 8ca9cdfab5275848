// SPDX-License-Identifier: GPL-2.0
/*
 * Module entry and exit of xtcp: parameters, then each subsystem brought up
 * in order and taken down in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include <linux/xtcp.h>

#include "af_xtcp.h"
#include "pernet.h"

static int family = AF_XTCP_DEFAULT;
module_param(family, int, 0444);
MODULE_PARM_DESC(family, "address family number to register (default "
		 __stringify(AF_XTCP_DEFAULT) ", AF_WANPIPE)");

static int __init xtcp_init(void)
{
	int err;

	err = xtcp_pernet_init();
	if (err)
		return err;

	err = xtcp_family_register(family);
	if (err)
		goto err_pernet;

	return 0;

err_pernet:
	xtcp_pernet_exit();
	return err;
}

static void __exit xtcp_exit(void)
{
	xtcp_family_unregister();
	xtcp_pernet_exit();
}

module_init(xtcp_init);
module_exit(xtcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xtcp: an independent TCP/IPv4 behind its own address family");
MODULE_AUTHOR("The xtcp developers");
