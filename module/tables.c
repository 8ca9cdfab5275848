// SPDX-License-Identifier: GPL-2.0
/*
 * Connection tables: the bind table (every socket that owns a local port),
 * the listener table, and the established table (4-tuple lookup for every
 * synchronized or synchronizing connection, TIME-WAIT included).
 *
 * Lookups from the receive path run under RCU and take a reference with
 * refcount_inc_not_zero(); xtcp sockets are freed after a grace period
 * (SOCK_RCU_FREE), so a socket found in a chain is never reused memory.
 * But a socket can leave a chain and join another within a grace period
 * (connect() refused, then connect() again on the same socket; a listener
 * shut down and listening again on another port): a lookup walking past
 * it would go on along the wrong chain and miss the rest of its own.  So
 * both tables the receive path searches are nulls lists (as Linux's, see
 * Documentation/RCU/rculist_nulls.rst): each chain ends in a marker naming
 * its bucket, and a lookup that ends on another bucket's marker starts
 * again.  Each hashed socket holds a reference for the table.  Writers take:
 *   - xtcp_bind_lock for the bind table (and port choice);
 *   - xtcp_listen_lock for the listener table;
 *   - one of the established table's bucket locks.
 * Bind conflicts follow Linux's rules for SO_REUSEADDR and SO_REUSEPORT
 * (net/ipv4/inet_connection_sock.c), written anew here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/ip.h>
#include <net/netns/hash.h>

#include "core/port.h"
#include "sock.h"
#include "tables.h"

#define XTCP_BHASH_BITS		10
#define XTCP_LHASH_BITS		8
#define XTCP_EHASH_LOCKS	256

static struct hlist_head xtcp_bhash[1 << XTCP_BHASH_BITS];
static DEFINE_SPINLOCK(xtcp_bind_lock);

static struct hlist_nulls_head xtcp_lhash[1 << XTCP_LHASH_BITS];
static DEFINE_SPINLOCK(xtcp_listen_lock);

static struct hlist_nulls_head *xtcp_ehash;
static u32 xtcp_ehash_mask __read_mostly;
static spinlock_t xtcp_ehash_locks[XTCP_EHASH_LOCKS];

static unsigned int ehash_entries = 4096;
module_param(ehash_entries, uint, 0444);
MODULE_PARM_DESC(ehash_entries, "buckets of the established table, rounded up to a power of two, 2 at least (Linux: the thash_entries boot parameter)");

static u32 xtcp_ehash_secret __read_mostly;
static siphash_key_t xtcp_port_secret __read_mostly;
/* RFC 6056 algorithm 3's "next_ephemeral" counter. */
static atomic_t xtcp_next_ephemeral;

static u32 xtcp_port_hash(const struct net *net, u16 port)
{
	return jhash_1word(port, net_hash_mix(net));
}

static struct hlist_head *xtcp_bhash_bucket(const struct net *net, u16 port)
{
	return &xtcp_bhash[hash_32(xtcp_port_hash(net, port), XTCP_BHASH_BITS)];
}

static u32 xtcp_lhash_slot(const struct net *net, u16 port)
{
	return hash_32(xtcp_port_hash(net, port), XTCP_LHASH_BITS);
}

/* Hash of a connection as seen from our side: local then remote. */
static u32 xtcp_ehashfn(const struct net *net, __be32 laddr, u16 lport,
			__be32 raddr, __be16 rport)
{
	return jhash_3words((__force u32)laddr, (__force u32)raddr,
			    ((u32)lport << 16) | (__force u32)rport,
			    xtcp_ehash_secret + net_hash_mix(net));
}

static u32 xtcp_sk_ehashfn(const struct sock *sk)
{
	return xtcp_ehashfn(sock_net(sk), sk->sk_rcv_saddr, sk->sk_num,
			    sk->sk_daddr, sk->sk_dport);
}

/* ---- bind table ---------------------------------------------------- */

static bool xtcp_addrs_overlap(const struct sock *a, const struct sock *b)
{
	return !a->sk_rcv_saddr || !b->sk_rcv_saddr ||
	       a->sk_rcv_saddr == b->sk_rcv_saddr;
}

