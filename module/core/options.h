/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP options (RFC 9293 section 3.1, RFC 7323, RFC 2018): parsing the option
 * bytes of an arriving segment, and building those of an outgoing one in
 * exactly the layouts Linux's tcp_options_write() emits, so that xtcp and
 * Linux can be compared packet for packet.
 *
 * Everything here works on the option bytes alone, the (doff * 4 - 20) bytes
 * that follow the fixed 20-byte header, and reads and writes multi-byte
 * fields byte by byte in network order: no alignment is assumed.
 */
#ifndef _XTCP_CORE_OPTIONS_H
#define _XTCP_CORE_OPTIONS_H

#include "types.h"

/* Option kinds (IANA "TCP Option Kind Numbers"). */
#define XTCP_OPT_EOL		0	/* end of option list */
#define XTCP_OPT_NOP		1	/* no-operation, one byte */
#define XTCP_OPT_MSS		2	/* maximum segment size, RFC 9293 */
#define XTCP_OPT_WS		3	/* window scale, RFC 7323 */
#define XTCP_OPT_SACK_PERM	4	/* SACK permitted, RFC 2018 */
#define XTCP_OPT_SACK		5	/* SACK blocks, RFC 2018 */
#define XTCP_OPT_TS		8	/* timestamps, RFC 7323 */

/* Their lengths, kind and length bytes included. */
#define XTCP_OPTLEN_MSS		4
#define XTCP_OPTLEN_WS		3
#define XTCP_OPTLEN_SACK_PERM	2
#define XTCP_OPTLEN_TS		10
#define XTCP_OPTLEN_SACK_BASE	2	/* plus 8 per block */
#define XTCP_OPTLEN_SACK_BLOCK	8

/* At most 40 option bytes: doff is 4 bits, 15 words of which 5 are fixed. */
#define XTCP_MAX_OPT_LEN	40

/* RFC 7323 2.3: a shift count above 14 is used as 14. */
#define XTCP_MAX_WSCALE		14

/* SACK blocks one option can carry: 4 alone, 3 next to timestamps. */
#define XTCP_MAX_SACK_BLOCKS	4
#define XTCP_MAX_SACK_BLOCKS_TS	3

/**
 * struct xtcp_sack_block - one SACK block, RFC 2018 section 3
 * @start: left edge, the first sequence number of the block
 * @end: right edge, the sequence number just past the block
 */
struct xtcp_sack_block {
	u32 start;
	u32 end;
};

/* Bits of struct xtcp_options.seen. */
enum xtcp_opt_seen {
	XTCP_OPTF_MSS		= 1u << 0,	/* @mss is valid */
	XTCP_OPTF_WSCALE	= 1u << 1,	/* @wscale, @wscale_raw valid */
	XTCP_OPTF_WSCALE_CLAMPED = 1u << 2,	/* @wscale_raw was above 14 */
	XTCP_OPTF_SACK_PERM	= 1u << 3,	/* SACK-permitted seen */
	XTCP_OPTF_TS		= 1u << 4,	/* @tsval, @tsecr valid */
	XTCP_OPTF_SACK		= 1u << 5,	/* @num_sack >= 1 blocks */
};

/**
 * struct xtcp_options - the options found in one arriving segment
 * @seen: which options were found and honoured, XTCP_OPTF_* bits; a field
 *	below is meaningful only when its bit is set (it is zero otherwise)
 * @wscale: the peer's window shift count to use, already clamped to
 *	XTCP_MAX_WSCALE (RFC 7323 2.3)
 * @wscale_raw: the shift count as received; differs from @wscale exactly
 *	when XTCP_OPTF_WSCALE_CLAMPED is set
 * @num_sack: number of valid entries in @sack, 0 to 4
 * @mss: the peer's MSS, never 0 when XTCP_OPTF_MSS is set
 * @tsval: TSval of the timestamps option
 * @tsecr: TSecr of the timestamps option
 * @sack: the SACK blocks, in the order they appear on the wire
 */
struct xtcp_options {
	u8 seen;
	u8 wscale;
	u8 wscale_raw;
	u8 num_sack;
	u16 mss;
	u32 tsval;
	u32 tsecr;
	struct xtcp_sack_block sack[XTCP_MAX_SACK_BLOCKS];
};

/*
 * Why xtcp_options_parse() rejected an option list.  The caller drops the
 * segment and counts it.
 */
enum xtcp_opt_err {
	XTCP_OPT_ERR_TOO_LONG	= -1,	/* more than 40 option bytes */
	XTCP_OPT_ERR_NO_LENGTH	= -2,	/* a kind in the last byte, no length */
	XTCP_OPT_ERR_BAD_LENGTH	= -3,	/* a length byte below 2 */
	XTCP_OPT_ERR_OVERRUN	= -4,	/* an option running past the end */
};

int xtcp_options_parse(const u8 *opts, unsigned int len, bool syn,
		       struct xtcp_options *out);

/**
 * struct xtcp_syn_options - the options to put on a SYN or SYN-ACK
 * @mss: MSS to announce; 0 leaves the MSS option out (Linux always sends one)
 * @sack_ok: announce SACK-permitted
 * @ts: send timestamps
 * @ws: send window scale
 * @wscale: shift count to announce when @ws, at most XTCP_MAX_WSCALE; it is
 *	written as given
 * @tsval: TSval when @ts
 * @tsecr: TSecr when @ts (0 on a SYN, the peer's TSval on a SYN-ACK)
 */
struct xtcp_syn_options {
	u16 mss;
	bool sack_ok;
	bool ts;
	bool ws;
	u8 wscale;
	u32 tsval;
	u32 tsecr;
};

unsigned int xtcp_options_build_syn(u8 *buf, const struct xtcp_syn_options *o);
unsigned int xtcp_options_build_synack(u8 *buf,
				       const struct xtcp_syn_options *o);
unsigned int xtcp_options_build_ack(u8 *buf, bool ts, u32 tsval, u32 tsecr,
				    const struct xtcp_sack_block *blocks,
				    unsigned int nblocks);

/* The most SACK blocks xtcp_options_build_ack() writes, with or without TS. */
static inline unsigned int xtcp_options_max_sack(bool ts)
{
	return ts ? XTCP_MAX_SACK_BLOCKS_TS : XTCP_MAX_SACK_BLOCKS;
}

#endif /* _XTCP_CORE_OPTIONS_H */
