/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's timers as events: the rest of the stack says what happened and
 * timer.c decides what to arm or stop.  No other file touches a timer_list.
 */
#ifndef _XTCP_TIMER_H
#define _XTCP_TIMER_H

#include <net/sock.h>

void xtcp_timer_init(struct sock *sk);
void xtcp_timer_control_sent(struct sock *sk);
void xtcp_timer_control_acked(struct sock *sk);
void xtcp_timer_time_wait(struct sock *sk);
void xtcp_timer_fin_wait2(struct sock *sk);
void xtcp_timer_stop_all(struct sock *sk);
void xtcp_timer_set_rto(struct sock *sk, unsigned long rto);
void xtcp_timer_data_sent(struct sock *sk);
void xtcp_timer_data_acked(struct sock *sk);
void xtcp_timer_persist(struct sock *sk);
void xtcp_timer_keepalive(struct sock *sk, int on);
unsigned long xtcp_keepalive_idle(const struct sock *sk);
unsigned long xtcp_keepalive_intvl(const struct sock *sk);
unsigned int xtcp_keepalive_cnt(const struct sock *sk);
void xtcp_timer_delack_arm(struct sock *sk, unsigned long when);
void xtcp_timer_delack_cancel(struct sock *sk);

#endif /* _XTCP_TIMER_H */
