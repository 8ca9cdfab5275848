/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receive window a connection offers, as arithmetic: how much buffer
 * backs it, how far its right edge may move (receiver silly window
 * syndrome avoidance, RFC 9293 3.8.6.2.2) and how it is scaled into the
 * 16-bit field (RFC 7323 2.3).  receive.c reads the socket and calls these.
 */
#ifndef _XTCP_CORE_RCV_WINDOW_H
#define _XTCP_CORE_RCV_WINDOW_H

#include "types.h"

/*
 * The window a buffer of @space bytes can back: half of it, the other half
 * paying for skb overhead (Linux's default tcp_adv_win_scale of 1).
 */
static inline int xtcp_win_from_space(int space)
{
	return space - (space >> 1);
}

u32 xtcp_rwnd_max(bool wscale_ok, u8 wscale);
u32 xtcp_rwnd_full(int rcvbuf, u32 max_window);
u32 xtcp_rwnd_free(int rcvbuf, int used, u32 max_window);
u32 xtcp_rwnd_left(u32 rcv_wup, u32 rcv_wnd, u32 rcv_nxt);
u32 xtcp_rwnd_choose(u32 cur, u32 free, u32 full, u32 rcv_mss);
u16 xtcp_rwnd_field(u32 wnd, u8 shift, u32 *offered);
u16 xtcp_rwnd_syn(u32 full, u16 adv_mss);
bool xtcp_rwnd_update_worth(u32 cur, u32 wnd, u32 full, u32 rcv_mss);

#endif /* _XTCP_CORE_RCV_WINDOW_H */
