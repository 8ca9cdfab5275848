/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building and sending segments.
 */
#ifndef _XTCP_OUTPUT_H
#define _XTCP_OUTPUT_H

#include <net/sock.h>

#include "core/options.h"

int xtcp_send_syn(struct sock *sk);
int xtcp_send_ack(struct sock *sk);
int xtcp_send_ack_at(struct sock *sk, u32 seq);
int xtcp_send_active_reset(struct sock *sk, gfp_t gfp);
int xtcp_send_challenge_ack(struct sock *sk);
int xtcp_send_dupack(struct sock *sk, const struct sk_buff *skb);
void xtcp_send_reset_reply(struct net *net, const struct sk_buff *in);
int xtcp_send_synack_stateless(struct sock *listener, const struct sk_buff *syn,
			       u32 iss, struct xtcp_syn_options *opts);

#endif /* _XTCP_OUTPUT_H */