static bool xtcp_devs_overlap(const struct sock *a, const struct sock *b)
{
	return !a->sk_bound_dev_if || !b->sk_bound_dev_if ||
	       a->sk_bound_dev_if == b->sk_bound_dev_if;
}

/*
 * May @sk take the port @sk2 already holds?  As in Linux:
 *  - different devices or non-overlapping addresses never conflict;
 *  - SO_REUSEADDR on both lets them share unless @sk2 listens (so several
 *    sockets may share a port but only one of them may listen);
 *  - SO_REUSEPORT on both lets them share when @sk2 is in TIME-WAIT or
 *    belongs to the same user (so several may listen).
 */
static bool xtcp_bind_conflict(const struct sock *sk, const struct sock *sk2)
{
	if (!xtcp_devs_overlap(sk, sk2) || !xtcp_addrs_overlap(sk, sk2))
		return false;
	if (sk->sk_reuse && sk2->sk_reuse && sk2->sk_state != XTCP_LISTEN)
		return false;
	if (sk->sk_reuseport && sk2->sk_reuseport &&
	    (sk2->sk_state == XTCP_TIME_WAIT ||
	     uid_eq(sock_i_uid((struct sock *)sk),
		    sock_i_uid((struct sock *)sk2))))
		return false;
	return true;
}

/* Is the port free for @sk at its address?  Caller holds xtcp_bind_lock. */
static bool xtcp_port_usable(const struct sock *sk, u16 port)
{
	struct net *net = sock_net(sk);
	struct sock *sk2;

	sk_for_each_bound(sk2, xtcp_bhash_bucket(net, port)) {
		if (sk2 == sk || sk2->sk_num != port ||
		    !net_eq(sock_net(sk2), net))
			continue;
		if (xtcp_bind_conflict(sk, sk2))
			return false;
	}
	return true;
}

static void __xtcp_bind(struct sock *sk, __be32 addr, u16 port)
{
	sk->sk_rcv_saddr = addr;
	sk->sk_num = port;
	sk_add_bind_node(sk, xtcp_bhash_bucket(sock_net(sk), port));
}

/**
 * xtcp_bind_port() - give a socket a local address and port
 * @sk: an unbound socket
 * @addr: the local address (INADDR_ANY for all)
 * @port: the port in host order; 0 picks a free one
 *
 * Return: 0, or -EADDRINUSE when the port is taken (or, for port 0, when
 * no port of the range is free), as bind() reports.
 */
int xtcp_bind_port(struct sock *sk, __be32 addr, u16 port)
{
	struct net *net = sock_net(sk);
	int low, high, count, offset, i;
	int err = 0;

	sk->sk_rcv_saddr = addr;
	spin_lock_bh(&xtcp_bind_lock);
	if (port) {
		if (xtcp_port_usable(sk, port))
			__xtcp_bind(sk, addr, port);
		else
			err = -EADDRINUSE;
		goto out;
	}

	inet_get_local_port_range(net, &low, &high);
	count = high - low + 1;
	offset = get_random_u32_below(count);
	err = -EADDRINUSE;
	for (i = 0; i < count; i++) {
		port = low + (offset + i) % count;
		if (inet_is_local_reserved_port(net, port))
			continue;
		if (!xtcp_port_usable(sk, port))
			continue;
		__xtcp_bind(sk, addr, port);
		err = 0;
		break;
	}
out:
	if (err)
		sk->sk_rcv_saddr = 0;
	spin_unlock_bh(&xtcp_bind_lock);
	return err;
}

/**
 * xtcp_bind_child() - a passively opened connection shares its listener's port
 * @child: the new connection, its local address set
 * @port: the port its SYN came to (its listener's), host order
 *
 * No conflict check: the 4-tuple is new, and the port is the listener's.
 */
void xtcp_bind_child(struct sock *child, u16 port)
{
	spin_lock_bh(&xtcp_bind_lock);
	__xtcp_bind(child, child->sk_rcv_saddr, port);
	spin_unlock_bh(&xtcp_bind_lock);
}

