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

#endif /* _XTCP_TIMER_H */
