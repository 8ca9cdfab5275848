// SPDX-License-Identifier: GPL-2.0
/*
 * The expiry rule of xtcp's connection timers (see timer_rule.h): the
 * kernel timer only says "look now"; whether the event runs depends on
 * what the connection wants at that moment, which a process may have
 * changed while the expiry waited for the socket.
 */
#include "timer_rule.h"

/**
 * xtcp_timer_verdict() - decide what an expiry does
 * @armed: the event is still wanted
 * @owned: a process owns the socket right now
 * @now: the time, jiffies
 * @due: when the event is due, jiffies (meaningful while @armed)
 *
 * A cancelled event stays cancelled, even when its kernel timer had
 * already fired; an owned socket is not touched (the caller comes back
 * later, the event still pending); an event moved later waits for its new
 * time; only an event that is due runs.  Times compare modulo the
 * jiffies wrap.
 *
 * Return: the &enum xtcp_timer_verdict.
 */
enum xtcp_timer_verdict xtcp_timer_verdict(bool armed, bool owned,
					   unsigned long now, unsigned long due)
{
	if (!armed)
		return XTCP_TIMER_CANCELLED;
	if (owned)
		return XTCP_TIMER_BUSY;
	if ((long)(now - due) < 0)
		return XTCP_TIMER_MOVED;
	return XTCP_TIMER_DUE;
}
