// SPDX-License-Identifier: GPL-2.0
/*
 * The life of an xtcp connection at the transport level: creation, the one
 * function every state change goes through, active and passive open, the
 * listener's queues, close, shutdown and abort.
 *
 * Locking: the socket lock (lock_sock() in process context, bh_lock_sock()
 * in softirq) protects the connection's state.  A listener's queues have
 * their own spinlock (queue_lock) because the connections on them change
 * state under their own socket lock.  A SYN for a listener never takes the
 * listener's socket lock (as in Linux, a listener busy in accept() or
 * setsockopt() does not hold its SYNs back): the passive open runs with
 * bottom halves off, reads the listener's settings as they are, and only
 * the queue lock orders it against close() and accept().  Lock order:
 * listener's socket lock, then a child's (lock_sock_nested(), closing a
 * listener), then the listener's queue lock; no socket spinlock is ever
 * taken inside another.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/memcontrol.h>
#include <net/ip.h>
#include <net/sock.h>

#include "ack.h"
#include "cong.h"
#include "icmp.h"
#include "input.h"
#include "ipv4.h"
#include "isn.h"
#include "netdev.h"
#include "orphan.h"
#include "output.h"
#include "pernet.h"
#include "rcvbuf.h"
#include "receive.h"
#include "send.h"
#include "sock.h"
#include "socket.h"
#include "stats.h"
#include "syncookie.h"
#include "tables.h"
#include "timer.h"
#include "trace.h"
#include "wire.h"
#include "xmit.h"

/*
 * xtcp's own lock classes, so lockdep names them (the generic ones are
 * named after the address family whose number xtcp borrows).
 */
static struct lock_class_key xtcp_slock_key;
static struct lock_class_key xtcp_sk_lock_key;

/* Give a socket xtcp's lock classes; its lock must not be held. */
static void xtcp_sock_lock_class(struct sock *sk)
{
	sock_lock_init_class_and_name(sk, "slock-AF_XTCP", &xtcp_slock_key,
				      "sk_lock-AF_XTCP", &xtcp_sk_lock_key);
}

static void xtcp_sock_destruct(struct sock *sk)
{
	/* Every table holds a reference: a hashed socket cannot get here. */
	WARN_ON_ONCE(!hlist_unhashed(&sk->sk_bind_node) || sk_hashed(sk) ||
		     !hlist_nulls_unhashed(&xtcp_sk(sk)->listen_node));
	trace_xtcp_sock_destroy(sk);
	xtcp_orphan_uncount(sk);	/* freed before CLOSED: never, but safe */
	xtcp_receive_purge(sk);
	xtcp_send_purge(sk);
	xtcp_cong_put(sk);
	atomic_dec(&xtcp_net(sock_net(sk))->sockets);
}

/**
 * xtcp_sock_init() - make a freshly allocated socket an xtcp socket
 * @sk: the new socket, already set up by sock_init_data()
 *
 * Puts the socket in the CLOSED state, counts it in its namespace, arms the
 * destructor that undoes the count and fires the create tracepoint.  It
 * cannot fail, so socket() has nothing to unwind after it.
 */
void xtcp_sock_init(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_sock_lock_class(sk);
	sk->sk_state = XTCP_CLOSE;
	/* release_sock() hands segments queued meanwhile to this. */
	sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;
	/* Lookups run under RCU; memory must outlive a grace period. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	xs->listen_node.pprev = NULL;
	INIT_LIST_HEAD(&xs->accept_node);
	INIT_LIST_HEAD(&xs->accept_queue);
	INIT_LIST_HEAD(&xs->syn_queue);
	spin_lock_init(&xs->queue_lock);
	skb_queue_head_init(&xs->rtx_queue);
	/* Writers wait for send buffer space freed by acknowledgments, not
	 * for transmitted clones to be freed (sock_wfree() would otherwise
	 * wake them, and epoll's edge-triggered waiters, on every one).
	 */
	sk->sk_write_space = xtcp_write_space;
	sock_set_flag(sk, SOCK_USE_WRITE_QUEUE);
	xtcp_cong_init_sock(sk);
	xs->rcv_wscale = XTCP_RCV_WSCALE;
	xs->mss_clamp = XTCP_DEFAULT_MSS;
	xtcp_timer_init(sk);
	xtcp_receive_sock_init(sk);
	xtcp_send_sock_init(sk);

	atomic_inc(&xtcp_net(sock_net(sk))->sockets);
	sk->sk_destruct = xtcp_sock_destruct;
	trace_xtcp_sock_create(sk);
}

/**
 * xtcp_set_state() - move a connection to another state
 * @sk: the socket, locked (or not yet visible to anyone else)
 * @state: the new &enum xtcp_state
 *
 * The one place sk_state changes, so the xtcp_state_change tracepoint sees
 * every transition.  Entering CLOSED withdraws the connection from the
 * established and listener tables and gives its port back, unless the user
 * bound the port explicitly (it stays the socket's until close()).
 */
void xtcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;

	if (old == state)
		return;
	trace_xtcp_state_change(sk, old, state);
	/* Readers like poll() look without the lock. */
	smp_store_release(&sk->sk_state, state);

	/* TIME-WAIT is limited on its own, not as an orphan. */
	if (state == XTCP_CLOSE || state == XTCP_TIME_WAIT)
		xtcp_orphan_uncount(sk);
	if (state == XTCP_CLOSE) {
		if (old == XTCP_LISTEN)
			xtcp_listen_unhash(sk);
		xtcp_ehash_remove(sk);
		/* An orphan has nobody left to give an explicit port back. */
		if (!(sk->sk_userlocks & SOCK_BINDPORT_LOCK) ||
		    sock_flag(sk, SOCK_DEAD)) {
			xtcp_unbind(sk);
			sk->sk_num = 0;
			if (!(sk->sk_userlocks & SOCK_BINDADDR_LOCK)) {
				sk->sk_rcv_saddr = 0;
				inet_sk(sk)->inet_saddr = 0;
			}
		}
	}
}

/*
 * Take a connection that is not yet accepted off its listener's queue.
 * Return: true when it was on a queue; the caller then owns the reference
 * the queue held and must drop it.
 */
static bool xtcp_child_unlink(struct sock *child)
{
	struct xtcp_sock *xc = xtcp_sk(child);
	struct xtcp_sock *xl = xc->parent;
	bool unlinked = false;

	if (!xl)
		return false;
	spin_lock_bh(&xl->queue_lock);
	if (xc->queued == XTCP_QUEUED_SYN) {
		xl->syn_queue_len--;
		unlinked = true;
	} else if (xc->queued == XTCP_QUEUED_ACCEPT) {
		sk_acceptq_removed(&xl->inet.sk);
		unlinked = true;
	}
	if (unlinked) {
		list_del_init(&xc->accept_node);
		xc->queued = XTCP_QUEUED_NONE;
	}
	spin_unlock_bh(&xl->queue_lock);
	if (unlinked) {
		xc->parent = NULL;
		sock_put(&xl->inet.sk);
	}
	return unlinked;
}

/**
 * xtcp_done() - the connection is over
 * @sk: the socket, locked
 * @err: the error a user of the socket sees (positive errno), or 0
 *
 * Stops the timers, moves to CLOSED (which unhashes it), and wakes whoever
 * waits on the socket.  A half-open connection a listener still holds is
 * dropped from the listener's queue; its last reference goes then.
 */
void xtcp_done(struct sock *sk, int err)
{
	bool unlinked;

	xtcp_timer_stop_all(sk);
	xtcp_send_purge(sk);
	if (err)
		WRITE_ONCE(sk->sk_err, err);
	xtcp_set_state(sk, XTCP_CLOSE);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);

	unlinked = xtcp_child_unlink(sk);
	if (!sock_flag(sk, SOCK_DEAD)) {
		if (err)
			sk_error_report(sk);
		sk->sk_state_change(sk);
	}
	if (unlinked)
		sock_put(sk);
}

/**
 * xtcp_timeout() - retransmissions gave up on the connection
 * @sk: the socket, locked
 */
void xtcp_timeout(struct sock *sk)
{
	xtcp_done(sk, READ_ONCE(sk->sk_err_soft) ? : ETIMEDOUT);
}

/* Route towards the peer and fill in what the connection learns from it. */
static int xtcp_route_connection(struct sock *sk, __be32 daddr)
{
	struct xtcp_route rt;
	int err;

	err = xtcp_ip_route(sock_net(sk), daddr, sk->sk_rcv_saddr,
			    sk->sk_bound_dev_if, &rt);
	if (err)
		return err;
	if (!sk->sk_rcv_saddr)
		sk->sk_rcv_saddr = rt.saddr;
	/* The route's own flow key reads it (a path MTU update, icmp.c). */
	inet_sk(sk)->inet_saddr = sk->sk_rcv_saddr;
	xtcp_sk(sk)->out_ifindex = rt.oif;
	xtcp_sk(sk)->adv_mss = xtcp_route_adv_mss(&rt, xtcp_sk(sk)->user_mss);
	xtcp_sk(sk)->pmtu_cookie = rt.mtu;
	return 0;
}

/* The sequence space and windows of a connection about to open. */
static void xtcp_init_sequence(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->iss = xtcp_isn(sk->sk_rcv_saddr, sk->sk_daddr, htons(sk->sk_num),
			   sk->sk_dport);
	xs->snd_una = xs->iss;
	xs->snd_nxt = xs->iss + 1;
	xs->write_seq = xs->snd_nxt;
	xtcp_receive_init(sk);
	xs->ts_offset = xtcp_ts_offset(sk->sk_rcv_saddr, sk->sk_daddr);
	xs->fin_sent = false;
	xs->fin_rcvd = false;
}

/**
 * xtcp_connect_start() - start an active open (RFC 9293 3.10.1, CLOSED state)
 * @sk: a socket in CLOSED, locked
 * @daddr: the peer's address
 * @dport: the peer's port
 *
 * Chooses the route and source address, a local port when none is bound
 * (RFC 6056), the ISN (RFC 6528), makes the connection findable and sends
 * the SYN.
 *
 * Return: 0 once the SYN is on its way; -ENETUNREACH/-EHOSTUNREACH from the
 * route, -EADDRNOTAVAIL when no port or 4-tuple is free.
 */
