/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The socket layer of xtcp: the proto_ops behind an AF_XTCP stream socket.
 */
#ifndef _XTCP_SOCKET_H
#define _XTCP_SOCKET_H

#include <linux/net.h>

extern struct proto_ops xtcp_stream_ops;

void xtcp_socket_graft_flags(struct socket *sock);

#endif /* _XTCP_SOCKET_H */
