// SPDX-License-Identifier: GPL-2.0
/*
 * The timers of a connection and what happens when they fire.
 *
 *   rtx_timer   retransmission of an unacknowledged SYN or SYN-ACK, or of
 *               the oldest unacknowledged data segment or FIN; deadline
 *               now + RTO, the RTO starting at 1 s (RFC 6298 2.1), then
 *               measured (ack.c, core/rtt.h), at least 200 ms, doubling
 *               on each expiry (5.5) up to 120 s.  After syn_retries (SYN)
 *               or synack_retries (SYN-ACK) expiries; for data, once
 *               retransmitting has lasted as long as retries2 expiries
 *               (or, for a closed socket, an orphan, the namespace's
 *               net.ipv4.tcp_orphan_retries by Linux's rule,
 *               core/orphan.h) would take backing off from 200 ms
 *               (core/rtt.h's xtcp_model_timeout()), or once
 *               TCP_USER_TIMEOUT has passed, the connection is dropped
 *               with ETIMEDOUT.  With nothing in
 *               flight and the peer's window closed it is the persist
 *               timer: it sends window probes, backing off like the RTO;
 *               an orphan is dropped even when its probes are answered.
 *               Either way an orphan goes sooner, with a reset, when there
 *               are too many (orphan.c).
 *               On a SACK connection with an RTT estimate and no recovery
 *               under way it first runs as the probe timer of RFC 8985's
 *               tail loss probe: after two round trips without an ACK
 *               one segment goes out (new, else the last one sent again)
 *               so that the peer's SACK shows a loss at the tail of the
 *               flight, and the RTO only follows.
 *   wait_timer  TIME-WAIT: 2*MSL (time_wait_ms) after entering it, the
 *               connection is closed; FIN-WAIT-2 of an orphan: after
 *               fin_timeout_ms without the peer's FIN it is closed.
 *   keepalive_timer  SO_KEEPALIVE: after TCP_KEEPIDLE without a segment
 *               from the peer, probes every TCP_KEEPINTVL; TCP_KEEPCNT
 *               unanswered ones end the connection with ETIMEDOUT.
 *   delack_timer the delayed ACK (RFC 9293 3.8.6.3, RFC 5681 4.2): armed
 *               by the receive side (receive.c) when data arrived that it
 *               does not acknowledge at once; deadline now + delack_ms
 *               (40 ms, Linux's minimum); on expiry receive.c sends the
 *               ACK still owed.
 *
 * All run in softirq context.  When the socket is owned by a process at
 * that moment, the timer comes back a little later rather than block; each
 * timer keeps the time its event is due and whether it is wanted (struct
 * xtcp_timer), so an expiry that comes back after the process moved or
 * cancelled the event does what the connection wants now (the rule of
 * core/timer_rule.c), not what it wanted when the timer was armed.
 */
#include <linux/moduleparam.h>

#include "ack.h"
#include "core/rtt.h"
#include "core/orphan.h"
#include "core/timer_rule.h"
#include "orphan.h"
#include "output.h"
#include "receive.h"
#include "sock.h"
#include "stats.h"
#include "timer.h"
#include "wire.h"
#include "xmit.h"

/* RFC 6298's bounds (core/rtt.h), in jiffies. */
#define XTCP_RTO_INIT		msecs_to_jiffies(XTCP_RTO_INIT_MS)
#define XTCP_RTO_MIN		msecs_to_jiffies(XTCP_RTO_MIN_MS)
#define XTCP_RTO_MAX		msecs_to_jiffies(XTCP_RTO_MAX_MS)
#define XTCP_BUSY_RETRY	(HZ / 20)
/* A delayed ACK that finds the socket busy comes back after a tick. */
#define XTCP_DELACK_RETRY	1

static unsigned int syn_retries = 6;
module_param(syn_retries, uint, 0644);
MODULE_PARM_DESC(syn_retries, "SYN retransmissions before connect() fails with ETIMEDOUT (Linux: tcp_syn_retries)");

static unsigned int synack_retries = 5;
module_param(synack_retries, uint, 0644);
MODULE_PARM_DESC(synack_retries, "SYN-ACK retransmissions before a half-open connection is dropped (Linux: tcp_synack_retries)");

static unsigned int time_wait_ms = 60000;
module_param(time_wait_ms, uint, 0644);
MODULE_PARM_DESC(time_wait_ms, "TIME-WAIT duration (2*MSL) in milliseconds (Linux: 60000)");

