/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP on the wire: header flag bits, sizes and the per-segment control
 * block xtcp keeps in skb->cb while a received segment is processed.
 */
#ifndef _XTCP_WIRE_H
#define _XTCP_WIRE_H

#include <linux/skbuff.h>
#include <linux/tcp.h>

#include "core/segment.h"

/* XTCP_FLAG_*, the flags byte of the TCP header, are in core/segment.h. */

/* The TCP header without options. */
#define XTCP_HLEN		sizeof(struct tcphdr)
/* The MSS assumed when the peer announces none (RFC 9293 3.7.1). */
#define XTCP_DEFAULT_MSS	536
/* The smallest MSS xtcp accepts from a peer, as Linux's TCP_MIN_MSS. */
#define XTCP_MIN_MSS		88
/* Bytes of the timestamp option as it appears on every segment (nop nop TS). */
#define XTCP_TS_ALIGNED_LEN	12

static inline u8 xtcp_flags(const struct tcphdr *th)
{
	return ((const u8 *)th)[13];
}

/**
 * struct xtcp_skb_cb - what xtcp knows about a received segment
 * @seq: SEG.SEQ
 * @end_seq: SEG.SEQ + SEG.LEN, SYN and FIN counted
 * @ack_seq: SEG.ACK
 * @wnd: SEG.WND as it was on the wire (not yet scaled)
 * @flags: the header's flags byte
 * @has_ts: a timestamp option was present
 * @has_mss: (SYN only) an MSS option was present
 * @has_wscale: (SYN only) a window scale option was present
 * @sack_perm: (SYN only) SACK-permitted was present
 * @has_sack: SACK blocks were present (sack.c parses them again)
 * @wscale: (SYN only) the window scale, already clamped to 14
 * @mss: (SYN only) the announced MSS
 * @tsval: TSval when @has_ts
 * @tsecr: TSecr when @has_ts
 */
struct xtcp_skb_cb {
	u32 seq;
	u32 end_seq;
	u32 ack_seq;
	u16 wnd;
	u8 flags;
	u8 has_ts:1,
	   has_mss:1,
	   has_wscale:1,
	   sack_perm:1,
	   has_sack:1;
	u8 wscale;
	u16 mss;
	u32 tsval;
	u32 tsecr;
};

#define XTCP_SKB_CB(skb) ((struct xtcp_skb_cb *)&((skb)->cb[0]))

/**
 * struct xtcp_tx_cb - what xtcp knows about a segment it queued to send
 * @seq: its first sequence number
 * @end_seq: @seq + payload length, + 1 with FIN
 * @flags: XTCP_FLAG_FIN when it carries our FIN
 * @lost: marked lost (by a timeout or the SACK scoreboard), waiting to be
 *	sent again
 * @retransmitted: sent more than once (Karn: no RTT sample from it)
 * @sacked: the peer SACKed it whole (sack.c)
 * @recovery_rexmit: retransmitted in the current fast recovery
 * @first_sent: jiffies of its first transmission (user timeout)
 * @sent_ns: clock of its latest transmission (RTT samples)
 */
struct xtcp_tx_cb {
	u32 seq;
	u32 end_seq;
	u8 flags;
	u8 lost:1,
	   retransmitted:1,
	   sacked:1,
	   recovery_rexmit:1;
	unsigned long first_sent;
	u64 sent_ns;
};

#define XTCP_TX_CB(skb) ((struct xtcp_tx_cb *)&((skb)->cb[0]))

#endif /* _XTCP_WIRE_H */
