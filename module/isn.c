// SPDX-License-Identifier: GPL-2.0
/*
 * Initial sequence numbers and timestamp clocks.
 *
 * RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport, secretkey),
 * M a clock ticking every 64 ns (the RFC asks for at least every 4 us), F a
 * keyed hash (SipHash-2-4) whose key is drawn at load time.  Numbers of one
 * 4-tuple therefore grow with time across incarnations, while an off-path
 * attacker cannot guess them (the sum: core/isn.c).  The TCP timestamp
 * clock ticks every millisecond, like Linux's, and each pair of hosts gets
 * its own offset so the clock's value reveals nothing about uptime (RFC
 * 7323 5.4).
 */
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/siphash.h>

#include "core/isn.h"
#include "isn.h"

static siphash_key_t xtcp_isn_key __read_mostly;
static siphash_key_t xtcp_ts_key __read_mostly;

/**
 * xtcp_isn_init() - draw the secret keys
 */
void xtcp_isn_init(void)
{
	get_random_bytes(&xtcp_isn_key, sizeof(xtcp_isn_key));
	get_random_bytes(&xtcp_ts_key, sizeof(xtcp_ts_key));
}

/**
 * xtcp_isn() - the initial sequence number of a new connection
 * @saddr: our address
 * @daddr: the peer's address
 * @sport: our port
 * @dport: the peer's port
 *
 * Return: the ISN for this 4-tuple now.
 */
u32 xtcp_isn(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport)
{
	u32 f = siphash_3u32((__force u32)saddr, (__force u32)daddr,
			     ((__force u32)sport << 16) | (__force u32)dport,
			     &xtcp_isn_key);

	return xtcp_isn_compute(f, ktime_get_real_ns());
}

/**
 * xtcp_ts_offset() - the offset of the timestamp clock towards one peer
 * @saddr: our address
 * @daddr: the peer's address
 *
 * Return: a value to add to xtcp_ts_clock() in TSval.
 */
u32 xtcp_ts_offset(__be32 saddr, __be32 daddr)
{
	return siphash_2u32((__force u32)saddr, (__force u32)daddr,
			    &xtcp_ts_key);
}

/**
 * xtcp_ts_clock() - the millisecond clock behind TSval
 *
 * Return: milliseconds of monotonic time, truncated to 32 bits.
 */
u32 xtcp_ts_clock(void)
{
	return (u32)ktime_to_ms(ktime_get());
}
