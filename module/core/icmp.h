/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules for an ICMP error that quotes one of xtcp's segments (RFC 792,
 * RFC 1122 4.2.3.9, RFC 1191, RFC 5927, RFC 6069): what kind of error it is,
 * what the MTU field means under net.ipv4.ip_no_pmtu_disc, whether the
 * quoted sequence number makes it believable, when it ends a half-open
 * connection, and the MSS a path MTU allows.  Linux's icmp_unreach(),
 * tcp_v4_err(), tcp_req_err(), tcp_ld_RTO_revert() and tcp_mtu_to_mss(),
 * with the socket's state passed in.
 */
#ifndef _XTCP_CORE_ICMP_H
#define _XTCP_CORE_ICMP_H

#include "seq.h"
#include "types.h"

/* ICMP types and codes (RFC 792, RFC 1812 5.2.7.1). */
#define XTCP_ICMP_DEST_UNREACH		3
#define XTCP_ICMP_SOURCE_QUENCH		4
#define XTCP_ICMP_REDIRECT		5
#define XTCP_ICMP_TIME_EXCEEDED		11
#define XTCP_ICMP_PARAMETERPROB		12

#define XTCP_ICMP_NET_UNREACH		0
#define XTCP_ICMP_HOST_UNREACH		1
#define XTCP_ICMP_FRAG_NEEDED		4
/* The highest destination-unreachable code there is (precedence cutoff). */
#define XTCP_ICMP_UNREACH_MAX		15

/**
 * enum xtcp_icmp_kind - what an ICMP error means to a TCP connection
 * @XTCP_ICMP_KIND_IGNORE: nothing (source quench, RFC 6633; a code or type TCP
 *	does not act on)
 * @XTCP_ICMP_KIND_PMTU: fragmentation needed and DF set: the path MTU is lower
 *	(RFC 1191)
 * @XTCP_ICMP_KIND_UNREACH: destination unreachable with the given code; the
 *	errno comes from the code
 * @XTCP_ICMP_KIND_TIME_EXCEEDED: a TTL ran out or reassembly timed out
 *	(EHOSTUNREACH)
 * @XTCP_ICMP_KIND_PARAM_PROBLEM: a router could not parse the header (EPROTO)
 */
enum xtcp_icmp_kind {
	XTCP_ICMP_KIND_IGNORE,
	XTCP_ICMP_KIND_PMTU,
	XTCP_ICMP_KIND_UNREACH,
	XTCP_ICMP_KIND_TIME_EXCEEDED,
	XTCP_ICMP_KIND_PARAM_PROBLEM,
};

/**
 * xtcp_icmp_is_error() - is this an ICMP error message that quotes a packet?
 * @type: the ICMP type
 *
 * The types that carry the header of the packet they are about and that
 * xtcp takes: redirects are left to the kernel (they change a route, not
 * a connection, and xtcp keeps no route per socket).
 *
 * Return: true for destination unreachable, source quench, time exceeded
 * and parameter problem.
 */
static inline bool xtcp_icmp_is_error(u8 type)
{
	return type == XTCP_ICMP_DEST_UNREACH ||
	       type == XTCP_ICMP_SOURCE_QUENCH ||
	       type == XTCP_ICMP_TIME_EXCEEDED ||
	       type == XTCP_ICMP_PARAMETERPROB;
}

/**
 * xtcp_icmp_kind() - classify an ICMP error (tcp_v4_err()'s switch)
 * @type: the ICMP type
 * @code: the ICMP code
 *
 * Return: the kind; a destination-unreachable code beyond the last one
 * defined is ignored, as Linux's icmp_unreach() drops it.
 */
static inline enum xtcp_icmp_kind xtcp_icmp_kind(u8 type, u8 code)
{
	switch (type) {
	case XTCP_ICMP_DEST_UNREACH:
		if (code > XTCP_ICMP_UNREACH_MAX)
			return XTCP_ICMP_KIND_IGNORE;
		if (code == XTCP_ICMP_FRAG_NEEDED)
			return XTCP_ICMP_KIND_PMTU;
		return XTCP_ICMP_KIND_UNREACH;
	case XTCP_ICMP_TIME_EXCEEDED:
		return XTCP_ICMP_KIND_TIME_EXCEEDED;
	case XTCP_ICMP_PARAMETERPROB:
		return XTCP_ICMP_KIND_PARAM_PROBLEM;
	default:
		return XTCP_ICMP_KIND_IGNORE;
	}
}

