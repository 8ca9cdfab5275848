// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target of the whole segment-processing decision path of the core:
 * arbitrary bytes become a connection and a run of arriving segments,
 * each parsed (options.c), checked (segment.c) and carried out on a model
 * of the connection the way input.c and receive.c carry it out: ACK
 * field, text in order or out of order (ofo.c), FIN and the closing
 * states, the window offered (rcv_window.c), the ACK decision
 * (ack_policy.c) and the SACK blocks (ofo.c).  After every segment the
 * model's invariants are checked; any violation abort()s.
 *
 * Input: byte 0 picks the starting state, byte 1 timestamps, window
 * scaling, SACK and the buffer size; then records of 16 bytes (flags,
 * sequence offset from RCV.NXT, ACK offset from SND.UNA, text length,
 * TSval offset from TS.Recent, reading, option length) each followed by
 * that many option bytes (at most 40).
 *
 * Built as a libFuzzer target with clang (`make -C unit fuzz`, which
 * defines XTCP_FUZZ_SEGMENT_MAIN), with fuzz_main.c as a standalone driver
 * without clang, and included into the unit tests, which run
 * xtcp_fuzz_segment_corpus().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ack_policy.h"
#include "core/ofo.h"
#include "core/options.h"
#include "core/rcv_window.h"
#include "core/segment.h"
#include "core/seq.h"
#include "core/state.h"

int xtcp_fuzz_segment_one(const uint8_t *data, size_t size);
unsigned long xtcp_fuzz_segment_corpus(unsigned long nrandom);

