// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6056 algorithm 3: the search for a local port starts at
 * min_ephemeral + (F(local address, remote address, remote port, secret)
 * + next_ephemeral) % num_ephemeral and tries consecutive ports, so one
 * peer sees consecutive ports and different peers unrelated ones.
 */
#include "port.h"

/**
 * xtcp_port_search_init() - where a search through the range starts
 * @s: the search
 * @low: the range's first port (min_ephemeral)
 * @high: its last port (max_ephemeral), inclusive; taken as @low when
 *	below it
 * @hash: F, the keyed hash of the connection's addresses and remote port
 * @next: next_ephemeral, the global counter; the caller adds to it the
 *	number of candidates it tried (RFC 6056 increments it per attempt)
 *
 * The offset is (@hash + @next) modulo the range's size, computed without
 * the 32-bit wrap of the sum, so that the candidates are each port of the
 * range exactly once.
 */
void xtcp_port_search_init(struct xtcp_port_search *s, u32 low, u32 high,
			   u32 hash, u32 next)
{
	s->low = low;
	s->count = high >= low ? high - low + 1 : 1;
	s->start = (hash % s->count + next % s->count) % s->count;
}
