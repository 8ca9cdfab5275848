/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's counters: per-namespace, per-CPU event counts in the style of the
 * kernel's SNMP MIBs, summed on read and shown in /proc/net/xtcp_stat in
 * the two-line format of /proc/net/netstat.
 */
#ifndef _XTCP_STATS_H
#define _XTCP_STATS_H

#include <linux/percpu.h>
#include <net/net_namespace.h>

#include "pernet.h"

/*
 * The counters, in the order /proc/net/xtcp_stat shows them: the enum
 * constant and the name shown (nstat prefixes it with "XtcpExt").  Adding
 * a counter is one line here; the enum and the names are both made from
 * this list, as the kernel's drop reasons are.  Names are unique across
 * layers: the network layer's start with "Ip".
 *
 * Network layer, receive:
 * IpInFrames: frames the receive hook claimed for xtcp (IPv4, TCP, to an
 *	address of an attached device).
 * IpInNotOurs: frames the receive hook saw and passed on to the kernel.
 * IpInHdrErrors: claimed frames with a bad IPv4 header (version, header
 *	length, total length shorter than the header).
 * IpInCsumErrors: claimed frames with a bad IPv4 header checksum.
 * IpInTruncated: claimed frames shorter than their IPv4 header or total
 *	length says.
 * IpInAddrErrors: claimed frames whose source address cannot be a TCP
 *	peer (multicast, broadcast, 0.0.0.0/8; from the wire, a loopback
 *	address or the destination address itself).
 * IpInFragDropped: claimed IPv4 fragments, dropped: xtcp does not
 *	reassemble.
 * IpInDiscards: claimed frames dropped for lack of memory.
 * IpInFiltered: claimed frames a netfilter rule dropped (PRE_ROUTING or
 *	LOCAL_IN).
 * IpInNoRoute: claimed frames the input route refused (no route, the
 *	rp_filter, a martian) or would forward (not local to this host).
 * IpInDelivers: TCP segments handed to the transport (a GRO aggregate
 *	counts its segments).
 *
 * Network layer, transmit:
 * IpOutSegs: TCP segments handed to the neighbour layer (a GSO packet
 *	counts its segments).
 * IpOutNoRoute: route lookups (xtcp_ip_route(), and each send) that found
 *	no usable route: none, one that is not unicast or local, or one
 *	through a device xtcp is not attached to.
 * IpOutDiscards: packets dropped on the way down: no memory for headers,
 *	no neighbour entry, the device queue refused them.
 * IpOutFiltered: packets a netfilter rule dropped (LOCAL_OUT or
 *	POST_ROUTING).
 * IpOutTooBig: packets bigger than the path MTU, dropped.
 *
 * Transport (TCP), in the spirit of Linux's Tcp and TcpExt counters:
 * InSegs: segments received (Tcp InSegs).
 * InCsumErrors: segments with a bad TCP checksum (Tcp InCsumErrors).
 * InBadHeaders: segments too short for their TCP header.
 * InBadOptions: segments with malformed TCP options.
 * NoSocket: segments for no connection or listener (answered by a RST).
 * InRsts: resets accepted.
 * OutRsts: resets sent (Tcp OutRsts).
 * OutOfWindow: unacceptable segments (RFC 9293 3.10.7.4), acknowledged.
 * AckTooOld: segments dropped for an ACK below SND.UNA - MAX.SND.WND
 *	(RFC 5961 5.2; Linux's drop reason TCP_TOO_OLD_ACK), challenged.
 * AckUnsent: segments dropped for an ACK of data never sent, beyond
 *	SND.NXT (Linux's drop reason TCP_ACK_UNSENT_DATA), challenged.
 * ChallengeAcks: challenge ACKs sent (RFC 5961, TCPChallengeACK).
 * ChallengeAcksSkipped: challenge ACKs not sent for the per-connection or
 *	the per-namespace rate limit (TCPACKSkippedChallenge).
 * OowAcksSkipped: ACKs to unacceptable segments without data not sent for
 *	the per-connection rate limit (TCPACKSkippedSeq, TCPACKSkippedPAWS).
 * PAWSEstab: segments of a synchronized connection dropped by PAWS, their
 *	timestamp older than the last one accepted (PAWSEstab).
 * ActiveOpens: connect() calls that sent a SYN (Tcp ActiveOpens).
 * PassiveOpens: connections opened by a listener (Tcp PassiveOpens).
 * ListenOverflows: SYNs or handshakes refused for a full accept queue.
 * ListenDrops: SYNs a listener dropped for any reason (overflows too).
 * ReqQFullDoCookies: SYNs that found the SYN queue full and were answered
 *	with a cookie (TCPReqQFullDoCookies).
 * ReqQFullDrop: SYNs that found the SYN queue full, cookies off, and were
 *	dropped (TCPReqQFullDrop).
 * SyncookiesSent: SYN-ACKs sent with a cookie (SyncookiesSent).
 * SyncookiesRecv: handshake ACKs whose cookie passed (SyncookiesRecv).
 * SyncookiesFailed: ACKs to a listener that had sent cookies whose cookie
 *	did not pass; answered by a reset (SyncookiesFailed).
 * BacklogDrops: segments dropped for a full socket backlog.
 * TimeWaitReused: TIME-WAIT connections ended early by a new SYN.
 * Timeouts: connections that gave up after retransmitting.
 * RetransSegs: segments retransmitted (Tcp RetransSegs).
 * AbortOnData: connections reset by close() with unread data.
 * AbortOnLinger: connections reset by close() with a zero linger time.
 * AbortOnDevice: connections ended because their device was detached.
 * AbortOnMemory: orphans dropped because there were too many, most with a
 *	reset (orphan.c; Linux's TCPAbortOnMemory).
 *
 * Receive side of the byte stream (receive.c):
 * RcvCoalesce: in-order segments merged into the previous one on the
 *	receive queue (TcpExtTCPRcvCoalesce).
 * RcvCollapsed: skbs of the receive queue copied into compact ones
 *	because small segments wasted the buffer (TcpExtTCPRcvCollapsed).
 * RcvQDrop: in-order segments dropped because the receive buffer was
 *	full even after pruning (TcpExtTCPRcvQDrop).
 * RcvPruned: times out-of-order data was thrown away to make room in the
 *	receive buffer (TcpExtPruneCalled).
 * OfoQueue: segments put on the out-of-order queue (TcpExtTCPOFOQueue).
 * OfoMerge: out-of-order segments dropped because another covered them
 *	(TcpExtTCPOFOMerge).
 * OfoDrop: out-of-order segments dropped, or pruned, for lack of receive
 *	buffer (TcpExtTCPOFODrop).
 * DelayedAcks: ACKs sent by the delayed-ACK timer (TcpExtDelayedACKs).
 *
 * ICMP errors about xtcp's segments (icmp.c):
 * IcmpInErrors: ICMP errors the receive hook claimed (destination
 *	unreachable, source quench, time exceeded, parameter problem quoting
 *	a TCP segment, to an address of an attached device) that reached the
 *	transport.
 * IcmpInMalformed: of those, too short for an ICMP header, a quoted IPv4
 *	header and 8 bytes of TCP header, or quoting no TCP header.
 * IcmpInCsumErrors: of those, with a bad ICMP checksum.
 * IcmpNoSocket: errors about no connection of xtcp's (Linux counts them in
 *	IcmpInErrors); errors about a TIME-WAIT connection are ignored too.
 * OutOfWindowIcmps: errors quoting a sequence number outside [SND.UNA,
 *	SND.NXT], or not the ISS of a half-open connection: ignored
 *	(RFC 5927, TcpExtOutOfWindowIcmps).
 * LockDroppedIcmps: errors that found a process holding the connection,
 *	other than fragmentation needed (TcpExtLockDroppedIcmps); a hard
 *	error then only becomes a soft one, as in Linux.
 * IcmpHardErrors: connections an ICMP error ended (SYN-SENT, or
 *	SYN-RECEIVED from a simultaneous open: connect() fails with its errno).
 * IcmpSoftErrors: errors recorded as the connection's soft error: reported
 *	by SO_ERROR, and by the connection's time-out instead of ETIMEDOUT.
 * IcmpReqDrops: half-open connections of a listener dropped by a net or
 *	host unreachable, time exceeded or parameter problem (tcp_req_err()).
 * IcmpRtoReverts: retransmission back-offs undone by a net or host
 *	unreachable about SND.UNA (RFC 6069).
 * PmtuUpdates: fragmentation-needed messages that lowered a connection's
 *	path MTU and MSS; the segments too big for it were sent again.
 * WQueueTooBig: segments of the retransmit queue not cut to a lower MSS
 *	because the connection's queued memory was past twice its send
 *	buffer (TcpExtTCPWQueueTooBig).
 */
