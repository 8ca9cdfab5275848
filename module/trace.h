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
#include <net/sock.h>

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

#endif /* _XTCP_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
