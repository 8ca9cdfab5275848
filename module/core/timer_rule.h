/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a connection's timer does when its kernel timer fires: the rule
 * that keeps a stale expiry (one that found the socket busy and came back
 * later) from running an event that was moved or cancelled meanwhile.
 */
#ifndef _XTCP_CORE_TIMER_RULE_H
#define _XTCP_CORE_TIMER_RULE_H

#include "types.h"

/**
 * enum xtcp_timer_verdict - what an expiry of a connection timer leads to
 * @XTCP_TIMER_CANCELLED: the event was cancelled: nothing to do
 * @XTCP_TIMER_BUSY: a process owns the socket: come back a little later
 * @XTCP_TIMER_MOVED: the event was moved later: wait until it is due
 * @XTCP_TIMER_DUE: the event is due: run it
 */
enum xtcp_timer_verdict {
	XTCP_TIMER_CANCELLED,
	XTCP_TIMER_BUSY,
	XTCP_TIMER_MOVED,
	XTCP_TIMER_DUE,
};

enum xtcp_timer_verdict xtcp_timer_verdict(bool armed, bool owned,
					   unsigned long now, unsigned long due);

#endif /* _XTCP_CORE_TIMER_RULE_H */
