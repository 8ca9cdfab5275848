// SPDX-License-Identifier: GPL-2.0
/*
 * The checks an arriving segment passes, state by state (RFC 9293 3.10.7),
 * and the state transitions of the closing sequence; see segment.h.
 */
#include "segment.h"
#include "seq.h"
#include "state.h"

/* LISTEN (RFC 9293 3.10.7.2): only a SYN may start something. */
static void xtcp_seg_check_listen(const struct xtcp_seg *seg,
				  struct xtcp_seg_verdict *v)
{
	if (seg->flags & XTCP_FLAG_RST)
		v->action = XTCP_SEG_DROP;
	else if (seg->flags & XTCP_FLAG_ACK)
		v->action = XTCP_SEG_RESET_REPLY;
	else if (seg->flags & XTCP_FLAG_SYN)
		v->action = XTCP_SEG_PASSIVE_OPEN;
	else
		v->action = XTCP_SEG_DROP;
}

/* SYN-SENT (RFC 9293 3.10.7.3). */
static void xtcp_seg_check_syn_sent(const struct xtcp_seg_conn *c,
				    const struct xtcp_seg *seg,
				    struct xtcp_seg_verdict *v)
{
	bool ack_ok = false;

	if (seg->flags & XTCP_FLAG_ACK) {
		/* Acceptable only if it acknowledges our SYN: ISS < ACK <= NXT. */
		if (xtcp_seq_before_eq(seg->ack_seq, c->iss) ||
		    xtcp_seq_after(seg->ack_seq, c->snd_nxt)) {
			/* A reset is never answered with one. */
			v->action = (seg->flags & XTCP_FLAG_RST) ?
				    XTCP_SEG_DROP : XTCP_SEG_RESET_REPLY;
			return;
		}
		ack_ok = true;
	}
	if (seg->flags & XTCP_FLAG_RST) {
		/* RFC 5961 3.2: only a reset that acknowledges our SYN counts. */
		v->action = ack_ok ? XTCP_SEG_REFUSED : XTCP_SEG_DROP;
		return;
	}
	if (!(seg->flags & XTCP_FLAG_SYN))
		v->action = XTCP_SEG_DROP;
	else
		v->action = ack_ok ? XTCP_SEG_ESTABLISH : XTCP_SEG_SIMULTANEOUS;
}

/*
 * PAWS (RFC 7323 5.3, R1): a TSval older than TS.Recent marks a duplicate
 * from an earlier trip around the sequence space.  A reset is exempt (RFC
 * 7323 5.2 leaves it to the sequence check, as Linux does); like Linux's
 * tcp_paws_discard(), a clock one tick behind is tolerated.
 *
 * TS.Recent is not aged: RFC 7323 5.5's 24-day rule is left out, as the
 * connection keeps no time of TS.Recent's last update.  Nor is Linux's
 * exemption for a reordered pure duplicate ACK (tcp_disordered_ack())
 * made: such an ACK is dropped like any other.
 */
static bool xtcp_seg_paws_reject(const struct xtcp_seg_conn *c,
				 const struct xtcp_seg *seg)
{
	if (!c->ts_ok || !seg->has_ts || (seg->flags & XTCP_FLAG_RST))
		return false;
	return (s32)(c->ts_recent - seg->tsval) > 1;
}

/* The synchronized states (RFC 9293 3.10.7.4), first to fifth. */
static void xtcp_seg_check_synchronized(const struct xtcp_seg_conn *c,
					const struct xtcp_seg *seg,
					struct xtcp_seg_verdict *v)
{
	u8 f = seg->flags;