static unsigned int fin_timeout_ms = 60000;
module_param(fin_timeout_ms, uint, 0644);
MODULE_PARM_DESC(fin_timeout_ms, "how long a closed socket waits in FIN-WAIT-2 for the peer's FIN (Linux: tcp_fin_timeout)");

static unsigned int retries2 = 15;
module_param(retries2, uint, 0644);
MODULE_PARM_DESC(retries2, "data is retransmitted for as long as this many back-offs from 200 ms take before the connection is dropped (Linux: tcp_retries2)");

static unsigned int keepalive_time_s = 7200;
module_param(keepalive_time_s, uint, 0644);
MODULE_PARM_DESC(keepalive_time_s, "default TCP_KEEPIDLE, seconds (Linux: tcp_keepalive_time)");

static unsigned int keepalive_intvl_s = 75;
module_param(keepalive_intvl_s, uint, 0644);
MODULE_PARM_DESC(keepalive_intvl_s, "default TCP_KEEPINTVL, seconds (Linux: tcp_keepalive_intvl)");

static unsigned int keepalive_probes = 9;
module_param(keepalive_probes, uint, 0644);
MODULE_PARM_DESC(keepalive_probes, "default TCP_KEEPCNT (Linux: tcp_keepalive_probes)");

/* Want the event at @when (jiffies), replacing any earlier wish. */
static void xtcp_timer_arm(struct sock *sk, struct xtcp_timer *t,
			   unsigned long when)
{
	WRITE_ONCE(t->due, when);
	WRITE_ONCE(t->armed, true);
	sk_reset_timer(sk, &t->list, when);
}

/* No longer want the event; an expiry already under way finds it so. */
static void xtcp_timer_disarm(struct sock *sk, struct xtcp_timer *t)
{
	WRITE_ONCE(t->armed, false);
	sk_stop_timer(sk, &t->list);
}

static unsigned int xtcp_retry_limit(const struct sock *sk)
{
	switch (sk->sk_state) {
	case XTCP_SYN_SENT:
		return xtcp_sk(sk)->syn_retries;
	case XTCP_SYN_RECV:
		return READ_ONCE(synack_retries);
	default:
		if (sock_flag(sk, SOCK_DEAD))
			return xtcp_orphan_retry_limit(sk, xtcp_sk(sk)->rto <
							   XTCP_RTO_MAX);
		return READ_ONCE(retries2);
	}
}

/*
 * Has the connection retransmitted for too long?  (RFC 9293 3.8.3 R2)  As
 * Linux's tcp_write_timeout(): a handshake counts its retransmissions; a
 * synchronized connection measures the time since the oldest
 * unacknowledged segment left against TCP_USER_TIMEOUT, or against the
 * time its retries would take backing off from the minimum RTO
 * (core/rtt.h's xtcp_model_timeout(), Linux's retransmits_timed_out()).
 */
static bool xtcp_retries_exhausted(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *head = skb_peek(&xs->rtx_queue);
	unsigned long limit;

	if (sk->sk_state == XTCP_SYN_SENT || sk->sk_state == XTCP_SYN_RECV ||
	    !head)
		return xs->retries >= xtcp_retry_limit(sk);
	if (!xs->retries)
		return false;
	if (xs->user_timeout_ms)
		limit = msecs_to_jiffies(xs->user_timeout_ms);
	else
		limit = xtcp_model_timeout(xtcp_retry_limit(sk), XTCP_RTO_MIN,
					   XTCP_RTO_MAX);
	return time_after_eq(jiffies, XTCP_TX_CB(head)->first_sent + limit);
}

/*
 * The persist timer fired: probe the closed window (RFC 9293 3.8.6.1).  A
 * peer that answers keeps a connection for ever, but not an orphan, as in
 * Linux's tcp_probe_timer(): once the probe interval has reached the RTO
 * ceiling and it has been probed its orphan retries it goes, answered or
 * not (the Sockstress defence); and too many orphans drop it sooner.
 */