#define SEG_CHECK(cond)							\
	do {								\
		if (!(cond))						\
			seg_fail(#cond, __LINE__);			\
	} while (0)

/* Out-of-order intervals the model holds, as receive.c's rb-tree would. */
#define SEG_MAX_OFO	64
#define SEG_RECORD	16
#define SEG_MSS		1000

static void seg_fail(const char *what, int line)
{
	fprintf(stderr, "fuzz_segment.c:%d: invariant broken: %s\n", line, what);
	abort();
}

struct seg_model {
	struct xtcp_seg_conn c;
	bool passive;
	bool fin_sent;
	bool fin_rcvd;
	bool rcv_shutdown;
	bool wscale_ok;
	u8 wscale;
	bool sack_ok;
	int rcvbuf;
	int used;		/* bytes charged: queued text, twice its size */
	u32 rcv_wup;
	u32 rcv_wnd;		/* offered at rcv_wup */
	u8 quickacks;
	u32 ofo[SEG_MAX_OFO][2];
	int nofo;
	u32 ofo_last_seq;
	unsigned long segments;
};

static u32 seg_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static const u8 seg_states[] = {
	XTCP_ESTABLISHED, XTCP_SYN_SENT, XTCP_SYN_RECV, XTCP_FIN_WAIT1,
	XTCP_FIN_WAIT2, XTCP_CLOSE_WAIT, XTCP_CLOSING, XTCP_LAST_ACK,
	XTCP_TIME_WAIT, XTCP_LISTEN, XTCP_CLOSE,
};

static void seg_model_init(struct seg_model *m, u8 pick, u8 conf, u32 base)
{
	memset(m, 0, sizeof(*m));
	m->c.state = seg_states[pick % sizeof(seg_states)];
	m->c.iss = base * 2654435761U;
	m->c.irs = base ^ 0x5a5a5a5aU;
	m->c.snd_una = m->c.iss + 1;
	m->c.snd_nxt = m->c.snd_una + (conf & 0x80 ? 100000 : 3000);
	if (m->c.state == XTCP_SYN_SENT || m->c.state == XTCP_SYN_RECV) {
		m->c.snd_una = m->c.iss;
		m->c.snd_nxt = m->c.iss + 1;
	}
	m->c.rcv_nxt = m->c.irs + 1;
	m->c.ts_ok = conf & 1;
	m->c.ts_recent = base * 7;
	/* RFC 5961 5.2's bound: sometimes below what was acknowledged. */
	m->c.max_snd_wnd = 65535U << ((conf >> 2) & 7);
	m->c.bytes_acked = (conf & 0x08) ? 1000 : (u64)base << 8;
	m->wscale_ok = conf & 2;
	m->wscale = (conf >> 2) & 7;
	m->sack_ok = conf & 0x20;
	m->rcvbuf = (conf & 0x40) ? 4096 : 131072;
	m->passive = conf & 0x10;
	m->fin_sent = m->c.state == XTCP_FIN_WAIT1 ||
		      m->c.state == XTCP_FIN_WAIT2 ||
		      m->c.state == XTCP_CLOSING ||
		      m->c.state == XTCP_LAST_ACK ||
		      m->c.state == XTCP_TIME_WAIT;
	m->fin_rcvd = m->c.state == XTCP_CLOSE_WAIT ||
		      m->c.state == XTCP_CLOSING ||
		      m->c.state == XTCP_LAST_ACK ||
		      m->c.state == XTCP_TIME_WAIT;
	m->quickacks = XTCP_QUICKACKS;
	m->rcv_wup = m->c.rcv_nxt;
	m->rcv_wnd = xtcp_rwnd_full(m->rcvbuf,
				    xtcp_rwnd_max(m->wscale_ok, m->wscale));
	if (m->rcv_wnd > 0xffff)
		m->rcv_wnd = 0xffff;
}

static u32 seg_max_window(const struct seg_model *m)
{
	return xtcp_rwnd_max(m->wscale_ok, m->wscale);
}

/* receive.c's xtcp_select_window(): the edge offered never moves left. */
static void seg_offer_window(struct seg_model *m)
{
	u32 old_edge = m->rcv_wup + m->rcv_wnd;
	u32 cur = xtcp_rwnd_left(m->rcv_wup, m->rcv_wnd, m->c.rcv_nxt);
	u32 full = xtcp_rwnd_full(m->rcvbuf, seg_max_window(m));
	u32 free = xtcp_rwnd_free(m->rcvbuf, m->used, seg_max_window(m));
	u32 wnd = xtcp_rwnd_choose(cur, free, full, SEG_MSS);
	u8 shift = m->wscale_ok ? m->wscale : 0;
	u32 offered;
	u16 field;

	SEG_CHECK(wnd == cur || wnd == free);
	SEG_CHECK(wnd <= seg_max_window(m));
	field = xtcp_rwnd_field(wnd, shift, &offered);
	SEG_CHECK(offered == (u32)field << shift);
	SEG_CHECK(offered >= wnd || field == 0xffff);
	m->rcv_wup = m->c.rcv_nxt;
	m->rcv_wnd = offered;
	/* The right edge never moves left (RFC 9293 3.8.6.2.2). */
	SEG_CHECK(xtcp_seq_after_eq(m->rcv_wup + m->rcv_wnd, old_edge) ||
		  xtcp_seq_after(m->c.rcv_nxt, old_edge));
	m->c.rcv_wnd = m->rcv_wnd;
}

static void seg_check_ofo(const struct seg_model *m)
{
	int i;

	for (i = 0; i < m->nofo; i++) {
		SEG_CHECK(xtcp_seq_before(m->ofo[i][0], m->ofo[i][1]));
		SEG_CHECK(xtcp_seq_after(m->ofo[i][0], m->c.rcv_nxt));
		if (i)
			SEG_CHECK(xtcp_seq_before(m->ofo[i - 1][0], m->ofo[i][0]) &&
				  xtcp_seq_before(m->ofo[i - 1][1], m->ofo[i][1]));
	}
}

/* receive.c's xtcp_ofo_insert(), on a sorted array. */
static void seg_ofo_insert(struct seg_model *m, u32 seq, u32 end)
{
	int i = 0, j;

	m->ofo_last_seq = seq;		/* as receive.c: even if covered */
	while (i < m->nofo) {
		enum xtcp_ofo_fit fit = xtcp_ofo_fit(seq, end, m->ofo[i][0],
						     m->ofo[i][1]);

		if (fit == XTCP_OFO_LEFT)
			break;
		if (fit == XTCP_OFO_COVERED)
			return;
		if (fit == XTCP_OFO_REPLACES) {
			m->ofo[i][1] = end;
			goto merge_right;
		}
		i++;
	}
	if (m->nofo == SEG_MAX_OFO)
		return;			/* "no room": dropped, as under pressure */
	memmove(&m->ofo[i + 1], &m->ofo[i], (m->nofo - i) * sizeof(m->ofo[0]));
	m->ofo[i][0] = seq;
	m->ofo[i][1] = end;
	m->nofo++;
	m->used += 2 * (end - seq);
merge_right:
	for (j = i + 1; j < m->nofo && !xtcp_seq_after(m->ofo[j][1], end); )
		memmove(&m->ofo[j], &m->ofo[j + 1],
			(--m->nofo - j) * sizeof(m->ofo[0]));
	seg_check_ofo(m);
}

/* The text before the hole came: what is held moves in order. */
static bool seg_ofo_drain(struct seg_model *m, bool fin_at_end, u32 fin_seq)
{
	while (m->nofo && !xtcp_seq_after(m->ofo[0][0], m->c.rcv_nxt)) {
		if (xtcp_seq_after(m->ofo[0][1], m->c.rcv_nxt))
			m->c.rcv_nxt = m->ofo[0][1];
		memmove(&m->ofo[0], &m->ofo[1], --m->nofo * sizeof(m->ofo[0]));
	}
	return fin_at_end && m->c.rcv_nxt == fin_seq;
}

static void seg_check_sack(struct seg_model *m)
{
	struct xtcp_sack_block b[XTCP_MAX_SACK_BLOCKS];
	struct xtcp_sack_picker p;
	unsigned int n, i, k, max = xtcp_options_max_sack(m->c.ts_ok);
	int j;

	if (!m->sack_ok)
		return;
	xtcp_sack_pick_init(&p, m->ofo_last_seq, b, max);
	for (j = 0; j < m->nofo; j++)
		if (!xtcp_sack_pick_add(&p, m->ofo[j][0], m->ofo[j][1]))
			break;
	n = xtcp_sack_pick_finish(&p);
	SEG_CHECK(n <= max);
	SEG_CHECK(m->nofo || n == 0);
	SEG_CHECK(!m->nofo || n >= 1);
	for (i = 0; i < n; i++) {
		bool held = false;

		SEG_CHECK(xtcp_seq_before(b[i].start, b[i].end));
		/* Nothing already in order is reported. */
		SEG_CHECK(xtcp_seq_after(b[i].start, m->c.rcv_nxt));
		for (k = 0; k < i; k++)
			SEG_CHECK(b[k].start != b[i].start);
		/* Every block starts at a held interval and ends at one. */
		for (j = 0; j < m->nofo; j++)
			held |= m->ofo[j][0] == b[i].start;
		SEG_CHECK(held);
	}
	/* RFC 2018 4: the block with the newest segment comes first. */
	for (j = 0; j < m->nofo; j++)
		if (xtcp_seq_in_range(m->ofo_last_seq, m->ofo[j][0], m->ofo[j][1]))
			SEG_CHECK(n && xtcp_seq_in_range(m->ofo_last_seq,
							 b[0].start, b[0].end));
}

/* input.c's fifth step: the ACK field as the core sees it. */
static bool seg_take_ack(struct seg_model *m, const struct xtcp_seg *s)
{
	if (m->c.state == XTCP_SYN_RECV)
		m->c.state = XTCP_ESTABLISHED;
	if (xtcp_seq_after(s->ack_seq, m->c.snd_una) &&
	    xtcp_seq_before_eq(s->ack_seq, m->c.snd_nxt)) {
		m->c.bytes_acked += s->ack_seq - m->c.snd_una;
		m->c.snd_una = s->ack_seq;
	}
	if (m->fin_sent && m->c.snd_una == m->c.snd_nxt) {
		u8 next = xtcp_state_after_fin_acked(m->c.state);

		if (next == XTCP_CLOSE) {
			m->c.state = XTCP_CLOSE;
			return false;
		}
		m->c.state = next;
	}
	return true;
}

/* receive.c's xtcp_data_queue(): steps seven and eight. */
static void seg_take_text(struct seg_model *m, const struct xtcp_seg *s,
			  u32 text_len)
{
	bool fin = s->flags & XTCP_FLAG_FIN, urgent = false;
	u32 end = s->seq + text_len;
	u8 before;

	if (!text_len && !fin)
		return;
	if (!xtcp_state_takes_text(m->c.state)) {
		if (fin && s->end_seq - 1 == m->c.rcv_nxt && !m->fin_rcvd) {
			m->fin_rcvd = true;
			m->c.rcv_nxt++;
			m->c.state = xtcp_state_after_fin(m->c.state);
		}
		return;
	}
	if (!xtcp_seq_after(s->end_seq, m->c.rcv_nxt))
		return;				/* a retransmission */
	if (xtcp_seq_after(s->seq, m->c.rcv_nxt)) {
		/* Early: the model keeps text only, a FIN waits with it. */
		if (text_len)
			seg_ofo_insert(m, s->seq, end);
		urgent = true;
	} else {
		if (m->used > m->rcvbuf)
			return;			/* no room: dropped */
		if (xtcp_seq_after(end, m->c.rcv_nxt)) {
			m->used += 2 * (end - m->c.rcv_nxt);
			m->c.rcv_nxt = end;
		}
		if (m->nofo) {
			seg_ofo_drain(m, false, 0);
			urgent = true;
		}
		if (fin && m->c.rcv_nxt == end && !m->fin_rcvd) {
			before = m->c.state;
			m->fin_rcvd = true;
			m->c.rcv_nxt++;
			m->c.state = xtcp_state_after_fin(m->c.state);
			SEG_CHECK(m->c.state != before);
			m->nofo = 0;		/* nothing can follow a FIN */
			urgent = true;
		}
	}
	seg_check_ofo(m);
	xtcp_ack_at_once(urgent, &m->quickacks, m->c.rcv_nxt - m->rcv_wup,
			 SEG_MSS);
}

/* What each action may follow from, whatever the segment. */
static void seg_check_verdict(const struct seg_model *m,
			      const struct xtcp_seg *s,
			      const struct xtcp_seg_verdict *v)
{
	u8 st = m->c.state;
	bool synced = st != XTCP_LISTEN && st != XTCP_SYN_SENT &&
		      st != XTCP_CLOSE;

	/* A reset is never answered with a reset or an ordinary ACK. */
	if (s->flags & XTCP_FLAG_RST)
		SEG_CHECK(v->action != XTCP_SEG_RESET_REPLY &&
			  v->action != XTCP_SEG_DUPACK &&
			  v->action != XTCP_SEG_PROCESS);
	switch (v->action) {
	case XTCP_SEG_PROCESS:
		SEG_CHECK(synced);
		SEG_CHECK(s->flags & XTCP_FLAG_ACK);
		SEG_CHECK(!(s->flags & (XTCP_FLAG_SYN | XTCP_FLAG_RST)));
		SEG_CHECK(xtcp_seq_segment_acceptable(s->seq, xtcp_seg_len(s),
						      m->c.rcv_nxt, m->c.rcv_wnd));
		/* RFC 5961 5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT. */
		SEG_CHECK(xtcp_seq_before_eq(s->ack_seq, m->c.snd_nxt));
		SEG_CHECK(m->c.snd_una - s->ack_seq <= xtcp_seg_ack_window(&m->c) ||
			  xtcp_seq_after_eq(s->ack_seq, m->c.snd_una));
		break;
	case XTCP_SEG_RESET:
		/* RFC 5961 3.2: only the exact sequence number resets. */
		SEG_CHECK(synced && s->seq == m->c.rcv_nxt);
		break;
	case XTCP_SEG_REFUSED:
	case XTCP_SEG_ESTABLISH:
	case XTCP_SEG_SIMULTANEOUS:
		SEG_CHECK(st == XTCP_SYN_SENT);
		break;
	case XTCP_SEG_PASSIVE_OPEN:
		SEG_CHECK(st == XTCP_LISTEN && (s->flags & XTCP_FLAG_SYN));
		break;
	case XTCP_SEG_RESEND_SYNACK:
		SEG_CHECK(st == XTCP_SYN_RECV && s->seq == m->c.irs);
		break;
	case XTCP_SEG_DUPACK:
	case XTCP_SEG_CHALLENGE_ACK:
		SEG_CHECK(synced);
		break;
	default:
		break;
	}
	/* RFC 5961: only a segment that passed every check moves TS.Recent. */
	if (v->take_ts) {
		SEG_CHECK(v->action == XTCP_SEG_PROCESS);
		SEG_CHECK(m->c.ts_ok && s->has_ts &&
			  (s32)(s->tsval - m->c.ts_recent) >= 0);
	}
	if (v->why == XTCP_SEG_WHY_PAWS)
		SEG_CHECK(m->c.ts_ok && s->has_ts);
}

/* One arriving segment through the whole decision path. */
static void seg_arrive(struct seg_model *m, const u8 *r, const u8 *opts,
		       unsigned int optlen)
{
	struct xtcp_seg_verdict v;
	struct xtcp_options o;
	struct xtcp_seg s;
	u32 text_len = ((r[9] | r[10] << 8) & 0x0fff);
	s32 seq_off = (s32)seg_le32(r + 1);
	u8 st_before = m->c.state;
	int err;

	/* Mostly near RCV.NXT, sometimes anywhere in sequence space. */
	if (!(r[10] & 0x80))
		seq_off = (s16)seq_off;
	memset(&s, 0, sizeof(s));
	s.flags = r[0];
	s.seq = m->c.rcv_nxt + seq_off;
	s.ack_seq = m->c.snd_una + ((r[10] & 0x40) ? (s32)seg_le32(r + 5) :
				    (s16)seg_le32(r + 5));
	s.end_seq = s.seq + text_len + !!(s.flags & XTCP_FLAG_SYN) +
		    !!(s.flags & XTCP_FLAG_FIN);
	err = xtcp_options_parse(opts, optlen, s.flags & XTCP_FLAG_SYN, &o);
	if (err < 0)
		return;			/* input.c drops it: bad options */
	if (o.seen & XTCP_OPTF_TS) {
		s.has_ts = true;
		/* Near TS.Recent unless the options chose otherwise. */
		s.tsval = (r[10] & 0x20) ? o.tsval :
			  m->c.ts_recent + (s16)seg_le32(r + 11);
	}
	m->segments++;

	if (m->c.state == XTCP_TIME_WAIT &&
	    xtcp_seg_time_wait_reusable(&m->c, &s)) {
		/* input.c: the old incarnation goes, the SYN to a listener. */
		SEG_CHECK(s.flags & XTCP_FLAG_SYN);
		m->c.state = XTCP_CLOSE;
		return;
	}
	xtcp_seg_check(&m->c, &s, &v);
	seg_check_verdict(m, &s, &v);
	if (v.take_ts)
		m->c.ts_recent = s.tsval;

	switch (v.action) {
	case XTCP_SEG_RESET:
		SEG_CHECK(xtcp_state_reset_error(m->c.state, m->passive) >= 0);
		m->c.state = XTCP_CLOSE;
		break;
	case XTCP_SEG_REFUSED:
		m->c.state = XTCP_CLOSE;
		break;
	case XTCP_SEG_ESTABLISH:
	case XTCP_SEG_SIMULTANEOUS:
		m->c.irs = s.seq;
		m->c.rcv_nxt = s.seq + 1;
		m->rcv_wup = m->c.rcv_nxt;
		m->nofo = 0;
		if (v.action == XTCP_SEG_ESTABLISH) {
			m->c.snd_una = s.ack_seq;
			m->c.state = XTCP_ESTABLISHED;
		} else {
			m->c.state = XTCP_SYN_RECV;
		}
		break;
	case XTCP_SEG_PROCESS:
		if (!seg_take_ack(m, &s))
			break;
		if (xtcp_seg_data_after_close(m->c.state, m->rcv_shutdown, &s,
					      text_len, m->c.rcv_nxt)) {
			m->c.state = XTCP_CLOSE;
			break;
		}
		seg_take_text(m, &s, text_len);
		break;
	default:
		/* Dropped, answered or a listener's: the connection stays. */
		SEG_CHECK(m->c.state == st_before);
		break;
	}
	SEG_CHECK(m->c.state >= XTCP_ESTABLISHED && m->c.state < XTCP_STATE_MAX);
	SEG_CHECK(xtcp_seq_before_eq(m->c.snd_una, m->c.snd_nxt));

	/* The reader takes some (recv.c), then an ACK goes out. */
	if (r[15] & 0x80) {
		m->used -= m->used * (r[15] & 0x7f) / 127;
		m->rcv_shutdown = r[15] & 1;
	}
	if (m->c.state != XTCP_CLOSE && m->c.state != XTCP_LISTEN &&
	    m->c.state != XTCP_SYN_SENT) {
		seg_offer_window(m);
		seg_check_sack(m);
	}
}

/**
 * xtcp_fuzz_segment_one() - run one input through the decision path
 * @data: the input, as described at the top of this file
 * @size: its length
 *
 * Return: 0 (libFuzzer's convention); a broken invariant abort()s.
 */
int xtcp_fuzz_segment_one(const uint8_t *data, size_t size)
{
	struct seg_model m;
	size_t i = 2;

	if (size < 2)
		return 0;
	seg_model_init(&m, data[0], data[1], (u32)size * 40503U);
	while (i + SEG_RECORD <= size) {
		const u8 *r = data + i;
		unsigned int optlen = r[15] & 0x7f;

		/* r[15]: option length in the record, reading in bit 7. */
		optlen = optlen > 40 ? optlen % 41 : optlen;
		i += SEG_RECORD;
		if (i + optlen > size)
			optlen = size - i;
		seg_arrive(&m, r, data + i, optlen);
		i += optlen;
	}
	return 0;
}

/* A deterministic pseudo-random generator (xorshift32). */
static u32 seg_rand(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/**
 * xtcp_fuzz_segment_corpus() - run the target over generated inputs
 * @nrandom: how many pseudo-random inputs
 *
 * Each input starts from every state in turn and carries up to 24
 * segments; where the generator chooses, the segment is a plausible one
 * (in window, with the right ACK) rather than noise, so the deep paths
 * (text in order and out of order, FIN, closing) are reached.
 *
 * Return: how many inputs ran.
 */
unsigned long xtcp_fuzz_segment_corpus(unsigned long nrandom)
{
	u8 buf[2 + 24 * (SEG_RECORD + 12)];
	u32 rnd = 0x2545f491;
	unsigned long n;

	for (n = 0; n < nrandom; n++) {
		unsigned int len = 2, segs = seg_rand(&rnd) % 24, k;

		buf[0] = n % sizeof(seg_states);
		buf[1] = seg_rand(&rnd);
		for (k = 0; k < segs; k++) {
			u8 *r = buf + len;
			u32 x = seg_rand(&rnd);

			for (int b = 0; b < SEG_RECORD; b++)
				r[b] = seg_rand(&rnd);
			if (x & 1) {
				/* Plausible: ACK set, near RCV.NXT, small text. */
				r[0] = XTCP_FLAG_ACK | (x & 0x100 ? XTCP_FLAG_FIN : 0);
				r[1] = x >> 8 & 0x0f;
				r[2] = r[3] = r[4] = 0;
				if (x & 2)
					r[2] = 0x03;	/* a little beyond */
				r[5] = r[6] = r[7] = r[8] = 0;
				r[9] &= 0x7f;
				r[10] = 0;
			}
			r[15] &= 0x80;
			if (x & 4) {
				/* A timestamp option. */
				r[15] |= 12;
				len += SEG_RECORD;
				memcpy(buf + len, "\x01\x01\x08\x0a", 4);
				for (int b = 4; b < 12; b++)
					buf[len + b] = seg_rand(&rnd);
				len += 12;
			} else {
				len += SEG_RECORD;
			}
		}
		xtcp_fuzz_segment_one(buf, len);
	}
	return n;
}

#ifdef XTCP_FUZZ_SEGMENT_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return xtcp_fuzz_segment_one(data, size);
}
#endif
