/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xtcp socket: struct xtcp_sock, the connection state it carries, and
 * the transport-level operations (struct proto) the socket layer calls.
 */
#ifndef _XTCP_SOCK_H
#define _XTCP_SOCK_H

#include <linux/list.h>
#include <linux/list_nulls.h>
#include <linux/timer.h>
#include <net/inet_sock.h>
#include <net/sock.h>

#include "core/loss.h"
#include "core/rtt.h"
#include "core/send_rule.h"
#include "core/state.h"
#include "timer.h"

/* Our window scale: 7, Linux's usual choice for its default buffers. */
#define XTCP_RCV_WSCALE		7

/**
 * struct xtcp_sock - one xtcp socket (a connection, a listener, or neither)
 * @inet: the generic socket (@inet.sk) inside an IPv4 socket's common
 *	part; must stay first.  The generic socket's common part holds the
 *	connection's identity: sk_rcv_saddr/sk_num (local address and port,
 *	port in host order), sk_daddr/sk_dport (remote), sk_bound_dev_if;
 *	sk_node links it in the established table, sk_bind_node in the bind
 *	table; sk_state is an &enum xtcp_state.  xtcp keeps its own state
 *	and leaves the rest of struct inet_sock zero; it is there because
 *	the host's code that meets an xtcp socket on a packet (netfilter's
 *	socket expression, ip_route_me_harder() after a rule rerouted it)
 *	reads inet_sk() of it, as of any TCP socket, and must read real,
 *	zeroed fields and not xtcp's own.
 * @listen_node: link in the listener table while in LISTEN
 * @iss: initial send sequence number (RFC 9293 3.4.1)
 * @snd_una: oldest unacknowledged sequence number
 * @snd_nxt: next sequence number to send
 * @snd_wnd: send window, already scaled
 * @max_snd_wnd: the largest send window the peer offered (RFC 5961's
 *	MAX.SND.WND), which bounds how old an acceptable ACK may be
 * @snd_wl1: segment sequence number used for the last window update
 * @snd_wl2: segment acknowledgment number used for the last window update
 * @irs: initial receive sequence number
 * @rcv_nxt: next sequence number expected
 * @rcv_wnd: receive window offered
 * @snd_wscale: shift the peer applies to the windows it sends us
 * @rcv_wscale: shift we apply to the windows we send
 * @wscale_ok: window scaling negotiated (RFC 7323 2)
 * @sack_ok: SACK-permitted negotiated (RFC 2018)
 * @ts_ok: timestamps negotiated (RFC 7323 3)
 * @ts_recent: the peer's most recent TSval, echoed as our TSecr
 * @ts_offset: per-connection offset of our TSval clock (RFC 7323 5.4)
 * @mss_clamp: the MSS the peer announced (536 when it announced none)
 * @mss: effective sender MSS: payload bytes per segment, options excluded
 * @adv_mss: the MSS we announce: the route's MTU less IPv4 and TCP headers
 * @pmtu_cookie: the path MTU @mss was derived from: the route's MTU when
 *	the connection opened, lowered by fragmentation-needed messages
 *	(icmp.c; Linux's icsk_pmtu_cookie)
 * @route_mtu: the MTU of the route the last segment took (0 before any):
 *	when it differs from @pmtu_cookie the MSS follows it at the next
 *	xtcp_push(), as Linux's tcp_current_mss() follows dst_mtu()
 * @mtu_info: the MTU the last fragmentation-needed message reported, for
 *	xtcp_mtu_reduced() when it runs after the owner releases the socket
 * @deferred: XTCP_DEFER_* bits: work softirq context left for
 *	release_sock() because a process owned the socket (atomic bitops)
 * @rtx_timer: retransmission timer of unacknowledged control segments
 * @wait_timer: TIME-WAIT and FIN-WAIT-2 timeouts
 * @rto: current retransmission timeout, in jiffies
 * @retries: consecutive retransmissions of the oldest unacknowledged segment
 * @backoff: doublings of @rto since the last acknowledgment (Linux's
 *	icsk_backoff): as @retries, less what ICMP unreachables undid
 *	(RFC 6069)
 * @syn_retries: SYN retransmissions before connect() fails with ETIMEDOUT
 * @out_ifindex: the interface the connection's route leaves by
 * @connect_port: connect() chose the local port; other connect()ed sockets
 *	may share it as long as their four-tuples differ (tables.c)
 * @last_oow_ack_time: jiffies (32 bits) of the last duplicate or challenge
 *	ACK sent for an unacceptable segment; 0 when none (output.c)
 * @copied_seq: the next sequence number recvmsg() hands to the user
 * @parent: the listener of a connection not yet accepted; holds a reference
 * @queued: which of the parent's queues @accept_node is on
 * @accept_node: link in the parent's @accept_queue or @syn_queue
 * @queue_lock: listener: protects @accept_queue, @syn_queue, @syn_queue_len
 *	and the @queued field of the sockets on them
 * @accept_queue: listener: connections established, waiting for accept()
 * @syn_queue: listener: connections in SYN-RECEIVED
 * @syn_queue_len: listener: length of @syn_queue
 * @last_cookie: listener: jiffies of the last SYN answered with a cookie;
 *	ACKs are checked for cookies only for two minutes after it
 *	(syncookie.c)
 * @synflood_warned: listener: the log said it sends cookies
 * @fin_sent: our FIN is queued (it occupies @write_seq - 1); it has been
 *	sent when @snd_nxt == @write_seq
 * @fin_rcvd: the peer's FIN has been received
 * @write_seq: the sequence number after the last byte (or FIN) queued
 * @rtx_queue: segments sent and not yet fully acknowledged, in order;
 *	sk_write_queue holds those not yet sent
 * @lost_bytes: sequence space on @rtx_queue marked lost and not yet sent
 *	again (it does not count as in flight)
 * @sacked_bytes: sequence space on @rtx_queue the peer SACKed (sack.c; it
 *	does not count as in flight either)
 * @rack: RACK's latest delivery (core/loss.h: when it was sent, its round
 *	trip)
 * @tlp_high_seq: SND.NXT when a tail loss probe went, 0 when none is
 *	unanswered
 * @tlp_pending: @rtx_timer runs as the tail loss probe timer
 * @lsndtime: jiffies when new data last left (restart after idle)
 * @snd_cwnd: congestion window, bytes (RFC 5681)
 * @snd_ssthresh: slow start threshold, bytes
 * @snd_cwnd_acked: bytes acknowledged towards the next congestion
 *	avoidance increase
 * @recover: highest sequence number sent when loss recovery began
 *	(RFC 6582's "recover")
 * @ca_state: &enum xtcp_ca_state: open, fast recovery or timeout recovery
 * @dupacks: consecutive duplicate ACKs
 * @nonagle: XTCP_NAGLE_OFF (TCP_NODELAY) and XTCP_NAGLE_CORK bits
 * @probes_out: window or keepalive probes sent without an answer
 * @rtt: SRTT, RTTVAR and the smallest sample, microseconds (RFC 6298,
 *	core/rtt.h)
 * @user_mss: TCP_MAXSEG, 0 when unset
 * @user_timeout_ms: TCP_USER_TIMEOUT, 0 when unset
 * @keepalive_idle: TCP_KEEPIDLE in jiffies, 0 for the module default
 * @keepalive_intvl: TCP_KEEPINTVL in jiffies, 0 for the module default
 * @keepalive_cnt: TCP_KEEPCNT, 0 for the module default
 * @rcv_tstamp: jiffies when the last segment from the peer arrived
 * @persist_backoff: current window probe interval, jiffies
 * @persist_probes: window probes sent since the window closed, answered
 *	or not (the back-off exponent; orphans are judged by it)
 * @persist_pending: @rtx_timer runs as the persist timer
 * @orphan_counted: closed by its process and counted as an orphan
 *	(orphan.c) until it reaches TIME-WAIT or CLOSED
 * @keepalive_timer: keepalive probes of an idle connection (SO_KEEPALIVE)
 * @cong: congestion control algorithm (cong.c)
 * @cong_priv: the algorithm's per-connection state
 * @bytes_acked: bytes of data the peer acknowledged (TCP_INFO)
 * @bytes_sent: bytes of data sent, retransmissions included (TCP_INFO)
 * @total_retrans: segments retransmitted (TCP_INFO)
 * @segs_out: segments sent, retransmissions included (TCP_INFO)
 * @data_segs_out: segments sent that carried data (TCP_INFO)
 * @ofo_queue: segments received beyond RCV.NXT, an rb-tree keyed by
 *	sequence number; no segment lies wholly inside another
 * @ofo_last_seq: SEG.SEQ of the out-of-order segment that arrived last
 *	(its SACK block goes first, RFC 2018 4)
 * @rcv_wup: RCV.NXT when the last window was advertised; the right edge
 *	offered is @rcv_wup + @rcv_wnd and never moves left
 * @rcv_mss: estimate of the peer's segment size (largest seen, at most
 *	@adv_mss): "full-sized" for the ACK-every-second-segment rule and the
 *	receiver's silly window avoidance
 * @ack_flags: XTCP_ACK_* bits of receive.c: an ACK is owed, the window
 *	of our SYN is not yet anchored to RCV.NXT
 * @delack_timer: the delayed-ACK timer (timer.c arms and runs it)
 * @quickacks: segments still to acknowledge at once while the connection
 *	starts (quick ACK mode)
 * @rcv_rtt_us8: the receiver's round-trip time estimate, microseconds
 *	times 8; 0 before the first sample (rcvbuf.c)
 * @rcv_rtt_seq: the right edge offered when the window-time sample began
 * @rcv_rtt_time_us: when that sample began
 * @rcv_rtt_last_tsecr: the TSecr of the last timestamp sample
 * @rcvq_space: bytes the reader took in the last measured round trip
 * @rcvq_seq: @copied_seq when this round trip's count began
 * @rcvq_time_us: when it began
 */
