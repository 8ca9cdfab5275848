/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4) and the
 * segment acceptability test of RFC 9293 section 3.10.7.4.
 *
 * Sequence numbers wrap, so "a before b" means that b lies less than 2^31
 * ahead of a.  All comparisons here survive the wrap; plain < and > on
 * sequence numbers are a bug anywhere in xtcp.  Two numbers exactly 2^31
 * apart are each "before" the other (as with Linux's before()); TCP never
 * compares numbers that far apart, as windows are at most 2^30.
 */
#ifndef _XTCP_CORE_SEQ_H
#define _XTCP_CORE_SEQ_H

#include "types.h"

/* a is strictly before b in sequence space. */
static inline bool xtcp_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/* a is strictly after b in sequence space. */
static inline bool xtcp_seq_after(u32 a, u32 b)
{
	return xtcp_seq_before(b, a);
}

/* a is before b or equal to it. */
static inline bool xtcp_seq_before_eq(u32 a, u32 b)
{
	return !xtcp_seq_after(a, b);
}

/* a is after b or equal to it. */
static inline bool xtcp_seq_after_eq(u32 a, u32 b)
{
	return !xtcp_seq_before(a, b);
}

/* The later of two sequence numbers. */
static inline u32 xtcp_seq_max(u32 a, u32 b)
{
	return xtcp_seq_after(a, b) ? a : b;
}

/* The earlier of two sequence numbers. */
static inline u32 xtcp_seq_min(u32 a, u32 b)
{
	return xtcp_seq_before(a, b) ? a : b;
}

/* lo <= seq < hi, i.e. seq lies in the half-open range [lo, hi). */
static inline bool xtcp_seq_in_range(u32 seq, u32 lo, u32 hi)
{
	return seq - lo < hi - lo;
}

/* lo <= seq <= hi, the closed range. */
static inline bool xtcp_seq_in_closed_range(u32 seq, u32 lo, u32 hi)
{
	return seq - lo <= hi - lo;
}

bool xtcp_seq_segment_acceptable(u32 seg_seq, u32 seg_len,
				 u32 rcv_nxt, u32 rcv_wnd);

#endif /* _XTCP_CORE_SEQ_H */
