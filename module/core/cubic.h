/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CUBIC's arithmetic (RFC 9438): the curve W_cubic(t), its K, the
 * Reno-friendly estimate, fast convergence and the growth per ACK, on a
 * plain state struct; the time is an argument, in milliseconds.
 *
 *   W_cubic(t) = C * (t - K)^3 + W_max,   K = cbrt(W_max * (1 - beta) / C)
 *
 * with C = 0.4 and beta = 0.7, windows in segments and t in seconds.
 * Fixed point: windows are kept in segments times 1024, times in ms.
 */
#ifndef _XTCP_CORE_CUBIC_H
#define _XTCP_CORE_CUBIC_H

#include "types.h"

#define XTCP_CUBIC_SHIFT	10		/* segments << 10 */
#define XTCP_CUBIC_ONE		(1U << XTCP_CUBIC_SHIFT)
#define XTCP_CUBIC_BETA_PCT	70		/* beta = 0.7 */
/* t - K is clamped to a minute either way: enough to saturate any window. */
#define XTCP_CUBIC_MAX_DT_MS	60000

/**
 * struct xtcp_cubic - a connection's CUBIC state
 * @w_max: window before the last loss, segments << 10
 * @w_last_max: @w_max before that (fast convergence)
 * @k_ms: time the curve takes to climb back to @w_max
 * @origin: the curve's plateau, segments << 10
 * @epoch_start_ms: when the current climb began (valid with @in_epoch)
 * @w_est: Reno's window estimate, segments << 10
 * @acc: growth owed short of a segment, in 1/1024 bytes
 * @in_epoch: a climb is under way
 */
struct xtcp_cubic {
	u32 w_max;
	u32 w_last_max;
	u32 k_ms;
	u32 origin;
	u32 epoch_start_ms;
	u32 w_est;
	u32 acc;
	bool in_epoch;
};

u32 xtcp_cubic_cbrt(u64 x);
u32 xtcp_cubic_segs(u32 bytes, u32 mss);
u32 xtcp_cubic_k_ms(u32 w_max, u32 cwnd);
void xtcp_cubic_reset(struct xtcp_cubic *c);
u32 xtcp_cubic_ssthresh(struct xtcp_cubic *c, u32 cwnd_bytes, u32 mss);
void xtcp_cubic_epoch(struct xtcp_cubic *c, u32 cwnd, u32 now_ms);
u64 xtcp_cubic_target(const struct xtcp_cubic *c, u32 t_ms);
u32 xtcp_cubic_cong_avoid(struct xtcp_cubic *c, u32 cwnd_bytes, u32 ssthresh,
			  u32 acked, u32 mss, u32 now_ms, u32 srtt_us);

/* Idle: the curve's clock must not run on (RFC 9438 5.8). */
static inline void xtcp_cubic_restart(struct xtcp_cubic *c)
{
	c->in_epoch = false;
}

#endif /* _XTCP_CORE_CUBIC_H */