static void xtcp_persist_expired(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned long limit = xs->user_timeout_ms ?
		msecs_to_jiffies(xs->user_timeout_ms) : 0;
	unsigned int max_probes = xtcp_retry_limit(sk);

	if (skb_queue_empty(&sk->sk_write_queue))
		return;
	if (sock_flag(sk, SOCK_DEAD)) {
		bool alive = xs->persist_backoff < XTCP_RTO_MAX;

		max_probes = xtcp_orphan_retry_limit(sk, alive);
		if (xtcp_orphan_probe_abort(xs->persist_probes, alive,
					    max_probes))
			goto timeout;
		if (xtcp_orphan_out_of_resources(sk, true))
			return;
	}
	/* A peer that answers keeps the connection; a silent one does not. */
	if (xs->probes_out >= max_probes ||
	    (limit && time_after_eq(jiffies, xs->rcv_tstamp + limit)))
		goto timeout;
	/* A window open but smaller than the next segment takes a piece. */
	if (xtcp_send_window_fill(sk))
		return;
	xs->persist_probes++;
	xs->probes_out++;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_WIN_PROBES);
	xtcp_send_probe(sk);
	xs->persist_backoff = xtcp_rto_backoff(xs->persist_backoff,
					       XTCP_RTO_MAX);
	xtcp_timer_arm(sk, &xs->rtx_timer, jiffies + xs->persist_backoff);
	return;

timeout:
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_TIMEOUTS);
	xtcp_timeout(sk);
}

static void xtcp_rtx_expired(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	bool control = sk->sk_state == XTCP_SYN_SENT ||
		       sk->sk_state == XTCP_SYN_RECV;

	if ((1 << sk->sk_state) & ((1 << XTCP_CLOSE) | (1 << XTCP_LISTEN) |
				   (1 << XTCP_TIME_WAIT)))
		return;
	if (!control && skb_queue_empty(&xs->rtx_queue)) {
		if (xs->persist_pending)
			xtcp_persist_expired(sk);
		return;		/* acknowledged meanwhile */
	}
	if (xs->tlp_pending && !control) {
		/* Not yet the RTO: a probe first, the RTO after it. */
		xs->tlp_pending = false;
		xtcp_send_loss_probe(sk);
		xtcp_timer_arm(sk, &xs->rtx_timer, jiffies + xs->rto);
		return;
	}
	/* An orphan over the limit goes (tcp_write_timeout()). */
	if (!control && sock_flag(sk, SOCK_DEAD) &&
	    xtcp_orphan_out_of_resources(sk, xs->rto < XTCP_RTO_MAX ||
					 !xtcp_retries_exhausted(sk)))
		return;
	if (xtcp_retries_exhausted(sk)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_TIMEOUTS);
		xtcp_timeout(sk);
		return;
	}
	xs->retries++;
	if (xs->backoff < U8_MAX)
		xs->backoff++;
	xs->rto = xtcp_rto_backoff(xs->rto, XTCP_RTO_MAX);
	if (control) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_RETRANS_SEGS);
		xtcp_send_syn(sk);
	} else {
		xtcp_enter_loss(sk);
		xtcp_push(sk, XTCP_NAGLE_OFF);
	}
	xtcp_timer_arm(sk, &xs->rtx_timer, jiffies + xs->rto);
}

/**
 * xtcp_timer_rto_revert() - undo the last back-off of the retransmission
 *	timer (RFC 6069)
 * @sk: a connection with data in flight, locked, no process holding it
 *
 * A net or host unreachable about SND.UNA says the path is broken, not
 * congested (icmp.c): as Linux's tcp_ld_RTO_revert(), the RTO falls back
 * to the estimate's value backed off once less, and the timer is rearmed
 * for that time after the head's last transmission, or fires now if that
 * has passed.
 *
 * Return: true when the back-off was undone.
 */
bool xtcp_timer_rto_revert(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct sk_buff *head = skb_peek(&xs->rtx_queue);
	unsigned long rto, elapsed;
	unsigned int i;

	if (!head || !xs->retries || !xs->backoff || xs->persist_pending)
		return false;
	xs->backoff--;
	rto = xs->rtt.srtt_us ?
	      usecs_to_jiffies(xtcp_rto_us(&xs->rtt, jiffies_to_usecs(1))) :
	      XTCP_RTO_INIT;
	for (i = 0; i < xs->backoff && rto < XTCP_RTO_MAX; i++)
		rto = xtcp_rto_backoff(rto, XTCP_RTO_MAX);
	xs->rto = rto;
	elapsed = nsecs_to_jiffies(ktime_get_ns() - XTCP_TX_CB(head)->sent_ns);
	if (elapsed < rto)
		xtcp_timer_arm(sk, &xs->rtx_timer, jiffies + rto - elapsed);
	else
		xtcp_rtx_expired(sk);
	return true;
}

/*
 * A timer fired: run @expired under the socket lock if its event is due
 * (core/timer_rule.c); come back @retry later when a process owns the
 * socket, or at the new time when the event was moved.  Drops the
 * reference the pending timer held.
 */
