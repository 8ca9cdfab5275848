/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection states of RFC 9293 section 3.3.2 as xtcp numbers them.
 *
 * The numbers are Linux's own (TCP_ESTABLISHED = 1 ... TCP_CLOSING = 11), so
 * sk->sk_state means the same to the generic socket code, to /proc-style
 * listings and to tools that decode Linux's TCP states.  One consequence
 * to keep: code of the kernel that meets an xtcp socket (netfilter through
 * skb->sk, a queued packet's reference) takes one in XTCP_TIME_WAIT for
 * an inet_timewait_sock; sock_gen_put() would free it as one.  So an
 * xtcp socket must never drop its last reference in TIME-WAIT: the
 * established table holds one until it enters CLOSED.
 */
#ifndef _XTCP_CORE_STATE_H
#define _XTCP_CORE_STATE_H

#include "types.h"

enum xtcp_state {
	XTCP_ESTABLISHED = 1,
	XTCP_SYN_SENT,
	XTCP_SYN_RECV,
	XTCP_FIN_WAIT1,
	XTCP_FIN_WAIT2,
	XTCP_TIME_WAIT,
	XTCP_CLOSE,
	XTCP_CLOSE_WAIT,
	XTCP_LAST_ACK,
	XTCP_LISTEN,
	XTCP_CLOSING,
	XTCP_STATE_MAX
};

const char *xtcp_state_name(int state);

#endif /* _XTCP_CORE_STATE_H */
