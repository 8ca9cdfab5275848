/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP-level socket options.
 */
#ifndef _XTCP_SOCKOPT_H
#define _XTCP_SOCKOPT_H

#include <linux/sockptr.h>
#include <net/sock.h>

int xtcp_setsockopt_tcp(struct sock *sk, int optname, sockptr_t optval,
			unsigned int optlen);
int xtcp_getsockopt_tcp(struct sock *sk, int optname, char __user *optval,
			int __user *optlen);

#endif /* _XTCP_SOCKOPT_H */