	/* A duplicate of the SYN that created this half-open connection:
	 * our SYN-ACK was lost.
	 */
	if (c->state == XTCP_SYN_RECV && (f & XTCP_FLAG_SYN) &&
	    !(f & (XTCP_FLAG_ACK | XTCP_FLAG_RST)) && seg->seq == c->irs) {
		v->action = XTCP_SEG_RESEND_SYNACK;
		return;
	}
	if (xtcp_seg_paws_reject(c, seg)) {
		v->action = XTCP_SEG_DUPACK;
		v->why = XTCP_SEG_WHY_PAWS;
		return;
	}
	/* First: is it in the window?  If not, acknowledge, unless a reset. */
	if (!xtcp_seq_segment_acceptable(seg->seq, xtcp_seg_len(seg),
					 c->rcv_nxt, c->rcv_wnd)) {
		v->action = (f & XTCP_FLAG_RST) ? XTCP_SEG_DROP :
						  XTCP_SEG_DUPACK;
		v->why = XTCP_SEG_WHY_WINDOW;
		return;
	}
	/* Second: a reset ends the connection only at RCV.NXT (RFC 5961 3.2). */
	if (f & XTCP_FLAG_RST) {
		v->action = seg->seq == c->rcv_nxt ? XTCP_SEG_RESET :
						     XTCP_SEG_CHALLENGE_ACK;
		return;
	}
	/* Fourth: a SYN in a synchronized state (RFC 5961 4.2). */
	if (f & XTCP_FLAG_SYN) {
		v->action = XTCP_SEG_CHALLENGE_ACK;
		return;
	}
	/* Fifth: without ACK it is dropped. */
	if (!(f & XTCP_FLAG_ACK)) {
		v->action = XTCP_SEG_DROP;
		return;
	}
	/* SYN-RECEIVED: the ACK must acknowledge our SYN. */
	if (c->state == XTCP_SYN_RECV &&
	    (!xtcp_seq_after(seg->ack_seq, c->snd_una) ||
	     xtcp_seq_after(seg->ack_seq, c->snd_nxt))) {
		v->action = XTCP_SEG_RESET_REPLY;
		return;
	}
	/*
	 * RFC 5961 5.2: the ACK must lie in [SND.UNA - MAX.SND.WND, SND.NXT],
	 * or the segment goes, data and all, and a challenge ACK (rate
	 * limited) answers it.  A blind attacker must then guess the ACK
	 * too, not only the sequence number, to inject data.
	 */
	if (xtcp_seq_after(seg->ack_seq, c->snd_nxt)) {
		v->action = XTCP_SEG_CHALLENGE_ACK;
		v->why = XTCP_SEG_WHY_ACK_UNSENT;
		return;
	}
	if (xtcp_seq_before(seg->ack_seq, c->snd_una - xtcp_seg_ack_window(c))) {
		v->action = XTCP_SEG_CHALLENGE_ACK;
		v->why = XTCP_SEG_WHY_ACK_TOO_OLD;
		return;
	}
	/* Only a segment that passed every check moves TS.Recent. */
	v->take_ts = xtcp_seg_ts_recent_ok(c, seg);
	v->action = XTCP_SEG_PROCESS;
}

/**
 * xtcp_seg_ack_window() - how far below SND.UNA an ACK may still lie
 * @c: the connection
 *
 * RFC 5961 5.2's MAX.SND.WND, the largest window the peer offered, but,
 * as Linux's tcp_ack() has it, no more than the peer ever acknowledged:
 * early in a connection an ACK below the ISS covers nothing we sent.
 *
 * Return: the distance in bytes.
 */
u32 xtcp_seg_ack_window(const struct xtcp_seg_conn *c)
{
	return c->bytes_acked < c->max_snd_wnd ? (u32)c->bytes_acked :
						 c->max_snd_wnd;
}

/**
 * xtcp_seg_check() - decide what an arriving segment does
 * @c: the connection it was demultiplexed to
 * @seg: the segment
 * @v: the verdict, written in full
 *
 * In CLOSE (the socket closed while the segment waited) the segment is
 * answered as if no socket existed: with a reset.  No verdict answers a
 * reset with a reset.  In the synchronized
 * states the segment that passes comes back as XTCP_SEG_PROCESS; what its
 * ACK field does to the send side is the sender's to decide (ack.c).
 */
void xtcp_seg_check(const struct xtcp_seg_conn *c, const struct xtcp_seg *seg,
		    struct xtcp_seg_verdict *v)
{
	v->action = XTCP_SEG_DROP;
	v->why = XTCP_SEG_WHY_NONE;
	v->take_ts = false;

	switch (c->state) {
	case XTCP_CLOSE:
		if (!(seg->flags & XTCP_FLAG_RST))
			v->action = XTCP_SEG_RESET_REPLY;
		break;
	case XTCP_LISTEN:
		xtcp_seg_check_listen(seg, v);
		break;
	case XTCP_SYN_SENT:
		xtcp_seg_check_syn_sent(c, seg, v);
		break;
	default:
		xtcp_seg_check_synchronized(c, seg, v);
		break;
	}
}

/**
 * xtcp_seg_ts_recent_ok() - may the segment's TSval become TS.Recent?
 * @c: the connection
 * @seg: an acceptable segment
 *
 * RFC 7323 4.3: the segment must cover RCV.NXT and its TSval be no older.
 *
 * Return: true when TS.Recent takes @seg->tsval.
 */
bool xtcp_seg_ts_recent_ok(const struct xtcp_seg_conn *c,
			   const struct xtcp_seg *seg)
{
	return c->ts_ok && seg->has_ts &&
	       xtcp_seq_before_eq(seg->seq, c->rcv_nxt) &&
	       (s32)(seg->tsval - c->ts_recent) >= 0;
}

