// SPDX-License-Identifier: GPL-2.0
/*
 * NewReno's decisions taken once per loss or idle period (RFC 5681,
 * RFC 6582): where the threshold goes, what window fast recovery starts
 * and ends with, how much of the window an idle period leaves.
 */
#include "newreno.h"

/**
 * xtcp_reno_ssthresh() - the slow start threshold after a loss
 * @flight: FlightSize, bytes outstanding (RFC 6675's pipe)
 * @mss: the sender's MSS
 *
 * RFC 5681 (4): ssthresh = max(FlightSize / 2, 2 * SMSS).
 *
 * Return: the threshold, bytes.
 */
u32 xtcp_reno_ssthresh(u32 flight, u32 mss)
{
	return xtcp_max_u32(flight / 2, 2 * mss);
}

/**
 * xtcp_newreno_recovery_cwnd() - the window as NewReno's fast recovery starts
 * @ssthresh: the threshold just set
 * @mss: the sender's MSS
 *
 * RFC 5681 3.2 (2), RFC 6582 3.2 (2): the threshold plus the three
 * segments the duplicate ACKs say have left the network.
 *
 * Return: the window, bytes.
 */
u32 xtcp_newreno_recovery_cwnd(u32 ssthresh, u32 mss)
{
	return ssthresh + XTCP_DUPTHRESH * mss;
}

/**
 * xtcp_newreno_full_ack_cwnd() - the window when recovery ends
 * @ssthresh: the threshold
 * @flight: FlightSize now, bytes
 * @mss: the sender's MSS
 *
 * RFC 6582 3.2 (3), its first option: min(ssthresh, max(FlightSize,
 * SMSS) + SMSS), so that the full ACK does not release a burst.
 *
 * Return: the window, bytes.
 */
u32 xtcp_newreno_full_ack_cwnd(u32 ssthresh, u32 flight, u32 mss)
{
	return xtcp_min_u32(ssthresh, xtcp_max_u32(flight, mss) + mss);
}

/**
 * xtcp_cwnd_after_idle() - restart after idle (RFC 5681 4.1)
 * @w: the window and threshold, updated
 * @idle: time since the last transmission
 * @rto: the retransmission timeout, in the unit of @idle
 * @init_cwnd: the initial window, bytes (RFC 6928's ten segments)
 *
 * As Linux's tcp_cwnd_restart(): a window unused for more than an RTO no
 * longer says what the path takes; it halves for each RTO of silence,
 * down to the initial window (or the window itself, when smaller), and the
 * threshold keeps at least three quarters of the old window, so that slow
 * start climbs back quickly.  The caller checks the connection was idle
 * (nothing in flight).
 *
 * Return: true when the window was cut back (the algorithm restarts),
 * false when the idle period was not longer than an RTO.
 */
bool xtcp_cwnd_after_idle(struct xtcp_cwnd_restart *w, long idle, long rto,
			  u32 init_cwnd)
{
	u32 cwnd = w->cwnd, restart = xtcp_min_u32(init_cwnd, cwnd);

	if (idle <= rto)
		return false;
	w->ssthresh = xtcp_max_u32(w->ssthresh, cwnd / 2 + cwnd / 4);
	while ((idle -= rto) > 0 && cwnd > restart)
		cwnd >>= 1;
	w->cwnd = xtcp_max_u32(cwnd, restart);
	return true;
}
