// SPDX-License-Identifier: GPL-2.0
/*
 * Sequence-space tests that are more than a one-line comparison: the segment
 * acceptability test that every arriving segment passes before it is
 * processed.
 */
#include "seq.h"

/**
 * xtcp_seq_segment_acceptable() - RFC 9293 3.10.7.4 acceptability test
 * @seg_seq: SEG.SEQ, the first sequence number the segment occupies
 * @seg_len: SEG.LEN, the sequence space it occupies (data, plus SYN and FIN)
 * @rcv_nxt: RCV.NXT, the next sequence number expected
 * @rcv_wnd: RCV.WND, the receive window offered
 *
 * The four cases of the RFC's table:
 *
 *   len  wnd   test
 *   0    0     SEG.SEQ = RCV.NXT
 *   0    >0    RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND
 *   >0   0     not acceptable
 *   >0   >0    either the first or the last octet lies in the window
 *
 * Return: true when the segment may be processed further.
 */
bool xtcp_seq_segment_acceptable(u32 seg_seq, u32 seg_len,
				 u32 rcv_nxt, u32 rcv_wnd)
{
	u32 rcv_end = rcv_nxt + rcv_wnd;

	if (seg_len == 0) {
		if (rcv_wnd == 0)
			return seg_seq == rcv_nxt;
		return xtcp_seq_in_range(seg_seq, rcv_nxt, rcv_end);
	}
	if (rcv_wnd == 0)
		return false;
	return xtcp_seq_in_range(seg_seq, rcv_nxt, rcv_end) ||
	       xtcp_seq_in_range(seg_seq + seg_len - 1, rcv_nxt, rcv_end);
}
