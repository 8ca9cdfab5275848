// SPDX-License-Identifier: GPL-2.0
/*
 * TCP option parsing and building: the option list of an arriving segment is
 * checked and decoded into struct xtcp_options, and the options of outgoing
 * SYNs, SYN-ACKs and ACKs are written in the byte layouts of Linux's
 * tcp_options_write() (net/ipv4/tcp_output.c).
 */
#include "options.h"

static u16 xtcp_get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 xtcp_get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Writes one 32-bit word of option bytes, returns the position after it. */
static u8 *xtcp_put_word(u8 *p, u8 a, u8 b, u8 c, u8 d)
{
	p[0] = a;
	p[1] = b;
	p[2] = c;
	p[3] = d;
	return p + 4;
}

static u8 *xtcp_put32(u8 *p, u32 v)
{
	return xtcp_put_word(p, (u8)(v >> 24), (u8)(v >> 16), (u8)(v >> 8),
			     (u8)v);
}

/*
 * Decodes one option whose kind and length bytes have been checked: @p points
 * at its data, @optlen is its length byte (>= 2, within the list).  A known
 * kind with the wrong length is ignored, as Linux's tcp_parse_options()
 * ignores it; so are MSS, window scale and SACK-permitted outside a SYN.
 */
static void xtcp_options_parse_one(u8 kind, const u8 *p, unsigned int optlen,
				   bool syn, struct xtcp_options *out)
{
	unsigned int i, n;
	u16 mss;

	switch (kind) {
	case XTCP_OPT_MSS:
		if (optlen != XTCP_OPTLEN_MSS || !syn)
			break;
		mss = xtcp_get16(p);
		/* Linux ignores an MSS of 0, keeping any earlier one. */
		if (!mss)
			break;
		out->mss = mss;
		out->seen |= XTCP_OPTF_MSS;
		break;
	case XTCP_OPT_WS:
		if (optlen != XTCP_OPTLEN_WS || !syn)
			break;
		out->wscale_raw = p[0];
		out->seen |= XTCP_OPTF_WSCALE;
		if (p[0] > XTCP_MAX_WSCALE) {
			out->wscale = XTCP_MAX_WSCALE;
			out->seen |= XTCP_OPTF_WSCALE_CLAMPED;
		} else {
			out->wscale = p[0];
			out->seen &= (u8)~XTCP_OPTF_WSCALE_CLAMPED;
		}
		break;
	case XTCP_OPT_SACK_PERM:
		if (optlen == XTCP_OPTLEN_SACK_PERM && syn)
			out->seen |= XTCP_OPTF_SACK_PERM;
		break;
	case XTCP_OPT_TS:
		if (optlen != XTCP_OPTLEN_TS)
			break;
		out->tsval = xtcp_get32(p);
		out->tsecr = xtcp_get32(p + 4);
		out->seen |= XTCP_OPTF_TS;
		break;
	case XTCP_OPT_SACK:
		if (optlen < XTCP_OPTLEN_SACK_BASE + XTCP_OPTLEN_SACK_BLOCK ||
		    (optlen - XTCP_OPTLEN_SACK_BASE) % XTCP_OPTLEN_SACK_BLOCK)
			break;
		n = (optlen - XTCP_OPTLEN_SACK_BASE) / XTCP_OPTLEN_SACK_BLOCK;
		/* 40 option bytes hold at most 4 blocks; be sure anyway. */
		if (n > XTCP_MAX_SACK_BLOCKS)
			break;
		__builtin_memset(out->sack, 0, sizeof(out->sack));
		for (i = 0; i < n; i++) {
			out->sack[i].start = xtcp_get32(p + 8 * i);
			out->sack[i].end = xtcp_get32(p + 8 * i + 4);
		}
		out->num_sack = (u8)n;
		out->seen |= XTCP_OPTF_SACK;
		break;
	default:
		/* Unknown kinds are skipped by their length. */
		break;
	}
}

