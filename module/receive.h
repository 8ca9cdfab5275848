/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive side of the byte stream, seen from the rest of the stack:
 * segment text and FIN in, receive window and ACK policy out.
 */
#ifndef _XTCP_RECEIVE_H
#define _XTCP_RECEIVE_H

#include <linux/skbuff.h>
#include <net/sock.h>

#include "core/options.h"

void xtcp_receive_sock_init(struct sock *sk);
void xtcp_receive_init(struct sock *sk);
void xtcp_receive_purge(struct sock *sk);
void xtcp_data_queue(struct sock *sk, struct sk_buff *skb);
u32 xtcp_receive_window(const struct sock *sk);
u16 xtcp_select_window(struct sock *sk, u8 flags);
u16 xtcp_syn_window_of(const struct sock *listener, bool wscale_ok,
		       u16 adv_mss);
void xtcp_ack_sent(struct sock *sk);
void xtcp_ack_schedule(struct sock *sk, bool now);
void xtcp_receive_consumed(struct sock *sk);
void xtcp_receive_delack_expired(struct sock *sk);
unsigned int xtcp_receive_sack_blocks(const struct sock *sk,
				      struct xtcp_sack_block *blocks,
				      unsigned int max);

#endif /* _XTCP_RECEIVE_H */
