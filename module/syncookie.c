// SPDX-License-Identifier: GPL-2.0
/*
 * SYN cookies (RFC 4987 3.6), as Linux's net/ipv4/syncookies.c and
 * tcp_conn_request() use them: a listener whose SYN queue is full (or
 * every listener, with net.ipv4.tcp_syncookies 2) answers a SYN with a
 * SYN-ACK whose sequence number is a cookie and keeps nothing; the ACK
 * that completes the handshake brings the cookie back, and a cookie that
 * checks out makes the connection there and then.  The cookie carries the
 * peer's MSS (one of four values); with timestamps, the SYN-ACK's TSval
 * carries SACK and the peer's window scale too.  The arithmetic is in
 * core/syncookie.c; the keyed hashes, the clock and the sysctl are here.
 *
 * The namespace's net.ipv4.tcp_syncookies is read as Linux reads it: at
 * each SYN that finds the queue full, and at each ACK a listener gets.
 */
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/ip.h>
#include <net/netns/hash.h>

#include "core/syncookie.h"
#include "isn.h"
#include "output.h"
#include "sock.h"
#include "stats.h"
#include "syncookie.h"
#include "wire.h"

static siphash_key_t xtcp_cookie_keys[2] __read_mostly;

/**
 * xtcp_cookie_init() - draw the cookies' secret keys
 */
void xtcp_cookie_init(void)
{
	get_random_bytes(xtcp_cookie_keys, sizeof(xtcp_cookie_keys));
}

/* The minute counter (Linux's tcp_cookie_time()). */
static u32 xtcp_cookie_now(void)
{
	u64 t = get_jiffies_64();

	do_div(t, XTCP_COOKIE_PERIOD_S * HZ);
	return (u32)t;
}

/*
 * The keyed hashes of a segment from the peer (its addresses and ports as
 * they arrived), salted with the namespace: H1 of the four-tuple alone, H2
 * with the minute counter too.
 */
static u32 xtcp_cookie_hash(const struct net *net, const struct sk_buff *skb,
			    unsigned int which, u32 count)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	u32 ports = ((__force u32)th->source << 16) | (__force u32)th->dest;

	return siphash_4u32((__force u32)iph->saddr, (__force u32)iph->daddr,
			    ports, net_hash_mix(net) ^ count,
			    &xtcp_cookie_keys[which]);
}

/**
 * xtcp_cookie_always() - does every SYN get a cookie?
 * @net: the namespace
 *
 * Return: true with net.ipv4.tcp_syncookies 2.
 */
bool xtcp_cookie_always(const struct net *net)
{
	return READ_ONCE(net->ipv4.sysctl_tcp_syncookies) == 2;
}

/**
 * xtcp_cookie_flood_action() - a SYN found the SYN queue full
 * @listener: the listener
 * @syn: the SYN
 *
 * Counts what happens to it and, the first time for this listener, says
 * so in the kernel log (not with tcp_syncookies 2, where cookies are the
 * rule), as Linux's tcp_syn_flood_action().
 *
 * Return: true when it is to get a cookie, false when cookies are off and
 * it is dropped.
 */
bool xtcp_cookie_flood_action(struct sock *listener, const struct sk_buff *syn)
{
	struct net *net = sock_net(listener);
	u8 syncookies = READ_ONCE(net->ipv4.sysctl_tcp_syncookies);
	struct xtcp_sock *xl = xtcp_sk(listener);

	xtcp_stat_inc(net, syncookies ? XTCP_STAT_REQ_Q_FULL_COOKIES :
					XTCP_STAT_REQ_Q_FULL_DROP);
	if (syncookies != 2 && !READ_ONCE(xl->synflood_warned)) {
		/* A race prints it twice at worst. */
		WRITE_ONCE(xl->synflood_warned, true);
		net_info_ratelimited("xtcp: possible SYN flooding on port %pI4:%u, %s; see the Syncookies and ReqQFull counters in /proc/net/xtcp_stat\n",
				     &ip_hdr(syn)->daddr,
				     ntohs(tcp_hdr(syn)->dest),
				     syncookies ? "sending cookies" :
						  "dropping SYNs");
	}
	return syncookies;
}

/**
 * xtcp_cookie_send() - answer a SYN with a cookie
 * @listener: the listener, not locked
 * @syn: the SYN, parsed
 *
 * The SYN-ACK is what a connection of @listener would send, but its ISS
 * is the cookie and nothing is kept.  Without a timestamp on the SYN it
 * offers neither SACK nor window scaling (the cookie could not bring them
 * back), as Linux's.
 */
