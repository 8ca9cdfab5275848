/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The send queue of the byte stream: sendmsg(), our FIN, what is queued.
 */
#ifndef _XTCP_SEND_H
#define _XTCP_SEND_H

#include <linux/skbuff.h>
#include <net/sock.h>

void xtcp_send_sock_init(struct sock *sk);
void xtcp_sndbuf_expand(struct sock *sk);
void xtcp_write_space(struct sock *sk);
int xtcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
void xtcp_queue_fin(struct sock *sk);
int xtcp_split_segment(struct sock *sk, struct sk_buff_head *queue,
		       struct sk_buff *skb, u32 len);
void xtcp_send_free_acked(struct sock *sk, struct sk_buff *skb);
void xtcp_send_purge(struct sock *sk);
int xtcp_outq(const struct sock *sk);
int xtcp_outq_unsent(const struct sock *sk);

#endif /* _XTCP_SEND_H */
