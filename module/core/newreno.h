/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The window arithmetic of RFC 5681 and RFC 6582 (NewReno): slow start,
 * congestion avoidance, the threshold after a loss, the window through
 * fast recovery and after an idle period.  Windows and amounts in bytes.
 * The per-ACK steps are inline: they run on every acknowledgment.
 */
#ifndef _XTCP_CORE_NEWRENO_H
#define _XTCP_CORE_NEWRENO_H

#include "types.h"

/* RFC 6675's and RFC 5681's DupThresh: duplicate ACKs that start recovery. */
#define XTCP_DUPTHRESH		3

/*
 * RFC 5681 3.1 (2), with RFC 3465's limit L = 2 SMSS (a delayed ACK
 * covers two segments): the window after @acked bytes were acknowledged
 * in slow start.
 */
static inline u32 xtcp_slow_start(u32 cwnd, u32 acked, u32 mss)
{
	return cwnd + xtcp_min_u32(acked, 2 * mss);
}

/*
 * RFC 5681 3.1 (3), byte counted: one SMSS more per window acknowledged.
 * @cwnd_acked counts the bytes acknowledged towards the next step.
 * Return: the new window.
 */
static inline u32 xtcp_reno_avoid(u32 cwnd, u32 *cwnd_acked, u32 acked,
				  u32 mss)
{
	*cwnd_acked += acked;
	if (*cwnd_acked >= cwnd) {
		*cwnd_acked -= cwnd;
		cwnd += mss;
	}
	return cwnd;
}

/*
 * RFC 6582 3.2 (5), partial acknowledgment in NewReno's fast recovery:
 * deflate the window by what was acknowledged (never below one MSS) and,
 * when that was at least a segment, add one back.
 */
static inline u32 xtcp_newreno_partial_ack(u32 cwnd, u32 acked, u32 mss)
{
	if (cwnd > mss)
		cwnd -= xtcp_min_u32(acked, cwnd - mss);
	if (acked >= mss)
		cwnd += mss;
	return cwnd;
}

/*
 * RFC 5681 3.2 (4): in NewReno's fast recovery each further duplicate ACK
 * says a segment left the network: the window inflates by one SMSS.
 */
static inline u32 xtcp_newreno_dupack(u32 cwnd, u32 mss)
{
	return cwnd + mss;
}

/*
 * Was the window in use when the ACK came?  Only then does it grow (in
 * RFC 7661's spirit): the flight before the ACK was within two segments
 * of it.
 */
static inline bool xtcp_cwnd_in_use(u32 prior_flight, u32 cwnd, u32 mss)
{
	return prior_flight + 2 * mss >= cwnd;
}

u32 xtcp_reno_ssthresh(u32 flight, u32 mss);
u32 xtcp_newreno_recovery_cwnd(u32 ssthresh, u32 mss);
u32 xtcp_newreno_full_ack_cwnd(u32 ssthresh, u32 flight, u32 mss);

/**
 * struct xtcp_cwnd_restart - the window after an idle period
 * @cwnd: the congestion window, bytes
 * @ssthresh: the slow start threshold, bytes
 */
struct xtcp_cwnd_restart {
	u32 cwnd;
	u32 ssthresh;
};

bool xtcp_cwnd_after_idle(struct xtcp_cwnd_restart *w, long idle, long rto,
			  u32 init_cwnd);

#endif /* _XTCP_CORE_NEWRENO_H */