/**
 * xtcp_options_parse() - check and decode the option list of a segment
 * @opts: the option bytes, those after the 20-byte fixed header
 * @len: their number, doff * 4 - 20, at most XTCP_MAX_OPT_LEN
 * @syn: the segment is a SYN that opens (or answers the opening of) a
 *	connection, Linux's "th->syn && !estab"; MSS, window scale and
 *	SACK-permitted are honoured only then (RFC 9293 3.7.1, RFC 7323 2.2,
 *	RFC 2018 2) and ignored otherwise
 * @out: the decoded options; zeroed first, and all zero again on error
 *
 * The list is walked as RFC 9293 3.1 lays it out: EOL (kind 0) ends it and
 * whatever follows is ignored; NOP (kind 1) is a single byte; every other
 * kind has a length byte counting kind and length.  A length byte below 2,
 * an option running past @len, or a kind in the last byte with no room for
 * a length make the whole list malformed.  Linux's tcp_parse_options() stops
 * parsing silently there and keeps what it had; xtcp instead rejects the
 * segment, and its caller drops and counts it.
 *
 * Within a well-formed list, a known kind whose length is not the one it
 * must have (MSS 4, window scale 3, SACK-permitted 2, timestamps 10, SACK
 * 2 + 8n with 1 <= n <= 4) is skipped and ignored, not malformed, as Linux
 * does; so is an MSS of 0.  Unknown kinds are skipped by their length.
 * When an option appears twice, the last valid occurrence wins (Linux
 * behaves the same), a later SACK option replacing all earlier blocks.
 * A window scale above 14 is recorded in @out->wscale as 14, RFC 7323 2.3,
 * with the value received kept in @out->wscale_raw and
 * XTCP_OPTF_WSCALE_CLAMPED set.  SACK blocks and timestamps are decoded on
 * any segment; whether they were negotiated is for the caller to check.
 *
 * Return: 0 when the list is well formed, else a negative enum xtcp_opt_err
 * saying why it is not.
 */
int xtcp_options_parse(const u8 *opts, unsigned int len, bool syn,
		       struct xtcp_options *out)
{
	unsigned int i = 0, optlen;
	int err;
	u8 kind;

	__builtin_memset(out, 0, sizeof(*out));
	if (len > XTCP_MAX_OPT_LEN)
		return XTCP_OPT_ERR_TOO_LONG;

	while (i < len) {
		kind = opts[i];
		if (kind == XTCP_OPT_EOL)
			break;
		if (kind == XTCP_OPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2) {
			err = XTCP_OPT_ERR_NO_LENGTH;
			goto malformed;
		}
		optlen = opts[i + 1];
		if (optlen < 2) {
			err = XTCP_OPT_ERR_BAD_LENGTH;
			goto malformed;
		}
		if (optlen > len - i) {
			err = XTCP_OPT_ERR_OVERRUN;
			goto malformed;
		}
		xtcp_options_parse_one(kind, opts + i + 2, optlen, syn, out);
		i += optlen;
	}
	return 0;

malformed:
	__builtin_memset(out, 0, sizeof(*out));
	return err;
}

/*
 * SYN and SYN-ACK share one layout in Linux: tcp_syn_options() and
 * tcp_synack_options() only choose the options, and tcp_options_write()
 * writes them in a fixed order, which this follows word by word.
 */
static unsigned int xtcp_options_build_handshake(u8 *buf,
						 const struct xtcp_syn_options *o)
{
	u8 *p = buf;

	if (o->mss)
		p = xtcp_put_word(p, XTCP_OPT_MSS, XTCP_OPTLEN_MSS,
				  (u8)(o->mss >> 8), (u8)o->mss);
	if (o->ts) {
		/* SACK-permitted rides in the two bytes before TS. */
		if (o->sack_ok)
			p = xtcp_put_word(p, XTCP_OPT_SACK_PERM,
					  XTCP_OPTLEN_SACK_PERM,
					  XTCP_OPT_TS, XTCP_OPTLEN_TS);
		else
			p = xtcp_put_word(p, XTCP_OPT_NOP, XTCP_OPT_NOP,
					  XTCP_OPT_TS, XTCP_OPTLEN_TS);
		p = xtcp_put32(p, o->tsval);
		p = xtcp_put32(p, o->tsecr);
	} else if (o->sack_ok) {
		p = xtcp_put_word(p, XTCP_OPT_NOP, XTCP_OPT_NOP,
				  XTCP_OPT_SACK_PERM, XTCP_OPTLEN_SACK_PERM);
	}
	if (o->ws)
		p = xtcp_put_word(p, XTCP_OPT_NOP, XTCP_OPT_WS, XTCP_OPTLEN_WS,
				  o->wscale);
	return (unsigned int)(p - buf);
}