int xtcp_connect_start(struct sock *sk, __be32 daddr, __be16 dport)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	__be32 saddr = sk->sk_rcv_saddr;
	bool autobind = !sk->sk_num;
	int err;

	err = xtcp_route_connection(sk, daddr);
	if (err)
		return err;
	sk->sk_daddr = daddr;
	sk->sk_dport = dport;
	/* An automatic port is chosen and hashed in one step (tables.c). */
	if (autobind)
		err = xtcp_bind_ephemeral(sk, daddr, dport);
	else
		err = xtcp_ehash_insert(sk);
	if (err)
		goto fail;

	xtcp_init_sequence(sk);
	WRITE_ONCE(sk->sk_err, 0);
	xtcp_set_state(sk, XTCP_SYN_SENT);
	xtcp_stat_inc(sock_net(sk), XTCP_STAT_ACTIVE_OPENS);
	xtcp_send_syn(sk);
	xtcp_timer_control_sent(sk);
	return 0;

fail:
	sk->sk_daddr = 0;
	sk->sk_dport = 0;
	sk->sk_rcv_saddr = saddr;
	inet_sk(sk)->inet_saddr = saddr;
	xs->out_ifindex = 0;
	return err;
}

/*
 * What setsockopt() set on a listener at TCP level, its connections have
 * too.  The listener is not locked (a SYN never waits for it): each value
 * is read once, as it stands.
 */
static void xtcp_inherit_stream_options(struct sock *sk,
					const struct sock *listener)
{
	const struct xtcp_sock *xl = xtcp_sk(listener);
	const struct xtcp_cong_ops *cong = READ_ONCE(xl->cong);
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->nonagle = READ_ONCE(xl->nonagle);
	xs->user_mss = READ_ONCE(xl->user_mss);
	xs->user_timeout_ms = READ_ONCE(xl->user_timeout_ms);
	xs->keepalive_idle = READ_ONCE(xl->keepalive_idle);
	xs->keepalive_intvl = READ_ONCE(xl->keepalive_intvl);
	xs->keepalive_cnt = READ_ONCE(xl->keepalive_cnt);
	/* Bottom halves are off: @cong outlives this (cong.c unregisters
	 * with synchronize_rcu()).
	 */
	if (cong != xs->cong)
		xtcp_cong_set(sk, cong->name);
}

/*
 * A connection for a SYN that reached a listener: a clone of the listener
 * (sk_clone_lock(), as Linux's children are), so it inherits what Linux's
 * inherit at socket level: buffer sizes, SO_REUSEADDR and SO_REUSEPORT,
 * SO_KEEPALIVE, SO_LINGER, timeouts, mark, owner, bound device, cgroup and
 * security label (security_sk_clone()); sk_clone_lock() clears what
 * Linux's children do not take (priority, errors, memory cgroup until
 * accept()).  The transport part starts afresh, with the
 * listener's TCP-level options.  Bottom halves are off.
 *
 * Return: the connection, not locked, with two references: the listener
 * queue's and the caller's; or NULL.
 */
static struct sock *xtcp_sock_alloc_child(struct sock *listener)
{
	struct sock *sk = sk_clone_lock(listener, GFP_ATOMIC);
	struct xtcp_sock *xs;

	if (!sk)
		return NULL;
	/* sk_clone_lock() returns it locked (this tells sparse). */
	__acquire(&sk->sk_lock.slock);
	xs = xtcp_sk(sk);
	/* Nobody can see it yet: unlocked, it can take xtcp's lock classes. */
	bh_unlock_sock(sk);
	memset((char *)xs + sizeof(xs->inet), 0, sizeof(*xs) - sizeof(xs->inet));
	/* What sk_clone_lock() copies and Linux's children do not share. */
	sk_node_init(&sk->sk_bind_node);
	sock_reset_flag(sk, SOCK_DEAD);
	sk->sk_shutdown = 0;
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	atomic64_set(&sk->sk_cookie, 0);	/* its own, made on demand */
	sk->sk_frag.page = NULL;		/* the listener's, unreferenced */
	sk->sk_frag.offset = 0;
	xtcp_sock_init(sk);
	xtcp_inherit_stream_options(sk, listener);
	return sk;
}

/*
 * Give up a connection the passive open made and could not complete: it
 * may be visible already (bind table, established table), so it leaves
 * them and goes with its references, never freed behind anyone's back.
 * Called with it locked; unlocks it.
 */
static void xtcp_child_discard(struct sock *child)
	__releases(&child->sk_lock.slock)
{
	sock_set_flag(child, SOCK_DEAD);
	xtcp_timer_stop_all(child);
	xtcp_ehash_remove(child);
	xtcp_unbind(child);
	xtcp_set_state(child, XTCP_CLOSE);
	bh_unlock_sock(child);
	sock_put(child);	/* the listener queue's, never taken */
	sock_put(child);	/* the caller's */
}

/*
 * Is the listener's SYN queue full?  As Linux's
 * inet_csk_reqsk_queue_is_full(): more half-open connections than the
 * backlog (listen(fd, 0) holds one).
 */
