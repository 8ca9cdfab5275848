/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive-buffer autotuning as arithmetic (the idea of Linux's dynamic
 * right-sizing): the receiver's RTT estimate and the buffer one round
 * trip's consumption calls for.  rcvbuf.c measures and applies.
 */
#ifndef _XTCP_CORE_AUTOTUNE_H
#define _XTCP_CORE_AUTOTUNE_H

#include "types.h"

/* Sixteen segments of slack, as Linux. */
#define XTCP_RCVBUF_SLACK_SEGS	16

u32 xtcp_rcv_rtt_update(u32 est_us8, u32 sample_us, bool upper_bound);
bool xtcp_rcvbuf_round_done(u64 now_us, u64 start_us, u32 est_us8);
u64 xtcp_rcvbuf_wanted(u32 copied, u32 prev_copied, u32 mss, u32 seg_cost);

#endif /* _XTCP_CORE_AUTOTUNE_H */