struct xtcp_sock {
	struct inet_sock inet;

	struct hlist_nulls_node listen_node;

	u32 iss;
	u32 snd_una;
	u32 snd_nxt;
	u32 snd_wnd;
	u32 max_snd_wnd;
	u32 snd_wl1;
	u32 snd_wl2;
	u32 irs;
	u32 rcv_nxt;
	u32 rcv_wnd;
	u8 snd_wscale;
	u8 rcv_wscale;
	bool wscale_ok;
	bool sack_ok;
	bool ts_ok;
	u32 ts_recent;
	u32 ts_offset;
	u16 mss_clamp;
	u16 mss;
	u16 adv_mss;
	u32 pmtu_cookie;
	u32 route_mtu;
	u32 mtu_info;
	unsigned long deferred;

	struct xtcp_timer rtx_timer;
	struct xtcp_timer wait_timer;
	unsigned long rto;
	u8 retries;
	u8 backoff;
	u8 syn_retries;

	int out_ifindex;
	bool connect_port;
	u32 last_oow_ack_time;
	u32 copied_seq;

	struct xtcp_sock *parent;
	enum xtcp_queued {
		XTCP_QUEUED_NONE,
		XTCP_QUEUED_SYN,
		XTCP_QUEUED_ACCEPT,
	} queued;
	struct list_head accept_node;
	spinlock_t queue_lock;
	struct list_head accept_queue;
	struct list_head syn_queue;
	unsigned int syn_queue_len;
	unsigned long last_cookie;
	bool synflood_warned;

