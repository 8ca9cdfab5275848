/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receiving segments: validation, demultiplexing and the state machine.
 */
#ifndef _XTCP_INPUT_H
#define _XTCP_INPUT_H

#include <linux/skbuff.h>
#include <net/sock.h>

void xtcp_tcp_rcv(struct sk_buff *skb);
void xtcp_rcv_state_process(struct sock *sk, struct sk_buff *skb);
void xtcp_rcv_fin(struct sock *sk);

#endif /* _XTCP_INPUT_H */