static bool xtcp_syn_queue_is_full(const struct sock *listener)
{
	return READ_ONCE(xtcp_sk(listener)->syn_queue_len) >
	       READ_ONCE(listener->sk_max_ack_backlog);
}

/*
 * Put a new half-open connection on its listener's SYN queue, unless the
 * listener stopped listening on the SYN's port meanwhile (close() and
 * shutdown() change its state before they empty the queues under the same
 * lock) or, SYNs on other CPUs having been quicker, has no room left.  A
 * cookie's connection (@cookie) needs room in the accept queue only: it is
 * about to move there, and the SYN queue was full when its cookie was sent.
 * Return: 0, -ENOTCONN (not listening there), -ENOBUFS (accept queue
 * full), -EAGAIN (SYN queue full).
 */
static int xtcp_child_enqueue(struct sock *listener, struct sock *child,
			      bool cookie)
{
	struct xtcp_sock *xl = xtcp_sk(listener), *xc = xtcp_sk(child);
	int err = 0;

	spin_lock(&xl->queue_lock);
	if (READ_ONCE(listener->sk_state) != XTCP_LISTEN ||
	    READ_ONCE(listener->sk_num) != child->sk_num)
		err = -ENOTCONN;
	else if (sk_acceptq_is_full(listener))
		err = -ENOBUFS;
	else if (!cookie && xtcp_syn_queue_is_full(listener))
		err = -EAGAIN;
	if (!err) {
		sock_hold(listener);
		xc->parent = xl;
		list_add_tail(&xc->accept_node, &xl->syn_queue);
		xc->queued = XTCP_QUEUED_SYN;
		xl->syn_queue_len++;
	}
	spin_unlock(&xl->queue_lock);
	return err;
}

/* Negotiate what the peer's SYN offered (RFC 9293 3.7.1, 7323, 2018). */
static void xtcp_take_syn_options(struct sock *sk, const struct xtcp_skb_cb *cb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->mss_clamp = cb->has_mss ? max_t(u16, cb->mss, XTCP_MIN_MSS) :
				      XTCP_DEFAULT_MSS;
	if (xs->user_mss)
		xs->mss_clamp = min_t(u16, xs->mss_clamp, xs->user_mss);
	xs->wscale_ok = cb->has_wscale;
	xs->snd_wscale = cb->has_wscale ? cb->wscale : 0;
	if (!xs->wscale_ok)
		xs->rcv_wscale = 0;
	/* The receive side sends SACK blocks (RFC 2018); the send side does
	 * not use the peer's yet, which RFC 2018 allows.
	 */
	xs->sack_ok = cb->sack_perm;
	xs->ts_ok = cb->has_ts;
	if (cb->has_ts)
		xs->ts_recent = cb->tsval;
	/* As Linux's tcp_sync_mss() at the end of the handshake. */
	xs->mss = xtcp_mss_for_mtu(sk, xs->pmtu_cookie);
}

/* What xtcp_take_peer_syn() does, from a SYN's control block. */
static void xtcp_take_syn_cb(struct sock *sk, const struct xtcp_skb_cb *cb)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xs->irs = cb->seq;
	xs->rcv_nxt = cb->seq + 1;
	xs->copied_seq = xs->rcv_nxt;
	xtcp_take_syn_options(sk, cb);
	xs->snd_wnd = cb->wnd;
	xs->max_snd_wnd = cb->wnd;
	xs->snd_wl1 = cb->seq;
	xs->snd_wl2 = cb->ack_seq;
	xtcp_ack_init(sk);
}

/**
 * xtcp_take_peer_syn() - learn the peer's side from its SYN
 * @sk: the connection, locked: in SYN-SENT (RFC 9293 3.10.7.3) or just
 *	created by a listener (3.10.7.2)
 * @skb: the peer's SYN or SYN-ACK
 *
 * Sets IRS and RCV.NXT, negotiates the options and takes the SYN's window
 * (never scaled, RFC 7323 2.2).
 */
void xtcp_take_peer_syn(struct sock *sk, const struct sk_buff *skb)
{
	xtcp_take_syn_cb(sk, XTCP_SKB_CB(skb));
}

/*
 * A connection for a listener, half-open (SYN-RECEIVED) on its SYN queue:
 * made from a SYN (@syn is the skb's own control block, @ack NULL), it
 * sends its SYN-ACK; made from a SYN cookie's ACK (@ack, with @syn rebuilt
 * from the cookie and our ISS the cookie), it is as if its SYN-ACK had
 * been sent, and it takes @ack (not consumed).  Either way its
 * retransmission timer runs: a cookie's connection that cannot move to the
 * accept queue after all retransmits its SYN-ACK and times out as any
 * half-open one.  What fails is counted, except a SYN that finds the SYN
 * queue filled meanwhile by SYNs on other CPUs: the caller decides.
 * Bottom halves are off.
 *
 * Return: 0, -EAGAIN for a SYN queue found full, or another errno (dropped).
 */
