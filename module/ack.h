/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Acknowledgments on the sending side: freeing, RTT, windows, recovery.
 */
#ifndef _XTCP_ACK_H
#define _XTCP_ACK_H

#include <linux/skbuff.h>
#include <net/sock.h>

void xtcp_ack_process(struct sock *sk, const struct sk_buff *skb);
void xtcp_ack_init(struct sock *sk);
void xtcp_enter_loss(struct sock *sk);
bool xtcp_mark_too_big_lost(struct sock *sk);
void xtcp_simple_retransmit(struct sock *sk);

#endif /* _XTCP_ACK_H */
