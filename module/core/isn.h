/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arithmetic of RFC 6528's initial sequence numbers: a clock plus a
 * keyed hash of the four-tuple (the hash itself is the module's, isn.c).
 */
#ifndef _XTCP_CORE_ISN_H
#define _XTCP_CORE_ISN_H

#include "types.h"

/* M ticks every 2^6 ns = 64 ns (RFC 6528 3 asks for at least every 4 us). */
#define XTCP_ISN_CLOCK_SHIFT	6

u32 xtcp_isn_compute(u32 hash, u64 clock_ns);

#endif /* _XTCP_CORE_ISN_H */
