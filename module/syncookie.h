/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SYN cookies: a listener whose SYN queue is full answers from no state.
 */
#ifndef _XTCP_SYNCOOKIE_H
#define _XTCP_SYNCOOKIE_H

#include <linux/skbuff.h>
#include <net/sock.h>

void xtcp_cookie_init(void);
bool xtcp_cookie_always(const struct net *net);
bool xtcp_cookie_flood_action(struct sock *listener, const struct sk_buff *syn);
void xtcp_cookie_send(struct sock *listener, const struct sk_buff *syn);
bool xtcp_cookie_ack(struct sock *listener, struct sk_buff *ack);

#endif /* _XTCP_SYNCOOKIE_H */