/**
 * xtcp_seg_time_wait_reusable() - may a new SYN replace a TIME-WAIT?
 * @c: the connection in TIME-WAIT
 * @seg: a segment for its 4-tuple
 *
 * As Linux does, the old incarnation steps aside when a bare SYN passes
 * PAWS and either starts beyond what it received or carries a newer
 * timestamp.  Either test alone is not enough: a peer that reconnects
 * within the millisecond of its FIN sends the same TSval again, and a peer
 * whose ISN clock wrapped may start below RCV.NXT.
 *
 * Return: true when the SYN goes on to the listener.
 */
bool xtcp_seg_time_wait_reusable(const struct xtcp_seg_conn *c,
				 const struct xtcp_seg *seg)
{
	bool has_ts = c->ts_ok && seg->has_ts;

	if ((seg->flags & (XTCP_FLAG_SYN | XTCP_FLAG_ACK | XTCP_FLAG_RST)) !=
	    XTCP_FLAG_SYN)
		return false;
	if (has_ts && (s32)(seg->tsval - c->ts_recent) < 0)
		return false;		/* PAWS: an old duplicate */
	return xtcp_seq_after(seg->seq, c->rcv_nxt) ||
	       (has_ts && (s32)(seg->tsval - c->ts_recent) > 0);
}

/**
 * xtcp_seg_data_after_close() - new text nobody will ever read?
 * @state: the connection's state
 * @rcv_shutdown: its receive side is shut (close(), or SHUT_RD)
 * @seg: an acceptable segment
 * @text_len: the text it carries
 * @rcv_nxt: RCV.NXT
 *
 * With our FIN out and the receive side shut, new text means the peer
 * sends to a process that is gone; RFC 1122 4.2.2.13 and Linux reset the
 * connection.
 *
 * Return: true when the connection is to be reset.
 */
bool xtcp_seg_data_after_close(u8 state, bool rcv_shutdown,
			       const struct xtcp_seg *seg, u32 text_len,
			       u32 rcv_nxt)
{
	u32 text_end = seg->end_seq - !!(seg->flags & XTCP_FLAG_FIN);

	if (state != XTCP_FIN_WAIT1 && state != XTCP_FIN_WAIT2)
		return false;
	return rcv_shutdown && text_len && xtcp_seq_after(text_end, rcv_nxt);
}

/**
 * xtcp_state_takes_text() - is segment text accepted in @state?
 * @state: a connection state
 *
 * Return: true in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 (RFC 9293
 * 3.10.7.4, seventh).
 */
bool xtcp_state_takes_text(u8 state)
{
	return state == XTCP_ESTABLISHED || state == XTCP_FIN_WAIT1 ||
	       state == XTCP_FIN_WAIT2;
}

/**
 * xtcp_state_after_fin() - the state the peer's FIN leads to
 * @state: the state when the FIN is next in sequence
 *
 * RFC 9293 3.10.7.4, eighth.  In TIME-WAIT a retransmitted FIN keeps the
 * state (the caller restarts the 2 MSL wait).
 *
 * Return: the new state; @state where the FIN changes nothing.
 */
u8 xtcp_state_after_fin(u8 state)
{
	switch (state) {
	case XTCP_SYN_RECV:
	case XTCP_ESTABLISHED:
		return XTCP_CLOSE_WAIT;
	case XTCP_FIN_WAIT1:
		/* Our FIN is not acknowledged yet (else FIN-WAIT-2). */
		return XTCP_CLOSING;
	case XTCP_FIN_WAIT2:
		return XTCP_TIME_WAIT;
	default:
		return state;
	}
}

/**
 * xtcp_state_after_fin_acked() - the state the ACK of our FIN leads to
 * @state: the state when SND.UNA reaches past our FIN
 *
 * Return: the new state (XTCP_CLOSE from LAST-ACK); @state elsewhere.
 */
u8 xtcp_state_after_fin_acked(u8 state)
{
	switch (state) {
	case XTCP_FIN_WAIT1:
		return XTCP_FIN_WAIT2;
	case XTCP_CLOSING:
		return XTCP_TIME_WAIT;
	case XTCP_LAST_ACK:
		return XTCP_CLOSE;
	default:
		return state;
	}
}

/**
 * xtcp_state_reset_error() - what an acceptable reset reports
 * @state: the connection's state when the reset came
 * @passive: SYN-RECEIVED reached from a listener (not a simultaneous open)
 *
 * Return: the socket error (0: none, the connection just ends): a
 * half-open child of a listener goes quietly, a simultaneous open is
 * refused, CLOSE-WAIT gets EPIPE as on Linux (we had read to the end),
 * the closing states nothing, everything else ECONNRESET.
 */
int xtcp_state_reset_error(u8 state, bool passive)
{
	switch (state) {
	case XTCP_SYN_RECV:
		return passive ? 0 : ECONNREFUSED;
	case XTCP_CLOSE_WAIT:
		return EPIPE;
	case XTCP_CLOSING:
	case XTCP_LAST_ACK:
	case XTCP_TIME_WAIT:
		return 0;
	default:
		return ECONNRESET;
	}
}