/*
 * Who holds @port in @net?  A port nobody holds is free; a port held only
 * by sockets whose port connect() chose (Linux marks their bind bucket with
 * fastreuse = -1) may be shared by another connect(), four-tuple
 * permitting; any other holder (bind(), listen(), a listener's children)
 * keeps it out of connect()'s search.  Caller holds xtcp_bind_lock.
 */
enum xtcp_port_holders {
	XTCP_PORT_FREE,
	XTCP_PORT_CONNECTS,
	XTCP_PORT_OTHERS,
};

static enum xtcp_port_holders xtcp_port_holders(const struct net *net,
						u16 port)
{
	enum xtcp_port_holders holders = XTCP_PORT_FREE;
	struct sock *sk2;

	sk_for_each_bound(sk2, xtcp_bhash_bucket(net, port)) {
		if (sk2->sk_num != port || !net_eq(sock_net(sk2), net))
			continue;
		if (!xtcp_sk(sk2)->connect_port)
			return XTCP_PORT_OTHERS;
		holders = XTCP_PORT_CONNECTS;
	}
	return holders;
}

/**
 * xtcp_bind_ephemeral() - choose the local port of an outgoing connection
 *	and make the connection findable by its four-tuple
 * @sk: the connecting socket, its local address already chosen, no port yet
 * @daddr: the remote address
 * @dport: the remote port
 *
 * RFC 6056 algorithm 3 ("simple hash-based"): the search starts at an
 * offset given by a keyed hash of (local address, remote address, remote
 * port) plus a global counter, so consecutive connections to one peer use
 * consecutive ports and different peers see unrelated ones.  The range is
 * the namespace's net.ipv4.ip_local_port_range, its reserved ports left
 * out; the candidates are each port of the range once (core/port.c).
 *
 * As Linux's __inet_hash_connect(): a port no socket holds is taken; a
 * port held only by other connect()-chosen ports is shared when the
 * four-tuple is new; ports bound by bind() or listened on are not shared.
 * The four-tuple check and the insertion into the established table happen
 * under the bind lock, so two connect() calls cannot both take one tuple.
 *
 * Return: 0 with @sk bound and in the established table, or -EADDRNOTAVAIL
 * when no port of the range gives a unique four-tuple (connect()'s errno
 * for that case).
 */
int xtcp_bind_ephemeral(struct sock *sk, __be32 daddr, __be16 dport)
{
	struct net *net = sock_net(sk);
	struct xtcp_port_search search;
	int low, high;
	u32 hash, i;
	u16 port;

	inet_get_local_port_range(net, &low, &high);
	hash = siphash_3u32((__force u32)sk->sk_rcv_saddr, (__force u32)daddr,
			    (__force u32)dport, &xtcp_port_secret);
	xtcp_port_search_init(&search, low, high, hash,
			      atomic_read(&xtcp_next_ephemeral));

	spin_lock_bh(&xtcp_bind_lock);
	for (i = 0; i < search.count; i++) {
		port = xtcp_port_search_nth(&search, i);
		if (inet_is_local_reserved_port(net, port) ||
		    xtcp_port_holders(net, port) == XTCP_PORT_OTHERS)
			continue;
		sk->sk_num = port;
		if (xtcp_ehash_insert(sk))
			continue;	/* that four-tuple is in use */
		xtcp_sk(sk)->connect_port = true;
		__xtcp_bind(sk, sk->sk_rcv_saddr, port);
		spin_unlock_bh(&xtcp_bind_lock);
		atomic_add(i + 1, &xtcp_next_ephemeral);
		return 0;
	}
	sk->sk_num = 0;
	spin_unlock_bh(&xtcp_bind_lock);
	return -EADDRNOTAVAIL;
}

/**
 * xtcp_bind_listen() - move a bound socket to LISTEN if its port allows
 * @sk: the socket, bound, locked by the caller
 *
 * SO_REUSEADDR lets sockets share a port while at most one of them listens;
 * only SO_REUSEPORT lets several listen.  The check and the state change
 * happen under the bind lock, so two sockets sharing a port cannot both
 * pass the check at once.
 *
 * Return: 0 or -EADDRINUSE.
 */
