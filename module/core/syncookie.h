/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arithmetic of SYN cookies (RFC 4987 3.6): what a listener with a
 * full SYN queue encodes in its SYN-ACK's sequence number and timestamp
 * instead of keeping state, and how the handshake's ACK is checked and
 * decoded.  The layout is Linux's (net/ipv4/syncookies.c), so the two
 * stacks' cookies carry the same information: the keyed hashes are the
 * module's (syncookie.c).
 */
#ifndef _XTCP_CORE_SYNCOOKIE_H
#define _XTCP_CORE_SYNCOOKIE_H

#include "types.h"

/* The cookie: its top 8 bits are the minute counter it was made in. */
#define XTCP_COOKIE_BITS	24
#define XTCP_COOKIE_MASK	((1U << XTCP_COOKIE_BITS) - 1)
/* A cookie is accepted in the minute it was made and the next one. */
#define XTCP_COOKIE_MAX_AGE	2
#define XTCP_COOKIE_PERIOD_S	60

/* The low bits of the SYN-ACK's TSval: the options the SYN offered. */
#define XTCP_COOKIE_TS_BITS	6
#define XTCP_COOKIE_TS_MASK	((1U << XTCP_COOKIE_TS_BITS) - 1)
#define XTCP_COOKIE_TS_WSCALE	0x0fU	/* the peer's shift; 0xf: none */
#define XTCP_COOKIE_TS_SACK	0x10U
#define XTCP_COOKIE_TS_ECN	0x20U

/* The MSS values a cookie can carry (two bits), Linux's IPv4 table. */
#define XTCP_COOKIE_MSS_VALUES	4
extern const u16 xtcp_cookie_mss_table[XTCP_COOKIE_MSS_VALUES];

/**
 * struct xtcp_cookie_opts - what a cookie's timestamp says the SYN offered
 * @ts: timestamps are on (the ACK carried one)
 * @sack_ok: the SYN offered SACK
 * @ws: the SYN offered window scaling
 * @snd_wscale: the peer's shift, when @ws
 */
struct xtcp_cookie_opts {
	bool ts;
	bool sack_ok;
	bool ws;
	u8 snd_wscale;
};

unsigned int xtcp_cookie_mss_index(u16 peer_mss);
u32 xtcp_cookie_make(u32 hash_tuple, u32 hash_count, u32 peer_isn, u32 count,
		     u32 data);
int xtcp_cookie_count(u32 cookie, u32 hash_tuple, u32 peer_isn, u32 count_now,
		      u32 *count);
int xtcp_cookie_data(u32 cookie, u32 hash_tuple, u32 hash_count, u32 peer_isn);
u32 xtcp_cookie_tsval(u32 tsval_now, const struct xtcp_cookie_opts *o);
int xtcp_cookie_ts_decode(bool has_ts, u32 tsecr, struct xtcp_cookie_opts *o);

#endif /* _XTCP_CORE_SYNCOOKIE_H */
