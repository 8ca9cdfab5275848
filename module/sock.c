// SPDX-License-Identifier: GPL-2.0
/*
 * Transport-level life of an xtcp socket: initialisation, close and
 * destruction, behind the struct proto that sk_alloc() and the socket layer
 * use.
 */
#include "pernet.h"
#include "sock.h"
#include "trace.h"

static void xtcp_sock_destruct(struct sock *sk)
{
	trace_xtcp_sock_destroy(sk);
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
	sk->sk_state = XTCP_CLOSE;
	atomic_inc(&xtcp_net(sock_net(sk))->sockets);
	sk->sk_destruct = xtcp_sock_destruct;
	trace_xtcp_sock_create(sk);
}

/*
 * close(): nothing is connected yet, so closing only detaches the socket
 * from its file and drops the reference socket() took.
 */
static void xtcp_close(struct sock *sk, long timeout)
{
	lock_sock(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	sock_orphan(sk);
	release_sock(sk);
	sock_put(sk);
}

struct proto xtcp_prot = {
	.name		= "XTCP",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct xtcp_sock),
	.close		= xtcp_close,
};
