/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When received text is acknowledged: at once or after the delayed-ACK
 * timer (RFC 9293 3.8.6.3, RFC 5681 4.2, RFC 1122 4.2.3.2), with Linux's
 * quick ACKs while a connection starts.
 */
#ifndef _XTCP_CORE_ACK_POLICY_H
#define _XTCP_CORE_ACK_POLICY_H

#include "types.h"

/* Quick ACKs while a connection starts, as Linux's TCP_MAX_QUICKACKS. */
#define XTCP_QUICKACKS		16

bool xtcp_ack_at_once(bool urgent, u8 *quickacks, u32 unacked, u32 rcv_mss);
bool xtcp_ack_owed_flush(bool owed, u32 unacked, u32 rcv_mss);

#endif /* _XTCP_CORE_ACK_POLICY_H */
