/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Round-trip time estimation and the retransmission timeout (RFC 6298),
 * its back-off, and the tail loss probe's timeout (RFC 8985 7.2): plain
 * numbers in, plain numbers out; times in microseconds unless a name
 * says otherwise.
 */
#ifndef _XTCP_CORE_RTT_H
#define _XTCP_CORE_RTT_H

#include "types.h"

/* RFC 6298 2.1's initial RTO, Linux's floor (the RFC's is 1 s) and its ceiling. */
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

void xtcp_rtt_sample(struct xtcp_rtt *rtt, u32 sample_us);
u32 xtcp_rto_us(const struct xtcp_rtt *rtt, u32 granularity_us);
u32 xtcp_tlp_pto_us(u32 srtt_us, u32 in_flight, u32 mss);

/*
 * RFC 6298 5.5: the timeout doubles on each expiry, up to @max (any unit,
 * the same as @rto's).
 */
static inline unsigned long xtcp_rto_backoff(unsigned long rto,
					     unsigned long max)
{
	return rto > max / 2 ? max : rto * 2;
}

#endif /* _XTCP_CORE_RTT_H */