	bool fin_sent;
	bool fin_rcvd;

	/* ---- send side of the byte stream (send.c, output.c, ack.c) ---- */
	u32 write_seq;
	struct sk_buff_head rtx_queue;
	u32 lost_bytes;
	u32 sacked_bytes;
	struct xtcp_rack rack;
	u32 tlp_high_seq;
	bool tlp_pending;
	unsigned long lsndtime;
	u32 snd_cwnd;
	u32 snd_ssthresh;
	u32 snd_cwnd_acked;
	u32 recover;
	u8 ca_state;
	u8 dupacks;
	u8 nonagle;
	u8 probes_out;
	struct xtcp_rtt rtt;
	u32 user_mss;
	u32 user_timeout_ms;
	u32 keepalive_idle;
	u32 keepalive_intvl;
	u8 keepalive_cnt;
	unsigned long rcv_tstamp;
	unsigned long persist_backoff;
	u32 persist_probes;
	bool persist_pending;
	bool orphan_counted;
	struct xtcp_timer keepalive_timer;
	const struct xtcp_cong_ops *cong;
	u64 cong_priv[4];
	u64 bytes_acked;
	u64 bytes_sent;
	u32 total_retrans;
	u32 segs_out;
	u32 data_segs_out;

	/* ---- receive side of the byte stream (receive.c, recv.c) ---- */
	struct rb_root ofo_queue;
	struct xtcp_timer delack_timer;
	u32 ofo_last_seq;
	u32 rcv_wup;
	u16 rcv_mss;
	u8 ack_flags;
	u8 quickacks;