int xtcp_bind_listen(struct sock *sk)
{
	int err = 0;

	spin_lock_bh(&xtcp_bind_lock);
	if (xtcp_port_usable(sk, sk->sk_num))
		xtcp_set_state(sk, XTCP_LISTEN);
	else
		err = -EADDRINUSE;
	spin_unlock_bh(&xtcp_bind_lock);
	return err;
}

/**
 * xtcp_unbind() - give the socket's local port back
 * @sk: the socket; nothing happens when it holds no port
 */
void xtcp_unbind(struct sock *sk)
{
	spin_lock_bh(&xtcp_bind_lock);
	if (!hlist_unhashed(&sk->sk_bind_node)) {
		__sk_del_bind_node(sk);
		sk_node_init(&sk->sk_bind_node);
	}
	xtcp_sk(sk)->connect_port = false;
	spin_unlock_bh(&xtcp_bind_lock);
}

/* ---- listener table ------------------------------------------------ */

/**
 * xtcp_listen_hash() - make a listening socket findable by arriving SYNs
 * @sk: the socket, bound, in LISTEN
 */
void xtcp_listen_hash(struct sock *sk)
{
	sock_hold(sk);
	spin_lock_bh(&xtcp_listen_lock);
	hlist_nulls_add_head_rcu(&xtcp_sk(sk)->listen_node,
				 &xtcp_lhash[xtcp_lhash_slot(sock_net(sk),
							     sk->sk_num)]);
	spin_unlock_bh(&xtcp_listen_lock);
}

/**
 * xtcp_listen_unhash() - withdraw a listener from the listener table
 * @sk: the socket; nothing happens when it is not in the table
 */
void xtcp_listen_unhash(struct sock *sk)
{
	struct hlist_nulls_node *node = &xtcp_sk(sk)->listen_node;
	bool was_hashed;

	spin_lock_bh(&xtcp_listen_lock);
	was_hashed = !hlist_nulls_unhashed(node);
	if (was_hashed)
		hlist_nulls_del_init_rcu(node);
	spin_unlock_bh(&xtcp_listen_lock);
	if (was_hashed)
		__sock_put(sk);
}

/* How well a listener fits a segment: 0 not at all, more is better. */
static int xtcp_listener_score(const struct sock *sk, const struct net *net,
			       __be32 daddr, u16 dport, int dif)
{
	int score = 1;

	if (!net_eq(sock_net(sk), net) || sk->sk_num != dport ||
	    READ_ONCE(sk->sk_state) != XTCP_LISTEN)
		return 0;
	if (sk->sk_rcv_saddr) {
		if (sk->sk_rcv_saddr != daddr)
			return 0;
		score += 2;
	}
	if (sk->sk_bound_dev_if) {
		if (sk->sk_bound_dev_if != dif)
			return 0;
		score += 4;
	}
	return score;
}

/**
 * xtcp_lookup_listener() - find the listener for an arriving SYN
 * @net: the namespace it arrived in
 * @saddr: its source address
 * @sport: its source port
 * @daddr: its destination address
 * @dport: its destination port, host order
 * @dif: the interface it arrived on
 *
 * The most specific listener wins (bound address, then bound device).
 * Among equally specific SO_REUSEPORT listeners, a hash of the remote end
 * chooses, so one client's connections spread while each lands somewhere
 * stable.
 *
 * Return: the listener with a reference held, or NULL.
 */
