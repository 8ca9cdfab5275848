/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules for orphans, connections closed by their process but still
 * closing: how many retransmissions or window probes one gets, when there
 * are too many of them, and when giving one up sends a reset.  Linux's
 * tcp_orphan_retries(), tcp_too_many_orphans(), tcp_out_of_resources() and
 * the orphan case of tcp_probe_timer(), with the socket's state passed in.
 */
#ifndef _XTCP_CORE_ORPHAN_H
#define _XTCP_CORE_ORPHAN_H

#include "types.h"

/* What an orphan that is still "alive" gets when the sysctl says 0. */
#define XTCP_ORPHAN_ALIVE_RETRIES	8

/**
 * xtcp_orphan_retries() - RTO expiries or window probes an orphan gets
 * @sysctl: net.ipv4.tcp_orphan_retries of the socket's namespace
 * @err_soft: an ICMP error (or another soft error) is pending
 * @alive: the back-off has not reached the RTO ceiling yet: the peer
 *	answered or the connection is young
 *
 * A soft error on a connection that is no longer alive gives it none; an
 * alive connection with the sysctl at 0 (Linux's default) gets 8, which
 * is over 100 s from the minimum RTO.
 *
 * Return: the limit.
 */
static inline unsigned int xtcp_orphan_retries(int sysctl, bool err_soft,
					       bool alive)
{
	unsigned int retries = sysctl > 0 ? sysctl : 0;

	if (err_soft && !alive)
		retries = 0;
	if (!retries && alive)
		retries = XTCP_ORPHAN_ALIVE_RETRIES;
	return retries;
}

/**
 * xtcp_orphan_probe_abort() - does an orphan's window probe give it up?
 * @backoff: window probes sent since the window closed (the back-off
 *	exponent: probes the peer answered count too)
 * @alive: the probe interval has not reached the RTO ceiling
 * @retries: xtcp_orphan_retries() for @alive
 *
 * A peer that answers every probe with a zero window keeps an ordinary
 * connection open for ever (RFC 9293 3.8.6.1), but not an orphan: once
 * the interval has reached the ceiling and it has been probed @retries
 * times, it is dropped (Linux's tcp_probe_timer()).  The count of
 * unanswered probes is the other limit; it is the caller's.
 *
 * Return: true to drop the orphan.
 */
static inline bool xtcp_orphan_probe_abort(unsigned int backoff, bool alive,
					   unsigned int retries)
{
	return !alive && backoff >= retries;
}

/**
 * xtcp_orphans_shift() - how hard to judge an orphan against the limit
 * @idle: jiffies since new data last left
 * @idle_limit: twice the RTO ceiling, jiffies
 * @do_reset: the caller would reset the connection when dropping it
 * @err_soft: a soft error is pending
 *
 * An orphan idle for long, or one the caller would not reset, counts
 * double; one with a soft error double again (tcp_out_of_resources()).
 *
 * Return: the shift applied to the orphan count.
 */
static inline unsigned int xtcp_orphans_shift(u32 idle, u32 idle_limit,
					      bool do_reset, bool err_soft)
{
	unsigned int shift = 0;

	if (idle > idle_limit || !do_reset)
		shift++;
	if (err_soft)
		shift++;
	return shift;
}

/**
 * xtcp_orphans_allowed() - the orphan count that is still within the limit
 * @max: the limit (negative: none allowed)
 * @shift: xtcp_orphans_shift()
 *
 * Too many means count << @shift > @max, that is count > @max >> @shift.
 *
 * Return: the largest count within the limit, -1 when none is.
 */
static inline s64 xtcp_orphans_allowed(s64 max, unsigned int shift)
{
	return max >= 0 ? max >> shift : -1;
}

/**
 * xtcp_orphan_drop_resets() - does dropping an orphan over the limit reset?
 * @do_reset: the caller asks for a reset
 * @idle: jiffies since new data last left
 * @time_wait_len: the TIME-WAIT length, jiffies
 * @snd_wnd: the peer's window
 * @in_flight: bytes in flight
 *
 * A reset goes out when the caller asks, when data left recently, or when
 * the peer's window is closed with nothing in flight (the peer is alive
 * and holding us off) — tcp_out_of_resources()'s cases.
 *
 * Return: true to send a reset before dropping the orphan.
 */
static inline bool xtcp_orphan_drop_resets(bool do_reset, u32 idle,
					   u32 time_wait_len, u32 snd_wnd,
					   u32 in_flight)
{
	return do_reset || idle <= time_wait_len || (!snd_wnd && !in_flight);
}

#endif /* _XTCP_CORE_ORPHAN_H */