#define XTCP_STAT_LIST(S)						\
	S(XTCP_STAT_IP_IN_FRAMES,	"IpInFrames")			\
	S(XTCP_STAT_IP_IN_NOT_OURS,	"IpInNotOurs")			\
	S(XTCP_STAT_IP_IN_HDR_ERRORS,	"IpInHdrErrors")		\
	S(XTCP_STAT_IP_IN_CSUM_ERRORS,	"IpInCsumErrors")		\
	S(XTCP_STAT_IP_IN_TRUNCATED,	"IpInTruncated")		\
	S(XTCP_STAT_IP_IN_ADDR_ERRORS,	"IpInAddrErrors")		\
	S(XTCP_STAT_IP_IN_FRAG_DROPPED,	"IpInFragDropped")		\
	S(XTCP_STAT_IP_IN_DISCARDS,	"IpInDiscards")			\
	S(XTCP_STAT_IP_IN_FILTERED,	"IpInFiltered")			\
	S(XTCP_STAT_IP_IN_NO_ROUTE,	"IpInNoRoute")			\
	S(XTCP_STAT_IP_IN_DELIVERS,	"IpInDelivers")			\
	S(XTCP_STAT_IP_OUT_SEGS,	"IpOutSegs")			\
	S(XTCP_STAT_IP_OUT_NO_ROUTE,	"IpOutNoRoute")			\
	S(XTCP_STAT_IP_OUT_DISCARDS,	"IpOutDiscards")		\
	S(XTCP_STAT_IP_OUT_FILTERED,	"IpOutFiltered")		\
	S(XTCP_STAT_IP_OUT_TOO_BIG,	"IpOutTooBig")			\
	S(XTCP_STAT_IN_SEGS,		"InSegs")			\
	S(XTCP_STAT_OUT_SEGS,		"OutSegs")			\
	S(XTCP_STAT_IN_CSUM_ERRORS,	"InCsumErrors")			\
	S(XTCP_STAT_IN_BAD_HEADERS,	"InBadHeaders")			\
	S(XTCP_STAT_IN_BAD_OPTIONS,	"InBadOptions")			\
	S(XTCP_STAT_NO_SOCKET,		"NoSocket")			\
	S(XTCP_STAT_IN_RSTS,		"InRsts")			\
	S(XTCP_STAT_OUT_RSTS,		"OutRsts")			\
	S(XTCP_STAT_OUT_OF_WINDOW,	"OutOfWindow")			\
	S(XTCP_STAT_ACK_TOO_OLD,	"AckTooOld")			\
	S(XTCP_STAT_ACK_UNSENT,		"AckUnsent")			\
	S(XTCP_STAT_CHALLENGE_ACKS,	"ChallengeAcks")		\
	S(XTCP_STAT_CHALLENGE_ACKS_SKIPPED, "ChallengeAcksSkipped")	\
	S(XTCP_STAT_OOW_ACKS_SKIPPED,	"OowAcksSkipped")		\
	S(XTCP_STAT_PAWS_ESTAB,		"PAWSEstab")			\
	S(XTCP_STAT_ACTIVE_OPENS,	"ActiveOpens")			\
	S(XTCP_STAT_PASSIVE_OPENS,	"PassiveOpens")			\
	S(XTCP_STAT_LISTEN_OVERFLOWS,	"ListenOverflows")		\
	S(XTCP_STAT_LISTEN_DROPS,	"ListenDrops")			\
	S(XTCP_STAT_REQ_Q_FULL_COOKIES,	"ReqQFullDoCookies")		\
	S(XTCP_STAT_REQ_Q_FULL_DROP,	"ReqQFullDrop")			\
	S(XTCP_STAT_SYNCOOKIES_SENT,	"SyncookiesSent")		\
	S(XTCP_STAT_SYNCOOKIES_RECV,	"SyncookiesRecv")		\
	S(XTCP_STAT_SYNCOOKIES_FAILED,	"SyncookiesFailed")		\
	S(XTCP_STAT_BACKLOG_DROPS,	"BacklogDrops")			\
	S(XTCP_STAT_TIME_WAIT_REUSED,	"TimeWaitReused")		\
	S(XTCP_STAT_TIMEOUTS,		"Timeouts")			\
	S(XTCP_STAT_RETRANS_SEGS,	"RetransSegs")			\
	S(XTCP_STAT_FAST_RETRANS,	"FastRetrans")			\
	S(XTCP_STAT_RTO_RECOVERIES,	"RtoRecoveries")		\
	S(XTCP_STAT_SACK_RECOVERIES,	"SackRecoveries")		\
	S(XTCP_STAT_SACKS_RCVD,		"SacksRcvd")			\
	S(XTCP_STAT_TLP_PROBES,		"TailLossProbes")		\
	S(XTCP_STAT_WIN_PROBES,		"WinProbes")			\
	S(XTCP_STAT_KEEPALIVE_PROBES,	"KeepAliveProbes")		\
	S(XTCP_STAT_ABORT_ON_DATA,	"AbortOnData")			\
	S(XTCP_STAT_ABORT_ON_LINGER,	"AbortOnLinger")		\
	S(XTCP_STAT_ABORT_ON_DEVICE,	"AbortOnDevice")		\
	S(XTCP_STAT_ABORT_ON_MEMORY,	"AbortOnMemory")		\
	S(XTCP_STAT_RCV_COALESCE,	"RcvCoalesce")			\
	S(XTCP_STAT_RCV_COLLAPSED,	"RcvCollapsed")			\
	S(XTCP_STAT_RCV_Q_DROP,		"RcvQDrop")			\
	S(XTCP_STAT_RCV_PRUNED,		"RcvPruned")			\
	S(XTCP_STAT_OFO_QUEUE,		"OfoQueue")			\
	S(XTCP_STAT_OFO_MERGE,		"OfoMerge")			\
	S(XTCP_STAT_OFO_DROP,		"OfoDrop")			\
	S(XTCP_STAT_DELAYED_ACKS,	"DelayedAcks")			\
	S(XTCP_STAT_ICMP_IN_ERRORS,	"IcmpInErrors")			\
	S(XTCP_STAT_ICMP_IN_MALFORMED,	"IcmpInMalformed")		\
	S(XTCP_STAT_ICMP_IN_CSUM_ERRORS, "IcmpInCsumErrors")		\
	S(XTCP_STAT_ICMP_NO_SOCKET,	"IcmpNoSocket")			\
	S(XTCP_STAT_OUT_OF_WINDOW_ICMPS, "OutOfWindowIcmps")		\
	S(XTCP_STAT_LOCK_DROPPED_ICMPS,	"LockDroppedIcmps")		\
	S(XTCP_STAT_ICMP_HARD_ERRORS,	"IcmpHardErrors")		\
	S(XTCP_STAT_ICMP_SOFT_ERRORS,	"IcmpSoftErrors")		\
	S(XTCP_STAT_ICMP_REQ_DROPS,	"IcmpReqDrops")			\
	S(XTCP_STAT_ICMP_RTO_REVERTS,	"IcmpRtoReverts")		\
	S(XTCP_STAT_PMTU_UPDATES,	"PmtuUpdates")			\
	S(XTCP_STAT_WQUEUE_TOO_BIG,	"WQueueTooBig")

