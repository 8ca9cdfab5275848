/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-order queue's bookkeeping as interval arithmetic: where a
 * segment that arrived early goes among those already held, and which SACK
 * blocks (RFC 2018) an ACK reports about them.  receive.c keeps the
 * segments in an rb-tree by sequence number and walks it with these rules.
 */
#ifndef _XTCP_CORE_OFO_H
#define _XTCP_CORE_OFO_H

#include "options.h"
#include "types.h"

/**
 * enum xtcp_ofo_fit - how a new interval [seq, end) relates to a held one
 * @XTCP_OFO_LEFT: it starts before the held one: look left of it
 * @XTCP_OFO_RIGHT: it starts within or after and reaches beyond: look right
 * @XTCP_OFO_COVERED: the held one already has all of it: drop it
 * @XTCP_OFO_REPLACES: same start, reaching further: it takes the held
 *	one's place
 */
enum xtcp_ofo_fit {
	XTCP_OFO_LEFT,
	XTCP_OFO_RIGHT,
	XTCP_OFO_COVERED,
	XTCP_OFO_REPLACES,
};

enum xtcp_ofo_fit xtcp_ofo_fit(u32 seq, u32 end, u32 held_seq, u32 held_end);

/**
 * struct xtcp_sack_picker - chooses the SACK blocks of one ACK
 * @out: where the blocks go
 * @max: room in @out (at most XTCP_MAX_SACK_BLOCKS)
 * @last_seq: a sequence number of the segment that arrived last
 * @cur: the block being merged from the intervals given so far
 * @have_cur: @cur holds something
 * @first: the block holding @last_seq
 * @have_first: @first was found
 * @inorder: the first @ninorder blocks in sequence order
 * @ninorder: how many of them are kept
 */
struct xtcp_sack_picker {
	struct xtcp_sack_block *out;
	unsigned int max;
	u32 last_seq;
	struct xtcp_sack_block cur;
	bool have_cur;
	struct xtcp_sack_block first;
	bool have_first;
	struct xtcp_sack_block inorder[XTCP_MAX_SACK_BLOCKS];
	unsigned int ninorder;
};

void xtcp_sack_pick_init(struct xtcp_sack_picker *p, u32 last_seq,
			 struct xtcp_sack_block *out, unsigned int max);
bool xtcp_sack_pick_add(struct xtcp_sack_picker *p, u32 seq, u32 end);
unsigned int xtcp_sack_pick_finish(struct xtcp_sack_picker *p);

#endif /* _XTCP_CORE_OFO_H */
