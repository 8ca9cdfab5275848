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

/*
 * Sysctl tables.  Since 6.6 a net sysctl table is registered with its size
 * (commit "sysctl: Add size to register_net_sysctl function"), and
 * register_net_sysctl() became a macro taking ARRAY_SIZE() of an array;
 * before, the table ended at an empty sentinel entry.  xtcp's tables keep
 * the sentinel, so either way works: @n counts the entries before it.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define xtcp_register_net_sysctl(net, path, table, n)			\
	register_net_sysctl_sz(net, path, table, n)
#else
#define xtcp_register_net_sysctl(net, path, table, n)			\
	register_net_sysctl(net, path, table)
#endif

/*
 * Since 6.11 a proc_handler takes a const struct ctl_table (commit
 * "sysctl: treewide: constify the ctl_table argument of proc_handlers").
 * Handlers are declared with XTCP_CTL_TABLE_CONST struct ctl_table *.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define XTCP_CTL_TABLE_CONST const
#else
#define XTCP_CTL_TABLE_CONST
#endif

/*
 * skb_gso_validate_network_len() moved from <linux/skbuff.h> to the new
 * <net/gso.h> in 6.5 (commit "net: move gso declarations and functions to
 * their own files").
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/*
 * SOL_SOCKET options of a family other than AF_INET/AF_INET6 go through the
 * family's own setsockopt only when the socket carries SOCK_CUSTOM_SOCKOPT
 * (6.7+, commit "net: set SOCK_CUSTOM_SOCKOPT for udp_tunnel..." era; 6.1
 * offers it to MPTCP alone).  Without it the generic sock_setsockopt()
 * refuses SO_REUSEPORT with EOPNOTSUPP.
 */
static inline void xtcp_compat_custom_sol_socket(struct socket *sock)
{
#ifdef SOCK_CUSTOM_SOCKOPT
	set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
#endif
}

/*
 * nf_queue_nf_hook_drop() is exported (GPL) by both kernels but declared
 * only in net/netfilter/nf_internals.h, which is not installed with the
 * headers; the prototype is the same in 6.1 and 6.12.
 */
void nf_queue_nf_hook_drop(struct net *net);

#endif /* _XTCP_COMPAT_H */