	/* ---- receive buffer autotuning (rcvbuf.c) ---- */
	u32 rcv_rtt_us8;
	u32 rcv_rtt_seq;
	u64 rcv_rtt_time_us;
	u32 rcv_rtt_last_tsecr;
	u32 rcvq_space;
	u32 rcvq_seq;
	u64 rcvq_time_us;
};

/* Bits of &xtcp_sock.deferred. */
enum {
	XTCP_DEFER_MTU_REDUCED,	/* xtcp_mtu_reduced() (icmp.c) */
};

/**
 * enum xtcp_ca_state - where loss recovery stands
 * @XTCP_CA_OPEN: no loss being recovered
 * @XTCP_CA_RECOVERY: fast retransmit and NewReno recovery (RFC 6582)
 * @XTCP_CA_LOSS: recovering from a retransmission timeout, or resending
 *	what a lower path MTU no longer lets through
 */
enum xtcp_ca_state {
	XTCP_CA_OPEN,
	XTCP_CA_RECOVERY,
	XTCP_CA_LOSS,
};

static inline struct xtcp_sock *xtcp_sk(const struct sock *sk)
{
	return container_of(sk, struct xtcp_sock, inet.sk);
}

extern struct proto xtcp_prot;

void xtcp_sock_init(struct sock *sk);
void xtcp_set_state(struct sock *sk, int state);
void xtcp_done(struct sock *sk, int err);
void xtcp_timeout(struct sock *sk);

int xtcp_connect_start(struct sock *sk, __be32 daddr, __be16 dport);
void xtcp_take_peer_syn(struct sock *sk, const struct sk_buff *skb);
void xtcp_passive_open(struct sock *listener, const struct sk_buff *skb);
struct xtcp_skb_cb;
void xtcp_passive_open_cookie(struct sock *listener, struct sk_buff *ack,
			      const struct xtcp_skb_cb *syn, u32 iss);
bool xtcp_established(struct sock *sk);

int xtcp_listen_start(struct sock *sk, int backlog);
struct sock *xtcp_accept_dequeue(struct sock *listener);
bool xtcp_accept_queue_empty(struct sock *listener);
void xtcp_accept_graft(struct sock *child, struct socket *newsock);

void xtcp_shutdown_sock(struct sock *sk, int how);
void xtcp_disconnect(struct sock *sk);

#endif /* _XTCP_SOCK_H */