void xtcp_cookie_send(struct sock *listener, const struct sk_buff *syn)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(syn);
	const struct iphdr *iph = ip_hdr(syn);
	struct xtcp_sock *xl = xtcp_sk(listener);
	struct net *net = sock_net(listener);
	u16 mss = cb->has_mss ? cb->mss : XTCP_DEFAULT_MSS;
	u16 user_mss = READ_ONCE(xl->user_mss);
	struct xtcp_syn_options opts = {};
	struct xtcp_cookie_opts o = {};
	u32 count = xtcp_cookie_now();
	unsigned long last;
	unsigned int index;
	u32 iss;

	if (user_mss && user_mss < mss)
		mss = user_mss;
	index = xtcp_cookie_mss_index(mss);
	iss = xtcp_cookie_make(xtcp_cookie_hash(net, syn, 0, 0),
			       xtcp_cookie_hash(net, syn, 1, count),
			       cb->seq, count, index);
	if (cb->has_ts) {
		o.ts = true;
		o.sack_ok = cb->sack_perm;
		o.ws = cb->has_wscale;
		o.snd_wscale = cb->wscale;
		opts.ts = true;
		opts.sack_ok = o.sack_ok;
		opts.ws = o.ws;
		opts.wscale = XTCP_RCV_WSCALE;	/* the connection's */
		/* The bits go on the clock, the offset on top (as Linux). */
		opts.tsval = xtcp_cookie_tsval(xtcp_ts_clock(), &o) +
			     xtcp_ts_offset(iph->daddr, iph->saddr);
		opts.tsecr = cb->tsval;
	}
	/* At most once a second: every CPU of a flood comes here. */
	last = READ_ONCE(xl->last_cookie);
	if (!last || !time_in_range(jiffies, last, last + HZ))
		WRITE_ONCE(xl->last_cookie, jiffies);
	xtcp_stat_inc(net, XTCP_STAT_SYNCOOKIES_SENT);
	xtcp_send_synack_stateless(listener, syn, iss, &opts);
}

/* Has @listener sent a cookie lately enough that an ACK may carry one? */
static bool xtcp_cookie_recent(const struct xtcp_sock *xl)
{
	unsigned long last = READ_ONCE(xl->last_cookie);

	return last && time_before_eq(jiffies, last + XTCP_COOKIE_MAX_AGE *
				      XTCP_COOKIE_PERIOD_S * HZ);
}

/**
 * xtcp_cookie_ack() - a listener got an ACK: does it bring a cookie back?
 * @listener: the listener, not locked, a reference held
 * @ack: the segment (an ACK without SYN or RST), parsed, data at the
 *	payload; not consumed
 *
 * Only for two minutes after the listener last sent a cookie, and only
 * while cookies are on, as Linux's cookie_v4_check().  A cookie that
 * passes makes the connection and hands it @ack, data and FIN included.
 *
 * Return: true when @ack was taken (a connection made from it, or dropped
 * because the accept queue is full); false when the caller answers it as
 * any ACK to a listener (with a reset): no cookie was expected, it failed
 * (SyncookiesFailed), or its timestamp carries bits xtcp never sends.
 */
bool xtcp_cookie_ack(struct sock *listener, struct sk_buff *ack)
{
	const struct xtcp_skb_cb *cb = XTCP_SKB_CB(ack);
	struct net *net = sock_net(listener);
	u32 cookie = cb->ack_seq - 1, peer_isn = cb->seq - 1;
	struct xtcp_cookie_opts o;
	struct xtcp_skb_cb syn;
	u32 h1, count;
	int index;

	if ((cb->flags & (XTCP_FLAG_ACK | XTCP_FLAG_SYN | XTCP_FLAG_RST)) !=
	    XTCP_FLAG_ACK)
		return false;
	if (!READ_ONCE(net->ipv4.sysctl_tcp_syncookies) ||
	    !xtcp_cookie_recent(xtcp_sk(listener)))
		return false;
	h1 = xtcp_cookie_hash(net, ack, 0, 0);
	if (xtcp_cookie_count(cookie, h1, peer_isn, xtcp_cookie_now(), &count))
		goto failed;
	index = xtcp_cookie_data(cookie, h1, xtcp_cookie_hash(net, ack, 1, count),
				 peer_isn);
	if (index < 0)
		goto failed;
	xtcp_stat_inc(net, XTCP_STAT_SYNCOOKIES_RECV);
	/* Bits that cannot be ours: reset, as Linux (no longer "failed"). */
	if (xtcp_cookie_ts_decode(cb->has_ts, cb->tsecr -
				  xtcp_ts_offset(ip_hdr(ack)->daddr,
						 ip_hdr(ack)->saddr), &o))
		return false;

	/* The SYN as the cookie remembers it. */
	syn = (struct xtcp_skb_cb){
		.seq = peer_isn,
		.end_seq = cb->seq,
		.ack_seq = 0,
		.wnd = cb->wnd,
		.flags = XTCP_FLAG_SYN,
		.has_ts = o.ts,
		.has_mss = 1,
		.mss = xtcp_cookie_mss_table[index],
		.has_wscale = o.ws,
		.wscale = o.snd_wscale,
		.sack_perm = o.sack_ok,
		.tsval = cb->tsval,
		.tsecr = cb->tsecr,
	};
	xtcp_passive_open_cookie(listener, ack, &syn, cookie);
	return true;

failed:
	xtcp_stat_inc(net, XTCP_STAT_SYNCOOKIES_FAILED);
	return false;
}