static int xtcp_child_open(struct sock *listener, const struct sk_buff *skb,
			    const struct xtcp_skb_cb *syn, struct sk_buff *ack,
			    u32 cookie_iss)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = tcp_hdr(skb);
	struct net *net = sock_net(listener);
	struct xtcp_sock *xc;
	struct sock *child;
	int err;

	child = xtcp_sock_alloc_child(listener);
	if (!child) {
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
		return -ENOMEM;
	}
	xc = xtcp_sk(child);
	bh_lock_sock(child);
	child->sk_rcv_saddr = iph->daddr;
	child->sk_daddr = iph->saddr;
	child->sk_dport = th->source;
	err = xtcp_route_connection(child, iph->saddr);
	if (err)
		goto drop;
	/* The SYN's port: the listener's may change under us (shutdown,
	 * listen again elsewhere); xtcp_child_enqueue() checks it still is.
	 */
	xtcp_bind_child(child, ntohs(th->dest));
	/* A twin of this SYN (or ACK), on another CPU, may have its child. */
	err = xtcp_ehash_insert(child);
	if (err)
		goto drop;
	xtcp_init_sequence(child);
	if (ack) {
		xc->iss = cookie_iss;
		xc->snd_una = xc->iss;
		xc->snd_nxt = xc->iss + 1;
		xc->write_seq = xc->snd_nxt;
	}
	xtcp_take_syn_cb(child, syn);
	xc->snd_wl2 = xc->iss;
	xtcp_set_state(child, XTCP_SYN_RECV);
	err = xtcp_child_enqueue(listener, child, ack != NULL);
	if (err == -ENOBUFS)
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_OVERFLOWS);
	if (err)
		goto drop;
	xtcp_stat_inc(net, XTCP_STAT_PASSIVE_OPENS);

	if (ack)	/* what the cookie's SYN-ACK offered, recorded */
		xtcp_select_window(child, XTCP_FLAG_SYN | XTCP_FLAG_ACK);
	else
		xtcp_send_syn(child);
	xtcp_timer_control_sent(child);
	if (ack)
		xtcp_rcv_state_process(child, skb_get(ack));
	bh_unlock_sock(child);
	sock_put(child);	/* the queue holds it now */
	return 0;

drop:
	if (err != -EAGAIN)
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
	xtcp_child_discard(child);
	return err;
}

/**
 * xtcp_passive_open() - a listener answers a SYN (RFC 9293 3.10.7.2)
 * @listener: the listening socket, not locked, a reference held
 * @skb: the SYN, IPv4 and TCP headers still reachable
 *
 * As Linux's tcp_conn_request(): with the SYN queue full (or always, with
 * net.ipv4.tcp_syncookies 2) the SYN is answered by a SYN cookie
 * (syncookie.c), or dropped with cookies off; with the accept queue full
 * it is dropped unanswered, cookie or not, and the client retransmits.
 *
 * Context: any; bottom halves are turned off inside, so that the new
 * connection's lock and the listener's queue lock, which softirqs take,
 * are never held where a softirq could interrupt their holder.
 */
void xtcp_passive_open(struct sock *listener, const struct sk_buff *skb)
{
	struct net *net = sock_net(listener);
	bool want_cookie = false;
	int err;

	if (READ_ONCE(listener->sk_state) != XTCP_LISTEN)
		return;
	if (xtcp_cookie_always(net) || xtcp_syn_queue_is_full(listener)) {
		want_cookie = xtcp_cookie_flood_action(listener, skb);
		if (!want_cookie) {
			xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
			return;
		}
	}
	if (sk_acceptq_is_full(listener)) {
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_OVERFLOWS);
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
		return;
	}
	if (want_cookie) {
		xtcp_cookie_send(listener, skb);
		return;
	}

	local_bh_disable();
	err = xtcp_child_open(listener, skb, XTCP_SKB_CB(skb), NULL, 0);
	local_bh_enable();
	/* SYNs on other CPUs filled the queue: this one is a flood's too. */
	if (err == -EAGAIN) {
		if (xtcp_cookie_flood_action(listener, skb))
			xtcp_cookie_send(listener, skb);
		else
			xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
	}
}

/**
 * xtcp_passive_open_cookie() - a listener's connection from a SYN cookie
 * @listener: the listening socket, not locked, a reference held
 * @ack: the handshake's ACK whose cookie passed (syncookie.c), parsed,
 *	data at the payload; not consumed
 * @syn: the SYN as the cookie remembers it: IRS (its sequence number),
 *	the MSS, and through the timestamp SACK and window scaling
 * @iss: the cookie, our ISS
 *
 * The connection starts in SYN-RECEIVED as if its SYN-ACK had been sent,
 * then takes @ack, data and FIN included, as a half-open connection takes
 * the ACK of its handshake.  With the accept queue full it is not made and
 * @ack is dropped (ListenOverflows), as Linux drops it.
 *
 * Context: any; bottom halves are turned off inside.
 */
