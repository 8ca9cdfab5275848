/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's timers as events: the rest of the stack says what happened and
 * timer.c decides what to arm or stop.  No other file touches a timer_list.
 */
#ifndef _XTCP_TIMER_H
#define _XTCP_TIMER_H

#include <linux/timer.h>
#include <net/sock.h>

/**
 * struct xtcp_timer - one of a connection's timers
 * @list: the kernel timer; it holds a socket reference while pending
 * @due: jiffies when the event is due, valid while @armed
 * @armed: the event is wanted
 *
 * The kernel timer may fire before @due: when it found the socket owned
 * by a process it came back a little later, and meanwhile the event may
 * have been moved or cancelled; @due and @armed say what holds now (as
 * Linux's icsk_timeout and icsk_pending).
 */
struct xtcp_timer {
	struct timer_list list;
	unsigned long due;
	bool armed;
};

void xtcp_timer_init(struct sock *sk);
void xtcp_timer_control_sent(struct sock *sk);
void xtcp_timer_control_acked(struct sock *sk);
unsigned long xtcp_time_wait_len(void);
void xtcp_timer_time_wait(struct sock *sk);
void xtcp_timer_fin_wait2(struct sock *sk);
void xtcp_timer_stop_all(struct sock *sk);
void xtcp_timer_set_rto(struct sock *sk, unsigned long rto);
void xtcp_timer_data_sent(struct sock *sk);
void xtcp_timer_data_acked(struct sock *sk);
bool xtcp_timer_rto_revert(struct sock *sk);
void xtcp_timer_persist(struct sock *sk);
void xtcp_timer_keepalive(struct sock *sk, int on);
unsigned long xtcp_keepalive_idle(const struct sock *sk);
unsigned long xtcp_keepalive_intvl(const struct sock *sk);
unsigned int xtcp_keepalive_cnt(const struct sock *sk);
void xtcp_timer_delack_arm(struct sock *sk, unsigned long when);
void xtcp_timer_delack_cancel(struct sock *sk);
bool xtcp_timer_armed(const struct xtcp_timer *t, unsigned long *due);

#endif /* _XTCP_TIMER_H */
