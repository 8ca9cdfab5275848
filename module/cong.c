// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of congestion control algorithms: registration, the
 * default (module parameter congestion_control), and the choice of one
 * connection (TCP_CONGESTION).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "cong.h"
#include "core/loss.h"
#include "sock.h"

static DEFINE_SPINLOCK(xtcp_cong_lock);
static LIST_HEAD(xtcp_cong_list);

static char congestion_control[XTCP_CONG_NAME_MAX] = "newreno";
module_param_string(congestion_control, congestion_control,
		    sizeof(congestion_control), 0644);
MODULE_PARM_DESC(congestion_control, "congestion control of new connections (Linux: tcp_congestion_control)");

static struct xtcp_cong_ops *xtcp_cong_find(const char *name)
{
	struct xtcp_cong_ops *ops;

	list_for_each_entry_rcu(ops, &xtcp_cong_list, list,
				lockdep_is_held(&xtcp_cong_lock))
		if (!strncmp(ops->name, name, XTCP_CONG_NAME_MAX))
			return ops;
	return NULL;
}

/**
 * xtcp_cong_register() - make an algorithm available
 * @ops: the algorithm; @ops->name must be unique
 *
 * Return: 0, -EINVAL when a required operation is missing, -EEXIST when
 * the name is taken.
 */
int xtcp_cong_register(struct xtcp_cong_ops *ops)
{
	int err = 0;

	if (!ops->ssthresh || !ops->cong_avoid || !ops->name[0])
		return -EINVAL;
	spin_lock(&xtcp_cong_lock);
	if (xtcp_cong_find(ops->name))
		err = -EEXIST;
	else
		list_add_tail_rcu(&ops->list, &xtcp_cong_list);
	spin_unlock(&xtcp_cong_lock);
	if (!err)
		pr_debug("congestion control %s registered\n", ops->name);
	return err;
}
EXPORT_SYMBOL_GPL(xtcp_cong_register);

/**
 * xtcp_cong_unregister() - withdraw an algorithm
 * @ops: a registered algorithm; connections using it hold its module
 */
void xtcp_cong_unregister(struct xtcp_cong_ops *ops)
{
	spin_lock(&xtcp_cong_lock);
	list_del_rcu(&ops->list);
	spin_unlock(&xtcp_cong_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(xtcp_cong_unregister);

/*
 * An algorithm in another module is held by each connection using it; the
 * built-in ones live as long as xtcp, which every socket holds already.
 */
static bool xtcp_cong_get(const struct xtcp_cong_ops *ops)
{
	return ops->owner == THIS_MODULE || try_module_get(ops->owner);
}

/**
 * xtcp_cong_put() - a connection stops using its algorithm
 * @sk: the socket, being destroyed or switching algorithms
 */
void xtcp_cong_put(struct sock *sk)
{
	const struct xtcp_cong_ops *ops = xtcp_sk(sk)->cong;

	if (ops && ops->owner != THIS_MODULE)
		module_put(ops->owner);
}

/* Hand a connection to @ops, releasing the algorithm it had. */
static void xtcp_cong_assign(struct sock *sk, const struct xtcp_cong_ops *ops)
{
	struct xtcp_sock *xs = xtcp_sk(sk);

	xtcp_cong_put(sk);
	xs->cong = ops;
	memset(xs->cong_priv, 0, sizeof(xs->cong_priv));
	if (ops->init)
		ops->init(sk);
}

/**
 * xtcp_cong_init_sock() - give a new connection the default algorithm
 * @sk: the socket
 *
 * The default is congestion_control when registered, else NewReno.
 */
void xtcp_cong_init_sock(struct sock *sk)
{
	struct xtcp_cong_ops *ops;

	rcu_read_lock();
	ops = xtcp_cong_find(congestion_control);
	if (!ops || !xtcp_cong_get(ops))
		ops = &xtcp_newreno;
	rcu_read_unlock();
	xtcp_cong_assign(sk, ops);
}

/**
 * xtcp_cong_set() - TCP_CONGESTION: switch a connection's algorithm
 * @sk: the socket, locked
 * @name: the algorithm's name
 *
 * Return: 0, or -ENOENT when no algorithm has that name (as Linux, which
 * would also try to load a module of that name).
 */
int xtcp_cong_set(struct sock *sk, const char *name)
{
	struct xtcp_cong_ops *ops;

	rcu_read_lock();
	ops = xtcp_cong_find(name);
	if (ops && !xtcp_cong_get(ops))
		ops = NULL;
	rcu_read_unlock();
	if (!ops)
		return -ENOENT;
	xtcp_cong_assign(sk, ops);
	return 0;
}

/**
 * xtcp_flight_size() - bytes sent and neither acknowledged nor known lost
 * @sk: a connection
 *
 * Return: RFC 5681's FlightSize, less what is marked lost or SACKed: RFC
 * 6675's "pipe".
 */
u32 xtcp_flight_size(const struct sock *sk)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);

	return xtcp_pipe(xs->snd_nxt - xs->snd_una, xs->lost_bytes,
			 xs->sacked_bytes);
}

/**
 * xtcp_cong_init() - register the built-in algorithms (module load)
 *
 * Return: 0 or a negative errno.
 */
int xtcp_cong_init(void)
{
	int err;

	xtcp_newreno.owner = THIS_MODULE;
	xtcp_cubic_ops.owner = THIS_MODULE;
	err = xtcp_cong_register(&xtcp_newreno);
	if (err)
		return err;
	err = xtcp_cong_register(&xtcp_cubic_ops);
	if (err)
		xtcp_cong_unregister(&xtcp_newreno);
	return err;
}

/**
 * xtcp_cong_exit() - unregister the built-in algorithms (module unload)
 */
void xtcp_cong_exit(void)
{
	xtcp_cong_unregister(&xtcp_cubic_ops);
	xtcp_cong_unregister(&xtcp_newreno);
}
