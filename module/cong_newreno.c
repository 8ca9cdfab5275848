// SPDX-License-Identifier: GPL-2.0
/*
 * NewReno as a congestion-control ops table: slow start adds what is
 * acknowledged (at most two MSS per ACK, RFC 3465), congestion avoidance
 * adds one MSS per window, loss halves the flight; the arithmetic is in
 * core/newreno.h, the recovery procedure itself in ack.c.
 */
#include "cong.h"
#include "core/newreno.h"
#include "sock.h"

static u32 xtcp_newreno_ssthresh(struct sock *sk)
{
	return xtcp_reno_ssthresh(xtcp_flight_size(sk), xtcp_sk(sk)->mss);
}

static void xtcp_newreno_cong_avoid(struct sock *sk, u32 acked)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (xs->snd_cwnd < xs->snd_ssthresh)
		xs->snd_cwnd = xtcp_slow_start(xs->snd_cwnd, acked, xs->mss);
	else
		xs->snd_cwnd = xtcp_reno_avoid(xs->snd_cwnd, &xs->snd_cwnd_acked,
					       acked, xs->mss);
}

struct xtcp_cong_ops xtcp_newreno = {
	.name		= "newreno",
	.ssthresh	= xtcp_newreno_ssthresh,
	.cong_avoid	= xtcp_newreno_cong_avoid,
};
