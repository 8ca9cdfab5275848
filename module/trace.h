/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's ftrace tracepoints: the events under /sys/kernel/tracing/events/xtcp/.
 *
 * Each event names the socket by its kernel address (hashed by %p, like the
 * kernel's own sock events) and its network namespace by inode number, so
 * events of one socket can be followed across its life with trace-cmd or
 * the tracefs files.  trace.c is the one file that defines the events.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xtcp

#if !defined(_XTCP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XTCP_TRACE_H

#include <linux/tracepoint.h>
#include <net/net_namespace.h>
#include <linux/tcp.h>
#include <net/sock.h>

#include "core/state.h"
#include "sock.h"

/* Events about the life of one socket, from creation to destruction. */
DECLARE_EVENT_CLASS(xtcp_sock_lifetime,

	TP_PROTO(const struct sock *sk),

	TP_ARGS(sk),

	TP_STRUCT__entry(
		__field(const void *, skaddr)
		__field(unsigned int, netns)
		__field(u16, family)
		__field(u16, type)
		__field(u16, protocol)
		__field(u8, state)
	),

	TP_fast_assign(
		__entry->skaddr = sk;
		__entry->netns = sock_net(sk)->ns.inum;
		__entry->family = sk->sk_family;
		__entry->type = sk->sk_type;
		__entry->protocol = sk->sk_protocol;
		__entry->state = sk->sk_state;
	),

	TP_printk("skaddr=%p netns=%u family=%u type=%u protocol=%u state=%u",
		  __entry->skaddr, __entry->netns, __entry->family,
		  __entry->type, __entry->protocol, __entry->state)
);

/* A socket() call created an xtcp socket. */
DEFINE_EVENT(xtcp_sock_lifetime, xtcp_sock_create,
	TP_PROTO(const struct sock *sk),
	TP_ARGS(sk)
);

/* The last reference to an xtcp socket went; its memory is freed next. */
DEFINE_EVENT(xtcp_sock_lifetime, xtcp_sock_destroy,
	TP_PROTO(const struct sock *sk),
	TP_ARGS(sk)
);

/* Let user-space decoders (trace-cmd, perf) resolve the state names. */
TRACE_DEFINE_ENUM(XTCP_ESTABLISHED);
TRACE_DEFINE_ENUM(XTCP_SYN_SENT);
TRACE_DEFINE_ENUM(XTCP_SYN_RECV);
TRACE_DEFINE_ENUM(XTCP_FIN_WAIT1);
TRACE_DEFINE_ENUM(XTCP_FIN_WAIT2);
TRACE_DEFINE_ENUM(XTCP_TIME_WAIT);
TRACE_DEFINE_ENUM(XTCP_CLOSE);
TRACE_DEFINE_ENUM(XTCP_CLOSE_WAIT);
TRACE_DEFINE_ENUM(XTCP_LAST_ACK);
TRACE_DEFINE_ENUM(XTCP_LISTEN);
TRACE_DEFINE_ENUM(XTCP_CLOSING);

#define xtcp_show_state(state)						\
	__print_symbolic(state,						\
		{ XTCP_ESTABLISHED,	"ESTABLISHED" },		\
		{ XTCP_SYN_SENT,	"SYN-SENT" },			\
		{ XTCP_SYN_RECV,	"SYN-RECEIVED" },		\
		{ XTCP_FIN_WAIT1,	"FIN-WAIT-1" },			\
		{ XTCP_FIN_WAIT2,	"FIN-WAIT-2" },			\
		{ XTCP_TIME_WAIT,	"TIME-WAIT" },			\
		{ XTCP_CLOSE,		"CLOSED" },			\
		{ XTCP_CLOSE_WAIT,	"CLOSE-WAIT" },			\
		{ XTCP_LAST_ACK,	"LAST-ACK" },			\
		{ XTCP_LISTEN,		"LISTEN" },			\
		{ XTCP_CLOSING,		"CLOSING" })

/*
 * A connection changed state; fired by xtcp_set_state(), the one place
 * sk_state changes, so every transition of RFC 9293's diagram shows here.
 */
TRACE_EVENT(xtcp_state_change,

	TP_PROTO(const struct sock *sk, int oldstate, int newstate),

	TP_ARGS(sk, oldstate, newstate),

	TP_STRUCT__entry(
		__field(const void *, skaddr)
		__field(int, oldstate)
		__field(int, newstate)
		__field(__u16, sport)
		__field(__u16, dport)
		__array(__u8, saddr, 4)
		__array(__u8, daddr, 4)
	),

	TP_fast_assign(
		__entry->skaddr = sk;
		__entry->oldstate = oldstate;
		__entry->newstate = newstate;
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		memcpy(__entry->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(__entry->daddr, &sk->sk_daddr, 4);
	),

	TP_printk("skaddr=%p src=%pI4:%u dst=%pI4:%u %s -> %s",
		  __entry->skaddr, __entry->saddr, __entry->sport,
		  __entry->daddr, __entry->dport,
		  xtcp_show_state(__entry->oldstate),
		  xtcp_show_state(__entry->newstate))
);

/* One segment, received or sent: the header fields tcpdump would show. */
DECLARE_EVENT_CLASS(xtcp_segment,

	TP_PROTO(__be32 saddr, __be32 daddr, const struct tcphdr *th,
		 unsigned int payload),

	TP_ARGS(saddr, daddr, th, payload),

	TP_STRUCT__entry(
		__array(__u8, saddr, 4)
		__array(__u8, daddr, 4)
		__field(__u16, sport)
		__field(__u16, dport)
		__field(__u32, seq)
		__field(__u32, ack)
		__field(__u16, window)
		__field(__u8, flags)
		__field(unsigned int, payload)
	),

	TP_fast_assign(
		memcpy(__entry->saddr, &saddr, 4);
		memcpy(__entry->daddr, &daddr, 4);
		__entry->sport = ntohs(th->source);
		__entry->dport = ntohs(th->dest);
		__entry->seq = ntohl(th->seq);
		__entry->ack = ntohl(th->ack_seq);
		__entry->window = ntohs(th->window);
		__entry->flags = ((const u8 *)th)[13];
		__entry->payload = payload;
	),

	TP_printk("%pI4:%u > %pI4:%u flags=%s%s%s%s%s seq=%u ack=%u win=%u len=%u",
		  __entry->saddr, __entry->sport, __entry->daddr,
		  __entry->dport,
		  __entry->flags & 0x02 ? "S" : "",
		  __entry->flags & 0x01 ? "F" : "",
		  __entry->flags & 0x04 ? "R" : "",
		  __entry->flags & 0x08 ? "P" : "",
		  __entry->flags & 0x10 ? "." : "",
		  __entry->seq, __entry->ack, __entry->window,
		  __entry->payload)
);

/* A segment for one of xtcp's addresses passed the header checks. */
DEFINE_EVENT(xtcp_segment, xtcp_segment_recv,
	TP_PROTO(__be32 saddr, __be32 daddr, const struct tcphdr *th,
		 unsigned int payload),
	TP_ARGS(saddr, daddr, th, payload)
);

/* xtcp built a segment and hands it to the network layer. */
DEFINE_EVENT(xtcp_segment, xtcp_segment_send,
	TP_PROTO(__be32 saddr, __be32 daddr, const struct tcphdr *th,
		 unsigned int payload),
	TP_ARGS(saddr, daddr, th, payload)
);

/* A data segment (or FIN) is sent again, with the sender's state then. */
TRACE_EVENT(xtcp_retransmit,

	TP_PROTO(const struct sock *sk, u32 seq, u32 len),

	TP_ARGS(sk, seq, len),

	TP_STRUCT__entry(
		__field(const void *, skaddr)
		__array(__u8, saddr, 4)
		__array(__u8, daddr, 4)
		__field(__u16, sport)
		__field(__u16, dport)
		__field(__u32, seq)
		__field(__u32, len)
		__field(__u32, cwnd)
		__field(__u32, ssthresh)
		__field(__u32, flight)
		__field(__u32, sacked)
		__field(__u8, ca_state)
		__field(unsigned int, rto_ms)
	),

	TP_fast_assign(
		const struct xtcp_sock *xs = xtcp_sk(sk);

		__entry->skaddr = sk;
		memcpy(__entry->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(__entry->daddr, &sk->sk_daddr, 4);
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		__entry->seq = seq;
		__entry->len = len;
		__entry->cwnd = xs->snd_cwnd;
		__entry->ssthresh = xs->snd_ssthresh;
		__entry->flight = xs->snd_nxt - xs->snd_una - xs->lost_bytes -
				  xs->sacked_bytes;
		__entry->sacked = xs->sacked_bytes;
		__entry->ca_state = xs->ca_state;
		__entry->rto_ms = jiffies_to_msecs(xs->rto);
	),

	TP_printk("skaddr=%p src=%pI4:%u dst=%pI4:%u seq=%u len=%u cwnd=%u ssthresh=%u flight=%u sacked=%u ca=%s rto=%ums",
		  __entry->skaddr, __entry->saddr, __entry->sport,
		  __entry->daddr, __entry->dport, __entry->seq, __entry->len,
		  __entry->cwnd, __entry->ssthresh, __entry->flight,
		  __entry->sacked,
		  __print_symbolic(__entry->ca_state, { 0, "open" },
				   { 1, "recovery" }, { 2, "loss" }),
		  __entry->rto_ms)
);

/*
 * Receive buffer autotuning (rcvbuf.c) grew SO_RCVBUF: the reader took
 * @copied bytes in the last round trip of @rtt_us.
 */
TRACE_EVENT(xtcp_rcvbuf_grow,

	TP_PROTO(const struct sock *sk, int old_rcvbuf, u32 copied, u32 rtt_us),

	TP_ARGS(sk, old_rcvbuf, copied, rtt_us),

	TP_STRUCT__entry(
		__field(const void *, skaddr)
		__array(__u8, saddr, 4)
		__array(__u8, daddr, 4)
		__field(__u16, sport)
		__field(__u16, dport)
		__field(int, old_rcvbuf)
		__field(int, rcvbuf)
		__field(__u32, copied)
		__field(__u32, rtt_us)
	),

	TP_fast_assign(
		__entry->skaddr = sk;
		memcpy(__entry->saddr, &sk->sk_rcv_saddr, 4);
		memcpy(__entry->daddr, &sk->sk_daddr, 4);
		__entry->sport = sk->sk_num;
		__entry->dport = ntohs(sk->sk_dport);
		__entry->old_rcvbuf = old_rcvbuf;
		__entry->rcvbuf = READ_ONCE(sk->sk_rcvbuf);
		__entry->copied = copied;
		__entry->rtt_us = rtt_us;
	),

	TP_printk("skaddr=%p src=%pI4:%u dst=%pI4:%u rcvbuf=%d->%d copied=%u rtt=%uus",
		  __entry->skaddr, __entry->saddr, __entry->sport,
		  __entry->daddr, __entry->dport, __entry->old_rcvbuf,
		  __entry->rcvbuf, __entry->copied, __entry->rtt_us)
);

#endif /* _XTCP_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