static void xtcp_timer_fired(struct sock *sk, struct xtcp_timer *t,
			     unsigned long retry,
			     void (*expired)(struct sock *sk))
{
	unsigned long due;

	bh_lock_sock(sk);
	/* The owner may arm or disarm it meanwhile (not under this lock). */
	due = READ_ONCE(t->due);
	switch (xtcp_timer_verdict(READ_ONCE(t->armed), sock_owned_by_user(sk),
				   jiffies, due)) {
	case XTCP_TIMER_CANCELLED:
		break;
	case XTCP_TIMER_BUSY:
		/* Only the kernel timer moves: the event keeps its time. */
		sk_reset_timer(sk, &t->list, jiffies + retry);
		break;
	case XTCP_TIMER_MOVED:
		sk_reset_timer(sk, &t->list, due);
		break;
	case XTCP_TIMER_DUE:
		WRITE_ONCE(t->armed, false);
		expired(sk);
		break;
	}
	bh_unlock_sock(sk);
	sock_put(sk);
}

static void xtcp_rtx_timer_fn(struct timer_list *t)
{
	struct xtcp_sock *xs = from_timer(xs, t, rtx_timer.list);

	xtcp_timer_fired(&xs->inet.sk, &xs->rtx_timer, XTCP_BUSY_RETRY,
			 xtcp_rtx_expired);
}

/* The keepalive timer fired (RFC 9293 3.8.4, RFC 1122 4.2.3.6). */
static void xtcp_keepalive_expired(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned long idle, elapsed;

	if (!sock_flag(sk, SOCK_KEEPOPEN) ||
	    ((1 << sk->sk_state) & ((1 << XTCP_CLOSE) | (1 << XTCP_LISTEN) |
				    (1 << XTCP_SYN_SENT) | (1 << XTCP_SYN_RECV) |
				    (1 << XTCP_TIME_WAIT))))
		return;
	idle = xtcp_keepalive_idle(sk);
	/* Data in flight or waiting: retransmission watches the peer. */
	if (!skb_queue_empty(&xs->rtx_queue) ||
	    !skb_queue_empty(&sk->sk_write_queue)) {
		xtcp_timer_arm(sk, &xs->keepalive_timer, jiffies + idle);
		return;
	}
	elapsed = jiffies - xs->rcv_tstamp;
	if (elapsed < idle) {
		xtcp_timer_arm(sk, &xs->keepalive_timer,
			       jiffies + idle - elapsed);
		return;
	}
	if (xs->probes_out >= xtcp_keepalive_cnt(sk)) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_TIMEOUTS);
		xtcp_timeout(sk);
		return;
	}
	xs->probes_out++;
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_KEEPALIVE_PROBES);
	xtcp_send_probe(sk);
	xtcp_timer_arm(sk, &xs->keepalive_timer,
		       jiffies + xtcp_keepalive_intvl(sk));
}

static void xtcp_keepalive_timer_fn(struct timer_list *t)
{
	struct xtcp_sock *xs = from_timer(xs, t, keepalive_timer.list);

	xtcp_timer_fired(&xs->inet.sk, &xs->keepalive_timer, XTCP_BUSY_RETRY,
			 xtcp_keepalive_expired);
}

/* TIME-WAIT is over, or an orphan waited long enough in FIN-WAIT-2. */
static void xtcp_wait_expired(struct sock *sk)
{
	if (sk->sk_state == XTCP_TIME_WAIT || sk->sk_state == XTCP_FIN_WAIT2)
		xtcp_done(sk, 0);
}

static void xtcp_wait_timer_fn(struct timer_list *t)
{
	struct xtcp_sock *xs = from_timer(xs, t, wait_timer.list);

	xtcp_timer_fired(&xs->inet.sk, &xs->wait_timer, XTCP_BUSY_RETRY,
			 xtcp_wait_expired);
}

static void xtcp_delack_timer_fn(struct timer_list *t)
{
	struct xtcp_sock *xs = from_timer(xs, t, delack_timer.list);

	xtcp_timer_fired(&xs->inet.sk, &xs->delack_timer, XTCP_DELACK_RETRY,
			 xtcp_receive_delack_expired);
}

/**
 * xtcp_timer_init() - set up a new socket's timers
 * @sk: the socket
 */