/**
 * xtcp_icmp_frag_mtu() - the MTU a fragmentation-needed message reports
 * @field: the next-hop MTU field of the message (RFC 1191 4), host order
 * @no_pmtu_disc: net.ipv4.ip_no_pmtu_disc of the namespace
 * @mtu: set to the MTU to take, 0 for "smaller, by how much unknown"
 *
 * As Linux's icmp_unreach(): at 0 (the default) the field is believed;
 * at 1 it is not (the route falls to net.ipv4.route.min_pmtu); at 2 the
 * message is ignored; at 3 it is believed for TCP, whose messages can be
 * checked against the connection (strict tag validation).
 *
 * Return: false when the message is to be ignored.
 */
static inline bool xtcp_icmp_frag_mtu(u16 field, int no_pmtu_disc, u32 *mtu)
{
	*mtu = 0;
	switch (no_pmtu_disc) {
	case 2:
		return false;
	case 0:
	case 3:
		*mtu = field;
		return true;
	default:
		return true;
	}
}

/**
 * xtcp_icmp_seq_ok() - could the quoted segment be one in flight?
 * @seq: the sequence number of the quoted TCP header
 * @snd_una: the oldest unacknowledged sequence number
 * @snd_nxt: the next sequence number to send
 *
 * RFC 5927 4.1: a message about data that is not in flight is forged or
 * stale, and ignored.  Both ends are included: SND.NXT itself is quoted by
 * a window probe or a pure ACK, as Linux's tcp_v4_err() accepts.
 *
 * Return: true when SND.UNA <= @seq <= SND.NXT.
 */
static inline bool xtcp_icmp_seq_ok(u32 seq, u32 snd_una, u32 snd_nxt)
{
	return xtcp_seq_before_eq(snd_una, seq) &&
	       xtcp_seq_before_eq(seq, snd_nxt);
}

/**
 * xtcp_icmp_req_abort() - does the error end a half-open connection a
 *	listener holds?
 * @kind: xtcp_icmp_kind() of the message
 * @code: its code
 *
 * As Linux's tcp_req_err(): a parameter problem, a time exceeded and a
 * net or host unreachable drop it silently (the peer that sent the SYN is
 * not there); anything else leaves it to its SYN-ACK retransmissions.
 * POSIX wants no network error from accept(), so none is reported.
 *
 * Return: true to drop it.
 */
static inline bool xtcp_icmp_req_abort(enum xtcp_icmp_kind kind, u8 code)
{
	return kind == XTCP_ICMP_KIND_PARAM_PROBLEM ||
	       kind == XTCP_ICMP_KIND_TIME_EXCEEDED ||
	       (kind == XTCP_ICMP_KIND_UNREACH &&
		(code == XTCP_ICMP_NET_UNREACH ||
		 code == XTCP_ICMP_HOST_UNREACH));
}

/**
 * xtcp_icmp_reverts_rto() - may the error undo one RTO back-off (RFC 6069)?
 * @kind: xtcp_icmp_kind() of the message
 * @code: its code
 * @seq: the sequence number it quotes
 * @snd_una: the oldest unacknowledged sequence number
 * @backed_off: the retransmission timer is backed off (timeouts happened)
 *
 * A net or host unreachable about the segment at SND.UNA, while the RTO
 * backs off, says the path is broken rather than congested: the last
 * doubling is undone (Linux's tcp_ld_RTO_revert()).
 *
 * Return: true to revert one back-off step.
 */
static inline bool xtcp_icmp_reverts_rto(enum xtcp_icmp_kind kind, u8 code,
					 u32 seq, u32 snd_una, bool backed_off)
{
	return kind == XTCP_ICMP_KIND_UNREACH &&
	       (code == XTCP_ICMP_NET_UNREACH ||
		code == XTCP_ICMP_HOST_UNREACH) &&
	       seq == snd_una && backed_off;
}

/**
 * xtcp_mtu_to_mss() - payload bytes per segment over a path MTU
 * @pmtu: the path MTU
 * @net_hlen: the network and TCP headers without options (40 for IPv4)
 * @mss_clamp: the peer's MSS (and TCP_MAXSEG's)
 * @min_snd_mss: net.ipv4.tcp_min_snd_mss
 * @opt_len: TCP option bytes every segment carries (timestamps: 12)
 *
 * As Linux's tcp_mtu_to_mss(): at most what the peer takes, at least the
 * namespace's floor (so a forged tiny MTU cannot make one segment carry
 * one byte), less the options.
 *
 * Return: the MSS.
 */
static inline u32 xtcp_mtu_to_mss(u32 pmtu, u32 net_hlen, u32 mss_clamp,
				  u32 min_snd_mss, u32 opt_len)
{
	s64 mss = (s64)pmtu - net_hlen;

	if (mss > mss_clamp)
		mss = mss_clamp;
	if (mss < min_snd_mss)
		mss = min_snd_mss;
	return mss > opt_len ? (u32)(mss - opt_len) : 1;
}

#endif /* _XTCP_CORE_ICMP_H */
