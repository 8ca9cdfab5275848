// SPDX-License-Identifier: GPL-2.0
/*
 * The timers of a connection and what happens when they fire.
 *
 *   rtx_timer   retransmission of an unacknowledged SYN, SYN-ACK or FIN;
 *               deadline now + RTO, the RTO starting at 1 s (RFC 6298 2.1)
 *               and doubling on each expiry (5.5) up to 120 s; after
 *               syn_retries (SYN), synack_retries (SYN-ACK) or
 *               orphan_retries (FIN) expiries the connection is dropped.
 *   wait_timer  TIME-WAIT: 2*MSL (time_wait_ms) after entering it, the
 *               connection is closed; FIN-WAIT-2 of an orphan: after
 *               fin_timeout_ms without the peer's FIN it is closed.
 *
 * Both run in softirq context.  When the socket is owned by a process at
 * that moment, the timer comes back a little later rather than block.
 */
#include <linux/moduleparam.h>

#include "output.h"
#include "sock.h"
#include "stats.h"
#include "timer.h"

#define XTCP_RTO_INIT		HZ
#define XTCP_RTO_MAX		(120 * HZ)
#define XTCP_TIMER_RETRY	(HZ / 20)

static unsigned int syn_retries = 6;
module_param(syn_retries, uint, 0644);
MODULE_PARM_DESC(syn_retries, "SYN retransmissions before connect() fails with ETIMEDOUT (Linux: tcp_syn_retries)");

static unsigned int synack_retries = 5;
module_param(synack_retries, uint, 0644);
MODULE_PARM_DESC(synack_retries, "SYN-ACK retransmissions before a half-open connection is dropped (Linux: tcp_synack_retries)");

static unsigned int orphan_retries = 8;
module_param(orphan_retries, uint, 0644);
MODULE_PARM_DESC(orphan_retries, "FIN retransmissions of a closed socket before it is dropped (Linux: tcp_orphan_retries)");

static unsigned int time_wait_ms = 60000;
module_param(time_wait_ms, uint, 0644);
MODULE_PARM_DESC(time_wait_ms, "TIME-WAIT duration (2*MSL) in milliseconds (Linux: 60000)");

static unsigned int fin_timeout_ms = 60000;
module_param(fin_timeout_ms, uint, 0644);
MODULE_PARM_DESC(fin_timeout_ms, "how long a closed socket waits in FIN-WAIT-2 for the peer's FIN (Linux: tcp_fin_timeout)");

static unsigned int xtcp_retry_limit(const struct sock *sk)
{
	switch (sk->sk_state) {
	case XTCP_SYN_SENT:
		return xtcp_sk(sk)->syn_retries;
	case XTCP_SYN_RECV:
		return READ_ONCE(synack_retries);
	default:
		return READ_ONCE(orphan_retries);
	}
}

static void xtcp_rtx_expired(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	switch (sk->sk_state) {
	case XTCP_SYN_SENT:
	case XTCP_SYN_RECV:
	case XTCP_FIN_WAIT1:
	case XTCP_CLOSING:
	case XTCP_LAST_ACK:
		break;
	default:
		return;		/* acknowledged meanwhile */
	}
	if (xs->retries >= xtcp_retry_limit(sk)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_TIMEOUTS);
		xtcp_timeout(sk);
		return;
	}
	xs->retries++;
	xs->rto = min_t(unsigned long, xs->rto * 2, XTCP_RTO_MAX);
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_RETRANS_SEGS);
	if (sk->sk_state == XTCP_SYN_SENT || sk->sk_state == XTCP_SYN_RECV)
		xtcp_send_syn(sk);
	else
		xtcp_send_fin(sk);
	sk_reset_timer(sk, &xs->rtx_timer, jiffies + xs->rto);
}

static void xtcp_rtx_timer_fn(struct timer_list *t)
{
	struct xtcp_sock *xs = from_timer(xs, t, rtx_timer);
	struct sock *sk = &xs->sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		sk_reset_timer(sk, &xs->rtx_timer, jiffies + XTCP_TIMER_RETRY);
	else
		xtcp_rtx_expired(sk);
	bh_unlock_sock(sk);
	sock_put(sk);
}

static void xtcp_wait_timer_fn(struct timer_list *t)
{
	struct xtcp_sock *xs = from_timer(xs, t, wait_timer);
	struct sock *sk = &xs->sk;

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk))
		sk_reset_timer(sk, &xs->wait_timer, jiffies + XTCP_TIMER_RETRY);
	else if (sk->sk_state == XTCP_TIME_WAIT ||
		 sk->sk_state == XTCP_FIN_WAIT2)
		xtcp_done(sk, 0);
	bh_unlock_sock(sk);
	sock_put(sk);
}

/**
 * xtcp_timer_init() - set up a new socket's timers
 * @sk: the socket
 */
void xtcp_timer_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	timer_setup(&xs->rtx_timer, xtcp_rtx_timer_fn, 0);
	timer_setup(&xs->wait_timer, xtcp_wait_timer_fn, 0);
	xs->rto = XTCP_RTO_INIT;
	xs->syn_retries = min_t(unsigned int, READ_ONCE(syn_retries), U8_MAX);
}

/**
 * xtcp_timer_control_sent() - a SYN, SYN-ACK or FIN went out for the first time
 * @sk: the connection, locked
 */
void xtcp_timer_control_sent(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->retries = 0;
	sk_reset_timer(sk, &xs->rtx_timer, jiffies + xs->rto);
}

/**
 * xtcp_timer_control_acked() - the peer acknowledged our SYN or FIN
 * @sk: the connection, locked
 */
void xtcp_timer_control_acked(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	sk_stop_timer(sk, &xs->rtx_timer);
	xs->retries = 0;
	xs->rto = XTCP_RTO_INIT;
}

/**
 * xtcp_timer_time_wait() - the connection entered TIME-WAIT, or a
 *	retransmitted FIN restarted it (RFC 9293 3.10.7.4)
 * @sk: the connection, locked
 */
void xtcp_timer_time_wait(struct sock *sk)
{
	sk_stop_timer(sk, &xtcp_sk(sk)->rtx_timer);
	sk_reset_timer(sk, &xtcp_sk(sk)->wait_timer,
		       jiffies + msecs_to_jiffies(READ_ONCE(time_wait_ms)));
}

/**
 * xtcp_timer_fin_wait2() - an orphan waits in FIN-WAIT-2 for the peer's FIN
 * @sk: the connection, locked
 */
void xtcp_timer_fin_wait2(struct sock *sk)
{
	sk_reset_timer(sk, &xtcp_sk(sk)->wait_timer,
		       jiffies + msecs_to_jiffies(READ_ONCE(fin_timeout_ms)));
}

/**
 * xtcp_timer_stop_all() - the connection is closed: no timer may fire
 * @sk: the connection, locked
 */
void xtcp_timer_stop_all(struct sock *sk)
{
	sk_stop_timer(sk, &xtcp_sk(sk)->rtx_timer);
	sk_stop_timer(sk, &xtcp_sk(sk)->wait_timer);
}