void xtcp_passive_open_cookie(struct sock *listener, struct sk_buff *ack,
			      const struct xtcp_skb_cb *syn, u32 iss)
{
	struct net *net = sock_net(listener);

	if (READ_ONCE(listener->sk_state) != XTCP_LISTEN)
		return;
	/* Before any work (a cookie can be replayed for two minutes);
	 * xtcp_child_enqueue() checks again under the queue lock.
	 */
	if (sk_acceptq_is_full(listener)) {
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_OVERFLOWS);
		xtcp_stat_inc(net, XTCP_STAT_LISTEN_DROPS);
		return;
	}
	local_bh_disable();
	xtcp_child_open(listener, ack, syn, ack, iss);
	local_bh_enable();
}

/**
 * xtcp_established() - the three-way handshake completed: to ESTABLISHED
 * @sk: the socket, locked, in SYN-SENT or SYN-RECEIVED
 *
 * A passively opened connection moves to its listener's accept queue and
 * wakes accept(); an active one wakes connect().
 *
 * Return: false when the listener's accept queue is full: the connection
 * then stays half-open (SYN-RECEIVED, no state change) and the caller
 * drops the ACK, as Linux does by default, so the SYN-ACK is retransmitted
 * later.
 */
bool xtcp_established(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	struct xtcp_sock *xl = xs->parent;

	xtcp_timer_keepalive(sk, sock_flag(sk, SOCK_KEEPOPEN));
	xtcp_rcvbuf_init(sk);
	if (!xl) {
		xtcp_set_state(sk, XTCP_ESTABLISHED);
		sk->sk_state_change(sk);
		return true;
	}
	spin_lock_bh(&xl->queue_lock);
	if (xs->queued == XTCP_QUEUED_SYN) {
		if (sk_acceptq_is_full(&xl->inet.sk)) {
			spin_unlock_bh(&xl->queue_lock);
			xtcp_stat_inc(sock_net(sk), XTCP_STAT_LISTEN_OVERFLOWS);
			return false;
		}
		list_move_tail(&xs->accept_node, &xl->accept_queue);
		xs->queued = XTCP_QUEUED_ACCEPT;
		xl->syn_queue_len--;
		sk_acceptq_added(&xl->inet.sk);
	}
	/* Under the queue lock: accept() never sees it half-open. */
	xtcp_set_state(sk, XTCP_ESTABLISHED);
	spin_unlock_bh(&xl->queue_lock);
	xl->inet.sk.sk_data_ready(&xl->inet.sk);
	return true;
}

/**
 * xtcp_accept_dequeue() - take the oldest established connection
 * @listener: the listener, locked
 *
 * Return: the connection (the caller takes over the queue's reference and
 * the connection's reference on the listener), or NULL when none waits.
 */
struct sock *xtcp_accept_dequeue(struct sock *listener)
{
	struct xtcp_sock *xl = xtcp_sk(listener);
	struct xtcp_sock *xc;

	spin_lock_bh(&xl->queue_lock);
	xc = list_first_entry_or_null(&xl->accept_queue, struct xtcp_sock,
				      accept_node);
	if (xc) {
		list_del_init(&xc->accept_node);
		xc->queued = XTCP_QUEUED_NONE;
		sk_acceptq_removed(listener);
	}
	spin_unlock_bh(&xl->queue_lock);
	return xc ? &xc->inet.sk : NULL;
}

/**
 * xtcp_accept_queue_empty() - does accept() have to wait?
 * @listener: the listener
 *
 * Return: true when no established connection waits.
 */
bool xtcp_accept_queue_empty(struct sock *listener)
{
	return list_empty_careful(&xtcp_sk(listener)->accept_queue);
}

/*
 * The memory cgroup of an accepted connection.  Linux's accept() gives the
 * child the accepting task's (mem_cgroup_sk_alloc(), which a module cannot
 * call); xtcp gives it its listener's, which sk_alloc() took from the task
 * that made the listener: the same one whenever the server stays in its
 * cgroup.  (xtcp charges no socket memory yet; the cgroup is what the
 * charging will use.)
 */
static void xtcp_inherit_memcg(struct sock *child, const struct sock *listener)
{
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg = READ_ONCE(listener->sk_memcg);

	if (!mem_cgroup_sockets_enabled || child->sk_memcg || !memcg)
		return;
	css_get(&memcg->css);
	child->sk_memcg = memcg;
#endif
}

/**
 * xtcp_accept_graft() - give an accepted connection its struct socket
 * @child: the connection from xtcp_accept_dequeue()
 * @newsock: the socket accept() created
 */
void xtcp_accept_graft(struct sock *child, struct socket *newsock)
{
	struct xtcp_sock *xl;

	lock_sock(child);
	xl = xtcp_sk(child)->parent;
	xtcp_sk(child)->parent = NULL;
	if (xl)
		xtcp_inherit_memcg(child, &xl->inet.sk);
	sock_graft(child, newsock);
	newsock->state = SS_CONNECTED;
	xtcp_socket_graft_flags(newsock);
	release_sock(child);
	if (xl)
		sock_put(&xl->inet.sk);
}

/*
 * A listener stops: every connection not yet accepted is reset.  A SYN
 * being processed meanwhile finds the state changed under the queue lock
 * (xtcp_child_enqueue()) and gives its connection up.
 */
