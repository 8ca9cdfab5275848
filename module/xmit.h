/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sending the byte stream: pushing queued data, retransmission and probes.
 */
#ifndef _XTCP_XMIT_H
#define _XTCP_XMIT_H

#include <linux/skbuff.h>
#include <net/sock.h>

u32 xtcp_send_mss(const struct sock *sk);
u16 xtcp_mss_for_mtu(const struct sock *sk, u32 pmtu);
void xtcp_sync_mss(struct sock *sk, u32 pmtu);
void xtcp_push(struct sock *sk, int nonagle);
int xtcp_retransmit_skb(struct sock *sk, struct sk_buff *skb);
bool xtcp_send_window_fill(struct sock *sk);
int xtcp_send_probe(struct sock *sk);
void xtcp_send_loss_probe(struct sock *sk);

#endif /* _XTCP_XMIT_H */
