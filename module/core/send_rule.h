/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What may leave now, segment by segment: the peer's window (RFC 9293
 * 3.8.6.2.1, sender side), the congestion window (RFC 5681), Nagle's
 * algorithm (RFC 9293 3.7.4) and the cork.  Inline: the sender asks for
 * every segment it considers.
 */
#ifndef _XTCP_CORE_SEND_RULE_H
#define _XTCP_CORE_SEND_RULE_H

#include "seq.h"
#include "types.h"

/* The nonagle bits (TCP_NODELAY, TCP_CORK). */
#define XTCP_NAGLE_OFF		1
#define XTCP_NAGLE_CORK		2
/* For one xtcp_push() call only: send what the cork holds back. */
#define XTCP_NAGLE_PUSH		4

/*
 * The segment ending at @end_seq (a FIN included) lies in the window the
 * peer offers, [SND.UNA, SND.UNA + SND.WND]; the FIN itself needs no room.
 */
static inline bool xtcp_send_in_rwnd(u32 end_seq, bool fin, u32 snd_una,
				     u32 snd_wnd)
{
	return !xtcp_seq_after(end_seq - fin, snd_una + snd_wnd);
}

/*
 * @seg more bytes fit in the congestion window with @in_flight already
 * out; one segment may always go when nothing is (@nothing_out).
 */
static inline bool xtcp_send_in_cwnd(u32 in_flight, u32 seg, u32 cwnd,
				     bool nothing_out)
{
	return in_flight + seg <= cwnd || nothing_out;
}

/**
 * struct xtcp_nagle_view - what Nagle's rule and the cork look at
 * @len: the segment's payload
 * @mss: the sender's MSS
 * @fin: it carries our FIN
 * @nonagle: XTCP_NAGLE_* bits in force
 * @last: it is the last segment queued (nothing can join it)
 * @idle: nothing is in flight (SND.NXT = SND.UNA)
 */
struct xtcp_nagle_view {
	u32 len;
	u32 mss;
	bool fin;
	int nonagle;
	bool last;
	bool idle;
};

/*
 * May this segment go now?  A full one or a FIN always; a short one
 * followed by more data (it will not grow: cut from a longer one when the
 * path MTU fell), cork or not, as Linux's tcp_write_xmit() gives every
 * segment but the last TCP_NAGLE_PUSH; the push after a cork's time is
 * up; not while corked (MSG_MORE, TCP_CORK); with TCP_NODELAY; else only
 * when nothing is unacknowledged (Nagle).
 */
static inline bool xtcp_send_nagle_ok(const struct xtcp_nagle_view *v)
{
	if (v->len >= v->mss || v->fin)
		return true;
	if (!v->last)
		return true;
	if (v->nonagle & XTCP_NAGLE_PUSH)
		return true;
	if (v->nonagle & XTCP_NAGLE_CORK)
		return false;
	if (v->nonagle & XTCP_NAGLE_OFF)
		return true;
	return v->idle;
}

#endif /* _XTCP_CORE_SEND_RULE_H */