void xtcp_timer_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	timer_setup(&xs->rtx_timer.list, xtcp_rtx_timer_fn, 0);
	timer_setup(&xs->wait_timer.list, xtcp_wait_timer_fn, 0);
	timer_setup(&xs->keepalive_timer.list, xtcp_keepalive_timer_fn, 0);
	timer_setup(&xs->delack_timer.list, xtcp_delack_timer_fn, 0);
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
	xs->backoff = 0;
	xtcp_timer_arm(sk, &xs->rtx_timer, jiffies + xs->rto);
}

/**
 * xtcp_timer_control_acked() - the peer acknowledged our SYN or FIN
 * @sk: the connection, locked
 */
void xtcp_timer_control_acked(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_timer_disarm(sk, &xs->rtx_timer);
	xs->retries = 0;
	xs->backoff = 0;
	xs->rto = XTCP_RTO_INIT;
}

/**
 * xtcp_time_wait_len() - the length of TIME-WAIT (2*MSL)
 *
 * Return: time_wait_ms, in jiffies.
 */
unsigned long xtcp_time_wait_len(void)
{
	return msecs_to_jiffies(READ_ONCE(time_wait_ms));
}

/**
 * xtcp_timer_time_wait() - the connection entered TIME-WAIT, or a
 *	retransmitted FIN restarted it (RFC 9293 3.10.7.4)
 * @sk: the connection, locked
 */
void xtcp_timer_time_wait(struct sock *sk)
{
	xtcp_timer_disarm(sk, &xtcp_sk(sk)->rtx_timer);
	xtcp_timer_arm(sk, &xtcp_sk(sk)->wait_timer,
		       jiffies + xtcp_time_wait_len());
}

/**
 * xtcp_timer_fin_wait2() - an orphan waits in FIN-WAIT-2 for the peer's FIN
 * @sk: the connection, locked
 */
void xtcp_timer_fin_wait2(struct sock *sk)
{
	xtcp_timer_arm(sk, &xtcp_sk(sk)->wait_timer,
		       jiffies + msecs_to_jiffies(READ_ONCE(fin_timeout_ms)));
}

/**
 * xtcp_timer_stop_all() - the connection is closed: no timer may fire
 * @sk: the connection, locked
 */
void xtcp_timer_stop_all(struct sock *sk)
{
	xtcp_timer_disarm(sk, &xtcp_sk(sk)->rtx_timer);
	xtcp_timer_disarm(sk, &xtcp_sk(sk)->wait_timer);
	xtcp_timer_disarm(sk, &xtcp_sk(sk)->keepalive_timer);
	xtcp_timer_disarm(sk, &xtcp_sk(sk)->delack_timer);
	xtcp_sk(sk)->persist_pending = false;
}

/**
 * xtcp_timer_set_rto() - a new retransmission timeout from RTT samples
 * @sk: the connection, locked
 * @rto: the computed value, jiffies, already within its bounds
 *	(xtcp_rto_us(): 200 ms .. 120 s)
 */
void xtcp_timer_set_rto(struct sock *sk, unsigned long rto)
{
	xtcp_sk(sk)->rto = rto;
}

/*
 * The probe timeout of RFC 8985 7.2 (core/rtt.h: two smoothed round
 * trips, at least 10 ms, plus the peer's worst delayed-ACK time when only
 * one segment is out), in jiffies.  0 when no tail loss probe is due: it
 * needs SACK (the probe's ACK shows what was lost), an RTT estimate, no
 * recovery or back-off under way, and no earlier probe unanswered.
 */
static unsigned long xtcp_tlp_timeout(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->sack_ok || !xs->rtt.srtt_us || xs->ca_state != XTCP_CA_OPEN ||
	    xs->retries || xs->tlp_high_seq)
		return 0;
	return usecs_to_jiffies(xtcp_tlp_pto_us(xs->rtt.srtt_us,
						xs->snd_nxt - xs->snd_una,
						xs->mss));
}

/*
 * Arm the retransmission timer for the data in flight: as the probe timer
 * when a tail loss probe is due, never later than the RTO (as Linux).
 */
static void xtcp_timer_rto_arm(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	unsigned long pto = xtcp_tlp_timeout(sk);

	xs->tlp_pending = pto != 0;
	xtcp_timer_arm(sk, &xs->rtx_timer,
		       jiffies + (pto ? min(pto, xs->rto) : xs->rto));
}

/**
 * xtcp_timer_data_sent() - a data segment or FIN left for the first time
 * @sk: the connection, locked
 *
 * RFC 6298 5.1: the timer starts when it is not running (a persist timer
 * gives way to it).
 */
