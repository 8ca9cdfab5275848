/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sender's SACK scoreboard (sack.c), used by the ACK processing of
 * ack.c to find and repair losses.
 */
#ifndef _XTCP_SACK_H
#define _XTCP_SACK_H

#include <linux/skbuff.h>
#include <net/sock.h>

u32 xtcp_sack_update(struct sock *sk, const struct sk_buff *skb);
void xtcp_sack_delivered(struct sock *sk, const struct sk_buff *skb,
			 u64 now_ns);
bool xtcp_sack_loss_detected(const struct sock *sk);
void xtcp_sack_mark_lost(struct sock *sk, bool head_too);
void xtcp_sack_recovery_start(struct sock *sk);
void xtcp_sack_clear(struct sock *sk);

#endif /* _XTCP_SACK_H */
