/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an arriving segment does to a connection, decided without a kernel:
 * RFC 9293 3.10.7's checks in their order (with RFC 7323's PAWS and RFC
 * 5961's reset, SYN and ACK rules) and the state transitions a FIN causes.
 *
 * The receive path (input.c) fills a struct xtcp_seg_conn from the socket
 * and a struct xtcp_seg from the parsed header, asks for a verdict, and
 * carries it out: it sends what the verdict says and changes the state.
 * The unit tests and the segment fuzzer (unit/fuzz_segment.c) drive the
 * same functions with plain structs.
 */
#ifndef _XTCP_CORE_SEGMENT_H
#define _XTCP_CORE_SEGMENT_H

#include "types.h"

/* The header's flags byte. */
#define XTCP_FLAG_FIN	0x01
#define XTCP_FLAG_SYN	0x02
#define XTCP_FLAG_RST	0x04
#define XTCP_FLAG_PSH	0x08
#define XTCP_FLAG_ACK	0x10
#define XTCP_FLAG_URG	0x20
#define XTCP_FLAG_ECE	0x40
#define XTCP_FLAG_CWR	0x80

/**
 * struct xtcp_seg - the parts of an arriving segment the checks read
 * @seq: SEG.SEQ
 * @end_seq: SEG.SEQ + SEG.LEN, SYN and FIN counted
 * @ack_seq: SEG.ACK
 * @tsval: TSval when @has_ts
 * @flags: XTCP_FLAG_*
 * @has_ts: a timestamp option was present
 */
struct xtcp_seg {
	u32 seq;
	u32 end_seq;
	u32 ack_seq;
	u32 tsval;
	u8 flags;
	bool has_ts;
};

/**
 * struct xtcp_seg_conn - the parts of a connection the checks read
 * @state: enum xtcp_state
 * @iss: our initial sequence number
 * @irs: the peer's initial sequence number (synchronized states)
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT
 * @rcv_nxt: RCV.NXT
 * @rcv_wnd: what is left of the window offered, from RCV.NXT on
 * @ts_recent: TS.Recent
 * @max_snd_wnd: the largest send window the peer has offered (MAX.SND.WND)
 * @bytes_acked: bytes of ours the peer has acknowledged, in all
 * @ts_ok: timestamps were negotiated
 */
struct xtcp_seg_conn {
	u8 state;
	u32 iss;
	u32 irs;
	u32 snd_una;
	u32 snd_nxt;
	u32 rcv_nxt;
	u32 rcv_wnd;
	u32 ts_recent;
	u32 max_snd_wnd;
	u64 bytes_acked;
	bool ts_ok;
};

/**
 * enum xtcp_seg_action - what the receive path does with a segment
 * @XTCP_SEG_PROCESS: go on: the ACK field, then text and FIN
 * @XTCP_SEG_DROP: drop it, say nothing
 * @XTCP_SEG_DUPACK: drop it and acknowledge (out of window, PAWS)
 * @XTCP_SEG_CHALLENGE_ACK: drop it and send a challenge ACK (RFC 5961)
 * @XTCP_SEG_RESET_REPLY: drop it and answer with a reset
 * @XTCP_SEG_RESET: an acceptable reset: the connection ends
 * @XTCP_SEG_RESEND_SYNACK: a duplicate of the peer's SYN: resend SYN-ACK
 * @XTCP_SEG_REFUSED: SYN-SENT: the peer refused the connection
 * @XTCP_SEG_ESTABLISH: SYN-SENT: a SYN-ACK for our SYN
 * @XTCP_SEG_SIMULTANEOUS: SYN-SENT: the peer's SYN crossed ours
 * @XTCP_SEG_PASSIVE_OPEN: LISTEN: a SYN, a new connection may start
 */
enum xtcp_seg_action {
	XTCP_SEG_PROCESS,
	XTCP_SEG_DROP,
	XTCP_SEG_DUPACK,
	XTCP_SEG_CHALLENGE_ACK,
	XTCP_SEG_RESET_REPLY,
	XTCP_SEG_RESET,
	XTCP_SEG_RESEND_SYNACK,
	XTCP_SEG_REFUSED,
	XTCP_SEG_ESTABLISH,
	XTCP_SEG_SIMULTANEOUS,
	XTCP_SEG_PASSIVE_OPEN,
};

/**
 * enum xtcp_seg_why - why a segment was refused, for the counters
 * @XTCP_SEG_WHY_NONE: it was not refused, or no counter applies
 * @XTCP_SEG_WHY_PAWS: PAWS: its timestamp is older than TS.Recent
 * @XTCP_SEG_WHY_WINDOW: it lies outside the receive window
 * @XTCP_SEG_WHY_ACK_TOO_OLD: its ACK lies below SND.UNA - MAX.SND.WND
 * @XTCP_SEG_WHY_ACK_UNSENT: its ACK covers data never sent (beyond SND.NXT)
 */
enum xtcp_seg_why {
	XTCP_SEG_WHY_NONE,
	XTCP_SEG_WHY_PAWS,
	XTCP_SEG_WHY_WINDOW,
	XTCP_SEG_WHY_ACK_TOO_OLD,
	XTCP_SEG_WHY_ACK_UNSENT,
};

/**
 * struct xtcp_seg_verdict - the decision about one segment
 * @action: enum xtcp_seg_action
 * @why: enum xtcp_seg_why
 * @take_ts: remember the segment's TSval as TS.Recent (RFC 7323 4.3)
 */
struct xtcp_seg_verdict {
	u8 action;
	u8 why;
	bool take_ts;
};

/* SEG.LEN: the sequence space the segment occupies. */
static inline u32 xtcp_seg_len(const struct xtcp_seg *seg)
{
	return seg->end_seq - seg->seq;
}

void xtcp_seg_check(const struct xtcp_seg_conn *c, const struct xtcp_seg *seg,
		    struct xtcp_seg_verdict *v);
u32 xtcp_seg_ack_window(const struct xtcp_seg_conn *c);
bool xtcp_seg_ts_recent_ok(const struct xtcp_seg_conn *c,
			   const struct xtcp_seg *seg);
bool xtcp_seg_time_wait_reusable(const struct xtcp_seg_conn *c,
				 const struct xtcp_seg *seg);
bool xtcp_seg_data_after_close(u8 state, bool rcv_shutdown,
			       const struct xtcp_seg *seg, u32 text_len,
			       u32 rcv_nxt);
bool xtcp_state_takes_text(u8 state);
u8 xtcp_state_after_fin(u8 state);
u8 xtcp_state_after_fin_acked(u8 state);
int xtcp_state_reset_error(u8 state, bool passive);

#endif /* _XTCP_CORE_SEGMENT_H */
