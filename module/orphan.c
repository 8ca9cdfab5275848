// SPDX-License-Identifier: GPL-2.0
/*
 * Orphans: connections their process closed (close(), or exit) that are
 * still closing, in FIN-WAIT, CLOSING or LAST-ACK, held by the tables and
 * their timers alone.  A peer can keep one alive for long (a zero window
 * answered at every probe, an ACK that never comes), so they are counted,
 * machine-wide as Linux counts its own, against a limit like Linux's
 * net.ipv4.tcp_max_orphans: the module parameter max_orphans, by default
 * half the established table's buckets, as Linux derives its limit from
 * its table in tcp_init().  An orphan over the limit is dropped, with a
 * reset, when its timer next fires (and a connection closed while over
 * it is reset at close()), counted in AbortOnMemory (Linux's
 * TCPAbortOnMemory).  The rules are core/orphan.h's.
 *
 * Linux's other half of that check, socket memory above tcp_mem, has no
 * counterpart yet: xtcp does not account memory per protocol.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/percpu_counter.h>
#include <net/net_namespace.h>

#include "core/orphan.h"
#include "core/rtt.h"
#include "orphan.h"
#include "output.h"
#include "sock.h"
#include "stats.h"
#include "tables.h"
#include "timer.h"

static int max_orphans = -1;
module_param(max_orphans, int, 0644);
MODULE_PARM_DESC(max_orphans, "orphaned connections (closed, still closing) allowed machine-wide; over it an orphan is dropped, with a reset, when its timer fires or at close() (Linux: tcp_max_orphans); -1 at load: half the established table's buckets, as Linux sizes its own");

static struct percpu_counter xtcp_orphans;

/**
 * xtcp_orphan_init() - set up the orphan count and the default limit
 *
 * Called after xtcp_tables_init(), whose table size the limit follows.
 * Return: 0 or -ENOMEM.
 */
int xtcp_orphan_init(void)
{
	if (max_orphans < 0)
		max_orphans = xtcp_ehash_size() / 2;
	return percpu_counter_init(&xtcp_orphans, 0, GFP_KERNEL);
}

/**
 * xtcp_orphan_exit() - free the count; no socket is left
 */
void xtcp_orphan_exit(void)
{
	percpu_counter_destroy(&xtcp_orphans);
}

/**
 * xtcp_orphan_count() - a closed socket lives on as an orphan
 * @sk: the socket, locked, orphaned (SOCK_DEAD) and not CLOSED
 */
void xtcp_orphan_count(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->orphan_counted)
		return;
	xs->orphan_counted = true;
	percpu_counter_inc(&xtcp_orphans);
}

/**
 * xtcp_orphan_uncount() - an orphan reached CLOSED (or is freed)
 * @sk: the socket, locked or no longer visible; not counted is fine
 */
void xtcp_orphan_uncount(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!xs->orphan_counted)
		return;
	xs->orphan_counted = false;
	percpu_counter_dec(&xtcp_orphans);
}

/**
 * xtcp_orphan_check_oom() - are there too many orphans?
 * @sk: the orphan being judged
 * @shift: core/orphan.h's xtcp_orphans_shift()
 *
 * percpu_counter_compare() reads the per-CPU estimate when it is far from
 * the limit and the exact sum near it, so a small limit is exact.  Says so
 * in the log, rate-limited, as Linux does.
 *
 * Return: true when the count (shifted) is over max_orphans.
 */
bool xtcp_orphan_check_oom(const struct sock *sk, unsigned int shift)
{
	int max = READ_ONCE(max_orphans);

	if (percpu_counter_compare(&xtcp_orphans,
				   xtcp_orphans_allowed(max, shift)) <= 0)
		return false;
	net_info_ratelimited("too many orphaned sockets (max_orphans %d)\n",
			     max);
	return true;
}

/**
 * xtcp_orphan_out_of_resources() - drop an orphan when there are too many
 * @sk: the orphan, locked, from one of its timers
 * @do_reset: the caller would reset it: it is still alive
 *
 * Linux's tcp_out_of_resources(): an orphan idle for long, or one the
 * caller would not reset, or one with a soft error, counts more against
 * the limit; one dropped over it gets a reset when data left recently or
 * its window is closed (the peer is there).  An orphan of a namespace
 * being dismantled is closed without a word.
 *
 * Return: true when the orphan was closed (the caller stops).
 */
bool xtcp_orphan_out_of_resources(struct sock *sk, bool do_reset)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 idle = jiffies - xs->lsndtime;
	bool err_soft = READ_ONCE(sk->sk_err_soft);
	unsigned int shift;

	shift = xtcp_orphans_shift(idle, 2 * msecs_to_jiffies(XTCP_RTO_MAX_MS),
				   do_reset, err_soft);
	if (xtcp_orphan_check_oom(sk, shift)) {
		if (xtcp_orphan_drop_resets(do_reset, idle,
					    xtcp_time_wait_len(), xs->snd_wnd,
					    xs->snd_nxt - xs->snd_una))
			xtcp_send_active_reset(sk, GFP_ATOMIC);
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_ABORT_ON_MEMORY);
		xtcp_done(sk, 0);
		return true;
	}
	if (!check_net(sock_net(sk))) {
		xtcp_done(sk, 0);
		return true;
	}
	return false;
}

/**
 * xtcp_orphan_retry_limit() - retransmissions or probes an orphan gets
 * @sk: the orphan
 * @alive: its back-off has not reached the RTO ceiling
 *
 * From net.ipv4.tcp_orphan_retries of the socket's namespace, read now as
 * Linux reads it, by core/orphan.h's rule.
 *
 * Return: the limit.
 */
unsigned int xtcp_orphan_retry_limit(const struct sock *sk, bool alive)
{
	return xtcp_orphan_retries(READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_orphan_retries),
				   READ_ONCE(sk->sk_err_soft), alive);
}