struct sock *xtcp_lookup_listener(struct net *net, __be32 saddr, __be16 sport,
				  __be32 daddr, u16 dport, int dif)
{
	u32 slot = xtcp_lhash_slot(net, dport);
	struct hlist_nulls_node *node;
	struct sock *best;
	struct xtcp_sock *xs;
	int best_score, matches;
	u32 phash;

	rcu_read_lock();
begin:
	best = NULL;
	best_score = 0;
	matches = 0;
	phash = 0;
	hlist_nulls_for_each_entry_rcu(xs, node, &xtcp_lhash[slot], listen_node) {
		struct sock *sk = &xs->inet.sk;
		int score = xtcp_listener_score(sk, net, daddr, dport, dif);

		if (!score || score < best_score)
			continue;
		if (score > best_score) {
			best = sk;
			best_score = score;
			matches = 1;
			phash = xtcp_ehashfn(net, daddr, dport, saddr, sport);
			continue;
		}
		/* A tie: only SO_REUSEPORT groups share. */
		if (!sk->sk_reuseport || !best->sk_reuseport)
			continue;
		matches++;
		if (reciprocal_scale(phash, matches) == 0)
			best = sk;
		phash = phash * 31 + 17;
	}
	/* Ended in another chain: a listener moved under us. */
	if (get_nulls_value(node) != slot)
		goto begin;
	if (best && !refcount_inc_not_zero(&best->sk_refcnt))
		best = NULL;
	rcu_read_unlock();
	return best;
}

/* ---- established table --------------------------------------------- */

/*
 * A connection's bucket and the lock of that bucket.  Both come from the
 * hash's low bits, the lock's from fewer of them, so every socket of one
 * chain takes the same lock (as Linux's inet_ehash_lockp()).
 */
static u32 xtcp_ehash_slot(u32 hash)
{
	return hash & xtcp_ehash_mask;
}

static spinlock_t *xtcp_ehash_lock(u32 hash)
{
	return &xtcp_ehash_locks[xtcp_ehash_slot(hash) & (XTCP_EHASH_LOCKS - 1)];
}

static bool xtcp_ehash_match(const struct sock *sk, const struct net *net,
			     __be32 laddr, u16 lport, __be32 raddr,
			     __be16 rport)
{
	return sk->sk_num == lport && sk->sk_dport == rport &&
	       sk->sk_rcv_saddr == laddr && sk->sk_daddr == raddr &&
	       net_eq(sock_net(sk), net);
}

/**
 * xtcp_ehash_insert() - make a connection findable by its 4-tuple
 * @sk: the socket, with local and remote address and port set
 *
 * Return: 0, or -EADDRNOTAVAIL when another socket already has the
 * 4-tuple (connect()'s errno for that case).
 */
int xtcp_ehash_insert(struct sock *sk)
{
	u32 hash = xtcp_sk_ehashfn(sk);
	struct hlist_nulls_head *head = &xtcp_ehash[xtcp_ehash_slot(hash)];
	spinlock_t *lock = xtcp_ehash_lock(hash);
	struct hlist_nulls_node *node;
	struct sock *sk2;

	spin_lock_bh(lock);
	sk_nulls_for_each(sk2, node, head) {
		if (xtcp_ehash_match(sk2, sock_net(sk), sk->sk_rcv_saddr,
				     sk->sk_num, sk->sk_daddr, sk->sk_dport)) {
			spin_unlock_bh(lock);
			return -EADDRNOTAVAIL;
		}
	}
	sk->sk_hash = hash;
	sock_hold(sk);
	__sk_nulls_add_node_rcu(sk, head);
	spin_unlock_bh(lock);
	return 0;
}

/**
 * xtcp_ehash_remove() - withdraw a connection from the established table
 * @sk: the socket; nothing happens when it is not in the table
 */
void xtcp_ehash_remove(struct sock *sk)
{
	spinlock_t *lock = xtcp_ehash_lock(sk->sk_hash);
	bool was_hashed;

	spin_lock_bh(lock);
	was_hashed = __sk_nulls_del_node_init_rcu(sk);
	spin_unlock_bh(lock);
	if (was_hashed)
		__sock_put(sk);
}

/**
 * xtcp_lookup_established() - find the connection an arriving segment is for
 * @net: the namespace it arrived in
 * @saddr: its source address (the remote end)
 * @sport: its source port
 * @daddr: its destination address (our end)
 * @dport: its destination port, host order
 *
 * Return: the socket with a reference held, or NULL.
 */
