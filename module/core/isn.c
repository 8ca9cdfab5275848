// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6528's ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey): numbers of one four-tuple grow with the clock across
 * incarnations, while F keeps them unguessable off the path.
 */
#include "isn.h"

/**
 * xtcp_isn_compute() - an initial sequence number
 * @hash: F, the keyed hash of the four-tuple
 * @clock_ns: the clock behind M, nanoseconds
 *
 * M is the clock in 64 ns ticks, truncated to 32 bits: it wraps in about
 * 275 s, faster than RFC 9293's 4.55 h, which only bounds the tick from
 * above.  The sum is modulo 2^32.
 *
 * Return: M + F.
 */
u32 xtcp_isn_compute(u32 hash, u64 clock_ns)
{
	return hash + (u32)(clock_ns >> XTCP_ISN_CLOCK_SHIFT);
}
