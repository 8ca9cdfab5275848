// SPDX-License-Identifier: GPL-2.0
/*
 * Names of the connection states, for logs, tracepoints and tests.
 */
#include "state.h"

static const char *const xtcp_state_names[XTCP_STATE_MAX] = {
	[XTCP_ESTABLISHED]	= "ESTABLISHED",
	[XTCP_SYN_SENT]		= "SYN-SENT",
	[XTCP_SYN_RECV]		= "SYN-RECEIVED",
	[XTCP_FIN_WAIT1]	= "FIN-WAIT-1",
	[XTCP_FIN_WAIT2]	= "FIN-WAIT-2",
	[XTCP_TIME_WAIT]	= "TIME-WAIT",
	[XTCP_CLOSE]		= "CLOSED",
	[XTCP_CLOSE_WAIT]	= "CLOSE-WAIT",
	[XTCP_LAST_ACK]		= "LAST-ACK",
	[XTCP_LISTEN]		= "LISTEN",
	[XTCP_CLOSING]		= "CLOSING",
};

/**
 * xtcp_state_name() - the RFC 9293 name of a connection state
 * @state: an &enum xtcp_state value
 *
 * Return: the name, or "UNKNOWN" for a number that is no state.
 */
const char *xtcp_state_name(int state)
{
	if (state <= 0 || state >= XTCP_STATE_MAX)
		return "UNKNOWN";
	return xtcp_state_names[state];
}
