// SPDX-License-Identifier: GPL-2.0
/*
 * SYN cookies (RFC 4987 3.6) in Linux's layout: the cookie is
 *
 *	H1 + ISN(peer) + (count << 24) + ((H2(count) + data) mod 2^24)
 *
 * with H1 a keyed hash of the four-tuple, H2 one of the four-tuple and the
 * minute counter, and data the index of the MSS (two bits).  The counter
 * in the top byte says when it was made, H2 proves it, and the options a
 * SYN offered travel in the low bits of the SYN-ACK's TSval, which the
 * ACK echoes.
 */
#include "options.h"
#include "syncookie.h"

/* 536: the default; 1300 and 1440 common tunnels; 1460: Ethernet. */
const u16 xtcp_cookie_mss_table[XTCP_COOKIE_MSS_VALUES] = {
	536, 1300, 1440, 1460
};

/**
 * xtcp_cookie_mss_index() - the MSS a cookie can carry for a peer
 * @peer_mss: the MSS the peer's SYN announced (or the default)
 *
 * Return: the index of the largest table value not above @peer_mss, or 0
 * (536) when every value is above it, as Linux chooses.
 */
unsigned int xtcp_cookie_mss_index(u16 peer_mss)
{
	unsigned int i;

	for (i = XTCP_COOKIE_MSS_VALUES - 1; i > 0; i--)
		if (peer_mss >= xtcp_cookie_mss_table[i])
			break;
	return i;
}

/**
 * xtcp_cookie_make() - the sequence number of a SYN-ACK sent from no state
 * @hash_tuple: H1, the keyed hash of the four-tuple
 * @hash_count: H2, the keyed hash of the four-tuple and @count
 * @peer_isn: the SYN's sequence number
 * @count: the minute counter now
 * @data: what the cookie carries, below 2^24 (the MSS index)
 *
 * Return: the cookie, our ISS.
 */
u32 xtcp_cookie_make(u32 hash_tuple, u32 hash_count, u32 peer_isn, u32 count,
		     u32 data)
{
	return hash_tuple + peer_isn + (count << XTCP_COOKIE_BITS) +
	       ((hash_count + data) & XTCP_COOKIE_MASK);
}

/**
 * xtcp_cookie_count() - when a cookie says it was made
 * @cookie: the handshake ACK's acknowledgment number minus one
 * @hash_tuple: H1 of the ACK's four-tuple
 * @peer_isn: the ACK's sequence number minus one
 * @count_now: the minute counter now
 * @count: where the counter the cookie was made with goes
 *
 * Only the counter's low 8 bits travel: a cookie from the current minute
 * or the one before passes, any other age (a guess, or a replay) fails.
 *
 * Return: 0, or -1 when the cookie is not recent.
 */
int xtcp_cookie_count(u32 cookie, u32 hash_tuple, u32 peer_isn, u32 count_now,
		      u32 *count)
{
	u32 age;

	cookie -= hash_tuple + peer_isn;
	age = (count_now - (cookie >> XTCP_COOKIE_BITS)) &
	      ((u32)-1 >> XTCP_COOKIE_BITS);
	if (age >= XTCP_COOKIE_MAX_AGE)
		return -1;
	*count = count_now - age;
	return 0;
}

/**
 * xtcp_cookie_data() - what a recent cookie carries
 * @cookie: as for xtcp_cookie_count()
 * @hash_tuple: H1
 * @hash_count: H2 for the counter xtcp_cookie_count() found
 * @peer_isn: as for xtcp_cookie_count()
 *
 * Return: the MSS index, or -1 when the value is none (a forged cookie:
 * H2 did not match, so the 24 bits are noise, in range with odds 2^-22).
 */
int xtcp_cookie_data(u32 cookie, u32 hash_tuple, u32 hash_count, u32 peer_isn)
{
	u32 data = (cookie - hash_tuple - peer_isn - hash_count) &
		   XTCP_COOKIE_MASK;

	return data < XTCP_COOKIE_MSS_VALUES ? (int)data : -1;
}

/**
 * xtcp_cookie_tsval() - the TSval of a cookie's SYN-ACK
 * @tsval_now: the connection's timestamp clock now
 * @o: what the SYN offered (@o->ts must be set)
 *
 * The low six bits carry @o; the value stays at or below @tsval_now (up
 * to 63 ticks earlier), so the clock the connection later sends from never
 * goes back.
 *
 * Return: the TSval.
 */
u32 xtcp_cookie_tsval(u32 tsval_now, const struct xtcp_cookie_opts *o)
{
	u32 bits = o->ws ? o->snd_wscale : XTCP_COOKIE_TS_WSCALE;
	u32 ts;

	if (o->sack_ok)
		bits |= XTCP_COOKIE_TS_SACK;
	ts = (tsval_now & ~XTCP_COOKIE_TS_MASK) | bits;
	if ((s32)(ts - tsval_now) > 0)
		ts -= XTCP_COOKIE_TS_MASK + 1;
	return ts;
}

/**
 * xtcp_cookie_ts_decode() - the options a cookie's ACK brings back
 * @has_ts: the ACK carries a timestamp option
 * @tsecr: its TSecr, our cookie SYN-ACK's TSval
 * @o: filled in
 *
 * Without a timestamp nothing but the MSS survived: no SACK, no window
 * scaling (a cookie SYN-ACK without timestamps offered neither).
 *
 * Return: 0, or -1 when the bits cannot be ours (a shift above 14, ECN,
 * which xtcp never offers).
 */
int xtcp_cookie_ts_decode(bool has_ts, u32 tsecr, struct xtcp_cookie_opts *o)
{
	u32 bits = tsecr & XTCP_COOKIE_TS_MASK;

	*o = (struct xtcp_cookie_opts){ .ts = has_ts };
	if (!has_ts)
		return 0;
	if (bits & XTCP_COOKIE_TS_ECN)
		return -1;
	o->sack_ok = !!(bits & XTCP_COOKIE_TS_SACK);
	bits &= XTCP_COOKIE_TS_WSCALE;
	if (bits == XTCP_COOKIE_TS_WSCALE)
		return 0;
	if (bits > XTCP_MAX_WSCALE)
		return -1;
	o->ws = true;
	o->snd_wscale = bits;
	return 0;
}
