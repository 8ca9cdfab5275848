/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip time estimation and the retransmission timeout (RFC 6298),
 * its back-off, and the tail loss probe's timeout (RFC 8985 7.2): plain
 * numbers in, plain numbers out; times in microseconds unless a name
 * says otherwise.  All inline: they run on every ACK that acknowledges
 * new data.
 */
#ifndef _XTCP_CORE_RTT_H
#define _XTCP_CORE_RTT_H

#include "types.h"

/* RFC 6298 2.1's initial RTO, Linux's floor (2.4 says 1 s), and the ceiling. */
#define XTCP_RTO_INIT_MS	1000
#define XTCP_RTO_MIN_MS		200
#define XTCP_RTO_MAX_MS		120000

/* RFC 8985 7.2: the probe timeout's floor and WCDelAckT. */
#define XTCP_TLP_MIN_PTO_US		10000
#define XTCP_TLP_MAX_ACK_DELAY_US	200000

/**
 * struct xtcp_rtt - what a connection knows of its round-trip time
 * @srtt_us: SRTT, the smoothed round-trip time; 0 before the first sample
 * @rttvar_us: RTTVAR, the round-trip time variation
 * @min_rtt_us: the smallest sample; U32_MAX before the first
 */
struct xtcp_rtt {
	u32 srtt_us;
	u32 rttvar_us;
	u32 min_rtt_us;
};

/**
 * xtcp_rtt_sample() - take in one round-trip time measurement
 * @rtt: the connection's estimate
 * @sample_us: R, the measurement (Karn's rule already applied: never of a
 *	retransmitted segment); 0 counts as 1
 *
 * RFC 6298 2.2 for the first sample (SRTT = R, RTTVAR = R/2), 2.3 for the
 * others, with alpha = 1/8 and beta = 1/4:
 *
 *   RTTVAR = (1 - beta) * RTTVAR + beta * |SRTT - R|
 *   SRTT   = (1 - alpha) * SRTT + alpha * R
 *
 * RTTVAR takes the old SRTT, so it is updated first.  The smallest sample
 * is kept too (RACK's reordering window, RFC 8985).
 */
static inline void xtcp_rtt_sample(struct xtcp_rtt *rtt, u32 sample_us)
{
	u32 r = xtcp_max_u32(sample_us, 1), delta;

	rtt->min_rtt_us = xtcp_min_u32(rtt->min_rtt_us, r);
	if (!rtt->srtt_us) {
		rtt->srtt_us = r;
		rtt->rttvar_us = r / 2;
		return;
	}
	delta = rtt->srtt_us > r ? rtt->srtt_us - r : r - rtt->srtt_us;
	rtt->rttvar_us = rtt->rttvar_us - (rtt->rttvar_us >> 2) + (delta >> 2);
	rtt->srtt_us = rtt->srtt_us - (rtt->srtt_us >> 3) + (r >> 3);
}

/**
 * xtcp_rto_us() - the retransmission timeout the estimate gives
 * @rtt: the connection's estimate, with at least one sample
 * @granularity_us: G, the clock granularity (one tick of the timer)
 *
 * RFC 6298 2.3: RTO = SRTT + max(G, 4 * RTTVAR), then bounded to
 * XTCP_RTO_MIN_MS (Linux's 200 ms, where 2.4 says 1 s) and
 * XTCP_RTO_MAX_MS (2.5's upper bound, Linux's 120 s).
 *
 * Return: the RTO, microseconds.
 */
static inline u32 xtcp_rto_us(const struct xtcp_rtt *rtt, u32 granularity_us)
{
	u64 rto = (u64)rtt->srtt_us +
		  xtcp_max_u64(4ULL * rtt->rttvar_us, granularity_us);

	if (rto < XTCP_RTO_MIN_MS * 1000ULL)
		return XTCP_RTO_MIN_MS * 1000U;
	if (rto > XTCP_RTO_MAX_MS * 1000ULL)
		return XTCP_RTO_MAX_MS * 1000U;
	return rto;
}

/**
 * xtcp_tlp_pto_us() - the tail loss probe's timeout (RFC 8985 7.2)
 * @srtt_us: SRTT, nonzero
 * @in_flight: bytes sent and not acknowledged (SND.NXT - SND.UNA)
 * @mss: the sender's MSS
 *
 * PTO = 2 * SRTT, at least 10 ms; with a single segment in flight the
 * peer's ACK may be delayed, so its worst delay (WCDelAckT, 200 ms) is
 * added.  The caller bounds it by the RTO.
 *
 * Return: the PTO, microseconds (saturating at U32_MAX).
 */
static inline u32 xtcp_tlp_pto_us(u32 srtt_us, u32 in_flight, u32 mss)
{
	u64 pto = xtcp_max_u64(2ULL * srtt_us, XTCP_TLP_MIN_PTO_US);

	if (in_flight <= mss)
		pto += XTCP_TLP_MAX_ACK_DELAY_US;
	return xtcp_min_u64(pto, U32_MAX);
}

/*
 * RFC 6298 5.5: the timeout doubles on each expiry, up to @max (any unit,
 * the same as @rto's).
 */
static inline unsigned long xtcp_rto_backoff(unsigned long rto,
					     unsigned long max)
{
	return rto > max / 2 ? max : rto * 2;
}

/**
 * xtcp_model_timeout() - how long a connection retransmits before it
 *	gives up
 * @boundary: the retransmissions it is allowed (net.ipv4.tcp_retries2, or
 *	an orphan's retries)
 * @rto_base: the first timeout of the model (any unit, as @rto_max's)
 * @rto_max: the ceiling the back-off stops at
 *
 * As Linux's tcp_model_timeout(): the time @boundary expiries take when
 * the timeout starts at @rto_base and doubles up to @rto_max, then stays.
 * The limit is a time, not a count, so that a timer kept short (ICMP
 * unreachables undoing its back-off, RFC 6069) does not end a connection
 * sooner.
 *
 * Return: the time, in @rto_base's unit; 0 for a zero @rto_base.
 */
static inline u64 xtcp_model_timeout(unsigned int boundary, u64 rto_base,
				     u64 rto_max)
{
	unsigned int linear = 0;
	u64 rto = rto_base;

	if (!rto_base)
		return 0;
	/* ilog2(rto_max / rto_base): doublings before the ceiling. */
	while (rto * 2 <= rto_max) {
		rto *= 2;
		linear++;
	}
	if (boundary <= linear)
		return ((2ULL << boundary) - 1) * rto_base;
	return ((2ULL << linear) - 1) * rto_base +
	       (u64)(boundary - linear) * rto_max;
}

#endif /* _XTCP_CORE_RTT_H */
