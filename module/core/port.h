/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ephemeral-port search of RFC 6056 algorithm 3 ("simple hash-based
 * port selection"): the candidate sequence over the local port range;
 * the hash and the checks of each candidate are the module's (tables.c).
 */
#ifndef _XTCP_CORE_PORT_H
#define _XTCP_CORE_PORT_H

#include "types.h"

/**
 * struct xtcp_port_search - one search through the ephemeral range
 * @low: the first port of the range
 * @count: how many ports it has (1 to 65536)
 * @start: where the search starts, 0 .. @count - 1
 */
struct xtcp_port_search {
	u32 low;
	u32 count;
	u32 start;
};

void xtcp_port_search_init(struct xtcp_port_search *s, u32 low, u32 high,
			   u32 hash, u32 next);

/*
 * The @i-th candidate, @i from 0 to count - 1: consecutive ports from the
 * start, wrapping round the range, each port once.
 */
static inline u16 xtcp_port_search_nth(const struct xtcp_port_search *s,
				       u32 i)
{
	u32 k = s->start + i;

	if (k >= s->count)
		k -= s->count;
	return s->low + k;
}

#endif /* _XTCP_CORE_PORT_H */
