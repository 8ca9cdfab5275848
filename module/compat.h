/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels xtcp builds against (6.1 and
 * 6.12), kept in this one header so no other file carries version checks.
 */
#ifndef _XTCP_COMPAT_H
#define _XTCP_COMPAT_H

#include <linux/version.h>
#include <linux/net.h>
#include <net/sock.h>

/*
 * proto_ops.accept: since 6.10 the flags travel in a struct proto_accept_arg
 * (commit "net: have do_accept() take a struct proto_accept_arg argument");
 * before, they were two arguments.  xtcp's own accept takes (flags, kern) and
 * this macro defines the callback of the right shape around it.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define XTCP_DEFINE_PROTO_OPS_ACCEPT(name, impl)			\
static int name(struct socket *sock, struct socket *newsock,		\
		struct proto_accept_arg *arg)				\
{									\
	return impl(sock, newsock, arg->flags, arg->kern);		\
}
#else
#define XTCP_DEFINE_PROTO_OPS_ACCEPT(name, impl)			\
static int name(struct socket *sock, struct socket *newsock,		\
		int flags, bool kern)					\
{									\
	return impl(sock, newsock, flags, kern);			\
}
#endif

#endif /* _XTCP_COMPAT_H */
