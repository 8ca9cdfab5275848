// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-order intervals: placing a new one among those held, and picking
 * the SACK blocks an ACK carries (RFC 2018 4).
 */
#include "ofo.h"
#include "seq.h"

/**
 * xtcp_ofo_fit() - where a new interval goes relative to a held one
 * @seq: the new interval's start
 * @end: its end (exclusive)
 * @held_seq: the held interval's start
 * @held_end: its end
 *
 * Return: enum xtcp_ofo_fit.
 */
enum xtcp_ofo_fit xtcp_ofo_fit(u32 seq, u32 end, u32 held_seq, u32 held_end)
{
	if (xtcp_seq_before(seq, held_seq))
		return XTCP_OFO_LEFT;
	if (xtcp_seq_before(seq, held_end)) {
		if (!xtcp_seq_after(end, held_end))
			return XTCP_OFO_COVERED;
		if (seq == held_seq)
			return XTCP_OFO_REPLACES;
	}
	return XTCP_OFO_RIGHT;
}

/**
 * xtcp_sack_pick_init() - start choosing the SACK blocks of an ACK
 * @p: the picker
 * @last_seq: the start of the segment that arrived last
 * @out: where xtcp_sack_pick_finish() writes the blocks
 * @max: room in @out; more than XTCP_MAX_SACK_BLOCKS is cut to it
 */
void xtcp_sack_pick_init(struct xtcp_sack_picker *p, u32 last_seq,
			 struct xtcp_sack_block *out, unsigned int max)
{
	p->out = out;
	p->max = max < XTCP_MAX_SACK_BLOCKS ? max : XTCP_MAX_SACK_BLOCKS;
	p->last_seq = last_seq;
	p->have_cur = false;
	p->have_first = false;
	p->ninorder = 0;
}

/* The merged block @p->cur is complete. */
static void xtcp_sack_pick_close(struct xtcp_sack_picker *p)
{
	if (!p->have_first &&
	    xtcp_seq_in_range(p->last_seq, p->cur.start, p->cur.end)) {
		p->first = p->cur;
		p->have_first = true;
	}
	if (p->ninorder < p->max)
		p->inorder[p->ninorder++] = p->cur;
	p->have_cur = false;
}

/* Nothing further can change the outcome. */
static bool xtcp_sack_pick_done(const struct xtcp_sack_picker *p)
{
	return p->have_first && p->ninorder >= p->max;
}

/**
 * xtcp_sack_pick_add() - the next held interval, in sequence order
 * @p: the picker
 * @seq: its start
 * @end: its end
 *
 * Intervals that touch or overlap merge into one block.
 *
 * Return: false when the blocks are decided and the walk may stop.
 */
bool xtcp_sack_pick_add(struct xtcp_sack_picker *p, u32 seq, u32 end)
{
	if (p->have_cur && xtcp_seq_after(seq, p->cur.end)) {
		xtcp_sack_pick_close(p);
		if (xtcp_sack_pick_done(p))
			return false;
	}
	if (!p->have_cur) {
		p->cur.start = seq;
		p->cur.end = end;
		p->have_cur = true;
	} else if (xtcp_seq_after(end, p->cur.end)) {
		p->cur.end = end;
	}
	return true;
}

/**
 * xtcp_sack_pick_finish() - write the blocks chosen
 * @p: the picker, after the last xtcp_sack_pick_add()
 *
 * RFC 2018 4: the block holding the segment that arrived last goes first,
 * the others follow in sequence order.
 *
 * Return: how many blocks were written.
 */
unsigned int xtcp_sack_pick_finish(struct xtcp_sack_picker *p)
{
	unsigned int i, n = 0;

	if (p->have_cur)
		xtcp_sack_pick_close(p);
	if (!p->max)
		return 0;
	if (p->have_first)
		p->out[n++] = p->first;
	for (i = 0; i < p->ninorder && n < p->max; i++) {
		if (p->have_first && p->inorder[i].start == p->first.start)
			continue;
		p->out[n++] = p->inorder[i];
	}
	return n;
}