static void xtcp_listen_stop(struct sock *sk)
{
	struct xtcp_sock *xl = xtcp_sk(sk);
	struct xtcp_sock *xc, *tmp;
	LIST_HEAD(orphans);

	xtcp_set_state(sk, XTCP_CLOSE);

	spin_lock_bh(&xl->queue_lock);
	list_splice_init(&xl->syn_queue, &orphans);
	list_splice_tail_init(&xl->accept_queue, &orphans);
	list_for_each_entry(xc, &orphans, accept_node)
		xc->queued = XTCP_QUEUED_NONE;
	xl->syn_queue_len = 0;
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	spin_unlock_bh(&xl->queue_lock);

	list_for_each_entry_safe(xc, tmp, &orphans, accept_node) {
		struct sock *child = &xc->inet.sk;

		list_del_init(&xc->accept_node);
		/* The listener's socket lock is held: a child's nests in it. */
		lock_sock_nested(child, SINGLE_DEPTH_NESTING);
		if (child->sk_state != XTCP_CLOSE) {
			xtcp_send_active_reset(child, GFP_KERNEL);
			xtcp_done(child, ECONNRESET);
		}
		xc->parent = NULL;
		release_sock(child);
		sock_put(sk);		/* the child's hold on its listener */
		sock_put(child);	/* the queue's reference */
	}
}

/**
 * xtcp_listen_start() - the transport side of listen()
 * @sk: the socket, locked, in CLOSED or LISTEN
 * @backlog: the backlog (the socket layer clamped it to somaxconn)
 *
 * Return: 0, or -EADDRINUSE when the port cannot be listened on.
 */
int xtcp_listen_start(struct sock *sk, int backlog)
{
	int err;

	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (sk->sk_state == XTCP_LISTEN)
		return 0;
	if (!sk->sk_num) {
		err = xtcp_bind_port(sk, sk->sk_rcv_saddr, 0);
		if (err)
			return err;
	}
	err = xtcp_bind_listen(sk);
	if (err)
		return err;
	WRITE_ONCE(sk->sk_ack_backlog, 0);
	xtcp_listen_hash(sk);
	return 0;
}

/* Send our FIN: the send side is done (RFC 9293 3.10.4). */
static void xtcp_send_side_close(struct sock *sk)
{
	switch (sk->sk_state) {
	case XTCP_SYN_RECV:
	case XTCP_ESTABLISHED:
		xtcp_set_state(sk, XTCP_FIN_WAIT1);
		break;
	case XTCP_CLOSE_WAIT:
		xtcp_set_state(sk, XTCP_LAST_ACK);
		break;
	default:
		return;
	}
	xtcp_queue_fin(sk);
}

/**
 * xtcp_shutdown_sock() - the transport side of shutdown()
 * @sk: the socket, locked; the socket layer already recorded @how
 * @how: RCV_SHUTDOWN and/or SEND_SHUTDOWN
 */
void xtcp_shutdown_sock(struct sock *sk, int how)
{
	if (how & SEND_SHUTDOWN)
		xtcp_send_side_close(sk);
}

/**
 * xtcp_disconnect() - abort whatever the socket does and make it reusable
 * @sk: the socket, locked
 *
 * For connect(AF_UNSPEC), shutdown() of a connecting or listening socket,
 * and a failed connect().  A synchronized connection is reset.
 */
void xtcp_disconnect(struct sock *sk)
{
	switch (sk->sk_state) {
	case XTCP_CLOSE:
		break;
	case XTCP_LISTEN:
		xtcp_listen_stop(sk);
		break;
	case XTCP_SYN_SENT:
		/* As tcp_disconnect(): a connect() waiting sees ECONNRESET. */
		xtcp_done(sk, ECONNRESET);
		break;
	default:
		xtcp_send_active_reset(sk, GFP_KERNEL);
		xtcp_done(sk, ECONNRESET);
		break;
	}
	xtcp_receive_purge(sk);
	WRITE_ONCE(sk->sk_shutdown, 0);
	sock_reset_flag(sk, SOCK_DONE);
	/* A peer without window scaling set it to 0; the next SYN offers it. */
	xtcp_sk(sk)->rcv_wscale = XTCP_RCV_WSCALE;
	/* As tcp_disconnect(): a listener made of it must not hand its
	 * page fragment to the children it clones.
	 */
	if (sk->sk_frag.page) {
		put_page(sk->sk_frag.page);
		sk->sk_frag.page = NULL;
		sk->sk_frag.offset = 0;
	}
}

/* close() while connected: the graceful or the abortive way. */
static void xtcp_close_connection(struct sock *sk)
{
	bool unread = !skb_queue_empty(&sk->sk_receive_queue);

	/* RFC 2525 2.17 / RFC 9293 3.10.4: unread data, or SO_LINGER with a
	 * zero timeout, make close() an abort.
	 */
	if (unread || (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime)) {
		xtcp_stat_inc(sock_net(sk), unread ? XTCP_STAT_ABORT_ON_DATA :
						     XTCP_STAT_ABORT_ON_LINGER);
		if (sk->sk_state != XTCP_SYN_SENT)
			xtcp_send_active_reset(sk, GFP_KERNEL);
		xtcp_done(sk, ECONNRESET);
		return;
	}
	if (sk->sk_state == XTCP_SYN_SENT) {
		xtcp_done(sk, 0);
		return;
	}
	xtcp_send_side_close(sk);
}

