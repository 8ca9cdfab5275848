// SPDX-License-Identifier: GPL-2.0
/*
 * The delayed-ACK decision: which received segments are acknowledged at
 * once and which wait for the timer.
 */
#include "ack_policy.h"

/**
 * xtcp_ack_at_once() - acknowledge what just arrived now, or delay?
 * @urgent: the receive path wants it now (out-of-order or duplicate text,
 *	a hole filled, a FIN, a window update)
 * @quickacks: quick ACKs left; one is used up when it decides
 * @unacked: RCV.NXT - RCV.WUP, the text received since the last ACK
 * @rcv_mss: the peer's segment size
 *
 * At once when @urgent, while quick ACKs last, and when more than one
 * full-sized segment is unacknowledged (so at least every second one,
 * RFC 5681 4.2); otherwise the delayed-ACK timer sends it.
 *
 * Return: true to send the ACK now.
 */
bool xtcp_ack_at_once(bool urgent, u8 *quickacks, u32 unacked, u32 rcv_mss)
{
	if (!urgent && *quickacks) {
		(*quickacks)--;
		urgent = true;
	}
	return urgent || unacked > rcv_mss;
}

/**
 * xtcp_ack_owed_flush() - the reader took data: send an ACK owed?
 * @owed: an ACK is owed (the delayed-ACK timer is running)
 * @unacked: RCV.NXT - RCV.WUP
 * @rcv_mss: the peer's segment size
 *
 * Return: true when more than one full segment waits for its ACK.
 */
bool xtcp_ack_owed_flush(bool owed, u32 unacked, u32 rcv_mss)
{
	return owed && unacked > rcv_mss;
}