struct sock *xtcp_lookup_established(struct net *net, __be32 saddr,
				     __be16 sport, __be32 daddr, u16 dport)
{
	u32 hash = xtcp_ehashfn(net, daddr, dport, saddr, sport);
	u32 slot = xtcp_ehash_slot(hash);
	struct hlist_nulls_node *node;
	struct sock *sk;

	rcu_read_lock();
begin:
	sk_nulls_for_each_rcu(sk, node, &xtcp_ehash[slot]) {
		if (!xtcp_ehash_match(sk, net, daddr, dport, saddr, sport))
			continue;
		if (!refcount_inc_not_zero(&sk->sk_refcnt))
			continue;
		/* Freed and rehashed meanwhile?  Check again with the reference. */
		if (unlikely(!xtcp_ehash_match(sk, net, daddr, dport, saddr,
					       sport))) {
			sock_put(sk);
			continue;
		}
		rcu_read_unlock();
		return sk;
	}
	/* Ended in another chain: a socket moved under us. */
	if (get_nulls_value(node) != slot)
		goto begin;
	rcu_read_unlock();
	return NULL;
}

/* ---- walking ------------------------------------------------------- */

#define XTCP_WALK_BATCH 32

/**
 * xtcp_for_each_sock() - call a function on every socket of a namespace
 *	that holds a local port
 * @net: the namespace
 * @fn: called in process context without any table lock, with a reference
 *	held on the socket; it may lock the socket
 * @arg: passed to @fn
 *
 * Sockets bound or unbound while the walk runs may or may not be visited.
 */
void xtcp_for_each_sock(struct net *net, void (*fn)(struct sock *sk, void *arg),
			void *arg)
{
	struct sock *batch[XTCP_WALK_BATCH];
	unsigned int b;

	for (b = 0; b < ARRAY_SIZE(xtcp_bhash); b++) {
		unsigned int n, i, skip = 0;
		struct sock *sk;

		do {
			n = 0;
			i = 0;
			spin_lock_bh(&xtcp_bind_lock);
			sk_for_each_bound(sk, &xtcp_bhash[b]) {
				if (!net_eq(sock_net(sk), net))
					continue;
				if (i++ < skip)
					continue;
				sock_hold(sk);
				batch[n++] = sk;
				if (n == XTCP_WALK_BATCH)
					break;
			}
			spin_unlock_bh(&xtcp_bind_lock);
			skip += n;
			for (i = 0; i < n; i++) {
				fn(batch[i], arg);
				sock_put(batch[i]);
			}
		} while (n == XTCP_WALK_BATCH);
	}
}

/**
 * xtcp_tables_init() - allocate the tables and their secrets
 *
 * Return: 0 or -ENOMEM.
 */
int xtcp_tables_init(void)
{
	unsigned int n = roundup_pow_of_two(clamp(ehash_entries, 2U, 1U << 24));
	unsigned int i;

	ehash_entries = n;	/* sysfs shows the size in use */
	xtcp_ehash_mask = n - 1;
	xtcp_ehash = kvcalloc(n, sizeof(*xtcp_ehash), GFP_KERNEL);
	if (!xtcp_ehash)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		INIT_HLIST_NULLS_HEAD(&xtcp_ehash[i], i);
	for (i = 0; i < ARRAY_SIZE(xtcp_lhash); i++)
		INIT_HLIST_NULLS_HEAD(&xtcp_lhash[i], i);
	for (i = 0; i < XTCP_EHASH_LOCKS; i++)
		spin_lock_init(&xtcp_ehash_locks[i]);
	xtcp_ehash_secret = get_random_u32();
	get_random_bytes(&xtcp_port_secret, sizeof(xtcp_port_secret));
	atomic_set(&xtcp_next_ephemeral, get_random_u32());
	return 0;
}

/**
 * xtcp_ehash_size() - buckets of the established table
 *
 * Return: the number in use, a power of two (valid after xtcp_tables_init()).
 */
unsigned int xtcp_ehash_size(void)
{
	return xtcp_ehash_mask + 1;
}

/**
 * xtcp_tables_exit() - free the tables; every socket is gone by now
 */
void xtcp_tables_exit(void)
{
	kvfree(xtcp_ehash);
}
