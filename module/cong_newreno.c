// SPDX-License-Identifier: GPL-2.0
/*
 * NewReno's window arithmetic (RFC 5681 3.1, RFC 6582): slow start adds
 * what is acknowledged (at most two MSS per ACK, RFC 3465), congestion avoidance adds one MSS per window,
 * loss halves the flight.  The recovery procedure itself is in ack.c.
 */
#include "cong.h"
#include "sock.h"

static u32 xtcp_newreno_ssthresh(struct sock *sk)
{
	return max_t(u32, xtcp_flight_size(sk) / 2, 2U * xtcp_sk(sk)->mss);
}

static void xtcp_newreno_cong_avoid(struct sock *sk, u32 acked)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xs->mss;

	if (xs->snd_cwnd < xs->snd_ssthresh) {
		/* RFC 5681 (2) with RFC 3465's L = 2 SMSS: delayed ACKs
		 * cover two segments each.
		 */
		xs->snd_cwnd += min(acked, 2 * mss);
		return;
	}
	/* RFC 5681 (3), byte counted: one SMSS per cwnd acknowledged. */
	xs->snd_cwnd_acked += acked;
	if (xs->snd_cwnd_acked >= xs->snd_cwnd) {
		xs->snd_cwnd_acked -= xs->snd_cwnd;
		xs->snd_cwnd += mss;
	}
}

struct xtcp_cong_ops xtcp_newreno = {
	.name		= "newreno",
	.ssthresh	= xtcp_newreno_ssthresh,
	.cong_avoid	= xtcp_newreno_cong_avoid,
};