#define XTCP_STAT_ENUM(item, name)	item,

/*
 * enum xtcp_stat_item - one counter of &struct xtcp_mib: the constants come
 * from XTCP_STAT_LIST, XTCP_STAT_MAX counts them.
 */
enum xtcp_stat_item {
	XTCP_STAT_LIST(XTCP_STAT_ENUM)
	XTCP_STAT_MAX
};

#undef XTCP_STAT_ENUM

/**
 * struct xtcp_mib - one CPU's copy of a namespace's counters
 * @mibs: the counts, indexed by &enum xtcp_stat_item
 */
struct xtcp_mib {
	unsigned long mibs[XTCP_STAT_MAX];
};

/* The per-CPU counters of a namespace. */
static inline struct xtcp_mib __percpu *xtcp_stats_mib(const struct net *net)
{
	return xtcp_net(net)->mib;
}

/**
 * xtcp_stat_add() - add to a counter, from any context
 * @net: the namespace the event happened in
 * @item: the counter
 * @n: how much to add
 */
static inline void xtcp_stat_add(const struct net *net,
				 enum xtcp_stat_item item, unsigned long n)
{
	this_cpu_add(xtcp_stats_mib(net)->mibs[item], n);
}

/**
 * __xtcp_stat_add() - add to a counter, with preemption or BHs disabled
 * @net: the namespace the event happened in
 * @item: the counter
 * @n: how much to add
 *
 * For the receive path and anything else running in softirq context or
 * with BHs off: the CPU cannot change under it, so the cheaper
 * __this_cpu_add() is enough (as __SNMP_ADD_STATS).
 */
static inline void __xtcp_stat_add(const struct net *net,
				   enum xtcp_stat_item item, unsigned long n)
{
	__this_cpu_add(xtcp_stats_mib(net)->mibs[item], n);
}

/**
 * xtcp_stat_inc() - count one event, from any context
 * @net: the namespace the event happened in
 * @item: the counter
 */
static inline void xtcp_stat_inc(const struct net *net,
				 enum xtcp_stat_item item)
{
	this_cpu_inc(xtcp_stats_mib(net)->mibs[item]);
}

/**
 * __xtcp_stat_inc() - count one event, with preemption or BHs disabled
 * @net: the namespace the event happened in
 * @item: the counter
 */
static inline void __xtcp_stat_inc(const struct net *net,
				   enum xtcp_stat_item item)
{
	__this_cpu_inc(xtcp_stats_mib(net)->mibs[item]);
}

unsigned long xtcp_stat_read(const struct net *net, enum xtcp_stat_item item);
int xtcp_stats_net_init(struct net *net);
void xtcp_stats_net_exit(struct net *net);

#endif /* _XTCP_STATS_H */
