/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive buffer autotuning (rcvbuf.c): the receive side tells it what
 * arrived and what the reader took; it grows SO_RCVBUF to match.
 */
#ifndef _XTCP_RCVBUF_H
#define _XTCP_RCVBUF_H

#include <linux/skbuff.h>
#include <net/sock.h>

void xtcp_rcvbuf_init(struct sock *sk);
void xtcp_rcvbuf_rtt_measure(struct sock *sk, const struct sk_buff *skb);
void xtcp_rcvbuf_adjust(struct sock *sk);

#endif /* _XTCP_RCVBUF_H */
