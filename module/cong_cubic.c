// SPDX-License-Identifier: GPL-2.0
/*
 * CUBIC congestion control (RFC 9438), Linux's default, as an ops table:
 * the connection's state lives in xtcp_sock.cong_priv and the arithmetic
 * (the curve, K, the Reno-friendly estimate, fast convergence, the growth
 * per ACK) in core/cubic.c, which takes the time in milliseconds.  Slow
 * start is RFC 5681's, as NewReno's; recovery itself (SACK or NewReno) is
 * in ack.c.  After an idle period the climb starts afresh (RFC 9438 5.8).
 * Not done: HyStart (Linux ends slow start early on rising delay).
 */
#include <linux/build_bug.h>
#include <linux/jiffies.h>

#include "cong.h"
#include "core/cubic.h"
#include "sock.h"

static struct xtcp_cubic *xtcp_cubic(struct sock *sk)
{
	BUILD_BUG_ON(sizeof(struct xtcp_cubic) >
		     sizeof(((struct xtcp_sock *)0)->cong_priv));
	return (struct xtcp_cubic *)xtcp_sk(sk)->cong_priv;
}

static void xtcp_cubic_init(struct sock *sk)
{
	xtcp_cubic_reset(xtcp_cubic(sk));
}

static u32 xtcp_cubic_loss(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	return xtcp_cubic_ssthresh(xtcp_cubic(sk), xs->snd_cwnd, xs->mss);
}

static void xtcp_cubic_idle(struct sock *sk)
{
	xtcp_cubic_restart(xtcp_cubic(sk));
}

static void xtcp_cubic_ack(struct sock *sk, u32 acked)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->snd_cwnd = xtcp_cubic_cong_avoid(xtcp_cubic(sk), xs->snd_cwnd,
					     xs->snd_ssthresh, acked, xs->mss,
					     jiffies_to_msecs(jiffies),
					     xs->rtt.srtt_us);
}

struct xtcp_cong_ops xtcp_cubic_ops = {
	.name		= "cubic",
	.init		= xtcp_cubic_init,
	.ssthresh	= xtcp_cubic_loss,
	.cong_avoid	= xtcp_cubic_ack,
	.restart	= xtcp_cubic_idle,
};
