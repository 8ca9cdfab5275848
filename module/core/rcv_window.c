// SPDX-License-Identifier: GPL-2.0
/*
 * Receive-window arithmetic: buffer to window, the SWS rule that decides
 * when the right edge moves, and scaling into the header field.
 */
#include "rcv_window.h"

#define XTCP_WINDOW_FIELD_MAX	0xffffU

/**
 * xtcp_rwnd_max() - the largest window the field can carry
 * @wscale_ok: window scaling was negotiated
 * @wscale: our shift count (RCV.WIND.SHIFT)
 *
 * Return: 65535, shifted left by @wscale when scaling is on.
 */
u32 xtcp_rwnd_max(bool wscale_ok, u8 wscale)
{
	return wscale_ok ? XTCP_WINDOW_FIELD_MAX << wscale :
			   XTCP_WINDOW_FIELD_MAX;
}

/**
 * xtcp_rwnd_full() - the window the whole receive buffer backs
 * @rcvbuf: SO_RCVBUF, in bytes of truesize
 * @max_window: xtcp_rwnd_max()
 *
 * Return: half of @rcvbuf, at most @max_window.
 */
u32 xtcp_rwnd_full(int rcvbuf, u32 max_window)
{
	int full = xtcp_win_from_space(rcvbuf);

	if (full <= 0)
		return 0;
	return (u32)full < max_window ? (u32)full : max_window;
}

/**
 * xtcp_rwnd_free() - the window the free part of the buffer backs
 * @rcvbuf: SO_RCVBUF
 * @used: what is charged against it (queued skbs and the backlog)
 * @max_window: xtcp_rwnd_max()
 *
 * Return: half of what is free, at most xtcp_rwnd_full().
 */
u32 xtcp_rwnd_free(int rcvbuf, int used, u32 max_window)
{
	s64 space = (s64)rcvbuf - used;
	u32 full = xtcp_rwnd_full(rcvbuf, max_window);

	if (space <= 0)
		return 0;
	space -= space >> 1;
	return (u64)space < full ? (u32)space : full;
}

/**
 * xtcp_rwnd_left() - what is left of the window offered
 * @rcv_wup: RCV.NXT when the window was last offered
 * @rcv_wnd: the window offered then
 * @rcv_nxt: RCV.NXT now
 *
 * Return: the distance from @rcv_nxt to the right edge offered, 0 when the
 * peer has filled it (or sent beyond it).
 */
u32 xtcp_rwnd_left(u32 rcv_wup, u32 rcv_wnd, u32 rcv_nxt)
{
	s32 wnd = (s32)(rcv_wup + rcv_wnd - rcv_nxt);

	return wnd > 0 ? (u32)wnd : 0;
}

/**
 * xtcp_rwnd_choose() - the window to offer now, before scaling
 * @cur: xtcp_rwnd_left(), what the peer may still send
 * @free: xtcp_rwnd_free()
 * @full: xtcp_rwnd_full()
 * @rcv_mss: the peer's segment size as we measure it
 *
 * Receiver SWS avoidance (RFC 9293 3.8.6.2.2): the right edge moves only
 * by at least min(full / 2, MSS); otherwise what is left of the current
 * window is offered, so the edge never moves left either.
 *
 * Return: the window.
 */
u32 xtcp_rwnd_choose(u32 cur, u32 free, u32 full, u32 rcv_mss)
{
	u32 step = full / 2 < rcv_mss ? full / 2 : rcv_mss;

	if (free > cur && free - cur >= step)
		return free;
	return cur;
}

/**
 * xtcp_rwnd_field() - the header's window field for a window
 * @wnd: the window chosen, in bytes
 * @shift: our window scale (0 without scaling)
 * @offered: the window the field advertises, in bytes
 *
 * Rounded up, so the edge offered is never below the one promised.
 *
 * Return: the 16-bit field.
 */
u16 xtcp_rwnd_field(u32 wnd, u8 shift, u32 *offered)
{
	u64 field = ((u64)wnd + (1ULL << shift) - 1) >> shift;

	if (field > XTCP_WINDOW_FIELD_MAX)
		field = XTCP_WINDOW_FIELD_MAX;
	*offered = (u32)field << shift;
	return (u16)field;
}

/**
 * xtcp_rwnd_syn() - the window of our SYN or SYN-ACK
 * @full: xtcp_rwnd_full() (a SYN's field is never scaled)
 * @adv_mss: the MSS we announce, 0 if unknown
 *
 * As Linux, whole segments when it is more than one.
 *
 * Return: the field, which is also the window offered.
 */
u16 xtcp_rwnd_syn(u32 full, u16 adv_mss)
{
	u32 wnd = full < XTCP_WINDOW_FIELD_MAX ? full : XTCP_WINDOW_FIELD_MAX;

	if (adv_mss && wnd > adv_mss)
		wnd -= wnd % adv_mss;
	return (u16)wnd;
}

/**
 * xtcp_rwnd_update_worth() - is a window update worth its segment?
 * @cur: what is left of the window offered
 * @wnd: xtcp_rwnd_choose() now
 * @full: xtcp_rwnd_full()
 * @rcv_mss: the peer's segment size
 *
 * As Linux's tcp_cleanup_rbuf(): after the reader made room, an update
 * goes out when the window offered is at most half the buffer's and the
 * new one at least doubles it, or opens it by two segments.
 *
 * Return: true when an ACK carrying the new window should go now.
 */
bool xtcp_rwnd_update_worth(u32 cur, u32 wnd, u32 full, u32 rcv_mss)
{
	if (2ULL * cur > full)
		return false;
	return wnd > cur && ((u64)wnd >= 2ULL * cur || wnd - cur >= 2ULL * rcv_mss);
}
