/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xtcp socket: struct xtcp_sock and the transport-level operations
 * (struct proto) that the socket layer calls.
 */
#ifndef _XTCP_SOCK_H
#define _XTCP_SOCK_H

#include <net/sock.h>

#include "core/state.h"

/**
 * struct xtcp_sock - one xtcp socket
 * @sk: the generic socket; must stay first so sk_alloc() sizes and frees
 *	the whole structure through &struct proto.obj_size
 */
struct xtcp_sock {
	struct sock sk;
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return container_of(sk, struct xtcp_sock, sk);
}

extern struct proto xtcp_prot;

void xtcp_sock_init(struct sock *sk);

#endif /* _XTCP_SOCK_H */