/**
 * xtcp_options_build_syn() - write the options of a SYN
 * @buf: where to write, room for XTCP_MAX_OPT_LEN bytes (20 are used at most)
 * @o: the options to send
 *
 * The layout is Linux's, one 32-bit word per line, each word present only
 * when its option is on:
 *
 *   02 04 hi lo        MSS (when @o->mss is not 0)
 *   04 02 08 0a        SACK-permitted and timestamps, or
 *   01 01 08 0a        timestamps alone,
 *   tsval tsecr        followed by the two values (8 bytes)
 *   01 01 04 02        SACK-permitted alone, without timestamps
 *   01 03 03 ws        window scale
 *
 * so everything on gives "mss, sackOK, TS, nop, wscale" in 20 bytes.
 *
 * Return: the number of bytes written, a multiple of 4.
 */
unsigned int xtcp_options_build_syn(u8 *buf, const struct xtcp_syn_options *o)
{
	return xtcp_options_build_handshake(buf, o);
}

/**
 * xtcp_options_build_synack() - write the options of a SYN-ACK
 * @buf: where to write, room for XTCP_MAX_OPT_LEN bytes (20 are used at most)
 * @o: the options to send: each of SACK-permitted, timestamps and window
 *	scale only when the SYN being answered carried it (the caller's
 *	business), @o->tsecr being that SYN's TSval
 *
 * Linux writes a SYN-ACK's options exactly as a SYN's (same
 * tcp_options_write()), see xtcp_options_build_syn(): without timestamps
 * that is "mss, nop, nop, sackOK, nop, wscale", with them "mss, sackOK, TS,
 * nop, wscale".
 *
 * Return: the number of bytes written, a multiple of 4.
 */
unsigned int xtcp_options_build_synack(u8 *buf,
				       const struct xtcp_syn_options *o)
{
	return xtcp_options_build_handshake(buf, o);
}

/**
 * xtcp_options_build_ack() - write the options of a synchronized segment
 * @buf: where to write, room for XTCP_MAX_OPT_LEN bytes
 * @ts: timestamps were negotiated, send them
 * @tsval: TSval when @ts
 * @tsecr: TSecr when @ts
 * @blocks: SACK blocks to send, the first one first (a D-SACK block, if
 *	any, goes first, RFC 2883)
 * @nblocks: their number, 0 for none
 *
 * Linux's layout for established segments: "01 01 08 0a tsval tsecr" when
 * @ts, then when there are blocks "01 01 05 len" followed by start and end
 * of each.  At most XTCP_MAX_SACK_BLOCKS_TS (3) blocks fit next to
 * timestamps and XTCP_MAX_SACK_BLOCKS (4) without; further blocks are
 * silently left out, as Linux's tcp_established_options() leaves them out
 * (see xtcp_options_max_sack()).
 *
 * Return: the number of bytes written, a multiple of 4, at most 40.
 */
unsigned int xtcp_options_build_ack(u8 *buf, bool ts, u32 tsval, u32 tsecr,
				    const struct xtcp_sack_block *blocks,
				    unsigned int nblocks)
{
	unsigned int i;
	u8 *p = buf;

	if (ts) {
		p = xtcp_put_word(p, XTCP_OPT_NOP, XTCP_OPT_NOP,
				  XTCP_OPT_TS, XTCP_OPTLEN_TS);
		p = xtcp_put32(p, tsval);
		p = xtcp_put32(p, tsecr);
	}
	if (nblocks > xtcp_options_max_sack(ts))
		nblocks = xtcp_options_max_sack(ts);
	if (nblocks) {
		p = xtcp_put_word(p, XTCP_OPT_NOP, XTCP_OPT_NOP, XTCP_OPT_SACK,
				  (u8)(XTCP_OPTLEN_SACK_BASE +
				       nblocks * XTCP_OPTLEN_SACK_BLOCK));
		for (i = 0; i < nblocks; i++) {
			p = xtcp_put32(p, blocks[i].start);
			p = xtcp_put32(p, blocks[i].end);
		}
	}
	return (unsigned int)(p - buf);
}
