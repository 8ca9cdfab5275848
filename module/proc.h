/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/net/xtcp, the socket list in /proc/net/tcp's format.
 */
#ifndef _XTCP_PROC_H
#define _XTCP_PROC_H

#include <net/net_namespace.h>

int xtcp_proc_net_init(struct net *net);
void xtcp_proc_net_exit(struct net *net);

#endif /* _XTCP_PROC_H */