/* SO_LINGER with a timeout: wait until our FIN is acknowledged. */
static void xtcp_linger(struct sock *sk, long timeout)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(sk_sleep(sk), &wait);
	while (timeout && !signal_pending(current) &&
	       ((1 << sk->sk_state) & ((1 << XTCP_FIN_WAIT1) |
				       (1 << XTCP_CLOSING) |
				       (1 << XTCP_LAST_ACK))))
		sk_wait_event(sk, &timeout,
			      !((1 << sk->sk_state) & ((1 << XTCP_FIN_WAIT1) |
						       (1 << XTCP_CLOSING) |
						       (1 << XTCP_LAST_ACK))),
			      &wait);
	remove_wait_queue(sk_sleep(sk), &wait);
}

/*
 * close(): stop listening, or close the connection, then let go of the
 * socket.  A connection still closing lives on as an orphan, held by the
 * tables, until it reaches CLOSED.
 */
static void xtcp_close(struct sock *sk, long timeout)
{
	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);

	switch (sk->sk_state) {
	case XTCP_CLOSE:
		break;
	case XTCP_LISTEN:
		xtcp_listen_stop(sk);
		break;
	case XTCP_FIN_WAIT1:
	case XTCP_FIN_WAIT2:
	case XTCP_CLOSING:
	case XTCP_LAST_ACK:
	case XTCP_TIME_WAIT:
		/* shutdown(SHUT_WR) already sent our FIN. */
		if (!skb_queue_empty(&sk->sk_receive_queue) &&
		    sk->sk_state != XTCP_TIME_WAIT) {
			xtcp_stat_inc(sock_net(sk), XTCP_STAT_ABORT_ON_DATA);
			xtcp_send_active_reset(sk, GFP_KERNEL);
			xtcp_done(sk, ECONNRESET);
		}
		break;
	default:
		xtcp_close_connection(sk);
		break;
	}

	if (sock_flag(sk, SOCK_LINGER) && sk->sk_lingertime && timeout)
		xtcp_linger(sk, min_t(long, timeout, sk->sk_lingertime));

	xtcp_receive_purge(sk);
	/* An explicitly bound port stays the socket's until now. */
	if (sk->sk_state == XTCP_CLOSE)
		xtcp_unbind(sk);
	sock_orphan(sk);
	/*
	 * Still closing: an orphan now.  Too many of them, and this one is
	 * reset at once (Linux's __tcp_close()).
	 */
	if (sk->sk_state != XTCP_CLOSE && sk->sk_state != XTCP_TIME_WAIT) {
		xtcp_orphan_count(sk);
		if (xtcp_orphan_check_oom(sk, 0)) {
			xtcp_stat_inc(sock_net(sk), XTCP_STAT_ABORT_ON_MEMORY);
			xtcp_send_active_reset(sk, GFP_KERNEL);
			xtcp_done(sk, 0);
		}
	}
	if (sk->sk_state == XTCP_FIN_WAIT2)
		xtcp_timer_fin_wait2(sk);
	release_sock(sk);
	sock_put(sk);
}

/* Segments that arrived while a process owned the socket. */
static int xtcp_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	xtcp_rcv_state_process(sk, skb);
	return 0;
}

/*
 * release_sock() ends a process's hold: softirq work left for this moment
 * runs now, after the backlog, still under the socket's spinlock (as
 * Linux's tcp_release_cb()).
 */
static void xtcp_release_cb(struct sock *sk)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	if (!READ_ONCE(xs->deferred))
		return;
	if (test_and_clear_bit(XTCP_DEFER_MTU_REDUCED, &xs->deferred))
		xtcp_mtu_reduced(sk);
}

struct proto xtcp_prot = {
	.name		= "XTCP",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct xtcp_sock),
	.close		= xtcp_close,
	.backlog_rcv	= xtcp_backlog_rcv,
	.release_cb	= xtcp_release_cb,
	.keepalive	= xtcp_timer_keepalive,
};

/* Abort one connection routed through a device that went away. */
static void xtcp_abort_on_device(struct sock *sk, void *arg)
{
	int ifindex = *(int *)arg;

	lock_sock(sk);
	if (xtcp_sk(sk)->out_ifindex == ifindex &&
	    sk->sk_state != XTCP_CLOSE && sk->sk_state != XTCP_LISTEN) {
		xtcp_stat_inc(sock_net(sk), XTCP_STAT_ABORT_ON_DEVICE);
		xtcp_done(sk, ENETDOWN);
	}
	release_sock(sk);
}

/**
 * xtcp_netdev_detached() - a device xtcp used is no longer attached
 * @net: the namespace the device was in
 * @ifindex: its ifindex there
 *
 * Every connection whose route left by the device ends at once with
 * ENETDOWN: it could only time out.  Listeners stay; they accept again if
 * the device comes back.  Process context, RTNL held.
 */
void xtcp_netdev_detached(struct net *net, int ifindex)
{
	xtcp_for_each_sock(net, xtcp_abort_on_device, &ifindex);
}
