/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handing received data to the user.
 */
#ifndef _XTCP_RECV_H
#define _XTCP_RECV_H

#include <linux/socket.h>
#include <net/sock.h>

int xtcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags);
bool xtcp_readable(const struct sock *sk);
int xtcp_ioctl_inq(struct sock *sk, int __user *arg);

#endif /* _XTCP_RECV_H */