void xtcp_timer_data_sent(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->persist_pending || xs->tlp_pending ||
	    !xs->rtx_timer.armed) {
		xs->persist_pending = false;
		xtcp_timer_rto_arm(sk);
	}
}

/**
 * xtcp_timer_data_acked() - an ACK acknowledged new data
 * @sk: the connection, locked
 *
 * RFC 6298 5.2 and 5.3: stop the timer when nothing is outstanding, else
 * restart it; the back-off ends.
 */
void xtcp_timer_data_acked(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->retries = 0;
	xs->backoff = 0;
	xs->persist_pending = false;
	xs->tlp_pending = false;
	if (skb_queue_empty(&xs->rtx_queue))
		xtcp_timer_disarm(sk, &xs->rtx_timer);
	else
		xtcp_timer_rto_arm(sk);
}

/**
 * xtcp_timer_persist() - the peer's window stops our data, nothing in flight
 * @sk: the connection, locked
 *
 * Starts the persist timer unless it runs already; the first probe comes
 * after one RTO.
 */
void xtcp_timer_persist(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->persist_pending && xs->rtx_timer.armed)
		return;
	xs->persist_pending = true;
	xs->tlp_pending = false;
	xs->persist_probes = 0;
	xs->persist_backoff = max_t(unsigned long, xs->rto, XTCP_RTO_MIN);
	xtcp_timer_arm(sk, &xs->rtx_timer, jiffies + xs->persist_backoff);
}

/**
 * xtcp_keepalive_idle() - the connection's keepalive idle time
 * @sk: the connection
 *
 * Return: TCP_KEEPIDLE if set, else the keepalive_time_s default; jiffies.
 */
unsigned long xtcp_keepalive_idle(const struct sock *sk)
{
	return xtcp_sk(sk)->keepalive_idle ? :
	       READ_ONCE(keepalive_time_s) * HZ;
}

/**
 * xtcp_keepalive_intvl() - the interval between keepalive probes
 * @sk: the connection
 *
 * Return: TCP_KEEPINTVL if set, else the default; jiffies.
 */
unsigned long xtcp_keepalive_intvl(const struct sock *sk)
{
	return xtcp_sk(sk)->keepalive_intvl ? :
	       READ_ONCE(keepalive_intvl_s) * HZ;
}

/**
 * xtcp_keepalive_cnt() - unanswered keepalive probes before giving up
 * @sk: the connection
 *
 * Return: TCP_KEEPCNT if set, else the default.
 */
unsigned int xtcp_keepalive_cnt(const struct sock *sk)
{
	return xtcp_sk(sk)->keepalive_cnt ? : READ_ONCE(keepalive_probes);
}

/**
 * xtcp_timer_keepalive() - (re)start or stop keepalive as SO_KEEPALIVE says
 * @sk: the socket, locked
 * @on: keepalive is wanted
 *
 * Also struct proto's keepalive hook, which sock_setsockopt() calls.
 */
void xtcp_timer_keepalive(struct sock *sk, int on)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!on) {
		xtcp_timer_disarm(sk, &xs->keepalive_timer);
		return;
	}
	if ((1 << sk->sk_state) & ((1 << XTCP_CLOSE) | (1 << XTCP_LISTEN)))
		return;
	xtcp_timer_arm(sk, &xs->keepalive_timer,
		       jiffies + xtcp_keepalive_idle(sk));
}

/**
 * xtcp_timer_delack_arm() - an ACK is owed: send it by @when at the latest
 * @sk: the connection, locked
 * @when: the deadline, in jiffies
 *
 * A delayed-ACK timer already running keeps its earlier deadline.
 */
void xtcp_timer_delack_arm(struct sock *sk, unsigned long when)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->delack_timer.armed)
		xtcp_timer_arm(sk, &xs->delack_timer, when);
}

/**
 * xtcp_timer_delack_cancel() - the ACK owed has been sent
 * @sk: the connection, locked
 */
void xtcp_timer_delack_cancel(struct sock *sk)
{
	xtcp_timer_disarm(sk, &xtcp_sk(sk)->delack_timer);
}

/**
 * xtcp_timer_armed() - is a timer's event wanted, and when (/proc/net/xtcp)
 * @t: one of a connection's timers; read without the socket lock
 * @due: set to the time the event is due, jiffies, when it is wanted
 *
 * Return: true when the event is wanted.
 */
bool xtcp_timer_armed(const struct xtcp_timer *t, unsigned long *due)
{
	if (!READ_ONCE(t->armed))
		return false;
	*due = READ_ONCE(t->due);
	return true;
}
