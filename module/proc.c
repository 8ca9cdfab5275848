// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/xtcp: the namespace's xtcp sockets, one line each, in the
 * format of /proc/net/tcp, so that tools and scripts reading that file
 * (netstat -t style parsers, awk one-liners) read this one unchanged.
 *
 * Listed are the sockets the tables hold: listeners, connections in every
 * state from SYN-SENT and SYN-RECEIVED to TIME-WAIT.  A socket that only
 * holds a port (bound, not listening or connecting) is not, as in Linux.
 * The state column is sk_state, whose numbers are Linux's TCP_* (see
 * core/state.h).  Congestion window and slow-start threshold are shown
 * in segments, -1 for a threshold not set yet, as Linux shows them; the
 * ATO and quick-ACK columns, which xtcp has no state for, show 0.
 */
#include <linux/jiffies.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "proc.h"
#include "sock.h"
#include "tables.h"

/* Each line is padded to this width, as /proc/net/tcp's (TMPSZ - 1). */
#define XTCP_PROC_LINE	149

struct xtcp_proc_walk {
	struct seq_file *seq;
	int n;
};

/*
 * Which timer runs, and when it fires: /proc/net/tcp's "tr tm->when", with
 * Linux's codes: 1 retransmission, 4 window probe (persist), 2 keepalive
 * (and an orphan's FIN-WAIT-2), 3 TIME-WAIT, 0 none.
 */
static int xtcp_proc_timer(const struct sock *sk, int state,
			   unsigned long *expires)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	if (xtcp_timer_armed(&xs->rtx_timer, expires))
		return READ_ONCE(xs->persist_pending) ? 4 : 1;
	if (xtcp_timer_armed(&xs->wait_timer, expires))
		return state == XTCP_TIME_WAIT ? 3 : 2;
	if (xtcp_timer_armed(&xs->keepalive_timer, expires))
		return 2;
	*expires = jiffies;
	return 0;
}

/* A byte count in segments of the connection's MSS. */
static u32 xtcp_proc_segs(const struct xtcp_sock *xs, u32 bytes)
{
	u16 mss = READ_ONCE(xs->mss);

	return mss ? bytes / mss : 0;
}

/* One line; the socket is not locked, so every field is read once. */
static void xtcp_proc_show_sock(struct sock *sk, void *arg)
{
	struct xtcp_proc_walk *walk = arg;
	struct seq_file *seq = walk->seq;
	const struct xtcp_sock *xs = xtcp_sk(sk);
	int state = READ_ONCE(sk->sk_state);
	u32 ssthresh = READ_ONCE(xs->snd_ssthresh);
	unsigned long expires;
	int timer, rx_queue;

	if (state == XTCP_CLOSE)
		return;
	timer = xtcp_proc_timer(sk, state, &expires);
	if (state == XTCP_LISTEN)
		rx_queue = READ_ONCE(sk->sk_ack_backlog);
	else	/* unlocked: a transient negative value is possible */
		rx_queue = max_t(int, READ_ONCE(xs->rcv_nxt) -
				 READ_ONCE(xs->copied_seq), 0);

	seq_setwidth(seq, XTCP_PROC_LINE);
	if (state == XTCP_TIME_WAIT) {
		/* Linux prints TIME-WAIT's shorter line for its mini sockets. */
		seq_printf(seq, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %pK",
			   walk->n, (__force u32)sk->sk_rcv_saddr, sk->sk_num,
			   (__force u32)sk->sk_daddr, ntohs(sk->sk_dport),
			   state, 0, 0, timer,
			   jiffies_delta_to_clock_t(expires - jiffies), 0, 0, 0,
			   0, refcount_read(&sk->sk_refcnt), sk);
	} else {
		seq_printf(seq, "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d",
			   walk->n, (__force u32)sk->sk_rcv_saddr, sk->sk_num,
			   (__force u32)sk->sk_daddr, ntohs(sk->sk_dport),
			   state, READ_ONCE(xs->write_seq) - READ_ONCE(xs->snd_una),
			   rx_queue, timer,
			   jiffies_delta_to_clock_t(expires - jiffies),
			   READ_ONCE(xs->retries),
			   from_kuid_munged(seq_user_ns(seq), sock_i_uid(sk)),
			   READ_ONCE(xs->probes_out), sock_i_ino(sk),
			   refcount_read(&sk->sk_refcnt), sk,
			   jiffies_to_clock_t(READ_ONCE(xs->rto)), 0UL, 0U,
			   xtcp_proc_segs(xs, READ_ONCE(xs->snd_cwnd)),
			   state == XTCP_LISTEN ? 0 :	/* Linux: TFO queue */
			   ssthresh == U32_MAX ? -1 :
			   (int)xtcp_proc_segs(xs, ssthresh));
	}
	seq_pad(seq, '\n');
	walk->n++;
}

/*
 * The whole list in one go: the walk takes a reference on each socket and
 * no table lock while printing.  seq_file runs this again with a larger
 * buffer when the list does not fit, so a reader sees one consistent pass.
 */
static int xtcp_proc_show(struct seq_file *seq, void *v)
{
	struct xtcp_proc_walk walk = { .seq = seq };

	seq_setwidth(seq, XTCP_PROC_LINE);
	seq_puts(seq, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode");
	seq_pad(seq, '\n');
	xtcp_for_each_sock(seq_file_single_net(seq), xtcp_proc_show_sock,
			   &walk);
	return 0;
}

/**
 * xtcp_proc_net_init() - create /proc/net/xtcp in a new namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_proc_net_init(struct net *net)
{
	if (!proc_create_net_single("xtcp", 0444, net->proc_net,
				    xtcp_proc_show, NULL))
		return -ENOMEM;
	return 0;
}

/**
 * xtcp_proc_net_exit() - remove /proc/net/xtcp of a namespace going away
 * @net: the namespace
 */
void xtcp_proc_net_exit(struct net *net)
{
	remove_proc_entry("xtcp", net->proc_net);
}
